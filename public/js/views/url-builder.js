// The URL builder: size, crop (a gravity or a focal point), format and quality → a CDN URL, with
// a delivery key or plain, a live preview of what it renders, and a ready <img srcset> snippet.
import { fetchRendition, listKeys, signPath } from '../api.js';
import { FITS, FORMATS, GRAVITIES, builderParams, cdnPath, formatFocalPoint, imgSnippet } from '../cdn-url.js';
import { rememberToken, rememberedToken } from '../delivery-tokens.js';
import { copyButton, formatBytes, h } from '../dom.js';

const PREVIEW_DEBOUNCE_MS = 350;

function field(id, label, control, hint) {
  control.id = id;
  return h('div', { class: 'field' }, h('label', { for: id }, label), control, hint ? h('small', { class: 'muted' }, hint) : null);
}

function select(options, value) {
  const element = h('select', {});
  for (const option of options) element.append(h('option', { value: option.value ?? option }, option.label ?? option));
  element.value = value;
  return element;
}

/**
 * @param {{ store: ReturnType<typeof import('../store.js').createStore>, signal: AbortSignal }} options
 */
export function createUrlBuilder({ store, signal }) {
  const width = h('input', { type: 'number', min: 1, max: 8192, value: '800', inputmode: 'numeric' });
  const height = h('input', { type: 'number', min: 1, max: 8192, value: '450', inputmode: 'numeric' });
  const dpr = select(['1', '1.5', '2', '3'].map((v) => ({ value: v, label: `${v}×` })), '1');
  const fit = select(FITS, 'cover');
  const crop = h('select', {});
  const format = select(FORMATS, 'auto');
  const quality = h('input', { type: 'number', min: 1, max: 100, placeholder: 'default', inputmode: 'numeric' });
  const access = h('select', {});
  const tokenInput = h('input', { type: 'text', placeholder: 'cvdk_…', autocomplete: 'off', spellcheck: 'false' });
  const tokenField = field('builder-token', 'Delivery key token', tokenInput, 'Shown once when the key was created; this browser remembers it.');
  tokenField.hidden = true;
  const url = h('input', { type: 'text', readonly: true, class: 'mono', id: 'builder-url', 'aria-label': 'CDN URL' });
  const open = h('a', { class: 'button secondary', target: '_blank', rel: 'noopener' }, 'Open');
  const status = h('p', { class: 'muted builder-status', 'aria-live': 'polite' });
  const previewImage = h('img', { class: 'builder-preview', alt: 'What the URL renders' });
  const snippetMode = h('div', { class: 'radio-row', role: 'radiogroup', 'aria-label': 'srcset kind' },
    radio('snippet-mode', 'density', '1x / 2x (dpr)', true),
    radio('snippet-mode', 'widths', 'Widths 320–1280 with sizes', false),
  );
  const snippet = h('textarea', { readonly: true, rows: 6, class: 'mono', id: 'builder-snippet', 'aria-label': 'Image tag snippet' });
  /** @type {{ id: string, displayId: string, name: string, token: string | null }[]} */
  let deliveryKeys = [];
  // Signing and delivery keys need the accounts API; in open mode only plain URLs are offered.
  let signingAvailable = false;

  function fillCrop() {
    const { file, analysis } = store.get();
    const previous = crop.value;
    crop.replaceChildren(
      h('optgroup', { label: 'Gravity' }, GRAVITIES.map((g) => h('option', { value: `gravity:${g}` }, g))),
      h('optgroup', { label: 'Focal point (fp=)' },
        file.focal ? h('option', { value: 'fp:focal' }, `your point ${formatFocalPoint(file.focal)}`) : null,
        analysis?.focal?.suggested ? h('option', { value: 'fp:suggested' }, `suggested ${formatFocalPoint(analysis.focal.suggested)}`) : null,
      ),
    );
    crop.value = [...crop.options].some((o) => o.value === previous) ? previous : file.focal ? 'fp:focal' : 'gravity:auto';
  }

  function fillAccess() {
    const previous = access.value || 'plain';
    access.replaceChildren(
      h('option', { value: 'plain' }, 'Plain URL (works for signed-in sessions and API keys)'),
      ...(signingAvailable ? [h('option', { value: 'signed' }, 'Signed URL (s=, the workspace signing secret)')] : []),
      ...deliveryKeys.map((key) => h('option', { value: key.id }, `Delivery key ${key.name ? `“${key.name}” ` : ''}(${key.displayId})`)),
    );
    access.value = [...access.options].some((o) => o.value === previous) ? previous : 'plain';
  }

  function selectedToken() {
    const key = deliveryKeys.find((candidate) => candidate.id === access.value);
    if (!key) return { key: null, token: '' };
    return { key, token: key.token ?? rememberedToken(key.displayId) ?? '' };
  }

  function currentParams() {
    const { file, analysis } = store.get();
    const [kind, value] = crop.value.split(':');
    const point = kind === 'fp' ? (value === 'focal' ? file.focal : analysis?.focal?.suggested) : null;
    const { key, token } = selectedToken();
    tokenField.hidden = key === null || Boolean(key.token ?? rememberedToken(key.displayId));
    return builderParams({
      w: width.value, h: height.value, dpr: dpr.value, fit: fit.value,
      gravity: kind === 'gravity' ? value : undefined, fp: point ?? null,
      f: format.value === 'auto' ? 'auto' : format.value, q: quality.value,
      key: key ? token || tokenInput.value.trim() : undefined,
    });
  }

  let timer = 0;
  let controller = null;
  let generation = 0;
  async function update() {
    const { file } = store.get();
    const params = currentParams();
    const mode = snippetMode.querySelector('input:checked')?.value ?? 'density';
    const current = ++generation;
    const plain = (p) => `${location.origin}${cdnPath(file.id, p)}`;
    let urlFor = plain;
    if (access.value === 'signed') {
      // Every candidate of the snippet needs its own signature: collect them, sign them, then fill in.
      const wanted = new Set([cdnPath(file.id, params)]);
      imgSnippet({ params, mode, urlFor: (p) => (wanted.add(cdnPath(file.id, p)), '') });
      status.textContent = 'Signing…';
      let signed;
      try {
        signed = new Map(await Promise.all([...wanted].map(async (path) => [path, await signPath(path)])));
      } catch (error) {
        if (current !== generation) return;
        status.textContent = `Could not sign: ${error.message}`;
        status.dataset.status = String(error.status ?? 0);
        return;
      }
      if (current !== generation) return;
      urlFor = (p) => `${location.origin}${signed.get(cdnPath(file.id, p)) ?? cdnPath(file.id, p)}`;
    }
    url.value = urlFor(params);
    open.href = url.value;
    snippet.value = imgSnippet({ params, mode, urlFor, alt: file.name });
    clearTimeout(timer);
    timer = setTimeout(() => void preview(url.value), PREVIEW_DEBOUNCE_MS);
  }

  async function preview(path) {
    controller?.abort();
    controller = new AbortController();
    const started = performance.now();
    status.textContent = 'Rendering…';
    try {
      const result = await fetchRendition(path, controller.signal, { anonymous: access.value !== 'plain' });
      const previousUrl = previewImage.src;
      previewImage.src = URL.createObjectURL(result.blob);
      if (previousUrl.startsWith('blob:')) URL.revokeObjectURL(previousUrl);
      status.textContent = `${result.status} · ${result.contentType} · ${formatBytes(result.blob.size)} · focus ${result.focus || '—'} · ${result.cache || '—'} · ${Math.round(performance.now() - started)} ms`;
      status.dataset.status = String(result.status);
    } catch (error) {
      if (error?.name === 'AbortError') return;
      status.textContent = `This URL fails: ${error.message}`;
      status.dataset.status = String(error.status ?? 0);
    }
  }

  tokenInput.addEventListener('change', () => {
    const { key } = selectedToken();
    const token = tokenInput.value.trim();
    if (key && token.startsWith(key.displayId) && rememberToken(key.displayId, token)) tokenInput.value = '';
    void update();
  });
  const form = h('form', { class: 'builder-form', id: 'url-builder' },
    h('div', { class: 'field-grid' },
      field('builder-w', 'Width', width), field('builder-h', 'Height', height), field('builder-dpr', 'DPR', dpr),
      field('builder-fit', 'Fit', fit), field('builder-crop', 'Gravity or point', crop),
      field('builder-format', 'Format', format), field('builder-q', 'Quality', quality),
      field('builder-access', 'Access', access), tokenField,
    ),
  );
  form.addEventListener('input', () => void update());
  form.addEventListener('change', () => void update());
  form.addEventListener('submit', (event) => event.preventDefault());
  snippetMode.addEventListener('change', () => void update());
  signal.addEventListener('abort', () => {
    clearTimeout(timer);
    controller?.abort();
  });
  store.subscribe((state, previous) => {
    if (state.file.version !== previous.file.version || state.analysis !== previous.analysis) {
      fillCrop();
      void update();
    }
  });

  fillCrop();
  fillAccess();
  void update();
  // Delivery keys need the accounts API; without it (open mode) the builder offers plain URLs only.
  listKeys()
    .then((keys) => {
      deliveryKeys = keys.filter((key) => key.kind === 'delivery');
      signingAvailable = true;
      fillAccess();
    })
    .catch(() => {});

  const element = h('div', { class: 'url-builder' },
    form,
    h('div', { class: 'builder-output' },
      h('div', { class: 'copy-row' }, url, copyButton(() => url.value, 'Copy URL'), open),
      status,
      h('div', { class: 'builder-preview-box' }, previewImage),
      h('h3', {}, h('code', {}, '<img srcset>'), ' snippet'),
      snippetMode,
      snippet,
      h('div', { class: 'copy-row end' }, copyButton(() => snippet.value, 'Copy snippet')),
    ),
  );
  return { element };
}

function radio(name, value, label, checked) {
  const id = `${name}-${value}`;
  return h('span', { class: 'check' }, h('input', { type: 'radio', name, value, id, checked }), h('label', { for: id }, label));
}
