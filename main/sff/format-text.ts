// A readable report of a decoded module, laid out like `ethtool -m` prints it. Pure.
import type { Checksum, CmisDetail, DecodedModule, ThresholdSet } from '../../preload/contract/module';

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

const pageList = (ps: { page: number; bank: number }[]): string =>
  ps.length === 0 ? 'none' : ps.map((p) => `${p.page.toString(16).padStart(2, '0').toUpperCase()}h${p.bank === 0 ? '' : ` bank ${p.bank}`}`).join(', ');

function vdmValue(unit: string, v: number | null): string {
  if (v === null) return 'not decoded';
  if (unit === 'ratio') return v.toExponential(2);
  return `${Number(v.toFixed(3))}${unit === '' ? '' : ` ${unit === 'degC' ? 'degrees C' : unit}`}`;
}

/** The CMIS-only part: states, firmware, applications, data paths, VDM (CMIS 5.2 sections 6 and 8). */
function cmisRows(c: CmisDetail): string[] {
  const lines: string[] = [
    row('Revision compliance', `Rev. ${c.revision}`),
    row('Memory model', c.memoryModel === 'flat' ? 'flat (lower page and page 00h only)' : `paged, ${c.banks} bank${c.banks > 1 ? 's' : ''}`),
    row('Module state', `${c.moduleState.name} (${hex(c.moduleState.code)})`),
  ];
  if (c.moduleFaultCause) lines.push(row('Module fault cause', `${c.moduleFaultCause.name} (${hex(c.moduleFaultCause.code)})`));
  lines.push(
    row('LowPwrAllowRequestHW / LowPwrRequestSW', `${c.lowPower.allowRequestHw ? 'On' : 'Off'} / ${c.lowPower.requestSw ? 'On' : 'Off'}`),
    row('Active firmware version', c.firmware.active ?? 'not given'),
    row('Inactive firmware version', c.firmware.inactive ?? 'not given'),
    row('Hardware revision', c.firmware.hardware ?? 'not given'),
    row('Media type', `${hex(c.mediaType.code)} (${c.mediaType.name})`),
    row('Media interface technology', `${hex(c.mediaTechnology.code)} (${c.mediaTechnology.name})`),
    row('Power class / max power', `${c.powerClass} / ${c.maxPowerW} W`),
    row('Max two-wire speed', c.maxTwiSpeedKhz === null ? 'reserved code' : `${c.maxTwiSpeedKhz} kHz`),
  );
  if (c.cableLengthM === null) lines.push(row('Cable assembly length', '> 6.3 km'));
  if (c.wavelengthToleranceNm !== null) lines.push(row('Laser wavelength tolerance', `${c.wavelengthToleranceNm} nm`));
  if (c.om5M > 0) lines.push(row('Length (OM5)', `${c.om5M} m`));
  if (c.cleiCode) lines.push(row('CLEI code', c.cleiCode));
  for (const a of c.applications) {
    lines.push(
      row(
        `Application ${a.appSel}`,
        `${a.hostInterface.name} (${hex(a.hostInterface.code)}) / ${a.mediaInterface.name} (${hex(a.mediaInterface.code)}), ` +
          `${a.hostLaneCount} host / ${a.mediaLaneCount} media lanes, host lane starts ${a.hostLaneStarts.join(' ') || 'none'}` +
          (a.mediaLaneStarts === null ? '' : `, media lane starts ${a.mediaLaneStarts.join(' ') || 'none'}`),
      ),
    );
  }
  const d = c.durations;
  const ms = (x: { maxMs: number | null; code: number }): string => (x.maxMs === null ? `reserved code ${x.code}` : `${x.maxMs} ms`);
  lines.push(
    row('Max duration power up / down', `${ms(d.modulePowerUp)} / ${ms(d.modulePowerDown)}`),
    row('Max duration DP init / deinit', `${ms(d.dataPathInit)} / ${ms(d.dataPathDeinit)}`),
    row('Max duration Tx on / off', `${ms(d.txTurnOn)} / ${ms(d.txTurnOff)}`),
  );
  for (const dp of c.dataPaths) {
    lines.push(
      row(
        `Data path state (Host lane ${dp.hostLane})`,
        `${dp.state.name}${dp.appSel === null ? '' : `, AppSel ${dp.appSel} from lane ${dp.firstLane}`}${dp.configStatus === null ? '' : `, ${dp.configStatus.name}`}`,
      ),
    );
  }
  for (const l of c.lanes) {
    lines.push(
      row(
        `Media lane ${l.lane}`,
        `${l.dataPathState.name}${l.txOutputDisabled ? ', Tx output disabled' : ''}${l.flags.length > 0 ? `, flags ${l.flags.join(' ')}` : ''}`,
      ),
    );
  }
  for (const a of c.auxMonitors) lines.push(row(`${a.name} (${a.meaning})`, `${Number(a.value.toFixed(3))} ${a.unit}`.trim()));
  lines.push(row('Module flags', c.moduleFlags.length === 0 ? 'none' : c.moduleFlags.join(', ')));
  if (c.vdm) {
    for (const o of c.vdm.observables) {
      const th = o.thresholds ? ` (alarms ${vdmValue(o.unit, o.thresholds.lowAlarm)} .. ${vdmValue(o.unit, o.thresholds.highAlarm)})` : '';
      lines.push(row(`VDM ${o.type.name} (Lane ${o.lane})`, `${vdmValue(o.unit, o.value)}${th}${o.flags.length > 0 ? `, flags ${o.flags.join(' ')}` : ''}`));
    }
  }
  lines.push(row('Pages in image', pageList(c.pages)), row('Pages missing', pageList(c.missingPages)));
  return lines;
}

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
  if (m.cmis) lines.push(...cmisRows(m.cmis));
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
