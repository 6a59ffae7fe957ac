// The account's approved templates, for the composer when the 24-hour window is closed.
// Asked from 360Dialog at most once a minute per instance.
import { DomainError } from '../errors';
import { WhatsAppClient } from './client';
import { WhatsAppApiError } from './errors';

export interface TemplateOption {
  name: string;
  language: string;
  category: string;
  body: string;
  parameterCount: number;
}

let cache: { at: number; templates: TemplateOption[] } | undefined;
const TTL_MS = 60_000;

/** 360Dialog could not say which templates are approved (502, with the reason in words). */
export class TemplatesUnavailableError extends DomainError {
  constructor(cause: WhatsAppApiError) {
    super('upstream', cause.sentence, { code: 'templates_unavailable' });
    this.name = 'TemplatesUnavailableError';
  }
}

export async function approvedTemplates(client = WhatsAppClient.fromEnv()): Promise<TemplateOption[]> {
  if (cache && Date.now() - cache.at < TTL_MS) return cache.templates;
  const listed = await client.listTemplates().catch((error: unknown) => {
    throw error instanceof WhatsAppApiError ? new TemplatesUnavailableError(error) : error;
  });
  const templates = listed
    .filter((t) => t.status === 'approved')
    .map((t) => {
      const body = t.components.find((c) => c.type.toUpperCase() === 'BODY')?.text ?? '';
      return { name: t.name, language: t.language, category: t.category, body, parameterCount: new Set(body.match(/\{\{\d+\}\}/g) ?? []).size };
    });
  cache = { at: Date.now(), templates };
  return templates;
}
