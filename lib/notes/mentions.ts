// Mentions in an internal note: `@` followed by a colleague's full name, as the note composer
// inserts it ("@Bram de Boer, kun jij haar bellen?"). Plain text, so a note reads the same
// everywhere (the export, a notification); the ids are resolved when the note is saved and
// kept in notes.mentions. Pure: the dashboard uses the same rule to highlight them.

export interface Colleague {
  id: string;
  name: string;
}

const WORD = /[\p{L}\p{N}_]/u;

/** Where a mention may start: an `@` at the start or after something that is not part of a word (not an email address). */
function mentionStarts(body: string): number[] {
  const starts: number[] = [];
  for (let i = body.indexOf('@'); i >= 0; i = body.indexOf('@', i + 1)) {
    if (i === 0 || !WORD.test(body[i - 1]!)) starts.push(i);
  }
  return starts;
}

/** The longest colleague name written right after the `@` at `at` (whole words, any case), or null. */
function nameAt(body: string, at: number, byLength: Colleague[]): string | null {
  const rest = body.slice(at + 1).toLowerCase();
  for (const colleague of byLength) {
    const name = colleague.name.toLowerCase();
    if (name && rest.startsWith(name) && !WORD.test(rest.charAt(name.length))) return name;
  }
  return null;
}

const longestFirst = (colleagues: readonly Colleague[]) => [...colleagues].sort((a, b) => b.name.length - a.name.length);

/**
 * The ids of the colleagues `body` mentions. Where names overlap ("@Anna" and "@Anna de Vries")
 * the longest that is written wins; colleagues with the very same name are all mentioned.
 */
export function mentionedIn(body: string, colleagues: readonly Colleague[]): string[] {
  const byLength = longestFirst(colleagues);
  const ids = new Set<string>();
  for (const at of mentionStarts(body)) {
    const name = nameAt(body, at, byLength);
    if (name) for (const c of colleagues) if (c.name.toLowerCase() === name) ids.add(c.id);
  }
  return [...ids];
}

/** `body` in pieces, the mentions of `colleagues` marked, for showing them highlighted (as text). */
export function mentionSegments(body: string, colleagues: readonly Colleague[]): { text: string; mention: boolean }[] {
  const byLength = longestFirst(colleagues);
  const segments: { text: string; mention: boolean }[] = [];
  let from = 0;
  for (const at of mentionStarts(body)) {
    if (at < from) continue;
    const name = nameAt(body, at, byLength);
    if (!name) continue;
    if (at > from) segments.push({ text: body.slice(from, at), mention: false });
    segments.push({ text: body.slice(at, at + 1 + name.length), mention: true });
    from = at + 1 + name.length;
  }
  if (from < body.length) segments.push({ text: body.slice(from), mention: false });
  return segments;
}
