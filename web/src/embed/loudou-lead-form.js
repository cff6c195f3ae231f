// <loudou-lead-form>: the lead-capture form for a company's own site.
// Attributes: fields="name,company,phone,email,need" (which, in order), required="name"
// (plus: a phone or an email whenever either is shown), source (default: UTM parameters or the
// page address), pipeline (an id or a name: a new, non-duplicate lead becomes a deal there),
// action (a URL the lead is also POSTed to as JSON), lang (zh-CN | en).
// The free-text "need" is kept as the lead's notes (the core's `need` is the BANT choice).
// A hidden honeypot field catches form-filling bots: filled in, the form thanks and stores nothing.
// Nothing is lost offline: the database is local; a POST that fails waits in the outbox.
import { LitElement, html, css } from 'lit';
import { base } from '../app/styles.js';
import { hub, emit } from './hub.js';
import { locale } from '../i18n/index.js';
import { hostReset } from './isolation.js';
import { et, normLang } from './messages.js';
import { LEAD_FIELDS, validateLead } from './lead-validate.js';
import { leadSource } from './lead-source.js';
import { enqueue, newLeadId, postLead } from './outbox.js';
import { storeLead } from './store-lead.js';

const list = (v, dflt) => (v == null ? dflt : v.split(',').map((s) => s.trim()).filter(Boolean));
const TYPE = { phone: 'tel', email: 'email' };

export class LoudouLeadForm extends LitElement {
  static properties = {
    fields: {}, required: {}, source: {}, pipeline: {}, action: {}, lang: {},
    error: { state: true }, done: { state: true }, busy: { state: true },
  };

  static styles = [base, hostReset('block'), css`
    form { display: grid; gap: .75em; max-width: var(--ld-form-width, 440px); }
    textarea { min-height: 5em; resize: vertical; }
    .trap { position: absolute; left: -10000px; width: 1px; height: 1px; overflow: hidden; }
    [aria-invalid='true'] { border-color: var(--ld-lost); }
    .done { color: var(--ld-won); font-weight: 600; }
  `];

  connectedCallback() {
    super.connectedCallback();
    this.onLocale = () => this.requestUpdate();
    addEventListener('loudou-locale', this.onLocale);
  }
  disconnectedCallback() { super.disconnectedCallback(); removeEventListener('loudou-locale', this.onLocale); }

  get shown() { return list(this.fields, LEAD_FIELDS).filter((f) => LEAD_FIELDS.includes(f)); }
  get lng() { return normLang(this.lang) ?? locale(); }

  values(form) {
    return Object.fromEntries(this.shown.map((f) => [f, form.elements[f].value.trim()]));
  }

  async submit(e) {
    e.preventDefault();
    const form = e.target;
    this.done = null;
    if (form.elements.website.value) { form.reset(); this.done = 'thanks'; return; } // honeypot
    const v = this.values(form);
    const problem = validateLead(v, this.shown, list(this.required, ['name']), this.lng);
    this.error = problem;
    if (problem) { this.updateComplete.then(() => form.elements[problem.field]?.focus()); return; }
    const lead = { id: newLeadId(), source: leadSource(this.source) };
    for (const f of ['name', 'company', 'phone', 'email']) if (v[f]) lead[f] = v[f];
    if (v.need) lead.notes = v.need;
    if (this.pipeline) lead.pipeline = this.pipeline;
    this.busy = true;
    try {
      this.done = await this.deliver(lead);
      form.reset();
    } catch (err) {
      this.error = { field: err.field, message: et(this.lng, 'lead.failed', { message: err.message }) };
    } finally { this.busy = false; }
  }

  // Into the database (or the outbox when the engine could not open or store it), then to the
  // host's URL.
  async deliver(lead) {
    const name = hub.name ?? 'loudou';
    const body = { ...lead, page: location.href };
    let db = null;
    try { db = await hub.ready; } catch { /* engine not available: queue */ }
    if (!db) {
      enqueue(name, { lead, post: this.action || undefined, body });
      return 'queued';
    }
    let stored;
    try { stored = await storeLead(db, lead); } catch (err) {
      // Storage trouble (quota, or the rest of the engine not loadable offline) may pass later:
      // the lead waits in the outbox. Anything else is about the lead itself: the person sees it.
      if (err?.code !== 'storage') throw err;
      enqueue(name, { lead, post: this.action || undefined, body });
      return 'queued';
    }
    const { lead: saved, deal } = stored;
    emit('loudou-lead-submitted', { lead: saved, deal, duplicates: saved.duplicates ?? [] }, this);
    if (!this.action) return 'thanks';
    try { await postLead(this.action, body); return 'thanks'; } catch {
      enqueue(name, { post: this.action, body });
      return 'queued';
    }
  }

  render() {
    const l = this.lng;
    const err = this.error;
    const req = list(this.required, ['name']);
    return html`<form part="form" novalidate @submit=${this.submit} lang=${l}>
      ${this.shown.map((f) => html`<label part="label" for=${`f-${f}`}>${et(l, `lead.${f}`)}${req.includes(f) ? ' *' : ''}
        ${f === 'need'
          ? html`<textarea part="field" id="f-need" name="need" aria-invalid=${err?.field === f ? 'true' : 'false'}></textarea>`
          : html`<input part="field" id=${`f-${f}`} name=${f} type=${TYPE[f] ?? 'text'} autocomplete=${f === 'company' ? 'organization' : f === 'phone' ? 'tel' : f}
              aria-invalid=${err?.field === f ? 'true' : 'false'} aria-describedby=${err?.field === f ? 'err' : ''}>`}</label>`)}
      <div class="trap" aria-hidden="true"><label for="f-website">Website<input id="f-website" name="website" tabindex="-1" autocomplete="off"></label></div>
      ${err ? html`<p id="err" part="error" class="error" role="alert">${err.message}</p>` : ''}
      ${this.done ? html`<p part="done" class="done" role="status">${et(l, this.done === 'queued' ? 'lead.queued' : 'lead.thanks')}</p>` : ''}
      <div><button part="submit" class="primary" type="submit" ?disabled=${this.busy}>${et(l, this.busy ? 'lead.sending' : 'lead.submit')}</button></div>
    </form>`;
  }
}
customElements.define('loudou-lead-form', LoudouLeadForm);
