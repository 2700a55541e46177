/** 地理标志 badges: national geographical-indication marks of Rongchang. */
import { useT } from '../i18n';

const KNOWN = new Set(['rongchang_pig', 'rongchang_ramie_cloth', 'rongchang_pottery']);

export function GiBadges({ marks, variant = 'full' }: { marks: readonly string[]; variant?: 'full' | 'tag' }) {
  const { t, label } = useT();
  const known = marks.filter((m) => KNOWN.has(m));
  if (known.length === 0) return null;
  if (variant === 'tag') {
    return (
      <span className="gi-tag" data-testid="gi-tag">
        {t('card.gi')}
      </span>
    );
  }
  return (
    <div className="gi-badges" data-testid="gi-badges">
      {known.map((mark) => (
        <span key={mark} className="gi-badge" data-testid={`gi-${mark}`}>
          <span className="gi-badge-seal">{t('gi.badge')}</span>
          <span className="gi-badge-name">{label('gi', mark)}</span>
        </span>
      ))}
    </div>
  );
}
