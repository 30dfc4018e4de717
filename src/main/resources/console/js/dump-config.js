// Dump Configuration of a subject: its dump tasks, and Create Dump Task / Modify with every field,
// live examples of the object keys, and the server's messages next to the fields they concern.
import { api, enc, h, render, replace, row, problemBox, showProblem, clearProblem, shownErrors, debounce, every, mayOperate } from './dom.js';
import { tasksTable } from './tasks.js';

export async function dumpConfigurationPage(logset, subject) {
  const ls = await api('GET', `/api/v1/logsets/${enc(logset)}`);
  const list = h('div', {});
  const formArea = h('div', {});
  const report = h('div', { class: 'problem', role: 'alert' });
  const subjectHref = `#/logsets/${enc(logset)}/subjects/${enc(subject)}`;
  let editing = false;
  const load = async () => {
    const tasks = await api('GET', `/api/v1/dump-tasks?logset=${enc(logset)}&subject=${enc(subject)}`);
    replace(list, tasks.length
      ? await tasksTable(tasks, { showSubject: false, reload: load, report: (m) => { report.textContent = m; }, onModify: (t) => openForm(t) })
      : h('p', { class: 'muted' }, 'No dump task yet.'));
  };
  const openForm = async (task) => {
    editing = true;
    report.textContent = '';
    replace(formArea, await taskForm(ls, subject, task, async () => {
      editing = false;
      replace(formArea);
      await load();
      document.getElementById('create-task')?.focus();
    }));
    formArea.querySelector('input:not([disabled]), select')?.focus();
  };
  render(
    h('div', { class: 'crumbs' }, h('a', { href: '#/logsets' }, 'Log Sets'), ` › ${logset} › `, h('a', { href: subjectHref }, subject), ' › Dump Configuration'),
    h('h1', {}, 'Dump Configuration'),
    h('p', { class: 'muted' }, `Dump tasks of subject ${subject} in log set ${logset} (region ${ls.region}).`),
    mayOperate() ? h('div', { class: 'actions' }, h('button', { class: 'primary', id: 'create-task', onclick: () => openForm(null) }, 'Create Dump Task')) : null,
    report, formArea, h('h2', {}, 'Dump tasks'), list);
  await load();
  return every(3000, async () => { if (!editing) await load(); });
}

const FORMATS = ['json', 'raw', 'csv', 'parquet'];
const COMPRESSIONS = ['none', 'gzip', 'zstd', 'snappy', 'lz4'];

