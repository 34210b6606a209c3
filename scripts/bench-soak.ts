// npm run bench:soak [-- --seconds N] [-- --json]: soaks through each emulated programmer (Bus
// Pirate v3 at its default 115200 baud and its fastest link, USB-ISS) of an SFP and a QSFP28, the
// whole bench path (driver, detector, journal on a real SQLite file, seal). The emulator runs in
// a child process, so this process's CPU is the soak's. Figures, each beside a same-run reference:
//   achieved / requested rate          goal >= 0.98; reference: the timing model's fastest sample
//   sample-interval jitter p99, ms     reference: the period
//   bytes stored per sample            reference: the raw bytes of a sample
//   main-process CPU at 20 Hz, %       goal < 5 % of one core; references: the same process idle as
//                                      long, and a bare loop reading the same block at the same rate
//   draw of a 24-hour 20 Hz series after a zoom, ms (envelope query + uPlot in Chromium)
//                                      goal < 100 ms; reference: uPlot drawing the raw points of the window
// One JSON line of figures at the end.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { idealTimeMs, type EmulatorKind, type IdealOp } from '../tests/support/emulators';
import { openAppServices } from '../main/services/app-services';
import { SeriesColumns } from '../main/hardware/soak-envelope';
import { openProgrammer, osBinding, type SerialBinding } from '../main/hardware/index';
import { launchChromium } from '../tests/support/chromium';

const args = process.argv.slice(2);
const SECONDS = Number(args[args.indexOf('--seconds') + 1] ?? 20) || 20;
const JSON_ONLY = args.includes('--json');
const log = (s: string): void => {
  if (!JSON_ONLY) process.stdout.write(`${s}\n`);
};

interface Run {
  programmer: string;
  kind: EmulatorKind;
  link: 'standard' | 'fastest';
  module: string;
  label: string;
  rateHz: number;
  /** The sample's ops for the timing model's reference. */
  ops: IdealOp[];
  i2cHz: number;
}

const sfp: IdealOp[] = [{ op: 'read', addr7: 0x51, offset: 96, length: 22 }];
const qsfp: IdealOp[] = [{ op: 'read', addr7: 0x50, offset: 2, length: 56 }];
const RUNS: Run[] = [
  { programmer: 'Bus Pirate v3, 115200 baud', kind: 'buspirate', link: 'standard', module: 'good-10g-sr', label: 'SFP A2h 96-117', rateHz: 20, ops: sfp, i2cHz: 100_000 },
  { programmer: 'USB-ISS', kind: 'usbiss', link: 'fastest', module: 'good-10g-sr', label: 'SFP A2h 96-117', rateHz: 50, ops: sfp, i2cHz: 100_000 },
  { programmer: 'Bus Pirate v3, 115200 baud', kind: 'buspirate', link: 'standard', module: 'qsfp28-sr4', label: 'QSFP28 lower 2-57', rateHz: 20, ops: qsfp, i2cHz: 400_000 },
  { programmer: 'USB-ISS', kind: 'usbiss', link: 'fastest', module: 'qsfp28-sr4', label: 'QSFP28 lower 2-57', rateHz: 50, ops: qsfp, i2cHz: 400_000 },
];

async function childEmulator(kind: EmulatorKind, module: string): Promise<{ devicePath: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'bench-soak-emulator.ts'), kind, module], { stdio: ['pipe', 'pipe', 'inherit'] });
  const devicePath = await new Promise<string>((resolve, reject) => {
    let buf = '';
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      const line = buf.split('\n')[0];
      if (buf.includes('\n') && line) resolve((JSON.parse(line) as { devicePath: string }).devicePath);
    });
    child.on('exit', (c) => reject(new Error(`emulator exited ${c}`)));
  });
  return { devicePath, child };
}

function cpuPercent(fn: () => Promise<void>): Promise<{ percent: number; ms: number }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  return fn().then(() => {
    const c = process.cpuUsage(c0);
    const ms = performance.now() - t0;
    return { percent: ((c.user + c.system) / 1000 / ms) * 100, ms };
  });
}

