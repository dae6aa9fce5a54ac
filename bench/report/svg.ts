/**
 * Minimal SVG chart generator (no dependencies, no network): log-log line
 * charts and horizontal bar charts with axes, ticks, legends and <title>
 * tooltips. Output is a standalone <svg> element usable inline in HTML or as
 * an .svg file.
 */

export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/**
 * Distinct, colour-blind-friendlier palette (Okabe-Ito first, then Tableau).
 * Black is reserved for the node:crypto baseline.
 */
export const PALETTE = [
  '#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#8c564b', '#9467bd',
  '#bcbd22', '#17becf', '#7f7f7f', '#e377c2', '#C9A800', '#1f77b4', '#ff7f0e', '#2ca02c',
];

export interface Point {
  x: number;
  y: number;
  /** Tooltip text. */
  tip?: string;
}
export interface Series {
  id: string;
  name: string;
  color: string;
  points: Point[];
  /** Dashed line (e.g. the baseline). */
  dashed?: boolean;
}

export interface LineChartOptions {
  id: string;
  title: string;
  xLabel: string;
  yLabel: string;
  series: Series[];
  xFormat: (v: number) => string;
  yFormat?: (v: number) => string;
  /** Horizontal reference line (e.g. 1x). */
  refY?: { y: number; label: string };
  width?: number;
  height?: number;
}

const FONT = 'font-family="system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif"';

/** Powers of ten spanning [min, max] (at least two). */
export function decadeTicks(min: number, max: number): number[] {
  if (!(min > 0) || !(max > 0)) return [1, 10];
  const lo = Math.floor(Math.log10(min));
  let hi = Math.ceil(Math.log10(max));
  if (hi === lo) hi = lo + 1;
  const out: number[] = [];
  for (let e = lo; e <= hi; e++) out.push(10 ** e);
  if (out.length === 2) {
    // Narrow range: add 2x and 5x ticks.
    const base = out[0] as number;
    out.splice(1, 0, base * 2, base * 5);
  }
  return out;
}

/** Default number formatting for tick labels: 1, 10, 100, 1k, 10k, 1M, 0.1. */
export function shortNumber(v: number): string {
  if (v >= 1e9) return `${+(v / 1e9).toPrecision(3)}G`;
  if (v >= 1e6) return `${+(v / 1e6).toPrecision(3)}M`;
  if (v >= 1e3) return `${+(v / 1e3).toPrecision(3)}k`;
  return `${+v.toPrecision(3)}`;
}

function logScale(min: number, max: number, a: number, b: number): (v: number) => number {
  const l0 = Math.log(min);
  const l1 = Math.log(max);
  return (v) => a + ((Math.log(Math.max(v, min)) - l0) / (l1 - l0 || 1)) * (b - a);
}

