// Bringing a module's lasers up before its laser parameters are judged, through volatile control
// bytes only (control-writes.ts), and putting every one back afterwards.
//
// SFF-8636 (sff-8636.md "Power class and low-power behaviour"): a power class 2+ module whose
// LPMode pin is asserted (a bench that does not drive it) sits in low power with its lasers off.
// Byte 93 = power override + high power (+ the class 5-7 / class 8 enables), settle, read, put 93 back.
//
// CMIS 4.0/5.x (cmis.md "Bring-up on a bench", the sequence of SONiC's xcvrd CMIS manager): hold
// the data paths and lasers, release low power (byte 26), wait for ModuleReady, stage application
// 1 on its lanes and apply it (page 10h), release the data paths, turn the lasers on, wait for
// DataPathActivated; after the read, turn lasers and data paths off again, re-apply the saved
// control set, and put bytes 128, 130 and 26 back. Every wait has the module's advertised
// deadline (page 01h bytes 144, 167, 168) and says where the module stopped when it is missed.
import type { LaserBringUp } from '../../preload/contract/limits';
import type { ReadPhase } from '../../preload/contract/hardware';
import { BenchError } from '../errors';
import { CONFIG_STATUS, CONFIG_STATUSES, DATA_PATH_STATES, DP_STATE, DURATION_CODE_MS, FAULT_CAUSES, MODULE_STATE, MODULE_STATES } from '../sff/cmis-tables';
import { ControlRefused, type ControlRegister, type ControlWriter } from './control-writes';

/** Byte access with deadlines and notes: implemented by the module reader. */
export interface ModuleAccess {
  /** `length` bytes at module address `offset`: the lower page (< 128) or the given page and bank. */
  read(offset: number, length: number, page?: number, bank?: number): Promise<Uint8Array>;
  sleep(ms: number): Promise<void>;
  now(): number;
  note(code: string, message: string, offset?: number | null): void;
  progress(phase: ReadPhase, message: string): void;
  /** Adds room to the whole-read deadline for a wait the module advertises. */
  extendBudget(ms: number): void;
}

export type BringUpOutcome = LaserBringUp['outcome'];

export interface BringUp {
  outcome: BringUpOutcome;
  detail: string;
  /** Puts every control byte back (and waits where the standard says to); null when nothing was written. */
  restore: (() => Promise<void>) | null;
}

/** The bench waits at most this long for any one step, whatever the module advertises. */
export const BRINGUP_STEP_CAP_MS = 20_000;
/** A duration the module does not advertise (code 0 in a field CMIS 4.0 left reserved): FBOSS's 5 s. */
const NOT_ADVERTISED_MS = 5_000;

const hex = (n: number): string => `0x${n.toString(16).padStart(2, '0')}`;

// ---------------------------------------------------------------------------------------------
// SFF-8636

/** Power class from page 00h byte 129 (Table 6-16): bit 5 (class 8) first, then bits 1-0, 7-6. */
export function sff8636PowerClass(ext: number): number {
  if (ext & 0x20) return 8;
  if ((ext & 0x03) !== 0 && (ext >> 6) === 3) return 4 + (ext & 0x03);
  return (ext >> 6) + 1;
}

/** Byte 93 for high power: override on (b0), power set clear (b1), class enables (b2 5-7, b3 8); b7 (reset) never. */
export function sff8636HighPowerByte(before: number, cls: number): number {
  return (before & 0x7c) | 0x01 | (cls >= 5 && cls <= 7 ? 0x04 : 0) | (cls === 8 ? 0x08 : 0);
}

function sff8636IsHighPower(b93: number, cls: number): boolean {
  if ((b93 & 0x03) !== 0x01) return false;
  if (cls >= 5 && cls <= 7 && (b93 & 0x04) === 0) return false;
  if (cls === 8 && (b93 & 0x08) === 0) return false;
  return true;
}

/**
 * SFF-8636 low-power release. `lower` and `page00` are the module as first read. After it returns
 * 'done' the caller reads the lower page again (the monitors live there), then calls restore.
 */
