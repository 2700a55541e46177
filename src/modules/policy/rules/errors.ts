/** Error codes of the rules engine, the calculator and bureau-set parameters. */
import { defineErrors } from '../../../kernel/errors.ts';

export const RulesErrors = defineErrors({
  UNKNOWN_PROGRAMME: { status: 422, zh: '没有该扶持项目', en: 'No such subsidy programme' },
  PROGRAMME_NOT_FOUND: { status: 404, zh: '扶持项目不存在', en: 'No such subsidy programme' },
  MISSING_FACT: { status: 422, zh: '缺少计算所需的事实', en: 'Facts needed for the calculation are missing' },
  INVALID_FACT: { status: 422, zh: '事实的类型或取值不正确', en: 'A fact has the wrong type or value' },
  INVALID_YEAR: { status: 422, zh: '该年度不在政策执行期内', en: 'The year is outside the period of the policy' },
  PARAMETER_NOT_FOUND: { status: 404, zh: '该项目没有此参数', en: 'The programme has no such parameter' },
  PARAMETER_NOT_BUREAU_SET: {
    status: 422,
    zh: '该参数由政策原文规定，不能由区商务局调整',
    en: 'This parameter is fixed by the source text and cannot be set by the bureau',
  },
  INVALID_PARAMETER_VALUE: { status: 422, zh: '参数取值不正确', en: 'Invalid parameter value' },
});
