// One lead in a list (inbox, pool): a card that reads well at phone width — who, status, score,
// owner, source — with an optional checkbox and action button.
import { html, css } from 'lit';
import { t } from '../../i18n/index.js';

export const leadStyles = css`
  ul.leads { list-style: none; margin: 0; padding: 0; display: grid; gap: .5em; }
  ul.leads li { background: #fff; border: 1px solid var(--ld-line); border-radius: 8px; padding: .6em .8em; display: flex; gap: .7em; align-items: center; flex-wrap: wrap; }
  ul.leads li.sel { border-color: var(--ld-accent); background: #f0f5ff; }
  .who { flex: 1; min-width: 12em; }
  .who button.link { font-weight: 600; font-size: 1.02em; padding: 0; text-align: left; }
  .meta { color: var(--ld-muted); font-size: .88em; }
  .score { font-weight: 700; font-variant-numeric: tabular-nums; min-width: 3.2em; text-align: right; }
  .pill { border-radius: 99px; padding: .05em .6em; font-size: .8em; font-weight: 600; background: #e4e7eb; }
  .pill.qualified { background: #d3f4e0; color: var(--ld-won); } .pill.disqualified { background: #fde4e1; color: var(--ld-lost); }
  .pill.converted { background: #dbe7ff; color: #1e3a8a; }
`;

export function leadTitle(l) { return l.company || l.name || l.phone || l.email || l.wechat || l.id; }

export function leadRow(l, { selected, onSelect, onOpen, owner, action }) {
  const title = leadTitle(l);
  return html`<li class=${selected ? 'sel' : ''}>
    ${onSelect ? html`<input type="checkbox" .checked=${selected} aria-label=${t('leads.select', { name: title })}
      @change=${(e) => onSelect(e.target.checked)}>` : ''}
    <div class="who">
      <button class="link" @click=${onOpen}>${title}</button>
      <div class="meta">${[l.company && l.name ? l.name : '', l.source, l.industry, owner].filter(Boolean).join(' · ')}</div>
    </div>
    <span class="pill ${l.status}">${t(`lead.status.${l.status}`)}</span>
    <span class="score" title=${t('lead.score')}>${t('leads.points', { n: l.score })}</span>
    ${action ?? ''}
  </li>`;
}
