// <loudou-board>: the pipeline board. One column per stage (count, sum, weighted sum), virtual
// lists so 10,000 open deals stay smooth, drag and drop with SortableJS (mouse and touch; its
// fallback mode, so both take the same path), Won/Lost drop zones, a "move to stage…" menu for
// keyboards, filters, and the pipeline switcher.
//
// Moves are optimistic: the board updates at once (the drop→paint budget is 16 ms) and the engine
// call follows; a refusal puts the deal back and says why. All columns live in this one shadow
// root, so SortableJS sees every list.
import { LitElement, html, css } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import Sortable from 'sortablejs';
import { base } from '../styles.js';
import { app } from '../store.js';
import { t, moneyCompact, money } from '../../i18n/index.js';
import { buildColumns, filterDeals, missingFor, visibleRange, nextActivities } from './board-model.js';
import { cardTemplate, cardStyles, CARD_PITCH, FIELD_LINE } from './deal-card.js';
import { checklistBlock } from '../deal/deal-playbook.js';
import { tzOffset } from '../leads/me.js';
import { loadChances, sortByChance } from '../focus/chance.js';
import { announce, showError, toast, openDeal } from '../ui.js';
import './move-menu.js';
import './lost-dialog.js';
import './requirements-dialog.js';
import './board-filters.js';
import '../deal/quick-create.js';

export class LoudouBoard extends LitElement {
  static properties = {
    deals: { state: true }, loading: { state: true }, filters: { state: true }, scroll: { state: true },
    chances: { state: true },  // predicted chances (focus/chance.js) while the board is ordered by them
  };

  static styles = [base, cardStyles, css`
    :host { display: flex; flex-direction: column; flex: 1; min-height: 0; }
    .toolbar { display: flex; gap: .6em; align-items: flex-end; padding: .7em 1em; flex-wrap: wrap; background: #fff; border-bottom: 1px solid var(--ld-line); }
    .toolbar .pick { min-width: 10em; }
    .summary { padding: .3em 1em; font-size: .85em; color: var(--ld-muted); }
    .columns {
      flex: 1; min-height: 0; display: flex; gap: 10px; padding: 10px 1em 10px; overflow-x: auto;
      scroll-snap-type: x mandatory; scroll-padding: 0 1em;
    }
    section.col {
      flex: 0 0 272px; display: flex; flex-direction: column; min-height: 0; background: #eef2f7;
      border-radius: 10px; scroll-snap-align: start; max-height: calc(100vh - 190px);
    }
    .col header { padding: .55em .7em .45em; border-bottom: 1px solid var(--ld-line); }
    .col h2 { font-size: .98rem; margin: 0; display: flex; justify-content: space-between; gap: .5em; }
    .col h2 .prob { color: var(--ld-muted); font-weight: 400; font-size: .85em; }
    .col .sums { display: flex; justify-content: space-between; font-size: .82em; color: var(--ld-muted); font-variant-numeric: tabular-nums; }
    .col .sums strong { color: var(--ld-fg); }
    .list { flex: 1; min-height: 120px; overflow-y: auto; padding: 8px; overscroll-behavior: contain; }
    .empty { color: var(--ld-muted); text-align: center; padding: 1.5em 0; font-size: .9em; }
    .zones { display: flex; gap: 10px; padding: 0 1em 12px; }
    .zone {
      flex: 1; min-height: 56px; border: 2px dashed; border-radius: 10px; display: grid; place-items: center;
      font-weight: 600; position: relative; overflow: hidden;
    }
    .zone .label { pointer-events: none; }
    .zone .card { display: none; }
    .zone.won { color: var(--ld-won); border-color: #6cc08b; background: #effaf3; }
    .zone.lost { color: var(--ld-lost); border-color: #f19d94; background: #fef3f2; }
    .zone-list { position: absolute; inset: 0; }
    .loading { padding: 2em; color: var(--ld-muted); }
    @media (max-width: 600px) {
      .toolbar { padding: .5em .6em; }
      .columns { padding: 8px .6em; gap: 8px; scroll-padding: 0 .6em; }
      section.col { flex-basis: calc(100vw - 44px); max-height: calc(100vh - 230px); }
      .zones { padding: 0 .6em 10px; position: sticky; bottom: 0; }
    }
  `];

  constructor() {
    super();
    this.deals = [];
    this.loading = true;
    this.filters = { owner: '', source: '', industry: '', text: '' };
    this.scroll = new Map();
    this.sortables = new Map();
    this.loadedFor = null;
    this.expected = 0;
    this.edits = 0;  // local changes drawn on the board (see reload)
  }

