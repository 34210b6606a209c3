// The after-sale policy's decision (main/warranty/, pure). See ../shared/domain/after-sale-service.md.

export const CAUSE_CATEGORIES = ['non-human', 'human', 'force-majeure'] as const;
export type CauseCategory = (typeof CAUSE_CATEGORIES)[number];
export const WARRANTY_DECISIONS = ['replace', 'repair', 'no-fault-found', 'not-covered', 'out-of-warranty'] as const;
export type WarrantyDecision = (typeof WARRANTY_DECISIONS)[number];
export const BENCH_VERDICTS = ['pass', 'fail'] as const;
export type BenchVerdict = (typeof BENCH_VERDICTS)[number];

/** Every rule the policy can apply (main/warranty/index.ts says which words go with each). */
export const WARRANTY_RULE_IDS = [
  'excluded-human-cause',
  'excluded-force-majeure',
  'pass-within-3-years',
  'pass-after-3-years',
  'fail-within-1-year',
  'fail-within-3-years',
  'fail-after-3-years',
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
}

export interface WarrantyOutcome {
  decision: WarrantyDecision;
  /** Machine-readable rule id plus words, e.g. "fail-within-1-year: notified on or before the first anniversary of delivery". */
  rule: string;
  /** The rule id alone (the part of `rule` before the colon), for counting and filtering. */
  ruleId?: WarrantyRuleId;
  /** Days from the basis date (delivery or estimated) to notification. */
  ageDays: number;
  /** True when the basis date came from the EEPROM date code, not a delivery record. */
  estimated: boolean;
  basisDate: string;
}
