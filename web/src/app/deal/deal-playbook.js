// <loudou-deal-playbook>: the playbook (销售打法) of the deal's current stage — the manager's
// guidance and the checklist. Ticking an item is playbook.check; required items are the stage's
// exit criteria, which deal.move enforces (a refused move names them, see checklistBlock()).
import { LitElement, html, css } from 'lit';
import { base } from '../styles.js';
import { app } from '../store.js';
import { t, locale } from '../../i18n/index.js';
import { announce } from '../ui.js';

export class DealPlaybook extends LitElement {
  static properties = { deal: {}, error: { state: true }, busy: { state: true } };
  static styles = [base, css`
    section { background: #f8fafc; border: 1px solid var(--ld-line); border-radius: 8px; padding: .7em .9em; }
    .guidance { white-space: pre-wrap; word-break: break-word; margin: 0 0 .6em; }
    ul { list-style: none; margin: 0; padding: 0; display: grid; gap: .3em; }
    label { flex-direction: row; align-items: center; gap: .5em; color: var(--ld-fg); font-size: 1em; min-height: 36px; }
    input[type=checkbox] { width: 20px; height: 20px; min-height: 0; }
    .req { font-size: .8em; font-weight: 600; color: var(--ld-lost); border: 1px solid #f0b4ae; border-radius: 99px; padding: 0 .5em; }
    .done-text { text-decoration: line-through; color: var(--ld-muted); }
  `];

  async tick(item, done) {
    this.busy = true;
    this.error = null;
    try {
      await app.call('playbook.check', { deal_id: this.deal.id, item_id: item.id, done });
      announce(t(done ? 'playbook.ticked' : 'playbook.unticked', { item: item.text }));
      this.dispatchEvent(new CustomEvent('deal-changed', { bubbles: true, composed: true }));
    } catch (e) { this.error = e.message; } finally { this.busy = false; }
  }

  render() {
    const p = this.deal?.playbook;
    if (!p || (!p.guidance && !p.items.length)) return '';
    return html`<section aria-labelledby="pb-h">
      <h3 id="pb-h">${t('playbook.title', { stage: app.stageName(p.stage_id) ?? '' })}</h3>
      ${p.guidance ? html`<p class="guidance">${p.guidance}</p>` : ''}
      ${p.items.length ? html`<ul>${p.items.map((item) => html`<li><label>
        <input type="checkbox" .checked=${item.done} ?disabled=${this.busy || this.deal.status !== 'open'} @change=${(e) => this.tick(item, e.target.checked)}>
        <span class=${item.done ? 'done-text' : ''}>${item.text}</span>
        ${item.required ? html`<span class="req">${t('playbook.required')}</span>` : ''}</label></li>`)}</ul>` : ''}
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}
    </section>`;
  }
}
customElements.define('loudou-deal-playbook', DealPlaybook);

/** For a move refused by unticked required checklist items (stage_requirements with fields
 *  "checklist.<id>"): the person-readable reason, with the items' texts; else null. */
export async function checklistBlock(error, pipelineId, stageName) {
  const ids = (error?.fields || []).filter((f) => f.startsWith('checklist.')).map((f) => f.slice(10));
  if (error?.code !== 'stage_requirements' || !ids.length) return null;
  let texts = ids;
  try {
    const { playbooks } = await app.call('playbook.list', { pipeline_id: pipelineId });
    const byId = new Map(playbooks.flatMap((p) => p.items.map((i) => [i.id, i.text])));
    texts = ids.map((id) => byId.get(id) ?? id);
  } catch { /* fall back to the ids */ }
  return t('playbook.blocked', { stage: stageName, items: texts.join(locale() === 'en' ? '; ' : '；') });
}
