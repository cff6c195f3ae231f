// <loudou-deal-drawer>: every field of one deal (built-in and custom), its stage, win / lose /
// reopen, the stage's playbook checklist, pausing, follow-ups merged with the stage history, and
// delete with undo (deal.restore puts back exactly what deal.delete removed). A modal side sheet
// (full screen on phones) so focus stays inside while it is open; Escape closes it.
import { LitElement, html, css } from 'lit';
import { base } from '../styles.js';
import { app } from '../store.js';
import { t, money } from '../../i18n/index.js';
import { fieldControl, readFields, BUILTIN } from './fields.js';
import './deal-timeline.js';
import './deal-playbook.js';
import './deal-pause.js';
import { checklistBlock } from './deal-playbook.js';
import { showError, toast, announce } from '../ui.js';
import '../board/lost-dialog.js';
import '../board/requirements-dialog.js';
import '../focus/win-chance.js';

export class DealDrawer extends LitElement {
  static properties = { deal: { state: true }, error: { state: true }, busy: { state: true } };
  static styles = [base, css`
    dialog.sheet {
      margin: 0 0 0 auto; height: 100vh; max-height: 100vh; max-width: 100vw; width: 460px; border-radius: 0;
      padding: 0; display: flex; flex-direction: column;
    }
    dialog.sheet:not([open]) { display: none; }
    .head { padding: 1em 1.2em .6em; border-bottom: 1px solid var(--ld-line); display: flex; gap: .6em; align-items: flex-start; }
    .head h2 { flex: 1; word-break: break-word; margin: 0; }
    .body { overflow-y: auto; padding: 1em 1.2em 2em; display: grid; gap: 1.2em; }
    .status { display: flex; gap: .5em; flex-wrap: wrap; align-items: center; }
    .pill { border-radius: 99px; padding: .1em .7em; font-size: .85em; font-weight: 600; background: #e4e7eb; }
    .pill.won { background: #d3f4e0; color: var(--ld-won); } .pill.lost { background: #fde4e1; color: var(--ld-lost); }
    .two { display: grid; grid-template-columns: 1fr 1fr; gap: .75em; }
    fieldset.multi { border: 1px solid var(--ld-line); border-radius: 6px; } label.check { flex-direction: row; }
    .danger-zone { border-top: 1px solid var(--ld-line); padding-top: 1em; }
    @media (max-width: 600px) { dialog.sheet { width: 100vw; } .two { grid-template-columns: 1fr; } }
  `];

  async open(id) {
    this.error = null;
    try {
      this.deal = await app.call('deal.get', { id });
    } catch (e) { showError(e); return; }
    await this.updateComplete;
    const d = this.renderRoot.querySelector('dialog.sheet');
    if (!d.open) d.showModal();
    d.querySelector('input[name=title]')?.focus();
  }

  connectedCallback() {
    super.connectedCallback();
    addEventListener('loudou-open-deal', (e) => this.open(e.detail));
  }

  /** Re-reads the deal after a part of the drawer (timeline, checklist, pause) wrote to it. */
  async reload() {
    if (!this.deal) return;
    try { this.deal = await app.call('deal.get', { id: this.deal.id }); } catch (e) { this.error = e.message; }
  }

  close() {
    this.renderRoot.querySelector('dialog.sheet')?.close();
  }

  onClosed() {
    this.deal = null;
    if (/[?&]deal=/.test(location.hash)) history.replaceState(null, '', location.hash.replace(/[?&]deal=[^&]*/, ''));
  }

  async run(op, args, message) {
    this.busy = true;
    this.error = null;
    try {
      this.deal = await app.call(op, { id: this.deal.id, ...args });
      if (message) announce(message);
      return true;
    } catch (e) {
      if (e.code === 'stage_requirements') {
        const blocked = await checklistBlock(e, this.deal.pipeline_id, app.stageName(args.stage_id ?? this.deal.stage_id) ?? '');
        if (blocked) { this.error = blocked; this.requestUpdate(); return false; }
        return this.fillRequired(op, args, e.fields || []);
      }
      this.error = e.message;
      return false;
    } finally { this.busy = false; }
  }

  async fillRequired(op, args, missing) {
    const stage = app.pipelines.flatMap((p) => p.stages).find((s) => s.id === (args.stage_id ?? this.deal.stage_id));
    const patch = await this.renderRoot.querySelector('loudou-requirements-dialog').open(this.deal, stage, missing);
    if (!patch) return false;
    try {
      const res = await app.call('batch', { requests: [{ op: 'deal.update', args: { id: this.deal.id, ...patch } }, { op, args: { id: this.deal.id, ...args } }] });
      this.deal = res.results.at(-1);
      return true;
    } catch (e) { this.error = e.message; return false; }
  }

