// <loudou-my-day>: a rep's day (我的一天) — overdue and today's open follow-ups first, then what
// was done today — each completed with one tap and an optional outcome. Works offline: it is
// one activity.list against the local database.
import { LitElement, html, css } from 'lit';
import { base } from '../styles.js';
import { app } from '../store.js';
import { t, dateTime } from '../../i18n/index.js';
import { showError, announce } from '../ui.js';
import { localDate, tzOffset } from './me.js';

export class MyDay extends LitElement {
  static properties = { me: {}, items: { state: true }, day: { state: true } };
  static styles = [base, css`
    ul { list-style: none; margin: 0; padding: 0; display: grid; gap: .5em; }
    li { background: #fff; border: 1px solid var(--ld-line); border-radius: 8px; padding: .6em .8em; display: flex; gap: .6em; flex-wrap: wrap; align-items: center; }
    li.overdue { border-left: 4px solid var(--ld-lost); }
    li.done { opacity: .75; }
    .what { flex: 1; min-width: 12em; }
    .when { color: var(--ld-muted); font-size: .88em; }
    .late { color: var(--ld-lost); font-weight: 600; }
  `];

  constructor() { super(); this.items = []; this.day = localDate(); }

  connectedCallback() {
    super.connectedCallback();
    this.onChange = () => this.load();
    app.addEventListener('change', this.onChange);
    this.load();
  }
  disconnectedCallback() { super.disconnectedCallback(); app.removeEventListener('change', this.onChange); }
  updated(changed) { if (changed.has('me') && changed.get('me') !== undefined) this.load(); }

  /** activity.list's arguments for the rep and the day shown. */
  listArgs() { return { owner_id: this.me, date: this.day, tz_offset_minutes: tzOffset() }; }

  async load() {
    if (!this.me) { this.items = []; return; }
    try {
      const r = await app.call('activity.list', { ...this.listArgs(), limit: 500 });
      this.items = r.items;
    } catch (e) { showError(e); }
  }

  /** This day's follow-ups of this rep, as the Data screen exports them (CSV or Excel). */
  async download(format) {
    try {
      const { exportListed } = await import('../data/export-list.js');
      await exportListed('activity', 'activity.list', this.listArgs(), format, `activities-${this.day}`);
    } catch (e) { showError(e); }
  }

  async complete(a, li) {
    const outcome = li.querySelector('input[name=outcome]').value.trim();
    try {
      await app.call('activity.complete', outcome ? { id: a.id, outcome } : { id: a.id });
      announce(t('day.completed'));
      await this.load();
      app.refresh();
    } catch (e) { showError(e); }
  }

  render() {
    const now = Date.now();
    const open = this.items.filter((a) => !a.done);
    return html`
      <div class="row">
        <h2 class="grow">${t('day.title')}</h2>
        <label>${t('day.date')}<input type="date" .value=${this.day} @change=${(e) => { this.day = e.target.value || localDate(); this.load(); }}></label>
      </div>
      <div class="row">
        <p class="muted grow">${t('day.summary', { open: open.length, done: this.items.length - open.length })}</p>
        ${this.me ? html`<div class="row downloads" role="group" aria-label=${t('export.title')}>
          ${[['csv', 'CSV'], ['xlsx', 'Excel']].map(([format, label]) => html`<button class="small" @click=${() => this.download(format)}
            aria-label=${t('export.filtered', { what: t('export.entity.activity'), format: label })}>${label}</button>`)}
        </div>` : ''}
      </div>
      <ul>${this.items.map((a) => {
        const late = !a.done && a.due_at && Date.parse(a.due_at) < now;
        return html`<li class=${a.done ? 'done' : late ? 'overdue' : ''}>
          <div class="what"><strong>${t(`act.type.${a.type}`)}</strong>${a.subject ? html` · ${a.subject}` : ''}
            <div class="when ${late ? 'late' : ''}">${a.done ? t('act.doneAt', { when: dateTime(a.done_at) })
              : a.due_at ? (late ? t('day.overdue', { when: dateTime(a.due_at) }) : t('act.dueAt', { when: dateTime(a.due_at) })) : ''}</div></div>
          ${a.done ? html`<span>${a.outcome ?? '✓'}</span>` : html`
            <label class="sr" for="o-${a.id}">${t('act.outcome')}</label>
            <input id="o-${a.id}" name="outcome" placeholder=${t('act.outcome')}>
            <button class="primary" @click=${(e) => this.complete(a, e.target.closest('li'))}>${t('day.complete')}</button>`}
        </li>`;
      })}</ul>
      ${this.items.length ? '' : html`<p class="muted">${this.me ? t('day.empty') : t('leads.pickMe')}</p>`}`;
  }
}
customElements.define('loudou-my-day', MyDay);
