// <loudou-dashboards>: the funnel reports. One report at a time (#/dashboards/<id>), each with
// its pipeline, date range and filters stated above it, a chart (ECharts, loaded on first use)
// and a table of the same numbers. The bottleneck view lists stalled deals linking to the deals.
import { LitElement, html, css } from 'lit';
import { base } from '../styles.js';
import { app } from '../store.js';
import { t, locale, date, days } from '../../i18n/index.js';
import { REPORTS } from './report-defs.js';
import { openDeal } from '../ui.js';
import { showError } from '../ui.js';
import './loudou-chart.js';

const DAY = 86_400_000;
const iso = (d) => d.toISOString().slice(0, 10);

/** The default range: the last 12 calendar months up to today; for a forecast (ranged on
 *  expected close) this month and the next five. */
export function defaultRange(kind = 'past', now = new Date()) {
  const y = now.getUTCFullYear(), m = now.getUTCMonth();
  if (kind === 'future') return { from: iso(new Date(Date.UTC(y, m, 1))), to: iso(new Date(Date.UTC(y, m + 6, 0))) };
  return { from: iso(new Date(Date.UTC(y, m - 11, 1))), to: iso(now) };
}

/** Report args for a range of whole days (to inclusive for people, exclusive for the core). */
export function rangeArgs(from, to) {
  const out = {};
  if (from) out.from = `${from}T00:00:00Z`;
  if (to) out.to = new Date(Date.parse(`${to}T00:00:00Z`) + DAY).toISOString().replace('.000Z', 'Z');
  return out;
}

export class LoudouDashboards extends LitElement {
  static properties = {
    sub: {}, from: { state: true }, to: { state: true }, filters: { state: true }, by: { state: true },
    view: { state: true }, result: { state: true }, error: { state: true }, loading: { state: true }, stalled: { state: true },
  };

  static styles = [base, css`
    :host { display: block; padding: 1em; max-width: 1200px; width: 100%; margin: 0 auto; }
    nav.tabs { display: flex; gap: .2em; flex-wrap: wrap; margin-bottom: .8em; border-bottom: 1px solid var(--ld-line); }
    nav.tabs a { padding: .5em .8em; text-decoration: none; color: var(--ld-muted); border-bottom: 3px solid transparent; white-space: nowrap; }
    nav.tabs a[aria-current='page'] { color: var(--ld-fg); border-color: var(--ld-accent); font-weight: 600; }
    .controls { display: flex; gap: .6em; flex-wrap: wrap; align-items: flex-end; margin-bottom: .8em; }
    .scope { background: #fff; border: 1px solid var(--ld-line); border-radius: 8px; padding: .5em .8em; margin-bottom: .8em; font-size: .9em; }
    .scope strong { font-weight: 600; }
    .summary { display: flex; gap: .5em 1.5em; flex-wrap: wrap; margin-bottom: .8em; }
    .summary span { background: #fff; border: 1px solid var(--ld-line); border-radius: 8px; padding: .4em .8em; }
    .toggle button[aria-pressed='true'] { background: #102a43; color: #fff; border-color: #102a43; }
    tfoot td { font-weight: 600; }
    .downloads { justify-content: flex-end; gap: .4em; margin-bottom: .4em; }
    @media (max-width: 600px) { :host { padding: .6em; } nav.tabs { flex-wrap: nowrap; overflow-x: auto; } .controls label { flex: 1 1 40%; } .controls input, .controls select { width: 100%; } }
  `];

  constructor() {
    super();
    Object.assign(this, defaultRange());
    this.filters = { owner_id: '', source: '', industry: '' };
    this.by = 'source';
    this.view = 'chart';
  }

  connectedCallback() {
    super.connectedCallback();
    this.onChange = () => this.load();
    app.addEventListener('change', this.onChange);
    this.onLocale = () => this.requestUpdate();
    addEventListener('loudou-locale', this.onLocale);
  }
  disconnectedCallback() { super.disconnectedCallback(); app.removeEventListener('change', this.onChange); removeEventListener('loudou-locale', this.onLocale); }

  get report() { return REPORTS.find((r) => r.id === this.sub) ?? REPORTS[0]; }

  willUpdate(changed) {
    // Until someone picks dates, each report opens on its natural range.
    if (changed.has('sub') && !this.rangePicked) Object.assign(this, defaultRange(this.report.range));
    if (['sub', 'from', 'to', 'filters', 'by'].some((k) => changed.has(k))) this.load();
  }

