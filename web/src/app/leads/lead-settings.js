// <loudou-lead-settings>: what a manager configures for leads — BANT weights and scoring rules,
// automatic assignment (rule, capacity cap, reps' source / industry specialities) and the shared
// pool (days before an idle lead returns, per status; daily claim limit). One lead.settings.set;
// a scoring change rescores every lead in the same transaction.
import { LitElement, html, css } from 'lit';
import { base } from '../styles.js';
import { app } from '../store.js';
import { t, parseMoney } from '../../i18n/index.js';
import { toast, showError } from '../ui.js';

const RULES = ['round_robin', 'least_loaded', 'by_source', 'by_industry'];
const RULE_FIELDS = ['source', 'industry', 'authority', 'need', 'timeline', 'status'];
const list = (text) => text.split(/[,，、\n]/).map((s) => s.trim()).filter(Boolean);

export class LeadSettings extends LitElement {
  static properties = { s: { state: true }, error: { state: true } };
  static styles = [base, css`
    form { display: grid; gap: 1em; }
    fieldset { border: 1px solid var(--ld-line); border-radius: 8px; display: grid; gap: .6em; padding: .8em; background: #fff; min-width: 0; }
    label > input, label > select { width: 100%; min-width: 0; }
    .four { display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)); gap: .5em; }
    .rule { display: grid; grid-template-columns: 1fr 1fr 5em auto; gap: .4em; align-items: end; }
    @media (max-width: 600px) { .four { grid-template-columns: 1fr 1fr; } .rule { grid-template-columns: 1fr 1fr; } }
  `];

  connectedCallback() { super.connectedCallback(); this.load(); }

  async load() {
    try { this.s = await app.call('lead.settings.get'); } catch (e) { showError(e); }
  }

  addRule() {
    this.s = { ...this.s, scoring: { ...this.s.scoring, rules: [...this.s.scoring.rules, { field: 'source', equals: '', points: 10 }] } };
  }
  dropRule(i) {
    this.s = { ...this.s, scoring: { ...this.s.scoring, rules: this.s.scoring.rules.filter((_, k) => k !== i) } };
  }

  async save(e) {
    e.preventDefault();
    const f = e.target;
    const num = (name) => Number(f.querySelector(`[name="${name}"]`).value);
    const opt = (name) => { const v = f.querySelector(`[name="${name}"]`).value.trim(); return v === '' ? null : Number(v); };
    const budgetFull = parseMoney(f.budget_full.value);
    if (budgetFull == null) { this.error = t('deal.badAmount'); return; }
    const rules = [...f.querySelectorAll('.rule')].map((r) => ({
      field: r.querySelector('[name=field]').value, equals: r.querySelector('[name=equals]').value.trim(), points: Number(r.querySelector('[name=points]').value),
    })).filter((r) => r.equals);
    const specialities = app.users.map((u) => ({
      user_id: u.id, sources: list(f.querySelector(`[name="src-${u.id}"]`).value), industries: list(f.querySelector(`[name="ind-${u.id}"]`).value),
    })).filter((x) => x.sources.length || x.industries.length);
    const args = {
      scoring: { weights: { budget: num('w_budget'), authority: num('w_authority'), need: num('w_need'), timeline: num('w_timeline') }, budget_full: budgetFull, rules },
      assignment: { auto_rule: f.auto_rule.value || null, capacity: opt('capacity'), specialities },
      pool: { recycle_new: opt('recycle_new'), recycle_contacted: opt('recycle_contacted'), recycle_qualified: opt('recycle_qualified'), claim_limit: opt('claim_limit') },
    };
    try {
      this.s = await app.call('lead.settings.set', args);
      this.error = null;
      toast(t('settings.saved'));
      app.refresh();
    } catch (err) { this.error = err.field ? `${err.field}: ${err.message}` : err.message; }
  }

  render() {
    const s = this.s;
    if (!s) return html``;
    const spec = (id) => s.assignment.specialities.find((x) => x.user_id === id) ?? { sources: [], industries: [] };
    const w = (k) => html`<label>${t(k === 'budget' ? 'rules.wBudget' : `lead.${k}`)}<input name="w_${k}" type="number" min="0" max="100" .value=${String(s.scoring.weights[k])}></label>`;
    const days = (k) => html`<label>${t(`lead.status.${k}`)}<input name="recycle_${k}" type="number" min="1" .value=${s.pool[`recycle_${k}`] ?? ''}></label>`;
    return html`<form @submit=${this.save}>
      <h2>${t('rules.title')}</h2>
      <fieldset><legend>${t('rules.scoring')}</legend>
        <div class="four">${['budget', 'authority', 'need', 'timeline'].map(w)}</div>
        <label>${t('rules.budgetFull')}<input name="budget_full" inputmode="decimal" .value=${String(s.scoring.budget_full / 100)}></label>
        ${s.scoring.rules.map((r, i) => html`<div class="rule">
          <label>${t('rules.field')}<select name="field">${RULE_FIELDS.map((x) => html`<option value=${x} ?selected=${x === r.field}>${t(`lead.${x}`)}</option>`)}</select></label>
          <label>${t('rules.equals')}<input name="equals" .value=${r.equals}></label>
          <label>${t('lead.points')}<input name="points" type="number" min="-100" max="100" .value=${String(r.points)}></label>
          <button type="button" @click=${() => this.dropRule(i)}>${t('common.remove')}</button></div>`)}
        <div><button type="button" @click=${this.addRule}>${t('rules.addRule')}</button></div>
      </fieldset>
      <fieldset><legend>${t('rules.assignment')}</legend>
        <label>${t('rules.autoRule')}<select name="auto_rule">
          <option value="" ?selected=${!s.assignment.auto_rule}>${t('rules.noAuto')}</option>
          ${RULES.map((r) => html`<option value=${r} ?selected=${r === s.assignment.auto_rule}>${t(`leads.rule.${r}`)}</option>`)}</select></label>
        <label>${t('rules.capacity')}<input name="capacity" type="number" min="0" .value=${s.assignment.capacity ?? ''}></label>
        ${app.users.map((u) => html`<div class="four">
          <label>${t('rules.sourcesOf', { name: u.name })}<input name="src-${u.id}" .value=${spec(u.id).sources.join('、')}></label>
          <label>${t('rules.industriesOf', { name: u.name })}<input name="ind-${u.id}" .value=${spec(u.id).industries.join('、')}></label></div>`)}
      </fieldset>
      <fieldset><legend>${t('rules.pool')}</legend>
        <p class="muted">${t('rules.recycleHelp')}</p>
        <div class="four">${['new', 'contacted', 'qualified'].map(days)}</div>
        <label>${t('rules.claimLimit')}<input name="claim_limit" type="number" min="0" .value=${s.pool.claim_limit ?? ''}></label>
      </fieldset>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}
      <div><button class="primary" type="submit">${t('common.save')}</button></div>
    </form>`;
  }
}
customElements.define('loudou-lead-settings', LeadSettings);
