// A verdict's or integrity check's reason in the report's language.
// English prints the sentence main/limits stored with the run: it is the evidence as recorded.
// zh-CN words the language-free code and figures main/limits stores beside that sentence, with
// the app's own translations (renderer/src/locales/zh-CN/reasons.json, through the renderer's
// pure wording functions), so the screen and the paper say the same thing. A run recorded before
// the codes existed falls back to a sentence rebuilt from the judged value and limits, and a
// reason neither can restate keeps the stored English words, which are still evidence.
import i18next, { type TFunction } from 'i18next';
import type { IntegrityCheck, ParameterVerdict } from '../../preload/contract/limits';
import benchZh from '../../renderer/src/locales/zh-CN/bench.json';
import reasonsZh from '../../renderer/src/locales/zh-CN/reasons.json';
import { integrityReason as wordIntegrity, limitSourceWords, verdictReason as wordVerdict } from '../../renderer/src/i18n/verdict-reasons';
import type { ReportContext } from './components';

let zhT: TFunction | null = null;

function zh(): TFunction {
  if (zhT === null) {
    const instance = i18next.createInstance();
    void instance.init({
      lng: 'zh-CN',
      fallbackLng: false,
      resources: { 'zh-CN': { bench: benchZh, reasons: reasonsZh } },
      ns: ['bench', 'reasons'],
      interpolation: { escapeValue: false },
      initAsync: false,
    });
    zhT = instance.t;
  }
  return zhT;
}

function rebuilt(ctx: ReportContext, v: ParameterVerdict): string {
  if (v.value === null || v.limit === null || v.status === 'not-measured') return v.reason;
  const { f } = ctx;
  const unit = f.unit(v.unit);
  const shown = `${f.value(v.parameter, v.value)} ${unit}`;
  const { min, max } = v.limit;
  const warnMin = v.limit.warnMin ?? null;
  const warnMax = v.limit.warnMax ?? null;
  const value = Number(f.value(v.parameter, v.value));
  if (v.status === 'fail') {
    if (min !== null && value < min) return `${shown} 低于下限 ${min} ${unit}`;
    if (max !== null && value > max) return `${shown} 高于上限 ${max} ${unit}`;
    return v.reason;
  }
  if (v.status === 'marginal') {
    if (warnMin !== null && value < warnMin) return `${shown} 低于告警值 ${warnMin} ${unit}，仍在规格内`;
    if (warnMax !== null && value > warnMax) return `${shown} 高于告警值 ${warnMax} ${unit}，仍在规格内`;
    return v.reason;
  }
  return `${shown} 在规格内`;
}

export function verdictReason(ctx: ReportContext, v: ParameterVerdict): string {
  if (ctx.meta.lang === 'en') return v.reason;
  if (v.reasonCode !== undefined) return wordVerdict(zh(), 'zh-CN', v);
  return rebuilt(ctx, v);
}

export function integrityReason(ctx: ReportContext, c: IntegrityCheck): string {
  if (ctx.meta.lang === 'en' || c.reasonCode === undefined) return c.reason;
  return wordIntegrity(zh(), 'zh-CN', c);
}

/** The limit source as the screen words it (English prints the stored text). */
export function limitSource(lang: 'en' | 'zh-CN', source: string): string {
  return lang === 'en' ? source : limitSourceWords(zh(), source);
}
