// The conversation list's filters beyond the old tabs (`filter`) and the search (`q`):
// assignee, labels, vacancy, qualification and status. They combine with each other and with
// `filter` and `q` (every one must hold). Several labels narrow the list: a conversation must
// carry all of them. One place builds their SQL, for the list and for its counts alike.
import { z } from 'zod';
import { loadScreeningConfig } from '../agent/config';
import { db, Prisma } from '../db/client';
import { DomainError } from '../errors';
import { LABELS_PER_CONVERSATION_MAX } from '../labels/schemas';

export const QUALIFICATION_OPTIONS = ['QUALIFIED', 'MAYBE', 'NOT_A_FIT', 'none'] as const;
export const STATUS_OPTIONS = ['OPEN', 'NEEDS_HUMAN', 'RESOLVED'] as const;

export const listFilterShape = {
  /** `me`, `none` (nobody has it) or a user's id. */
  assignee: z.union([z.literal('me'), z.literal('none'), z.uuid()]).optional(),
  /** Label ids (the parameter repeated); a conversation must carry all of them. */
  label: z.array(z.uuid()).max(LABELS_PER_CONVERSATION_MAX).optional(),
  /** A vacancy (a role id of the screening configuration) or `none` (not known yet). */
  vacancy: z.string().min(1).max(64).optional(),
  qualification: z.enum(QUALIFICATION_OPTIONS).optional(),
  status: z.enum(STATUS_OPTIONS).optional(),
};
export type ListFilters = z.output<z.ZodObject<typeof listFilterShape>>;

/** The query string as an object: `label` as every value given, anything else as its last one; empty values are left out. */
export function queryObject(searchParams: URLSearchParams): Record<string, string | string[]> {
  const object: Record<string, string | string[]> = {};
  for (const [key, value] of searchParams) {
    if (value === '' || key === 'label') continue;
    object[key] = value;
  }
  const labels = searchParams.getAll('label').filter((value) => value !== '');
  if (labels.length > 0) object.label = labels;
  return object;
}

const invalidQuery = (message: string, details?: unknown) => new DomainError('malformed', message, { code: 'invalid_query', details });

/**
 * Parses the list's query string with `schema` and checks that the labels, the assignee and the
 * vacancy it names exist: anything wrong is a 400 naming the parameter.
 */
export async function parseListQuery<S extends z.ZodType<ListFilters>>(schema: S, searchParams: URLSearchParams): Promise<z.output<S>> {
  const parsed = schema.safeParse(queryObject(searchParams));
  if (!parsed.success) {
    throw invalidQuery(
      'The list\'s parameters are not valid.',
      parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
    );
  }
  const query = parsed.data as ListFilters;
  if (query.label) query.label = [...new Set(query.label.map((id) => id.toLowerCase()))];
  if (query.vacancy !== undefined && query.vacancy !== 'none' && !loadScreeningConfig().roles.some((role) => role.id === query.vacancy)) {
    throw invalidQuery('There is no such vacancy.', [{ path: 'vacancy', message: 'not a vacancy of the screening' }]);
  }
  const labels = query.label ?? [];
  const assignee = query.assignee && query.assignee !== 'me' && query.assignee !== 'none' ? query.assignee : null;
  if (labels.length > 0 || assignee) {
    const [found] = await db().$queryRaw<{ labels: number; users: number }[]>`
      SELECT (SELECT count(*) FROM labels WHERE id = ANY(${labels}::uuid[]))::int AS labels,
        (SELECT count(*) FROM users WHERE id = ${assignee}::uuid)::int AS users`;
    if (found!.labels !== labels.length) throw invalidQuery('There is no such label.', [{ path: 'label', message: 'unknown label' }]);
    if (assignee && found!.users === 0) throw invalidQuery('There is no such user.', [{ path: 'assignee', message: 'unknown user' }]);
  }
  return parsed.data;
}

/** Each filter given as a condition on conversations `c`; the contact's columns through `contact`. */
export interface FilterConditions {
  status: Prisma.Sql | null;
  assignee: Prisma.Sql | null;
  label: Prisma.Sql | null;
  vacancy: Prisma.Sql | null;
  qualification: Prisma.Sql | null;
}

/**
 * `contact(column)` reads the conversation's contact's column: a lookup by key in the list
 * (which reads conversations alone, in index order), the joined row in the counts.
 */
export function filterConditions(query: ListFilters, userId: string, contact: (column: 'vacancy' | 'qualification') => Prisma.Sql): FilterConditions {
  const labels = query.label ?? [];
  return {
    status: query.status ? Prisma.sql`c.status = ${query.status}::"ConversationStatus"` : null,
    assignee:
      query.assignee === undefined
        ? null
        : query.assignee === 'none'
          ? Prisma.sql`c.assignee_id IS NULL`
          : Prisma.sql`c.assignee_id = ${query.assignee === 'me' ? userId : query.assignee}::uuid`,
    // Driven by conversation_labels' label index: a rare label is found without a walk.
    label:
      labels.length === 0
        ? null
        : Prisma.sql`c.id IN (SELECT conversation_id FROM conversation_labels WHERE label_id = ANY(${labels}::uuid[])
            GROUP BY conversation_id HAVING count(*) = ${labels.length})`,
    vacancy:
      query.vacancy === undefined
        ? null
        : query.vacancy === 'none'
          ? Prisma.sql`${contact('vacancy')} IS NULL`
          : Prisma.sql`${contact('vacancy')} = ${query.vacancy}`,
    qualification:
      query.qualification === undefined
        ? null
        : query.qualification === 'none'
          ? Prisma.sql`${contact('qualification')} IS NULL`
          : Prisma.sql`${contact('qualification')} = ${query.qualification}::"Qualification"`,
  };
}

/** The contact's column looked up from a conversation `c` (for queries that do not join contacts). */
export const contactColumnOf = (column: 'vacancy' | 'qualification') =>
  Prisma.sql`(SELECT x.${Prisma.raw(column)} FROM contacts x WHERE x.id = c.contact_id)`;
