// The pages of an account's admins: the audit log, and the account's users and API tokens.
import { api, enc, h, render, replace, problemBox, showProblem, clearProblem, confirmAction, fmtTime, isAdmin, currentUser } from './dom.js';

const AUDIT_PAGE = 50;

/** Audit log: sign-ins, failed sign-ins, user, token and account changes, newest first, 50 at a time. */
export async function auditPage() {
  if (!isAdmin()) return adminsOnly('Audit log', 'reads the account\'s audit log');
  const table = h('table', { id: 'audit' },
    h('tr', {}, h('th', {}, 'Time'), h('th', {}, 'Actor'), h('th', {}, 'Action'), h('th', {}, 'Target'), h('th', {}, 'Client'),
      h('th', {}, 'Detail')));
  const report = h('div', { class: 'problem', role: 'alert' });
  const status = h('span', { class: 'muted', id: 'audit-count', role: 'status' });
  let cursor = null;
  let shown = 0;
  const more = h('button', { id: 'audit-more', hidden: true, onclick: async () => {
    more.disabled = true;
    try {
      await loadPage();
      report.textContent = '';
    } catch (e) {
      report.textContent = e.message;
    } finally {
      more.disabled = false;
    }
  } }, 'Load more');
  const loadPage = async () => {
    const q = new URLSearchParams({ limit: String(AUDIT_PAGE) });
    if (cursor) q.set('cursor', cursor);
    const page = await api('GET', `/api/v1/audit?${q}`);
    table.append(...page.entries.map((e) => h('tr', { 'data-audit': e.id, 'data-action': e.action },
      h('td', { class: 'time' }, fmtTime(e.time)), h('td', {}, e.actor), h('td', {}, e.action), h('td', {}, e.target || ''),
      h('td', {}, e.client || ''), h('td', {}, e.detail || ''))));
    shown += page.entries.length;
    cursor = page.nextCursor;
    more.hidden = !cursor;
    status.textContent = shown === 0 ? 'Nothing recorded yet.' : `${shown} entries${cursor ? ', more below' : ', all of them'}.`;
  };
  render(h('h1', {}, 'Audit log'),
    h('p', { class: 'muted' }, 'Sign-ins, failed sign-ins, sign-outs, and changes to users, tokens and accounts, newest first.'),
    h('div', { class: 'scroll' }, table), report,
    h('div', { class: 'actions', style: 'margin-top: 8px' }, more, status));
  await loadPage();
  return undefined;
}

