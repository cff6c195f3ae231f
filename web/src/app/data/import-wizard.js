// <loudou-import-wizard>: a spreadsheet in, in steps a person can check — choose what to import
// and the file; check the column mapping (guessed by the core from Chinese and English headers);
// map stage and owner names the core did not recognise; preview the first rows; a dry run lists
// every row error; then one import, all rows or none. CSV bytes are decoded here (UTF-8, else
// GB18030); the parsing, mapping and validation all happen in the core (data.inspect/import).
import { LitElement, html, css } from 'lit';
import { base } from '../styles.js';
import { app } from '../store.js';
import { t, locale } from '../../i18n/index.js';
import { showError, toast, announce } from '../ui.js';
import { decodeText } from './decode.js';

const CREATE = '__create__';

export class LoudouImportWizard extends LitElement {
  static properties = {
    step: { state: true }, entity: { state: true }, pipelineId: { state: true }, file: { state: true },
    info: { state: true }, mapping: { state: true }, stageMap: { state: true }, ownerMap: { state: true },
    errors: { state: true }, checked: { state: true }, busy: { state: true }, result: { state: true },
  };

  static styles = [base, css`
    :host { display: block; }
    ol.steps { display: flex; gap: 1em; padding: 0; list-style: none; flex-wrap: wrap; color: var(--ld-muted); }
    ol.steps li[aria-current='step'] { color: var(--ld-fg); font-weight: 600; }
    section { background: var(--ld-card); border: 1px solid var(--ld-line); border-radius: var(--ld-radius); padding: 1em; margin-bottom: 1em; }
    .scroll { overflow-x: auto; }
    /* The preview keeps one line per row and scrolls both ways: squeezed into 375 px its headers
       and cells wrapped a character per line and ten rows grew taller than three screens. */
    .preview { overflow: auto; max-height: min(60vh, 26em); }
    .preview th, .preview td { white-space: nowrap; }
    .preview td.error { white-space: normal; min-width: 14em; }
    .preview table { width: auto; min-width: 100%; }
    table { border-collapse: collapse; width: 100%; font-size: .9em; }
    th, td { border-bottom: 1px solid var(--ld-line); padding: .35em .5em; text-align: left; vertical-align: top; }
    tr.bad td { background: #fdecea; }
    td.cells { white-space: nowrap; max-width: 14em; overflow: hidden; text-overflow: ellipsis; }
    .summary { font-weight: 600; }
    .ok { color: var(--ld-won); }
    ul.errors { max-height: 16em; overflow: auto; padding-left: 1.2em; }
  `];

  constructor() {
    super();
    this.reset();
  }

  reset() {
    this.step = 'file';
    this.entity = 'deal';
    this.pipelineId = app.pipelineId;
    this.file = null;
    this.info = null;
    this.mapping = {};
    this.stageMap = {};
    this.ownerMap = {};
    this.errors = [];
    this.checked = null;
    this.busy = false;
    this.result = null;
  }

  async pick(e) {
    const f = e.target.files?.[0];
    if (!f) return;
    this.busy = true;
    try {
      let text, encoding = 'xlsx';
      if (/\.xlsx$/i.test(f.name)) {
        const { xlsxToCsv } = await import('./xlsx.js');
        text = await xlsxToCsv(f);
      } else {
        ({ text, encoding } = decodeText(await f.arrayBuffer()));
      }
      this.file = { name: f.name, text, encoding };
      this.mapping = {};
      await this.inspect(true);
      this.step = 'map';
    } catch (err) { showError(err); } finally { this.busy = false; }
  }

  args() {
    const a = { format: 'csv', entity: this.entity, text: this.file.text };
    if (this.entity === 'deal') a.pipeline_id = this.pipelineId;
    return a;
  }

  /** Asks the core what it makes of the file under the current mapping. */
  async inspect(fresh = false) {
    const info = await app.call('data.inspect', { ...this.args(), mapping: this.mapping, preview_rows: 10 });
    this.info = info;
    if (fresh) this.mapping = Object.fromEntries(info.columns.map((c) => [c.header, c.field]));
    const stageMap = {}, ownerMap = {};
    for (const s of info.stages ?? []) stageMap[s.value] = this.stageMap[s.value] ?? s.stage_id ?? (s.outcome ? '' : '');
    for (const o of info.owners ?? []) ownerMap[o.value] = this.ownerMap[o.value] ?? o.user_id ?? '';
    this.stageMap = stageMap;
    this.ownerMap = ownerMap;
    this.checked = null;
    this.errors = [];
  }

