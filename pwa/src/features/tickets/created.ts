// Ticket ids given to queued "open ticket" changes by outbox key, so the screen that queued
// one can open the new ticket as soon as the server has it.
const created = new Map<string, string>();
const listeners = new Set<() => void>();

export function createdTicket(key: string, id: string): void {
  created.set(key, id);
  for (const fn of listeners) fn();
}

export function createdTicketId(key: string): string | undefined {
  return created.get(key);
}

export function onTicketCreated(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}
