/** The pavilions as a grid of round tinted icons (the 金刚区 of a shopping app's home). */
import { usePavilions } from '../catalogData';
import { useT } from '../i18n';
import { Link } from '../router';
import { PavilionMotif, pavilionTheme } from './PavilionArt';

export function PavilionStrip() {
  const { lang } = useT();
  const pavilions = usePavilions();
  const list = pavilions.data ?? [];
  return (
    <ul className="pavilion-strip" data-testid="pavilion-strip">
      {pavilions.data
        ? list.map((p) => {
            const theme = pavilionTheme(p.code);
            return (
              <li key={p.code}>
                <Link to={`/pavilions/${encodeURIComponent(p.code)}`} className="pavilion-chip" data-testid={`pavilion-${p.code}`}>
                  <span className="pavilion-chip-icon" style={{ color: theme.fg, background: `linear-gradient(145deg, ${theme.bg}, ${theme.bg2})` }}>
                    <PavilionMotif code={p.code} size={30} />
                  </span>
                  <span className="pavilion-chip-name">{lang === 'zh' ? p.nameZh : p.nameEn}</span>
                </Link>
              </li>
            );
          })
        : Array.from({ length: 8 }, (_, i) => (
            <li key={i} aria-hidden="true">
              <span className="pavilion-chip">
                <span className="pavilion-chip-icon skeleton-block" />
                <span className="skeleton-line skeleton-line-short" />
              </span>
            </li>
          ))}
    </ul>
  );
}
