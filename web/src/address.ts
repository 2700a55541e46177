/** The delivery address form's state, its checks, and the copy kept in localStorage. */
import type { MessageKey } from './messages';
import type { Address } from './types';
import { isPhone } from './validation';

export const ADDRESS_FIELDS = ['recipient', 'phone', 'province', 'city', 'district', 'town', 'village', 'detail'] as const;
export type AddressField = (typeof ADDRESS_FIELDS)[number];
export type AddressDraft = Record<AddressField, string>;

export const ADDRESS_LABELS: Record<AddressField, MessageKey> = {
  recipient: 'checkout.recipient',
  phone: 'checkout.phone',
  province: 'checkout.province',
  city: 'checkout.city',
  district: 'checkout.district',
  town: 'checkout.town',
  village: 'checkout.village',
  detail: 'checkout.detail',
};

/** Rongchang is the platform's home: its address is the default. */
export const HOME_DISTRICT = { province: '重庆市', city: '重庆市', district: '荣昌区' } as const;

export const EMPTY_ADDRESS: AddressDraft = {
  recipient: '',
  phone: '',
  ...HOME_DISTRICT,
  town: '',
  village: '',
  detail: '',
};

const STORAGE_KEY = 'haitang.address';

export function loadAddress(): AddressDraft {
  try {
    const raw = window.localStorage.getItem(STORAGE_KEY);
    if (!raw) return EMPTY_ADDRESS;
    const stored = JSON.parse(raw) as Partial<Record<string, unknown>>;
    const draft = { ...EMPTY_ADDRESS };
    for (const field of ADDRESS_FIELDS) {
      const value = stored[field];
      if (typeof value === 'string') draft[field] = value;
    }
    return draft;
  } catch {
    return EMPTY_ADDRESS;
  }
}

export function saveAddress(draft: AddressDraft): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, JSON.stringify(draft));
  } catch {
    // Private mode: the address is simply not remembered.
  }
}

/** Matches the server: a mainland mobile number or a landline like 023-46789012. */
function isContactPhone(value: string): boolean {
  return isPhone(value) || /^0\d{2,3}-?\d{7,8}$/.test(value);
}

export type AddressProblem = { key: 'checkout.required'; field: MessageKey } | { key: 'checkout.phoneInvalid' };

/** What is wrong with each field, if anything. */
export function addressProblems(draft: AddressDraft): Partial<Record<AddressField, AddressProblem>> {
  const problems: Partial<Record<AddressField, AddressProblem>> = {};
  const minLength: Partial<Record<AddressField, number>> = { recipient: 1, province: 2, city: 2, district: 2, town: 2, detail: 2 };
  for (const [field, min] of Object.entries(minLength) as Array<[AddressField, number]>) {
    if (draft[field].trim().length < min) problems[field] = { key: 'checkout.required', field: ADDRESS_LABELS[field] };
  }
  if (draft.phone.trim() === '') problems.phone = { key: 'checkout.required', field: 'checkout.phone' };
  else if (!isContactPhone(draft.phone.trim())) problems.phone = { key: 'checkout.phoneInvalid' };
  return problems;
}

export function toAddress(draft: AddressDraft): Address {
  const address: Address = {
    recipient: draft.recipient.trim(),
    phone: draft.phone.trim(),
    province: draft.province.trim(),
    city: draft.city.trim(),
    district: draft.district.trim(),
    town: draft.town.trim(),
    detail: draft.detail.trim(),
  };
  if (draft.village.trim()) address.village = draft.village.trim();
  return address;
}

/** 重庆市重庆市荣昌区盘龙镇夏布村 12 号 — one line, the Chinese way (no repeated 重庆市). */
export function formatAddress(a: Address): string {
  const head = a.province === a.city ? a.province : `${a.province}${a.city}`;
  return `${head}${a.district}${a.town}${a.village ?? ''}${a.detail}`;
}
