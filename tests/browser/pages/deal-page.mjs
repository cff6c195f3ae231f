// Page model for a deal's working life beyond the board: the drawer's follow-ups, playbook
// checklist and pause, the stage playbook settings, the custom fields shown on cards, and the
// navigation's alert badge — in words a user would use (roles and dictionary text).
import { AppPage } from './app-page.mjs';

const DAY = 86_400_000;

export class DealPage extends AppPage {
  /** An ISO instant `days` before now (negative: after). */
  static ago(days) { return new Date(Date.now() - days * DAY).toISOString(); }

  /** The browser's local date `days` from today, as a date input holds it. */
  localDate(days = 0) {
    return this.page.evaluate((n) => {
      const d = new Date(Date.now() + n * 86_400_000);
      const p = (x) => String(x).padStart(2, '0');
      return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
    }, days);
  }

  /** The B2B template through the first-run screen: {pipeline, stages}. */
  async b2b() {
    await this.chooseTemplate('first.b2b');
    const pipeline = (await this.call('pipeline.list')).items[0];
    return { pipeline, stages: pipeline.stages };
  }

  drawer(title) { return this.page.getByRole('dialog', { name: title }); }

  async closeDrawer(title) {
    await this.drawer(title).getByRole('button', { name: this.t('common.close') }).click();
    await this.drawer(title).waitFor({ state: 'hidden' });
  }

  async addFollowUp(title, { type, subject, due }) {
    const d = this.drawer(title);
    const form = d.getByRole('form', { name: this.t('act.add') });
    if (!(await form.isVisible())) await d.locator('summary', { hasText: this.t('act.add') }).click();
    await form.getByLabel(this.t('act.type')).selectOption(type);  // its name holds the chosen type too
    await form.getByLabel(this.t('act.subject'), { exact: true }).fill(subject);
    await form.getByLabel(this.t('act.due'), { exact: true }).fill(due);
    await form.getByRole('button', { name: this.t('act.add') }).click();
    await this.followUp(title, subject).waitFor();
  }

  followUp(title, subject) { return this.drawer(title).locator('li.activity', { hasText: subject }); }

  async markDone(title, type, subject) {
    await this.drawer(title).getByRole('button', { name: this.t('act.markDoneOf', { what: `${this.t(`act.type.${type}`)} · ${subject}` }) }).click();
    await this.followUp(title, subject).locator('.tag', { hasText: this.t('act.state.done') }).waitFor();
  }

  async tick(title, itemText) {
    await this.drawer(title).getByRole('checkbox', { name: itemText }).check();
  }

  async moveInDrawer(title, stageName) {
    await this.drawer(title).locator('#dd-stage').selectOption({ label: stageName });
  }

  async pause(title, until, reason) {
    const d = this.drawer(title);
    await d.locator('summary', { hasText: this.t('pause.legend') }).click();
    await d.getByLabel(this.t('pause.until'), { exact: true }).fill(until);
    await d.getByLabel(this.t('pause.reason'), { exact: true }).fill(reason);
    await d.getByRole('button', { name: this.t('pause.submit'), exact: true }).click();
    await d.getByRole('button', { name: this.t('pause.resume') }).waitFor();
  }

  /** The number on the main navigation's alert badge (0 when hidden). */
  async badge() {
    const b = this.page.locator('[data-badge="leads"]');
    return (await b.count()) ? Number(await b.innerText()) : 0;
  }

  /** Waits until the badge shows what alert.list counts now (as the alert centre asks it) and
   *  returns that count. */
  async badgeMatchesAlerts(timeout = 10000) {
    const until = Date.now() + timeout;
    for (;;) {
      const { badge, total } = await this.page.evaluate(async () => {
        const r = await window.loudou.call('alert.list', { now: new Date().toISOString(), tz_offset_minutes: -new Date().getTimezoneOffset() });
        const el = document.querySelector('loudou-app').shadowRoot.querySelector('[data-badge="leads"]');
        return { badge: el ? Number(el.textContent) : 0, total: r.total };
      });
      if (badge === total) return total;
      if (Date.now() > until) throw new Error(`the badge shows ${badge}, alert.list counts ${total}`);
      await this.page.waitForTimeout(200);
    }
  }

  /** Titles of the board cards carrying the stalled marker. */
  stalledTitles() {
    return this.page.locator('.card.stalled .title').allInnerTexts();
  }

  playbookStage(stageName) {
    return this.page.locator('section.stage', { has: this.page.getByRole('heading', { name: stageName }) });
  }
}
