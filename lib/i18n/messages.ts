// The dashboard's texts: lib/i18n/messages/<locale>/<namespace>.json, one file per part of
// the dashboard (so each part keeps its own texts), merged into one object per locale with the
// file name as the namespace: `useTranslations('notes')` reads messages/<locale>/notes.json.
// Read once per process.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Locale } from './locales';

type Messages = Record<string, unknown>;
const loaded = new Map<Locale, Messages>();

function folder(locale: Locale) {
  return path.join(process.cwd(), 'lib', 'i18n', 'messages', locale);
}

export function messagesFor(locale: Locale): Messages {
  const cached = loaded.get(locale);
  if (cached) return cached;
  const messages: Messages = {};
  for (const file of readdirSync(folder(locale)).filter((name) => name.endsWith('.json')).sort()) {
    messages[file.slice(0, -'.json'.length)] = JSON.parse(readFileSync(path.join(folder(locale), file), 'utf8'));
  }
  // In development the files change under a running server: read them again each time.
  if (process.env.NODE_ENV === 'production') loaded.set(locale, messages);
  return messages;
}
