// The after-sale policy as code (../shared/domain/after-sale-service.md, rules 2-4; the original
// statement is "1-year replacement, 3 years warranty" for "all non-human factors (except war,
// disaster and force majeure factors)"). Pure: the same input always gives the same decision.
import {
  BENCH_VERDICTS,
  CAUSE_CATEGORIES,
  type WarrantyDecision,
  type WarrantyInput,
  type WarrantyOutcome,
  type WarrantyRuleId,
} from '../../preload/contract/warranty';
import { BenchError } from '../errors';
import { anniversary, compareDates, daysBetween, formatCalendarDate, requireCalendarDate, type CalendarDate } from './calendar';

export { manufactureDateFromDateCode } from './date-code';

/** The words that go with each rule id; `rule` in the outcome is "id: words". */
export const WARRANTY_RULES: Readonly<Record<WarrantyRuleId, { decision: WarrantyDecision; words: string }>> = {
  'excluded-human-cause': {
    decision: 'not-covered',
    words: 'failures from human factors (physical damage, contamination, ESD, misuse) are not covered',
  },
  'excluded-force-majeure': {
    decision: 'not-covered',
    words: 'failures from war, disaster or force majeure are not covered',
  },
  'pass-within-3-years': {
    decision: 'no-fault-found',
    words: 'every specified parameter within spec, notified on or before the third anniversary',
  },
  'pass-after-3-years': {
    decision: 'out-of-warranty',
    words: 'every specified parameter within spec, notified after the third anniversary',
  },
  'fail-within-1-year': {
    decision: 'replace',
    words: 'fails a specified parameter, notified on or before the first anniversary: replace',
  },
  'fail-within-3-years': {
    decision: 'repair',
    words: 'fails a specified parameter, notified after the first and on or before the third anniversary: repair',
  },
  'fail-after-3-years': {
    decision: 'out-of-warranty',
    words: 'fails a specified parameter, notified after the third anniversary: out of warranty',
  },
};

function oneOf<T extends string>(allowed: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value);
}

interface Basis {
  date: CalendarDate;
  estimated: boolean;
}

function basisOf(input: WarrantyInput): Basis {
  if (input.deliveredOn !== null && input.deliveredOn !== undefined) {
    return { date: requireCalendarDate('deliveredOn', input.deliveredOn), estimated: false };
  }
  // Rule 3: without a delivery record the EEPROM date code stands in, and the record says so.
  if (input.manufacturedOn !== null && input.manufacturedOn !== undefined) {
    return { date: requireCalendarDate('manufacturedOn', input.manufacturedOn), estimated: true };
  }
  throw new BenchError(
    'WARRANTY_BASIS_UNKNOWN',
    'neither the delivery date nor the module date code is known: the warranty period cannot be counted',
    { field: 'deliveredOn' },
  );
}

/**
 * The policy's decision for one claim. Throws BenchError (INVALID_CAUSE, INVALID_VERDICT,
 * INVALID_DATE, WARRANTY_BASIS_UNKNOWN, WARRANTY_NOTIFIED_BEFORE_DELIVERY /
 * _MANUFACTURE) on input no decision can be made from; the message names the field and value.
 */
export function decideWarranty(input: WarrantyInput): WarrantyOutcome {
  const cause: unknown = input.cause;
  const verdict: unknown = input.verdict;
  if (!oneOf(CAUSE_CATEGORIES, cause)) {
    throw new BenchError('INVALID_CAUSE', `cause ${JSON.stringify(cause) ?? String(cause)} is not one of ${CAUSE_CATEGORIES.join(', ')}`, {
      field: 'cause',
      value: String(cause),
    });
  }
  if (!oneOf(BENCH_VERDICTS, verdict)) {
    throw new BenchError('INVALID_VERDICT', `verdict ${JSON.stringify(verdict) ?? String(verdict)} is not one of ${BENCH_VERDICTS.join(', ')}`, {
      field: 'verdict',
      value: String(verdict),
    });
  }
  const notified = requireCalendarDate('notifiedOn', input.notifiedOn);
  const basis = basisOf(input);
  const ageDays = daysBetween(basis.date, notified);
  if (ageDays < 0) {
    const basisText = formatCalendarDate(basis.date);
    throw basis.estimated
      ? new BenchError(
          'WARRANTY_NOTIFIED_BEFORE_MANUFACTURE',
          `notifiedOn ${input.notifiedOn} is before the module's manufacture date ${basisText} (from its date code)`,
          { field: 'notifiedOn', value: input.notifiedOn, manufacturedOn: basisText },
        )
      : new BenchError('WARRANTY_NOTIFIED_BEFORE_DELIVERY', `notifiedOn ${input.notifiedOn} is before deliveredOn ${basisText}`, {
          field: 'notifiedOn',
          value: input.notifiedOn,
          deliveredOn: basisText,
        });
  }

  // "On or before the anniversary" is inclusive: a claim notified on the anniversary itself is
  // still inside the period.
  const withinOneYear = compareDates(notified, anniversary(basis.date, 1)) <= 0;
  const withinThreeYears = compareDates(notified, anniversary(basis.date, 3)) <= 0;

  // Rule 4 before everything: an excluded cause is not covered whatever the bench found.
  let ruleId: WarrantyRuleId;
  if (cause === 'human') ruleId = 'excluded-human-cause';
  else if (cause === 'force-majeure') ruleId = 'excluded-force-majeure';
  else if (verdict === 'pass') ruleId = withinThreeYears ? 'pass-within-3-years' : 'pass-after-3-years';
  else if (withinOneYear) ruleId = 'fail-within-1-year';
  else if (withinThreeYears) ruleId = 'fail-within-3-years';
  else ruleId = 'fail-after-3-years';

  const rule = WARRANTY_RULES[ruleId];
  const basisWord = basis.estimated ? 'manufacture (estimated from the date code)' : 'delivery';
  return {
    decision: rule.decision,
    rule: `${ruleId}: ${rule.words.replace(/anniversary/g, `anniversary of ${basisWord}`)}`,
    ruleId,
    ageDays,
    estimated: basis.estimated,
    basisDate: formatCalendarDate(basis.date),
  };
}
