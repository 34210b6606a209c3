import { REPAIR_STATUSES, TRANSITIONS, type CaseDetail, type RepairStatus } from '../../../../preload/contract/records';

export { REPAIR_STATUSES };

/**
 * The steps offered as buttons on a case. Leaving awaiting-decision happens only through the
 * warranty decision (the contract's TRANSITIONS note), so that status offers no transition
 * button: the Decide button moves the case to the status its decision implies.
 */
export function manualTransitions(status: RepairStatus): readonly RepairStatus[] {
  if (status === 'awaiting-decision') return [];
  return TRANSITIONS[status];
}

/** Leaving repair or replacement records what was done (and the new serial for a replacement). */
export function transitionNeedsWork(from: RepairStatus, to: RepairStatus): boolean {
  return (from === 'repairing' || from === 'replacing') && to === 'verifying';
}

/** Why a step cannot be taken yet (the key of its words under repairs:blocker), or null. */
export type TransitionBlocker =
  | 'needsTechnician'
  | 'needsBeforeRun'
  | 'needsAction'
  | 'needsReplacementSerial'
  | 'needsAfterRun'
  | 'afterRunNotWithinSpec'
  | 'onlyTrainingRuns';

/**
 * The rules main applies (services/repairs.ts), checked on the page before the button is pressed,
 * so a step that is not allowed yet is shown disabled with what is missing, not refused after.
 * Main checks again; its refusal still shows beside the button.
 */
export function transitionBlocker(detail: CaseDetail, to: RepairStatus, work: { actionTaken: string; replacementSerial: string }): TransitionBlocker | null {
  const c = detail.case;
  const evidence = (role: 'before-repair' | 'after-repair') =>
    detail.testRuns.filter((r) => r.role === role && r.source === 'programmer' && r.correctedById === null).sort((a, b) => (a.takenAt < b.takenAt ? 1 : a.takenAt > b.takenAt ? -1 : b.id - a.id));
  if (c.status === 'received' && c.technicianId === null) return 'needsTechnician';
  // Runs of the role that are only training (simulated) or imported (file) are not evidence.
  const onlyTraining = (role: 'before-repair' | 'after-repair') => detail.testRuns.some((r) => r.role === role && r.correctedById === null);
  if (to === 'awaiting-decision' && evidence('before-repair').length === 0) return onlyTraining('before-repair') ? 'onlyTrainingRuns' : 'needsBeforeRun';
  if (transitionNeedsWork(c.status, to)) {
    if (work.actionTaken.trim() === '') return 'needsAction';
    if (c.status === 'replacing' && work.replacementSerial.trim() === '' && c.replacementSerial === null) return 'needsReplacementSerial';
  }
  if (to === 'closed') {
    const latest = evidence('after-repair')[0];
    if (latest === undefined) return onlyTraining('after-repair') ? 'onlyTrainingRuns' : 'needsAfterRun';
    if (!latest.withinSpec) return 'afterRunNotWithinSpec';
  }
  return null;
}
