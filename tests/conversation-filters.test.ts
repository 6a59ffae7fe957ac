// The conversation list's filters over HTTP: assignee, labels, vacancy, qualification and
// status, with each other and with the old tabs and the search; the counts per option match
// what the list shows with that option; a bad parameter is a 400.
import { beforeAll, describe, expect, it } from 'vitest';
import type { ConversationCounts, ConversationSummary } from '../lib/definitions';
import { signedInAs } from './helpers/auth';
import { makeConversation, uniqueWord, type ConversationState } from './helpers/conversations';
import { baseUrl } from './helpers/webhook';

type Spec = ConversationState & { id: string; labels: string[] };

let me: Awaited<ReturnType<typeof signedInAs>>;
let other: Awaited<ReturnType<typeof signedInAs>>;
let word: string;
let A: string;
let B: string;
let specs: Spec[];

async function get<T>(path: string, params: [string, string][], cookie = me.cookie): Promise<{ status: number; body: T }> {
  const query = new URLSearchParams(params).toString();
  const response = await fetch(`${baseUrl()}${path}?${query}`, { headers: { cookie } });
  return { status: response.status, body: (await response.json()) as T };
}

/** Every id the list shows for these parameters (walking its pages). */
async function list(params: [string, string][]): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const page: { status: number; body: { conversations: ConversationSummary[]; nextCursor: string | null } } = await get('/api/conversations', [
      ...params,
      ['limit', '2'],
      ...(cursor ? ([['cursor', cursor]] as [string, string][]) : []),
    ]);
    expect(page.status).toBe(200);
    ids.push(...page.body.conversations.map((c) => c.id));
    cursor = page.body.nextCursor;
  } while (cursor);
  return ids;
}

const ids = (predicate: (s: Spec) => boolean) => specs.filter(predicate).map((s) => s.id).sort();
const sorted = (values: string[]) => [...values].sort();

beforeAll(async () => {
  me = await signedInAs('RECRUITER');
  other = await signedInAs('RECRUITER');
  const admin = await signedInAs('ADMIN');
  const label = async (name: string) => {
    const response = await fetch(`${baseUrl()}/api/labels`, {
      method: 'POST',
      headers: { cookie: admin.cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ name: uniqueWord(name), color: '#336699' }),
    });
    return ((await response.json()) as { label: { id: string } }).label.id;
  };
  [A, B] = [await label('Amsterdam '), await label('Tweede gesprek ')];
  word = uniqueWord('Filtertest');
  const states: (ConversationState & { labels: string[] })[] = [
    { status: 'OPEN', assigneeId: me.user.id, vacancy: 'hairdresser', qualification: 'QUALIFIED', labels: [A] },
    { status: 'NEEDS_HUMAN', assigneeId: null, vacancy: 'barber', qualification: 'MAYBE', labels: [A, B] },
    { status: 'RESOLVED', assigneeId: other.user.id, vacancy: null, qualification: null, labels: [B] },
    { status: 'NEEDS_HUMAN', assigneeId: me.user.id, vacancy: 'hairdresser', qualification: 'NOT_A_FIT', labels: [] },
    { status: 'OPEN', assigneeId: null, vacancy: 'hairdresser', qualification: 'QUALIFIED', labels: [A, B] },
    { status: 'OPEN', assigneeId: other.user.id, vacancy: 'beautician', qualification: null, labels: [A] },
  ];
  specs = [];
  for (const [i, state] of states.entries()) {
    specs.push({ ...state, id: await makeConversation({ ...state, name: `${word} ${i}`, labelIds: state.labels }) });
  }
});

