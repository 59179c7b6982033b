/** Small timing helpers shared by the benches: median and spread of repeated runs. */
export interface Summary {
  readonly median: number;
  readonly p10: number;
  readonly p90: number;
  readonly min: number;
  readonly max: number;
  readonly runs: number;
}

export function summarise(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))] ?? Number.NaN;
  return { median: at(0.5), p10: at(0.1), p90: at(0.9), min: sorted[0] ?? Number.NaN, max: sorted.at(-1) ?? Number.NaN, runs: sorted.length };
}

/** Runs `a` and `b` alternately (so machine drift hits both), after warm-up; returns ms samples of each. */
export async function timePaired(
  a: () => Promise<unknown>,
  b: (() => Promise<unknown>) | null,
  options: { warmup: number; runs: number },
): Promise<{ a: Summary; b: Summary | null }> {
  for (let i = 0; i < options.warmup; i++) {
    await a();
    if (b) await b();
  }
  const sa: number[] = [];
  const sb: number[] = [];
  for (let i = 0; i < options.runs; i++) {
    let t = performance.now();
    await a();
    sa.push(performance.now() - t);
    if (b) {
      t = performance.now();
      await b();
      sb.push(performance.now() - t);
    }
  }
  return { a: summarise(sa), b: b ? summarise(sb) : null };
}

export function ms(value: number): string {
  return value.toFixed(1);
}

export function spread(s: Summary): string {
  return `${ms(s.p10)}–${ms(s.p90)}`;
}

/** Prints rows as an aligned text table. */
export function printTable(headers: readonly string[], rows: readonly (readonly string[])[]): void {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  console.log(line(headers));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
}
