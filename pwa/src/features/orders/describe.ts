// One line naming a queued order or tracking write, for the 待同步 lists.
import type { t as translateFn } from '../../i18n/i18n';
import type { OrderChange } from './changes';

export function describeOrderChange(change: OrderChange, t: typeof translateFn): string {
  switch (change.type) {
    case 'intakeOrder':
      return t('queued.intakeOrder', { name: change.input.goods.name, city: change.input.consignee.city });
    case 'recordTrackingEvent':
      return t('queued.recordTrackingEvent', { waybill: change.event.waybillNo, status: t(`status.${change.event.status}`) });
    case 'advanceOrderStage':
      return t('queued.advanceOrderStage', { waybill: change.waybillNo, stage: t(`stage.${change.stage}`) });
    default:
      return t(`queued.${change.type}`, { waybill: change.waybillNo });
  }
}
