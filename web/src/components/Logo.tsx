/** The Haitang mark: a five-petalled begonia (海棠) blossom, drawn inline. */
import { useId } from 'react';

export function BegoniaMark({ size = 28 }: { size?: number }) {
  const id = useId().replace(/:/g, '');
  const petal = 'M0 -1.5 C -7.4 -4 -8 -14.6 0 -15 C 8 -14.6 7.4 -4 0 -1.5 Z';
  return (
    <svg width={size} height={size} viewBox="-16 -16 32 32" aria-hidden="true" focusable="false">
      <defs>
        <radialGradient id={`petal-${id}`} cx="0" cy="0" r="16" gradientUnits="userSpaceOnUse">
          <stop offset="0.2" stopColor="#fff0f6" />
          <stop offset="0.55" stopColor="#f783ac" />
          <stop offset="1" stopColor="#d6336c" />
        </radialGradient>
      </defs>
      {[0, 72, 144, 216, 288].map((angle) => (
        <path key={angle} d={petal} transform={`rotate(${angle})`} fill={`url(#petal-${id})`} />
      ))}
      <circle r="3.2" fill="#fff0f6" />
      {[0, 60, 120, 180, 240, 300].map((angle) => (
        <circle key={angle} r="0.95" cx="0" cy="-3.3" transform={`rotate(${angle})`} fill="#f59f00" />
      ))}
      <circle r="1.3" fill="#e8590c" />
    </svg>
  );
}
