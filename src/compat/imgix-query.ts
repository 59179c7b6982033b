import { invalidParameter } from '../errors/app-error.js';
import { hasDecimalPoint, singleValue, strictDecimal, strictInteger, type RawQuery } from '../params/query-values.js';
import { MAX_DIMENSION, MAX_DPR, MAX_FRAME } from '../params/vocabulary.js';
import { largestBox, otherSide, parseAspectRatio } from './aspect-ratio.js';
import { translateImgixCrop } from './imgix-crop.js';
import { translateImgixFit } from './imgix-fit.js';
import { translateImgixFormat } from './imgix-format.js';
import { imgixParamPolicy } from './imgix-param-policy.js';
import { paddedBox, translateImgixOperations } from './imgix-operations.js';
import { translateImgixMark } from './imgix-mark.js';
import { placeDraftMark } from './mark-width.js';
import {
  finishTranslation,
  startTranslation,
  type ConvertlyTranslation,
  type RenderDraft,
  type SourceSize,
  type SpecTranslation,
  type TranslateOptions,
  type TranslationLog,
} from './translation.js';

function reportUnhandled(query: RawQuery, log: TranslationLog): void {
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined) continue;
    const policy = imgixParamPolicy(name);
    if (policy.kind !== 'report') continue;
    log.unsupported.push({ param: name, value: typeof value === 'string' ? value : value.join(','), reason: policy.reason });
  }
}

/** imgix reads a value between 0 and 1 as a fraction of the source side; whole numbers are pixels. */
function readDimension(query: RawQuery, name: 'w' | 'h', source: SourceSize | undefined, log: TranslationLog): number | undefined {
  const raw = singleValue(query, name);
  if (raw === undefined) return undefined;
  const pixels = hasDecimalPoint(raw) ? undefined : strictInteger(raw);
  if (pixels !== undefined && pixels >= 1 && pixels <= MAX_DIMENSION) return pixels;
  const ratio = hasDecimalPoint(raw) ? strictDecimal(raw) : undefined;
  if (ratio === undefined || ratio <= 0 || ratio >= 1) {
    throw invalidParameter(name, `an integer between 1 and ${MAX_DIMENSION}, or a fraction of the source between 0 and 1`, raw);
  }
  if (source !== undefined) return Math.max(1, Math.round(ratio * (name === 'w' ? source.width : source.height)));
  log.needsSourceSize = true;
  const reason = 'A size relative to the source needs the source size; translate again with sourceSize.';
  log.unsupported.push({ param: name, value: raw, reason });
  return undefined;
}

function readDpr(query: RawQuery): number | undefined {
  const raw = singleValue(query, 'dpr');
  if (raw === undefined) return undefined;
  const value = strictDecimal(raw);
  if (value === undefined || value < 1 || value > MAX_DPR) throw invalidParameter('dpr', `a number between 1 and ${MAX_DPR}`, raw);
  return value;
}

/** `ar` only works with fit=crop and exactly one of w/h in imgix; the missing side is derived from it. */
function applyAspectRatio(
  query: RawQuery,
  draft: RenderDraft,
  context: { crops: boolean; source?: SourceSize | undefined; log: TranslationLog },
): void {
  const raw = singleValue(query, 'ar');
  if (raw === undefined) return;
  const ratio = parseAspectRatio(raw);
  if (ratio === undefined) throw invalidParameter('ar', 'an aspect ratio like 16:9', raw);
  const { log } = context;
  if (!context.crops) log.notes.push('ar ignored: imgix applies it only with fit=crop.');
  else if (draft.width !== undefined && draft.height !== undefined) log.notes.push('ar ignored: w and h are both given.');
  else if (draft.width !== undefined) draft.height = otherSide(draft.width, ratio, 'width');
  else if (draft.height !== undefined) draft.width = otherSide(draft.height, ratio, 'height');
  else if (context.source !== undefined) Object.assign(draft, largestBox(ratio, context.source));
  else {
    log.needsSourceSize = true;
    const reason = 'ar without w or h crops at the source size, which the translation needs; translate again with sourceSize.';
    log.unsupported.push({ param: 'ar', value: raw, reason });
  }
}

/** imgix `frame=N` (1-based, as Convertly's) picks one frame; its ranges (`M-N`, `M-`, `-N`) have no Convertly equivalent. */
function readFrame(query: RawQuery, log: TranslationLog): number | undefined {
  const raw = singleValue(query, 'frame');
  if (raw === undefined) return undefined;
  const frame = strictInteger(raw);
  if (frame !== undefined && frame >= 1 && frame <= MAX_FRAME) return frame;
  if (/^(\d+-\d*|-\d+)$/.test(raw)) {
    log.unsupported.push({ param: 'frame', value: raw, reason: 'Frame ranges are not supported; the whole animation is rendered.' });
    return undefined;
  }
  throw invalidParameter('frame', `a frame number from 1 to ${MAX_FRAME}`, raw);
}

function readDebug(query: RawQuery): boolean {
  const raw = singleValue(query, 'fp-debug');
  if (raw === undefined || raw === '0' || raw === 'false') return false;
  if (raw === '1' || raw === 'true') return true;
  throw invalidParameter('fp-debug', '1 or 0', raw);
}

/**
 * Translates imgix rendering parameters into Convertly CDN parameters and the spec they parse to.
 * @throws invalid_parameter naming the imgix parameter whose value is malformed or has no Convertly equivalent
 */
export function translateImgixToSpec(query: RawQuery, options: TranslateOptions = {}): SpecTranslation {
  const log = startTranslation(options);
  reportUnhandled(query, log);
  const draft: RenderDraft = {
    width: readDimension(query, 'w', options.sourceSize, log),
    height: readDimension(query, 'h', options.sourceSize, log),
    dpr: readDpr(query),
  };
  const { name: fitName, fit, upscale } = translateImgixFit(query, log);
  draft.fit = fit;
  const operations = translateImgixOperations(query, log, fitName === 'fill' || fitName === 'fillmax');
  draft.operations = upscale ? operations : { ...operations, upscale: false };
  applyAspectRatio(query, draft, { crops: fitName === 'crop', source: options.sourceSize, log });
  Object.assign(draft, translateImgixCrop(query, fitName === 'crop', log), translateImgixFormat(query, log));
  draft.debug = readDebug(query);
  const frame = readFrame(query, log);
  if (frame !== undefined) draft.frame = frame;
  paddedBox(draft, operations.pad);
  placeDraftMark(draft, translateImgixMark(query, log), options.sourceSize, log);
  const rect = singleValue(query, 'rect');
  if (rect !== undefined) {
    const reason = 'Cropping a source rectangle before resizing is not supported; the whole source is used.';
    log.unsupported.push({ param: 'rect', value: rect, reason });
  }
  return finishTranslation(draft, log);
}

/**
 * Translates imgix rendering parameters into Convertly CDN parameters, reporting what cannot be expressed.
 * @throws invalid_parameter naming the imgix parameter whose value is malformed or has no Convertly equivalent
 */
export function translateImgixQuery(query: RawQuery, options: TranslateOptions = {}): ConvertlyTranslation {
  return translateImgixToSpec(query, options).translation;
}
