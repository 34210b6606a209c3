// The after-sale policy's decision (main/warranty/, pure). See ../shared/domain/after-sale-service.md.

export type CauseCategory = 'non-human' | 'human' | 'force-majeure';
export type WarrantyDecision = 'replace' | 'repair' | 'no-fault-found' | 'not-covered' | 'out-of-warranty';
export type BenchVerdict = 'pass' | 'fail';

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
  /** Days from the basis date (delivery or estimated) to notification. */
  ageDays: number;
  /** True when the basis date came from the EEPROM date code, not a delivery record. */
  estimated: boolean;
  basisDate: string;
}
