import { describe, expect, it } from 'vitest';
import { takeEvents } from './live';

describe('takeEvents', () => {
  it('returns complete events and keeps a partial one for the next chunk', () => {
    const first = takeEvents('event: next\ndata: {"a":1}\n\nevent: next\ndata: {"b"');
    expect(first.events).toEqual(['{"a":1}']);
    const second = takeEvents(first.rest + ':2}\n\n');
    expect(second.events).toEqual(['{"b":2}']);
    expect(second.rest).toBe('');
  });
  it('skips events without data, such as keep-alives', () => {
    expect(takeEvents(': ping\n\nevent: complete\n\n').events).toEqual([]);
  });
});
