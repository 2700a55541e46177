/**
 * Unified Social Credit Code (统一社会信用代码), GB 32100-2015 with its amendments:
 *   1      registration authority (登记管理部门)
 *   2      entity type within that authority (机构类别)
 *   3-8    division code of the registering office (GB/T 2260)
 *   9-17   organisation code (GB 11714, own check char at 17)
 *   18     check character, ISO 7064 style MOD 31 over the alphabet below
 */
import type { CodeCheck, CodeFailure } from './index.ts';
import { isRongchangDivision, isValidDivisionCode, provinceOf } from './division.ts';
import { orgCodeCheckChar } from './orgcode.ts';

/** 31 characters; I, O, Z, S, V are left out because they read like 1, 0, 2, 5, U. A char's value is its index. */
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** Weight of position i (1-based) is 3^(i-1) mod 31: 1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28. */
const WEIGHTS: readonly number[] = Array.from({ length: 17 }, (_, i) => {
  let w = 1;
  for (let k = 0; k < i; k++) w = (w * 3) % 31;
  return w;
});

/**
 * Division code used by registration offices at national level (e.g. SAMR, Ministry of Civil
 * Affairs). Not a province, so the GB/T 2260 province check would otherwise reject it.
 */
export const NATIONAL_DIVISION = '100000';

type Named = { zh: string; en: string };

/**
 * Registration authorities and their entity types, GB 32100-2015 table 1 as amended
 * (A and N were added later). Authority 9 is now market regulation (市场监管), formerly 工商.
 */
export const USCC_AUTHORITIES: Readonly<Record<string, Named & { types: Readonly<Record<string, Named>> }>> = {
  '1': {
    zh: '机构编制',
    en: 'Public sector staffing',
    types: {
      '1': { zh: '机关', en: 'Government organ' },
      '2': { zh: '事业单位', en: 'Public institution' },
      '3': { zh: '中央编办直接管理机构编制的群众团体', en: 'Mass organisation staffed by the central staffing office' },
      '9': { zh: '其他', en: 'Other' },
    },
  },
  '2': {
    zh: '外交',
    en: 'Foreign affairs',
    types: { '1': { zh: '外国常驻新闻机构', en: 'Resident foreign news agency' }, '9': { zh: '其他', en: 'Other' } },
  },
  '3': {
    zh: '司法行政',
    en: 'Judicial administration',
    types: {
      '1': { zh: '律师执业机构', en: 'Law firm' },
      '2': { zh: '公证处', en: 'Notary office' },
      '3': { zh: '基层法律服务所', en: 'Grassroots legal service office' },
      '4': { zh: '司法鉴定机构', en: 'Forensic appraisal institution' },
      '5': { zh: '仲裁委员会', en: 'Arbitration commission' },
      '9': { zh: '其他', en: 'Other' },
    },
  },
  '4': {
    zh: '文化',
    en: 'Culture',
    types: { '1': { zh: '外国在华文化中心', en: 'Foreign cultural centre in China' }, '9': { zh: '其他', en: 'Other' } },
  },
  '5': {
    zh: '民政',
    en: 'Civil affairs',
    types: {
      '1': { zh: '社会团体', en: 'Social organisation' },
      '2': { zh: '民办非企业单位', en: 'Private non-enterprise unit' },
      '3': { zh: '基金会', en: 'Foundation' },
      '9': { zh: '其他', en: 'Other' },
    },
  },
  '6': {
    zh: '旅游',
    en: 'Tourism',
    types: {
      '1': { zh: '外国旅游部门常驻代表机构', en: 'Representative office of a foreign tourism authority' },
      '2': {
        zh: '港澳台地区旅游部门常驻内地（大陆）代表机构',
        en: 'Representative office of a Hong Kong, Macao or Taiwan tourism authority',
      },
      '9': { zh: '其他', en: 'Other' },
    },
  },
  '7': {
    zh: '宗教',
    en: 'Religious affairs',
    types: {
      '1': { zh: '宗教活动场所', en: 'Place of religious activity' },
      '2': { zh: '宗教院校', en: 'Religious school' },
      '9': { zh: '其他', en: 'Other' },
    },
  },
  '8': {
    zh: '工会',
    en: 'Trade unions',
    types: { '1': { zh: '基层工会', en: 'Grassroots trade union' }, '9': { zh: '其他', en: 'Other' } },
  },
  '9': {
    zh: '工商（市场监管）',
    en: 'Market regulation',
    types: {
      '1': { zh: '企业', en: 'Enterprise' },
      '2': { zh: '个体工商户', en: 'Individual business' },
      '3': { zh: '农民专业合作社', en: "Farmers' specialised cooperative" },
    },
  },
  A: {
    zh: '中央军委改革和编制办公室',
    en: 'CMC Reform and Staffing Office',
    types: { '1': { zh: '军队事业单位', en: 'Military public institution' }, '9': { zh: '其他', en: 'Other' } },
  },
  N: {
    zh: '农业',
    en: 'Agriculture',
    types: {
      '1': { zh: '组级集体经济组织', en: 'Group-level collective economic organisation' },
      '2': { zh: '村级集体经济组织', en: 'Village-level collective economic organisation' },
      '3': { zh: '乡镇级集体经济组织', en: 'Township-level collective economic organisation' },
      '9': { zh: '其他', en: 'Other' },
    },
  },
  // The standard does not subdivide "other"; the type is always 1.
  Y: { zh: '其他', en: 'Other', types: { '1': { zh: '其他', en: 'Other' } } },
};

