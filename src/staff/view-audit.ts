/**
 * The audit of staff looking at an applicant's files (UU 27/2022: who saw which personal data,
 * and when, must be answerable). A photo shown inline is fetched by the browser on every page
 * load, and the desk's pages reload and re-render (the inbox's live updates, a ticket reopened
 * after each action); with `Cache-Control: no-store` each is a new request. One row per request
 * made a ticket with ten thumbnails write ten rows on every reload, burying the views that matter.
 *
 * So a view is recorded once per person, file and sitting: the first load writes the row, and the
 * same person loading the same file again within SITTING_MS writes none; after that, or after a
 * restart (this memory is per process, as the service is: one process per office number), the
 * next load writes one again. Who saw which file, and from when, stays in the log; what is lost is
 * only how many times within half an hour. A deliberate opening that the page requires a click
 * for (a confidential complaint's file) is recorded every time (`every: true`): each is an act.
 */
import type { Clock } from '../calendar/clock';
import type { AuditLog } from './audit-log';

/** About a sitting at the desk: the dashboard's idle sign-out is longer, a reload loop far shorter. */
export const SITTING_MS = 30 * 60_000;
/** Remembered views kept at most; past it the older ones are forgotten (the next load writes a row). */
const MAX_REMEMBERED = 10_000;

export class FileViewAudit {
  private readonly seen = new Map<string, number>();
  constructor(
    private readonly audit: Pick<AuditLog, 'record'>,
    private readonly clock: Clock,
  ) {}

  /** Records `action` on `target` for this file, unless this person's same view was recorded within the sitting. */
  async record(actor: { id: string; name: string }, action: string, target: string, details: { file: string } & Record<string, unknown>, o: { every?: boolean } = {}): Promise<void> {
    const now = this.clock.now().getTime();
    const key = `${actor.id}\n${action}\n${target}\n${details.file}`;
    const last = this.seen.get(key);
    if (!o.every && last !== undefined && now - last >= 0 && now - last < SITTING_MS) return;
    await this.audit.record(actor, action, target, details);
    this.seen.delete(key); // re-inserted last: the map stays in the order views were recorded
    this.seen.set(key, now);
    if (this.seen.size > MAX_REMEMBERED) this.forgetOldest();
  }

  private forgetOldest(): void {
    for (const key of this.seen.keys()) {
      this.seen.delete(key);
      if (this.seen.size <= MAX_REMEMBERED / 2) return;
    }
  }
}
