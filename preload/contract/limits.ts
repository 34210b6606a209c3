// Limit profiles and verdicts: the output of main/limits/ (pure), stored with every test run.
// Pure TypeScript shared with the renderer, plus the zod schema that validates shipped and
// imported limit profiles (habit 3: a profile file is untrusted until the schema passes).
import { z } from 'zod';

/**
 * A parameter's verdict. 'not-applicable': the module says it does not have it (a passive copper
 * cable has no laser, a monitor bit is clear); 'not-measured': it applies but has no valid
 * reading to judge (module not ready, no limit, lasers off, OMA without an OMA limit...).
 */
export const VERDICT_STATUSES = ['pass', 'marginal', 'fail', 'not-measured', 'not-applicable'] as const;
export type VerdictStatus = (typeof VERDICT_STATUSES)[number];
/**
 * The run as a whole. 'incomplete': something that applies could not be judged, so the run is
 * neither a pass nor (without a fault) a fail: the warranty decision needs more evidence.
 */
export const OVERALL_VERDICTS = ['pass', 'marginal', 'fail', 'incomplete'] as const;
export type OverallVerdict = (typeof OVERALL_VERDICTS)[number];

/**
 * Measured parameters judged against limits. Rx power reported as OMA (SFF-8472 A0h byte 92
 * bit 3 clear, SFF-8636 byte 220 bit 3 clear) is its own parameter: it is judged only against
 * OMA limits, never against average-power ones.
 */
export const PARAMETER_NAMES = ['temperatureC', 'supplyVoltageV', 'txBiasMa', 'txPowerDbm', 'rxPowerDbm', 'rxPowerOmaDbm'] as const;
export type ParameterName = (typeof PARAMETER_NAMES)[number];

export interface LimitRange {
  /** Spec (fail) limits; null = unbounded on that side. */
  min: number | null;
  max: number | null;
  /** Warning (marginal) band inside the spec limits; null = none. */
  warnMin?: number | null;
  warnMax?: number | null;
}

/** Case temperature classes of the module data sheets (sff-8472.md, "Spec limits"). */
export const TEMPERATURE_CLASSES = ['commercial', 'extended', 'industrial'] as const;
export type TemperatureClass = (typeof TEMPERATURE_CLASSES)[number];

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
  /** Last ISO date this version applies (inclusive); null/absent = open-ended. The newest effective version wins. */
  effectiveTo?: string | null;
  /** Match order: part-number regexes first, then interface (compliance code names). */
  match: { partNumbers?: string[]; interfaces?: string[] };
  /** Case temperature class, per-lane limits; a missing parameter is judged from the module's own thresholds. */
  limits: Partial<Record<ParameterName, LimitRange>>;
  /** Expected wavelength window in nm for the integrity check. */
  wavelengthNm?: { min: number; max: number } | null;
  /** The standard clause alone, e.g. "IEEE 802.3 clause 52.5"; `source` says it in full. */
  clause?: string;
  /** Temperature limits per case temperature class; `limits.temperatureC` is the default class. */
  temperatureClasses?: Partial<Record<TemperatureClass, LimitRange>>;
  /** Which class `limits.temperatureC` is; 'commercial' when absent. */
  defaultTemperatureClass?: TemperatureClass;
  /** True when the optical limits apply to each lane (multi-lane interfaces such as 100GBASE-SR4). */
  perLane?: boolean;
  /** Why the figures are what they are (warning bands, deviations from the standard). */
  notes?: string;
  /** What counts as a sudden step in a soak (issue 15); absent: SOAK_THRESHOLD_DEFAULTS. */
  soak?: SoakThresholds;
}

/**
 * Soak event thresholds (issue 15) that a limit profile may set. A step is a change of the
 * parameter within `stepWindowMs`: optical power in dB, Tx bias relative to where it was (with an
 * absolute floor, so a module biased at 2 mA does not step on ADC noise).
 */
export interface SoakThresholds {
  powerStepDb?: number;
  biasStepPercent?: number;
  biasStepMinMa?: number;
  stepWindowMs?: number;
}

