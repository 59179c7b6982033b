// The file page's picture: the whole image with an SVG overlay in source pixels (face boxes with
// scores, the suggested focal point and square crop, the art-director point) that scales with the
// displayed image, and the focal-point editor (click, drag, or arrow keys on the handle).
import { fullImagePath, formatCoordinate } from '../cdn-url.js';
import { h, s } from '../dom.js';
import { paintPlaceholder } from '../placeholder.js';

const KEY_STEP = 0.01;
const KEY_STEP_LARGE = 0.1;

const clamp01 = (value) => Math.min(1, Math.max(0, value));
const percent = (value) => `${Math.round(value * 100)}%`;

/**
 * @param {{ store: ReturnType<typeof import('../store.js').createStore>,
 *   onMove: (point: {x:number,y:number}, options: { final: boolean }) => void,
 *   onClear: () => void }} options
 */
export function createImageStage({ store, onMove, onClear }) {
  const { file, analysis } = store.get();
  const img = h('img', { class: 'stage-image', alt: file.name, draggable: false, width: file.width, height: file.height, decoding: 'async' });
  const overlay = s('svg', { class: 'overlay', preserveAspectRatio: 'none', 'aria-hidden': 'true', focusable: 'false' });
  const handle = h('button', { type: 'button', class: 'focal-handle', id: 'focal-handle' });
  const stageStatus = h('p', { class: 'stage-status', role: 'status' }, 'Loading the image…');
  const frame = h('div', { class: 'stage-frame', id: 'stage-frame', dataset: { state: 'loading' } }, img, overlay, handle, stageStatus);
  // The box is reserved from the stored size before a byte arrives, and painted with the analysis'
  // placeholder, so nothing moves when the picture comes in.
  frame.style.aspectRatio = `${file.width} / ${file.height}`;
  frame.style.width = `min(100%, calc(70vh * ${(file.width / file.height).toFixed(5)}))`;
  paintPlaceholder(frame, analysis);
  img.addEventListener('load', () => {
    frame.dataset.state = 'ready';
    stageStatus.textContent = '';
  }, { once: true });
  img.addEventListener('error', () => {
    frame.dataset.state = 'failed';
    stageStatus.textContent = 'The image could not be loaded. Reload the page to try again.';
  }, { once: true });
  img.src = fullImagePath(file);
  // Labels in the overlay are drawn in source pixels; keep them a readable size on screen at any width.
  const labelPixels = 13;
  const fitLabels = () => {
    const shown = frame.getBoundingClientRect().width;
    const viewWidth = Number(overlay.getAttribute('viewBox')?.split(' ')[2] ?? file.width);
    const size = (labelPixels * viewWidth) / Math.max(1, shown);
    for (const label of overlay.querySelectorAll('.overlay-label')) label.setAttribute('font-size', String(size));
  };
  new ResizeObserver(fitLabels).observe(frame);
  const toggles = createLayerToggles(frame);
  const readout = h('p', { class: 'focal-readout', 'aria-live': 'polite' });
  const element = h('figure', { class: 'stage' },
    frame,
    h('figcaption', {}, toggles, readout),
  );


  let dragging = false;

  function pointFromEvent(event) {
    const box = frame.getBoundingClientRect();
    return { x: clamp01((event.clientX - box.left) / box.width), y: clamp01((event.clientY - box.top) / box.height) };
  }

  frame.addEventListener('pointerdown', (event) => {
    if (event.button !== 0) return;
    event.preventDefault();
    dragging = true;
    frame.setPointerCapture(event.pointerId);
    frame.classList.add('dragging');
    handle.focus({ preventScroll: true });
    onMove(pointFromEvent(event), { final: false });
  });
  frame.addEventListener('pointermove', (event) => {
    if (dragging) onMove(pointFromEvent(event), { final: false });
  });
  const endDrag = (event) => {
    if (!dragging) return;
    dragging = false;
    frame.classList.remove('dragging');
    if (event.type === 'pointerup') onMove(pointFromEvent(event), { final: true });
  };
  frame.addEventListener('pointerup', endDrag);
  frame.addEventListener('pointercancel', endDrag);

  handle.addEventListener('keydown', (event) => {
    const step = event.shiftKey ? KEY_STEP_LARGE : KEY_STEP;
    const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
    const current = currentPoint() ?? { x: 0.5, y: 0.5 };
    if (event.key in moves) {
      event.preventDefault();
      const [dx, dy] = moves[event.key];
      onMove({ x: clamp01(current.x + dx), y: clamp01(current.y + dy) }, { final: false });
    } else if ((event.key === 'Enter' || event.key === ' ') && !currentPoint()) {
      event.preventDefault();
      onMove(current, { final: true });
    } else if (event.key === 'Delete' || event.key === 'Backspace') {
      event.preventDefault();
      onClear();
    }
  });
  // A click on the handle itself is part of a drag on the frame; keyboard activation is handled above.
  handle.addEventListener('click', (event) => event.preventDefault());

  function currentPoint() {
    const state = store.get();
    return state.draft ?? state.file.focal ?? null;
  }

  let drawnAnalysis;
  function draw() {
    const { file: current, analysis } = store.get();
    if (analysis !== drawnAnalysis) {
      // The overlay only changes with the analysis, not on every pointer move.
      drawnAnalysis = analysis;
      const width = analysis?.width ?? current.width;
      const height = analysis?.height ?? current.height;
      overlay.setAttribute('viewBox', `0 0 ${width} ${height}`);
      overlay.replaceChildren(...overlayLayers(analysis, width, height));
      paintPlaceholder(frame, analysis);
      fitLabels();
    }
    const point = currentPoint();
    handle.classList.toggle('unset', point === null);
    const shown = point ?? { x: 0.5, y: 0.5 };
    handle.style.left = `${shown.x * 100}%`;
    handle.style.top = `${shown.y * 100}%`;
    handle.dataset.x = point ? formatCoordinate(point.x) : '';
    handle.dataset.y = point ? formatCoordinate(point.y) : '';
    handle.setAttribute('aria-label', point
      ? `Focal point at ${percent(point.x)} across, ${percent(point.y)} down. Arrow keys move it (Shift for larger steps), Delete clears it.`
      : 'No focal point set. Press Enter to place one at the centre, or click the image.');
    readout.textContent = point
      ? `Focal point: x ${formatCoordinate(point.x)}, y ${formatCoordinate(point.y)} (fp=${formatCoordinate(point.x)},${formatCoordinate(point.y)})`
      : 'No focal point set: click or drag on the image, or focus the handle and use the arrow keys.';
  }

  store.subscribe(draw);
  draw();
  return { element, src: img.getAttribute('src') ?? '' };
}

