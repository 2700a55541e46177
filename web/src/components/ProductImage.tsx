/** A product's picture: its uploaded image (webp from the server), else the pavilion art. */
import { useState } from 'react';
import { PavilionArt } from './PavilionArt';

export function imageUrl(imageId: string, size: 'thumb' | 'large'): string {
  return `/api/v1/images/${encodeURIComponent(imageId)}?size=${size}`;
}

export interface ProductImageProps {
  imageId: string | null | undefined;
  pavilionCode: string | undefined;
  title: string;
  size?: 'thumb' | 'large';
  /** Only the motif, no name: for small thumbnails. */
  compact?: boolean;
}

export function ProductImage({ imageId, pavilionCode, title, size = 'thumb', compact }: ProductImageProps) {
  const [failed, setFailed] = useState<string | null>(null);
  if (imageId && failed !== imageId) {
    return (
      <img
        className="product-img"
        src={imageUrl(imageId, size)}
        alt={title}
        loading="lazy"
        decoding="async"
        onError={() => setFailed(imageId)}
        data-testid="product-image"
      />
    );
  }
  return <PavilionArt code={pavilionCode} title={title} compact={compact} />;
}
