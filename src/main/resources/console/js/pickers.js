// The log set → subject → task pickers of Log Dump and Dump History, kept in the page's address.
import { api, enc, h, hashParams } from './dom.js';

/**
 * Three selects filtering each other. onChange({logset, subject, task}) runs on every choice; the
 * choice is written to the hash query so a reload or a link keeps it.
 */
export async function taskPickers(page, onChange) {
  const params = hashParams();
  const [logsets, tasks] = await Promise.all([api('GET', '/api/v1/logsets'), api('GET', '/api/v1/dump-tasks')]);
  const logsetSel = h('select', { id: 'pick-logset' });
  const subjectSel = h('select', { id: 'pick-subject' });
  const taskSel = h('select', { id: 'pick-task' });
  const fill = (sel, options, value) => {
    sel.replaceChildren(h('option', { value: '' }, 'all'), ...options.map(([v, label]) => h('option', { value: v }, label)));
    sel.value = options.some(([v]) => v === value) ? value : '';
  };
  const subjectsOf = async (ls) => (ls ? (await api('GET', `/api/v1/logsets/${enc(ls)}/subjects`)).map((s) => s.name) : [...new Set(tasks.map((t) => t.subject))]);
  const refill = async (p) => {
    fill(logsetSel, logsets.map((l) => [l.name, l.name]), p.logset);
    fill(subjectSel, (await subjectsOf(logsetSel.value)).map((s) => [s, s]), p.subject);
    fill(taskSel, tasks.filter((t) => (!logsetSel.value || t.logset === logsetSel.value) && (!subjectSel.value || t.subject === subjectSel.value))
      .map((t) => [t.id, `${t.name} (${t.id})`]), p.task);
  };
  const current = () => ({ logset: logsetSel.value, subject: subjectSel.value, task: taskSel.value });
  const changed = async () => {
    await refill(current());
    const c = current();
    const q = new URLSearchParams(Object.entries(c).filter(([, v]) => v)).toString();
    history.replaceState(null, '', `#/${page}${q ? `?${q}` : ''}`);
    onChange(c);
  };
  [logsetSel, subjectSel, taskSel].forEach((s) => s.addEventListener('change', changed));
  await refill(params);
  return {
    element: h('div', { class: 'filters' },
      h('label', { for: 'pick-logset' }, 'Log set', logsetSel),
      h('label', { for: 'pick-subject' }, 'Subject', subjectSel),
      h('label', { for: 'pick-task' }, 'Dump task', taskSel)),
    current,
    tasks,
  };
}
