// npm run bench:read — the drivers' efficiency against the fastest read the emulators' timing
// model allows for the same bytes (every command pipelined, one turnaround, largest chunks).
// Reads a full SFP (A0h + A2h) and a QSFP28 (lower + page 00h + page 03h) through each emulated
// programmer on a real pseudo-terminal and reports device-side time / ideal time. Goal <= 1.3.
import { idealReadTimeMs, startEmulator, type IdealOptions, type IdealRead } from '../tests/support/emulators';
import { openProgrammer, osBinding } from '../main/hardware/open-programmer';
import { readModuleWith } from '../main/hardware/module-reader';
import { loadSimulatedModule } from '../main/hardware/sim-library';

const RUNS = 5;
const GOAL = 1.3;

interface Case {
  module: string;
  label: string;
  reads: IdealRead[];
  ideal: IdealOptions;
}

const CASES: Case[] = [
  {
    module: 'good-10g-sr',
    label: 'SFP A0h+A2h (512 B)',
    reads: [
      { addr7: 0x50, offset: 0, length: 256 },
      { addr7: 0x51, offset: 0, length: 256 },
    ],
    ideal: {},
  },
  {
    module: 'qsfp28-sr4',
    label: 'QSFP28 lower+00h+03h (384 B)',
    reads: [
      { addr7: 0x50, offset: 0, length: 128 },
      { addr7: 0x50, offset: 128, length: 128 },
      { addr7: 0x50, offset: 128, length: 128 },
    ],
    ideal: {
      writes: [
        { addr7: 0x50, offset: 127, data: [0] },
        { addr7: 0x50, offset: 127, data: [3] },
      ],
    },
  },
];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

async function main(): Promise<void> {
  const results: Record<string, { deviceMs: number; idealMs: number; ratio: number; wallMs: number; turnarounds: number }> = {};
  for (const kind of ['buspirate', 'usbiss'] as const) {
    for (const c of CASES) {
      const { image } = await loadSimulatedModule(c.module);
      const emu = await startEmulator({ kind, image });
      try {
        const bus = await openProgrammer({ kind, path: emu.devicePath, binding: osBinding() });
        const device: number[] = [];
        const wall: number[] = [];
        let turnarounds = 0;
        try {
          for (let i = 0; i < RUNS; i++) {
            emu.resetStats();
            const t0 = performance.now();
            const r = await readModuleWith(bus, { decode: () => ({}) as never });
            wall.push(performance.now() - t0);
            const st = emu.stats();
            device.push(st.deviceTimeMs);
            turnarounds = st.turnarounds;
            const want = Buffer.from(image.subarray(0, r.image.length));
            if (r.image.length !== image.length && !(r.image.length === 640 && image.length === 640)) {
              throw new Error(`${kind} ${c.module}: read ${r.image.length} bytes, image has ${image.length}`);
            }
            if (!Buffer.from(r.image).equals(want)) throw new Error(`${kind} ${c.module}: bytes differ from the module image`);
          }
        } finally {
          await bus.close();
        }
        const idealMs = idealReadTimeMs(kind, c.reads, c.ideal);
        const deviceMs = median(device);
        const ratio = deviceMs / idealMs;
        results[`${kind}:${c.module}`] = { deviceMs, idealMs, ratio, wallMs: median(wall), turnarounds };
        console.log(
          `${kind.padEnd(9)} ${c.label.padEnd(30)} device ${deviceMs.toFixed(1).padStart(6)} ms  ideal ${idealMs.toFixed(1).padStart(6)} ms  ratio ${ratio.toFixed(3)}  ` +
            `(wall ${median(wall).toFixed(0)} ms, ${turnarounds} turnarounds) ${ratio <= GOAL ? 'ok' : 'OVER GOAL'}`,
        );
      } finally {
        await emu.close();
      }
    }
  }
  const worst = Math.max(...Object.values(results).map((r) => r.ratio));
  console.log(`worst ratio ${worst.toFixed(3)} (goal <= ${GOAL})`);
  console.log(JSON.stringify({ bench: 'read', goal: GOAL, runs: RUNS, worstRatio: Number(worst.toFixed(4)), results }));
  if (worst > GOAL) process.exitCode = 1;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
