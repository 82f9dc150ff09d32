// Line charts of the dashboard's history, drawn as inline SVG (no chart library). Each sample is
// also a transparent circle with a <title>, so hovering shows its time and value and a test can
// read the figures the chart was drawn from.
import { el } from './dom.js';
import { locale, t } from '../i18n.js';

const SVG = 'http://www.w3.org/2000/svg';
const W = 600;
const H = 150;
const PAD = { left: 8, right: 8, top: 10, bottom: 10 };

function svg(tag, attrs = {}, ...children) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) e.append(c);
  return e;
}

/** A round axis top at or above `max` (1, 2, 5 × 10^n). */
export function niceMax(max) {
  if (!(max > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(max));
  for (const m of [1, 2, 5, 10]) if (m * p >= max) return m * p;
  return 10 * p;
}

const time = (ms) => new Date(ms).toLocaleTimeString(locale(), { hour: '2-digit', minute: '2-digit' });

/**
 * A chart of `samples` (objects with `at`, an ISO time): one line per entry of `series`
 * ({ label, value: (sample) => number, className }). A gap longer than `gapMs` breaks the lines.
 * `format` turns a value into text. Returns a <figure>.
 */
export function lineChart({ id, title, samples, series, format = String, gapMs = 150_000 }) {
  const points = samples.map((s) => ({ t: Date.parse(s.at), s }));
  const t0 = points.length ? points[0].t : 0;
  const t1 = points.length ? points[points.length - 1].t : 1;
  const span = Math.max(t1 - t0, 1);
  const top = niceMax(Math.max(0, ...series.flatMap((se) => points.map((p) => se.value(p.s)))));
  const x = (t) => PAD.left + ((t - t0) / span) * (W - PAD.left - PAD.right);
  const y = (v) => PAD.top + (1 - v / top) * (H - PAD.top - PAD.bottom);
  const grid = [0, 0.5, 1].map((f) => svg('line', {
    class: 'chart-grid', x1: PAD.left, x2: W - PAD.right, y1: y(top * f), y2: y(top * f),
  }));
  const layers = series.map((se) => {
    let d = '';
    let prev = null;
    const dots = [];
    for (const p of points) {
      const v = se.value(p.s);
      d += `${prev === null || p.t - prev > gapMs ? 'M' : 'L'}${x(p.t).toFixed(1)},${y(v).toFixed(1)} `;
      prev = p.t;
      dots.push(svg('circle', { class: 'chart-point', cx: x(p.t).toFixed(1), cy: y(v).toFixed(1), r: 4, 'data-value': v },
        svg('title', {}, `${time(p.t)}: ${se.label} ${format(v)}`)));
    }
    return svg('g', { class: `chart-series ${se.className ?? ''}`, 'data-series': se.label },
      svg('path', { d: d.trim() || 'M0,0', class: 'chart-line' }), ...dots);
  });
  const last = points.length ? points[points.length - 1].s : null;
  const now = series.map((se) => `${se.label} ${last ? format(se.value(last)) : '—'}`).join(', ');
  const summary = points.length
    ? t('{title}, {from} to {to}: highest {highest}; latest {latest}', { title, from: time(t0), to: time(t1),
      highest: format(Math.max(...series.flatMap((se) => points.map((p) => se.value(p.s))))), latest: now })
    : t('{title}: no samples yet', { title });
  const chart = svg('svg', { viewBox: `0 0 ${W} ${H}`, preserveAspectRatio: 'none', role: 'img', 'aria-label': summary },
    ...grid, ...layers);
  const legend = series.length > 1
    ? el('ul', { class: 'chart-legend' }, ...series.map((se) => el('li', { class: se.className ?? '' }, se.label)))
    : null;
  return el('figure', { class: 'chart', id },
    el('figcaption', {}, el('span', {}, title), el('span', { class: 'muted' }, t('max {value}', { value: format(top) }))),
    chart,
    el('div', { class: 'chart-axis muted' }, el('span', {}, points.length ? time(t0) : ''), el('span', {}, points.length ? time(t1) : '')),
    legend);
}
