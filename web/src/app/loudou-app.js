// <loudou-app>: the shell. Header (brand, navigation from routes.js, language, saved/saving
// status), the sample-data banner, the current screen (or the first-run screen while there is no
// pipeline), the deal drawer, toasts and the aria-live region every screen announces through.
import { LitElement, html, css } from 'lit';
import { base } from './styles.js';
import { app } from './store.js';
import { routes, parseHash } from './routes.js';
import { t, locale, locales, setLocale } from '../i18n/index.js';
import { showError } from './ui.js';
import './first-run.js';
import './deal/deal-drawer.js';

export class LoudouApp extends LitElement {
  static properties = {
    ready: { state: true }, failed: { state: true }, route: { state: true }, status: { state: true },
    toasts: { state: true }, live: { state: true }, online: { state: true },
    badges: { state: true },  // route id → {count, label} from the route's badge()
  };

  static styles = [base, css`
    :host { display: flex; flex-direction: column; min-height: 100vh; background: var(--ld-bg); }
    header {
      display: flex; align-items: center; gap: 1em; padding: .5em 1em; background: #102a43; color: #fff;
      position: sticky; top: 0; z-index: 5; flex-wrap: wrap;
    }
    .brand { font-weight: 700; font-size: 1.1rem; display: flex; align-items: center; gap: .4em; }
    .brand .mark { display: inline-grid; place-items: center; width: 1.7em; height: 1.7em; border-radius: 6px; background: #f0b429; color: #102a43; }
    nav { display: flex; gap: .25em; }
    nav a { color: #d9e2ec; text-decoration: none; padding: .45em .8em; border-radius: 6px; }
    nav a[aria-current='page'] { background: #243b53; color: #fff; font-weight: 600; }
    nav a:focus-visible { outline: 3px solid #93b4f8; }
    nav .badge { display: inline-block; min-width: 1.4em; padding: 0 .4em; margin-left: .2em; border-radius: 99px; background: #b42318; color: #fff; font-size: .78em; font-weight: 700; text-align: center; line-height: 1.5; }
    .tools { margin-left: auto; display: flex; gap: .8em; align-items: center; }
    .tools label { color: #d9e2ec; font-size: .85em; }
    .tools select { background: #243b53; color: #fff; border-color: #486581; min-height: 32px; }
    .status { font-size: .85em; padding: .2em .6em; border-radius: 99px; background: #243b53; white-space: nowrap; }
    .status.error { background: #b42318; color: #fff; border: none; min-height: 0; font: inherit; font-size: .85em; cursor: pointer; }
    .status.saving { background: #8d6708; }
    .banner { background: #fff3c4; color: #513c06; padding: .5em 1em; display: flex; gap: 1em; align-items: center; flex-wrap: wrap; }
    .banner strong { font-weight: 700; }
    main { flex: 1; min-height: 0; display: flex; flex-direction: column; }
    .center { padding: 3em 1em; text-align: center; }
    .toasts { position: fixed; bottom: 16px; left: 50%; transform: translateX(-50%); display: grid; gap: 8px; z-index: 50; width: max-content; max-width: calc(100vw - 24px); }
    .toast { background: #243b53; color: #fff; padding: .6em 1em; border-radius: 8px; display: flex; gap: 1em; align-items: center; box-shadow: 0 4px 16px rgba(0,0,0,.25); }
    .toast.error { background: #b42318; }
    .toast button { background: transparent; color: #fff; border-color: #9fb3c8; min-height: 30px; }
    @media (max-width: 600px) {
      header { gap: .4em; padding: .4em .6em; }
      .brand .name { display: none; }
      nav { order: 3; width: 100%; overflow-x: auto; scrollbar-width: none; }
      nav a { padding: .4em .55em; white-space: nowrap; }
      .tools { gap: .4em; }
      .tools label { display: none; }
    }
  `];

  constructor() {
    super();
    this.ready = false;
    this.failed = null;
    this.route = parseHash(location.hash);
    this.status = 'saved';
    this.toasts = [];
    this.live = '';
    this.online = navigator.onLine;
    this.views = new Map();
    this.badges = new Map();
  }

  connectedCallback() {
    super.connectedCallback();
    this.onHash = () => this.go(parseHash(location.hash));
    addEventListener('hashchange', this.onHash);
    addEventListener('loudou-locale', () => this.relabel());
    addEventListener('loudou-toast', (e) => this.addToast(e.detail));
    addEventListener('loudou-announce', (e) => { this.live = ''; this.updateComplete.then(() => { this.live = e.detail; }); });
    addEventListener('online', () => { this.online = true; });
    addEventListener('offline', () => { this.online = false; });
    app.addEventListener('status', (e) => { this.status = e.detail.state; });
    app.addEventListener('change', () => { this.requestUpdate(); this.refreshBadges(); });
    addEventListener('loudou-me', () => this.refreshBadges());
  }

