// One bench of a lab, as a process of its own (issue 14): the app's lab link (main/services/lab.ts:
// the outbox, the change feed) over the same record services, recording test runs at a
// technician's pace and, if given cases, trying to decide them against the other benches.
// Used by the four-bench concurrency test (tests/integration/lab/benches.test.ts) and by
// `npm run bench:lab`. Prints one JSON object a line on stdout:
//   {"ev":"ready"}                                     connected, recording starts on "go\n" on stdin
//   {"ev":"ack","uid","id","queued","ms","at"}         a run acknowledged (stored, or queued in the outbox)
//   {"ev":"notify","table","id","at"}                  a change another bench (or this one) committed
//   {"ev":"decide","caseId","outcome","code"}          a decision tried: "decided", or the coded refusal
//   {"ev":"status","connected","waiting"}              the lab link's status changed
//   {"ev":"done","acknowledged","queued","waiting","refused"}
// Usage: tsx scripts/lab-bench-worker.ts --db postgres://USER@HOST:PORT/DB --station NAME --dir DIR
//   [--runs N | --seconds S] [--rate PER_SECOND] [--cases 1,2,3] [--drain-ms MS] [--supervisor]
// (password from PGPASSWORD, as for any lab client)
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import readline from 'node:readline';
import { performance } from 'node:perf_hooks';
import { openRecords, parseDbTarget, type PostgresTarget } from '../main/db/index';
import { BenchError } from '../main/errors';
import { classifyDatabaseError } from '../main/db/lab-errors';
import { createRecordServices } from '../main/services/index';
import { LabLink } from '../main/services/lab';
import { Outbox } from '../main/services/outbox';
import type { RecordTestRunInput } from '../preload/contract/records';
import type { Evaluation } from '../preload/contract/limits';
import type { DecodedModule } from '../preload/contract/module';

interface Args {
  db: string;
  station: string;
  dir: string;
  runs: number | null;
  seconds: number | null;
  rate: number;
  cases: number[];
  drainMs: number;
  supervisor: boolean;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { db: '', station: 'bench', dir: '.', runs: null, seconds: null, rate: 5, cases: [], drainMs: 60_000, supervisor: false };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const v = () => argv[++i] ?? '';
    if (k === '--db') a.db = v();
    else if (k === '--station') a.station = v();
    else if (k === '--dir') a.dir = v();
    else if (k === '--runs') a.runs = Number(v());
    else if (k === '--seconds') a.seconds = Number(v());
    else if (k === '--rate') a.rate = Number(v());
    else if (k === '--cases') a.cases = v().split(',').filter(Boolean).map(Number);
    else if (k === '--drain-ms') a.drainMs = Number(v());
    else if (k === '--supervisor') a.supervisor = true;
    else throw new Error(`unknown argument ${k}`);
  }
  if (a.db === '') throw new Error('--db postgres://... is required');
  return a;
}

const out = (o: Record<string, unknown>): void => {
  process.stdout.write(`${JSON.stringify(o)}\n`);
};

function decoded(serial: string): DecodedModule {
  return {
    standard: 'SFF-8472',
    identifier: { code: 3, name: 'SFP/SFP+/SFP28' },
    connector: { code: 7, name: 'LC' },
    encoding: { code: 6, name: '64B/66B' },
    compliance: ['10GBASE-SR'],
    nominalBitRateMbd: 10300,
    wavelengthNm: 850,
    lengths: { smfKm: 0, smfM: 0, om1M: 30, om2M: 80, om3M: 300, om4M: 400, copperM: 0 },
    vendor: { name: 'OPTIC BENCH', oui: '00:90:65', partNumber: 'OB-SFP10G-SR', revision: 'A', serialNumber: serial, dateCode: '240115', manufactureDate: '2024-01-15' },
    checksums: { base: { stored: 1, computed: 1, ok: true }, extended: { stored: 2, computed: 2, ok: true }, diagnostics: null },
    diagnostics: null,
    problems: [],
  };
}

const EVALUATION: Evaluation = {
  profile: { id: 'ieee-10gbase-sr', version: 1, name: '10GBASE-SR', source: 'IEEE 802.3 clause 52.5' },
  matchedBy: 'interface 10GBASE-SR',
  verdicts: [{ parameter: 'temperatureC', lane: null, value: 35, unit: 'degC', status: 'pass', limit: { min: 0, max: 70 }, limitSource: 'profile', reason: 'within spec' }],
  integrity: [{ check: 'checksumBase', status: 'pass', reason: 'ok' }],
  overall: 'pass',
  withinSpec: true,
};