/** Log-log line chart with legend below. */
export function lineChart(o: LineChartOptions): string {
  const width = o.width ?? 640;
  const series = o.series.filter((s) => s.points.some((p) => p.y > 0 && Number.isFinite(p.y)));
  const m = { l: 64, r: 16, t: 36, b: 48 };
  const legendRows = Math.ceil(series.length / legendColumns(series.map((s) => s.name), width - m.l - m.r));
  const plotH = o.height ?? 300;
  const height = m.t + plotH + m.b + legendRows * 18 + 8;
  const xs = series.flatMap((s) => s.points.map((p) => p.x));
  const ys = series.flatMap((s) => s.points.map((p) => p.y)).filter((y) => y > 0 && Number.isFinite(y));
  if (o.refY) ys.push(o.refY.y);
  const xMin = Math.min(...xs, Infinity);
  const xMax = Math.max(...xs, -Infinity);
  const yt = decadeTicks(Math.min(...ys), Math.max(...ys));
  const yMin = yt[0] as number;
  const yMax = yt[yt.length - 1] as number;
  const x0 = m.l;
  const x1 = width - m.r;
  const y0 = m.t + plotH;
  const y1 = m.t;
  const sx = Number.isFinite(xMin) && xMax > xMin ? logScale(xMin, xMax, x0 + 8, x1 - 8) : () => (x0 + x1) / 2;
  const sy = logScale(yMin, yMax, y0, y1);
  const yf = o.yFormat ?? shortNumber;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" data-chart="${esc(o.id)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(o.title)}">`,
  );
  parts.push(`<rect width="${width}" height="${height}" fill="#fff"/>`);
  parts.push(`<text x="${width / 2}" y="20" text-anchor="middle" font-size="14" font-weight="600" ${FONT}>${esc(o.title)}</text>`);
  // Grid and y ticks.
  for (const t of yt) {
    const y = sy(t).toFixed(1);
    parts.push(`<line x1="${x0}" x2="${x1}" y1="${y}" y2="${y}" stroke="#e3e3e3"/>`);
    parts.push(`<text x="${x0 - 6}" y="${y}" dy="4" text-anchor="end" font-size="11" ${FONT}>${esc(yf(t))}</text>`);
  }
  const xt = [...new Set(xs)].sort((a, b) => a - b);
  for (const t of xt) {
    const x = sx(t).toFixed(1);
    parts.push(`<line x1="${x}" x2="${x}" y1="${y0}" y2="${y1}" stroke="#f0f0f0"/>`);
    parts.push(`<text x="${x}" y="${y0 + 16}" text-anchor="middle" font-size="11" ${FONT}>${esc(o.xFormat(t))}</text>`);
  }
  parts.push(`<line x1="${x0}" x2="${x1}" y1="${y0}" y2="${y0}" stroke="#444"/><line x1="${x0}" x2="${x0}" y1="${y0}" y2="${y1}" stroke="#444"/>`);
  parts.push(`<text x="${(x0 + x1) / 2}" y="${y0 + 34}" text-anchor="middle" font-size="12" ${FONT}>${esc(o.xLabel)}</text>`);
  parts.push(
    `<text transform="translate(14 ${(y0 + y1) / 2}) rotate(-90)" text-anchor="middle" font-size="12" ${FONT}>${esc(o.yLabel)}</text>`,
  );
  if (o.refY) {
    const y = sy(o.refY.y).toFixed(1);
    parts.push(`<line x1="${x0}" x2="${x1}" y1="${y}" y2="${y}" stroke="#888" stroke-dasharray="2 3"/>`);
    parts.push(`<text x="${x1 - 4}" y="${y}" dy="-4" text-anchor="end" font-size="10" fill="#666" ${FONT}>${esc(o.refY.label)}</text>`);
  }
  for (const s of series) {
    const pts = s.points.filter((p) => p.y > 0 && Number.isFinite(p.y)).sort((a, b) => a.x - b.x);
    const d = pts.map((p, i) => `${i === 0 ? 'M' : 'L'}${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join(' ');
    parts.push(`<g class="series" data-series="${esc(s.id)}">`);
    parts.push(`<path d="${d}" fill="none" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`);
    for (const p of pts) {
      parts.push(
        `<circle cx="${sx(p.x).toFixed(1)}" cy="${sy(p.y).toFixed(1)}" r="3" fill="${s.color}"><title>${esc(p.tip ?? `${s.name}: ${yf(p.y)}`)}</title></circle>`,
      );
    }
    parts.push('</g>');
  }
  parts.push(legend(series, m.l, y0 + 48, width - m.l - m.r));
  parts.push('</svg>');
  return parts.join('');
}

/** Legend columns that fit the longest name (about 6.2 px per character at 11 px). */
export function legendColumns(names: readonly string[], width: number): number {
  const need = 30 + 6.2 * Math.max(1, ...names.map((n) => n.length));
  return Math.max(1, Math.min(4, Math.floor(width / need)));
}

function legend(series: { id: string; name: string; color: string; dashed?: boolean }[], x: number, y: number, w: number): string {
  const cols = legendColumns(series.map((s) => s.name), w);
  const col = w / cols;
  const out: string[] = ['<g class="legend">'];
  series.forEach((s, i) => {
    const cx = x + (i % cols) * col;
    const cy = y + Math.floor(i / cols) * 18;
    out.push(
      `<g class="legend-item" data-series="${esc(s.id)}"><line x1="${cx}" x2="${cx + 18}" y1="${cy}" y2="${cy}" stroke="${s.color}" stroke-width="3"${s.dashed ? ' stroke-dasharray="5 3"' : ''}/>` +
        `<text x="${cx + 24}" y="${cy}" dy="4" font-size="11" ${FONT}>${esc(s.name)}</text></g>`,
    );
  });
  out.push('</g>');
  return out.join('');
}

export interface BarGroup {
  /** Group name (e.g. "64 B"). */
  name: string;
  color: string;
}
export interface BarRow {
  id: string;
  label: string;
  /** One value per group; null = no bar. */
  values: (number | null)[];
}
export interface BarChartOptions {
  id: string;
  title: string;
  xLabel: string;
  groups: BarGroup[];
  rows: BarRow[];
  /** Logarithmic value axis (for values spanning decades). */
  log?: boolean;
  format?: (v: number) => string;
  width?: number;
}

/** Horizontal grouped bar chart: one band per row, one bar per group. */
export function barChart(o: BarChartOptions): string {
  const width = o.width ?? 640;
  const fmt = o.format ?? shortNumber;
  const labelW = Math.min(220, 12 + 6.4 * Math.max(8, ...o.rows.map((r) => r.label.length)));
  const m = { l: labelW, r: 56, t: 36, b: 44 };
  const barH = 12;
  const band = o.groups.length * barH + 10;
  const plotH = Math.max(band, o.rows.length * band);
  const height = m.t + plotH + m.b + 20;
  const vals = o.rows.flatMap((r) => r.values).filter((v): v is number => v !== null && v > 0 && Number.isFinite(v));
  const x0 = m.l;
  const x1 = width - m.r;
  let scale: (v: number) => number;
  let ticks: number[];
  if (o.log) {
    ticks = decadeTicks(Math.min(...vals, 1), Math.max(...vals, 1));
    scale = logScale(ticks[0] as number, ticks[ticks.length - 1] as number, x0, x1);
  } else {
    const max = Math.max(...vals, 1e-9);
    const step = niceStep(max / 5);
    ticks = [];
    for (let t = 0; t <= max + step * 0.999; t += step) ticks.push(+t.toPrecision(6));
    const top = ticks[ticks.length - 1] as number;
    scale = (v) => x0 + (v / top) * (x1 - x0);
  }
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" data-chart="${esc(o.id)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(o.title)}">`,
  );
  parts.push(`<rect width="${width}" height="${height}" fill="#fff"/>`);
  parts.push(`<text x="${width / 2}" y="20" text-anchor="middle" font-size="14" font-weight="600" ${FONT}>${esc(o.title)}</text>`);
  const yb = m.t + plotH;
  for (const t of ticks) {
    const x = scale(t).toFixed(1);
    parts.push(`<line x1="${x}" x2="${x}" y1="${m.t}" y2="${yb}" stroke="#e3e3e3"/>`);
    parts.push(`<text x="${x}" y="${yb + 14}" text-anchor="middle" font-size="11" ${FONT}>${esc(fmt(t))}</text>`);
  }
  parts.push(`<text x="${(x0 + x1) / 2}" y="${yb + 32}" text-anchor="middle" font-size="12" ${FONT}>${esc(o.xLabel)}</text>`);
  o.rows.forEach((r, i) => {
    const top = m.t + i * band + 5;
    parts.push(`<text x="${x0 - 6}" y="${top + (o.groups.length * barH) / 2}" dy="4" text-anchor="end" font-size="11" ${FONT}>${esc(r.label)}</text>`);
    parts.push(`<g class="series" data-series="${esc(r.id)}">`);
    r.values.forEach((v, j) => {
      if (v === null || !(v > 0) || !Number.isFinite(v)) return;
      const g = o.groups[j] as BarGroup;
      const w = Math.max(1, scale(v) - x0);
      const y = top + j * barH;
      parts.push(
        `<rect x="${x0}" y="${y}" width="${w.toFixed(1)}" height="${barH - 2}" fill="${g.color}"><title>${esc(`${r.label} @ ${g.name}: ${fmt(v)}`)}</title></rect>`,
      );
      parts.push(`<text x="${(x0 + w + 3).toFixed(1)}" y="${y + barH / 2}" dy="3" font-size="9" fill="#333" ${FONT}>${esc(fmt(v))}</text>`);
    });
    parts.push('</g>');
  });
  parts.push(`<line x1="${x0}" x2="${x0}" y1="${m.t}" y2="${yb}" stroke="#444"/>`);
  // Legend of groups.
  o.groups.forEach((g, j) => {
    const lx = x0 + j * 120;
    parts.push(`<rect x="${lx}" y="${height - 16}" width="12" height="10" fill="${g.color}"/><text x="${lx + 16}" y="${height - 7}" font-size="11" ${FONT}>${esc(g.name)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}

/** 1, 2 or 5 times a power of ten, at least `raw`. */
export function niceStep(raw: number): number {
  if (!(raw > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(raw));
  const f = raw / p;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
}
