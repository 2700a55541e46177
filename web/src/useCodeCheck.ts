/** Live, debounced validation of an identifier through `GET /api/v1/codes/validate`. */
import { useEffect, useState } from 'react';
import { api, isAbortError, type LocalizedText } from './api';
import type { CodeType, CodeValidation } from './types';

export type CodeCheck =
  | { state: 'idle' }
  | { state: 'checking' }
  | { state: 'valid'; result: CodeValidation }
  | { state: 'invalid'; message: LocalizedText | undefined; reason: string | undefined }
  | { state: 'unavailable' };

const DEBOUNCE_MS = 300;

/**
 * Checks `value` once the user pauses typing. `ready` says whether the value is complete
 * enough to be worth checking (e.g. full length, or the field lost focus).
 */
export function useCodeCheck(type: CodeType, value: string, ready: boolean): CodeCheck {
  const [check, setCheck] = useState<CodeCheck>({ state: 'idle' });

  useEffect(() => {
    if (!ready || value === '') {
      setCheck({ state: 'idle' });
      return;
    }
    setCheck({ state: 'checking' });
    const controller = new AbortController();
    const timer = window.setTimeout(() => {
      api
        .get<CodeValidation>('/api/v1/codes/validate', { query: { type, value }, signal: controller.signal })
        .then((result) => {
          setCheck(
            result.valid
              ? { state: 'valid', result }
              : { state: 'invalid', message: result.message, reason: result.reason },
          );
        })
        .catch((err: unknown) => {
          if (!isAbortError(err)) setCheck({ state: 'unavailable' });
        });
    }, DEBOUNCE_MS);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [type, value, ready]);

  return check;
}
