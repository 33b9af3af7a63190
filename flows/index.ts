/**
 * The flow registry: every conversation the bot can hold, by id.
 */
import type { Flow, FlowId, FlowState } from '../src/conversation/flow-types';
import { complaintFlow } from './complaint';
import { complaintStatusFlow } from './complaint-status';
import { eligibilityFlow } from './eligibility';
import { handoffFlow } from './handoff';
import { informationFlow } from './information';
import { notificationsFlow } from './notifications';
import { procedureFlow } from './procedure';
import { requirementsFlow } from './requirements';
import { schedulesFlow } from './schedules';

export { flowForChoice, MENU_ITEMS, menuText } from './menu';
export { requestHuman } from './handoff';

export const FLOWS: Partial<Record<FlowId, Flow<FlowState>>> = Object.fromEntries(
  [requirementsFlow, procedureFlow, eligibilityFlow, schedulesFlow, complaintFlow, complaintStatusFlow, handoffFlow, informationFlow, notificationsFlow].map(
    (f) => [f.id, f as unknown as Flow<FlowState>],
  ),
);
