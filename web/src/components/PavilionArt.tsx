/**
 * The picture a product shows until its shop uploads one: a tile tinted by its pavilion with
 * a simple motif drawn inline (a vase for pottery, a weave for ramie cloth…) and the
 * product's short name. No image requests, no external art.
 */
import type { ReactNode } from 'react';

export interface PavilionTheme {
  fg: string;
  bg: string;
  bg2: string;
}

export const PAVILION_THEMES: Record<string, PavilionTheme> = {
  pottery: { fg: '#a8431f', bg: '#fdf0e8', bg2: '#f6cdb6' },
  ramie_cloth: { fg: '#34557f', bg: '#eef3f9', bg2: '#cbd9ea' },
  folding_fan: { fg: '#946200', bg: '#fff8e1', bg2: '#f5dc95' },
  food: { fg: '#c8410b', bg: '#fff4eb', bg2: '#ffd2b3' },
  home: { fg: '#0a6e7c', bg: '#e9f8fa', bg2: '#bfe6ec' },
  agri_specialty: { fg: '#2c7a31', bg: '#eef9eb', bg2: '#c9eac3' },
  eco_pork: { fg: '#b8235a', bg: '#fff1f6', bg2: '#fbcfe0' },
  livestock_supplies: { fg: '#5536b8', bg: '#f3f0ff', bg2: '#d8cffc' },
};

const DEFAULT_THEME: PavilionTheme = { fg: '#495057', bg: '#f4f5f7', bg2: '#dee2e6' };

export function pavilionTheme(code: string | undefined): PavilionTheme {
  return (code && PAVILION_THEMES[code]) || DEFAULT_THEME;
}

function fanRibs(): ReactNode {
  const ribs: ReactNode[] = [];
  const cx = 24;
  const cy = 41;
  for (let i = 0; i < 7; i++) {
    const angle = ((145 - (110 / 6) * i) * Math.PI) / 180;
    const x1 = cx + 7 * Math.cos(angle);
    const y1 = cy - 7 * Math.sin(angle);
    const x2 = cx + 25 * Math.cos(angle);
    const y2 = cy - 25 * Math.sin(angle);
    ribs.push(<path key={i} d={`M${x1.toFixed(2)} ${y1.toFixed(2)}L${x2.toFixed(2)} ${y2.toFixed(2)}`} />);
  }
  return ribs;
}

function weave(): ReactNode {
  const cells: ReactNode[] = [];
  for (let i = 0; i < 4; i++) {
    for (let j = 0; j < 4; j++) {
      const x = 8 + j * 8;
      const y = 8 + i * 8;
      const d =
        (i + j) % 2 === 0
          ? `M${x + 1} ${y + 2.7}h6M${x + 1} ${y + 5.3}h6`
          : `M${x + 2.7} ${y + 1}v6M${x + 5.3} ${y + 1}v6`;
      cells.push(<path key={`${i}-${j}`} d={d} />);
    }
  }
  return cells;
}

