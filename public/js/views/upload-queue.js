// The upload panel: a drop zone and a file picker feeding a queue that uploads two files at a
// time, each row with its own progress bar (XHR upload progress) and outcome.
import { uploadFile } from '../api.js';
import { formatBytes, h } from '../dom.js';

const ACCEPT = 'image/jpeg,image/png,image/webp,image/avif,image/gif,image/tiff';
const PARALLEL_UPLOADS = 2;

/**
 * @param {{ signal: AbortSignal, onUploaded: (file: object) => void }} options
 * @returns {{ element: HTMLElement, addFiles: (files: Iterable<File>) => void }}
 */
export function createUploadPanel({ signal, onUploaded }) {
  const input = h('input', { id: 'upload-input', type: 'file', accept: ACCEPT, multiple: true, class: 'visually-hidden', tabindex: '-1', 'aria-label': 'Images to upload' });
  const analyze = h('input', { id: 'upload-analyze', type: 'checkbox' });
  const list = h('ul', { class: 'upload-list', 'aria-label': 'Uploads' });
  const queue = [];
  let running = 0;

  const zone = h('div', { class: 'drop-zone', id: 'drop-zone' },
    h('p', { class: 'drop-title' }, 'Drop images here'),
    h('p', { class: 'muted' }, 'JPEG, PNG, WebP, AVIF, GIF or TIFF — several at once'),
    h('button', { type: 'button', class: 'primary', onclick: () => input.click() }, 'Choose files…'),
    input,
  );
  const element = h('section', { class: 'upload-panel', 'aria-labelledby': 'upload-heading' },
    h('h2', { id: 'upload-heading', class: 'visually-hidden' }, 'Upload'),
    zone,
    h('div', { class: 'check' }, analyze, h('label', { for: 'upload-analyze' }, 'Analyze on upload (faces, focal point, palette; one operation each)')),
    list,
  );

  input.addEventListener('change', () => {
    addFiles(input.files ?? []);
    input.value = '';
  });

  let depth = 0;
  zone.addEventListener('dragenter', (event) => {
    event.preventDefault();
    depth++;
    zone.classList.add('dragging');
  });
  zone.addEventListener('dragover', (event) => {
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
  });
  zone.addEventListener('dragleave', () => {
    depth = Math.max(0, depth - 1);
    if (depth === 0) zone.classList.remove('dragging');
  });
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    // The page also accepts drops; this one is handled here, once.
    event.stopPropagation();
    depth = 0;
    zone.classList.remove('dragging');
    addFiles(event.dataTransfer?.files ?? []);
  });

  function addFiles(files) {
    for (const file of files) {
      const progress = h('progress', { max: 1, value: 0, 'aria-label': `Upload progress of ${file.name}` });
      const status = h('span', { class: 'upload-status' }, 'Waiting…');
      const row = h('li', { class: 'upload-item', dataset: { state: 'waiting' } },
        h('span', { class: 'upload-name', title: file.name }, file.name),
        h('span', { class: 'muted' }, formatBytes(file.size)),
        progress,
        status,
      );
      list.prepend(row);
      queue.push({ file, row, progress, status });
    }
    pump();
  }

  function pump() {
    while (running < PARALLEL_UPLOADS && queue.length > 0 && !signal.aborted) {
      const job = queue.shift();
      running++;
      void upload(job).finally(() => {
        running--;
        pump();
      });
    }
  }

  async function upload({ file, row, progress, status }) {
    row.dataset.state = 'uploading';
    status.textContent = 'Uploading…';
    try {
      const record = await uploadFile(file, {
        analyze: analyze.checked,
        signal,
        onProgress: (fraction) => {
          progress.value = fraction;
          status.textContent = fraction < 1 ? `${Math.round(fraction * 100)} %` : analyze.checked ? 'Analyzing…' : 'Processing…';
        },
      });
      row.dataset.state = 'done';
      progress.value = 1;
      status.textContent = 'Uploaded';
      onUploaded(record);
      setTimeout(() => row.remove(), 6000);
    } catch (error) {
      if (error?.name === 'AbortError') return;
      row.dataset.state = 'failed';
      // A failed upload has no progress to show: the bar goes, the reason stays.
      progress.remove();
      status.textContent = error.message;
      status.setAttribute('role', 'alert');
      row.append(h('button', { type: 'button', class: 'icon-button', 'aria-label': `Dismiss ${file.name}`, onclick: () => row.remove() }, '×'));
    }
  }

  return { element, addFiles };
}