  connectedCallback() {
    super.connectedCallback();
    this.onChange = () => this.maybeReload();
    app.addEventListener('change', this.onChange);
    this.onLocale = () => this.requestUpdate();
    addEventListener('loudou-locale', this.onLocale);
    this.reload();
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    app.removeEventListener('change', this.onChange);
    removeEventListener('loudou-locale', this.onLocale);
  }

  // The store refreshes after every committed write. The board's own writes are already on the
  // board, so the change each of them causes is expected and skipped (for a second at most, in
  // case the engine reports two writes as one change); any other change reloads the deals.
  ownWrite() {
    this.expected += 1;
    clearTimeout(this.expectTimer);
    this.expectTimer = setTimeout(() => { this.expected = 0; }, 1000);
  }

  maybeReload() {
    if (app.pipelineId === this.loadedFor && this.expected > 0) {
      this.expected -= 1;
      this.requestUpdate();
      return;
    }
    this.reload();
  }

  async reload() {
    const pid = app.pipelineId;
    if (!pid) { this.deals = []; this.loading = false; return; }
    if (pid !== this.loadedFor) this.loading = true;
    const edits = this.edits;
    try {
      const [deals, activities] = await Promise.all([app.openDeals(pid), app.openActivities()]);
      if (app.pipelineId !== pid) return;
      // A move, close or create drawn on the board while this read was in flight is newer than
      // what it read: read again rather than paint the older state over it.
      if (this.edits !== edits) { this.reload(); return; }
      this.loadedFor = pid;
      this.next = activities ? nextActivities(activities) : null;
      this.deals = deals;
      if (this.chances) this.chances = await loadChances(pid);
      this.dispatchEvent(new CustomEvent('board-loaded', { detail: { count: deals.length } }));
    } catch (e) { showError(e); } finally { this.loading = false; }
  }

  get pipeline() { return app.pipeline; }

  // --- virtual lists -------------------------------------------------------------------------
  onScroll(stageId, e) {
    const el = e.target;
    if (this.rafPending) { this.scroll.set(stageId, { top: el.scrollTop, height: el.clientHeight }); return; }
    this.rafPending = true;
    this.scroll.set(stageId, { top: el.scrollTop, height: el.clientHeight });
    requestAnimationFrame(() => { this.rafPending = false; this.requestUpdate(); });
  }

  /** Card pitch: one line taller while custom fields are chosen to show on cards. */
  get pitch() { return CARD_PITCH + (this.cardFields().length ? FIELD_LINE : 0); }

  cardFields() { return app.cardFields.filter((k) => app.fields.some((f) => f.key === k)); }

  columnList(col) {
    const view = this.scroll.get(col.stage.id) ?? { top: 0, height: 900 };
    const r = visibleRange(col.deals.length, view.top, view.height, this.pitch, 4);
    const ctx = {
      stage: col.stage, now: this.now, tz: this.tz, next: this.next, cardFields: this.cardFields(), fieldDefs: app.fields,
      ownerName: (id) => app.user(id)?.name ?? '—',
      onOpen: (d) => openDeal(d.id), onMenu: (d) => this.moveMenu(d), onKey: (e, d) => this.cardKey(e, d),
    };
    return html`<div class="list" role=${col.deals.length ? "list" : "group"} aria-label=${col.stage.name} data-stage=${col.stage.id}
        @scroll=${(e) => this.onScroll(col.stage.id, e)}>
      <div class="spacer" aria-hidden="true" data-h=${r.before}></div>
      ${repeat(col.deals.slice(r.start, r.end), (d) => d.id, (d) => cardTemplate(d, ctx))}
      <div class="spacer" aria-hidden="true" data-h=${r.after}></div>
      ${col.deals.length ? '' : html`<div class="empty">${t('board.empty')}</div>`}
    </div>`;
  }

