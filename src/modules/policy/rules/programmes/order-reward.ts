/** 四(二)5 — 20,000 orders a year or more of Rongchang agricultural or recognised-brand products: 2 yuan an order, ≤ 300,000 yuan a year. */
import { F, L, param, ref, withNoDoubleBenefit, yuanToFen } from '../common.ts';
import type { Programme } from '../types.ts';

const CLAUSE = '四(二)5';
const R = ref(CLAUSE);

export const orderReward: Programme = {
  id: 'order-reward',
  name: L('线上销售荣昌农特产品订单奖励', 'Reward for online orders of Rongchang products'),
  clause: {
    ref: CLAUSE,
    text: '登记注册在荣昌区的电商企业线上营销荣昌农特产品或经认定的品牌产品,年交易2万单以上的给予每单2元的资金奖励,奖励金额最高不超过30万元。',
  },
  kind: 'award',
  doc: L(
    '登记注册在荣昌的电商企业，当年线上销售荣昌农特产品或认定品牌产品的订单达到 20,000 单以上（“以上”含本数，19,999 单不奖）：每单 2 元，每年最高 300,000 元。订单数取自平台数据。每年一次：扶持键 order-reward:<年度>。',
    'An e-commerce firm registered in Rongchang with 20,000 or more orders in the year of Rongchang agricultural or recognised-brand products (以上 includes the number; 19,999 gets nothing): 2 yuan an order, at most 300,000 yuan a year. Orders come from the platform\'s data. Once a year: benefit key order-reward:<year>.',
  ),
  parameters: [
    param({
      name: 'minOrders',
      unit: 'count',
      label: L('年订单数门槛', 'Orders needed in the year'),
      bureauSet: false,
      doc: L('“年交易2万单以上”，含 20,000 单。', '"年交易2万单以上": 20,000 orders or more.'),
      min: 0,
      max: 100_000_000,
      value: 20_000,
      reference: R,
    }),
    param({
      name: 'perOrderFen',
      unit: 'fen',
      label: L('每单奖励', 'Reward per order'),
      bureauSet: false,
      doc: L('“每单2元”。', '"每单2元": 2 yuan an order.'),
      min: 0,
      max: yuanToFen(1000),
      value: yuanToFen(2),
      reference: R,
    }),
    param({
      name: 'annualCapFen',
      unit: 'fen',
      label: L('每年奖励上限', 'Cap a year'),
      bureauSet: false,
      doc: L('“奖励金额最高不超过30万元”。', '"奖励金额最高不超过30万元": 300,000 yuan.'),
      min: 0,
      max: yuanToFen(10_000_000),
      value: yuanToFen(300_000),
      reference: R,
    }),
  ],
  facts: withNoDoubleBenefit([F.registeredInRongchang, F.qualifyingOrders]),
  formula(c) {
    const registered = c.condition('registered', L('登记注册在荣昌', 'Registered in Rongchang'), c.bool('registeredInRongchang'), R);
    const orders = c.int('qualifyingOrders');
    const min = c.param.int('minOrders');
    const enough = c.condition(
      'enoughOrders',
      L(`年订单数达到 ${min} 单以上（含本数）`, `${min} orders or more in the year (inclusive)`),
      orders >= min,
      R,
    );
    if (!(registered && enough)) return c.notEligible();
    const reward = c.computed('rewardBeforeCap', L('订单数 × 每单 2 元', 'Orders × 2 yuan'), BigInt(orders) * c.param.fen('perOrderFen'), 'fen', R);
    const amount = c.cap('annualCap', L('每年最高 30 万元', 'At most 300,000 yuan a year'), reward, c.param.fen('annualCapFen'), R);
    return { eligible: true, amountFen: amount, benefitKeys: [`order-reward:${c.year}`] };
  },
};
