// The variables of a quick reply, filled in when a recruiter inserts it: {{name}} (the
// candidate's name as WhatsApp gives it), {{role}} (the vacancy from their screening, in the
// reply's language), {{recruiter}} (the signed-in user's name). Anything else in braces is
// left as typed. A variable without a value is removed with the spaces before it, so
// "Hoi {{name}}, ..." becomes "Hoi, ..." rather than "Hoi , ...". Pure: the server fills
// (GET /api/quick-replies?conversation=) and the admin screen previews with the same rule.

export const QUICK_REPLY_VARIABLES = ['name', 'role', 'recruiter'] as const;
export type QuickReplyVariable = (typeof QUICK_REPLY_VARIABLES)[number];
export type QuickReplyValues = Partial<Record<QuickReplyVariable, string | null>>;

const VARIABLE = /([ \t]*)\{\{\s*(name|role|recruiter)\s*\}\}/g;

export function fillVariables(body: string, values: QuickReplyValues): string {
  return body.replace(VARIABLE, (_, space: string, key: QuickReplyVariable) => {
    const value = values[key]?.trim();
    return value ? `${space}${value}` : '';
  });
}
