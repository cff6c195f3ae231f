// Validation of the lead form, before anything is stored: each message names the field and is
// in the form's language. The core checks again (wire types); these are for people.
import { et } from './messages.js';

export const LEAD_FIELDS = ['name', 'company', 'phone', 'email', 'need'];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9][0-9 \-()]{4,24}$/;

/** values: {field: string}; fields: shown fields; required: fields that must be filled.
 *  Returns {field, message} for the first problem, or null. */
export function validateLead(values, fields, required, lang) {
  const label = (f) => et(lang, `lead.${f}`);
  for (const f of fields) {
    const v = (values[f] ?? '').trim();
    if (required.includes(f) && !v) return { field: f, message: et(lang, 'lead.required', { label: label(f) }) };
    if (f !== 'need' && [...v].length > 500) return { field: f, message: et(lang, 'lead.tooLong', { label: label(f) }) };
  }
  const phone = (values.phone ?? '').trim();
  const email = (values.email ?? '').trim();
  const contact = fields.filter((f) => f === 'phone' || f === 'email');
  if (contact.length && !phone && !email) return { field: contact[0], message: et(lang, 'lead.contact') };
  if (email && !EMAIL.test(email)) return { field: 'email', message: et(lang, 'lead.badEmail') };
  const digits = phone.replace(/\D/g, '').length;
  if (phone && (!PHONE.test(phone) || digits < 6 || digits > 20)) return { field: 'phone', message: et(lang, 'lead.badPhone') };
  return null;
}
