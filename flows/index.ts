/**
 * The flow registry: every conversation the bot can hold. Each flow declares its intents, its
 * menu entry and its free-text steps; the router, the menu and the understanding checks derive
 * from this list, so a new flow is one file here plus its texts and utterances.
 */
import type { Flow, FlowState } from '../src/conversation/flow-types';
import { answersFlow } from './answers';
import { complaintFlow } from './complaint';
import { complaintStatusFlow } from './complaint-status';
import { eligibilityFlow } from './eligibility';
import { handoffFlow } from './handoff';
import { informationFlow } from './information';
import { notificationsFlow } from './notifications';
import { procedureFlow } from './procedure';
import { requirementsFlow } from './requirements';
import { schedulesFlow } from './schedules';

export { menuText, menuItems } from './menu';
export { requestHuman } from './handoff';

export const FLOW_LIST: readonly Flow<FlowState>[] = [
  requirementsFlow, procedureFlow, eligibilityFlow, schedulesFlow, complaintFlow, complaintStatusFlow, handoffFlow,
  informationFlow, notificationsFlow, answersFlow,
].map((f) => f as unknown as Flow<FlowState>);

/** Every intent some flow starts on. */
export const FLOW_INTENTS: readonly string[] = FLOW_LIST.flatMap((f) => f.intents);
