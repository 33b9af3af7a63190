/**
 * jobs — the cron scheduler (node-cron): starts and stops the jobs feature modules declare
 * (SLA monitor, visit reminders, idle handoff release) in the office's time zone.
 */
export { JobScheduler, type ScheduledJob } from './scheduler';