/** Users and tokens: the account's users and API tokens; create and delete users, create and revoke tokens. */
export async function usersPage() {
  if (!isAdmin()) return adminsOnly('Users and tokens', 'manages the account\'s users and tokens');
  const users = h('div', { id: 'users' });
  const tokens = h('div', { id: 'tokens' });
  const report = h('div', { class: 'problem', role: 'alert' });
  const created = h('div', { id: 'new-token-area' });
  const act = (fn) => async () => {
    report.textContent = '';
    try {
      await fn();
    } catch (e) {
      report.textContent = e.message;
    }
    await Promise.all([loadUsers(), loadTokens()]);
  };
  const loadUsers = async () => {
    const list = await api('GET', '/api/v1/users');
    const me = currentUser();
    replace(users, h('table', {},
      h('tr', {}, h('th', {}, 'User'), h('th', {}, 'Role'), h('th', {}, 'Created'), h('th', {}, 'Actions')),
      list.map((u) => h('tr', { 'data-user': u.name },
        h('td', {}, h('b', {}, u.name), u.system ? h('div', { class: 'muted' }, 'system admin: manages accounts') : null),
        h('td', {}, u.role), h('td', { class: 'time' }, fmtTime(u.createdAt)),
        h('td', {}, u.name === me.name ? h('span', { class: 'muted' }, 'you') : h('button', { class: 'danger', id: `delete-user-${u.name}`,
          onclick: act(async () => {
            if (await confirmAction(`Delete user ${u.name}? They can no longer sign in.`, 'Delete user')) {
              await api('DELETE', `/api/v1/users/${enc(u.name)}`);
            }
          }) }, 'Delete'))))));
  };
  const loadTokens = async () => {
    const list = await api('GET', '/api/v1/tokens');
    replace(tokens, list.length === 0 ? h('p', { class: 'muted' }, 'No token yet.') : h('table', {},
      h('tr', {}, h('th', {}, 'Token'), h('th', {}, 'Role'), h('th', {}, 'For'), h('th', {}, 'Subjects'), h('th', {}, 'Created'),
        h('th', {}, 'Expires'), h('th', {}, 'Last used'), h('th', {}, 'Actions')),
      list.map((t) => h('tr', { 'data-token': t.name, 'data-token-id': t.id },
        h('td', {}, h('b', {}, t.name), h('div', { class: 'muted mono' }, `${t.prefix}…`)),
        h('td', {}, t.role), h('td', {}, t.owner ? `user ${t.owner}` : 'the account'),
        h('td', {}, t.subjects.length ? t.subjects.join(', ') : (t.role === 'ingest' ? 'all' : '—')),
        h('td', { class: 'time' }, fmtTime(t.createdAt), h('div', { class: 'muted' }, `by ${t.createdBy}`)),
        h('td', { class: 'time' }, t.expiresAt ? fmtTime(t.expiresAt) : 'never'),
        h('td', { class: 'time' }, t.lastUsedAt ? fmtTime(t.lastUsedAt) : 'never'),
        h('td', {}, h('button', { class: 'danger', id: `revoke-${t.id}`, onclick: act(async () => {
          if (await confirmAction(`Revoke token ${t.name} (${t.prefix}…)? Whatever uses it is refused from now on.`, 'Revoke')) {
            await api('DELETE', `/api/v1/tokens/${enc(t.id)}`);
            replace(created);
          }
        }) }, 'Revoke'))))));
  };

  const userBox = problemBox();
  const userForm = h('form', { class: 'grid', id: 'create-user' },
    field('new-user', 'User name', 'name', h('input', { autocomplete: 'off', required: true }),
      h('div', { class: 'hint' }, 'unique on the server: letters, digits, Chinese characters, _ . @ or -')),
    field('new-user', 'Password', 'password', h('input', { type: 'password', autocomplete: 'new-password', required: true }),
      h('div', { class: 'hint' }, 'at least 12 characters; tell it to the user, who can change it')),
    field('new-user', 'Role', 'role', h('select', {},
      h('option', { value: 'viewer' }, 'viewer: reads everything, changes nothing'),
      h('option', { value: 'operator' }, 'operator: also manages log sets, subjects, buckets and dump tasks'),
      h('option', { value: 'admin' }, 'admin: also manages users and tokens, reads the audit log'))),
    h('div', { class: 'full' }, userBox, h('button', { class: 'primary', type: 'submit' }, 'Create user')));
  userForm.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearProblem(userForm, userBox);
    try {
      await api('POST', '/api/v1/users', { name: userForm.name.value.trim(), password: userForm.password.value, role: userForm.role.value });
      userForm.reset();
      await loadUsers();
    } catch (e) { showProblem(userForm, userBox, e); }
  });

  const tokenBox = problemBox();
  const tokenForm = h('form', { class: 'grid', id: 'create-token' },
    field('new-token', 'Token name', 'name', h('input', { autocomplete: 'off', required: true }),
      h('div', { class: 'hint' }, 'what uses it, e.g. shipper on web-1')),
    field('new-token', 'Role', 'role', h('select', {},
      ['ingest', 'viewer', 'operator', 'admin'].map((r) => h('option', { value: r }, r === 'ingest' ? 'ingest: sends logs only' : r)))),
    field('new-token', 'For', 'owner', h('select', {},
      h('option', { value: 'me' }, 'me: it acts as me, never with more rights than I have'),
      h('option', { value: 'account' }, 'the account: it outlives my user'))),
    field('new-token', 'Subjects', 'subjects', h('input', { autocomplete: 'off', placeholder: 'shop/nginx, shop/app' }),
      h('div', { class: 'hint' }, 'for an ingest token: the log set/subject names it may send to, comma-separated; empty: all')),
    field('new-token', 'Expires at', 'expiresAt', h('input', { autocomplete: 'off', placeholder: '2027-01-31T00:00:00Z' }),
      h('div', { class: 'hint' }, 'empty: never')),
    h('div', { class: 'full' }, tokenBox, h('button', { class: 'primary', type: 'submit' }, 'Create token')));
  tokenForm.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearProblem(tokenForm, tokenBox);
    const body = { name: tokenForm.name.value.trim(), role: tokenForm.role.value, owner: tokenForm.owner.value };
    const subjects = tokenForm.subjects.value.split(',').map((x) => x.trim()).filter((x) => x);
    if (subjects.length) body.subjects = subjects;
    if (tokenForm.expiresAt.value.trim()) body.expiresAt = tokenForm.expiresAt.value.trim();
    try {
      const token = await api('POST', '/api/v1/tokens', body);
      tokenForm.reset();
      replace(created, newToken(token));
      document.getElementById('new-token-secret').focus();
      document.getElementById('new-token-secret').select();
      await loadTokens();
    } catch (e) { showProblem(tokenForm, tokenBox, e); }
  });

  render(h('h1', {}, 'Users and tokens'),
    h('p', { class: 'muted' }, 'The people who sign in to this account, and the API tokens that scripts and log shippers use.'),
    report,
    h('h2', {}, 'Users'), users, h('h3', {}, 'Create a user'), h('div', { class: 'card' }, userForm),
    h('h2', {}, 'API tokens'), created, tokens, h('h3', {}, 'Create a token'), h('div', { class: 'card' }, tokenForm));
  await Promise.all([loadUsers(), loadTokens()]);
  return undefined;
}

/** A new token's secret, shown only this once, with a Copy button. */
function newToken(token) {
  const secret = h('input', { id: 'new-token-secret', class: 'mono', readonly: true, value: token.token, 'aria-label': 'The new token' });
  const copied = h('span', { class: 'muted', id: 'copy-status', role: 'status' });
  return h('div', { class: 'notice', id: 'new-token' },
    h('div', {}, h('b', {}, `Token ${token.name} created.`), ' Copy it now: it is shown only this once, and cannot be seen again.'),
    h('div', { class: 'actions', style: 'margin-top: 6px' }, secret,
      h('button', { type: 'button', id: 'copy-token', onclick: async () => {
        try {
          await navigator.clipboard.writeText(token.token);
          copied.textContent = 'Copied.';
        } catch {
          secret.focus();
          secret.select();
          copied.textContent = 'Press Ctrl+C (⌘C) to copy the selected token.';
        }
      } }, 'Copy'), copied));
}

/**
 * One labelled row of a grid form, as dom.row but with ids of its own form (form-name, err-form-name),
 * for pages with two forms that have fields of the same name.
 */
function field(form, label, name, input, ...below) {
  input.id = `${form}-${name}`;
  input.name = name;
  const errorId = `err-${form}-${name}`;
  input.setAttribute('aria-describedby', errorId);
  return [
    h('label', { for: input.id }, label),
    h('div', {}, input, ...below, h('div', { class: 'field-error', id: errorId, 'data-error-for': name, 'aria-live': 'polite' })),
  ];
}

function adminsOnly(title, what) {
  render(h('h1', {}, title), h('p', { class: 'notice' }, `Only an admin of the account ${what}.`));
}
