// Log sets and their subjects, and a subject's collection configuration with a live preview.
import { api, enc, h, render, replace, row, problemBox, showProblem, clearProblem, debounce, fmtNum, fmtBytes, fmtTime, mayOperate } from './dom.js';

export async function logSetsPage() {
  const list = h('div', {});
  const regions = await api('GET', '/api/v1/regions');
  const box = problemBox();
  const form = h('form', { class: 'grid', id: 'create-logset' },
    row('Name', 'name', h('input', { required: true, autocomplete: 'off' })),
    row('Region', 'region', h('select', {}, regions.map((r) => h('option', { value: r.name }, `${r.name} (${r.objectStore})`)))),
    row('Description', 'description', h('input', { autocomplete: 'off' })),
    h('div', { class: 'full' }, box, h('button', { class: 'primary', type: 'submit' }, 'Create log set')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearProblem(form, box);
    const body = { name: form.name.value.trim(), region: form.region.value };
    if (form.description.value.trim()) body.description = form.description.value.trim();
    try {
      await api('POST', '/api/v1/logsets', body);
      form.reset();
      await load();
    } catch (e) { showProblem(form, box, e); }
  });
  render(h('h1', {}, 'Log Sets'),
    h('p', { class: 'muted' }, 'A log set groups log subjects in one region; each subject has a collection configuration and its dump tasks.'),
    list, mayOperate() ? [h('h2', {}, 'Create a log set'), h('div', { class: 'card' }, form)] : null);
  const load = async () => {
    const logsets = await api('GET', '/api/v1/logsets');
    const sections = await Promise.all(logsets.map(async (ls) => logSetSection(ls, await api('GET', `/api/v1/logsets/${enc(ls.name)}/subjects`), load)));
    replace(list, logsets.length ? sections
      : h('p', { class: 'notice' }, mayOperate() ? 'No log set yet: create one below.' : 'No log set yet.'));
  };
  await load();
}

function logSetSection(ls, subjects, reload) {
  const box = problemBox();
  const form = h('form', { class: 'actions', id: `create-subject-${ls.name}` },
    h('label', { for: `subject-name-${ls.name}` }, 'New subject'),
    h('input', { id: `subject-name-${ls.name}`, name: 'name', placeholder: 'name', style: 'width: 200px', autocomplete: 'off' }),
    h('label', { for: `subject-retention-${ls.name}` }, 'Retention (hours)'),
    h('input', { id: `subject-retention-${ls.name}`, name: 'retentionHours', type: 'number', min: 1, value: 72, style: 'width: 90px' }),
    h('button', { type: 'submit' }, 'Create subject'),
    h('span', { class: 'field-error', 'data-error-for': 'name' }),
    h('span', { class: 'field-error', 'data-error-for': 'retentionHours' }));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearProblem(form, box);
    try {
      await api('POST', `/api/v1/logsets/${enc(ls.name)}/subjects`,
        { name: form.name.value.trim(), retentionHours: Number(form.retentionHours.value) });
      await reload();
    } catch (e) { showProblem(form, box, e); }
  });
  return h('section', { class: 'card', 'data-logset': ls.name },
    h('h2', { style: 'margin-top: 0' }, ls.name, h('span', { class: 'muted' }, ` · region ${ls.region}`),
      ls.description ? h('span', { class: 'muted' }, ` · ${ls.description}`) : null),
    subjects.length === 0 ? h('p', { class: 'muted' }, 'No subject yet.') :
      h('table', {},
        h('tr', {}, h('th', {}, 'Subject'), h('th', { class: 'num' }, 'Records'), h('th', { class: 'num' }, 'Stored'),
          h('th', {}, 'Last log time'), h('th', {}, 'Collection configuration'), h('th', {}, 'Dump')),
        subjects.map((s) => {
          const base = `#/logsets/${enc(ls.name)}/subjects/${enc(s.name)}`;
          return h('tr', { 'data-subject': s.name },
            h('td', {}, h('a', { href: base }, s.name)),
            h('td', { class: 'num' }, fmtNum(s.stats.records)), h('td', { class: 'num' }, fmtBytes(s.stats.bytes)),
            h('td', {}, fmtTime(s.stats.lastLogTime)),
            h('td', {}, h('a', { href: base }, collectionLink(s.hasCollection))),
            h('td', {}, h('a', { href: `${base}/dump` }, 'Dump Configuration')));
        })),
    mayOperate() ? [form, box] : null);
}

