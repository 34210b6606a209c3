// Module memory decoders: one entry point, `decodeModule`, dispatching on the SFF-8024
// identifier. Pure: bytes in, data out, never throws (problems are part of the result).
import type { DecodedModule } from '../../preload/contract/module';
import { decodeCmis } from './cmis';
import { ImageReader } from './reader';
import { CMIS_IDENTIFIERS, IDENTIFIERS, SFF8472_IDENTIFIERS, SFF8636_IDENTIFIERS, codeName, hex2 } from './sff8024';
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
  if (SFF8472_IDENTIFIERS.has(id)) return decodeSff8472(r);
  if (SFF8636_IDENTIFIERS.has(id)) return decodeSff8636(r);
  if (CMIS_IDENTIFIERS.has(id)) return decodeCmis(r);
  // Some QSFP modules leave lower-page byte 0 blank; page 00h byte 128 still identifies them.
  const upper = r.u8(128);
  if (r.has(128) && SFF8636_IDENTIFIERS.has(upper)) return decodeSff8636(r);
  const known = id !== 0x00 && IDENTIFIERS[id] !== undefined;
  r.problem(
    known ? 'IDENTIFIER_UNSUPPORTED' : 'IDENTIFIER_UNKNOWN',
    known ? `identifier 0x${hex2(id)} (${IDENTIFIERS[id]}) has no decoder` : `identifier 0x${hex2(id)} unknown`,
    0,
  );
  return emptyModule(r, id);
}

/** Decode an ethtool-layout module image (see sff8472.ts / sff8636.ts for the layouts). */
export function decodeModule(image: Uint8Array): DecodedModule {
  const r = new ImageReader(image);
  try {
    return dispatch(r);
  } catch (e) {
    // A decoder bug must not take the bench down: the image still gets a result that says so.
    const fresh = new ImageReader(image);
    fresh.problems.push(...r.problems);
    fresh.problem('DECODER_INTERNAL', `decoder failed: ${e instanceof Error ? e.message : String(e)}`, null);
    return emptyModule(fresh, image[0] ?? 0);
  }
}
