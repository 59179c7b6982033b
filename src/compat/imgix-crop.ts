import { invalidParameter } from '../errors/app-error.js';
import { singleValue, strictDecimal, type RawQuery } from '../params/query-values.js';
import type { NormalisedPoint } from '../geometry/normalised-point.js';
import type { Gravity } from '../params/vocabulary.js';
import type { Compass } from '../geometry/compass-window.js';
import type { TranslationLog } from './translation.js';

/** imgix `crop` values; a comma list is a fallback list, first entry first. */
export const IMGIX_CROP_WORDS = ['top', 'bottom', 'left', 'right', 'faces', 'focalpoint', 'edges', 'entropy'] as const;
type CropWord = (typeof IMGIX_CROP_WORDS)[number];

const DETECTOR_GRAVITY = { faces: 'faces', edges: 'smart', entropy: 'entropy' } as const satisfies Partial<Record<CropWord, Gravity>>;

const COMPASS_BY_EDGES = {
  'top,': 'north', 'bottom,': 'south', ',left': 'west', ',right': 'east',
  'top,left': 'northwest', 'top,right': 'northeast', 'bottom,left': 'southwest', 'bottom,right': 'southeast',
} as const satisfies Record<string, Compass>;

/** What Convertly does when its chosen strategy finds nothing (SPEC §1), to compare with imgix's list. */
const CONVERTLY_FALLBACK: Partial<Record<Gravity | 'fp', string>> = {
  faces: 'no face → smart → auto',
  smart: 'nothing found → auto',
  focal: 'no stored point → center',
};

/** The Convertly gravity or focal point for imgix `crop`, `fp-x`, `fp-y`, `fp-z`. */
export interface ImgixCrop {
  readonly gravity?: Gravity;
  readonly fp?: NormalisedPoint;
}

function readCoordinate(query: RawQuery, name: 'fp-x' | 'fp-y'): number | undefined {
  const raw = singleValue(query, name);
  if (raw === undefined) return undefined;
  const value = strictDecimal(raw);
  if (value === undefined || value > 1) throw invalidParameter(name, 'a number between 0 and 1', raw);
  return value;
}

function readZoom(query: RawQuery): number | undefined {
  const raw = singleValue(query, 'fp-z');
  if (raw === undefined) return undefined;
  const value = strictDecimal(raw);
  if (value === undefined || value < 1 || value > 100) throw invalidParameter('fp-z', 'a number between 1 and 100', raw);
  return value;
}

function readWords(query: RawQuery): CropWord[] {
  const raw = singleValue(query, 'crop');
  if (raw === undefined) return [];
  const words = raw.split(',').map((word) => word.trim());
  for (const word of words) {
    if (!(IMGIX_CROP_WORDS as readonly string[]).includes(word)) {
      throw invalidParameter('crop', `a comma list of ${IMGIX_CROP_WORDS.join(', ')}`, raw);
    }
  }
  return words as CropWord[];
}

/** imgix combines one vertical and one horizontal edge (`top,left`); the run ends at the first other word. */
function compassRun(words: readonly CropWord[]): { gravity: Compass; used: number } | undefined {
  let vertical = '';
  let horizontal = '';
  let used = 0;
  for (const word of words) {
    if ((word === 'top' || word === 'bottom') && vertical === '') vertical = word;
    else if ((word === 'left' || word === 'right') && horizontal === '') horizontal = word;
    else break;
    used += 1;
  }
  if (used === 0) return undefined;
  return { gravity: COMPASS_BY_EDGES[`${vertical},${horizontal}` as keyof typeof COMPASS_BY_EDGES], used };
}

/**
 * Translates imgix's crop fallback list: the first entry decides, since every entry has a Convertly gravity.
 * `applies` is false unless fit=crop, the only fit where imgix reads `crop` and the focal point.
 * @throws invalid_parameter naming `crop`, `fp-x`, `fp-y` or `fp-z`
 */
export function translateImgixCrop(query: RawQuery, applies: boolean, log: TranslationLog): ImgixCrop {
  const words = readWords(query);
  const x = readCoordinate(query, 'fp-x');
  const y = readCoordinate(query, 'fp-y');
  const zoom = readZoom(query);
  const focalParams = ['fp-x', 'fp-y', 'fp-z'].filter((name) => query[name] !== undefined);
  const ignored = [...(words.length > 0 ? ['crop'] : []), ...focalParams];
  if (!applies) {
    if (ignored.length > 0) log.notes.push(`${ignored.join(', ')} ignored: imgix applies them only with fit=crop.`);
    return {};
  }
  const run = compassRun(words);
  const used = run?.used ?? Math.min(1, words.length);
  const first = words[0];
  let crop: ImgixCrop = {};
  if (run !== undefined) crop = { gravity: run.gravity };
  else if (first === 'focalpoint') crop = focalCrop(x, y, zoom, log);
  else if (first !== undefined && first in DETECTOR_GRAVITY) crop = { gravity: DETECTOR_GRAVITY[first as keyof typeof DETECTOR_GRAVITY] };
  if (first !== 'focalpoint' && focalParams.length > 0) {
    log.notes.push(`${focalParams.join(', ')} ignored: imgix applies them only when crop starts with focalpoint.`);
  }
  const rest = words.slice(used);
  if (rest.length > 0) {
    const chosen = crop.fp !== undefined ? 'fp' : crop.gravity;
    const own = chosen === undefined ? undefined : CONVERTLY_FALLBACK[chosen];
    const fallback = own === undefined ? ' (none needed)' : ` (${own})`;
    log.notes.push(`imgix would fall back to crop=${rest.join(',')}; Convertly uses its own fallback${fallback}.`);
  }
  return crop;
}

function focalCrop(x: number | undefined, y: number | undefined, zoom: number | undefined, log: TranslationLog): ImgixCrop {
  if (zoom !== undefined && zoom !== 1) {
    log.unsupported.push({
      param: 'fp-z',
      value: String(zoom),
      reason: 'Zooming in on the focal point is not supported; Convertly crops the largest window around it.',
    });
  }
  if (x === undefined && y === undefined) {
    log.notes.push(
      "crop=focalpoint without fp-x/fp-y: imgix centres the crop; Convertly uses the file's stored focal point, else the centre.",
    );
    return { gravity: 'focal' };
  }
  // imgix puts a missing coordinate at the centre.
  return { fp: { x: x ?? 0.5, y: y ?? 0.5 } };
}
