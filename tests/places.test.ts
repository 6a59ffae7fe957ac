import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findPlaces, matchPlace, nearestPlace } from '../lib/agent/extract/places';
import { OUTPUT, buildPlaces, serialisePlaces } from '../scripts/build-places';

describe('matchPlace: a bare answer', () => {
  it.each([
    ['Utrecht', 'Utrecht'],
    ['utrect', 'Utrecht'],
    ['Den Haag!', 'Den Haag'],
    ['Den  haag', 'Den Haag'],
    ['den-haag', 'Den Haag'],
    ["'s-Gravenhage", 'Den Haag'],
    ['s-gravenhage', 'Den Haag'],
    ['The Hague', 'Den Haag'],
    ['adam', 'Amsterdam'],
    ["A'dam", 'Amsterdam'],
    ['mokum', 'Amsterdam'],
    ['Amsterdam', 'Amsterdam'],
    ['Amsterdma', 'Amsterdam'],
    ["r'dam", 'Rotterdam'],
    ['rdam', 'Rotterdam'],
    ['Rotterdan', 'Rotterdam'],
    ['dordt', 'Dordrecht'],
    ['Den Bosch', "'s-Hertogenbosch"],
    ['den bosch', "'s-Hertogenbosch"],
    ['Hertogenbosch', "'s-Hertogenbosch"],
    ['in Utrecht', 'Utrecht'],
    ['regio Utrecht', 'Utrecht'],
    ['Utrecht e.o.', 'Utrecht'],
    ['omgeving Eindhoven', 'Eindhoven'],
    ['Eindhoven!!', 'Eindhoven'],
    ['ik wil graag in Zwolle werken', 'Zwolle'],
    ['Zwolle 😊', 'Zwolle'],
    ['groningen', 'Groningen'],
    ['Nijmegn', 'Nijmegen'],
    ['Bergen op Zoom', 'Bergen op Zoom'],
    ['bergen op zoom', 'Bergen op Zoom'],
    ['IJmuiden', 'IJmuiden'],
    ['Ijmuiden', 'IJmuiden'],
    ['St. Oedenrode', 'Sint-Oedenrode'],
    ['Etten-Leur', 'Etten-Leur'],
    ['Brussels', 'Brussel'],
    ['Bruxelles', 'Brussel'],
    ['Antwerp', 'Antwerpen'],
    ['Ghent', 'Gent'],
    ['Bruges', 'Brugge'],
    ['Liège', 'Luik'],
    ['Liege', 'Luik'],
    ['Ostend', 'Oostende'],
    ['Sint-Niklaas', 'Sint-Niklaas'],
    ['Best', 'Best'],
    ['Haren', 'Haren'],
  ])('%s is %s', (text, name) => {
    expect(matchPlace(text)?.name).toBe(name);
  });

  it.each([
    ['Noord-Holland', 'Noord-Holland', 'NL'],
    ['noord holland', 'Noord-Holland', 'NL'],
    ['provincie Groningen', 'Groningen (provincie)', 'NL'],
    ['Zeeland', 'Zeeland', 'NL'],
    ['Limburg', 'Limburg', 'NL'],
    ['Brabant', 'Noord-Brabant', 'NL'],
    ['Vlaanderen', 'Vlaanderen', 'BE'],
    ['Wallonie', 'Wallonië', 'BE'],
  ])('%s is the region %s', (text, name, country) => {
    expect(matchPlace(text)).toMatchObject({ name, country, kind: 'region' });
  });

  it.each([
    ['Groningen', 'NL'],
    ['Bergen', 'NL'],
    ['Zwijndrecht', 'NL'],
    ['Hasselt', 'BE'],
    ['Aalst', 'BE'],
  ])('%s: the more populous of the places of that name, in %s', (text, country) => {
    expect(matchPlace(text)).toMatchObject({ name: text, country, kind: 'place' });
  });

  it('reads an explicit district, but a district never wins for the city itself', () => {
    expect(matchPlace('Amsterdam Zuidoost')?.name).toBe('Amsterdam-Zuidoost');
    expect(matchPlace('amsterdam')).toMatchObject({ name: 'Amsterdam', population: 741636 });
  });

  it.each([
    'nee', 'ja', 'ok', 'best', 'haren', 'Heel Nederland', 'Sanne', 'Daan', 'Emma', 'Anna', 'Lisa', 'maart', 'mei',
    'kapster', 'barbier', 'fulltime', 'per direct', 'mbo', 'geen voorkeur', 'maakt niet uit', 'Luxemburg', '',
    'Ik heb 5 jaar ervaring in Amsterdam', 'Utrecht of Amersfoort',
  ])('%j is no bare place', (text) => {
    expect(matchPlace(text)).toBeNull();
  });
});

