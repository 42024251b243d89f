// Form parts shared by intake and changes: a contact and the goods.
import { useI18n } from '../../i18n/i18n';
import { Field } from './common';
import type { ContactForm, FieldErrors, GoodsForm } from './intake';

export function ContactFields({
  prefix,
  value,
  errors,
  onChange,
}: {
  prefix: string;
  value: ContactForm;
  errors: FieldErrors;
  onChange: (next: ContactForm) => void;
}) {
  const { t } = useI18n();
  const text = (part: keyof ContactForm, opts: { tel?: boolean } = {}) => {
    const id = `${prefix}-${part}`;
    const err = errors[`${prefix}.${part}`];
    return (
      <Field id={id} label={t(`contact.${part}`)} error={err ? t(err) : null} hint={part === 'phone' ? t('contact.phoneHint') : undefined}>
        <input
          id={id}
          type={(opts.tel ? 'tel' : 'text') as 'text'}
          inputMode={opts.tel ? ('tel' as const) : undefined}
          autocomplete="off"
          value={value[part]}
          aria-invalid={err ? true : undefined}
          aria-describedby={err ? `${id}-error` : undefined}
          onInput={(e) => onChange({ ...value, [part]: e.currentTarget.value })}
        />
      </Field>
    );
  };
  return (
    <>
      {text('name')}
      {text('phone', { tel: true })}
      <div class="grid3">
        {text('province')}
        {text('city')}
        {text('district')}
      </div>
      {text('detail')}
    </>
  );
}

export function GoodsFields({
  value,
  errors,
  onChange,
}: {
  value: GoodsForm;
  errors: FieldErrors;
  onChange: (next: GoodsForm) => void;
}) {
  const { t } = useI18n();
  const input = (part: keyof GoodsForm, numeric: boolean) => {
    const id = `goods-${part}`;
    const err = errors[`goods.${part}`];
    return (
      <Field id={id} label={t(`goods.${part}`)} error={err ? t(err) : null}>
        <input
          id={id}
          type="text"
          inputMode={numeric ? (part === 'quantity' ? 'numeric' : 'decimal') : undefined}
          autocomplete="off"
          value={value[part]}
          aria-invalid={err ? true : undefined}
          aria-describedby={err ? `${id}-error` : undefined}
          onInput={(e) => onChange({ ...value, [part]: e.currentTarget.value })}
        />
      </Field>
    );
  };
  return (
    <>
      {input('name', false)}
      <div class="grid3">
        {input('quantity', true)}
        {input('weightKg', true)}
        {input('volumeM3', true)}
      </div>
      {input('declaredValue', true)}
    </>
  );
}
