// <loudou-quick-create>: a deal in three fields (title, amount, stage); "more fields" opens the
// rest. open(pipeline) resolves with the created deal or null.
import { LitElement, html, css } from 'lit';
import { base } from '../styles.js';
import { app } from '../store.js';
import { t } from '../../i18n/index.js';
import { fieldControl, readFields } from './fields.js';
import { toast } from '../ui.js';

const MORE = ['owner_id', 'account', 'contact', 'source', 'industry', 'expected_close'];

export class QuickCreate extends LitElement {
  static properties = { pipeline: { state: true }, more: { state: true }, error: { state: true }, busy: { state: true } };
  static styles = [base, css`fieldset.multi { border: 1px solid var(--ld-line); border-radius: 6px; } label.check { flex-direction: row; }
    .two { display: grid; grid-template-columns: 1fr 1fr; gap: .75em; } @media (max-width: 480px) { .two { grid-template-columns: 1fr; } }`];

  open(pipeline) {
    Object.assign(this, { pipeline, more: false, error: null, busy: false });
    return new Promise((resolve) => {
      this.resolve = resolve;
      this.updateComplete.then(() => {
        const d = this.renderRoot.querySelector('dialog');
        d.querySelector('form').reset();
        d.showModal();
        d.querySelector('input[name=title]').focus();
      });
    });
  }

  finish(value) {
    const r = this.resolve;
    this.resolve = null;
    this.renderRoot.querySelector('dialog')?.close();
    r?.(value);
  }

  async submit(e) {
    e.preventDefault();
    const form = e.target;
    const names = ['title', 'amount', ...(this.more ? [...MORE, ...app.fields.map((f) => f.key)] : [])];
    const { args, error } = readFields(form, names);
    if (error) { this.error = error.message; return; }
    this.busy = true;
    try {
      const deal = await app.call('deal.create', { pipeline_id: this.pipeline.id, stage_id: form.stage.value, ...args });
      toast(t('deal.created', { title: deal.title }));
      this.finish(deal);
    } catch (err) {
      this.error = err.code === 'stage_requirements'
        ? `${err.message}` : t('common.error', { message: err.message });
      if (err.code === 'stage_requirements') this.more = true;
    } finally { this.busy = false; }
  }

  render() {
    const p = this.pipeline;
    return html`<dialog aria-labelledby="qc-title" @close=${() => this.finish(null)}>
      <form class="form" @submit=${this.submit}>
        <h2 id="qc-title">${t('deal.new')}</h2>
        ${fieldControl('title', {}, { id: 'qc-' })}
        <div class="two">
          ${fieldControl('amount', {}, { id: 'qc-' })}
          <label for="qc-stage">${t('deal.stage')}<select id="qc-stage" name="stage">
            ${(p?.stages ?? []).map((s) => html`<option value=${s.id}>${s.name}</option>`)}</select></label>
        </div>
        ${this.more ? html`<div class="two">${MORE.map((f) => fieldControl(f, {}, { id: 'qc-' }))}</div>
            ${app.fields.map((f) => fieldControl(f.key, {}, { id: 'qc-' }))}`
          : html`<button type="button" class="link" @click=${() => { this.more = true; }}>${t('deal.more')}</button>`}
        ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}
        <div class="actions">
          <button type="button" @click=${() => this.finish(null)}>${t('common.cancel')}</button>
          <button type="submit" class="primary" ?disabled=${this.busy}>${t('deal.create')}</button>
        </div>
      </form>
    </dialog>`;
  }
}
customElements.define('loudou-quick-create', QuickCreate);
