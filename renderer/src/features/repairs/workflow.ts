import { REPAIR_STATUSES, TRANSITIONS, type RepairStatus } from '../../../../preload/contract/records';

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
