// The assignment controls' few styles, kept beside them (style attributes are allowed by the CSP).
import type { CSSProperties } from 'react';

export const row: CSSProperties = { display: 'flex', alignItems: 'center', gap: 6, flexWrap: 'wrap' };
export const compactSelect: CSSProperties = { width: 'auto', padding: '4px 8px' };
export const dot = (available: boolean): CSSProperties => ({
  display: 'inline-block',
  width: 8,
  height: 8,
  borderRadius: '50%',
  marginRight: 6,
  background: available ? '#1f9d55' : 'var(--warn)',
});
export const notice: CSSProperties = {
  margin: '0 0 8px',
  padding: '6px 10px',
  borderRadius: 8,
  background: 'var(--warn-bg)',
  border: '1px solid var(--warn)',
  fontSize: 13,
};
export const checkboxes: CSSProperties = { border: 0, padding: 0, margin: 0, display: 'flex', flexWrap: 'wrap', gap: '4px 10px', maxWidth: 240 };
export const checkbox: CSSProperties = { display: 'inline-flex', alignItems: 'center', gap: 4, fontSize: 13, whiteSpace: 'nowrap' };
