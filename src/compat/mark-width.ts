import type { Mark } from '../params/mark.js';
import type { RenderDraft } from './convertly-query.js';
import type { SourceSize, TranslationLog } from './translation.js';

/** A mark whose width a dialect gave in pixels, still to be written as a fraction of the output width. */
export interface DraftMark {
  readonly mark: Mark;
  readonly widthPixels?: { readonly param: string; readonly value: number; readonly component?: string };
}

/** The output width a draft renders at, padding included, when the translation can know it. */
function outputWidth(draft: RenderDraft, source: SourceSize | undefined): number | undefined {
  const pad = draft.operations?.pad;
  const padding = pad === undefined ? 0 : pad.left + pad.right;
  if (draft.width !== undefined) return draft.width + padding;
  if (source === undefined) return undefined;
  if (draft.height === undefined) return source.width + padding;
  return Math.round((source.width * draft.height) / source.height) + padding;
}

/**
 * Puts a translated mark into the draft. A width in pixels becomes the fraction of the output width it is,
 * when the output width is known (a `w`, or the source size); else it is reported and the mark keeps its own size.
 */
export function placeDraftMark(draft: RenderDraft, found: DraftMark | undefined, source: SourceSize | undefined, log: TranslationLog): void {
  if (found === undefined) return;
  let { mark } = found;
  const pixels = found.widthPixels;
  if (pixels !== undefined) {
    const width = outputWidth(draft, source);
    if (width === undefined) {
      log.needsSourceSize = true;
      const reason = 'A mark width in pixels needs the output width (w, or the source size); translate again with sourceSize. The mark keeps its own size.';
      log.unsupported.push({ param: pixels.param, value: String(pixels.value), reason, ...(pixels.component === undefined ? {} : { component: pixels.component }) });
    } else {
      mark = { ...mark, width: Math.min(1, Math.round((pixels.value / width) * 10_000) / 10_000) };
    }
  }
  draft.operations = { ...draft.operations, mark };
}
