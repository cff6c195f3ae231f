// <loudou-pipeline-editor>: add, rename, reorder and remove stages; probability, rot days and
// required fields per stage; new and deleted pipelines. Removing a stage that still holds open
// deals asks where they go (pipeline.update's move_deals_to) before anything is saved.
import { LitElement, html, css } from 'lit';
import { base } from '../styles.js';
import { app, BUILTIN_DEAL_FIELDS } from '../store.js';
import { t, locale } from '../../i18n/index.js';
import { checklistBlock } from '../deal/deal-playbook.js';
import { fieldLabel } from '../deal/fields.js';
import { showError, toast } from '../ui.js';
import { templateArgs } from '../templates.js';

export class PipelineEditor extends LitElement {
  static properties = { pid: { state: true }, draft: { state: true }, moves: { state: true }, error: { state: true } };
  static styles = [base, css`
    .stages { display: grid; gap: .5em; margin: 1em 0; }
    .stage { display: grid; grid-template-columns: 2.2em minmax(9em, 2fr) 7em 7em minmax(10em, 2fr) auto; gap: .5em; align-items: end;
      background: #fff; border: 1px solid var(--ld-line); border-radius: 8px; padding: .6em; }
    .pos { font-weight: 700; color: var(--ld-muted); align-self: center; text-align: center; }
    .btns { display: flex; gap: .25em; }
    .btns button { min-width: 36px; padding: .3em .5em; }
    details { font-size: .9em; } details summary { cursor: pointer; color: var(--ld-muted); min-height: 36px; display: flex; align-items: center; }
    details label { flex-direction: row; align-items: center; gap: .4em; color: var(--ld-fg); }
    .moves { display: grid; gap: .6em; background: #fff8e6; border: 1px solid #f0c36b; border-radius: 8px; padding: .8em; margin: .8em 0; }
    @media (max-width: 760px) { .stage { grid-template-columns: 2em 1fr 1fr; } .stage .name, .stage details { grid-column: 2 / -1; } .stage .prob { grid-column: 2; } .stage .rot { grid-column: 3; } .btns { grid-column: 1 / -1; justify-content: flex-end; } }
  `];

  connectedCallback() {
    super.connectedCallback();
    this.onChange = () => { if (!this.draft || !app.pipelines.some((p) => p.id === this.pid)) this.pick(app.pipelineId); else this.requestUpdate(); };
    app.addEventListener('change', this.onChange);
    this.pick(app.pipelineId);
  }
  disconnectedCallback() { super.disconnectedCallback(); app.removeEventListener('change', this.onChange); }

  pick(id) {
    const p = app.pipelines.find((x) => x.id === id) ?? app.pipelines[0];
    this.pid = p?.id;
    this.moves = null;
    this.error = null;
    this.draft = p ? { name: p.name, stages: p.stages.map((s) => ({ ...s, required_fields: [...(s.required_fields || [])] })) } : null;
  }

  edit(i, patch) {
    const stages = this.draft.stages.map((s, j) => (j === i ? { ...s, ...patch } : s));
    this.draft = { ...this.draft, stages };
  }

  shift(i, by) {
    const stages = [...this.draft.stages];
    const [s] = stages.splice(i, 1);
    stages.splice(i + by, 0, s);
    this.draft = { ...this.draft, stages };
  }

  removeStage(i) { this.draft = { ...this.draft, stages: this.draft.stages.filter((_, j) => j !== i) }; }

  add() { this.draft = { ...this.draft, stages: [...this.draft.stages, { name: '', probability: 50, rot_days: 14, required_fields: [] }] }; }

  async save(e) {
    e.preventDefault();
    const p = app.pipelines.find((x) => x.id === this.pid);
    const kept = new Set(this.draft.stages.filter((s) => s.id).map((s) => s.id));
    const removed = p.stages.filter((s) => !kept.has(s.id));
    if (!this.moves) {
      const counts = await Promise.all(removed.map((s) => app.call('deal.list', { pipeline_id: p.id, stage_id: s.id, status: 'open', limit: 1 }).then((r) => r.total)));
      const busy = removed.map((s, i) => ({ stage: s, count: counts[i], to: [...kept][0] ?? '' })).filter((x) => x.count > 0);
      if (busy.length) { this.moves = busy; return; }
    }
    const stages = this.draft.stages.map((s) => ({
      ...(s.id ? { id: s.id } : {}), name: s.name.trim(), probability: Number(s.probability),
      ...(s.rot_days === '' || s.rot_days == null ? {} : { rot_days: Number(s.rot_days) }), required_fields: s.required_fields,
    }));
    const args = { id: p.id, name: this.draft.name.trim(), stages };
    if (this.moves?.length) args.move_deals_to = Object.fromEntries(this.moves.map((m) => [m.stage.id, m.to]));
    try {
      await app.call('pipeline.update', args);
      this.moves = null;
      this.error = null;
      await app.refresh();
      this.pick(p.id);
      toast(t('settings.saved'));
    } catch (err) { this.error = await this.moveRefusal(err, p) ?? err.message; }
  }

