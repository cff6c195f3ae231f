// The app's view of the database: a thin cache of what every screen needs (pipelines, reps,
// custom field definitions, managed lists) over the engine client. Every read and write still goes
// through the command API (db.call); the cache is refreshed on the client's 'change' event, which
// fires after any committed write in this tab or another, so two tabs never disagree for long.
//
// Screens import `app` and listen for its 'change' (cache refreshed) and 'status' events.

/** Managed lists kept with setting.get/set under these keys, with the defaults offered first. */
export const LISTS = {
  lost_reasons: 'list.lost_reasons',
  sources: 'list.sources',
  industries: 'list.industries',
};
const DEFAULT_LISTS = {
  'zh-CN': {
    lost_reasons: ['价格太高', '选择了竞争对手', '预算取消', '需求不匹配', '联系不上'],
    sources: ['官网', '老客户推荐', '线上广告', '展会', '电话拜访'],
    industries: ['制造业', '零售', '互联网', '教育', '医疗', '金融'],
  },
  en: {
    lost_reasons: ['Price too high', 'Chose a competitor', 'Budget cut', 'Not a fit', 'No response'],
    sources: ['Website', 'Referral', 'Online ads', 'Trade show', 'Cold call'],
    industries: ['Manufacturing', 'Retail', 'Internet', 'Education', 'Healthcare', 'Finance'],
  },
};

/** The built-in deal fields a stage may require (core: builtin_deal_fields). */
export const BUILTIN_DEAL_FIELDS = ['amount', 'account', 'contact', 'owner_id', 'source', 'industry', 'expected_close'];

/** The custom deal fields shown on board cards, in order (a setting: field definitions have no
 *  room for it, and it is a choice about the board, not about the field's data). */
export const CARD_FIELDS_KEY = 'board.card_fields';

const PIPELINE_KEY = 'loudou.pipeline';
export const SAMPLE_PIPELINE = 'sample-pipeline';

export class AppStore extends EventTarget {
  #refreshing = null;  // the refresh under way (refreshSoon)
  #again = false;      // a change came while it ran: one more follows

  constructor() {
    super();
    this.db = null;
    this.pipelines = [];
    this.users = [];
    this.fields = [];
    this.lists = { lost_reasons: null, sources: null, industries: null };
    this.cardFields = [];
    this.status = 'saved';
    this.sample = false;
    this.pipelineId = null;
  }

  /** Attaches the engine client and loads the cache. */
  async attach(db) {
    this.db = db;
    db.on?.('status', (s) => {
      this.status = s.state;
      this.dispatchEvent(new CustomEvent('status', { detail: s }));
    });
    db.on?.('change', () => this.refreshSoon());
    try { this.pipelineId = localStorage.getItem(PIPELINE_KEY); } catch { /* private mode */ }
    await this.refresh();
  }

  call(op, args = {}) { return this.db.call(op, args); }

  // The engine sends a change event per committed write. In a burst (another tab writing fast) a
  // refresh per event queued reads behind the writes (60-70 ms of worker time each at 800 deals,
  // traced): at most one refresh runs and at most one more follows it, whatever came meanwhile,
  // so the last change is always seen.
  refreshSoon() {
    if (this.#refreshing) {
      this.#again = true;
      return this.#refreshing;
    }
    this.#refreshing = (async () => {
      try {
        do {
          this.#again = false;
          await this.refresh();
        } while (this.#again);
      } finally {
        this.#refreshing = null;
      }
    })();
    return this.#refreshing;
  }

  async refresh() {
    const [pipelines, users, fields, lost, sources, industries, cardFields] = await Promise.all([
      this.call('pipeline.list'),
      this.call('user.list'),
      this.call('field.list', { entity: 'deal' }),
      this.getSetting(LISTS.lost_reasons),
      this.getSetting(LISTS.sources),
      this.getSetting(LISTS.industries),
      this.getSetting(CARD_FIELDS_KEY),
    ]);
    this.pipelines = pipelines.items ?? pipelines;
    this.users = users.items ?? users;
    this.fields = fields.items ?? fields;
    this.lists = { lost_reasons: lost, sources, industries };
    this.cardFields = Array.isArray(cardFields) ? cardFields : [];
    // sample.generate makes everything with ids starting "sample-", its pipeline included.
    this.sample = this.pipelines.some((p) => p.id === SAMPLE_PIPELINE);
    if (!this.pipelines.some((p) => p.id === this.pipelineId)) this.pipelineId = this.pipelines[0]?.id ?? null;
    this.dispatchEvent(new Event('change'));
  }

  /** A setting's value, or null when unset or when this engine has no setting ops. */
  async getSetting(key) {
    try {
      return (await this.call('setting.get', { key })).value;
    } catch (e) {
      if (e.code === 'bad_request') return null;
      throw e;
    }
  }

  /** The managed list `name`, or the language's defaults until someone edits it. */
  list(name, locale) {
    return this.lists[name] ?? DEFAULT_LISTS[locale]?.[name] ?? DEFAULT_LISTS.en[name];
  }

  async setList(name, values) {
    await this.call('setting.set', { key: LISTS[name], value: values });
    await this.refresh();
  }

  /** Shows (or hides) custom field `key` on board cards. */
  async showOnCards(key, show) {
    const keys = this.cardFields.filter((k) => k !== key && this.fields.some((f) => f.key === k));
    await this.call('setting.set', { key: CARD_FIELDS_KEY, value: show ? [...keys, key] : keys });
    await this.refresh();
  }

  get pipeline() { return this.pipelines.find((p) => p.id === this.pipelineId) ?? null; }

  selectPipeline(id) {
    this.pipelineId = id;
    try { localStorage.setItem(PIPELINE_KEY, id); } catch { /* not persisted */ }
    this.dispatchEvent(new Event('change'));
  }

  user(id) { return this.users.find((u) => u.id === id) ?? null; }

  stageName(id) {
    for (const p of this.pipelines) for (const s of p.stages) if (s.id === id) return s.name;
    return null;
  }

  /** Open activities (for the cards' next step), or null when this engine has none. */
  async openActivities() {
    const all = [];
    let cursor;
    try {
      do {
        const page = await this.call('activity.list', { status: 'open', limit: 1000, ...(cursor ? { cursor } : {}) });
        all.push(...page.items);
        cursor = page.next_cursor;
      } while (cursor && all.length < 20000);
    } catch (e) {
      if (e.code === 'bad_request') return null;
      throw e;
    }
    return all;
  }

  /** Every open deal of a pipeline, read page by page (1000 per call, the API's maximum). */
  async openDeals(pipelineId) {
    const all = [];
    let cursor;
    do {
      const page = await this.call('deal.list', { pipeline_id: pipelineId, status: 'open', limit: 1000, sort: 'stage_entered_at', ...(cursor ? { cursor } : {}) });
      all.push(...page.items);
      cursor = page.next_cursor;
    } while (cursor);
    return all;
  }
}

export const app = new AppStore();
