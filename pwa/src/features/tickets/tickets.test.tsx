import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setLocale } from '../../i18n/i18n';
import { translateTickets, ticketsEn, ticketsZhCN } from '../../i18n/tickets';
import { isTicketChange } from './kinds';
import type { TicketChange } from './changes';
import { outbox } from '../../outbox/sync';
import { WithClient, fakeClient, person } from '../roster/testing';
import { formatDuration, SlaLeft } from './common';
import { FreeFormTicket } from './FreeFormTicket';
import { OpenTicket } from './OpenTicket';
import { approvedByBranch } from './OverShortRegister';
import { OverShortReportForm } from './OverShortReportForm';
import { SupervisorQueues } from './SupervisorQueues';
import { TicketDetail, TicketDetailScreen, toFen } from './TicketDetailScreen';
import { claimReasonProblem } from './ticket-forms/shared';
import { formActions, moves } from './useTicketActions';
import type { OverShortReportItemFragment, TicketDetailFragment } from './tickets.generated';

// jsdom cannot decode images: a "captured" photo is the file itself, stamped.
vi.mock('../../photos/capture', () => ({
  capturePhoto: async (file: Blob) => ({ blob: file, width: 4, height: 3, originalBytes: file.size, capturedAt: '2026-11-24T02:30:00Z' }),
}));
URL.createObjectURL ??= () => 'blob:photo';
URL.revokeObjectURL ??= () => undefined;

