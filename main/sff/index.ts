// Module memory decoders: one entry point, `decodeModule`, dispatching on the SFF-8024
// identifier. Pure: bytes in, data out, never throws (problems are part of the result).
import type { DecodedModule } from '../../preload/contract/module';
import { decodeCmis } from './cmis';
import { ImageReader } from './reader';
import { IDENTIFIERS, codeName, hex2, moduleFamilyOf } from './sff8024';
import { decodeSff8472 } from './sff8472';
import { decodeSff8636 } from './sff8636';

function emptyModule(r: ImageReader, id: number): DecodedModule {
  return {
    standard: 'unknown',
    identifier: codeName(IDENTIFIERS, id),
    connector: { code: 0, name: 'Unknown or unspecified' },
    encoding: { code: 0, name: 'Unspecified' },
    compliance: [],
    nominalBitRateMbd: null,
    wavelengthNm: null,
    lengths: { smfKm: 0, smfM: 0, om1M: 0, om2M: 0, om3M: 0, om4M: 0, copperM: 0 },
    vendor: { name: '', oui: '00:00:00', partNumber: '', revision: '', serialNumber: '', dateCode: '', manufactureDate: null },
    checksums: { base: null, extended: null, diagnostics: null },
    diagnostics: null,
    problems: r.problems,
  };
}

function dispatch(r: ImageReader): DecodedModule {
  if (r.length === 0) {
    r.problem('IMAGE_TRUNCATED', 'image is 0 bytes; nothing to decode', 0);
    return emptyModule(r, 0);
  }
  const id = r.u8(0);
  // The reader chose what to read by the same table (sff8024.ts moduleFamilyOf).
  const family = moduleFamilyOf(id);
  if (family === 'sff8472') return decodeSff8472(r);
  if (family === 'sff8636') return decodeSff8636(r);
  if (family === 'cmis') return decodeCmis(r);
  // Some QSFP modules leave lower-page byte 0 blank; page 00h byte 128 still identifies them.
  if (r.has(128) && moduleFamilyOf(r.u8(128)) === 'sff8636') return decodeSff8636(r);
  const known = id !== 0x00 && IDENTIFIERS[id] !== undefined;
  r.problem(
    known ? 'IDENTIFIER_UNSUPPORTED' : 'IDENTIFIER_UNKNOWN',
    known ? `identifier 0x${hex2(id)} (${IDENTIFIERS[id]}) has no decoder` : `identifier 0x${hex2(id)} unknown`,
    0,
  );
  return emptyModule(r, id);
}

/**
 * JSON is the contract's wire format (CLI --json, IPC, stored runs): -0 would come back as 0
 * and NaN / Infinity as null, so a stored run would no longer equal what was judged. Every
 * number leaves the decoder finite and without a sign on zero; a non-finite one (a decoder
 * path not guarded yet) becomes 0 and is named once in the problems.
 */
function jsonStable(m: DecodedModule): DecodedModule {
  const bad: string[] = [];
  const walk = (v: unknown, path: string): unknown => {
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) {
        bad.push(path);
        return 0;
      }
      return Object.is(v, -0) ? 0 : v;
    }
    if (Array.isArray(v)) return v.map((x, i) => walk(x, `${path}[${i}]`));
    if (v !== null && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = walk(x, path === '' ? k : `${path}.${k}`);
      return out;
    }
    return v;
  };
  const clean = walk(m, '') as DecodedModule;
  if (bad.length > 0) {
    clean.problems = [...clean.problems, { code: 'VALUE_NOT_FINITE', message: `non-finite value shown as 0: ${bad.slice(0, 5).join(', ')}${bad.length > 5 ? ` and ${bad.length - 5} more` : ''}`, offset: null }];
  }
  return clean;
}

/** Decode an ethtool-layout module image (see sff8472.ts / sff8636.ts for the layouts). */
export function decodeModule(image: Uint8Array): DecodedModule {
  const r = new ImageReader(image);
  try {
    return jsonStable(dispatch(r));
  } catch (e) {
    // A decoder bug must not take the bench down: the image still gets a result that says so.
    const fresh = new ImageReader(image);
    fresh.problems.push(...r.problems);
    fresh.problem('DECODER_INTERNAL', `decoder failed: ${e instanceof Error ? e.message : String(e)}`, null);
    return emptyModule(fresh, image[0] ?? 0);
  }
}
