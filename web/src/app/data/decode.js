// Bytes of an uploaded CSV -> text for the core. Excel on a Chinese Windows saves CSV in GBK
// (GB18030 is its superset); everything else we meet is UTF-8. A UTF-8 decode with fatal:true
// fails on the first byte sequence that is not UTF-8, so GBK files never pass as mojibake.

/** {text, encoding} of `bytes` (ArrayBuffer or typed array): UTF-8 if valid, else GB18030. */
export function decodeText(bytes) {
  const view = bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : bytes;
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(view), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('gb18030').decode(view), encoding: 'gb18030' };
  }
}

/** One CSV record from cells (RFC 4180 quoting), for rows read from an XLSX sheet. */
export function csvRecord(cells) {
  return cells.map((c) => {
    const s = c == null ? '' : String(c);
    return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  }).join(',');
}

/** A cell read from a sheet as the text the core parses (dates as YYYY-MM-DD[ HH:MM:SS]). */
export function cellText(v) {
  if (v instanceof Date) {
    const iso = v.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
  }
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return v == null ? '' : String(v);
}
