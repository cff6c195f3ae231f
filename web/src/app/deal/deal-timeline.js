// <loudou-deal-timeline>: a deal's follow-ups (跟进) and stage history in one list, newest first,
// with planned follow-ups on top (overdue ones flagged), a "mark done" button on each open one,
// and a form to log or plan another. After a write it fires `deal-changed` so the drawer reloads
// the deal (deal.get carries both the activities and the events).
import { LitElement, html, css } from 'lit';
import { base } from '../styles.js';
import { app } from '../store.js';
import { t, dateTime } from '../../i18n/index.js';
import { activityForm, readActivityForm } from '../leads/activity-form.js';
import { eventText, timeline, hasNextStep } from './history.js';
import { dealWrite } from './deal-write.js';

export class DealTimeline extends LitElement {
  static properties = { deal: {}, error: { state: true }, busy: { state: true } };
  static styles = [base, css`
    ol { list-style: none; margin: 0; padding: 0 0 0 1em; border-left: 2px solid var(--ld-line); display: grid; gap: .6em; }
    li { position: relative; }
    li::before { content: ''; position: absolute; left: -1.42em; top: .45em; width: 10px; height: 10px; border-radius: 50%; background: #9fb3c8; }
    li.activity::before { background: var(--ld-accent); }
    li.overdue::before { background: var(--ld-lost); }
    li.done::before { background: var(--ld-won); }
    time { display: block; color: var(--ld-muted); font-size: .85em; }
    .tag { font-size: .8em; font-weight: 600; border-radius: 99px; padding: 0 .55em; margin-right: .3em; background: #e4e7eb; }
    .tag.overdue { background: #fde4e1; color: var(--ld-lost); }
    .tag.done { background: #d3f4e0; color: var(--ld-won); }
    .tag.open { background: #dbe7fe; color: #1e3a8a; }
    .notes { color: var(--ld-muted); white-space: pre-wrap; word-break: break-word; }
    .line { display: flex; gap: .5em; align-items: baseline; flex-wrap: wrap; }
    .line .what { flex: 1; min-width: 10em; word-break: break-word; }
    .nonext { color: var(--ld-warn); font-weight: 600; }
    details { margin-bottom: .8em; } summary { cursor: pointer; min-height: 36px; display: flex; align-items: center; color: var(--ld-accent); }
  `];

  write(op, args, message) {
    return dealWrite(this, op, args, message);
  }

  async add(e) {
    e.preventDefault();
    const form = e.target;
    const { args, error } = readActivityForm(form);
    if (error) { this.error = error; return; }
    if (await this.write('activity.create', { ...args, deal_id: this.deal.id }, t('act.added'))) form.reset();
  }

  what(a) { return `${t(`act.type.${a.type}`)}${a.subject ? ` · ${a.subject}` : ''}`; }

  activityItem(x) {
    const a = x.activity;
    const when = a.done_at ? t('act.doneAt', { when: dateTime(a.done_at) })
      : a.due_at ? t('act.dueAt', { when: dateTime(a.due_at) }) : dateTime(a.created_at);
    return html`<li class="activity ${x.state}">
      <div class="line">
        <span class="tag ${x.state}">${t(`act.state.${x.state}`)}</span>
        <span class="what">${this.what(a)}${a.outcome ? ` — ${a.outcome}` : ''}</span>
        ${x.state !== 'done' ? html`<button ?disabled=${this.busy} aria-label=${t('act.markDoneOf', { what: this.what(a) })}
            @click=${() => this.write('activity.complete', { id: a.id }, t('act.completed', { what: this.what(a) }))}><span aria-hidden="true">✓</span> ${t('act.markDone')}</button>` : ''}
      </div>
      ${a.notes ? html`<div class="notes">${a.notes}</div>` : ''}
      <time datetime=${a.done_at ?? a.due_at ?? a.created_at}>${when}</time>
    </li>`;
  }

  render() {
    const d = this.deal;
    if (!d) return '';
    const now = Date.now();
    const items = timeline(d, now);
    return html`<section aria-labelledby="tl-h">
      <h3 id="tl-h">${t('deal.timeline')}</h3>
      ${d.status === 'open' && !hasNextStep(d, now) ? html`<p class="nonext">⚠ ${t('board.noNext')}</p>` : ''}
      <details ?open=${d.status === 'open' && !(d.activities || []).length}>
        <summary>＋ ${t('act.add')}</summary>
        ${activityForm((e) => this.add(e))}
      </details>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}
      <ol>
        ${items.map((x) => (x.kind === 'activity' ? this.activityItem(x) : html`<li class="stage">
          <span>${eventText(x.event, (id) => app.stageName(id))}</span><time datetime=${x.at}>${dateTime(x.at)}</time></li>`))}
      </ol>
    </section>`;
  }
}
customElements.define('loudou-deal-timeline', DealTimeline);
