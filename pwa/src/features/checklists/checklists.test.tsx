import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { setLocale, translate } from '../../i18n/i18n';
import { ckScreensEn, ckScreensZhCN } from '../../i18n/checklists-screens';
import { isChecklistChange } from './kinds';
import { isRosterChange } from '../roster/kinds';
import { outbox } from '../../outbox/sync';
import { WithClient, fakeClient, person } from '../roster/testing';
import { describeChecklistChange, type ChecklistChange } from './changes';
import { CheckRunner } from './CheckRunner';
import type { CkCheckFragment } from './checklists.generated';
import { ActionRow } from './ChecksScreen';
import { NoticesScreen } from './NoticesScreen';
import { shiftMonth } from './shared';

afterEach(() => {
  cleanup();
  setLocale('zh-CN');
});

const zhang = person('s-1001', '张伟', 'CS1001');
const wang = person('s-2001', '王芳', 'CS2001');

function item(id: string, text: string, extra: Partial<{ photoRequired: boolean; automatic: 'NOTICES_READ' | null; passed: boolean | null }> = {}) {
  return {
    __typename: 'ChecklistCheckItem' as const,
    id,
    passed: extra.passed ?? null,
    note: '',
    answeredAt: null,
    photo: null,
    correctiveAction: null,
    item: {
      __typename: 'ChecklistItem' as const,
      id: `t-${id}`,
      code: id.toUpperCase(),
      text,
      weight: 2,
      photoRequired: extra.photoRequired ?? false,
      automatic: extra.automatic ?? null,
    },
  };
}

function check(items: ReturnType<typeof item>[], type: 'SELF_CHECK' | 'SPOT_INSPECTION' = 'SELF_CHECK'): CkCheckFragment {
  return {
    __typename: 'ChecklistCheck',
    id: 'chk-1',
    type,
    day: '2099-10-01',
    status: 'OPEN',
    score: null,
    startedAt: '2099-10-01T00:00:00Z',
    completedAt: null,
    template: { __typename: 'ChecklistTemplate', id: 'tpl-1', kind: 'APPEARANCE', title: '仪容仪表自查', version: 1 },
    subject: zhang,
    performedBy: type === 'SELF_CHECK' ? zhang : wang,
    items,
  } as CkCheckFragment;
}

describe('checklist texts', () => {
  it('has every screen text in both languages', () => {
    expect(Object.keys(ckScreensEn).sort()).toEqual(Object.keys(ckScreensZhCN).sort());
    for (const v of Object.values(ckScreensEn)) expect(v).not.toBe('');
  });
});

describe('checklist changes in the outbox', () => {
  const change: ChecklistChange = { type: 'markNoticeRead', noticeId: 'n-1', summary: '线路变更', occurredAt: '2099-10-01T00:00:00Z' };
  it('are told apart from roster changes', () => {
    expect(isChecklistChange(change)).toBe(true);
    expect(isRosterChange(change)).toBe(false);
    expect(isChecklistChange({ type: 'recordAttendance' })).toBe(false);
  });
  it('are described by kind and subject in the UI language', () => {
    expect(describeChecklistChange(change, (k) => translate('zh-CN', k))).toBe('已读通知 · 线路变更');
    expect(describeChecklistChange(change, (k) => translate('en', k))).toBe('Notice read · 线路变更');
  });
  it('months step across years', () => {
    expect(shiftMonth('2099-01', -1)).toBe('2098-12');
    expect(shiftMonth('2099-12', 1)).toBe('2100-01');
  });
});

