// <loudou-deal-form pipeline="…" lang="…">: a "New deal" button that opens the app's quick-create
// dialog (title, amount, stage; "more fields") for that pipeline — an id or a name, default the
// page's current one. The created deal raises `loudou-deal-created` (see hub.js).
import { LitElement, html } from 'lit';
import { base } from '../app/styles.js';
import { app } from '../app/store.js';
import { locale } from '../i18n/index.js';
import { hostReset } from './isolation.js';
import { et, normLang } from './messages.js';
import '../app/deal/quick-create.js';

export class LoudouDealForm extends LitElement {
  static properties = { pipeline: {}, lang: {}, ready: { state: true } };
  static styles = [base, hostReset('block')];

  connectedCallback() {
    super.connectedCallback();
    this.onChange = () => { this.ready = !!app.pipelines.length; };
    app.addEventListener('change', this.onChange);
    this.onChange();
    this.onLocale = () => this.requestUpdate();
    addEventListener('loudou-locale', this.onLocale);
  }
  disconnectedCallback() {
    super.disconnectedCallback();
    app.removeEventListener('change', this.onChange);
    removeEventListener('loudou-locale', this.onLocale);
  }

  get target() {
    const ref = this.pipeline;
    return (ref && (app.pipelines.find((p) => p.id === ref) ?? app.pipelines.find((p) => p.name === ref))) || app.pipeline;
  }

  async create() {
    const p = this.target;
    if (!p) return;
    await this.renderRoot.querySelector('loudou-quick-create').open(p);
  }

  render() {
    const l = normLang(this.lang) ?? locale();
    return html`<button part="button" class="primary" ?disabled=${!this.ready} @click=${this.create}>＋ ${et(l, 'deal.newButton')}</button>
      <loudou-quick-create></loudou-quick-create>`;
  }
}
customElements.define('loudou-deal-form', LoudouDealForm);
