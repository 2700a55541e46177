import { useEffect, useRef, useState, type ReactNode } from 'react';
import { api, ApiError, type LocalizedText } from '../../api';
import { forget, usePavilions, useTowns } from '../../catalogData';
import { Field } from '../../components/Field';
import { ArrowLeftIcon, CheckIcon, PlusIcon, TrashIcon, UploadIcon } from '../../components/Icons';
import { MerchantFrame, useMerchant } from '../../components/MerchantFrame';
import { ErrorNotice, Loading, Notice } from '../../components/Notice';
import { imageUrl } from '../../components/ProductImage';
import { ProductStatusBadge } from '../../components/ProductStatusBadge';
import { fieldMessage } from '../../fieldErrors';
import { useT } from '../../i18n';
import type { MessageKey } from '../../messages';
import {
  checkDraft,
  draftFromProduct,
  draftKey,
  emptyDraft,
  emptyVariant,
  errorPath,
  toProductInput,
  type DraftErrors,
  type ProductDraft,
  type VariantDraft,
} from '../../productDraft';
import { Link, useRouter } from '../../router';
import { GI_MARK_CODES, type Product, type ProductStatus, type UploadedImage } from '../../types';
import { useApi } from '../../useApi';
import { useCodeCheck } from '../../useCodeCheck';

const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif'];

/** Labels of the editor's fields, to name them in server messages. */
function labelOf(path: string): MessageKey | null {
  const field = path.split('.').pop() ?? '';
  const labels: Record<string, MessageKey> = {
    pavilionCode: 'editor.pavilion',
    title: 'editor.title',
    subtitle: 'editor.subtitle',
    description: 'editor.description',
    originTownCode: 'editor.town',
    name: 'editor.variantName',
    code: 'editor.code',
    price: 'editor.price',
    stock: 'editor.stock',
    weight: 'editor.weight',
    gtin: 'editor.gtin',
  };
  return labels[field] ?? null;
}
const MAX_IMAGE_BYTES = 10 * 1024 * 1024;

function useErrorText(errors: DraftErrors) {
  const { t, pick } = useT();
  return (path: string): string | undefined => {
    const e = errors[path];
    if (!e) return undefined;
    return typeof e === 'string' ? t(e as MessageKey) : pick(e as LocalizedText);
  };
}

function GtinField({ id, value, onChange, error }: { id: string; value: string; onChange: (v: string) => void; error: string | undefined }) {
  const { t, pick } = useT();
  const digits = value.trim();
  const check = useCodeCheck('gtin', digits, [8, 12, 13, 14].includes(digits.length) || digits.length > 14);
  let hint: ReactNode = undefined;
  let tone: 'muted' | 'ok' | 'error' = 'muted';
  if (check.state === 'checking') hint = t('ent.codeChecking');
  if (check.state === 'valid') {
    tone = 'ok';
    hint = (
      <span className="check-ok">
        <CheckIcon size={14} />
        {t('ent.codeValid')}
      </span>
    );
  }
  if (check.state === 'invalid') {
    tone = 'error';
    hint = check.message ? pick(check.message) : t('ent.codeInvalid');
  }
  if (check.state === 'unavailable') hint = t('ent.codeCheckFailed');
  return (
    <Field id={id} label={t('editor.gtin')} optional error={error} hint={hint} hintTone={tone}>
      <input
        id={id}
        className="input gtin-input"
        inputMode="numeric"
        maxLength={20}
        value={value}
        placeholder={t('editor.gtinPlaceholder')}
        onChange={(event) => onChange(event.target.value.replace(/\s/g, ''))}
        data-testid="variant-gtin"
        data-check={check.state}
      />
    </Field>
  );
}

type VariantTextField = 'name' | 'code' | 'price' | 'stock' | 'weight';

interface VariantFieldOptions {
  required?: boolean;
  placeholder?: string;
  inputMode?: 'decimal' | 'numeric';
  maxLength?: number;
}

