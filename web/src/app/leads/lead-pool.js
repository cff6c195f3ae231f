// <loudou-lead-pool>: the shared pool (公海) — open leads nobody owns, including those recycled
// from idle owners — with a Claim button for the rep this browser works as (the core enforces
// the daily claim limit and capacity, and says so).
import { LitElement, html } from 'lit';
import { base } from '../styles.js';
import { app } from '../store.js';
import { t, dateTime } from '../../i18n/index.js';
import { showError, toast, announce } from '../ui.js';
import { leadStyles, leadRow, leadTitle } from './lead-row.js';
import { nowIso } from './me.js';
import './lead-detail.js';

export class LeadPool extends LitElement {
  static properties = { me: {}, items: { state: true }, error: { state: true } };
  static styles = [base, leadStyles];

  constructor() { super(); this.items = []; }

  connectedCallback() {
    super.connectedCallback();
    this.onChange = () => this.load();
    app.addEventListener('change', this.onChange);
    this.load();
  }
  disconnectedCallback() { super.disconnectedCallback(); app.removeEventListener('change', this.onChange); }

  async load() {
    try {
      // `now` recycles idle leads into the pool as the list is read.
      const r = await app.call('lead.list', { pool: true, now: nowIso(), sort: '-score', limit: 200 });
      this.items = r.items;
    } catch (e) { showError(e); }
  }

  async claim(lead) {
    if (!this.me) { this.error = t('leads.pickMe'); return; }
    try {
      await app.call('lead.claim', { id: lead.id, user_id: this.me });
      this.error = null;
      const msg = t('pool.claimed', { name: leadTitle(lead) });
      toast(msg);
      announce(msg);
      await app.refresh();
    } catch (e) { this.error = e.message; }
  }

  render() {
    return html`
      <h2>${t('pool.title')}</h2>
      <p class="muted">${t('pool.help')}</p>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}
      <ul class="leads">${this.items.map((l) => leadRow(l, {
        onOpen: () => this.renderRoot.querySelector('loudou-lead-detail').open(l.id),
        owner: l.pooled_at ? t('pool.since', { when: dateTime(l.pooled_at) }) : '',
        action: html`<button class="primary" @click=${() => this.claim(l)} aria-label=${t('pool.claimName', { name: leadTitle(l) })}>${t('pool.claim')}</button>`,
      }))}</ul>
      ${this.items.length ? '' : html`<p class="muted">${t('pool.empty')}</p>`}
      <loudou-lead-detail></loudou-lead-detail>`;
  }
}
customElements.define('loudou-lead-pool', LeadPool);
