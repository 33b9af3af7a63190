/**
 * The contract between the engine and the flows in flows/. Flows import only this file:
 * they read the message and the office profile, reach data through services, and say things
 * through the catalogue. Their state is plain JSON, saved with the flow's version.
 */
import type { AgencyProfile } from '../agency/profile-schema';
import type { InboundMessage } from './inbound';
import type { Intent } from './text/intents';
import type { NormalizedText } from './text/normalize';
import type { FlowServices } from './services';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type FlowState = { [key: string]: Json };

export const FLOW_IDS = [
  'menu', 'requirements', 'procedure', 'eligibility', 'schedules', 'complaint', 'complaint-status',
  'handoff', 'information', 'notifications',
] as const;
export type FlowId = (typeof FLOW_IDS)[number];

export interface ParsedInput extends NormalizedText {
  intent: Intent | null;
}

export interface FlowContext {
  readonly chat: { channel: InboundMessage['channel']; chatId: string; phone: string | null };
  readonly message: InboundMessage;
  readonly input: ParsedInput;
  readonly now: Date;
  readonly profile: AgencyProfile;
  readonly services: FlowServices;
  /** Renders a catalogue text with {placeholders}. */
  t(key: string, vars?: Record<string, string | number>): string;
  /** Sends a catalogue text. */
  say(key: string, vars?: Record<string, string | number>): void;
  /** Sends text already composed from catalogue pieces and profile facts. */
  reply(text: string): void;
}

export type FlowOutcome<S extends FlowState> =
  | { next: 'stay'; state: S }
  | { next: 'end' }
  /** Hand the same message over to another flow's start. */
  | { next: 'goto'; flow: FlowId };

export interface Flow<S extends FlowState = FlowState> {
  readonly id: FlowId;
  /** Bump when the shape or meaning of the state changes: older sessions are dropped, not misread. */
  readonly version: number;
  start(ctx: FlowContext): Promise<FlowOutcome<S>> | FlowOutcome<S>;
  handle(ctx: FlowContext, state: S): Promise<FlowOutcome<S>> | FlowOutcome<S>;
  /** What to tell the user when the session times out inside this flow (kept or lost). */
  onExpire?(ctx: FlowContext, state: S): Promise<void> | void;
  /** This step takes an attachment (e.g. a photo for a complaint). */
  acceptsAttachment?(state: S): boolean;
}

export const stay = <S extends FlowState>(state: S): FlowOutcome<S> => ({ next: 'stay', state });
export const end = (): { next: 'end' } => ({ next: 'end' });
export const goto = (flow: FlowId): { next: 'goto'; flow: FlowId } => ({ next: 'goto', flow });
