// <loudou-focus>: which deals to chase — the open deals of the current pipeline by expected value
// (amount × predicted chance), each with its chance and top reasons. A row opens the deal.
import { LitElement, html, css } from 'lit';
import { base } from '../styles.js';
import { app } from '../store.js';
import { t, money, percent } from '../../i18n/index.js';
import { openDeal } from '../ui.js';
import { factorText } from './chance.js';

export class LoudouFocus extends LitElement {
  static properties = { items: { state: true }, loading: { state: true }, failed: { state: true } };
  static styles = [base, css`
    :host { display: block; padding: 1em; max-width: 1100px; }
    .lead { color: var(--ld-muted); margin: 0 0 1em; }
    td.reasons { font-size: .9em; }
    td.reasons span { display: block; }
    td.reasons .up { color: var(--ld-won); } td.reasons .down { color: var(--ld-lost); }
    button.link { text-align: left; }
    @media (max-width: 600px) { :host { padding: .6em; } th.hide, td.hide { display: none; } }
  `];

  constructor() {
    super();
    this.items = [];
    this.loading = true;
    this.failed = false;
    this.onChange = () => this.reload();
    this.onLocale = () => this.requestUpdate();
  }

  connectedCallback() {
    super.connectedCallback();
    app.addEventListener('change', this.onChange);
    addEventListener('loudou-locale', this.onLocale);
    this.reload();
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    app.removeEventListener('change', this.onChange);
    removeEventListener('loudou-locale', this.onLocale);
  }

  async reload() {
    const pid = app.pipelineId;
    if (!pid) { this.items = []; this.loading = false; return; }
    try {
      const [scores, deals] = await Promise.all([
        app.call('deal.score_many', { pipeline_id: pid, sort: 'expected_value', limit: 50, factors: 3 }),
        app.call('deal.list', { pipeline_id: pid, status: 'open', limit: 1000 }),
      ]);
      const titles = new Map((deals.items ?? deals).map((d) => [d.id, d]));
      this.items = scores.items.map((s) => ({ ...s, deal: titles.get(s.deal_id) }));
      this.failed = false;
    } catch {
      this.failed = true;
    } finally { this.loading = false; }
  }

  render() {
    const cur = app.pipeline?.currency;
    return html`<h1>${t('focus.title')}</h1>
      <p class="lead">${t('focus.lead')}</p>
      ${this.loading ? html`<p class="muted">${t('board.loading')}</p>`
        : this.failed ? html`<p class="muted">${t('focus.unavailable')}</p>`
        : !this.items.length ? html`<p class="muted">${t('focus.empty')}</p>`
        : html`<div class="table-wrap"><table>
          <thead><tr><th>${t('deal.title')}</th><th class="hide">${t('deal.stage')}</th><th class="num">${t('deal.amount')}</th>
            <th class="num">${t('focus.chance')}</th><th class="num">${t('focus.expected')}</th><th>${t('focus.reasons')}</th></tr></thead>
          <tbody>${this.items.map((s) => html`<tr>
            <td><button class="link" @click=${() => openDeal(s.deal_id)}>${s.deal?.title ?? s.deal_id}</button></td>
            <td class="hide">${app.stageName(s.stage_id)}</td>
            <td class="num">${money(s.amount, cur)}</td>
            <td class="num">${percent(s.probability, 0)}</td>
            <td class="num">${money(Math.round(s.expected_value / 100) * 100, cur)}</td>
            <td class="reasons">${s.factors.map((f) => html`<span class=${f.effect >= 1 ? 'up' : 'down'}>${factorText(f)}</span>`)}</td>
          </tr>`)}</tbody></table></div>`}`;
  }
}
customElements.define('loudou-focus', LoudouFocus);
