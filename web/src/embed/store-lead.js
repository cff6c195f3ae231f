// Writes one lead from the form into the engine: lead.create (the core scores it and reports
// leads that look like the same person or company), then — when the form names a pipeline and the
// lead is new, not a duplicate — lead.convert puts it on that pipeline's board as a deal in the
// first stage. A duplicate stays a lead (marked by its `duplicates`) so one person who submits
// twice does not become two deals.
import { app } from '../app/store.js';

/** lead: lead.create args plus `pipeline` (an id or a name, optional). Resolves {lead, deal}. */
export async function storeLead(db, lead) {
  const { pipeline, ...args } = lead;
  const created = await db.call('lead.create', args);
  let deal = null;
  if (pipeline && !created.duplicates?.length) {
    const list = app.pipelines.length ? app.pipelines : ((await db.call('pipeline.list')).items ?? []);
    const p = list.find((x) => x.id === pipeline) ?? list.find((x) => x.name === pipeline);
    if (p) {
      const title = args.company || args.name || args.email || args.phone;
      ({ deal } = await db.call('lead.convert', { id: created.id, pipeline_id: p.id, title }));
    }
  }
  return { lead: created, deal };
}