  // --- drag and drop ---------------------------------------------------------------------------
  updated() {
    // Spacer heights through the CSSOM: a style attribute would be refused by the CSP.
    for (const el of this.renderRoot.querySelectorAll('.spacer')) el.style.height = `${el.dataset.h}px`;
    const lists = [...this.renderRoot.querySelectorAll('.list, .zone-list')];
    for (const [el, s] of this.sortables) if (!lists.includes(el)) { s.destroy(); this.sortables.delete(el); }
    for (const el of lists) {
      if (this.sortables.has(el)) continue;
      const zone = el.classList.contains('zone-list');
      this.sortables.set(el, Sortable.create(el, {
        group: { name: 'deals', pull: !zone, put: true },
        sort: false, draggable: '.card', forceFallback: true, fallbackTolerance: 4,
        delay: 180, delayOnTouchOnly: true, animation: 0, filter: '.move', preventOnFilter: false,
        onStart: (evt) => { this.dragHome = { parent: evt.item.parentNode, next: evt.item.nextSibling }; },
        onAdd: (evt) => this.onDrop(evt),
      }));
    }
  }

  onDrop(evt) {
    // Put the card back exactly where Lit rendered it (between its comment markers, which
    // Sortable's element indexes do not see); the board then re-renders from data.
    const { item } = evt;
    const home = this.dragHome;
    if (home) home.parent.insertBefore(item, home.next);
    else item.remove();
    this.dragHome = null;
    const target = evt.to.dataset.stage || evt.to.dataset.outcome;
    this.drop(item.dataset.id, target);
  }

  /** Moves deal `id` to a stage id, 'won' or 'lost' — the one path for drag, menu and keys. */
  async drop(id, target) {
    const deal = this.deals.find((d) => d.id === id);
    if (!deal || target === deal.stage_id) return;
    if (target === 'won') return this.close(deal, 'won');
    if (target === 'lost') return this.close(deal, 'lost');
    const stage = this.pipeline.stages.find((s) => s.id === target);
    if (!stage) return;
    let patch = null;
    const missing = missingFor(deal, stage, app.fields);
    if (missing.length) {
      patch = await this.renderRoot.querySelector('loudou-requirements-dialog').open(deal, stage, missing);
      if (!patch) return;
    }
    const before = { ...deal };
    this.replace({ ...deal, ...patch, stage_id: stage.id, stage_entered_at: new Date().toISOString() });
    // Paint first, then write: the board never waits on the engine to show a move.
    await this.updateComplete;
    try {
      const requests = [...(patch ? [{ op: 'deal.update', args: { id, ...patch } }] : []), { op: 'deal.move', args: { id, stage_id: stage.id } }];
      const res = await app.call('batch', { requests });
      this.ownWrite();
      const moved = (res.results ?? res).at(-1);
      this.replace(moved.result ?? moved);
      announce(t('board.moved', { title: deal.title, stage: stage.name }));
    } catch (e) {
      this.replace(before);
      const blocked = await checklistBlock(e, this.pipeline.id, stage.name);
      if (blocked) {
        // Required checklist items of the stages it would leave: say which, and open the deal
        // so they can be ticked.
        toast(blocked, { error: true });
        openDeal(id);
      } else if (e.code === 'stage_requirements' && !patch) {
        const again = await this.renderRoot.querySelector('loudou-requirements-dialog').open(deal, stage, e.fields || []);
        if (again) { this.deals = this.deals.map((d) => (d.id === id ? { ...d, ...again } : d)); return this.drop(id, target); }
      } else showError(e);
    }
  }

  async close(deal, outcome) {
    let reason;
    if (outcome === 'lost') {
      reason = await this.renderRoot.querySelector('loudou-lost-dialog').open(deal);
      if (!reason) return;
    }
    this.deals = this.deals.filter((d) => d.id !== deal.id);
    this.edits += 1;
    try {
      await app.call(outcome === 'won' ? 'deal.win' : 'deal.lose', outcome === 'won' ? { id: deal.id } : { id: deal.id, reason });
      this.ownWrite();
      const msg = t(outcome === 'won' ? 'board.wonDone' : 'board.lostDone', { title: deal.title });
      toast(msg, {
        undo: async () => {
          const back = await app.call('deal.reopen', { id: deal.id, stage_id: deal.stage_id });
          this.ownWrite();
          this.deals = [...this.deals, back];
        },
      });
    } catch (e) {
      this.deals = [...this.deals, deal];
      showError(e);
    }
  }

  replace(deal) {
    this.edits += 1;
    this.deals = this.deals.map((d) => (d.id === deal.id ? deal : d));
  }

  // --- keyboard --------------------------------------------------------------------------------
  async moveMenu(deal) {
    const target = await this.renderRoot.querySelector('loudou-move-menu').open(deal, this.pipeline.stages);
    if (target) {
      await this.drop(deal.id, target);
      await this.updateComplete;
      this.renderRoot.querySelector(`.card[data-id="${CSS.escape(deal.id)}"]`)?.focus();
    }
  }

