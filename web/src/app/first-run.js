// <loudou-first-run>: what a new user sees while the database holds no pipeline. Three templates
// and "try with sample data" (the core's generator; its records all have "sample-" ids, so the
// shell shows a banner while the sample pipeline exists and sample.clear removes exactly them).
// A person moving to a new browser restores a JSON backup or a SQLite file from here, before any
// pipeline exists (a restore needs an empty database, which this screen guarantees).
import { LitElement, html, css } from 'lit';
import { base } from './styles.js';
import { app, SAMPLE_PIPELINE } from './store.js';
import { templateArgs } from './templates.js';
import { t } from '../i18n/index.js';
import { showError, toast } from './ui.js';

export class FirstRun extends LitElement {
  static properties = { busy: { state: true } };
  static styles = [base, css`
    :host { display: block; padding: 2em 1em; }
    .wrap { max-width: 880px; margin: 0 auto; }
    .lead { color: var(--ld-muted); margin-bottom: 1.5em; }
    .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(240px, 1fr)); gap: 1em; }
    button.choice, label.choice {
      text-align: left; padding: 1.1em; border-radius: 10px; background: #fff; display: flex;
      flex-direction: column; gap: .4em; min-height: 120px; border: 1px solid var(--ld-line);
    }
    button.choice:hover { border-color: var(--ld-accent); box-shadow: 0 2px 10px rgba(29,78,216,.12); }
    .choice strong { font-size: 1.05rem; }
    .choice span:not(.tag) { color: var(--ld-muted); font-size: .92em; }
    .sample { border-style: dashed; border-color: #d9a400; background: #fffbea; }
    .restore { border-style: dashed; cursor: pointer; }
    .restore input { font-size: .9em; max-width: 100%; }
    .tag { align-self: flex-start; font-size: .8em; background: #7a5a00; color: #fff; border-radius: 4px; padding: 0 .5em; }
  `];

  async useTemplate(id) {
    this.busy = id;
    try {
      const p = await app.call('pipeline.create', templateArgs(id));
      app.selectPipeline(p.id);
      await app.refresh();
      location.hash = '#/board';
    } catch (e) { showError(e); } finally { this.busy = null; }
  }

  async useSample() {
    this.busy = 'sample';
    try {
      await app.call('sample.generate', { seed: 7, deals: 400, months: 12 });
      await app.refresh();
      app.selectPipeline(SAMPLE_PIPELINE);
      location.hash = '#/board';
    } catch (e) { showError(e); } finally { this.busy = null; }
  }

  /** A JSON backup through data.import, or a raw SQLite file through the engine client. */
  async restore(e) {
    const f = e.target.files?.[0];
    e.target.value = '';
    if (!f) return;
    this.busy = 'restore';
    try {
      if (/\.(sqlite3?|db)$/i.test(f.name)) {
        await app.db.importSqlite(new Uint8Array(await f.arrayBuffer()));
        toast(t('backup.sqliteLoaded'));
      } else {
        const r = await app.call('data.import', { format: 'json', text: await f.text() });
        toast(t('backup.restored', { deals: r.restored?.deal ?? 0 }));
      }
      await app.refresh();
      if (app.pipelines[0]) app.selectPipeline(app.pipelines[0].id);
      location.hash = '#/board';
    } catch (err) { showError(err); } finally { this.busy = null; }
  }

  render() {
    const raw = typeof app.db?.importSqlite === 'function';
    const card = (id, title, desc) => html`
      <button class="choice" ?disabled=${!!this.busy} @click=${() => this.useTemplate(id)} data-template=${id}>
        <strong>${t(title)}</strong><span>${t(desc)}</span></button>`;
    return html`<div class="wrap">
      <h1>${t('first.title')}</h1>
      <p class="lead">${t('first.lead')}</p>
      <div class="grid">
        ${card('b2b', 'first.b2b', 'first.b2b.desc')}
        ${card('smb', 'first.smb', 'first.smb.desc')}
        ${card('blank', 'first.blank', 'first.blank.desc')}
        <button class="choice sample" ?disabled=${!!this.busy} @click=${this.useSample} data-template="sample">
          <span class="tag">${t('sample.tag')}</span>
          <strong>${t('first.sample')}</strong><span>${this.busy === 'sample' ? t('sample.loading') : t('first.sample.desc')}</span></button>
        <label class="choice restore" data-template="restore">
          <strong>${t('first.restore')}</strong><span>${t('first.restore.desc')}</span>
          <input type="file" accept=${raw ? '.json,application/json,.sqlite,.sqlite3,.db' : '.json,application/json'}
            ?disabled=${!!this.busy} @change=${this.restore} aria-label=${t('first.restore')}></label>
      </div>
    </div>`;
  }
}
customElements.define('loudou-first-run', FirstRun);
