/**
 * handoff — handing a chat to a person and back: the staff queue, claims, replies through the
 * outbox, closing, idle release, and the figures for reports.
 */
export { Handoffs } from './handoff-service';
export type { Handoff } from './handoff-store';
