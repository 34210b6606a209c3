// How a module carries the signal, from its own identity bytes: the first declaration the
// verdict rests on (a passive copper cable has no laser, so "no light" can never be its fault).
// One function per memory map; each returns the media and the byte that decided it, in words,
// for the record. Pure.
import type { MediaKind } from '../../preload/contract/module';
import type { ImageReader } from './reader';
import { EXTENDED_COMPLIANCE, hex2, NO_SEPARABLE_CONNECTOR } from './sff8024';

export interface MediaDecision {
  media: MediaKind;
  /** "SFF-8472 A0h byte 8 = 0x04 (SFP+ passive cable)". */
  source: string;
}

const RJ45 = 0x22;
const COPPER_PIGTAIL = 0x21;
/** SFF-8024 Table 4-3 connectors that are electrical (RJ45 handled apart: BASE-T). */
const ELECTRICAL_CONNECTORS: ReadonlySet<number> = new Set([0x02, 0x03, 0x04, 0x05, 0x20, COPPER_PIGTAIL]);

function extendedMedia(code: number): MediaKind | undefined {
  return code === 0 ? undefined : EXTENDED_COMPLIANCE[code]?.media;
}

/**
 * SFF-8472 A0h: byte 8 bits 2-3 (SFP+ passive / active cable, Table 5-3), byte 36 (SFF-8024
 * Table 4-4), byte 6 bits 2-3 (1000BASE-CX / -T), byte 3 bits 0-1 (InfiniBand copper), byte 9
 * bit 7 (FC twin-axial), the connector (byte 2), then any optical code or a wavelength.
 */
export function sff8472Media(r: ImageReader): MediaDecision {
  const b = (o: number): number => r.u8(o);
  const at = (o: number, what: string): string => `SFF-8472 A0h byte ${o} = 0x${hex2(b(o))} (${what})`;
  const ext = extendedMedia(b(36));
  const connector = b(2);
  if ((b(8) & 0x04) !== 0) return { media: 'passive-copper', source: at(8, 'SFP+ passive cable') };
  if ((b(8) & 0x08) !== 0) {
    // Bytes 60-61 of an active cable hold its cable compliance, not a wavelength (Table 8-1):
    // only the extended code can say the active cable is optical.
    return ext === 'active-optical-cable' || ext === 'optical'
      ? { media: 'active-optical-cable', source: `${at(8, 'SFP+ active cable')}, ${at(36, 'optical extended compliance')}` }
      : { media: 'active-copper', source: at(8, 'SFP+ active cable') };
  }
  if (ext !== undefined && !(ext === 'optical' && (ELECTRICAL_CONNECTORS.has(connector) || connector === RJ45))) {
    return { media: ext, source: at(36, EXTENDED_COMPLIANCE[b(36)]?.name ?? 'extended compliance') };
  }
  if (connector === RJ45 || (b(6) & 0x08) !== 0) return { media: 'base-t', source: connector === RJ45 ? at(2, 'RJ45 connector') : at(6, '1000BASE-T') };
  if ((b(3) & 0x02) !== 0) return { media: 'active-copper', source: at(3, 'InfiniBand 1X copper active') };
  if (ELECTRICAL_CONNECTORS.has(connector)) return { media: 'passive-copper', source: at(2, 'electrical connector') };
  if ((b(3) & 0x01) !== 0 || (b(6) & 0x04) !== 0 || (b(9) & 0x80) !== 0) return { media: 'passive-copper', source: at((b(3) & 0x01) !== 0 ? 3 : (b(6) & 0x04) !== 0 ? 6 : 9, 'copper compliance') };
  const optical =
    (b(3) & 0xfc) !== 0 || (b(4) & 0xff) !== 0 || (b(5) & 0x77) !== 0 || (b(6) & 0xf3) !== 0 || (b(7) & 0xfe) !== 0 || (b(8) & 0xf0) !== 0 || (b(9) & 0x0d) !== 0;
  const wavelength = r.u16(60);
  if (optical || wavelength !== 0) {
    const source = optical ? 'SFF-8472 A0h bytes 3-9 (optical compliance codes)' : `SFF-8472 A0h bytes 60-61 (wavelength ${wavelength} nm)`;
    return connector === NO_SEPARABLE_CONNECTOR ? { media: 'active-optical-cable', source: `${source}, ${at(2, 'no separable connector')}` } : { media: 'optical', source };
  }
  return { media: 'unknown', source: 'SFF-8472 A0h bytes 3-10 and 36: no compliance code says the media' };
}

