import { BackLink } from '../../ui/BackLink';
import { useQuery } from '@urql/preact';
import { useState } from 'preact/hooks';
import { navigate } from '../../app/router';
import type { ChangeKind } from '../../graphql/schema-types';
import { useI18n } from '../../i18n/i18n';
import { submitChange } from '../../outbox/sync';
import type { StaffSummary } from '../../session/session';
import { Field, LoadError, orderPath } from './common';
import { ContactFields, GoodsFields } from './forms';
import { checkContact, checkGoods, toContactInput, toGoodsInput, type ContactForm, type FieldErrors, type GoodsForm } from './intake';
import { OrderByWaybillDocument, type OrderDetailFragment } from './orders.generated';

function ChangeForm({ order, kind, staff }: { order: OrderDetailFragment; kind: ChangeKind; staff: StaffSummary }) {
  const { t, locale } = useI18n();
  const c = order.consignee;
  // The street is masked, so it is typed again in full; the phone (masked too) may be left
  // empty: the server keeps the current number.
  const [contact, setContact] = useState<ContactForm>({ name: c.name, phone: '', province: c.province, city: c.city, district: c.district, detail: '' });
  const g = order.goods;
  const [goods, setGoods] = useState<GoodsForm>({
    name: g.name,
    quantity: String(g.quantity),
    weightKg: String(g.weightKg),
    volumeM3: String(g.volumeM3),
    declaredValue: g.declaredValueFen != null ? String(g.declaredValueFen / 100) : '',
  });
  const [reason, setReason] = useState('');
  // 打过单的要回发货单与快递单: a printed order is cancelled once both slips are back.
  const printed = order.stage === 'PRINTED';
  const [waybillBack, setWaybillBack] = useState(false);
  const [slipBack, setSlipBack] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const base = { orderId: order.id, waybillNo: order.waybillNo, expectedVersion: order.version };

  async function submit(e: Event) {
    e.preventDefault();
    const found: FieldErrors = {};
    if (kind === 'ADDRESS') checkContact('consignee', contact, found);
    if (kind === 'ADDRESS' && !contact.phone.trim()) delete found['consignee.phone'];
    if (kind === 'GOODS') checkGoods(goods, order.service, found);
    if (kind === 'CANCEL' && (reason.trim().length < 1 || reason.trim().length > 200)) found.reason = 'change.reasonLength';
    if (kind === 'CANCEL' && printed && !(waybillBack && slipBack)) found.retrieved = 'change.retrievedRequired';
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    if (kind === 'ADDRESS') await submitChange(staff.id, { type: 'changeOrderAddress', ...base, consignee: toContactInput(contact) });
    if (kind === 'GOODS') await submitChange(staff.id, { type: 'changeOrderGoods', ...base, goods: toGoodsInput(goods) });
    if (kind === 'CANCEL' && printed) {
      await submitChange(staff.id, {
        type: 'cancelPrintedOrder',
        ...base,
        reason: reason.trim(),
        waybillRetrieved: waybillBack,
        deliverySlipRetrieved: slipBack,
      });
    } else if (kind === 'CANCEL') await submitChange(staff.id, { type: 'cancelOrder', ...base, reason: reason.trim() });
    navigate(orderPath(order.waybillNo), true);
  }

  return (
    <form class="card" onSubmit={(e) => void submit(e)} noValidate>
      {kind === 'ADDRESS' && <ContactFields prefix="consignee" value={contact} errors={errors} onChange={setContact} />}
      {kind === 'ADDRESS' && <p class="muted small">{locale === 'en' ? 'Leave the phone empty to keep the current number.' : '电话留空则保留原号码。'}</p>}
      {kind === 'GOODS' && <GoodsFields value={goods} errors={errors} onChange={setGoods} />}
      {kind === 'CANCEL' && (
        <Field id="cancel-reason" label={t('change.reason')} error={errors.reason ? t(errors.reason) : null}>
          <input id="cancel-reason" value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
        </Field>
      )}
      {kind === 'CANCEL' && printed && (
        <fieldset>
          <legend>{t('change.retrieved')}</legend>
          <label class="check">
            <input type="checkbox" checked={waybillBack} onChange={(e) => setWaybillBack(e.currentTarget.checked)} />{' '}
            {t('change.retrievedWaybill')}
          </label>
          <label class="check">
            <input type="checkbox" checked={slipBack} onChange={(e) => setSlipBack(e.currentTarget.checked)} />{' '}
            {t('change.retrievedSlip')}
          </label>
          {errors.retrieved && (
            <p class="error" role="alert">
              {t(errors.retrieved)}
            </p>
          )}
        </fieldset>
      )}
      <p class="muted small">{t('change.remarkHint')}</p>
      <button type="submit" class={kind === 'CANCEL' ? 'btn primary block' : 'btn primary block'}>
        {t(`change.submit.${kind}`)}
      </button>
    </form>
  );
}

/** A change or cancellation, with what it will do at the order's stage said before committing. */
export function ChangeScreen({ waybillNo, kind, staff }: { waybillNo: string; kind: ChangeKind; staff: StaffSummary }) {
  const { t } = useI18n();
  const [{ data, error, fetching }] = useQuery({ query: OrderByWaybillDocument, variables: { waybillNo } });
  const order = data?.orderByWaybill;
  const option = order?.changeOptions.find((o) => o.kind === kind);
  return (
    <div class="stack">
      <BackLink to={orderPath(waybillNo)} label={t('change.back')} />
      <section class="card" aria-labelledby="change-title">
        <h2 id="change-title">
          {t(`change.kind.${kind}`)} · <span class="code">{waybillNo}</span>
        </h2>
        {fetching && !order && <p class="muted">{t('today.loading')}</p>}
        {!order && <LoadError error={error} />}
        {order && option && (
          <>
            <p>{t('change.stageNow', { stage: t(`stage.${order.stage}`) })}</p>
            {option.allowed && option.action ? (
              <p class="notice" role="note">
                {t(`change.action.${option.action}`)}
              </p>
            ) : (
              <p class="error" role="alert">
                {option.refusalMessage} {option.refusalCode && <span class="code">({option.refusalCode})</span>}
              </p>
            )}
          </>
        )}
      </section>
      {order && option?.allowed && <ChangeForm order={order} kind={kind} staff={staff} />}
    </div>
  );
}
