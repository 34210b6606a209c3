// Whether a module read from a programmer has anything live to follow, and if not, what it lacks.
// One rule for main (which refuses the monitor with MODULE_UNSUPPORTED and this reason in the
// details) and the bench page (which disables the button and words the reason in the reader's
// language). Pure: a decoded module in, a reason code out.
import type { DecodedModule } from './module';

/**
 * Why the live monitor cannot run for a read:
 * - `file`: the result came from a dump file, not a module in a programmer.
 * - `address-change`: an SFP whose A2h needs an address-change sequence first (SFF-8472 A0h byte 92 bit 2).
 * - `no-ddm`: an SFP without digital diagnostics (A0h byte 92 bit 6 clear), e.g. a copper DAC or 1000BASE-T.
 * - `flat-memory`: a CMIS module with flat memory (byte 2 bit 7, passive copper cables): no page 11h lane monitors.
 * - `no-monitors`: an SFF-8636 or CMIS module that declares no monitors (SFF-8636 byte 220, CMIS page 01h bytes 159-160).
 * - `no-lane-monitors`: a paged CMIS read without page 11h (its lane monitors were not read).
 * - `no-diagnostics`: no real-time monitors decoded at all (a truncated image, an unknown standard).
 */
export const MONITOR_UNAVAILABLE_REASONS = ['file', 'address-change', 'no-ddm', 'flat-memory', 'no-monitors', 'no-lane-monitors', 'no-diagnostics'] as const;
export type MonitorUnavailableReason = (typeof MONITOR_UNAVAILABLE_REASONS)[number];

/** What the module declares about its monitors: at least one of them implemented. */
function declaresAnyMonitor(m: DecodedModule): boolean | null {
  const d = m.declarations;
  if (d === undefined) return null;
  const x = d.monitors;
  return x.temperature || x.supplyVoltage || x.txBias || x.txPower || x.rxPower;
}

/** The reason the module read from a programmer has nothing live to show, or null when it has. */
export function liveMonitorUnavailable(module: DecodedModule): Exclude<MonitorUnavailableReason, 'file'> | null {
  if (module.problems.some((p) => p.code === 'A2H_ADDRESS_CHANGE')) return 'address-change';
  const any = declaresAnyMonitor(module);
  if (module.standard === 'SFF-8472') {
    if (any === false) return 'no-ddm';
    return module.diagnostics === null ? 'no-diagnostics' : null;
  }
  if (module.standard === 'CMIS') {
    // A flat-memory module has no page 11h whatever page 01h would have said (it has no page 01h either).
    if (module.cmis?.memoryModel === 'flat' || module.declarations?.flatMemory === true) return 'flat-memory';
    if (any === false) return 'no-monitors';
    if (module.diagnostics === null) return 'no-diagnostics';
    return module.diagnostics.lanes.length === 0 ? 'no-lane-monitors' : null;
  }
  if (module.standard === 'SFF-8636') {
    if (any === false) return 'no-monitors';
    return module.diagnostics === null ? 'no-diagnostics' : null;
  }
  return 'no-diagnostics';
}

/** For a read as the bench page holds it: a file first, then what the module lacks. */
export function monitorUnavailableFor(read: { source: string; module: DecodedModule }): MonitorUnavailableReason | null {
  if (read.source !== 'programmer') return 'file';
  return liveMonitorUnavailable(read.module);
}