async function soakOnce(run: Run): Promise<Record<string, number | string>> {
  const { devicePath, child } = await childEmulator(run.kind, run.module);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-soak-'));
  const os0 = osBinding() as unknown as { open: (o: unknown) => Promise<unknown>; list: () => Promise<Array<Record<string, unknown>>> };
  const usb = run.kind === 'usbiss' ? { vendorId: '04d8', productId: 'ffee', manufacturer: 'Devantech' } : { vendorId: '0403', productId: '6001', manufacturer: 'FTDI' };
  const binding = { open: (o: unknown) => os0.open(o), list: async () => [{ path: devicePath, ...usb }] } as unknown as SerialBinding;
  const services = await openAppServices({
    runtime: 'harness',
    appName: 'Optic Bench',
    appVersion: 'bench',
    versions: { node: process.versions.node, electron: null, chrome: null },
    platform: process.platform,
    databasePath: path.join(dir, 'records.sqlite'),
    resourcesRoot: path.resolve(__dirname, '../resources'),
    dialogs: { openFile: async () => null, saveFile: async () => null },
    binding,
    pinHasher: { hash: async (p) => `plain:${p}`, verify: async (h, p) => h === `plain:${p}` },
  });
  try {
    await services.auth.setup({ code: 'bench', name: 'Bench', pin: '1357' });
    await services.records.settings.set({ key: 'station', value: 'bench:soak', actor: 'Bench (bench)' });
    const actor = await services.auth.require();
    await services.hardware.listPorts();
    const read = await services.bench.read({ programmer: { kind: run.kind, path: devicePath }, rxLightSource: true }, () => undefined);
    // The read left the Bus Pirate at its fastest link; "standard" runs are soaked at 115200 as opened again.
    void run.link;
    const idle = await cpuPercent(() => new Promise((r) => setTimeout(r, 2000)));
    const { soakId } = await services.soaks.start({ read: services.bench.getRead(read.readId), rateHz: run.rateHz, durationS: SECONDS }, actor);
    const cpu = await cpuPercent(async () => {
      while (services.soaks.status(soakId).state !== 'finished' && services.soaks.status(soakId).state !== 'failed') await new Promise((r) => setTimeout(r, 200));
    });
    const s = services.soaks.status(soakId);
    if (!s.summary) throw new Error(`soak did not finish: ${JSON.stringify(s.error)}`);
    // Reference: the same programmer read at the same rate by a bare loop (driver and transport
    // only): what any sampling costs on this machine, whatever it does with the samples.
    const bus = await openProgrammer({ kind: run.kind, path: devicePath, binding });
    const bare = await cpuPercent(async () => {
      const ops = run.ops.map((o) => (o.op === 'read' ? { op: 'read' as const, addr: o.addr7, offset: o.offset, length: o.length } : null)).filter((o) => o !== null);
      const t0 = performance.now();
      for (let k = 0; performance.now() - t0 < SECONDS * 1000; k++) {
        await bus.execute(ops);
        const wait = t0 + (k + 1) * (1000 / run.rateHz) - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      }
    });
    await bus.close();
    const sum = s.summary;
    const sampleBytes = run.ops.reduce((n, o) => n + (o.op === 'read' ? o.length : 0), 0);
    const idealMs = idealTimeMs(run.kind, [run.ops], { i2cHz: run.i2cHz });
    const r = {
      programmer: run.programmer,
      module: run.label,
      requestedHz: run.rateHz,
      achievedHz: sum.achievedHz,
      ratio: Math.round((sum.achievedHz / run.rateHz) * 1000) / 1000,
      linkMaxHz: Math.round(1000 / idealMs),
      jitterP99Ms: sum.jitterP99Ms,
      periodMs: Math.round(1000 / run.rateHz),
      bytesPerSample: sum.bytesPerSample,
      rawBytesPerSample: sampleBytes + 1,
      cpuPercent: Math.round(cpu.percent * 100) / 100,
      bareLoopCpuPercent: Math.round(bare.percent * 100) / 100,
      idleCpuPercent: Math.round(idle.percent * 100) / 100,
      events: sum.events,
    };
    log(
      `${run.programmer.padEnd(28)} ${run.label.padEnd(18)} ${String(run.rateHz).padStart(3)} Hz asked: ${r.achievedHz} Hz (ratio ${r.ratio}, link allows ~${r.linkMaxHz} Hz), ` +
        `jitter p99 ${r.jitterP99Ms} ms of ${r.periodMs}, ${r.bytesPerSample} B/sample (raw ${r.rawBytesPerSample}), CPU ${r.cpuPercent} % (bare driver loop ${r.bareLoopCpuPercent} %, idle ${r.idleCpuPercent} %), ${r.events} events`,
    );
    return r;
  } finally {
    await services.close();
    child.stdin!.end();
    await new Promise((res) => child.once('exit', res));
    rmSync(dir, { recursive: true, force: true });
  }
}

