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
}

/** `read --json` output: the decoded module plus the raw image as hex in the ethtool layout. */
export interface ReadModuleResult extends DecodedModule {
  raw: string;
}
