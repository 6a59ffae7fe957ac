// A stacked bar per day and category, drawn as SVG in the page (no chart service).
import { useFormatter, useTranslations } from 'next-intl';
import type { CostEstimate } from '@/lib/costs/estimate';

const COLOURS = { marketing: '#e67e22', utility: '#2e86c1', authentication: '#8e44ad', service: '#16a085' } as const;

export function CostChart({ days, month, daysInMonth, currency }: { days: CostEstimate['byDay']; month: string; daysInMonth: number; currency: string }) {
  const t = useTranslations('costs');
  const format = useFormatter();
  const money = (value: number) => format.number(value, { style: 'currency', currency });
  const width = 720;
  const height = 180;
  const max = Math.max(0.01, ...days.map((d) => d.eur));
  const bar = width / daysInMonth;
  const byDate = new Map(days.map((d) => [d.date, d]));
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${width} ${height + 20}`} role="img" aria-label={t('chart.label', { month: format.dateTime(new Date(`${month}-15T12:00:00Z`), { month: 'long', year: 'numeric' }) })}>
        {Array.from({ length: daysInMonth }, (_, i) => {
          const date = `${month}-${String(i + 1).padStart(2, '0')}`;
          const day = byDate.get(date);
          let y = height;
          return (
            <g key={date}>
              {day
                ? (Object.keys(COLOURS) as (keyof typeof COLOURS)[]).map((category) => {
                    const h = (day.byCategory[category] / max) * height;
                    y -= h;
                    return h > 0 ? (
                      <rect key={category} x={i * bar + 1} y={y} width={bar - 2} height={h} fill={COLOURS[category]}>
                        <title>{t('chart.bar', { date: format.dateTime(new Date(`${date}T12:00:00Z`), { dateStyle: 'medium' }), category: t(`categories.${category}`), amount: money(day.byCategory[category]) })}</title>
                      </rect>
                    ) : null;
                  })
                : null}
              {(i + 1) % 5 === 0 || i === 0 ? (
                <text x={i * bar + bar / 2} y={height + 14} fontSize="10" textAnchor="middle" fill="currentColor">
                  {i + 1}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <figcaption className="legend">
        {Object.entries(COLOURS).map(([category, colour]) => (
          <span key={category}>
            <i style={{ background: colour }} /> {t(`categories.${category}`)}
          </span>
        ))}
        <span className="muted">{t('chart.highest', { amount: money(max) })}</span>
      </figcaption>
    </figure>
  );
}
