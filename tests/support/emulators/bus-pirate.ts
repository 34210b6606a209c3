// Bus Pirate v3/v4 firmware v6.x (DangerousPrototypes) as a byte-driven model of its blocking
// read loops: terminal (procMenu.c), BBIO (binIO.c binBB) and raw I2C (I2C.c binI2C).
// Each `yield` is one UART1RX(): the generator resumes when the next host byte arrives.
//
// v3 receive path (programmers.md "Reading at the link's limits"): the FT232RL delivers host bytes
// to the PIC's UART one byte time apart, with no flow control; the UART holds 4 received bytes,
// and the firmware empties it only when it calls UART1RX, never while it runs an I2C transaction
// or sends a reply. A byte that completes with 4 already waiting is lost and sets OERR, which no
// binary-mode path clears: the unit then takes nothing more (`overrun: 'deaf'`, the default), or,
// with `overrun: 'drop'`, just loses that byte. v4 talks USB CDC, which holds the host back: no loss.
import type { Device, Firmware } from './device';
import { hex } from './device';

export type BusPirateState = 'terminal' | 'binary' | 'i2c' | 'stale-08';

// bbSetup(): speed 0..2 are 5/50/100 kHz profiles; 3 and the 0xFF used on entry share the MAX profile.
const SPEED_HZ = [5_000, 50_000, 100_000, 400_000] as const;
const MAX_PROFILE_HZ = 400_000;
const TERMINAL_BUFFER = 4096;

const RX_FIFO = 4;
const DEFAULT_BAUD = 115_200;
// procMenu.c serial speed menu: items 1-9 are fixed rates; 10 (firmware 5.5 and later) takes a raw
// BRG value, baud = 16 MHz / (4 x (BRG + 1)) (programmers.md "Changing the serial speed").
const MENU_BAUDS = [300, 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200];

function banner(hardware: 'v3' | 'v4', firmware: string): string {
  return (
    `\r\nBus Pirate ${hardware === 'v4' ? 'v4' : 'v3.b'}\r\nFirmware ${firmware}  Bootloader v4.4\r\n` +
    'DEVID:0x0447 REVID:0x3046 (24FJ64GA002 B8)\r\nhttp://dangerousprototypes.com\r\nHiZ>'
  );
}

type Rx = Generator<void, void, number>;

export interface BusPirateOptions {
  initialState: BusPirateState;
  /** 'v3' (FTDI, reset on 0x0F) or 'v4' (CDC, pull-up voltage commands 0x50-0x52). */
  hardware?: 'v3' | 'v4';
  /** For 'stale-08': payload bytes the firmware is still waiting for. */
  staleBytes?: number;
  /** Firmware version as the banner prints it (default "v6.1 r1676"); below v5.5 there is no raw-BRG menu item. */
  firmware?: string;
  /** v3 receive FIFO overflow: 'deaf' (OERR latched, as the device) or 'drop' (only that byte lost). */
  overrun?: 'deaf' | 'drop';
}

export class BusPirateFirmware implements Firmware {
  private readonly gen: Rx;
  private readonly v4: boolean;
  private readonly firmware: string;
  private readonly rawBrg: boolean;
  private readonly overrun: 'deaf' | 'drop';
  private aux = 0;
  /** When the last host byte finished arriving at the UART (real ms). */
  private wireEnd = 0;
  /** When the firmware took each of the last few bytes (real ms): those later than an arrival were still waiting in the FIFO. */
  private takes: number[] = [];
  /** OERR latched: the UART receives nothing more until the unit is reset. */
  deaf = false;

  constructor(
    private readonly dev: Device,
    opts: BusPirateOptions,
  ) {
    this.v4 = opts.hardware === 'v4';
    this.firmware = opts.firmware ?? 'v6.1 r1676';
    const m = /v(\d+)\.(\d+)/.exec(this.firmware);
    this.rawBrg = m !== null && Number(m[1]) * 100 + Number(m[2]) >= 505;
    this.overrun = opts.overrun ?? 'deaf';
    this.gen = this.main(opts.initialState, opts.staleBytes ?? 4000);
    this.gen.next(); // run to the first UART1RX()
  }

  private get banner(): string {
    return banner(this.v4 ? 'v4' : 'v3', this.firmware);
  }

