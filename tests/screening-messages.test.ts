// Specification: what the screening bot reads in a candidate's WhatsApp message, for every question at once, as a recruiter would.
import { describe, expect, it } from 'vitest';
import { loadScreeningConfig } from '../lib/agent/config';
import { readMessage, type Reading } from '../lib/agent/extract/read-message';
import { screeningMessages, type Answers, type MessageCase, type Value } from './fixtures/screening-messages';

const config = loadScreeningConfig();
const today = new Date('2026-11-29T10:00:00Z'); // a Sunday

const entries = (answers: Answers): [string, Value][] =>
  Object.entries(answers).flatMap(([id, value]) => (value === undefined ? [] : [[id, value] as [string, Value]]));

function read(row: MessageCase): Reading {
  return readMessage(
    config,
    { text: row.text, replyId: null, location: row.location ?? null },
    {
      current: row.current,
      answers: Object.fromEntries(entries(row.stored ?? {}).map(([id, value]) => [id, { value }])),
      language: row.conversation ?? 'nl',
      today,
    },
  );
}

function title(row: MessageCase): string {
  const asked = `(asked: ${row.current ?? 'nothing'}${row.stored ? `; known: ${entries(row.stored).map(([id, v]) => `${id}=${v}`).join(', ')}` : ''})`;
  if (row.text === null) return `${row.location ? `shared location ${JSON.stringify(row.location, (_, v: unknown) => (Number.isNaN(v) ? 'NaN' : v))}` : 'no text, no location'} ${asked}`;
  const shown = row.text.length > 80 ? `${row.text.slice(0, 60)}… (${row.text.length} characters)` : row.text;
  return `${JSON.stringify(shown)} ${asked}`;
}

describe('reading a candidate message', () => {
  for (const [category, rows] of Object.entries(screeningMessages)) {
    describe(category, () => {
      for (const row of rows) {
        it(title(row), () => {
          const reading = read(row);

          // What got stored, and nothing else (unless the row says so).
          const got: Record<string, Value> = Object.fromEntries(Object.entries(reading.answers).map(([id, a]) => [id, a.value]));
          const want: Record<string, Value> = Object.fromEntries(entries(row.answers));
          for (const [id, value] of entries(row.maybe ?? {})) if (Object.hasOwn(got, id)) want[id] = value;
          if (row.exact === false) expect(got).toMatchObject(want);
          else expect(got).toEqual(want);

          if (row.range) expect(reading.answers.hours_per_week?.range).toEqual(row.range);

          for (const [id, answer] of Object.entries(reading.answers)) {
            expect(typeof answer.label === 'string' && answer.label.length > 0, `${id} has a label`).toBe(true);
            if (row.text !== null) {
              expect(answer.source.length, `${id} has a source`).toBeGreaterThan(0);
              expect(row.text.includes(answer.source), `${id}'s source ${JSON.stringify(answer.source)} is words of the message`).toBe(true);
            }
          }

          if (row.conflicts) expect([...reading.conflicts].sort()).toEqual([...row.conflicts].sort());
          if (row.correction !== undefined) expect(reading.correction).toBe(row.correction);
          if (row.faq !== undefined) {
            expect(reading.questionBack).not.toBeNull();
            expect(reading.questionBack?.faq).toBe(row.faq);
            expect(typeof reading.questionBack?.text).toBe('string');
          }
          if (row.noQuestion) expect(reading.questionBack).toBeNull();
          if (row.human !== undefined) expect(reading.asksForHuman).toBe(row.human);
          if (row.smallTalk !== undefined) expect(reading.smallTalk).toBe(row.smallTalk);
          if (row.language) expect(reading.language).toBe(row.language);
        });
      }
    });
  }
});

describe('the table itself', () => {
  const rows = Object.values(screeningMessages).flat();
  const questionIds = config.questions.map((q) => q.id);
  const roleIds = config.roles.map((r) => r.id);

  it('holds at least 150 messages', () => {
    expect(rows.length).toBeGreaterThanOrEqual(150);
  });

  it('names only questions and roles that exist, and dates as YYYY-MM-DD', () => {
    for (const row of rows) {
      const named = [...entries(row.answers), ...entries(row.maybe ?? {}), ...entries(row.stored ?? {})];
      for (const [id, value] of named) {
        expect(questionIds).toContain(id);
        if (id === 'role') expect(roleIds).toContain(value);
        if (id === 'start_date') expect(value).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      }
      if (row.current !== null) expect(questionIds).toContain(row.current);
      for (const id of row.conflicts ?? []) expect(questionIds).toContain(id);
    }
  });
});
