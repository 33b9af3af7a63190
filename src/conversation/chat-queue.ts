/**
 * Per-chat serial queue: one chat's work runs strictly in arrival order, different chats run
 * concurrently. A failed task does not block the ones behind it.
 */
export class KeyedSerialQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    // Forget idle chats so the map holds only chats with work in flight.
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Resolves when the tasks queued so far for this key have settled. */
  async settled(key: string): Promise<void> {
    await this.tails.get(key);
  }

  /** Resolves when every task queued so far has settled. */
  async idle(): Promise<void> {
    while (this.tails.size > 0) await Promise.all([...this.tails.values()]);
  }

  get activeChats(): number {
    return this.tails.size;
  }
}
