// <loudou-funnel pipeline="…" from="YYYY-MM-DD" to="YYYY-MM-DD">: the funnel chart of the
// dashboards (report.funnel drawn by the app's <loudou-chart>, ECharts with richText tooltips so
// no inline styles), for a host page. Loaded only when the page has one: the board alone never
// downloads ECharts. Redraws after every committed write.
import { LitElement, html, css } from 'lit';
import { base } from '../app/styles.js';
import { app } from '../app/store.js';
import { REPORTS } from '../app/dashboards/report-defs.js';
import { defaultRange, rangeArgs } from '../app/dashboards/loudou-dashboards.js';
import { t, locale } from '../i18n/index.js';
import { hostReset } from './isolation.js';
import { et } from './messages.js';
import '../app/dashboards/loudou-chart.js';

const FUNNEL = REPORTS.find((r) => r.id === 'funnel');

export class LoudouFunnel extends LitElement {
  static properties = { pipeline: {}, from: {}, to: {}, lang: {}, option: { state: true }, error: { state: true } };
  static styles = [base, hostReset('block'), css`.error { padding: 1em; }`];

  connectedCallback() {
    super.connectedCallback();
    this.onChange = () => this.load();
    app.addEventListener('change', this.onChange);
    this.onLocale = () => this.load();
    addEventListener('loudou-locale', this.onLocale);
    this.load();
  }
  disconnectedCallback() {
    super.disconnectedCallback();
    app.removeEventListener('change', this.onChange);
    removeEventListener('loudou-locale', this.onLocale);
  }
  updated(changed) { if (['pipeline', 'from', 'to'].some((k) => changed.has(k) && changed.get(k) !== undefined)) this.load(); }

  async load() {
    if (!app.db) return;
    const ref = this.pipeline;
    const p = (ref && (app.pipelines.find((x) => x.id === ref) ?? app.pipelines.find((x) => x.name === ref))) || app.pipeline;
    if (!p) { this.option = null; this.error = et(locale(), 'embed.noPipeline'); return; }
    const range = defaultRange();
    try {
      const r = await app.call(FUNNEL.op, { pipeline_id: p.id, ...rangeArgs(this.from || range.from, this.to || range.to) });
      this.error = null;
      this.option = FUNNEL.chart(r);
      this.dispatchEvent(new CustomEvent('loudou-funnel-drawn', { detail: { stages: r.stages.length }, bubbles: true, composed: true }));
    } catch (e) { this.error = e.message; }
  }

  render() {
    if (this.error) return html`<p class="error" role="alert">${this.error}</p>`;
    return html`<loudou-chart part="chart" .option=${this.option} label=${t('dash.funnel')}></loudou-chart>`;
  }
}
customElements.define('loudou-funnel', LoudouFunnel);

export function attach(el) { if (el.isConnected && el.load) el.load(); }
