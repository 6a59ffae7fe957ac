// Screening conversations as candidates really write them, through the running app and the
// sandbox: several facts in one message, answers ahead of the question, corrections,
// questions back, the location request, read receipts with typing, and bad input.
import { describe, expect, it } from 'vitest';
import { loadScreeningConfig } from '../lib/agent/config';
import { isoDay, localDay } from '../lib/agent/extract/dates';
import { db } from '../lib/db/client';
import { candidateWrites as write, sandboxUrl, sentTo, until } from './helpers/sandbox';
import { uniquePhone } from './helpers/webhook';

const config = loadScreeningConfig();
const prompt = (id: string, language: 'nl' | 'en' = 'nl') => config.questions.find((q) => q.id === id)!.prompt[language];

async function botSaid(waId: string): Promise<string[]> {
  return (await sentTo(waId)).map((m) => m.body.text?.body ?? m.body.interactive?.body?.text ?? m.body.type);
}

/** The candidate writes; we wait until the bot has said `total` messages in all, and a little longer for any extra. */
function chat(waId: string, name = 'Sanne Jansen') {
  return async (input: Record<string, unknown>, total: number) => {
    await write({ from: waId, name, ...input } as Parameters<typeof write>[0]);
    await until(() => botSaid(waId), (said) => said.length >= total);
    await new Promise((resolve) => setTimeout(resolve, 300));
    return botSaid(waId);
  };
}

const contactOf = (waId: string) => db().contact.findFirstOrThrow({ where: { waId }, include: { conversation: true } });
const values = (answers: unknown) => Object.fromEntries(Object.entries(answers as Record<string, { value: unknown }>).map(([k, v]) => [k, v.value]));
const askedFor = (said: string[], id: string) => said.filter((s) => s.endsWith(prompt(id)) || s.endsWith(prompt(id, 'en'))).length;

