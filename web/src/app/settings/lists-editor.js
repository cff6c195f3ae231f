// <loudou-lists-editor>: the managed lists — lost reasons (输单原因), sources (线索来源) and
// industries (行业) — kept in the database with setting.set, offered by every form and filter.
import { LitElement, html, css } from 'lit';
import { base } from '../styles.js';
import { app } from '../store.js';
import { t, locale } from '../../i18n/index.js';
import { showError, toast } from '../ui.js';

const LISTS = [['lost_reasons', 'settings.lostReasons'], ['sources', 'settings.sources'], ['industries', 'settings.industries']];

export class ListsEditor extends LitElement {
  static styles = [base, css`
    .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(240px, 1fr)); gap: 1em; }
    ul { list-style: none; padding: 0; margin: 0 0 .8em; display: grid; gap: .3em; }
    li { display: flex; justify-content: space-between; align-items: center; gap: .5em; border-bottom: 1px solid var(--ld-line); padding: .2em 0; }
    li span { word-break: break-word; }
    form { display: flex; gap: .4em; } form input { flex: 1; min-width: 0; }
  `];

  connectedCallback() { super.connectedCallback(); this.onChange = () => this.requestUpdate(); app.addEventListener('change', this.onChange); }
  disconnectedCallback() { super.disconnectedCallback(); app.removeEventListener('change', this.onChange); }

  async save(name, values) {
    try { await app.setList(name, values); toast(t('settings.saved')); } catch (e) { showError(e); }
  }

  add(e, name) {
    e.preventDefault();
    const v = e.target.item.value.trim();
    const cur = app.list(name, locale());
    if (!v || cur.includes(v)) return;
    e.target.reset();
    this.save(name, [...cur, v]);
  }

  render() {
    return html`<div class="grid">${LISTS.map(([name, label]) => {
      const items = app.list(name, locale());
      return html`<section class="panel" aria-labelledby=${`l-${name}`}>
        <h2 id=${`l-${name}`}>${t(label)}</h2>
        <ul>${items.map((v) => html`<li><span>${v}</span>
          <button class="danger" aria-label=${`${t('common.remove')} ${v}`} @click=${() => this.save(name, items.filter((x) => x !== v))}>✕</button></li>`)}</ul>
        <form @submit=${(e) => this.add(e, name)}>
          <input name="item" required maxlength="200" aria-label=${`${t(label)}: ${t('settings.newItem')}`} placeholder=${t('settings.newItem')} autocomplete="off">
          <button type="submit">${t('settings.addItem')}</button>
        </form>
      </section>`;
    })}</div>`;
  }
}
customElements.define('loudou-lists-editor', ListsEditor);
