import { useEffect, useState } from 'react';
import { ApiError } from '../api';
import { useCart } from '../cart';
import { townName, useTowns } from '../catalogData';
import { GiBadges } from '../components/GiBadges';
import { ArrowLeftIcon, CartIcon, PinIcon, StoreIcon, TruckIcon } from '../components/Icons';
import { ErrorNotice, Loading, Notice } from '../components/Notice';
import { Price } from '../components/Price';
import { imageUrl, ProductImage } from '../components/ProductImage';
import { QuantityStepper } from '../components/QuantityStepper';
import { Toast, useToast } from '../components/Toast';
import { useT } from '../i18n';
import { Link, useRouter } from '../router';
import { useSession } from '../session';
import type { Product, Shop, Sku } from '../types';
import { useApi } from '../useApi';

function Gallery({ product }: { product: Product }) {
  const { t } = useT();
  const [index, setIndex] = useState(0);
  const images = [...product.images].sort((a, b) => a.position - b.position);
  const back = () => (window.history.length > 1 ? window.history.back() : undefined);
  return (
    <div className="gallery" data-testid="gallery">
      <button type="button" className="gallery-back" onClick={back} aria-label={t('nav.back')}>
        <ArrowLeftIcon size={20} />
      </button>
      {images.length === 0 ? (
        <div className="gallery-slide">
          <ProductImage imageId={null} pavilionCode={product.pavilionCode} title={product.title} size="large" />
        </div>
      ) : (
        <>
          <div
            className="gallery-track"
            onScroll={(event) => {
              const el = event.currentTarget;
              setIndex(Math.round(el.scrollLeft / Math.max(1, el.clientWidth)));
            }}
          >
            {images.map((image, i) => (
              <div className="gallery-slide" key={image.id}>
                <img
                  src={imageUrl(image.id, 'large')}
                  alt={t('product.imageOf', { n: i + 1, total: images.length })}
                  className="product-img"
                  loading={i === 0 ? 'eager' : 'lazy'}
                  data-testid="product-image"
                />
              </div>
            ))}
          </div>
          {images.length > 1 ? (
            <span className="gallery-count" aria-hidden="true">
              {Math.min(index + 1, images.length)}/{images.length}
            </span>
          ) : null}
        </>
      )}
    </div>
  );
}

function ShopCard({ shop, fallbackName, shopId }: { shop: Shop | undefined; fallbackName: string; shopId: string }) {
  const { t } = useT();
  const name = shop?.name ?? fallbackName;
  return (
    <section className="card shop-card" data-testid="shop-card">
      <div className="shop-card-head">
        <span className="shop-avatar" aria-hidden="true">
          {Array.from(name)[0] ?? '店'}
        </span>
        <div className="shop-card-main">
          <strong data-testid="shop-name">{name}</strong>
          {shop?.description ? <span className="shop-card-desc">{shop.description}</span> : null}
        </div>
        <Link to={`/shops/${encodeURIComponent(shopId)}`} className="btn btn-outline btn-small" data-testid="visit-shop">
          {t('product.visitShop')}
        </Link>
      </div>
      {shop && shop.servicePromises.length ? (
        <div className="promise-row">
          {shop.servicePromises.map((p) => (
            <span key={p} className="promise">
              {p}
            </span>
          ))}
        </div>
      ) : null}
    </section>
  );
}

