/** Headers of file downloads (spreadsheets, evidence, bank files). */

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * `Content-Disposition: attachment` with the real (often Chinese) name in `filename*` (RFC 6266)
 * and an ASCII `filename` for old clients: the one given, or the name with other characters as `_`.
 */
export function attachment(name: string, asciiFallback = name.replace(/[^A-Za-z0-9._-]/g, '_')): string {
  return `attachment; filename="${asciiFallback}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
