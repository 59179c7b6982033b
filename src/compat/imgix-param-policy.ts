import { IMGIX_MARK_PARAMS } from './imgix-mark.js';
import { IMGIX_OPERATION_PARAMS } from './imgix-operations.js';

/** The imgix parameters the translator reads itself (size, crop, format, quality, debug). */
export const IMGIX_HANDLED_PARAMS = [
  'w', 'h', 'ar', 'fit', 'crop', 'fp-x', 'fp-y', 'fp-z', 'fp-debug', 'fm', 'q', 'auto', 'dpr', 'rect', 'fill', 'frame',
  ...IMGIX_OPERATION_PARAMS,
  ...IMGIX_MARK_PARAMS,
] as const;

/** Parameters that do not change the picture Convertly serves, so dropping them needs no word. */
export const IMGIX_QUIET_PARAMS = [
  'ixlib', // the client library's version stamp
  'ixid', // a tracking id
  's', // imgix's signature; Convertly URLs are signed with their own `s=`
  'cs', // colour space: Convertly always outputs sRGB
  'ch', // client hints opt-in; Convertly does not negotiate sizes
] as const;

interface ReportGroup {
  readonly reason: string;
  readonly exact: readonly string[];
  readonly prefixes: readonly string[];
}

const REPORT_GROUPS: readonly ReportGroup[] = [
  { reason: 'Text overlays are not supported; the text is not drawn.', exact: [], prefixes: ['txt', '~text'] },
  { reason: 'This watermark setting (its height, fit, tiling or base) is not supported; the mark is drawn without it.', exact: [], prefixes: ['mark'] },
  {
    reason: 'Blending an overlay is not supported; the overlay is not drawn.',
    exact: ['ba', 'bc', 'bf', 'bh', 'bm', 'bp', 'bs', 'bw', 'bx', 'by'],
    prefixes: ['blend'],
  },
  {
    reason: 'Colour and tone adjustments are not supported; the image keeps its colours.',
    exact: ['bri', 'con', 'exp', 'gam', 'high', 'hue', 'invert', 'sat', 'shad', 'usm', 'usmrad', 'vib'],
    prefixes: [],
  },
  {
    reason: 'Stylize effects are not supported; the effect is not applied.',
    exact: ['htn', 'mono', 'px', 'sepia', 'nr', 'nrs'],
    prefixes: ['duotone'],
  },
  {
    reason:
      'This changes the geometry (orientation tags, trim by colour, size limits, face zoom, borders, masks) in a way Convertly cannot express; ' +
      'the image is rendered without it.',
    exact: ['orient', 'or', 'max-w', 'max-h', 'min-w', 'min-h', 'faceindex', 'facepad', 'corner-radius', 'mask', 'trim-color', 'trim-md', 'trim-sd'],
    prefixes: ['border', 'mask-'],
  },
  {
    reason: 'Encoder settings other than format and quality are not supported; Convertly uses its own.',
    exact: ['lossless', 'chromasub', 'colorquant', 'dpi'],
    prefixes: [],
  },
  {
    reason: 'Palette and face JSON outputs are not rendering parameters here; use POST /api/images/analyze.',
    exact: ['palette', 'prefix', 'colors', 'faces'],
    prefixes: [],
  },
  { reason: 'Download file names (Content-Disposition) are not supported.', exact: ['dl'], prefixes: [] },
  { reason: 'URL expiry is not enforced; sign Convertly URLs (s=) or use delivery keys instead.', exact: ['expires'], prefixes: [] },
  {
    reason: 'Animation timing controls are not supported; the animation keeps its own frames, delays and loop.',
    exact: ['loop', 'reverse', 'fps', 'skip', 'interval'],
    prefixes: [],
  },
];

const UNKNOWN_REASON = 'Not an imgix rendering parameter Convertly recognises; it is not applied.';

/** What the translator does with an imgix parameter: read it, drop it quietly, or report it as unsupported. */
export type ImgixParamPolicy =
  | { readonly kind: 'handled' }
  | { readonly kind: 'quiet' }
  | { readonly kind: 'report'; readonly reason: string };

/** Classifies an imgix query parameter by name. */
export function imgixParamPolicy(name: string): ImgixParamPolicy {
  if ((IMGIX_HANDLED_PARAMS as readonly string[]).includes(name) || name.startsWith('fill-')) return { kind: 'handled' };
  if ((IMGIX_QUIET_PARAMS as readonly string[]).includes(name)) return { kind: 'quiet' };
  const group = REPORT_GROUPS.find(
    (candidate) => candidate.exact.includes(name) || candidate.prefixes.some((prefix) => name.startsWith(prefix)),
  );
  return { kind: 'report', reason: group?.reason ?? UNKNOWN_REASON };
}
