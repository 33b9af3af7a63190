/**
 * Scheduled jobs (node-cron): each job says when it runs and in which time zone; the scheduler
 * only starts and stops them. Jobs take "now" from the clock, so tests call run() directly.
 */
import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from 'pino';

export interface ScheduledJob {
  name: string;
  /** Cron expression (node-cron syntax). */
  schedule: string;
  timeZone: string;
  run(): Promise<void>;
}

export class JobScheduler {
  private readonly tasks: ScheduledTask[] = [];
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly logger: Logger) {}

  start(jobs: ScheduledJob[]): void {
    for (const job of jobs) {
      if (!cron.validate(job.schedule)) throw new Error(`Job ${job.name}: invalid cron expression "${job.schedule}"`);
      const task = cron.schedule(
        job.schedule,
        async () => {
          const run = job.run().catch((err) => this.logger.error({ err, job: job.name }, 'scheduled job failed'));
          this.running.add(run);
          await run;
          this.running.delete(run);
        },
        { timezone: job.timeZone, name: job.name, noOverlap: true },
      );
      this.tasks.push(task);
    }
  }

  /** Stops future runs and waits for the ones in progress. */
  async stop(): Promise<void> {
    for (const task of this.tasks.splice(0)) await task.stop();
    await Promise.all(this.running);
  }
}
