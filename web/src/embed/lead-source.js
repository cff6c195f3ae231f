// Where a lead came from: the form's `source` attribute, else the page's UTM parameters, else the
// page address (without its fragment). Always cut to the core's 500-character line limit.
export function leadSource(explicit, href = globalThis.location?.href ?? '') {
  if (explicit) return explicit.slice(0, 500);
  let url;
  try { url = new URL(href); } catch { return href.slice(0, 500); }
  const p = url.searchParams;
  const utm = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content']
    .filter((k) => p.get(k)).map((k) => `${k.slice(4)}=${p.get(k)}`);
  if (utm.length) return `utm ${utm.join(' ')}`.slice(0, 500);
  url.hash = '';
  return url.href.slice(0, 500);
}
