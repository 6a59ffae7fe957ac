// Dashboard users: recruiters and admins.
import { z } from 'zod';
import { db } from '../db/client';
import { hashPassword, verifyPassword } from './passwords';

export const newUserInput = z.object({
  email: z.email().trim().toLowerCase().max(254),
  name: z.string().trim().min(1, 'a name is required').max(120),
  role: z.enum(['ADMIN', 'RECRUITER']).default('RECRUITER'),
  password: z.string().min(12, 'at least 12 characters').max(200),
});

export type NewUser = z.input<typeof newUserInput>;

export class UserExistsError extends Error {
  constructor(email: string) {
    super(`A user with the email ${email} already exists.`);
    this.name = 'UserExistsError';
  }
}

export async function createUser(input: NewUser) {
  const data = newUserInput.parse(input);
  const existing = await db().user.findUnique({ where: { email: data.email } });
  if (existing) throw new UserExistsError(data.email);
  return db().user.create({
    data: { email: data.email, name: data.name, role: data.role, passwordHash: await hashPassword(data.password) },
    select: { id: true, email: true, name: true, role: true, active: true },
  });
}

/** The active user with these credentials, or null (same answer for unknown email and wrong password). */
export async function authenticate(email: string, password: string) {
  const user = await db().user.findUnique({ where: { email: email.trim().toLowerCase() } });
  const valid = await verifyPassword(password, user?.passwordHash);
  if (!user || !valid || !user.active) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}
