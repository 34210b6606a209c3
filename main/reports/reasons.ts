// A verdict's, integrity check's, finding's or incomplete run's words in the report's language,
// from the shared words (preload/contract/words) the bench screen uses too: the screen and the
// paper say the same thing for every verdict, in English and in Chinese. The language-free code
// and figures main/limits stored with the run are worded; a run recorded before the codes existed
// keeps its stored English sentence (still evidence), or in Chinese a sentence rebuilt from the
// judged value and limits.
import i18next, { type TFunction } from 'i18next';
import type { Finding, IncompleteReason, IntegrityCheck, ParameterVerdict } from '../../preload/contract/limits';
import {
  findingReason,
  incompleteReason as wordIncomplete,
  integrityReason as wordIntegrity,
  limitSourceWords,
  verdictReason as wordVerdict,
  WORD_NAMESPACES,
  WORD_RESOURCES,
} from '../../preload/contract/words/index';
import type { ReportContext } from './components';
import type { ReportLang } from './strings';

const instances = new Map<ReportLang, TFunction>();

/** The i18next t of one report language over the shared words (built once per language). */
export function wordsT(lang: ReportLang): TFunction {
  let t = instances.get(lang);
  if (t === undefined) {
    const instance = i18next.createInstance();
    void instance.init({
      lng: lang,
      fallbackLng: false,
      resources: { [lang]: WORD_RESOURCES[lang] },
      ns: [...WORD_NAMESPACES],
      defaultNS: 'verdict',
      interpolation: { escapeValue: false },
      initAsync: false,
    });
    t = instance.t;
    instances.set(lang, t);
  }
  return t;
}

function rebuilt(ctx: ReportContext, v: ParameterVerdict): string {
  if (v.value === null || v.limit === null || v.status === 'not-measured' || v.status === 'not-applicable') return v.reason;
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
  const lang = ctx.meta.lang;
  if (v.reasonCode !== undefined) return wordVerdict(wordsT(lang), lang, v);
  return lang === 'en' ? v.reason : rebuilt(ctx, v);
}

export function integrityReason(ctx: ReportContext, c: IntegrityCheck): string {
  return c.reasonCode === undefined ? c.reason : wordIntegrity(wordsT(ctx.meta.lang), ctx.meta.lang, c);
}

export function findingWords(ctx: ReportContext, f: Finding): string {
  return findingReason(wordsT(ctx.meta.lang), ctx.meta.lang, f);
}

export function incompleteWords(ctx: ReportContext, r: IncompleteReason): string {
  return wordIncomplete(wordsT(ctx.meta.lang), r);
}

/** The limit source as the screen words it. */
export function limitSource(lang: ReportLang, source: string): string {
  return limitSourceWords(wordsT(lang), source);
}
