/**
 * The ledger's error codes. Every failing transfer result `x` has an AppError `LEDGER_X`, so
 * `transfer()` can throw what `createTransfers()` would have reported.
 */
import { AppError, defineErrors } from '../../kernel/errors.ts';
import type { TransferResult, TransferResultCode } from './types.ts';

export const LedgerErrors = defineErrors({
  LEDGER_ACCOUNT_NOT_FOUND: { status: 404, zh: '账户不存在', en: 'No such ledger account' },
  LEDGER_ACCOUNT_INVALID: { status: 422, zh: '账户定义无效', en: 'Invalid ledger account definition' },
  LEDGER_ACCOUNT_EXISTS_WITH_DIFFERENT_FIELDS: {
    status: 409,
    zh: '同编码的账户已存在且定义不同',
    en: 'An account with this code exists with a different definition',
  },
  LEDGER_BATCH_TOO_LARGE: { status: 422, zh: '一次提交的转账过多', en: 'Too many transfers in one batch' },
  LEDGER_LINKED_EVENT_FAILED: { status: 409, zh: '关联转账中有一笔失败', en: 'A transfer linked to this one failed' },
  LEDGER_LINKED_EVENT_CHAIN_OPEN: { status: 422, zh: '关联转账链没有结尾', en: 'The linked chain is not closed' },
  LEDGER_ID_INVALID: { status: 422, zh: '转账编号必须是 UUID', en: 'The transfer id must be a UUID' },
  LEDGER_EXISTS_WITH_DIFFERENT_FIELDS: {
    status: 409,
    zh: '该转账编号已被另一笔不同的转账使用',
    en: 'A different transfer already uses this id',
  },
  LEDGER_FLAGS_ARE_MUTUALLY_EXCLUSIVE: {
    status: 422,
    zh: '预授权、确认与撤销不能同时指定',
    en: 'Pending, post and void cannot be combined',
  },
  LEDGER_AMOUNT_MUST_BE_POSITIVE: { status: 422, zh: '金额必须大于零', en: 'The amount must be positive' },
  LEDGER_CODE_INVALID: { status: 422, zh: '转账事由编码无效', en: 'Invalid transfer reason code' },
  LEDGER_CODE_RESERVED: { status: 422, zh: '该事由编码为账本保留', en: 'This reason code is reserved for the ledger' },
  LEDGER_USER_DATA_TOO_LARGE: { status: 422, zh: '附加数据过大', en: 'user_data is too large' },
  LEDGER_TIMEOUT_INVALID: { status: 422, zh: '预授权时限无效', en: 'Invalid pending timeout' },
  LEDGER_ACCOUNTS_MUST_BE_DIFFERENT: { status: 422, zh: '借贷账户不能相同', en: 'Debit and credit accounts must differ' },
  LEDGER_DEBIT_ACCOUNT_NOT_FOUND: { status: 422, zh: '借方账户不存在', en: 'The debit account does not exist' },
  LEDGER_CREDIT_ACCOUNT_NOT_FOUND: { status: 422, zh: '贷方账户不存在', en: 'The credit account does not exist' },
  LEDGER_ACCOUNTS_MUST_HAVE_THE_SAME_LEDGER: {
    status: 422,
    zh: '借贷账户币种不同',
    en: 'Both accounts must be in the same ledger (currency)',
  },
  LEDGER_PENDING_TRANSFER_NOT_FOUND: { status: 422, zh: '预授权转账不存在', en: 'The pending transfer does not exist' },
  LEDGER_PENDING_TRANSFER_NOT_PENDING: { status: 422, zh: '该转账不是预授权转账', en: 'That transfer is not pending' },
  LEDGER_PENDING_TRANSFER_HAS_DIFFERENT_DEBIT_ACCOUNT: {
    status: 422,
    zh: '借方账户与预授权转账不符',
    en: 'The debit account differs from the pending transfer',
  },
  LEDGER_PENDING_TRANSFER_HAS_DIFFERENT_CREDIT_ACCOUNT: {
    status: 422,
    zh: '贷方账户与预授权转账不符',
    en: 'The credit account differs from the pending transfer',
  },
  LEDGER_PENDING_TRANSFER_HAS_DIFFERENT_AMOUNT: {
    status: 422,
    zh: '金额与预授权转账不符',
    en: 'The amount differs from the pending transfer',
  },
  LEDGER_EXCEEDS_PENDING_TRANSFER_AMOUNT: {
    status: 422,
    zh: '确认金额超过预授权金额',
    en: 'The amount to post exceeds the pending amount',
  },
  LEDGER_PENDING_TRANSFER_ALREADY_POSTED: { status: 409, zh: '预授权转账已确认', en: 'The pending transfer is already posted' },
  LEDGER_PENDING_TRANSFER_ALREADY_VOIDED: { status: 409, zh: '预授权转账已撤销', en: 'The pending transfer is already voided' },
  LEDGER_PENDING_TRANSFER_EXPIRED: { status: 409, zh: '预授权转账已过期', en: 'The pending transfer has expired' },
  LEDGER_EXCEEDS_CREDITS: { status: 409, zh: '余额不足', en: 'The debit would exceed the account’s credits' },
  LEDGER_EXCEEDS_DEBITS: { status: 409, zh: '超出账户借方额度', en: 'The credit would exceed the account’s debits' },
  LEDGER_OVERFLOWS_DEBITS: { status: 409, zh: '借方金额溢出', en: 'The account’s debits would overflow' },
  LEDGER_OVERFLOWS_CREDITS: { status: 409, zh: '贷方金额溢出', en: 'The account’s credits would overflow' },
});

/** The AppError for a failed transfer result. */
export function transferError(result: TransferResult): AppError {
  const code = `LEDGER_${result.result.toUpperCase()}`;
  return new AppError(code, { detail: `transfer ${result.id}: ${result.result}`, extra: { transferId: result.id, result: result.result } });
}

/** Every failure result has its error code (checked by the tests, so a new result cannot miss one). */
export function errorCodeFor(result: TransferResultCode): string {
  return `LEDGER_${result.toUpperCase()}`;
}