  async remap(header, field) {
    this.mapping = { ...this.mapping, [header]: field };
    try { await this.inspect(); } catch (err) { showError(err); }
  }

  importArgs(dryRun) {
    const a = { ...this.args(), mapping: this.mapping, dry_run: dryRun };
    if (this.entity === 'deal') a.stage_map = Object.fromEntries(Object.entries(this.stageMap).filter(([, v]) => v));
    if (this.entity !== 'user') {
      a.owner_map = Object.fromEntries(Object.entries(this.ownerMap).filter(([, v]) => v && v !== CREATE));
      a.create_missing_owners = Object.values(this.ownerMap).includes(CREATE);
    }
    return a;
  }

  async run(dryRun) {
    this.busy = true;
    try {
      const r = await app.call('data.import', this.importArgs(dryRun));
      this.errors = [];
      if (dryRun) {
        this.checked = r;
        announce(t('import.checkedOk', { count: r.imported + (r.updated ?? 0) }));
      } else {
        this.result = r;
        this.step = 'done';
        await app.refresh();
        toast(t('import.done', { imported: r.imported, updated: r.updated ?? 0 }));
      }
    } catch (err) {
      if (err.code === 'validation_failed' && Array.isArray(err.errors)) {
        this.errors = err.errors;
        this.errorCount = err.error_count ?? err.errors.length;
        this.checked = null;
        announce(t('import.hasErrors', { count: this.errorCount }));
      } else showError(err);
    } finally { this.busy = false; }
  }

  targetLabel(tg) { return locale() === 'en' ? tg.en : tg.zh; }

  stepsView() {
    const steps = [['file', t('import.step.file')], ['map', t('import.step.map')], ['done', t('import.step.done')]];
    return html`<ol class="steps">${steps.map(([id, label], i) => html`<li aria-current=${this.step === id ? 'step' : 'false'}>${i + 1}. ${label}</li>`)}</ol>`;
  }

  fileView() {
    return html`<section>
      <div class="row">
        <label>${t('import.entity')}
          <select @change=${(e) => { this.entity = e.target.value; }}>
            ${['deal', 'lead', 'activity', 'user'].map((x) => html`<option value=${x} ?selected=${this.entity === x}>${t(`import.entity.${x}`)}</option>`)}
          </select></label>
        ${this.entity === 'deal' ? html`<label>${t('import.pipeline')}
          <select @change=${(e) => { this.pipelineId = e.target.value; }}>
            ${app.pipelines.map((p) => html`<option value=${p.id} ?selected=${p.id === this.pipelineId}>${p.name}</option>`)}
          </select></label>` : ''}
        <label>${t('import.file')}
          <input type="file" accept=".csv,.xlsx,text/csv" ?disabled=${this.busy} @change=${this.pick}></label>
      </div>
      <p class="muted">${t('import.fileHelp')}</p>
    </section>`;
  }

