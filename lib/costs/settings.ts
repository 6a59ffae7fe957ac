// How WhatsApp is priced for this agency. Defaults in lib/costs/pricing.json; an admin's
// changes are stored in the settings table and win over the file.
//  - per_message: Meta's model since 1 July 2025. Marketing and authentication templates
//    are charged, utility templates only outside the 24-hour window, service (free-form)
//    replies are free unless a service rate is set (per-message service pricing as
//    announced for October 2026).
//  - per_conversation: the older model the seed used: one charge per 24-hour conversation
//    by category (marketing, utility, authentication, service).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { db } from '../db/client';

export const CATEGORIES = ['marketing', 'utility', 'authentication', 'service'] as const;
export type Category = (typeof CATEGORIES)[number];

const rate = z.number().min(0).max(10);
const rates = z.object({ marketing: rate, utility: rate, authentication: rate, service: rate });

export const pricingSettings = z.object({
  currency: z.literal('EUR'),
  timeZone: z.string().refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'not a known time zone'),
  model: z.enum(['per_message', 'per_conversation']),
  platformFeePerMonth: z.number().min(0).max(10_000),
  perMessage: rates,
  perConversation: rates,
  /** Rates for candidates whose number starts with a country code, e.g. {"44": {...}}. */
  countryRates: z.record(z.string().regex(/^\d{1,4}$/, 'a country calling code, digits only'), rates.partial()).default({}),
  planner: z.object({
    leadsPerWeek: z.number().min(0).max(100_000),
    conversationsPerLead: z.number().min(0).max(100),
    pricePerConversation: rate,
  }),
});
export type PricingSettings = z.infer<typeof pricingSettings>;

const DEFAULTS_FILE = path.join(process.cwd(), 'lib', 'costs', 'pricing.json');

export function defaultPricing(): PricingSettings {
  return pricingSettings.parse(JSON.parse(readFileSync(DEFAULTS_FILE, 'utf8')));
}

export async function loadPricing(): Promise<PricingSettings> {
  const stored = await db().setting.findUnique({ where: { key: 'pricing' } });
  if (!stored) return defaultPricing();
  const parsed = pricingSettings.safeParse({ ...defaultPricing(), ...(stored.value as object) });
  return parsed.success ? parsed.data : defaultPricing();
}

export async function savePricing(input: unknown, userId: string): Promise<PricingSettings> {
  const settings = pricingSettings.parse(input);
  await db().setting.upsert({
    where: { key: 'pricing' },
    create: { key: 'pricing', value: settings, updatedBy: userId },
    update: { value: settings, updatedBy: userId },
  });
  return settings;
}

/** The rate for a category, for a candidate's number (longest matching country code first). */
export function rateFor(settings: PricingSettings, category: Category, waId: string | null): number {
  const base = settings.model === 'per_message' ? settings.perMessage : settings.perConversation;
  const prefixes = Object.keys(settings.countryRates).sort((a, b) => b.length - a.length);
  const prefix = waId ? prefixes.find((p) => waId.startsWith(p)) : undefined;
  return (prefix ? settings.countryRates[prefix]?.[category] : undefined) ?? base[category];
}
