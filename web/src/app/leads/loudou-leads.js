// <loudou-leads>: the leads screen — tabs for the inbox, the shared pool (公海), "my day" and the
// alert centre (with a badge of open alerts), and the rep this browser works as.
import { LitElement, html, css } from 'lit';
import { base } from '../styles.js';
import { app } from '../store.js';
import { t } from '../../i18n/index.js';
import { me, setMe } from './me.js';
import { alertBadge } from './alert-count.js';
import './lead-inbox.js';
import './lead-pool.js';
import './my-day.js';
import './alert-centre.js';
import './lead-settings.js';

const TABS = ['inbox', 'pool', 'today', 'alerts', 'rules'];

export class LoudouLeads extends LitElement {
  static properties = { sub: {}, badge: { state: true }, me: { state: true } };
  static styles = [base, css`
    :host { display: block; padding: 1em; }
    .bar { display: flex; gap: .6em; align-items: flex-end; flex-wrap: wrap; margin-bottom: 1em; }
    nav { display: flex; gap: .3em; flex-wrap: wrap; }
    nav a { text-decoration: none; color: var(--ld-fg); padding: .45em .8em; border-radius: 6px; border: 1px solid var(--ld-line); background: #fff; }
    nav a[aria-current='page'] { background: var(--ld-accent); color: #fff; border-color: var(--ld-accent); }
    .badge { display: inline-block; min-width: 1.5em; padding: 0 .4em; margin-left: .3em; border-radius: 99px; background: var(--ld-lost); color: #fff; font-size: .8em; text-align: center; }
    .who { margin-left: auto; }
    @media (max-width: 600px) { :host { padding: .6em; } .who { margin-left: 0; } }
  `];

  connectedCallback() {
    super.connectedCallback();
    this.me = me();
    this.onChange = () => { this.me = me(); this.refreshBadge(); };
    this.onLocale = () => this.requestUpdate();
    app.addEventListener('change', this.onChange);
    addEventListener('loudou-locale', this.onLocale);
    this.refreshBadge();
  }
  disconnectedCallback() {
    super.disconnectedCallback();
    app.removeEventListener('change', this.onChange);
    removeEventListener('loudou-locale', this.onLocale);
  }

  async refreshBadge() {
    try {
      this.badge = (await alertBadge()).count;
    } catch { this.badge = null; }
  }

  pick(e) {
    setMe(e.target.value);
    this.me = e.target.value;
    this.refreshBadge();
  }

  render() {
    const tab = TABS.includes(this.sub) ? this.sub : 'inbox';
    const link = (id) => html`<a href="#/leads/${id}" aria-current=${tab === id ? 'page' : 'false'}>${t(`leads.tab.${id}`)}${
      id === 'alerts' && this.badge ? html`<span class="badge" aria-label=${t('alerts.badge', { n: this.badge })}>${this.badge}</span>` : ''}</a>`;
    return html`
      <div class="bar">
        <nav aria-label=${t('leads.tabs')}>${TABS.map(link)}</nav>
        <label class="who">${t('leads.me')}
          <select @change=${this.pick}>
            ${app.users.map((u) => html`<option value=${u.id} ?selected=${u.id === this.me}>${u.name}</option>`)}
          </select>
        </label>
      </div>
      ${tab === 'inbox' ? html`<loudou-lead-inbox></loudou-lead-inbox>` : ''}
      ${tab === 'pool' ? html`<loudou-lead-pool .me=${this.me}></loudou-lead-pool>` : ''}
      ${tab === 'today' ? html`<loudou-my-day .me=${this.me}></loudou-my-day>` : ''}
      ${tab === 'rules' ? html`<loudou-lead-settings></loudou-lead-settings>` : ''}
      ${tab === 'alerts' ? html`<loudou-alert-centre .me=${this.me} @alerts=${(e) => { this.badge = e.detail; }}></loudou-alert-centre>` : ''}
    `;
  }
}
customElements.define('loudou-leads', LoudouLeads);
