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
