/**
 * Administrative division codes (GB/T 2260): six digits, province / prefecture / county.
 * Only a structural check is done here; the full national list changes every year and
 * codes of abolished divisions stay valid inside codes issued before the change.
 */

/** Rongchang District, Chongqing (荣昌区), code since the county became a district in 2015. */
export const RONGCHANG_DIVISION = '500153';

/** Former Rongchang County (荣昌县); still embedded in codes issued before 2015. */
export const RONGCHANG_LEGACY_DIVISION = '500226';

/** Province-level prefixes (first two digits) of GB/T 2260. */
export const PROVINCES: Readonly<Record<string, { zh: string; en: string }>> = {
  '11': { zh: '北京市', en: 'Beijing' },
  '12': { zh: '天津市', en: 'Tianjin' },
  '13': { zh: '河北省', en: 'Hebei' },
  '14': { zh: '山西省', en: 'Shanxi' },
  '15': { zh: '内蒙古自治区', en: 'Inner Mongolia' },
  '21': { zh: '辽宁省', en: 'Liaoning' },
  '22': { zh: '吉林省', en: 'Jilin' },
  '23': { zh: '黑龙江省', en: 'Heilongjiang' },
  '31': { zh: '上海市', en: 'Shanghai' },
  '32': { zh: '江苏省', en: 'Jiangsu' },
  '33': { zh: '浙江省', en: 'Zhejiang' },
  '34': { zh: '安徽省', en: 'Anhui' },
  '35': { zh: '福建省', en: 'Fujian' },
  '36': { zh: '江西省', en: 'Jiangxi' },
  '37': { zh: '山东省', en: 'Shandong' },
  '41': { zh: '河南省', en: 'Henan' },
  '42': { zh: '湖北省', en: 'Hubei' },
  '43': { zh: '湖南省', en: 'Hunan' },
  '44': { zh: '广东省', en: 'Guangdong' },
  '45': { zh: '广西壮族自治区', en: 'Guangxi' },
  '46': { zh: '海南省', en: 'Hainan' },
  '50': { zh: '重庆市', en: 'Chongqing' },
  '51': { zh: '四川省', en: 'Sichuan' },
  '52': { zh: '贵州省', en: 'Guizhou' },
  '53': { zh: '云南省', en: 'Yunnan' },
  '54': { zh: '西藏自治区', en: 'Tibet' },
  '61': { zh: '陕西省', en: 'Shaanxi' },
  '62': { zh: '甘肃省', en: 'Gansu' },
  '63': { zh: '青海省', en: 'Qinghai' },
  '64': { zh: '宁夏回族自治区', en: 'Ningxia' },
  '65': { zh: '新疆维吾尔自治区', en: 'Xinjiang' },
  '71': { zh: '台湾省', en: 'Taiwan' },
  '81': { zh: '香港特别行政区', en: 'Hong Kong' },
  '82': { zh: '澳门特别行政区', en: 'Macao' },
};

/** Sorted list of the province prefixes, handy for generators. */
export const PROVINCE_CODES: readonly string[] = Object.keys(PROVINCES).sort();

/** Basic validity of a GB/T 2260 code: six digits with a real province prefix. */
export function isValidDivisionCode(code: string): boolean {
  return /^\d{6}$/.test(code) && Object.hasOwn(PROVINCES, code.slice(0, 2));
}

/** Province of a division code, or undefined when the prefix is not a province. */
export function provinceOf(code: string): { code: string; zh: string; en: string } | undefined {
  const prefix = code.slice(0, 2);
  const p = /^\d{2}$/.test(prefix) && Object.hasOwn(PROVINCES, prefix) ? PROVINCES[prefix] : undefined;
  return p ? { code: `${prefix}0000`, ...p } : undefined;
}

/** True for Rongchang's current code and its pre-2015 county code (older registrations keep it). */
export function isRongchangDivision(divisionCode: string): boolean {
  return divisionCode === RONGCHANG_DIVISION || divisionCode === RONGCHANG_LEGACY_DIVISION;
}