describe('CheckRunner', () => {
  it('answers an item with one tap through the outbox and asks for a photo first where needed', async () => {
    const staffId = 'runner-1';
    render(<CheckRunner check={check([item('badge', '佩戴工牌', { photoRequired: true }), item('hair', '发色自然')])} staffId={staffId} mode="self" />);
    expect(screen.getByRole('button', { name: '合格：佩戴工牌' })).toHaveProperty('disabled', true);
    expect(screen.getByLabelText('为“佩戴工牌”拍照')).toBeTruthy();
    expect(screen.getByText('已完成 0/2 项')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '合格：发色自然' }));
    await waitFor(() => expect(outbox.list(staffId)).toHaveLength(1));
    expect(outbox.list(staffId)[0]!.change).toMatchObject({ type: 'answerChecklistItem', checkItemId: 'hair', passed: true, photo: null });
    await waitFor(() => expect(screen.getByText('✓ 合格')).toBeTruthy());
    expect(screen.getByText('已完成 1/2 项')).toBeTruthy();
    expect(screen.getByText('待同步')).toBeTruthy();
  });

  it('lets an inspector fail an item and raise a corrective action for the person inspected', async () => {
    const staffId = 'runner-2';
    render(<CheckRunner check={check([item('calls', '不打私人长电话')], 'SPOT_INSPECTION')} staffId={staffId} mode="inspect" />);
    fireEvent.click(screen.getByRole('button', { name: '不合格：不打私人长电话' }));
    const form = screen.getByRole('group', { name: '不合格：不打私人长电话' });
    fireEvent.input(within(form).getByLabelText('整改要求'), { target: { value: '与主管面谈' } });
    fireEvent.click(within(form).getByRole('button', { name: '确认不合格' }));
    await waitFor(() => expect(outbox.list(staffId)).toHaveLength(2));
    const [answer, action] = outbox.list(staffId).map((i) => i.change);
    expect(answer).toMatchObject({ type: 'answerChecklistItem', checkItemId: 'calls', passed: false });
    expect(action).toMatchObject({ type: 'raiseCorrectiveAction', checkItemId: 'calls', assigneeId: zhang.id, description: '与主管面谈' });
  });

  it('shows automatic items as judged by the system, in English too', () => {
    setLocale('en');
    render(<CheckRunner check={check([item('notices', 'Latest notices read', { automatic: 'NOTICES_READ' })])} staffId="runner-3" mode="self" />);
    expect(screen.getByText(/Judged by the system/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: /^Pass:/ })).toBeNull();
  });
});

describe('corrective actions and notices', () => {
  const action = {
    __typename: 'CorrectiveAction' as const,
    id: 'ca-1',
    description: '与主管面谈',
    dueOn: '2099-10-02',
    status: 'OPEN' as const,
    overdue: false,
    raisedAt: '2099-10-01T00:00:00Z',
    doneNote: '',
    doneAt: null,
    verifiedAt: null,
    version: 3,
    subject: zhang,
    assignee: zhang,
    raisedBy: wang,
    verifiedBy: null,
  };

  it('the assignee marks an action done with its version', async () => {
    const staffId = 'action-1';
    render(
      <ul>
        <ActionRow action={action} staffId={staffId} verb="complete" />
      </ul>,
    );
    fireEvent.input(screen.getByLabelText('完成说明（可选）'), { target: { value: '已面谈' } });
    fireEvent.click(screen.getByRole('button', { name: '整改完成：与主管面谈' }));
    await waitFor(() => expect(outbox.list(staffId)).toHaveLength(1));
    expect(outbox.list(staffId)[0]!.change).toMatchObject({ type: 'completeCorrectiveAction', actionId: 'ca-1', version: 3, note: '已面谈' });
  });

  it('a supervisor cannot verify an action that is still open', () => {
    render(
      <ul>
        <ActionRow action={action} staffId="action-2" verb="verify" />
      </ul>,
    );
    expect(screen.queryByRole('button', { name: /确认整改/ })).toBeNull();
  });

  it('notices show unread ones and record the read receipt', async () => {
    const staff = { id: 'notice-reader', name: '张伟', employeeNo: 'CS1001', roles: ['AGENT'] as ('AGENT')[] };
    const client = fakeClient({
      LatestNotices: {
        latestNotices: [
          {
            __typename: 'Notice',
            id: 'n-1',
            kind: 'ROUTE_CHANGE',
            title: '浦东线改时',
            body: '末班车 18:00',
            publishedAt: '2099-10-01T00:00:00Z',
            readAt: null,
            depot: { __typename: 'OrgUnit', id: 'd-1', name: '浦东网点' },
            publishedBy: wang,
          },
        ],
      },
    });
    render(
      <WithClient client={client}>
        <NoticesScreen staff={staff} />
      </WithClient>,
    );
    const notice = screen.getByRole('article', { name: '浦东线改时' });
    expect(within(notice).getByText('未读')).toBeTruthy();
    expect(within(notice).getByText('线路变更')).toBeTruthy();
    fireEvent.click(within(notice).getByRole('button', { name: '我已阅读：浦东线改时' }));
    await waitFor(() => expect(outbox.list(staff.id)).toHaveLength(1));
    expect(outbox.list(staff.id)[0]!.change).toMatchObject({ type: 'markNoticeRead', noticeId: 'n-1' });
  });
});
