// The handler of every channel, as plain data over the services: no Electron here, so the test
// harness serves the very same table. Handlers receive requests the wrapper has already validated.
import type { AppServices } from '../services/app-services';
import type { HandlerTable } from './wrapper';

const DUMP_FILTERS = [
  { name: 'Module dumps (ethtool hex, hex, binary)', extensions: ['txt', 'hex', 'bin', 'eeprom', 'dump', 'log'] },
  { name: 'All files', extensions: ['*'] },
];

export function createHandlerTable(services: AppServices): HandlerTable {
  return {
    'app:info': () => services.info,
    'ports:list': () => services.hardware.listPorts(),
    'sim:modules': () => services.hardware.listSimulatedModules(),
    'bench:probe': (req) => services.bench.probe(req.programmer),
    'bench:read': (req, ctx) => services.bench.read(req, (e) => ctx.emit('bench:progress', e)),
    'bench:cancel': (req) => services.bench.cancel(req.readId),
    'bench:monitor-start': (req, ctx) => {
      const started = services.bench.monitorStart(req, {
        reading: (e) => ctx.emit('bench:reading', e),
        ended: (e) => ctx.emit('bench:monitor-ended', e),
      });
      // A monitor nobody watches would hold the programmer's port until the app quits.
      ctx.onSenderGone(() => void services.bench.monitorStop(started.monitorId));
      return started;
    },
    'bench:monitor-stop': (req) => services.bench.monitorStop(req.monitorId),
    'files:open-dump': async (req) => {
      // The path comes from the user's choice in main's dialog, never from the page.
      const chosen = await services.dialogs.openFile({ title: 'Open a module dump', filters: DUMP_FILTERS });
      if (chosen === null) return { canceled: true };
      const { read, format } = await services.bench.openDump(chosen, { rxLightSource: req.rxLightSource ?? false, profileId: req.profileId });
      return { canceled: false, read, format };
    },
    'limits:list': () => services.limits.list(),
    'limits:import': (req) => services.limits.importFile(req.actor),
    'limits:new-version': (req) => services.limits.newVersion(req.profile, req.actor),
    'settings:get': () => services.records.settings.all(),
    'settings:set': (req) => services.records.settings.set(req),
    'testruns:record': (req) => services.testRuns.record(req),
    'testruns:list': (req) => ('caseId' in req ? services.records.testRuns.listForCase(req.caseId) : services.records.testRuns.listForSerial(req.serial)),
    'testruns:get': (req) => services.records.testRuns.get(req.id),
    'externaltests:record': (req) => services.records.externalTests.record(req),
    'externaltests:list': (req) => ('caseId' in req ? services.records.externalTests.listForCase(req.caseId) : services.records.externalTests.listForSerial(req.serial)),
    'cases:create': (req) => services.records.repairs.createCase(req),
    'cases:list': (req) => services.records.repairs.listCases(req),
    'cases:get': (req) => services.records.repairs.getCaseDetail(req.id),
    'cases:find': (req) => services.cases.find(req.query),
    'cases:transition': (req) => services.records.repairs.transition(req),
    'cases:decide': (req) => services.records.repairs.decide(req),
    'cases:assign': (req) => services.records.repairs.assignTechnician(req),
    'customers:create': (req) => services.records.customers.create(req),
    'customers:list': (req) => services.records.customers.list(req.search),
    'customers:get': (req) => services.records.customers.get(req.id),
    'technicians:create': (req) => services.records.technicians.create(req),
    'technicians:list': (req) => services.records.technicians.list({ includeInactive: req.includeInactive ?? false }),
    'technicians:set-active': (req) => services.records.technicians.setActive(req),
    'complaints:file': (req) => services.records.supervision.fileComplaint(req),
    'complaints:update': (req) => services.records.supervision.updateComplaint(req),
    'complaints:list': (req) => services.records.supervision.listComplaints(req),
    'calls:record': (req) => services.records.supervision.recordCall(req),
    'calls:pick-random': (req) => services.records.supervision.selectForFollowUp(req),
    'calls:list': (req) => services.records.supervision.listCalls(req),
    'stats:dashboard': (req) => services.records.statistics.statistics(req),
    'stats:scorecards': (req) => services.records.statistics.scorecards(req),
    'deliveries:import': (req) => services.deliveries.importFile(req.actor),
    'audit:list': (req) => services.records.audit.list(req),
    'backup:create': (req) => services.backup.create(req.actor),
    'backup:restore': (req) => services.backup.restore(req.actor),
    'export:cases': (req) => services.exports.cases(req),
    'export:test-runs': (req) => services.exports.testRuns(req),
    'reports:preview': (req) => services.reports.preview(req),
    'reports:print': (req) => services.reports.print(req),
    'reports:save-pdf': (req) => services.reports.savePdf(req),
  };
}
