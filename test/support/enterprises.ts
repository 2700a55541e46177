/** Valid registration inputs with unique USCCs, built with the kernel's check algorithms. */
import crypto from 'node:crypto';
import { makeOrgCode, makeResidentId, makeUscc } from '../../src/kernel/codes/index.ts';
import type { EnterpriseInput } from '../../src/modules/registry/index.ts';

const ORG_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

export function freshUscc(entityType: '1' | '2' | '3' = '1'): string {
  let body = '';
  for (let i = 0; i < 8; i++) body += ORG_ALPHABET[crypto.randomInt(0, ORG_ALPHABET.length)];
  const org = makeOrgCode(body);
  // An org code whose check character is X or a letter outside the USCC alphabet cannot be
  // embedded; draw again.
  if (![...org].every((c) => ORG_ALPHABET.includes(c))) return freshUscc(entityType);
  return makeUscc(`9${entityType}500153${org}`);
}

export function enterpriseInput(overrides: Partial<EnterpriseInput> = {}): EnterpriseInput {
  const kind = overrides.kind ?? 'company';
  const entity = kind === 'company' ? '1' : kind === 'sole_trader' ? '2' : '3';
  return {
    uscc: freshUscc(entity),
    name: '重庆市荣昌区测试陶艺有限公司',
    kind,
    legalRepresentative: '测试人',
    legalRepresentativeIdNumber: kind === 'sole_trader' ? makeResidentId('50022619800101123') : null,
    townCode: '500153005',
    registeredInRongchang: true,
    sizeClass: 'sme',
    industry: 'pottery',
    park: null,
    contactPhone: '023-46780000',
    address: '重庆市荣昌区安富街道',
    ...overrides,
  };
}
