// Which vacancies a recruiter handles (users.vacancies, for the round robin of handoffs): the
// ids of the screening's roles, the values contacts.vacancy holds.
import { z } from 'zod';
import { loadScreeningConfig } from '../agent/config';

/** The vacancies an admin can choose from, with their names. */
export function vacancyChoices(): { id: string; label: { nl: string; en: string } }[] {
  return loadScreeningConfig().roles.map((role) => ({ id: role.id, label: role.label }));
}

export const vacancyList = z
  .array(z.string().max(100))
  .max(50)
  .superRefine((ids, ctx) => {
    const known = new Set(vacancyChoices().map((v) => v.id));
    ids.forEach((id, index) => {
      if (!known.has(id)) ctx.addIssue({ code: 'custom', path: [index], message: `There is no vacancy ${JSON.stringify(id)}.` });
    });
  })
  .transform((ids) => [...new Set(ids)]);
