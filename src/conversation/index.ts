/**
 * conversation — the engine and the one message path: inbound schema → dedupe → per-chat
 * queue → session → router → flow step → outbox. Flows themselves live in flows/.
 */
export { ConversationEngine, type HandoffGate, type ReceiveResult } from './engine';
export { inboundMessageSchema, chatKey, type InboundMessage, type ChatRef } from './inbound';
export { Outbox } from './outbox';
export { MessageLog } from './message-log';
export type { Flow, FlowContext, FlowOutcome } from './flow-types';