/**
 * The defaults, documented in docs/soak.md: 2 dB within a second is well above a healthy laser's
 * wander (tenths of a dB) and below the 3 dB of a lost lane or a failing laser; 20 % of bias (at
 * least 1 mA) is a driver or APC loop jumping, not a temperature drift, which takes minutes.
 */
export const SOAK_THRESHOLD_DEFAULTS: Required<SoakThresholds> = { powerStepDb: 2, biasStepPercent: 20, biasStepMinMa: 1, stepWindowMs: 1000 };

export const SoakThresholdsSchema = z
  .object({
    powerStepDb: z.number().min(0.1).max(30).optional(),
    biasStepPercent: z.number().min(1).max(500).optional(),
    biasStepMinMa: z.number().min(0).max(100).optional(),
    stepWindowMs: z.number().int().min(50).max(60_000).optional(),
  })
  .strict();

export interface ParameterVerdict {
  parameter: ParameterName;
  /** 1-based lane for per-lane values; null for module-wide values. */
  lane: number | null;
  /** The measured value in the parameter's unit; null when not measured / not applicable / no light. */
  value: number | null;
  unit: 'degC' | 'V' | 'mA' | 'dBm';
  status: VerdictStatus;
  limit: LimitRange | null;
  /** Where the limit came from: "profile ieee-10gbase-sr v1 (IEEE 802.3 cl. 52.5)" or "module thresholds". */
  limitSource: string;
  /** Why, in words: "Tx power -9.1 dBm below spec minimum -7.3 dBm". */
  reason: string;
  /** The same reason without words, for translated display (absent in runs stored before it existed). */
  reasonCode?: ParameterReasonCode;
  /** The figures `reasonCode` speaks of; which keys depends on the code (see ParameterReasonCode). */
  reasonArgs?: ReasonArgs;
}

/**
 * Why a parameter got its status, language-free. Arguments (ReasonArgs keys) per code:
 * - 'within': value, min, max (null = unbounded), limitKind
 * - 'below-min' / 'above-max': value, bound, limitKind (fail)
 * - 'below-warn' / 'above-warn': value, bound (the warning figure), min, max, limitKind (marginal)
 * - 'no-limit': value, missing (why the module thresholds cannot serve)
 * - 'not-a-number': raw (the reading as text)
 * - 'no-diagnostics' / 'diagnostics-address-change' / 'data-not-ready': none (nothing measured)
 * - 'no-light': lane (null = module-wide), mw, cause (Tx power with the laser off or failed)
 * - 'rx-no-source': none (Rx not judged without a light source or loopback: the technician's choice)
 * - 'rx-no-light': lane (a source is attached but nothing arrives)
 * Not applicable (the module says it does not have it):
 * - 'no-laser': media (a copper cable or BASE-T module: no laser, no receiver optics)
 * - 'not-monitored': source (the declaration that says so, e.g. "SFF-8636 byte 220 bit 2 clear")
 * - 'no-ddm': none (SFF-8472 A0h byte 92 bit 6 clear: no diagnostics at all)
 * - 'data-path-inactive': lane (CMIS: the lane's data path is not activated)
 * Not measured (applies, no valid reading):
 * - 'monitors-not-decoded': standard (the bench does not read this module's monitors yet)
 * - 'lasers-off': mode (SFF-8636 low-power mode: 'low-power' set by byte 93, 'pin' LPMode pin,
 *   'as-is' the technician read without powering up), powerClass
 * - 'laser-bring-up': outcome ('refused' | 'timeout' | 'fault'), detail (the reader's words)
 * - 'tx-disabled': lane, by ('software' SFF-8472 A2h byte 110 bit 6 / SFF-8636 byte 86, 'pin' TX_DISABLE)
 * - 'bias-unconfirmed': none (every lane reads 0 mA and Tx power is not monitored: off, failed or not reported)
 * - 'no-light-media-unknown': lane, mw (no light, but nothing says the module has a laser)
 * - 'supply-out-of-range': value, min, max (the bench's supply, not the module: read again)
 * - 'oma-no-limit': value (Rx power reported as OMA, no OMA limit to judge it by)
 * - 'tx-fault': lane (TX_FAULT asserted on a lane whose power is not monitored)
 */
