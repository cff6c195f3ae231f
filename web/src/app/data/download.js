// Saving a file from the page: a Blob behind a temporary object URL and a clicked <a download>.
// Works offline and under the strict CSP (no data: URLs, no inline script).

export function saveBlob(blob, fileName) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** "loudou-deals-20260301.csv" */
export function fileName(stem, ext, now = new Date()) {
  const d = now.toISOString().slice(0, 10).replaceAll('-', '');
  return `loudou-${stem}-${d}.${ext}`;
}

/**
 * Exports a table a screen shows (a list, a report) as CSV or XLSX. `rows` are arrays of cell
 * texts, the header first. Other screens call this for their own tables.
 */
export async function exportTable(rows, stem, format) {
  if (format === 'xlsx') {
    const { rowsToXlsx } = await import('./xlsx.js');
    saveBlob(await rowsToXlsx(rows), fileName(stem, 'xlsx'));
    return;
  }
  const { csvRecord } = await import('./decode.js');
  const text = '\ufeff' + rows.map(csvRecord).join('\r\n') + '\r\n';
  saveBlob(new Blob([text], { type: 'text/csv;charset=utf-8' }), fileName(stem, 'csv'));
}

/** A chart (an ECharts instance) as a PNG download. */
export function exportChart(chart, stem) {
  const url = chart.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#fff' });
  const bytes = Uint8Array.from(atob(url.split(',')[1]), (c) => c.charCodeAt(0));
  saveBlob(new Blob([bytes], { type: 'image/png' }), fileName(stem, 'png'));
}
