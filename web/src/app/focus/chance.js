// The win model's answers for the web app (core: deal.score / deal.score_many, win_model.h):
// fetching them, ordering deals by them and picking a factor's words in the current language.
// A core without the model ops (an older engine, a test harness) gives `null`, never an error on
// screen: the chance is an aid, the board works without it.
import { app } from '../store.js';
import { locale } from '../../i18n/index.js';

/** {deal_id: {probability, expected_value, factors}} for the open deals of a pipeline, or null. */
export async function loadChances(pipelineId, { factors = 3 } = {}) {
  try {
    const res = await app.call('deal.score_many', { pipeline_id: pipelineId, factors });
    return new Map(res.items.map((item) => [item.deal_id, item]));
  } catch {
    return null;
  }
}

/** The chance of one open deal with all its reasons, or null. */
export async function loadChance(dealId) {
  try {
    return await app.call('deal.score', { id: dealId });
  } catch {
    return null;
  }
}

/** The deals, highest chance first (deals without a score last, in their order). */
export function sortByChance(deals, chances) {
  const p = (d) => chances.get(d.id)?.probability ?? -1;
  return [...deals].sort((a, b) => p(b) - p(a));
}

/** A factor's sentence in the current language ("来源=老客户推荐 使赢单可能 ×2.1"). */
export function factorText(f) {
  return f.text?.[locale()] ?? f.text?.en ?? '';
}
