import { useEffect, useMemo, useRef, useState } from 'react';
import { api, ApiError } from '../api';
import {
  ADDRESS_FIELDS,
  ADDRESS_LABELS,
  addressProblems,
  loadAddress,
  saveAddress,
  toAddress,
  type AddressDraft,
  type AddressField,
} from '../address';
import { useCart } from '../cart';
import { useProductSummaries, useTowns } from '../catalogData';
import { IdempotencyKeys, shippingEstimate } from '../checkoutKit';
import { AddressForm } from '../components/AddressForm';
import { Field } from '../components/Field';
import { ArrowLeftIcon, PinIcon, StoreIcon } from '../components/Icons';
import { ErrorNotice, Loading, Notice } from '../components/Notice';
import { Price } from '../components/Price';
import { RequireLogin } from '../components/RequireLogin';
import { Thumb } from '../components/Thumb';
import { fieldMessage } from '../fieldErrors';
import { useT } from '../i18n';
import { Link, useRouter } from '../router';
import { DELIVERY_OPTIONS, type CheckoutResult, type DeliveryOption, type Product, type Station } from '../types';
import { useApi } from '../useApi';

interface Item {
  skuId: string;
  productId: string;
  shopId: string;
  shopName: string;
  title: string;
  skuName: string;
  unitPriceFen: number;
  quantity: number;
}

/** What is being bought: chosen cart lines (`?skus=`) or one product bought now (`?product=&sku=&qty=`). */
function useItems(): { items: Item[] | undefined; buyNow: boolean; error: ApiError | undefined } {
  const { search } = useRouter();
  const { cart, refresh } = useCart();
  const productId = search.get('product');
  const skuId = search.get('sku');
  const qty = Math.max(1, Math.min(999, Number.parseInt(search.get('qty') ?? '1', 10) || 1));
  const buyNow = !!productId && !!skuId;
  const skus = (search.get('skus') ?? '').split(',').filter(Boolean);
  const product = useApi<Product>(buyNow ? `/api/v1/products/${encodeURIComponent(productId)}` : null);
  const [cartLoaded, setCartLoaded] = useState(false);

  useEffect(() => {
    if (!buyNow) void refresh().then(() => setCartLoaded(true));
  }, [buyNow, refresh]);

  if (buyNow) {
    if (!product.data) return { items: undefined, buyNow, error: product.error };
    const sku = product.data.skus.find((s) => s.id === skuId);
    if (!sku) return { items: [], buyNow, error: undefined };
    const p = product.data;
    return {
      items: [
        {
          skuId: sku.id,
          productId: p.id,
          shopId: p.shopId,
          shopName: p.shopName,
          title: p.title,
          skuName: sku.name,
          unitPriceFen: sku.priceFen,
          quantity: qty,
        },
      ],
      buyNow,
      error: undefined,
    };
  }
  if (!cartLoaded || !cart) return { items: undefined, buyNow, error: undefined };
  const lines = cart.lines.filter((l) => (skus.length ? skus.includes(l.skuId) : l.purchasable));
  return { items: lines, buyNow, error: undefined };
}

/**
 * Which lines cannot be had, read from the products' current stock: for a 409 OUT_OF_STOCK
 * that does not name its SKU (the server's early stock gate answers without one).
 */
async function shortLines(items: Item[]): Promise<Array<{ skuId: string; available: number }>> {
  const ids = [...new Set(items.map((i) => i.productId))];
  const products = await Promise.all(ids.map((id) => api.get<Product>(`/api/v1/products/${encodeURIComponent(id)}`).catch(() => null)));
  const short: Array<{ skuId: string; available: number }> = [];
  for (const item of items) {
    const sku = products.find((p) => p?.id === item.productId)?.skus.find((s) => s.id === item.skuId);
    if (sku && sku.stock < item.quantity) short.push({ skuId: item.skuId, available: sku.stock });
  }
  return short;
}

function groupByShop(items: Item[]): Array<{ shopId: string; shopName: string; items: Item[] }> {
  const groups: Array<{ shopId: string; shopName: string; items: Item[] }> = [];
  for (const item of items) {
    let group = groups.find((g) => g.shopId === item.shopId);
    if (!group) {
      group = { shopId: item.shopId, shopName: item.shopName, items: [] };
      groups.push(group);
    }
    group.items.push(item);
  }
  return groups;
}

