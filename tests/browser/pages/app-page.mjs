// Page model of the Loudou app: what a user does, in words a user would use. Every locator goes
// by role and visible text (in the page's language, from the dictionaries), not by CSS classes,
// except the board's cards and columns, which are addressed by their titles.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { newPage } from './browser.mjs';
import en from '../../../web/src/i18n/en.js';
import zh from '../../../web/src/i18n/zh-CN.js';

const require = createRequire(new URL('../../../web/package.json', import.meta.url));
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export class AppPage {
  /**
   * A fresh browser context and page (`locale`, `width`, `height`) as this page model, on its own
   * database; opened unless `open` is false. `a.context` is the context to close.
   */
  static async start(browser, base, { locale, width, height, open = true } = {}) {
    const { context, page } = await newPage(browser, { locale, width, height });
    const a = new this(page, base, locale);
    a.context = context;
    if (open) await a.open();
    return a;
  }

  constructor(page, base, locale) {
    this.page = page;
    this.base = base;
    this.locale = locale;
    this.dict = locale === 'en' ? en : zh;
    this.db = `t${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`;
  }

  /** The dictionary text for key, placeholders filled. */
  t(key, vars = {}) { return this.dict[key].replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m)); }

  async open(hash = '') {
    await this.page.goto(`${this.base}?db=${this.db}&lang=${this.locale}${hash}`);
    await this.page.waitForFunction(() => window.loudou);
  }

  call(op, args = {}) { return this.page.evaluate(([o, a]) => window.loudou.call(o, a), [op, args]); }

  async chooseTemplate(key = 'first.b2b') {
    await this.page.getByRole('button', { name: this.t(key) }).click();
    await this.column(this.t(key === 'first.smb' ? 'stage.smb.1' : 'stage.b2b.1')).waitFor();
  }

  column(stageName) { return this.page.locator('section.col', { has: this.page.getByRole('heading', { name: stageName, exact: false }) }); }
  card(title) { return this.page.locator('.card', { hasText: title }); }
  columnCount(stageName) { return this.column(stageName).locator('.sums span').first().innerText(); }

  async createDeal({ title, amount, stage }) {
    await this.page.getByRole('button', { name: this.t('board.newDeal') }).click();
    const dlg = this.page.getByRole('dialog', { name: this.t('deal.new') });
    await dlg.getByLabel(this.t('deal.title')).fill(title);
    if (amount != null) await dlg.getByLabel(this.t('deal.amount')).fill(String(amount));
    if (stage) await dlg.getByLabel(this.t('deal.stage')).selectOption({ label: stage });
    await dlg.getByRole('button', { name: this.t('deal.create') }).click();
    await this.card(title).waitFor();
  }

  /** Drags a card onto another column (or 'won' / 'lost') with the mouse. */
  async drag(title, target) {
    const from = await this.card(title).boundingBox();
    const to = target === 'won' || target === 'lost'
      ? await this.page.locator(`.zone.${target}`).boundingBox()
      : await this.column(target).locator('.list').boundingBox();
    const m = this.page.mouse;
    await m.move(from.x + 30, from.y + 20);
    await m.down();
    await m.move(from.x + 45, from.y + 35, { steps: 4 });
    await m.move(to.x + to.width / 2, to.y + Math.min(to.height / 2, 80), { steps: 12 });
    await m.up();
  }

  /** Drags a card onto another column with a finger: press, hold past the touch delay, move, lift
   *  (raw CDP touch events, the way a phone sends them). */
  async touchDrag(title, stageName) {
    const col = this.column(stageName);
    await col.scrollIntoViewIfNeeded();
    const cdp = await this.page.context().newCDPSession(this.page);
    const at = (x, y) => [{ x: Math.round(x), y: Math.round(y), id: 1 }];
    const start = await this.card(title).boundingBox();
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: at(start.x + 30, start.y + 20) });
    await this.page.waitForTimeout(350);
    const to = await col.locator('.list').boundingBox();
    for (let i = 1; i <= 12; i++) {
      const x = start.x + 30 + ((to.x + to.width / 2 - start.x - 30) * i) / 12;
      const y = start.y + 20 + ((to.y + 40 - start.y - 20) * i) / 12;
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: at(x, y) });
      await this.page.waitForTimeout(16);
    }
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    await cdp.detach();
  }

  /** The keyboard path: focus the card, press M, pick the stage in the menu. */
  async moveWithKeyboard(title, stageName) {
    await this.card(title).focus();
    await this.page.keyboard.press('m');
    const menu = this.page.getByRole('dialog', { name: this.t('board.moveMenu', { title }) });
    await menu.getByRole('button', { name: stageName, exact: true }).focus();
    await this.page.keyboard.press('Enter');
  }

  liveText() { return this.page.locator('#live').innerText(); }

  async openDeal(title) {
    await this.card(title).click();
    const drawer = this.page.getByRole('dialog', { name: title });
    await drawer.waitFor();
    return drawer;
  }

  async go(hash) { await this.page.evaluate((h) => { location.hash = h; }, hash); }

  /** axe-core on the current screen; returns serious and critical violations. */
  /** No CSP violation, page error or unexpected dialog so far; with `where`, no axe finding either. */
  async assertClean(where) {
    if (where) assert.deepEqual(await this.axe(), [], `axe on ${where}`);
    const p = await this.page.problems();
    assert.deepEqual(p.csp, [], 'CSP violations');
    assert.deepEqual(p.errors, [], 'page errors');
    assert.deepEqual(p.dialogs, [], 'unexpected dialogs');
  }

  async axe() {
    await this.page.evaluate(AXE);
    const res = await this.page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
    return res.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')} (${(n.failureSummary || '').replace(/\s+/g, ' ').slice(0, 160)})`).join(' | ')}`);
  }
}
