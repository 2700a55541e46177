/**
 * A delivery address in the Chinese order: 收货人 手机号, then 省 市 区县, 乡镇街道, 村社区 and
 * 详细地址. In Rongchang the town is a choice among its 21 towns and sub-districts.
 */
import { useTowns } from '../catalogData';
import { ADDRESS_LABELS, HOME_DISTRICT, type AddressDraft, type AddressField } from '../address';
import { useT } from '../i18n';
import { Field } from './Field';

export function AddressForm({
  value,
  onChange,
  errors,
}: {
  value: AddressDraft;
  onChange: (next: AddressDraft) => void;
  errors: Partial<Record<AddressField, string>>;
}) {
  const { t } = useT();
  const towns = useTowns();
  const set = (field: AddressField) => (event: { target: { value: string } }) => onChange({ ...value, [field]: event.target.value });
  const inRongchang = value.district.trim() === HOME_DISTRICT.district && value.city.trim() === HOME_DISTRICT.city;
  const input = (field: AddressField, extra: Record<string, string> = {}) => (
    <input
      id={`addr-${field}`}
      className="input"
      value={value[field]}
      onChange={set(field)}
      aria-invalid={errors[field] ? true : undefined}
      data-testid={`addr-${field}`}
      {...extra}
    />
  );
  return (
    <div className="form address-form" data-testid="address-form">
      <div className="form-row">
        <Field id="addr-recipient" label={t(ADDRESS_LABELS.recipient)} required error={errors.recipient}>
          {input('recipient', { autoComplete: 'name', placeholder: t('checkout.recipientPlaceholder'), maxLength: '40' })}
        </Field>
        <Field id="addr-phone" label={t(ADDRESS_LABELS.phone)} required error={errors.phone}>
          {input('phone', { type: 'tel', inputMode: 'tel', autoComplete: 'tel', maxLength: '20' })}
        </Field>
      </div>
      <div className="form-row form-row-3">
        <Field id="addr-province" label={t(ADDRESS_LABELS.province)} required error={errors.province}>
          {input('province', { autoComplete: 'address-level1', maxLength: '20' })}
        </Field>
        <Field id="addr-city" label={t(ADDRESS_LABELS.city)} required error={errors.city}>
          {input('city', { autoComplete: 'address-level2', maxLength: '20' })}
        </Field>
        <Field id="addr-district" label={t(ADDRESS_LABELS.district)} required error={errors.district}>
          {input('district', { autoComplete: 'address-level3', maxLength: '20' })}
        </Field>
      </div>
      <div className="form-row">
        <Field id="addr-town" label={t(ADDRESS_LABELS.town)} required error={errors.town}>
          {inRongchang ? (
            <select
              id="addr-town"
              className="input select"
              value={value.town}
              onChange={set('town')}
              aria-invalid={errors.town ? true : undefined}
              data-testid="addr-town"
            >
              <option value="">{t('checkout.townPlaceholder')}</option>
              {(towns.data ?? []).map((town) => (
                <option key={town.code} value={town.name}>
                  {town.name}
                </option>
              ))}
              {value.town && towns.data && !towns.data.some((town) => town.name === value.town) ? (
                <option value={value.town}>{value.town}</option>
              ) : null}
            </select>
          ) : (
            input('town', { maxLength: '30' })
          )}
        </Field>
        <Field id="addr-village" label={t(ADDRESS_LABELS.village)} optional error={errors.village}>
          {input('village', { placeholder: t('checkout.villagePlaceholder'), maxLength: '30' })}
        </Field>
      </div>
      <Field id="addr-detail" label={t(ADDRESS_LABELS.detail)} required error={errors.detail} hint={t('checkout.remembered')}>
        {input('detail', { autoComplete: 'street-address', placeholder: t('checkout.detailPlaceholder'), maxLength: '120' })}
      </Field>
    </div>
  );
}
