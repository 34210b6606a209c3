// The simulated module library shipped in resources/modules: ethtool-layout hex files plus an
// index.json, generated once by scripts/make-sim-modules.ts so the app needs no builder at run time.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { SimulatedModuleInfo } from '../../preload/contract/hardware';
import { BenchError } from '../errors';
import { parseImage } from '../sff/image-file';
import type { SimBehaviour } from './sim-module';

const lane = z.number().int().min(1).max(32).optional();
const ms = z.number().int().min(0).max(7 * 24 * 3600 * 1000);
/** Scripted faults of a soak-training module (sim-live.ts). */
const liveSchema = z
  .object({
    noise: z.boolean().optional(),
    faults: z
      .array(
        z.discriminatedUnion('kind', [
          z.object({ kind: z.literal('los-glitch'), atMs: ms, durationMs: ms.optional(), lane, everyMs: ms.optional() }).strict(),
          z.object({ kind: z.literal('tx-step'), atMs: ms, db: z.number().min(-40).max(10).optional(), durationMs: ms.optional(), lane, everyMs: ms.optional() }).strict(),
          z.object({ kind: z.literal('tx-fault'), atMs: ms, durationMs: ms, lane, everyMs: ms.optional() }).strict(),
          z.object({ kind: z.literal('nack-burst'), atMs: ms, durationMs: ms, everyMs: ms.optional() }).strict(),
          z.object({ kind: z.literal('warm-reset'), atMs: ms, rampCPerS: z.number().min(0).max(100).optional(), resetAtC: z.number().min(-40).max(150), resetMs: ms.optional() }).strict(),
        ]),
      )
      .max(100)
      .optional(),
  })
  .strict();

/** How a simulated module behaves beyond its memory (sim-module.ts SimBehaviour). */
const behaviourSchema = z
  .object({
    powerUpMs: z.number().int().min(0).max(60_000).optional(),
    powerDownMs: z.number().int().min(0).max(60_000).optional(),
    dataPathInitMs: z.number().int().min(0).max(60_000).optional(),
    dataPathDeinitMs: z.number().int().min(0).max(60_000).optional(),
    txTurnOnMs: z.number().int().min(0).max(60_000).optional(),
    txTurnOffMs: z.number().int().min(0).max(60_000).optional(),
    stuckIn: z.enum(['ModuleLowPwr', 'ModulePwrUp', 'DataPathInit']).optional(),
    faultCause: z.number().int().min(0).max(255).optional(),
    refuseControl: z.boolean().optional(),
    lpModeAsserted: z.boolean().optional(),
    live: liveSchema.optional(),
  })
  .strict();

const indexSchema = z.array(
  z.object({
    name: z.string().regex(/^[a-z0-9-]+$/),
    description: z.string(),
    expected: z.string(),
    kind: z.enum(['sfp', 'qsfp', 'cmis', 'empty']),
    file: z.string().regex(/^[a-z0-9-]+\.(hex|json)$/),
    behaviour: behaviourSchema.optional(),
  }),
);

/** An 'empty' entry's file: a socket with nothing seated, so every two-wire address NACKs. */
const emptySocketSchema = z.object({ present: z.literal(false), note: z.string().optional() }).strict();

/** The module the simulated bench holds when none is named: a healthy 10G SR. */
export const DEFAULT_SIM_MODULE = 'good-10g-sr';

/**
 * Finds resources/modules: an explicit dir, OPTIC_BENCH_RESOURCES, Electron's resourcesPath, or
 * the first ancestor of this file (source tree or bundled out/main) that has it.
 */
export function simModulesDir(explicit?: string): string {
  const candidates: string[] = [];
  if (explicit) candidates.push(explicit);
  if (process.env.OPTIC_BENCH_RESOURCES) candidates.push(path.join(process.env.OPTIC_BENCH_RESOURCES, 'modules'));
  const rp = (process as { resourcesPath?: string }).resourcesPath;
  if (rp) candidates.push(path.join(rp, 'modules'), path.join(rp, 'resources', 'modules'));
  let dir = typeof __dirname === 'string' ? __dirname : process.cwd();
  for (let i = 0; i < 6; i++) {
    candidates.push(path.join(dir, 'resources', 'modules'));
    dir = path.dirname(dir);
  }
  candidates.push(path.join(process.cwd(), 'resources', 'modules'));
  const found = candidates.find((c) => existsSync(path.join(c, 'index.json')));
  if (!found) throw new BenchError('INTERNAL', 'The simulated module library (resources/modules/index.json) is missing from this installation.');
  return found;
}

async function readIndex(dir?: string): Promise<{ dir: string; entries: z.infer<typeof indexSchema> }> {
  const d = simModulesDir(dir);
  return { dir: d, entries: indexSchema.parse(JSON.parse(await readFile(path.join(d, 'index.json'), 'utf8'))) };
}

export async function listSimulatedModules(dir?: string): Promise<SimulatedModuleInfo[]> {
  // The contract's shape: behaviour is the simulation's business, not the UI's.
  return (await readIndex(dir)).entries.map(({ behaviour: _b, ...info }) => info);
}

/** What the simulated socket holds: a module image, or null for an empty socket (kind 'empty'). */
export async function loadSimulatedSocket(name: string, dir?: string): Promise<{ info: SimulatedModuleInfo; image: Uint8Array | null; behaviour: SimBehaviour }> {
  const { dir: d, entries } = await readIndex(dir);
  const entry = entries.find((m) => m.name === name);
  if (!entry) {
    throw new BenchError('SIM_MODULE_UNKNOWN', `There is no simulated module called "${name}". Choose one of: ${entries.map((m) => m.name).join(', ')}.`, { name });
  }
  const { behaviour, ...info } = entry;
  const raw = await readFile(path.join(d, info.file));
  if (info.kind === 'empty') {
    emptySocketSchema.parse(JSON.parse(raw.toString('utf8')));
    return { info, image: null, behaviour: {} };
  }
  return { info, image: parseImage(raw).bytes, behaviour: behaviour ?? {} };
}

/** A library module's image; an empty socket has none, and says so as a read of it would (NO_MODULE). */
export async function loadSimulatedModule(name: string, dir?: string): Promise<{ info: SimulatedModuleInfo; image: Uint8Array }> {
  const { info, image } = await loadSimulatedSocket(name, dir);
  if (image === null) throw new BenchError('NO_MODULE', `The simulated socket "${name}" is empty: there is no module image to load.`, { name });
  return { info, image };
}
