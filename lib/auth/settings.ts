// A user's own settings (GET/PATCH /api/users/me): available or away (away users get no
// handoffs), the dashboard's language (null: the agency's DASHBOARD_LOCALE), and which
// notifications they receive (a missing choice is on).
import { z } from 'zod';
import { db } from '../db/client';
import type { NotificationKind, NotificationPrefs, UserSettings } from '../definitions';
import { DomainError, notFound } from '../errors';
import { LOCALES } from '../i18n/locales';
import { NOTIFICATION_KINDS } from '../notifications/record';

const notificationChoices = z
  .object(Object.fromEntries(NOTIFICATION_KINDS.map((kind) => [kind, z.boolean().optional()])) as Record<NotificationKind, z.ZodOptional<z.ZodBoolean>>)
  .strict();

export const settingsChange = z
  .object({
    available: z.boolean().optional(),
    locale: z.enum(LOCALES).nullable().optional(),
    notifications: notificationChoices.optional(),
  })
  .strict()
  .refine((value) => Object.keys(value).length > 0, { message: 'Give at least one setting.' });
export type SettingsChange = z.output<typeof settingsChange>;


const SETTINGS_FIELDS = { id: true, email: true, name: true, role: true, available: true, locale: true, notificationPrefs: true, vacancies: true } as const;

function toSettings(row: { notificationPrefs: unknown } & Omit<UserSettings, 'notifications'>): UserSettings {
  const prefs = (row.notificationPrefs ?? {}) as NotificationPrefs;
  const { notificationPrefs: _, ...rest } = row;
  return { ...rest, notifications: Object.fromEntries(NOTIFICATION_KINDS.map((kind) => [kind, prefs[kind] !== false])) as UserSettings['notifications'] };
}

export async function mySettings(userId: string): Promise<UserSettings> {
  const row = await db().user.findUnique({ where: { id: userId }, select: SETTINGS_FIELDS });
  return row ? toSettings(row) : notFound('There is no such user.');
}

/**
 * Changes any of the user's settings. A key that is not a setting is a malformed request
 * (400, naming it); a value of the wrong kind is invalid (422).
 */
export async function changeMySettings(userId: string, input: unknown): Promise<UserSettings> {
  const parsed = settingsChange.safeParse(input);
  if (!parsed.success) {
    const unknown = parsed.error.issues.find((issue) => issue.code === 'unrecognized_keys');
    if (unknown) {
      const path = [...unknown.path, ...unknown.keys].join('.');
      throw new DomainError('malformed', `There is no setting ${JSON.stringify(path)}.`, { code: 'unknown_setting' });
    }
    throw parsed.error;
  }
  const change = parsed.data;
  const row = await db().$transaction(async (tx) => {
    // Merged in the statement, so two tabs changing different choices at once keep both.
    if (change.notifications) {
      await tx.$executeRaw`
        UPDATE users SET notification_prefs = notification_prefs || ${JSON.stringify(change.notifications)}::jsonb, updated_at = now()
        WHERE id = ${userId}::uuid`;
    }
    return tx.user.update({
      where: { id: userId },
      data: { ...(change.available !== undefined ? { available: change.available } : {}), ...(change.locale !== undefined ? { locale: change.locale } : {}) },
      select: SETTINGS_FIELDS,
    });
  });
  return toSettings(row);
}
