// Adds the leads screen (线索: inbox, pool, my day, alerts) to the app's route registry, with the
// alert centre's count as the navigation badge.
import { addRoute } from '../routes.js';
import { alertBadge } from './alert-count.js';

addRoute({
  id: 'leads', label: 'nav.leads', icon: '☎', tag: 'loudou-leads', order: 15,
  load: () => import('./loudou-leads.js'), badge: alertBadge,
});
