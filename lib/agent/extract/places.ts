// Dutch and Belgian places in what candidates write ("In welke plaats of regio wil je werken?").
// Server code: the data (GeoNames via scripts/build-places.ts) is indexed once, on first use.
// False positives are the main danger, so names that are also words ("Best", "Haren", "Spa")
// count inside a sentence only after a word that marks a place ("uit Best", "in Haren").
import { type NameKey, fuzzyLookup, placeIndex } from './place-index';
import { type Token, tokenise } from './place-text';
import {
  AT_PERSON, COMMON_WORDS, FILLERS, FIRST_NAMES, LIST_WORDS, STRONG_BEFORE, STRONG_BEFORE_PAIR, WEAK_BEFORE,
} from './place-words';

export interface Place {
  name: string;
  country: 'NL' | 'BE';
  kind: 'place' | 'region';
  lat: number;
  lon: number;
  population: number;
}

export interface PlaceMention {
  place: Place;
  source: string;
  start: number;
  end: number;
  withContext: boolean;
}

/** A bare answer is a few words at most; anything longer is a sentence for findPlaces. */
const MAX_ANSWER_WORDS = 10;
/** Beyond this a shared location is not in the Netherlands or Belgium. */
const MAX_KM = 25;
/** Nearly as close and much bigger wins: a kilometre and a half per tenfold population. */
const KM_PER_DECADE = 1.5;

type Strength = 'strong' | 'weak' | 'none';
interface Hit {
  key: NameKey;
  i: number;
  j: number;
}

const span = (tokens: Token[], i: number, j: number) => tokens.slice(i, j).map((t) => t.norm).join(' ');
const isWord = (norm: string) => COMMON_WORDS.has(norm) || FIRST_NAMES.has(norm) || FILLERS.has(norm);

/** A name's words must not straddle a sentence end ("Bergen. Op zoom..."); "St. Oedenrode" may. */
function joined(text: string, a: Token, b: Token): boolean {
  const gap = text.slice(a.end, b.start);
  return !/[!?\n]/.test(gap) && !(gap.includes('.') && a.norm.length > 2);
}

/** The longest name starting at word i: "Bergen op Zoom" before "Bergen", "Den Haag" before "Haag". */
function longestAt(text: string, tokens: Token[], i: number): Hit | null {
  const { exact, longest } = placeIndex();
  let most = Math.min(tokens.length, i + (longest.get(tokens[i]!.norm) ?? 0));
  for (let k = i + 1; k < most; k++) if (!joined(text, tokens[k - 1]!, tokens[k]!)) most = k;
  for (let j = most; j > i; j--) {
    const key = exact.get(span(tokens, i, j));
    if (key) return { key, i, j };
  }
  return null;
}

