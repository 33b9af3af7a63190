/**
 * Meta's pair rate limit, kept on our side: about one message every `intervalMs` to the same
 * user, with a burst of `burst` allowed (a reply split in a few parts goes at once) that is paid
 * back at the same rate. A generic cell-rate algorithm: each user has a theoretical arrival time
 * that every send pushes `intervalMs` further. `reserve` answers 0 (send now, counted) or how long
 * to wait (nothing counted). Also holds Meta's own "wait" answers: for one user (131056) or for
 * the whole number (429, 130429, 80007).
 */
const MAX_USERS = 50_000;

export class PairPacer {
  private readonly next = new Map<string, number>();
  private numberBlockedUntil = 0;

  constructor(private readonly intervalMs: number, private readonly burst: number, private readonly now: () => number) {}

  /** 0 and counted, or the milliseconds to wait before this user may get another message. */
  reserve(user: string): number {
    const now = this.now();
    if (this.numberBlockedUntil > now) return this.numberBlockedUntil - now;
    const tat = Math.max(this.next.get(user) ?? now, now);
    const wait = tat - now - (this.burst - 1) * this.intervalMs;
    if (wait > 0) return wait;
    if (!this.next.has(user) && this.next.size >= MAX_USERS) this.prune(now);
    this.next.delete(user); // re-insert: Map order stays oldest-first for pruning
    this.next.set(user, tat + this.intervalMs);
    return 0;
  }

  /** Meta said this user has had enough for now (131056). */
  blockUser(user: string, ms: number): void {
    const now = this.now();
    this.next.set(user, Math.max(this.next.get(user) ?? now, now + ms + (this.burst - 1) * this.intervalMs));
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
