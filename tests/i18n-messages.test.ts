// The dashboard's texts: every namespace exists in Dutch and English with the same keys, no
// text is empty, each is a valid ICU message, and both languages take the same values.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import { LOCALES } from '../lib/i18n/locales';
import { messagesFor } from '../lib/i18n/messages';

const folder = (locale: string) => path.join(import.meta.dirname, '..', 'lib', 'i18n', 'messages', locale);
const namespaces = (locale: string) => readdirSync(folder(locale)).filter((file) => file.endsWith('.json')).sort();

/** Every leaf as [dotted key, value]. */
function leaves(node: unknown, prefix = ''): [string, unknown][] {
  if (node && typeof node === 'object' && !Array.isArray(node)) {
    return Object.entries(node).flatMap(([key, value]) => leaves(value, prefix ? `${prefix}.${key}` : key));
  }
  return [[prefix, node]];
}

/** The values and tags a message takes: {name}, {count, plural, …}, <strong>. */
function argumentsOf(elements: MessageFormatElement[], into = new Set<string>()): Set<string> {
  for (const element of elements) {
    if ('value' in element && element.type !== 0 && typeof element.value === 'string') into.add(element.value);
    if ('options' in element) for (const option of Object.values(element.options)) argumentsOf(option.value, into);
    if ('children' in element) argumentsOf(element.children, into);
  }
  return into;
}

describe('the dashboard texts', () => {
  it('has the same namespace files in every language', () => {
    expect(namespaces('en')).toEqual(namespaces('nl'));
    expect(namespaces('nl').length).toBeGreaterThan(5);
  });

  it.each(namespaces('nl'))('%s: same keys in Dutch and English, none empty, valid ICU with the same values', (file) => {
    const nl = new Map(leaves(JSON.parse(readFileSync(path.join(folder('nl'), file), 'utf8'))));
    const en = new Map(leaves(JSON.parse(readFileSync(path.join(folder('en'), file), 'utf8'))));
    expect([...en.keys()].sort()).toEqual([...nl.keys()].sort());
    for (const [key, value] of [...nl, ...en]) {
      expect(typeof value, `${file} ${key}`).toBe('string');
      expect((value as string).trim(), `${file} ${key}`).not.toBe('');
    }
    for (const [key, value] of nl) {
      const dutch = argumentsOf(parse(value as string));
      const english = argumentsOf(parse(en.get(key) as string));
      expect([...english].sort(), `${file} ${key}`).toEqual([...dutch].sort());
    }
  });

  it('loads every namespace under its file name for each language', () => {
    for (const locale of LOCALES) {
      const messages = messagesFor(locale);
      expect(Object.keys(messages).sort()).toEqual(namespaces(locale).map((file) => file.slice(0, -'.json'.length)).sort());
    }
  });

  it("says every error the dashboard's API can answer in every language, not in the API's English", () => {
    // The codes our modules give (lib/errors.ts: a kind, or a `code` of its own).
    const sources = (dir: string): string[] =>
      readdirSync(dir, { recursive: true, encoding: 'utf8' })
        .filter((file) => /\.tsx?$/.test(file))
        .map((file) => readFileSync(path.join(dir, file), 'utf8'));
    const root = path.join(import.meta.dirname, '..');
    const codes = new Set<string>();
    for (const source of [...sources(path.join(root, 'lib')), ...sources(path.join(root, 'app'))]) {
      for (const match of source.matchAll(/\bcode: '([a-z_]+)'/g)) codes.add(match[1]!);
      for (const match of source.matchAll(/(?:new DomainError|super)\('([a-z_]+)'/g)) codes.add(match[1]!);
    }
    // Answered to 360Dialog's deliveries only, never to the dashboard.
    for (const webhookOnly of ['unauthorized', 'overloaded', 'invalid_payload']) codes.delete(webhookOnly);
    codes.delete('custom'); // zod's issue code for a rule of our own: answered as invalid_input
    expect(codes.size).toBeGreaterThan(25);
    for (const locale of LOCALES) {
      const known = (messagesFor(locale) as { errors: { codes: Record<string, string> } }).errors.codes;
      expect([...codes].filter((code) => !(code in known)), locale).toEqual([]);
    }
  });

  it('speaks Dutch in Dutch: a sample of texts differ from the English', () => {
    const nl = messagesFor('nl') as Record<string, Record<string, unknown>>;
    const en = messagesFor('en') as Record<string, Record<string, unknown>>;
    expect(nl.conversation!.takeOver).toBe('Overnemen');
    expect(en.conversation!.takeOver).toBe('Take over');
    expect(nl.signIn!.submit).not.toBe(en.signIn!.submit);
  });
});
