// The URL builder: size, crop (a gravity or a focal point), format and quality → a CDN URL, plain,
// signed or with a delivery key, and a ready <img srcset> snippet. Every change is checked by the free
// render plan (GET /api/files/{id}/plan): a value the CDN would refuse shows the server's message
// inline, and nothing is signed or written until it is fixed. The preview is a CSS crop of the page's
// one rendition at the planned window; rendering the URL itself is an explicit, labelled action.
import { fetchRendition, listKeys, planRender, signPath } from '../api.js';
import { FITS, FORMATS, GRAVITIES, builderParams, cdnPath, formatFocalPoint, imgSnippet } from '../cdn-url.js';
import { rememberToken, rememberedToken } from '../delivery-tokens.js';
import { copyButton, formatBytes, h } from '../dom.js';
import { imageAccept } from '../image-accept.js';
import { createCropView } from './crop-view.js';

const CHECK_DEBOUNCE_MS = 200;
const PREVIEW_HEIGHT_PX = 260;
const MIME = { avif: 'image/avif', webp: 'image/webp', jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif' };
const FIELD_OF_PARAMETER = { w: 'builder-w', h: 'builder-h', dpr: 'builder-dpr', fit: 'builder-fit', gravity: 'builder-crop', fp: 'builder-crop', f: 'builder-format', q: 'builder-q' };

function field(id, label, control, hint) {
  control.id = id;
  const hintId = hint ? `${id}-hint` : undefined;
  if (hintId) control.setAttribute('aria-describedby', hintId);
  return h('div', { class: 'field' }, h('label', { for: id }, label), control, hint ? h('small', { class: 'muted', id: hintId }, hint) : null);
}

function select(options, value) {
  const element = h('select', {});
  for (const option of options) element.append(h('option', { value: option.value ?? option }, option.label ?? option));
  element.value = value;
  return element;
}

/**
 * @param {{ store: ReturnType<typeof import('../store.js').createStore>, signal: AbortSignal, src: string }} options
 */
export function createUrlBuilder({ store, signal, src }) {
  const width = h('input', { type: 'number', min: 1, max: 8192, value: '800', inputmode: 'numeric' });
  const height = h('input', { type: 'number', min: 1, max: 8192, value: '450', inputmode: 'numeric' });
  const dpr = select(['1', '1.5', '2', '3'].map((v) => ({ value: v, label: `${v}×` })), '1');
  const fit = select(FITS, 'cover');
  const crop = h('select', {});
  const format = select(FORMATS, 'auto');
  const quality = h('input', { type: 'number', min: 1, max: 100, placeholder: 'default', inputmode: 'numeric' });
  const access = h('select', {});
  const tokenInput = h('input', { type: 'text', class: 'mono', placeholder: 'cvdk_…', autocomplete: 'off', spellcheck: 'false' });
  const accessHelp = 'Plain URLs need a signed-in session or an API key; signed and delivery-key URLs work on public pages.';
  const tokenField = field('builder-token', 'Delivery key token', tokenInput, 'Shown once when the key was created; this browser remembers it.');
  tokenField.hidden = true;
  const errorBox = h('div', { class: 'form-error builder-error', id: 'builder-error', role: 'alert', hidden: true });
  const url = h('textarea', { readonly: true, rows: 3, class: 'mono copy-field', id: 'builder-url', 'aria-label': 'CDN URL', spellcheck: 'false' });
  const copyUrl = copyButton(() => url.value, 'Copy URL');
  const open = h('a', { class: 'button secondary', target: '_blank', rel: 'noopener' }, 'Open');
  const status = h('p', { class: 'builder-status', id: 'builder-status', 'aria-live': 'polite' });
  const facesHint = h('div', { class: 'notice hint-faces', id: 'builder-faces-hint', hidden: true });
  const previewBox = h('div', { class: 'builder-preview-box', id: 'builder-preview' });
  const test = h('button', { type: 'button', class: 'secondary', id: 'builder-test' }, 'Render this URL');
  const testResult = h('p', { class: 'builder-test-result muted', id: 'builder-test-result', 'aria-live': 'polite' },
    'Rendering costs one operation unless the URL is already cached; the preview above is free.');
  const snippetMode = h('div', { class: 'radio-row', role: 'radiogroup', 'aria-label': 'srcset kind' },
    radio('snippet-mode', 'density', '1x / 2x (dpr)', true),
    radio('snippet-mode', 'widths', 'Widths, with sizes', false),
  );
  const snippet = h('textarea', { readonly: true, rows: 7, class: 'mono copy-field', id: 'builder-snippet', 'aria-label': 'Image tag snippet', spellcheck: 'false' });
  const copySnippet = copyButton(() => snippet.value, 'Copy snippet');
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
      h('option', { value: 'plain' }, 'Plain (a session or API key)'),
      ...(signingAvailable ? [h('option', { value: 'signed' }, 'Signed (s=, public)')] : []),
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
      f: format.value, q: quality.value,
      key: key ? token || tokenInput.value.trim() : undefined,
    });
  }

  function markInvalid(message) {
    for (const control of [width, height, dpr, fit, crop, format, quality]) control.removeAttribute('aria-invalid');
    const parameter = /for (\w+) but/.exec(message ?? '')?.[1];
    const id = parameter ? FIELD_OF_PARAMETER[parameter] : undefined;
    if (id) form.querySelector(`#${id}`)?.setAttribute('aria-invalid', 'true');
    if (id) errorBox.setAttribute('data-field', id);
    else errorBox.removeAttribute('data-field');
  }

  /** Invalid input: the message, and no URL, no signature, no snippet, no preview. */
  function showInvalid(message) {
    errorBox.textContent = `This URL would be refused: ${message}`;
    errorBox.hidden = false;
    markInvalid(message);
    url.value = '';
    snippet.value = '';
    open.removeAttribute('href');
    for (const button of [copyUrl, copySnippet, test]) button.disabled = true;
    status.textContent = 'Fix the value above to get a URL.';
    status.dataset.state = 'invalid';
    previewBox.replaceChildren(h('p', { class: 'muted' }, 'No preview for an invalid URL.'), facesHint);
    facesHint.hidden = true;
  }

  let timer = 0;
  let controller = null;
  let generation = 0;
  async function update() {
    const current = ++generation;
    controller?.abort();
    controller = new AbortController();
    const mine = controller;
    const { file } = store.get();
    const params = currentParams();
    const mode = snippetMode.querySelector('input:checked')?.value ?? 'density';
    const { key: _key, ...renderParams } = params;
    let plan;
    try {
      plan = await planRender(file.id, Object.fromEntries(Object.entries(renderParams).filter(([, v]) => v !== undefined)), await imageAccept(), mine.signal);
    } catch (error) {
      if (error?.name === 'AbortError' || current !== generation) return;
      if (error?.status === 400 || error?.status === 413) showInvalid(error.message);
      else {
        status.textContent = `Could not check this URL: ${error.message}`;
        status.dataset.state = 'error';
      }
      return;
    }
    if (current !== generation) return;
    errorBox.hidden = true;
    markInvalid('');
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
        status.dataset.state = 'error';
        return;
      }
      if (current !== generation) return;
      urlFor = (p) => `${location.origin}${signed.get(cdnPath(file.id, p)) ?? cdnPath(file.id, p)}`;
    }
    url.value = urlFor(params);
    open.href = url.value;
    snippet.value = imgSnippet({ params, mode, urlFor, alt: file.name });
    for (const button of [copyUrl, copySnippet, test]) button.disabled = false;
    const type = MIME[plan.format] ?? plan.format;
    status.textContent = `${type}${params.f === 'auto' || params.f === undefined ? ' (f=auto, as this browser negotiates it)' : ''} · ${plan.width}×${plan.height} px · focus ${plan.focus}`;
    status.dataset.state = 'ok';
    status.dataset.format = plan.format;
    status.dataset.window = plan.windowHeader;
    showPreview(plan);
    showFacesHint(plan);
  }

  function showPreview(plan) {
    const { file, analysis } = store.get();
    const view = createCropView({ src, alt: 'What the URL shows (a preview cut from the page’s picture)', source: file, analysis, aspect: { w: plan.width, h: plan.height } });
    view.element.style.width = `min(100%, ${Math.round((PREVIEW_HEIGHT_PX * plan.width) / plan.height)}px)`;
    view.show(plan.window);
    previewBox.replaceChildren(view.element, facesHint);
  }

  function showFacesHint(plan) {
    const [kind, value] = crop.value.split(':');
    const cuts = plan.cutFaces?.length ?? 0;
    facesHint.hidden = cuts === 0 || (kind === 'gravity' && value === 'faces');
    if (facesHint.hidden) return;
    const button = h('button', { type: 'button', class: 'secondary small' }, 'Keep every face: use gravity=faces');
    button.addEventListener('click', () => useFaces());
    facesHint.replaceChildren(h('p', {}, `This crop cuts ${cuts === 1 ? 'a face' : `${cuts} faces`} in half.`), button);
  }

  function useFaces() {
    crop.value = 'gravity:faces';
    fit.value = 'cover';
    schedule(0);
    crop.focus();
  }

  function schedule(delay = CHECK_DEBOUNCE_MS) {
    clearTimeout(timer);
    timer = setTimeout(() => void update(), delay);
  }

  async function renderForReal() {
    test.disabled = true;
    testResult.textContent = 'Rendering…';
    const started = performance.now();
    try {
      const result = await fetchRendition(url.value, signal, { anonymous: access.value !== 'plain' });
      testResult.textContent = `${result.status} · ${result.contentType} · ${formatBytes(result.blob.size)} · focus ${result.focus || '—'} · cache ${result.cache || '—'} · ${Math.round(performance.now() - started)} ms`;
      testResult.dataset.status = String(result.status);
    } catch (error) {
      if (error?.name === 'AbortError') return;
      testResult.textContent = `This URL fails: ${error.message}`;
      testResult.dataset.status = String(error.status ?? 0);
    } finally {
      test.disabled = false;
    }
  }

  tokenInput.addEventListener('change', () => {
    const { key } = selectedToken();
    const token = tokenInput.value.trim();
    if (key && token.startsWith(key.displayId) && rememberToken(key.displayId, token)) tokenInput.value = '';
    schedule(0);
  });
  test.addEventListener('click', () => void renderForReal());
  const form = h('form', { class: 'builder-form', id: 'url-builder', novalidate: true },
    h('div', { class: 'field-grid' },
      field('builder-w', 'Width', width), field('builder-h', 'Height', height), field('builder-dpr', 'DPR', dpr),
      field('builder-fit', 'Fit', fit), field('builder-crop', 'Gravity or point', crop),
      field('builder-format', 'Format', format), field('builder-q', 'Quality', quality),
      field('builder-access', 'Access', access, accessHelp), tokenField,
    ),
    errorBox,
  );
  form.addEventListener('input', () => schedule());
  form.addEventListener('change', () => schedule());
  form.addEventListener('submit', (event) => event.preventDefault());
  snippetMode.addEventListener('change', () => schedule(0));
  signal.addEventListener('abort', () => {
    clearTimeout(timer);
    controller?.abort();
  });
  store.subscribe((state, previous) => {
    if (state.file.version !== previous.file.version || state.analysis !== previous.analysis) {
      fillCrop();
      schedule();
    }
  });

  fillCrop();
  fillAccess();
  void update();
  // Delivery keys need the accounts API; without it (open mode) the builder offers plain URLs only.
  listKeys()
    .then((keys) => {
      deliveryKeys = keys.filter((key) => key.kind === 'delivery' && !key.revokedAt);
      signingAvailable = true;
      fillAccess();
    })
    .catch(() => {});

  const element = h('div', { class: 'url-builder' },
    form,
    h('div', { class: 'builder-output' },
      h('label', { for: 'builder-url', class: 'output-label' }, 'URL'),
      url,
      h('div', { class: 'copy-row' }, copyUrl, open),
      status,
      previewBox,
      h('div', { class: 'copy-row' }, test),
      testResult,
      h('h3', {}, h('code', {}, '<img srcset>'), ' snippet'),
      snippetMode,
      snippet,
      h('div', { class: 'copy-row' }, copySnippet),
    ),
  );
  return { element, useFaces };
}

function radio(name, value, label, checked) {
  const id = `${name}-${value}`;
  return h('span', { class: 'check' }, h('input', { type: 'radio', name, value, id, checked }), h('label', { for: id }, label));
}
