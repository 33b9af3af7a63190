/**
 * What the chat says about a restricted ticket: nothing. Asked for by its number, its status
 * reads exactly like a ticket the person did not file (the flow's neutral "not found"); the
 * ticket store already leaves restricted tickets out of a chat's own list and follow-ups, and
 * the application repository leaves restricted applications out of status checks.
 */
import type { TicketStore } from '../complaints/ticket-store';
import type { ComplaintService } from '../conversation/services';

export function hideRestrictedTickets<S extends ComplaintService>(service: S, tickets: Pick<TicketStore, 'byNumber'>): S {
  const restricted = async (number: string) => Boolean((await tickets.byNumber(number))?.restrictedAt);
  const hidden: Partial<ComplaintService> = {
    statusText: async (input) => ((await restricted(input.number)) ? null : service.statusText(input)),
  };
  const comment = service.recordRatingComment?.bind(service);
  if (comment) hidden.recordRatingComment = async (input) => ((await restricted(input.number)) ? false : comment(input));
  return Object.assign(Object.create(service) as S, hidden);
}
