// Crop previews: one row per gravity (focal, face, faces, smart, auto), one column per aspect
// (1:1, 4:5, 16:9, 9:16). The windows come from the free crops plan (GET /api/files/{id}/crops), the
// very windows the real URLs cut (their X-Convertly-Window), and each is shown as a CSS crop of the
// page's one rendition: browsing previews and moving the focal point render and charge nothing.
import { getCrops } from '../api.js';
import { PREVIEW_ASPECTS, PREVIEW_GRAVITIES, previewColumns } from '../cdn-url.js';
import { h } from '../dom.js';
import { createCropView } from './crop-view.js';

const DESCRIPTIONS = {
  focal: 'your focal point (centre when none is set)',
  face: 'the best face, else smart',
  faces: 'every face it can keep, else smart',
  smart: 'smartcrop: detail, saturation, skin',
  auto: 'fast saliency (libvips attention)',
};
const REPLAN_DELAY_MS = 120;

/**
 * @param {{ store: ReturnType<typeof import('../store.js').createStore>, signal: AbortSignal, src: string,
 *   onUseFaces: () => void }} options
 */
export function createPreviews({ store, signal, src, onUseFaces }) {
  const { file, analysis } = store.get();
  const cells = new Map();
  // Always there, the same size, so the plan's answer moves nothing; it only changes colour when a crop cuts a face.
  const useFacesButton = h('button', { type: 'button', class: 'secondary small', id: 'use-faces' }, 'Keep every face: use gravity=faces');
  useFacesButton.addEventListener('click', onUseFaces);
  const hint = h('div', { class: 'notice hint-faces quiet', id: 'faces-hint' },
    h('p', {}, 'Crops that slice through a detected face are marked “cuts a face”. For group photos, ', h('code', {}, 'gravity=faces'), ' keeps every face that fits.'),
    useFacesButton,
  );
  const table = h('div', { class: 'previews', id: 'previews' });
  for (const gravity of PREVIEW_GRAVITIES) {
    const row = PREVIEW_ASPECTS.map((aspect) => {
      const cell = createCell(gravity, aspect, { src, file, analysis });
      cells.set(`${gravity} ${aspect.label}`, cell);
      return cell;
    });
    const grid = h('div', { class: 'preview-cells' }, row.map((cell) => cell.element));
    grid.style.gridTemplateColumns = previewColumns().map((fr) => `minmax(0, ${fr.toFixed(4)}fr)`).join(' ');
    table.append(h('section', { class: 'preview-row', dataset: { gravity }, 'aria-label': `gravity=${gravity}` },
      h('h3', { class: 'preview-title' }, h('code', {}, `gravity=${gravity}`), h('span', { class: 'muted' }, DESCRIPTIONS[gravity])),
      grid,
    ));
  }

  let controller = null;
  let timer = 0;
  async function plan() {
    controller?.abort();
    controller = new AbortController();
    const mine = controller;
    signal.addEventListener('abort', () => mine.abort(), { once: true, signal: mine.signal });
    // The version planned for: a cell shows it, so a reader can tell a fresh plan from one still on its way.
    const version = store.get().file.version;
    try {
      const body = await getCrops(store.get().file.id, mine.signal);
      if (mine.signal.aborted) return;
      const cutting = [];
      for (const planned of body.cells ?? []) {
        const cell = cells.get(`${planned.gravity} ${planned.aspect}`);
        if (!cell) continue;
        cell.show(planned, version);
        if (planned.gravity !== 'faces' && planned.cutFaces?.length > 0) cutting.push(`${planned.gravity} ${planned.aspect}`);
      }
      showHint(cutting);
    } catch (error) {
      if (error?.name === 'AbortError') return;
      for (const cell of cells.values()) cell.fail(error.message);
    }
  }

  function showHint(cutting) {
    hint.classList.toggle('quiet', cutting.length === 0);
    hint.dataset.cutting = String(cutting.length);
  }

  store.subscribe((state, previous) => {
    // Only the focal row follows the stored point, but one plan call refreshes all of it for free.
    if (state.file.version !== previous.file.version || state.analysis !== previous.analysis) {
      clearTimeout(timer);
      timer = setTimeout(() => void plan(), REPLAN_DELAY_MS);
    }
  });
  signal.addEventListener('abort', () => clearTimeout(timer));
  void plan();
  return { element: h('div', {}, hint, table) };
}

function createCell(gravity, aspect, { src, file, analysis }) {
  const view = createCropView({ src, alt: `${aspect.label} crop by gravity=${gravity}`, source: file, analysis, aspect });
  const note = h('span', { class: 'preview-focus' });
  const cut = h('span', { class: 'cut-mark', hidden: true }, 'cuts a face');
  const element = h('figure', { class: 'preview', dataset: { gravity, aspect: aspect.label, state: 'loading' } },
    view.element,
    h('figcaption', {}, h('strong', {}, aspect.label), ' ', note, ' ', cut),
  );
  return {
    element,
    show(planned, version) {
      view.show(planned.window);
      element.dataset.state = 'ready';
      element.dataset.version = String(version);
      element.dataset.window = planned.windowHeader;
      element.dataset.focus = planned.focus;
      element.dataset.url = planned.url;
      note.textContent = planned.focus && planned.focus !== gravity ? `→ ${planned.focus}` : '';
      note.title = `window ${planned.windowHeader} (x,y,width,height in source pixels)`;
      cut.hidden = !(planned.cutFaces?.length > 0);
      element.dataset.cuts = String(planned.cutFaces?.length ?? 0);
    },
    fail(message) {
      element.dataset.state = 'failed';
      view.fail(message);
    },
  };
}
