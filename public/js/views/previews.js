// Side-by-side crop previews: one row per gravity (focal, face, smart, auto), one column per
// aspect (1:1, 4:5, 16:9, 9:16). Each is fetched (not just <img src>) so the row can say what
// actually decided the crop (X-Convertly-Focus), e.g. `face` falling back to `smart`.
import { fetchRendition } from '../api.js';
import { PREVIEW_ASPECTS, PREVIEW_GRAVITIES, previewBox, previewPath } from '../cdn-url.js';
import { h } from '../dom.js';

const DESCRIPTIONS = {
  focal: 'your focal point (centre when none is set)',
  face: 'the best face, else smart',
  smart: 'smartcrop: detail, saturation, skin',
  auto: 'fast saliency (libvips attention)',
};

/**
 * @param {{ store: ReturnType<typeof import('../store.js').createStore>, signal: AbortSignal }} options
 */
export function createPreviews({ store, signal }) {
  const rows = new Map();
  const table = h('div', { class: 'previews', id: 'previews' });
  for (const gravity of PREVIEW_GRAVITIES) {
    const cells = PREVIEW_ASPECTS.map((aspect) => createCell(gravity, aspect));
    rows.set(gravity, { cells, controller: null });
    table.append(h('section', { class: 'preview-row', dataset: { gravity }, 'aria-label': `gravity=${gravity}` },
      h('h3', { class: 'preview-title' }, h('code', {}, `gravity=${gravity}`), h('span', { class: 'muted' }, DESCRIPTIONS[gravity])),
      cellRow(cells),
    ));
  }

  function refresh(gravity) {
    const row = rows.get(gravity);
    row.controller?.abort();
    const controller = new AbortController();
    row.controller = controller;
    // Leaving the page aborts it; the next refresh aborting it drops this listener again.
    signal.addEventListener('abort', () => controller.abort(), { once: true, signal: controller.signal });
    const { file } = store.get();
    for (const cell of row.cells) void cell.load(file, controller.signal);
  }

  store.subscribe((state, previous) => {
    // Only the focal row depends on the stored point; the others are fixed for a file.
    if (state.file.version !== previous.file.version) refresh('focal');
  });
  for (const gravity of PREVIEW_GRAVITIES) refresh(gravity);
  return { element: table };
}

/**
 * One row of cells in columns as wide as their aspects at one height, so the four previews
 * always share a height and fit the row at any screen width.
 */
function cellRow(cells) {
  const row = h('div', { class: 'preview-cells' }, cells.map((cell) => cell.element));
  row.style.gridTemplateColumns = PREVIEW_ASPECTS.map((aspect) => `minmax(0, ${previewBox(aspect).width}fr)`).join(' ');
  return row;
}

function createCell(gravity, aspect) {
  const box = previewBox(aspect);
  const img = h('img', { class: 'preview-image', alt: `${aspect.label} crop by gravity=${gravity}`, width: box.width, height: box.height });
  const focus = h('span', { class: 'preview-focus' }, '…');
  const element = h('figure', { class: 'preview', dataset: { gravity, aspect: aspect.label, state: 'loading' } },
    h('div', { class: 'preview-box' }, img),
    h('figcaption', {}, h('strong', {}, aspect.label), ' ', focus),
  );
  let objectUrl = null;
  return {
    element,
    async load(file, signal) {
      const path = previewPath(file, gravity, aspect);
      element.dataset.state = 'loading';
      element.dataset.src = path;
      try {
        const result = await fetchRendition(path, signal);
        if (signal.aborted) return;
        const previousUrl = objectUrl;
        objectUrl = URL.createObjectURL(result.blob);
        img.src = objectUrl;
        if (previousUrl) setTimeout(() => URL.revokeObjectURL(previousUrl), 1000);
        element.dataset.state = 'ready';
        element.dataset.bytes = String(result.blob.size);
        element.dataset.focus = result.focus;
        element.dataset.window = result.window;
        focus.textContent = result.focus && result.focus !== gravity ? `→ ${result.focus}` : '';
        focus.title = result.window ? `window ${result.window} (x,y,width,height in source pixels)` : '';
      } catch (error) {
        if (error?.name === 'AbortError') return;
        element.dataset.state = 'failed';
        focus.textContent = error.message;
      }
    },
  };
}
