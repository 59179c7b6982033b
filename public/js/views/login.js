// Sign-in page: email and password, posted to /api/auth/login which sets the HttpOnly session cookie.
import { login } from '../api.js';
import { h, inlineError, setPage } from '../dom.js';

/** @param {{ main: HTMLElement, signal: AbortSignal, onSignedIn: () => Promise<void> }} context */
export function renderLogin({ main, onSignedIn }) {
  const error = inlineError();
  const email = h('input', { id: 'login-email', name: 'email', type: 'email', autocomplete: 'username', required: true });
  const password = h('input', { id: 'login-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const submit = h('button', { type: 'submit', class: 'primary wide' }, 'Sign in');
  const form = h('form', { class: 'login-form', novalidate: true },
    h('div', { class: 'login-brand' }, h('img', { src: '/favicon.svg', alt: '', width: 40, height: 40 }), h('span', {}, 'Convertly')),
    h('h1', {}, 'Sign in'),
    h('p', { class: 'muted' }, 'Upload images, check what the analysis found and set the crop that matters.'),
    h('div', { class: 'field' }, h('label', { for: 'login-email' }, 'Email'), email),
    h('div', { class: 'field' }, h('label', { for: 'login-password' }, 'Password'), password),
    error.element,
    submit,
    h('p', { class: 'hint' }, 'First run? The admin account and its password were printed on the server console. Owners add more people on the Members page.'),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.set('');
    if (!email.value.trim() || !password.value) {
      error.set('Enter your email and password.');
      (email.value.trim() ? password : email).focus();
      return;
    }
    submit.disabled = true;
    submit.textContent = 'Signing in…';
    try {
      await login(email.value.trim(), password.value);
      await onSignedIn();
    } catch (caught) {
      error.set(caught.message);
      password.select();
      password.focus();
    } finally {
      submit.disabled = false;
      submit.textContent = 'Sign in';
    }
  });
  setPage(main, 'Sign in', h('section', { class: 'login-page' }, form));
  email.focus();
}
