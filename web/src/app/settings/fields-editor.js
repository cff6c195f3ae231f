// <loudou-fields-editor>: custom fields (自定义字段) without code — define, relabel, change the
// options and the stages a field is required in, choose which deal fields the board's cards
// show, delete. The core validates every value against these definitions (field.define / update /
// list / delete); the card choice is the board.card_fields setting (store.js).
import { LitElement, html, css } from 'lit';
import { base } from '../styles.js';
import { app } from '../store.js';
import { t } from '../../i18n/index.js';
import { showError, toast } from '../ui.js';

const TYPES = ['text', 'number', 'money', 'date', 'choice', 'multi_choice'];

export class FieldsEditor extends LitElement {
  static properties = { entity: { state: true }, defs: { state: true }, type: { state: true }, error: { state: true }, editing: { state: true } };
  static styles = [base, css`
    form.define { display: grid; grid-template-columns: repeat(auto-fit, minmax(180px, 1fr)); gap: .7em; align-items: end; margin-top: 1em; }
    textarea { min-height: 5em; }
    .stages { display: flex; flex-wrap: wrap; gap: .2em 1em; }
    .stages label { flex-direction: row; gap: .35em; align-items: center; color: var(--ld-fg); }
    td .stages { font-size: .9em; }
    /* On a phone the table scrolls sideways instead of squeezing each column to a word. */
    table { min-width: 720px; } th { white-space: nowrap; }
  `];

  constructor() { super(); this.entity = 'deal'; this.type = 'text'; this.defs = []; }

  connectedCallback() { super.connectedCallback(); this.onChange = () => this.load(); app.addEventListener('change', this.onChange); this.load(); }
  disconnectedCallback() { super.disconnectedCallback(); app.removeEventListener('change', this.onChange); }

  async load() {
    const r = await app.call('field.list', { entity: this.entity });
    this.defs = r.items ?? r;
  }

  allStages() { return app.pipelines.flatMap((p) => p.stages.map((s) => ({ ...s, label: app.pipelines.length > 1 ? `${p.name} · ${s.name}` : s.name }))); }

  async define(e) {
    e.preventDefault();
    const f = e.target;
    const args = { entity: this.entity, key: f.key.value.trim(), label: f.label.value.trim(), type: this.type };
    if (this.type === 'choice' || this.type === 'multi_choice') args.options = f.options.value.split('\n').map((s) => s.trim()).filter(Boolean);
    const req = [...f.querySelectorAll('input[name=req]:checked')].map((x) => x.value);
    if (req.length) args.required_in_stages = req;
    try {
      await app.call('field.define', args);
      f.reset();
      this.error = null;
      await app.refresh();
      toast(t('settings.saved'));
    } catch (err) { this.error = err.field ? `${err.field}: ${err.message}` : err.message; }
  }

  async change(def, patch) {
    try { await app.call('field.update', { id: def.id, ...patch }); await app.refresh(); } catch (e) { showError(e); }
  }

  async showOnCards(def, show) {
    try {
      await app.showOnCards(def.key, show);
      toast(t('settings.saved'));
    } catch (e) { showError(e); }
  }

  async removeField(def) {
    if (!confirm(t('settings.fieldDeleteConfirm', { label: def.label }))) return;
    try { await app.call('field.delete', { id: def.id }); await app.refresh(); } catch (e) { showError(e); }
  }

  render() {
    const stages = this.allStages();
    const choice = this.type === 'choice' || this.type === 'multi_choice';
    return html`<section class="panel">
      <div class="row"><label for="fe-entity">${t('settings.fieldEntity')}
        <select id="fe-entity" @change=${(e) => { this.entity = e.target.value; this.load(); }}>
          ${['deal', 'lead'].map((x) => html`<option value=${x} ?selected=${x === this.entity}>${t(`settings.entity.${x}`)}</option>`)}</select></label></div>
      ${this.defs.length ? html`<div class="table-wrap" tabindex="0" role="region" aria-label=${t('settings.fields')}><table>
        <thead><tr><th>${t('settings.fieldLabel')}</th>${this.entity === 'deal' ? html`<th>${t('settings.fieldOnCard')}</th>` : ''}<th>${t('settings.fieldKey')}</th><th>${t('settings.fieldType')}</th><th>${t('settings.fieldRequired')}</th><th></th></tr></thead>
        <tbody>${this.defs.map((d) => html`<tr>
          <td><input aria-label=${t('settings.fieldLabel')} .value=${d.label} maxlength="200" @change=${(e) => e.target.value.trim() && this.change(d, { label: e.target.value.trim() })}></td>
          ${this.entity === 'deal' ? html`<td><input type="checkbox" aria-label=${t('settings.fieldOnCardLabel', { label: d.label })}
              .checked=${app.cardFields.includes(d.key)} @change=${(e) => this.showOnCards(d, e.target.checked)}></td>` : ''}
          <td><code>${d.key}</code></td>
          <td>${t(`settings.type.${d.type}`)}${d.options.length ? html`<div class="muted">${d.options.join(' / ')}</div>` : ''}</td>
          <td>${this.entity === 'deal' ? html`<div class="stages">${stages.map((s) => html`<label><input type="checkbox" ?checked=${d.required_in_stages.includes(s.id)}
              @change=${(e) => this.change(d, { required_in_stages: e.target.checked ? [...d.required_in_stages, s.id] : d.required_in_stages.filter((x) => x !== s.id) })}> ${s.label}</label>`)}</div>` : '—'}</td>
          <td><button class="danger" aria-label=${`${t('common.delete')} ${d.label}`} @click=${() => this.removeField(d)}>✕</button></td>
        </tr>`)}</tbody></table></div>` : html`<p class="muted">${t('settings.noFields')}</p>`}
      <form class="define" @submit=${this.define}>
        <label for="fe-label">${t('settings.fieldLabel')}<input id="fe-label" name="label" required maxlength="200" autocomplete="off"></label>
        <label for="fe-key">${t('settings.fieldKey')}<input id="fe-key" name="key" required pattern="[a-z][a-z0-9_]*" maxlength="40" autocomplete="off"></label>
        <label for="fe-type">${t('settings.fieldType')}<select id="fe-type" name="type" @change=${(e) => { this.type = e.target.value; }}>
          ${TYPES.map((x) => html`<option value=${x} ?selected=${x === this.type}>${t(`settings.type.${x}`)}</option>`)}</select></label>
        ${choice ? html`<label for="fe-options">${t('settings.fieldOptions')}<textarea id="fe-options" name="options" required></textarea></label>` : ''}
        ${this.entity === 'deal' && stages.length ? html`<fieldset class="stages"><legend>${t('settings.fieldRequired')}</legend>
          ${stages.map((s) => html`<label><input type="checkbox" name="req" value=${s.id}> ${s.label}</label>`)}</fieldset>` : ''}
        <button class="primary" type="submit">＋ ${t('settings.defineField')}</button>
      </form>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}
    </section>`;
  }
}
customElements.define('loudou-fields-editor', FieldsEditor);
