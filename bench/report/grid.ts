/** Aligned text columns for the console reports. */

function pad(s: string, w: number, right = false): string {
  if (s.length >= w) return s;
  return right ? ' '.repeat(w - s.length) + s : s + ' '.repeat(w - s.length);
}

/** Renders rows of cells as aligned text: first column left, others right. */
export function renderGrid(rows: string[][]): string {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return rows.map((r) => r.map((c, i) => pad(c, widths[i] as number, i > 0)).join('  ').trimEnd()).join('\n');
}
