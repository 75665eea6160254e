/** report.*: thin adapters onto the ReportService (main/reports). */
import type { ReportService } from '../../reports/report-service.js';
import type { HandlersOf } from '../dispatcher.js';

export function reportHandlers(reports: ReportService): HandlersOf<'report'> {
  return {
    'report.x': () => reports.x(),
    'report.z': ({ acceptUnregistered }) => reports.z(acceptUnregistered),
    'report.list': ({ limit }) => ({ items: reports.list(limit) }),
    'report.get': ({ number }) => reports.get(number),
    'report.print': ({ number }) => reports.printReport(number),
    'report.exportCsv': ({ number, folder }) => reports.exportCsv(number, folder),
  };
}