/** The subject table's link to the collection configuration, in words that fit the user's role. */
function collectionLink(has) {
  if (mayOperate()) return has ? 'Edit' : 'Create (required before dumping)';
  return has ? 'View' : 'None yet';
}

const TIME_FORMATS = ['iso8601', 'epoch_seconds', 'epoch_millis', 'yyyy-MM-dd HH:mm:ss', 'dd/MMM/yyyy:HH:mm:ss Z', 'EEE MMM dd HH:mm:ss yyyy'];

export async function subjectPage(logset, subject) {
  const base = `/api/v1/logsets/${enc(logset)}/subjects/${enc(subject)}`;
  const [s, config] = await Promise.all([api('GET', base), api('GET', `${base}/collection`).catch((e) => {
    if (e.status === 404) return null;
    throw e;
  })]);
  const box = problemBox();
  const saved = h('span', { class: 'muted', role: 'status' });
  const c = config || { parser: { type: 'raw' }, onParseError: 'keep_raw' };
  const form = h('form', { class: 'grid', id: 'collection' },
    row('Parser', 'parser', h('select', {}, ['raw', 'json', 'regex', 'delimiter'].map((t) => h('option', { value: t }, t))),
      h('div', { class: 'hint' }, 'raw: the whole line; json: the object\'s members; regex: named groups (?<name>...); delimiter: fields split by one character')),
    row('Pattern', 'pattern', h('input', { autocomplete: 'off', value: c.parser.pattern || '', placeholder: '(?<time>\\S+ \\S+) (?<level>\\w+) (?<message>.*)' })),
    row('Delimiter', 'delimiter', h('input', { autocomplete: 'off', value: c.parser.delimiter || ',', maxlength: 1, style: 'width: 60px' })),
    row('Field names', 'fields', h('input', { autocomplete: 'off', value: (c.parser.fields || []).join(', '), placeholder: 'time, level, message' }),
      h('div', { class: 'hint' }, 'comma-separated, in the order of the line')),
    row('Log time field', 'timeField', h('input', { autocomplete: 'off', value: c.time ? c.time.field : '', placeholder: 'empty: the receive time is the log time' })),
    row('Log time format', 'timeFormat', h('input', { autocomplete: 'off', list: 'time-formats', value: c.time ? c.time.format : 'iso8601' }),
      h('datalist', { id: 'time-formats' }, TIME_FORMATS.map((f) => h('option', { value: f }))),
      h('div', { class: 'hint' }, 'iso8601, epoch_seconds, epoch_millis, or a Java date pattern such as yyyy-MM-dd HH:mm:ss')),
    row('Time zone', 'timeZone', h('input', { autocomplete: 'off', value: c.time ? (c.time.timeZone || 'UTC') : 'UTC' })),
    row('A line that does not parse', 'onParseError', h('select', {},
      h('option', { value: 'keep_raw' }, 'keep it raw'), h('option', { value: 'reject' }, 'reject it'))),
    row('Sample lines', 'lines', h('textarea', { rows: 5, placeholder: 'paste a few log lines to see how they parse' })),
    h('div', { class: 'full' }, box, mayOperate()
      ? h('div', { class: 'actions' },
        h('button', { class: 'primary', type: 'submit' }, config ? 'Save collection configuration' : 'Create collection configuration'), saved)
      : h('div', { class: 'hint', id: 'read-only' }, 'Your role (viewer) can try the preview; an operator or admin saves the configuration.')));
  form.parser.value = c.parser.type;
  form.onParseError.value = c.onParseError || 'keep_raw';
  const preview = h('div', { id: 'preview' }, h('p', { class: 'muted' }, 'Paste sample lines to see how they parse.'));

  const body = () => {
    const type = form.parser.value;
    const parser = { type };
    if (type === 'regex') parser.pattern = form.pattern.value;
    if (type === 'delimiter') {
      parser.delimiter = form.delimiter.value;
      parser.fields = form.fields.value.split(',').map((x) => x.trim()).filter((x) => x);
    }
    const out = { parser, onParseError: form.onParseError.value };
    if (form.timeField.value.trim()) {
      out.time = { field: form.timeField.value.trim(), format: form.timeFormat.value.trim(), timeZone: form.timeZone.value.trim() || 'UTC' };
    }
    return out;
  };
  const showFor = () => {
    const type = form.parser.value;
    const toggle = (name, on) => {
      const input = form[name];
      input.closest('div').hidden = !on;
      form.querySelector(`label[for="${input.id}"]`).hidden = !on;
    };
    toggle('pattern', type === 'regex');
    toggle('delimiter', type === 'delimiter');
    toggle('fields', type === 'delimiter');
  };
  const runPreview = debounce(async () => {
    const lines = form.lines.value.split(/\r?\n/).filter((l) => l.length);
    if (!lines.length) return;
    try {
      const res = await api('POST', `${base}/collection/preview`, { ...body(), lines: lines.slice(0, 100) });
      clearProblem(form, box);
      replace(preview, previewTable(res.items));
    } catch (e) {
      showProblem(form, box, e);
      replace(preview, h('p', { class: 'muted' }, 'Fix the configuration to see the preview.'));
    }
  }, 250);
  const changed = () => { showFor(); saved.textContent = ''; runPreview(); };
  form.addEventListener('input', changed);
  form.addEventListener('change', changed);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (!mayOperate()) return; // Enter in a field of a viewer's form
    clearProblem(form, box);
    try {
      await api('PUT', `${base}/collection`, body());
      saved.textContent = 'Saved.';
    } catch (e) { showProblem(form, box, e); }
  });
  showFor();
  render(
    h('div', { class: 'crumbs' }, h('a', { href: '#/logsets' }, 'Log Sets'), ` › ${logset} › ${subject}`),
    h('h1', {}, `Subject ${subject}`),
    h('p', { class: 'muted' }, `${fmtNum(s.stats.records)} records stored (${fmtBytes(s.stats.bytes)}), kept ${s.retentionHours} h.`),
    h('h2', {}, 'Collection configuration'),
    config ? null : h('p', { class: 'notice' }, 'This subject has no collection configuration yet: logs cannot be sent and no dump task can be created until it has one.'),
    h('div', { class: 'split' }, h('div', { class: 'card' }, form), h('div', { class: 'card' }, h('h3', { style: 'margin-top: 0' }, 'Preview'), preview)),
    h('h2', {}, 'Dump Configuration'),
    h('div', { class: 'card' }, h('p', {}, 'Dump tasks ship this subject into a bucket of the log set\'s region.'),
      h('a', { class: 'button primary', href: `#/logsets/${enc(logset)}/subjects/${enc(subject)}/dump`, id: 'open-dump-configuration' }, 'Dump Configuration')));
}

function previewTable(items) {
  return h('table', { class: 'preview' },
    h('tr', {}, h('th', {}, '#'), h('th', {}, 'Log time'), h('th', {}, 'Fields or error')),
    items.map((it) => h('tr', {},
      h('td', {}, it.line),
      h('td', {}, it.time ? fmtTime(it.time) + (it.timeFromLog ? '' : ' (receive time)') : '—'),
      h('td', { class: it.accepted ? '' : 'bad' }, it.error
        ? `${it.accepted ? 'kept raw: ' : 'rejected: '}${it.error}`
        : Object.entries(it.fields || {}).map(([k, v]) => h('div', {}, h('b', {}, k), ' = ', typeof v === 'string' ? v : JSON.stringify(v)))))));
}
