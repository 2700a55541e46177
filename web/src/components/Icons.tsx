/** Small stroke icons drawn inline, so the app needs no icon font or image requests. */
import type { ReactNode, SVGProps } from 'react';

type IconProps = SVGProps<SVGSVGElement> & { size?: number };

function icon(paths: ReactNode) {
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
