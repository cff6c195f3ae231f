// <loudou-win-chance>: an open deal's predicted chance to win with the reasons behind it, for the
// deal drawer. Reloads when `dealId` or `stamp` (the deal's updated_at) changes; shows nothing
// when the core cannot score.
import { LitElement, html, css } from 'lit';
import { base } from '../styles.js';
import { t, percent } from '../../i18n/index.js';
import { loadChance, factorText } from './chance.js';

export class WinChance extends LitElement {
  static properties = { dealId: { attribute: false }, stamp: { attribute: false }, score: { state: true } };
  static styles = [base, css`
    :host { display: block; }
    .box { border: 1px solid var(--ld-line); border-radius: var(--ld-radius); padding: .7em .9em; background: #f8fafc; }
    .head { display: flex; align-items: baseline; gap: .6em; }
    .value { font-size: 1.5rem; font-weight: 700; font-variant-numeric: tabular-nums; }
    ul { margin: .4em 0 0; padding-left: 1.1em; }
    li.up { color: var(--ld-won); } li.down { color: var(--ld-lost); }
    .note { font-size: .82em; color: var(--ld-muted); margin: .4em 0 0; }
  `];

  constructor() {
    super();
    this.score = null;
    this.onLocale = () => this.requestUpdate();
  }

  connectedCallback() { super.connectedCallback(); addEventListener('loudou-locale', this.onLocale); }
  disconnectedCallback() { super.disconnectedCallback(); removeEventListener('loudou-locale', this.onLocale); }

  willUpdate(changed) {
    if ((changed.has('dealId') || changed.has('stamp')) && this.dealId) this.load();
  }

  async load() {
    const id = this.dealId;
    const score = await loadChance(id);
    if (id === this.dealId) this.score = score;
  }

  render() {
    const s = this.score;
    if (!s) return '';
    return html`<section class="box" aria-labelledby="wc-h">
      <div class="head"><h3 id="wc-h">${t('focus.chance')}</h3><span class="value">${percent(s.probability, 0)}</span></div>
      ${s.factors.length ? html`<ul aria-label=${t('focus.reasons')}>
        ${s.factors.slice(0, 4).map((f) => html`<li class=${f.effect >= 1 ? 'up' : 'down'}>${factorText(f)}</li>`)}
      </ul>` : ''}
      <p class="note">${s.training_size ? t('focus.learned', { count: s.training_size }) : t('focus.configured')}</p>
    </section>`;
  }
}
customElements.define('loudou-win-chance', WinChance);