export type ParameterReasonCode =
  | 'within'
  | 'below-min'
  | 'above-max'
  | 'below-warn'
  | 'above-warn'
  | 'no-limit'
  | 'not-a-number'
  | 'no-diagnostics'
  | 'diagnostics-address-change'
  | 'data-not-ready'
  | 'no-light'
  | 'rx-no-source'
  | 'rx-no-light'
  | 'no-laser'
  | 'not-monitored'
  | 'no-ddm'
  | 'data-path-inactive'
  | 'monitors-not-decoded'
  | 'lasers-off'
  | 'laser-bring-up'
  | 'tx-disabled'
  | 'bias-unconfirmed'
  | 'no-light-media-unknown'
  | 'supply-out-of-range'
  | 'oma-no-limit'
  | 'tx-fault';

/** Whether a limit is a profile figure ('spec') or the module's own alarm thresholds ('alarm'). */
export type LimitKind = 'spec' | 'alarm';
/** Why a module's thresholds could not serve as a limit. */
export type MissingLimitCode = 'no-thresholds' | 'thresholds-not-numbers' | 'thresholds-blank' | 'thresholds-inverted';
/** Why a laser gives no light: TX_DISABLE asserted, TX_FAULT asserted, or neither flag says. */
export type NoLightCause = 'tx-disable' | 'tx-fault' | 'unknown';

/** Arguments of a reason code: numbers in the parameter's unit (rounded as judged), words as codes. */
export interface ReasonArgs {
  value?: number;
  bound?: number;
  min?: number | null;
  max?: number | null;
  limitKind?: LimitKind;
  missing?: MissingLimitCode;
  raw?: string;
  lane?: number | null;
  mw?: number;
  cause?: NoLightCause;
  /** Integrity: a byte value (checksum stored / computed, identifier code). */
  stored?: number;
  computed?: number;
  code?: number;
  /** Integrity: free data shown as is (date code, identifier name, standard, interfaces, windows). */
  name?: string;
  date?: string;
  on?: string;
  standard?: string;
  /** Compliance codes the module claims, ", "-joined; "" when none. */
  claimed?: string;
  /** Expected wavelength windows, e.g. "10GBASE-SR 840-860 nm", " / "-joined. */
  expected?: string;
  nm?: number;
  /** Vendor-field keys ("vendorName", "partNumber", "revision", "serialNumber"), ","-joined. */
  nonPrintable?: string;
  blank?: string;
  /** Applicability: the module's media (MediaKind), the declaration's source, the lane's power mode. */
  media?: string;
  source?: string;
  mode?: string;
  powerClass?: number | null;
  /** Laser bring-up outcome and the reader's words; who disabled Tx ('software' | 'pin'). */
  outcome?: string;
  detail?: string;
  by?: string;
  /** Findings: the date-code layout, bytes as hex ("0xff 0xff"). */
  layout?: string;
  bytes?: string;
}

export type IntegrityCheckName =
  | 'checksumBase'
  | 'checksumExtended'
  | 'checksumDiagnostics'
  | 'vendorFieldsPrintable'
  | 'dateCodeValid'
  | 'wavelengthConsistent'
  | 'identifierKnown';

/**
 * - 'fail': a module fault (a stored checksum that is wrong, confirmed by a second read)
 * - 'unconfirmed': a checksum wrong in an image nobody read twice (a file): read it on the bench
 * - 'finding': an identity oddity (date code layout, non-printable lot, wavelength vs interface,
 *   undecodable identifier): shown and kept, never a failure by itself
 */
export const INTEGRITY_STATUSES = ['pass', 'fail', 'unconfirmed', 'finding', 'not-applicable'] as const;
export type IntegrityStatus = (typeof INTEGRITY_STATUSES)[number];

