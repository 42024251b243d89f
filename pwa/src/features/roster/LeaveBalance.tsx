// Leave balances (假期余额): what is left of each leave type this year, shown in the leave
// request form with the days the request would take, and to the approver beside a request.
// Its texts live here, loaded with the lazy roster and approvals screens.
import { useQuery } from '@urql/preact';
import { catalogTranslator, useI18n, type Locale } from '../../i18n/i18n';
import { LeaveRequestDaysDocument, MyLeaveBalancesDocument, type LeaveBalanceFieldsFragment } from './roster.generated';

const texts = {
  'zh-CN': {
    title: '{year} 年假期余额',
    left: '剩余 {remaining} 天',
    detail: '应享 {entitlement} 天 · 结转 {carried} 天 · 已用 {used} 天 · 审批中 {pending} 天',
    request: '本次申请占用 {days} 天（不含节假日和休息日）',
    requestCalendar: '本次申请占用 {days} 天（按自然日计）',
    over: '超出余额 {over} 天，提交后会被退回',
    approver: '申请人{name}余额：剩余 {remaining} 天（已扣除审批中的天数）',
    notCounted: '该假期类型不计余额',
  },
  en: {
    title: 'Leave left in {year}',
    left: '{remaining} days left',
    detail: '{entitlement} granted · {carried} carried over · {used} used · {pending} pending',
    request: 'This request takes {days} days (holidays and rest days not counted)',
    requestCalendar: 'This request takes {days} calendar days',
    over: '{over} days over the balance: it would be refused',
    approver: "Requester's {name}: {remaining} days left (pending requests deducted)",
    notCounted: 'This leave type has no balance',
  },
} as const;

type Key = keyof (typeof texts)['en'];

const translator = catalogTranslator<Key>(texts);

function bt(locale: Locale, key: Key, params?: Record<string, string | number>): string {
  return translator(locale)(key, params);
}

function typeName(b: LeaveBalanceFieldsFragment, locale: Locale): string {
  return locale === 'en' ? b.leaveType.nameEn : b.leaveType.nameZh;
}

/**
 * The caller's balances, and for the chosen type and days what the request takes. Days
 * are counted by the server (its holiday calendar), once the type and both days are set.
 */
export function LeaveBalanceHint({ leaveTypeId, start, end }: { leaveTypeId: string; start: string; end: string }) {
  const { locale } = useI18n();
  // The balance of the year the leave starts in (a request in January reads next year's).
  const year = /^\d{4}-/.test(start) ? Number(start.slice(0, 4)) : null;
  const [{ data }] = useQuery({ query: MyLeaveBalancesDocument, variables: { year }, requestPolicy: 'cache-and-network' });
  const ready = leaveTypeId !== '' && start !== '' && end >= start;
  const [{ data: days }] = useQuery({ query: LeaveRequestDaysDocument, variables: { leaveTypeId, startDay: start, endDay: end }, pause: !ready });
  const balances = data?.myLeaveBalances ?? [];
  if (balances.length === 0) return null;
  const chosen = balances.find((b) => b.leaveType.id === leaveTypeId);
  const need = ready ? days?.leaveRequestDays : undefined;
  return (
    <div class="leave-balance" aria-live="polite">
      <h3 class="small">{bt(locale, 'title', { year: balances[0]!.year })}</h3>
      <ul class="list small">
        {balances.map((b) => (
          <li key={b.leaveType.id} class={b.leaveType.id === leaveTypeId ? 'chosen' : undefined}>
            <div class="row">
              <span>{typeName(b, locale)}</span>
              <strong>{bt(locale, 'left', { remaining: b.remaining })}</strong>
            </div>
            <span class="muted">{bt(locale, 'detail', { entitlement: b.entitlement, carried: b.carriedOver, used: b.used, pending: b.pending })}</span>
          </li>
        ))}
      </ul>
      {need !== undefined && (
        <p class="small" role="status">
          {chosen ? bt(locale, chosen.countsCalendarDays ? 'requestCalendar' : 'request', { days: need }) : bt(locale, 'notCounted')}
        </p>
      )}
      {need !== undefined && chosen && need > chosen.remaining && (
        <p class="small error" role="alert">
          {bt(locale, 'over', { over: need - Math.max(chosen.remaining, 0) })}
        </p>
      )}
    </div>
  );
}

/** The requester's balance beside a leave request in the approvals inbox. */
export function ApproverBalance({ balance }: { balance: LeaveBalanceFieldsFragment | null | undefined }) {
  const { locale } = useI18n();
  if (!balance) return null;
  return (
    <p class={balance.remaining < 0 ? 'small error' : 'small'}>
      {bt(locale, 'approver', { name: typeName(balance, locale), remaining: balance.remaining })}
      <span class="block muted">
        {bt(locale, 'detail', { entitlement: balance.entitlement, carried: balance.carriedOver, used: balance.used, pending: balance.pending })}
      </span>
    </p>
  );
}