  mappingView() {
    const info = this.info;
    const first = info.rows[0]?.cells ?? [];
    return html`<section>
      <h3>${t('import.columns')}</h3>
      <p class="muted">${t('import.fileInfo', { name: this.file.name, rows: info.row_count, encoding: this.file.encoding })}</p>
      <div class="scroll"><table>
        <thead><tr><th>${t('import.column')}</th><th>${t('import.sample')}</th><th>${t('import.field')}</th></tr></thead>
        <tbody>${info.columns.map((c, i) => html`<tr>
          <td>${c.header}</td><td class="cells">${first[i] ?? ''}</td>
          <td><select aria-label=${t('import.fieldFor', { column: c.header })} @change=${(e) => this.remap(c.header, e.target.value)}>
            <option value="" ?selected=${!this.mapping[c.header]}>${t('import.ignore')}</option>
            ${info.targets.map((tg) => html`<option value=${tg.field} ?selected=${this.mapping[c.header] === tg.field}>${this.targetLabel(tg)}</option>`)}
          </select></td></tr>`)}</tbody>
      </table></div>
    </section>
    ${this.valueMapView()}
    ${this.previewView()}
    <section>
      ${this.checked ? html`<p class="summary ok" role="status">${t('import.checked', { imported: this.checked.imported, updated: this.checked.updated ?? 0 })}</p>` : ''}
      ${this.errors.length ? html`<p class="summary error" role="alert">${t('import.hasErrors', { count: this.errorCount })}</p>
        <ul class="errors">${this.errors.map((e) => html`<li>${t('import.errorLine', { row: e.row, field: e.field || '—', message: e.message })}</li>`)}</ul>` : ''}
      <div class="row">
        <button @click=${() => this.reset()}>${t('common.cancel')}</button>
        <button ?disabled=${this.busy} @click=${() => this.run(true)}>${t('import.check')}</button>
        <button class="primary" ?disabled=${this.busy || !this.checked} @click=${() => this.run(false)}>${t('import.commit')}</button>
      </div>
    </section>`;
  }

  valueMapView() {
    const info = this.info;
    const stages = app.pipelines.find((p) => p.id === this.pipelineId)?.stages ?? [];
    const unknownStages = (info.stages ?? []).filter((s) => !s.stage_id && !s.outcome);
    const unknownOwners = (info.owners ?? []).filter((o) => !o.user_id);
    if (!unknownStages.length && !unknownOwners.length) return '';
    return html`<section>
      ${unknownStages.length ? html`<h3>${t('import.stages')}</h3>
        ${unknownStages.map((s) => html`<div class="row"><label>${t('import.valueRows', { value: s.value, rows: s.rows })}
          <select @change=${(e) => { this.stageMap = { ...this.stageMap, [s.value]: e.target.value }; this.checked = null; }}>
            <option value="">${t('import.choose')}</option>
            ${stages.map((st) => html`<option value=${st.id} ?selected=${this.stageMap[s.value] === st.id}>${st.name}</option>`)}
          </select></label></div>`)}` : ''}
      ${unknownOwners.length ? html`<h3>${t('import.owners')}</h3>
        ${unknownOwners.map((o) => html`<div class="row"><label>${t('import.valueRows', { value: o.value, rows: o.rows })}
          <select @change=${(e) => { this.ownerMap = { ...this.ownerMap, [o.value]: e.target.value }; this.checked = null; }}>
            <option value="">${t('import.choose')}</option>
            <option value=${CREATE} ?selected=${this.ownerMap[o.value] === CREATE}>${t('import.createUser', { name: o.value })}</option>
            ${app.users.map((u) => html`<option value=${u.id} ?selected=${this.ownerMap[o.value] === u.id}>${u.name}</option>`)}
          </select></label></div>`)}` : ''}
    </section>`;
  }

  previewView() {
    const info = this.info;
    const bad = new Map();
    for (const e of this.errors) bad.set(e.row, [...(bad.get(e.row) ?? []), e.message]);
    return html`<section>
      <h3>${t('import.preview')}</h3>
      <div class="preview"><table>
        <thead><tr><th>#</th>${info.columns.map((c) => html`<th>${c.header}</th>`)}<th>${t('import.problems')}</th></tr></thead>
        <tbody>${info.rows.map((r) => html`<tr class=${bad.has(r.row) ? 'bad' : ''}>
          <td>${r.row}</td>${r.cells.map((c) => html`<td class="cells">${c}</td>`)}
          <td class="error">${(bad.get(r.row) ?? []).join('; ')}</td></tr>`)}</tbody>
      </table></div>
    </section>`;
  }

  doneView() {
    const r = this.result;
    return html`<section role="status">
      <p class="summary ok">${t('import.done', { imported: r.imported, updated: r.updated ?? 0 })}</p>
      <div class="row"><a class="btn" href="#/board">${t('import.toBoard')}</a>
        <button @click=${() => this.reset()}>${t('import.another')}</button></div>
    </section>`;
  }

  render() {
    return html`${this.stepsView()}
      ${this.step === 'file' ? this.fileView() : this.step === 'map' ? this.mappingView() : this.doneView()}`;
  }
}
customElements.define('loudou-import-wizard', LoudouImportWizard);
