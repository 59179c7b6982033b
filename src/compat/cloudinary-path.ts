import { looksLikeActionList, parseCloudinaryComponent } from './cloudinary-grammar.js';

/** The parts of a delivery path after `/image/upload/`. */
export interface CloudinaryPath {
  /** The transformation components, `/`-joined, version and signature included (the translator skips them). */
  readonly transformations: string;
  /** The public id without its extension, folders included, percent-decoding applied. */
  readonly publicId: string;
  /** The delivery extension (`jpg`), which Cloudinary reads as the output format when no `f_` is given. */
  readonly extension: string | undefined;
}

function decode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/**
 * Splits `{transformations}/{version}/{publicId}.{ext}`: transformations are the leading components that read as
 * Cloudinary actions (or as a broken list of them, which the translator then rejects), a version ends them, and the
 * last segment always belongs to the public id.
 * Returns null when there is no public id or it is not valid percent-encoding.
 */
export function splitCloudinaryPath(afterType: string): CloudinaryPath | null {
  const segments = afterType.split('/').filter((segment) => segment !== '');
  let start = 0;
  while (start < segments.length - 1) {
    const segment = segments[start] ?? '';
    const component = parseCloudinaryComponent(segment);
    // A broken action list stays a transformation, so the translator names it instead of it becoming a folder.
    if (component === undefined && !looksLikeActionList(segment)) break;
    start += 1;
    if (component?.kind === 'version') break;
  }
  const decoded = segments.slice(start).map(decode);
  if (decoded.length === 0 || decoded.some((segment) => segment === undefined)) return null;
  const id = decoded.join('/');
  const last = decoded[decoded.length - 1] ?? '';
  const dot = last.lastIndexOf('.');
  const extension = dot > 0 ? last.slice(dot + 1).toLowerCase() : undefined;
  const publicId = extension === undefined ? id : id.slice(0, id.length - (last.length - dot));
  if (publicId === '') return null;
  return { transformations: segments.slice(0, start).join('/'), publicId, extension };
}
