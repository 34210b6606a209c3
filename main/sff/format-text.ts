// A readable report of a decoded module, laid out like `ethtool -m` prints it. Pure.
import type { Checksum, DecodedModule, ThresholdSet } from '../../preload/contract/module';

const hex = (n: number): string => `0x${n.toString(16).padStart(2, '0')}`;
const dbm = (v: number | null): string => (v === null ? 'no light' : `${v.toFixed(2)} dBm`);
const mw = (v: number): string => `${v.toFixed(4)} mW`;

function row(label: string, value: string): string {
  return `\t${label.padEnd(42)}: ${value}`;
}
function checksum(c: Checksum | null): string {
  if (c === null) return 'absent';
  return c.ok ? `${hex(c.stored)} (ok)` : `stored ${hex(c.stored)} computed ${hex(c.computed)} (BAD)`;
}
function thresholdRows(name: string, t: ThresholdSet, fmt: (v: number) => string): string[] {
  return [
    row(`${name} high alarm threshold`, fmt(t.highAlarm)),
    row(`${name} low alarm threshold`, fmt(t.lowAlarm)),
    row(`${name} high warning threshold`, fmt(t.highWarning)),
    row(`${name} low warning threshold`, fmt(t.lowWarning)),
  ];
}
const power = (v: number): string => `${mw(v)} / ${dbm(v > 0 ? 10 * Math.log10(v) : null)}`;

export function formatModuleText(m: DecodedModule): string {
  const l = m.lengths;
  const lines: string[] = [
    row('Standard', m.standard),
    row('Identifier', `${hex(m.identifier.code)} (${m.identifier.name})`),
    row('Connector', `${hex(m.connector.code)} (${m.connector.name})`),
    row('Encoding', `${hex(m.encoding.code)} (${m.encoding.name})`),
    ...(m.compliance.length === 0 ? [row('Transceiver type', 'none declared')] : m.compliance.map((c) => row('Transceiver type', c))),
    row('BR, Nominal', m.nominalBitRateMbd === null ? 'unspecified' : `${m.nominalBitRateMbd} MBd`),
    row('Laser wavelength', m.wavelengthNm === null ? 'n/a' : `${m.wavelengthNm} nm`),
    row('Length (SMF)', `${l.smfKm} km / ${l.smfM} m`),
    row('Length (OM1 / OM2 / OM3 / OM4)', `${l.om1M} / ${l.om2M} / ${l.om3M} / ${l.om4M} m`),
    row('Length (Copper or Active cable)', `${l.copperM} m`),
    row('Vendor name', m.vendor.name),
    row('Vendor OUI', m.vendor.oui),
    row('Vendor PN', m.vendor.partNumber),
    row('Vendor rev', m.vendor.revision),
    row('Vendor SN', m.vendor.serialNumber),
    row('Date code', `${m.vendor.dateCode}${m.vendor.manufactureDate === null ? ' (not a valid date)' : ` (${m.vendor.manufactureDate})`}`),
    row('Checksum CC_BASE', checksum(m.checksums.base)),
    row('Checksum CC_EXT', checksum(m.checksums.extended)),
    row('Checksum CC_DMI', checksum(m.checksums.diagnostics)),
  ];
  for (const [k, v] of Object.entries(m.details ?? {})) {
    if (v === null || v === undefined) continue;
    if (typeof v === 'object' && !Array.isArray(v)) {
      lines.push(row(k, Object.entries(v as Record<string, unknown>).map(([a, b]) => `${a}=${String(b)}`).join(', ')));
    } else {
      lines.push(row(k, Array.isArray(v) ? (v.length === 0 ? 'none' : v.join(', ')) : String(v)));
    }
  }
  const d = m.diagnostics;
  if (d === null) {
    lines.push(row('Diagnostics', 'not available'));
  } else {
    lines.push(
      row('Calibration', `${d.calibration}, Rx power ${d.rxPowerMeasurement === 'average' ? 'average' : 'OMA'}`),
      row('Module temperature', `${d.temperatureC.toFixed(2)} degrees C / ${((d.temperatureC * 9) / 5 + 32).toFixed(2)} degrees F`),
      row('Module voltage', `${d.supplyVoltageV.toFixed(4)} V`),
    );
    const lane = (i: number): string => (d.lanes.length > 1 ? ` (Channel ${i + 1})` : '');
    d.lanes.forEach((x, i) => lines.push(row(`Laser bias current${lane(i)}`, `${x.txBiasMa.toFixed(3)} mA`)));
    d.lanes.forEach((x, i) => lines.push(row(`Transmit avg optical power${lane(i)}`, `${mw(x.txPowerMw)} / ${dbm(x.txPowerDbm)}`)));
    d.lanes.forEach((x, i) => lines.push(row(`Receiver signal ${d.rxPowerMeasurement === 'average' ? 'average' : 'OMA'} optical power${lane(i)}`, `${mw(x.rxPowerMw)} / ${dbm(x.rxPowerDbm)}`)));
    if (d.status !== undefined) {
      for (const [k, v] of Object.entries(d.status)) lines.push(row(`Status ${k}`, Array.isArray(v) ? v.map((b) => (b ? 'On' : 'Off')).join(', ') : v ? 'On' : 'Off'));
    }
    lines.push(row('Alarm flags', d.flags.alarms.length === 0 ? 'none' : d.flags.alarms.join(', ')));
    lines.push(row('Warning flags', d.flags.warnings.length === 0 ? 'none' : d.flags.warnings.join(', ')));
    if (d.thresholds === null) {
      lines.push(row('Thresholds', 'not in image'));
    } else {
      const t = d.thresholds;
      lines.push(
        ...thresholdRows('Laser bias current', t.txBiasMa, (v) => `${v.toFixed(3)} mA`),
        ...thresholdRows('Laser output power', t.txPowerMw, power),
        ...thresholdRows('Module temperature', t.temperatureC, (v) => `${v.toFixed(2)} degrees C`),
        ...thresholdRows('Module voltage', t.supplyVoltageV, (v) => `${v.toFixed(4)} V`),
        ...thresholdRows('Laser rx power', t.rxPowerMw, power),
      );
    }
  }
  if (m.problems.length === 0) lines.push(row('Problems', 'none'));
  for (const p of m.problems) lines.push(row(`Problem ${p.code}`, `${p.message}${p.offset === null ? '' : ` (offset ${p.offset})`}`));
  return lines.join('\n') + '\n';
}
