'use client';

import type { LabelChip } from '@/lib/definitions';
import styles from './labels.module.css';

/** Black or white, whichever reads better on `color` ("#rrggbb"). */
export function textColorOn(color: string): string {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16) / 255) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.55 ? '#111' : '#fff';
}

export const chipStyle = (color: string) => ({ background: color, color: textColorOn(color) });

/** A conversation's labels in their colours; their names are user text, shown as text. */
export function LabelChips({ labels }: { labels: LabelChip[] | undefined }) {
  if (!labels || labels.length === 0) return null;
  return (
    <span className={styles.chips}>
      {labels.map((label) => (
        <span key={label.id} className={styles.chip} style={chipStyle(label.color)} data-label={label.id} title={label.name}>
          {label.name}
        </span>
      ))}
    </span>
  );
}
