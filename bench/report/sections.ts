/**
 * Reporting of the case sections (many small messages, async): a console
 * table per case and per event-loop measurement, and their HTML. Pure:
 * reads the document only.
 */
import { fmt, fmtRate, fmtTime } from './derive.js';
import { esc } from './svg.js';
import { renderGrid } from './grid.js';
import type { BenchDocument, CaseRecord, CaseRowRecord, EventLoopRecord, SectionRecord } from './types.js';

function ratio(v: number | null, base: boolean): string {
  if (base) return '1x';
  return v === null ? '' : `${fmt(v, 3)}x`;
}

/** "met" / "NOT met" / "" for a row's target. */
export function targetText(r: CaseRowRecord): string {
  if (!r.target) return '';
  const what = `>= ${fmt(r.target.ratio, 3)}x ${r.target.against === 'node' ? 'node' : 'ref'}`;
  if (r.meetsTarget === null) return `${what}: n/a`;
  return `${what}: ${r.meetsTarget ? 'met' : 'NOT met'}`;
}

function refLabel(c: CaseRecord): string | null {
  return c.rows.find((r) => r.implementation === c.reference)?.label ?? null;
}

/** Console block of one case. */
export function renderCase(c: CaseRecord): string {
  const ref = refLabel(c);
  const lines = [
    `${c.title} - time per message${c.messages > 1 ? ` (batch calls: ${c.messages} messages per call)` : ''}; x node = times node:crypto${ref ? `, x ref = times ${ref}` : ''}`,
  ];
  const head = ['', 'per msg', 'throughput', 'cycles/msg', 'x node', 'x ref', 'target'];
  const body = c.rows.map((r) =>
    r.status !== 'ok'
      ? [r.label, 'error', '', '', '', '', targetText(r)]
      : [
          r.label + (r.outputReused ? ' *' : ''),
          fmtTime(r.nsPerMessage),
          fmtRate(r.mbPerSec),
          fmt(r.cyclesPerMessage),
          ratio(r.ratioToNode, r.baseline),
          r.reference ? 'ref' : ratio(r.ratioToReference, false),
          targetText(r),
        ],
  );
  lines.push(renderGrid([head, ...body]));
  for (const r of c.rows) if (r.status !== 'ok') lines.push(`  ! ${r.label}: ${r.error}`);
  for (const s of c.skipped) lines.push(`  - ${s.label}: ${s.reason}`);
  if (c.rows.some((r) => r.outputReused)) lines.push('  * writes into output buffers allocated once and reused');
  if (c.note) lines.push(`  ${c.note}`);
  return lines.join('\n');
}

/** Console block of the event-loop rows. */
export function renderEventLoop(rows: readonly EventLoopRecord[], skipped: SectionRecord['eventLoopSkipped']): string {
  if (rows.length === 0 && skipped.length === 0) return '';
  const first = rows[0];
  const lines = [
    `event-loop delay (perf_hooks.monitorEventLoopDelay, ${fmt(first?.resolutionMs ?? 1)} ms resolution; rows interleaved run by run; p99 and max: the worst run)`,
  ];
  const head = ['', 'p50', 'p99', 'max', 'time/run', 'throughput', 'runs', 'target'];
  const body = rows.map((r) =>
    r.status !== 'ok'
      ? [r.label, 'error', '', '', '', '', '', '']
      : [
          r.label + (r.outputReused ? ' *' : ''),
          fmtMs(r.p50Ms),
          fmtMs(r.p99Ms),
          fmtMs(r.maxMs),
          fmtMs(r.elapsedMs),
          r.mbPerSec === null ? '-' : fmtRate(r.mbPerSec),
          String(r.runs),
          r.targetP99Ms === null ? '' : `p99 < ${fmt(r.targetP99Ms)} ms: ${r.meetsTarget ? 'met' : 'NOT met'}`,
        ],
  );
  lines.push(renderGrid([head, ...body]));
  for (const r of rows) if (r.status !== 'ok') lines.push(`  ! ${r.label}: ${r.error}`);
  for (const s of skipped) lines.push(`  - ${s.label}: ${s.reason}`);
  if (rows.some((r) => r.outputReused)) lines.push('  * output buffer allocated once and reused across runs');
  return lines.join('\n');
}

function fmtMs(v: number | null): string {
  return v === null ? '-' : fmtTime(v * 1e6);
}

/** Console report of every section of the document ('' when there is none). */
export function renderSections(doc: BenchDocument): string {
  const parts: string[] = [];
  for (const s of doc.sections ?? []) {
    parts.push(`== ${s.title} ==`);
    for (const n of s.notes) parts.push(`note: ${n}`);
    parts.push('');
    for (const c of s.cases) parts.push(renderCase(c), '');
    const el = renderEventLoop(s.eventLoop, s.eventLoopSkipped);
    if (el) parts.push(el, '');
  }
  return parts.join('\n');
}

