import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { setLocale } from '../../i18n/i18n';
import { translateTickets, ticketsEn, ticketsZhCN } from '../../i18n/tickets';
import { isTicketChange } from '../../outbox/kinds';
import { outbox } from '../../outbox/sync';
import { WithClient, fakeClient, person } from '../roster/testing';
import { formatDuration, SlaLeft } from './common';
import { OpenTicket } from './OpenTicket';
import { TicketDetail, toFen } from './TicketDetailScreen';
import type { TicketDetailFragment } from './tickets.generated';

afterEach(() => {
  cleanup();
  setLocale('zh-CN');
});

const staff = { id: 'me', employeeNo: 'CS1001', name: '张伟', roles: ['AGENT'] as const };
const agent = { ...staff, roles: [...staff.roles] } as unknown as Parameters<typeof OpenTicket>[0]['staff'];

function ticket(over: Partial<TicketDetailFragment> = {}): TicketDetailFragment {
  return {
    id: 't1',
    kind: 'EXCEPTION',
    exceptionKind: 'DAMAGE',
    priority: 'HIGH',
    state: 'NEW',
    summary: '破损 — SD123',
    waybillNo: 'SD123',
    customerName: '黄先生',
    customerPhoneMasked: '136****2222',
    escalationLevel: 0,
    promiseBroken: false,
    version: 1,
    updatedAt: '2026-11-24T02:00:00Z',
    createdAt: '2026-11-24T02:00:00Z',
    resolution: '',
    sla: { timeLeftSeconds: 3 * 3600 + 600, paused: false, firstResponseBreached: false, resolutionBreached: false, resolutionDueAt: '2026-11-25T02:00:00Z' },
    depot: { id: 'd1', name: '张江网点' },
    assignee: person('me', '张伟', 'CS1001'),
    createdBy: person('me', '张伟', 'CS1001'),
    externalContact: null,
    escalationLadder: [1, 2, 3, 4].map((level) => ({ level, staff: level === 1 ? [person('s', '王芳', 'CS2001')] : [], externalContact: null })),
    restatement: null,
    followUp: null,
    timeline: [{ kind: 'CREATED', body: '', fromState: null, toState: 'NEW', at: '2026-11-24T02:00:00Z', actor: person('me', '张伟', 'CS1001') }],
    claims: [],
    ...over,
  } as TicketDetailFragment;
}

describe('tickets texts and helpers', () => {
  it('has every key in both languages', () => {
    expect(Object.keys(ticketsEn).sort()).toEqual(Object.keys(ticketsZhCN).sort());
    expect(translateTickets('en', 'tk.escalateTo', { level: 2 })).toBe('Escalate to L2');
  });

  it('formats time left and amounts', () => {
    const tt = (k: Parameters<typeof translateTickets>[1], p?: Record<string, string | number>) => translateTickets('zh-CN', k, p);
    expect(formatDuration(3 * 3600 + 600, tt)).toBe('3小时10分');
    expect(formatDuration(-90 * 60, tt)).toBe('1小时30分');
    expect(formatDuration(2 * 86400 + 3600, tt)).toBe('2天1小时');
    expect(toFen('12.5')).toBe(1250);
    expect(toFen('0')).toBe(null);
    expect(toFen('abc')).toBe(null);
  });

  it('shows an overdue ticket plainly', () => {
    const sla = { ...ticket().sla, timeLeftSeconds: -3600, resolutionBreached: true };
    render(<SlaLeft sla={sla} />);
    expect(screen.getByText('已超时 1小时0分')).toBeTruthy();
  });

  it('recognises ticket changes in the outbox', () => {
    expect(isTicketChange({ type: 'escalateTicket', ticketId: 't', expectedVersion: 1, reason: 'x', externalContact: null, label: '' })).toBe(true);
    expect(isTicketChange({ type: 'recordAttendance', kind: 'CLOCK_IN', occurredAt: '' } as never)).toBe(false);
  });
});

