/** Opaque cursors for keyset pagination: base64url of the last row's sort key. */
import { validationError } from './errors.ts';

export function encodeCursor(key: string): string {
  return Buffer.from(key, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, valid: (key: string) => boolean): string {
  const key = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!valid(key)) {
    throw validationError([{ field: '/cursor', code: 'CURSOR_INVALID', message: { zh: '分页游标无效', en: 'Invalid page cursor' } }]);
  }
  return key;
}
