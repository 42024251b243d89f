// The outbox: every change someone makes is saved on the phone first, shown as
// "待同步 / Pending sync", and sent in order when the server can be reached. Each change
// carries an idempotency key, so sending it twice is safe. A change the server refuses
// stays visible with the server's reason until the person dismisses it. The outbox knows no
// feature: it stores opaque changes (types.ts) and sends them through a Sender (registry.ts).
import type { KeyValueStore } from '../storage/idb';
import type { OutboxChange, OutboxItem, SendOutcome, Sender } from './types';

const STORE_KEY = 'items';

export class Outbox {
  private items: OutboxItem[] = [];
  private loaded: Promise<void>;
  private flushing: Promise<void> | null = null;
  private sendingKey: string | null = null;
  private listeners = new Set<() => void>();

  constructor(
    private readonly store: KeyValueStore,
    private readonly newKey: () => string = () => crypto.randomUUID(),
  ) {
    this.loaded = store.get<OutboxItem[]>(STORE_KEY).then((saved) => {
      // Items added before loading finished go after the saved ones.
      this.items = [...(saved ?? []), ...this.items];
      this.emit();
    });
  }

  ready(): Promise<void> {
    return this.loaded;
  }

  list(staffId?: string): readonly OutboxItem[] {
    return staffId ? this.items.filter((i) => i.staffId === staffId) : this.items;
  }

  /** The key of the change being sent right now, if any. */
  sending(): string | null {
    return this.sendingKey;
  }

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Saves a change durably before anything is sent; resolves with the stored item. */
  async add<C extends OutboxChange>(staffId: string, change: C, now: Date = new Date()): Promise<OutboxItem<C>> {
    await this.loaded;
    const item: OutboxItem<C> = {
      key: this.newKey(),
      staffId,
      change,
      createdAt: now.toISOString(),
      state: 'pending',
      attempts: 0,
    };
    this.items = [...this.items, item];
    await this.persist();
    return item;
  }

  /** Removes a refused change once its owner has read why. */
  async dismiss(key: string): Promise<void> {
    await this.loaded;
    this.items = this.items.filter((i) => !(i.key === key && i.state === 'refused'));
    await this.persist();
  }

  /**
   * Sends this person's pending changes oldest first. Stops at the first one that must be
   * retried so that later changes never overtake it. One flush at a time.
   */
  flush(staffId: string, send: Sender): Promise<void> {
    if (!this.flushing) {
      this.flushing = this.runFlush(staffId, send).finally(() => {
        this.flushing = null;
      });
    }
    return this.flushing;
  }

  private async runFlush(staffId: string, send: Sender): Promise<void> {
    await this.loaded;
    for (;;) {
      const next = this.items.find((i) => i.staffId === staffId && i.state === 'pending');
      if (!next) return;
      this.sendingKey = next.key;
      this.emit();
      let outcome: SendOutcome;
      try {
        outcome = await send(next);
      } catch {
        outcome = { kind: 'retry' };
      } finally {
        this.sendingKey = null;
      }
      if (outcome.kind === 'retry') {
        this.replace(next.key, { ...next, attempts: next.attempts + 1 });
        await this.persist();
        return;
      }
      if (outcome.kind === 'done') {
        this.items = this.items.filter((i) => i.key !== next.key);
      } else {
        this.replace(next.key, { ...next, attempts: next.attempts + 1, state: 'refused', refusal: outcome.error });
      }
      await this.persist();
    }
  }

  private replace(key: string, item: OutboxItem): void {
    this.items = this.items.map((i) => (i.key === key ? item : i));
  }

  private async persist(): Promise<void> {
    this.emit();
    await this.store.set(STORE_KEY, this.items);
  }

  private emit(): void {
    for (const fn of this.listeners) fn();
  }
}
