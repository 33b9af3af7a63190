/**
 * The ticket figures the reports page shows, as a port: the complaints module's data is read
 * through an adapter (tickets/ticket-adapter.ts), so this page never reaches into its store.
 */
export interface TicketReport {
  /** Tickets received in the period, by their current stage. */
  perStage: { stage: string; label: string; count: number }[];
  received: number;
  /** Received in the period and answered late or still unanswered past the deadline. */
  overdue: number;
  /** Office working hours from receipt to the first response, over the tickets answered. */
  firstResponse: { medianWorkingHours: number | null; answered: number; withinDeadline: number };
  /** Open tickets (any receipt date) past their deadline right now. */
  overdueNow: number;
}

export interface TicketReportSource {
  report(period: { from: Date; to: Date; now: Date }): Promise<TicketReport>;
}
