/** Small stroke icons drawn inline, so the app needs no icon font or image requests. */
import type { ReactNode, SVGProps } from 'react';

type IconProps = SVGProps<SVGSVGElement> & { size?: number };

/** Makes an icon component from its SVG paths (24×24, stroked in the current colour). */
export function icon(paths: ReactNode) {
  return function Icon({ size = 24, ...rest }: IconProps) {
    return (
      <svg
        width={size}
        height={size}
        viewBox="0 0 24 24"
        fill="none"
        stroke="currentColor"
        strokeWidth={1.8}
        strokeLinecap="round"
        strokeLinejoin="round"
        aria-hidden="true"
        focusable="false"
        {...rest}
      >
        {paths}
      </svg>
    );
  };
}

export const HomeIcon = icon(
  <>
    <path d="M3 10.5 12 3l9 7.5" />
    <path d="M5 9.5V20h5v-6h4v6h5V9.5" />
  </>,
);

export const BuildingIcon = icon(
  <>
    <rect x="4" y="3" width="11" height="18" rx="1.5" />
    <path d="M15 9h4a1 1 0 0 1 1 1v11h-5" />
    <path d="M8 7h3M8 11h3M8 15h3" />
  </>,
);

export const ShieldIcon = icon(
  <>
    <path d="M12 3 4.5 6v5.5c0 4.6 3.2 8.4 7.5 9.5 4.3-1.1 7.5-4.9 7.5-9.5V6z" />
    <path d="m8.8 12 2.3 2.3 4.2-4.6" />
  </>,
);

export const UserIcon = icon(
  <>
    <circle cx="12" cy="8" r="4" />
    <path d="M4 21c0-4.1 3.6-7 8-7s8 2.9 8 7" />
  </>,
);

export const StoreIcon = icon(
  <>
    <path d="M3.5 9.5 5 4h14l1.5 5.5" />
    <path d="M3.5 9.5c0 1.5 1.2 2.5 2.8 2.5s2.9-1 2.9-2.5c0 1.5 1.2 2.5 2.8 2.5s2.8-1 2.8-2.5c0 1.5 1.3 2.5 2.9 2.5s2.8-1 2.8-2.5" />
    <path d="M5 12v8h14v-8" />
    <path d="M10 20v-5h4v5" />
  </>,
);

export const CandleIcon = icon(
  <>
    <path d="M6 3v18M12 3v18M18 5v14" />
    <rect x="4" y="7" width="4" height="7" rx="0.5" fill="currentColor" fillOpacity="0.15" />
    <rect x="10" y="9" width="4" height="8" rx="0.5" fill="currentColor" fillOpacity="0.15" />
    <rect x="16" y="8" width="4" height="5" rx="0.5" fill="currentColor" fillOpacity="0.15" />
  </>,
);

export const PinIcon = icon(
  <>
    <path d="M12 21s-7-6.1-7-11.3A7 7 0 0 1 19 9.7C19 14.9 12 21 12 21z" />
    <circle cx="12" cy="9.7" r="2.6" />
  </>,
);

export const TruckIcon = icon(
  <>
    <path d="M2.5 5.5h11v10h-11z" />
    <path d="M13.5 9h4l4 4v2.5h-8" />
    <circle cx="6.5" cy="18" r="2" />
    <circle cx="17" cy="18" r="2" />
    <path d="M8 8.5v4M6.3 9.5l3.4 2M6.3 11.5l3.4-2" />
  </>,
);

export const QrIcon = icon(
  <>
    <rect x="3" y="3" width="7" height="7" rx="1" />
    <rect x="14" y="3" width="7" height="7" rx="1" />
    <rect x="3" y="14" width="7" height="7" rx="1" />
    <path d="M14 14h3v3h-3zM20.5 14v.01M17 20.5h3.5M20.5 17v3.5" />
  </>,
);

export const SubsidyIcon = icon(
  <>
    <path d="M6 3h8.5L19 7.5V21H6z" />
    <path d="M14.5 3v4.5H19" />
    <path d="m9.8 10 2.7 3.2 2.7-3.2M12.5 13.2V18M10.3 14.7h4.4M10.3 16.6h4.4" />
  </>,
);

export const CheckIcon = icon(<path d="m5 12.5 4.5 4.5L19 7.5" />);

export const AlertIcon = icon(
  <>
    <circle cx="12" cy="12" r="9" />
    <path d="M12 7.5v5.5M12 16.5v.01" />
  </>,
);

export const ChevronRightIcon = icon(<path d="m9.5 6 6 6-6 6" />);