  feed(chunk: Uint8Array, arrival: number): void {
    const tl = this.dev.timeline;
    // The FIFO matters only on v3 and only when time is modeled (timeScale 0 replies at once).
    if (this.v4 || tl.timeScale === 0) {
      for (const b of chunk) {
        tl.linkBytes(1);
        this.gen.next(b);
      }
      return;
    }
    let wire = Math.max(arrival, this.wireEnd);
    for (const b of chunk) {
      wire += tl.link.byteMs * tl.timeScale;
      this.wireEnd = wire;
      if (this.deaf) continue;
      // Bytes that arrived before this one and that the firmware has not taken yet sit in the FIFO.
      const waiting = this.takes.filter((t) => t > wire).length;
      if (waiting >= RX_FIFO) {
        this.dev.rxOverrun();
        this.dev.log(`uart:overrun byte ${hex([b])} lost${this.overrun === 'deaf' ? ', OERR: the unit is deaf until reset' : ''}`);
        if (this.overrun === 'deaf') this.deaf = true;
        continue;
      }
      // Serial cost model (timing.ts): the byte's link time counts once; the firmware takes it
      // when it has arrived and the firmware is back in UART1RX.
      tl.deviceTimeMs += tl.link.byteMs;
      tl.cursor = Math.max(tl.cursor, wire);
      this.takes.push(tl.cursor);
      if (this.takes.length > 8) this.takes.shift();
      this.gen.next(b);
    }
  }

  /** A hardware reset (v3 0x0F, terminal '#'): back to 115200 baud. */
  private resetLink(): void {
    this.dev.setLinkBaud(DEFAULT_BAUD);
  }

  private *main(initial: BusPirateState, staleBytes: number): Rx {
    if (initial === 'i2c' || initial === 'stale-08') {
      yield* this.i2c(false, initial === 'stale-08' ? staleBytes : 0);
      this.binReset();
      this.dev.tx('BBIO1');
      yield* this.bbio(false);
    } else if (initial === 'binary') {
      yield* this.bbio(false);
    }
    for (;;) {
      yield* this.terminal();
      yield* this.bbio(true);
    }
  }

  /** Reads one line of terminal input (echoing it), as the menus do. */
  private *readLine(): Generator<void, string, number> {
    let line = '';
    for (;;) {
      const c: number = yield;
      if (c === 0x0d || c === 0x0a) {
        this.dev.tx('\r\n');
        return line.trim();
      }
      if (c >= 0x20 && c < 0x7f) {
        line += String.fromCharCode(c);
        this.dev.tx([c]);
      }
    }
  }

  /** procMenu.c serviceuser(): echo, Enter runs a command, the 20th 0x00 enters BBIO. */
  private *terminal(): Rx {
    let zeros = 0; // binmodecnt: counts every 0x00, not only consecutive ones
    let line = '';
    for (;;) {
      const c: number = yield;
      if (c === 0x00) {
        zeros++;
        if (zeros === 20) {
          this.dev.log('bbio:enter');
          return;
        }
      } else if (c === 0x0d || c === 0x0a) {
        this.dev.tx('\r\n');
        const cmd = line.trim();
        line = '';
        if (cmd === '#') {
          this.dev.log('terminal:reset');
          this.dev.tx('RESET\r\n');
          this.resetLink();
          this.dev.tx(this.banner);
        } else if (cmd === 'i') {
          this.dev.tx(this.banner);
        } else if (cmd === 'b') {
          yield* this.speedMenu();
        } else if (cmd === '') {
          this.dev.tx('HiZ>');
        } else {
          this.dev.tx('Syntax error at char 1\r\nHiZ>');
        }
      } else if (c >= 0x20 && c < 0x7f) {
        line += String.fromCharCode(c);
        this.dev.tx([c]);
      }
    }
  }

  /**
   * procMenu.c: "b" lists the speeds; 1-9 are fixed, 10 asks for a raw BRG value. The unit sends
   * its text at the old speed, switches, then waits for a space at the new one before the prompt.
   */
  private *speedMenu(): Rx {
    const items = MENU_BAUDS.map((b, i) => `${String(i + 1).padStart(2)}. ${b}`).join('\r\n');
    this.dev.tx(`Set serial port speed: (bps)\r\n${items}\r\n${this.rawBrg ? '10. BRG raw value\r\n' : ''}(9)>`);
    const choice = Number(yield* this.readLine());
    let baud: number | null = null;
    if (choice >= 1 && choice <= 9) baud = MENU_BAUDS[choice - 1]!;
    else if (choice === 10 && this.rawBrg) {
      this.dev.tx('Enter raw value for BRG\r\n(34)>');
      const brg = Number(yield* this.readLine());
      if (Number.isInteger(brg) && brg >= 0 && brg <= 0xffff) baud = 4_000_000 / (brg + 1);
    }
    if (baud === null) {
      this.dev.tx('Invalid choice\r\nHiZ>');
      return;
    }
    this.dev.tx('Adjust your terminal\r\nSpace to continue\r\n');
    this.dev.setLinkBaud(baud);
    this.dev.log(`terminal:baud ${Math.round(baud)}`);
    for (;;) if (((yield) as number) === 0x20) break;
    this.dev.tx('HiZ>');
  }

