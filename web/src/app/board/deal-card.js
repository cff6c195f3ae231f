// The card template for one deal on the board (a template function, not an element: 10,000
// cards must stay cheap). All user text goes through Lit bindings, so it is always text.
import { html, css } from 'lit';
import { t, moneyCompact, shortDate, date } from '../../i18n/index.js';
import { daysInStage, idleDays, isStalled, isPaused, cardFieldText } from './board-model.js';

/** Fixed card pitch (height + gap) in px; the virtual list depends on it. Cards grow by one
 *  line (FIELD_LINE) when custom fields are chosen to show on cards. */
export const CARD_PITCH = 114;
export const FIELD_LINE = 20;

export const cardStyles = css`
  .card {
    height: ${CARD_PITCH - 8}px; margin-bottom: 8px; background: var(--ld-card); border: 1px solid var(--ld-line);
    border-radius: 8px; padding: .5em .6em; display: grid; grid-template-rows: auto auto auto auto; gap: .15em;
    cursor: grab; position: relative; overflow: hidden; user-select: none; -webkit-user-select: none;
  }
  .card:hover { border-color: #9fb3c8; }
  .card:focus-visible { outline: 3px solid #93b4f8; }
  .card.tall { height: ${CARD_PITCH + FIELD_LINE - 8}px; }
  .card.stalled { border-left: 4px solid var(--ld-warn); }
  .card .fields { font-size: .85em; color: var(--ld-fg); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
  .card .paused { color: var(--ld-muted); }
  .card .title { font-weight: 600; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; padding-right: 1.8em; }
  .card .line { display: flex; justify-content: space-between; gap: .5em; font-size: .88em; color: var(--ld-muted); white-space: nowrap; }
  .card .line > span { overflow: hidden; text-overflow: ellipsis; }
  .card .amount { color: var(--ld-fg); font-weight: 600; font-variant-numeric: tabular-nums; }
  .card .flag { color: var(--ld-warn); font-weight: 600; }
  .card .next { font-size: .85em; color: var(--ld-muted); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
  .card .next.overdue { color: var(--ld-lost); font-weight: 600; }
  .card .move {
    position: absolute; top: 2px; right: 2px; min-height: 28px; width: 30px; padding: 0; border: none;
    background: transparent; color: var(--ld-muted); font-size: 1rem; cursor: pointer;
  }
  .card .move:hover { color: var(--ld-accent); }
  .sortable-ghost { opacity: .35; }
  .sortable-drag, .sortable-fallback { box-shadow: 0 8px 24px rgba(0,0,0,.25); transform: rotate(2deg); }
`;

/** One card. `ctx`: {stage, now, tz (minutes east of UTC), next (Map deal id → next open
 *  activity, or null when the engine has no activities), cardFields (custom field keys to show),
 *  fieldDefs, ownerName(id), onOpen(deal), onMenu(deal), onKey(e, deal)}. */
export function cardTemplate(deal, ctx) {
  const stalled = isStalled(deal, ctx.stage, ctx.now, ctx.tz);
  const paused = isPaused(deal, ctx.now, ctx.tz);
  const tall = ctx.cardFields?.length > 0;
  const extra = tall ? cardFieldText(deal, ctx.cardFields, ctx.fieldDefs, (v) => moneyCompact(v, deal.currency)) : '';
  const days = daysInStage(deal, ctx.now);
  const owner = deal.owner_id ? ctx.ownerName(deal.owner_id) : t('board.unassigned');
  return html`<div class="card ${stalled ? 'stalled' : ''} ${tall ? 'tall' : ''}" tabindex="0" role="listitem" data-id=${deal.id}
      aria-label=${`${deal.title}, ${moneyCompact(deal.amount, deal.currency)}, ${owner}${stalled ? ', ' + t('board.stalled') : ''}${paused ? ', ' + t('board.paused') : ''}${extra ? ', ' + extra : ''}`}
      aria-describedby="card-hint"
      @click=${(e) => { if (!e.target.closest('.move')) ctx.onOpen(deal); }} @keydown=${(e) => ctx.onKey(e, deal)}>
    <span class="title">${deal.title}</span>
    <button class="move" aria-label=${t('board.moveTo')} title=${t('board.moveTo')} @click=${() => ctx.onMenu(deal)}>⇄</button>
    <div class="line"><span>${deal.account || ''}</span><span class="amount">${moneyCompact(deal.amount, deal.currency)}</span></div>
    <div class="line"><span>${owner}</span>
      ${stalled
        ? html`<span class="flag" title=${t('board.stalledTitle', { days: Math.floor(idleDays(deal, ctx.now)), rot: ctx.stage.rot_days })}>⚠ ${t('board.stalled')} · ${t('board.daysInStage', { days })}</span>`
        : paused ? html`<span class="paused" title=${t('board.pausedTitle', { date: date(deal.paused_until), reason: deal.pause_reason ?? '' })}>${t('board.paused')} · ${t('board.daysInStage', { days })}</span>`
        : html`<span>${t('board.daysInStage', { days })}</span>`}
    </div>
    ${tall ? html`<span class="fields">${extra}</span>` : ''}
    ${nextLine(deal, ctx)}
  </div>`;
}

function nextLine(deal, ctx) {
  if (!ctx.next) return html`<span></span>`;
  const a = ctx.next.get(deal.id);
  if (!a) return html`<span class="next">${t('board.noNext')}</span>`;
  const overdue = a.due_at && Date.parse(a.due_at) < ctx.now;
  const what = `${t(`activity.${a.type}`)}${a.subject ? ` · ${a.subject}` : ''}${a.due_at ? ` · ${shortDate(a.due_at)}` : ''}`;
  return html`<span class="next ${overdue ? 'overdue' : ''}">${overdue ? `${t('board.overdue')} · ` : ''}${t('board.next', { what })}</span>`;
}
