import { describe, it, expect, beforeEach, vi } from 'vitest';
import { validateLead, LEAD_FIELDS } from './lead-validate.js';
import { leadSource } from './lead-source.js';
import { enqueue, readOutbox, flushOutbox } from './outbox.js';

describe('validateLead', () => {
  const all = LEAD_FIELDS;
  it('names the missing required field in the form language', () => {
    expect(validateLead({ name: ' ' }, all, ['name'], 'zh-CN')).toEqual({ field: 'name', message: '请填写姓名。' });
    expect(validateLead({}, all, ['name'], 'en')).toEqual({ field: 'name', message: 'Please fill in Name.' });
  });
  it('wants a phone or an email when either is shown', () => {
    expect(validateLead({ name: 'Li' }, all, ['name'], 'en').field).toBe('phone');
    expect(validateLead({ name: 'Li' }, ['name', 'email'], ['name'], 'en').field).toBe('email');
    expect(validateLead({ name: 'Li' }, ['name', 'company'], ['name'], 'en')).toBeNull();
  });
  it('checks email and phone shapes', () => {
    expect(validateLead({ name: 'Li', email: 'li@x' }, all, [], 'en').field).toBe('email');
    expect(validateLead({ name: 'Li', phone: '12ab' }, all, [], 'en').field).toBe('phone');
    expect(validateLead({ name: 'Li', phone: '+86 139-1234-5678' }, all, [], 'en')).toBeNull();
    expect(validateLead({ name: 'Li', email: 'li@example.com' }, all, [], 'zh-CN')).toBeNull();
  });
  it('refuses lines over the core limit of 500 characters', () => {
    expect(validateLead({ name: 'x'.repeat(501), phone: '13800000000' }, all, [], 'en').field).toBe('name');
  });
});

describe('leadSource', () => {
  it('prefers the attribute, then UTM parameters, then the page address without its fragment', () => {
    expect(leadSource('trade show', 'https://a.example/p')).toBe('trade show');
    expect(leadSource(null, 'https://a.example/p?utm_source=baidu&utm_medium=cpc&x=1#top')).toBe('utm source=baidu medium=cpc');
    expect(leadSource(null, 'https://a.example/p?x=1#top')).toBe('https://a.example/p?x=1');
    expect(leadSource(null, `https://a.example/${'p'.repeat(600)}`).length).toBe(500);
  });
});

describe('outbox', () => {
  beforeEach(() => {
    const m = new Map();
    globalThis.localStorage = { getItem: (k) => m.get(k) ?? null, setItem: (k, v) => m.set(k, String(v)), removeItem: (k) => m.delete(k) };
  });
  it('stores queued leads, keeps what still fails, drops what the core refuses', async () => {
    enqueue('db', { lead: { id: 'a', name: 'A' } });
    enqueue('db', { lead: { id: 'b', name: 'B' } });
    enqueue('db', { lead: { id: 'c', name: 'C' } });
    enqueue('db', { lead: { id: 'd', name: 'D' } });
    const stored = [];
    await flushOutbox('db', async (lead) => {
      if (lead.id === 'b') throw Object.assign(new Error('exists'), { code: 'conflict' });
      if (lead.id === 'c') throw new Error('engine not open'); // no code: may pass later
      if (lead.id === 'd') throw Object.assign(new Error('bad'), { code: 'validation_failed' });
      stored.push(lead.id);
    });
    expect(stored).toEqual(['a']);
    expect(readOutbox('db').map((x) => x.lead.id)).toEqual(['c']);
  });
  it('retries a POST only after its lead is stored', async () => {
    globalThis.fetch = vi.fn(async () => { throw new TypeError('offline'); });
    enqueue('db', { lead: { id: 'a' }, post: '/sink', body: { id: 'a' } });
    await flushOutbox('db', async () => { throw new Error('no engine'); });
    expect(fetch).not.toHaveBeenCalled();
    await flushOutbox('db', async () => {});
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(readOutbox('db')).toEqual([{ post: '/sink', body: { id: 'a' } }]);
    globalThis.fetch = vi.fn(async () => ({ ok: true }));
    await flushOutbox('db', async () => { throw new Error('must not store again'); });
    expect(readOutbox('db')).toEqual([]);
  });
});
