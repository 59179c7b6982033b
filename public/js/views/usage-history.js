// The usage page's 30-day history: operations per UTC day, stacked by kind (analyses, render misses),
// against the plan's limit drawn as its daily share (the monthly limit spread over the month's days):
// days above the line spend faster than the plan lasts. The numbers are also in a table.
import { formatNumber, h, s } from '../dom.js';

const WIDTH = 640;
const HEIGHT = 220;
const PAD = { left: 40, right: 8, top: 12, bottom: 26 };

function daysInMonth(day) {
  const [year, month] = day.split('-').map(Number);
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The smallest of 1, 2, 4, 6, 8 × 10ⁿ at or above `value`, so the axis and its half are round numbers, for the axis' top. */
function niceCeiling(value) {
  const power = 10 ** Math.floor(Math.log10(value));
  return ([1, 2, 4, 6, 8, 10].map((m) => m * power).find((candidate) => candidate >= value) ?? 10 * power);
}

/** @param {{ plan: string, limit: number, days: { day: string, analyze: number, render: number }[] }} history */
export function renderUsageHistory(history) {
  const days = history.days;
  const today = days.at(-1)?.day ?? new Date().toISOString().slice(0, 10);
  const budget = history.limit / daysInMonth(today);
  const peak = Math.max(1, budget, ...days.map((d) => d.analyze + d.render));
  const top = niceCeiling(peak * 1.1);
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const y = (value) => PAD.top + plotH - (value / top) * plotH;
  const slot = plotW / Math.max(1, days.length);
  const bars = days.flatMap((d, i) => {
    const x = PAD.left + i * slot + slot * 0.15;
    const w = slot * 0.7;
    const title = s('title', {}, `${d.day}: ${d.analyze} analyses, ${d.render} render misses`);
    return [
      s('rect', { class: 'bar-analyze', x, y: y(d.analyze), width: w, height: Math.max(0, y(0) - y(d.analyze)) }, title),
      s('rect', { class: 'bar-render', x, y: y(d.analyze + d.render), width: w, height: Math.max(0, y(d.analyze) - y(d.analyze + d.render)) }),
    ];
  });
  const ticks = [0, top / 2, top].map((value) =>
    s('g', { class: 'tick' },
      s('line', { x1: PAD.left, x2: WIDTH - PAD.right, y1: y(value), y2: y(value) }),
      s('text', { x: PAD.left - 6, y: y(value) + 4, 'text-anchor': 'end' }, formatNumber(value)),
    ));
  const labels = [0, Math.floor(days.length / 2), days.length - 1].filter((i) => days[i]).map((i) =>
    s('text', { class: 'day-label', x: PAD.left + i * slot + slot / 2, y: HEIGHT - 8, 'text-anchor': 'middle' }, days[i].day.slice(5)));
  const limitY = y(budget);
  const total = days.reduce((sum, d) => sum + d.analyze + d.render, 0);
  const chart = s('svg', {
    class: 'usage-chart', id: 'usage-chart', viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img',
    'aria-label': `Operations per day over the last ${days.length} days: ${formatNumber(total)} in all. The plan allows ${formatNumber(history.limit)} a month, about ${formatNumber(Math.round(budget))} a day.`,
  },
  ...ticks,
  ...bars,
  s('line', { class: 'limit-line', id: 'usage-limit-line', x1: PAD.left, x2: WIDTH - PAD.right, y1: limitY, y2: limitY, 'data-per-day': budget.toFixed(2) }),
  s('text', { class: 'limit-label', x: WIDTH - PAD.right - 4, y: limitY - 6, 'text-anchor': 'end' }, `plan limit ≈ ${formatNumber(Math.round(budget))}/day`),
  ...labels,
  );
  const rows = days.filter((d) => d.analyze + d.render > 0).reverse();
  return h('section', { class: 'panel usage-history', id: 'usage-history', 'aria-labelledby': 'history-heading' },
    h('h2', { id: 'history-heading' }, `Last ${days.length} days`),
    h('p', { class: 'legend' },
      h('span', { class: 'legend-item' }, h('span', { class: 'legend-swatch swatch-analyze', 'aria-hidden': 'true' }), 'Analyses'),
      h('span', { class: 'legend-item' }, h('span', { class: 'legend-swatch swatch-render', 'aria-hidden': 'true' }), 'Render misses (cache hits are free)'),
      h('span', { class: 'legend-item' }, h('span', { class: 'legend-swatch swatch-limit', 'aria-hidden': 'true' }),
        `The ${history.plan || 'plan'} limit, ${formatNumber(history.limit)} a month, as a daily share`),
    ),
    chart,
    h('details', { class: 'usage-table' },
      h('summary', {}, 'The numbers by day'),
      rows.length === 0
        ? h('p', { class: 'muted' }, 'No operations in this time.')
        : h('table', { class: 'keys-table', id: 'usage-days' },
          h('thead', {}, h('tr', {}, ['Day (UTC)', 'Analyses', 'Render misses', 'Total'].map((label) => h('th', { scope: 'col' }, label)))),
          h('tbody', {}, rows.map((d) => h('tr', { dataset: { day: d.day } },
            h('td', { 'data-label': 'Day' }, d.day),
            h('td', { 'data-label': 'Analyses' }, formatNumber(d.analyze)),
            h('td', { 'data-label': 'Render misses' }, formatNumber(d.render)),
            h('td', { 'data-label': 'Total' }, formatNumber(d.analyze + d.render)),
          ))),
        ),
    ),
  );
}
