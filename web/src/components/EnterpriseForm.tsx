/**
 * Registration form for a market entity (市场主体). Codes are checked live against the
 * server; on submit the server's field errors land under the matching fields.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import { api, ApiError, type LocalizedText } from '../api';
import { fieldMessage } from '../fieldErrors';
import { useT } from '../i18n';
import { messages, type MessageKey } from '../messages';
import {
  ENTERPRISE_KINDS,
  INDUSTRIES,
  SIZE_CLASSES,
  type Enterprise,
  type EnterpriseInput,
  type EnterpriseKind,
  type Industry,
  type SizeClass,
  type Town,
} from '../types';
import { useApi } from '../useApi';
import { useCodeCheck, type CodeCheck } from '../useCodeCheck';
import { Field } from './Field';
import { CheckIcon } from './Icons';
import { ErrorNotice, Notice } from './Notice';
import { Segmented } from './Segmented';

interface FormState {
  uscc: string;
  name: string;
  kind: EnterpriseKind;
  legalRepresentative: string;
  idNumber: string;
  townCode: string;
  registeredInRongchang: 'yes' | 'no';
  sizeClass: SizeClass;
  industry: Industry | '';
  inPark: boolean;
  parkName: string;
  parkSince: string;
  contactPhone: string;
  address: string;
}

const EMPTY: FormState = {
  uscc: '',
  name: '',
  kind: 'company',
  legalRepresentative: '',
  idNumber: '',
  townCode: '',
  registeredInRongchang: 'yes',
  sizeClass: 'sme',
  industry: '',
  inPark: false,
  parkName: '',
  parkSince: '',
  contactPhone: '',
  address: '',
};

/** The server field pointers each form control answers for, and its label. */
const CONTROLS: Record<keyof FormState, { pointers: string[]; label: MessageKey }> = {
  uscc: { pointers: ['/uscc'], label: 'ent.uscc' },
  name: { pointers: ['/name'], label: 'ent.name' },
  kind: { pointers: ['/kind'], label: 'ent.kind' },
  legalRepresentative: { pointers: ['/legalRepresentative'], label: 'ent.legalRepresentative' },
  idNumber: { pointers: ['/legalRepresentativeIdNumber'], label: 'ent.idNumber' },
  townCode: { pointers: ['/townCode'], label: 'ent.town' },
  registeredInRongchang: { pointers: ['/registeredInRongchang'], label: 'ent.registeredInRongchang' },
  sizeClass: { pointers: ['/sizeClass'], label: 'ent.sizeClass' },
  industry: { pointers: ['/industry'], label: 'ent.industry' },
  inPark: { pointers: ['/park'], label: 'ent.park' },
  parkName: { pointers: ['/park/name'], label: 'ent.parkName' },
  parkSince: { pointers: ['/park/since'], label: 'ent.parkSince' },
  contactPhone: { pointers: ['/contactPhone'], label: 'ent.contactPhone' },
  address: { pointers: ['/address'], label: 'ent.address' },
};

type Errors = Partial<Record<keyof FormState, LocalizedText>>;

const text = (key: MessageKey): LocalizedText => ({ zh: messages[key].zh, en: messages[key].en });

function clientErrors(form: FormState): Errors {
  const errors: Errors = {};
  const required = text('common.required');
  if (form.uscc.trim() === '') errors.uscc = required;
  if (form.name.trim() === '') errors.name = required;
  if (form.legalRepresentative.trim() === '') errors.legalRepresentative = required;
  if (form.kind === 'sole_trader' && form.idNumber.trim() === '') errors.idNumber = required;
  if (form.townCode === '') errors.townCode = required;
  if (form.industry === '') errors.industry = required;
  if (form.inPark) {
    if (form.parkName.trim() === '') errors.parkName = required;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(form.parkSince)) errors.parkSince = text('myEnt.dateInvalid');
  }
  return errors;
}