/** The overlay's layers, in source pixels of the analysed image. */
function overlayLayers(analysis, width, height) {
  if (!analysis) return [];
  const unit = Math.max(width, height) / 100;
  const layers = [];
  const crop = analysis.focal?.crop;
  if (crop) {
    layers.push(s('g', { class: 'layer layer-crop' },
      s('rect', { class: 'suggested-crop', x: crop.x, y: crop.y, width: crop.width, height: crop.height }),
      s('text', { class: 'overlay-label', x: crop.x + unit, y: crop.y + crop.height - unit, 'font-size': unit * 2.6 }, 'suggested 1:1'),
    ));
  }
  const faces = Array.isArray(analysis.faces) ? analysis.faces : [];
  layers.push(s('g', { class: 'layer layer-faces' },
    ...faces.map((face, index) => s('g', { class: 'face' },
      s('rect', { class: 'face-box', x: face.x, y: face.y, width: face.width, height: face.height, 'data-score': face.score, 'data-index': index }),
      s('text', { class: 'overlay-label face-score', x: face.x, y: Math.max(unit * 2.6, face.y - unit * 0.6), 'font-size': unit * 2.6 },
        `${index + 1}: ${Number(face.score).toFixed(2)}`),
    )),
  ));
  const suggested = analysis.focal?.suggested;
  if (suggested) {
    const cx = suggested.x * width;
    const cy = suggested.y * height;
    layers.push(s('g', { class: 'layer layer-suggested' },
      s('circle', { class: 'suggested-point', cx, cy, r: unit * 2.2 }),
      s('circle', { class: 'suggested-dot', cx, cy, r: unit * 0.5 }),
    ));
  }
  return layers;
}

/** Checkboxes that show or hide each overlay layer (the picture is easier to judge without them). */
function createLayerToggles(frame) {
  const layers = [
    ['faces', 'Face boxes', 'legend-face'],
    ['suggested', 'Suggested point', 'legend-suggested'],
    ['crop', 'Suggested square crop', 'legend-crop'],
  ];
  return h('div', { class: 'legend' },
    layers.map(([name, label, swatch]) => {
      const id = `toggle-${name}`;
      const box = h('input', { type: 'checkbox', id, checked: true });
      box.addEventListener('change', () => frame.classList.toggle(`hide-${name}`, !box.checked));
      return h('span', { class: 'check' }, box, h('label', { for: id }, h('span', { class: ['legend-swatch', swatch], 'aria-hidden': 'true' }), label));
    }),
    h('span', { class: 'legend-item' }, h('span', { class: 'legend-swatch legend-focal', 'aria-hidden': 'true' }), 'Your focal point'),
  );
}
