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

/**
 * Whether moving a ticket from `from` to `to` sends its complainant a WhatsApp message (what
 * ComplaintDesk.transition tells them): waiting on them (with the note), a finished ticket's
 * rating request, closing, and an unanswered ticket resuming after the wait. The dashboard asks
 * before such a move.
 */
export const stageChangeTells = (from: Stage, to: Stage, responded: boolean): boolean =>
  to === 'menunggu_pelapor' || to === 'selesai' || to === 'ditutup' || (from === 'menunggu_pelapor' && !responded);