/** A run as a bench records it: its own bytes, a programmer's provenance, a run id of its own. */
function runInput(station: string, n: number): RecordTestRunInput & { runUid: string } {
  const serial = `${station}-M${n % 50}`;
  const raw = new Uint8Array(512);
  for (let i = 0; i < raw.length; i++) raw[i] = (i * 31 + n) & 0xff;
  return {
    raw,
    decoded: decoded(serial),
    evaluation: EVALUATION,
    provenance: { source: 'programmer', programmerKind: 'buspirate', programmerPort: '/dev/ttyUSB0', programmerIdentity: 'lab-bench-worker (synthetic)', fileName: null, fileSha256: null },
    programmer: 'Bus Pirate v3 on /dev/ttyUSB0 (lab-bench-worker)',
    station,
    operator: `tech at ${station}`,
    appVersion: '0.1.0',
    takenAt: new Date().toISOString(),
    role: 'before-repair',
    actor: `tech at ${station}`,
    runUid: randomUUID(),
  };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const target = parseDbTarget(args.db) as PostgresTarget;
  if (target.engine !== 'postgres') throw new Error('--db must be a postgres:// URL');
  const db = await openRecords(target, { migrate: false, applicationName: `lab-bench-worker ${args.station}` });
  const services = createRecordServices(db, { station: async () => args.station });
  const outbox = await Outbox.open(path.join(args.dir, `${args.station}-outbox.sqlite`));
  const link = await LabLink.start({
    target,
    outbox,
    now: Date.now,
    retryMs: 500,
    send: (input) => services.testRuns.record(input),
    onStatus: (s) => out({ ev: 'status', connected: s.connected, waiting: s.waiting }),
    onChange: (e) => {
      if (e.table === 'test_run' || e.table === 'repair_case') out({ ev: 'notify', table: e.table, id: e.id, at: Date.now() });
    },
  });
  out({ ev: 'ready', station: args.station });
  await new Promise<void>((resolve) => {
    const rl = readline.createInterface({ input: process.stdin });
    rl.on('line', (l) => {
      if (l.trim() === 'go') {
        rl.close();
        resolve();
      }
    });
    rl.on('close', () => resolve());
  });

  let acknowledged = 0;
  let queued = 0;
  const started = performance.now();
  const until = args.seconds !== null ? started + args.seconds * 1000 : Infinity;
  const maxRuns = args.runs ?? Infinity;
  const period = 1000 / args.rate;

  // The supervisor's desk: dashboards and the case list refreshed once a second, timed.
  if (args.supervisor) {
    while (performance.now() < until) {
      const t0 = performance.now();
      try {
        await services.statistics.statistics({});
        await services.repairs.listCases({ limit: 50 });
        out({ ev: 'dashboard', ms: performance.now() - t0 });
      } catch (e) {
        out({ ev: 'dashboard-failed', code: e instanceof BenchError ? e.code : String(e) });
      }
      await new Promise((r) => setTimeout(r, Math.max(0, 1000 - (performance.now() - t0))));
    }
  }

  // Decisions: each case this bench was given, tried once it is seen awaiting a decision.
  const deciding = (async () => {
    for (const caseId of args.cases) {
      if (performance.now() > until) break;
      try {
        const c = await services.repairs.getCase(caseId);
        await services.repairs.decide({ caseId, cause: 'non-human', expectedVersion: c.version, actor: `tech at ${args.station}` });
        out({ ev: 'decide', caseId, outcome: 'decided' });
      } catch (e) {
        // As the app's IPC wrapper words it for the page (main/ipc/wrapper.ts).
        const coded = classifyDatabaseError(e);
        out({ ev: 'decide', caseId, outcome: 'refused', code: coded instanceof BenchError ? coded.code : 'INTERNAL', message: (e as Error).message.slice(0, 200) });
      }
    }
  })();

  let n = 0;
  while (!args.supervisor && n < maxRuns && performance.now() < until) {
    const due = started + n * period;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const input = runInput(args.station, n);
    const t0 = performance.now();
    try {
      const r = await link.record(input);
      acknowledged++;
      if (r.queued) queued++;
      out({ ev: 'ack', uid: input.runUid, id: r.queued ? null : r.run.id, queued: r.queued, ms: performance.now() - t0, at: Date.now() });
    } catch (e) {
      out({ ev: 'record-failed', uid: input.runUid, code: classifyDatabaseError(e)?.code ?? 'INTERNAL', message: (e as Error).message.slice(0, 200) });
    }
    n++;
  }
  await deciding;
  // What waits in the outbox goes when the server answers: wait for it (bounded).
  const drainUntil = performance.now() + args.drainMs;
  while (link.status().waiting > 0 && performance.now() < drainUntil) {
    link.kick();
    await new Promise((r) => setTimeout(r, 200));
  }
  await link.settle();
  const st = link.status();
  out({ ev: 'done', acknowledged, queued, waiting: st.waiting, refused: st.refused.length });
  await link.close();
  await outbox.close();
  await db.close();
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    out({ ev: 'fatal', message: e instanceof Error ? e.message : String(e) });
    process.exit(1);
  },
);