describe('the list\'s filters', () => {
  it('each filter alone (within the search)', async () => {
    const q: [string, string] = ['q', word];
    expect(sorted(await list([q]))).toEqual(ids(() => true));
    expect(sorted(await list([q, ['assignee', 'me']]))).toEqual(ids((s) => s.assigneeId === me.user.id));
    expect(sorted(await list([q, ['assignee', 'none']]))).toEqual(ids((s) => !s.assigneeId));
    expect(sorted(await list([q, ['assignee', other.user.id]]))).toEqual(ids((s) => s.assigneeId === other.user.id));
    expect(sorted(await list([q, ['label', A]]))).toEqual(ids((s) => s.labels.includes(A)));
    expect(sorted(await list([q, ['vacancy', 'hairdresser']]))).toEqual(ids((s) => s.vacancy === 'hairdresser'));
    expect(sorted(await list([q, ['vacancy', 'none']]))).toEqual(ids((s) => !s.vacancy));
    expect(sorted(await list([q, ['qualification', 'QUALIFIED']]))).toEqual(ids((s) => s.qualification === 'QUALIFIED'));
    expect(sorted(await list([q, ['qualification', 'none']]))).toEqual(ids((s) => !s.qualification));
    for (const status of ['OPEN', 'NEEDS_HUMAN', 'RESOLVED'] as const) {
      expect(sorted(await list([q, ['status', status]]))).toEqual(ids((s) => s.status === status));
    }
  });

  it('several labels: a conversation must carry all of them', async () => {
    expect(sorted(await list([['q', word], ['label', A], ['label', B]]))).toEqual(ids((s) => s.labels.includes(A) && s.labels.includes(B)));
    // Without the search too: the labels are this test's own.
    expect(sorted(await list([['label', B]]))).toEqual(ids((s) => s.labels.includes(B)));
    expect(sorted(await list([['label', B], ['label', A], ['label', B]]))).toEqual(ids((s) => s.labels.includes(A) && s.labels.includes(B)));
  });

  it('combined with each other, with the old tabs and with the search', async () => {
    expect(sorted(await list([['q', word], ['label', A], ['assignee', 'none'], ['status', 'OPEN']]))).toEqual(
      ids((s) => s.labels.includes(A) && !s.assigneeId && s.status === 'OPEN'),
    );
    expect(sorted(await list([['q', word], ['vacancy', 'hairdresser'], ['qualification', 'QUALIFIED'], ['assignee', 'me']]))).toEqual(
      ids((s) => s.vacancy === 'hairdresser' && s.qualification === 'QUALIFIED' && s.assigneeId === me.user.id),
    );
    expect(sorted(await list([['filter', 'needs_human'], ['label', A]]))).toEqual(ids((s) => s.status === 'NEEDS_HUMAN' && s.labels.includes(A)));
    expect(sorted(await list([['filter', 'open'], ['label', B]]))).toEqual(ids((s) => s.status !== 'RESOLVED' && s.labels.includes(B)));
    expect(sorted(await list([['filter', 'mine'], ['q', word], ['vacancy', 'hairdresser']]))).toEqual(
      ids((s) => s.assigneeId === me.user.id && s.vacancy === 'hairdresser'),
    );
    // Contradictions are simply empty.
    expect(await list([['filter', 'mine'], ['q', word], ['assignee', 'none']])).toEqual([]);
    expect(await list([['filter', 'resolved'], ['q', word], ['status', 'OPEN']])).toEqual([]);
    // The search still narrows: another word finds none of these.
    expect(await list([['q', uniqueWord('Niemand')], ['label', A]])).toEqual([]);
    // The rows carry their labels.
    const { body } = await get<{ conversations: ConversationSummary[] }>('/api/conversations', [['q', word], ['label', B]]);
    for (const row of body.conversations) expect(sorted(row.labels.map((l) => l.id))).toEqual(sorted(specs.find((s) => s.id === row.id)!.labels));
  });

  it('counts per option what the list shows with that option', async () => {
    const combinations: [string, string][][] = [
      [['q', word]],
      [['q', word], ['label', A]],
      [['q', word], ['status', 'OPEN'], ['assignee', 'none']],
      [['q', word], ['vacancy', 'hairdresser'], ['label', B]],
      [['q', word], ['qualification', 'QUALIFIED'], ['filter', 'open']],
      [['label', A], ['label', B]],
    ];
    for (const current of combinations) {
      const { status, body: counts } = await get<ConversationCounts>('/api/conversations/counts', current);
      expect(status).toBe(200);
      expect(counts.total, JSON.stringify(current)).toBe((await list(current)).length);
      const without = (name: string) => current.filter(([key]) => key !== name);
      const pick = async (name: string, value: string) => (await list([...without(name), [name, value]])).length;
      for (const s of ['OPEN', 'NEEDS_HUMAN', 'RESOLVED'] as const) expect(counts.status[s], `status ${s} ${JSON.stringify(current)}`).toBe(await pick('status', s));
      expect(counts.assignee.me).toBe(await pick('assignee', 'me'));
      expect(counts.assignee.none).toBe(await pick('assignee', 'none'));
      for (const user of counts.assignee.users) expect(user.count).toBe(await pick('assignee', user.id));
      for (const q of ['QUALIFIED', 'MAYBE', 'NOT_A_FIT', 'none'] as const) expect(counts.qualification[q]).toBe(await pick('qualification', q));
      for (const v of ['hairdresser', 'barber', 'beautician', 'none']) expect(counts.vacancy[v], `vacancy ${v}`).toBe(await pick('vacancy', v));
      // A label is counted with the labels already chosen.
      for (const label of [A, B]) expect(counts.label[label] ?? 0, `label ${JSON.stringify(current)}`).toBe((await list([...current, ['label', label]])).length);
    }
    // Concretely, for the search alone.
    const { body } = await get<ConversationCounts>('/api/conversations/counts', [['q', word]]);
    expect(body).toMatchObject({
      total: 6,
      status: { OPEN: 3, NEEDS_HUMAN: 2, RESOLVED: 1 },
      assignee: { me: 2, none: 2 },
      label: { [A]: 4, [B]: 3 },
      vacancy: { hairdresser: 3, barber: 1, beautician: 1, none: 1 },
      qualification: { QUALIFIED: 2, MAYBE: 1, NOT_A_FIT: 1, none: 2 },
    });
    expect(body.assignee.users).toEqual(
      expect.arrayContaining([
        { id: me.user.id, name: me.user.name, count: 2 },
        { id: other.user.id, name: other.user.name, count: 2 },
      ]),
    );
    expect(body.vacancies.map((v) => v.id)).toEqual(expect.arrayContaining(['hairdresser', 'barber']));
  });

  it('answers a bad parameter with 400, for the list and the counts', async () => {
    const unknownId = '00000000-0000-4000-8000-0000000000dd';
    const bad: [string, string][][] = [
      [['assignee', 'someone']],
      [['assignee', unknownId]],
      [['label', 'Amsterdam']],
      [['label', unknownId]],
      [['label', A], ['label', unknownId]],
      Array.from({ length: 21 }, (_, i) => ['label', `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`] as [string, string]),
      [['vacancy', 'astronaut']],
      [['vacancy', 'x'.repeat(10_000)]],
      [['qualification', 'GOOD']],
      [['qualification', 'qualified']],
      [['status', 'CLOSED']],
      [['status', '<b>OPEN</b>']],
      [['filter', 'everything']],
      [['limit', '0']],
      [['q', 'x'.repeat(10_000)]],
    ];
    for (const params of bad) {
      for (const path of ['/api/conversations', '/api/conversations/counts']) {
        const { status, body } = await get<{ error: { code: string; message: string } }>(path, params);
        expect(status, `${path} ${JSON.stringify(params).slice(0, 80)}`).toBe(400);
        expect(body.error.code).toBe('invalid_query');
      }
    }
    // An empty value is no filter at all.
    expect(sorted(await list([['q', word], ['status', ''], ['label', '']]))).toEqual(ids(() => true));
    // Signed in, or nothing.
    expect((await fetch(`${baseUrl()}/api/conversations/counts`)).status).toBe(401);
  });
});
