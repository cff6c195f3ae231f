// The pipelines offered on first run, from shared/spec/glossary.md. Stage names come from the
// dictionary so a Chinese team gets 线索获取 … 签约成交 and an English one the same steps in
// English. Probabilities are the usual B2B ladder; rot_days how long a deal may sit idle there.
import { t } from '../i18n/index.js';

const TEMPLATES = {
  b2b: { name: 'first.name.b2b', stages: [[10, 7], [20, 7], [40, 14], [60, 14], [80, 21], [90, 14]] },
  smb: { name: 'first.name.smb', stages: [[10, 5], [30, 7], [60, 10], [90, 7]] },
  blank: { name: 'first.name.blank', stages: [[10, null]] },
};

/** pipeline.create args for template `id` ('b2b', 'smb', 'blank') in the current language. */
export function templateArgs(id) {
  const tpl = TEMPLATES[id];
  return {
    name: t(tpl.name),
    currency: 'CNY',
    stages: tpl.stages.map(([probability, rot], i) => ({
      name: t(`stage.${id}.${i + 1}`), probability, ...(rot ? { rot_days: rot } : {}),
    })),
  };
}