function toInput(form: FormState): EnterpriseInput {
  const input: EnterpriseInput = {
    uscc: form.uscc.trim(),
    name: form.name.trim(),
    kind: form.kind,
    legalRepresentative: form.legalRepresentative.trim(),
    townCode: form.townCode,
    registeredInRongchang: form.registeredInRongchang === 'yes',
    sizeClass: form.sizeClass,
    industry: form.industry as Industry,
    park: form.inPark ? { name: form.parkName.trim(), since: form.parkSince } : null,
  };
  if (form.kind === 'sole_trader') input.legalRepresentativeIdNumber = form.idNumber.trim();
  if (form.contactPhone.trim()) input.contactPhone = form.contactPhone.trim();
  if (form.address.trim()) input.address = form.address.trim();
  return input;
}

/** Maps a problem's field errors onto form controls; the rest are returned unplaced. */
function placeServerErrors(error: ApiError): { errors: Errors; unplaced: LocalizedText[] } {
  const errors: Errors = {};
  const unplaced: LocalizedText[] = [];
  for (const fieldError of error.fieldErrors) {
    const control = (Object.keys(CONTROLS) as (keyof FormState)[]).find((key) =>
      CONTROLS[key].pointers.includes(fieldError.field),
    );
    if (control && !errors[control]) errors[control] = fieldMessage(fieldError, CONTROLS[control].label);
    else if (!control) unplaced.push(fieldError.message);
  }
  if (error.code === 'ENTERPRISE_USCC_TAKEN' && !errors.uscc) errors.uscc = error.title;
  return { errors, unplaced };
}

/** Normalises a code as typed: no spaces, upper case, at most 18 characters. */
const normaliseCode = (value: string) => value.replace(/\s+/g, '').toUpperCase().slice(0, 18);

