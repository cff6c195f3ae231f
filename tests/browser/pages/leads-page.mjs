// Page model of the leads screen (线索): inbox, pool, my day and alerts, in words a user would use.
// Extends the app's page model, so opening, calls and axe checks are the same.
import { AppPage } from './app-page.mjs';

export class LeadsPage extends AppPage {
  /** A pipeline, two reps and the app on the leads screen. Returns {pipeline, reps}. */
  async setUp() {
    await this.open();
    const pipeline = await this.call('pipeline.create', { name: 'B2B', stages: [
      { name: this.t('stage.b2b.2'), probability: 10, rot_days: 7 }, { name: this.t('stage.b2b.3'), probability: 30 }] });
    const reps = [];
    for (const [i, name] of ['张三', '李四'].entries()) {
      reps.push((await this.call('user.create', { name, at: `2026-01-0${i + 1}T00:00:00Z` })).id);
    }
    await this.go('#/leads');
    await this.tab('leads.tab.inbox').waitFor();
    return { pipeline, reps };
  }

  tab(key) { return this.page.getByRole('navigation', { name: this.t('leads.tabs') }).getByRole('link', { name: this.t(key) }); }
  async openTab(key) { await this.tab(key).click(); }

  lead(title) { return this.page.locator('ul.leads li', { hasText: title }); }

  async newLead(fields) {
    await this.page.getByRole('button', { name: this.t('leads.new') }).click();
    const dlg = this.page.getByRole('dialog', { name: this.t('leads.new') });
    for (const [key, value] of Object.entries(fields)) await dlg.getByLabel(this.t(`lead.${key}`), { exact: true }).fill(value);
    await dlg.getByRole('button', { name: this.t('leads.create') }).click();
  }

  detail() { return this.page.locator('loudou-lead-detail dialog[open]'); }

  async select(title) { await this.page.getByRole('checkbox', { name: this.t('leads.select', { name: title }) }).check(); }

  async bulkAssign(ruleKey) {
    await this.page.getByLabel(this.t('leads.rule')).selectOption({ label: this.t(ruleKey) });
    await this.page.getByRole('button', { name: this.t('leads.assign'), exact: true }).click();
  }

  async claim(title) { await this.page.getByRole('button', { name: this.t('pool.claimName', { name: title }) }).click(); }

  dayItem(subject) { return this.page.locator('loudou-my-day li', { hasText: subject }); }

  alertSection(kindKey) { return this.page.getByRole('region', { name: new RegExp(this.t(kindKey)) }); }

  async shot(name) { await this.page.screenshot({ path: `${process.env.LOUDOU_SHOTS || '/tmp'}/${name}.png`, fullPage: true }); }
}