  cardKey(e, deal) {
    if (e.target !== e.currentTarget) return;
    if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); openDeal(deal.id); }
    else if (e.key === 'm' || e.key === 'M' || (e.key === 'F10' && e.shiftKey) || e.key === 'ContextMenu') { e.preventDefault(); this.moveMenu(deal); }
    else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const list = e.currentTarget.closest('.list');
      const cards = [...list.querySelectorAll('.card')];
      const i = cards.indexOf(e.currentTarget) + (e.key === 'ArrowDown' ? 1 : -1);
      if (cards[i]) cards[i].focus();
      else list.scrollTop += e.key === 'ArrowDown' ? this.pitch : -this.pitch;
    }
  }

  // --- render ----------------------------------------------------------------------------------
  newDeal() {
    this.renderRoot.querySelector('loudou-quick-create').open(this.pipeline).then((deal) => {
      if (deal && deal.pipeline_id === this.pipeline.id) { this.ownWrite(); this.edits += 1; this.deals = [deal, ...this.deals]; }
    });
  }

  render() {
    const p = this.pipeline;
    if (!p) return html`<p class="loading">${t('board.noPipelines')}</p>`;
    this.now = Date.now();
    this.tz = tzOffset();
    const shown = filterDeals(this.deals, this.filters);
    const cols = buildColumns(p.stages, shown);
    if (this.chances) for (const c of cols) c.deals = sortByChance(c.deals, this.chances);
    const cur = p.currency;
    const filtered = shown !== this.deals;
    return html`
      <div class="toolbar">
        <label class="pick" for="pipeline">${t('board.pipeline')}
          <select id="pipeline" @change=${(e) => app.selectPipeline(e.target.value)}>
            ${app.pipelines.map((x) => html`<option value=${x.id} ?selected=${x.id === p.id}>${x.name}</option>`)}
          </select></label>
        <loudou-board-filters .filters=${this.filters} .deals=${this.deals} @filters=${(e) => { this.filters = e.detail; }}></loudou-board-filters>
        <label class="pick" for="order">${t('board.sort')}
          <select id="order" @change=${async (e) => { this.chances = e.target.value ? await loadChances(p.id) : null; }}>
            <option value="" ?selected=${!this.chances}>${t('board.sort.default')}</option>
            <option value="chance" ?selected=${!!this.chances}>${t('board.sort.chance')}</option>
          </select></label>
        <span class="grow"></span>
        <button class="primary" @click=${this.newDeal}>＋ ${t('board.newDeal')}</button>
      </div>
      ${filtered ? html`<div class="summary" role="status">${t('board.shown', { shown: shown.length, total: this.deals.length })}</div>` : ''}
      <p id="card-hint" class="sr">${t('board.cardHint')}</p>
      ${this.loading ? html`<p class="loading">${t('board.loading')}</p>` : html`
      <div class="columns" tabindex="0" role="region" aria-label=${p.name}>
        ${repeat(cols, (c) => c.stage.id, (c) => html`
          <section class="col" aria-labelledby=${`h-${c.stage.id}`}>
            <header>
              <h2 id=${`h-${c.stage.id}`}><span>${c.stage.name}</span><span class="prob">${c.stage.probability}%</span></h2>
              <div class="sums"><span>${t('board.count', { count: c.count })}</span><strong title=${money(c.amount, cur)}>${moneyCompact(c.amount, cur)}</strong></div>
              <div class="sums"><span></span><span title=${money(Math.round(c.weighted), cur)}>${t('board.weighted', { amount: moneyCompact(c.weighted, cur) })}</span></div>
            </header>
            ${this.columnList(c)}
          </section>`)}
      </div>
      <div class="zones">
        <div class="zone won"><span class="label">✓ ${t('board.dropWon')}</span><div class="zone-list" data-outcome="won" aria-hidden="true"></div></div>
        <div class="zone lost"><span class="label">✕ ${t('board.dropLost')}</span><div class="zone-list" data-outcome="lost" aria-hidden="true"></div></div>
      </div>`}
      <loudou-move-menu></loudou-move-menu>
      <loudou-lost-dialog></loudou-lost-dialog>
      <loudou-requirements-dialog></loudou-requirements-dialog>
      <loudou-quick-create></loudou-quick-create>
    `;
  }
}
customElements.define('loudou-board', LoudouBoard);
