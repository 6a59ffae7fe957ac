// How many conversations each filter option would show, for the list's current combination
// (GET /api/conversations/counts, the same parameters as the list). An option of one filter
// is counted with every other filter as it is: picking it would show that many. A label is
// counted with the labels already chosen (labels narrow: the count is of conversations
// carrying those and this one).
//
// Hand-written: one pass over the conversations the tabs and the search leave, joined with
// their contact once, grouped by every filter's column and whether each filter holds: a few
// hundred groups at most, from which every filter's counts are added up here. The labels are
// counted beside it, over the conversations every filter lets through. (Grouped by the columns
// themselves, not their text: PostgreSQL then expects few groups and hashes them in memory.)
import { loadScreeningConfig } from '../agent/config';
import { db, Prisma } from '../db/client';
import type { ConversationCounts } from '../definitions';
import { filterConditions, type ListFilters } from './filters';
import { tabAndSearchConditions, type ListQuery } from './read-model';

const TRUE = Prisma.sql`true`;

interface Group {
  status: string;
  assignee_id: string | null;
  vacancy: string | null;
  qualification: string | null;
  s: boolean;
  a: boolean;
  l: boolean;
  v: boolean;
  q: boolean;
  n: number;
}

export async function conversationCounts(query: Pick<ListQuery, 'filter' | 'q'> & ListFilters, userId: string): Promise<ConversationCounts> {
  const base = await tabAndSearchConditions(query, userId);
  const f = filterConditions(query, userId, (column) => Prisma.sql`ct.${Prisma.raw(column)}`);
  const where = base.length > 0 ? Prisma.join(base, ' AND ') : TRUE;
  const all = [f.status, f.assignee, f.label, f.vacancy, f.qualification].filter((c): c is Prisma.Sql => c !== null);
  const [groups, labelRows] = await Promise.all([
    db().$queryRaw<Group[]>`
      SELECT c.status::text AS status, c.assignee_id::text AS assignee_id, ct.vacancy, ct.qualification::text AS qualification,
        ${f.status ?? TRUE} AS s, ${f.assignee ?? TRUE} AS a, ${f.label ?? TRUE} AS l, ${f.vacancy ?? TRUE} AS v,
        ${f.qualification ?? TRUE} AS q, count(*)::int AS n
      FROM conversations c JOIN contacts ct ON ct.id = c.contact_id
      WHERE ${where}
      GROUP BY c.status, c.assignee_id, ct.vacancy, ct.qualification, 5, 6, 7, 8, 9`,
    db().$queryRaw<{ label_id: string; n: number }[]>`
      SELECT cl.label_id::text AS label_id, count(*)::int AS n
      FROM conversations c JOIN contacts ct ON ct.id = c.contact_id JOIN conversation_labels cl ON cl.conversation_id = c.id
      WHERE ${where} ${all.length > 0 ? Prisma.sql`AND ${Prisma.join(all, ' AND ')}` : Prisma.empty}
      GROUP BY cl.label_id`,
  ]);

  const roles = loadScreeningConfig().roles;
  const counts: ConversationCounts = {
    total: 0,
    status: { OPEN: 0, NEEDS_HUMAN: 0, RESOLVED: 0 },
    assignee: { me: 0, none: 0, users: [] },
    label: {},
    vacancy: Object.fromEntries([...roles.map((role) => [role.id, 0] as const), ['none', 0] as const]),
    qualification: { QUALIFIED: 0, MAYBE: 0, NOT_A_FIT: 0, none: 0 },
    vacancies: roles.map((role) => ({ id: role.id, name: role.label })),
  };
  const assignees = new Map<string, number>();
  for (const g of groups) {
    // Each filter's options are counted with every other filter holding.
    if (g.a && g.l && g.v && g.q) counts.status[g.status as keyof ConversationCounts['status']] += g.n;
    if (g.s && g.l && g.v && g.q) {
      if (g.assignee_id === null) counts.assignee.none += g.n;
      else assignees.set(g.assignee_id, (assignees.get(g.assignee_id) ?? 0) + g.n);
    }
    // Vacancies no longer in the screening cannot be filtered on: not offered.
    if (g.s && g.a && g.l && g.q && (g.vacancy === null || g.vacancy in counts.vacancy)) counts.vacancy[g.vacancy ?? 'none'] = (counts.vacancy[g.vacancy ?? 'none'] ?? 0) + g.n;
    if (g.s && g.a && g.l && g.v) counts.qualification[(g.qualification ?? 'none') as keyof ConversationCounts['qualification']] += g.n;
    if (g.s && g.a && g.l && g.v && g.q) counts.total += g.n;
  }
  counts.assignee.me = assignees.get(userId) ?? 0;
  for (const row of labelRows) counts.label[row.label_id] = row.n;
  // The user chosen stays an option even with nothing here.
  if (query.assignee && query.assignee !== 'me' && query.assignee !== 'none' && !assignees.has(query.assignee)) assignees.set(query.assignee, 0);
  if (assignees.size > 0) {
    const users = await db().user.findMany({ where: { id: { in: [...assignees.keys()] } }, select: { id: true, name: true } });
    counts.assignee.users = users
      .map((u) => ({ id: u.id, name: u.name, count: assignees.get(u.id)! }))
      .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  }
  return counts;
}
