// Fuzz: generated malformed and mutated webhook bodies against the running app. Never a
// 5xx, never a crash; what is accepted is stored exactly once (or, what is not understood,
// kept in webhook_events), the rest gets a 4xx.
import { describe, expect, it } from 'vitest';
import { db } from '../lib/db/client';
import { cloudPayload, exampleContact, exampleMessage, exampleStatus, legacyPayload, newWamid, EXAMPLE_MESSAGE_TYPES } from '../dev/examples';
import { storableJson } from '../lib/ingest/fields';
import { TEST_SECRETS } from './helpers/secrets';
import { baseUrl, postWebhook, uniquePhone } from './helpers/webhook';

// A small seeded generator, so a failure can be reproduced.
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  return { next, int, pick };
}

const WEIRD_STRINGS = [
  '', ' ', '\u0000', '\ud800', '\udfff', 'a\u0000b', '\u202e\u202dRTL', '\u200b\u200c\u200d', '👩🏽‍🔧🏳️‍🌈', 'Ω≈ç√∫˜µ≤',
  '<script>alert(1)</script>', "'; DROP TABLE messages; --", '%s%n%x', '../../etc/passwd', 'null', 'true', '1e309', '-0',
];

function mutate(value: unknown, r: ReturnType<typeof random>, depth = 0): unknown {
  if (depth > 6) return value;
  if (Array.isArray(value)) {
    const copy = value.map((v) => (r.next() < 0.5 ? mutate(v, r, depth + 1) : v));
    if (r.next() < 0.1) copy.push(mutate(value[0], r, depth + 1));
    if (r.next() < 0.1) copy.pop();
    return copy;
  }
  if (value && typeof value === 'object') {
    const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    for (const key of Object.keys(copy)) {
      const roll = r.next();
      if (roll < 0.08) delete copy[key];
      else if (roll < 0.16) copy[key] = r.pick([null, 42, -1, 3.14, true, [], {}, r.pick(WEIRD_STRINGS), 'x'.repeat(r.int(5000))]);
      else if (roll < 0.6) copy[key] = mutate(copy[key], r, depth + 1);
    }
    if (r.next() < 0.1) copy[r.pick(WEIRD_STRINGS) || 'extra'] = r.pick(WEIRD_STRINGS);
    return copy;
  }
  if (typeof value === 'string' && r.next() < 0.3) return r.pick([...WEIRD_STRINGS, value + r.pick(WEIRD_STRINGS), value.repeat(r.int(50) + 1)]);
  return value;
}

function deepNesting(depth: number): string {
  return `${'['.repeat(depth)}${']'.repeat(depth)}`;
}

function generate(seed: number, count: number): string[] {
  const r = random(seed);
  const bodies: string[] = [];
  for (let i = 0; i < count; i++) {
    const from = uniquePhone();
    const messages = Array.from({ length: 1 + r.int(3) }, () => exampleMessage(r.pick(EXAMPLE_MESSAGE_TYPES), { from, text: r.pick(WEIRD_STRINGS) || 'hoi' }));
    const statuses = r.next() < 0.3 ? [exampleStatus({ wamid: newWamid(), status: r.pick(['sent', 'delivered', 'read', 'failed'] as const) })] : undefined;
    const parts = { contacts: [exampleContact({ from })], messages, ...(statuses ? { statuses } : {}) };
    const valid = r.next() < 0.5 ? cloudPayload(parts) : legacyPayload(parts);
    const kind = r.int(10);
    if (kind === 0) bodies.push(JSON.stringify(valid)); // valid, unchanged
    else if (kind === 1) bodies.push(JSON.stringify(valid).slice(0, r.int(JSON.stringify(valid).length))); // truncated
    else if (kind === 2) bodies.push(deepNesting(1 + r.int(5000)));
    else if (kind === 3) bodies.push(JSON.stringify({ ...valid, entry: { nested: JSON.parse(`${'{"a":'.repeat(200)}1${'}'.repeat(200)}`) } }));
    else if (kind === 4) bodies.push(JSON.stringify(r.pick([null, 0, 'text', [], true, { object: 1, entry: 'x' }])));
    else bodies.push(JSON.stringify(mutate(valid, r)));
  }
  return bodies;
}

function wamidsIn(body: string): string[] {
  try {
    const json = JSON.parse(body);
    const values = json.entry ? json.entry.flatMap((e: any) => e.changes.map((c: any) => c.value)) : [json];
    // Stored as PostgreSQL can store them (NUL and lone surrogates become U+FFFD).
    return values
      .flatMap((v: any) => (Array.isArray(v?.messages) ? v.messages.map((m: any) => m?.id) : []))
      .filter((id: unknown): id is string => typeof id === 'string')
      .map((id: string) => storableJson(id) as string);
  } catch {
    return [];
  }
}

describe('fuzzing the webhook', () => {
  it('answers 1,200 generated bodies without a 5xx, storing what it accepts exactly once', async () => {
    const bodies = generate(20261124, 1200);
    const results: { body: string; status: number }[] = [];
    for (let i = 0; i < bodies.length; i += 24) {
      const batch = bodies.slice(i, i + 24);
      const responses = await Promise.all(batch.map((body) => postWebhook(body)));
      responses.forEach((response, j) => results.push({ body: batch[j]!, status: response.status }));
    }
    const byStatus = results.reduce<Record<number, number>>((counts, r) => ({ ...counts, [r.status]: (counts[r.status] ?? 0) + 1 }), {});
    expect(Object.keys(byStatus).map(Number).every((status) => status < 500), JSON.stringify(byStatus)).toBe(true);
    expect(Object.keys(byStatus).map(Number).every((status) => [200, 400, 413, 422].includes(status)), JSON.stringify(byStatus)).toBe(true);
    expect(byStatus[200]).toBeGreaterThan(100);
    expect(byStatus[400]).toBeGreaterThan(50);
    expect(byStatus[422]).toBeGreaterThan(50);

    // Accepted: every message stored, once, or (what was not understood) kept in webhook_events.
    // Refused: nothing of it stored.
    const accepted = [...new Set(results.filter((r) => r.status === 200).flatMap((r) => wamidsIn(r.body)))];
    const refused = [...new Set(results.filter((r) => r.status !== 200).flatMap((r) => wamidsIn(r.body)))].filter((w) => !accepted.includes(w));
    const stored = await db().message.groupBy({ by: ['wamid'], where: { wamid: { in: [...accepted, ...refused] } }, _count: true });
    const count = new Map(stored.map((s) => [s.wamid, s._count]));
    const notStored = accepted.filter((w) => !count.has(w));
    const kept = await db().$queryRaw<{ wamid: string }[]>`
      SELECT w.wamid FROM unnest(${notStored}::text[]) AS w(wamid)
      WHERE EXISTS (SELECT 1 FROM webhook_events e WHERE strpos(e.payload::text, to_json(w.wamid)::text) > 0)`;
    expect(accepted.filter((w) => (count.get(w) ?? 0) > 1)).toEqual([]);
    expect(notStored.filter((w) => !kept.some((k) => k.wamid === w))).toEqual([]);
    expect(refused.filter((w) => count.has(w))).toEqual([]);

    // Still up.
    expect((await fetch(`${baseUrl()}/api/health`)).status).toBe(200);
    expect(TEST_SECRETS.WHATSAPP_APP_SECRET).toBeTruthy();
  }, 180_000);
});
