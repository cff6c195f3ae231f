// <loudou-lost-dialog>: asks why a deal was lost. Reasons come from the managed list (Settings →
// Lists); "another reason" takes free text. open() resolves with the reason or null.
import { LitElement, html, css } from 'lit';
import { base } from '../styles.js';
import { app } from '../store.js';
import { t, locale } from '../../i18n/index.js';

export class LostDialog extends LitElement {
  static properties = { deal: { state: true }, choice: { state: true } };
  static styles = [base, css`
    .reasons { display: grid; gap: .35em; margin: .5em 0; border: none; padding: 0; }
    .reasons label { flex-direction: row; align-items: center; gap: .5em; color: var(--ld-fg); font-size: 1em; min-height: 32px; }
  `];

  open(deal) {
    this.deal = deal;
    this.choice = '';
    return new Promise((resolve) => {
      this.resolve = resolve;
      this.updateComplete.then(() => this.renderRoot.querySelector('dialog').showModal());
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
    const form = e.target;
    const reason = this.choice === '__other' ? form.other.value.trim() : this.choice;
    if (!reason) return;
    this.finish(reason);
  }

  render() {
    if (!this.deal) return html`<dialog></dialog>`;
    const reasons = app.list('lost_reasons', locale());
    return html`<dialog aria-labelledby="lost-title" @close=${() => this.finish(null)}>
      <form class="form" @submit=${this.submit}>
        <h2 id="lost-title">${t('lost.title', { title: this.deal.title })}</h2>
        <fieldset class="reasons"><legend class="sr">${t('lost.reason')}</legend>
          ${reasons.map((r, i) => html`<label for=${`r${i}`}><input type="radio" id=${`r${i}`} name="reason" value=${r} required @change=${() => { this.choice = r; }}> ${r}</label>`)}
          <label for="r-other"><input type="radio" id="r-other" name="reason" value="__other" @change=${() => { this.choice = '__other'; }}> ${t('lost.other')}</label>
        </fieldset>
        ${this.choice === '__other' ? html`<label for="other">${t('lost.reason')}<input id="other" name="other" required maxlength="200" autocomplete="off"></label>` : ''}
        <div class="actions">
          <button type="button" @click=${() => this.finish(null)}>${t('common.cancel')}</button>
          <button type="submit" class="lost">${t('lost.confirm')}</button>
        </div>
      </form>
    </dialog>`;
  }
}
customElements.define('loudou-lost-dialog', LostDialog);