function VariantCard({
  index,
  variant,
  canRemove,
  errorText,
  onChange,
  onRemove,
}: {
  index: number;
  variant: VariantDraft;
  canRemove: boolean;
  errorText: (path: string) => string | undefined;
  onChange: (v: VariantDraft) => void;
  onRemove: () => void;
}) {
  const { t } = useT();
  const field = (name: VariantTextField, label: MessageKey, options: VariantFieldOptions) => {
    const id = `v${variant.key}-${name}`;
    return (
      <Field id={id} label={t(label)} required={options.required} optional={!options.required} error={errorText(`skus.${index}.${name}`)}>
        <input
          id={id}
          className={name === 'code' ? 'input mono' : 'input'}
          inputMode={options.inputMode}
          maxLength={options.maxLength}
          value={variant[name]}
          placeholder={options.placeholder}
          onChange={(event) => onChange({ ...variant, [name]: event.target.value })}
          data-testid={`variant-${name}`}
        />
      </Field>
    );
  };
  return (
    <fieldset className="variant-card" data-testid="variant-row">
      <legend className="variant-card-head">
        <span>{t('editor.variant', { n: index + 1 })}</span>
        {canRemove ? (
          <button type="button" className="icon-button" aria-label={t('editor.removeVariant')} onClick={onRemove} data-testid="variant-remove">
            <TrashIcon size={16} />
          </button>
        ) : null}
      </legend>
      <div className="form-row">
        {field('name', 'editor.variantName', { required: true, maxLength: 60, placeholder: t('editor.variantNamePlaceholder') })}
        {field('code', 'editor.code', { required: true, maxLength: 40 })}
      </div>
      <div className="form-row">
        {field('price', 'editor.price', { required: true, inputMode: 'decimal', placeholder: '0.00' })}
        {field('stock', 'editor.stock', { required: true, inputMode: 'numeric', placeholder: '0' })}
      </div>
      <div className="form-row">
        {field('weight', 'editor.weight', { inputMode: 'numeric', placeholder: '500' })}
        <GtinField
          id={`v${variant.key}-gtin`}
          value={variant.gtin}
          onChange={(gtin) => onChange({ ...variant, gtin })}
          error={errorText(`skus.${index}.gtin`)}
        />
      </div>
    </fieldset>
  );
}

/** Rows of short text fields (specifications, certificates) with add and delete. */
function RowsEditor<R extends { key: string }>({
  rows,
  fields,
  blank,
  addLabel,
  onChange,
}: {
  rows: R[];
  fields: Array<{ name: keyof R & string; label: string; maxLength: number }>;
  blank: () => R;
  addLabel: string;
  onChange: (rows: R[]) => void;
}) {
  const { t } = useT();
  const set = (key: string, name: keyof R, value: string) => onChange(rows.map((r) => (r.key === key ? { ...r, [name]: value } : r)));
  return (
    <>
      {rows.map((row) => (
        <div className={`pair-row${fields.length === 3 ? ' pair-row-3' : ''}`} key={row.key}>
          {fields.map((f) => (
            <input
              key={f.name}
              className="input"
              aria-label={f.label}
              placeholder={f.label}
              maxLength={f.maxLength}
              value={String(row[f.name] ?? '')}
              onChange={(e) => set(row.key, f.name, e.target.value)}
            />
          ))}
          <button
            type="button"
            className="icon-button"
            aria-label={t('common.delete')}
            onClick={() => onChange(rows.filter((r) => r.key !== row.key))}
          >
            <TrashIcon size={16} />
          </button>
        </div>
      ))}
      <button type="button" className="btn btn-ghost btn-small add-row" onClick={() => onChange([...rows, blank()])}>
        <PlusIcon size={14} />
        {addLabel}
      </button>
    </>
  );
}

