// XLSX in and out with read-excel-file / write-excel-file, loaded only when someone imports or
// exports a spreadsheet (dynamic import keeps them out of the app's first load). The core speaks
// CSV, so a sheet is turned into CSV text on the way in and CSV rows become a sheet on the way out.
import { csvRecord, cellText } from './decode.js';

/** The first sheet of an .xlsx file (File, Blob or ArrayBuffer) as CSV text. */
export async function xlsxToCsv(file) {
  const { default: readXlsxFile } = await import('read-excel-file/browser');
  const sheets = await readXlsxFile(file);
  const rows = sheets[0]?.data ?? [];
  return rows.map((r) => csvRecord(r.map(cellText))).join('\r\n') + '\r\n';
}

/** An .xlsx Blob of `rows` (arrays of cell texts; the first row is the header, in bold). */
export async function rowsToXlsx(rows) {
  const { default: writeXlsxFile } = await import('write-excel-file/browser');
  const data = rows.map((r, i) => r.map((v) => ({ value: v ?? '', type: String, ...(i === 0 ? { fontWeight: 'bold' } : {}) })));
  return writeXlsxFile(data).toBlob();
}

/** Rows of CSV text (RFC 4180; what data.export returns), BOM dropped. */
export function parseCsv(text) {
  const rows = [];
  let row = [], cell = '', i = 0, quoted = false;
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  while (i < s.length) {
    const c = s[i];
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') { cell += '"'; i += 2; continue; }
      if (c === '"') { quoted = false; i++; continue; }
      cell += c; i++; continue;
    }
    if (c === '"') { quoted = true; i++; continue; }
    if (c === ',') { row.push(cell); cell = ''; i++; continue; }
    if (c === '\r' || c === '\n') {
      row.push(cell); rows.push(row); row = []; cell = '';
      i += c === '\r' && s[i + 1] === '\n' ? 2 : 1;
      continue;
    }
    cell += c; i++;
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
  return rows;
}
