// <loudou-deal-pause>: pause an open deal until a date, with a reason (the customer is away,
// the budget comes next quarter). A paused deal is not flagged as stalled until that date — on
// the board, in alert.list and report.bottlenecks alike (metrics.md 9). Resuming clears both.
import { LitElement, html, css } from 'lit';
import { base } from '../styles.js';
import { t, date } from '../../i18n/index.js';
import { localDate } from '../leads/me.js';
import { dealWrite } from './deal-write.js';

export class DealPause extends LitElement {
  static properties = { deal: {}, error: { state: true }, busy: { state: true } };
  static styles = [base, css`
    .paused { background: #fff8e6; border: 1px solid #f0c36b; border-radius: 8px; padding: .6em .8em; display: flex; gap: .6em; align-items: center; flex-wrap: wrap; }
    .paused span { flex: 1; min-width: 12em; word-break: break-word; }
    details summary { cursor: pointer; min-height: 36px; display: flex; align-items: center; color: var(--ld-accent); }
    form { display: grid; grid-template-columns: 10em 1fr auto; gap: .6em; align-items: end; }
    @media (max-width: 600px) { form { grid-template-columns: 1fr; } }
  `];

  write(args, message) {
    return dealWrite(this, 'deal.update', { id: this.deal.id, ...args }, message);
  }

  async pause(e) {
    e.preventDefault();
    const f = e.target;
    const until = f.until.value;
    const reason = f.reason.value.trim();
    // The core pauses while today < paused_until (today in the user's time zone, as alert.list).
    if (!until || until <= localDate()) { this.error = t('pause.badDate'); return; }
    if (!reason) { this.error = t('pause.needReason'); return; }
    await this.write({ paused_until: until, pause_reason: reason }, t('pause.done', { title: this.deal.title, date: date(until) }));
  }

  render() {
    const d = this.deal;
    if (!d || d.status !== 'open') return '';
    if (d.paused_until && d.paused_until > localDate()) {
      return html`<div class="paused" role="status">
        <span>${t('pause.active', { date: date(d.paused_until), reason: d.pause_reason ?? '' })}</span>
        <button ?disabled=${this.busy} @click=${() => this.write({ paused_until: null, pause_reason: null }, t('pause.resumed', { title: d.title }))}>${t('pause.resume')}</button>
      </div>${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}`;
    }
    return html`<details>
      <summary>${t('pause.legend')}</summary>
      <p class="muted">${t('pause.help')}</p>
      <form @submit=${this.pause}>
        <label for="pz-until">${t('pause.until')}<input id="pz-until" name="until" type="date" min=${localDate()} required></label>
        <label for="pz-reason">${t('pause.reason')}<input id="pz-reason" name="reason" maxlength="200" required autocomplete="off"></label>
        <button type="submit" ?disabled=${this.busy}>${t('pause.submit')}</button>
      </form>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}
    </details>`;
  }
}
customElements.define('loudou-deal-pause', DealPause);
