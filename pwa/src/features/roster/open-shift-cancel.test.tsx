import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { Role } from '../../graphql/schema-types';
import { setLocale } from '../../i18n/i18n';
import { outbox } from '../../outbox/sync';
import { OpenShiftsPanel } from './OpenShifts';
import { WithClient, dayShift, fakeClient, person } from './testing';

afterEach(async () => {
  cleanup();
  setLocale('zh-CN');
  for (const i of outbox.list()) await outbox.dismiss(i.key);
});

const wang = { ...person('s-2001', '王芳', 'CS2001'), roles: ['SUPERVISOR' as Role] };
const zhang = person('s-1001', '张伟', 'CS1001');

function openShift(id: string, day: string, status: string, claims: { id: string; claimant: typeof zhang }[] = []) {
  return {
    __typename: 'OpenShift',
    id,
    day,
    status,
    version: 4,
    note: '',
    needsQualification: false,
    fillsLeaveGap: false,
    shiftType: dayShift,
    claims: claims.map((c) => ({ __typename: 'OpenShiftClaim', status: 'PENDING', createdAt: '2099-09-25T00:00:00Z', ...c })),
    myClaim: null,
    violations: [],
  };
}

function client() {
  return fakeClient({
    RosterDepot: { me: { __typename: 'Staff', id: wang.id, depot: { __typename: 'OrgUnit', id: 'depot-1', name: '张江网点' } } },
    OpenShifts: { openShifts: [openShift('os-1', '2099-10-10', 'OPEN', [{ id: 'c-1', claimant: zhang }]), openShift('os-2', '2099-10-12', 'OPEN')] },
    OpenShiftForm: { shiftTypes: [dayShift] },
  });
}

describe('a supervisor cancels an open shift', () => {
  it('asks first, then queues the cancel with the version seen', async () => {
    render(
      <WithClient client={client()}>
        <OpenShiftsPanel staff={wang} supervisor />
      </WithClient>,
    );
    const posted = await screen.findByRole('region', { name: '已发布的空缺班次' });
    const items = await within(posted).findAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(within(items[0]!).getByText('1 人认领')).toBeTruthy();
    fireEvent.click(within(items[0]!).getByRole('button', { name: '取消此班次' }));
    // Nothing is queued until the supervisor confirms; "keep it" leaves it alone.
    expect(within(items[0]!).getByText('取消后认领的同事会收到通知。确定取消？')).toBeTruthy();
    fireEvent.click(within(items[0]!).getByRole('button', { name: '不取消' }));
    expect(outbox.list(wang.id)).toHaveLength(0);
    fireEvent.click(within(items[0]!).getByRole('button', { name: '取消此班次' }));
    fireEvent.click(within(items[0]!).getByRole('button', { name: '确定取消' }));
    await waitFor(() => expect(outbox.list(wang.id)).toHaveLength(1));
    expect(outbox.list(wang.id)[0]!.change).toMatchObject({ type: 'cancelOpenShift', openShiftId: 'os-1', version: 4 });
    // A refusal (filled meanwhile) shows in place, with its code for support.
    await outbox.flush(wang.id, async () => ({ kind: 'refused', error: { code: 'OPEN_SHIFT_TAKEN', message: '该空缺班次已有人接班' } }));
    const alert = await within(posted).findByRole('alert');
    expect(within(alert).getByText('该空缺班次已有人接班')).toBeTruthy();
  });

  it('is not offered to agents', async () => {
    render(
      <WithClient client={client()}>
        <OpenShiftsPanel staff={{ ...zhang, roles: ['AGENT' as Role] }} supervisor={false} />
      </WithClient>,
    );
    await screen.findByRole('region', { name: '可认领的空缺班次' });
    expect(screen.queryByRole('region', { name: '已发布的空缺班次' })).toBeNull();
    expect(screen.queryByRole('button', { name: '取消此班次' })).toBeNull();
  });
});
