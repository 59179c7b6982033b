// The analysis' ThumbHash placeholder as an image, painted behind a picture that is still loading.
import { thumbHashToDataURL } from './vendor/thumbhash.js';

const cache = new Map();

/** The placeholder of an analysis as a PNG data URL, or null when there is none (or it is unreadable). */
export function placeholderUrl(analysis) {
  const text = analysis?.placeholder;
  if (typeof text !== 'string' || text === '') return null;
  let url = cache.get(text);
  if (url === undefined) {
    try {
      const binary = atob(text);
      const bytes = new Uint8Array(binary.length);
      for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
      url = thumbHashToDataURL(bytes);
    } catch {
      url = null;
    }
    cache.set(text, url);
  }
  return url;
}

/** Paints the placeholder as the element's background (through the CSSOM: the CSP refuses style attributes). */
export function paintPlaceholder(element, analysis) {
  const url = placeholderUrl(analysis);
  element.classList.toggle('has-placeholder', url !== null);
  element.style.backgroundImage = url === null ? '' : `url("${url}")`;
}
