// Export from a list screen (the leads inbox, my day): the Data screen's CSV of the entity — the
// columns data.import reads back, so the file re-imports onto the same records — cut to the
// records the screen's own list op returns with the screen's current filters. The filter is the
// list op's, not a copy of it here, so the file holds exactly what the list would page through.
import { app } from '../store.js';
import { locale } from '../../i18n/index.js';
import { exportTable } from './download.js';

/** The ids of every record `op` lists with `args` (all pages). */
async function listedIds(op, args) {
  const ids = new Set();
  let cursor = null;
  do {
    const r = await app.call(op, { ...args, limit: 1000, ...(cursor ? { cursor } : {}) });
    for (const x of r.items) ids.add(x.id);
    cursor = r.next_cursor ?? null;
  } while (cursor);
  return ids;
}

/**
 * Downloads the records of `entity` (lead, activity) that `op` lists with `args`, as CSV or XLSX
 * (`format` csv / xlsx), named loudou-<stem>-<date>.<ext>.
 */
export async function exportListed(entity, op, args, format, stem) {
  const [ids, all] = await Promise.all([
    listedIds(op, args),
    app.call('data.export', { format: 'csv', entity, lang: locale() }),
  ]);
  const { parseCsv } = await import('./xlsx.js');
  const [head, ...rows] = parseCsv(all.text);
  // The first column of a lead or activity export is the record's id (its external id on re-import).
  await exportTable([head, ...rows.filter((row) => ids.has(row[0]))], stem, format);
}