function CheckoutView() {
  const { t, pick, label } = useT();
  const { navigate } = useRouter();
  const { refresh } = useCart();
  const { items, buyNow, error: loadError } = useItems();
  const summaries = useProductSummaries((items ?? []).map((i) => i.productId));
  const towns = useTowns();
  const stations = useApi<Station[]>('/api/v1/stations', { kind: 'village_station' });
  const [address, setAddress] = useState<AddressDraft>(loadAddress);
  const [delivery, setDelivery] = useState<DeliveryOption>('express');
  const [stationId, setStationId] = useState('');
  const [note, setNote] = useState('');
  const [attempted, setAttempted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [serverFieldErrors, setServerFieldErrors] = useState<Partial<Record<AddressField, string>>>({});
  const [lineProblems, setLineProblems] = useState<Array<{ skuId: string; message: string; note: string }>>([]);
  const keys = useRef(new IdempotencyKeys());
  const problemNotice = useRef<HTMLDivElement>(null);

  // A refused checkout says why where the user can see it.
  useEffect(() => {
    if (lineProblems.length || error) problemNotice.current?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  }, [lineProblems, error]);

  const groups = useMemo(() => groupByShop(items ?? []), [items]);
  const problems = addressProblems(address);
  const addressErrors: Partial<Record<AddressField, string>> = { ...serverFieldErrors };
  if (attempted) {
    for (const field of ADDRESS_FIELDS) {
      const p = problems[field];
      if (p) addressErrors[field] = p.key === 'checkout.required' ? t('checkout.required', { field: t(p.field) }) : t(p.key);
    }
  }
  const stationMissing = attempted && delivery === 'station_pickup' && !stationId;

  const townCode = towns.data?.find((town) => town.name === address.town)?.code;
  const stationList = [...(stations.data ?? [])].sort((a, b) => Number(b.townCode === townCode) - Number(a.townCode === townCode));

  const shopTotals = groups.map((g) => {
    const itemsFen = g.items.reduce((sum, i) => sum + i.unitPriceFen * i.quantity, 0);
    const shippingFen = shippingEstimate(delivery, itemsFen);
    return { shopId: g.shopId, itemsFen, shippingFen };
  });
  const grandTotal = shopTotals.reduce((sum, s) => sum + s.itemsFen + s.shippingFen, 0);
  const itemCount = (items ?? []).reduce((sum, i) => sum + i.quantity, 0);

  const itemName = (skuId: string) => {
    const item = items?.find((i) => i.skuId === skuId);
    return item ? `${item.title} ${item.skuName}` : '';
  };

  const submit = async () => {
    if (!items || items.length === 0 || busy) return;
    setAttempted(true);
    setError(undefined);
    setLineProblems([]);
    setServerFieldErrors({});
    if (Object.keys(problems).length > 0 || (delivery === 'station_pickup' && !stationId)) {
      window.setTimeout(() => document.querySelector('[aria-invalid="true"]')?.scrollIntoView({ block: 'center' }), 0);
      return;
    }
    const body = {
      ...(buyNow ? { items: items.map((i) => ({ skuId: i.skuId, quantity: i.quantity })) } : { skuIds: items.map((i) => i.skuId) }),
      address: toAddress(address),
      deliveryOption: delivery,
      ...(delivery === 'station_pickup' ? { pickupPointId: stationId } : {}),
      ...(note.trim() ? { note: note.trim() } : {}),
    };
    setBusy(true);
    try {
      const result = await api.post<CheckoutResult>('/api/v1/checkout', body, {
        headers: { 'Idempotency-Key': keys.current.keyFor(body) },
      });
      keys.current.reset();
      saveAddress(address);
      void refresh();
      navigate(`/orders?status=awaiting_payment&placed=${result.orders.length}`, { replace: true });
    } catch (err) {
      if (!(err instanceof ApiError)) return;
      const skuId = typeof err.extra.skuId === 'string' ? err.extra.skuId : null;
      const short =
        err.code !== 'OUT_OF_STOCK'
          ? []
          : skuId
            ? [{ skuId, available: typeof err.extra.available === 'number' ? err.extra.available : 0 }]
            : await shortLines(items);
      if (short.length) {
        setLineProblems(
          short.map((s) => ({
            skuId: s.skuId,
            message: t('checkout.outOfStock', { name: itemName(s.skuId), count: s.available }),
            note: t('cart.lowStock', { count: s.available }),
          })),
        );
      } else if (err.code === 'SKU_NOT_PURCHASABLE' && skuId) {
        setLineProblems([{ skuId, message: t('checkout.notPurchasable', { name: itemName(skuId) }), note: t('checkout.problemLine') }]);
      } else if (err.fieldErrors.some((f) => f.field.startsWith('/address/'))) {
        const mapped: Partial<Record<AddressField, string>> = {};
        for (const f of err.fieldErrors) {
          const field = f.field.replace('/address/', '') as AddressField;
          if ((ADDRESS_FIELDS as readonly string[]).includes(field)) mapped[field] = pick(fieldMessage(f, ADDRESS_LABELS[field]));
        }
        setServerFieldErrors(mapped);
        setError(err);
      } else {
        setError(err);
      }
    } finally {
      setBusy(false);
    }
  };

  if (loadError) return <ErrorNotice error={loadError} />;
  if (!items) return <Loading />;
  if (items.length === 0) {
    return (
      <div className="stack">
        <Notice tone="warning" testId="checkout-nothing">
          {t('checkout.nothing')}
        </Notice>
        <Link to="/cart" className="btn btn-primary">
          {t('checkout.backToCart')}
        </Link>
      </div>
    );
  }

  return (
    <div className="stack-tight checkout-page" data-testid="checkout-page">
      <header className="page-head page-head-row">
        <Link
          to={buyNow ? '/' : '/cart'}
          className="back-link"
          aria-label={t('nav.back')}
          onClick={(e) => {
            if (window.history.length > 1) {
              e.preventDefault();
              window.history.back();
            }
          }}
        >
          <ArrowLeftIcon size={18} />
        </Link>
        <h1>{t('checkout.title')}</h1>
      </header>

      <section className="card address-card">
        <h2 className="card-title card-title-icon">
          <PinIcon size={18} />
          {t('checkout.address')}
        </h2>
        <AddressForm
          value={address}
          onChange={(next) => {
            setAddress(next);
            setServerFieldErrors({});
          }}
          errors={addressErrors}
        />
      </section>

      <section className="card">
        <h2 className="card-title">{t('checkout.delivery')}</h2>
        <div className="delivery-options" role="radiogroup" aria-label={t('checkout.delivery')}>
          {DELIVERY_OPTIONS.map((option) => (
            <label key={option} className={`delivery-option${delivery === option ? ' active' : ''}`}>
              <input
                type="radio"
                name="delivery"
                value={option}
                checked={delivery === option}
                onChange={() => setDelivery(option)}
                data-testid={`delivery-${option}`}
              />
              <strong>{label('delivery', option)}</strong>
              <span>{t(`delivery.${option}.desc`)}</span>
            </label>
          ))}
        </div>
        {delivery === 'station_pickup' ? (
          <div className="station-field">
            <Field id="checkout-station" label={t('checkout.station')} required error={stationMissing ? t('checkout.stationRequired') : undefined}>
              <select
                id="checkout-station"
                className="input select"
                value={stationId}
                onChange={(event) => setStationId(event.target.value)}
                aria-invalid={stationMissing ? true : undefined}
                data-testid="checkout-station"
              >
                <option value="">{t('checkout.stationPlaceholder')}</option>
                {stationList.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </select>
            </Field>
          </div>
        ) : null}
      </section>

      {groups.length > 1 ? <Notice tone="info">{t('checkout.splitHint', { count: groups.length })}</Notice> : null}
      <div ref={problemNotice} />
      {error ? <ErrorNotice error={error} testId="checkout-error" /> : null}
      {lineProblems.length ? (
        <Notice tone="error" testId="checkout-item-error">
          {lineProblems.map((p) => (
            <div key={p.skuId}>{p.message}</div>
          ))}
        </Notice>
      ) : null}

      {groups.map((g, gi) => {
        const totals = shopTotals[gi];
        return (
          <section key={g.shopId} className="card checkout-shop" data-testid="checkout-shop" data-shop-id={g.shopId}>
            <h2 className="checkout-shop-name">
              <StoreIcon size={17} />
              {g.shopName}
            </h2>
            <ul className="order-lines">
              {g.items.map((i) => (
                <li
                  key={i.skuId}
                  className={`order-line${lineProblems.some((p) => p.skuId === i.skuId) ? ' order-line-problem' : ''}`}
                  data-testid="checkout-line"
                  data-sku-id={i.skuId}
                >
                  <Thumb summary={summaries.get(i.productId)} title={i.title} />
                  <div className="order-line-body">
                    <span className="order-line-title">{i.title}</span>
                    <span className="sku-pill">{i.skuName}</span>
                    {lineProblems
                      .filter((p) => p.skuId === i.skuId)
                      .map((p) => (
                        <span key={p.skuId} className="line-warning">
                          {p.note}
                        </span>
                      ))}
                  </div>
                  <div className="order-line-side">
                    <Price fen={i.unitPriceFen} size="sm" />
                    <span className="muted small">×{i.quantity}</span>
                  </div>
                </li>
              ))}
            </ul>
            {totals ? (
              <dl className="sum-rows">
                <div>
                  <dt>{t('checkout.shippingFee')}</dt>
                  <dd>{totals.shippingFen === 0 ? t('checkout.free') : <Price fen={totals.shippingFen} size="sm" />}</dd>
                </div>
                <div className="sum-strong">
                  <dt>{t('checkout.shopSubtotal')}</dt>
                  <dd>
                    <Price fen={totals.itemsFen + totals.shippingFen} size="md" />
                  </dd>
                </div>
              </dl>
            ) : null}
          </section>
        );
      })}

      <section className="card">
        <Field id="checkout-note" label={t('checkout.note')} optional>
          <input
            id="checkout-note"
            className="input"
            value={note}
            maxLength={200}
            placeholder={t('checkout.notePlaceholder')}
            onChange={(event) => setNote(event.target.value)}
            data-testid="checkout-note"
          />
        </Field>
      </section>

      <div className="settle-bar settle-bar-checkout" data-testid="checkout-bar">
        <div className="settle-total">
          <span className="muted small">{t('common.pieces', { count: itemCount })}</span>
          <span>{t('checkout.grandTotal')}</span>
          <Price fen={grandTotal} size="lg" testId="checkout-total" />
        </div>
        <button type="button" className="btn btn-primary settle-button" disabled={busy} onClick={() => void submit()} data-testid="checkout-submit">
          {busy ? t('checkout.submitting') : t('checkout.submit')}
        </button>
      </div>
    </div>
  );
}

export function CheckoutPage() {
  return (
    <RequireLogin>
      <CheckoutView />
    </RequireLogin>
  );
}
