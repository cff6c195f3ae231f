// Registers the 数据 screen (import, export, backup) in the shell's route registry.
import { addRoute } from '../routes.js';

addRoute({ id: 'data', label: 'nav.data', icon: '⇅', tag: 'loudou-data', order: 80, load: () => import('./loudou-data.js') });