export interface IntegrityCheck {
  check: IntegrityCheckName;
  status: IntegrityStatus;
  reason: string;
  /** The same reason without words (absent in runs stored before it existed). */
  reasonCode?: IntegrityReasonCode;
  reasonArgs?: ReasonArgs;
}

/**
 * Why an integrity check came out as it did. Arguments per code:
 * - 'checksum-ok': stored; 'checksum-mismatch': stored, computed (confirmed: a fault);
 *   'checksum-unconfirmed': stored, computed (an image read once: not yet a fault)
 * - 'checksum-not-in-image' / 'checksum-no-a2h': none; 'checksum-not-separate': standard
 * - 'vendor-fields-ok': none; 'vendor-fields-bad': nonPrintable, blank (field keys)
 * - 'date-code-ok': raw, date; 'date-code-invalid': raw; 'date-code-future': raw, date, on;
 *   'date-code-layout': raw, date, layout; 'date-code-blank': none; 'lot-code-nonprintable': raw, bytes
 * - 'wavelength-no-window': nm (absent when none given), claimed; 'wavelength-missing': expected; 'wavelength-not-in-image': none;
 *   'wavelength-fits' / 'wavelength-mismatch': nm, expected
 * - 'identifier-ok': code, name, standard; 'identifier-unknown' / 'identifier-undecodable': code, name
 */
export type IntegrityReasonCode =
  | 'checksum-ok'
  | 'checksum-mismatch'
  | 'checksum-unconfirmed'
  | 'checksum-not-in-image'
  | 'checksum-no-a2h'
  | 'checksum-not-separate'
  | 'vendor-fields-ok'
  | 'vendor-fields-bad'
  | 'date-code-ok'
  | 'date-code-invalid'
  | 'date-code-future'
  | 'date-code-layout'
  | 'date-code-blank'
  | 'lot-code-nonprintable'
  | 'wavelength-no-window'
  | 'wavelength-missing'
  | 'wavelength-not-in-image'
  | 'wavelength-fits'
  | 'wavelength-mismatch'
  | 'identifier-ok'
  | 'identifier-unknown'
  | 'identifier-undecodable';

/**
 * What the reader did to turn the lasers on before reading (volatile control bytes only, put
 * back afterwards): SFF-8636 byte 93 power override / high-power-class enable, CMIS byte 26
 * low-power release and page 10h data-path activation. Laser parameters are judged only when
 * the lasers were meant to be on.
 */
export interface LaserBringUp {
  /**
   * - 'not-needed': nothing to bring up (SFP, SFF-8636 power class 1, flat/copper, already high power / ModuleReady)
   * - 'done': brought up, read, and every control byte put back
   * - 'refused': a control write was NACKed or did not take (laser parameters: not-measured)
   * - 'timeout': the module did not reach the state in time (laser parameters: not-measured)
   * - 'fault': the module reported a fault while coming up (CMIS module state 5, byte 41 cause)
   * - 'as-is': the technician chose to read without powering up (laser parameters: not-measured when the lasers are off)
   * - 'unknown': no programmer involved (a file, a stored run): judged from what the image says
   */
  outcome: 'not-needed' | 'done' | 'refused' | 'timeout' | 'fault' | 'as-is' | 'unknown';
  /** In words for the technician (English, stored with the run). */
  detail: string;
  /** Every control byte touched: where, what it was, what was written, whether it was put back. */
  writes: Array<{ page: number; bank: number; offset: number; before: number; written: number; restored: boolean }>;
}

export interface TestSetup {
  /** Rx power is judged only when a light source or loopback was attached. */
  rxLightSource: boolean;
  /** How the lasers were brought up for this read; absent = 'unknown' (file, stored run). */
  laser?: LaserBringUp;
  /**
   * Where the image comes from: 'programmer' = the bench reader, which reads a page again when a
   * checksum is wrong and keeps it only when two reads agree (a wrong checksum is then the
   * EEPROM's: a fault); 'file' (default) = an image read once by someone else, so a wrong
   * checksum may be a transfer error: read the module on the bench to confirm it.
   */
  imageSource?: 'programmer' | 'file';
}