  /** binReset(): PSU off, pull-ups off, pins HiZ, on every mode change. */
  private binReset(): void {
    this.dev.bus.setPower(false, 0);
    this.dev.bus.pullups = false;
  }

  /** binIO.c binBB(). Returns when the unit goes back to the terminal (0x0F). */
  private *bbio(announce: boolean): Rx {
    this.binReset();
    if (announce) this.dev.tx('BBIO1');
    for (;;) {
      const b: number = yield;
      this.dev.command();
      if ((b & 0x80) === 0) {
        if (b === 0x00) {
          this.dev.log('bbio:00');
          this.dev.tx('BBIO1');
        } else if (b === 0x02) {
          this.dev.log('bbio:i2c');
          this.binReset();
          yield* this.i2c(true, 0);
          this.binReset();
          this.dev.tx('BBIO1');
        } else if (b === 0x01 || (b >= 0x03 && b <= 0x07)) {
          const name = ['', 'SPI1', '', 'ART1', '1W01', 'RAW1', 'OCD1', 'PIC1'][b] ?? '';
          this.dev.log(`bbio:mode ${hex([b])} (not modeled)`);
          this.binReset();
          this.dev.tx(name);
          // Other protocol modes are not modeled: 0x00 leaves, anything else is an error.
          for (;;) {
            const x: number = yield;
            if (x === 0x00) break;
            this.dev.tx([0x00]);
          }
          this.binReset();
          this.dev.tx('BBIO1');
        } else if (b === 0x0f) {
          this.dev.log('bbio:exit');
          this.dev.tx([0x01]);
          this.binReset();
          // v3 executes asm("RESET"): back to 115200 baud, and the banner; v4 returns to the
          // terminal without a reset and prints only its prompt.
          if (this.v4) {
            this.dev.tx('\r\nHiZ>');
          } else {
            this.resetLink();
            this.dev.tx(this.banner);
          }
          return;
        } else if (b === 0x10 || b === 0x11) {
          this.dev.tx([0x00]); // self-test: 0 errors, then echo until 0xFF
          for (;;) {
            const x: number = yield;
            if (x === 0xff) {
              this.dev.tx([0x01]);
              break;
            }
            this.dev.tx([x]);
          }
        } else if (b === 0x12) {
          for (let i = 0; i < 5; i++) yield;
          this.dev.tx([0x01]);
        } else if (b === 0x13) {
          this.dev.tx([0x01]);
        } else if (b === 0x14) {
          this.dev.tx([0x00, 0x00]);
        } else if (b === 0x16) {
          this.dev.tx([0, 0, 0, 0]);
        } else if (b & 0x40) {
          this.dev.tx([b & 0xe0]); // pin directions; all pins read low
        } else {
          this.dev.tx([0x00]);
        }
      } else {
        // Pin set: bit 6 switches the PSU, bit 5 the pull-ups.
        this.dev.bus.setPower((b & 0x40) !== 0, this.dev.moduleReadyMs);
        this.dev.bus.pullups = (b & 0x20) !== 0;
        this.dev.tx([b & 0xe0]);
      }
    }
  }

