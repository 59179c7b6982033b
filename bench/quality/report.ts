// Turns the records into the markdown tables docs/quality.md publishes (aligned, so they read
// the same in a terminal).
import { summarise } from '../stats.js';
import { BASELINES, OUR_MODES, type Cropper } from './croppers.js';
import type { CropRecord, QualityResults } from './evaluate.js';
import { FACE_SIZE_BANDS } from './face-recall.js';
import { CATEGORIES, CATEGORY_TITLES } from './quality-case.js';
import { ASPECTS } from './quality-set.js';

function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max(3, h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(headers), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

function label(cropper: Cropper): string {
  return (OUR_MODES as readonly string[]).includes(cropper) ? `our \`${cropper}\`` : cropper;
}

function rate(records: readonly CropRecord[]): string {
  if (records.length === 0) return '–';
  return (records.filter((r) => r.hit).length / records.length).toFixed(3);
}

function croppersIn(results: QualityResults): Cropper[] {
  const present = new Set(results.crops.map((r) => r.cropper));
  return [...OUR_MODES, ...BASELINES].filter((c) => present.has(c));
}

/** Hit rate per cropper, overall and per category, with the time each crop took. */
export function hitRateTable(results: QualityResults): string {
  const croppers = croppersIn(results);
  const first = results.crops.filter((r) => r.cropper === croppers[0]);
  const count = (category?: string) => first.filter((r) => category === undefined || r.categories.includes(category as never)).length;
  const headers = ['mode', `all (${count()})`, ...CATEGORIES.map((c) => `${CATEGORY_TITLES[c]} (${count(c)})`), 'mean kept/best', 'ms per crop, median (p10-p90)'];
  const rows = croppers.map((cropper) => {
    const mine = results.crops.filter((r) => r.cropper === cropper);
    const kept = mine.reduce((sum, r) => sum + (r.best > 0 ? r.coverage / r.best : 1), 0) / mine.length;
    const time = summarise(mine.map((r) => r.ms));
    return [
      label(cropper),
      rate(mine),
      ...CATEGORIES.map((c) => rate(mine.filter((r) => r.categories.includes(c)))),
      kept.toFixed(3),
      `${time.median.toFixed(0)} (${time.p10.toFixed(0)}-${time.p90.toFixed(0)})`,
    ];
  });
  return table(headers, rows);
}

/** Hit rate per cropper and aspect. */
export function aspectTable(results: QualityResults): string {
  const rows = croppersIn(results).map((cropper) => {
    const mine = results.crops.filter((r) => r.cropper === cropper);
    return [label(cropper), ...ASPECTS.map((a) => rate(mine.filter((r) => r.aspect === a.name)))];
  });
  return table(['mode', ...ASPECTS.map((a) => a.name)], rows);
}

/** analyze()'s face recall per face size, and its time per image. */
export function recallTable(results: QualityResults): string {
  const rows = [...FACE_SIZE_BANDS, 'all'].map((band) => {
    const faces = results.faces.filter((f) => band === 'all' || f.band === band);
    const found = faces.filter((f) => f.found).length;
    return [band === 'all' ? 'all labelled faces' : `faces ${band} of the long side`, `${found} / ${faces.length}`, faces.length > 0 ? (found / faces.length).toFixed(3) : '–'];
  });
  const time = summarise(results.analyses.map((a) => a.ms));
  const detected = results.analyses.reduce((sum, a) => sum + a.detected, 0);
  rows.push(['analyze() ms per image, median (p10-p90)', `${time.median.toFixed(0)} (${time.p10.toFixed(0)}-${time.p90.toFixed(0)})`, '']);
  rows.push(['faces analyze() returned (all images)', String(detected), '']);
  return table(['analyze() face recall', 'found / labelled', 'recall'], rows);
}

/** How often each decision path decided our detecting modes (e.g. `face`, `no face found>smart`). */
export function decisionTable(results: QualityResults): string {
  const rows: string[][] = [];
  for (const cropper of ['face', 'faces', 'smart'] as const) {
    const counts = new Map<string, number>();
    for (const r of results.crops.filter((c) => c.cropper === cropper)) counts.set(r.focus, (counts.get(r.focus) ?? 0) + 1);
    const parts = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([focus, n]) => `${focus} ${n}`);
    if (parts.length > 0) rows.push([label(cropper), parts.join(', ')]);
  }
  return table(['mode', 'what decided the window (crops)'], rows);
}

/** All tables, in the order docs/quality.md shows them. */
export function fullReport(results: QualityResults): string {
  return [
    '### Hit rate by category',
    hitRateTable(results),
    '### Hit rate by aspect',
    aspectTable(results),
    '### Face recall',
    recallTable(results),
    '### What decided our modes',
    decisionTable(results),
  ].join('\n\n');
}
