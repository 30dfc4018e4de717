// The dump-task table shared by Dump Configuration and Log Dump: status, last dump, lag, files,
// failures, and the Stop Dumping / Start / Modify / Delete / View actions.
import { api, enc, h, badge, confirmAction, fmtNum, fmtBytes, fmtDuration, fmtTime, mayOperate } from './dom.js';

/** When the task's newest succeeded file finished, or null. */
async function lastDump(task) {
  const page = await api('GET', `/api/v1/dump-tasks/${enc(task.id)}/files?status=SUCCEEDED&limit=1`);
  return page.items.length ? page.items[0].finishedAt : null;
}

/**
 * A table of tasks. options: showSubject (log set and subject columns), onModify(task) (adds Modify
 * and Delete), reload() after an action, report(message) to show an action's error. A viewer gets
 * View only: no Stop Dumping, Start, Modify or Delete.
 */
export async function tasksTable(tasks, options) {
  const last = await Promise.all(tasks.map((t) => lastDump(t).catch(() => null)));
  return h('table', { class: 'tasks' },
    h('tr', {},
      h('th', {}, 'Task'), options.showSubject ? [h('th', {}, 'Log set'), h('th', {}, 'Subject')] : null,
      h('th', {}, 'Status'), h('th', {}, 'Bucket / prefix'), h('th', {}, 'Last dump'), h('th', { class: 'num' }, 'Lag'),
      h('th', { class: 'num' }, 'Files'), h('th', { class: 'num' }, 'Failures'), h('th', {}, 'Actions')),
    tasks.map((t, i) => h('tr', { 'data-task': t.name, 'data-task-id': t.id },
      h('td', {}, h('b', {}, t.name), h('div', { class: 'muted' }, t.id)),
      options.showSubject ? [h('td', {}, t.logset), h('td', {}, t.subject)] : null,
      h('td', {}, badge(t.status), t.status === 'WAITING' && t.counters.nextDumpTime
        ? h('div', { class: 'muted' }, `starts ${fmtTime(t.counters.nextDumpTime)}`) : null),
      h('td', { class: 'key' }, `${t.bucket}/${t.prefix}`),
      h('td', {}, fmtTime(last[i])),
      h('td', { class: 'num' }, `${fmtNum(t.counters.lagRecords)} records`, h('div', { class: 'muted' }, fmtDuration(t.counters.lagSeconds))),
      h('td', { class: 'num' }, fmtNum(t.counters.files), h('div', { class: 'muted' }, `${fmtNum(t.counters.records)} records · ${fmtBytes(t.counters.bytes)}`)),
      h('td', { class: 'num' }, t.counters.failedFiles ? h('span', { class: 'badge FAILED' }, fmtNum(t.counters.failedFiles)) : '0'),
      h('td', {}, h('div', { class: 'actions' }, actions(t, options))))));
}

function actions(t, options) {
  const act = (fn) => async () => {
    try {
      await fn();
    } catch (e) {
      options.report(e.message);
    }
    await options.reload();
  };
  const out = [];
  const operate = mayOperate();
  if (!operate) {
    // a viewer only looks
  } else if (t.status === 'STOPPED') {
    out.push(h('button', { id: `start-${t.id}`, onclick: act(() => api('POST', `/api/v1/dump-tasks/${enc(t.id)}/start`)) }, 'Start'));
  } else {
    out.push(h('button', { id: `stop-${t.id}`, class: 'danger', onclick: act(async () => {
      if (await confirmAction(`Stop dumping task ${t.name}? The open file is finished or discarded without losing records; starting again resumes where it stopped.`, 'Stop Dumping')) {
        await api('POST', `/api/v1/dump-tasks/${enc(t.id)}/stop`);
      }
    }) }, 'Stop Dumping'));
  }
  if (operate && options.onModify) out.push(h('button', { id: `modify-${t.id}`, onclick: () => options.onModify(t) }, 'Modify'));
  out.push(h('a', { class: 'button', id: `view-${t.id}`,
    href: `#/history?logset=${enc(t.logset)}&subject=${enc(t.subject)}&task=${enc(t.id)}` }, 'View'));
  if (operate && options.onModify) {
    out.push(h('button', { id: `delete-${t.id}`, class: 'danger', onclick: act(async () => {
      if (await confirmAction(`Delete task ${t.name}? Its files stay in the bucket and its history stays readable.`, 'Delete')) {
        await api('DELETE', `/api/v1/dump-tasks/${enc(t.id)}`);
      }
    }) }, 'Delete'));
  }
  return out;
}
