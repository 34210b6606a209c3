// The after-sale policy as code (../shared/domain/after-sale-service.md, rules 2-4; the original
// statement is "1-year replacement, 3 years warranty" for "all non-human factors (except war,
// disaster and force majeure factors)"). Pure: the same input always gives the same decision.
import {
  BENCH_VERDICTS,
  CAUSE_CATEGORIES,
  NEXT_STEPS_ARE_NEEDS,
  type EvidenceNeed,
  type WarrantyDecision,
  type WarrantyInput,
  type WarrantyOutcome,
  type WarrantyRuleId,
} from '../../preload/contract/warranty';
import { NEXT_STEPS } from '../../preload/contract/limits';
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
  'incomplete-needs-evidence': {
    decision: 'needs-evidence',
    words: 'the bench could not judge everything that applies (an incomplete run is never "no fault found")',
  },
  'basis-unknown-needs-evidence': {
    decision: 'needs-evidence',
    words: 'no delivery record and the date code is unreadable: the warranty period cannot be counted',
  },
};

/** What each need asks of the technician, in the rule's words. */
const NEED_WORDS: Readonly<Record<EvidenceNeed, string>> = {
  'check-supply': "check the programmer's 3.3 V supply and read again",
  'read-again': 'read the module again',
  'power-up': 'read it with the lasers powered up',
  'read-on-bench': 'read the module on the bench (all pages)',
  'attach-light-source': 'attach a light source or loopback and read again',
  'external-test': 'run an external link or BER test and record it',
  'delivery-record': 'find the delivery record (import deliveries)',
};
void NEXT_STEPS_ARE_NEEDS;

function oneOf<T extends string>(allowed: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value);
}

interface Basis {
  date: CalendarDate;
  estimated: boolean;
}

/** The date the period counts from, or null when neither a delivery record nor a readable date code gives one. */
function basisOf(input: WarrantyInput): Basis | null {
  if (input.deliveredOn !== null && input.deliveredOn !== undefined) {
    return { date: requireCalendarDate('deliveredOn', input.deliveredOn), estimated: false };
  }
  // Rule 3: without a delivery record the EEPROM date code stands in, and the record says so.
  if (input.manufacturedOn !== null && input.manufacturedOn !== undefined) {
    return { date: requireCalendarDate('manufacturedOn', input.manufacturedOn), estimated: true };
  }
  return null;
}

function ordered(needs: Iterable<EvidenceNeed>): EvidenceNeed[] {
  const set = new Set(needs);
  return [...NEXT_STEPS, 'delivery-record' as const].filter((n) => set.has(n));
}

/**
 * The policy's decision for one claim. An incomplete bench run, or no basis date (no delivery
 * record and no readable date code), is a decision too: needs-evidence, naming what to do.
 * Throws BenchError (INVALID_CAUSE, INVALID_VERDICT, INVALID_DATE, WARRANTY_NOTIFIED_BEFORE_DELIVERY
 * / _MANUFACTURE) only on input that is wrong; the message names the field and value.
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
  const ageDays = basis === null ? null : daysBetween(basis.date, notified);
  if (basis !== null && ageDays !== null && ageDays < 0) {
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

  // Rule 4 before everything: an excluded cause is not covered whatever the bench found (and
  // whatever the module's age: no basis date is needed to refuse).
  let ruleId: WarrantyRuleId;
  let needs: EvidenceNeed[] = [];
  if (cause === 'human') ruleId = 'excluded-human-cause';
  else if (cause === 'force-majeure') ruleId = 'excluded-force-majeure';
  else if (verdict === 'incomplete' || basis === null) {
    // Rule 2 needs a verdict on the specified parameters and rule 3 a date to count from: without
    // either there is no decision yet, only what to do to reach one. Never "no fault found".
    ruleId = verdict === 'incomplete' ? 'incomplete-needs-evidence' : 'basis-unknown-needs-evidence';
    const steps: EvidenceNeed[] = verdict === 'incomplete' ? [...(input.nextSteps ?? [])] : [];
    if (verdict === 'incomplete' && steps.length === 0) steps.push('read-again', 'external-test');
    if (basis === null) steps.push('delivery-record');
    needs = ordered(steps);
  } else {
    // "On or before the anniversary" is inclusive: a claim notified on the anniversary itself is
    // still inside the period.
    const withinOneYear = compareDates(notified, anniversary(basis.date, 1)) <= 0;
    const withinThreeYears = compareDates(notified, anniversary(basis.date, 3)) <= 0;
    if (verdict === 'pass') ruleId = withinThreeYears ? 'pass-within-3-years' : 'pass-after-3-years';
    else if (withinOneYear) ruleId = 'fail-within-1-year';
    else if (withinThreeYears) ruleId = 'fail-within-3-years';
    else ruleId = 'fail-after-3-years';
  }

  const rule = WARRANTY_RULES[ruleId];
  const basisWord = basis === null ? 'delivery' : basis.estimated ? 'manufacture (estimated from the date code)' : 'delivery';
  let words = rule.words.replace(/anniversary/g, `anniversary of ${basisWord}`);
  if (ruleId === 'basis-unknown-needs-evidence' && input.unreadableDateCode != null && input.unreadableDateCode.trim() !== '') {
    words = words.replace('the date code is unreadable', `the date code ${JSON.stringify(input.unreadableDateCode.trim())} is unreadable`);
  }
  if (needs.length > 0) words += `; to decide: ${needs.map((n) => NEED_WORDS[n]).join('; ')}`;
  return {
    decision: rule.decision,
    rule: `${ruleId}: ${words}`,
    ruleId,
    ageDays,
    estimated: basis?.estimated ?? false,
    basisDate: basis === null ? null : formatCalendarDate(basis.date),
    needs,
  };
}
