import type { ReactNode } from 'react';
import { useT } from '../i18n';
import type { Enterprise } from '../types';

/** The registered facts of an enterprise as a two-column definition list. */
export function EnterpriseFields({ enterprise: e, compact = false }: { enterprise: Enterprise; compact?: boolean }) {
  const { t, label, formatDate, formatDateTime } = useT();
  const rows: [string, ReactNode][] = [
    [t('ent.uscc'), <span className="mono">{e.uscc}</span>],
    [t('ent.orgCode'), <span className="mono">{e.orgCode || '—'}</span>],
    [t('ent.kind'), label('kind', e.kind)],
    [t('ent.legalRepresentative'), e.legalRepresentative],
    [t('ent.town'), e.townName || e.townCode],
    [t('ent.registeredInRongchang'), e.registeredInRongchang ? t('common.yes') : t('common.no')],
    [t('ent.sizeClass'), label('size', e.sizeClass)],
    [t('ent.industry'), label('industry', e.industry)],
    [
      t('ent.park'),
      e.park ? t('ent.parkSinceValue', { name: e.park.name, since: formatDate(e.park.since) }) : t('common.none'),
    ],
  ];
  if (!compact || e.contactPhone) rows.push([t('ent.contactPhone'), e.contactPhone || '—']);
  if (!compact || e.address) rows.push([t('ent.address'), e.address || '—']);
  rows.push([t('ent.createdAt'), formatDateTime(e.createdAt)]);
  if (!compact) {
    if (e.verifiedAt) rows.push([t('ent.verifiedAt'), formatDateTime(e.verifiedAt)]);
    rows.push([t('ent.updatedAt'), formatDateTime(e.updatedAt)]);
  }
  return (
    <dl className={`facts${compact ? ' facts-compact' : ''}`}>
      {rows.map(([term, value]) => (
        <div className="fact" key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
