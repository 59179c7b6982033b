// Signing secrets: the HMAC keys of signed URLs (s=). Creating one is also how they rotate: the new one
// signs from then on and the older ones keep verifying the URLs already published until they are retired.
import { createSigningSecret, listSigningSecrets, retireSigningSecret } from '../api.js';
import { confirmDialog, formatDate, h, revealOnce, showError, toast } from '../dom.js';

/** @param {{ signal: AbortSignal, owner: boolean }} options */
export function createSigningSecretsPanel({ signal, owner }) {
  const list = h('ul', { class: 'secret-list', id: 'secret-list' });
  const reveal = h('div', { class: 'token-reveal', id: 'secret-reveal', hidden: true });
  const create = h('button', { type: 'button', class: 'primary', id: 'create-secret', disabled: !owner });
  const element = h('section', { class: 'panel secrets', id: 'signing-secrets', 'aria-labelledby': 'secrets-heading' },
    h('h2', { id: 'secrets-heading' }, 'Signing secrets'),
    h('p', { class: 'muted' }, 'Signed URLs (s=) are made with the newest valid secret. To rotate, create a new one: URLs signed with an older secret keep working until you retire it.'),
    reveal,
    list,
    h('div', { class: 'actions' }, create),
    owner ? null : h('p', { class: 'notice' }, 'Only owners of this workspace can create or retire signing secrets.'),
  );

  async function refresh() {
    const items = await listSigningSecrets();
    if (signal.aborted) return;
    const valid = items.filter((item) => !item.retiredAt);
    create.textContent = valid.length === 0 ? 'Create a signing secret' : 'Rotate: create a new secret';
    list.replaceChildren(...items.map((item) => {
      const newest = !item.retiredAt && item === valid[0];
      const retire = h('button', { type: 'button', class: 'link-button', 'aria-label': `Retire signing secret ${item.id}` }, 'Retire');
      retire.addEventListener('click', () => void retireOne(item));
      return h('li', { class: ['secret', item.retiredAt ? 'retired' : ''], dataset: { id: item.id, state: item.retiredAt ? 'retired' : newest ? 'signing' : 'valid' } },
        h('code', {}, item.id),
        h('span', { class: 'muted' }, `created ${formatDate(item.createdAt)}`),
        h('span', { class: ['badge', item.retiredAt ? 'subtle' : ''] }, item.retiredAt ? `retired ${formatDate(item.retiredAt)}` : newest ? 'signs new URLs' : 'still verifies'),
        !item.retiredAt && owner ? retire : null,
      );
    }));
    if (items.length === 0) list.append(h('li', { class: 'muted' }, 'None yet: one is made the first time a URL is signed.'));
  }

  async function retireOne(item) {
    const ok = await confirmDialog({
      title: 'Retire this signing secret?',
      message: `URLs signed with ${item.id} stop working at once. This cannot be undone.`,
      confirmLabel: 'Retire',
    });
    if (!ok) return;
    try {
      await retireSigningSecret(item.id);
      toast(`Retired ${item.id}`);
      await refresh();
    } catch (error) {
      showError(error);
    }
  }

  create.addEventListener('click', async () => {
    create.disabled = true;
    try {
      const created = await createSigningSecret();
      revealOnce(reveal, {
        title: `Signing secret ${created?.id ?? ''} created`,
        message: 'Copy it now if a server of yours signs URLs itself (signUrl() in convertly/client): it is shown once. The dashboard signs with it already.',
        value: String(created?.secret ?? ''),
        id: 'new-secret',
        label: 'The new signing secret',
        focusAfter: create,
        heading: 'h3',
      });
      await refresh();
    } catch (error) {
      showError(error);
    } finally {
      create.disabled = !owner;
    }
  });

  return { element, refresh };
}
