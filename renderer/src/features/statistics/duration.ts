// The unit turnaround figures are shown in, by their size. Pure, so it is tested on its own.
import type { DurationStats } from '../../../../preload/contract/records';

export type DurationUnit = 'seconds' | 'minutes' | 'hours' | 'days';
export const UNIT_S: Readonly<Record<DurationUnit, number>> = { seconds: 1, minutes: 60, hours: 3_600, days: 86_400 };

/**
 * The unit the largest figure reads best in: a fresh lab's turnarounds are seconds or minutes
 * (in hours they read 0, 0, 0, 0.1: issue 12), a busy one's hours, a backlog's days.
 */
export function durationUnit(...stats: DurationStats[]): DurationUnit {
  const max = Math.max(0, ...stats.flatMap((s) => [s.medianS ?? 0, s.p90S ?? 0]));
  if (max > 72 * 3_600) return 'days';
  if (max >= 90 * 60) return 'hours';
  if (max >= 90) return 'minutes';
  return 'seconds';
}
