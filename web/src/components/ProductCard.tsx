/** A product in a two-column shopping grid: picture, title, red price, sales, shop. */
import { useT } from '../i18n';
import { Link } from '../router';
import type { ProductHit } from '../types';
import { GiBadges } from './GiBadges';
import { Price } from './Price';
import { ProductImage } from './ProductImage';

export function ProductCard({ product, shopName }: { product: ProductHit; shopName?: string | undefined }) {
  const { t } = useT();
  const soldOut = product.stockTotal <= 0;
  return (
    <Link
      to={`/products/${encodeURIComponent(product.id)}`}
      className={`product-card${soldOut ? ' product-card-soldout' : ''}`}
      data-testid="product-card"
      data-product-id={product.id}
      data-shop-id={product.shopId}
    >
      <div className="product-card-media">
        <ProductImage imageId={product.coverImageId} pavilionCode={product.pavilionCode} title={product.title} />
        {soldOut ? <span className="soldout-mark">{t('card.soldOut')}</span> : null}
      </div>
      <div className="product-card-body">
        <h3 className="product-card-title">
          <GiBadges marks={product.giMarks} variant="tag" />
          {product.title}
        </h3>
        {product.subtitle ? <p className="product-card-sub">{product.subtitle}</p> : null}
        <div className="product-card-price">
          <Price fen={product.priceMinFen} size="md" />
          {product.salesCount > 0 ? <span className="product-card-sales">{t('card.sold', { count: product.salesCount })}</span> : null}
        </div>
        {shopName ? <div className="product-card-shop">{shopName}</div> : null}
      </div>
    </Link>
  );
}

export function ProductCardSkeleton() {
  return (
    <div className="product-card product-card-skeleton" aria-hidden="true">
      <div className="product-card-media skeleton-block" />
      <div className="product-card-body">
        <span className="skeleton-line" />
        <span className="skeleton-line skeleton-line-short" />
      </div>
    </div>
  );
}
