/** 在售 / 草稿 / 已下架 as a coloured pill. */
import { useT } from '../i18n';
import type { ProductStatus } from '../types';

export function ProductStatusBadge({ status }: { status: ProductStatus }) {
  const { label } = useT();
  return (
    <span className={`badge badge-product-${status}`} data-testid="product-status" data-status={status}>
      {label('productStatus', status)}
    </span>
  );
}
