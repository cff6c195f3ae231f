// <loudou-requirements-dialog>: a move into a stage with required fields that the deal lacks
// opens this small form holding exactly those fields. open() resolves with deal.update args
// (without id) or null when cancelled.
import { LitElement, html, css } from 'lit';
import { base } from '../styles.js';
import { fieldControl, readFields } from '../deal/fields.js';
import { t } from '../../i18n/index.js';

export class RequirementsDialog extends LitElement {
  static properties = { deal: { state: true }, stage: { state: true }, missing: { state: true }, error: { state: true } };
  static styles = [base, css`fieldset.multi { border: 1px solid var(--ld-line); border-radius: 6px; } label.check { flex-direction: row; }`];

  open(deal, stage, missing) {
    Object.assign(this, { deal, stage, missing, error: null });
    return new Promise((resolve) => {
      this.resolve = resolve;
      this.updateComplete.then(() => {
        const d = this.renderRoot.querySelector('dialog');
        d.showModal();
        d.querySelector('input, select')?.focus();
      });
    });
  }

  finish(value) {
    const r = this.resolve;
    this.resolve = null;
    this.renderRoot.querySelector('dialog').close();
    r?.(value);
  }

  submit(e) {
    e.preventDefault();
    const { args, error } = readFields(e.target, this.missing);
    if (error) { this.error = error.message; return; }
    this.finish(args);
  }

  render() {
    if (!this.deal) return html`<dialog></dialog>`;
    return html`<dialog aria-labelledby="req-title" @close=${() => this.finish(null)}>
      <form class="form" @submit=${this.submit}>
        <h2 id="req-title">${t('req.title', { stage: this.stage.name })}</h2>
        <p class="muted">${t('req.lead', { title: this.deal.title })}</p>
        ${this.missing.map((f) => fieldControl(f, this.deal, { required: true, id: 'req-' }))}
        ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}
        <div class="actions">
          <button type="button" @click=${() => this.finish(null)}>${t('common.cancel')}</button>
          <button type="submit" class="primary">${t('req.confirm')}</button>
        </div>
      </form>
    </dialog>`;
  }
}
customElements.define('loudou-requirements-dialog', RequirementsDialog);