  args() {
    const filters = Object.fromEntries(Object.entries(this.filters).filter(([, v]) => v));
    const a = { pipeline_id: app.pipelineId, ...rangeArgs(this.from, this.to), ...(Object.keys(filters).length ? { filters } : {}) };
    const rep = this.report;
    if (rep.hasBy) a.by = this.by;
    if (rep.id === 'bottlenecks' && this.from && this.to) {
      // Baseline: the period of the same length just before the range.
      const len = Date.parse(a.to) - Date.parse(a.from);
      a.baseline_from = new Date(Date.parse(a.from) - len).toISOString();
      a.baseline_to = a.from;
    }
    return a;
  }

  async load() {
    if (!app.pipelineId) return;
    const rep = this.report;
    const token = (this.token = {});
    this.loading = true;
    this.error = null;
    try {
      const args = this.args();
      const result = rep.fetch ? await rep.fetch(args) : await app.call(rep.op, args);
      if (token !== this.token) return;
      this.result = { id: rep.id, data: result };
      this.stalled = rep.id === 'bottlenecks' ? await this.stalledDeals(result.stalled || []) : null;
    } catch (e) {
      if (token !== this.token) return;
      this.result = null;
      this.error = e.code === 'bad_request' && /unknown op/i.test(e.message) ? t('dash.unavailable') : e.message;
    } finally { if (token === this.token) this.loading = false; }
  }

  async stalledDeals(list) {
    const rows = await Promise.all(list.slice(0, 100).map((s) => app.call('deal.get', { id: s.deal_id }).then((d) => ({ ...s, deal: d }), () => ({ ...s, deal: null }))));
    return rows.sort((a, b) => b.idle_days - a.idle_days);
  }

  scopeText() {
    const p = app.pipeline;
    const f = this.filters;
    const parts = [];
    if (f.owner_id) parts.push(`${t('board.filter.owner')} ${app.user(f.owner_id)?.name ?? ''}`);
    if (f.source) parts.push(`${t('board.filter.source')} ${f.source}`);
    if (f.industry) parts.push(`${t('board.filter.industry')} ${f.industry}`);
    const range = this.from || this.to ? t('dash.range', { from: this.from ? date(this.from) : '…', to: this.to ? date(this.to) : '…' }) : t('dash.allTime');
    return html`<strong>${p?.name}</strong> · ${range} · ${t('dash.filters', { filters: parts.length ? parts.join('，') : t('dash.noFilters') })}${this.report.note ? html` · <span class="muted">${t(this.report.note)}</span>` : ''}`;
  }

  setFilter(k, v) { this.filters = { ...this.filters, [k]: v }; }

  controls() {
    const sel = (k, label, options) => html`<label for=${`df-${k}`}>${t(label)}<select id=${`df-${k}`} @change=${(e) => this.setFilter(k, e.target.value)}>
      <option value="">${t('board.filter.any')}</option>${options.map(([v, l]) => html`<option value=${v} ?selected=${this.filters[k] === v}>${l}</option>`)}</select></label>`;
    const list = (n) => app.list(n, locale()).map((v) => [v, v]);
    return html`<div class="controls">
      <label for="d-pipe">${t('board.pipeline')}<select id="d-pipe" @change=${(e) => { app.selectPipeline(e.target.value); }}>
        ${app.pipelines.map((p) => html`<option value=${p.id} ?selected=${p.id === app.pipelineId}>${p.name}</option>`)}</select></label>
      <label for="d-from">${t('dash.from')}<input id="d-from" type="date" .value=${this.from} @change=${(e) => { this.rangePicked = true; this.from = e.target.value; }}></label>
      <label for="d-to">${t('dash.to')}<input id="d-to" type="date" .value=${this.to} @change=${(e) => { this.rangePicked = true; this.to = e.target.value; }}></label>
      ${sel('owner_id', 'board.filter.owner', app.users.map((u) => [u.id, u.name]))}
      ${sel('source', 'board.filter.source', list('sources'))}
      ${sel('industry', 'board.filter.industry', list('industries'))}
      ${this.report.hasBy ? html`<label for="d-by">${t('dash.by')}<select id="d-by" @change=${(e) => { this.by = e.target.value; }}>
        <option value="source" ?selected=${this.by === 'source'}>${t('dash.bySource')}</option>
        <option value="industry" ?selected=${this.by === 'industry'}>${t('dash.byIndustry')}</option></select></label>` : ''}
      <span class="grow"></span>
      <div class="toggle row" role="group" aria-label=${`${t('common.chart')} / ${t('common.table')}`}>
        <button aria-pressed=${this.view === 'chart'} @click=${() => { this.view = 'chart'; }}>${t('common.chart')}</button>
        <button aria-pressed=${this.view === 'table'} @click=${() => { this.view = 'table'; }}>${t('common.table')}</button>
      </div>
    </div>`;
  }

