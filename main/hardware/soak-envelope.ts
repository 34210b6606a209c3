// Decimation for the plots (issue 15 item 5): a window of hours of samples becomes one min / max /
// mean per pixel-wide bucket, so the page draws a few thousand points, never a million. Pure.
//
// The good samples are kept as columns (time in ms as Uint32, each channel as Float32; NaN = no
// light) with a second level of blocks of BLOCK samples (min, max, sum and count per channel), so
// a bucket spanning many samples costs its blocks, not its samples: a whole 24-hour series at 20
// Hz (1.7 million samples) in 1000 buckets reads about 27,000 blocks per channel.
import type { SoakSeriesChannel, SoakSeriesWindow } from '../../preload/contract/soak';

export const BLOCK = 64;

class Grow32 {
  data: Float32Array;
  constructor(n = 1024) {
    this.data = new Float32Array(n);
  }
  ensure(n: number): void {
    if (n <= this.data.length) return;
    const next = new Float32Array(Math.max(n, this.data.length * 2));
    next.set(this.data);
    this.data = next;
  }
}

export class SeriesColumns {
  private t = new Uint32Array(1024);
  private readonly cols: Grow32[];
  private readonly bMin: Grow32[];
  private readonly bMax: Grow32[];
  private readonly bSum: Grow32[];
  private readonly bCnt: Grow32[];
  length = 0;

  constructor(readonly keys: readonly string[]) {
    this.cols = keys.map(() => new Grow32());
    this.bMin = keys.map(() => new Grow32(64));
    this.bMax = keys.map(() => new Grow32(64));
    this.bSum = keys.map(() => new Grow32(64));
    this.bCnt = keys.map(() => new Grow32(64));
  }

  /** Appends a good sample (times must not go backwards). Allocates only when a column grows. */
  push(tMs: number, values: ArrayLike<number>): void {
    const i = this.length;
    if (i >= this.t.length) {
      const next = new Uint32Array(this.t.length * 2);
      next.set(this.t);
      this.t = next;
    }
    this.t[i] = Math.max(0, Math.round(tMs));
    const b = Math.floor(i / BLOCK);
    const first = i % BLOCK === 0;
    for (let c = 0; c < this.keys.length; c++) {
      const v = values[c] ?? Number.NaN;
      const col = this.cols[c]!;
      col.ensure(i + 1);
      col.data[i] = v;
      const mn = this.bMin[c]!;
      const mx = this.bMax[c]!;
      const sm = this.bSum[c]!;
      const ct = this.bCnt[c]!;
      if (first) {
        mn.ensure(b + 1);
        mx.ensure(b + 1);
        sm.ensure(b + 1);
        ct.ensure(b + 1);
        mn.data[b] = Infinity;
        mx.data[b] = -Infinity;
        sm.data[b] = 0;
        ct.data[b] = 0;
      }
      if (!Number.isNaN(v)) {
        if (v < mn.data[b]!) mn.data[b] = v;
        if (v > mx.data[b]!) mx.data[b] = v;
        sm.data[b]! += v;
        ct.data[b]! += 1;
      }
    }
    this.length = i + 1;
  }

  get lastT(): number {
    return this.length === 0 ? 0 : this.t[this.length - 1]!;
  }

  /** Index of the first sample at or after `ms`. */
  indexAt(ms: number): number {
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.t[mid]! < ms) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The window [fromMs, toMs) in `buckets` buckets; `keys` selects channels (default all). */
  window(fromMs: number, toMs: number, buckets: number, keys?: readonly string[]): SoakSeriesWindow {
    const span = Math.max(1, toMs - fromMs);
    const bucketMs = span / buckets;
    const wanted = keys === undefined ? this.keys.map((_, i) => i) : keys.map((k) => this.keys.indexOf(k)).filter((i) => i >= 0);
    const i0 = this.indexAt(fromMs);
    const i1 = this.indexAt(toMs);
    const channels: SoakSeriesChannel[] = wanted.map((c) => ({ key: this.keys[c]!, t: [], min: [], max: [], mean: [] }));
    // Bucket boundaries as sample indexes: one binary search per bucket.
    const edges: number[] = [i0];
    for (let k = 1; k < buckets; k++) edges.push(this.indexAt(fromMs + k * bucketMs));
    edges.push(i1);
    for (let k = 0; k < buckets; k++) {
      const a = edges[k]!;
      const z = edges[k + 1]!;
      if (z <= a) continue;
      wanted.forEach((c, w) => {
        let mn = Infinity;
        let mx = -Infinity;
        let sum = 0;
        let n = 0;
        const col = this.cols[c]!.data;
        let i = a;
        const take = (v: number): void => {
          if (Number.isNaN(v)) return;
          if (v < mn) mn = v;
          if (v > mx) mx = v;
          sum += v;
          n++;
        };
        while (i < z && i % BLOCK !== 0) take(col[i++]!);
        while (i + BLOCK <= z) {
          const b = i / BLOCK;
          const cnt = this.bCnt[c]!.data[b]!;
          if (cnt > 0) {
            mn = Math.min(mn, this.bMin[c]!.data[b]!);
            mx = Math.max(mx, this.bMax[c]!.data[b]!);
            sum += this.bSum[c]!.data[b]!;
            n += cnt;
          }
          i += BLOCK;
        }
        while (i < z) take(col[i++]!);
        if (n === 0) return;
        const ch = channels[w]!;
        ch.t.push(round(fromMs + k * bucketMs));
        ch.min.push(round(mn));
        ch.max.push(round(mx));
        ch.mean.push(round(sum / n));
      });
    }
    return { fromMs, toMs, bucketMs, samples: i1 - i0, channels };
  }
}

// Four significant decimals is finer than any monitor's resolution and keeps the JSON small.
function round(v: number): number {
  return Math.round(v * 10000) / 10000;
}
