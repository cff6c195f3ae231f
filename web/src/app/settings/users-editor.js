// <loudou-users-editor>: reps (负责人 / 销售) and their quotas (销售目标) per month or quarter.
import { LitElement, html, css } from 'lit';
import { base } from '../styles.js';
import { app } from '../store.js';
import { t, money, parseMoney } from '../../i18n/index.js';
import { toast } from '../ui.js';

export class UsersEditor extends LitElement {
  static properties = { quotas: { state: true }, error: { state: true } };
  static styles = [base, css`
    .grid { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 1.2em; }
    form.add { display: flex; gap: .5em; flex-wrap: wrap; align-items: flex-end; margin-top: .8em; }
    @media (max-width: 760px) { .grid { grid-template-columns: 1fr; } }
  `];

  connectedCallback() {
    super.connectedCallback();
    this.onChange = () => this.load();
    app.addEventListener('change', this.onChange);
    this.load();
  }
  disconnectedCallback() { super.disconnectedCallback(); app.removeEventListener('change', this.onChange); }

  async load() {
    const r = await app.call('quota.list', {});
    this.quotas = r.items ?? r;
  }

  async act(op, args, form) {
    try {
      await app.call(op, args);
      this.error = null;
      form?.reset();
      toast(t('settings.saved'));
      await app.refresh();
    } catch (e) { this.error = e.field ? `${e.field}: ${e.message}` : e.message; }
  }

  addUser(e) {
    e.preventDefault();
    const f = e.target;
    const args = { name: f.uname.value.trim() };
    if (f.email.value.trim()) args.email = f.email.value.trim();
    if (f.team.value.trim()) args.team = f.team.value.trim();
    this.act('user.create', args, f);
  }

  setQuota(e) {
    e.preventDefault();
    const f = e.target;
    const amount = parseMoney(f.amount.value);
    if (amount == null) { this.error = t('deal.badAmount'); return; }
    this.act('quota.set', { user_id: f.user.value, period: f.period.value.trim(), amount }, f);
  }

  render() {
    const users = app.users;
    return html`<div class="grid">
      <section class="panel" aria-labelledby="u-h">
        <h2 id="u-h">${t('settings.users')}</h2>
        <div class="table-wrap" tabindex="0" role="region" aria-labelledby="u-h"><table>
          <thead><tr><th>${t('settings.userName')}</th><th>${t('settings.email')}</th><th>${t('settings.team')}</th><th>${t('settings.active')}</th></tr></thead>
          <tbody>${users.map((u) => html`<tr>
            <td>${u.name}</td><td>${u.email ?? ''}</td><td>${u.team ?? ''}</td>
            <td><input type="checkbox" aria-label=${`${t('settings.active')} ${u.name}`} .checked=${u.active} @change=${(e) => this.act('user.update', { id: u.id, active: e.target.checked })}></td>
          </tr>`)}</tbody></table></div>
        <form class="add" @submit=${this.addUser}>
          <label for="uname">${t('settings.userName')}<input id="uname" name="uname" required maxlength="200" autocomplete="off"></label>
          <label for="email">${t('settings.email')}<input id="email" name="email" type="email" autocomplete="off"></label>
          <label for="team">${t('settings.team')}<input id="team" name="team" maxlength="200" autocomplete="off"></label>
          <button class="primary" type="submit">＋ ${t('settings.addUser')}</button>
        </form>
      </section>
      <section class="panel" aria-labelledby="q-h">
        <h2 id="q-h">${t('settings.quotas')}</h2>
        <div class="table-wrap" tabindex="0" role="region" aria-labelledby="q-h"><table>
          <thead><tr><th>${t('dash.rep')}</th><th>${t('dash.month')}</th><th class="num">${t('settings.quota')}</th></tr></thead>
          <tbody>${(this.quotas || []).map((q) => html`<tr><td>${app.user(q.user_id)?.name ?? q.user_id}</td><td>${q.period}</td><td class="num">${money(q.amount)}</td></tr>`)}</tbody>
        </table></div>
        <form class="add" @submit=${this.setQuota}>
          <label for="q-user">${t('dash.rep')}<select id="q-user" name="user" required>${users.map((u) => html`<option value=${u.id}>${u.name}</option>`)}</select></label>
          <label for="q-period">${t('settings.period')}<input id="q-period" name="period" required pattern="\\d{4}-(0[1-9]|1[0-2]|Q[1-4])" placeholder="2026-Q1"></label>
          <label for="q-amount">${t('deal.amount')}<input id="q-amount" name="amount" required inputmode="decimal"></label>
          <button class="primary" type="submit" ?disabled=${!users.length}>${t('settings.setQuota')}</button>
        </form>
      </section>
    </div>
    ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}`;
  }
}
customElements.define('loudou-users-editor', UsersEditor);
