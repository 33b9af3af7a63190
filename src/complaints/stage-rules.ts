/**
 * Rules about moving a ticket that every entry point obeys through the desk: which stages need
 * a note (the reason) and what a missing one is called. The API schema and the dashboard form
 * do not check this themselves; the desk refuses, and the edges word the refusal.
 */
import { DomainError } from '../domain-errors';
import type { Stage } from './ticket';

/** Waiting on the complainant says what is awaited; closing says why (duplicate, out of scope…). */
export const NOTE_REQUIRED: readonly Stage[] = ['menunggu_pelapor', 'ditutup'];

export const noteRequired = (to: Stage): boolean => NOTE_REQUIRED.includes(to);

export const noteMissing = (to: Stage) =>
  new DomainError('note_required', `is required when moving to ${to} (the reason)`, { field: 'note', stage: to });

/** A message a stage change sends its complainant (complaint_notice.<kind> in the catalogue). */
export type StageNotice = 'resumed' | 'paused' | 'rating_request' | 'closed';

/**
 * The messages moving a ticket from `from` to `to` sends its complainant, in order. The desk
 * sends exactly these (ComplaintDesk.transition) and the dashboard asks before a move that sends
 * any (stageChangeTells), so the confirm and the message cannot disagree. An unanswered ticket
 * resuming after the wait is told its new deadline, unless it is being closed: then the closing
 * message says all there is to say.
 */
export function stageChangeNotices(from: Stage, to: Stage, responded: boolean): StageNotice[] {
  const notices: StageNotice[] = [];
  if (from === 'menunggu_pelapor' && !responded && to !== 'ditutup') notices.push('resumed');
  if (to === 'menunggu_pelapor') notices.push('paused');
  if (to === 'selesai') notices.push('rating_request');
  if (to === 'ditutup') notices.push('closed');
  return notices;
}

/** Whether the move messages the complainant at all (when the ticket has a chat to message). */
export const stageChangeTells = (from: Stage, to: Stage, responded: boolean): boolean => stageChangeNotices(from, to, responded).length > 0;
