// Keys: create API keys (secret, full access) and delivery keys (public, render-only, optionally
// limited to origins); the token is shown once with a copy button; list; revoke with confirmation.
import { createKey, listKeys, revokeKey } from '../api.js';
import { createSigningSecretsPanel } from './signing-secrets.js';
import { forgetToken, rememberToken } from '../delivery-tokens.js';
import { confirmDialog, formatDate, h, inlineError, revealOnce, setPage, showError, toast } from '../dom.js';

const KIND_LABELS = { api: 'API key', delivery: 'Delivery key' };

/** @param {{ main: HTMLElement, signal: AbortSignal, me: { mode: string } }} context */
export async function renderKeys({ main, signal, me }) {
  // Members may see the keys; only owners (and API keys) may change them, as the API enforces.
  const owner = me.mode !== 'session' || me.role === 'owner';
  const error = inlineError();
  const name = h('input', { id: 'key-name', type: 'text', maxlength: 100, placeholder: 'e.g. storefront', autocomplete: 'off' });
  const origins = h('textarea', { id: 'key-origins', rows: 3, placeholder: 'https://shop.example.com\nhttps://*.example.com', spellcheck: 'false' });
  const originsField = h('div', { class: 'field', id: 'origins-field' },
    h('label', { for: 'key-origins' }, 'Allowed origins (optional, one per line)'),
    origins,
    h('small', { class: 'muted' }, 'Pages on these origins may use the key; leave empty to allow any.'),
  );
  const kindApi = h('input', { type: 'radio', name: 'key-kind', id: 'key-kind-api', value: 'api', checked: true });
  const kindDelivery = h('input', { type: 'radio', name: 'key-kind', id: 'key-kind-delivery', value: 'delivery' });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Create key');
  const reveal = h('div', { class: 'token-reveal', id: 'token-reveal', hidden: true });
  const tbody = h('tbody', {});
  const table = h('table', { class: 'keys-table', id: 'keys-table' },
    h('caption', { class: 'visually-hidden' }, 'Keys of this workspace'),
    h('thead', {}, h('tr', {},
      ['Name', 'Kind', 'Key', 'Allowed origins', 'Created', 'Last used'].map((label) => h('th', { scope: 'col' }, label)),
      h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')),
    )),
    tbody,
  );
  const empty = h('p', { class: 'empty', hidden: true }, 'No keys yet.');

  const syncKind = () => {
    originsField.hidden = !kindDelivery.checked;
  };
  kindApi.addEventListener('change', syncKind);
  kindDelivery.addEventListener('change', syncKind);
  syncKind();

  const form = h('form', { class: 'panel key-form', id: 'key-form', 'aria-labelledby': 'new-key-heading' },
    h('h2', { id: 'new-key-heading' }, 'New key'),
    h('fieldset', { class: 'radio-row' },
      h('legend', {}, 'Kind'),
      h('span', { class: 'check' }, kindApi, h('label', { for: 'key-kind-api' }, 'API key — secret, full workspace access (servers, CLI)')),
      h('span', { class: 'check' }, kindDelivery, h('label', { for: 'key-kind-delivery' }, 'Delivery key — public, renders images only (in page URLs)')),
    ),
    h('div', { class: 'field' }, h('label', { for: 'key-name' }, 'Name'), name),
    originsField,
    error.element,
    h('div', { class: 'actions' }, submit),
  );

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.set('');
    const kind = kindDelivery.checked ? 'delivery' : 'api';
    const allowedOrigins = kind === 'delivery' ? origins.value.split(/[\s,]+/).map((o) => o.trim()).filter(Boolean) : [];
    submit.disabled = true;
    try {
      const { key, token } = await createKey({ kind, name: name.value.trim(), allowedOrigins });
      if (kind === 'delivery') rememberToken(key.displayId, token);
      showToken(key, token);
      name.value = '';
      origins.value = '';
      await refresh();
    } catch (caught) {
      error.set(caught.message);
    } finally {
      submit.disabled = false;
    }
  });

  function showToken(key, token) {
    revealOnce(reveal, {
      title: `${KIND_LABELS[key.kind]} created${key.name ? `: ${key.name}` : ''}`,
      message: key.kind === 'api'
        ? 'Copy it now: this is the only time it is shown. Keep it secret, on servers only.'
        : 'Copy it now: it is shown once (this browser remembers it for the URL builder). It is safe in public image URLs as key=…',
      value: token,
      id: 'new-token',
      label: 'The new key',
      focusAfter: name,
    });
  }

  async function refresh() {
    const keys = await listKeys();
    if (signal.aborted) return;
    // Live keys first, then the revoked ones (kept, greyed, so an old key in a log can be recognised).
    const ordered = [...keys.filter((key) => !key.revokedAt), ...keys.filter((key) => key.revokedAt)];
    tbody.replaceChildren(...ordered.map(row));
    empty.hidden = keys.length > 0;
    table.hidden = keys.length === 0;
  }

  function row(key) {
    if (key.revokedAt) {
      return h('tr', { class: 'revoked', dataset: { id: key.id, kind: key.kind, revoked: 'true' } },
        h('td', { 'data-label': 'Name' }, key.name || h('span', { class: 'muted' }, '(unnamed)')),
        h('td', { 'data-label': 'Kind' }, h('span', { class: 'badge subtle' }, key.kind === 'api' ? 'API' : 'Delivery')),
        h('td', { 'data-label': 'Key' }, h('code', {}, `${key.displayId}…`)),
        h('td', { 'data-label': 'Origins' }, key.kind === 'delivery' ? (key.allowedOrigins.length ? key.allowedOrigins.join(', ') : 'any') : '—'),
        h('td', { 'data-label': 'Created' }, formatDate(key.createdAt)),
        h('td', { 'data-label': 'Last used' }, key.lastUsedAt ? formatDate(key.lastUsedAt) : 'never'),
        h('td', { class: 'row-actions' }, h('span', { class: 'badge revoked-badge' }, `Revoked ${formatDate(key.revokedAt)}`)),
      );
    }
    const revoke = h('button', { type: 'button', class: 'link-button danger', 'aria-label': `Revoke ${key.name || key.displayId}` }, 'Revoke');
    revoke.addEventListener('click', async () => {
      const ok = await confirmDialog({
        title: `Revoke this ${key.kind === 'api' ? 'API key' : 'delivery key'}?`,
        message: `${key.name ? `“${key.name}” ` : ''}(${key.displayId}) stops working at once${key.kind === 'delivery' ? ': image URLs that carry it will fail' : ''}. This cannot be undone.`,
        confirmLabel: 'Revoke',
      });
      if (!ok) return;
      try {
        await revokeKey(key.id);
        if (key.kind === 'delivery') forgetToken(key.displayId);
        toast(`Revoked ${key.displayId}`);
        await refresh();
      } catch (caught) {
        showError(caught);
      }
    });
    return h('tr', { dataset: { id: key.id, kind: key.kind } },
      h('td', { 'data-label': 'Name' }, key.name || h('span', { class: 'muted' }, '(unnamed)')),
      h('td', { 'data-label': 'Kind' }, h('span', { class: ['badge', key.kind] }, key.kind === 'api' ? 'API' : 'Delivery')),
      h('td', { 'data-label': 'Key' }, h('code', {}, `${key.displayId}…`)),
      h('td', { 'data-label': 'Origins' }, key.kind === 'delivery' ? (key.allowedOrigins.length ? key.allowedOrigins.join(', ') : 'any') : '—'),
      h('td', { 'data-label': 'Created' }, formatDate(key.createdAt)),
      h('td', { 'data-label': 'Last used' }, key.lastUsedAt ? formatDate(key.lastUsedAt) : 'never'),
      h('td', { class: 'row-actions' }, owner ? revoke : null),
    );
  }

  if (!owner) {
    for (const control of form.querySelectorAll('input, textarea, button')) control.disabled = true;
    form.append(h('p', { class: 'notice' }, 'Only owners of this workspace can create or revoke keys.'));
  }
  const secrets = createSigningSecretsPanel({ signal, owner });
  setPage(main, 'Keys',
    h('div', { class: 'page-head' }, h('h1', {}, 'Keys')),
    reveal,
    h('div', { class: 'keys-layout' },
      form,
      h('section', { class: 'panel', 'aria-labelledby': 'keys-heading' }, h('h2', { id: 'keys-heading' }, 'Keys'), h('div', { class: 'table-scroll' }, table), empty),
    ),
    secrets.element,
  );
  try {
    await refresh();
    await secrets.refresh();
  } catch (caught) {
    if (caught?.status === 404 && me.mode === 'open') {
      table.hidden = true;
      empty.hidden = false;
      empty.textContent = 'Keys need accounts: this server runs in open mode (no accounts configured), where every caller acts for the local workspace.';
      submit.disabled = true;
      secrets.element.hidden = true;
      return;
    }
    throw caught;
  }
}