async function drawFigure(): Promise<Record<string, number>> {
  // 24 hours at 20 Hz of one parameter, with noise and a few steps.
  const n = 24 * 3600 * 20;
  const cols = new SeriesColumns(['txPowerDbm:1']);
  let seed = 7;
  for (let i = 0; i < n; i++) {
    seed = (seed * 48271) % 2147483647;
    cols.push(i * 50, [-2.5 + ((seed / 2147483647) - 0.5) * 0.05 + (i > n / 2 ? -3 : 0)]);
  }
  const buckets = 1000;
  // The zoom: two hours around the middle.
  const from = 11 * 3600_000;
  const to = 13 * 3600_000;
  const q0 = performance.now();
  const w = cols.window(from, to, buckets);
  const queryMs = performance.now() - q0;
  const ch = w.channels[0]!;
  const data = [ch.t.map((x) => x / 1000), ch.min, ch.max, ch.mean];
  const rawData = (() => {
    const i0 = cols.indexAt(from);
    const i1 = cols.indexAt(to);
    const t: number[] = [];
    const v: number[] = [];
    const win = cols.window(from, to, i1 - i0).channels[0]!;
    for (let i = 0; i < win.t.length; i++) {
      t.push(win.t[i]! / 1000);
      v.push(win.mean[i]!);
    }
    return [t, v];
  })();
  const chromium = await launchChromium({ viewport: { width: 1200, height: 400 } });
  try {
    const page = await chromium.context.newPage();
    const js = readFileSync(require.resolve('uplot/dist/uPlot.iife.min.js'), 'utf8');
    const css = readFileSync(require.resolve('uplot/dist/uPlot.min.css'), 'utf8');
    await page.setContent(`<!doctype html><style>${css}</style><div id="c"></div><script>${js}</script>`);
    // Plain text, not a function: the TypeScript runner would wrap a function's inner names in helpers the page lacks.
    const timing = (await page.evaluate(`(async () => {
      const d = ${JSON.stringify(data)};
      const raw = ${JSON.stringify(rawData)};
      const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
      const el = document.getElementById('c');
      const opts = { width: 1000, height: 200, scales: { x: { time: false } }, series: [{}, { stroke: '#9ab' }, { stroke: '#9ab' }, { stroke: '#05a' }], bands: [{ series: [2, 1] }] };
      const empty = [[], [], [], []];
      const u = new uPlot(opts, empty, el);
      await frame();
      const runs = [];
      for (let k = 0; k < 5; k++) {
        const t0 = performance.now();
        u.setData(d);
        await frame();
        runs.push(performance.now() - t0);
        u.setData(empty);
        await frame();
      }
      u.destroy();
      const r = new uPlot({ width: 1000, height: 200, scales: { x: { time: false } }, series: [{}, { stroke: '#05a' }] }, [[], []], el);
      await frame();
      const t1 = performance.now();
      r.setData(raw);
      await frame();
      const rawMs = performance.now() - t1;
      r.destroy();
      runs.sort((a, b) => a - b);
      return { drawMs: runs[2], rawMs };
    })()`)) as { drawMs: number; rawMs: number };
    const total = Math.round((queryMs + timing.drawMs) * 10) / 10;
    log(
      `24 h at 20 Hz (${n} samples), zoomed to 2 h (${w.samples} samples) in ${buckets} buckets: query ${queryMs.toFixed(1)} ms + draw ${timing.drawMs.toFixed(1)} ms = ${total} ms (goal < 100); ` +
        `reference: the window's ${rawData[0]!.length} raw points drawn in ${timing.rawMs.toFixed(1)} ms`,
    );
    return { drawAfterZoomMs: total, queryMs: Math.round(queryMs * 10) / 10, uplotDrawMs: Math.round(timing.drawMs * 10) / 10, rawPointsDrawMs: Math.round(timing.rawMs * 10) / 10, windowSamples: w.samples };
  } finally {
    await chromium.close();
  }
}

async function main(): Promise<void> {
  log(`bench:soak: ${SECONDS} s per soak, emulator in a child process; load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')} on ${os.cpus().length} cores`);
  const runs: Record<string, number | string>[] = [];
  for (const r of RUNS) runs.push(await soakOnce(r));
  const draw = await drawFigure();
  const cpuAt20 = runs.filter((r) => r.requestedHz === 20).map((r) => Number(r.cpuPercent));
  const out = {
    bench: 'soak',
    seconds: SECONDS,
    // The machine's load while measuring: CPU and jitter figures are inflated on a busy machine.
    loadAverage: os.loadavg().map((x) => Math.round(x * 100) / 100),
    runs,
    minRatio: Math.min(...runs.map((r) => Number(r.ratio))),
    maxCpuPercentAt20Hz: Math.max(...cpuAt20),
    ...draw,
    goals: { ratio: 0.98, cpuPercent: 5, drawMs: 100 },
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

void main().catch((e: unknown) => {
  process.stderr.write(`bench:soak failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
