// How many conversations each filter option would show, for the list's current combination
// (GET /api/conversations/counts, the same parameters as the list). An option of one filter
// is counted with every other filter as it is: picking it would show that many. A label is
// counted with the labels already chosen (labels narrow: the count is of conversations
// carrying those and this one).
//
// Hand-written: one pass over the conversations the tabs and the search leave (joined with
// their contact once), each filter's condition computed once per row, then one GROUP BY per
// filter over that set, all in one statement.
import { loadScreeningConfig } from '../agent/config';
import { db, Prisma } from '../db/client';
import type { ConversationCounts } from '../definitions';
import { filterConditions, type ListFilters } from './filters';
import { tabAndSearchConditions, type ListQuery } from './read-model';

const TRUE = Prisma.sql`true`;

export async function conversationCounts(query: Pick<ListQuery, 'filter' | 'q'> & ListFilters, userId: string): Promise<ConversationCounts> {
  const base = await tabAndSearchConditions(query, userId);
  const f = filterConditions(query, userId, (column) => Prisma.sql`ct.${Prisma.raw(column)}`);
  const rows = await db().$queryRaw<{ facet: string; key: string | null; n: number }[]>`
    WITH base AS MATERIALIZED (
      SELECT c.id, c.status, c.assignee_id, ct.vacancy, ct.qualification,
        ${f.status ?? TRUE} AS s, ${f.assignee ?? TRUE} AS a, ${f.label ?? TRUE} AS l, ${f.vacancy ?? TRUE} AS v, ${f.qualification ?? TRUE} AS q
      FROM conversations c JOIN contacts ct ON ct.id = c.contact_id
      WHERE ${base.length > 0 ? Prisma.join(base, ' AND ') : TRUE}
    )
    SELECT 'total' AS facet, NULL AS key, count(*)::int AS n FROM base WHERE s AND a AND l AND v AND q
    UNION ALL SELECT 'status', status::text, count(*)::int FROM base WHERE a AND l AND v AND q GROUP BY status
    UNION ALL SELECT 'assignee', assignee_id::text, count(*)::int FROM base WHERE s AND l AND v AND q GROUP BY assignee_id
    UNION ALL SELECT 'vacancy', vacancy, count(*)::int FROM base WHERE s AND a AND l AND q GROUP BY vacancy
    UNION ALL SELECT 'qualification', qualification::text, count(*)::int FROM base WHERE s AND a AND l AND v GROUP BY qualification
    UNION ALL SELECT 'label', cl.label_id::text, count(*)::int
      FROM base JOIN conversation_labels cl ON cl.conversation_id = base.id WHERE s AND a AND l AND v AND q GROUP BY cl.label_id`;

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
  for (const { facet, key, n } of rows) {
    if (facet === 'total') counts.total = n;
    else if (facet === 'status') counts.status[key as keyof ConversationCounts['status']] = n;
    else if (facet === 'assignee') {
      if (key === null) counts.assignee.none = n;
      else {
        if (key === userId) counts.assignee.me = n;
        assignees.set(key, n);
      }
    } else if (facet === 'vacancy') {
      // Vacancies no longer in the screening cannot be filtered on: not offered.
      if (key === null) counts.vacancy.none = n;
      else if (key in counts.vacancy) counts.vacancy[key] = n;
    } else if (facet === 'qualification') counts.qualification[(key ?? 'none') as keyof ConversationCounts['qualification']] = n;
    else if (facet === 'label' && key) counts.label[key] = n;
  }
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
