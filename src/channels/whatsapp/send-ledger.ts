/**
 * What this process tried to send, per outbox entry, until WhatsApp shows whether it went.
 * whatsapp-web.js can send a message and still answer undefined, throw (a page error after the
 * send), or answer after our timeout: each of those leaves the outcome unknown. The attempt is
 * kept so that (1) an echo that arrives late is known as ours, never as the office typing, and
 * (2) the outbox's next try of the same entry first looks for the earlier copy instead of
 * sending a second one. Memory only: bounded in count and age.
 */

export interface SendAttempt {
  readonly outboxId: string;
  readonly target: string;
  readonly text: string;
  /** When the first attempt for this entry started (ms): a copy on WhatsApp from then on is this one. */
  readonly since: number;
  /** WhatsApp's id of the copy that went, once known (from the answer, the echo or the chat). */
  confirmedId: string | null;
  /** Last time anything happened to it (ms), for pruning. */
  touchedAt: number;
}

export interface SendLedgerLimits {
  /** Attempts whose outcome is still unknown are kept this long: longer than the outbox retries them. */
  unknownKeepMs: number;
  /** Confirmed ones this long: a late second echo of them is still ours. */
  confirmedKeepMs: number;
  max: number;
}

export const DEFAULT_LEDGER_LIMITS: SendLedgerLimits = { unknownKeepMs: 24 * 3_600_000, confirmedKeepMs: 10 * 60_000, max: 5_000 };

export class SendLedger {
  /** Outbox id → attempt, oldest first (a Map keeps insertion order; begin() moves to the end). */
  private readonly attempts = new Map<string, SendAttempt>();

  constructor(private readonly limits: SendLedgerLimits = DEFAULT_LEDGER_LIMITS) {}

  get(outboxId: string): SendAttempt | undefined {
    return this.attempts.get(outboxId);
  }

  /** A send of this entry starts; an earlier attempt of it keeps its start, so its copy still counts. */
  begin(outboxId: string, target: string, text: string, now: number): SendAttempt {
    this.prune(now);
    const earlier = this.attempts.get(outboxId);
    const attempt: SendAttempt =
      earlier && earlier.target === target && earlier.text === text ? earlier : { outboxId, target, text, since: now, confirmedId: null, touchedAt: now };
    attempt.touchedAt = now;
    this.attempts.delete(outboxId);
    this.attempts.set(outboxId, attempt);
    return attempt;
  }

  confirm(attempt: SendAttempt, whatsappId: string, now: number): void {
    attempt.confirmedId ??= whatsappId;
    attempt.touchedAt = now;
  }

  /**
   * A message the office account sent (`message_create`, fromMe): true when it is a copy of one
   * of our attempts. The newest unconfirmed attempt with that chat and text takes it as its
   * confirmation; a copy matching only confirmed attempts is still ours (a second echo).
   */
  claimEcho(to: string, body: string, whatsappId: string, now: number): boolean {
    this.prune(now);
    let ours = false;
    for (const attempt of [...this.attempts.values()].reverse()) {
      if (attempt.target !== to || attempt.text !== body) continue;
      if (attempt.confirmedId === whatsappId) return true;
      ours = true;
      if (attempt.confirmedId === null) {
        this.confirm(attempt, whatsappId, now);
        return true;
      }
    }
    return ours;
  }

  private prune(now: number): void {
    for (const [id, attempt] of this.attempts) {
      const keep = attempt.confirmedId === null ? this.limits.unknownKeepMs : this.limits.confirmedKeepMs;
      if (attempt.touchedAt + keep <= now) this.attempts.delete(id);
    }
    while (this.attempts.size > this.limits.max) this.attempts.delete(this.attempts.keys().next().value as string);
  }
}
