import type { I2cBus } from './module-target';
import type { Timeline } from './timing';

/** What a firmware model may touch: the link, the I2C bus, the clock and the log. */
export interface Device {
  readonly bus: I2cBus;
  readonly timeline: Timeline;
  /** Queue reply bytes; they leave at the modeled time. */
  tx(bytes: ArrayLike<number> | string): void;
  log(entry: string): void;
  /** One protocol command executed (stats.commands). */
  command(): void;
  setI2cClock(hz: number): void;
  /** Power-on delay of the module (t_serial), already scaled to real ms. */
  readonly moduleReadyMs: number;
  /** The programmer's UART now runs at this speed (Bus Pirate raw-BRG menu, reset). */
  setLinkBaud(baud: number): void;
  /** A host byte was lost to a full receive FIFO. */
  rxOverrun(): void;
}

export interface Firmware {
  /**
   * One chunk as it arrived from the host (one USB transfer / read() of the pty). `arrival` is
   * when its first byte starts to reach the programmer's UART (after any USB turnaround), real ms.
   */
  feed(chunk: Uint8Array, arrival: number): void;
}

export const hex = (bytes: ArrayLike<number>): string =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, '0').toUpperCase()).join(' ');
