import './orders.css';
import { useEffect } from 'preact/hooks';
import { navigate } from '../../app/router';
import type { StaffSummary } from '../../session/session';
import { ArrivalScreen } from './ArrivalScreen';
import { ChangeScreen } from './ChangeScreen';
import { IntakeScreen } from './IntakeScreen';
import { MissedRoundsScreen } from './MissedRoundsScreen';
import { OrderDetailScreen } from './OrderDetailScreen';
import { OrdersHome } from './OrdersHome';
import { QuoteScreen } from './QuoteScreen';
import { RateChangeScreen } from './RateChangeScreen';
import { ReconcileScreen } from './ReconcileScreen';
import { ReturnScreen } from './ReturnScreen';
import { RoundScreen } from './RoundScreen';
import { TrackEventScreen } from './TrackEventScreen';

const CHANGE_KINDS = ['ADDRESS', 'GOODS', 'CANCEL'] as const;

/**
 * The Orders tab's routes: /orders, /orders/new, /orders/quote, /orders/reconcile, /orders/rates, /orders/track[/<waybill>], /orders/round,
 * /orders/missed, /orders/<waybill>, /orders/<waybill>/change/<ADDRESS|GOODS|CANCEL>,
 * /orders/<waybill>/arrival, /orders/<waybill>/return.
 */
export function OrdersScreen({ path, staff }: { path: string; staff: StaffSummary }) {
  const [, first, second, third] = path.split('/').filter(Boolean).map(decodeURIComponent);
  // The rate change and the missed rounds are linked for the roles the server lets do them;
  // an agent who types or follows their address is taken back to Orders instead of a form
  // whose change comes back refused (rates) or a bare FORBIDDEN (missed rounds).
  const forbidden =
    (first === 'rates' && !staff.roles.some((r) => r === 'MANAGER' || r === 'ADMIN')) ||
    (first === 'missed' && !staff.roles.some((r) => r === 'SUPERVISOR' || r === 'MANAGER' || r === 'ADMIN'));
  useEffect(() => {
    if (forbidden) navigate('/orders', true);
  }, [forbidden]);
  if (!first || forbidden) return <OrdersHome staff={staff} />;
  if (first === 'new') return <IntakeScreen staff={staff} />;
  if (first === 'quote') return <QuoteScreen staff={staff} />;
  if (first === 'reconcile') return <ReconcileScreen staff={staff} />;
  if (first === 'rates') return <RateChangeScreen />;
  if (first === 'track') return <TrackEventScreen key={second ?? ''} staff={staff} initialWaybill={second ?? ''} />;
  if (first === 'round') return <RoundScreen staff={staff} />;
  if (first === 'missed') return <MissedRoundsScreen />;
  const kind = CHANGE_KINDS.find((k) => k === third);
  if (second === 'change' && kind) return <ChangeScreen staff={staff} waybillNo={first} kind={kind} />;
  if (second === 'arrival') return <ArrivalScreen staff={staff} waybillNo={first} />;
  if (second === 'return') return <ReturnScreen staff={staff} waybillNo={first} />;
  return <OrderDetailScreen key={first} staff={staff} waybillNo={first} />;
}
