// A line chart drawn as SVG: one or more series over the same x values, with a y axis from zero.
import { h } from './dom.js';

const NS = 'http://www.w3.org/2000/svg';
const W = 480;
const H = 200;
const PAD = { left: 56, right: 10, top: 10, bottom: 24 };

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
 * title: heading; labels: x labels (one per point); series: [{name, color, values}]; format: y formatter.
 * The chart's numbers are also given as a table for screen readers.
 */
export function lineChart(title, labels, series, format = String) {
  const max = niceCeiling(Math.max(0, ...series.flatMap((x) => x.values)));
  const n = labels.length;
  const x = (i) => PAD.left + (n <= 1 ? (W - PAD.left - PAD.right) / 2 : (i * (W - PAD.left - PAD.right)) / (n - 1));
  const y = (v) => H - PAD.bottom - (v / max) * (H - PAD.top - PAD.bottom);
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': title });
  for (const f of [0, 0.5, 1]) {
    const v = max * f;
    svg.append(s('line', { x1: PAD.left, x2: W - PAD.right, y1: y(v), y2: y(v), stroke: '#e4e7ec' }));
    svg.append(s('text', { x: PAD.left - 6, y: y(v) + 4, 'text-anchor': 'end', 'font-size': 11, fill: '#5d6577' }, format(v)));
  }
  if (n > 0) {
    svg.append(s('text', { x: x(0), y: H - 6, 'font-size': 11, fill: '#5d6577' }, labels[0]));
    if (n > 1) svg.append(s('text', { x: x(n - 1), y: H - 6, 'text-anchor': 'end', 'font-size': 11, fill: '#5d6577' }, labels[n - 1]));
  }
  for (const ser of series) {
    const pts = ser.values.map((v, i) => `${x(i)},${y(v)}`).join(' ');
    svg.append(s('polyline', { points: pts, fill: 'none', stroke: ser.color, 'stroke-width': 2, 'data-series': ser.name }));
    ser.values.forEach((v, i) => svg.append(s('circle', { cx: x(i), cy: y(v), r: 2.5, fill: ser.color })));
  }
  const table = h('table', { class: 'sr-only' },
    h('tr', {}, h('th', {}, 'time'), series.map((ser) => h('th', {}, ser.name))),
    labels.map((l, i) => h('tr', {}, h('td', {}, l), series.map((ser) => h('td', {}, format(ser.values[i]))))));
  return h('div', { class: 'card chart' },
    h('h3', {}, title),
    h('div', { class: 'legend' }, series.map((ser) => {
      const span = h('span', {}, ser.name);
      span.style.setProperty('--c', ser.color);
      return span;
    })),
    svg, table);
}
