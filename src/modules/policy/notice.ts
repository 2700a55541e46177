/**
 * The public notice (公示) of approved awards: who received what under which clause, as an
 * .xlsx the bureau can publish. Only what a public notice carries — no personal data.
 */
import ExcelJS from 'exceljs';
import { beijingDate } from '../../kernel/clock.ts';
import { formatYuan } from '../../kernel/money.ts';
import type { SubsidyApplication } from './applications.ts';
import { programmeDefinition } from './rules/index.ts';

export interface NoticeRow {
  applicationNo: string;
  enterpriseName: string;
  uscc: string;
  programme: string;
  programmeName: { zh: string; en: string };
  clause: string;
  year: number;
  amountFen: bigint;
  paidAt: Date;
}

export function noticeRows(awards: SubsidyApplication[], usccOf: Map<string, string>): NoticeRow[] {
  return awards.map((a) => ({
    applicationNo: a.applicationNo,
    enterpriseName: a.enterpriseName,
    uscc: usccOf.get(a.enterpriseId) ?? '',
    programme: a.programme,
    programmeName: a.programmeName,
    clause: clauseRef(a.programme),
    year: a.year,
    amountFen: a.amountFen,
    paidAt: a.paidAt ?? a.submittedAt,
  }));
}

function clauseRef(programme: string): string {
  return programmeDefinition(programme)?.clause.ref ?? '';
}

export async function noticeWorkbook(budgetYear: number, rows: NoticeRow[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Haitang 海棠';
  const sheet = workbook.addWorksheet(`${budgetYear}年公示`, { views: [{ state: 'frozen', ySplit: 2 }] });
  sheet.mergeCells('A1:H1');
  sheet.getCell('A1').value = `荣昌区电子商务发展扶持资金拟兑现名单（${budgetYear}年度）`;
  sheet.getCell('A1').font = { bold: true, size: 14 };
  sheet.getCell('A1').alignment = { horizontal: 'center' };
  const header = ['序号', '申请编号', '企业名称', '统一社会信用代码', '扶持项目', '政策条款', '考核年度', '金额（元）'];
  sheet.addRow(header).font = { bold: true };
  rows.forEach((r, i) => {
    sheet.addRow([i + 1, r.applicationNo, r.enterpriseName, r.uscc, r.programmeName.zh, r.clause, r.year, Number(formatYuan(r.amountFen).replace(/,/g, ''))]);
  });
  const total = rows.reduce((s, r) => s + r.amountFen, 0n);
  const totalRow = sheet.addRow(['合计', '', '', '', '', '', '', Number(formatYuan(total).replace(/,/g, ''))]);
  totalRow.font = { bold: true };
  sheet.getColumn(8).numFmt = '#,##0.00';
  [6, 22, 30, 22, 22, 12, 10, 16].forEach((w, i) => (sheet.getColumn(i + 1).width = w));
  sheet.addRow([]);
  sheet.addRow([`公示日期：${beijingDate(new Date())}。对名单如有异议，请于公示期内向区商务局（区电子商务产业发展领导小组办公室）反映。`]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
