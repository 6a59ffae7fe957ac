// The account's approved templates, for the composer when the 24-hour window is closed.
// Asked from 360Dialog at most once a minute per instance.
import { WhatsAppClient } from './client';

export interface TemplateOption {
  name: string;
  language: string;
  category: string;
  body: string;
  parameterCount: number;
}

let cache: { at: number; templates: TemplateOption[] } | undefined;
const TTL_MS = 60_000;

export async function approvedTemplates(client = WhatsAppClient.fromEnv()): Promise<TemplateOption[]> {
  if (cache && Date.now() - cache.at < TTL_MS) return cache.templates;
  const templates = (await client.listTemplates())
    .filter((t) => t.status === 'approved')
    .map((t) => {
      const body = t.components.find((c) => c.type.toUpperCase() === 'BODY')?.text ?? '';
      return { name: t.name, language: t.language, category: t.category, body, parameterCount: new Set(body.match(/\{\{\d+\}\}/g) ?? []).size };
    });
  cache = { at: Date.now(), templates };
  return templates;
}
