/**
 * Reads of the audit log for the dashboard's activity page and monthly summary. Every read is
 * bounded by a time range, so it walks the log's `at` index (audit-log.ts) and never the
 * whole collection; the action filter is applied to that range.
 */
import type { AuditEntry, AuditLog } from '../../staff/audit-log';

export interface ActivityFilter {
  from: Date;
  /** Exclusive. */
  to: Date;
  /** Only these action codes; null for all. */
  actions: string[] | null;
  /** Leave these out (when `actions` is null). */
  except?: string[];
}

export class ActivityStore {
  constructor(private readonly audit: Pick<AuditLog, 'model'>) {}

  private filter(f: ActivityFilter): Record<string, unknown> {
    const action = f.actions ? { action: { $in: f.actions } } : f.except?.length ? { action: { $nin: f.except } } : {};
    return { at: { $gte: f.from, $lt: f.to }, ...action };
  }

  /** Newest first, one page. */
  async page(f: ActivityFilter, skip: number, limit: number): Promise<{ rows: AuditEntry[]; total: number }> {
    const [rows, total] = await Promise.all([
      this.audit.model.find(this.filter(f)).sort({ at: -1 }).skip(skip).limit(limit).lean<AuditEntry[]>().exec(),
      this.audit.model.countDocuments(this.filter(f)).exec(),
    ]);
    return { rows, total };
  }

  /** What the monthly summary counts: the entries of these actions in the range (time, action, details only). */
  async entries(f: ActivityFilter & { actions: string[] }): Promise<Pick<AuditEntry, 'at' | 'action' | 'details' | 'target'>[]> {
    return this.audit.model.find(this.filter(f), { at: 1, action: 1, details: 1, target: 1, _id: 0 }).sort({ at: -1 }).lean<AuditEntry[]>().exec();
  }
}
