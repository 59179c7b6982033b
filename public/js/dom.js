// Small DOM helpers shared by the views: element building, messages, confirmation, copying.
// Text always goes in as text nodes (never innerHTML), so names and API messages cannot inject markup.

const SVG_NS = 'http://www.w3.org/2000/svg';

function applyAttributes(element, attributes) {
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') element.setAttribute('class', Array.isArray(value) ? value.filter(Boolean).join(' ') : value);
    else if (name === 'dataset') Object.assign(element.dataset, value);
    else if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (name in element && typeof value !== 'string' && name !== 'list') element[name] = value;
    else element.setAttribute(name, value === true ? '' : String(value));
  }
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/**
 * Creates an HTML element: `h('button', { class: 'primary', onclick }, 'Save')`.
 * @param {string} tag
 * @param {Record<string, unknown>} [attributes]
 * @param {...unknown} children
 * @returns {HTMLElement}
 */
export function h(tag, attributes, ...children) {
  const element = document.createElement(tag);
  applyAttributes(element, attributes);
  append(element, children);
  return element;
}

/** Creates an SVG element; attributes are always set as attributes. */
export function s(tag, attributes = {}, ...children) {
  const element = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null) continue;
    if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, String(value));
  }
  append(element, children);
  return element;
}

/** Shows a short message in the live region; errors stay until dismissed. */
export function toast(message, kind = 'info') {
  const region = document.getElementById('toasts');
  if (!region) return;
  const item = h('div', { class: ['toast', kind], role: kind === 'error' ? 'alert' : undefined },
    h('span', {}, message),
    h('button', { type: 'button', class: 'icon-button', 'aria-label': 'Dismiss', onclick: () => item.remove() }, '×'),
  );
  region.append(item);
  if (kind !== 'error') setTimeout(() => item.remove(), 4000);
}

/** Says `message` to screen readers only (a visually hidden live region). */
export function announce(message) {
  const region = document.getElementById('announcer');
  if (!region) return;
  region.textContent = '';
  setTimeout(() => (region.textContent = message), 50);
}

/** Removes the passing (non-error) messages, e.g. when the page changes. */
export function clearToasts() {
  for (const item of document.querySelectorAll('#toasts .toast:not(.error)')) item.remove();
}

/** Shows an error (an ApiError's message, or any Error's) as a toast. */
export function showError(error) {
  if (error?.name === 'AbortError') return;
  toast(error?.message ?? String(error), 'error');
}

/** An inline error paragraph to put next to a form; empty until `set(message)`. */
export function inlineError() {
  const element = h('p', { class: 'form-error', role: 'alert', hidden: true });
  return {
    element,
    set(message) {
      element.textContent = message ?? '';
      element.hidden = !message;
    },
  };
}

/**
 * Asks for confirmation in a modal `<dialog>`; resolves true when confirmed. The dialog traps
 * focus and Escape cancels, as the platform does for modal dialogs.
 */
export function confirmDialog({ title, message, confirmLabel = 'Confirm', danger = true }) {
  return new Promise((resolve) => {
    const confirm = h('button', { type: 'submit', class: danger ? 'danger' : 'primary', value: 'confirm' }, confirmLabel);
    const dialog = h('dialog', { class: 'confirm-dialog', 'aria-labelledby': 'confirm-title' },
      h('form', { method: 'dialog' },
        h('h2', { id: 'confirm-title' }, title),
        h('p', {}, message),
        h('div', { class: 'actions' },
          h('button', { type: 'submit', value: 'cancel', class: 'secondary' }, 'Cancel'),
          confirm,
        ),
      ),
    );
    dialog.addEventListener('close', () => {
      resolve(dialog.returnValue === 'confirm');
      dialog.remove();
    });
    document.body.append(dialog);
    dialog.showModal();
    confirm.focus();
  });
}

/** Copies text to the clipboard, falling back to a selected textarea where the API is refused. */
export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = h('textarea', { class: 'visually-hidden', readonly: true });
    area.value = text;
    document.body.append(area);
    area.select();
    const copied = document.execCommand('copy');
    area.remove();
    return copied;
  }
}

/** A "Copy" button for the text `get()` returns, saying "Copied" for a moment. */
export function copyButton(get, label = 'Copy') {
  const button = h('button', { type: 'button', class: 'secondary copy-button' }, label);
  button.addEventListener('click', async () => {
    const ok = await copyText(get());
    button.textContent = ok ? 'Copied' : 'Copy failed';
    setTimeout(() => (button.textContent = label), 1500);
    // The button itself says "Copied" (a toast would cover the next button); screen readers hear it.
    if (ok) announce('Copied to the clipboard');
    else toast('Could not copy; select the text and copy it by hand', 'error');
  });
  return button;
}

/**
 * Shows a secret that exists only in this answer (a token, a signing secret, a new password) in `panel`:
 * a heading, why to copy it now, the value in a monospace wrapping field with a Copy button, and Done,
 * which empties the panel and moves focus to `focusAfter`. The value is selected for copying by hand.
 */
export function revealOnce(panel, { title, message, value, id, label, focusAfter, heading = 'h2' }) {
  const box = h('textarea', { readonly: true, rows: value.length > 40 ? 2 : 1, class: 'mono copy-field', id, 'aria-label': label, spellcheck: 'false' });
  box.value = value;
  const done = h('button', { type: 'button', class: 'secondary' }, 'Done');
  done.addEventListener('click', () => {
    panel.hidden = true;
    panel.replaceChildren();
    focusAfter?.focus();
  });
  panel.replaceChildren(
    h(heading, {}, title),
    h('p', {}, message),
    h('div', { class: 'copy-row' }, box, copyButton(() => box.value)),
    h('div', { class: 'actions' }, done),
  );
  panel.hidden = false;
  box.focus();
  box.select();
}

const BYTE_UNITS = ['B', 'KB', 'MB', 'GB'];

export function formatBytes(bytes) {
  let value = Number(bytes);
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  // A no-break space keeps "141 KB" on one line.
  return `${unit === 0 ? value : value.toFixed(value < 10 ? 1 : 0)}\u00a0${BYTE_UNITS[unit]}`;
}

export function formatDate(iso) {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? String(iso) : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export function formatNumber(value) {
  return Number(value).toLocaleString();
}

/** Sets the page heading and title together, and moves focus to the main region for screen readers. */
export function setPage(main, title, ...content) {
  document.title = `${title} · Convertly`;
  main.replaceChildren(...content.flat(Infinity).filter((node) => node !== null && node !== undefined && node !== false));
}
