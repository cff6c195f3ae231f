// <loudou-lead-inbox>: every lead with filters (status, owner, text), a new-lead dialog that warns
// about duplicates, and bulk actions on the selected leads — assign by a rule, change status,
// convert to deals in the current pipeline. Each bulk action is one batch: all or nothing.
import { LitElement, html, css } from 'lit';
import { base } from '../styles.js';
import { app } from '../store.js';
import { t } from '../../i18n/index.js';
import { showError, toast, announce } from '../ui.js';
import { leadFields, readLeadForm, STATUSES } from './lead-form.js';
import { userName, nowIso } from './me.js';
import { leadStyles, leadRow } from './lead-row.js';
import './lead-detail.js';

export class LeadInbox extends LitElement {
  static properties = { items: { state: true }, total: { state: true }, selected: { state: true }, error: { state: true } };
  static styles = [base, leadStyles, css`
    .filters, .bulk { display: flex; gap: .6em; flex-wrap: wrap; align-items: flex-end; margin-bottom: .8em; }
    .bulk { background: #e6f0ff; padding: .6em; border-radius: 8px; }
    .grid2 { display: grid; grid-template-columns: 1fr 1fr; gap: .6em; }
    dialog { max-height: 92vh; overflow-y: auto; }
    @media (max-width: 600px) { .grid2 { grid-template-columns: 1fr; } }
  `];

  constructor() {
    super();
    this.items = [];
    this.selected = new Set();
    this.filter = { status: 'open', owner: '', q: '' };
  }

  connectedCallback() {
    super.connectedCallback();
    this.onChange = () => this.load();
    app.addEventListener('change', this.onChange);
    this.load();
  }
  disconnectedCallback() { super.disconnectedCallback(); app.removeEventListener('change', this.onChange); }

  /** lead.list's arguments for the current filters. */
  listArgs() {
    const args = { now: nowIso(), sort: '-score' };
    if (this.filter.status) args.status = this.filter.status;
    if (this.filter.owner === '-') args.pool = true;
    else if (this.filter.owner) args.owner_id = this.filter.owner;
    if (this.filter.q) args.q = this.filter.q;
    return args;
  }

  async load() {
    try {
      const r = await app.call('lead.list', { ...this.listArgs(), limit: 200 });
      this.items = r.items;
      this.total = r.total;
      this.selected = new Set([...this.selected].filter((id) => r.items.some((l) => l.id === id)));
    } catch (e) { showError(e); }
  }

  /** The leads the filters select, as the Data screen exports them (CSV or Excel). */
  async download(format) {
    try {
      const { exportListed } = await import('../data/export-list.js');
      await exportListed('lead', 'lead.list', this.listArgs(), format, 'leads');
    } catch (e) { showError(e); }
  }

  setFilter(key, value) { this.filter = { ...this.filter, [key]: value }; this.load(); }

  toggle(id, on) {
    const s = new Set(this.selected);
    if (on) s.add(id); else s.delete(id);
    this.selected = s;
  }

  async bulk(requests, done) {
    try {
      await app.call('batch', { requests });
      this.selected = new Set();
      toast(done);
      announce(done);
      await app.refresh();
    } catch (e) { showError(e); }
  }

  assign() {
    const rule = this.renderRoot.querySelector('#rule').value;
    const ids = [...this.selected];
    this.bulk([{ op: 'lead.assign', args: { rule, ids } }], t('leads.assigned', { n: ids.length }));
  }

  setStatus() {
    const status = this.renderRoot.querySelector('#status').value;
    const reason = this.renderRoot.querySelector('#reason').value.trim();
    if (status === 'disqualified' && !reason) { this.error = t('leads.reasonNeeded'); return; }
    this.error = null;
    const op = status === 'qualified' ? 'lead.qualify' : status === 'disqualified' ? 'lead.disqualify' : 'lead.update';
    const requests = [...this.selected].map((id) => ({
      op, args: op === 'lead.update' ? { id, status } : reason ? { id, reason } : { id },
    }));
    this.bulk(requests, t('leads.statusChanged', { n: requests.length }));
  }

  convert() {
    if (!app.pipelineId) { this.error = t('leads.noPipeline'); return; }
    const requests = [...this.selected].map((id) => ({ op: 'lead.convert', args: { id, pipeline_id: app.pipelineId } }));
    this.bulk(requests, t('leads.converted', { n: requests.length }));
  }