describe('a screening that converses', () => {
  it('takes every fact of a long opening and asks only what is missing', async () => {
    const waId = uniquePhone();
    const say = chat(waId);
    const said = await say({ text: 'Hoi, ik ben Sanne. Ik heb 5 jaar ervaring als kapster in Amsterdam en kan per direct beginnen, 32 uur per week' }, 2);
    expect(said).toHaveLength(2);
    expect(said[0]).toMatch(/^Hoi Sanne!/);
    expect(said[1]).toBe(prompt('diploma'));
    const contact = await contactOf(waId);
    expect(values(contact.answers)).toEqual({
      role: 'hairdresser',
      experience_years: 5,
      city: 'Amsterdam',
      hours_per_week: 32,
      start_date: isoDay(localDay(new Date())),
    });
    expect((contact.answers as any).experience_years.source).toBe('5 jaar ervaring');
    const done = await say({ text: 'ja, mbo 3 kapper gehaald' }, 3);
    expect(done[2]).toMatch(/^Bedankt Sanne, dat waren al mijn vragen!/);
    const handed = await until(() => contactOf(waId), (c) => c.qualification !== null);
    expect(handed.qualification).toBe('QUALIFIED');
    const summary = handed.conversation!.handoffSummary as any;
    expect(summary.answers).toContainEqual({ questionId: 'city', question: 'Plaats of regio', answer: 'Amsterdam', source: 'Amsterdam' });
    expect(summary.answers).toContainEqual({ questionId: 'diploma', question: 'Vakdiploma', answer: 'Ja', source: 'ja, mbo 3 kapper gehaald' });
  });

  it('counts an answer given ahead, never asks for it again, and does not call it unclear', async () => {
    const waId = uniquePhone();
    const say = chat(waId);
    await say({ text: 'Hallo, ik zoek werk als barbier' }, 2);
    let said = await say({ text: 'Amsterdam' }, 3);
    expect(said[2]).toBe(prompt('experience_years'));
    said = await say({ text: '4' }, 4);
    expect(said[3]).toBe(prompt('hours_per_week'));
    said = await say({ text: '3 dagen per week' }, 5);
    said = await say({ text: 'na de zomer' }, 6);
    said = await say({ text: 'nee, nog bezig' }, 7);
    expect(said.filter((s) => s.startsWith('Sorry'))).toEqual([]);
    expect(askedFor(said, 'city')).toBe(0);
    const contact = await until(() => contactOf(waId), (c) => c.qualification !== null);
    expect(values(contact.answers)).toMatchObject({ role: 'barber', city: 'Amsterdam', experience_years: 4, hours_per_week: 24, diploma: false });
    expect((contact.answers as any).start_date.value).toMatch(/^\d{4}-09-01$/);
  });

  it('replaces an answer the candidate corrects, and says so once', async () => {
    const waId = uniquePhone();
    const say = chat(waId);
    await say({ text: 'Hoi, ik ben schoonheidsspecialiste met 5 jaar ervaring' }, 2);
    const said = await say({ text: 'nee sorry, 3 jaar bedoel ik' }, 4);
    expect(said[2]).toBe('Ik heb je antwoord aangepast: Ervaring (jaren): 3.');
    expect(said[3]).toBe(prompt('city'));
    expect(values((await contactOf(waId)).answers)).toMatchObject({ experience_years: 3 });
  });

  it('answers a known question back, keeps an unknown one for the recruiter, and goes on', async () => {
    const waId = uniquePhone();
    const say = chat(waId);
    await say({ text: 'Hoi! Ik ben kapper' }, 2);
    let said = await say({ text: 'wat verdien je eigenlijk?' }, 4);
    expect(said[2]).toBe(config.faq.find((f) => f.id === 'pay')!.answer.nl);
    expect(said[3]).toBe(prompt('experience_years'));
    said = await say({ text: 'mag mijn hond mee naar de salon?' }, 6);
    expect(said[4]).toBe(config.texts.questionNoted.nl);
    expect(said[5]).toBe(prompt('experience_years'));
    const contact = await contactOf(waId);
    expect(contact.conversation!.openQuestions).toEqual([{ text: 'mag mijn hond mee naar de salon?', at: expect.any(String) }]);
    expect(contact.conversation!.unclearCount).toBe(0);
    expect(values(contact.answers)).toEqual({ role: 'hairdresser' });
    // The recruiter's summary lists it.
    await say({ text: 'medewerker' }, 7);
    const handed = await until(() => contactOf(waId), (c) => c.conversation?.status === 'NEEDS_HUMAN');
    expect((handed.conversation!.handoffSummary as any).openQuestions).toEqual([{ text: 'mag mijn hond mee naar de salon?', at: expect.any(String) }]);
  });

  it('re-asks an unclear answer with a hint, and hands over only after two unclear answers to the same question', async () => {
    const waId = uniquePhone();
    const say = chat(waId);
    await say({ text: 'Hallo, ik ben barbier' }, 2);
    let said = await say({ text: 'blabla' }, 3);
    expect(said[2]).toBe(`Sorry, dat begreep ik niet helemaal. ${config.questions[1]!.hint.nl}\n\n${prompt('experience_years')}`);
    said = await say({ text: '👍' }, 4);
    expect(said[3]).toBe(prompt('experience_years'));
    said = await say({ text: '6' }, 5);
    expect(said[4]).toBe(prompt('city'));
    said = await say({ text: 'qwerty' }, 6);
    expect(said[5]).toMatch(/^Sorry/);
    said = await say({ text: 'bla' }, 7);
    expect(said[6]).toBe(config.texts.handoffUnclear.nl);
    expect((await contactOf(waId)).conversation!.handoffReason).toBe('unclear');
  });

  it('hears a request for a person, but not a candidate describing themselves as one', async () => {
    const waId = uniquePhone();
    const say = chat(waId);
    await say({ text: 'Hoi, ik ben een echte mensen-mens en een sociaal persoon' }, 2);
    expect((await contactOf(waId)).conversation!.status).toBe('OPEN');
    const said = await say({ text: 'Kan ik iemand spreken?' }, 3);
    expect(said[2]).toBe(config.texts.handoffRequested.nl);
  });

  it('speaks English from an English "Hello" on', async () => {
    const waId = uniquePhone();
    const said = await chat(waId, 'Tom')({ text: 'Hello' }, 2);
    expect(said[0]).toMatch(/^Hi Tom! Thanks for contacting/);
    expect(said[1]).toBe(prompt('role', 'en'));
  });

  it('asks for the place with a location request, and takes a shared location as the nearest place', async () => {
    const waId = uniquePhone();
    const say = chat(waId);
    await say({ text: 'Ik ben kapster met 2 jaar ervaring' }, 2);
    const request = (await sentTo(waId))[1]!;
    expect(request.body).toMatchObject({ type: 'interactive', interactive: { type: 'location_request_message', body: { text: prompt('city') }, action: { name: 'send_location' } } });
    const said = await say({ type: 'location', location: { latitude: 52.0907, longitude: 5.1214 } }, 3);
    expect(said[2]).toBe(prompt('hours_per_week'));
    expect(values((await contactOf(waId)).answers)).toMatchObject({ city: 'Utrecht' });
  });

  it("asks a salon manager the vacancy's own question", async () => {
    const waId = uniquePhone();
    const say = chat(waId);
    await say({ text: 'Ik zoek werk als salonmanager, 8 jaar ervaring, Utrecht, fulltime, per 1 maart, met diploma' }, 2);
    const said = await botSaid(waId);
    expect(said[1]).toBe(config.roles.find((r) => r.id === 'salon_manager')!.questions[0]!.prompt.nl);
    await say({ text: 'ongeveer 12 mensen' }, 3);
    const contact = await until(() => contactOf(waId), (c) => c.qualification !== null);
    expect(values(contact.answers)).toMatchObject({ role: 'salon_manager', team_size: 12, hours_per_week: 40 });
  });

  it('marks the message read with a typing indicator, and a failing read never holds up the reply', async () => {
    const waId = uniquePhone();
    const { wamid } = await write({ from: waId, name: 'Sanne', text: 'Hoi' });
    await until(() => botSaid(waId), (said) => said.length >= 2);
    const reads = await until(
      () => fetch(`${sandboxUrl()}/sandbox/reads?to=${waId}`).then((r) => r.json() as Promise<{ reads: { messageId: string; typing: boolean }[] }>),
      (r) => r.reads.length > 0,
    );
    expect(reads.reads).toEqual([expect.objectContaining({ messageId: wamid, typing: true })]);

    const other = uniquePhone();
    const faults = (body: object) => fetch(`${sandboxUrl()}/sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    await faults({ readErrors: true });
    try {
      await write({ from: other, name: 'Tom', text: 'Hallo, ik ben barbier' });
      const said = await until(() => botSaid(other), (s) => s.length >= 2);
      expect(said[1]).toBe(prompt('experience_years'));
    } finally {
      await faults({ readErrors: false });
    }
  });

  it('meets bad input with a clear re-ask, never a crash or a wrong answer', async () => {
    const waId = uniquePhone();
    const say = chat(waId);
    await say({ text: 'Hallo, ik ben kapper' }, 2);
    let said = await say({ text: `${'Ik werk graag met haar en mensen. '.repeat(120)}`.slice(0, 4096) }, 3);
    expect(said[2]).toMatch(/^Sorry/);
    said = await say({ text: '😀😀😀' }, 4);
    expect(said[3]).toBe(prompt('experience_years'));
    said = await say({ text: '5 jaar' }, 5);
    said = await say({ text: 'Utrecht' }, 6);
    said = await say({ text: '120 uur' }, 7);
    expect(said[6]).toMatch(/^Sorry, dat begreep ik niet helemaal\. Noem een aantal uren/);
    said = await say({ text: 'constructor' }, 8);
    expect(said[7]).toBe(config.texts.handoffUnclear.nl);
    expect(values((await contactOf(waId)).answers)).toEqual({ role: 'hairdresser', experience_years: 5, city: 'Utrecht' });
  });
});
