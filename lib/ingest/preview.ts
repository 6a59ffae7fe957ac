// The conversation list's preview of a message: its text, or its type ("[image]") when it has
// none, at most PREVIEW_LENGTH characters.
export const PREVIEW_LENGTH = 160;

export function previewOf(text: string | null, type: string): string {
  const value = text?.trim() || `[${type}]`;
  return value.length > PREVIEW_LENGTH ? `${value.slice(0, PREVIEW_LENGTH - 1)}…` : value;
}
