// Keeps an open order's timeline current: a trackingUpdated subscription for its waybill
// while the detail is shown and the phone is online; each event re-reads the order, so a
// scan made elsewhere appears without a reload.
import { stringifyDocument } from '@urql/core';
import { useEffect, useRef, useState } from 'preact/hooks';
import { listenLive } from '../../app/live';
import { useOnline } from '../../app/network';
import { OrderTrackingLiveDocument, type OrderTrackingLiveSubscription } from './orders.generated';

export interface TrackingLive {
  /** True while the subscription is wanted and has not been refused. */
  live: boolean;
  /** How many updates arrived since the screen opened. */
  updates: number;
}

export function useTrackingLive(waybillNo: string | undefined, onUpdate: () => void): TrackingLive {
  const online = useOnline();
  const [live, setLive] = useState(false);
  const [updates, setUpdates] = useState(0);
  const latest = useRef(onUpdate);
  latest.current = onUpdate;
  useEffect(() => {
    if (!waybillNo || !online) {
      setLive(false);
      return;
    }
    const stop = new AbortController();
    setLive(true);
    listenLive<OrderTrackingLiveSubscription>(
      stringifyDocument(OrderTrackingLiveDocument),
      { waybillNo },
      () => {
        setUpdates((n) => n + 1);
        latest.current();
      },
      stop.signal,
      () => setLive(false),
    );
    return () => stop.abort();
  }, [waybillNo, online]);
  return { live, updates };
}