export function EnterpriseForm({ onCreated }: { onCreated: (enterprise: Enterprise) => void }) {
  const { t, pick, label } = useT();
  const towns = useApi<Town[]>('/api/v1/towns');
  const [form, setForm] = useState<FormState>(EMPTY);
  const [errors, setErrors] = useState<Errors>({});
  const [touched, setTouched] = useState<{ uscc?: boolean; idNumber?: boolean }>({});
  const [submitError, setSubmitError] = useState<ApiError>();
  const [unplaced, setUnplaced] = useState<LocalizedText[]>([]);
  const [showFixHint, setShowFixHint] = useState(false);
  const [busy, setBusy] = useState(false);

  const usccCheck = useCodeCheck('uscc', form.uscc, form.uscc.length >= 18 || !!touched.uscc);
  const idCheck = useCodeCheck(
    'resident_id',
    form.idNumber,
    form.kind === 'sole_trader' && (form.idNumber.length >= 18 || !!touched.idNumber),
  );

  const set = <K extends keyof FormState>(key: K, value: FormState[K]) => {
    setForm((prev) => ({ ...prev, [key]: value }));
    setErrors((prev) => {
      if (!prev[key]) return prev;
      const next = { ...prev };
      delete next[key];
      return next;
    });
  };

  const err = (key: keyof FormState): string | undefined => {
    const e = errors[key];
    return e ? pick(e) : undefined;
  };

  /** Live feedback for a code field: server error > live check > length counter. */
  const liveHint = (check: CodeCheck, value: string): { hint?: ReactNode; tone: 'muted' | 'ok' | 'error' } => {
    switch (check.state) {
      case 'checking':
        return { hint: t('ent.codeChecking'), tone: 'muted' };
      case 'valid':
        return {
          hint: (
            <span className="check-ok">
              <CheckIcon size={16} strokeWidth={2.4} />
              {t('ent.codeValid')}
            </span>
          ),
          tone: 'ok',
        };
      case 'invalid':
        return { hint: check.message ? pick(check.message) : t('ent.codeInvalid'), tone: 'error' };
      case 'unavailable':
        return { hint: t('ent.codeCheckFailed'), tone: 'muted' };
      case 'idle':
        return value ? { hint: t('ent.codeProgress', { count: value.length }), tone: 'muted' } : { tone: 'muted' };
    }
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitError(undefined);
    setUnplaced([]);
    const found = clientErrors(form);
    setErrors(found);
    setShowFixHint(Object.keys(found).length > 0);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      const created = await api.post<Enterprise>('/api/v1/enterprises', toInput(form));
      setForm(EMPTY);
      setTouched({});
      setErrors({});
      setShowFixHint(false);
      onCreated(created);
    } catch (caught) {
      if (caught instanceof ApiError) {
        const placed = placeServerErrors(caught);
        setErrors(placed.errors);
        setUnplaced(placed.unplaced);
        setSubmitError(caught);
      }
    } finally {
      setBusy(false);
    }
  };

  const usccHint = liveHint(usccCheck, form.uscc);
  const idHint = liveHint(idCheck, form.idNumber);
  const townList = towns.data ?? [];
  const subDistricts = townList.filter((town) => town.kind === 'sub-district');
  const townships = townList.filter((town) => town.kind !== 'sub-district');

  return (
    <form className="form" onSubmit={(event) => void submit(event)} noValidate data-testid="enterprise-form">
      {submitError ? <ErrorNotice error={submitError} testId="enterprise-form-error" /> : null}
      {unplaced.length > 0 ? (
        <Notice tone="error">
          <ul className="plain-list">
            {unplaced.map((message, i) => (
              <li key={i}>{pick(message)}</li>
            ))}
          </ul>
        </Notice>
      ) : null}

      <Field
        id="ent-uscc"
        label={t('ent.uscc')}
        required
        error={err('uscc')}
        hint={<span data-testid="uscc-check" data-state={usccCheck.state}>{usccHint.hint}</span>}
        hintTone={usccHint.tone}
      >
        <input
          id="ent-uscc"
          className="input mono"
          value={form.uscc}
          onChange={(event) => set('uscc', normaliseCode(event.target.value))}
          onBlur={() => setTouched((prev) => ({ ...prev, uscc: true }))}
          placeholder={t('ent.usccPlaceholder')}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          inputMode="text"
          maxLength={18}
          aria-invalid={usccCheck.state === 'invalid' || !!errors.uscc}
          data-testid="ent-uscc"
        />
      </Field>

      <Field id="ent-name" label={t('ent.name')} required error={err('name')}>
        <input
          id="ent-name"
          className="input"
          value={form.name}
          onChange={(event) => set('name', event.target.value)}
          placeholder={t('ent.namePlaceholder')}
          maxLength={100}
          data-testid="ent-name"
        />
      </Field>

      <Field id="ent-kind" label={t('ent.kind')} required error={err('kind')}>
        <Segmented
          name="kind"
          value={form.kind}
          ariaLabel={t('ent.kind')}
          testId="ent-kind"
          onChange={(value) => set('kind', value)}
          options={ENTERPRISE_KINDS.map((kind) => ({ value: kind, label: label('kind', kind) }))}
        />
      </Field>

      <Field id="ent-legal-rep" label={t('ent.legalRepresentative')} required error={err('legalRepresentative')}>
        <input
          id="ent-legal-rep"
          className="input"
          value={form.legalRepresentative}
          onChange={(event) => set('legalRepresentative', event.target.value)}
          maxLength={50}
          autoComplete="name"
          data-testid="ent-legal-rep"
        />
      </Field>

      {form.kind === 'sole_trader' ? (
        <Field
          id="ent-id-number"
          label={t('ent.idNumber')}
          required
          error={err('idNumber')}
          hint={<span data-testid="id-check" data-state={idCheck.state}>{idHint.hint}</span>}
          hintTone={idHint.tone}
        >
          <input
            id="ent-id-number"
            className="input mono"
            value={form.idNumber}
            onChange={(event) => set('idNumber', normaliseCode(event.target.value))}
            onBlur={() => setTouched((prev) => ({ ...prev, idNumber: true }))}
            placeholder={t('ent.idNumberPlaceholder')}
            autoComplete="off"
            spellCheck={false}
            maxLength={18}
            aria-invalid={idCheck.state === 'invalid' || !!errors.idNumber}
            data-testid="ent-id-number"
          />
        </Field>
      ) : null}

      <Field id="ent-town" label={t('ent.town')} required error={err('townCode') ?? (towns.error ? pick(towns.error.title) : undefined)}>
        <select
          id="ent-town"
          className="input select"
          value={form.townCode}
          onChange={(event) => set('townCode', event.target.value)}
          data-testid="ent-town"
        >
          <option value="">{towns.loading ? t('common.loading') : t('ent.townPlaceholder')}</option>
          {subDistricts.length > 0 ? (
            <optgroup label={t('home.subDistrict')}>
              {subDistricts.map((town) => (
                <option key={town.code} value={town.code}>
                  {town.name}
                </option>
              ))}
            </optgroup>
          ) : null}
          {townships.length > 0 ? (
            <optgroup label={t('home.township')}>
              {townships.map((town) => (
                <option key={town.code} value={town.code}>
                  {town.name}
                </option>
              ))}
            </optgroup>
          ) : null}
        </select>
      </Field>

      <Field id="ent-registered" label={t('ent.registeredInRongchang')} error={err('registeredInRongchang')}>
        <Segmented
          name="registeredInRongchang"
          value={form.registeredInRongchang}
          ariaLabel={t('ent.registeredInRongchang')}
          testId="ent-registered"
          onChange={(value) => set('registeredInRongchang', value)}
          options={[
            { value: 'yes', label: t('common.yes') },
            { value: 'no', label: t('common.no') },
          ]}
        />
      </Field>

      <Field id="ent-size" label={t('ent.sizeClass')} required error={err('sizeClass')}>
        <Segmented
          name="sizeClass"
          value={form.sizeClass}
          ariaLabel={t('ent.sizeClass')}
          testId="ent-size"
          onChange={(value) => set('sizeClass', value)}
          options={SIZE_CLASSES.map((size) => ({ value: size, label: label('size', size) }))}
        />
      </Field>

      <Field id="ent-industry" label={t('ent.industry')} required error={err('industry')}>
        <select
          id="ent-industry"
          className="input select"
          value={form.industry}
          onChange={(event) => set('industry', event.target.value as Industry | '')}
          data-testid="ent-industry"
        >
          <option value="">{t('ent.industryPlaceholder')}</option>
          {INDUSTRIES.map((industry) => (
            <option key={industry} value={industry}>
              {label('industry', industry)}
            </option>
          ))}
        </select>
      </Field>

      <div className={`field${errors.inPark ? ' field-invalid' : ''}`}>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={form.inPark}
            onChange={(event) => set('inPark', event.target.checked)}
            data-testid="ent-in-park"
          />
          <span>{t('ent.inPark')}</span>
        </label>
        {errors.inPark ? (
          <div className="field-message field-message-error" role="alert">
            {pick(errors.inPark)}
          </div>
        ) : null}
      </div>

      {form.inPark ? (
        <div className="subfields">
          <Field id="ent-park-name" label={t('ent.parkName')} required error={err('parkName')}>
            <input
              id="ent-park-name"
              className="input"
              value={form.parkName}
              onChange={(event) => set('parkName', event.target.value)}
              placeholder={t('ent.parkNamePlaceholder')}
              maxLength={100}
              data-testid="ent-park-name"
            />
          </Field>
          <Field id="ent-park-since" label={t('ent.parkSince')} required error={err('parkSince')}>
            <input
              id="ent-park-since"
              className="input"
              type="date"
              value={form.parkSince}
              onChange={(event) => set('parkSince', event.target.value)}
              data-testid="ent-park-since"
            />
          </Field>
        </div>
      ) : null}

      <Field id="ent-contact-phone" label={t('ent.contactPhone')} optional error={err('contactPhone')}>
        <input
          id="ent-contact-phone"
          className="input"
          type="tel"
          inputMode="tel"
          value={form.contactPhone}
          onChange={(event) => set('contactPhone', event.target.value)}
          maxLength={20}
          data-testid="ent-contact-phone"
        />
      </Field>

      <Field id="ent-address" label={t('ent.address')} optional error={err('address')}>
        <input
          id="ent-address"
          className="input"
          value={form.address}
          onChange={(event) => set('address', event.target.value)}
          maxLength={200}
          autoComplete="street-address"
          data-testid="ent-address"
        />
      </Field>

      {showFixHint ? <Notice tone="warning">{t('myEnt.fixErrors')}</Notice> : null}

      <button type="submit" className="btn btn-primary btn-block" disabled={busy} data-testid="ent-submit">
        {busy ? t('auth.submitting') : t('myEnt.submit')}
      </button>
    </form>
  );
}
