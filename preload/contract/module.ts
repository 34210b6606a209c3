// The decoded module: the output of main/sff/ and of `optic-bench decode --json`.
// This shape is a public contract (CLI JSON, IPC, stored test runs): add fields, never rename.
// Pure TypeScript: no electron, no node:*, nothing platform-specific.

export type Standard = 'SFF-8472' | 'SFF-8636' | 'CMIS' | 'unknown';

/** A coded value from an SFF-8024 (or similar) table, with its name. */
export interface CodeName {
  code: number;
  name: string;
}

/**
 * Something wrong or odd about an image. Decoders never throw on bad bytes: they decode what
 * they can and say what they could not. `offset` is the byte offset in the image (ethtool
 * layout) the problem is about, or null when it concerns the image as a whole.
 */
export interface Problem {
  code: string;
  message: string;
  offset: number | null;
}

export interface Checksum {
  stored: number;
  computed: number;
  ok: boolean;
}

export interface Lengths {
  smfKm: number;
  smfM: number;
  om1M: number;
  om2M: number;
  om3M: number;
  om4M: number;
  copperM: number;
}

export interface VendorInfo {
  name: string;
  /** "00:90:65" */
  oui: string;
  partNumber: string;
  revision: string;
  serialNumber: string;
  /** Raw date code as stored, trimmed (YYMMDD plus optional lot characters). */
  dateCode: string;
  /** ISO date from the date code, or null when the code is not a valid date. */
  manufactureDate: string | null;
  /**
   * How the date code was written: the standard's 'YYMMDD' (plus lot), 'YYYYMMDD', 'separated'
   * (spaces or - / . between the parts), 'unreadable' or 'blank'. Anything but YYMMDD is a
   * finding, never a fault. Absent in runs stored before it existed.
   */
  dateCodeLayout?: DateCodeLayout;
  /** Lot bytes (after the date) that are neither printable nor padding, e.g. 0xFF of an unprogrammed EEPROM. */
  lotNonPrintable?: number[];
}

export type DateCodeLayout = 'YYMMDD' | 'YYYYMMDD' | 'separated' | 'unreadable' | 'blank';

export interface ThresholdSet {
  highAlarm: number;
  lowAlarm: number;
  highWarning: number;
  lowWarning: number;
}

export interface Thresholds {
  temperatureC: ThresholdSet;
  supplyVoltageV: ThresholdSet;
  txBiasMa: ThresholdSet;
  txPowerMw: ThresholdSet;
  rxPowerMw: ThresholdSet;
}

export interface LaneReading {
  txBiasMa: number;
  txPowerMw: number;
  /** null when the power is zero ("no light"): never a number for zero power. */
  txPowerDbm: number | null;
  rxPowerMw: number;
  rxPowerDbm: number | null;
  /**
   * CMIS: whether this lane's data path is activated (page 11h state 4); a lane that is not
   * is not judged. Absent where the standard has no data-path state (SFF-8472, SFF-8636).
   */
  dataPathActive?: boolean;
}

/** Names of alarm/warning flags; per-lane ones (SFF-8636) carry a lane suffix, e.g. "rxPowerLowLane2". */
export type FlagName = string;

export interface Diagnostics {
  calibration: 'internal' | 'external';
  rxPowerMeasurement: 'average' | 'oma';
  temperatureC: number;
  supplyVoltageV: number;
  lanes: LaneReading[];
  /** null when the image holds no thresholds (e.g. QSFP without page 03h). */
  thresholds: Thresholds | null;
  flags: { alarms: FlagName[]; warnings: FlagName[] };
  /** Status bits where the standard defines them (SFF-8472 A2h byte 110; SFF-8636 byte 2/3-4). */
  status?: {
    txDisable?: boolean;
    softTxDisable?: boolean;
    txFault?: boolean;
    rxLos?: boolean;
    dataNotReady?: boolean;
    /** SFF-8636 per-lane LOS / fault flags. */
    rxLosLanes?: boolean[];
    txFaultLanes?: boolean[];
    /** SFF-8636 byte 86 bits 3-0: Tx disabled by software, per lane (lane 1 = bit 0). */
    softTxDisableLanes?: boolean[];
    /**
     * SFF-8636 byte 93 with the power class: 'low-power' when the control bytes keep the module
     * in low power (Power_override with Power_set, or a class 5-8 module without its
     * High_Power_Class_Enable bit), 'high-power' when they release it, 'pin' when the LPMode pin
     * decides (Power_override clear: the image cannot say which). Absent for SFP and class 1.
     */
    powerMode?: 'low-power' | 'high-power' | 'pin';
  };
}

