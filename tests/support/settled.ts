// How a promise settled, as one comparable string: 'resolved', the BenchError's code, or the raw
// error (a driver or transport that throws an uncoded error is itself a finding).
import { BenchError } from '../../main/errors';

export async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'resolved';
  } catch (e) {
    return e instanceof BenchError ? e.code : `raw:${String(e)}`;
  }
}
