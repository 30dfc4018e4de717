// Small helpers shared by every page: element building, the API client, formatting, confirmation.

/** Builds an element: h('button', {class: 'primary', onclick: f}, 'Save'). Strings become text, never HTML. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'value') el.value = v;
    else if (k === 'checked') el.checked = !!v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** An error answered by the server: its problem document (status, detail, errors[{field, message}]). */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

/**
 * The console's session, in memory only: the CSRF token its state-changing requests carry, the
 * signed-in user (GET /api/v1/me), the sign-in under way after a 401 (a promise; requests wait for
 * it), and the page generation, which a new page or another user's sign-in moves on.
 */
const session = { csrfToken: null, user: null, signingIn: null, generation: 0, onUnauthorized: null };

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The signed-in user: {name, account, role, ...}, or null. */
export function currentUser() {
  return session.user;
}

/** Keeps the user and the CSRF token of a new or recovered session (null: signed out). */
export function setSession(me, csrfToken) {
  session.user = me;
  session.csrfToken = me ? (csrfToken || me.csrfToken || session.csrfToken) : null;
}

/** Whether the signed-in user may change things (operators and admins); viewers only read. */
export function mayOperate() {
  return session.user?.role === 'operator' || session.user?.role === 'admin';
}

/** Whether the signed-in user manages the account's users and tokens and reads its audit log. */
export function isAdmin() {
  return session.user?.role === 'admin';
}

/**
 * What happens on a 401: handler(problem) shows the sign-in page and returns a promise that settles
 * once someone has signed in again. The requests that got the 401 are then sent again, unless the
 * page they were for has gone meanwhile (see newPage).
 */
export function onUnauthorized(handler) {
  session.onUnauthorized = handler;
}

/** Whether the sign-in page is shown after a 401. */
export function signingIn() {
  return session.signingIn !== null;
}

/** A new page (or a new user, or none): the requests of the pages before it are dropped. Answers its number. */
export function newPage() {
  session.generation += 1;
  return session.generation;
}

/** The number of the page shown now (see newPage). */
export function pageNumber() {
  return session.generation;
}

/**
 * One request to the server with the console's headers: X-Requested-With (so that a 401 never makes
 * the browser ask for a password itself) and, on a state-changing request, the session's CSRF token.
 * Answers {status, ok, headers, json}; throws ApiError(0) when the server cannot be reached. A 401
 * is answered like any other status: api() is what turns it into the sign-in page.
 */
export async function request(method, path, body) {
  const init = { method, headers: { Accept: 'application/json', 'X-Requested-With': 'logdump-console' } };
  if (STATE_CHANGING.has(method) && session.csrfToken) init.headers['X-CSRF-Token'] = session.csrfToken;
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(path, init);
  } catch (e) {
    throw new ApiError(0, { detail: 'The server cannot be reached.' });
  }
  const text = await res.text();
  let json = null;
  if (text) {
    try { json = JSON.parse(text); } catch { json = { detail: text }; }
  }
  return { status: res.status, ok: res.ok, headers: res.headers, json };
}

/**
 * Calls the REST API, the way every page does: JSON in and out; a 4xx/5xx throws an ApiError with
 * the problem document. A 401 (the session has ended) shows the sign-in page; once the user has
 * signed in again the request is sent again and the page goes on where it was. A request whose
 * page has gone meanwhile (another page, Sign out, another user) is never answered, so that it
 * cannot change the page shown now.
 */
export async function api(method, path, body) {
  const generation = session.generation;
  const gone = () => generation !== session.generation;
  for (;;) {
    if (session.signingIn) {
      await session.signingIn;
      if (gone()) return never();
    }
    let res;
    try {
      res = await request(method, path, body);
    } catch (e) {
      if (gone()) return never();
      throw e;
    }
    if (gone()) return never();
    if (res.status === 401 && session.onUnauthorized) {
      if (!session.signingIn) {
        session.signingIn = Promise.resolve(session.onUnauthorized(res.json || {})).finally(() => { session.signingIn = null; });
      }
      continue;
    }
    if (!res.ok) throw new ApiError(res.status, res.json || {});
    return res.json;
  }
}

function never() {
  return new Promise(() => {});
}

/**
 * Runs fn every ms milliseconds while its page is shown, never two runs at once and none while the
 * sign-in page is shown; an error waits for the next run. Returns the function that stops it.
 */
export function every(ms, fn) {
  let running = false;
  const timer = setInterval(async () => {
    if (running || session.signingIn || !session.user) return;
    running = true;
    try {
      await fn();
    } catch { /* shown on the next successful refresh */ } finally {
      running = false;
    }
  }, ms);
  return () => clearInterval(timer);
}

export const enc = encodeURIComponent;

/** Replaces the page content and moves focus to it (for keyboard and screen-reader users). */
export function render(...children) {
  const main = document.getElementById('main');
  main.replaceChildren(...present(children));
  main.focus({ preventScroll: true });
  return main;
}

