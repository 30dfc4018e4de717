// Overview: what the server holds and does, and its ingest and dump throughput and lag over the
// last hour (one point a minute, from the server's in-memory history; the last point is the minute so far).
import { api, h, render, replace, fmtNum, fmtBytes, fmtDuration, every } from './dom.js';
import { lineChart } from './chart.js';

export async function overviewPage() {
  const body = h('div', {});
  render(h('h1', {}, 'Overview'),
    h('p', { class: 'muted' }, 'Ingest and dump over the last hour, one point a minute; the last point is the minute so far.'),
    body);
  const load = async () => {
    const [throughput, tasks, logsets] = await Promise.all([
      api('GET', '/api/v1/overview/throughput'), api('GET', '/api/v1/dump-tasks'), api('GET', '/api/v1/logsets')]);
    const points = throughput.points;
    const times = points.map((p) => Date.parse(p.to));
    const sum = (k) => points.reduce((a, p) => a + p[k], 0);
    const last = points[points.length - 1] || { lagRecords: 0, lagSeconds: 0 };
    const count = (st) => tasks.filter((t) => t.status === st).length;
    const failed = tasks.reduce((a, t) => a + t.counters.failedFiles, 0);
    replace(body,
      h('div', { class: 'stats' },
        stat('Log sets', fmtNum(logsets.length)),
        stat('Dump tasks', `${count('RUNNING')} running · ${count('WAITING')} waiting · ${count('STOPPED')} stopped`),
        stat('Ingested (1 h)', `${fmtNum(sum('ingestedRecords'))} records`, fmtBytes(sum('ingestedBytes'))),
        stat('Dumped (1 h)', `${fmtNum(sum('dumpedRecords'))} records`, fmtBytes(sum('dumpedBytes'))),
        stat('Lag now', `${fmtNum(last.lagRecords)} records`, fmtDuration(last.lagSeconds)),
        stat('Failed files', fmtNum(failed), failed ? h('a', { href: '#/history' }, 'see Dump History') : '')),
      h('div', { class: 'charts' },
        lineChart('Records per minute', times, [
          { name: 'ingested', color: '#1f5fbf', values: points.map((p) => p.ingestedRecords) },
          { name: 'dumped', color: '#067647', values: points.map((p) => p.dumpedRecords) }], (v) => fmtNum(Math.round(v))),
        lineChart('Bytes per minute', times, [
          { name: 'ingested (stored)', color: '#1f5fbf', values: points.map((p) => p.ingestedBytes) },
          { name: 'dumped (objects)', color: '#067647', values: points.map((p) => p.dumpedBytes) }], fmtBytes),
        lineChart('Lag (records not yet dumped)', times, [
          { name: 'lag', color: '#b54708', values: points.map((p) => p.lagRecords) }], (v) => fmtNum(Math.round(v)))));
  };
  await load();
  return every(10000, load);
}

function stat(label, value, sub) {
  return h('div', { class: 'card' }, h('div', { class: 'muted' }, label), h('div', { class: 'value' }, value),
    sub ? h('div', { class: 'muted' }, sub) : null);
}