/**
 * How the module carries the signal, from its own bytes (SFF-8472 A0h bytes 3-10 and 60-61,
 * SFF-8636 byte 131 and byte 147 transmitter technology, CMIS lower-page byte 85 media type and
 * page 00h byte 212). Decides which laser parameters apply: a passive copper cable has no laser.
 */
export type MediaKind = 'optical' | 'active-optical-cable' | 'passive-copper' | 'active-copper' | 'base-t' | 'unknown';

/**
 * What the module itself declares, decoded before anything is judged (DESIGN.md "Applicability
 * before judgment"). main/limits judges only what these say exists. Filled by every decoder;
 * absent only in test runs stored before it existed.
 */
export interface Declarations {
  media: MediaKind;
  /** True when the module has a transmitter the bench can judge (optics, AOCs); false for copper. */
  hasLaser: boolean;
  /** Which real-time monitors the module implements (SFF-8472 A0h byte 92, SFF-8636 byte 220, CMIS 01h bytes 159-160). */
  monitors: { temperature: boolean; supplyVoltage: boolean; txBias: boolean; txPower: boolean; rxPower: boolean };
  /** How Rx power is reported (SFF-8472 byte 92 bit 3, SFF-8636 byte 220 bit 3, CMIS 01h byte 151 bit 4). */
  rxPowerMeasurement: 'average' | 'oma';
  /** Flat memory (SFF-8636 byte 2 bit 2, CMIS byte 2 bit 7): no pages beyond 00h. null for SFF-8472. */
  flatMemory: boolean | null;
  /** Power class 1-8 (SFF-8636 byte 129 bits 7-6 and 1-0, byte 107; CMIS 00h byte 200); null for SFP. */
  powerClass: number | null;
  /** The bytes each declaration was read from, for the reports: "SFF-8636 byte 220 = 0x0c". */
  sources: string[];
}

/** A memory page as an image holds it. Banked pages (CMIS 10h and up) repeat per bank of 8 lanes. */
export interface PageRef {
  page: number;
  /** 0 for unbanked pages (CMIS 00h-0Fh, every SFF-8636 page). */
  bank: number;
}

/**
 * One application a CMIS module advertises (lower page bytes 86-117, page 01h bytes 223-250): a
 * host electrical interface paired with a media interface. Its AppSel code is what page 10h's
 * staged control set selects (CMIS 5.2 section 6.2.1, Table 8-23).
 */
export interface CmisApplication {
  /** AppSel code 1-15: the descriptor's position in the advertisement. */
  appSel: number;
  /** SFF-8024 Table 4-5 host electrical interface ID and its name. */
  hostInterface: CodeName;
  /** Media interface ID, named from the SFF-8024 table the media type (byte 85) selects (Tables 4-6 to 4-10). */
  mediaInterface: CodeName;
  hostLaneCount: number;
  mediaLaneCount: number;
  /** Host lanes (1-based) on which an instance may start (descriptor byte 4, bit i = lane i+1). */
  hostLaneStarts: number[];
  /** Media lanes on which an instance may start (page 01h byte 176 + AppSel - 1); null without page 01h. */
  mediaLaneStarts: number[] | null;
}

/** A host lane's data path as page 11h reports it (CMIS 5.2 section 8.9.2, Tables 8-75 and 8-90). */
export interface CmisDataPath {
  /** Host lane, 1-based across banks (bank b holds lanes 8b+1..8b+8). */
  hostLane: number;
  /** Data path state (11h bytes 128-131, one nibble per lane): 1 Deactivated ... 4 Activated ... 7 Initialized. */
  state: CodeName;
  /** Active control set (11h bytes 206-213): AppSel 1-15, null when the lane is not in any data path. */
  appSel: number | null;
  /** First host lane of the data path this lane belongs to, 1-based; null when not configured. */
  firstLane: number | null;
  /** Result of the last configuration command (11h bytes 202-205), null when undefined. */
  configStatus: CodeName | null;
}

