// The bench's outbox (issue 14) on a real SQLite file: a read kept while the lab server was away
// and then attached on the bench must reach the server once, attached, whatever the order of
// the attach and the sending.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Outbox } from '../../../main/services/outbox';
import type { RecordTestRunInput, TestRunSummary } from '../../../preload/contract/records';
import { tempDir, testRunInput } from './helpers';

const UID = '5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d';
let open: Outbox | null = null;
afterEach(async () => {
  await open?.close();
  open = null;
});

describe('the outbox', () => {
  it('keeps one waiting entry per run: the same run queued again (attached meanwhile) replaces its payload', async () => {
    const box = (open = await Outbox.open(path.join(tempDir('ob-outbox-'), 'outbox.sqlite')));
    await box.enqueue({ ...testRunInput('SN-O1'), runUid: UID }, '2026-03-02T09:00:00.000Z');
    await box.enqueue({ ...testRunInput('SN-O1'), runUid: UID, repairCaseId: 7 }, '2026-03-02T09:01:00.000Z');
    expect(await box.waiting()).toBe(1);
    const sent: Array<RecordTestRunInput & { runUid: string }> = [];
    const r = await box.drain(async (input) => {
      sent.push(input);
      return { id: 1 } as TestRunSummary;
    });
    expect(r).toEqual({ sent: 1, refused: 0, interrupted: false });
    expect(sent.map((x) => x.repairCaseId ?? null)).toEqual([7]);
    expect(await box.waiting()).toBe(0);
  });

  it('sends a run again when it was attached while its first sending was on the way (the server attaches it by its uid)', async () => {
    const box = (open = await Outbox.open(path.join(tempDir('ob-outbox-'), 'outbox.sqlite')));
    await box.enqueue({ ...testRunInput('SN-O2'), runUid: UID }, '2026-03-02T09:00:00.000Z');
    const sent: Array<number | null> = [];
    await box.drain(async (input) => {
      sent.push(input.repairCaseId ?? null);
      // The technician attaches the read while the unattached copy is being sent.
      if (sent.length === 1) await box.enqueue({ ...input, repairCaseId: 9 }, '2026-03-02T09:02:00.000Z');
      return { id: 1 } as TestRunSummary;
    });
    expect(sent).toEqual([null, 9]);
    expect(await box.waiting()).toBe(0);
  });
});
