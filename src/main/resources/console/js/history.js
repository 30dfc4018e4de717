// Dump History: pick a log set, subject and task; every file with its status, size, records, time
// range and error; Retry on a failed file inside its one-hour window; the task's operations log.
import { api, enc, h, render, replace, badge, fmtBytes, fmtNum, fmtTime, fmtDuration, serverClockOffset, every, mayOperate } from './dom.js';
import { taskPickers } from './pickers.js';

export async function historyPage() {
  const files = h('div', {});
  const operations = h('div', {});
  const report = h('div', { class: 'problem', role: 'alert' });
  const statusSel = h('select', { id: 'pick-status' }, ['', 'WRITING', 'UPLOADING', 'SUCCEEDED', 'FAILED', 'EXPIRED']
    .map((s) => h('option', { value: s }, s || 'all')));
  let offset = await serverClockOffset();
  let pages = [null];
  const openErrors = new Set();
  const load = async () => {
    const c = pickers.current();
    const q = new URLSearchParams(Object.entries({ logset: c.logset, subject: c.subject, task: c.task, status: statusSel.value, limit: '50' })
      .filter(([, v]) => v));
    const cursor = pages[pages.length - 1];
    if (cursor) q.set('cursor', cursor);
    const page = await api('GET', `/api/v1/dump-history?${q}`);
    const names = Object.fromEntries(pickers.tasks.map((t) => [t.id, t.name]));
    replace(files, h('div', { class: 'scroll' }, fileTable(page.items, names, Date.now() + offset, load, report, openErrors)),
      h('div', { class: 'actions', style: 'margin-top: 8px' },
        pages.length > 1 ? h('button', { id: 'newer', onclick: () => { pages.pop(); load(); } }, 'Newer files') : null,
        page.next ? h('button', { id: 'older', onclick: () => { pages.push(page.next); load(); } }, 'Older files') : null));
    offerWholeErrors(files);
    if (c.task) {
      const ops = await api('GET', `/api/v1/dump-tasks/${enc(c.task)}/operations`);
      replace(operations, h('h2', {}, 'Operations log'), h('table', { id: 'operations' },
        h('tr', {}, h('th', {}, 'Time'), h('th', {}, 'Operation'), h('th', {}, 'Detail')),
        ops.slice().reverse().map((o) => h('tr', {}, h('td', {}, fmtTime(o.time)), h('td', {}, o.operation), h('td', {}, o.detail || '')))));
    } else {
      replace(operations, h('p', { class: 'muted' }, 'Pick a dump task to see its operations log.'));
    }
  };
  const pickers = await taskPickers('history', () => { pages = [null]; load(); });
  statusSel.addEventListener('change', () => { pages = [null]; load(); });
  pickers.element.append(h('label', { for: 'pick-status' }, 'Status', statusSel));
  render(h('h1', {}, 'Dump History'),
    h('p', { class: 'muted' }, 'Every file written by the dump tasks, newest first. A failed file can be retried for one hour after its failure.'),
    pickers.element, report, files, operations);
  await load();
  return every(3000, async () => {
    offset = await serverClockOffset();
    await load();
  });
}

function fileTable(items, names, now, reload, report, openErrors) {
  if (!items.length) return h('p', { class: 'muted' }, 'No file yet.');
  return h('table', { id: 'files' },
    h('tr', {}, h('th', {}, 'Status'), h('th', {}, 'Task'), h('th', {}, 'Object'), h('th', { class: 'num' }, 'Records'),
      h('th', { class: 'num' }, 'Size'), h('th', {}, 'Log time range'), h('th', {}, 'Written'), h('th', {}, 'Error'), h('th', {}, 'Retry')),
    items.map((f) => h('tr', { 'data-file': f.id, 'data-status': f.status },
      h('td', {}, badge(f.status), f.attempts > 1 ? h('div', { class: 'muted' }, `${f.attempts} attempts`) : null),
      h('td', {}, names[f.taskId] || f.taskId, h('div', { class: 'muted' }, `batch ${f.batch}`)),
      h('td', { class: 'key' }, `${f.bucket}/${f.objectKey}`),
      h('td', { class: 'num' }, fmtNum(f.records)),
      h('td', { class: 'num time' }, fmtBytes(f.storedBytes), h('div', { class: 'muted' }, `${fmtBytes(f.rawBytes)} raw`)),
      h('td', { class: 'time' }, fmtTime(f.minLogTime), h('div', {}, `→ ${fmtTime(f.maxLogTime)}`)),
      h('td', { class: 'time' }, written(f.finishedAt || f.createdAt)),
      h('td', { class: 'error' }, f.error ? errorText(f, openErrors) : ''),
      h('td', { class: 'retry' }, retryCell(f, now, reload, report)))));
}

/** The date over the time of day, so that the column stays narrow. */
function written(iso) {
  const [date, time] = fmtTime(iso).split(' ');
  return time ? [date, h('div', {}, time)] : date;
}

/**
 * A file's error, cut to a few lines; "Show all" (offered only when the text is cut) unfolds it,
 * and the file stays unfolded across the page's refreshes.
 */
function errorText(f, openErrors) {
  const open = openErrors.has(f.id);
  const text = h('div', { class: 'error-text', id: `error-${f.id}` }, f.error);
  const toggle = h('button', { type: 'button', class: 'link', id: `error-toggle-${f.id}`, 'aria-controls': text.id,
    'aria-expanded': String(open), onclick: () => {
      const now = !openErrors.has(f.id);
      if (now) openErrors.add(f.id); else openErrors.delete(f.id);
      cell.classList.toggle('open', now);
      toggle.setAttribute('aria-expanded', String(now));
      toggle.textContent = now ? 'Show less' : 'Show all';
    } }, open ? 'Show less' : 'Show all');
  const cell = h('div', { class: open ? 'error-box open' : 'error-box' }, text, toggle);
  return cell;
}

/** Hides "Show all" under the errors that fit in their few lines. */
function offerWholeErrors(container) {
  container.querySelectorAll('.error-box').forEach((box) => {
    const text = box.querySelector('.error-text');
    const cut = text.scrollHeight > text.clientHeight + 1;
    box.querySelector('button').hidden = !box.classList.contains('open') && !cut;
  });
}

/**
 * Retry is offered on a FAILED file while its window is open, with the time left; otherwise the
 * reason. A viewer sees the time left or the reason without the button.
 */
function retryCell(f, now, reload, report) {
  if (f.status !== 'FAILED' && f.status !== 'EXPIRED') return null;
  const until = f.retryableUntil ? Date.parse(f.retryableUntil) : null;
  const open = f.status === 'FAILED' && until !== null && until > now;
  const why = open
    ? `${fmtDuration((until - now) / 1000)} left`
    : `Retry window expired at ${fmtTime(f.retryableUntil)}`;
  const note = h('div', { class: open ? 'muted' : 'field-error', id: `retry-note-${f.id}` }, why);
  if (!mayOperate()) return note; // a viewer sees the window, not the button
  const button = h('button', { id: `retry-${f.id}`, disabled: !open, onclick: async () => {
    button.disabled = true;
    try {
      await api('POST', `/api/v1/dump-tasks/${enc(f.taskId)}/files/${enc(f.id)}/retry`);
      report.textContent = '';
    } catch (e) {
      report.textContent = e.message;
    }
    await reload();
  } }, 'Retry');
  return [button, note];
}