/** A media lane: the one whose Tx bias, Tx and Rx power diagnostics.lanes[lane - 1] holds. */
export interface CmisLane {
  /** Media lane, 1-based across banks. */
  lane: number;
  /** State of the data path carrying this media lane (from its first host lane). */
  dataPathState: CodeName;
  dataPathActive: boolean;
  /** OutputDisableTx (page 10h byte 130): the host turned this laser off; null when page 10h is absent. */
  txOutputDisabled: boolean | null;
  /** Latched lane flags of page 11h (bytes 135-138, 147-148) that are set: "txFault", "txLos", "txCdrLol", "txAdaptiveEqFail", "rxLos", "rxCdrLol". */
  flags: string[];
}

/** One versatile diagnostics monitor observable (CMIS 5.2 section 8.22, pages 20h-2Fh). */
export interface CmisVdmObservable {
  /** Observable number 1-256 (group g holds 64g+1 .. 64g+64). */
  index: number;
  /** Observable type ID and name (CMIS Table 8-171), e.g. 15 "Pre-FEC BER current value, media input". */
  type: CodeName;
  /** Lane it monitors, 1-based (descriptor bits 3-0 plus one). */
  lane: number;
  /** 'degC', 'dB', 'ratio' (BER, errored frames), '%', 'MHz', 'ps', 'dBm' ...; '' when the type is not known. */
  unit: string;
  /** Scaled value; null when the type's encoding is not known. */
  value: number | null;
  /** Threshold set (pages 28h-2Bh) in the same unit; null when the page is absent. */
  thresholds: ThresholdSet | null;
  /** Latched flags (page 2Ch) that are set: "highAlarm", "lowAlarm", "highWarning", "lowWarning". */
  flags: string[];
}

/** An advertised maximum duration (CMIS 5.2 Table 8-47 codes): the bench's deadline for that step. */
export interface CmisDuration {
  code: number;
  /** Upper bound of the code in ms; null for a reserved code. */
  maxMs: number | null;
}

/**
 * What only CMIS modules (QSFP-DD, OSFP, QSFP112, ...) have, decoded from the lower page and pages
 * 00h, 01h, 02h, 10h, 11h and the VDM pages 20h-2Fh. The common parts (identity, module monitors,
 * diagnostics.lanes, thresholds) are in DecodedModule as for every standard; this is the rest.
 * Absent for other standards and in runs stored before it existed.
 */
