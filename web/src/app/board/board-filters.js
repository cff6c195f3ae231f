// <loudou-board-filters>: owner, source, industry, text search and every custom choice field for
// the board. Emits 'filters' with {owner, source, industry, text, custom: {key: option}}; the
// board filters in memory (no engine trip,
// so typing stays instant with 10,000 deals). Choices are the managed lists plus values in use.
import { LitElement, html, css } from 'lit';
import { base } from '../styles.js';
import { app } from '../store.js';
import { t, locale } from '../../i18n/index.js';

export class BoardFilters extends LitElement {
  static properties = { filters: { attribute: false }, deals: { attribute: false } };
  static styles = [base, css`
    :host { display: contents; }
    .f { display: flex; gap: .5em; flex-wrap: wrap; align-items: flex-end; }
    select { max-width: 11em; }
    input[type=search] { width: 12em; }
    details.fold { width: 100%; order: 5; }
    details.fold summary { cursor: pointer; min-height: 36px; display: flex; align-items: center; color: var(--ld-accent); font-weight: 600; }
    @media (max-width: 600px) { .f { width: 100%; } select, input[type=search] { max-width: none; width: 100%; } .f label { flex: 1 1 45%; } }
  `];

  set(key, value) {
    this.dispatchEvent(new CustomEvent('filters', { detail: { ...this.filters, [key]: value } }));
  }

  choices(name, key) {
    const s = new Set(app.list(name, locale()));
    for (const d of this.deals || []) if (d[key]) s.add(d[key]);
    return [...s].sort((a, b) => a.localeCompare(b, locale()));
  }

  select(key, label, options) {
    return html`<label for=${`flt-${key}`}>${t(label)}
      <select id=${`flt-${key}`} @change=${(e) => this.set(key, e.target.value)}>
        <option value="" ?selected=${!this.filters[key]}>${t('board.filter.any')}</option>
        ${options.map(([v, text]) => html`<option value=${v} ?selected=${this.filters[key] === v}>${text}</option>`)}
      </select></label>`;
  }

  render() {
    const f = this.filters;
    const any = f.owner || f.source || f.industry || f.text || Object.values(f.custom || {}).some(Boolean);
    // On a phone the filters fold away behind one button so the columns get the screen.
    if (matchMedia('(max-width: 600px)').matches) {
      return html`<details class="fold" ?open=${!!any}><summary>${t('board.filters')}${any ? ' •' : ''}</summary>${this.fields(f, any)}</details>`;
    }
    return this.fields(f, any);
  }

  fields(f, any) {
    return html`<div class="f" role="search">
      <label for="flt-text">${t('board.filter.text')}
        <input id="flt-text" type="search" .value=${f.text} @input=${(e) => this.set('text', e.target.value)} autocomplete="off"></label>
      ${this.select('owner', 'board.filter.owner', [...app.users.map((u) => [u.id, u.name]), ['-', t('board.unassigned')]])}
      ${this.select('source', 'board.filter.source', this.choices('sources', 'source').map((v) => [v, v]))}
      ${this.select('industry', 'board.filter.industry', this.choices('industries', 'industry').map((v) => [v, v]))}
      ${app.fields.filter((d) => d.type === 'choice' || d.type === 'multi_choice').map((d) => html`<label for=${`flt-c-${d.key}`}>${d.label}
        <select id=${`flt-c-${d.key}`} @change=${(e) => this.set('custom', { ...(f.custom || {}), [d.key]: e.target.value })}>
          <option value="" ?selected=${!f.custom?.[d.key]}>${t('board.filter.any')}</option>
          ${d.options.map((o) => html`<option value=${o} ?selected=${f.custom?.[d.key] === o}>${o}</option>`)}
        </select></label>`)}
      ${any ? html`<button class="link" @click=${() => this.dispatchEvent(new CustomEvent('filters', { detail: { owner: '', source: '', industry: '', text: '', custom: {} } }))}>${t('board.filter.clear')}</button>` : ''}
    </div>`;
  }
}
customElements.define('loudou-board-filters', BoardFilters);