/**
 * SFF-8636 page 00h: byte 147 bits 7-4 (transmitter technology, Table 6-19: Ah and above are
 * copper), byte 192 (extended, when 131 bit 7 or the code is set), 131 bit 3 (40GBASE-CR4) and
 * bit 0 (40G active cable, XLPPI), 134 bit 2 (1000BASE-CX), 137 bit 7 (twin-axial), the
 * connector (130), then optical codes or a wavelength; no separable connector + optics = AOC.
 */
export function sff8636Media(r: ImageReader): MediaDecision {
  const b = (o: number): number => r.u8(o);
  const at = (o: number, what: string): string => `SFF-8636 byte ${o} = 0x${hex2(b(o))} (${what})`;
  const tech = b(147) >> 4;
  if (tech >= 0x0a) {
    return tech <= 0x0b ? { media: 'passive-copper', source: at(147, 'copper cable, passive') } : { media: 'active-copper', source: at(147, 'copper cable, active equalizers') };
  }
  const connector = b(130);
  const cableAssembly = connector === NO_SEPARABLE_CONNECTOR;
  const ext = (b(131) & 0x80) !== 0 || b(192) !== 0 ? extendedMedia(b(192)) : undefined;
  if (ext !== undefined) {
    const media = ext === 'optical' && cableAssembly ? 'active-optical-cable' : ext;
    return { media, source: at(192, EXTENDED_COMPLIANCE[b(192)]?.name ?? 'extended compliance') };
  }
  if ((b(131) & 0x08) !== 0) return { media: 'passive-copper', source: at(131, '40GBASE-CR4') };
  if ((b(131) & 0x01) !== 0) return { media: 'active-optical-cable', source: at(131, '40G active cable (XLPPI)') };
  if (connector === RJ45 || (b(134) & 0x08) !== 0) return { media: 'base-t', source: connector === RJ45 ? at(130, 'RJ45 connector') : at(134, '1000BASE-T') };
  if (ELECTRICAL_CONNECTORS.has(connector)) return { media: 'passive-copper', source: at(130, 'electrical connector') };
  if ((b(134) & 0x04) !== 0 || (b(137) & 0x80) !== 0) return { media: 'passive-copper', source: at((b(134) & 0x04) !== 0 ? 134 : 137, 'copper compliance') };
  const optical = (b(131) & 0x76) !== 0 || (b(132) & 0x0f) !== 0 || (b(134) & 0x03) !== 0 || (b(135) & 0xfa) !== 0 || (b(136) & 0xf0) !== 0 || (b(137) & 0x0f) !== 0;
  const wavelength = r.u16(186);
  if (optical || wavelength !== 0) {
    const source = optical ? 'SFF-8636 bytes 131-137 (optical compliance codes)' : `SFF-8636 bytes 186-187 (wavelength ${wavelength / 20} nm)`;
    return cableAssembly ? { media: 'active-optical-cable', source: `${source}, ${at(130, 'no separable connector')}` } : { media: 'optical', source };
  }
  return { media: 'unknown', source: 'SFF-8636 bytes 131-138, 147 and 192: no code says the media' };
}

/** Media that carry a transmitter the bench can judge (an AOC's lasers report through its monitors). */
export function mediaHasLaser(media: MediaKind): boolean {
  return media === 'optical' || media === 'active-optical-cable' || media === 'unknown';
}