export interface CmisDetail {
  /** Revision compliance (byte 1), e.g. "5.2". */
  revision: string;
  /** Byte 2 bit 7: 'flat' modules (passive copper) have the lower page and page 00h only. */
  memoryModel: 'flat' | 'paged';
  /** Maximum two-wire clock the module advertises (byte 2), kHz; null when the code is reserved. */
  maxTwiSpeedKhz: number | null;
  /** Module state (byte 3 bits 3-1): ModuleLowPwr, ModulePwrUp, ModuleReady, ModulePwrDn, ModuleFault. */
  moduleState: CodeName;
  /** Fault cause (byte 41) when the module state is ModuleFault, else null. */
  moduleFaultCause: CodeName | null;
  /** Byte 3 bit 0 = 0: IntL asserted (something latched). */
  interruptAsserted: boolean;
  /** Byte 26 low-power controls as read. */
  lowPower: { allowRequestHw: boolean; requestSw: boolean };
  /** "major.minor"; null when not given (00.00). Active: lower bytes 39-40; inactive and hardware: page 01h bytes 128-131. */
  firmware: { active: string | null; inactive: string | null; hardware: string | null };
  /** Byte 85 (SFF-8024 Table 4-11 module media type). */
  mediaType: CodeName;
  /** Page 00h byte 212 media interface technology. */
  mediaTechnology: CodeName;
  applications: CmisApplication[];
  /** Page 00h byte 200 bits 7-5 plus one, and byte 201 x 0.25 W. */
  powerClass: number;
  maxPowerW: number;
  /** Page 00h byte 202 cable assembly length in m; null for "more than 6.3 km" (FFh). */
  cableLengthM: number | null;
  /** Page 01h byte 133 in m (OM5 has no field in the common lengths). */
  om5M: number;
  /** Page 01h bytes 140-141 x 0.005 nm; null without page 01h or for copper. */
  wavelengthToleranceNm: number | null;
  /** Page 00h bytes 190-199; null when blank. */
  cleiCode: string | null;
  /** Banks the module supports (page 01h byte 142 bits 1-0: 1, 2 or 4). */
  banks: number;
  /** Pages the image holds, and pages the module advertises that it does not hold. */
  pages: PageRef[];
  missingPages: PageRef[];
  /** Page 01h byte 160 bits 4-3: Tx bias monitor LSB is 2 uA times this. */
  txBiasMultiplier: number;
  /** Page 01h bytes 159-160: which monitors are implemented. */
  monitorsSupported: {
    temperature: boolean; supplyVoltage: boolean; aux1: boolean; aux2: boolean; aux3: boolean; custom: boolean;
    txBias: boolean; txPower: boolean; rxPower: boolean;
  };
  /** Lower bytes 18-23 as page 01h byte 145 says to read them (TEC current, laser temperature, Vcc2). */
  auxMonitors: Array<{ name: 'aux1' | 'aux2' | 'aux3'; meaning: string; value: number; unit: string }>;
  /** Advertised maximum durations (page 01h bytes 144, 167, 168). */
  durations: {
    modulePowerUp: CmisDuration; modulePowerDown: CmisDuration;
    dataPathInit: CmisDuration; dataPathDeinit: CmisDuration;
    txTurnOn: CmisDuration; txTurnOff: CmisDuration;
  };
  /** Latched module flags that are set (bytes 8-11), e.g. "moduleStateChanged", "aux2HighAlarm". */
  moduleFlags: string[];
  dataPaths: CmisDataPath[];
  lanes: CmisLane[];
  /** VDM observables (page 01h byte 142 bit 6), null when the module has none or the pages are absent. */
  vdm: { groups: number; observables: CmisVdmObservable[] } | null;
  /** Page checksums of pages 01h (bytes 130-254) and 02h (bytes 128-254) in byte 255. */
  pageChecksums: Array<{ page: number; stored: number; computed: number; ok: boolean }>;
  /** CDB instances (page 01h byte 163 bits 7-6): firmware upgrade support; null without page 01h. */
  cdbInstances: number | null;
}

export interface DecodedModule {
  standard: Standard;
  /** What the module declares it has (see Declarations); absent in runs stored before it existed. */
  declarations?: Declarations;
  identifier: CodeName;
  connector: CodeName;
  encoding: CodeName;
  /** Compliance code names, e.g. "10GBASE-SR", "1000BASE-T", "25GBASE-SR", "Passive cable". */
  compliance: string[];
  /** Nominal signalling rate in MBd, or null when not specified. */
  nominalBitRateMbd: number | null;
  /** Laser wavelength in nm, or null for copper/cables or when not given. */
  wavelengthNm: number | null;
  lengths: Lengths;
  vendor: VendorInfo;
  checksums: {
    base: Checksum | null;
    extended: Checksum | null;
    diagnostics: Checksum | null;
  };
  diagnostics: Diagnostics | null;
  problems: Problem[];
  /**
   * Further decoded detail (options, enhanced options, diagnostic monitoring type bits,
   * SFF-8472 revision, extended identifier, device technology, external calibration constants...).
   * Free-form per standard; displayed as-is in the UI and reports.
   */
  details?: Record<string, unknown>;
  /** CMIS only: module and data-path state, applications, firmware, lanes, VDM (see CmisDetail). */
  cmis?: CmisDetail;
}

/** `read --json` output: the decoded module plus the raw image as hex in the ethtool layout. */
export interface ReadModuleResult extends DecodedModule {
  raw: string;
}
