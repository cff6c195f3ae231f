// The route registry: every top-level screen of the app is one entry here. Another feature adds
// its screen with `addRoute({...})` from its own module (imported by main.js) — the shell builds
// the navigation from this list and loads a screen's code only when it is first shown.
//
//   id     the hash route: #/<id>[/<sub>][?deal=<id>]
//   label  an i18n key (web/src/i18n/*.js) for the navigation text
//   icon   a short glyph shown beside the label (decorative, aria-hidden)
//   tag    the custom element the screen renders as; it receives `.sub` (the rest of the path)
//   load() resolves once the element is defined (usually `() => import('./x/loudou-x.js')`)
//   order  position in the navigation (lower first)
//   badge  optional: () => Promise<{count, label}> — a number the navigation shows beside the
//          label (e.g. open alerts), asked again after every committed write
export const routes = [
  { id: 'board', label: 'nav.board', icon: '▦', tag: 'loudou-board', order: 10, load: () => import('./board/loudou-board.js') },
  { id: 'dashboards', label: 'nav.dashboards', icon: '◔', tag: 'loudou-dashboards', order: 20, load: () => import('./dashboards/loudou-dashboards.js') },
  { id: 'settings', label: 'nav.settings', icon: '⚙', tag: 'loudou-settings', order: 90, load: () => import('./settings/loudou-settings.js') },
];

export function addRoute(route) {
  if (routes.some((r) => r.id === route.id)) throw new Error(`route ${route.id} exists`);
  routes.push(route);
  routes.sort((a, b) => (a.order ?? 50) - (b.order ?? 50));
}

/** '#/settings/fields?deal=X' → {id: 'settings', sub: 'fields', params: {deal: 'X'}}. */
export function parseHash(hash) {
  const [path, query = ''] = (hash || '').replace(/^#\/?/, '').split('?');
  const [id, ...rest] = path.split('/').filter(Boolean);
  return { id: id || routes[0].id, sub: rest.join('/'), params: Object.fromEntries(new URLSearchParams(query)) };
}