/** Replaces an element's children, keeping the focus on an element with the same id if it had it. */
export function replace(el, ...children) {
  const focused = document.activeElement && el.contains(document.activeElement) ? document.activeElement.id : null;
  el.replaceChildren(...present(children));
  if (focused) document.getElementById(focused)?.focus();
}

function present(children) {
  return children.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false);
}

export function fmtTime(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

export function fmtBytes(n) {
  if (n === null || n === undefined) return '—';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return (i === 0 ? v : v.toFixed(v < 10 ? 2 : 1)) + ' ' + units[i];
}

export function fmtNum(n) {
  return n === null || n === undefined ? '—' : Number(n).toLocaleString('en-US');
}

export function fmtDuration(seconds) {
  if (seconds === null || seconds === undefined) return '—';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

export function badge(status) {
  return h('span', { class: `badge ${status}` }, status);
}

/** Asks for confirmation in a modal dialog; resolves true only when the user confirms. */
export function confirmAction(message, confirmLabel = 'Confirm') {
  const dialog = document.getElementById('confirm');
  document.getElementById('confirm-text').textContent = message;
  document.getElementById('confirm-ok').textContent = confirmLabel;
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true });
    dialog.returnValue = 'cancel';
    dialog.showModal();
    document.getElementById('confirm-cancel').focus();
  });
}

/** The problem box of a form: the server's messages that no field of the form shows, or nothing. */
export function problemBox() {
  return h('div', { class: 'problem', role: 'alert' });
}

/**
 * Shows an ApiError on a form, each server message once: every {field, message} next to the input
 * whose data-field names the field (or its first segment: "format.columns[0].type" goes to
 * "format", shown as "columns[0].type: message"); the errors that name no input in the form's
 * problem box as "field: message". The detail goes to the problem box only when the problem has no
 * errors: otherwise it only sums them up ("2 fields break a rule: name, prefix.") or repeats the
 * one message, which is shown already.
 */
export function showProblem(form, box, error) {
  clearProblem(form, box);
  const errors = (error.problem && error.problem.errors) || [];
  for (const e of errors) {
    const found = fieldSlot(form, e.field);
    if (found) {
      const { slot, name } = found;
      const rest = e.field === name ? '' : e.field.slice(name.length).replace(/^\./, '');
      addMessage(slot, rest ? `${rest}: ${e.message}` : e.message, e);
      const input = form.querySelector(`[name="${CSS.escape(name)}"]`);
      input?.classList.add('invalid');
      input?.setAttribute('aria-invalid', 'true');
    } else {
      addMessage(box, e.field ? `${e.field}: ${e.message}` : e.message, e);
    }
  }
  if (!errors.length) addMessage(box, error.message);
  const firstInvalid = form.querySelector('.invalid');
  if (firstInvalid) firstInvalid.focus();
}

/** Adds a message to a slot (or the problem box) as its own line, unless the slot shows it already. */
function addMessage(slot, text, e) {
  if (!text || [...slot.children].some((c) => c.textContent === text)) return;
  slot.append(h('div', { 'data-error': e ? errorKey(e) : null }, text));
}

function errorKey(e) {
  return `${e.field}: ${e.message}`;
}

/** The server's field errors a form shows now, each as "field: message". */
export function shownErrors(form) {
  return new Set([...form.querySelectorAll('[data-error]')].map((el) => el.dataset.error));
}

export function clearProblem(form, box) {
  box.replaceChildren();
  form.querySelectorAll('.field-error[data-error-for]').forEach((s) => s.replaceChildren());
  form.querySelectorAll('.invalid').forEach((s) => { s.classList.remove('invalid'); s.removeAttribute('aria-invalid'); });
}

/** The error slot of a field, or of its first segment, with the name it is for; or null. */
function fieldSlot(form, field) {
  if (!field) return null;
  const candidates = [field, field.split(/[.[]/)[0]];
  for (const name of candidates) {
    const slot = form.querySelector(`.field-error[data-error-for="${CSS.escape(name)}"]`);
    if (slot) return { slot, name };
  }
  return null;
}

/** One labelled row of a grid form: label, input, hint and the slot for the server's message. */
export function row(label, name, input, ...below) {
  input.id = input.id || `f-${name}`;
  input.name = input.name || name;
  const errorId = `err-${name}`;
  input.setAttribute('aria-describedby', errorId);
  return [
    h('label', { for: input.id }, label),
    h('div', {}, input, ...below, h('div', { class: 'field-error', id: errorId, 'data-error-for': name, 'aria-live': 'polite' })),
  ];
}

export function debounce(fn, ms) {
  let t;
  return (...args) => { clearTimeout(t); t = setTimeout(() => fn(...args), ms); };
}

/** Reads the query part of the hash: #/history?task=x → {task: 'x'}. */
export function hashParams() {
  const q = location.hash.split('?')[1] || '';
  return Object.fromEntries(new URLSearchParams(q));
}

/** The server's clock minus the browser's, in milliseconds (windows are measured on the server's time). */
export async function serverClockOffset() {
  const before = Date.now();
  const t = await api('GET', '/api/v1/time');
  return Date.parse(t.now) - (before + Date.now()) / 2;
}
