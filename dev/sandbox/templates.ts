// The message templates the sandbox account has "approved", in the shape
// GET /v1/configs/templates returns them. Edit freely: they exist only in the sandbox.
export interface SandboxTemplate {
  name: string;
  language: string;
  category: 'marketing' | 'utility' | 'authentication';
  status: 'approved' | 'rejected' | 'pending';
  components: { type: 'HEADER' | 'BODY' | 'FOOTER' | 'BUTTONS'; text?: string; format?: string; buttons?: unknown[] }[];
}

export const SANDBOX_TEMPLATES: SandboxTemplate[] = [
  {
    name: 'screening_follow_up',
    language: 'nl',
    category: 'utility',
    status: 'approved',
    components: [
      { type: 'BODY', text: 'Hoi {{1}}, je sollicitatie is nog niet af. Zullen we verdergaan met de laatste vragen?' },
      { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Ja, graag' }, { type: 'QUICK_REPLY', text: 'Nee, bedankt' }] },
    ],
  },
  {
    name: 'screening_follow_up',
    language: 'en',
    category: 'utility',
    status: 'approved',
    components: [
      { type: 'BODY', text: 'Hi {{1}}, your application is not finished yet. Shall we continue with the last questions?' },
      { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Yes, please' }, { type: 'QUICK_REPLY', text: 'No, thanks' }] },
    ],
  },
  {
    name: 'interview_invitation',
    language: 'nl',
    category: 'utility',
    status: 'approved',
    components: [{ type: 'BODY', text: 'Hoi {{1}}, we nodigen je graag uit voor een gesprek op {{2}}. Past dat?' }],
  },
  {
    name: 'vacancy_alert',
    language: 'nl',
    category: 'marketing',
    status: 'approved',
    components: [
      { type: 'BODY', text: 'Hoi {{1}}! Er is een nieuwe vacature als {{2}} in {{3}}. Interesse?' },
      { type: 'FOOTER', text: 'Reageer STOP om geen vacatures meer te ontvangen' },
    ],
  },
  {
    name: 'old_promotion',
    language: 'nl',
    category: 'marketing',
    status: 'rejected',
    components: [{ type: 'BODY', text: 'Dit sjabloon is afgekeurd.' }],
  },
];

/** How many {{n}} parameters a template's body takes. */
export function bodyParameterCount(template: SandboxTemplate): number {
  const body = template.components.find((c) => c.type === 'BODY')?.text ?? '';
  return new Set(body.match(/\{\{\d+\}\}/g) ?? []).size;
}
