// Hardware types the renderer and the IPC layer share with main/hardware (issue 3).
// Pure TypeScript plus zod schemas for the requests main must validate (habit 3).
import { z } from 'zod';
import type { LaserBringUp } from './limits';
import type { DecodedModule, Problem } from './module';

/** The programmers the bench can drive. 'sim' is the in-process simulated bench. */
export const PROGRAMMER_KINDS = ['buspirate', 'usbiss', 'sim'] as const;
export type ProgrammerKind = (typeof PROGRAMMER_KINDS)[number];

/** A serial port as discovered, with the programmer kind when its USB VID:PID is recognised. */
export interface PortInfo {
  path: string;
  /** null when the VID:PID is not one of the known programmers; the port is still listed. */
  kind: Exclude<ProgrammerKind, 'sim'> | null;
  /** Human label, e.g. "Bus Pirate v3 (FTDI)", or null when unknown. */
  label: string | null;
  vendorId: string | null;
  productId: string | null;
  manufacturer: string | null;
  serialNumber: string | null;
}

/** Who did the read: the kind plus a description such as "Bus Pirate on /dev/ttyUSB0". */
export interface ProgrammerInfo {
  kind: ProgrammerKind;
  description: string;
  path: string | null;
  /**
   * What the programmer says it is, as it said it (USB-ISS module id and firmware from its
   * version reply, Bus Pirate "BBIO1" and hardware/firmware banner, "simulated" for the bench
   * simulator): provenance of every read. Absent in runs stored before it existed.
   */
  identity?: string;
}

export type ReadPhase =
  | 'connect'
  | 'identify'
  | 'A0h'
  | 'A2h'
  | 'lower'
  | 'page00h'
  | 'page03h'
  | 'verify'
  | 'done'
  // CMIS: advertising page, bring-up of the lasers (and putting the controls back), thresholds, lane pages, VDM
  | 'page01h'
  | 'bring-up'
  | 'restore'
  | 'page02h'
  | 'lane-pages'
  | 'vdm';

export interface ReadProgress {
  phase: ReadPhase;
  /** Module bytes read so far and the total planned (the plan grows once the module is identified). */
  bytesRead: number;
  bytesTotal: number;
  message: string;
}

/**
 * Something the reader itself noticed (as opposed to the decoder): address change required,
 * a checksum confirmed wrong by a second read, a page that could not be selected, retries.
 * Same shape as a decoder Problem; offsets are in the ethtool layout.
 */
export type ReadNote = Problem;

export interface ReadResult {
  /**
   * Raw image as read. SFP: ethtool's A0h (256) or A0h+A2h (512). SFF-8636: ethtool's lower + page
   * 00h (256), or 640 with page 03h at 512 (pages 01h/02h not read: zero). CMIS: the Optic Bench
   * paged image (main/sff/paged-image.ts: header "OBPG", lower page, then each page and bank it holds).
   */
  image: Uint8Array;
  module: DecodedModule;
  programmer: ProgrammerInfo;
  durationMs: number;
  notes: ReadNote[];
  /** What the reader did to turn the lasers on, and that every control byte was put back. */
  laser?: LaserBringUp;
}

/** One live diagnostic sample, decoded with the module's own calibration. */
export interface LiveLane {
  txBiasMa: number;
  txPowerMw: number;
  txPowerDbm: number | null;
  rxPowerMw: number;
  rxPowerDbm: number | null;
}

export interface LiveReading {
  /** Epoch milliseconds when the sample's bytes arrived. */
  timestamp: number;
  temperatureC: number;
  supplyVoltageV: number;
  lanes: LiveLane[];
  alarms: string[];
  warnings: string[];
}

/** An entry of the simulated module library (resources/modules/index.json). */
export interface SimulatedModuleInfo {
  name: string;
  description: string;
  /** What a technician should see when reading it, e.g. "pass", "Tx power low warning". */
  expected: string;
  /** 'empty': a socket with nothing seated (reading it gives NO_MODULE); 'cmis': QSFP-DD, OSFP, QSFP112. */
  kind: 'sfp' | 'qsfp' | 'cmis' | 'empty';
  file: string;
}

// ---- requests (validated in main before use) ----

/** Ids the renderer may choose for a read (so it can cancel before the first progress event), and monitor / soak ids. */
export const readIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'a read id is 1-64 letters, digits, "-" or "_"');

export const programmerKindSchema = z.enum(PROGRAMMER_KINDS);

export const openProgrammerRequestSchema = z
  .object({
    kind: programmerKindSchema,
    path: z.string().min(1).max(512).optional(),
    module: z.string().min(1).max(128).optional(),
  })
  .strict()
  .refine((r) => r.kind === 'sim' || r.path !== undefined, {
    message: 'a serial port path is required for a real programmer',
    path: ['path'],
  });
export type OpenProgrammerRequest = z.infer<typeof openProgrammerRequestSchema>;

/**
 * Live-monitor rates. The lower bound matters as much as the upper: 1e-9 Hz once passed as
 * "positive", its interval overflowed the timer, and the monitor sampled as fast as it could.
 */
export const MONITOR_MIN_RATE_HZ = 1 / 60;
export const MONITOR_MAX_RATE_HZ = 10;

export const monitorRequestSchema = z
  .object({
    rateHz: z.number().min(MONITOR_MIN_RATE_HZ).max(MONITOR_MAX_RATE_HZ),
  })
  .strict();
export type MonitorRequest = z.infer<typeof monitorRequestSchema>;

/**
 * How a read treats the module. `asIs`: read without bringing the lasers up (no control write at
 * all), as the module sits in the socket; laser parameters of a module in low power are then not
 * measured. The bench request (api.ts) and `read --as-is` carry it.
 */
export const moduleReadOptionsSchema = z
  .object({
    asIs: z.boolean().optional(),
  })
  .strict();
export type ModuleReadOptions = z.infer<typeof moduleReadOptionsSchema>;
