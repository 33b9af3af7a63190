/**
 * A set that forgets its oldest entries past a size: ids of messages we sent ourselves and of
 * outbox entries already delivered only matter for a short while, and memory must stay flat.
 */
export class RecentSet {
  private readonly items = new Set<string>();

  constructor(private readonly max: number) {}

  add(item: string): void {
    this.items.delete(item);
    this.items.add(item);
    if (this.items.size > this.max) this.items.delete(this.items.values().next().value as string);
  }

  has(item: string): boolean {
    return this.items.has(item);
  }
}
