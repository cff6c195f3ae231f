// <loudou-settings>: pipelines and stages, reps and quotas, managed lists, custom fields, stage
// playbooks — each a sub-route (#/settings/<section>) drawn by its own element, loaded when first
// opened.
import { LitElement, html, css } from 'lit';
import { base } from '../styles.js';
import { t } from '../../i18n/index.js';

const SECTIONS = [
  { id: 'pipelines', label: 'settings.pipelines', tag: 'loudou-pipeline-editor', load: () => import('./pipeline-editor.js') },
  { id: 'users', label: 'settings.users', tag: 'loudou-users-editor', load: () => import('./users-editor.js') },
  { id: 'lists', label: 'settings.lists', tag: 'loudou-lists-editor', load: () => import('./lists-editor.js') },
  { id: 'fields', label: 'settings.fields', tag: 'loudou-fields-editor', load: () => import('./fields-editor.js') },
  { id: 'playbooks', label: 'settings.playbooks', tag: 'loudou-playbook-editor', load: () => import('./playbook-editor.js') },
];

export class LoudouSettings extends LitElement {
  static properties = { sub: {}, loaded: { state: true } };
  static styles = [base, css`
    :host { display: block; padding: 1em; max-width: 1100px; width: 100%; margin: 0 auto; }
    nav { display: flex; gap: .3em; flex-wrap: wrap; margin-bottom: 1em; border-bottom: 1px solid var(--ld-line); }
    nav a { padding: .5em .9em; text-decoration: none; color: var(--ld-muted); border-bottom: 3px solid transparent; }
    nav a[aria-current='page'] { color: var(--ld-fg); border-color: var(--ld-accent); font-weight: 600; }
    @media (max-width: 600px) { :host { padding: .6em; } nav a { padding: .45em .5em; } }
  `];

  constructor() { super(); this.loaded = new Set(); this.views = new Map(); }

  connectedCallback() { super.connectedCallback(); addEventListener('loudou-locale', () => this.requestUpdate()); }

  section() { return SECTIONS.find((s) => s.id === this.sub) ?? SECTIONS[0]; }

  willUpdate() {
    const s = this.section();
    if (!this.loaded.has(s.id)) s.load().then(() => { this.loaded = new Set([...this.loaded, s.id]); });
  }

  render() {
    const cur = this.section();
    let view = this.views.get(cur.id);
    if (!view && this.loaded.has(cur.id)) { view = document.createElement(cur.tag); this.views.set(cur.id, view); }
    return html`<h1>${t('settings.title')}</h1>
      <nav aria-label=${t('settings.title')}>${SECTIONS.map((s) => html`<a href="#/settings/${s.id}" aria-current=${s.id === cur.id ? 'page' : 'false'}>${t(s.label)}</a>`)}</nav>
      ${view ?? ''}`;
  }
}
customElements.define('loudou-settings', LoudouSettings);