export async function bringUpSff8636(a: ModuleAccess, w: ControlWriter, lower: Uint8Array, page00: Uint8Array, asIs: boolean): Promise<BringUp> {
  const cls = sff8636PowerClass(page00[129 - 128] ?? 0);
  const b93 = lower[93] ?? 0;
  if (cls === 1) return { outcome: 'not-needed', detail: 'Power class 1 (1.5 W, page 00h byte 129): the module has no low-power mode to leave.', restore: null };
  if (sff8636IsHighPower(b93, cls)) {
    return { outcome: 'not-needed', detail: `Power class ${cls}: byte 93 = ${hex(b93)} already sets high power.`, restore: null };
  }
  if (asIs) {
    return {
      outcome: 'as-is',
      detail: `Read as is: power class ${cls} with byte 93 = ${hex(b93)}; unless the LPMode pin is driven low the module is in low power and its lasers are off.`,
      restore: null,
    };
  }
  const reg: ControlRegister = { page: null, bank: 0, offset: 93 };
  const written = sff8636HighPowerByte(b93, cls);
  a.progress('bring-up', `power class ${cls}: byte 93 = ${hex(written)} (high power)`);
  try {
    await w.set(reg, written);
  } catch (e) {
    if (!(e instanceof ControlRefused)) throw e;
    await w.putAllBack();
    return { outcome: 'refused', detail: `The module refused high power: ${e.message}. Laser parameters are not measured.`, restore: null };
  }
  // Settle (sff-8636.md settle times, one source): 300 ms out of low power, then monitors only
  // once Data_Not_Ready (byte 2 bit 0) is clear, and up to 400 ms for the lasers to come on.
  a.extendBudget(2_000);
  await a.sleep(300);
  const notReadyBy = a.now() + 1_000;
  while (((await a.read(2, 1))[0] ?? 0) & 0x01 && a.now() < notReadyBy) await a.sleep(50);
  const lasersBy = a.now() + 400;
  for (;;) {
    const bias = await a.read(42, 8);
    if (bias.some((b) => b !== 0) || a.now() >= lasersBy) break;
    await a.sleep(50);
  }
  return {
    outcome: 'done',
    detail: `Power class ${cls}: byte 93 set from ${hex(b93)} to ${hex(written)} (power override, high power${cls >= 5 ? ', high-power-class enable' : ''}), read, and put back.`,
    restore: async () => {
      a.progress('restore', 'byte 93 back');
      await w.putBack(reg);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// CMIS

interface App {
  appSel: number;
  hostLanes: number;
  mediaLanes: number;
  hostStarts: number[];
  mediaStarts: number[] | null;
}

export interface CmisFacts {
  rev: number;
  flat: boolean;
  mediaType: number;
  state: number;
  faultCause: number;
  control: number;
  banks: number;
  apps: App[];
  txDisableSupported: boolean;
  /** Deadlines in ms from the advertised durations; `advertised` false where the code was 0. */
  durations: Record<'powerUp' | 'powerDown' | 'dpInit' | 'dpDeinit' | 'txOn' | 'txOff', { ms: number; advertised: boolean }>;
}

const bitsOf = (b: number): number[] => [0, 1, 2, 3, 4, 5, 6, 7].filter((i) => (b >> i) & 1).map((i) => i + 1);

export function cmisFacts(lower: Uint8Array, page01: Uint8Array | null): CmisFacts {
  const p1 = (addr: number): number => page01?.[addr - 128] ?? 0;
  const apps: App[] = [];
  for (let k = 1; k <= 8; k++) {
    const at = 86 + 4 * (k - 1);
    const host = lower[at] ?? 0xff;
    if (host === 0xff || (host === 0 && lower[at + 1] === 0 && lower[at + 2] === 0)) break;
    const lanes = lower[at + 2] ?? 0;
    apps.push({ appSel: k, hostLanes: lanes >> 4, mediaLanes: lanes & 0x0f, hostStarts: bitsOf(lower[at + 3] ?? 0), mediaStarts: page01 ? bitsOf(p1(176 + k - 1)) : null });
  }
  const dur = (code: number): { ms: number; advertised: boolean } =>
    code === 0 ? { ms: NOT_ADVERTISED_MS, advertised: false } : { ms: Math.min(BRINGUP_STEP_CAP_MS, DURATION_CODE_MS[code] ?? NOT_ADVERTISED_MS), advertised: true };
  return {
    rev: lower[1] ?? 0,
    flat: ((lower[2] ?? 0) & 0x80) !== 0,
    mediaType: lower[85] ?? 0,
    state: ((lower[3] ?? 0) >> 1) & 0x07,
    faultCause: lower[41] ?? 0,
    control: lower[26] ?? 0,
    banks: page01 ? ([1, 2, 4, 1][p1(142) & 0x03] ?? 1) : 1,
    apps,
    txDisableSupported: page01 ? (p1(155) & 0x02) !== 0 : true,
    durations: {
      powerUp: dur(p1(167) & 0x0f),
      powerDown: dur(p1(167) >> 4),
      dpInit: dur(p1(144) & 0x0f),
      dpDeinit: dur(p1(144) >> 4),
      txOn: dur(p1(168) & 0x0f),
      txOff: dur(p1(168) >> 4),
    },
  };
}

/** The lanes of application 1 in a bank: host lanes, media lanes, and each host lane's control set. */
export function appLanes(app: App): { hostMask: number; mediaMask: number; staged: Map<number, number> } {
  let hostMask = 0;
  let mediaMask = 0;
  const staged = new Map<number, number>();
  app.hostStarts.forEach((s, instance) => {
    const lanes = [...Array(app.hostLanes).keys()].map((i) => s + i).filter((h) => h <= 8);
    if (lanes.some((h) => hostMask & (1 << (h - 1)))) return; // overlapping instance: one data path per lane
    for (const h of lanes) {
      hostMask |= 1 << (h - 1);
      // CMIS 5.2 Table 8-67: AppSel in bits 7-4, DataPathID (first lane - 1) in bits 3-1, EC 0.
      staged.set(h, (app.appSel << 4) | ((s - 1) << 1));
    }
    const mStart = app.mediaStarts?.[instance] ?? instance * app.mediaLanes + 1;
    for (let m = mStart; m < mStart + app.mediaLanes && m <= 8; m++) mediaMask |= 1 << (m - 1);
  });
  return { hostMask, mediaMask, staged };
}

function dpStates(p11: Uint8Array): number[] {
  // Page 11h bytes 128-131: a nibble per host lane, lane 1 in the low nibble of 128.
  return [0, 1, 2, 3, 4, 5, 6, 7].map((i) => ((p11[i >> 1] ?? 0) >> (4 * (i % 2))) & 0x0f);
}

const stateName = (s: number): string => MODULE_STATES[s] ?? `reserved state ${s}`;
const dpName = (s: number): string => DATA_PATH_STATES[s] ?? `reserved data-path state ${s}`;

/** Polls until `check` says done or failed, or the deadline passes; `last` describes where it stopped. */
async function waitFor(a: ModuleAccess, deadlineMs: number, check: () => Promise<{ done: boolean; fail?: string; last: string }>): Promise<{ ok: boolean; fail?: string; last: string; ms: number }> {
  const margin = Math.round(deadlineMs * 0.25) + 300; // serial latency of the polls themselves
  a.extendBudget(deadlineMs + margin);
  const started = a.now();
  const end = started + deadlineMs + margin;
  const poll = Math.max(20, Math.min(100, Math.round(deadlineMs / 10)));
  for (;;) {
    const r = await check();
    if (r.done) return { ok: true, last: r.last, ms: a.now() - started };
    if (r.fail !== undefined) return { ok: false, fail: r.fail, last: r.last, ms: a.now() - started };
    if (a.now() >= end) return { ok: false, last: r.last, ms: a.now() - started };
    await a.sleep(poll);
  }
}

const lowerReg = (offset: number): ControlRegister => ({ page: null, bank: 0, offset });
const p10Reg = (bank: number, offset: number): ControlRegister => ({ page: 0x10, bank, offset });

/**
 * CMIS bring-up of application 1 on every supported bank. `lower` and `page01` are the module as
 * first read. After 'done' the caller reads what it judges, then calls restore.
 */
export async function bringUpCmis(a: ModuleAccess, w: ControlWriter, f: CmisFacts, asIs: boolean): Promise<BringUp> {
  if (f.flat || f.mediaType === 0x03) {
    return { outcome: 'not-needed', detail: `${f.flat ? 'Flat memory (byte 2 bit 7)' : 'Passive copper cable (byte 85 = 0x03)'}: no lasers to bring up.`, restore: null };
  }
  if (f.state === MODULE_STATE.fault) {
    return { outcome: 'fault', detail: `The module is in ModuleFault: ${FAULT_CAUSES[f.faultCause] ?? `cause ${hex(f.faultCause)}`} (byte 41 = ${hex(f.faultCause)}).`, restore: null };
  }
  const app = f.apps[0];
  if (!app || app.hostLanes === 0) return { outcome: 'refused', detail: 'The module advertises no application (byte 86): there is no data path to activate.', restore: null };
  const lanes = appLanes(app);
  const legacy = f.rev < 0x40; // CMIS 3.0: page 10h byte 128 is DataPathPwrUp (1 = up), not DPDeinit
  const holdValue = legacy ? 0x00 : 0xff;
  const releaseValue = legacy ? lanes.hostMask : 0xff & ~lanes.hostMask;

  const bankStates = async (bank: number): Promise<number[]> => dpStates(await a.read(128, 4, 0x11, bank));
  const appUp = async (): Promise<boolean> => {
    for (let bank = 0; bank < f.banks; bank++) {
      const st = await bankStates(bank);
      if (!bitsOf(lanes.hostMask).every((h) => st[h - 1] === DP_STATE.activated)) return false;
      const txOff = (await a.read(130, 1, 0x10, bank))[0] ?? 0;
      if (txOff & lanes.mediaMask) return false;
    }
    return true;
  };

  if (f.state === MODULE_STATE.ready && (await appUp())) {
    return { outcome: 'not-needed', detail: 'The module is in ModuleReady with the data paths of application 1 activated and lasers on.', restore: null };
  }
  if (asIs) {
    return {
      outcome: 'as-is',
      detail: `Read as is: the module is in ${stateName(f.state)}${f.state === MODULE_STATE.ready ? ' but not all data paths of application 1 are activated' : ''}; its lasers may be off.`,
      restore: null,
    };
  }

  const steps: string[] = [];
  const fail = async (outcome: BringUpOutcome, detail: string): Promise<BringUp> => {
    // Whatever went wrong, nothing the bench changed stays changed.
    await restoreCmis(a, w, f, lanes, legacy);
    return { outcome, detail: `${detail} Laser parameters are not measured; the control bytes were put back.`, restore: null };
  };
  const refused = (e: unknown): Promise<BringUp> => {
    if (e instanceof ControlRefused) return fail('refused', `The module refused a control write: ${e.message}.`);
    throw e;
  };
  const moduleState = async (): Promise<number> => (((await a.read(3, 1))[0] ?? 0) >> 1) & 0x07;
  const faultNow = async (): Promise<string> => {
    const cause = (await a.read(41, 1))[0] ?? 0;
    return `${FAULT_CAUSES[cause] ?? `cause ${hex(cause)}`} (byte 41 = ${hex(cause)})`;
  };

  try {
    // 1. Transitional state: let it settle first.
    if (f.state === MODULE_STATE.powerUp || f.state === MODULE_STATE.powerDown) {
      const d = f.state === MODULE_STATE.powerUp ? f.durations.powerUp : f.durations.powerDown;
      a.progress('bring-up', `waiting for ${stateName(f.state)} to end`);
      const r = await waitFor(a, d.ms, async () => {
        const s = await moduleState();
        return { done: s === MODULE_STATE.lowPower || s === MODULE_STATE.ready, fail: s === MODULE_STATE.fault ? 'fault' : undefined, last: stateName(s) };
      });
      if (r.fail === 'fault') return { outcome: 'fault', detail: `The module went to ModuleFault: ${await faultNow()}.`, restore: null };
      if (!r.ok) return { outcome: 'timeout', detail: `The module stayed in ${r.last} for ${r.ms} ms (advertised at most ${d.ms} ms).`, restore: null };
    }
    const startState = await moduleState();

    // 2. Hold the data paths and lasers so leaving low power does not start them on its own.
    a.progress('bring-up', 'holding data paths and lasers');
    for (let bank = 0; bank < f.banks; bank++) {
      await w.set(p10Reg(bank, 128), holdValue);
      if (f.txDisableSupported) await w.set(p10Reg(bank, 130), 0xff);
    }
    steps.push(`page 10h byte 128 = ${hex(holdValue)}${f.txDisableSupported ? ', byte 130 = 0xff' : ''} (hold)`);
    if (startState === MODULE_STATE.ready) {
      const r = await waitFor(a, f.durations.dpDeinit.ms, async () => {
        const st = await Promise.all([...Array(f.banks).keys()].map(bankStates));
        const bad = st.flat().find((s) => s !== DP_STATE.deactivated);
        return { done: bad === undefined, last: dpName(bad ?? DP_STATE.deactivated) };
      });
      if (!r.ok) return await fail('timeout', `The data paths did not deactivate within ${f.durations.dpDeinit.ms} ms (stuck in ${r.last}).`);
    }

    // 3. Leave low power: clear LowPwrAllowRequestHW (b6) and LowPwrRequestSW (b4); keep the rest, never SoftwareReset.
    if (startState === MODULE_STATE.lowPower) {
      const control = f.control & ~(legacy ? 0x10 : 0x50) & ~0x08;
      a.progress('bring-up', `releasing low power (byte 26 = ${hex(control)})`);
      await w.set(lowerReg(26), control);
      steps.push(`byte 26 ${hex(f.control)} -> ${hex(control)}`);
      const d = f.durations.powerUp;
      const r = await waitFor(a, d.ms, async () => {
        const s = await moduleState();
        return { done: s === MODULE_STATE.ready, fail: s === MODULE_STATE.fault ? 'fault' : undefined, last: stateName(s) };
      });
      if (r.fail === 'fault') return await fail('fault', `The module went to ModuleFault while powering up: ${await faultNow()}.`);
      if (!r.ok) {
        return await fail(
          'timeout',
          `The module stayed in ${r.last} after low power was released (byte 26 = ${hex(control)}); it did not reach ModuleReady within ${r.ms} ms (${d.advertised ? `advertised at most ${d.ms} ms, page 01h byte 167` : `not advertised; the bench waited ${d.ms} ms`}).`,
        );
      }
      steps.push(`ModuleReady after ${r.ms} ms`);
    }

    // 4. Stage application 1 on its host lanes and apply it (ApplyDPInit).
    a.progress('bring-up', `configuring application ${app.appSel} on host lanes ${bitsOf(lanes.hostMask).join(' ')}`);
    for (let bank = 0; bank < f.banks; bank++) {
      for (const [h, v] of lanes.staged) await w.set(p10Reg(bank, 145 + h - 1), v);
      await w.set(p10Reg(bank, 143), lanes.hostMask);
    }
    const cfg = await waitFor(a, 1_000, async () => {
      for (let bank = 0; bank < f.banks; bank++) {
        const cs = await a.read(202, 4, 0x11, bank);
        for (const h of bitsOf(lanes.hostMask)) {
          const v = ((cs[(h - 1) >> 1] ?? 0) >> (4 * ((h - 1) % 2))) & 0x0f;
          if (v === CONFIG_STATUS.inProgress || v === CONFIG_STATUS.undefined) return { done: false, last: CONFIG_STATUSES[v] ?? String(v) };
          if (v !== CONFIG_STATUS.success) return { done: false, fail: CONFIG_STATUSES[v] ?? `status ${v}`, last: `host lane ${8 * bank + h}` };
        }
      }
      return { done: true, last: 'ConfigSuccess' };
    });
    if (cfg.fail !== undefined) return await fail('refused', `The module rejected application ${app.appSel}: ${cfg.fail} on ${cfg.last} (page 11h bytes 202-205).`);
    if (!cfg.ok) return await fail('timeout', `The configuration of application ${app.appSel} did not complete (${cfg.last}).`);

    // 5. Release the data paths, then the lasers of the media lanes.
    a.progress('bring-up', 'activating data paths');
    for (let bank = 0; bank < f.banks; bank++) await w.set(p10Reg(bank, 128), releaseValue);
    for (let bank = 0; bank < f.banks && f.txDisableSupported; bank++) await w.set(p10Reg(bank, 130), 0xff & ~lanes.mediaMask);
    const d = { ms: Math.min(BRINGUP_STEP_CAP_MS, f.durations.dpInit.ms + f.durations.txOn.ms), advertised: f.durations.dpInit.advertised };
    const act = await waitFor(a, d.ms, async () => {
      for (let bank = 0; bank < f.banks; bank++) {
        const st = await bankStates(bank);
        const lag = bitsOf(lanes.hostMask).find((h) => st[h - 1] !== DP_STATE.activated);
        if (lag !== undefined) return { done: false, last: `${dpName(st[lag - 1] ?? 0)} on host lane ${8 * bank + lag}` };
      }
      return { done: true, last: 'DataPathActivated' };
    });
    if (!act.ok) {
      return await fail(
        'timeout',
        `The data paths did not reach DataPathActivated within ${act.ms} ms: ${act.last} (advertised DataPathInit + TxTurnOn at most ${d.ms} ms, page 01h bytes 144, 168).`,
      );
    }
    steps.push(`DataPathActivated after ${act.ms} ms`);
  } catch (e) {
    if (e instanceof ControlRefused) return refused(e);
    if (e instanceof BenchError) {
      // A transfer failure mid-sequence: put back what can be, then report the failure itself.
      await restoreCmis(a, w, f, lanes, legacy).catch(() => {});
    }
    throw e;
  }
  return {
    outcome: 'done',
    detail: `Brought up application ${app.appSel} (${bitsOf(lanes.hostMask).length} host lanes, media lanes ${bitsOf(lanes.mediaMask).join(' ')}): ${steps.join('; ')}; read; controls put back.`,
    restore: () => restoreCmis(a, w, f, lanes, legacy),
  };
}

/**
 * cmis.md "Restore": lasers off, data paths held, the saved control set re-applied, then bytes
 * 128, 130 and 26 as they were. Waits are best effort: a module slow to go back down is still
 * put back, and verify() in the caller records what each byte holds.
 */
async function restoreCmis(a: ModuleAccess, w: ControlWriter, f: CmisFacts, lanes: ReturnType<typeof appLanes>, legacy: boolean): Promise<void> {
  if (!w.touched) return;
  a.progress('restore', 'putting the control bytes back');
  const quiet = async (fn: () => Promise<void>): Promise<void> => {
    try {
      await fn();
    } catch (e) {
      if (!(e instanceof ControlRefused)) throw e;
    }
  };
  for (let bank = 0; bank < f.banks; bank++) {
    if (w.before(p10Reg(bank, 130)) !== undefined) await quiet(() => w.set(p10Reg(bank, 130), 0xff));
  }
  for (let bank = 0; bank < f.banks; bank++) {
    if (w.before(p10Reg(bank, 128)) !== undefined) await quiet(() => w.set(p10Reg(bank, 128), legacy ? 0x00 : 0xff));
  }
  await waitFor(a, f.durations.txOff.ms + f.durations.dpDeinit.ms, async () => {
    for (let bank = 0; bank < f.banks; bank++) {
      const st = dpStates(await a.read(128, 4, 0x11, bank));
      if (bitsOf(lanes.hostMask).some((h) => st[h - 1] !== DP_STATE.deactivated)) return { done: false, last: 'data paths still up' };
    }
    return { done: true, last: 'DataPathDeactivated' };
  });
  for (let bank = 0; bank < f.banks; bank++) {
    let staged = false;
    for (const h of lanes.staged.keys()) {
      if (w.before(p10Reg(bank, 145 + h - 1)) !== undefined) {
        await w.putBack(p10Reg(bank, 145 + h - 1));
        staged = true;
      }
    }
    // Re-apply the saved staged set so the active control set is what the module had.
    if (staged) await quiet(() => w.set(p10Reg(bank, 143), lanes.hostMask));
  }
  const c = w.before(lowerReg(26));
  const lowPowerAgain = c !== undefined && (c & (legacy ? 0x10 : 0x50)) !== 0;
  const putBackLanes = async (): Promise<void> => {
    for (let bank = 0; bank < f.banks; bank++) {
      await w.putBack(p10Reg(bank, 128));
      await w.putBack(p10Reg(bank, 130));
    }
  };
  if (!lowPowerAgain) {
    await putBackLanes();
    await w.putBack(lowerReg(26));
    return;
  }
  // The module was in low power: send it back there first, so putting 128 and 130 back (data
  // paths not held, lasers not disabled: the power-on defaults) cannot light a laser on the way.
  await w.putBack(lowerReg(26));
  // The LPMode pin asks through byte 26 bit 6; a module whose pin is not asserted stays up, and
  // that is not a failure: verify() still records what each byte holds.
  await waitFor(a, f.durations.powerDown.ms, async () => {
    const s = (((await a.read(3, 1))[0] ?? 0) >> 1) & 0x07;
    return { done: s === MODULE_STATE.lowPower, last: stateName(s) };
  });
  await putBackLanes();
}