  openNew() {
    this.error = null;
    this.renderRoot.querySelector('#new-lead').showModal();
  }

  async create(e) {
    e.preventDefault();
    const form = e.target;
    const { args, error } = readLeadForm(form);
    if (error) { this.error = error; return; }
    try {
      const lead = await app.call('lead.create', args);
      form.reset();
      this.renderRoot.querySelector('#new-lead').close();
      this.error = null;
      if (lead.duplicates.length) {
        toast(t('leads.duplicates', { n: lead.duplicates.length }));
        this.renderRoot.querySelector('loudou-lead-detail').open(lead.id);
      } else toast(t('leads.created'));
      await app.refresh();
    } catch (err) { this.error = err.message; }
  }

  render() {
    const n = this.selected.size;
    return html`
      <div class="filters" role="search">
        <label>${t('lead.status')}
          <select @change=${(e) => this.setFilter('status', e.target.value)}>
            <option value="open" ?selected=${this.filter.status === 'open'}>${t('leads.open')}</option>
            <option value="">${t('leads.all')}</option>
            ${STATUSES.map((s) => html`<option value=${s}>${t(`lead.status.${s}`)}</option>`)}
          </select></label>
        <label>${t('lead.owner')}
          <select @change=${(e) => this.setFilter('owner', e.target.value)}>
            <option value="">${t('leads.all')}</option>
            <option value="-">${t('leads.tab.pool')}</option>
            ${app.users.map((u) => html`<option value=${u.id}>${u.name}</option>`)}
          </select></label>
        <label class="grow">${t('leads.search')}
          <input type="search" @change=${(e) => this.setFilter('q', e.target.value.trim())}></label>
        <button class="primary" @click=${this.openNew}>${t('leads.new')}</button>
        <div class="row downloads" role="group" aria-label=${t('export.title')}>
          ${[['csv', 'CSV'], ['xlsx', 'Excel']].map(([format, label]) => html`<button class="small" @click=${() => this.download(format)}
            aria-label=${t('export.filtered', { what: t('export.entity.lead'), format: label })}>${label}</button>`)}
        </div>
      </div>
      ${n ? html`<div class="bulk" role="group" aria-label=${t('leads.bulk', { n })}>
        <strong>${t('leads.bulk', { n })}</strong>
        <label>${t('leads.rule')}<select id="rule">
          ${['round_robin', 'least_loaded', 'by_source', 'by_industry'].map((r) => html`<option value=${r}>${t(`leads.rule.${r}`)}</option>`)}
        </select></label>
        <button @click=${this.assign}>${t('leads.assign')}</button>
        <label>${t('lead.status')}<select id="status">
          ${['new', 'contacted', 'qualified', 'disqualified'].map((s) => html`<option value=${s}>${t(`lead.status.${s}`)}</option>`)}
        </select></label>
        <label>${t('leads.reason')}<input id="reason"></label>
        <button @click=${this.setStatus}>${t('leads.setStatus')}</button>
        <button @click=${this.convert}>${t('leads.convert')}</button>
      </div>` : ''}
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}
      <p class="muted">${t('leads.count', { n: this.total ?? 0 })}</p>
      <ul class="leads">
        ${this.items.map((l) => leadRow(l, {
          selected: this.selected.has(l.id),
          onSelect: (on) => this.toggle(l.id, on),
          onOpen: () => this.renderRoot.querySelector('loudou-lead-detail').open(l.id),
          owner: l.owner_id ? userName(l.owner_id) : t('leads.tab.pool'),
        }))}
      </ul>
      ${this.items.length ? '' : html`<p class="muted">${t('leads.empty')}</p>`}
      <dialog id="new-lead" aria-labelledby="new-lead-h">
        <form class="form" @submit=${this.create}>
          <h2 id="new-lead-h">${t('leads.new')}</h2>
          <div class="grid2">${leadFields({}, true)}</div>
          ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}
          <div class="actions">
            <button type="button" @click=${() => this.renderRoot.querySelector('#new-lead').close()}>${t('common.cancel')}</button>
            <button class="primary" type="submit">${t('leads.create')}</button>
          </div>
        </form>
      </dialog>
      <loudou-lead-detail></loudou-lead-detail>
    `;
  }
}
customElements.define('loudou-lead-inbox', LeadInbox);
