import { useEffect, useMemo, useRef, useState } from 'react';
import { ApiError } from '../api';
import { useCart } from '../cart';
import { useProductSummaries } from '../catalogData';
import { CartIcon, ChevronRightIcon, StoreIcon, TrashIcon } from '../components/Icons';
import { ErrorNotice, Loading } from '../components/Notice';
import { Price } from '../components/Price';
import { QuantityStepper } from '../components/QuantityStepper';
import { Recommended } from '../components/Recommended';
import { RequireLogin } from '../components/RequireLogin';
import { RoundCheck } from '../components/RoundCheck';
import { Thumb } from '../components/Thumb';
import { useT } from '../i18n';
import { Link, useRouter } from '../router';
import type { CartLine } from '../types';

interface ShopGroup {
  shopId: string;
  shopName: string;
  lines: CartLine[];
}

function groupByShop(lines: CartLine[]): ShopGroup[] {
  const groups: ShopGroup[] = [];
  for (const line of lines) {
    let group = groups.find((g) => g.shopId === line.shopId);
    if (!group) {
      group = { shopId: line.shopId, shopName: line.shopName, lines: [] };
      groups.push(group);
    }
    group.lines.push(line);
  }
  return groups;
}

/** A line can be checked out when it is for sale and its stock covers the quantity. */
function buyable(line: CartLine): boolean {
  return line.purchasable && line.stock >= line.quantity && line.stock > 0;
}

