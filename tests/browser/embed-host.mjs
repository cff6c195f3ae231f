// Plumbing for the embed tests: a static server for the built site that sends exactly the CSP
// the README asks host pages for, and the demo host's URL. Usage as a script (to look at it):
//   node tests/browser/embed-host.mjs build/embed-site 8600
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const HOST_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; worker-src 'self'";
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.wasm': 'application/wasm', '.json': 'application/json', '.svg': 'image/svg+xml',
};

/** The site to test: $LOUDOU_EMBED_SITE, else build/site (what tools/loudou builds). */
export function embedSite() { return resolve(root, process.env.LOUDOU_EMBED_SITE || 'build/site'); }

/** Serves dir on a free port; POST /lead-sink records bodies (the lead form's optional POST). */
export async function serveSite(dir = embedSite()) {
  const posts = [];
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    if (req.method === 'POST' && url.pathname === '/lead-sink') {
      let body = '';
      for await (const c of req) body += c;
      posts.push(JSON.parse(body));
      res.writeHead(204).end();
      return;
    }
    const file = join(dir, normalize(decodeURIComponent(url.pathname)).replace(/^(\.\.[/\\])+/, ''));
    const info = file.startsWith(dir) ? await stat(file).catch(() => null) : null;
    if (!info?.isFile()) { res.writeHead(404).end('not found'); return; }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] || 'application/octet-stream', 'content-security-policy': HOST_CSP, 'cache-control': 'no-cache' });
    res.end(await readFile(file));
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const base = `http://127.0.0.1:${server.address().port}/`;
  return { base, host: `${base}demo/host.html`, posts, stop: () => new Promise((ok) => server.close(ok)) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const s = await serveSite(resolve(process.argv[2] || embedSite()));
  console.log(s.host);
}
