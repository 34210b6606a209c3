// SFF-8472 A0h bytes 84-91 / SFF-8636 212-219 / CMIS 182-189: the date code is ASCII "YYMMDD"
// (plus two lot characters), years counted from 2000; modules also write YYYYMMDD or separate the
// parts (main/sff/date-code.ts reads every layout). It is the policy's fallback basis when no
// delivery date is known (after-sale-service.md rule 3).
import { BenchError } from '../errors';
import { parseDateCodeText } from '../sff/date-code';

/**
 * A date code typed by a person (the CLI's --date-code) to "YYYY-MM-DD"; INVALID_DATE naming
 * it when no layout gives a real date. A module's own unreadable date code is not an error: the
 * decision is then needs-evidence (see decideWarranty's unreadableDateCode).
 */
export function manufactureDateFromDateCode(dateCode: string): string {
  const parsed = parseDateCodeText(dateCode.trim());
  if (parsed.date === null) {
    throw new BenchError('INVALID_DATE', `date code ${JSON.stringify(dateCode)} is not a valid YYMMDD (or YYYYMMDD) date`, {
      field: 'dateCode',
      value: dateCode,
    });
  }
  return parsed.date;
}
