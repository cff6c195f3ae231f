// The dashboards' reports: which op each calls, what its range means, and how its result
// becomes a table (the same numbers as the chart, for people and screen readers) and an ECharts
// option. Numbers come straight from the core's report.* ops (metrics.md); only formatting here.
import { t, money, moneyCompact, percent, number, days, month } from '../../i18n/index.js';
import { app } from '../store.js';

const C = ['#1d4ed8', '#f0b429', '#0f7b3f', '#b42318', '#7c3aed', '#0891b2'];
const pct = (r) => percent(r);
const axisMoney = { type: 'value', axisLabel: { formatter: (v) => moneyCompact(v) } };
const tipMoney = { trigger: 'axis', valueFormatter: (v) => money(Math.round(v)) };
const bars = (labels, series, yAxis = axisMoney, tooltip = tipMoney) => ({
  color: C, tooltip, legend: { top: 0 }, grid: { left: 8, right: 8, bottom: 8, top: 36, containLabel: true },
  xAxis: { type: 'category', data: labels, axisLabel: { interval: 0, hideOverlap: true } }, yAxis, series,
});
const repName = (id) => (id ? app.user(id)?.name ?? id : t('board.unassigned'));

export const REPORTS = [
  {
    id: 'funnel', label: 'dash.funnel', op: 'report.funnel', note: 'dash.cohortNote',
    table: (r) => ({
      head: [t('dash.stage'), t('dash.entered'), t('dash.conversion'), t('dash.dropped'), t('dash.dropoff'), t('dash.lostHere')],
      num: [1, 2, 3, 4, 5],
      rows: r.stages.map((s) => [s.name, number(s.entered), pct(s.conversion), number(s.dropped), pct(s.conversion == null ? null : 1 - s.conversion), number(s.lost_here)]),
      foot: [[t('dash.won'), number(r.won), '', '', '', ''], [t('dash.lost'), number(r.lost), '', '', '', ''], [t('dash.winConversion'), pct(r.win_conversion), '', '', '', '']],
    }),
    chart: (r) => ({
      color: ['#0b3d91', '#1346b4', '#1d4ed8', '#2b5fe0', '#3a6ae0', '#4674dc', '#5079d6', '#5a7fd0'],
      tooltip: { trigger: 'item' },
      series: [{
        type: 'funnel', sort: 'none', left: '5%', width: '90%', top: 10, bottom: 10, minSize: '12%', gap: 2,
        label: { position: 'inside', color: '#fff', formatter: (p) => `${p.name}  ${number(p.value)}${p.data.conv != null ? `  → ${pct(p.data.conv)}` : ''}` },
        data: [...r.stages.map((s) => ({ name: s.name, value: s.entered, conv: s.conversion })), { name: t('dash.won'), value: r.won, itemStyle: { color: '#0f7b3f' } }],
      }],
    }),
  },
  {
    id: 'forecast', label: 'dash.forecast', op: 'report.forecast', note: 'dash.closeNote', range: 'future',
    // Both methods side by side: configured probabilities and historical ones.
    fetch: async (args) => {
      const [configured, historical] = await Promise.all([
        app.call('report.forecast', { ...args, method: 'configured' }),
        app.call('report.forecast', { ...args, method: 'historical' }),
      ]);
      return { configured, historical };
    },
    table: ({ configured, historical }) => {
      const hist = new Map(historical.by_month.map((m) => [m.month, m]));
      return {
        head: [t('dash.month'), t('dash.configured'), t('dash.historical'), t('dash.wonAmount'), t('dash.bestCase')],
        num: [1, 2, 3, 4],
        rows: configured.by_month.map((m) => [month(m.month), money(Math.round(m.weighted)), money(Math.round(hist.get(m.month)?.weighted ?? 0)), money(m.won), money(m.best_case)]),
        foot: [[t('dash.total'), money(Math.round(configured.weighted)), money(Math.round(historical.weighted)), money(configured.won), money(configured.best_case)]],
      };
    },
    chart: ({ configured, historical }) => {
      const hist = new Map(historical.by_month.map((m) => [m.month, m]));
      const ms = configured.by_month;
      return bars(ms.map((m) => month(m.month)), [
        { name: t('dash.configured'), type: 'bar', data: ms.map((m) => m.weighted) },
        { name: t('dash.historical'), type: 'bar', data: ms.map((m) => hist.get(m.month)?.weighted ?? 0) },
        { name: t('dash.wonAmount'), type: 'bar', data: ms.map((m) => m.won) },
        { name: t('dash.bestCase'), type: 'line', data: ms.map((m) => m.best_case) },
      ]);
    },
  },
  {
    id: 'velocity', label: 'dash.velocity', op: 'report.velocity', note: 'dash.endedNote',
    summary: (r) => [
      t('dash.cycle', { mean: days(r.cycle?.mean_days), median: days(r.cycle?.median_days) }),
      `${t('dash.winRate')}: ${pct(r.win_rate)}`, `${t('dash.avgSize')}: ${money(r.avg_deal_size == null ? null : Math.round(r.avg_deal_size))}`,
      `${t('dash.velocityPerDay')}: ${money(r.pipeline_velocity == null ? null : Math.round(r.pipeline_velocity))}`,
    ],
    table: (r) => ({
      head: [t('dash.stage'), t('dash.visits'), t('dash.meanDays'), t('dash.medianDays'), t('dash.openVisits'), t('dash.openAge')],
      num: [1, 2, 3, 4, 5],
      rows: r.stages.map((s) => [s.name, number(s.visits), days(s.mean_days), days(s.median_days), number(s.open_visits), days(s.open_mean_age_days)]),
    }),
    chart: (r) => bars(r.stages.map((s) => s.name), [
      { name: t('dash.meanDays'), type: 'bar', data: r.stages.map((s) => s.mean_days) },
      { name: t('dash.medianDays'), type: 'bar', data: r.stages.map((s) => s.median_days) },
      { name: t('dash.openAge'), type: 'bar', data: r.stages.map((s) => s.open_mean_age_days) },
    ], { type: 'value' }, { trigger: 'axis', valueFormatter: (v) => days(v) }),
  },
  {
    id: 'bottlenecks', label: 'dash.bottlenecks', op: 'report.bottlenecks', note: 'dash.baselineRange',
    table: (r) => ({
      head: [t('dash.stage'), t('dash.conversion'), t('dash.baseline'), t('dash.ratio'), t('dash.bottleneck')],
      num: [1, 2, 3],
      rows: r.stages.map((s) => [s.name, pct(s.conversion), pct(s.baseline_conversion), number(s.ratio, 2), s.bottleneck ? `⚠ ${t('dash.bottleneck')}` : '']),
    }),
    chart: (r) => bars(r.stages.map((s) => s.name), [
      { name: t('dash.conversion'), type: 'bar', data: r.stages.map((s) => s.conversion) },
      { name: t('dash.baseline'), type: 'bar', data: r.stages.map((s) => s.baseline_conversion) },
    ], { type: 'value', max: 1, axisLabel: { formatter: (v) => pct(v) } }, { trigger: 'axis', valueFormatter: (v) => pct(v) }),
  },
  {
    id: 'reps', label: 'dash.reps', op: 'report.reps', note: 'dash.cohortNote',
    table: (r) => ({
      head: [t('dash.rep'), t('dash.enteredFirst'), t('dash.won'), t('dash.lost'), t('dash.winRate'), t('dash.wonAmount'), t('dash.quota'), t('dash.attainment'), t('dash.avgSize')],
      num: [1, 2, 3, 4, 5, 6, 7, 8],
      rows: r.reps.map((x) => [x.name ?? repName(x.owner_id), number(x.entered_first), number(x.won), number(x.lost), pct(x.win_rate), money(x.won_amount), money(x.quota), pct(x.attainment), money(x.avg_deal_size == null ? null : Math.round(x.avg_deal_size))]),
    }),
    chart: (r) => bars(r.reps.map((x) => x.name ?? repName(x.owner_id)), [
      { name: t('dash.wonAmount'), type: 'bar', data: r.reps.map((x) => x.won_amount) },
      { name: t('dash.quota'), type: 'bar', data: r.reps.map((x) => x.quota) },
    ]),
  },
  {
    id: 'attribution', label: 'dash.attribution', op: 'report.attribution', note: 'dash.cohortNote', hasBy: true,
    table: (r) => ({
      head: [t(r.by === 'industry' ? 'dash.byIndustry' : 'dash.bySource'), t('dash.leads'), t('dash.leadToDeal'), t('dash.deals'), t('dash.won'), t('dash.winRate'), t('dash.wonAmount'), t('dash.avgSize')],
      num: [1, 2, 3, 4, 5, 6, 7],
      rows: r.rows.map((x) => [x.key ?? t('dash.unknown'), number(x.leads), pct(x.lead_to_deal), number(x.deals), number(x.won), pct(x.win_rate), money(x.won_amount), money(x.avg_deal_size == null ? null : Math.round(x.avg_deal_size))]),
    }),
    chart: (r) => bars(r.rows.map((x) => x.key ?? t('dash.unknown')), [
      { name: t('dash.wonAmount'), type: 'bar', data: r.rows.map((x) => x.won_amount) },
    ]),
  },
  {
    id: 'trend', label: 'dash.trend', op: 'report.trend', note: null,
    table: (r) => ({
      head: [t('dash.month'), t('dash.created'), t('dash.won'), t('dash.wonAmount'), t('dash.winRate')],
      num: [1, 2, 3, 4],
      rows: r.months.map((m) => [month(m.month), number(m.created), number(m.won), money(m.won_amount), pct(m.win_rate)]),
    }),
    chart: (r) => ({
      ...bars(r.months.map((m) => month(m.month)), [
        { name: t('dash.created'), type: 'bar', data: r.months.map((m) => m.created) },
        { name: t('dash.won'), type: 'bar', data: r.months.map((m) => m.won) },
        { name: t('dash.wonAmount'), type: 'line', yAxisIndex: 1, data: r.months.map((m) => m.won_amount) },
      ], [{ type: 'value' }, { ...axisMoney, splitLine: { show: false } }], { trigger: 'axis' }),
    }),
  },
];