  tableView(tab) {
    const num = new Set(tab.num || []);
    const row = (cells) => html`<tr>${cells.map((c, i) => html`<td class=${num.has(i) ? 'num' : ''}>${c}</td>`)}</tr>`;
    return html`<div class="table-wrap panel" tabindex="0" role="region" aria-label=${t(this.report.label)}><table>
      <caption class="sr">${t(this.report.label)}</caption>
      <thead><tr>${tab.head.map((h, i) => html`<th scope="col" class=${num.has(i) ? 'num' : ''}>${h}</th>`)}</tr></thead>
      <tbody>${tab.rows.length ? tab.rows.map(row) : html`<tr><td colspan=${tab.head.length} class="muted">${t('dash.empty')}</td></tr>`}</tbody>
      ${tab.foot ? html`<tfoot>${tab.foot.map(row)}</tfoot>` : ''}
    </table></div>`;
  }

  /** The report's table (header, rows, footer) as CSV or XLSX, or its chart as a PNG. */
  async download(format, r) {
    try {
      const { exportTable, exportChart } = await import('../data/download.js');
      const stem = `report-${this.report.id}`;
      if (format === 'png') {
        const chart = this.renderRoot.querySelector('loudou-chart')?.chart;
        if (chart) exportChart(chart, stem);
        return;
      }
      const tab = this.report.table(r);
      await exportTable([tab.head, ...tab.rows, ...(tab.foot ?? [])].map((row) => row.map((c) => `${c ?? ''}`)), stem, format);
    } catch (e) { showError(e); }
  }

  downloads(r) {
    const what = t(this.report.label);
    const b = (format, label) => html`<button class="small" @click=${() => this.download(format, r)}
      aria-label=${t('export.as', { what, format: label })}>${label}</button>`;
    return html`<div class="row downloads" role="group" aria-label=${t('export.title')}>
      ${b('csv', 'CSV')}${b('xlsx', 'Excel')}${this.view === 'chart' ? b('png', 'PNG') : ''}</div>`;
  }

  stalledView() {
    if (!this.stalled) return '';
    return html`<section class="panel" aria-labelledby="st-h">
      <h2 id="st-h">${t('dash.stalled')}</h2>
      ${this.stalled.length ? html`<div class="table-wrap" tabindex="0" role="region" aria-label=${t('dash.stalled')}><table>
        <thead><tr><th>${t('dash.deal')}</th><th>${t('dash.stage')}</th><th>${t('deal.owner')}</th><th class="num">${t('dash.idleDays')}</th><th class="num">${t('dash.rotDays')}</th></tr></thead>
        <tbody>${this.stalled.map((s) => html`<tr>
          <td><a href=${`#/board?deal=${encodeURIComponent(s.deal_id)}`} @click=${(e) => { e.preventDefault(); openDeal(s.deal_id); }}>${s.deal?.title ?? s.deal_id}</a></td>
          <td>${app.stageName(s.stage_id) ?? ''}</td><td>${s.deal?.owner_id ? app.user(s.deal.owner_id)?.name ?? '' : t('board.unassigned')}</td>
          <td class="num">${days(s.idle_days)}</td><td class="num">${s.rot_days}</td></tr>`)}</tbody></table></div>`
        : html`<p class="muted">${t('dash.noStalled')}</p>`}
    </section>`;
  }

  render() {
    const rep = this.report;
    const r = this.result?.id === rep.id ? this.result.data : null;
    return html`
      <nav class="tabs" aria-label=${t('dash.title')}>${REPORTS.map((x) => html`<a href="#/dashboards/${x.id}" aria-current=${x.id === rep.id ? 'page' : 'false'}>${t(x.label)}</a>`)}</nav>
      <h1>${t(rep.label)}</h1>
      ${this.controls()}
      <p class="scope" role="status">${this.scopeText()}</p>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}
      ${this.loading && !r ? html`<p class="muted">${t('dash.loading')}</p>` : ''}
      ${r ? html`
        ${rep.summary ? html`<div class="summary">${rep.summary(r).map((s) => html`<span>${s}</span>`)}</div>` : ''}
        ${this.downloads(r)}
        ${this.view === 'chart' ? html`<div class="panel"><loudou-chart .option=${rep.chart(r)} label=${t(rep.label)}></loudou-chart></div>` : this.tableView(rep.table(r))}
        ${this.stalledView()}` : ''}
    `;
  }
}
customElements.define('loudou-dashboards', LoudouDashboards);
