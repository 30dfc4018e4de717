// The console's router: one page per hash route, the left menu marks where you are, and the page
// refreshes its data every few seconds while it is shown. Nothing is shown but the sign-in page
// until someone has signed in; the header says who, with Sign out.
import { render, h, ApiError, request, setSession, currentUser, onUnauthorized, newPage, pageNumber } from './dom.js';
import { signInPage, signInShown, SESSION_ENDED } from './signin.js';
import { overviewPage } from './overview.js';
import { logSetsPage, subjectPage } from './logsets.js';
import { dumpConfigurationPage } from './dump-config.js';
import { logDumpPage } from './log-dump.js';
import { historyPage } from './history.js';
import { auditPage, usersPage } from './admin.js';

const routes = [
  [/^\/$/, 'overview', () => overviewPage()],
  [/^\/logsets$/, 'logsets', () => logSetsPage()],
  [/^\/logsets\/([^/]+)\/subjects\/([^/]+)$/, 'logsets', (m) => subjectPage(decodeURIComponent(m[1]), decodeURIComponent(m[2]))],
  [/^\/logsets\/([^/]+)\/subjects\/([^/]+)\/dump$/, 'logsets',
    (m) => dumpConfigurationPage(decodeURIComponent(m[1]), decodeURIComponent(m[2]))],
  [/^\/log-dump$/, 'log-dump', () => logDumpPage()],
  [/^\/history$/, 'history', () => historyPage()],
  [/^\/audit$/, 'audit', () => auditPage()],
  [/^\/users$/, 'users', () => usersPage()],
];

let stopCurrent = null;
/** Whether the address changed while the sign-in page was shown: the page asked for is shown after sign-in. */
let movedWhileSignedOut = false;

async function route() {
  if (!currentUser() || signInShown()) {
    movedWhileSignedOut = true;
    return;
  }
  movedWhileSignedOut = false;
  if (stopCurrent) { stopCurrent(); stopCurrent = null; }
  const page = newPage();
  const path = (location.hash.replace(/^#/, '') || '/').split('?')[0];
  for (const [pattern, menu, show] of routes) {
    const m = path.match(pattern);
    if (!m) continue;
    document.querySelectorAll('[data-menu]').forEach((a) => {
      if (a.dataset.menu === menu) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
    });
    render(h('p', { class: 'muted' }, 'Loading…'));
    try {
      const stop = (await show(m)) || null;
      if (page === pageNumber()) stopCurrent = stop; else if (stop) stop();
    } catch (e) {
      if (page !== pageNumber()) return;
      if (e instanceof ApiError && e.status === 404) {
        render(h('h1', {}, 'Not found'), h('div', { class: 'problem' }, e.message),
          h('p', {}, h('a', { href: '#/' }, 'Go to the overview.')));
      } else {
        render(h('h1', {}, 'Something went wrong'), h('div', { class: 'problem' }, e instanceof ApiError ? e.message : String(e)));
      }
    }
    return;
  }
  render(h('h1', {}, 'Not found'), h('p', {}, 'No such page. ', h('a', { href: '#/' }, 'Go to the overview.')));
}

/** The header's name, account and role, and the menu entries of admins. */
function showUser(me) {
  document.getElementById('user-name').textContent = me.name;
  document.getElementById('user-account').textContent = me.account;
  document.getElementById('user-role').textContent = me.role;
  document.getElementById('header-problem').replaceChildren();
  document.querySelectorAll('[data-admin]').forEach((el) => { el.hidden = me.role !== 'admin'; });
}

function sameUser(a, b) {
  return !!a && !!b && a.name === b.name && a.account === b.account && a.role === b.role;
}

// A 401 while signed in: the session has ended. The same user signing in again goes on where they
// were (the requests that got the 401 are sent again); another user starts afresh.
onUnauthorized(async () => {
  const before = currentUser();
  const me = await signInPage({ notice: SESSION_ENDED, name: before ? before.name : '' });
  showUser(me);
  if (!sameUser(before, me) || movedWhileSignedOut) route();
});

async function signOut() {
  let res;
  try {
    res = await request('DELETE', '/api/v1/session');
  } catch (e) {
    document.getElementById('header-problem').textContent = `Not signed out: ${e.message}`;
    return;
  }
  if (!res.ok && res.status !== 401) {
    document.getElementById('header-problem').textContent = `Not signed out: ${(res.json && res.json.detail) || `HTTP ${res.status}`}`;
    return;
  }
  if (stopCurrent) { stopCurrent(); stopCurrent = null; }
  newPage();
  setSession(null);
  document.getElementById('main').replaceChildren();
  const me = await signInPage({ notice: 'You have signed out.' });
  showUser(me);
  route();
}

/** The session of the page's cookie, if it is still valid; else the sign-in page. Then the page asked for. */
async function start() {
  document.getElementById('sign-out').addEventListener('click', signOut);
  let res = null;
  let error = null;
  try {
    res = await request('GET', '/api/v1/me');
  } catch (e) {
    error = e.message;
  }
  if (res && res.ok) {
    setSession(res.json);
  } else {
    if (res && res.status !== 401) error = (res.json && res.json.detail) || `HTTP ${res.status}`;
    const ended = res && res.status === 401 && /session has ended/i.test((res.json && res.json.detail) || '');
    await signInPage({ notice: ended ? SESSION_ENDED : null, error });
  }
  document.querySelectorAll('[data-console]').forEach((el) => { el.hidden = false; });
  showUser(currentUser());
  route();
}

window.addEventListener('hashchange', route);
start();