function charValue(ch: string): number {
  return USCC_ALPHABET.indexOf(ch);
}

/** Check character for the first 17 characters: 31 - (Σ Ci·Wi mod 31), with 31 → 0. */
export function usccCheckChar(body17: string): string {
  if (body17.length !== 17 || ![...body17].every((ch) => charValue(ch) >= 0)) {
    throw new RangeError(`USCC body must be 17 characters from ${USCC_ALPHABET}: ${JSON.stringify(body17)}`);
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += charValue(body17[i]!) * WEIGHTS[i]!;
  return USCC_ALPHABET[(31 - (sum % 31)) % 31]!;
}

/**
 * Appends the check character. Only the final character is computed: positions 9-17 must
 * already be a valid organisation code (build them with `makeOrgCode`).
 */
export function makeUscc(body17: string): string {
  return body17 + usccCheckChar(body17);
}

export function normaliseUscc(raw: string): string {
  // NFKC folds full-width characters that Chinese input methods often produce.
  return raw.normalize('NFKC').trim().toUpperCase();
}

function fail(value: string, reason: CodeFailure, zh: string, en: string, details?: CodeCheck['details']): CodeCheck {
  return { valid: false, type: 'uscc', value, reason, message: { zh, en }, ...(details ? { details } : {}) };
}

export function validateUscc(raw: string): CodeCheck {
  const value = normaliseUscc(raw);
  if (value === '') return fail(value, 'EMPTY', '统一社会信用代码不能为空', 'unified social credit code is empty');
  if (value.length !== 18) {
    return fail(
      value,
      'LENGTH',
      `统一社会信用代码应为 18 位，实际为 ${value.length} 位`,
      `unified social credit code must be 18 characters, got ${value.length}`,
    );
  }
  for (let i = 0; i < 18; i++) {
    const ch = value[i]!;
    if (charValue(ch) < 0) {
      const hint = /[IOZSV]/.test(ch) ? '（不使用 I、O、Z、S、V）' : '';
      const hintEn = /[IOZSV]/.test(ch) ? ' (I, O, Z, S and V are never used)' : '';
      return fail(value, 'CHARSET', `第 ${i + 1} 位字符“${ch}”不允许使用${hint}`, `character "${ch}" at position ${i + 1} is not allowed${hintEn}`);
    }
  }

  const authorityCode = value[0]!;
  const authority = Object.hasOwn(USCC_AUTHORITIES, authorityCode) ? USCC_AUTHORITIES[authorityCode] : undefined;
  if (!authority) {
    return fail(
      value,
      'REGISTRATION_AUTHORITY',
      `第 1 位登记管理部门代码“${authorityCode}”不存在`,
      `registration authority code "${authorityCode}" (position 1) does not exist`,
    );
  }
  const typeCode = value[1]!;
  const entityType = Object.hasOwn(authority.types, typeCode) ? authority.types[typeCode] : undefined;
  if (!entityType) {
    return fail(
      value,
      'ENTITY_TYPE',
      `第 2 位机构类别代码“${typeCode}”不属于登记管理部门“${authority.zh}”`,
      `entity type "${typeCode}" (position 2) is not defined for registration authority "${authority.en}"`,
    );
  }

  const divisionCode = value.slice(2, 8);
  if (divisionCode !== NATIONAL_DIVISION && !isValidDivisionCode(divisionCode)) {
    return fail(
      value,
      'DIVISION_CODE',
      `第 3-8 位行政区划码“${divisionCode}”无效`,
      `administrative division code "${divisionCode}" (positions 3-8) is not valid`,
    );
  }

  // The embedded organisation code has its own GB 11714 check; report it separately so a
  // user can tell a mistyped body from a mistyped final character.
  const orgCode = value.slice(8, 17);
  const orgExpected = orgCodeCheckChar(orgCode.slice(0, 8));
  if (orgCode[8] !== orgExpected) {
    return fail(
      value,
      'ORG_CODE_CHECK_DIGIT',
      `第 9-17 位组织机构代码的校验码（第 17 位）错误，应为 ${orgExpected}`,
      `check character of the embedded organisation code (position 17) is wrong, expected ${orgExpected}`,
      { expected: orgExpected },
    );
  }

  const expected = usccCheckChar(value.slice(0, 17));
  if (value[17] !== expected) {
    return fail(value, 'CHECK_DIGIT', `校验码错误，应为 ${expected}`, `check character is wrong, expected ${expected}`, {
      expected,
    });
  }

  const province = provinceOf(divisionCode);
  return {
    valid: true,
    type: 'uscc',
    value,
    details: {
      registrationAuthority: authorityCode,
      registrationAuthorityZh: authority.zh,
      registrationAuthorityEn: authority.en,
      entityType: typeCode,
      entityTypeZh: entityType.zh,
      entityTypeEn: entityType.en,
      divisionCode,
      province: province ? province.code : NATIONAL_DIVISION,
      orgCode,
      rongchang: isRongchangDivision(divisionCode),
    },
  };
}