  /** I2C.c binI2C(). Returns on 0x00 (back to BBIO). */
  private *i2c(announce: boolean, stalePayload: number): Rx {
    const dev = this.dev;
    dev.setI2cClock(MAX_PROFILE_HZ); // bbSetup(2, 0xFF)
    if (announce) dev.tx('I2C1');
    if (stalePayload > 0) {
      dev.log(`i2c:stale 08 waiting for ${stalePayload} payload bytes`);
      yield* this.writeThenRead(stalePayload, 0, true);
    }
    for (;;) {
      const b: number = yield;
      dev.command();
      switch (b >> 4) {
        case 0x0:
          switch (b) {
            case 0x00:
              dev.log('i2c:exit');
              return;
            case 0x01:
              dev.log('i2c:01 version');
              dev.tx('I2C1');
              break;
            case 0x02:
              dev.log('i2c:02 start');
              dev.bus.start();
              dev.tx([0x01]);
              break;
            case 0x03:
              dev.log('i2c:03 stop');
              dev.bus.stop();
              dev.tx([0x01]);
              break;
            case 0x04:
              dev.log('i2c:04 read');
              dev.tx([dev.bus.readByte()]);
              break;
            case 0x06:
              dev.log('i2c:06 ack');
              dev.bus.masterAck(false);
              dev.tx([0x01]);
              break;
            case 0x07:
              dev.log('i2c:07 nack');
              dev.bus.masterAck(true);
              dev.tx([0x01]);
              break;
            case 0x08: {
              const fw = ((yield) as number) * 256 + ((yield) as number);
              const fr = ((yield) as number) * 256 + ((yield) as number);
              yield* this.writeThenRead(fw, fr, false);
              break;
            }
            case 0x09: {
              dev.tx([0x01]);
              const sub: number = yield;
              if (sub <= 0x02) this.aux = sub;
              dev.tx([sub === 0x03 ? (this.aux === 0x01 ? 1 : 0) : 0x01]);
              break;
            }
            case 0x0f:
              // Sniffer: the unit drives nothing here, so it only waits for any byte to leave.
              dev.log('i2c:sniffer');
              yield;
              dev.tx([0x01]);
              break;
            default:
              dev.log(`i2c:unknown ${hex([b])}`);
              dev.tx([0x00]);
          }
          break;
        case 0x1: {
          const n = (b & 0x0f) + 1;
          dev.tx([0x01]);
          const sent: number[] = [];
          for (let i = 0; i < n; i++) {
            const x: number = yield;
            sent.push(x);
            // Status per byte: 0 = ACK, 1 = NACK; the firmware carries on after a NACK.
            dev.tx([dev.bus.writeByte(x) ? 0x00 : 0x01]);
          }
          dev.log(`i2c:bulk ${hex(sent)}`);
          break;
        }
        case 0x4:
          dev.bus.pullups = (b & 0x04) !== 0;
          dev.bus.setPower((b & 0x08) !== 0, dev.moduleReadyMs);
          dev.log(`i2c:periph ${hex([b])}`);
          dev.tx([0x01]);
          break;
        case 0x5:
          // v4 only: on-board pull-up voltage (50 off, 51 3.3 V, 52 5 V); v3 has no such command.
          dev.tx([this.v4 && b <= 0x52 ? 0x01 : 0x00]);
          break;
        case 0x6: {
          const hz = SPEED_HZ[b & 0x03] ?? MAX_PROFILE_HZ;
          dev.setI2cClock(hz);
          dev.log(`i2c:speed ${hex([b])} ${hz / 1000}kHz`);
          dev.tx([0x01]);
          break;
        }
        default:
          dev.tx([0x00]);
      }
    }
  }

  /** The 0x08 body once the four count bytes are in (firmware v6: no repeated start, no STOP on NACK). */
  private *writeThenRead(fw: number, fr: number, stale: boolean): Rx {
    const dev = this.dev;
    if (fw > TERMINAL_BUFFER || fr > TERMINAL_BUFFER) {
      // Answered before the payload is read: whatever payload follows is parsed as commands.
      dev.log(`i2c:08 w=${fw} r=${fr} rejected (> ${TERMINAL_BUFFER})`);
      dev.tx([0x00]);
      return;
    }
    const w: number[] = [];
    for (let j = 0; j < fw; j++) w.push(yield);
    const shown = `${hex(w.slice(0, 8))}${w.length > 8 ? ' ...' : ''}`;
    dev.bus.start();
    for (const x of w) {
      if (!dev.bus.writeByte(x)) {
        dev.log(`i2c:08 w=${fw} r=${fr} [${shown}] nack${stale ? ' (stale)' : ''}`);
        dev.tx([0x00]);
        return; // no STOP: the bus stays busy
      }
    }
    const data: number[] = [];
    for (let j = 0; j < fr; j++) {
      data.push(dev.bus.readByte());
      dev.bus.masterAck(j === fr - 1);
    }
    dev.bus.stop();
    dev.log(`i2c:08 w=${fw} r=${fr} [${shown}] ok${stale ? ' (stale)' : ''}`);
    dev.tx([0x01, ...data]);
  }
}