const MOTIFS: Record<string, ReactNode> = {
  // A vase with a painted band and a begonia.
  pottery: (
    <>
      <path
        d="M19 6h10M19.5 6c0 4-1.6 6.2-3.6 8.3C12 18.4 10 23 10 28.8 10 37 15.6 42 24 42s14-5 14-13.2c0-5.8-2-10.4-5.9-14.5C30.1 12.2 28.5 10 28.5 6"
        fill="currentColor"
        fillOpacity="0.14"
      />
      <path d="M11.5 22.5c8 3 17 3 25 0M10.4 31c8.4 3 18.8 3 27.2 0" />
      <circle cx="24" cy="26.8" r="1.6" fill="currentColor" />
    </>
  ),
  ramie_cloth: (
    <>
      <rect x="7" y="7" width="34" height="34" rx="3" fill="currentColor" fillOpacity="0.1" />
      {weave()}
    </>
  ),
  folding_fan: (
    <>
      <path d="M3.5 26.7A25 25 0 0 1 44.5 26.7L29.7 36.9A7 7 0 0 0 18.3 36.9Z" fill="currentColor" fillOpacity="0.14" />
      {fanRibs()}
      <circle cx="24" cy="41" r="1.6" fill="currentColor" />
    </>
  ),
  food: (
    <>
      <path d="M7 24h34a17 15 0 0 1-34 0Z" fill="currentColor" fillOpacity="0.14" />
      <path d="M17 40h14" />
      <path d="M17 18c-2-2.5 2-4.5 0-8M24 18c-2-2.5 2-4.5 0-8M31 18c-2-2.5 2-4.5 0-8" />
      <path d="M33 21 44 8M37 22 46 11" />
    </>
  ),
  home: (
    <>
      <path d="M11 20.5V41h26V20.5" fill="currentColor" fillOpacity="0.14" />
      <path d="M6 23 24 8l18 15" />
      <path d="M20.5 41v-9h7v9" />
      <rect x="14" y="25" width="5" height="5" rx="0.5" />
      <rect x="29" y="25" width="5" height="5" rx="0.5" />
    </>
  ),
  agri_specialty: (
    <>
      <path d="M9 39C9 21 21 10 40 8c0 19-11 31-31 31Z" fill="currentColor" fillOpacity="0.14" />
      <path d="M9 39 31 17M18 30h8M23 25v-7M27 21h6" />
    </>
  ),
  eco_pork: (
    <>
      <path d="M13.5 17.5 11 7.5l9.5 5.8M34.5 17.5 37 7.5l-9.5 5.8" fill="currentColor" fillOpacity="0.14" />
      <circle cx="24" cy="26" r="14.5" fill="currentColor" fillOpacity="0.14" />
      <ellipse cx="24" cy="31" rx="6.5" ry="4.6" />
      <circle cx="21.7" cy="31" r="1" fill="currentColor" />
      <circle cx="26.3" cy="31" r="1" fill="currentColor" />
      <circle cx="18.5" cy="22.5" r="1.5" fill="currentColor" />
      <circle cx="29.5" cy="22.5" r="1.5" fill="currentColor" />
    </>
  ),
  livestock_supplies: (
    <>
      <path d="M12 14h18l3 25.5a2 2 0 0 1-2 2.2H11a2 2 0 0 1-2-2.2Z" fill="currentColor" fillOpacity="0.14" />
      <path d="M12 14l2.5-5h13l2.5 5" />
      <path d="M21 35V21M21 25c-2.5-.4-4-2-4.2-4.2 2.5.4 4 2 4.2 4.2Zm0 0c2.5-.4 4-2 4.2-4.2-2.5.4-4 2-4.2 4.2Zm0 5c-2.5-.4-4-2-4.2-4.2 2.5.4 4 2 4.2 4.2Zm0 0c2.5-.4 4-2 4.2-4.2-2.5.4-4 2-4.2 4.2Z" />
      <path d="M36 22h5v3.5l1.5 2.5V41a1 1 0 0 1-1 1h-7a1 1 0 0 1-1-1V28l1.5-2.5Z" fill="currentColor" fillOpacity="0.14" />
      <path d="M35.5 19.5h6" />
    </>
  ),
};

const DEFAULT_MOTIF = (
  <>
    <rect x="9" y="12" width="30" height="26" rx="3" fill="currentColor" fillOpacity="0.14" />
    <path d="M9 19h30M20 12v7M28 12v7" />
  </>
);

export function PavilionMotif({ code, size = 48 }: { code: string | undefined; size?: number }) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 48 48"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.6}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {(code && MOTIFS[code]) || DEFAULT_MOTIF}
    </svg>
  );
}

/** 荣昌陶餐具套装（青花） → ["荣昌陶餐具套装", "青花"]. */
export function splitTitle(title: string): [string, string] {
  const m = /^(.+?)\s*[（(]([^（）()]+)[）)]\s*$/.exec(title.trim());
  return m ? [m[1] as string, m[2] as string] : [title.trim(), ''];
}

export function PavilionArt({ code, title, compact = false }: { code: string | undefined; title?: string; compact?: boolean }) {
  const theme = pavilionTheme(code);
  const [name, line] = splitTitle(title ?? '');
  return (
    <div
      className={`art${compact ? ' art-compact' : ''}`}
      style={{ color: theme.fg, background: `linear-gradient(150deg, ${theme.bg} 0%, ${theme.bg} 45%, ${theme.bg2} 100%)` }}
      data-testid="product-placeholder"
      data-pavilion={code}
      aria-hidden="true"
    >
      <span className="art-ring" />
      <span className="art-motif">
        <PavilionMotif code={code} size={64} />
      </span>
      {!compact && name ? (
        <span className="art-text">
          <span className="art-name">{name}</span>
          {line ? <span className="art-line">{line}</span> : null}
        </span>
      ) : null}
    </div>
  );
}
