/**
 * The contract between the engine and the flows in flows/. Flows import only this file:
 * they read the message and the office profile, reach data through services, and say things
 * through the catalogue. Their state is plain JSON, saved with the flow's version.
 */
import type { AgencyProfile } from '../agency/profile-schema';
import type { AttachmentNote } from './attachment-note';
export { attachmentReplyKey, fileCounts, keptFileId, type AttachmentNote } from './attachment-note';
import type { InboundMessage } from './inbound';
import type { Meaning } from '../understanding';
import type { WordSet } from '../understanding/word-set';
import type { FlowServices } from './services';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type FlowState = { [key: string]: Json };

/** A flow's id (flows/index.ts lists them); saved in sessions with the flow's version. */
export type FlowId = string;

/** What the person's message means (see src/understanding): commands, menu number, intents. */
export type ParsedInput = Meaning;

export interface FlowContext {
  readonly chat: { channel: InboundMessage['channel']; chatId: string; phone: string | null };
  readonly message: InboundMessage;
  readonly input: ParsedInput;
  /** The message's file, when it carried one the engine took in: kept for staff, or why not (null otherwise). */
  readonly attachment?: AttachmentNote | null;
  /** The topic this flow was started for (one of its intents), when a message asked several. */
  readonly topic: string | null;
  readonly now: Date;
  readonly profile: AgencyProfile;
  readonly services: FlowServices;
  /** Renders a catalogue text with {placeholders}. */
  t(key: string, vars?: Record<string, string | number>): string;
  /** Sends a catalogue text. */
  say(key: string, vars?: Record<string, string | number>): void;
  /** Sends text already composed from catalogue pieces and profile facts. */
  reply(text: string): void;
  /** A word set of flows/nlu/vocabularies.yaml; the flow names it in `wordSets`, so start-up checks that it exists. */
  wordSet(name: string): WordSet;
}

export type FlowOutcome<S extends FlowState> =
  | { next: 'stay'; state: S }
  | { next: 'end' }
  /** Hand the same message over to another flow's start. */
  | { next: 'goto'; flow: FlowId }
  /**
   * Not an answer to this step after all: the message is understood as if no flow were active.
   * What was written so far is kept and offered back, unless `keep` is false.
   */
  | { next: 'reroute'; keep?: boolean }
  /**
   * A question beside this step ("kantornya buka jam brp?" typed into a complaint): answered as
   * if no flow were active, then the flow goes on in `state` and says `reminder` (a catalogue key)
   * so the person knows where they stand. A question that needs a dialogue of its own (a status
   * check asks for a NIK) leaves the flow instead, as `reroute` does, with `state` kept and offered back.
   */
  | { next: 'aside'; state: S; reminder: string };

export interface Flow<S extends FlowState = FlowState> {
  readonly id: FlowId;
  /** Bump when the shape or meaning of the state changes: older sessions are dropped, not misread. */
  readonly version: number;
  /** The intents that start this flow from anywhere (each has training lines in flows/nlu/). */
  readonly intents: readonly string[];
  /** The word sets of flows/nlu/vocabularies.yaml it reads through `ctx.wordSet`: a missing one stops start-up. */
  readonly wordSets?: readonly string[];
  /** Its entry in the main menu: position and catalogue key of the label. */
  readonly menu?: { order: number; label: string };
  /** `answer` flows reply and end at once, so several can answer one message; `dialogue` flows may ask back. */
  readonly kind: 'answer' | 'dialogue';
  /**
   * Intents answered as soon as they are named, asked or not, even while the chat waits for
   * staff ("bapak saya di IGD sekarang"): waiting for a person must not delay them. Starting the
   * flow for one of them replies and ends, as an `answer` flow does.
   */
  readonly urgent?: readonly string[];
  /**
   * A `dialogue` flow that answers this message at once, without asking back (a ticket status
   * asked with its number): a chat waiting for staff gets that answer, as it does an `answer` flow's.
   */
  answersAtOnce?(input: ParsedInput): boolean;
  /**
   * What this flow must say to a chat waiting for staff without being started, because it
   * cannot wait for office hours ("someone asked me for 150 thousand, is that right?" is told
   * the standard's fee at once); returns whether it said anything. The request stays with staff.
   */
  whileWaiting?(ctx: FlowContext): boolean;
  /** Steps where the person writes freely: only exact commands (menu, batal) interrupt them. */
  freeText?(state: S): boolean;
  /**
   * The message answers the current step in the step's own words ("ibu sy sehat kok" to "is it
   * urgent?"), so it stays in the step even if it also reads like another topic.
   */
  answersStep?(ctx: FlowContext, state: S): boolean;
  /**
   * "maksudnya?", "ga ngerti" at the current step: says what the step asks, why, and how to
   * answer it, and returns true; false leaves the message to `handle` as usual.
   */
  explain?(ctx: FlowContext, state: S): boolean;
  start(ctx: FlowContext): Promise<FlowOutcome<S>> | FlowOutcome<S>;
  handle(ctx: FlowContext, state: S): Promise<FlowOutcome<S>> | FlowOutcome<S>;
  /**
   * The session timed out inside this flow: `keep` offers the state back to the person later
   * ("Lanjutkan?"); `drop` forgets it (the flow may say what was lost).
   */
  onExpire?(ctx: FlowContext, state: S): 'keep' | 'drop';
  /**
   * While a kept state is on offer ("ketik *lanjut*"), the message carries it on without a "ya"
   * (a closing "sudah itu aja" for a kept complaint body): the flow takes it up and handles it.
   */
  continuesWith?(ctx: FlowContext, state: S): boolean;
  /** Re-asks the current step when a kept state is taken up again. */
  resume?(ctx: FlowContext, state: S): FlowOutcome<S>;
  /** This step takes an attachment (e.g. a photo for a complaint). */
  acceptsAttachment?(state: S): boolean;
}

export const stay = <S extends FlowState>(state: S): FlowOutcome<S> => ({ next: 'stay', state });
export const end = (): { next: 'end' } => ({ next: 'end' });
export const goto = (flow: FlowId): { next: 'goto'; flow: FlowId } => ({ next: 'goto', flow });
export const aside = <S extends FlowState>(state: S, reminder: string): FlowOutcome<S> => ({ next: 'aside', state, reminder });
export const reroute = (options: { keep?: boolean } = {}): { next: 'reroute'; keep?: boolean } => ({ next: 'reroute', ...options });
