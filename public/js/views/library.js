// The library: upload panel, name filter, a grid of CDN thumbnails, "Load more", delete.
import { listFiles } from '../api.js';
import { squareCropPosition, thumbnailPath } from '../cdn-url.js';
import { formatBytes, h, setPage, showError } from '../dom.js';
import { paintPlaceholder } from '../placeholder.js';
import { confirmAndDeleteFile } from './delete-file.js';
import { createUploadPanel } from './upload-queue.js';

const PAGE_SIZE = 48;

/** @param {{ main: HTMLElement, signal: AbortSignal }} context */
export async function renderLibrary({ main, signal }) {
  /** @type {object[]} */
  let items = [];
  let nextCursor = null;

  const search = h('input', { id: 'library-search', type: 'search', placeholder: 'Filter by name', autocomplete: 'off' });
  const count = h('p', { class: 'muted count', 'aria-live': 'polite' });
  const grid = h('ul', { class: 'file-grid', id: 'file-grid', 'aria-label': 'Images' });
  const empty = h('p', { class: 'empty', hidden: true });
  const loadMore = h('button', { type: 'button', class: 'secondary', hidden: true }, 'Load more');
  const upload = createUploadPanel({
    signal,
    onUploaded: (file) => {
      items = [file, ...items.filter((item) => item.id !== file.id)];
      draw();
    },
  });

  function matches(file) {
    const query = search.value.trim().toLowerCase();
    return query === '' || String(file.name).toLowerCase().includes(query);
  }

  function draw() {
    const shown = items.filter(matches);
    grid.replaceChildren(...shown.map(card));
    const query = search.value.trim();
    count.textContent = query
      ? `${shown.length} of ${items.length} loaded image${items.length === 1 ? '' : 's'} match “${query}”${nextCursor ? ' — load more to search further' : ''}`
      : `${items.length} image${items.length === 1 ? '' : 's'}${nextCursor ? ' loaded' : ''}`;
    empty.hidden = shown.length > 0;
    empty.textContent = items.length === 0 ? 'No images yet. Drop some above to get started.' : 'No loaded image matches that name.';
    loadMore.hidden = nextCursor === null;
  }

  function card(file) {
    // A small rendition of the whole image, charged once; the square crop at the focal point is CSS.
    const thumb = h('img', { alt: '', width: 300, height: 300, loading: 'lazy', decoding: 'async' });
    thumb.style.objectPosition = squareCropPosition(file, file.focal ?? file.analysis?.focal?.suggested ?? null);
    const box = h('span', { class: 'thumb', dataset: { state: 'loading' } }, thumb);
    paintPlaceholder(box, file.analysis);
    thumb.addEventListener('load', () => (box.dataset.state = 'ready'), { once: true });
    thumb.addEventListener('error', () => {
      box.dataset.state = 'failed';
      thumb.replaceWith(h('span', { class: 'thumb-missing' }, 'No preview'));
    }, { once: true });
    thumb.src = thumbnailPath(file);
    const faces = Array.isArray(file.analysis?.faces) ? file.analysis.faces.length : null;
    const badges = [
      file.focal ? h('span', { class: 'badge' }, 'focal set') : null,
      faces !== null ? h('span', { class: 'badge' }, faces === 1 ? '1 face' : `${faces} faces`) : null,
      file.analysis ? null : h('span', { class: 'badge subtle' }, 'not analyzed'),
    ];
    const remove = h('button', { type: 'button', class: 'link-button card-delete', 'aria-label': `Delete ${file.name}` }, 'Delete');
    remove.addEventListener('click', () => void removeFile(file));
    return h('li', { class: 'card', dataset: { id: file.id } },
      h('a', { href: `#/files/${encodeURIComponent(file.id)}`, class: 'card-link' },
        box,
        h('span', { class: 'card-name', title: file.name }, file.name),
      ),
      h('p', { class: 'card-meta' }, h('span', {}, `${file.width}×${file.height}`), h('span', {}, `${String(file.format).toUpperCase()} · ${formatBytes(file.bytes)}`)),
      h('div', { class: 'card-foot' }, h('span', { class: 'badges' }, badges), remove),
    );
  }

  async function removeFile(file) {
    if (!(await confirmAndDeleteFile(file))) return;
    items = items.filter((item) => item.id !== file.id);
    draw();
    search.focus();
  }

  async function loadPage() {
    loadMore.disabled = true;
    try {
      const page = await listFiles({ cursor: nextCursor ?? undefined, limit: PAGE_SIZE });
      if (signal.aborted) return;
      const known = new Set(items.map((item) => item.id));
      items = [...items, ...page.items.filter((item) => !known.has(item.id))];
      nextCursor = page.nextCursor;
      draw();
    } catch (error) {
      showError(error);
    } finally {
      loadMore.disabled = false;
    }
  }

  search.addEventListener('input', draw);
  loadMore.addEventListener('click', () => void loadPage());
  // Files dropped anywhere on the page go to the upload queue, not into the browser window.
  main.addEventListener('dragover', (event) => event.preventDefault(), { signal });
  main.addEventListener('drop', (event) => {
    event.preventDefault();
    if (event.dataTransfer?.files?.length) upload.addFiles(event.dataTransfer.files);
  }, { signal });

  setPage(main, 'Library',
    h('div', { class: 'page-head' }, h('h1', {}, 'Library')),
    upload.element,
    h('section', { class: 'library', 'aria-labelledby': 'library-heading' },
      h('div', { class: 'library-tools' },
        h('h2', { id: 'library-heading', class: 'visually-hidden' }, 'Images'),
        h('div', { class: 'field inline' }, h('label', { for: 'library-search' }, 'Search'), search),
        count,
      ),
      grid,
      empty,
      h('div', { class: 'load-more' }, loadMore),
    ),
  );
  await loadPage();
}