function ProductView({ product }: { product: Product }) {
  const { t } = useT();
  const { user } = useSession();
  const { navigate } = useRouter();
  const cart = useCart();
  const towns = useTowns();
  const shop = useApi<Shop>(`/api/v1/shops/${encodeURIComponent(product.shopId)}`);
  const toast = useToast();
  const skus = product.skus.filter((s) => s.status === 'active');
  const [skuId, setSkuId] = useState<string | null>(() => (skus.find((s) => s.stock > 0) ?? skus[0])?.id ?? null);
  const [quantity, setQuantity] = useState(1);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const sku: Sku | undefined = skus.find((s) => s.id === skuId);
  const stock = sku?.stock ?? 0;
  const purchasable = product.status === 'on_sale' && !!sku && stock > 0;

  useEffect(() => {
    setQuantity((q) => Math.max(1, Math.min(q, stock || 1)));
  }, [stock]);

  const needLogin = () => {
    if (user) return false;
    navigate(`/login?next=${encodeURIComponent(`/products/${product.id}`)}`);
    return true;
  };

  const addToCart = async () => {
    if (!sku || needLogin()) return;
    setBusy(true);
    setError(undefined);
    try {
      await cart.add(sku.id, quantity);
      toast.show(t('product.added'));
    } catch (err) {
      if (err instanceof ApiError) setError(err);
    } finally {
      setBusy(false);
    }
  };

  const buyNow = () => {
    if (!sku || needLogin()) return;
    navigate(`/checkout?product=${encodeURIComponent(product.id)}&sku=${encodeURIComponent(sku.id)}&qty=${quantity}`);
  };

  const origin = townName(towns.data, product.originTownCode);
  const attributes = Object.entries(product.attributes);

  return (
    <div className="product-page" data-testid="product-page" data-product-id={product.id} data-shop-id={product.shopId}>
      <div className="product-layout">
        <Gallery product={product} />
        <div className="product-info">
          {product.status !== 'on_sale' ? <Notice tone="warning">{t('product.draft')}</Notice> : null}
          <section className="card price-card">
            <div className="price-line">
              <Price fen={sku?.priceFen ?? product.priceMinFen} size="xl" testId="product-price" />
              {product.salesCount > 0 ? <span className="muted small">{t('product.sold', { count: product.salesCount })}</span> : null}
            </div>
            <h1 className="product-title" data-testid="product-title">
              {product.title}
            </h1>
            {product.subtitle ? <p className="product-subtitle">{product.subtitle}</p> : null}
            <GiBadges marks={product.giMarks} />
          </section>

          <section className="card option-card">
            <div className="option-row option-row-block">
              <span className="option-label">{t('product.variant')}</span>
              <div className="variant-chips" role="radiogroup" aria-label={t('product.variant')} data-testid="variant-chips">
                {skus.map((s) => (
                  <button
                    key={s.id}
                    type="button"
                    role="radio"
                    aria-checked={s.id === skuId}
                    className={`variant-chip${s.id === skuId ? ' active' : ''}${s.stock <= 0 ? ' soldout' : ''}`}
                    onClick={() => setSkuId(s.id)}
                    data-testid="variant-chip"
                    data-sku-id={s.id}
                  >
                    {s.name}
                    {s.stock <= 0 ? <span className="variant-chip-note">{t('product.soldOut')}</span> : null}
                  </button>
                ))}
              </div>
            </div>
            <div className="option-row">
              <span className="option-label">{t('product.quantity')}</span>
              <QuantityStepper
                value={quantity}
                max={Math.max(1, stock)}
                onChange={setQuantity}
                disabled={!purchasable}
                testId="quantity"
                label={t('product.quantity')}
              />
              <span className="muted small" data-testid="sku-stock">
                {stock > 0 ? t('product.stock', { count: stock }) : t('product.soldOut')}
              </span>
            </div>
            {origin ? (
              <div className="option-row">
                <span className="option-label">{t('product.origin')}</span>
                <span className="option-value" data-testid="product-origin">
                  <PinIcon size={15} />
                  {t('product.originValue', { town: origin })}
                </span>
              </div>
            ) : null}
            <div className="option-row">
              <span className="option-label">{t('product.shipping')}</span>
              <span className="option-value">
                <TruckIcon size={15} />
                {t('product.shippingValue')}
              </span>
            </div>
          </section>

          {error ? <ErrorNotice error={error} testId="product-error" /> : null}

          <div className="buy-bar" data-testid="buy-bar">
            <Link to={`/shops/${encodeURIComponent(product.shopId)}`} className="buy-bar-icon">
              <StoreIcon size={22} />
              <span>{t('product.shop')}</span>
            </Link>
            <Link to="/cart" className="buy-bar-icon" data-testid="buy-bar-cart">
              <span className="tab-icon">
                <CartIcon size={22} />
                {cart.count ? <span className="count-badge">{cart.count > 99 ? '99+' : cart.count}</span> : null}
              </span>
              <span>{t('nav.cart')}</span>
            </Link>
            <div className="buy-bar-buttons">
              <button
                type="button"
                className="buy-btn buy-btn-cart"
                disabled={!purchasable || busy}
                onClick={() => void addToCart()}
                data-testid="add-to-cart"
              >
                {t('product.addToCart')}
              </button>
              <button type="button" className="buy-btn buy-btn-now" disabled={!purchasable || busy} onClick={buyNow} data-testid="buy-now">
                {t('product.buyNow')}
              </button>
            </div>
          </div>
        </div>
      </div>

      <ShopCard shop={shop.data} fallbackName={product.shopName} shopId={product.shopId} />

      <section className="card detail-card" data-testid="product-details">
        <h2 className="card-title">{t('product.details')}</h2>
        {attributes.length ? (
          <dl className="facts attr-table">
            {attributes.map(([name, value]) => (
              <div className="fact" key={name}>
                <dt>{name}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
        ) : null}
        {product.certificates.length ? (
          <>
            <h3 className="detail-subtitle">{t('product.certificates')}</h3>
            <ul className="cert-list">
              {product.certificates.map((c) => (
                <li key={`${c.name}-${c.number}`}>
                  <strong>{c.name}</strong> <span className="mono">{c.number}</span>
                  {c.issuer ? <span className="muted"> · {c.issuer}</span> : null}
                </li>
              ))}
            </ul>
          </>
        ) : null}
        <p className="product-description">{product.description || t('product.noDescription')}</p>
      </section>
      <Toast message={toast.message} />
    </div>
  );
}

export function ProductPage({ id }: { id: string }) {
  const { t } = useT();
  const product = useApi<Product>(`/api/v1/products/${encodeURIComponent(id)}`);
  if (product.error) {
    return product.error.status === 404 ? (
      <div className="stack">
        <Notice tone="warning" testId="product-not-found">
          {t('product.notFound')}
        </Notice>
        <Link to="/" className="btn btn-primary">
          {t('notFound.home')}
        </Link>
      </div>
    ) : (
      <ErrorNotice error={product.error} onRetry={product.reload} />
    );
  }
  if (!product.data) return <Loading />;
  return <ProductView key={product.data.id} product={product.data} />;
}
