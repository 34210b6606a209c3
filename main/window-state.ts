// Window size and position, remembered in a small JSON file in userData. The file is input like
// any other: validated, and ignored when it would put the window off every screen (a monitor
// unplugged since last time) or make it unusably small.
import { renameSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState extends Rect {
  maximized: boolean;
}

export const DEFAULT_SIZE = { width: 1280, height: 820 };
export const MIN_SIZE = { width: 960, height: 640 };

const stateSchema = z
  .object({
    x: z.number().int().min(-100_000).max(100_000),
    y: z.number().int().min(-100_000).max(100_000),
    width: z.number().int().min(MIN_SIZE.width).max(20_000),
    height: z.number().int().min(MIN_SIZE.height).max(20_000),
    maximized: z.boolean(),
  })
  .strict();

function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/**
 * The remembered state when it is valid and its title bar area is on a display (work areas),
 * else null (the window then opens at the default size, centred).
 */
export function parseWindowState(text: string, workAreas: readonly Rect[]): WindowState | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = stateSchema.safeParse(json);
  if (!parsed.success) return null;
  const s = parsed.data;
  // The top strip must be reachable, or the user cannot drag the window back.
  const titleBar: Rect = { x: s.x, y: s.y, width: s.width, height: 40 };
  const visible = workAreas.some((a) => overlap(titleBar, a) >= Math.min(100 * 40, s.width * 40) / 4);
  return visible ? s : null;
}

export async function loadWindowState(file: string, workAreas: readonly Rect[]): Promise<WindowState | null> {
  try {
    return parseWindowState(await readFile(file, 'utf8'), workAreas);
  } catch {
    return null;
  }
}

function cleanState(state: WindowState): WindowState {
  return stateSchema.parse({
    x: Math.round(state.x),
    y: Math.round(state.y),
    width: Math.max(MIN_SIZE.width, Math.round(state.width)),
    height: Math.max(MIN_SIZE.height, Math.round(state.height)),
    maximized: state.maximized,
  });
}

/** Written to a temporary file and renamed, so a crash mid-write leaves the old state. Never throws. */
export function saveWindowStateSync(file: string, state: WindowState): boolean {
  try {
    const tmp = `${file}.tmp`;
    writeFileSync(tmp, JSON.stringify(cleanState(state)), 'utf8');
    renameSync(tmp, file);
    return true;
  } catch {
    return false;
  }
}
