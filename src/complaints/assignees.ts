/**
 * Who a ticket may be given to: a real, active staff account that works tickets (officer or
 * supervisor). The desk asks this port and stores the name from the account, never the name a
 * request made up. The staff directory implements it.
 */
import { DomainError } from '../domain-errors';
import type { StaffRef } from './ticket';

export interface Assignees {
  /** The account when it exists, is active and works tickets; otherwise null. */
  assignable(id: string): Promise<StaffRef | null>;
}

/** Until staff accounts are wired, nobody can be assigned. */
export const noAssignees: Assignees = { assignable: async () => null };

export const notAssignable = () => new DomainError('not_assignable', 'is not an active officer or supervisor', { field: 'assignee.id' });
