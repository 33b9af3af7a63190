/**
 * "Overdue", the one definition: a ticket is overdue when that was recorded (the SLA monitor
 * escalated it, or its first response came after the deadline) or when it is plainly late right
 * now — unanswered, its clock running, the deadline passed — even before the monitor has run.
 * The view, the report, the desk and the monitor ask these functions; the store's list filter
 * and alert claims are the same conditions written as queries (ticket-store.ts, checked against
 * these by test/complaints/one-rule.test.ts).
 */
import { CLOCK_RUNNING, TERMINAL, type Stage } from './ticket';

type Timed = { overdue: boolean; respondedAt: Date | null; stage: Stage; responseDueAt: Date };

/** A deadline has passed once the moment is strictly after it. */
export const isPastDue = (dueAt: Date, at: Date): boolean => at.getTime() > dueAt.getTime();

/** Unanswered, clock running, past due. */
export const isLateNow = (t: Omit<Timed, 'overdue'>, now: Date): boolean =>
  !t.respondedAt && CLOCK_RUNNING.includes(t.stage) && isPastDue(t.responseDueAt, now);

export const isOverdue = (t: Timed, now: Date): boolean => t.overdue || isLateNow(t, now);

/** Overdue and still owed its first response (not finished): "terlambat saat ini". */
export const isOverdueUnanswered = (t: Timed, now: Date): boolean => isOverdue(t, now) && !t.respondedAt && !TERMINAL.includes(t.stage);
