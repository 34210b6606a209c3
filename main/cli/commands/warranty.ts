import type { Command } from 'commander';
import type { OverallVerdict } from '../../../preload/contract/limits';
import type { BenchVerdict, WarrantyInput, WarrantyOutcome } from '../../../preload/contract/warranty';
import { BenchError } from '../../errors';
import { parseDateCodeText } from '../../sff/date-code';
import { decideWarranty, manufactureDateFromDateCode } from '../../warranty/index';
import { addJudgeOptions, runCheck, NEXT_STEP_WORDS, type CheckCliOptions } from './check';

interface WarrantyCliOptions extends CheckCliOptions {
  dump?: string;
  delivered?: string;
  dateCode?: string;
  notified: string;
  cause: string;
  verdict?: string;
}

/**
 * One JSON line, keys in this order with ": " and ", " separators: decision, rule, ageDays,
 * estimated, verdict (with --dump the overall verdict of the image, else the one given).
 */
export function formatWarrantyJson(o: WarrantyOutcome, verdict?: OverallVerdict | BenchVerdict): string {
  const entries: [string, unknown][] = [
    ['decision', o.decision],
    ['rule', o.rule],
    ['ageDays', o.ageDays],
    ['estimated', o.estimated],
  ];
  if (verdict !== undefined) entries.push(['verdict', verdict]);
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(', ')}}\n`;
}

export function formatWarrantyText(o: WarrantyOutcome, verdict?: OverallVerdict | BenchVerdict): string {
  const basis =
    o.basisDate === null ? 'no basis date (no delivery record, date code unreadable)' : o.estimated ? `manufacture ${o.basisDate} (estimated from the date code)` : `delivery ${o.basisDate}`;
  const lines = [`Decision: ${o.decision}`, `Rule:     ${o.rule}`, `Age:      ${o.ageDays === null ? '-' : `${o.ageDays} days`} from ${basis}`];
  if (verdict !== undefined) lines.push(`Verdict:  ${verdict}`);
  for (const need of o.needs ?? []) lines.push(`To do:    ${NEXT_STEP_WORDS[need] ?? need}`);
  return lines.join('\n') + '\n';
}

/** The bench verdict the policy reads: an incomplete run is never a pass (never "no fault found"). */
function benchVerdictOf(overall: OverallVerdict): BenchVerdict {
  return overall === 'fail' ? 'fail' : overall === 'incomplete' ? 'incomplete' : 'pass';
}

/**
 * `warranty --dump FILE --notified YYYY-MM-DD --cause C [--delivered YYYY-MM-DD] [--light-source] [--json]`
 * judges the image and applies the policy in one step (without --delivered the basis is the
 * module's date code, marked estimated; an unreadable one gives needs-evidence, never an error).
 * `warranty --verdict pass|fail|incomplete --notified ... --cause ... (--delivered D | --date-code YYMMDD)`
 * applies the policy to a verdict given by hand. Values are validated by the policy itself
 * (decideWarranty), so the CLI and the app refuse the same inputs with the same codes.
 */
export function registerWarranty(program: Command): void {
  const cmd = program
    .command('warranty')
    .description('Apply the after-sale policy: replace, repair, no-fault-found, not-covered, out-of-warranty or needs-evidence')
    .option('--dump <file>', 'module image to judge first (the decision rests on its verdict)')
    .option('--delivered <date>', 'delivery date to the customer, YYYY-MM-DD')
    .option('--date-code <yymmdd>', 'without --dump and --delivered: the module date code (the result is marked estimated)')
    .requiredOption('--notified <date>', 'date the customer notified, YYYY-MM-DD')
    .requiredOption('--cause <cause>', 'cause category: non-human, human or force-majeure')
    .option('--verdict <verdict>', 'without --dump: the bench verdict, pass, fail or incomplete');
  addJudgeOptions(cmd)
    .option('--json', 'print {"decision", "rule", "ageDays", "estimated", "verdict"} as one JSON object')
    .action(async (opts: WarrantyCliOptions) => {
      if (opts.delivered !== undefined && opts.dateCode !== undefined) {
        throw new BenchError('INVALID_INPUT', 'give either --delivered or --date-code, not both (the date code is only the fallback)');
      }
      if ((opts.dump === undefined) === (opts.verdict === undefined)) {
        throw new BenchError('INVALID_INPUT', 'give either --dump FILE (judge the image) or --verdict pass|fail|incomplete, not both or neither');
      }
      let input: WarrantyInput;
      let verdict: OverallVerdict | BenchVerdict | undefined;
      if (opts.dump !== undefined) {
        if (opts.dateCode !== undefined) throw new BenchError('INVALID_INPUT', '--date-code is read from the image with --dump: leave it out');
        const { module, evaluation } = await runCheck(opts.dump, opts);
        // The date code as the module wrote it (every layout); an unreadable one is not an error.
        const manufacturedOn = module.vendor.manufactureDate ?? parseDateCodeText(module.vendor.dateCode).date;
        verdict = evaluation.overall;
        input = {
          deliveredOn: opts.delivered ?? null,
          manufacturedOn,
          notifiedOn: opts.notified,
          cause: opts.cause as never,
          verdict: benchVerdictOf(evaluation.overall),
          nextSteps: evaluation.nextSteps ?? [],
          unreadableDateCode: manufacturedOn === null ? module.vendor.dateCode : null,
        };
      } else {
        verdict = opts.verdict as BenchVerdict;
        input = {
          deliveredOn: opts.delivered ?? null,
          manufacturedOn: opts.dateCode === undefined ? null : manufactureDateFromDateCode(opts.dateCode),
          notifiedOn: opts.notified,
          cause: opts.cause as never,
          verdict: opts.verdict as never,
        };
      }
      const outcome = decideWarranty(input);
      process.stdout.write(opts.json === true ? formatWarrantyJson(outcome, verdict) : formatWarrantyText(outcome, verdict));
    });
}