  /** Asks every route with a badge for its count; after a write, a burst of changes asks once. */
  refreshBadges() {
    clearTimeout(this.badgeTimer);
    this.badgeTimer = setTimeout(async () => {
      if (!this.ready || !app.pipelines.length) return;
      const asked = (this.badgeAsked = (this.badgeAsked ?? 0) + 1);
      const next = new Map();
      await Promise.all(routes.filter((r) => r.badge).map(async (r) => {
        try { next.set(r.id, await r.badge()); } catch { /* no badge rather than a broken nav */ }
      }));
      if (asked === this.badgeAsked) this.badges = next;  // an older answer never overwrites a newer one
    }, 50);
  }

  /** A new language: every element of the app draws again, including cached screens that are
   *  not on the page right now (Lit does not re-render on reconnect). */
  relabel() {
    const walk = (root) => {
      for (const el of root.querySelectorAll('*')) {
        el.requestUpdate?.();
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    this.requestUpdate();
    walk(this.renderRoot);
    for (const view of this.views.values()) {
      view.requestUpdate?.();
      if (view.shadowRoot) walk(view.shadowRoot);
    }
  }

  /** Called by main.js once the engine is open (or failed to open). */
  async start(db, error) {
    if (error) { this.failed = error; return; }
    try {
      await app.attach(db);
      this.ready = true;
      this.refreshBadges();
      await this.go(this.route);
    } catch (e) {
      this.failed = e;
    }
  }

  async go(route) {
    this.route = route;
    const def = routes.find((r) => r.id === route.id) ?? routes[0];
    try {
      await def.load();
    } catch (e) { showError(e); return; }
    let view = this.views.get(def.id);
    if (!view) { view = document.createElement(def.tag); this.views.set(def.id, view); }
    view.sub = route.sub;
    view.params = route.params;
    this.requestUpdate();
    if (route.params.deal) this.renderRoot.querySelector('loudou-deal-drawer')?.open(route.params.deal);
  }

  addToast({ message, undo, error }) {
    const item = { id: Math.random(), message, undo, error };
    this.toasts = [...this.toasts.slice(-2), item];
    this.live = message;
    setTimeout(() => { this.toasts = this.toasts.filter((x) => x !== item); }, undo ? 8000 : 4000);
  }

  async runUndo(item) {
    this.toasts = this.toasts.filter((x) => x !== item);
    try { await item.undo(); } catch (e) { showError(e); }
  }

  async removeSample() {
    if (!confirm(t('sample.removeConfirm'))) return;
    try {
      await app.call('sample.clear');
      await app.refresh();
    } catch (e) { showError(e); }
  }

  statusView() {
    if (!this.online) return html`<span class="status" role="status">${t('status.offline')}</span>`;
    const s = this.status;
    // A failed save (quota, a lost IndexedDB connection) stays visible and offers a retry.
    if (s === 'error' && app.db?.flush) {
      return html`<button class="status error" data-state=${s} @click=${() => app.db.flush().catch(showError)}>${t('status.retry')}</button>`;
    }
    return html`<span class="status ${s}" role="status" data-state=${s}>${t(`status.${s}`)}</span>`;
  }

  render() {
    const def = routes.find((r) => r.id === this.route.id) ?? routes[0];
    return html`
      <header>
        <span class="brand"><span class="mark" aria-hidden="true">漏</span><span class="name">${t('app.name')}</span></span>
        ${this.ready && app.pipelines.length ? html`
          <nav aria-label=${t('nav.main')}>
            ${routes.map((r) => {
              const b = this.badges.get(r.id);
              return html`<a href="#/${r.id}" aria-current=${r.id === def.id ? 'page' : 'false'}><span aria-hidden="true">${r.icon}</span> ${t(r.label)}${
                b?.count ? html` <span class="badge" data-badge=${r.id} aria-hidden="true">${b.count}</span><span class="sr"> (${b.label})</span>` : ''}</a>`;
            })}
          </nav>` : ''}
        <div class="tools">
          ${this.statusView()}
          <label for="lang">${t('lang.label')}</label>
          <select id="lang" aria-label=${t('lang.label')} @change=${(e) => setLocale(e.target.value)}>
            ${locales.map((l) => html`<option value=${l.id} ?selected=${l.id === locale()}>${l.label}</option>`)}
          </select>
        </div>
      </header>
      ${this.ready && app.sample ? html`
        <div class="banner" role="note"><strong>${t('sample.banner')}</strong>
          <button @click=${this.removeSample}>${t('sample.remove')}</button></div>` : ''}
      <main>${this.mainView(def)}</main>
      <loudou-deal-drawer></loudou-deal-drawer>
      <div class="toasts">
        ${this.toasts.map((x) => html`<div class="toast ${x.error ? 'error' : ''}"><span>${x.message}</span>
          ${x.undo ? html`<button @click=${() => this.runUndo(x)}>${t('common.undo')}</button>` : ''}</div>`)}
      </div>
      <div class="sr" aria-live="polite" role="status" id="live">${this.live}</div>
    `;
  }

  mainView(def) {
    if (this.failed) return html`<p class="center error" role="alert">${t('status.failed', { message: this.failed.message || String(this.failed) })}</p>`;
    if (!this.ready) return html`<p class="center muted">${t('status.loading')}</p>`;
    if (!app.pipelines.length) return html`<loudou-first-run></loudou-first-run>`;
    return this.views.get(def.id) ?? '';
  }
}
customElements.define('loudou-app', LoudouApp);
