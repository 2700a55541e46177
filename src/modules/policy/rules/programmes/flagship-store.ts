/** 四(二)4 — a traditional firm's new flagship or specialty store on a national platform: one-off 50 % of the year's operating cost, ≤ 50,000 yuan. */
import { applyRateBp } from '../../../../kernel/money.ts';
import { F, L, POLICY_START, openDefault, param, ref, withNoDoubleBenefit, yuanToFen } from '../common.ts';
import { addYears } from '../dates.ts';
import type { Programme } from '../types.ts';

const CLAUSE = '四(二)4';
const R = ref(CLAUSE);

export const STORE_PLATFORMS = ['tmall', 'taobao', 'jd', 'alibaba', 'suning', 'other-national', 'other'] as const;

export const flagshipStore: Programme = {
  id: 'flagship-store',
  name: L('传统企业开设网上旗舰店、专卖店补助', 'Flagship or specialty store of a traditional firm on a national platform'),
  clause: {
    ref: CLAUSE,
    text: '对登记注册在荣昌的传统企业在京东、阿里巴巴、苏宁易购、天猫等全国知名第三方电商平台新开设旗舰店、专卖店网络销售荣昌产品且正常运行一年以上并达到一定交易额的,一次性给予其年运营费用的50%资金补助,最高不超过5万元,企业加入多家电商平台的不重复享受。',
  },
  kind: 'subsidy',
  doc: L(
    '登记注册在荣昌的传统企业，在全国知名第三方平台新开设旗舰店或专卖店销售荣昌产品，至当年 12 月 31 日已正常运行满一年（“一年以上”含一年：开店之日不计入，满一年为次年对应日，无对应日取月末日，《民法典》第二百零一、二百零三条），且当年店铺交易额达到区商务局设定的门槛（“达到”含本数）：一次性补助当年运营费用的 50%（四舍五入到分），最高 50,000 元。每家企业只享受一次，无论开在几个平台：扶持键 flagship-store。',
    'A traditional firm registered in Rongchang whose new flagship or specialty store on a well-known national platform sells Rongchang products, has run normally for one full year by 31 December of the year (一年以上 includes exactly one year: the opening day is not counted and the year ends on the corresponding day, or the month\'s last day if there is none — Civil Code arts. 201, 203), and whose turnover in the year reaches the bureau-set threshold (达到 includes it): one-off 50 % of the year\'s operating cost (rounded half up), at most 50,000 yuan. Once per firm however many platforms: benefit key flagship-store.',
  ),
  parameters: [
    param({
      name: 'minTurnoverFen',
      unit: 'fen',
      label: L('店铺年交易额门槛（“一定交易额”）', 'Turnover threshold of the store in the year'),
      bureauSet: true,
      doc: L(
        '原文“达到一定交易额”未定额；默认 500,000 元，由区商务局设定。',
        'The source says only "达到一定交易额" (reaches a certain turnover); default 500,000 yuan until the bureau sets it.',
      ),
      min: 0,
      max: yuanToFen(100_000_000),
      value: yuanToFen(500_000),
      reference: openDefault(CLAUSE, '一定交易额'),
    }),
    param({
      name: 'costShareBp',
      unit: 'bp',
      label: L('运营费用补助比例', 'Share of the operating cost'),
      bureauSet: false,
      doc: L('“年运营费用的50%”。', '"年运营费用的50%": 50 % of the year\'s operating cost.'),
      min: 0,
      max: 10_000,
      value: 5_000,
      reference: R,
    }),
    param({
      name: 'capFen',
      unit: 'fen',
      label: L('补助上限', 'Cap'),
      bureauSet: false,
      doc: L('“最高不超过5万元”。', '"最高不超过5万元": 50,000 yuan.'),
      min: 0,
      max: yuanToFen(10_000_000),
      value: yuanToFen(50_000),
      reference: R,
    }),
    param({
      name: 'runningYears',
      unit: 'years',
      label: L('须正常运行年数', 'Years the store must have run'),
      bureauSet: false,
      doc: L('“正常运行一年以上”（含一年）。', '"正常运行一年以上": one year or more.'),
      min: 0,
      max: 10,
      value: 1,
      reference: R,
    }),
  ],
  facts: withNoDoubleBenefit([
    F.registeredInRongchang,
    {
      name: 'traditionalEnterprise',
      type: 'boolean',
      label: L('属传统生产经营企业（非原生电商）', 'A traditional (not born-online) enterprise'),
      source: 'bureau',
      evidence: false,
    },
    {
      name: 'storePlatform',
      type: 'enum',
      enumValues: STORE_PLATFORMS,
      label: L('开店平台（other-national：区商务局认定的其他全国知名平台）', 'Platform of the store (other-national: another well-known national platform the bureau recognises)'),
      source: 'applicant',
      evidence: true,
    },
    {
      name: 'storeKind',
      type: 'enum',
      enumValues: ['flagship', 'specialty', 'other'],
      label: L('店铺类型（旗舰店 / 专卖店 / 其他）', 'Kind of store (flagship / specialty / other)'),
      source: 'applicant',
      evidence: true,
    },
    {
      name: 'sellsRongchangProducts',
      type: 'boolean',
      label: L('网络销售荣昌产品', 'Sells Rongchang products'),
      source: 'applicant',
      evidence: true,
    },
    {
      name: 'storeOpenedOn',
      type: 'date',
      label: L('开店日期', 'Date the store opened'),
      source: 'applicant',
      evidence: true,
    },
    {
      name: 'storeRunningNormally',
      type: 'boolean',
      label: L('店铺正常运行（未关停、未被平台处罚下架）', 'The store runs normally (not closed or suspended by the platform)'),
      source: 'applicant',
      evidence: true,
    },
    {
      name: 'storeTurnoverFen',
      type: 'fen',
      label: L('店铺当年交易额', 'Turnover of the store in the year'),
      source: 'applicant',
      evidence: true,
    },
    {
      name: 'storeOperatingCostFen',
      type: 'fen',
      label: L('店铺当年运营费用', 'Operating cost of the store in the year'),
      source: 'applicant',
      evidence: true,
    },
  ]),
  formula(c) {
    const registered = c.condition('registered', L('登记注册在荣昌', 'Registered in Rongchang'), c.bool('registeredInRongchang'), R);
    const traditional = c.condition('traditional', L('传统企业', 'A traditional enterprise'), c.bool('traditionalEnterprise'), R);
    const platform = c.choice<(typeof STORE_PLATFORMS)[number]>('storePlatform');
    const national = c.condition('nationalPlatform', L('全国知名第三方电商平台', 'A well-known national third-party platform'), platform !== 'other', R);
    const kindOk = c.condition('flagshipOrSpecialty', L('旗舰店或专卖店', 'A flagship or specialty store'), c.choice('storeKind') !== 'other', R);
    const products = c.condition('rongchangProducts', L('销售荣昌产品', 'Sells Rongchang products'), c.bool('sellsRongchangProducts'), R);
    const opened = c.date('storeOpenedOn');
    const isNew = c.condition(
      'newStore',
      L(`新开设（政策施行后开店，${POLICY_START} 起）`, `Newly opened (after the policy took effect, from ${POLICY_START})`),
      opened >= POLICY_START,
      R,
    );
    const complete = c.computed(
      'runningYearCompleteOn',
      L('满一年之日（开店日不计入，次年对应日）', 'Day the first year completes (opening day not counted; the corresponding day a year later)'),
      addYears(opened, c.param.int('runningYears')),
      'date',
      '《民法典》第二百零一条、第二百零三条',
    );
    const yearEnd = `${c.year}-12-31`;
    const ranYear = c.condition(
      'runningOneYear',
      L(`至 ${yearEnd} 已运行满一年（一年以上含一年）`, `Has run a full year by ${yearEnd} (一年以上 includes one year)`),
      complete <= yearEnd,
      R,
    );
    const normal = c.condition('runningNormally', L('正常运行', 'Runs normally'), c.bool('storeRunningNormally'), R);
    const turnover = c.fen('storeTurnoverFen');
    const threshold = c.param.fen('minTurnoverFen');
    const enough = c.condition(
      'turnoverReached',
      L('当年交易额达到门槛（含本数）', 'Turnover of the year reaches the threshold (inclusive)'),
      turnover >= threshold,
      R,
    );
    if (!(registered && traditional && national && kindOk && products && isNew && ranYear && normal && enough)) return c.notEligible();
    const cost = c.fen('storeOperatingCostFen');
    const half = c.computed(
      'shareOfCost',
      L('年运营费用的 50%（四舍五入到分）', '50 % of the operating cost (rounded half up)'),
      applyRateBp(cost, c.param.bp('costShareBp')),
      'fen',
      R,
    );
    const amount = c.cap('cap', L('最高不超过 5 万元', 'At most 50,000 yuan'), half, c.param.fen('capFen'), R);
    return { eligible: true, amountFen: amount, benefitKeys: ['flagship-store'] };
  },
};
