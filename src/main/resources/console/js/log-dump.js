// Log Dump: every dump task across log sets and subjects, filtered by log set, subject and task,
// with Stop Dumping (the second way to stop a task) and Start.
import { api, h, render, replace, every } from './dom.js';
import { tasksTable } from './tasks.js';
import { taskPickers } from './pickers.js';

export async function logDumpPage() {
  const list = h('div', {});
  const report = h('div', { class: 'problem', role: 'alert' });
  const load = async () => {
    const c = pickers.current();
    const q = new URLSearchParams(Object.entries({ logset: c.logset, subject: c.subject }).filter(([, v]) => v)).toString();
    let tasks = await api('GET', `/api/v1/dump-tasks${q ? `?${q}` : ''}`);
    if (c.task) tasks = tasks.filter((t) => t.id === c.task);
    replace(list, tasks.length
      ? await tasksTable(tasks, { showSubject: true, reload: load, report: (m) => { report.textContent = m; } })
      : h('p', { class: 'muted' }, 'No dump task matches.'));
  };
  const pickers = await taskPickers('log-dump', () => load());
  render(h('h1', {}, 'Log Dump'),
    h('p', { class: 'muted' }, 'Every dump task of every log set. Create and modify tasks from a subject\'s ',
      h('a', { href: '#/logsets' }, 'Dump Configuration'), '.'),
    pickers.element, report, list);
  await load();
  return every(3000, load);
}
