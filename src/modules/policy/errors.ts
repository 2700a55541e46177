/** Error codes of subsidy applications, review and budget. */
import { defineErrors } from '../../kernel/errors.ts';

export const PolicyErrors = defineErrors({
  APPLICATION_NOT_FOUND: { status: 404, zh: '补贴申请不存在', en: 'No such subsidy application' },
  ENTERPRISE_NOT_ELIGIBLE_TO_APPLY: {
    status: 409,
    zh: '只有已认证的市场主体才能申请补贴',
    en: 'Only a verified enterprise can apply for a subsidy',
  },
  NOT_ELIGIBLE: { status: 409, zh: '按现有事实不符合该项补贴条件', en: 'Not eligible for this programme on the facts given' },
  APPLICATION_OPEN: {
    status: 409,
    zh: '该主体本年度已有一份待审的同类申请',
    en: 'The enterprise already has an open application for this programme and year',
  },
  APPLICATION_NOT_PENDING: { status: 409, zh: '该申请不在可审核的状态', en: 'The application is not awaiting this decision' },
  DOUBLE_BENEFIT: {
    status: 409,
    zh: '同一项扶持已享受过，不重复享受',
    en: 'This benefit has already been granted and is not paid twice',
  },
  QUOTA_EXHAUSTED: { status: 409, zh: '本年度名额已满', en: "This year's number of awards is used up" },
  BUDGET_EXCEEDED: {
    status: 409,
    zh: '超出本年度扶持资金余额',
    en: "The amount exceeds the remaining budget of the year",
  },
  BUDGET_NOT_ALLOCATED: { status: 409, zh: '本年度扶持资金尚未下达', en: "The year's budget has not been allocated" },
  SAME_OFFICER: {
    status: 409,
    zh: '复核须由另一名工作人员完成',
    en: 'A second, different officer must confirm',
  },
  OFFICER_CONFLICT: { status: 403, zh: '不能审核自己所属主体的申请', en: 'You cannot review an application of an enterprise you belong to' },
  AMOUNT_NOT_POSITIVE: { status: 422, zh: '金额必须大于零', en: 'The amount must be positive' },
  FACT_FROM_PLATFORM: {
    status: 422,
    zh: '该事实由平台数据得出，不能手工填写',
    en: 'This fact comes from platform data and cannot be entered',
  },
  FACT_FOR_BUREAU: { status: 403, zh: '该事实只能由区商务局填写', en: 'Only the bureau may enter this fact' },
  EVIDENCE_MISSING: { status: 422, zh: '请上传证明材料', en: 'Evidence is required for these facts' },
  EVIDENCE_NOT_FOUND: { status: 422, zh: '证明材料不存在或不属于该主体', en: 'No such evidence file for this enterprise' },
  EVIDENCE_TYPE: { status: 415, zh: '证明材料只接受 PDF、JPEG 或 PNG', en: 'Evidence must be PDF, JPEG or PNG' },
});
