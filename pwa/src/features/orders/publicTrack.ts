// The customer look-up behind /track: no login, no token, no cookie. The waybill's check
// digit and the four digits are checked on the phone first; the server's refusals become
// plain sentences (wrong pair, locked waybill, too many look-ups) with the wait they name.
import { stringifyDocument } from '@urql/core';
import { graphqlHeaders, GRAPHQL_URL } from '../../graphql/transport';
import { checkWaybill } from '../../camera/waybill';
import type { OrdersScreensKey } from '../../i18n/orders-screens';
import { CustomerTrackingDocument, type CustomerTrackingQuery } from './orders.generated';

export type CustomerTracking = CustomerTrackingQuery['customerTracking'];

export type LookupResult =
  | { kind: 'found'; tracking: CustomerTracking }
  | { kind: 'problem'; key: OrdersScreensKey; params?: Record<string, number>; field?: 'waybill' | 'last4' };

interface RawError {
  extensions?: { code?: unknown; retryAfterSeconds?: unknown };
}

function problemOf(err: RawError | undefined): LookupResult {
  const code = err?.extensions?.code;
  const retry = Number(err?.extensions?.retryAfterSeconds) || 60;
  switch (code) {
    case 'WAYBILL_CHECK_DIGIT':
      return { kind: 'problem', key: 'track.badCheckDigit', field: 'waybill' };
    case 'NOT_FOUND':
      return { kind: 'problem', key: 'track.notFound' };
    case 'TRACKING_LOOKUP_LOCKED':
      return { kind: 'problem', key: 'track.locked', params: { minutes: Math.ceil(retry / 60) } };
    case 'THROTTLED':
      return { kind: 'problem', key: 'track.throttled', params: { seconds: retry } };
    default:
      return { kind: 'problem', key: 'track.failed' };
  }
}

export async function lookUpParcel(waybill: string, last4: string, fetchImpl: typeof fetch = fetch): Promise<LookupResult> {
  const check = checkWaybill(waybill);
  if (!check.ok) {
    return { kind: 'problem', key: check.reason === 'format' ? 'track.badFormat' : 'track.badCheckDigit', field: 'waybill' };
  }
  const digits = last4.trim();
  if (!/^\d{4}$/.test(digits)) return { kind: 'problem', key: 'track.badLast4', field: 'last4' };
  let body: { data?: CustomerTrackingQuery | null; errors?: RawError[] };
  try {
    const res = await fetchImpl(GRAPHQL_URL, {
      method: 'POST',
      credentials: 'omit',
      headers: graphqlHeaders(undefined, null),
      body: JSON.stringify({ query: stringifyDocument(CustomerTrackingDocument), variables: { waybillNo: check.number, phoneLast4: digits } }),
    });
    body = await res.json();
  } catch {
    return { kind: 'problem', key: 'track.offline' };
  }
  if (body.errors?.length || !body.data) return problemOf(body.errors?.[0]);
  return { kind: 'found', tracking: body.data.customerTracking };
}
