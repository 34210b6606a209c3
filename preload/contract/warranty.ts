// The after-sale policy's decision (main/warranty/, pure). See ../shared/domain/after-sale-service.md.
import type { NextStep } from './limits';

export const CAUSE_CATEGORIES = ['non-human', 'human', 'force-majeure'] as const;
export type CauseCategory = (typeof CAUSE_CATEGORIES)[number];
/**
 * 'needs-evidence': the evidence cannot carry a decision yet (an incomplete bench run, or no
 * basis date: no delivery record and an unreadable date code). Never "no fault found".
 */
export const WARRANTY_DECISIONS = ['replace', 'repair', 'no-fault-found', 'not-covered', 'out-of-warranty', 'needs-evidence'] as const;
export type WarrantyDecision = (typeof WARRANTY_DECISIONS)[number];
/** The bench evidence as the policy reads it: pass (marginal included), fail, or incomplete. */
export const BENCH_VERDICTS = ['pass', 'fail', 'incomplete'] as const;
export type BenchVerdict = (typeof BENCH_VERDICTS)[number];

/** What has to happen before a needs-evidence case can be decided: the bench's next steps plus the policy's own. */
export const EVIDENCE_NEEDS = ['check-supply', 'read-again', 'power-up', 'read-on-bench', 'attach-light-source', 'external-test', 'delivery-record'] as const;
export type EvidenceNeed = (typeof EVIDENCE_NEEDS)[number];
// Every bench next step is also a need of the decision.
type _StepsAreNeeds = NextStep extends EvidenceNeed ? true : never;
export const NEXT_STEPS_ARE_NEEDS: _StepsAreNeeds = true;

/** Every rule the policy can apply (main/warranty/index.ts says which words go with each). */
export const WARRANTY_RULE_IDS = [
  'excluded-human-cause',
  'excluded-force-majeure',
  'pass-within-3-years',
  'pass-after-3-years',
  'fail-within-1-year',
  'fail-within-3-years',
  'fail-after-3-years',
  'incomplete-needs-evidence',
  'basis-unknown-needs-evidence',
] as const;
export type WarrantyRuleId = (typeof WARRANTY_RULE_IDS)[number];

export interface WarrantyInput {
  /** Delivery date to the customer, YYYY-MM-DD, or null when unknown. */
  deliveredOn: string | null;
  /** Fallback when deliveredOn is null: the module's manufacture date from its EEPROM date code (YYYY-MM-DD). */
  manufacturedOn?: string | null;
  /** The date the customer notified, YYYY-MM-DD. */
  notifiedOn: string;
  cause: CauseCategory;
  verdict: BenchVerdict;
  /** When the verdict is incomplete: what the bench says to do (the evaluation's nextSteps). */
  nextSteps?: NextStep[];
  /** The date code as the module wrote it, when it gave no date: named in a basis-unknown decision. */
  unreadableDateCode?: string | null;
}

export interface WarrantyOutcome {
  decision: WarrantyDecision;
  /** Machine-readable rule id plus words, e.g. "fail-within-1-year: notified on or before the first anniversary of delivery". */
  rule: string;
  /** The rule id alone (the part of `rule` before the colon), for counting and filtering. */
  ruleId?: WarrantyRuleId;
  /** Days from the basis date (delivery or estimated) to notification; null when no basis date is known. */
  ageDays: number | null;
  /** True when the basis date came from the EEPROM date code, not a delivery record. */
  estimated: boolean;
  basisDate: string | null;
  /** For needs-evidence: what to do before deciding again (empty otherwise). */
  needs?: EvidenceNeed[];
}
