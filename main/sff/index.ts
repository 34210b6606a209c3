// Module memory decoders: one entry point, `decodeModule`, dispatching on the SFF-8024
// identifier. Pure: bytes in, data out, never throws (problems are part of the result).
// Two image layouts come in: ethtool's flat ones (SFF-8472 A0h+A2h, SFF-8636 lower+00h[+01h-03h],
// CMIS lower+00h[+01h,02h,10h,11h]) and the Optic Bench paged image (paged-image.ts), which the
// reader stores for CMIS modules and which files may carry for any paged module.
import type { DecodedModule, Problem } from '../../preload/contract/module';
import { isBenchError } from '../errors';
import { decodeCmisPages } from './cmis';
import { ETHTOOL_CMIS_FLAT_PAGES, decodePagedImage, findPage, hasPagedMagic, makePagedImage, pagedOffset, pagedToSff8636Flat, type PageBlock, type PagedImage } from './paged-image';
import { ImageReader } from './reader';
import { IDENTIFIERS, codeName, hex2, moduleFamilyOf } from './sff8024';
import { decodeSff8472 } from './sff8472';
import { decodeSff8636 } from './sff8636';

function emptyModule(problems: Problem[], id: number): DecodedModule {
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
    problems,
  };
}

function unsupported(problems: Problem[], id: number): DecodedModule {
  const known = id !== 0x00 && IDENTIFIERS[id] !== undefined;
  problems.push({
    code: known ? 'IDENTIFIER_UNSUPPORTED' : 'IDENTIFIER_UNKNOWN',
    message: known ? `identifier 0x${hex2(id)} (${IDENTIFIERS[id]}) has no decoder` : `identifier 0x${hex2(id)} unknown`,
    offset: 0,
  });
  return emptyModule(problems, id);
}

/**
 * A CMIS image in ethtool's flat QSFP-DD layout (paged-image.ts ETHTOOL_CMIS_FLAT_PAGES), as pages.
 * A page cut short is kept, zero-filled, and named, so a truncated dump decodes as far as it goes.
 */
function cmisFromFlat(image: Uint8Array): { img: PagedImage; problems: Problem[] } {
  const problems: Problem[] = [];
  const lower = new Uint8Array(128);
  lower.set(image.subarray(0, 128));
  if (image.length < 256) problems.push({ code: 'IMAGE_TRUNCATED', message: `image is ${image.length} bytes; CMIS lower page + page 00h need 256`, offset: image.length });
  else if (image.length % 128 !== 0 || image.length > 768) {
    problems.push({ code: 'IMAGE_LENGTH_UNUSUAL', message: `image is ${image.length} bytes; a flat CMIS image is 256 to 768 bytes in whole pages (lower, 00h, 01h, 02h, 10h, 11h)`, offset: null });
  }
  const flat = ((image[2] ?? 0) & 0x80) !== 0;
  const pages: PageBlock[] = [];
  ETHTOOL_CMIS_FLAT_PAGES.forEach((page, i) => {
    const at = 128 * (i + 1);
    if (image.length <= at || (flat && page !== 0)) return;
    const bytes = new Uint8Array(128);
    bytes.set(image.subarray(at, at + 128));
    pages.push({ page, bank: 0, bytes });
  });
  return { img: makePagedImage(lower, pages), problems };
}

function flatCmisOffset(length: number): (address: number, page: number, bank: number) => number | null {
  return (address, page, bank) => {
    if (address < 128) return address < length ? address : null;
    const i = ETHTOOL_CMIS_FLAT_PAGES.indexOf(page);
    if (i < 0 || bank !== 0) return null;
    const o = 128 * (i + 1) + address - 128;
    return o < length ? o : null;
  };
}

/** SFF-8636 offsets of ethtool's 640-byte layout as module addresses: for moving problems into a paged image. */
function sff8636FlatToPaged(img: PagedImage, offset: number | null): number | null {
  if (offset === null) return null;
  if (offset < 128) return pagedOffset(img, offset);
  const page = offset < 256 ? 0 : offset < 384 ? 1 : offset < 512 ? 2 : 3;
  const address = 128 + ((offset - 128) % 128);
  return pagedOffset(img, address, page);
}

function decodePaged(image: Uint8Array): DecodedModule {
  let img: PagedImage;
  try {
    img = decodePagedImage(image);
  } catch (e) {
    return emptyModule([{ code: 'PAGED_IMAGE_INVALID', message: isBenchError(e) ? e.message : String(e), offset: 0 }], 0);
  }
  const lowerId = img.lower[0] ?? 0;
  const upperId = findPage(img, 0)?.[0] ?? lowerId;
  // Some QSFP modules leave lower-page byte 0 blank; page 00h byte 128 still identifies them.
  const id = moduleFamilyOf(lowerId) === null && moduleFamilyOf(upperId) !== null ? upperId : lowerId;
  const family = moduleFamilyOf(id);
  if (family === 'cmis') return decodeCmisPages(img, (a, p, b) => pagedOffset(img, a, p, b));
  if (family === 'sff8636') {
    const m = decodeSff8636(new ImageReader(pagedToSff8636Flat(img)));
    m.problems = m.problems.map((p) => ({ ...p, offset: sff8636FlatToPaged(img, p.offset) }));
    return m;
  }
  const problems: Problem[] = [];
  if (family === 'sff8472') {
    problems.push({ code: 'PAGED_IMAGE_FAMILY', message: 'a paged image holds an SFF-8472 (SFP) identifier; SFP images are A0h+A2h, not pages', offset: pagedOffset(img, 0) });
    return emptyModule(problems, id);
  }
  return unsupported(problems, id);
}

function dispatch(image: Uint8Array): DecodedModule {
  if (image.length === 0) {
    return emptyModule([{ code: 'IMAGE_TRUNCATED', message: 'image is 0 bytes; nothing to decode', offset: 0 }], 0);
  }
  if (hasPagedMagic(image)) return decodePaged(image);
  const r = new ImageReader(image);
  const id = r.u8(0);
  // The reader chose what to read by the same table (sff8024.ts moduleFamilyOf).
  const family = moduleFamilyOf(id);
  if (family === 'sff8472') return decodeSff8472(r);
  if (family === 'sff8636') return decodeSff8636(r);
  if (family === 'cmis') {
    const { img, problems } = cmisFromFlat(image);
    return decodeCmisPages(img, flatCmisOffset(image.length), problems);
  }
  // Some QSFP modules leave lower-page byte 0 blank; page 00h byte 128 still identifies them.
  if (r.has(128) && moduleFamilyOf(r.u8(128)) === 'sff8636') return decodeSff8636(r);
  return unsupported(r.problems, id);
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

/**
 * Decode a module image: ethtool's flat layouts (see sff8472.ts / sff8636.ts, and ethtool's
 * QSFP-DD layout for CMIS) or the Optic Bench paged image (paged-image.ts).
 */
export function decodeModule(image: Uint8Array): DecodedModule {
  try {
    return jsonStable(dispatch(image));
  } catch (e) {
    // A decoder bug must not take the bench down: the image still gets a result that says so.
    return emptyModule([{ code: 'DECODER_INTERNAL', message: `decoder failed: ${e instanceof Error ? e.message : String(e)}`, offset: null }], image[0] ?? 0);
  }
}
