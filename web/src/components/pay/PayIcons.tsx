/** Stroke icons of the payment pages: channels, ledger, station. Same drawing style as Icons.tsx. */
import { icon } from '../Icons';
import type { Channel } from './payments';

export const BankIcon = icon(
  <>
    <path d="M3 9.5 12 4l9 5.5" />
    <path d="M4.5 10v7.5M9 10v7.5M15 10v7.5M19.5 10v7.5" />
    <path d="M3 20h18" />
  </>,
);

export const ScanIcon = icon(
  <>
    <path d="M4 8V5.5A1.5 1.5 0 0 1 5.5 4H8M16 4h2.5A1.5 1.5 0 0 1 20 5.5V8M20 16v2.5a1.5 1.5 0 0 1-1.5 1.5H16M8 20H5.5A1.5 1.5 0 0 1 4 18.5V16" />
    <path d="M7.5 12h9" />
  </>,
);

export const PhoneIcon = icon(
  <path d="M6.5 3.5h3l1.5 4-2 1.3a11 11 0 0 0 6.2 6.2l1.3-2 4 1.5v3a2 2 0 0 1-2.2 2A16.5 16.5 0 0 1 4.5 5.7a2 2 0 0 1 2-2.2z" />,
);

export const CashIcon = icon(
  <>
    <rect x="2.5" y="6" width="19" height="12" rx="2" />
    <circle cx="12" cy="12" r="2.8" />
    <path d="M6 9.5v5M18 9.5v5" />
  </>,
);

export const LedgerIcon = icon(
  <>
    <path d="M5 4h12.5A1.5 1.5 0 0 1 19 5.5v13a1.5 1.5 0 0 1-1.5 1.5H5z" />
    <path d="M5 4v16M9 8.5h6M9 12h6M9 15.5h3.5" />
  </>,
);

export const StationIcon = icon(
  <>
    <path d="M4 10.5 12 4l8 6.5" />
    <path d="M6 9.5V20h12V9.5" />
    <path d="M10 20v-4.5h4V20" />
    <path d="M9.5 11.5h5" />
  </>,
);

export const ShieldCheckIcon = icon(
  <>
    <path d="M12 3 4.5 6v5.5c0 4.6 3.2 8.4 7.5 9.5 4.3-1.1 7.5-4.9 7.5-9.5V6z" />
    <path d="m8.8 12 2.3 2.3 4.2-4.6" />
  </>,
);

const CHANNEL_ICONS: Record<Channel, ReturnType<typeof icon>> = {
  online_bank: BankIcon,
  mobile_qr: ScanIcon,
  phone_ivr: PhoneIcon,
  station_cash: CashIcon,
};

/** A channel's icon on its coloured tile, as cashier lists show them. */
export function ChannelIcon({ channel, size = 22 }: { channel: Channel; size?: number }) {
  const Icon = CHANNEL_ICONS[channel];
  return (
    <span className={`channel-icon channel-icon-${channel}`} aria-hidden="true">
      <Icon size={size} />
    </span>
  );
}
