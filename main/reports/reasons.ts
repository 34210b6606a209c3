// A verdict's reason in the report's language. main/limits words its reasons in English; for
// zh-CN the judged figures (value, limits, status) say the same thing, so the sentence is rebuilt
// from them. A reason the figures cannot restate (not measured: no light, no thresholds) keeps
// the stored English words, which are still evidence.
import type { ParameterVerdict } from '../../preload/contract/limits';
import type { ReportContext } from './components';

export function verdictReason(ctx: ReportContext, v: ParameterVerdict): string {
  if (ctx.meta.lang === 'en' || v.value === null || v.limit === null || v.status === 'not-measured') return v.reason;
  const { f } = ctx;
  const shown = `${f.value(v.parameter, v.value)} ${f.unit(v.unit)}`;
  const unit = f.unit(v.unit);
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
