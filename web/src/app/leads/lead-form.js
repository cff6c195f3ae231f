// The lead fields shared by the new-lead dialog and the lead detail: BANT choices and reading a
// form into lead.create / lead.update args (money typed in 元, sent in 分).
import { html } from 'lit';
import { t, parseMoney } from '../../i18n/index.js';
import { app } from '../store.js';

export const AUTHORITY = ['decision_maker', 'influencer', 'user', 'unknown'];
export const NEED = ['strong', 'some', 'none', 'unknown'];
export const TIMELINE = ['1m', '3m', '6m', 'later', 'unknown'];
export const STATUSES = ['new', 'contacted', 'qualified', 'disqualified', 'converted'];

function choice(name, values, current) {
  return html`<label>${t(`lead.${name}`)}
    <select name=${name}>
      <option value="" ?selected=${!current}>—</option>
      ${values.map((v) => html`<option value=${v} ?selected=${v === current}>${t(`lead.${name}.${v}`)}</option>`)}
    </select></label>`;
}

/** Inputs for the editable lead fields, filled from `lead` (or empty). `brief`: only who and
 * where from — a new lead is captured fast; BANT is filled in on the lead later. */
export function leadFields(lead = {}, brief = false) {
  const text = (name, type = 'text') => html`<label>${t(`lead.${name}`)}
    <input name=${name} type=${type} .value=${lead[name] ?? ''} autocomplete="off"></label>`;
  return html`
    ${text('company')} ${text('name')} ${text('phone', 'tel')} ${text('email', 'email')} ${text('wechat')}
    <label>${t('lead.source')}<input name="source" list="lead-sources" .value=${lead.source ?? ''}></label>
    <datalist id="lead-sources">${(app.lists.sources ?? []).map((s) => html`<option value=${s}></option>`)}</datalist>
    <label>${t('lead.industry')}<input name="industry" list="lead-industries" .value=${lead.industry ?? ''}></label>
    <datalist id="lead-industries">${(app.lists.industries ?? []).map((s) => html`<option value=${s}></option>`)}</datalist>
    ${brief ? '' : html`<label>${t('lead.budget')}<input name="budget" inputmode="decimal" .value=${lead.budget != null ? String(lead.budget / 100) : ''}></label>
    ${choice('authority', AUTHORITY, lead.authority)} ${choice('need', NEED, lead.need)} ${choice('timeline', TIMELINE, lead.timeline)}
    <label>${t('lead.notes')}<textarea name="notes" rows="2" .value=${lead.notes ?? ''}></textarea></label>`}`;
}

/** Reads the form into args. `forUpdate`: empty inputs become null (clear); else they are left out. */
export function readLeadForm(form, forUpdate = false) {
  const args = {};
  for (const k of ['company', 'name', 'phone', 'email', 'wechat', 'source', 'industry', 'authority', 'need', 'timeline', 'notes']) {
    if (!form[k]) continue;
    const v = form[k].value.trim();
    if (v) args[k] = v;
    else if (forUpdate) args[k] = null;
  }
  const b = form.budget?.value.trim() ?? '';
  if (b) {
    const minor = parseMoney(b);
    if (minor == null) return { error: t('deal.badAmount') };
    args.budget = minor;
  } else if (forUpdate) args.budget = null;
  return { args };
}
