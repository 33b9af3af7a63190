/**
 * Meta's two sending limits, kept on our side so a send waits here instead of being refused:
 * - the pair rate: about one message every `pair.intervalMs` to the same user (131056), with a
 *   burst of `pair.burst` allowed (a reply split in a few parts goes at once) that is paid back at
 *   the same rate;
 * - the number's throughput: at most `perSecond` messages a second from the business number
 *   (130429), with up to one second's worth at once.
 * Both are a generic cell-rate algorithm: each user, and the number, has a theoretical arrival
 * time that every send pushes one interval further. `reserve` answers null (send now, counted
 * against both) or how long to wait and which limit is why (nothing counted). Also holds Meta's
 * own "wait" answers: for one user (131056) or for the whole number (429, 130429, 80007).
 * Meta counts inbound messages in the throughput too: each one received takes its place in the
 * number's schedule (`inbound`), so replies to a burst of incoming messages wait their turn.
 */
const MAX_USERS = 50_000;

export interface PacingLimits {
  pair: { intervalMs: number; burst: number };
  /** Messages a second the number may send (Meta's default throughput: 80). */
  perSecond: number;
}

/** Why a message must wait, and how long; null when it may go now. */
export type Wait = { waitMs: number; limit: 'user' | 'number' } | null;

export class PairPacer {
  private readonly next = new Map<string, number>();
  private numberNext = 0;
  private numberBlockedUntil = 0;
  private readonly numberIntervalMs: number;
  private readonly numberBurst: number;

  constructor(private readonly limits: PacingLimits, private readonly now: () => number) {
    this.numberIntervalMs = 1000 / limits.perSecond;
    this.numberBurst = Math.max(1, Math.floor(limits.perSecond));
  }

  /** Counted and null, or how long before a message may go to this user (and why). */
  reserve(user: string): Wait {
    const now = this.now();
    if (this.numberBlockedUntil > now) return { waitMs: this.numberBlockedUntil - now, limit: 'number' };
    const numberTat = Math.max(this.numberNext, now);
    const numberWait = numberTat - now - (this.numberBurst - 1) * this.numberIntervalMs;
    if (numberWait > 0) return { waitMs: Math.ceil(numberWait), limit: 'number' };
    const { intervalMs, burst } = this.limits.pair;
    const tat = Math.max(this.next.get(user) ?? now, now);
    const wait = tat - now - (burst - 1) * intervalMs;
    if (wait > 0) return { waitMs: wait, limit: 'user' };
    if (!this.next.has(user) && this.next.size >= MAX_USERS) this.prune(now);
    this.next.delete(user); // re-insert: Map order stays oldest-first for pruning
    this.next.set(user, tat + intervalMs);
    this.numberNext = numberTat + this.numberIntervalMs;
    return null;
  }

  /** Messages received on the number: they use its throughput as sends do (never refused, only counted). */
  inbound(count: number): void {
    if (count <= 0) return;
    this.numberNext = Math.max(this.numberNext, this.now()) + count * this.numberIntervalMs;
  }

  /** Meta said this user has had enough for now (131056). */
  blockUser(user: string, ms: number): void {
    const now = this.now();
    const { intervalMs, burst } = this.limits.pair;
    this.next.set(user, Math.max(this.next.get(user) ?? now, now + ms + (burst - 1) * intervalMs));
  }

  /** Meta said the number is over its throughput (429, 130429, 80007). */
  blockNumber(ms: number): void {
    this.numberBlockedUntil = Math.max(this.numberBlockedUntil, this.now() + ms);
  }

  private prune(now: number): void {
    for (const [user, tat] of this.next) if (tat <= now) this.next.delete(user);
    if (this.next.size >= MAX_USERS) this.next.clear();
  }
}
