// The sign-in page: shown in place of the console whenever there is no valid session (at the
// start, after Sign out, and when the server answers 401 because the session has ended).
import { h, request, setSession, ApiError } from './dom.js';

export const SESSION_ENDED = 'Your session has ended; sign in again.';

/** Whether the sign-in page is shown (the console's menu, header and page are hidden meanwhile). */
export function signInShown() {
  return !document.getElementById('signin').hidden;
}

/** Shows the sign-in page (true) or the console (false). */
function showSignIn(on) {
  document.getElementById('signin').hidden = !on;
  document.querySelectorAll('[data-console]').forEach((el) => { el.hidden = on; });
  document.title = on ? 'Sign in · Logdump' : 'Logdump';
}

/**
 * Shows the sign-in page: notice (why it is shown, or nothing), error (a problem to show at once,
 * or nothing), name (to fill in, or nothing). Resolves with the user (GET /api/v1/me) once someone
 * has signed in; the session's CSRF token is kept (in memory only) and the console shown again.
 */
export function signInPage({ notice, error, name } = {}) {
  return new Promise((resolve) => {
    const problem = h('div', { class: 'problem', id: 'signin-error', role: 'alert' }, error || null);
    const nameInput = h('input', { id: 'signin-name', name: 'name', autocomplete: 'username', autocapitalize: 'none',
      spellcheck: 'false', required: true, value: name || '' });
    const password = h('input', { id: 'signin-password', name: 'password', type: 'password', autocomplete: 'current-password',
      required: true });
    const button = h('button', { class: 'primary', type: 'submit', id: 'signin-submit' }, 'Sign in');
    const form = h('form', { id: 'signin-form', class: 'stack' },
      h('label', { for: 'signin-name' }, 'User name'), nameInput,
      h('label', { for: 'signin-password' }, 'Password'), password,
      problem, button);
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      problem.replaceChildren();
      button.disabled = true;
      try {
        const me = await signIn(nameInput.value.trim(), password.value);
        showSignIn(false);
        document.getElementById('signin').replaceChildren();
        resolve(me);
      } catch (e) {
        problem.textContent = signInError(e);
        password.value = '';
        password.focus();
      } finally {
        button.disabled = false;
      }
    });
    document.getElementById('signin').replaceChildren(h('div', { class: 'signin-box' },
      h('div', { class: 'brand' }, 'Logdump'),
      h('div', { class: 'signin-body' },
        h('h1', {}, 'Sign in'),
        notice ? h('p', { class: 'notice', id: 'signin-notice', role: 'status' }, notice) : null,
        form)));
    showSignIn(true);
    (name ? password : nameInput).focus();
  });
}

/** POST /api/v1/session, then GET /api/v1/me; keeps the session's CSRF token; answers the user. */
async function signIn(name, password) {
  const res = await request('POST', '/api/v1/session', { name, password });
  if (!res.ok) {
    const e = new ApiError(res.status, res.json || {});
    e.retryAfter = Number(res.headers.get('Retry-After')) || null;
    throw e;
  }
  const token = res.headers.get('X-CSRF-Token');
  const me = await request('GET', '/api/v1/me');
  if (!me.ok) throw new ApiError(me.status, me.json || {});
  setSession(me.json, token);
  return me.json;
}

/** What a failed sign-in says: a wrong password, the wait after too many failures, an unreachable server. */
function signInError(e) {
  if (!(e instanceof ApiError)) return String(e);
  if (e.status === 0) return 'The server cannot be reached. Check that it is running, then sign in again.';
  if (e.status === 401) return 'Wrong user name or password.';
  if (e.status === 429) {
    return e.retryAfter ? `Too many failed sign-ins: try again in ${wait(e.retryAfter)}.` : sentence(e.message);
  }
  const errors = (e.problem && e.problem.errors) || [];
  if (errors.length) return errors.map((x) => `${x.field}: ${x.message}`).join('; ');
  return sentence(e.message);
}

function wait(seconds) {
  if (seconds < 120) return `${seconds} s`;
  return `${Math.ceil(seconds / 60)} min`;
}

function sentence(text) {
  const s = String(text || 'Sign-in failed.');
  return s.charAt(0).toUpperCase() + s.slice(1) + (/[.!?]$/.test(s) ? '' : '.');
}
