// Adds the leads screen (线索: inbox, pool, my day, alerts) to the app's route registry.
import { addRoute } from '../routes.js';

addRoute({ id: 'leads', label: 'nav.leads', icon: '☎', tag: 'loudou-leads', order: 15, load: () => import('./loudou-leads.js') });
