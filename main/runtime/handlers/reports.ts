/** report.*: thin adapters onto the ReportService (main/reports). */
import type { ReportService } from '../../reports/report-service.js';
import type { Handlers } from '../dispatcher.js';

type ReportHandlerNames = 'report.x' | 'report.z' | 'report.list' | 'report.get' | 'report.print' | 'report.exportCsv';

export function reportHandlers(reports: ReportService): Pick<Handlers, ReportHandlerNames> {
  return {
    'report.x': () => reports.x(),
    'report.z': ({ acceptUnregistered }) => reports.z(acceptUnregistered),
    'report.list': ({ limit }) => ({ items: reports.list(limit) }),
    'report.get': ({ number }) => reports.get(number),
    'report.print': ({ number }) => reports.printReport(number),
    'report.exportCsv': ({ number, folder }) => reports.exportCsv(number, folder),
  };
}
