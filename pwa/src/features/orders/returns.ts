// The rules of a return or exchange as the counter explains them before anything is sent
// (the server applies the same rules and has the last word).
import type { FreightPayer, ReturnKind, ReturnReason } from '../../graphql/schema-types';
import type { OrdersScreensKey } from '../../i18n/orders-screens';

export const MAX_RETURN_PHOTOS = 9;

/** Who pays each leg: a quality problem is the company's cost both ways; otherwise the customer pays the return leg. */
export function payers(kind: ReturnKind, reason: ReturnReason): { returnLeg: FreightPayer; replacementLeg: FreightPayer | null } {
  return {
    returnLeg: reason === 'QUALITY' ? 'COMPANY' : 'CUSTOMER',
    replacementLeg: kind === 'EXCHANGE' ? 'COMPANY' : null,
  };
}

export interface ReturnForm {
  kind: ReturnKind;
  reason: ReturnReason;
  description: string;
  parcelIntact: boolean;
  photoCount: number;
}

/** What still stops the form from being sent, in the order the person should fix it. */
export function returnProblems(f: ReturnForm): OrdersScreensKey[] {
  const out: OrdersScreensKey[] = [];
  const n = [...f.description.trim()].length;
  if (n < 2 || n > 500) out.push('return.problem.description');
  if (!f.parcelIntact) out.push('return.problem.intact');
  if (f.reason === 'QUALITY' && f.photoCount === 0) out.push('return.problem.photos');
  if (f.photoCount > MAX_RETURN_PHOTOS) out.push('return.problem.tooManyPhotos');
  return out;
}

/** Only a signed-for, uncancelled order without a return yet can open one. */
export function mayOpenReturn(order: { state: string; trackingStatus: string; returnRequest?: unknown }): boolean {
  return order.state !== 'CANCELLED' && order.trackingStatus === 'SIGNED' && !order.returnRequest;
}
