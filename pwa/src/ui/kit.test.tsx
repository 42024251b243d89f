// The shared kit: one money format, one translator factory for the lazy catalogs, one back
// link, and one hook that refetches once a feature's queued change has left the outbox.
import { cleanup, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { catalogTranslator } from '../i18n/i18n';
import { outbox } from '../outbox/sync';
import type { OutboxChange } from '../outbox/types';
import { useRefetchAfterSync } from '../outbox/useRefetchAfterSync';
import { BackLink } from './BackLink';
import { formatFen } from './money';

afterEach(async () => {
  cleanup();
  for (const i of outbox.list()) await outbox.dismiss(i.key);
});

describe('formatFen', () => {
  it('shows fen as yuan in the UI language', () => {
    expect(formatFen(1250, 'zh-CN')).toBe(new Intl.NumberFormat('zh-CN', { style: 'currency', currency: 'CNY' }).format(12.5));
    expect(formatFen(1250, 'zh-CN')).toContain('12.50');
    expect(formatFen(0, 'en')).toContain('0.00');
    expect(formatFen(-99, 'en')).toContain('0.99');
  });
});

describe('catalogTranslator', () => {
  const tr = catalogTranslator<'hello' | 'plain'>({ 'zh-CN': { hello: '你好，{name}', plain: '无' }, en: { hello: 'Hello, {name}', plain: 'none' } });
  it('translates for a language and fills placeholders, leaving unknown ones as written', () => {
    expect(tr('zh-CN')('hello', { name: '张伟' })).toBe('你好，张伟');
    expect(tr('en')('hello', { name: 'Zhang' })).toBe('Hello, Zhang');
    expect(tr('en')('hello')).toBe('Hello, {name}');
    expect(tr('en')('plain', { name: 'x' })).toBe('none');
  });
});

describe('BackLink', () => {
  it('links back with an arrow and the given label', () => {
    render(<BackLink to="/orders" label="返回订单" />);
    const link = screen.getByRole('link', { name: '← 返回订单' });
    expect(link.getAttribute('href')).toBe('/orders');
  });
});

describe('useRefetchAfterSync', () => {
  const isMine = (c: OutboxChange) => c.type === 'mine';
  function Probe({ counts }: { counts: { n: number } }) {
    useRefetchAfterSync('kit-1', isMine, () => counts.n++);
    return <p>probe</p>;
  }

  it('refetches once a change of its kind has left the queue, not for other kinds', async () => {
    const counts = { n: 0 };
    render(<Probe counts={counts} />);
    await outbox.add('kit-1', { type: 'other' });
    await outbox.add('kit-1', { type: 'mine' });
    // The other kind goes first: nothing of ours left, no refetch.
    await outbox.flush('kit-1', async (i) => (i.change.type === 'other' ? { kind: 'done' } : { kind: 'retry' }));
    await waitFor(() => expect(outbox.list('kit-1').map((i) => i.change.type)).toEqual(['mine']));
    expect(counts.n).toBe(0);
    await outbox.flush('kit-1', async () => ({ kind: 'done' }));
    await waitFor(() => expect(counts.n).toBe(1));
  });

  it('refetches too when its change is refused: no longer pending, the screen shows what the server holds', async () => {
    const counts = { n: 0 };
    render(<Probe counts={counts} />);
    await outbox.add('kit-1', { type: 'mine' });
    await outbox.add('kit-1', { type: 'other' });
    await outbox.flush('kit-1', async (i) => (i.change.type === 'mine' ? { kind: 'refused', error: { code: 'CONFLICT', message: '已被他人处理' } } : { kind: 'done' }));
    await waitFor(() => expect(outbox.list('kit-1').map((i) => i.state)).toEqual(['refused']));
    expect(counts.n).toBe(1);
  });
});
