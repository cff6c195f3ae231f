// Editors for deal fields, built-in and custom, shared by the quick-create form, the detail
// drawer and the "required to enter this stage" mini form. Each control carries name=<field>;
// readFields() turns a form back into deal.update args ({..., fields: {custom}}) or errors.
import { html } from 'lit';
import { t, parseMoney, locale } from '../../i18n/index.js';
import { app } from '../store.js';

const BUILTIN_LABELS = {
  title: 'deal.title', amount: 'deal.amount', account: 'deal.account', contact: 'deal.contact',
  owner_id: 'deal.owner', source: 'deal.source', industry: 'deal.industry', expected_close: 'deal.expectedClose',
};
export const BUILTIN = Object.keys(BUILTIN_LABELS);

export function fieldLabel(name) {
  if (BUILTIN_LABELS[name]) return t(BUILTIN_LABELS[name]);
  return app.fields.find((f) => f.key === name)?.label ?? name;
}

const majorText = (minor) => (minor ? String(minor / 100) : '');

/** A labelled control for field `name` holding the deal's current value. */
export function fieldControl(name, deal = {}, { required = false, id = '' } = {}) {
  const label = fieldLabel(name);
  const fid = `f-${id}${name}`;
  const datalist = (listName, value) => {
    const items = new Set(app.list(listName, locale()));
    if (value) items.add(value);
    return html`<datalist id=${`${fid}-list`}>${[...items].map((v) => html`<option value=${v}></option>`)}</datalist>`;
  };
  switch (name) {
    case 'title':
      return html`<label for=${fid}>${label}<input id=${fid} name="title" .value=${deal.title ?? ''} required maxlength="200" autocomplete="off"></label>`;
    case 'amount':
      return html`<label for=${fid}>${label}<input id=${fid} name="amount" inputmode="decimal" .value=${majorText(deal.amount)} placeholder=${t('deal.amountHint')} ?required=${required} autocomplete="off"></label>`;
    case 'owner_id':
      return html`<label for=${fid}>${label}<select id=${fid} name="owner_id" ?required=${required}>
        <option value="">${t('board.unassigned')}</option>
        ${app.users.filter((u) => u.active || u.id === deal.owner_id).map((u) => html`<option value=${u.id} ?selected=${u.id === deal.owner_id}>${u.name}</option>`)}
      </select></label>`;
    case 'source':
    case 'industry':
      return html`<label for=${fid}>${label}<input id=${fid} name=${name} list=${`${fid}-list`} .value=${deal[name] ?? ''} ?required=${required} autocomplete="off"></label>
        ${datalist(name === 'source' ? 'sources' : 'industries', deal[name])}`;
    case 'expected_close':
      return html`<label for=${fid}>${label}<input id=${fid} type="date" name="expected_close" .value=${deal.expected_close ?? ''} ?required=${required}></label>`;
    case 'account':
    case 'contact':
      return html`<label for=${fid}>${label}<input id=${fid} name=${name} .value=${deal[name] ?? ''} ?required=${required} maxlength="200" autocomplete="off"></label>`;
    default:
      return customControl(name, deal.fields?.[name], required, fid);
  }
}

function customControl(key, value, required, fid) {
  const def = app.fields.find((f) => f.key === key);
  if (!def) return '';
  const label = def.label;
  switch (def.type) {
    case 'number':
      return html`<label for=${fid}>${label}<input id=${fid} type="number" step="any" name=${key} .value=${value ?? ''} ?required=${required}></label>`;
    case 'money':
      return html`<label for=${fid}>${label}<input id=${fid} inputmode="decimal" name=${key} .value=${majorText(value)} ?required=${required}></label>`;
    case 'date':
      return html`<label for=${fid}>${label}<input id=${fid} type="date" name=${key} .value=${value ?? ''} ?required=${required}></label>`;
    case 'choice':
      return html`<label for=${fid}>${label}<select id=${fid} name=${key} ?required=${required}>
        <option value="">—</option>${def.options.map((o) => html`<option value=${o} ?selected=${o === value}>${o}</option>`)}</select></label>`;
    case 'multi_choice':
      return html`<fieldset class="multi"><legend>${label}</legend>${def.options.map((o, i) => html`
        <label class="check" for=${`${fid}-${i}`}><input id=${`${fid}-${i}`} type="checkbox" name=${key} value=${o} ?checked=${(value || []).includes(o)}> ${o}</label>`)}</fieldset>`;
    default:
      return html`<label for=${fid}>${label}<input id=${fid} name=${key} .value=${value ?? ''} ?required=${required} autocomplete="off"></label>`;
  }
}

/** Reads fields `names` from `form` into deal args. Returns {args, error: {field, message}}. */
export function readFields(form, names, { clearEmpty = false } = {}) {
  const args = {};
  const fields = {};
  for (const name of names) {
    const def = app.fields.find((f) => f.key === name);
    const els = form.querySelectorAll(`[name="${name}"]`);
    if (!els.length) continue;
    if (def?.type === 'multi_choice') {
      const picked = [...els].filter((e) => e.checked).map((e) => e.value);
      fields[name] = picked.length ? picked : clearEmpty ? null : undefined;
      continue;
    }
    const raw = els[0].value.trim();
    if (raw === '') {
      if (clearEmpty && name !== 'title') (def ? fields : args)[name] = name === 'amount' ? 0 : null;
      continue;
    }
    if (name === 'amount' || def?.type === 'money') {
      const v = parseMoney(raw);
      if (v == null) return { error: { field: name, message: t('deal.badAmount') } };
      (def ? fields : args)[name] = v;
    } else if (def?.type === 'number') {
      fields[name] = Number(raw);
    } else if (def) {
      fields[name] = raw;
    } else {
      args[name] = raw;
    }
  }
  const custom = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
  if (Object.keys(custom).length) args.fields = custom;
  return { args };
}
