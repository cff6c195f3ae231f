// <loudou-lead-detail>: one lead in a side sheet — its fields and BANT (editable), the score and
// the factors that make it up, possible duplicates with a merge, the timeline of follow-ups with
// a form to log or plan one, and who owned it when (the assignment log).
import { LitElement, html, css } from 'lit';
import { base } from '../styles.js';
import { app } from '../store.js';
import { t, dateTime } from '../../i18n/index.js';
import { showError, toast } from '../ui.js';
import { leadFields, readLeadForm } from './lead-form.js';
import { leadTitle } from './lead-row.js';
import { userName, nowIso, me } from './me.js';
import { activityForm, readActivityForm, activityLine } from './activity-form.js';

export class LeadDetail extends LitElement {
  static properties = { lead: { state: true }, dups: { state: true }, error: { state: true } };
  static styles = [base, css`
    dialog.sheet { margin: 0 0 0 auto; height: 100vh; max-height: 100vh; width: 480px; max-width: 100vw; border-radius: 0; padding: 0; }
    .head { padding: 1em 1.2em .6em; border-bottom: 1px solid var(--ld-line); display: flex; gap: .6em; align-items: flex-start; }
    .head h2 { flex: 1; margin: 0; word-break: break-word; }
    .body { padding: 1em 1.2em 2em; display: grid; gap: 1.2em; }
    .two { display: grid; grid-template-columns: 1fr 1fr; gap: .6em; }
    .score { font-size: 1.6em; font-weight: 700; }
    ol.timeline { list-style: none; margin: 0; padding: 0 0 0 1em; border-left: 2px solid var(--ld-line); display: grid; gap: .6em; }
    ol.timeline time { display: block; color: var(--ld-muted); font-size: .85em; }
    @media (max-width: 600px) { dialog.sheet { width: 100vw; } .two { grid-template-columns: 1fr; } }
  `];

  async open(id) {
    this.error = null;
    try {
      this.lead = await app.call('lead.get', { id, now: nowIso() });
      this.dups = await Promise.all(this.lead.duplicates.map((d) => app.call('lead.get', { id: d })));
    } catch (e) { showError(e); return; }
    await this.updateComplete;
    const d = this.renderRoot.querySelector('dialog');
    if (!d.open) d.showModal();
  }

  close() { this.renderRoot.querySelector('dialog')?.close(); }

  async save(e) {
    e.preventDefault();
    const { args, error } = readLeadForm(e.target, true);
    if (error) { this.error = error; return; }
    try {
      await app.call('lead.update', { id: this.lead.id, ...args });
      toast(t('settings.saved'));
      await this.open(this.lead.id);
      app.refresh();
    } catch (err) { this.error = err.message; }
  }

  async merge(dupId) {
    try {
      await app.call('lead.merge', { id: this.lead.id, duplicate_id: dupId });
      toast(t('leads.merged'));
      await this.open(this.lead.id);
      app.refresh();
    } catch (e) { showError(e); }
  }

  async log(e) {
    e.preventDefault();
    const { args, error } = readActivityForm(e.target);
    if (error) { this.error = error; return; }
    try {
      await app.call('activity.create', { ...args, lead_id: this.lead.id, owner_id: this.lead.owner_id ?? me() ?? undefined });
      e.target.reset();
      await this.open(this.lead.id);
      app.refresh();
    } catch (err) { this.error = err.message; }
  }

  factorText(f) {
    if (f.factor === 'rule') return t('lead.factor.rule', { field: t(`lead.${f.field}`), value: f.value });
    return t(`lead.${f.factor}`);
  }

  render() {
    const l = this.lead;
    return html`<dialog class="sheet" aria-labelledby="ld-h" @close=${() => { this.lead = null; }}>
      ${l ? html`
        <div class="head">
          <h2 id="ld-h">${leadTitle(l)}</h2>
          <button @click=${this.close} aria-label=${t('common.close')}>✕</button>
        </div>
        <div class="body">
          <p>${t(`lead.status.${l.status}`)} · ${l.owner_id ? userName(l.owner_id) : t('leads.tab.pool')}
            ${l.status_reason ? html` · ${l.status_reason}` : ''}</p>
          <section aria-labelledby="sc-h">
            <h3 id="sc-h">${t('lead.score')}</h3>
            <div class="score">${l.score}</div>
            <table><thead><tr><th>${t('lead.factor')}</th><th class="num">${t('lead.points')}</th></tr></thead>
              <tbody>${l.score_factors.map((f) => html`<tr><td>${this.factorText(f)}</td><td class="num">${f.points > 0 ? '+' : ''}${f.points}</td></tr>`)}</tbody>
            </table>
          </section>
          ${this.dups?.length ? html`<section aria-labelledby="dup-h">
            <h3 id="dup-h">${t('leads.possibleDuplicates')}</h3>
            <ul>${this.dups.map((d) => html`<li>${leadTitle(d)} ${d.phone ?? ''} ${d.email ?? ''}
              <button @click=${() => this.merge(d.id)}>${t('leads.mergeHere')}</button></li>`)}</ul>
          </section>` : ''}
          <form class="form" @submit=${this.save} aria-labelledby="ed-h">
            <h3 id="ed-h">${t('leads.details')}</h3>
            <div class="two">${leadFields(l)}</div>
            <div class="actions"><button class="primary" type="submit">${t('common.save')}</button></div>
          </form>
          ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}
          <section aria-labelledby="tl-h">
            <h3 id="tl-h">${t('leads.timeline')}</h3>
            <ol class="timeline">
              <li><time>${dateTime(l.created_at)}</time>${t('leads.createdEvent')}</li>
              ${l.activities.map((a) => html`<li>${activityLine(a)}</li>`)}
            </ol>
            ${activityForm((e) => this.log(e))}
          </section>
          <section aria-labelledby="as-h">
            <h3 id="as-h">${t('leads.assignments')}</h3>
            <ol class="timeline">${l.assignments.map((a) => html`<li><time>${dateTime(a.at)}</time>
              ${t(`leads.rule.${a.rule}`)} → ${a.owner_id ? userName(a.owner_id) : t('leads.tab.pool')}</li>`)}</ol>
          </section>
        </div>` : ''}
    </dialog>`;
  }
}
customElements.define('loudou-lead-detail', LeadDetail);
