/** Checks of a product that a JSON schema cannot express, all reported together. */
import { validateCode } from '../../kernel/codes/index.ts';
import type { FieldError } from '../../kernel/errors.ts';
import { GI_MARK_CODES, type ProductInput } from './model.ts';

export const MAX_SKUS = 50;
export const MAX_PRICE_FEN = 10_000_000_000n; // 100 million yuan: nothing on the marketplace costs more
export const MAX_STOCK = 1_000_000;

export function productProblems(
  input: ProductInput,
  known: { pavilions: ReadonlySet<string>; towns: ReadonlySet<string> },
): FieldError[] {
  const errors: FieldError[] = [];
  const err = (field: string, code: string, zh: string, en: string) => errors.push({ field, code, message: { zh, en } });
  if (!known.pavilions.has(input.pavilionCode)) err('/pavilionCode', 'PAVILION_UNKNOWN', '特色馆不存在', 'No such pavilion');
  if (input.originTownCode && !known.towns.has(input.originTownCode)) {
    err('/originTownCode', 'TOWN_UNKNOWN', '请选择荣昌区的镇街', 'Choose a town or sub-district of Rongchang');
  }
  for (const [i, mark] of (input.giMarks ?? []).entries()) {
    if (!GI_MARK_CODES.includes(mark)) err(`/giMarks/${i}`, 'GI_MARK_UNKNOWN', '地理标志不存在', 'Unknown geographical indication');
  }
  if (input.skus.length === 0 || input.skus.length > MAX_SKUS) {
    err('/skus', 'SKU_COUNT', `每个商品须有1至${MAX_SKUS}个规格`, `A product needs 1 to ${MAX_SKUS} variants`);
  }
  const codes = new Set<string>();
  input.skus.forEach((sku, i) => {
    if (codes.has(sku.code)) err(`/skus/${i}/code`, 'SKU_CODE_DUPLICATE', 'SKU编码重复', 'Duplicate SKU code');
    codes.add(sku.code);
    if (sku.priceFen <= 0n || sku.priceFen > MAX_PRICE_FEN) {
      err(`/skus/${i}/priceFen`, 'PRICE_RANGE', '价格须大于0且不超过1亿元', 'The price must be above 0 and at most 100 million yuan');
    }
    if (!Number.isInteger(sku.stock) || sku.stock < 0 || sku.stock > MAX_STOCK) {
      err(`/skus/${i}/stock`, 'STOCK_RANGE', '库存须为0至1000000的整数', 'Stock must be a whole number from 0 to 1,000,000');
    }
    if (sku.gtin) {
      const check = validateCode('gtin', sku.gtin);
      if (!check.valid) {
        errors.push({
          field: `/skus/${i}/gtin`,
          code: `GTIN_${check.reason ?? 'INVALID'}`,
          message: check.message ?? { zh: '商品条码无效', en: 'Invalid GTIN' },
        });
      }
    }
  });
  return errors;
}
