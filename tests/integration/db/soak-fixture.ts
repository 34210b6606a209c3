// A soak written into the journal the way the bench writes one (begin, a frame a second, notes),
// without hardware: samples of the simulated good SFP+ with a scripted Rx LOS, so the records
// tests can seal, decide, tamper and migrate with real series.
import { readFileSync } from 'node:fs';
import { decodeModule } from '../../../main/sff/index';
import { parseImage } from '../../../main/sff/image-text';
import { evaluateModule } from '../../../main/limits/evaluate';
import { loadLimitLibrary } from '../../../main/limits/library';
import { SampleDecoder, flagBits, soakLayout } from '../../../main/hardware/soak-layout';
import { encodeFrame, seriesHeader, SAMPLE_STATUS, type SampleRecord } from '../../../main/hardware/soak-series';
import { SoakDetector } from '../../../main/hardware/soak-detect';
import { limitsFor, rxJudgedBy } from '../../../main/hardware/soak-summary';
import { SOAK_THRESHOLD_DEFAULTS } from '../../../preload/contract/limits';
import type { SoakStore, SoakJournalHeader, SoakFinal } from '../../../main/services/soak-store';

export const SOAK_IMAGE = parseImage(readFileSync(new URL('../../../resources/modules/good-10g-sr.hex', import.meta.url))).bytes;
const profiles = loadLimitLibrary(new URL('../../../resources/limits/', import.meta.url).pathname);

export interface FakeSoakOptions {
  soakId: string;
  serial?: string;
  caseId?: number | null;
  seconds?: number;
  /** ms of an Rx LOS (with light on the receiver: a fault), or null for a clean soak. */
  losAtMs?: number | null;
  source?: 'programmer' | 'simulated';
  startedAtMs?: number;
}

/** The image of the simulated good SFP+ with another serial (A0h 68-83, checksum fixed). */
export function imageWithSerial(serial: string): Uint8Array {
  const img = new Uint8Array(SOAK_IMAGE);
  const s = serial.padEnd(16, ' ').slice(0, 16);
  for (let i = 0; i < 16; i++) img[68 + i] = s.charCodeAt(i);
  let sum = 0;
  for (let i = 64; i <= 94; i++) sum += img[i]!;
  img[95] = sum & 0xff;
  return img;
}

/** Journals a soak; returns what a live run would hand to seal() (null `final` to seal as after a kill). */
export async function journalSoak(store: SoakStore, o: FakeSoakOptions): Promise<SoakFinal> {
  const image = imageWithSerial(o.serial ?? 'SIM0001');
  const module = decodeModule(image);
  const layout = soakLayout(image, module);
  const evaluation = evaluateModule(module, { profiles, setup: { rxLightSource: true, imageSource: 'programmer' } });
  const limits = limitsFor(layout, evaluation);
  const startedAtMs = o.startedAtMs ?? Date.parse('2026-03-02T09:00:00Z');
  const header: SoakJournalHeader = {
    version: 1,
    soakId: o.soakId,
    startedAtMs,
    requestedHz: 20,
    durationMs: (o.seconds ?? 10) * 1000,
    resumeWithinMs: 120_000,
    thresholds: { ...SOAK_THRESHOLD_DEFAULTS },
    caseId: o.caseId ?? null,
    role: 'before-repair',
    actor: 'Zhang Lin (zlin)',
    station: 'Bench 1',
    appVersion: '0.1.0',
    programmer: { description: 'USB-ISS on /dev/ttyACM0', kind: 'usbiss', port: '/dev/ttyACM0', identity: 'USB-ISS module id 7, firmware 9, mode 0x40' },
    source: o.source ?? 'programmer',
    takenAt: new Date(startedAtMs).toISOString(),
    decoded: module,
    evaluation,
    limits,
    rxJudged: rxJudgedBy(evaluation),
  };
  await store.begin(header, image, seriesHeader(layout));
  const detector = new SoakDetector({ layout, limits, rxJudged: true });
  const decoder = new SampleDecoder(layout, image, decodeModule);
  const base = image.subarray(256 + 96, 256 + 118);
  let frame: SampleRecord[] = [];
  let seq = 0;
  let noteSeq = 0;
  const n = (o.seconds ?? 10) * 20;
  for (let k = 0; k < n; k++) {
    const t = k * 50;
    const bytes = new Uint8Array(base);
    bytes[7] = (bytes[7]! + (k % 3)) & 0xff; // Tx power low byte: a little noise
    if (o.losAtMs !== null && o.losAtMs !== undefined && t >= o.losAtMs && t < o.losAtMs + 50) bytes[110 - 96] = bytes[110 - 96]! | 0x02;
    const values = new Float64Array(layout.channels.length);
    decoder.values(bytes, values);
    const flags = new Uint8Array(layout.flags.length);
    flagBits(layout, bytes, flags);
    detector.good(t, { values, flags, bytes });
    frame.push({ t, status: SAMPLE_STATUS.good, bytes });
    if (frame.length === 20 || k === n - 1) {
      const notes = detector.events.map((ev, i) => ({ seq: noteSeq++, atMs: ev.atMs, kind: 'event' as const, body: JSON.stringify({ i, ev }) }));
      await store.append(o.soakId, { seq: seq++, firstMs: frame[0]!.t, samples: frame.length, data: encodeFrame(frame, layout.sampleBytes) }, notes);
      frame = [];
    }
  }
  await store.append(o.soakId, null, [{ seq: noteSeq++, atMs: 1000, kind: 'phase', body: JSON.stringify({ atMs: 1000, kind: 'heated', note: 'hot air 60 degC', by: 'Zhang Lin (zlin)' }) }]);
  return {
    endReason: 'completed',
    endDetail: null,
    endMs: (n - 1) * 50,
    samples: n,
    failedSamples: 0,
    jitterP99Ms: 0,
    events: detector.events,
    gaps: detector.gaps,
    eventCount: detector.eventCount,
    notListed: {},
  };
}
