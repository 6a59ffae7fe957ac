// What the labels API accepts, for the routes and the admin screen alike.
import { z } from 'zod';

export const LABEL_NAME_MAX = 40;
/** Labels one conversation may carry. */
export const LABELS_PER_CONVERSATION_MAX = 20;

// Names are user text: any characters (shown as text, never as HTML), trimmed, 1–40 long;
// control characters would only make a name look empty or break a line in a chip.
const labelName = z
  .string()
  .trim()
  .min(1, 'a name is required')
  .max(LABEL_NAME_MAX, `at most ${LABEL_NAME_MAX} characters`)
  .refine((name) => !/\p{Cc}/u.test(name), 'no control characters');

const labelColor = z
  .string()
  .regex(/^#[0-9a-fA-F]{6}$/, 'a colour as #RRGGBB')
  .transform((color) => color.toLowerCase());

export const newLabelInput = z.object({ name: labelName, color: labelColor });
export type NewLabel = z.output<typeof newLabelInput>;

export const labelChange = z
  .object({ name: labelName.optional(), color: labelColor.optional() })
  .refine((value) => value.name !== undefined || value.color !== undefined, { message: 'Give a name or a colour.' });
export type LabelChange = z.output<typeof labelChange>;

export const conversationLabelsInput = z.object({
  labels: z
    .array(z.uuid())
    .max(LABELS_PER_CONVERSATION_MAX, `at most ${LABELS_PER_CONVERSATION_MAX} labels`)
    .transform((ids) => [...new Set(ids.map((id) => id.toLowerCase()))]),
});
