// A crop shown by CSS alone: a box of the crop's aspect, with the page's one rendition of the whole
// image sized and shifted inside it so that exactly the planned window shows. Many crops of one image
// then cost one download and one charged render, and a new window is only a new transform.
import { cropLayout } from '../cdn-url.js';
import { h } from '../dom.js';
import { paintPlaceholder } from '../placeholder.js';

/**
 * @param {{ src: string, alt: string, source: {width:number,height:number}, analysis: object|null,
 *   aspect: {w:number,h:number} }} options
 */
export function createCropView({ src, alt, source, analysis, aspect }) {
  const img = h('img', { class: 'crop-image', alt, decoding: 'async', draggable: false });
  const canvas = h('div', { class: 'crop-canvas', hidden: true }, img);
  const status = h('span', { class: 'crop-status' }, 'Loading…');
  const element = h('div', { class: 'crop-view', dataset: { state: 'loading' } }, canvas, status);
  element.style.aspectRatio = `${aspect.w} / ${aspect.h}`;
  paintPlaceholder(canvas, analysis);
  let loaded = false;
  let planned = false;
  let failed = false;

  function settle() {
    if (failed) return;
    element.dataset.state = loaded && planned ? 'ready' : 'loading';
    status.textContent = loaded && planned ? '' : 'Loading…';
  }
  function fail(message) {
    failed = true;
    element.dataset.state = 'failed';
    status.textContent = message;
  }
  img.addEventListener('load', () => {
    loaded = true;
    settle();
  });
  img.addEventListener('error', () => fail('The image could not be loaded'));
  img.src = src;

  return {
    element,
    /** Shows `window` (source pixels) of the image in the box. */
    show(window) {
      const layout = cropLayout(source, window);
      canvas.style.width = `${layout.width}%`;
      canvas.style.height = `${layout.height}%`;
      canvas.style.left = `${layout.left}%`;
      canvas.style.top = `${layout.top}%`;
      canvas.hidden = false;
      element.dataset.window = `${window.x},${window.y},${window.width},${window.height}`;
      planned = true;
      settle();
    },
    fail,
  };
}
