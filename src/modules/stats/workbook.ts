/**
 * The targets report as an .xlsx workbook with Chinese headers: the targets with their progress,
 * then one sheet per breakdown (by month, by seller town, by buyer town). Money in yuan with two
 * decimals, as the bureau's spreadsheets keep it.
 */
import ExcelJS from 'exceljs';
import type { BreakdownRow } from './service.ts';
import type { TargetProgress } from './targets.ts';

const UNIT_ZH = { yuan: '元', percent: '%', count: '个' } as const;
const YUAN_FORMAT = '#,##0.00';

export const SHEETS = { targets: '目标进度', month: '按月', town: '按镇街（卖家所在地）', buyerTown: '按镇街（买家所在地）' } as const;

export const BREAKDOWN_HEADERS = ['编码', '名称', '电子商务交易额（元）', '网络零售额（元）', '农村电子商务交易额（元）', '订单数', '荣昌农特及认定品牌产品订单数', '农村电子商务订单数'];
export const TARGET_HEADERS = ['指标编号', '指标', '政策条款', '目标值', '目标上限', '单位', '实际值', '完成进度', '是否达标', '说明'];

const yuan = (fen: bigint) => Number(fen) / 100;

export async function targetsWorkbook(
  year: number,
  targets: TargetProgress[],
  breakdowns: { month: BreakdownRow[]; town: BreakdownRow[]; buyerTown: BreakdownRow[] },
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '海棠 Haitang';
  wb.created = new Date();

  const ts = wb.addWorksheet(SHEETS.targets);
  ts.addRow([`荣昌区电子商务发展目标完成情况（${year}年）`]);
  ts.addRow(TARGET_HEADERS).font = { bold: true };
  for (const t of targets) {
    ts.addRow([
      t.id,
      t.name.zh,
      t.clause,
      t.target,
      t.targetMax ?? null,
      UNIT_ZH[t.unit],
      t.actual,
      t.progress,
      t.met === null ? '暂无数据' : t.met ? '是' : '否',
      t.note?.zh ?? '',
    ]);
  }
  ts.getColumn(7).numFmt = '#,##0.00';
  ts.getColumn(8).numFmt = '0.0%';
  ts.columns.forEach((c, i) => (c.width = [22, 30, 10, 16, 10, 6, 18, 10, 10, 60][i]));

  for (const [which, rows] of [['month', breakdowns.month], ['town', breakdowns.town], ['buyerTown', breakdowns.buyerTown]] as const) {
    const ws = wb.addWorksheet(SHEETS[which]);
    ws.addRow(BREAKDOWN_HEADERS).font = { bold: true };
    for (const r of rows) {
      ws.addRow([r.key, r.label.zh, yuan(r.turnoverFen), yuan(r.onlineRetailFen), yuan(r.ruralFen), r.orders, r.qualifyingOrders, r.ruralOrders]);
    }
    const total = rows.reduce(
      (s, r) => ({ t: s.t + r.turnoverFen, o: s.o + r.onlineRetailFen, r: s.r + r.ruralFen, n: s.n + r.orders, q: s.q + r.qualifyingOrders, ro: s.ro + r.ruralOrders }),
      { t: 0n, o: 0n, r: 0n, n: 0, q: 0, ro: 0 },
    );
    ws.addRow(['合计', '', yuan(total.t), yuan(total.o), yuan(total.r), total.n, total.q, total.ro]).font = { bold: true };
    for (const c of [3, 4, 5]) ws.getColumn(c).numFmt = YUAN_FORMAT;
    ws.columns.forEach((c, i) => (c.width = [12, 16, 20, 20, 22, 10, 26, 18][i]));
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
