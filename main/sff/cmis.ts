// CMIS 4.0/5.x (QSFP-DD, OSFP, QSFP+ with CMIS): identity and module monitors only. Thresholds
// (page 02h), lane monitors (page 11h) and the application list are not decoded yet; the result
// says so in its problems.
import type { DecodedModule } from '../../preload/contract/module';
import type { ImageReader} from './reader';
import { dateCodeToIso } from './reader';
import { CONNECTORS, IDENTIFIERS, codeName } from './sff8024';

/** CMIS lower page and upper page 00h addresses (CMIS 5.2 Tables 8-4, 8-26). */
export const CMIS = {
  identifier: 0, revision: 1, flatMem: 2, moduleState: 3, temperature: 14, voltage: 16,
  vendorName: 129, vendorOui: 145, vendorPn: 148, vendorRev: 164, vendorSn: 166, dateCode: 182,
  cableLength: 202, connector: 203, ccBase: 222,
} as const;

export function decodeCmis(r: ImageReader): DecodedModule {
  if (r.length < 256) {
    r.problem('IMAGE_TRUNCATED', `image is ${r.length} bytes; CMIS lower page + page 00h need 256`, r.length);
  }
  r.problem('CMIS_PARTIAL', 'CMIS module: identity and module temperature/voltage decoded; lane monitors and thresholds are not', null);
  const dateCode = r.ascii(CMIS.dateCode, 8, 'date code');
  const manufactureDate = dateCodeToIso(dateCode);
  if (r.has(CMIS.dateCode, 6) && manufactureDate === null) {
    r.problem('DATE_CODE_INVALID', `date code "${dateCode}" is not a valid YYMMDD date`, CMIS.dateCode);
  }
  // Byte 202: bits 7-6 multiplier (0.1, 1, 10, 100 m), bits 5-0 the base length.
  const lenByte = r.u8(CMIS.cableLength);
  const copperM = (lenByte & 0x3f) * [0.1, 1, 10, 100][lenByte >> 6]!;
  const rev = r.u8(CMIS.revision);
  return {
    standard: 'CMIS',
    identifier: codeName(IDENTIFIERS, r.u8(CMIS.identifier)),
    connector: codeName(CONNECTORS, r.u8(CMIS.connector)),
    encoding: { code: 0, name: 'Unspecified' },
    compliance: [],
    nominalBitRateMbd: null,
    wavelengthNm: null,
    lengths: { smfKm: 0, smfM: 0, om1M: 0, om2M: 0, om3M: 0, om4M: 0, copperM },
    vendor: {
      name: r.ascii(CMIS.vendorName, 16, 'vendor name'),
      oui: r.oui(CMIS.vendorOui),
      partNumber: r.ascii(CMIS.vendorPn, 16, 'part number'),
      revision: r.ascii(CMIS.vendorRev, 2, 'revision'),
      serialNumber: r.ascii(CMIS.vendorSn, 16, 'serial number'),
      dateCode,
      manufactureDate,
    },
    // CMIS 5: page 00h byte 222 is the checksum of bytes 128-221.
    checksums: { base: r.checksum('CC_BASE', 'CHECKSUM_BASE', 128, 221, CMIS.ccBase), extended: null, diagnostics: null },
    diagnostics: null,
    problems: r.problems,
    details: {
      cmisRevision: `${rev >> 4}.${rev & 0x0f}`,
      flatMemory: r.bit(CMIS.flatMem, 7),
      moduleState: (r.u8(CMIS.moduleState) >> 1) & 0x07,
      temperatureC: r.s16(CMIS.temperature) / 256,
      supplyVoltageV: r.u16(CMIS.voltage) / 10000,
    },
  };
}