/** Picks files with the photo picker's camera input. */
function takePhotos(label: string, ...names: string[]) {
  const input = screen.getByLabelText(label) as HTMLInputElement;
  const files = names.map((n) => new File([n], `${n}.jpg`, { type: 'image/jpeg' }));
  Object.defineProperty(input, 'files', { value: files, configurable: true });
  fireEvent.change(input);
}

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
    timeline: [{ kind: 'CREATED', body: '', fromState: null, toState: 'NEW', at: '2026-11-24T02:00:00Z', actor: person('me', '张伟', 'CS1001'), photos: [] }],
    claims: [],
    // What the server lists for the owner of a new ticket.
    actions: ['COMMENT', 'MOVE_TO_IN_PROGRESS', 'MOVE_TO_WAITING_CUSTOMER', 'MOVE_TO_WAITING_OTHER_PARTY', 'RESTATE', 'ESCALATE', 'HAND_OVER', 'PROPOSE_CLAIM', 'RESOLVE'],
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
    // Only what the server takes: ¥0.01 to ¥1,000,000, whole fen (it refused ¥99,999,999,999
    // after the form had closed, with GraphQL's 32-bit Int error).
    expect(toFen(' 300 ')).toBe(30000);
    expect(toFen('0.01')).toBe(1);
    expect(toFen('12,3')).toBe(1230);
    expect(toFen('1000000')).toBe(100_000_000);
    expect(toFen('1000000.01')).toBe(null);
    expect(toFen('99999999999')).toBe(null);
    expect(toFen('12.345')).toBe(null);
    expect(toFen('1e5')).toBe(null);
    expect(toFen('-5')).toBe(null);
    expect(toFen('0.00')).toBe(null);
  });

  it('shows an overdue ticket plainly', () => {
    const sla = { ...ticket().sla, timeLeftSeconds: -3600, resolutionBreached: true };
    render(<SlaLeft sla={sla} />);
    expect(screen.getByText('已超时 1小时0分')).toBeTruthy();
  });

  it('recognises ticket changes in the outbox', () => {
    const escalate: TicketChange = { type: 'escalateTicket', ticketId: 't', expectedVersion: 1, reason: 'x', externalContact: null, label: '' };
    expect(isTicketChange(escalate)).toBe(true);
    expect(isTicketChange({ type: 'recordAttendance' })).toBe(false);
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
        <TicketDetail ticket={ticket({ state: 'RESOLVED', actions: ['CLOSE', 'COMMENT', 'MOVE_TO_IN_PROGRESS', 'PROPOSE_CLAIM'] })} staff={agent} />
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

describe('ticket actions come from the server', () => {
  it('maps the listed actions to forms, in the server order, once each', () => {
    expect(formActions(ticket())).toEqual(['comment', 'state', 'restate', 'escalate', 'handover', 'claim', 'resolve']);
    expect(formActions(ticket({ actions: ['CLOSE', 'COMMENT', 'MOVE_TO_IN_PROGRESS', 'PROPOSE_CLAIM'] }))).toEqual(['close', 'comment', 'state', 'claim']);
    expect(formActions(ticket({ actions: ['ASSIGN', 'DECIDE_CLAIMS'] }))).toEqual([]);
    expect(moves(ticket({ actions: ['COMMENT', 'MOVE_TO_WAITING_CUSTOMER', 'MOVE_TO_WAITING_OTHER_PARTY'] }))).toEqual(['WAITING_CUSTOMER', 'WAITING_OTHER_PARTY']);
  });

  it('offers nothing the server does not list, whatever the role', () => {
    const supervisor = { ...agent, roles: ['SUPERVISOR', 'AGENT'] } as typeof agent;
    const claim = {
      id: 'c1',
      state: 'PROPOSED',
      proposedFen: 10000,
      approvedFen: null,
      reason: '赔偿',
      version: 1,
      createdAt: '2026-11-24T02:00:00Z',
      proposedBy: person('me', '张伟', 'CS1001'),
      decidedBy: null,
      decisionComment: null,
      paymentRef: null,
    };
    const restatement = {
      problem: '外箱破损',
      cause: '',
      responsibleKind: null,
      responsibleName: '',
      plan: '补发',
      promisedAt: '2026-11-25T02:00:00Z',
      customerConfirmedAt: null,
      customerConfirmedVia: null,
    };
    const shown = ticket({ state: 'CLOSED', claims: [claim], restatement, exceptionKind: 'OVER_GOODS', actions: [] } as unknown as Partial<TicketDetailFragment>);
    const { rerender } = render(
      <WithClient client={fakeClient({})}>
        <TicketDetail ticket={shown} staff={supervisor} />
      </WithClient>,
    );
    expect(screen.queryByRole('heading', { name: '工单操作' })).toBeNull();
    expect(screen.queryByRole('button', { name: '批准' })).toBeNull();
    expect(screen.queryByRole('link', { name: '报告多货少货' })).toBeNull();
    expect(screen.queryByRole('button', { name: '客户已电话确认' })).toBeNull();
    rerender(
      <WithClient client={fakeClient({})}>
        <TicketDetail ticket={{ ...shown, state: 'IN_PROGRESS', actions: ['DECIDE_CLAIMS', 'CONFIRM_RESTATEMENT', 'MOVE_TO_WAITING_CUSTOMER'] }} staff={agent} />
      </WithClient>,
    );
    expect(screen.getByRole('button', { name: '批准' })).toBeTruthy();
    expect(screen.getAllByRole('button', { name: '客户已电话确认' }).length).toBe(1);
    fireEvent.click(screen.getByRole('button', { name: '改状态' }));
    expect(screen.getAllByRole('button', { name: /^改为/ }).map((b) => b.textContent)).toEqual(['改为“等待客户”']);
  });
});

describe('open ticket from an order', () => {
  const none = { OrderOpenTickets: { node: { __typename: 'Order', id: 'o1', openTickets: [] } } };

  it('needs a description before it queues the ticket', async () => {
    render(
      <WithClient client={fakeClient(none)}>
        <OpenTicket order={{ id: 'o1', waybillNo: 'SD123' }} staff={agent} />
      </WithClient>,
    );
    fireEvent.click(screen.getByRole('button', { name: '开工单' }));
    // The button that had the focus is gone: the form's first field takes it.
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: '破损' })));
    fireEvent.click(screen.getByRole('button', { name: '破损' }));
    const note = screen.getByLabelText(/问题描述/);
    fireEvent.input(note, { target: { value: '\u3000 ' } });
    fireEvent.click(screen.getByRole('button', { name: '提交工单' }));
    await screen.findByText('请先描述问题再开工单');
    expect(outbox.list('me').some((i) => i.change.type === 'createTicketFromOrder')).toBe(false);

    fireEvent.input(note, { target: { value: '外箱破损，收件人拒收' } });
    fireEvent.click(screen.getByRole('button', { name: '提交工单' }));
    await waitFor(() => expect(outbox.list('me').some((i) => i.change.type === 'createTicketFromOrder')).toBe(true));
    const item = outbox.list('me').find((i) => i.change.type === 'createTicketFromOrder')!;
    expect(item.change).toMatchObject({ orderId: 'o1', kind: 'EXCEPTION', exceptionKind: 'DAMAGE', note: '外箱破损，收件人拒收' });
    await outbox.dismiss(item.key);
  });

  it('refuses a blank description in English too', async () => {
    setLocale('en');
    const before = outbox.list('me').length;
    render(
      <WithClient client={fakeClient(none)}>
        <OpenTicket order={{ id: 'o1', waybillNo: 'SD123' }} staff={agent} startOpen />
      </WithClient>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Damage' }));
    fireEvent.click(screen.getByRole('button', { name: 'Submit ticket' }));
    await screen.findByText('Describe the problem before opening the ticket');
    expect(outbox.list('me')).toHaveLength(before);
  });

  it('offers the open ticket of the same kind before a second one', async () => {
    const existing = { __typename: 'Ticket', id: 't9', kind: 'EXCEPTION', exceptionKind: 'DAMAGE', summary: '外箱破损', state: 'NEW' };
    render(
      <WithClient client={fakeClient({ OrderOpenTickets: { node: { __typename: 'Order', id: 'o1', openTickets: [existing] } } })}>
        <OpenTicket order={{ id: 'o1', waybillNo: 'SD123' }} staff={agent} startOpen />
      </WithClient>,
    );
    fireEvent.click(screen.getByRole('button', { name: '延误' }));
    expect(screen.queryByRole('link', { name: /打开已有工单/ })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: '破损' }));
    const link = await screen.findByRole('link', { name: '打开已有工单：外箱破损' });
    expect(link.getAttribute('href')).toBe('/tickets/t9');
    expect(screen.queryByRole('button', { name: '提交工单' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: '仍然开新工单' }));
    screen.getByRole('button', { name: '提交工单' });
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

describe('photos on comments', () => {
  it('queues a comment with the photos taken and shows photos in the timeline', async () => {
    const withPhoto = ticket({
      timeline: [
        ...ticket().timeline,
        { kind: 'COMMENT', body: '外箱破损', fromState: null, toState: null, at: '2026-11-24T02:10:00Z', actor: person('me', '张伟', 'CS1001'), photos: [{ id: 'ph1', url: '/media/photos/p1?exp=1&sig=x' }] },
      ],
    } as Partial<TicketDetailFragment>);
    render(
      <WithClient client={fakeClient({})}>
        <TicketDetail ticket={withPhoto} staff={agent} />
      </WithClient>,
    );
    const timeline = screen.getByRole('list', { name: '处理记录' });
    expect(within(timeline).getByRole('img', { name: '照片 1' }).getAttribute('src')).toBe('/media/photos/p1?exp=1&sig=x');

    fireEvent.click(screen.getByRole('button', { name: '备注' }));
    fireEvent.input(screen.getByLabelText('添加备注'), { target: { value: '现场拍照' } });
    takePhotos('拍照', 'front', 'side');
    await screen.findByRole('button', { name: '删除第 2 张照片' });
    fireEvent.click(screen.getByRole('button', { name: '删除第 1 张照片' }));
    await waitFor(() => expect(screen.queryByRole('button', { name: '删除第 2 张照片' })).toBeNull());
    fireEvent.click(screen.getByRole('button', { name: '发送' }));
    await waitFor(() => expect(outbox.list('me').some((i) => i.change.type === 'addTicketComment')).toBe(true));
    const item = outbox.list('me').find((i) => i.change.type === 'addTicketComment')!;
    const change = item.change;
    if (!isTicketChange(change) || change.type !== 'addTicketComment') throw new Error(`not a comment: ${change.type}`);
    expect(change.body).toBe('现场拍照');
    const photos = change.photos ?? [];
    expect(photos).toHaveLength(1);
    expect(await photos[0]!.blob.text()).toBe('side');
    expect(photos[0]!.capturedAt).toBe('2026-11-24T02:30:00Z');
    expect(change.label).toContain('1 张照片');
    await outbox.dismiss(item.key);
  });
});

describe('a ticket that does not load', () => {
  it('shows the server\'s message without urql\'s "[GraphQL]" prefix', async () => {
    const { CombinedError } = await import('@urql/core');
    const { fromValue } = await import('wonka');
    const failing = {
      executeQuery: (operation: unknown) =>
        fromValue({ operation, data: undefined, error: new CombinedError({ graphQLErrors: [{ message: '编号无效', extensions: { code: 'BAD_USER_INPUT' } }] }), stale: false, hasNext: false }),
    } as unknown as Parameters<typeof WithClient>[0]['client'];
    render(
      <WithClient client={failing}>
        <TicketDetailScreen id="garbage" staff={agent} />
      </WithClient>,
    );
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('加载失败：编号无效');
  });

  it('offline, says the ticket is not stored on the phone rather than that it does not exist', async () => {
    const { setOnline } = await import('../../app/network');
    setOnline(false);
    try {
      render(
        <WithClient client={fakeClient({ TicketById: { node: null } })}>
          <TicketDetailScreen id="t404" staff={agent} />
        </WithClient>,
      );
      expect((await screen.findByRole('alert')).textContent).toBe('离线，本机没有这张工单。联网后再试。');
    } finally {
      setOnline(true);
    }
    cleanup();
    render(
      <WithClient client={fakeClient({ TicketById: { node: null } })}>
        <TicketDetailScreen id="t404" staff={agent} />
      </WithClient>,
    );
    expect((await screen.findByRole('alert')).textContent).toBe('找不到这张工单，或你无权查看。');
  });
});

describe('proposing a claim', () => {
  it('checks the reason as the server does: 2 to 500 characters after trimming, no control characters', () => {
    const length = 'tk.claimReasonLength';
    const control = 'tk.claimReasonControl';
    expect(claimReasonProblem('破')).toBe(length);
    expect(claimReasonProblem('破损')).toBe(null);
    expect(claimReasonProblem('破'.repeat(500))).toBe(null);
    expect(claimReasonProblem('破'.repeat(501))).toBe(length);
    // Characters, not UTF-16 units: 500 emoji are 1000 units, one over is refused.
    expect(claimReasonProblem('📦'.repeat(500))).toBe(null);
    expect(claimReasonProblem('📦'.repeat(501))).toBe(length);
    // Trimmed first (the full-width space too), so white space never makes up the count.
    expect(claimReasonProblem(' 破 ')).toBe(length);
    expect(claimReasonProblem('\u3000破\u3000')).toBe(length);
    expect(claimReasonProblem(`  ${'破'.repeat(500)}\n`)).toBe(null);
    expect(claimReasonProblem('')).toBe(length);
    expect(claimReasonProblem('   ')).toBe(length);
    expect(claimReasonProblem('\u3000\n\t')).toBe(length);
    expect(claimReasonProblem('\u200b\ufeff')).toBe(length);
    // NFC first: e + a combining acute is one character.
    expect(claimReasonProblem('e\u0301')).toBe(length);
    // Line breaks and tabs inside count as characters; other control characters are refused.
    expect(claimReasonProblem('破\n损')).toBe(null);
    expect(claimReasonProblem('破\t')).toBe(length);
    expect(claimReasonProblem('破\u0000')).toBe(control);
    expect(claimReasonProblem('破损\u0000')).toBe(control);
    expect(claimReasonProblem('\u0000')).toBe(control);
    expect(claimReasonProblem('破\u0007损')).toBe(control);
    expect(claimReasonProblem('破\u0085损')).toBe(control);
    expect(claimReasonProblem('破\u202e损')).toBe(control);
  });

  it('refuses on the phone an amount the server would refuse, and keeps what was typed', async () => {
    const before = outbox.list('me').length;
    render(
      <WithClient client={fakeClient({})}>
        <TicketDetail ticket={ticket()} staff={agent} />
      </WithClient>,
    );
    fireEvent.click(screen.getByRole('button', { name: '提出理赔' }));
    const amount = screen.getByLabelText('金额（元）') as HTMLInputElement;
    fireEvent.input(amount, { target: { value: '99999999999' } });
    fireEvent.input(screen.getByLabelText('原因'), { target: { value: '外箱破损，内件受损' } });
    fireEvent.click(screen.getAllByRole('button', { name: '提出理赔' }).at(-1)!);
    await screen.findByText('请输入 0.01 到 1,000,000 元之间的金额，最多两位小数。');
    expect(amount.getAttribute('aria-invalid')).toBe('true');
    expect(outbox.list('me')).toHaveLength(before);
    expect((screen.getByLabelText('原因') as HTMLTextAreaElement).value).toBe('外箱破损，内件受损');

    fireEvent.input(amount, { target: { value: '300' } });
    fireEvent.click(screen.getAllByRole('button', { name: '提出理赔' }).at(-1)!);
    await waitFor(() => expect(outbox.list('me').some((i) => i.change.type === 'proposeClaim')).toBe(true));
    const item = outbox.list('me').find((i) => i.change.type === 'proposeClaim')!;
    expect(item.change).toMatchObject({ amountFen: 30000, reason: '外箱破损，内件受损' });
    await outbox.dismiss(item.key);
  });

  it('refuses on the phone a reason the server would refuse: says why, focuses it, queues nothing', async () => {
    // (Queued items stay in the test's outbox: only the new ones are this test's.)
    const earlier = new Set(outbox.list('me').map((i) => i.key));
    const before = earlier.size;
    render(
      <WithClient client={fakeClient({})}>
        <TicketDetail ticket={ticket()} staff={agent} />
      </WithClient>,
    );
    fireEvent.click(screen.getByRole('button', { name: '提出理赔' }));
    fireEvent.input(screen.getByLabelText('金额（元）'), { target: { value: '300' } });
    const reason = screen.getByLabelText('原因') as HTMLTextAreaElement;
    fireEvent.input(reason, { target: { value: ' 破\u3000' } });
    fireEvent.click(screen.getAllByRole('button', { name: '提出理赔' }).at(-1)!);
    expect((await screen.findByRole('alert')).textContent).toBe('请写明理赔原因（2 到 500 个字）。');
    expect(reason.getAttribute('aria-invalid')).toBe('true');
    await waitFor(() => expect(document.activeElement).toBe(reason));
    expect(outbox.list('me')).toHaveLength(before);

    fireEvent.input(reason, { target: { value: '破损\u0000' } });
    expect(screen.queryByRole('alert')).toBe(null);
    fireEvent.click(screen.getAllByRole('button', { name: '提出理赔' }).at(-1)!);
    expect((await screen.findByRole('alert')).textContent).toBe('原因中有不允许的控制字符，请删除后再提交。');
    expect(outbox.list('me')).toHaveLength(before);

    // Both wrong: both say so, and the first of them, the amount, takes the focus.
    const amount = screen.getByLabelText('金额（元）') as HTMLInputElement;
    fireEvent.input(amount, { target: { value: '0' } });
    fireEvent.input(reason, { target: { value: '破' } });
    fireEvent.click(screen.getAllByRole('button', { name: '提出理赔' }).at(-1)!);
    await waitFor(() => expect(screen.getAllByRole('alert')).toHaveLength(2));
    await waitFor(() => expect(document.activeElement).toBe(amount));
    expect(outbox.list('me')).toHaveLength(before);

    setLocale('en');
    expect((await screen.findByText('Give the reason for the claim (2 to 500 characters).')).id).toBe('tk-claim-reason-error');

    fireEvent.input(amount, { target: { value: '300' } });
    fireEvent.input(reason, { target: { value: ' 破损 ' } });
    fireEvent.click(screen.getAllByRole('button', { name: 'Propose claim' }).at(-1)!);
    await waitFor(() => expect(outbox.list('me')).toHaveLength(before + 1));
    const item = outbox.list('me').find((i) => !earlier.has(i.key))!;
    expect(item.change).toMatchObject({ type: 'proposeClaim', amountFen: 30000, reason: '破损' });
  });
});

describe('free-form ticket', () => {
  it('queues a complaint without an order, with the customer\'s phone', async () => {
    render(<FreeFormTicket staff={agent} />);
    fireEvent.click(screen.getByRole('radio', { name: '投诉' }));
    fireEvent.input(screen.getByLabelText('问题简述'), { target: { value: '快递员态度差' } });
    fireEvent.input(screen.getByLabelText('客户姓名'), { target: { value: '王女士' } });
    fireEvent.input(screen.getByLabelText('客户电话'), { target: { value: '13700001111' } });
    fireEvent.click(screen.getByRole('button', { name: '开工单' }));
    await waitFor(() => expect(outbox.list('me').some((i) => i.change.type === 'createTicket')).toBe(true));
    const item = outbox.list('me').find((i) => i.change.type === 'createTicket')!;
    expect(item.change).toMatchObject({ kind: 'COMPLAINT', summary: '快递员态度差', customerName: '王女士', customerPhone: '13700001111' });
    expect(await screen.findByText('工单已提交，联网后同步…')).toBeTruthy();
    await outbox.dismiss(item.key);
  });
});

describe('over/short goods', () => {
  it('needs a photo, then queues the report with its photos', async () => {
    render(
      <WithClient client={fakeClient({})}>
        <OverShortReportForm staff={agent} />
      </WithClient>,
    );
    fireEvent.input(screen.getByLabelText('货物名称（按货物上的标记）'), { target: { value: '蓝色纸箱' } });
    fireEvent.input(screen.getByLabelText('窗口'), { target: { value: '2 号窗口' } });
    fireEvent.input(screen.getByLabelText('清仓日期'), { target: { value: '2026-11-30' } });
    fireEvent.click(screen.getByRole('button', { name: '提交集团审核' }));
    expect((await screen.findByRole('alert')).textContent).toBe('请至少拍一张照片。');
    expect(outbox.list('me').some((i) => i.change.type === 'reportOverShortGoods')).toBe(false);

    takePhotos('拍照', 'opened');
    await screen.findByRole('img', { name: '照片 1' });
    fireEvent.click(screen.getByRole('button', { name: '提交集团审核' }));
    await waitFor(() => expect(outbox.list('me').some((i) => i.change.type === 'reportOverShortGoods')).toBe(true));
    const item = outbox.list('me').find((i) => i.change.type === 'reportOverShortGoods')!;
    expect(item.change).toMatchObject({ ticketId: null, kind: 'OVER', goodsName: '蓝色纸箱', counter: '2 号窗口', clearingDate: '2026-11-30', waybillNo: null });
    expect(isTicketChange(item.change) && item.change.type === 'reportOverShortGoods' && item.change.photos).toHaveLength(1);
    await outbox.dismiss(item.key);
  });

  it('filed from a short-goods ticket, starts from its waybill and stays linked to it', async () => {
    const from = ticket({ id: 't9', exceptionKind: 'SHORT_GOODS', summary: '少货 — SD123' });
    render(
      <WithClient client={fakeClient({ TicketById: { node: { ...from, __typename: 'Ticket' } } })}>
        <OverShortReportForm staff={agent} ticketId="t9" />
      </WithClient>,
    );
    expect(await screen.findByText('来自工单：少货 — SD123')).toBeTruthy();
    await waitFor(() => expect((screen.getByLabelText('运单号（选填）') as HTMLInputElement).value).toBe('SD123'));
    expect(screen.getByRole('radio', { name: '少货' }).getAttribute('aria-checked')).toBe('true');
    fireEvent.input(screen.getByLabelText('货物名称（按货物上的标记）'), { target: { value: '白色编织袋' } });
    fireEvent.input(screen.getByLabelText('窗口'), { target: { value: '1 号窗口' } });
    takePhotos('拍照', 'bag');
    await screen.findByRole('img', { name: '照片 1' });
    fireEvent.click(screen.getByRole('button', { name: '提交集团审核' }));
    const linked = () => outbox.list('me').find((i) => isTicketChange(i.change) && i.change.type === 'reportOverShortGoods' && i.change.ticketId === 't9');
    await waitFor(() => expect(linked()).toBeTruthy());
    const item = linked()!;
    expect(item.change).toMatchObject({ ticketId: 't9', kind: 'SHORT', waybillNo: 'SD123', goodsName: '白色编织袋' });
    await outbox.dismiss(item.key);
  });

  it('is offered on an over-goods ticket', () => {
    const { rerender } = render(
      <WithClient client={fakeClient({})}>
        <TicketDetail ticket={ticket({ exceptionKind: 'OVER_GOODS', actions: [...ticket().actions, 'REPORT_OVER_SHORT'] })} staff={agent} />
      </WithClient>,
    );
    expect(screen.getByRole('link', { name: '报告多货少货' }).getAttribute('href')).toBe('/tickets/overshort/new/t1');
    rerender(
      <WithClient client={fakeClient({})}>
        <TicketDetail ticket={ticket()} staff={agent} />
      </WithClient>,
    );
    expect(screen.queryByRole('link', { name: '报告多货少货' })).toBeNull();
  });

  it('counts approved reports by responsible branch for the register', () => {
    const r = (id: string, status: OverShortReportItemFragment['status'], branch: string) =>
      ({ id, status, responsibleBranch: { id: branch, name: branch === 'b1' ? '上海分公司' : '杭州分公司' } }) as OverShortReportItemFragment;
    expect(approvedByBranch([r('1', 'APPROVED', 'b2'), r('2', 'APPROVED', 'b1'), r('3', 'REJECTED', 'b1'), r('4', 'APPROVED', 'b1'), r('5', 'PENDING', 'b2')])).toEqual([
      { name: '上海分公司', count: 2 },
      { name: '杭州分公司', count: 1 },
    ]);
  });
});

describe('supervisor queues', () => {
  it('assigns a ticket nobody owns to a colleague on duty and lists broken promises', async () => {
    const supervisor = { ...agent, id: 'sv', roles: ['SUPERVISOR'] } as typeof agent;
    const { depot, ...listItem } = ticket({ id: 'u1', summary: '电话无人接听', version: 3 });
    void depot;
    const client = fakeClient({
      UnownedTickets: { unownedTickets: [{ ...listItem, __typename: 'Ticket', depot: { __typename: 'OrgUnit', id: 'd1' } }] },
      BrokenPromises: {
        brokenPromises: [
          { ...ticket({ id: 'b1', summary: '承诺今天补发' }), __typename: 'Ticket', restatement: { promisedAt: '2026-11-23T08:00:00Z' }, assignee: person('u2', '李娜', 'CS1002') },
        ],
      },
      TicketColleaguesOnDuty: {
        onDutyNow: [{ __typename: 'ShiftAssignment', id: 'a2', endsAt: '2026-11-24T09:30:00Z', staff: person('u2', '李娜', 'CS1002'), shiftType: { name: '白班' } }],
      },
    });
    render(
      <WithClient client={client}>
        <SupervisorQueues staff={supervisor} version={0} />
      </WithClient>,
    );
    const broken = screen.getByRole('list', { name: '失信的承诺' });
    expect(within(broken).getByText('承诺今天补发')).toBeTruthy();
    expect(within(broken).getByText(/李娜（CS1002）/)).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: '指派“电话无人接听”' }));
    const select = (await screen.findByLabelText('指派给（当前在岗）')) as HTMLSelectElement;
    fireEvent.change(select, { target: { value: 'u2' } });
    fireEvent.input(screen.getByLabelText('指派说明'), { target: { value: '请今天回电' } });
    fireEvent.click(screen.getByRole('button', { name: '指派' }));
    await waitFor(() => expect(outbox.list('sv').some((i) => i.change.type === 'assignTicket')).toBe(true));
    const item = outbox.list('sv').find((i) => i.change.type === 'assignTicket')!;
    expect(item.change).toMatchObject({ ticketId: 'u1', expectedVersion: 3, assigneeId: 'u2', note: '请今天回电' });
    await outbox.dismiss(item.key);
  });
});