const ARTICLES = new Set(['de', 'het', 't']);
const adjacent = (text: string, a: Token, b: Token) => /^[\s:'"‘’“”(-]*$/.test(text.slice(a.end, b.start));

/** How strongly the words right before word i say a place follows. An article in between weakens
 * it ("in de Randstad"), and a list passes it on, weakened ("in Eindhoven of Best"). */
function contextBefore(text: string, tokens: Token[], i: number, previous: { end: number; context: Strength } | null): Strength {
  let k = i - 1;
  const article = tokens[k] && ARTICLES.has(tokens[k]!.norm) && adjacent(text, tokens[k]!, tokens[i]!);
  if (article) k--;
  const [p2, p1] = [tokens[k - 1], tokens[k]];
  if (p1 && adjacent(text, p1, tokens[k + 1]!)) {
    const strong = (p2 && STRONG_BEFORE_PAIR.has(`${p2.norm} ${p1.norm}`)) || STRONG_BEFORE.has(p1.norm);
    if (strong || WEAK_BEFORE.has(p1.norm)) return strong && !article ? 'strong' : 'weak';
  }
  if (previous && previous.context !== 'none') {
    const gap = text.slice(previous.end, tokens[i]!.start).trim().toLowerCase();
    if (/^[,/;&+]$/.test(gap) || LIST_WORDS.has(gap) || gap === 'en/of') return 'weak';
  }
  return 'none';
}

const starts = (text: string, tokens: Token[], k: number) => k === 0 || /[.!?\n]/.test(text.slice(tokens[k - 1]!.end, tokens[k]!.start));

/** "Lisa van Gent", "Sanne van der Veen": a surname after a first name, not a place. */
function surname(text: string, tokens: Token[], i: number): boolean {
  let k = i - 1;
  if (tokens[k] && ['der', 'den'].includes(tokens[k]!.norm)) k--;
  const name = tokens[k - 1];
  if (tokens[k]?.norm !== 'van' || !name?.capital) return false;
  return FIRST_NAMES.has(name.norm) || !starts(text, tokens, k - 1);
}

/** Risky names need a context; ordinary words a strong one or a capital ("in Haren", not "in
 * haren"). "de wijk" ("woon in de wijk X") and two or three letters ("from as far as") always
 * need a capital. */
function accepted(hit: Hit, context: Strength, tokens: Token[]): boolean {
  const { risk, key, person } = hit.key;
  if (person && AT_PERSON.has(tokens[hit.i - 1]?.norm ?? '')) return false;
  if (risk === 0) return true;
  if (context === 'none') return false;
  const capital = tokens.slice(hit.i, hit.j).some((t) => t.capital);
  if (risk >= 2 && (ARTICLES.has(key.split(' ')[0]!) || key.length <= 3)) return tokens[hit.i]!.capital;
  return risk === 1 || context === 'strong' || capital;
}

/** The whole message is a place name (a bare answer): "Utrecht", "utrect", "Den Haag!", "adam", "'s-Gravenhage", "in Utrecht", "regio Utrecht", "omgeving Eindhoven", "Noord-Holland", "Zwolle 😊". Null when the message is more than a place (a sentence about something else) or no place. */
export function matchPlace(text: string): Place | null {
  const tokens = tokenise(text);
  if (tokens.length === 0 || tokens.length > MAX_ANSWER_WORDS) return null;
  const onlyFillersOutside = (i: number, j: number) => tokens.every((t, k) => (k >= i && k < j) || FILLERS.has(t.norm));
  let found: Hit | null = null;
  for (let i = 0; i < tokens.length; i++) {
    const hit = longestAt(text, tokens, i);
    if (hit && onlyFillersOutside(hit.i, hit.j) && (!found || hit.j - hit.i > found.j - found.i)) found = hit;
  }
  if (found) {
    // "Best" alone, "in Best" or "regio best" is the town; "best!", "in de heide" or
    // "Heel Nederland" (a capital that only starts the sentence) is not.
    const { key, i, j } = found;
    if (key.risk < 3 || contextBefore(text, tokens, i, null) === 'strong') return key.place;
    const capital = tokens.slice(i, j).some((t) => t.capital) && (i > 0 || j === tokens.length);
    return capital ? key.place : null;
  }
  const inner = tokens.flatMap((t, k) => (FILLERS.has(t.norm) ? [] : [k]));
  if (inner.length === 0 || inner.length > 5) return null;
  const [i, j] = [inner[0]!, inner[inner.length - 1]! + 1];
  if (inner.every((k) => isWord(tokens[k]!.norm)) || /\d/.test(span(tokens, i, j))) return null;
  // A filler word may begin the name itself ("De Bilt", "Den Haag"), so try with one too.
  return fuzzyLookup(span(tokens, i, j)) ?? (i > 0 ? fuzzyLookup(span(tokens, i - 1, j)) : null);
}

/** Places mentioned inside a longer message, in order of appearance. withContext: preceded by a word that marks a place ("in", "uit", "te", "bij", "rond", "rondom", "omgeving", "regio", "buurt van", "woon", "near", "around", "from", "in the area of" ...). */
export function findPlaces(text: string): PlaceMention[] {
  const tokens = tokenise(text);
  const mentions: PlaceMention[] = [];
  let previous: { end: number; context: Strength } | null = null;
  for (let i = 0; i < tokens.length; ) {
    const token = tokens[i]!;
    const context = contextBefore(text, tokens, i, previous);
    const exact = surname(text, tokens, i) ? null : longestAt(text, tokens, i);
    const hit = exact && accepted(exact, context, tokens) ? exact : null;
    let place = hit?.key.place ?? null;
    // Typos only where a place is expected, or in a long word that is no ordinary word.
    // A long word without context only when written as a name: "veranderen" is no typo of Vlaanderen.
    const expected = context === 'strong' || (context === 'weak' && token.capital) || (token.norm.length >= 8 && token.capital);
    if (!exact && expected && !isWord(token.norm) && !/\d/.test(token.norm) && !surname(text, tokens, i)) {
      place = fuzzyLookup(token.norm);
    }
    if (!place) {
      i++;
      continue;
    }
    const j = hit?.j ?? i + 1;
    const [start, end] = [token.start, tokens[j - 1]!.end];
    const named = hit !== null && STRONG_BEFORE.has(hit.key.key.split(' ')[0]!); // "provincie Utrecht"
    mentions.push({ place, source: text.slice(start, end), start, end, withContext: context !== 'none' || named });
    previous = { end, context: named ? 'strong' : context };
    i = j;
  }
  return mentions;
}

/** A place that is one item of a list of facts ("2 jr ervaring, adam, 24 u/w, zsm"): the list is its context. */
export function findListedPlaces(text: string): PlaceMention[] {
  const items = [...text.matchAll(/[^,;\n]+/g)];
  if (items.length < 3) return [];
  const mentions: PlaceMention[] = [];
  for (const item of items) {
    const tokens = tokenise(item[0]);
    if (tokens.length === 0 || tokens.length > 3) continue;
    const hit = longestAt(item[0], tokens, 0);
    if (!hit || hit.j !== tokens.length || !accepted(hit, 'weak', tokens)) continue;
    const start = item.index + tokens[0]!.start;
    const end = item.index + tokens[tokens.length - 1]!.end;
    mentions.push({ place: hit.key.place, source: text.slice(start, end), start, end, withContext: true });
  }
  return mentions;
}

/** The nearest place (kind 'place', preferring larger places when nearly equally close is fine) to a coordinate; null when farther than ~25 km from any NL/BE place (e.g. a location shared from Spain). */
export function nearestPlace(lat: number, lon: number): Place | null {
  // The Netherlands and Belgium with a margin: anything outside is not worth a scan.
  if (!(lat > 49.2 && lat < 53.8 && lon > 2.1 && lon < 7.7)) return null;
  const kmPerDegree = 111.2;
  const cosLat = Math.cos((lat * Math.PI) / 180);
  let best: Place | null = null;
  let bestScore = Infinity;
  for (const place of placeIndex().towns) {
    const dy = (place.lat - lat) * kmPerDegree;
    const dx = (place.lon - lon) * kmPerDegree * cosLat;
    const km = Math.sqrt(dx * dx + dy * dy);
    if (km > MAX_KM) continue;
    const score = km - KM_PER_DECADE * Math.log10(Math.max(place.population, 1000) / 1000);
    if (score < bestScore) [best, bestScore] = [place, score];
  }
  return best;
}