/** The create (task null) or modify form; done() is called after a successful save or on Cancel. */
async function taskForm(ls, subject, task, done) {
  const creating = task === null;
  const defaultPrefix = `${ls.name}/${subject}/`;
  const t = task || { partitionFormat: '%Y/%m/%d', timeZone: 'UTC', maxFileSizeMB: 100, intervalSeconds: 300,
    format: { type: 'json' }, compression: 'none', startDelaySeconds: 900, startFrom: 'now' };
  const box = problemBox();
  const bucketSelect = h('select', {});
  const bucketArea = h('div', {});
  const loadBuckets = async (select) => {
    const buckets = await api('GET', `/api/v1/buckets?region=${enc(ls.region)}`);
    replace(bucketSelect, buckets.map((b) => h('option', { value: b.name }, b.name)));
    if (select) bucketSelect.value = select;
    if (task) bucketSelect.value = task.bucket;
    replace(bucketArea, buckets.length ? null : h('div', { class: 'notice' }, `Region ${ls.region} has no bucket yet: create one with Create Object Storage Service.`));
  };
  const newBucket = h('div', { hidden: true, class: 'actions', id: 'new-bucket' },
    h('label', { for: 'f-new-bucket' }, 'Bucket name'),
    h('input', { id: 'f-new-bucket', name: 'newBucket', autocomplete: 'off', placeholder: 'lower-case letters, digits, . and -', style: 'width: 260px' }),
    h('button', { type: 'button', id: 'create-bucket', onclick: async () => {
      const name = form.newBucket.value.trim();
      bucketError.textContent = '';
      try {
        await api('POST', '/api/v1/buckets', { name, region: ls.region });
        newBucket.hidden = true;
        await loadBuckets(name);
        bucketSelect.focus();
      } catch (e) {
        bucketError.textContent = (e.problem.errors || []).map((x) => x.message).join(' ') || e.message;
      }
    } }, 'Create bucket'));
  const bucketError = h('div', { class: 'field-error', id: 'err-newBucket' });
  const example = h('div', { class: 'example', id: 'key-example', 'aria-live': 'polite' });
  const formatOptions = h('div', {});
  const form = h('form', { class: 'grid', id: 'task-form', novalidate: true },
    h('h2', { class: 'full', style: 'margin: 0' }, creating ? 'Create Dump Task' : `Modify dump task ${task.name}`),
    row('Task name', 'name', h('input', { value: task ? task.name : '', disabled: !creating, autocomplete: 'off' }),
      h('div', { class: 'hint' }, '1–32 Chinese characters, letters, digits, _ or -; unique in the subject')),
    row('Bucket', 'bucket', bucketSelect, bucketArea,
      creating ? h('button', { type: 'button', id: 'create-oss', onclick: () => { newBucket.hidden = false; form.newBucket.focus(); } }, 'Create Object Storage Service') : null,
      newBucket, bucketError,
      h('div', { class: 'hint' }, `buckets of region ${ls.region}, the log set's region`)),
    row('Prefix', 'prefix', h('input', { value: task ? task.prefix : '', placeholder: defaultPrefix, autocomplete: 'off' }),
      h('div', { class: 'hint' }, `default: ${defaultPrefix} — no leading /`)),
    row('Partition format', 'partitionFormat', h('input', { value: t.partitionFormat, autocomplete: 'off' }),
      h('div', { class: 'hint' }, 'strftime on the log time: %Y/%m/%d, or Hive-style folders dt=%Y-%m-%d/hour=%H/'), example),
    row('Time zone', 'timeZone', h('input', { value: t.timeZone, autocomplete: 'off' }), h('div', { class: 'hint' }, 'of the partition: UTC, Asia/Shanghai, +08:00')),
    row('File size (MB)', 'maxFileSizeMB', h('input', { type: 'number', value: t.maxFileSizeMB }), h('div', { class: 'hint' }, 'a file is closed at this size, uncompressed (5–256)')),
    row('Interval (seconds)', 'intervalSeconds', h('input', { type: 'number', value: t.intervalSeconds }), h('div', { class: 'hint' }, 'or this long after its first record (60–3600)')),
    row('Format', 'format', h('select', {}, FORMATS.map((f) => h('option', { value: f }, f))), formatOptions),
    row('Compression', 'compression', h('select', {}, COMPRESSIONS.map((c) => h('option', { value: c }, c)))),
    row('Start delay (seconds)', 'startDelaySeconds', h('input', { type: 'number', value: t.startDelaySeconds, disabled: !creating }),
      h('div', { class: 'hint' }, 'the task starts dumping this long after its creation (0–3600)')),
    row('Start from', 'startFrom', h('input', { value: t.startFrom, list: 'start-from', disabled: !creating, autocomplete: 'off' }),
      h('datalist', { id: 'start-from' }, h('option', { value: 'now' }), h('option', { value: 'earliest' })),
      h('div', { class: 'hint' }, 'now, earliest (everything stored) or an instant such as 2026-11-26T08:00:00Z')),
    h('div', { class: 'full' }, box, h('div', { class: 'actions' },
      h('button', { class: 'primary', type: 'submit', id: 'save-task' }, creating ? 'Create' : 'Save'),
      h('button', { type: 'button', id: 'cancel-task', onclick: done }, 'Cancel'))));
  form.format.value = t.format.type;
  form.compression.value = t.compression;

  const showFormatOptions = () => {
    const type = form.format.value;
    const f = t.format.type === type ? t.format : {};
    if (type === 'csv') {
      replace(formatOptions,
        h('label', { for: 'f-csvColumns' }, 'Columns'), h('input', { id: 'f-csvColumns', name: 'csvColumns', value: (f.columns || []).join(', '), placeholder: '__time__, level, message' }),
        h('label', { for: 'f-csvDelimiter' }, 'Delimiter'), h('input', { id: 'f-csvDelimiter', name: 'csvDelimiter', value: f.delimiter || ',', maxlength: 1, style: 'width: 60px' }),
        h('label', {}, h('input', { type: 'checkbox', name: 'csvHeader', checked: f.header !== false }), ' header line'));
    } else if (type === 'parquet') {
      replace(formatOptions,
        h('label', { for: 'f-parquetColumns' }, 'Columns (name:type)'),
        h('input', { id: 'f-parquetColumns', name: 'parquetColumns', placeholder: 'level:string, status:long',
          value: (f.columns || []).map((c) => `${c.name}:${c.type}`).join(', ') }),
        h('div', { class: 'hint' }, 'types: string, long, double, boolean, timestamp'));
    } else {
      replace(formatOptions, h('div', { class: 'hint' }, type === 'json' ? 'one JSON object per line' : 'the original lines'));
    }
  };
  const split = (v) => v.split(',').map((x) => x.trim()).filter((x) => x);
  const formatValue = () => {
    const type = form.format.value;
    if (type === 'csv') return { type, columns: split(form.csvColumns.value), delimiter: form.csvDelimiter.value, header: form.csvHeader.checked };
    if (type === 'parquet') {
      return { type, columns: split(form.parquetColumns.value).map((c) => {
        const [name, ty] = c.split(':').map((x) => x.trim());
        return { name, type: ty || 'string' };
      }) };
    }
    return { type };
  };
  const num = (input) => (input.value.trim() === '' ? undefined : Number(input.value));
  const settings = () => {
    const out = { partitionFormat: form.partitionFormat.value, timeZone: form.timeZone.value.trim(),
      maxFileSizeMB: num(form.maxFileSizeMB), intervalSeconds: num(form.intervalSeconds),
      format: formatValue(), compression: form.compression.value };
    if (form.prefix.value !== '' || !creating) out.prefix = form.prefix.value;
    return out;
  };
  // The example's answer: {ok: text} or {errors: [text]}; an error already shown next to its field
  // after a Create or Save is not repeated here.
  let exampleState = { ok: '' };
  const showExample = () => {
    if (exampleState.ok !== undefined) {
      example.classList.remove('field-error');
      example.textContent = exampleState.ok;
      return;
    }
    const shown = shownErrors(form);
    example.classList.add('field-error');
    example.textContent = exampleState.errors.filter((m) => !shown.has(m)).join(' ');
  };
  const updateExample = debounce(async () => {
    const s = settings();
    try {
      const ex = await api('POST', `/api/v1/dump-tasks/key-example?logset=${enc(ls.name)}&subject=${enc(subject)}`,
        { prefix: s.prefix, partitionFormat: s.partitionFormat, timeZone: s.timeZone, format: s.format, compression: s.compression });
      exampleState = { ok: `now → ${ex.partition === '' ? '(no partition)' : ex.partition}  ·  key ${ex.objectKey}` };
    } catch (e) {
      const errors = (e.problem && e.problem.errors) || [];
      exampleState = { errors: errors.length ? errors.map((x) => `${x.field}: ${x.message}`) : [e.message] };
    }
    showExample();
  }, 200);
  const changed = (ev) => {
    if (ev.target === form.format) showFormatOptions();
    if (ev.target !== form.newBucket) updateExample();
  };
  form.addEventListener('input', changed);
  form.addEventListener('change', changed);
  form.addEventListener('keydown', (ev) => { if (ev.key === 'Escape') done(); });
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearProblem(form, box);
    showExample();
    try {
      if (creating) {
        const body = { name: form.name.value.trim(), logset: ls.name, subject, bucket: form.bucket.value, ...settings(),
          startDelaySeconds: num(form.startDelaySeconds), startFrom: form.startFrom.value.trim() };
        await api('POST', '/api/v1/dump-tasks', body);
      } else {
        await api('PATCH', `/api/v1/dump-tasks/${enc(task.id)}`, settings());
      }
      await done();
    } catch (e) {
      showProblem(form, box, e);
      showExample();
    }
  });
  await loadBuckets(null);
  showFormatOptions();
  updateExample();
  return h('div', { class: 'card' }, form);
}
