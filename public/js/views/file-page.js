// The file page: the picture with what the analysis found, the focal-point editor, crop previews
// per gravity, the palette, and the URL builder.
import { analyzeFile, getFile } from '../api.js';
import { formatCoordinate } from '../cdn-url.js';
import { formatBytes, formatDate, h, setPage, showError, toast } from '../dom.js';
import { confirmAndDeleteFile } from './delete-file.js';
import { createStore } from '../store.js';
import { createFocalSaver } from './focal-saver.js';
import { createImageStage } from './image-stage.js';
import { renderPalette } from './palette.js';
import { createPreviews } from './previews.js';
import { createUrlBuilder } from './url-builder.js';

const SOURCE_LABELS = { face: 'the best face', 'smart-crop': 'smartcrop (no face found)', center: 'the centre (nothing stood out)' };

/** @param {{ main: HTMLElement, signal: AbortSignal }} context @param {string} id */
export async function renderFilePage({ main, signal }, id) {
  setPage(main, 'Image', h('p', { class: 'loading' }, 'Loading…'));
  let file;
  try {
    file = await getFile(id, signal);
  } catch (error) {
    if (error?.name === 'AbortError') return;
    setPage(main, 'Not found',
      h('p', { class: 'notice error', role: 'alert' }, error.message),
      h('p', {}, h('a', { href: '#/library' }, 'Back to the library')),
    );
    return;
  }
  const store = createStore({ file, analysis: file.analysis ?? null, draft: null, analyzing: false });
  const saver = createFocalSaver({ store, signal });
  const stage = createImageStage({ store, onMove: saver.move, onClear: saver.clear });
  // The one rendition the page pays for: the stage shows it, and every preview is a CSS crop of it.
  const src = stage.src;
  const builder = createUrlBuilder({ store, signal, src });
  const builderPanel = h('section', { class: 'panel', id: 'builder-panel', 'aria-labelledby': 'builder-heading' },
    h('h2', { id: 'builder-heading' }, 'URL builder'),
    builder.element,
  );
  const useFaces = () => {
    builder.useFaces();
    builderPanel.scrollIntoView({ behavior: 'smooth', block: 'start' });
  };
  const previews = createPreviews({ store, signal, src, onUseFaces: useFaces });

  const analyzeButton = h('button', { type: 'button', class: 'primary', id: 'analyze-button' });
  analyzeButton.addEventListener('click', () => void runAnalysis());
  const deleteButton = h('button', { type: 'button', class: 'danger secondary' }, 'Delete');
  deleteButton.addEventListener('click', () => void removeFile());
  const useSuggested = h('button', { type: 'button', class: 'secondary', id: 'use-suggested' }, 'Use suggested point');
  useSuggested.addEventListener('click', () => {
    const suggested = store.get().analysis?.focal?.suggested;
    if (suggested) saver.move({ x: suggested.x, y: suggested.y }, { final: true });
  });
  const clearButton = h('button', { type: 'button', class: 'secondary', id: 'clear-focal' }, 'Clear focal point');
  clearButton.addEventListener('click', () => saver.clear());
  const summary = h('div', { class: 'analysis-summary', id: 'analysis-summary' });
  const palette = h('div', { id: 'palette-box' });
  const meta = h('p', { class: 'muted file-meta' });

  async function runAnalysis() {
    store.set({ analyzing: true });
    try {
      const analysis = await analyzeFile(store.get().file.id);
      if (signal.aborted) return;
      store.set({ analysis, file: { ...store.get().file, analysis } });
      const faces = analysis.faces?.length ?? 0;
      toast(`Analyzed: ${faces === 1 ? '1 face' : `${faces} faces`}, focal point from ${analysis.focal?.suggested?.source ?? 'nowhere'}`);
    } catch (error) {
      showError(error);
    } finally {
      store.set({ analyzing: false });
    }
  }

  async function removeFile() {
    if (await confirmAndDeleteFile(store.get().file)) location.hash = '#/library';
  }

  function draw() {
    const { file: current, analysis, analyzing, draft } = store.get();
    analyzeButton.disabled = analyzing;
    analyzeButton.textContent = analyzing ? 'Analyzing…' : analysis ? 'Re-analyze' : 'Analyze';
    useSuggested.disabled = !analysis?.focal?.suggested;
    clearButton.disabled = !(draft ?? current.focal);
    meta.textContent = `${current.width}×${current.height} · ${String(current.format).toUpperCase()} · ${formatBytes(current.bytes)} · uploaded ${formatDate(current.createdAt)} · version ${current.version}`;
    summary.replaceChildren(...analysisSummary(analysis, useFaces).filter(Boolean));
    palette.replaceChildren(renderPalette(analysis?.palette ?? null));
  }
  store.subscribe((state, previous) => {
    if (state.analysis !== previous.analysis || state.analyzing !== previous.analyzing || state.file !== previous.file || Boolean(state.draft) !== Boolean(previous.draft)) draw();
  });
  draw();

  setPage(main, file.name,
    h('nav', { class: 'breadcrumb', 'aria-label': 'Breadcrumb' }, h('a', { href: '#/library' }, 'Library'), h('span', { 'aria-hidden': 'true' }, ' / ')),
    h('div', { class: 'page-head' },
      h('div', { class: 'title-block' }, h('h1', { class: 'file-title' }, file.name), meta),
      h('div', { class: 'actions' },
        analyzeButton,
        h('a', { class: 'button secondary', href: `/api/files/${encodeURIComponent(file.id)}/original`, download: file.name }, 'Original'),
        deleteButton,
      ),
    ),
    h('div', { class: 'file-layout' },
      h('section', { class: 'panel stage-panel', 'aria-labelledby': 'stage-heading' },
        h('h2', { id: 'stage-heading' }, 'Focal point'),
        h('p', { class: 'muted' }, 'Click or drag on the image to set the art-director point; every crop keeps it in view. The handle also moves with the arrow keys.'),
        stage.element,
        h('div', { class: 'actions' }, useSuggested, clearButton),
      ),
      h('aside', { class: 'side' },
        h('section', { class: 'panel', 'aria-labelledby': 'analysis-heading' }, h('h2', { id: 'analysis-heading' }, 'Analysis'), summary),
        h('section', { class: 'panel', 'aria-labelledby': 'palette-heading' }, h('h2', { id: 'palette-heading' }, 'Palette'), palette),
      ),
    ),
    h('section', { class: 'panel', 'aria-labelledby': 'previews-heading' },
      h('h2', { id: 'previews-heading' }, 'Crops by gravity'),
      h('p', { class: 'muted' }, 'The same image at four aspects, one row per gravity: exactly the windows those URLs cut, shown from the picture above, so looking costs nothing. The focal row follows your point as you move it; “→” names a fallback.'),
      previews.element,
    ),
    builderPanel,
  );
}

