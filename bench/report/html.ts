/**
 * The HTML report: one self-contained file (inline CSS, inline SVG charts, a
 * few lines of inline script for legend highlighting; no network access).
 * Per algorithm: throughput vs message size (log-log), cycles/byte per
 * implementation at the smallest and largest size, and the speed-up over
 * node:crypto; then the numbers.
 */
import { algoById, formatSize } from '../algos.js';
import { fmt, fmtRate, fmtTime, groupByAlgo, hardwareVsSoftware, hasPeriodicCost, implementations, sizesOf } from './derive.js';
import { PALETTE, barChart, esc, lineChart, type Series } from './svg.js';
import type { BenchDocument, BenchRecord } from './types.js';
import { renderSectionsHtml } from './sections.js';

/** Fixed colours so an implementation looks the same in every chart and every report. */
const FIXED_COLORS: [RegExp, string][] = [
  [/^node:crypto$/, '#000000'],
  [/^node:crypto\.hash$/, '#666666'],
  [/^webcrypto$/, '#D55E00'],
  [/^webcrypto-x\d+$/, '#E69F00'],
  [/^@noble\//, '#8c564b'],
  [/^hash-wasm$/, '#9467bd'],
  [/^aes-js$/, '#bcbd22'],
  [/^crypto-js$/, '#ff9896'],
  [/^sodium-native$/, '#393b79'],
];
/** hwcrypt hardware backends by rank (best first); soft has its own. */
const HW_COLORS = ['#0072B2', '#009E73', '#56B4E9', '#17becf'];
const SOFT_COLOR = '#CC79A7';

/**
 * Colour per implementation id: fixed for the baseline and the peers,
 * blue/green by rank for hwcrypt's hardware backends (best first), pink for
 * soft; anything else from the palette.
 */
export function colorMap(records: readonly BenchRecord[]): Map<string, string> {
  const m = new Map<string, string>();
  const rank = new Map<string, number>();
  let extra = 0;
  for (const impl of implementations(records)) {
    let c = FIXED_COLORS.find(([re]) => re.test(impl.id))?.[1];
    if (!c && impl.group === 'hwcrypt') {
      if (impl.id.endsWith(':soft')) c = SOFT_COLOR;
      else {
        // Rank among the hardware rows of the same algorithm block: records arrive in best-first order.
        const algo = records.find((r) => r.implementation === impl.id)?.algorithm ?? '';
        const k = rank.get(algo) ?? 0;
        rank.set(algo, k + 1);
        c = HW_COLORS[k % HW_COLORS.length];
      }
    }
    m.set(impl.id, c ?? (PALETTE[extra++ % PALETTE.length] as string));
  }
  return m;
}

function titleOf(recs: readonly BenchRecord[]): string {
  const r = recs[0] as BenchRecord;
  return `${algoById(r.algorithm)?.title ?? r.algorithm} ${r.direction}`;
}

function slug(recs: readonly BenchRecord[]): string {
  const r = recs[0] as BenchRecord;
  return `${r.algorithm}-${r.direction}`;
}

/** Throughput (MB/s) vs size, log-log, one line per implementation. */
export function throughputChart(recs: readonly BenchRecord[], colors: Map<string, string>, width?: number): string {
  const series: Series[] = implementations(recs).map((impl) => ({
    id: impl.id,
    name: impl.label,
    color: colors.get(impl.id) ?? '#888',
    dashed: impl.baseline,
    points: recs
      .filter((r) => r.implementation === impl.id && r.status === 'ok' && r.mbPerSec !== null)
      .map((r) => ({ x: r.size, y: r.mbPerSec as number, tip: `${impl.label} @ ${formatSize(r.size)}: ${fmtRate(r.mbPerSec)}, ${fmtTime(r.nsPerOp)}/op` })),
  }));
  return lineChart({
    id: `throughput:${slug(recs)}`,
    title: `${titleOf(recs)}: throughput vs message size`,
    xLabel: 'message size',
    yLabel: 'MB/s (log)',
    xFormat: formatSize,
    series,
    width,
  });
}

/** Speed-up over node:crypto vs size. */
export function speedupChart(recs: readonly BenchRecord[], colors: Map<string, string>): string {
  const series: Series[] = implementations(recs)
    .filter((i) => !i.baseline)
    .map((impl) => ({
      id: impl.id,
      name: impl.label,
      color: colors.get(impl.id) ?? '#888',
      points: recs
        .filter((r) => r.implementation === impl.id && r.ratioToNode !== null)
        .map((r) => ({ x: r.size, y: r.ratioToNode as number, tip: `${impl.label} @ ${formatSize(r.size)}: ${fmt(r.ratioToNode, 3)}x node:crypto` })),
    }));
  return lineChart({
    id: `speedup:${slug(recs)}`,
    title: `${titleOf(recs)}: speed-up over node:crypto`,
    xLabel: 'message size',
    yLabel: 'times node:crypto (log)',
    xFormat: formatSize,
    yFormat: (v) => `${+v.toPrecision(3)}x`,
    refY: { y: 1, label: 'node:crypto' },
    series,
  });
}

/** Cycles/byte per implementation at the smallest and the largest size. */
export function cyclesChart(recs: readonly BenchRecord[]): string {
  const sizes = sizesOf(recs);
  const picked = sizes.length > 1 ? [sizes[0] as number, sizes[sizes.length - 1] as number] : sizes;
  const groups = picked.map((s, i) => ({ name: formatSize(s), color: i === 0 ? '#E69F00' : '#0072B2' }));
  const rows = implementations(recs).map((impl) => ({
    id: impl.id,
    label: impl.label,
    values: picked.map((s) => recs.find((r) => r.implementation === impl.id && r.size === s)?.cyclesPerByte ?? null),
  }));
  const src = recs[0]?.cyclesSource === 'pmu' ? 'PMU core cycles' : recs[0]?.cyclesSource === 'tsc' ? 'TSC-calibrated' : 'n/a';
  return barChart({
    id: `cycles:${slug(recs)}`,
    title: `${titleOf(recs)}: cycles per byte (${src}; lower is better)`,
    xLabel: 'cycles/byte (log)',
    groups,
    rows,
    log: true,
    format: (v) => (v >= 100 ? Math.round(v).toString() : `${+v.toPrecision(2)}`),
  });
}

function table(recs: readonly BenchRecord[]): string {
  const sizes = sizesOf(recs);
  const head = `<tr><th>implementation</th>${sizes.map((s) => `<th>${esc(formatSize(s))}</th>`).join('')}</tr>`;
  const body = implementations(recs)
    .map((impl) => {
      const cells = sizes.map((s) => {
        const r = recs.find((x) => x.implementation === impl.id && x.size === s);
        if (!r) return '<td></td>';
        if (r.status !== 'ok') return `<td class="err" title="${esc(r.error ?? '')}">error</td>`;
        const ratio = r.baseline ? 'baseline' : r.ratioToNode !== null ? `${fmt(r.ratioToNode, 3)}x` : '';
        const periodic = hasPeriodicCost(r);
        const tip = `mean ${fmtTime(r.meanNsPerOp)}/op; samples ${r.samples} x ${r.batch} ops; spread (IQR) ${fmt(r.spread?.iqrPct, 2)}%; ${fmt(r.opsPerSec)} ops/s; CPU ${fmt(r.cpuSecondsPerGB)} s/GB; ${r.joulesPerGB === null ? 'J/GB n/a' : `${fmt(r.joulesPerGB)} J/GB`}${r.outputReused ? '; output buffer reused' : ''}`;
        return `<td title="${esc(tip)}"><b>${esc(fmtRate(r.mbPerSec))}</b><br>${esc(fmtTime(r.nsPerOp))}/op<br>${esc(fmt(r.cyclesPerByte))} c/B · ${esc(ratio)}<br><span class="dim">IQR ${esc(fmt(r.spread?.iqrPct, 2))}% · ${esc(fmt(r.cpuSecondsPerGB))} CPU-s/GB</span>${periodic ? `<br><span class="warn">mean ${esc(fmtTime(r.meanNsPerOp))}/op</span>` : ''}</td>`;
      });
      return `<tr><th class="impl">${esc(impl.label)}</th>${cells.join('')}</tr>`;
    })
    .join('');
  return `<table class="data">${head}${body}</table><p class="note">Cells: median throughput, median time per op, cycles/byte, ratio to node:crypto; interquartile spread and CPU-seconds per GB. <span class="warn">mean</span> is shown where the mean time per op is at least 1.25x the median (periodic costs: GC of per-call allocations, page faults, preemption). Hover a cell for details.</p>`;
}

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;margin:24px auto;max-width:1340px;padding:0 16px;color:#222}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:32px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
.meta{border-collapse:collapse;margin:8px 0}.meta th{text-align:left;padding:2px 12px 2px 0;vertical-align:top;color:#555;font-weight:600}.meta td{padding:2px 0}
.charts{display:flex;flex-wrap:wrap;gap:12px}.charts svg{border:1px solid #eee;max-width:100%;height:auto}
table.data{border-collapse:collapse;margin:12px 0;font-size:12px}table.data th,table.data td{border:1px solid #e3e3e3;padding:4px 6px;text-align:right;vertical-align:top}
table.data th.impl{text-align:left;white-space:nowrap}h3{font-size:15px;margin:20px 0 4px}.dim{color:#777}.err{color:#b00}
.note{color:#555;font-size:13px}.warn{color:#a60}.legend-item{cursor:pointer}.series.faded{opacity:.12}code{background:#f4f4f4;padding:0 3px}
`;

/** Highlights a series across a chart when its legend item is hovered. */
const SCRIPT = `
(function(){
  document.querySelectorAll('svg.chart').forEach(function(svg){
    svg.querySelectorAll('.legend-item').forEach(function(item){
      var id=item.getAttribute('data-series');
      item.addEventListener('mouseenter',function(){svg.querySelectorAll('.series').forEach(function(s){if(s.getAttribute('data-series')!==id)s.classList.add('faded');});});
      item.addEventListener('mouseleave',function(){svg.querySelectorAll('.series').forEach(function(s){s.classList.remove('faded');});});
    });
  });
  document.documentElement.setAttribute('data-charts',String(document.querySelectorAll('svg.chart').length));
})();
`;

/** The full HTML document. */
export function renderHtml(doc: BenchDocument): string {
  const colors = colorMap(doc.results);
  const c = doc.method.cycles;
  const m = doc.machine;
  const meta: [string, string][] = [
    ['CPU', `${m.cpuModel || m.arch} (${m.logicalCpus} logical CPUs, ${m.os})`],
    ['features', Object.entries(m.features).filter(([, v]) => v).map(([k]) => k).join(' ') || 'none'],
    ['backends', Object.entries(doc.backends.available).map(([f, b]) => `${f}: ${b.join(' > ')} (default ${doc.backends.selected[f] ?? '?'})`).join('; ')],
    ['versions', `hwcrypt ${doc.versions.hwcrypt}, addon ${doc.versions.addon ?? '-'}, Node ${doc.versions.node}, V8 ${doc.versions.v8}, OpenSSL ${doc.versions.openssl}, tinybench ${doc.versions.tinybench}`],
    ['peers', Object.entries(doc.versions.peers).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'],
    [
      'cycles',
      c.source === 'tsc'
        ? `${c.label}: ${c.detail} ticks x ${fmt(c.coreCyclesPerTick, 4)} core cycles/tick (dependent-add chain; spread ${fmt(c.calibrationRangePct, 2)}%, ${c.calibrationDiscarded ?? '0'} readings dropped as interrupted${c.coreCyclesPerTickAfter !== null ? `; ${fmt(c.coreCyclesPerTickAfter, 4)} after the run` : ''})${c.pmuUnavailableReason ? `. PMU: ${c.pmuUnavailableReason}` : ''}`
        : c.source === 'pmu'
          ? `${c.label} (perf_event_open, user space, this thread)`
          : `not available: ${c.detail}`,
    ],
    ['CPU time', doc.method.cpuTime],
    ['energy', doc.method.energy.available ? doc.method.energy.source : `J/GB not available here: ${doc.method.energy.reason}`],
    ['method', `${doc.method.mode}: ${doc.method.interleaved}; ${doc.method.rounds} rounds x ${fmt(doc.method.timePerRoundMs)} ms; ${doc.method.statistic}`],
    ['buffers', doc.method.outputBuffers],
    ['allocator', doc.method.allocator],
    ['AEAD', `${doc.method.aadBytes} B AAD, 16 B tag; ${doc.method.nonce}`],
    ['command', doc.command],
  ];
  const sections: string[] = [];
  for (const recs of groupByAlgo(doc.results).values()) {
    sections.push(
      `<section data-algo="${esc(slug(recs))}"><h2>${esc(titleOf(recs))}</h2><div class="charts">${throughputChart(recs, colors)}${cyclesChart(recs)}${speedupChart(recs, colors)}</div>${table(recs)}</section>`,
    );
  }
  const hvs = doc.hardwareVsSoftware.length > 0 ? doc.hardwareVsSoftware : hardwareVsSoftware(doc.results);
  const hvsSizes = [...new Set(hvs.map((h) => h.size))].sort((a, b) => a - b);
  const hvsKeys = [...new Set(hvs.map((h) => `${h.algorithm} ${h.direction}`))];
  const hvsHtml =
    hvs.length === 0
      ? '<p class="note">No hardware-vs-software comparison: needs hwcrypt\'s soft backend and a hardware backend in the same run.</p>'
      : `<table class="data"><tr><th>algorithm</th>${hvsSizes.map((s) => `<th>${esc(formatSize(s))}</th>`).join('')}</tr>${hvsKeys
          .map(
            (k) =>
              `<tr><th class="impl">${esc(k)}</th>${hvsSizes
                .map((s) => {
                  const h = hvs.find((x) => `${x.algorithm} ${x.direction}` === k && x.size === s);
                  return h
                    ? `<td title="${esc(`${h.hardwareBackend} ${fmt(h.hardwareCyclesPerByte)} c/B vs soft ${fmt(h.softCyclesPerByte)} c/B`)}"><b>${esc(fmt(h.ratio, 3))}x</b><br><span class="dim">${esc(h.hardwareBackend)} ${esc(fmt(h.hardwareCyclesPerByte))} vs ${esc(fmt(h.softCyclesPerByte))} c/B</span></td>`
                    : '<td></td>';
                })
                .join('')}</tr>`,
          )
          .join('')}</table>`;
  const skipped =
    doc.skipped.length === 0
      ? ''
      : `<h2>Skipped</h2><ul>${doc.skipped.map((s) => `<li><b>${esc(s.label)}</b> (${esc(s.algorithm)}): ${esc(s.reason)}</li>`).join('')}</ul>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>hwcrypt bench - ${esc(m.cpuModel || m.arch)}</title><style>${CSS}</style></head>
<body>
<h1>hwcrypt bench</h1>
<p class="note">${esc(doc.createdAt)}. Cycles/byte is the CPU work per byte: with the same power draw per cycle it is proportional to the energy per byte (battery). J/GB is measured, never estimated.</p>
<table class="meta">${meta.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</table>
<h2>Hardware vs software</h2>
<p class="note">cycles/byte of hwcrypt's portable constant-time <code>soft</code> backend divided by the best crypto-instruction backend's: how many times less CPU work (and roughly energy) the instructions take.</p>
${hvsHtml}
${sections.join('\n')}
${renderSectionsHtml(doc)}
${skipped}
<script>${SCRIPT}</script>
</body></html>
`;
}

/** The README chart: throughput vs size for up to `max` algorithm blocks, side by side, as one SVG file. */
export function renderChartSvg(doc: BenchDocument, max = 2): string {
  const colors = colorMap(doc.results);
  const blocks = [...groupByAlgo(doc.results).values()].slice(0, max);
  const w = 560;
  const charts = blocks.map((b) => throughputChart(b, colors, w));
  const heights = charts.map((s) => Number(/height="(\d+)"/.exec(s)?.[1] ?? 400));
  const H = Math.max(400, ...heights) + 24;
  const W = w * Math.max(1, charts.length);
  const inner = charts.map((s, i) => s.replace('<svg ', `<svg x="${i * w}" y="0" `)).join('');
  const foot = `${doc.command.replace(/ --chart \S+/, '')} on ${m(doc)}; Node ${doc.versions.node}, OpenSSL ${doc.versions.openssl}; cycles ${doc.method.cycles.label}`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}"><rect width="${W}" height="${H}" fill="#fff"/>${inner}<text x="${W / 2}" y="${H - 8}" text-anchor="middle" font-size="11" fill="#555" font-family="system-ui, sans-serif">${esc(foot)}</text></svg>\n`;
}

function m(doc: BenchDocument): string {
  return doc.machine.cpuModel || doc.machine.arch;
}
