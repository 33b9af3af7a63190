/**
 * The 24-hour customer-service window: when each user last wrote to the office number. Kept in
 * its own small collection (keyed by a hash of the wa_id, so it holds no phone number) because
 * the window outlives a restart; reads go through a bounded in-memory cache.
 */
import { createHash } from 'node:crypto';
import type { Collection } from 'mongodb';
import type { Connection } from 'mongoose';

interface WindowDoc {
  _id: string;
  lastInboundAt: Date;
}

const MAX_CACHED = 20_000;

export class ServiceWindows {
  private readonly docs: Collection<WindowDoc>;
  private readonly cache = new Map<string, Date | null>();

  constructor(connection: Connection, private readonly rule: { windowMs: number; windowMarginMs: number }) {
    this.docs = connection.collection<WindowDoc>('whatsapp_cloud_windows') as unknown as Collection<WindowDoc>;
  }

  /** May a free-form message go to this user now (less the margin, so a send never races the end)? */
  async isOpen(waId: string, now: Date): Promise<boolean> {
    const last = await this.lastInbound(waId);
    return last !== null && now.getTime() - last.getTime() < this.rule.windowMs - this.rule.windowMarginMs;
  }

  /** A message from the user arrived (sent at `at`). Never moves backwards. */
  async opened(waId: string, at: Date): Promise<void> {
    const cached = this.cache.get(waId);
    if (cached && cached >= at) return;
    await this.docs.updateOne({ _id: key(waId) }, { $max: { lastInboundAt: at } }, { upsert: true });
    this.remember(waId, cached && cached > at ? cached : at);
  }

  /** Meta said the window is closed (131047) although we thought it open. */
  async closed(waId: string): Promise<void> {
    await this.docs.deleteOne({ _id: key(waId) });
    this.remember(waId, null);
  }

  /**
   * Meta reported at `at` that the window was closed (a status report, which may be handled after
   * a newer message from the person): closed only if the person has not written since.
   */
  async closedAsOf(waId: string, at: Date): Promise<void> {
    const { deletedCount } = await this.docs.deleteOne({ _id: key(waId), lastInboundAt: { $lte: at } });
    if (deletedCount > 0) this.remember(waId, null);
  }

  async lastInbound(waId: string): Promise<Date | null> {
    if (this.cache.has(waId)) return this.cache.get(waId) ?? null;
    const doc = await this.docs.findOne({ _id: key(waId) });
    this.remember(waId, doc?.lastInboundAt ?? null);
    return doc?.lastInboundAt ?? null;
  }

  private remember(waId: string, at: Date | null): void {
    if (this.cache.size >= MAX_CACHED) this.cache.clear();
    this.cache.set(waId, at);
  }
}

const key = (waId: string) => createHash('sha256').update(`wa-window:${waId}`).digest('hex').slice(0, 32);