function CartView() {
  const { t } = useT();
  const { navigate } = useRouter();
  const { cart, refresh, setQuantity } = useCart();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const seen = useRef<Set<string>>(new Set());
  const [error, setError] = useState<ApiError>();
  const [loaded, setLoaded] = useState(false);
  const lines = useMemo(() => cart?.lines ?? [], [cart]);
  const summaries = useProductSummaries(lines.map((l) => l.productId));

  useEffect(() => {
    void refresh().then(() => setLoaded(true));
  }, [refresh]);

  // New lines start selected; lines that went away leave the selection.
  useEffect(() => {
    setSelected((prev) => {
      const next = new Set<string>();
      for (const line of lines) {
        if (!buyable(line)) continue;
        if (prev.has(line.skuId) || !seen.current.has(line.skuId)) next.add(line.skuId);
      }
      for (const line of lines) seen.current.add(line.skuId);
      return next;
    });
  }, [lines]);

  const groups = groupByShop(lines);
  const buyableLines = lines.filter(buyable);
  const chosen = buyableLines.filter((l) => selected.has(l.skuId));
  const totalFen = chosen.reduce((sum, l) => sum + l.unitPriceFen * l.quantity, 0);
  const chosenCount = chosen.reduce((sum, l) => sum + l.quantity, 0);
  const allChecked = buyableLines.length > 0 && chosen.length === buyableLines.length;

  const toggle = (skuIds: string[], on: boolean) =>
    setSelected((prev) => {
      const next = new Set(prev);
      for (const id of skuIds) {
        if (on) next.add(id);
        else next.delete(id);
      }
      return next;
    });

  const change = async (skuId: string, quantity: number) => {
    setError(undefined);
    try {
      await setQuantity(skuId, quantity);
    } catch (err) {
      if (err instanceof ApiError) setError(err);
    }
  };

  if (!cart && !loaded) return <Loading />;

  if (lines.length === 0) {
    return (
      <div className="stack">
        <header className="page-head">
          <h1>{t('cart.title')}</h1>
        </header>
        <section className="card guest-card cart-empty" data-testid="cart-empty">
          <span className="empty-icon">
            <CartIcon size={40} />
          </span>
          <p>{t('cart.empty')}</p>
          <p className="muted small">{t('cart.emptyHint')}</p>
          <Link to="/" className="btn btn-primary">
            {t('cart.goShopping')}
          </Link>
        </section>
        <Recommended testId="cart-recommended" />
      </div>
    );
  }

  return (
    <div className="stack-tight cart-page" data-testid="cart-page">
      <header className="page-head page-head-row">
        <h1>{t('cart.title')}</h1>
        <span className="muted" data-testid="cart-count">
          {t('cart.count', { count: cart?.count ?? 0 })}
        </span>
      </header>
      {error ? <ErrorNotice error={error} testId="cart-error" /> : null}
      {groups.map((group) => {
        const groupBuyable = group.lines.filter(buyable);
        const groupChecked = groupBuyable.length > 0 && groupBuyable.every((l) => selected.has(l.skuId));
        return (
          <section key={group.shopId} className="card cart-shop" data-testid="cart-shop" data-shop-id={group.shopId}>
            <div className="cart-shop-head">
              <RoundCheck
                checked={groupChecked}
                indeterminate={groupBuyable.some((l) => selected.has(l.skuId))}
                disabled={groupBuyable.length === 0}
                onChange={(on) => toggle(groupBuyable.map((l) => l.skuId), on)}
                label={t('cart.selectShop', { name: group.shopName })}
                testId="cart-shop-check"
              />
              <Link to={`/shops/${encodeURIComponent(group.shopId)}`} className="cart-shop-name" data-testid="cart-shop-name">
                <StoreIcon size={17} />
                {group.shopName}
                <ChevronRightIcon size={14} />
              </Link>
            </div>
            <ul className="cart-lines">
              {group.lines.map((line) => {
                const ok = buyable(line);
                return (
                  <li
                    key={line.skuId}
                    className={`cart-line${line.purchasable ? '' : ' cart-line-dead'}`}
                    data-testid="cart-line"
                    data-sku-id={line.skuId}
                  >
                    <RoundCheck
                      checked={ok && selected.has(line.skuId)}
                      disabled={!ok}
                      onChange={(on) => toggle([line.skuId], on)}
                      label={t('cart.selectLine', { name: line.title })}
                      testId="cart-line-check"
                    />
                    <Link to={`/products/${encodeURIComponent(line.productId)}`} className="cart-line-thumb">
                      <Thumb summary={summaries.get(line.productId)} title={line.title} />
                      {!line.purchasable ? <span className="thumb-flag">{t('cart.unavailable')}</span> : null}
                    </Link>
                    <div className="cart-line-body">
                      <Link to={`/products/${encodeURIComponent(line.productId)}`} className="cart-line-title">
                        {line.title}
                      </Link>
                      <span className="sku-pill">{line.skuName}</span>
                      {!line.purchasable ? (
                        <span className="line-warning">{t('cart.unavailableHint')}</span>
                      ) : line.stock < line.quantity ? (
                        <span className="line-warning">{t('cart.lowStock', { count: line.stock })}</span>
                      ) : null}
                      <div className="cart-line-foot">
                        <Price fen={line.unitPriceFen} size="md" />
                        {line.purchasable ? (
                          <QuantityStepper
                            value={line.quantity}
                            max={Math.max(line.quantity, line.stock)}
                            onChange={(q) => void change(line.skuId, q)}
                            testId="cart-qty"
                            label={t('product.quantity')}
                          />
                        ) : null}
                      </div>
                    </div>
                    <button
                      type="button"
                      className="icon-button"
                      aria-label={t('cart.remove')}
                      onClick={() => void change(line.skuId, 0)}
                      data-testid="cart-remove"
                    >
                      <TrashIcon size={18} />
                    </button>
                  </li>
                );
              })}
            </ul>
          </section>
        );
      })}
      <p className="muted small center">{t('cart.freeShippingHint')}</p>

      <div className="settle-bar" data-testid="settle-bar">
        <label className="settle-all">
          <RoundCheck
            checked={allChecked}
            disabled={buyableLines.length === 0}
            onChange={(on) => toggle(buyableLines.map((l) => l.skuId), on)}
            label={t('cart.selectAll')}
            testId="cart-select-all"
          />
          <span>{t('cart.selectAll')}</span>
        </label>
        <div className="settle-total">
          <span>{t('cart.total')}</span>
          <Price fen={totalFen} size="lg" testId="cart-total" />
        </div>
        <button
          type="button"
          className="btn btn-primary settle-button"
          disabled={chosen.length === 0}
          onClick={() => navigate(`/checkout?skus=${chosen.map((l) => encodeURIComponent(l.skuId)).join(',')}`)}
          data-testid="cart-checkout"
        >
          {t('cart.checkout', { count: chosenCount })}
        </button>
      </div>
    </div>
  );
}

export function CartPage() {
  return (
    <RequireLogin>
      <CartView />
    </RequireLogin>
  );
}
