// SFF-8472 A0h bytes 84-91 / SFF-8636 212-219: the date code is ASCII "YYMMDD" (plus two lot
// characters), years counted from 2000. It is the policy's fallback basis when no delivery date
// is known (after-sale-service.md rule 3).
import { BenchError } from '../errors';
import { formatCalendarDate, parseCalendarDate } from './calendar';

/** "YYMMDD[lot]" to "20YY-MM-DD"; INVALID_DATE naming the date code when it is not a real date. */
export function manufactureDateFromDateCode(dateCode: string): string {
  const m = /^(\d{2})(\d{2})(\d{2})/.exec(dateCode.trim());
  const parsed = m === null ? null : parseCalendarDate(`20${m[1]}-${m[2]}-${m[3]}`);
  if (parsed === null) {
    throw new BenchError('INVALID_DATE', `date code ${JSON.stringify(dateCode)} is not a valid YYMMDD date`, {
      field: 'dateCode',
      value: dateCode,
    });
  }
  return formatCalendarDate(parsed);
}
