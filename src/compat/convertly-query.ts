import { canonicalParams } from '../params/canonical-key.js';
import { resolveFocus } from '../params/focus.js';
import { roundDpr, type TransformSpec } from '../params/transform-spec.js';
import { roundNormalised } from '../geometry/normalised-point.js';
import type { Fit, FormatRequest, Gravity } from '../params/vocabulary.js';
import type { NormalisedPoint } from '../geometry/normalised-point.js';
import { NO_OPERATIONS, withContainDefault, type Operations } from '../params/operations.js';

/** A Convertly render being assembled from a foreign dialect; every field optional, Convertly defaults apply. */
export interface RenderDraft {
  width?: number;
  height?: number;
  dpr?: number;
  fit?: Fit;
  gravity?: Gravity;
  fp?: NormalisedPoint;
  format?: FormatRequest;
  quality?: number;
  debug?: boolean;
  /** Orientation, filters and canvas, each as Convertly writes it (`rot`, `flip`, `blur`…). */
  operations?: Partial<Operations>;
  /** One frame of an animation, 1-based (imgix `frame=N`, Cloudinary `pg_N`). */
  frame?: number;
  /** A preset of the workspace (Cloudinary `t_NAME`), written last as `preset=NAME`; the URL's own parameters override it. */
  preset?: string;
}

/** The draft with Convertly's defaults filled in and dpr and fp at the precision the parser keeps; not yet validated. */
function draftSpec(draft: RenderDraft): TransformSpec {
  const fit = draft.fit ?? 'cover';
  const operations = withContainDefault({ ...NO_OPERATIONS, ...draft.operations }, fit, draft.width !== undefined && draft.height !== undefined);
  return {
    width: draft.width,
    height: draft.height,
    dpr: draft.dpr === undefined ? 1 : roundDpr(draft.dpr),
    fit,
    focus: resolveFocus(draft.gravity, draft.fp === undefined ? undefined : { x: roundNormalised(draft.fp.x), y: roundNormalised(draft.fp.y) }),
    format: draft.format ?? 'auto',
    quality: draft.quality,
    debug: draft.debug === true,
    operations,
    ...(draft.frame === undefined ? {} : { frame: draft.frame }),
  };
}

/**
 * Turns a draft into Convertly query parameters by the canonical key's rules ({@link canonicalParams}):
 * same order, and what cannot change the pixels left out. `f` is written only when the source named a format.
 */
export function buildConvertlyQuery(draft: RenderDraft): Record<string, string> {
  const params = canonicalParams(draftSpec(draft)).filter(([name]) => name !== 'f' || draft.format !== undefined);
  return { ...Object.fromEntries(params), ...(draft.preset === undefined ? {} : { preset: draft.preset }) };
}

/** `/cdn/{fileId}?{query}` with the query in the order given; commas and slashes stay readable (`fp=0.3,0.7`, `mark=brand/logo.png`). */
export function formatConvertlyPath(fileId: string, query: Readonly<Record<string, string>>): string {
  return `/cdn/${encodeURIComponent(fileId)}${formatSearch(query)}`;
}

function formatSearch(query: Readonly<Record<string, string>>): string {
  const encode = (text: string) => encodeURIComponent(text).replaceAll('%2C', ',').replaceAll('%2F', '/');
  const search = Object.entries(query)
    .map(([name, value]) => `${encode(name)}=${encode(value)}`)
    .join('&');
  return search === '' ? '' : `?${search}`;
}

/** `/src/{source}/{path…}?{query}`: an image addressed by its path in a source (each path segment encoded). */
export function formatSourcePath(source: string, path: string, query: Readonly<Record<string, string>>): string {
  return `/src/${encodeURIComponent(source)}/${path.split('/').map(encodeURIComponent).join('/')}${formatSearch(query)}`;
}
