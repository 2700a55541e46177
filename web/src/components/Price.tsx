/** A price in the shopping-app style: red ¥, big yuan, smaller fen — from integer fen. */
import { yuanParts } from '../money';

export interface PriceProps {
  fen: number;
  size?: 'sm' | 'md' | 'lg' | 'xl';
  /** Grey and struck through, for a reference price. */
  muted?: boolean;
  testId?: string;
}

export function Price({ fen, size = 'md', muted, testId }: PriceProps) {
  const p = yuanParts(fen);
  return (
    <span className={`price price-${size}${muted ? ' price-muted' : ''}`} data-testid={testId} data-fen={fen}>
      {p.sign}
      <span className="price-symbol">¥</span>
      <span className="price-yuan">{p.yuan}</span>
      <span className="price-fen">.{p.fen}</span>
    </span>
  );
}
