// The dashboard shell: who is signed in, the top bar, and a hash router (`#/library`,
// `#/files/{id}`, `#/keys`, `#/usage`, `#/login`) so the server only serves static files.
import { getMe, logout, UNAUTHORIZED_EVENT } from './api.js';
import { clearToasts, h, showError } from './dom.js';
import { renderLogin } from './views/login.js';
import { renderLibrary } from './views/library.js';
import { renderFilePage } from './views/file-page.js';
import { renderKeys } from './views/keys.js';
import { renderUsage } from './views/usage.js';
import { renderMembers } from './views/members.js';

const main = /** @type {HTMLElement} */ (document.getElementById('main'));
const topbar = /** @type {HTMLElement} */ (document.getElementById('topbar'));
const account = /** @type {HTMLElement} */ (document.getElementById('account'));

/** `{ mode: 'open' | 'anonymous' | 'session', email, … }`, refreshed after sign-in and sign-out. */
let me = { mode: 'anonymous' };
/** Aborts the work of the page being left (pending fetches, timers). */
let leave = new AbortController();

const ROUTES = [
  { pattern: /^#\/library$/, nav: 'library', render: (ctx) => renderLibrary(ctx) },
  { pattern: /^#\/files\/([^/]+)$/, nav: 'library', render: (ctx, id) => renderFilePage(ctx, decodeURIComponent(id)) },
  { pattern: /^#\/keys$/, nav: 'keys', render: (ctx) => renderKeys(ctx) },
  { pattern: /^#\/usage$/, nav: 'usage', render: (ctx) => renderUsage(ctx) },
  { pattern: /^#\/members$/, nav: 'members', render: (ctx) => renderMembers(ctx) },
];

function renderAccount() {
  account.replaceChildren();
  if (me.mode === 'session') {
    account.append(
      h('span', { class: 'who', title: `${me.email}${me.workspace ? ` · workspace ${me.workspace}` : ''}` }, me.email || 'Signed in'),
      h('button', { type: 'button', class: 'secondary small', onclick: signOut }, 'Sign out'),
    );
  } else if (me.mode === 'open') {
    account.append(h('span', { class: 'badge', title: 'No accounts are configured on this server: every visitor acts for the local workspace.' }, 'Open mode'));
  }
}

async function signOut() {
  try {
    await logout();
  } catch (error) {
    showError(error);
  }
  me = { mode: 'anonymous' };
  location.hash = '#/login';
}

function markNav(nav) {
  for (const link of topbar.querySelectorAll('[data-nav]')) {
    if (link.getAttribute('data-nav') === nav) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

async function route({ navigated = false } = {}) {
  leave.abort();
  leave = new AbortController();
  clearToasts();
  const hash = location.hash || '#/library';
  if (me.mode === 'anonymous' && !hash.startsWith('#/login')) {
    const next = hash.startsWith('#/') ? hash : '#/library';
    location.replace(`#/login?next=${encodeURIComponent(next)}`);
    return;
  }
  if (hash.startsWith('#/login')) {
    if (me.mode !== 'anonymous') {
      location.replace('#/library');
      return;
    }
    // Shown from the first paint (most visits are signed in), so nothing below it moves when it fills in.
    topbar.classList.add('signed-out');
    const next = new URLSearchParams(hash.split('?')[1] ?? '').get('next') ?? '#/library';
    renderLogin({ main, signal: leave.signal, onSignedIn: async () => {
      me = await getMe();
      renderAccount();
      location.hash = next.startsWith('#/') && !next.startsWith('#/login') ? next : '#/library';
    } });
    return;
  }
  topbar.classList.remove('signed-out');
  for (const candidate of ROUTES) {
    const match = candidate.pattern.exec(hash);
    if (!match) continue;
    markNav(candidate.nav);
    const context = { main, signal: leave.signal, me };
    if (navigated) {
      // A new page: start at its top, and let keyboard and screen-reader users start there too.
      window.scrollTo(0, 0);
      main.focus({ preventScroll: true });
    }
    try {
      await candidate.render(context, ...match.slice(1));
    } catch (error) {
      if (error?.name === 'AbortError') return;
      showError(error);
    }
    return;
  }
  location.replace('#/library');
}

async function start() {
  try {
    me = await getMe();
  } catch (error) {
    main.replaceChildren(h('p', { class: 'notice error', role: 'alert' }, `The dashboard could not start: ${error.message}`));
    return;
  }
  renderAccount();
  window.addEventListener('hashchange', () => void route({ navigated: true }));
  // The skip link must not change the hash: that is the router's.
  document.querySelector('.skip-link')?.addEventListener('click', (event) => {
    event.preventDefault();
    main.focus();
  });
  window.addEventListener(UNAUTHORIZED_EVENT, () => {
    if (me.mode === 'open') return;
    me = { mode: 'anonymous' };
    renderAccount();
    if (!location.hash.startsWith('#/login')) location.hash = `#/login?next=${encodeURIComponent(location.hash || '#/library')}`;
  });
  await route();
}

void start();
