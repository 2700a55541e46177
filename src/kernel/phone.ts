/** Mainland China mobile numbers: 11 digits starting 13-19 (MIIT numbering plan). */
export const CHINA_MOBILE_PATTERN = '^1[3-9][0-9]{9}$';
const RE = new RegExp(CHINA_MOBILE_PATTERN);

/** Accepts +86 / 0086 prefixes, spaces and hyphens, returns the bare 11 digits or null. */
export function normaliseChinaMobile(raw: string): string | null {
  const digits = raw.replace(/[\s-]/g, '').replace(/^(\+86|0086)/, '');
  return RE.test(digits) ? digits : null;
}

/** 138****0001 — how a phone number is shown to anyone but its owner and the bureau. */
export function maskPhone(phone: string): string {
  return phone.length === 11 ? `${phone.slice(0, 3)}****${phone.slice(7)}` : phone;
}
