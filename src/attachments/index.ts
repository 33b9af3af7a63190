/**
 * Attachments: the photos (a KTP, a KK), voice notes and PDF documents applicants send. This
 * folder owns which files are kept (policy.ts), taking one in through its channel with a
 * deadline (intake.ts), keeping it sealed in MongoDB GridFS with its chat, time, type, size
 * and name (attachment-store.ts), and removing it with the chat history it came in: after the
 * history's 365 days (a scheduled job on the service's clock, as for the other retention
 * periods) and on a data-subject erasure. What the person is told is the engine's; what staff
 * see is the dashboard inbox's (through AttachmentStore.forChat/open).
 */
import type { Logger } from 'pino';
import type { Clock } from '../calendar/clock';
import type { ScheduledJob } from '../jobs/scheduler';
import type { AttachmentStore } from './attachment-store';

export { AttachmentStore, isMissingBlob, type AttachmentInfo } from './attachment-store';
export { AttachmentIntake, type AttachmentOutcome } from './intake';
export { ALLOWED, MAX_FILE_BYTES, safeFilename, type FileKind } from './policy';
export { servedHeaders } from './serving';

const DAY_MS = 24 * 3_600_000;

/** The retention job: files older than the chat history's `days` are removed, bytes and record. */
export function attachmentRetentionJob(store: AttachmentStore, o: { days: number; clock: Clock; logger: Logger; schedule: string; timeZone: string }): ScheduledJob {
  return {
    name: 'attachment-retention',
    schedule: o.schedule,
    timeZone: o.timeZone,
    run: async () => {
      const removed = await store.purgeBefore(new Date(o.clock.now().getTime() - o.days * DAY_MS));
      if (removed > 0) o.logger.info({ removed }, 'retention: old attachments removed');
    },
  };
}
