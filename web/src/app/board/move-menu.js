// <loudou-move-menu>: the keyboard (and thumb) path for moving a deal: a modal list of the other
// stages plus Won and Lost. open() resolves with a stage id, 'won', 'lost', or null.
import { LitElement, html, css } from 'lit';
import { base } from '../styles.js';
import { t } from '../../i18n/index.js';

export class MoveMenu extends LitElement {
  static properties = { deal: { state: true }, stages: { state: true } };
  static styles = [base, css`
    ul { list-style: none; margin: 0 0 1em; padding: 0; display: grid; gap: .4em; }
    ul button { width: 100%; text-align: left; }
    .current { color: var(--ld-muted); }
  `];

  open(deal, stages) {
    this.deal = deal;
    this.stages = stages;
    return new Promise((resolve) => {
      this.resolve = resolve;
      this.updateComplete.then(() => {
        const d = this.renderRoot.querySelector('dialog');
        d.showModal();
        d.querySelector('ul button:not([disabled])')?.focus();
      });
    });
  }

  pick(value) {
    this.renderRoot.querySelector('dialog').close();
    this.resolve?.(value);
    this.resolve = null;
  }

  render() {
    if (!this.deal) return html`<dialog></dialog>`;
    return html`<dialog aria-labelledby="mm-title" @close=${() => this.pick(null)}>
      <h2 id="mm-title">${t('board.moveMenu', { title: this.deal.title })}</h2>
      <ul>
        ${this.stages.map((s) => html`<li><button ?disabled=${s.id === this.deal.stage_id} class=${s.id === this.deal.stage_id ? 'current' : ''}
            @click=${() => this.pick(s.id)}>${s.name}</button></li>`)}
        <li><button class="won" @click=${() => this.pick('won')}>✓ ${t('board.won')}</button></li>
        <li><button class="lost" @click=${() => this.pick('lost')}>✕ ${t('board.lost')}</button></li>
      </ul>
      <div class="row"><button @click=${() => this.pick(null)}>${t('common.cancel')}</button></div>
    </dialog>`;
  }
}
customElements.define('loudou-move-menu', MoveMenu);
