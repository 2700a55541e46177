/** 四(二)8 — rural informatisation: village information stations and information officers, at bureau-set rates. */
import { BUDGET_FEN, L, openDefault, param, ref, withNoDoubleBenefit, yuanToFen } from '../common.ts';
import type { Programme } from '../types.ts';

const CLAUSE = '四(二)8';
const R = ref(CLAUSE);
const OPEN = openDefault(CLAUSE, '支持全区建设村级信息服务站300个,培育村级信息员300人');

export const ruralInfoStation: Programme = {
  id: 'rural-info-station',
  name: L('村级信息服务站和信息员补助', 'Village information stations and information officers'),
  clause: {
    ref: CLAUSE,
    text: '支持全区建设村级信息服务站300个,培育村级信息员300人,实现行政村全覆盖;',
  },
  kind: 'subsidy',
  doc: L(
    '承建村级信息服务站、培育村级信息员的服务商或运行商：当年经区商务局验收的新建站点数 × 每站补助 + 培训合格的信息员人数 × 每人补助，每年不超过上限。原文只定目标（300 个站、300 名信息员）未定补助标准，标准与上限由区商务局设定。每年一次：扶持键 rural-info-station:<年度>。',
    'A service provider or operator building village information stations and training village information officers: stations accepted by the bureau in the year × grant per station + officers trained × grant per officer, capped a year. The source sets targets (300 stations, 300 officers) but no rates: rates and cap are bureau-set. Once a year: benefit key rural-info-station:<year>.',
  ),
  parameters: [
    param({
      name: 'perStationFen',
      unit: 'fen',
      label: L('每个新建村级信息服务站补助', 'Grant per new village information station'),
      bureauSet: true,
      doc: L('默认每站 5,000 元。', 'Default 5,000 yuan a station.'),
      min: 0,
      max: yuanToFen(1_000_000),
      value: yuanToFen(5_000),
      reference: OPEN,
    }),
    param({
      name: 'perOfficerFen',
      unit: 'fen',
      label: L('每名培育的村级信息员补助', 'Grant per village information officer trained'),
      bureauSet: true,
      doc: L('默认每人 1,000 元。', 'Default 1,000 yuan an officer.'),
      min: 0,
      max: yuanToFen(1_000_000),
      value: yuanToFen(1_000),
      reference: OPEN,
    }),
    param({
      name: 'annualCapFen',
      unit: 'fen',
      label: L('每家每年补助上限', 'Cap per applicant a year'),
      bureauSet: true,
      doc: L('默认 500,000 元。', 'Default 500,000 yuan.'),
      min: 0,
      max: BUDGET_FEN,
      value: yuanToFen(500_000),
      reference: OPEN,
    }),
  ],
  facts: withNoDoubleBenefit([
    {
      name: 'stationsAccepted',
      type: 'integer',
      unit: 'stations',
      max: 10_000,
      label: L('当年新建并经验收的村级信息服务站数', 'New village information stations accepted in the year'),
      source: 'bureau',
      evidence: true,
    },
    {
      name: 'officersTrained',
      type: 'integer',
      unit: 'persons',
      max: 10_000,
      label: L('当年培育合格的村级信息员人数', 'Village information officers trained in the year'),
      source: 'bureau',
      evidence: true,
    },
  ]),
  formula(c) {
    const stations = c.int('stationsAccepted');
    const officers = c.int('officersTrained');
    const any = c.condition('anyBuiltOrTrained', L('当年有验收的站点或培育的信息员', 'Stations accepted or officers trained this year'), stations + officers > 0, R);
    if (!any) return c.notEligible();
    const s = c.computed('stationGrant', L('站点补助', 'Station grants'), BigInt(stations) * c.param.fen('perStationFen'), 'fen', OPEN);
    const o = c.computed('officerGrant', L('信息员补助', 'Officer grants'), BigInt(officers) * c.param.fen('perOfficerFen'), 'fen', OPEN);
    const sum = c.computed('grantBeforeCap', L('合计', 'Sum'), s + o, 'fen');
    const amount = c.cap('annualCap', L('每年上限', 'Cap a year'), sum, c.param.fen('annualCapFen'), OPEN);
    return { eligible: true, amountFen: amount, benefitKeys: [`rural-info-station:${c.year}`] };
  },
};