  /** A move_deals_to target refused like deal.move (its required fields or the playbook of the
   *  stage left behind), said in the page's language; null for any other error. */
  async moveRefusal(err, p) {
    if (err.code !== 'stage_requirements' || !this.moves?.length) return null;
    const stage = [...new Set(this.moves.map((m) => app.stageName(m.to) ?? ''))].join(' / ');
    const blocked = await checklistBlock(err, p.id, stage);
    if (blocked) return blocked;
    return t('settings.moveNeedsFields', { stage, fields: (err.fields || []).map(fieldLabel).join(locale() === 'en' ? ', ' : '、') });
  }

  async create() {
    try {
      const p = await app.call('pipeline.create', { ...templateArgs('blank'), name: `${t('settings.newPipeline')} ${app.pipelines.length + 1}` });
      app.selectPipeline(p.id);
      await app.refresh();
      this.pick(p.id);
    } catch (e) { showError(e); }
  }

  async destroy() {
    const p = app.pipelines.find((x) => x.id === this.pid);
    if (!confirm(t('settings.deletePipelineConfirm', { name: p.name }))) return;
    try {
      await app.call('pipeline.delete', { id: p.id, delete_deals: true });
      await app.refresh();
      this.pick(app.pipelineId);
    } catch (e) { showError(e); }
  }

  requiredChoices() { return [...BUILTIN_DEAL_FIELDS, ...app.fields.map((f) => f.key)]; }

  stageRow(s, i, n) {
    const choices = this.requiredChoices();
    return html`<div class="stage" data-stage-row=${i}>
      <span class="pos" aria-hidden="true">${i + 1}</span>
      <label class="name" for=${`sn${i}`}>${t('settings.stageName')}<input id=${`sn${i}`} required maxlength="200" .value=${s.name} @input=${(e) => this.edit(i, { name: e.target.value })}></label>
      <label class="prob" for=${`sp${i}`}>${t('settings.probability')}<input id=${`sp${i}`} type="number" min="0" max="100" required .value=${String(s.probability)} @input=${(e) => this.edit(i, { probability: e.target.value })}></label>
      <label class="rot" for=${`sr${i}`}>${t('settings.rotDays')}<input id=${`sr${i}`} type="number" min="1" .value=${s.rot_days == null ? '' : String(s.rot_days)} @input=${(e) => this.edit(i, { rot_days: e.target.value })}></label>
      <details><summary>${t('settings.requiredFields')}${s.required_fields.length ? ` (${s.required_fields.length})` : ''}</summary>
        ${choices.map((f) => html`<label for=${`rq${i}-${f}`}><input type="checkbox" id=${`rq${i}-${f}`} ?checked=${s.required_fields.includes(f)}
          @change=${(e) => this.edit(i, { required_fields: e.target.checked ? [...s.required_fields, f] : s.required_fields.filter((x) => x !== f) })}> ${fieldLabel(f)}</label>`)}
      </details>
      <div class="btns">
        <button type="button" aria-label=${`${t('common.moveUp')} ${s.name}`} ?disabled=${i === 0} @click=${() => this.shift(i, -1)}>↑</button>
        <button type="button" aria-label=${`${t('common.moveDown')} ${s.name}`} ?disabled=${i === n - 1} @click=${() => this.shift(i, 1)}>↓</button>
        <button type="button" class="danger" aria-label=${`${t('common.remove')} ${s.name}`} ?disabled=${n === 1} @click=${() => this.removeStage(i)}>✕</button>
      </div>
    </div>`;
  }

  render() {
    if (!this.draft) return html`<button class="primary" @click=${this.create}>${t('settings.newPipeline')}</button>`;
    const p = app.pipelines.find((x) => x.id === this.pid);
    const kept = this.draft.stages.filter((s) => s.id);
    return html`<form @submit=${this.save}>
      <div class="row">
        <label for="pe-pick">${t('board.pipeline')}<select id="pe-pick" @change=${(e) => this.pick(e.target.value)}>
          ${app.pipelines.map((x) => html`<option value=${x.id} ?selected=${x.id === this.pid}>${x.name}</option>`)}</select></label>
        <label class="grow" for="pe-name">${t('settings.pipelineName')}<input id="pe-name" required maxlength="200" .value=${this.draft.name} @input=${(e) => { this.draft = { ...this.draft, name: e.target.value }; }}></label>
      </div>
      <div class="stages">${this.draft.stages.map((s, i) => this.stageRow(s, i, this.draft.stages.length))}</div>
      ${this.moves ? html`<div class="moves" role="alert">${this.moves.map((m, i) => html`
        <label for=${`mv${i}`}>${t('settings.stageHasDeals', { stage: m.stage.name, count: m.count })}
          <select id=${`mv${i}`} @change=${(e) => { m.to = e.target.value; }}>${kept.map((s) => html`<option value=${s.id} ?selected=${s.id === m.to}>${s.name}</option>`)}</select></label>`)}</div>` : ''}
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}
      <div class="row">
        <button type="button" @click=${this.add}>＋ ${t('settings.addStage')}</button>
        <button type="submit" class="primary">${t('settings.saveStages')}</button>
        <span class="grow"></span>
        <button type="button" @click=${this.create}>${t('settings.newPipeline')}</button>
        <button type="button" class="danger" ?disabled=${!p} @click=${this.destroy}>${t('settings.deletePipeline')}</button>
      </div>
    </form>`;
  }
}
customElements.define('loudou-pipeline-editor', PipelineEditor);
