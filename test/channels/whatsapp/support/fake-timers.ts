/**
 * Hand-moved time for the WhatsApp transport tests: timers run when advance() passes their
 * due time, in order, with promise chains settling in between.
 */
import type { TimerHandle, Timers } from '../../../../src/channels/whatsapp/timers';

interface Scheduled {
  at: number;
  seq: number;
  fn: () => void;
  cancelled: boolean;
}

export async function settle(rounds = 10): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((r) => setImmediate(r));
}

export class FakeTimers implements Timers {
  private current: number;
  private seq = 0;
  private scheduled: Scheduled[] = [];

  constructor(start: string | number = '2026-11-23T02:00:00Z') {
    this.current = typeof start === 'number' ? start : Date.parse(start);
  }

  now(): number {
    return this.current;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const entry: Scheduled = { at: this.current + Math.max(0, ms), seq: this.seq++, fn, cancelled: false };
    this.scheduled.push(entry);
    return { cancel: () => void (entry.cancelled = true) };
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.setTimeout(resolve, ms));
  }

  /** Timers still waiting to run. */
  get pending(): number {
    return this.scheduled.filter((s) => !s.cancelled).length;
  }

  async advance(ms: number): Promise<void> {
    const end = this.current + ms;
    await settle();
    for (;;) {
      this.scheduled = this.scheduled.filter((s) => !s.cancelled);
      const due = this.scheduled.filter((s) => s.at <= end).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      this.scheduled.splice(this.scheduled.indexOf(due), 1);
      this.current = Math.max(this.current, due.at);
      due.fn();
      await settle();
    }
    this.current = end;
    await settle();
  }

  /** Advances timer by timer (at most stepMs at a time) until the condition holds; real I/O gets a turn in between. */
  async advanceUntil(condition: () => boolean | Promise<boolean>, stepMs = 60_000, maxMs = 6 * 3_600_000): Promise<void> {
    const end = this.current + maxMs;
    for (;;) {
      await settle();
      if (await condition()) return;
      if (this.current >= end) throw new Error(`condition not met within ${maxMs} ms of fake time`);
      const next = this.scheduled.filter((s) => !s.cancelled).reduce((min, s) => Math.min(min, s.at), Infinity);
      await this.advance(Math.max(1, Math.min(stepMs, next - this.current, end - this.current)));
      await new Promise((r) => setTimeout(r, 1));
    }
  }
}
