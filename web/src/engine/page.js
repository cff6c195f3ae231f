// The app page's database: `?db=NAME` in the URL picks it (default "loudou"); the open client is
// `window.loudou` for scripts, the embed API and tests.
import { open } from './client.js';

export function databaseName(search = location.search) {
  return new URLSearchParams(search).get('db') || 'loudou';
}

export async function openPageDatabase() {
  const db = await open({ name: databaseName() });
  window.loudou = db;
  return db;
}