function ImagesSection({ product, onUploaded }: { product: Product; onUploaded: () => void }) {
  const { t } = useT();
  const input = useRef<HTMLInputElement>(null);
  const [percent, setPercent] = useState<number | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<ApiError>();
  const [done, setDone] = useState(false);
  const images = [...product.images].sort((a, b) => a.position - b.position);

  const upload = async (file: File) => {
    setProblem(null);
    setError(undefined);
    setDone(false);
    if (!IMAGE_TYPES.includes(file.type)) return setProblem(t('editor.imageType'));
    if (file.size > MAX_IMAGE_BYTES) return setProblem(t('editor.imageTooLarge'));
    setPercent(0);
    try {
      await api.upload<UploadedImage>(`/api/v1/products/${encodeURIComponent(product.id)}/images`, file, {
        contentType: file.type,
        onProgress: (sent, total) => setPercent(Math.round((sent / Math.max(1, total)) * 100)),
      });
      setDone(true);
      forget(`product:${product.id}`);
      onUploaded();
    } catch (err) {
      if (err instanceof ApiError) setError(err);
    } finally {
      setPercent(null);
      if (input.current) input.current.value = '';
    }
  };

  return (
    <section className="card" data-testid="editor-images">
      <h2 className="card-title">{t('editor.images')}</h2>
      <div className="image-strip">
        {images.map((image) => (
          <span key={image.id} className="image-tile">
            <img src={imageUrl(image.id, 'thumb')} alt="" />
          </span>
        ))}
        <label className={`image-tile image-add${percent !== null ? ' busy' : ''}`}>
          <input
            ref={input}
            type="file"
            accept={IMAGE_TYPES.join(',')}
            className="visually-hidden"
            disabled={percent !== null}
            onChange={(event) => {
              const file = event.target.files?.[0];
              if (file) void upload(file);
            }}
            data-testid="image-input"
          />
          <UploadIcon size={22} />
          <span>{percent !== null ? t('editor.uploading', { percent }) : t('editor.upload')}</span>
        </label>
      </div>
      <p className="muted small">{t('editor.imagesHint')}</p>
      {problem ? <div className="field-message field-message-error">{problem}</div> : null}
      {error ? <ErrorNotice error={error} testId="image-error" /> : null}
      {done ? (
        <Notice tone="success" testId="image-uploaded">
          {t('editor.uploaded')}
        </Notice>
      ) : null}
    </section>
  );
}

