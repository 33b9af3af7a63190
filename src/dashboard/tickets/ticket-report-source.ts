/**
 * The reports page's ticket figures, computed by the complaints module's own report
 * (src/complaints/reports.ts) so the page and the API never disagree.
 */
import type { TimeZone } from '../../agency/profile-schema';
import type { OfficeCalendar } from '../../calendar/working-days';
import { ticketReport } from '../../complaints/reports';
import { STAGES } from '../../complaints/ticket';
import { isOverdueUnanswered } from '../../complaints/overdue';
import type { TicketStore } from '../../complaints/ticket-store';
import type { TicketReportSource } from '../reports/ticket-report';
import { STAGE_LABELS } from './ticket-labels';

export function ticketReportSource(deps: { store: TicketStore; calendar: OfficeCalendar; tz: TimeZone }): TicketReportSource {
  return {
    async report({ from, to, now }) {
      const tickets = await deps.store.all({ receivedFrom: from, receivedBefore: to }, now);
      const r = ticketReport(tickets, { calendar: deps.calendar, tz: deps.tz, now });
      const late = await deps.store.all({ overdue: true }, now);
      return {
        perStage: STAGES.map((stage) => ({ stage, label: STAGE_LABELS[stage], count: r.byStage[stage] })),
        received: r.total,
        overdue: r.overdue.count,
        firstResponse: { medianWorkingHours: r.firstResponse.medianWorkingHours, answered: r.firstResponse.responded, withinDeadline: r.firstResponse.withinDeadline },
        overdueNow: late.filter((t) => isOverdueUnanswered(t, now)).length,
      };
    },
  };
}
