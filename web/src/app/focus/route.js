// Registers the "focus" screen (deals to chase, by expected value) in the app's route registry.
import { addRoute } from '../routes.js';

addRoute({ id: 'focus', label: 'nav.focus', icon: '◎', tag: 'loudou-focus', order: 15, load: () => import('./loudou-focus.js') });
