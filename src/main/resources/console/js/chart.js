// A line chart drawn as SVG: one or more series over the same instants, with a y axis from zero
// and a time axis whose ticks fall on whole minutes (every 1, 2, 5, 10, 15 or 30 minutes, or hours).
import { h } from './dom.js';

const NS = 'http://www.w3.org/2000/svg';
const W = 400;
const H = 180;
const PAD = { left: 56, right: 24, top: 10, bottom: 26 };
const FONT = 12;
const MINUTE = 60_000;
const STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440].map((m) => m * MINUTE);
const MAX_TICKS = 7;

function s(tag, attrs, text) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  if (text !== undefined) el.textContent = text;
  return el;
}

/** The smallest of 2, 5 or 10 times a power of ten (at least 2) not below v, so the axis reads well. */
function niceCeiling(v) {
  if (v <= 2) return 2;
  const p = 10 ** Math.floor(Math.log10(v));
  return [1, 2, 5, 10].map((m) => m * p).find((c) => c >= v);
}

/**
 * The time axis of instants (milliseconds): its domain [from, to] and its ticks, at most
 * MAX_TICKS on whole multiples of the smallest step that allows it. Less than two minutes of
 * data is widened to whole minutes around it, so that even one point has ticks on either side.
 */
export function timeAxis(times) {
  let from = Math.min(...times);
  let to = Math.max(...times);
  if (!times.length) {
    from = Math.floor(Date.now() / MINUTE) * MINUTE;
    to = from;
  }
  if (to - from < 2 * MINUTE) {
    from = Math.floor(from / MINUTE) * MINUTE - MINUTE;
    to = Math.ceil(to / MINUTE) * MINUTE + MINUTE;
  }
  const long = to - from >= 20 * 60 * MINUTE;
  const max = long ? 3 : MAX_TICKS;
  const step = STEPS.find((st) => Math.floor(to / st) - Math.ceil(from / st) + 1 <= max) || 1440 * MINUTE * Math.ceil((to - from) / (max * 1440 * MINUTE));
  const ticks = [];
  for (let t = Math.ceil(from / step) * step; t <= to; t += step) ticks.push(t);
  return { from, to, ticks, label: (t) => tickLabel(t, long) };
}

/** HH:MM in UTC, like every time in the console; with the date when the axis spans a day or more. */
function tickLabel(t, long) {
  const iso = new Date(t).toISOString();
  return long ? `${iso.slice(5, 10)} ${iso.slice(11, 16)}` : iso.slice(11, 16);
}

/**
 * title: heading; times: the instant of each point (milliseconds); series: [{name, color, values}];
 * format: y formatter. The chart's numbers are also given as a table for screen readers.
 */
export function lineChart(title, times, series, format = String) {
  const max = niceCeiling(Math.max(0, ...series.flatMap((x) => x.values)));
  const axis = timeAxis(times);
  const x = (t) => PAD.left + ((t - axis.from) / (axis.to - axis.from)) * (W - PAD.left - PAD.right);
  const y = (v) => H - PAD.bottom - (v / max) * (H - PAD.top - PAD.bottom);
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': title });
  for (const f of [0, 0.5, 1]) {
    const v = max * f;
    svg.append(s('line', { x1: PAD.left, x2: W - PAD.right, y1: y(v), y2: y(v), stroke: '#e4e7ec' }));
    svg.append(s('text', { x: PAD.left - 6, y: y(v) + 4, 'text-anchor': 'end', 'font-size': FONT, fill: '#5d6577' }, format(v)));
  }
  let lastRight = -Infinity;
  for (const t of axis.ticks) {
    const label = axis.label(t);
    const half = label.length * FONT * 0.32;
    const at = Math.min(x(t), W - half);
    if (at - half < lastRight + 4) continue;
    lastRight = at + half;
    svg.append(s('line', { x1: x(t), x2: x(t), y1: PAD.top, y2: H - PAD.bottom + 4, stroke: '#eef0f3' }));
    svg.append(s('text', { class: 'x-tick', 'data-time': new Date(t).toISOString(), x: at, y: H - 8,
      'text-anchor': 'middle', 'font-size': FONT, fill: '#5d6577' }, label));
  }
  for (const ser of series) {
    const pts = ser.values.map((v, i) => `${x(times[i])},${y(v)}`).join(' ');
    svg.append(s('polyline', { points: pts, fill: 'none', stroke: ser.color, 'stroke-width': 2, 'data-series': ser.name }));
    ser.values.forEach((v, i) => svg.append(s('circle', { cx: x(times[i]), cy: y(v), r: 2.5, fill: ser.color })));
  }
  const table = h('table', { class: 'sr-only' },
    h('tr', {}, h('th', {}, 'time'), series.map((ser) => h('th', {}, ser.name))),
    times.map((t, i) => h('tr', {}, h('td', {}, new Date(t).toISOString().slice(11, 19)),
      series.map((ser) => h('td', {}, format(ser.values[i]))))));
  return h('div', { class: 'card chart' },
    h('h3', {}, title),
    h('div', { class: 'legend' }, series.map((ser) => {
      const span = h('span', {}, ser.name);
      span.style.setProperty('--c', ser.color);
      return span;
    })),
    svg, table);
}