/** A finding: an identity oddity shown with the verdict and kept in the record, never a failure by itself. */
export interface Finding {
  check: IntegrityCheckName;
  reason: string;
  reasonCode: IntegrityReasonCode;
  reasonArgs: ReasonArgs;
}

/** What the technician does next when a run is incomplete (the warranty decision names it too). */
export const NEXT_STEPS = ['check-supply', 'read-again', 'power-up', 'read-on-bench', 'attach-light-source', 'external-test'] as const;
export type NextStep = (typeof NEXT_STEPS)[number];

/**
 * Why a run is incomplete, language-free. Arguments (ReasonArgs) per code:
 * - 'supply-out-of-range': value, min, max
 * - 'data-not-ready', 'monitors-not-read' (A2h / page not in the image), 'diagnostics-address-change',
 *   'monitors-not-decoded': standard
 * - 'lasers-off': mode, powerClass; 'laser-bring-up': outcome, detail; 'tx-disabled': by
 * - 'no-limit': name (the parameters measured without a limit, ","-joined)
 * - 'oma-no-limit', 'bias-unconfirmed', 'no-light-media-unknown': none
 * - 'checksum-unconfirmed': name (the checksums, ","-joined)
 * - 'no-signal-path': media (nothing the read shows judges the signal path: a passive cable, no
 *   diagnostics, Tx power not monitored)
 */
export type IncompleteReasonCode =
  | 'supply-out-of-range'
  | 'data-not-ready'
  | 'monitors-not-read'
  | 'diagnostics-address-change'
  | 'monitors-not-decoded'
  | 'lasers-off'
  | 'laser-bring-up'
  | 'tx-disabled'
  | 'no-limit'
  | 'oma-no-limit'
  | 'bias-unconfirmed'
  | 'no-light-media-unknown'
  | 'checksum-unconfirmed'
  | 'no-signal-path';

export interface IncompleteReason {
  code: IncompleteReasonCode;
  /** In words (English, stored with the run). */
  reason: string;
  args: ReasonArgs;
  /** What to do about it. */
  steps: NextStep[];
}

export interface Evaluation {
  profile: { id: string; version: number; name: string; source: string } | null;
  /** How the profile was chosen: "part number", "interface 10GBASE-SR", "module thresholds", "requested". */
  matchedBy: string;
  verdicts: ParameterVerdict[];
  integrity: IntegrityCheck[];
  /**
   * fail: a confirmed fault (integrity) or a parameter out of spec under a good supply;
   * incomplete: something that applies could not be judged (see `incomplete`); marginal if any
   * marginal; else pass. See docs/verdicts.md.
   */
  overall: OverallVerdict;
  /** For the warranty rule: true only for pass and marginal (an incomplete run is never within spec). */
  withinSpec: boolean;
  /** Identity oddities, apart from failures (absent in runs stored before findings existed). */
  findings?: Finding[];
  /** Why the run is incomplete and what to do; empty unless overall is 'incomplete'. */
  incomplete?: IncompleteReason[];
  /** Everything to do next, in order, when incomplete (the union of `incomplete[].steps`). */
  nextSteps?: NextStep[];
  /** Parameters the technician chose not to judge (Rx power without a light source): named, not failed. */
  notJudged?: ParameterName[];
  /** The test setup the run was judged under (light source, laser bring-up, image source). */
  setup?: TestSetup;
  /**
   * A soak run (issue 15): the verdicts above are the read the soak started with; this is what
   * the soak itself showed. `overall` is 'fail' when it failed, whatever the start read said.
   */
  soak?: SoakJudgement;
}

