/** A small square product picture for cart and order lines. */
import type { ProductSummary } from '../catalogData';
import { ProductImage } from './ProductImage';

export function Thumb({ summary, title }: { summary: ProductSummary | undefined; title: string }) {
  return (
    <span className="thumb">
      <ProductImage imageId={summary?.coverImageId} pavilionCode={summary?.pavilionCode} title={title} compact />
    </span>
  );
}
