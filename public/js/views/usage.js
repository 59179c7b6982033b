// Usage: the plan, this month's media operations (analyses and cache-missing renders) against its
// limit, as numbers and a bar, and when the counter resets.
import { getUsage, getUsageHistory } from '../api.js';
import { formatNumber, h, setPage } from '../dom.js';
import { renderUsageHistory } from './usage-history.js';

function monthLabel(usage) {
  const source = usage.periodStart ?? (usage.periodKey ? `${usage.periodKey}-01T00:00:00Z` : null);
  const date = source ? new Date(source) : new Date();
  return Number.isNaN(date.getTime()) ? String(usage.periodKey ?? '') : date.toLocaleDateString(undefined, { month: 'long', year: 'numeric', timeZone: 'UTC' });
}

function resetLabel(usage) {
  let end = usage.periodEnd ? new Date(usage.periodEnd) : null;
  if (!end || Number.isNaN(end.getTime())) {
    const now = new Date();
    end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  }
  return end.toLocaleDateString(undefined, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/** @param {{ main: HTMLElement, signal: AbortSignal, me: { mode: string } }} context */
export async function renderUsage({ main, signal, me }) {
  setPage(main, 'Usage', h('div', { class: 'page-head' }, h('h1', {}, 'Usage')), h('p', { class: 'loading' }, 'Loading…'));
  let usage;
  let history;
  try {
    [usage, history] = await Promise.all([getUsage(), getUsageHistory(30)]);
  } catch (error) {
    if (error?.status === 404 && me.mode === 'open') {
      setPage(main, 'Usage', h('div', { class: 'page-head' }, h('h1', {}, 'Usage')),
        h('p', { class: 'notice' }, 'This server runs in open mode (no accounts configured): there is no plan and no quota.'));
      return;
    }
    throw error;
  }
  if (signal.aborted) return;
  const fraction = usage.limit > 0 ? Math.min(1, usage.used / usage.limit) : 1;
  const level = fraction >= 1 ? 'over' : fraction >= 0.8 ? 'high' : 'ok';
  const fill = h('div', { class: ['bar-fill', level] });
  fill.style.width = `${(fraction * 100).toFixed(1)}%`;
  const bar = h('div', {
    class: 'bar',
    role: 'progressbar',
    'aria-label': `Operations used in ${monthLabel(usage)}`,
    'aria-valuemin': '0',
    'aria-valuemax': String(usage.limit),
    'aria-valuenow': String(Math.min(usage.used, usage.limit)),
    'aria-valuetext': `${formatNumber(usage.used)} of ${formatNumber(usage.limit)}`,
  }, fill);
  setPage(main, 'Usage',
    h('div', { class: 'page-head' }, h('h1', {}, 'Usage')),
    h('section', { class: 'panel usage', id: 'usage-panel', 'aria-labelledby': 'usage-heading' },
      h('h2', { id: 'usage-heading' }, monthLabel(usage)),
      h('dl', { class: 'stats' },
        h('div', {}, h('dt', {}, 'Plan'), h('dd', { id: 'usage-plan', class: 'plan' }, usage.plan || '—')),
        h('div', {}, h('dt', {}, 'Used'), h('dd', { id: 'usage-used' }, formatNumber(usage.used))),
        h('div', {}, h('dt', {}, 'Limit'), h('dd', { id: 'usage-limit' }, formatNumber(usage.limit))),
        h('div', {}, h('dt', {}, 'Remaining'), h('dd', { id: 'usage-remaining' }, formatNumber(usage.remaining))),
      ),
      bar,
      h('p', { class: 'muted' },
        `${Math.round(fraction * 100)} % of this month's media operations. The counter resets on ${resetLabel(usage)} (UTC). `,
        'An analysis is one operation; a render that misses the cache is one; cache hits are free.'),
      level === 'over' ? h('p', { class: 'notice error', role: 'alert' }, 'The quota is used up: new renders and analyses are refused (429) until the reset. Cached renders still serve.') : null,
      level === 'high' ? h('p', { class: 'notice warn', role: 'status' }, `Over 80 % used: ${formatNumber(usage.remaining)} operations are left until ${resetLabel(usage)}.`) : null,
    ),
    renderUsageHistory(history),
  );
}
