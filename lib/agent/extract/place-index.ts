// The place index behind places.ts, built once on first use: every name and alias folded to
// a key, how risky each key is in a sentence, and buckets (first letter and length, then a
// letter mask) that keep typo search to a handful of distance computations, not 2,250 keys.
import type { Place } from './places';
import data from './places-nl-be.json';
import { bitCount, foldKey, letterMask, letters, tolerance, typoDistance } from './place-text';
import { COMMON_WORDS, FIRST_NAMES, NOUNISH } from './place-words';

/** 0: safe anywhere. 1: short or a first name: in a sentence it needs a word before it that
 * marks a place. 2: also an ordinary word: that word must be a strong one ("uit", "regio"), or a
 * weak one ("in", "bij") before a capital. 3: as 2, and not even a bare answer in lower case
 * ("best!", "haren"). */
export type Risk = 0 | 1 | 2 | 3;

export interface NameKey {
  key: string;
  place: Place;
  risk: Risk;
  /** Also a first name ("Axel", "Brecht"): "bij Axel" is at Axel's. */
  person: boolean;
  /** Typos tolerated when this key is the target; 0 for short and risky keys. */
  tolerance: number;
  mask: number;
}

export interface PlaceIndex {
  exact: Map<string, NameKey>;
  /** First word of a key to the most words a key starting with it has. */
  longest: Map<string, number>;
  /** First letter and length ("a9") to the keys open to typo matching. */
  fuzzy: Map<string, NameKey[]>;
  /** Towns and villages for nearestPlace: no regions, no districts. */
  towns: Place[];
}

type Row = [string, 'NL' | 'BE', 'p' | 'd' | 'r', number, number, number, ...string[]];
interface Candidate {
  place: Place;
  district: boolean;
}

/** A town beats a province of the same name when it is a city ("Utrecht", "Groningen"),
 * not when it is a village ("Zeeland"); districts never beat a town ("Aalst"). */
function preferred(a: Candidate, b: Candidate): Candidate {
  const aRegion = a.place.kind === 'region';
  if (aRegion !== (b.place.kind === 'region')) {
    const [region, town] = aRegion ? [a, b] : [b, a];
    return town.place.population >= 50_000 && !town.district ? town : region;
  }
  if (a.district !== b.district) return a.district ? b : a;
  return b.place.population > a.place.population ? b : a;
}

/** "den haag" is also found as "denhaag", "sint niklaas" as "st niklaas". */
function variants(key: string): string[] {
  const out = [key];
  const compact = key.replace(/ /g, '');
  if (compact !== key && compact.length >= 6) out.push(compact);
  if (/(^| )sint( |$)/.test(key)) out.push(key.replace(/(^| )sint(?= |$)/g, '$1st'));
  return out;
}

function riskOf(key: string, population: number): Risk {
  const bare = key.replace(/^(de|het|t|la|le|l) /, '');
  if (NOUNISH.has(bare)) return 3;
  const words = key.split(' ');
  // "Berg en Dal", "Wijk aan Zee", "a dam": every word ordinary makes an ordinary phrase.
  if (COMMON_WORDS.has(bare) || (words.length <= 3 && words.every((w) => COMMON_WORDS.has(w)))) return 2;
  if (FIRST_NAMES.has(bare)) return 1;
  return words.length === 1 && key.length <= 4 && population < 15_000 ? 1 : 0;
}

function buildIndex(): PlaceIndex {
  const candidates = new Map<string, Candidate>();
  const towns: Place[] = [];
  for (const [name, country, kind, lat, lon, population, ...aliases] of data.places as unknown as Row[]) {
    const place: Place = Object.freeze({ name, country, kind: kind === 'r' ? 'region' : 'place', lat, lon, population });
    const candidate = { place, district: kind === 'd' };
    if (kind === 'p') towns.push(place);
    for (const key of new Set([name, ...aliases].map(foldKey).flatMap(variants))) {
      const current = candidates.get(key);
      candidates.set(key, current ? preferred(current, candidate) : candidate);
    }
  }
  const exact = new Map<string, NameKey>();
  const longest = new Map<string, number>();
  const fuzzy = new Map<string, NameKey[]>();
  for (const [key, { place }] of candidates) {
    const risk = riskOf(key, place.population);
    const person = FIRST_NAMES.has(key);
    const entry: NameKey = { key, place, risk, person, tolerance: risk === 0 ? tolerance(letters(key)) : 0, mask: letterMask(key) };
    exact.set(key, entry);
    const words = key.split(' ');
    longest.set(words[0]!, Math.max(longest.get(words[0]!) ?? 0, words.length));
    const bucket = `${key[0]}${key.length}`;
    if (entry.tolerance > 0) fuzzy.set(bucket, [...(fuzzy.get(bucket) ?? []), entry]);
  }
  return { exact, longest, fuzzy, towns };
}

let index: PlaceIndex | undefined;
export const placeIndex = (): PlaceIndex => (index ??= buildIndex());

/** The place a misspelt name means: the only one at the smallest distance within tolerance,
 * or the clearly most populous of them (five times the next); null when in doubt. */
export function fuzzyLookup(query: string): Place | null {
  const { fuzzy } = placeIndex();
  const mask = letterMask(query);
  let best = Infinity;
  let found: Place[] = [];
  for (let length = Math.max(5, query.length - 2); length <= query.length + 2; length++) {
    for (const entry of fuzzy.get(`${query[0]}${length}`) ?? []) {
      if (Math.abs(length - query.length) > entry.tolerance || bitCount(mask ^ entry.mask) > 2 * entry.tolerance) continue;
      const distance = typoDistance(query, entry.key, entry.tolerance);
      if (distance > entry.tolerance || distance > best) continue;
      if (distance < best) [best, found] = [distance, []];
      if (!found.includes(entry.place)) found.push(entry.place);
    }
  }
  found.sort((a, b) => b.population - a.population);
  const [first, second] = found;
  return first && (!second || first.population >= 5 * second.population) ? first : null;
}
