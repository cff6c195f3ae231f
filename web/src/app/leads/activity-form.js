// Logging or planning a follow-up (跟进), and how one reads in a timeline or a list.
import { html } from 'lit';
import { t, dateTime } from '../../i18n/index.js';

export const TYPES = ['call', 'email', 'meeting', 'task', 'note'];

export function activityForm(onSubmit) {
  return html`<form class="form" @submit=${onSubmit} aria-label=${t('act.add')}>
    <div class="row">
      <label>${t('act.type')}<select name="type">${TYPES.map((x) => html`<option value=${x}>${t(`act.type.${x}`)}</option>`)}</select></label>
      <label class="grow">${t('act.subject')}<input name="subject"></label>
    </div>
    <div class="row">
      <label>${t('act.due')}<input name="due" type="datetime-local"></label>
      <label class="row"><input name="done" type="checkbox"> ${t('act.doneNow')}</label>
    </div>
    <div class="actions"><button type="submit">${t('act.add')}</button></div>
  </form>`;
}

/** {args} for activity.create, or {error}. A due time is read in the browser's time zone. */
export function readActivityForm(form) {
  const args = { type: form.type.value };
  const subject = form.subject.value.trim();
  if (subject) args.subject = subject;
  if (form.due.value) {
    const d = new Date(form.due.value);
    if (Number.isNaN(d.getTime())) return { error: t('act.badDue') };
    args.due_at = d.toISOString();
  }
  if (form.done.checked) args.done_at = new Date().toISOString();
  if (!args.due_at && !args.done_at && args.type !== 'note') return { error: t('act.needWhen') };
  return { args };
}

export function activityLine(a) {
  const when = a.done_at ? t('act.doneAt', { when: dateTime(a.done_at) })
    : a.due_at ? t('act.dueAt', { when: dateTime(a.due_at) }) : dateTime(a.created_at);
  return html`<time>${when}</time>${t(`act.type.${a.type}`)}${a.subject ? html` · ${a.subject}` : ''}${
    a.outcome ? html` — ${a.outcome}` : ''}`;
}
