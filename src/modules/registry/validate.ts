/**
 * Checks of an enterprise registration that a JSON schema cannot express: code check digits,
 * the USCC's entity type against the declared kind, the town, dates. All problems are
 * reported together so a form can show every one at once.
 */
import type { FieldError } from '../../kernel/errors.ts';
import { validateCode } from '../../kernel/codes/index.ts';
import { normaliseChinaMobile } from '../../kernel/phone.ts';
import type { Town } from '../reference/index.ts';
import { USCC_ENTITY_TYPE, type EnterpriseInput } from './model.ts';

export interface NormalisedInput extends EnterpriseInput {
  uscc: string;
  orgCode: string;
  legalRepresentativeIdNumber: string | null;
  contactPhone: string | null;
}

const KIND_ZH = { company: '企业', sole_trader: '个体工商户', cooperative: '农民专业合作社' } as const;

export function checkEnterpriseInput(
  input: EnterpriseInput,
  towns: readonly Town[],
  today: string,
): { value: NormalisedInput; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const uscc = validateCode('uscc', input.uscc);
  if (!uscc.valid) {
    errors.push({
      field: '/uscc',
      code: `USCC_${uscc.reason ?? 'INVALID'}`,
      message: uscc.message ?? { zh: '统一社会信用代码无效', en: 'Invalid unified social credit code' },
    });
  } else {
    const expected = USCC_ENTITY_TYPE[input.kind];
    if (uscc.value.slice(0, 2) !== expected) {
      errors.push({
        field: '/uscc',
        code: 'USCC_KIND_MISMATCH',
        message: {
          zh: `该代码不是${KIND_ZH[input.kind]}的代码（${KIND_ZH[input.kind]}以 ${expected} 开头）`,
          en: `This code does not belong to a ${input.kind.replace('_', ' ')} (expected prefix ${expected})`,
        },
      });
    }
  }

  let idNumber: string | null = null;
  if (input.legalRepresentativeIdNumber) {
    const id = validateCode('resident_id', input.legalRepresentativeIdNumber);
    if (!id.valid) {
      errors.push({
        field: '/legalRepresentativeIdNumber',
        code: `RESIDENT_ID_${id.reason ?? 'INVALID'}`,
        message: id.message ?? { zh: '身份证号码无效', en: 'Invalid resident ID number' },
      });
    } else {
      idNumber = id.value;
    }
  } else if (input.kind === 'sole_trader') {
    errors.push({
      field: '/legalRepresentativeIdNumber',
      code: 'REQUIRED',
      message: { zh: '个体工商户须填写经营者身份证号码', en: "A sole trader must give the operator's resident ID number" },
    });
  }

  if (!towns.some((t) => t.code === input.townCode)) {
    errors.push({
      field: '/townCode',
      code: 'TOWN_UNKNOWN',
      message: { zh: '请选择荣昌区的镇街', en: 'Choose a town or sub-district of Rongchang' },
    });
  }

  if (input.park && input.park.since > today) {
    errors.push({
      field: '/park/since',
      code: 'DATE_IN_FUTURE',
      message: { zh: '入驻日期不能晚于今天', en: 'The tenancy cannot start in the future' },
    });
  }

  let contactPhone: string | null = null;
  if (input.contactPhone) {
    contactPhone = normaliseChinaMobile(input.contactPhone) ?? (/^0\d{2,3}-?\d{7,8}$/.test(input.contactPhone) ? input.contactPhone : null);
    if (!contactPhone) {
      errors.push({
        field: '/contactPhone',
        code: 'PHONE_FORMAT',
        message: { zh: '请输入手机号或带区号的固定电话', en: 'Enter a mobile number or a landline with area code' },
      });
    }
  }

  return {
    value: {
      ...input,
      name: input.name.trim(),
      legalRepresentative: input.legalRepresentative.trim(),
      uscc: uscc.value,
      orgCode: uscc.value.slice(8, 17),
      legalRepresentativeIdNumber: idNumber,
      contactPhone,
      address: input.address?.trim() || null,
      park: input.park ? { name: input.park.name.trim(), since: input.park.since } : null,
    },
    errors,
  };
}

/** 110105********002X: the birth date and sequence are hidden. */
export function maskResidentId(id: string): string {
  return id.length === 18 ? `${id.slice(0, 6)}********${id.slice(14)}` : '********';
}