function Editor({ product, onSaved }: { product: Product | null; onSaved: (p: Product) => void }) {
  const { t, lang } = useT();
  const { shop } = useMerchant();
  const { navigate } = useRouter();
  const pavilions = usePavilions();
  const towns = useTowns();
  const [draft, setDraft] = useState<ProductDraft>(() => (product ? draftFromProduct(product) : emptyDraft()));
  const [attempted, setAttempted] = useState(false);
  const [serverErrors, setServerErrors] = useState<DraftErrors>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [saved, setSaved] = useState(false);
  // Once a save was tried, the form's own checks run live, so fixed fields clear at once.
  const errors: DraftErrors = attempted ? { ...checkDraft(draft), ...serverErrors } : serverErrors;
  const errorText = useErrorText(errors);

  const update = (patch: Partial<ProductDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setServerErrors({});
    setSaved(false);
  };

  const save = async (status?: ProductStatus) => {
    setError(undefined);
    setSaved(false);
    setAttempted(true);
    setServerErrors({});
    const problems = checkDraft(draft);
    if (Object.keys(problems).length) {
      window.setTimeout(() => document.querySelector('.field-invalid')?.scrollIntoView({ block: 'center' }), 0);
      return;
    }
    setBusy(true);
    try {
      const body = toProductInput(draft, status);
      const result = product
        ? await api.put<Product>(`/api/v1/products/${encodeURIComponent(product.id)}`, body)
        : await api.post<Product>(`/api/v1/shops/${encodeURIComponent(shop.id)}/products`, body);
      forget(`product:${result.id}`);
      if (product) {
        setSaved(true);
        setDraft(draftFromProduct(result));
        onSaved(result);
      } else {
        navigate(`/merchant/products?created=${encodeURIComponent(result.title)}${result.status === 'on_sale' ? '&status=on_sale' : '&status=draft'}`);
      }
    } catch (err) {
      if (!(err instanceof ApiError)) return;
      setError(err);
      const mapped: DraftErrors = {};
      for (const f of err.fieldErrors) {
        const path = errorPath(f.field);
        const label = labelOf(path);
        mapped[path] = label ? fieldMessage(f, label) : f.message;
      }
      setServerErrors(mapped);
    } finally {
      setBusy(false);
    }
  };

  const setStatus = async (status: ProductStatus) => {
    if (!product) return;
    setBusy(true);
    setError(undefined);
    try {
      await api.post<void>(`/api/v1/products/${encodeURIComponent(product.id)}/status`, { status });
      forget(`product:${product.id}`);
      onSaved({ ...product, status });
    } catch (err) {
      if (err instanceof ApiError) setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="stack-tight editor" data-testid="product-editor">
      <div className="console-toolbar">
        <Link to="/merchant/products" className="back-link">
          <ArrowLeftIcon size={16} />
          {t('merchant.products.title')}
        </Link>
        {product ? <ProductStatusBadge status={product.status} /> : null}
      </div>
      <h1 className="console-heading">{product ? t('editor.editTitle') : t('editor.newTitle')}</h1>

      {error ? <ErrorNotice error={error} testId="editor-error" /> : null}
      {Object.keys(errors).length && !error ? <Notice tone="error">{t('common.fixErrors')}</Notice> : null}
      {saved ? (
        <Notice tone="success" testId="editor-saved">
          {t('editor.saved')}
        </Notice>
      ) : null}

      <section className="card form">
        <h2 className="card-title">{t('editor.basics')}</h2>
        <Field id="p-pavilion" label={t('editor.pavilion')} required error={errorText('pavilionCode')}>
          <select
            id="p-pavilion"
            className="input select"
            value={draft.pavilionCode}
            onChange={(e) => update({ pavilionCode: e.target.value })}
            data-testid="editor-pavilion"
          >
            <option value="">{t('editor.pavilionPlaceholder')}</option>
            {(pavilions.data ?? []).map((p) => (
              <option key={p.code} value={p.code}>
                {lang === 'zh' ? p.nameZh : p.nameEn}
              </option>
            ))}
          </select>
        </Field>
        <Field id="p-title" label={t('editor.title')} required error={errorText('title')}>
          <input
            id="p-title"
            className="input"
            maxLength={120}
            value={draft.title}
            placeholder={t('editor.titlePlaceholder')}
            onChange={(e) => update({ title: e.target.value })}
            data-testid="editor-title"
          />
        </Field>
        <Field id="p-subtitle" label={t('editor.subtitle')} optional error={errorText('subtitle')}>
          <input
            id="p-subtitle"
            className="input"
            maxLength={200}
            value={draft.subtitle}
            placeholder={t('editor.subtitlePlaceholder')}
            onChange={(e) => update({ subtitle: e.target.value })}
            data-testid="editor-subtitle"
          />
        </Field>
        <Field id="p-town" label={t('editor.town')} optional error={errorText('originTownCode')}>
          <select
            id="p-town"
            className="input select"
            value={draft.originTownCode}
            onChange={(e) => update({ originTownCode: e.target.value })}
            data-testid="editor-town"
          >
            <option value="">{t('editor.townNone')}</option>
            {(towns.data ?? []).map((town) => (
              <option key={town.code} value={town.code}>
                {town.name}
              </option>
            ))}
          </select>
        </Field>
        <div className="field">
          <span className="field-label">{t('editor.gi')}</span>
          <div className="check-chips">
            {GI_MARK_CODES.map((mark) => (
              <label key={mark} className={`check-chip${draft.giMarks.includes(mark) ? ' active' : ''}`}>
                <input
                  type="checkbox"
                  checked={draft.giMarks.includes(mark)}
                  onChange={(e) =>
                    update({ giMarks: e.target.checked ? [...draft.giMarks, mark] : draft.giMarks.filter((m) => m !== mark) })
                  }
                  data-testid={`editor-gi-${mark}`}
                />
                {t(`gi.${mark}`)}
              </label>
            ))}
          </div>
        </div>
        <Field id="p-description" label={t('editor.description')} optional error={errorText('description')}>
          <textarea
            id="p-description"
            className="input"
            rows={4}
            maxLength={5000}
            value={draft.description}
            onChange={(e) => update({ description: e.target.value })}
            data-testid="editor-description"
          />
        </Field>
      </section>

      <section className="card form" data-testid="editor-variants">
        <h2 className="card-title">{t('editor.variants')}</h2>
        {draft.variants.map((v, i) => (
          <VariantCard
            key={v.key}
            index={i}
            variant={v}
            canRemove={draft.variants.length > 1}
            errorText={errorText}
            onChange={(next) => update({ variants: draft.variants.map((x) => (x.key === v.key ? next : x)) })}
            onRemove={() => update({ variants: draft.variants.filter((x) => x.key !== v.key) })}
          />
        ))}
        {draft.variants.length < 50 ? (
          <button
            type="button"
            className="btn btn-outline btn-block"
            onClick={() => update({ variants: [...draft.variants, emptyVariant(draft.variants)] })}
            data-testid="add-variant"
          >
            <PlusIcon size={16} />
            {t('editor.addVariant')}
          </button>
        ) : null}
      </section>

      <section className="card form">
        <h2 className="card-title">{t('editor.attributes')}</h2>
        <RowsEditor
          rows={draft.attributes}
          fields={[
            { name: 'name', label: t('editor.attrName'), maxLength: 30 },
            { name: 'value', label: t('editor.attrValue'), maxLength: 200 },
          ]}
          blank={() => ({ key: draftKey(), name: '', value: '' })}
          addLabel={t('editor.addAttribute')}
          onChange={(attributes) => update({ attributes })}
        />
        <h2 className="card-title">{t('editor.certificates')}</h2>
        <RowsEditor
          rows={draft.certificates}
          fields={[
            { name: 'name', label: t('editor.certName'), maxLength: 60 },
            { name: 'number', label: t('editor.certNumber'), maxLength: 60 },
            { name: 'issuer', label: t('editor.certIssuer'), maxLength: 60 },
          ]}
          blank={() => ({ key: draftKey(), name: '', number: '', issuer: '' })}
          addLabel={t('editor.addCertificate')}
          onChange={(certificates) => update({ certificates })}
        />
      </section>

      {product ? (
        <ImagesSection product={product} onUploaded={() => onSaved(product)} />
      ) : (
        <p className="card muted small">{t('editor.imagesAfterSave')}</p>
      )}

      <div className="action-bar editor-bar">
        {product ? (
          <>
            {product.status === 'on_sale' ? (
              <button type="button" className="btn btn-ghost" disabled={busy} onClick={() => void setStatus('off_sale')} data-testid="editor-take-off">
                {t('merchant.products.takeOff')}
              </button>
            ) : (
              <button type="button" className="btn btn-outline" disabled={busy} onClick={() => void setStatus('on_sale')} data-testid="editor-put-on-sale">
                {t('merchant.products.putOnSale')}
              </button>
            )}
            <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void save()} data-testid="editor-save">
              {busy ? t('editor.saving') : t('editor.save')}
            </button>
          </>
        ) : (
          <>
            <button type="button" className="btn btn-outline" disabled={busy} onClick={() => void save('draft')} data-testid="editor-save-draft">
              {t('editor.saveDraft')}
            </button>
            <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void save('on_sale')} data-testid="editor-save-on-sale">
              {busy ? t('editor.saving') : t('editor.saveOnSale')}
            </button>
          </>
        )}
      </div>
    </div>
  );
}

function EditExisting({ id }: { id: string }) {
  const { t } = useT();
  const product = useApi<Product>(`/api/v1/products/${encodeURIComponent(id)}`);
  const [current, setCurrent] = useState<Product | null>(null);
  useEffect(() => {
    if (product.data) setCurrent(product.data);
  }, [product.data]);
  if (product.error) {
    return product.error.status === 404 ? (
      <Notice tone="warning">{t('editor.notFound')}</Notice>
    ) : (
      <ErrorNotice error={product.error} onRetry={product.reload} />
    );
  }
  if (!current) return <Loading />;
  return (
    <Editor
      product={current}
      onSaved={(p) => {
        setCurrent(p);
        product.reload();
      }}
    />
  );
}

export function ProductEditorPage({ id }: { id?: string }) {
  return <MerchantFrame>{id ? <EditExisting id={id} /> : <Editor product={null} onSaved={() => undefined} />}</MerchantFrame>;
}
