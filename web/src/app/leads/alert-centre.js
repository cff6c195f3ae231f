// <loudou-alert-centre>: everything that needs attention now (alert.list, computed locally):
// overdue and due-today follow-ups, stalled deals, deals with no next step, bottleneck stages.
// With the user's permission, new overdue / due-today alerts also appear as browser
// notifications (each once per browser).
import { LitElement, html, css } from 'lit';
import { base } from '../styles.js';
import { app } from '../store.js';
import { t, dateTime, number, percent } from '../../i18n/index.js';
import { showError, openDeal } from '../ui.js';
import { nowIso, tzOffset } from './me.js';

const KINDS = ['overdue', 'due_today', 'stalled', 'no_next_step', 'bottleneck'];
const SEEN = 'loudou.notified';

export class AlertCentre extends LitElement {
  static properties = { me: {}, alerts: { state: true }, mine: { state: true }, permission: { state: true } };
  static styles = [base, css`
    section { margin-bottom: 1em; }
    ul { list-style: none; margin: 0; padding: 0; display: grid; gap: .4em; }
    li { background: #fff; border: 1px solid var(--ld-line); border-radius: 8px; padding: .5em .8em; display: flex; gap: .6em; align-items: center; flex-wrap: wrap; }
    li .msg { flex: 1; min-width: 12em; }
    h3 .n { color: var(--ld-muted); font-weight: 400; }
    label.check { flex-direction: row; align-items: center; gap: .4em; }
  `];

  constructor() {
    super();
    this.alerts = [];
    this.mine = true;
    this.permission = globalThis.Notification?.permission ?? 'unsupported';
  }

  connectedCallback() {
    super.connectedCallback();
    this.onChange = () => this.load();
    app.addEventListener('change', this.onChange);
    this.load();
  }
  disconnectedCallback() { super.disconnectedCallback(); app.removeEventListener('change', this.onChange); }
  updated(changed) { if (changed.has('me') && changed.get('me') !== undefined) this.load(); }

  async load() {
    const args = { now: nowIso(), tz_offset_minutes: tzOffset() };
    if (this.mine && this.me) args.owner_id = this.me;
    try {
      const r = await app.call('alert.list', args);
      this.alerts = r.alerts;
      this.dispatchEvent(new CustomEvent('alerts', { detail: r.total }));
      this.notify(r.alerts);
    } catch (e) { showError(e); }
  }

  async allow() {
    this.permission = await Notification.requestPermission();
    if (this.permission === 'granted') this.notify(this.alerts);
  }

  notify(alerts) {
    if (this.permission !== 'granted') return;
    let seen = [];
    try { seen = JSON.parse(localStorage.getItem(SEEN) || '[]'); } catch { /* start afresh */ }
    for (const a of alerts) {
      if ((a.kind !== 'overdue' && a.kind !== 'due_today') || seen.includes(a.activity_id)) continue;
      new Notification(t(`alerts.kind.${a.kind}`), { body: this.text(a), tag: a.activity_id });
      seen.push(a.activity_id);
    }
    try { localStorage.setItem(SEEN, JSON.stringify(seen.slice(-500))); } catch { /* not remembered */ }
  }

  /** The alert in the page's language, from its structured fields (the core's message is English). */
  text(a) {
    switch (a.kind) {
      case 'overdue': case 'due_today': {
        const what = t(`act.type.${a.activity_type}`) + (a.subject ? ` · ${a.subject}` : '');
        return t(`alerts.msg.${a.kind}`, { what, title: a.title || '—', when: dateTime(a.due_at) });
      }
      case 'stalled': return t('alerts.msg.stalled', { title: a.title, stage: a.stage_name, days: number(a.idle_days, 1), rot: a.rot_days });
      case 'no_next_step': return t('alerts.msg.no_next_step', { title: a.title, stage: a.stage_name });
      case 'bottleneck': return t('alerts.msg.bottleneck', { stage: a.stage_name, now: percent(a.conversion), before: percent(a.baseline_conversion) });
      default: return a.message;
    }
  }

  render() {
    return html`
      <div class="row">
        <h2 class="grow">${t('alerts.title')}</h2>
        <label class="check"><input type="checkbox" .checked=${this.mine} @change=${(e) => { this.mine = e.target.checked; this.load(); }}> ${t('alerts.mine')}</label>
        ${this.permission === 'default' ? html`<button @click=${this.allow}>${t('alerts.enableNotifications')}</button>` : ''}
        ${this.permission === 'granted' ? html`<span class="muted">${t('alerts.notificationsOn')}</span>` : ''}
      </div>
      ${this.alerts.length ? '' : html`<p class="muted">${t('alerts.none')}</p>`}
      ${KINDS.map((kind) => {
        const list = this.alerts.filter((a) => a.kind === kind);
        if (!list.length) return '';
        return html`<section aria-labelledby="k-${kind}">
          <h3 id="k-${kind}">${t(`alerts.kind.${kind}`)} <span class="n">(${list.length})</span></h3>
          <ul>${list.map((a) => html`<li><span class="msg">${this.text(a)}</span>
            ${a.deal_id ? html`<button class="link" @click=${() => openDeal(a.deal_id)}>${t('alerts.openDeal')}</button>` : ''}</li>`)}</ul>
        </section>`;
      })}`;
  }
}
customElements.define('loudou-alert-centre', AlertCentre);