/** What a soak adds to the read it started with (stored in the soak test run's evaluation). */
export interface SoakJudgement {
  verdict: 'pass' | 'fail' | 'incomplete';
  /** The first fault event as a failure mode, e.g. "soak:flag:rxLos", "soak:step:txPowerDbm"; "none" when it passed. */
  failureMode: string;
  /** Fault events, in the order seen: what failed the soak. */
  faults: { atMs: number; kind: string; parameter: string | null; lane: number | null; detail: string }[];
  durationMs: number;
  samples: number;
}

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected an ISO date YYYY-MM-DD');

export const LimitRangeSchema = z
  .object({
    min: z.number().nullable(),
    max: z.number().nullable(),
    warnMin: z.number().nullable().optional(),
    warnMax: z.number().nullable().optional(),
  })
  .strict()
  // A warning band outside its spec limits would make "marginal" unreachable or mean "fail".
  .superRefine((r, ctx) => {
    const { min, max } = r;
    const warnMin = r.warnMin ?? null;
    const warnMax = r.warnMax ?? null;
    if (min !== null && max !== null && min > max) ctx.addIssue({ code: 'custom', message: `min ${min} is above max ${max}` });
    if (warnMin !== null && min !== null && warnMin < min) ctx.addIssue({ code: 'custom', message: `warnMin ${warnMin} is below the spec min ${min}` });
    if (warnMax !== null && max !== null && warnMax > max) ctx.addIssue({ code: 'custom', message: `warnMax ${warnMax} is above the spec max ${max}` });
    if (warnMin !== null && warnMax !== null && warnMin > warnMax) ctx.addIssue({ code: 'custom', message: `warnMin ${warnMin} is above warnMax ${warnMax}` });
  });

const parameterLimits = z
  .object({
    temperatureC: LimitRangeSchema.optional(),
    supplyVoltageV: LimitRangeSchema.optional(),
    txBiasMa: LimitRangeSchema.optional(),
    txPowerDbm: LimitRangeSchema.optional(),
    rxPowerDbm: LimitRangeSchema.optional(),
    /** Rx power in OMA (receiver sensitivity as the minimum), for modules that report OMA. */
    rxPowerOmaDbm: LimitRangeSchema.optional(),
  })
  .strict();

export const LimitProfileSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, 'ids are lower-case kebab-case'),
    version: z.number().int().positive(),
    name: z.string().min(1),
    source: z.string().min(1),
    effectiveFrom: isoDate.nullable(),
    effectiveTo: isoDate.nullable().optional(),
    match: z
      .object({
        partNumbers: z
          .array(
            z.string().refine((p) => {
              try {
                new RegExp(p);
                return true;
              } catch {
                return false;
              }
            }, 'not a valid regular expression'),
          )
          .optional(),
        interfaces: z.array(z.string().min(1)).optional(),
      })
      .strict(),
    limits: parameterLimits,
    wavelengthNm: z
      .object({ min: z.number().positive(), max: z.number().positive() })
      .strict()
      .refine((w) => w.min <= w.max, 'wavelength min is above max')
      .nullable()
      .optional(),
    clause: z.string().optional(),
    temperatureClasses: z
      .object({ commercial: LimitRangeSchema.optional(), extended: LimitRangeSchema.optional(), industrial: LimitRangeSchema.optional() })
      .strict()
      .optional(),
    defaultTemperatureClass: z.enum(TEMPERATURE_CLASSES).optional(),
    perLane: z.boolean().optional(),
    notes: z.string().optional(),
    soak: SoakThresholdsSchema.optional(),
  })
  .strict()
  .refine((p) => p.effectiveTo == null || p.effectiveFrom == null || p.effectiveFrom <= p.effectiveTo, {
    message: 'effectiveTo is before effectiveFrom',
    path: ['effectiveTo'],
  });

// The schema and the interface must describe the same shape: this fails to compile when they drift.
type _SchemaMatchesInterface = [z.infer<typeof LimitProfileSchema>] extends [LimitProfile]
  ? [LimitProfile] extends [z.infer<typeof LimitProfileSchema>]
    ? true
    : never
  : never;
export const LIMIT_PROFILE_SCHEMA_MATCHES: _SchemaMatchesInterface = true;
