// Locating and loading the shared test vectors: CI clones the repository with shared/ as a
// sibling folder, so they live at <repo>/../shared/vectors.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseImage } from '../../../main/sff/image-file';

export const VECTORS = fileURLToPath(new URL('../../../../shared/vectors/', import.meta.url));

export function requireVectors(): string {
  if (!existsSync(VECTORS)) {
    throw new Error(`test vectors not found at ${VECTORS}: clone the shared/ folder next to the repository (../shared/vectors)`);
  }
  return VECTORS;
}

export function vectorBytes(rel: string): Uint8Array {
  return parseImage(readFileSync(requireVectors() + rel)).bytes;
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
