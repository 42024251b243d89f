// The order and tracking writes as outbox changes, registered with the outbox at start-up.
// Their sender (with the photo upload) loads with the first one sent (lazy import).
import { registerChangeKind } from '../../outbox/registry';
import type { OrderChange } from './changes';
import { describeOrderChange } from './describe';

export const isOrderChange = registerChangeKind<OrderChange>({
  feature: 'orders',
  types: {
    intakeOrder: true,
    verifyOrder: true,
    releaseOrder: true,
    advanceOrderStage: true,
    changeOrderAddress: true,
    changeOrderGoods: true,
    cancelOrder: true,
    cancelPrintedOrder: true,
    recordTrackingEvent: true,
    markTrackingRoundItem: true,
    confirmArrival: true,
    openOrderReturn: true,
  },
  send: async (item) => (await import('./changes')).sendOrderChange(item),
  describe: describeOrderChange,
});