describe('ticket detail', () => {
  it('escalates with a reason through the outbox, showing the ladder', async () => {
    render(
      <WithClient client={fakeClient({})}>
        <TicketDetail ticket={ticket()} staff={agent} />
      </WithClient>,
    );
    expect(screen.getByText('剩余 3小时10分')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '升级' }));
    expect(screen.getByRole('list', { name: '升级阶梯' })).toBeTruthy();
    fireEvent.input(screen.getByLabelText('原因'), { target: { value: '客户要求' } });
    fireEvent.click(screen.getByRole('button', { name: '升级到 L1' }));
    await waitFor(() => expect(outbox.list('me').some((i) => i.change.type === 'escalateTicket')).toBe(true));
    const item = outbox.list('me').find((i) => i.change.type === 'escalateTicket')!;
    expect(item.change).toMatchObject({ ticketId: 't1', expectedVersion: 1, reason: '客户要求' });
    await outbox.dismiss(item.key);
  });

  it('asks for the cause before resolving an exception', () => {
    render(
      <WithClient client={fakeClient({})}>
        <TicketDetail ticket={ticket()} staff={agent} />
      </WithClient>,
    );
    fireEvent.click(screen.getByRole('button', { name: '解决' }));
    fireEvent.input(screen.getByLabelText('处理结果'), { target: { value: '已补发' } });
    fireEvent.submit(screen.getByLabelText('处理结果').closest('form')!);
    expect(screen.getByRole('alert').textContent).toBe('异常和投诉必须填写原因。');
  });

  it('asks why when satisfaction is low on the follow-up call', () => {
    render(
      <WithClient client={fakeClient({})}>
        <TicketDetail ticket={ticket({ state: 'RESOLVED' })} staff={agent} />
      </WithClient>,
    );
    fireEvent.click(screen.getByRole('button', { name: '回访并关闭' }));
    expect(screen.queryByLabelText('不满意的原因')).toBeNull();
    fireEvent.click(screen.getByRole('radio', { name: '2 分' }));
    expect(screen.getByLabelText('不满意的原因')).toBeTruthy();
  });

  it('lists only colleagues on duty now for a handover', async () => {
    const client = fakeClient({
      TicketColleaguesOnDuty: {
        onDutyNow: [
          { __typename: 'ShiftAssignment', id: 'a1', endsAt: '2026-11-24T09:30:00Z', staff: person('me', '张伟', 'CS1001'), shiftType: { name: '白班' } },
          { __typename: 'ShiftAssignment', id: 'a2', endsAt: '2026-11-24T09:30:00Z', staff: person('u2', '李娜', 'CS1002'), shiftType: { name: '白班' } },
        ],
      },
    });
    render(
      <WithClient client={client}>
        <TicketDetail ticket={ticket()} staff={agent} />
      </WithClient>,
    );
    fireEvent.click(screen.getByRole('button', { name: '交接' }));
    const select = await screen.findByLabelText('交接给（当前在岗）');
    const options = [...select.querySelectorAll('option')].map((o) => o.textContent);
    expect(options.some((o) => o?.includes('李娜 CS1002'))).toBe(true);
    expect(options.some((o) => o?.includes('张伟'))).toBe(false);
  });
});

describe('open ticket from an order', () => {
  it('queues a damage ticket in two taps', async () => {
    render(<OpenTicket order={{ id: 'o1', waybillNo: 'SD123' }} staff={agent} />);
    fireEvent.click(screen.getByRole('button', { name: '开工单' }));
    fireEvent.click(screen.getByRole('button', { name: '破损' }));
    await waitFor(() => expect(outbox.list('me').some((i) => i.change.type === 'createTicketFromOrder')).toBe(true));
    const item = outbox.list('me').find((i) => i.change.type === 'createTicketFromOrder')!;
    expect(item.change).toMatchObject({ orderId: 'o1', kind: 'EXCEPTION', exceptionKind: 'DAMAGE' });
    await outbox.dismiss(item.key);
  });
});

describe('report period', () => {
  it('covers this month or the last days in Shanghai', async () => {
    const { periodDays } = await import('./ReportScreen');
    const now = new Date('2026-11-24T02:00:00Z');
    expect(periodDays('month', now)).toEqual({ from: '2026-11-01', to: '2026-11-24' });
    expect(periodDays('7', now)).toEqual({ from: '2026-11-18', to: '2026-11-24' });
  });
});
