// The host page's own script (a separate file: the strict CSP allows no inline script). It uses
// the JS API: the same client as the app, plus DOM events from the elements.
import { Loudou } from '../embed/loudou-embed.js';

const params = new URLSearchParams(location.search);
const lo = await Loudou.embed({ name: params.get('db') || 'loudou-demo', lang: params.get('lang') || undefined });
window.lo = lo; // for the console and the tests

// A first visit has no data: create the demo pipeline the elements name.
const { items } = await lo.call('pipeline.list');
if (!items.some((p) => p.name === '官网线索')) {
  await lo.call('pipeline.create', {
    name: '官网线索', currency: 'CNY',
    stages: [
      { name: '新询价', probability: 10 }, { name: '需求确认', probability: 30 },
      { name: '报价', probability: 60 }, { name: '谈判', probability: 80 },
    ],
  });
}

const log = document.getElementById('host-log');
for (const type of ['loudou-deal-moved', 'loudou-deal-created', 'loudou-deal-won', 'loudou-deal-lost', 'loudou-lead-submitted', 'loudou-message']) {
  document.addEventListener(type, (e) => {
    const d = e.detail;
    log.textContent = `${type}: ${d.deal?.title ?? d.lead?.name ?? d.message ?? ''}`;
  });
}
