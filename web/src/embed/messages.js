// The embed's own texts (the lead form and the embed frame) in both languages. Kept apart from
// the app's dictionaries: these are only shipped by the embed bundle.
const zh = {
  'lead.name': '姓名', 'lead.company': '公司', 'lead.phone': '电话', 'lead.email': '邮箱', 'lead.need': '需求',
  'lead.submit': '提交', 'lead.sending': '提交中…',
  'lead.thanks': '谢谢！我们会尽快联系您。',
  'lead.queued': '已保存。网络恢复后会自动发送。',
  'lead.required': '请填写{label}。',
  'lead.contact': '请至少填写电话或邮箱中的一项。',
  'lead.badEmail': '邮箱格式不正确，例如 name@example.com。',
  'lead.badPhone': '电话号码格式不正确（6–20 位数字，可含 +、-、空格）。',
  'lead.tooLong': '{label}最多 500 个字符。',
  'lead.failed': '提交失败：{message}',
  'embed.noPipeline': '还没有销售管道。请先在漏斗应用中创建一个。',
  'embed.failed': '无法打开数据库：{message}',
  'embed.loading': '加载中…',
  'deal.newButton': '新建商机',
};
const en = {
  'lead.name': 'Name', 'lead.company': 'Company', 'lead.phone': 'Phone', 'lead.email': 'Email', 'lead.need': 'What do you need?',
  'lead.submit': 'Send', 'lead.sending': 'Sending…',
  'lead.thanks': 'Thank you! We will get back to you soon.',
  'lead.queued': 'Saved. It will be sent when the network is back.',
  'lead.required': 'Please fill in {label}.',
  'lead.contact': 'Please give a phone number or an email address.',
  'lead.badEmail': 'That email address does not look right, e.g. name@example.com.',
  'lead.badPhone': 'That phone number does not look right (6–20 digits; +, - and spaces allowed).',
  'lead.tooLong': '{label} is limited to 500 characters.',
  'lead.failed': 'Could not send: {message}',
  'embed.noPipeline': 'No pipeline yet. Create one in the Loudou app first.',
  'embed.failed': 'Could not open the database: {message}',
  'embed.loading': 'Loading…',
  'deal.newButton': 'New deal',
};
const dicts = { 'zh-CN': zh, en };

/** The embed text for key in language lang (zh-CN or en), {name} placeholders filled. */
export function et(lang, key, vars) {
  const s = (dicts[lang] ?? zh)[key] ?? en[key];
  if (s === undefined) throw new Error(`missing embed text ${key}`);
  return vars ? s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m)) : s;
}

/** zh-CN for anything Chinese, en for anything English, else null. */
export function normLang(v) {
  if (!v) return null;
  if (/^zh/i.test(v)) return 'zh-CN';
  if (/^en/i.test(v)) return 'en';
  return null;
}
