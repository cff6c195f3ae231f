// <loudou-data>: the 数据 screen — import (the wizard), export of every record list as CSV or
// XLSX, and backup: a JSON backup to download and restore, and the raw SQLite file (which
// loudou-cli opens) when the engine client offers it.
import { LitElement, html, css } from 'lit';
import { base } from '../styles.js';
import { app } from '../store.js';
import { t, locale } from '../../i18n/index.js';
import { showError, toast } from '../ui.js';
import { saveBlob, fileName } from './download.js';
import './import-wizard.js';

const ENTITIES = ['deal', 'lead', 'activity', 'user'];

export class LoudouData extends LitElement {
  static properties = { sub: {}, busy: { state: true } };

  static styles = [base, css`
    :host { display: block; padding: 1em; max-width: 1100px; margin: 0 auto; width: 100%; }
    nav.tabs { display: flex; gap: .4em; margin-bottom: 1em; flex-wrap: wrap; }
    nav.tabs a { padding: .4em .9em; border-radius: 6px; text-decoration: none; color: var(--ld-fg); border: 1px solid var(--ld-line); background: #fff; }
    nav.tabs a[aria-current='page'] { background: var(--ld-accent); color: #fff; border-color: var(--ld-accent); }
    section { background: var(--ld-card); border: 1px solid var(--ld-line); border-radius: var(--ld-radius); padding: 1em; margin-bottom: 1em; }
    table { border-collapse: collapse; width: 100%; }
    td, th { padding: .4em .5em; border-bottom: 1px solid var(--ld-line); text-align: left; }
    input[type=file] { max-width: 100%; }
  `];

  constructor() { super(); this.sub = ''; this.busy = false; }

  connectedCallback() {
    super.connectedCallback();
    this.onLocale = () => this.requestUpdate();
    addEventListener('loudou-locale', this.onLocale);
  }
  disconnectedCallback() { removeEventListener('loudou-locale', this.onLocale); super.disconnectedCallback(); }

  async exportEntity(entity, format) {
    this.busy = true;
    try {
      const r = await app.call('data.export', { format: 'csv', entity, lang: locale() });
      if (format === 'csv') {
        saveBlob(new Blob([r.text], { type: 'text/csv;charset=utf-8' }), fileName(`${entity}s`, 'csv'));
      } else {
        const { parseCsv, rowsToXlsx } = await import('./xlsx.js');
        saveBlob(await rowsToXlsx(parseCsv(r.text)), fileName(`${entity}s`, 'xlsx'));
      }
    } catch (e) { showError(e); } finally { this.busy = false; }
  }

  async backup() {
    this.busy = true;
    try {
      const r = await app.call('data.export', { format: 'json' });
      saveBlob(new Blob([r.text], { type: 'application/json' }), fileName('backup', 'json'));
    } catch (e) { showError(e); } finally { this.busy = false; }
  }

  async restore(e) {
    const f = e.target.files?.[0];
    e.target.value = '';
    if (!f) return;
    this.busy = true;
    try {
      const r = await app.call('data.import', { format: 'json', text: await f.text() });
      await app.refresh();
      toast(t('backup.restored', { deals: r.restored?.deal ?? 0 }));
    } catch (err) { showError(err); } finally { this.busy = false; }
  }

  async downloadSqlite() {
    try {
      const bytes = await app.db.exportSqlite();
      saveBlob(new Blob([bytes], { type: 'application/vnd.sqlite3' }), fileName('database', 'sqlite'));
    } catch (e) { showError(e); }
  }

  async uploadSqlite(e) {
    const f = e.target.files?.[0];
    e.target.value = '';
    if (!f || !confirm(t('backup.sqliteConfirm'))) return;
    try {
      await app.db.importSqlite(new Uint8Array(await f.arrayBuffer()));
      await app.refresh();
      toast(t('backup.sqliteLoaded'));
    } catch (err) { showError(err); }
  }

  exportView() {
    return html`<section><h2>${t('export.title')}</h2>
      <p class="muted">${t('export.help')}</p>
      <table><tbody>${ENTITIES.map((x) => html`<tr><th scope="row">${t(`export.entity.${x}`)}</th>
        <td><div class="row">
          <button ?disabled=${this.busy} @click=${() => this.exportEntity(x, 'csv')} aria-label=${t('export.as', { what: t(`export.entity.${x}`), format: 'CSV' })}>CSV</button>
          <button ?disabled=${this.busy} @click=${() => this.exportEntity(x, 'xlsx')} aria-label=${t('export.as', { what: t(`export.entity.${x}`), format: 'Excel' })}>Excel</button>
        </div></td></tr>`)}</tbody></table>
    </section>`;
  }

  backupView() {
    const raw = typeof app.db?.exportSqlite === 'function';
    return html`<section><h2>${t('backup.title')}</h2>
      <p class="muted">${t('backup.help')}</p>
      <div class="row">
        <button class="primary" ?disabled=${this.busy} @click=${this.backup}>${t('backup.download')}</button>
        <label>${t('backup.restore')}<input type="file" accept=".json,application/json" ?disabled=${this.busy} @change=${this.restore}></label>
      </div>
      <p class="muted">${t('backup.restoreHelp')}</p>
    </section>
    ${raw ? html`<section><h2>${t('backup.sqliteTitle')}</h2>
      <p class="muted">${t('backup.sqliteHelp')}</p>
      <div class="row">
        <button @click=${this.downloadSqlite}>${t('backup.sqliteDownload')}</button>
        <label>${t('backup.sqliteUpload')}<input type="file" accept=".sqlite,.db" @change=${this.uploadSqlite}></label>
      </div></section>` : ''}`;
  }

  render() {
    const tab = ['import', 'export', 'backup'].includes(this.sub) ? this.sub : 'import';
    return html`
      <h1>${t('data.title')}</h1>
      <nav class="tabs" aria-label=${t('data.title')}>
        ${['import', 'export', 'backup'].map((x) => html`<a href="#/data/${x}" aria-current=${x === tab ? 'page' : 'false'}>${t(`data.tab.${x}`)}</a>`)}
      </nav>
      ${tab === 'import' ? html`<loudou-import-wizard></loudou-import-wizard>` : tab === 'export' ? this.exportView() : this.backupView()}`;
  }
}
customElements.define('loudou-data', LoudouData);