/** True when `crop` slices through a face: more than a sliver of it inside and more than a sliver outside. */
function cutsFace(crop, faces) {
  return faces.some((face) => {
    const w = Math.max(0, Math.min(crop.x + crop.width, face.x + face.width) - Math.max(crop.x, face.x));
    const h = Math.max(0, Math.min(crop.y + crop.height, face.y + face.height) - Math.max(crop.y, face.y));
    const share = (w * h) / Math.max(1, face.width * face.height);
    return share > 0.1 && share < 0.9;
  });
}

function analysisSummary(analysis, useFaces) {
  if (!analysis) {
    return [h('p', { class: 'muted' }, 'Not analyzed yet. Analyze to find faces, a suggested focal point and the palette (one operation).')];
  }
  const suggested = analysis.focal?.suggested;
  const faces = Array.isArray(analysis.faces) ? analysis.faces : [];
  return [
    h('dl', { class: 'facts' },
      h('dt', {}, 'Suggested point'),
      h('dd', {}, suggested ? `x ${formatCoordinate(suggested.x)}, y ${formatCoordinate(suggested.y)}` : '—'),
      h('dt', {}, 'From'),
      h('dd', {}, suggested ? SOURCE_LABELS[suggested.source] ?? suggested.source : '—'),
      h('dt', {}, 'Confidence'),
      h('dd', {}, suggested ? `${Math.round(suggested.confidence * 100)} %${suggested.confidence < 0.3 ? ' (no strong subject)' : ''}` : '—'),
      h('dt', {}, 'Faces'),
      h('dd', { id: 'face-count' }, String(faces.length)),
    ),
    analysis.focal?.crop && cutsFace(analysis.focal.crop, faces)
      ? h('div', { class: 'notice hint-faces', id: 'suggested-cuts-face' },
        h('p', {}, 'The suggested square crop cuts a face in half. ', h('code', {}, 'gravity=faces'), ' keeps every face that fits.'),
        h('button', { type: 'button', class: 'secondary small', onclick: useFaces }, 'Use gravity=faces'))
      : null,
    faces.length > 0
      ? h('ol', { class: 'face-list' }, faces.map((face) => h('li', {}, `score ${Number(face.score).toFixed(2)} — ${Math.round(face.width)}×${Math.round(face.height)} at ${Math.round(face.x)},${Math.round(face.y)}`)))
      : null,
  ];
}