export const ArrowLeftIcon = icon(<path d="M19 12H5.5M11 5.5 4.5 12l6.5 6.5" />);

export const LogoutIcon = icon(
  <>
    <path d="M14 4h4a2 2 0 0 1 2 2v12a2 2 0 0 1-2 2h-4" />
    <path d="M10 16.5 5.5 12 10 7.5M5.5 12H15" />
  </>,
);

export const CodeIcon = icon(
  <>
    <path d="m8.5 8-4 4 4 4M15.5 8l4 4-4 4M13.5 5.5l-3 13" />
  </>,
);

export const ClockIcon = icon(
  <>
    <circle cx="12" cy="12" r="9" />
    <path d="M12 7v5l3 2" />
  </>,
);

export const SearchIcon = icon(
  <>
    <circle cx="11" cy="11" r="6.5" />
    <path d="m16 16 4.5 4.5" />
  </>,
);

export const GridIcon = icon(
  <>
    <rect x="3.5" y="3.5" width="7" height="7" rx="1.8" />
    <rect x="13.5" y="3.5" width="7" height="7" rx="1.8" />
    <rect x="3.5" y="13.5" width="7" height="7" rx="1.8" />
    <circle cx="17" cy="17" r="3.5" />
  </>,
);

export const CartIcon = icon(
  <>
    <path d="M2.5 4h2.6l2.3 11h11l2.1-8H6.3" />
    <circle cx="9" cy="19.5" r="1.5" />
    <circle cx="17" cy="19.5" r="1.5" />
  </>,
);

export const TrashIcon = icon(
  <>
    <path d="M4.5 7h15M9.5 7V4.5h5V7M6.5 7l1 13h9l1-13" />
    <path d="M10.5 11v5.5M13.5 11v5.5" />
  </>,
);

export const FilterIcon = icon(<path d="M4 5h16l-6.2 7.4V19l-3.6-1.8v-4.8z" />);

export const ChevronDownIcon = icon(<path d="m6 9.5 6 6 6-6" />);

export const WalletIcon = icon(
  <>
    <path d="M4 7.5h15a1.5 1.5 0 0 1 1.5 1.5v9.5A1.5 1.5 0 0 1 19 20H5a1.5 1.5 0 0 1-1.5-1.5V6A2 2 0 0 1 5.5 4H17v3.5" />
    <path d="M16 13.8h.01" />
  </>,
);

export const BoxIcon = icon(
  <>
    <path d="M12 3 3.5 7.5v9L12 21l8.5-4.5v-9z" />
    <path d="M3.5 7.5 12 12l8.5-4.5M12 12v9" />
  </>,
);

export const RefundIcon = icon(
  <>
    <path d="M4 12a8 8 0 1 0 2.3-5.7" />
    <path d="M4 4v4.5h4.5" />
    <path d="m9.8 9.5 2.2 2.6 2.2-2.6M12 12.1v4.4M10 13.6h4" />
  </>,
);

export const ReceiptIcon = icon(
  <>
    <path d="M6 3h12v18l-2.5-1.5L13 21l-2.5-1.5L8 21l-2-1.2z" />
    <path d="M9 8h6M9 12h6M9 16h3" />
  </>,
);

export const UploadIcon = icon(
  <>
    <path d="M12 15V4M7.5 8.5 12 4l4.5 4.5" />
    <path d="M4.5 14.5V19a1 1 0 0 0 1 1h13a1 1 0 0 0 1-1v-4.5" />
  </>,
);

export const DownloadIcon = icon(
  <>
    <path d="M12 4v11M7.5 10.5 12 15l4.5-4.5" />
    <path d="M4.5 14.5V19a1 1 0 0 0 1 1h13a1 1 0 0 0 1-1v-4.5" />
  </>,
);

export const PlusIcon = icon(<path d="M12 5v14M5 12h14" />);

export const EditIcon = icon(
  <>
    <path d="M4 20h4L19 9l-4-4L4 16z" />
    <path d="m13.5 6.5 4 4" />
  </>,
);

export const SpreadsheetIcon = icon(
  <>
    <path d="M6 3h8.5L19 7.5V21H6z" />
    <path d="M14.5 3v4.5H19" />
    <path d="M9 11h7M9 14.5h7M9 18h7M12.5 11v7" />
  </>,
);

export const SeedlingIcon = icon(
  <>
    <path d="M12 21v-9" />
    <path d="M12 12c0-4 2.5-6.5 7-6.5 0 4.3-2.6 6.5-7 6.5zM12 14c0-3.3-2-5.5-6.5-5.5 0 3.6 2.3 5.5 6.5 5.5z" />
  </>,
);
