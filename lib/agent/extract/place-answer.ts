// The answer to a place question: a Dutch or Belgian place or region named in the message
// (places.ts), the nearest place to a shared WhatsApp location, or, when the bot just asked
// and the candidate typed a short capitalised name we do not know (a village under 1,000
// people), that name.
import type { ExtractContext, Finding } from './finding';
import { findListedPlaces, findPlaces, matchPlace, nearestPlace } from './places';
import { squash, tokens } from './text';

const NOT_A_PLACE = new Set(
  ('weet niet idee geen maakt uit boeit overal nergens maybe misschien anywhere nowhere dont know sorry nee ja yes no ok oke huh wat what ' +
    'thuis home hier here daar there dichtbij close buurt near mijn my').split(' '),
);

const SEEKING = /(zoek|zoeken|wil|willen|graag|liefst|looking|want|would like|prefer|werken in|work in)(\s+\p{L}+){0,5}\s*$/u;

export function placeFindings(questionId: string, ctx: ExtractContext, location?: { latitude?: number; longitude?: number; name?: string; address?: string } | null): Finding[] {
  if (location && typeof location.latitude === 'number' && typeof location.longitude === 'number') {
    const place = nearestPlace(location.latitude, location.longitude);
    if (place) return [{ questionId, value: place.name, label: place.name, start: 0, end: ctx.text.length, contextual: true }];
  }
  const asked = ctx.current === questionId;
  if (asked) {
    const whole = matchPlace(ctx.text);
    if (whole) return [{ questionId, value: whole.name, label: whole.name, start: 0, end: ctx.text.length, contextual: true }];
  }
  const named = findPlaces(ctx.text);
  const mentions = [...named, ...findListedPlaces(ctx.text).filter((l) => !named.some((m) => m.start < l.end && l.start < m.end))];
  const found: Finding[] = [];
  for (const mention of mentions) {
    if (!found.some((f) => f.value === mention.place.name)) {
      found.push({ questionId, value: mention.place.name, label: mention.place.name, start: mention.start, end: mention.end, contextual: true });
    }
  }
  // Where they want to work beats where they work or live now: "ik werk nu in Amersfoort, zoek iets in Utrecht".
  const inList = found.some((f, i) => i > 0 && /^\s*(,|of|or|en|and|\/)\s*$/.test(ctx.folded.slice(found[i - 1]!.end, f.start)));
  if (found.length > 1 && !inList) {
    const sought = found.filter((f) => SEEKING.test(ctx.folded.slice(Math.max(0, f.start - 45), f.start)));
    if (sought.length === 1) return sought;
  }
  if (found.length > 0 || !asked) return found;
  if (location?.name) return [{ questionId, value: location.name, label: location.name, start: 0, end: ctx.text.length, contextual: true }];
  // A short name the list does not know, typed in answer to the question.
  const raw = ctx.text.trim().replace(/\s+/g, ' ');
  const words = tokens(squash(raw)).map((t) => t.word);
  if (raw.length < 2 || raw.length > 40 || words.length === 0 || words.length > 4 || /[\d?]/.test(raw)) return [];
  if (words.some((w) => NOT_A_PLACE.has(w)) || !/^[\p{L}\s'’.-]+$/u.test(raw)) return [];
  // Written as a name ("Vinkeveen", "Oud Ade"): "qwerty" or "blabla" is no village.
  if (!/(^|[\s'’-])\p{Lu}\p{Ll}/u.test(raw)) return [];
  const name = raw.replace(/[.!]+$/, '');
  return [{ questionId, value: name, label: name, start: 0, end: ctx.text.length, contextual: false }];
}
