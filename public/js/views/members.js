// Members: who can sign in to this workspace and as what. Owners add people (a new account gets a
// password shown once, to pass on), change roles and remove members; members see the list.
import { addMember, listMembers, removeMember, setMemberRole } from '../api.js';
import { confirmDialog, formatDate, h, inlineError, revealOnce, setPage, showError, toast } from '../dom.js';

const ROLE_HELP = {
  owner: 'Owner — manages members, keys and signing secrets',
  member: 'Member — uploads, analyzes, sets focal points, builds and signs URLs',
};

/** @param {{ main: HTMLElement, signal: AbortSignal, me: { mode: string, role?: string } }} context */
export async function renderMembers({ main, signal, me }) {
  const head = h('div', { class: 'page-head' }, h('h1', {}, 'Members'));
  if (me.mode !== 'session') {
    setPage(main, 'Members', head, h('p', { class: 'notice' }, 'Members need accounts: this server runs in open mode (no accounts configured), where every caller acts for the local workspace.'));
    return;
  }
  const owner = me.role === 'owner';
  const error = inlineError();
  const email = h('input', { id: 'member-email', type: 'email', autocomplete: 'off', required: true, placeholder: 'name@example.com' });
  const role = h('select', { id: 'member-role', 'aria-describedby': 'member-role-help' }, h('option', { value: 'member' }, 'Member'), h('option', { value: 'owner' }, 'Owner'));
  const roleHelp = h('small', { class: 'muted', id: 'member-role-help' }, ROLE_HELP.member);
  role.addEventListener('change', () => (roleHelp.textContent = ROLE_HELP[role.value]));
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Add member');
  const reveal = h('div', { class: 'token-reveal', id: 'member-reveal', hidden: true });
  const tbody = h('tbody', {});
  const table = h('table', { class: 'keys-table members-table', id: 'members-table' },
    h('caption', { class: 'visually-hidden' }, 'Members of this workspace'),
    h('thead', {}, h('tr', {},
      ['Email', 'Role', 'Added'].map((label) => h('th', { scope: 'col' }, label)),
      h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')),
    )),
    tbody,
  );
  const form = h('form', { class: 'panel key-form', id: 'member-form', 'aria-labelledby': 'add-member-heading', novalidate: true },
    h('h2', { id: 'add-member-heading' }, 'Add a member'),
    h('p', { class: 'muted' }, 'Someone without an account gets one, with a password shown here once for you to pass on. Someone with an account keeps their password.'),
    h('div', { class: 'field' }, h('label', { for: 'member-email' }, 'Email'), email),
    h('div', { class: 'field' }, h('label', { for: 'member-role' }, 'Role'), role, roleHelp),
    error.element,
    h('div', { class: 'actions' }, submit),
  );
  if (!owner) {
    for (const control of form.querySelectorAll('input, select, button')) control.disabled = true;
    form.append(h('p', { class: 'notice' }, 'Only owners of this workspace can add, change or remove members.'));
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.set('');
    if (!email.value.trim()) {
      error.set('Enter the email address of the person to add.');
      email.focus();
      return;
    }
    submit.disabled = true;
    try {
      const added = await addMember(email.value.trim(), role.value);
      email.value = '';
      showAdded(added);
      await refresh();
    } catch (caught) {
      error.set(caught.message);
    } finally {
      submit.disabled = !owner;
    }
  });

  function showAdded(added) {
    if (added.password) {
      revealOnce(reveal, {
        title: `Added ${added.email} as ${added.role}`,
        message: 'A new account. Pass this password on privately; it is shown only now.',
        value: added.password,
        id: 'member-password',
        label: `Password for ${added.email}`,
        focusAfter: email,
      });
      return;
    }
    toast(`Added ${added.email} as ${added.role}: they sign in with their own password`);
    reveal.hidden = true;
  }

  async function refresh() {
    const { items, you } = await listMembers();
    if (signal.aborted) return;
    tbody.replaceChildren(...items.map((member) => row(member, member.userId === you)));
  }

  function row(member, isYou) {
    const roleCell = owner
      ? h('select', { class: 'role-select', 'aria-label': `Role of ${member.email}` }, h('option', { value: 'member' }, 'member'), h('option', { value: 'owner' }, 'owner'))
      : h('span', { class: 'badge' }, member.role);
    if (owner) {
      roleCell.value = member.role;
      roleCell.addEventListener('change', async () => {
        try {
          await setMemberRole(member.userId, roleCell.value);
          toast(`${member.email} is now ${roleCell.value === 'owner' ? 'an owner' : 'a member'}`);
        } catch (caught) {
          roleCell.value = member.role;
          showError(caught);
        }
        await refresh();
      });
    }
    const remove = h('button', { type: 'button', class: 'link-button danger', 'aria-label': `Remove ${member.email}` }, 'Remove');
    remove.addEventListener('click', async () => {
      const ok = await confirmDialog({
        title: `Remove ${member.email}?`,
        message: `${isYou ? 'You' : 'They'} will be signed out of this workspace at once and can no longer sign in to it. The account itself stays.`,
        confirmLabel: 'Remove',
      });
      if (!ok) return;
      try {
        await removeMember(member.userId);
        toast(`Removed ${member.email}`);
        await refresh();
      } catch (caught) {
        showError(caught);
      }
    });
    return h('tr', { dataset: { user: member.userId, role: member.role } },
      h('td', { 'data-label': 'Email' }, member.email, isYou ? h('span', { class: 'muted' }, ' (you)') : null),
      h('td', { 'data-label': 'Role' }, roleCell),
      h('td', { 'data-label': 'Added' }, formatDate(member.addedAt)),
      h('td', { class: 'row-actions' }, owner ? remove : null),
    );
  }

  setPage(main, 'Members',
    head,
    reveal,
    h('div', { class: 'keys-layout' },
      form,
      h('section', { class: 'panel', 'aria-labelledby': 'members-heading' }, h('h2', { id: 'members-heading' }, 'Members'), h('div', { class: 'table-scroll' }, table)),
    ),
  );
  await refresh();
}