  async save(e) {
    e.preventDefault();
    const names = [...BUILTIN, ...app.fields.map((f) => f.key)];
    const { args, error } = readFields(e.target, names, { clearEmpty: true });
    if (error) { this.error = error.message; return; }
    if (await this.run('deal.update', args)) toast(t('deal.saved'));
  }

  async lose() {
    const reason = await this.renderRoot.querySelector('loudou-lost-dialog').open(this.deal);
    if (reason) await this.run('deal.lose', { reason }, t('board.lostDone', { title: this.deal.title }));
  }

  async deleteDeal() {
    const { title } = this.deal;
    this.busy = true;
    try {
      const removed = await app.call('deal.delete', { id: this.deal.id });
      this.close();
      toast(t('deal.deleted', { title }), {
        undo: async () => {
          await app.call('deal.restore', removed.restore);
          announce(t('deal.restored', { title }));
        },
      });
    } catch (e) { this.error = e.message; } finally { this.busy = false; }
  }

  render() {
    const d = this.deal;
    return html`<dialog class="sheet" aria-labelledby="dd-title" @close=${this.onClosed} @deal-changed=${this.reload}>
      ${d ? this.body(d) : ''}
      <loudou-lost-dialog></loudou-lost-dialog>
      <loudou-requirements-dialog></loudou-requirements-dialog>
    </dialog>`;
  }

  body(d) {
    const pipeline = app.pipelines.find((p) => p.id === d.pipeline_id);
    const stages = pipeline?.stages ?? [];
    return html`
      <div class="head">
        <h2 id="dd-title">${d.title}</h2>
        <button @click=${this.close} aria-label=${t('common.close')}>✕</button>
      </div>
      <div class="body">
        <div class="status">
          <span class="pill ${d.status}">${t(`deal.status.${d.status}`)}</span>
          <strong>${money(d.amount, d.currency)}</strong>
          ${d.status === 'lost' ? html`<span class="muted">${t('deal.lostReason')}: ${d.lost_reason}</span>` : ''}
        </div>
        <div class="row">
          ${d.status === 'open' ? html`
            <label for="dd-stage">${t('deal.stage')}
              <select id="dd-stage" ?disabled=${this.busy} @change=${async (e) => {
                // A refused move puts the select back (the event's target is gone after an await).
                const select = e.target;
                if (!await this.run('deal.move', { stage_id: select.value }, t('board.moved', { title: d.title, stage: app.stageName(select.value) })) && this.deal) select.value = this.deal.stage_id;
              }}>
                ${stages.map((s) => html`<option value=${s.id} ?selected=${s.id === d.stage_id}>${s.name}</option>`)}
              </select></label>
            <button class="won" ?disabled=${this.busy} @click=${() => this.run('deal.win', {}, t('board.wonDone', { title: d.title }))}>✓ ${t('deal.win')}</button>
            <button class="lost" ?disabled=${this.busy} @click=${this.lose}>✕ ${t('deal.lose')}</button>`
          : html`<button ?disabled=${this.busy} @click=${() => this.run('deal.reopen', {})}>↺ ${t('deal.reopen')}</button>`}
        </div>
        ${d.status === 'open' ? html`<loudou-win-chance .dealId=${d.id} .stamp=${d.updated_at + (d.stage_events?.length ?? 0)}></loudou-win-chance>` : ''}
        ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}
        <loudou-deal-playbook .deal=${d}></loudou-deal-playbook>
        <loudou-deal-pause .deal=${d}></loudou-deal-pause>
        <form class="form" @submit=${this.save}>
          ${fieldControl('title', d, { id: 'dd-' })}
          <div class="two">
            ${['amount', 'owner_id', 'account', 'contact', 'source', 'industry', 'expected_close'].map((f) => fieldControl(f, d, { id: 'dd-' }))}
          </div>
          ${app.fields.length ? html`<h3>${t('deal.custom')}</h3>${app.fields.map((f) => fieldControl(f.key, d, { id: 'dd-' }))}` : ''}
          <div class="actions"><button type="submit" class="primary" ?disabled=${this.busy}>${t('common.save')}</button></div>
        </form>
        <loudou-deal-timeline .deal=${d}></loudou-deal-timeline>
        <div class="danger-zone"><button class="danger" ?disabled=${this.busy} @click=${this.deleteDeal}>${t('deal.delete')}</button></div>
      </div>`;
  }
}
customElements.define('loudou-deal-drawer', DealDrawer);
