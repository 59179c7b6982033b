import { invalidParameter } from '../errors/app-error.js';
import { singleValue, type RawQuery } from '../params/query-values.js';
import type { Fit } from '../params/vocabulary.js';
import type { TranslationLog } from './translation.js';

/** imgix `fit` values and the Convertly fit each becomes (`upscale=0` for those that never enlarge); `facearea` is rejected. */
export const IMGIX_FITS = {
  clip: { fit: 'inside' },
  crop: { fit: 'cover' },
  max: { fit: 'inside', upscale: false },
  min: { fit: 'cover', upscale: false },
  scale: { fit: 'fill' },
  fill: { fit: 'contain' },
  fillmax: { fit: 'contain', upscale: false },
} as const satisfies Record<string, { fit: Fit; upscale?: false }>;
export type ImgixFit = keyof typeof IMGIX_FITS;

const FILL_MODES = ['solid', 'blur', 'gen'] as const;

/** The imgix fit named by the query (default `clip`), as a Convertly fit. @throws invalid_parameter for unknown values and `facearea` */
export function translateImgixFit(query: RawQuery, log: TranslationLog): { name: ImgixFit; fit: Fit; upscale: boolean } {
  const raw = singleValue(query, 'fit') ?? 'clip';
  if (raw === 'facearea') {
    throw invalidParameter(
      'fit',
      `one of ${Object.keys(IMGIX_FITS).join(', ')} ` +
        '(facearea zooms onto the faces, which Convertly cannot express; fit=crop&crop=faces keeps them in a crop instead)',
      raw,
    );
  }
  if (!Object.hasOwn(IMGIX_FITS, raw)) throw invalidParameter('fit', `one of ${Object.keys(IMGIX_FITS).join(', ')}`, raw);
  const name = raw as ImgixFit;
  const entry: { fit: Fit; upscale?: false } = IMGIX_FITS[name];
  translateImgixFill(query, name, log);
  return { name, fit: entry.fit, upscale: entry.upscale ?? true };
}

/** `fill` and `fill-*` only matter with fit=fill/fillmax; Convertly pads with a plain background there. */
function translateImgixFill(query: RawQuery, fit: ImgixFit, log: TranslationLog): void {
  const names = Object.keys(query).filter((name) => name === 'fill' || name.startsWith('fill-'));
  if (names.length === 0) return;
  if (fit !== 'fill' && fit !== 'fillmax') {
    log.notes.push(`${names.join(', ')} ignored: imgix applies it only with fit=fill or fit=fillmax.`);
    return;
  }
  const mode = singleValue(query, 'fill');
  if (mode !== undefined && !(FILL_MODES as readonly string[]).includes(mode)) {
    throw invalidParameter('fill', `one of ${FILL_MODES.join(', ')}`, mode);
  }
  if (mode === 'blur' || mode === 'gen') {
    const reason = 'Blurred and generative padding are not supported; Convertly pads with a plain background.';
    log.unsupported.push({ param: 'fill', value: mode, reason });
  }
  // fill-color is read with the other canvas parameters (imgix-operations.ts); the generative settings are not.
  for (const name of names.filter((candidate) => candidate !== 'fill' && candidate !== 'fill-color')) {
    log.unsupported.push({
      param: name,
      value: singleValue(query, name) ?? '',
      reason: 'Generative fill settings are not supported; Convertly pads with a plain background.',
    });
  }
}
