// Limit profiles and verdicts: the output of main/limits/ (pure), stored with every test run.
// Pure TypeScript shared with the renderer.

export type VerdictStatus = 'pass' | 'marginal' | 'fail' | 'not-measured';
export type OverallVerdict = 'pass' | 'marginal' | 'fail';

/** Measured parameters judged against limits. */
export type ParameterName = 'temperatureC' | 'supplyVoltageV' | 'txBiasMa' | 'txPowerDbm' | 'rxPowerDbm';

export interface LimitRange {
  /** Spec (fail) limits; null = unbounded on that side. */
  min: number | null;
  max: number | null;
  /** Warning (marginal) band inside the spec limits; null = none. */
  warnMin?: number | null;
  warnMax?: number | null;
}

export interface LimitProfile {
  /** Stable id, e.g. "ieee-10gbase-sr". */
  id: string;
  /** Monotonic version of this id; a new version never rewrites an old one. */
  version: number;
  name: string;
  /** Where the figures come from, e.g. "IEEE 802.3 clause 52.5 (10GBASE-SR)". */
  source: string;
  /** ISO date from which this version applies; null = always. */
  effectiveFrom: string | null;
  effectiveTo?: string | null;
  /** Match order: part-number regexes first, then interface (compliance code names). */
  match: { partNumbers?: string[]; interfaces?: string[] };
  /** Case temperature class, per-lane limits; a missing parameter is judged from the module's own thresholds. */
  limits: Partial<Record<ParameterName, LimitRange>>;
  /** Expected wavelength window in nm for the integrity check. */
  wavelengthNm?: { min: number; max: number } | null;
}

export interface ParameterVerdict {
  parameter: ParameterName;
  /** 1-based lane for per-lane values; null for module-wide values. */
  lane: number | null;
  /** The measured value in the parameter's unit; null when not measured / no light. */
  value: number | null;
  unit: 'degC' | 'V' | 'mA' | 'dBm';
  status: VerdictStatus;
  limit: LimitRange | null;
  /** Where the limit came from: "profile ieee-10gbase-sr v1 (IEEE 802.3 cl. 52.5)" or "module thresholds". */
  limitSource: string;
  /** Why, in words: "Tx power -9.1 dBm below spec minimum -7.3 dBm". */
  reason: string;
}

export type IntegrityCheckName =
  | 'checksumBase'
  | 'checksumExtended'
  | 'checksumDiagnostics'
  | 'vendorFieldsPrintable'
  | 'dateCodeValid'
  | 'wavelengthConsistent'
  | 'identifierKnown';

export interface IntegrityCheck {
  check: IntegrityCheckName;
  status: 'pass' | 'fail' | 'not-applicable';
  reason: string;
}

export interface TestSetup {
  /** Rx power is judged only when a light source or loopback was attached. */
  rxLightSource: boolean;
}

export interface Evaluation {
  profile: { id: string; version: number; name: string; source: string } | null;
  /** How the profile was chosen: "part number", "interface 10GBASE-SR", "module thresholds", "requested". */
  matchedBy: string;
  verdicts: ParameterVerdict[];
  integrity: IntegrityCheck[];
  /** fail if any verdict or integrity check fails; marginal if any marginal; else pass. */
  overall: OverallVerdict;
  /** For the warranty rule: 'pass' means every specified parameter within spec (marginal included). */
  withinSpec: boolean;
}