/** HTML of every section ('' when there is none). */
export function renderSectionsHtml(doc: BenchDocument): string {
  const out: string[] = [];
  for (const s of doc.sections ?? []) {
    out.push(`<section data-section="${esc(s.id)}"><h2>${esc(s.title)}</h2>`);
    for (const n of s.notes) out.push(`<p class="note">${esc(n)}</p>`);
    for (const c of s.cases) out.push(caseHtml(c));
    if (s.eventLoop.length > 0 || s.eventLoopSkipped.length > 0) out.push(eventLoopHtml(s));
    out.push('</section>');
  }
  return out.join('\n');
}

function caseHtml(c: CaseRecord): string {
  const ref = refLabel(c);
  const head = '<tr><th>implementation</th><th>per message</th><th>throughput</th><th>cycles/msg</th><th>x node:crypto</th><th>x ref</th><th>target</th></tr>';
  const body = c.rows
    .map((r) => {
      if (r.status !== 'ok') return `<tr><th class="impl">${esc(r.label)}</th><td class="err" colspan="6" title="${esc(r.error ?? '')}">error: ${esc(r.error ?? '')}</td></tr>`;
      const tip = `median ${fmtTime(r.nsPerOp)} per operation of ${c.messages}; mean ${fmtTime(r.meanNsPerMessage)}/msg; samples ${r.samples} x ${r.batch}; IQR ${fmt(r.spread?.iqrPct, 2)}%; CPU ${fmt(r.cpuSecondsPerGB)} s/GB${r.outputReused ? '; output buffers reused' : ''}`;
      const t = targetText(r);
      const tcls = r.meetsTarget === false ? ' class="warn"' : '';
      return `<tr title="${esc(tip)}"><th class="impl">${esc(r.label)}</th><td><b>${esc(fmtTime(r.nsPerMessage))}</b></td><td>${esc(fmtRate(r.mbPerSec))}</td><td>${esc(fmt(r.cyclesPerMessage))}</td><td>${esc(ratio(r.ratioToNode, r.baseline))}</td><td>${r.reference ? 'ref' : esc(ratio(r.ratioToReference, false))}</td><td${tcls}>${esc(t)}</td></tr>`;
    })
    .join('');
  const skipped = c.skipped.length === 0 ? '' : `<ul>${c.skipped.map((s) => `<li><b>${esc(s.label)}</b>: ${esc(s.reason)}</li>`).join('')}</ul>`;
  return `<div data-case="${esc(c.id)}"><h3>${esc(c.title)}</h3><table class="data">${head}${body}</table><p class="note">Per message = median time per operation / messages per operation (${c.messages} for a batch call, 1 for a per-message row). x ref = times ${esc(ref ?? 'the reference row')}.${c.note ? ` ${esc(c.note)}` : ''}</p>${skipped}</div>`;
}

function eventLoopHtml(s: SectionRecord): string {
  const head = '<tr><th>job</th><th>p50</th><th>p99</th><th>max</th><th>time/run</th><th>throughput</th><th>runs</th><th>target</th></tr>';
  const body = s.eventLoop
    .map((r) =>
      r.status !== 'ok'
        ? `<tr><th class="impl">${esc(r.label)}</th><td class="err" colspan="7">error: ${esc(r.error ?? '')}</td></tr>`
        : `<tr><th class="impl">${esc(r.label)}</th><td>${esc(fmtMs(r.p50Ms))}</td><td><b>${esc(fmtMs(r.p99Ms))}</b></td><td>${esc(fmtMs(r.maxMs))}</td><td>${esc(fmtMs(r.elapsedMs))}</td><td>${r.mbPerSec === null ? '-' : esc(fmtRate(r.mbPerSec))}</td><td>${r.runs}</td><td${r.meetsTarget === false ? ' class="warn"' : ''}>${r.targetP99Ms === null ? '' : `p99 &lt; ${esc(fmt(r.targetP99Ms))} ms: ${r.meetsTarget ? 'met' : 'NOT met'}`}</td></tr>`,
    )
    .join('');
  const skipped = s.eventLoopSkipped.length === 0 ? '' : `<ul>${s.eventLoopSkipped.map((k) => `<li><b>${esc(k.label)}</b>: ${esc(k.reason)}</li>`).join('')}</ul>`;
  return `<div data-case="event-loop"><h3>Event-loop delay</h3><table class="data">${head}${body}</table><p class="note">perf_hooks.monitorEventLoopDelay around each run; the histogram records timer intervals, so an idle loop reads about the resolution.</p>${skipped}</div>`;
}
