// Dashboard users: recruiters and admins.
import { z } from 'zod';
import { db } from '../db/client';
import { DomainError, notFound } from '../errors';
import { hashPassword, verifyPassword } from './passwords';
import { vacancyList } from './vacancies';

export const newUserInput = z.object({
  email: z.email().trim().toLowerCase().max(254),
  name: z.string().trim().min(1, 'a name is required').max(120),
  role: z.enum(['ADMIN', 'RECRUITER']).default('RECRUITER'),
  password: z.string().min(12, 'at least 12 characters').max(200),
});

export type NewUser = z.input<typeof newUserInput>;

// What leaves the server about a user: never the password hash.
const USER_FIELDS = { id: true, email: true, name: true, role: true, active: true, available: true, vacancies: true } as const;

export class UserExistsError extends DomainError {
  constructor(email: string) {
    super('conflict', `A user with the email ${email} already exists.`, { code: 'user_exists' });
    this.name = 'UserExistsError';
  }
}

export async function createUser(input: NewUser) {
  const data = newUserInput.parse(input);
  const existing = await db().user.findUnique({ where: { email: data.email } });
  if (existing) throw new UserExistsError(data.email);
  return db().user.create({
    data: { email: data.email, name: data.name, role: data.role, passwordHash: await hashPassword(data.password) },
    select: USER_FIELDS,
  });
}

/** Every dashboard user, active ones first. */
export async function listUsers() {
  return db().user.findMany({ orderBy: [{ active: 'desc' }, { name: 'asc' }], select: { ...USER_FIELDS, createdAt: true } });
}

export const userChange = z
  .object({
    role: z.enum(['ADMIN', 'RECRUITER']).optional(),
    active: z.boolean().optional(),
    // The vacancies (screening role ids) whose handoffs this recruiter gets; empty: every vacancy.
    vacancies: vacancyList.optional(),
  })
  .refine((value) => value.role !== undefined || value.active !== undefined || value.vacancies !== undefined, { message: 'Give a role, active or vacancies.' });
export type UserChange = z.output<typeof userChange>;

/** An admin changes a user's role or (de)activates them; never their own admin role or account. */
export async function changeUser(id: string, change: UserChange, byUserId: string) {
  if (id === byUserId && (change.active === false || change.role === 'RECRUITER')) {
    throw new DomainError('invalid', 'You cannot deactivate yourself or take away your own admin role.', { code: 'own_account' });
  }
  if (!(await db().user.findUnique({ where: { id }, select: { id: true } }))) notFound('There is no such user.');
  return db().user.update({ where: { id }, data: change, select: USER_FIELDS });
}

/** The active user with these credentials, or null (same answer for unknown email and wrong password). */
export async function authenticate(email: string, password: string) {
  const user = await db().user.findUnique({ where: { email: email.trim().toLowerCase() } });
  const valid = await verifyPassword(password, user?.passwordHash);
  if (!user || !valid || !user.active) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}
