import type { Command } from 'commander';
import type { WarrantyOutcome } from '../../../preload/contract/warranty';
import { BenchError } from '../../errors';
import { decideWarranty, manufactureDateFromDateCode } from '../../warranty/index';

interface WarrantyCliOptions {
  delivered?: string;
  dateCode?: string;
  notified: string;
  cause: string;
  verdict: string;
  json?: boolean;
}

/** The issue's exact JSON line: these four keys, in this order, with ": " and ", " separators. */
export function formatWarrantyJson(o: WarrantyOutcome): string {
  const entries: [string, unknown][] = [
    ['decision', o.decision],
    ['rule', o.rule],
    ['ageDays', o.ageDays],
    ['estimated', o.estimated],
  ];
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(', ')}}\n`;
}

export function formatWarrantyText(o: WarrantyOutcome): string {
  const basis = o.estimated ? `manufacture ${o.basisDate} (estimated from the date code)` : `delivery ${o.basisDate}`;
  return [`Decision: ${o.decision}`, `Rule:     ${o.rule}`, `Age:      ${o.ageDays} days from ${basis}`].join('\n') + '\n';
}

/**
 * `warranty --delivered YYYY-MM-DD | --date-code YYMMDD --notified YYYY-MM-DD --cause C --verdict V [--json]`.
 * Values are validated by the policy itself (decideWarranty), so the CLI and the app refuse the
 * same inputs with the same codes.
 */
export function registerWarranty(program: Command): void {
  program
    .command('warranty')
    .description('Apply the after-sale policy: replace, repair, no-fault-found, not-covered or out-of-warranty')
    .option('--delivered <date>', 'delivery date to the customer, YYYY-MM-DD')
    .option('--date-code <yymmdd>', 'when the delivery date is unknown: the module date code (the result is marked estimated)')
    .requiredOption('--notified <date>', 'date the customer notified, YYYY-MM-DD')
    .requiredOption('--cause <cause>', 'cause category: non-human, human or force-majeure')
    .requiredOption('--verdict <verdict>', 'bench verdict: pass or fail')
    .option('--json', 'print {"decision", "rule", "ageDays", "estimated"} as one JSON object')
    .action((opts: WarrantyCliOptions) => {
      if (opts.delivered !== undefined && opts.dateCode !== undefined) {
        throw new BenchError('INVALID_INPUT', 'give either --delivered or --date-code, not both (the date code is only the fallback)');
      }
      const outcome = decideWarranty({
        deliveredOn: opts.delivered ?? null,
        manufacturedOn: opts.dateCode === undefined ? null : manufactureDateFromDateCode(opts.dateCode),
        notifiedOn: opts.notified,
        cause: opts.cause as never,
        verdict: opts.verdict as never,
      });
      process.stdout.write(opts.json === true ? formatWarrantyJson(outcome) : formatWarrantyText(outcome));
    });
}
