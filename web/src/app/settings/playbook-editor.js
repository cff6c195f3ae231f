// <loudou-playbook-editor>: stage playbooks (销售打法) without code — per stage of a pipeline, the
// guidance a rep reads on the deal and a checklist; an item marked required is an exit criterion
// (e.g. 需求确认: the needs survey is done) that deal.move enforces. One playbook.set per stage,
// so saving one stage never touches another's ticks; kept items keep their ids.
import { LitElement, html, css } from 'lit';
import { base } from '../styles.js';
import { app } from '../store.js';
import { t } from '../../i18n/index.js';
import { showError, toast } from '../ui.js';

export class PlaybookEditor extends LitElement {
  static properties = { pid: { state: true }, drafts: { state: true }, errors: { state: true } };
  static styles = [base, css`
    .stage { background: #fff; border: 1px solid var(--ld-line); border-radius: 8px; padding: .8em; margin-top: .8em; display: grid; gap: .6em; }
    .stage h3 { margin: 0; }
    textarea { min-height: 4.5em; width: 100%; }
    ol { margin: 0; padding-left: 1.4em; display: grid; gap: .4em; }
    .item { display: grid; grid-template-columns: 1fr auto auto; gap: .5em; align-items: center; }
    .item label.req { flex-direction: row; align-items: center; gap: .35em; color: var(--ld-fg); white-space: nowrap; }
    .item input[type=text] { width: 100%; }
    .actions { display: flex; gap: .6em; justify-content: flex-end; flex-wrap: wrap; }
    @media (max-width: 600px) { .item { grid-template-columns: 1fr auto; } .item input[type=text] { grid-column: 1 / -1; } }
  `];

  constructor() { super(); this.drafts = new Map(); this.errors = new Map(); }

  connectedCallback() {
    super.connectedCallback();
    this.onChange = () => { if (!app.pipelines.some((p) => p.id === this.pid)) this.pick(app.pipelineId); else this.requestUpdate(); };
    app.addEventListener('change', this.onChange);
    this.pick(app.pipelineId);
  }
  disconnectedCallback() { super.disconnectedCallback(); app.removeEventListener('change', this.onChange); }

  async pick(id) {
    const p = app.pipelines.find((x) => x.id === id) ?? app.pipelines[0];
    this.pid = p?.id;
    if (!p) return;
    try {
      const { playbooks } = await app.call('playbook.list', { pipeline_id: p.id });
      this.drafts = new Map(playbooks.map((pb) => [pb.stage_id, { guidance: pb.guidance, items: pb.items.map((i) => ({ ...i })) }]));
      this.errors = new Map();
    } catch (e) { showError(e); }
  }

  draft(stageId) { return this.drafts.get(stageId) ?? { guidance: '', items: [] }; }

  edit(stageId, patch) {
    const next = new Map(this.drafts);
    next.set(stageId, { ...this.draft(stageId), ...patch });
    this.drafts = next;
  }

  editItem(stageId, i, patch) {
    this.edit(stageId, { items: this.draft(stageId).items.map((it, j) => (j === i ? { ...it, ...patch } : it)) });
  }

  async save(stage) {
    const d = this.draft(stage.id);
    const items = d.items.filter((i) => i.text.trim()).map((i) => ({ ...(i.id ? { id: i.id } : {}), text: i.text.trim(), required: !!i.required }));
    const errors = new Map(this.errors);
    try {
      const saved = await app.call('playbook.set', { stage_id: stage.id, guidance: d.guidance, items });
      this.edit(stage.id, { guidance: saved.guidance, items: saved.items.map((i) => ({ ...i })) });
      errors.delete(stage.id);
      toast(t('settings.playbookSaved', { stage: stage.name }));
    } catch (e) {
      errors.set(stage.id, e.field ? `${e.field}: ${e.message}` : e.message);
    }
    this.errors = errors;
  }

  stageForm(stage) {
    const d = this.draft(stage.id);
    const id = (x) => `pb-${stage.id}-${x}`;
    return html`<section class="stage" aria-labelledby=${id('h')}>
      <h3 id=${id('h')}>${stage.position}. ${stage.name}</h3>
      <label for=${id('g')}>${t('settings.playbookGuidance')}
        <textarea id=${id('g')} maxlength="20000" .value=${d.guidance} @input=${(e) => this.edit(stage.id, { guidance: e.target.value })}></textarea></label>
      ${d.items.length ? html`<ol>${d.items.map((it, i) => html`<li><div class="item">
        <input type="text" maxlength="500" aria-label=${`${t('settings.playbookItem')} ${i + 1}`} .value=${it.text}
          @input=${(e) => this.editItem(stage.id, i, { text: e.target.value })}>
        <label class="req"><input type="checkbox" .checked=${!!it.required} @change=${(e) => this.editItem(stage.id, i, { required: e.target.checked })}> ${t('settings.playbookRequired')}</label>
        <button class="danger" aria-label=${t('settings.playbookRemove', { n: i + 1 })} @click=${() => this.edit(stage.id, { items: d.items.filter((_, j) => j !== i) })}>✕</button>
      </div></li>`)}</ol>` : ''}
      ${this.errors.get(stage.id) ? html`<p class="error" role="alert">${this.errors.get(stage.id)}</p>` : ''}
      <div class="actions">
        <button @click=${() => this.edit(stage.id, { items: [...d.items, { text: '', required: false }] })}>＋ ${t('settings.playbookAdd')}</button>
        <button class="primary" @click=${() => this.save(stage)}>${t('settings.playbookSave')}</button>
      </div>
    </section>`;
  }

  render() {
    const p = app.pipelines.find((x) => x.id === this.pid);
    if (!p) return '';
    return html`<section class="panel">
      <label for="pb-pipeline">${t('board.pipeline')}
        <select id="pb-pipeline" @change=${(e) => this.pick(e.target.value)}>
          ${app.pipelines.map((x) => html`<option value=${x.id} ?selected=${x.id === p.id}>${x.name}</option>`)}</select></label>
      <p class="muted">${t('settings.playbookHelp')}</p>
      ${p.stages.map((s) => this.stageForm(s))}
    </section>`;
  }
}
customElements.define('loudou-playbook-editor', PlaybookEditor);