describe('findPlaces: places inside a message', () => {
  it.each([
    ['Hoi, ik ben Sanne. Ik heb 5 jaar ervaring als kapster in Amsterdam en kan per direct beginnen, 32 uur per week', [['Amsterdam', 'Amsterdam', true]]],
    ['I live in The Hague', [['Den Haag', 'The Hague', true]]],
    ['ik woon in de buurt van Den Bosch', [["'s-Hertogenbosch", 'Den Bosch', true]]],
    ['Utrecht of Amersfoort', [['Utrecht', 'Utrecht', false], ['Amersfoort', 'Amersfoort', false]]],
    ['Ik kom uit Best', [['Best', 'Best', true]]],
    ['wonende te Best', [['Best', 'Best', true]]],
    ['Ik woon in Eindhoven of Best', [['Eindhoven', 'Eindhoven', true], ['Best', 'Best', true]]],
    ['Ik werk in Haren', [['Haren', 'Haren', true]]],
    ['Ik woon in Bergen op Zoom', [['Bergen op Zoom', 'Bergen op Zoom', true]]],
    ['Ik zoek werk in Amsterdma', [['Amsterdam', 'Amsterdma', true]]],
    ['Rotterdan of Utrecht', [['Rotterdam', 'Rotterdan', false], ['Utrecht', 'Utrecht', false]]],
    ['ik zoek werk rond amersfort', [['Amersfoort', 'amersfort', true]]],
    ['I am from Ghent, looking for work in Brussels or Antwerp', [['Gent', 'Ghent', true], ['Brussel', 'Brussels', true], ['Antwerpen', 'Antwerp', true]]],
    ['Ik woon in Heel, tussen Roermond en Weert', [['Heel', 'Heel', true], ['Roermond', 'Roermond', true], ['Weert', 'Weert', true]]],
    ['Werken in de Randstad is geen probleem', [['Randstad', 'Randstad', true]]],
    ['Ik woon in de Achterhoek en werk in het Gooi', [['Achterhoek', 'Achterhoek', true], ['Het Gooi', 'Gooi', true]]],
    ['Liefst provincie Utrecht', [['Utrecht (provincie)', 'provincie Utrecht', true]]],
    ['Mijn vriend werkt in Brussel, ik zoek iets in Vlaams-Brabant', [['Brussel', 'Brussel', true], ['Vlaams-Brabant', 'Vlaams-Brabant', true]]],
    ['Ik ben verhuisd van Groningen naar Assen', [['Groningen', 'Groningen', false], ['Assen', 'Assen', true]]],
    ['Ik werk in A\'dam, dicht bij Best', [['Amsterdam', "A'dam", true], ['Best', 'Best', true]]],
    ['I am from Best', [['Best', 'Best', true]]],
    ['Ik woon in Axel', [['Axel', 'Axel', true]]],
  ] as const)('%s', (text, expected) => {
    const mentions = findPlaces(text);
    expect(mentions.map((m) => [m.place.name, m.source, m.withContext])).toEqual(expected);
    for (const m of mentions) expect(text.slice(m.start, m.end)).toBe(m.source);
  });

  it.each([
    'Ik doe mijn best',
    'I do my best to be on time, always',
    'Het is echt iemand die van mensen houdt',
    'Ik ben goed in haren knippen en kleuren',
    'ik werk in haren en nagels al 8 jaar',
    'Ik heb ervaring in spa en wellness, ook massages',
    'Ik woon in de wijk Overvecht',
    'ik heb in het gooi gewoond',
    'Mijn naam is Sanne de Haan en ik ben nagelstyliste',
    'Hey, my name is Emma and I do lashes and brows',
    'Hoi, ik ben Daan en ik ben barbier, ik kan knippen en scheren',
    'Ik ben beschikbaar vanaf 1 maart, fulltime of parttime, per direct, 32 uur per week',
    'Ik zit nog op het mbo, in mei ben ik klaar; ervaring als kapster heb ik al 2 jaar',
    'Op woensdag moet ik mijn zoon halen van school',
    'Ik heb lessen gevolgd in visagie, de namen van mijn referenties stuur ik later',
    'Ik ben een echte Brabander en onze zuiderburen vind ik ook leuk',
    'Ik moet het nog even op te zetten',
    'Ik ben heel enthousiast en ik heb een winkel in haarproducten gehad',
    'Anna, Lisa en Emma werken ook bij ons in het team',
    'Hoi, ik ben Lisa van Gent en mijn collega heet Kim van der Veen',
    'Ik werk nu bij Axel in de salon',
    'I learned a lot from well known salons, from as early as 2015',
  ])('nothing in %j', (text) => {
    expect(findPlaces(text)).toEqual([]);
  });
});

describe('nearestPlace', () => {
  it.each([
    [52.373, 4.893, 'Amsterdam'],
    [51.44, 5.47, 'Eindhoven'],
    [51.92, 4.48, 'Rotterdam'],
    [50.85, 4.35, 'Brussel'],
    [51.05, 3.72, 'Gent'],
  ])('%f, %f is %s', (lat, lon, name) => {
    expect(nearestPlace(lat, lon)?.name).toBe(name);
  });

  it('gives a town, never a region or district', () => {
    const place = nearestPlace(52.3075, 4.9722); // the Bijlmer, in Amsterdam-Zuidoost
    expect(place?.kind).toBe('place');
    expect(place?.name).not.toBe('Amsterdam-Zuidoost');
  });

  it.each([
    [40.4, -3.7], // Madrid
    [53.5, 2.5], // the North Sea
    [48.86, 2.35], // Paris
    [Number.NaN, 4.9],
  ])('%f, %f is too far from any Dutch or Belgian place', (lat, lon) => {
    expect(nearestPlace(lat, lon)).toBeNull();
  });
});

describe('places data', () => {
  it('is exactly what scripts/build-places.ts makes of the installed package (npm run places:build)', () => {
    expect(readFileSync(OUTPUT, 'utf8')).toBe(serialisePlaces(buildPlaces()));
  });

  it('has the twelve Dutch provinces as regions', () => {
    const provinces = ['Groningen (provincie)', 'Friesland', 'Drenthe', 'Overijssel', 'Flevoland', 'Gelderland',
      'Utrecht (provincie)', 'Noord-Holland', 'Zuid-Holland', 'Zeeland', 'Noord-Brabant', 'Limburg'];
    const rows = (JSON.parse(readFileSync(OUTPUT, 'utf8')) as { places: string[][] }).places;
    const regions = new Set(rows.filter((row) => row[2] === 'r' && row[1] === 'NL').map((row) => row[0]));
    for (const name of provinces) expect(regions).toContain(name);
  });
});
