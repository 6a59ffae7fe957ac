// Whole screening conversations through the running app: the candidate writes through the
// sandbox, the bot's replies are read back from what the sandbox received.
import { describe, expect, it } from 'vitest';
import { loadScreeningConfig } from '../lib/agent/config';
import { db } from '../lib/db/client';
import { candidateWrites, sentTo, until } from './helpers/sandbox';
import { uniquePhone } from './helpers/webhook';

const config = loadScreeningConfig();

/** What the bot said to this candidate, in order: text bodies and the bodies of buttons and lists. */
async function botSaid(waId: string): Promise<string[]> {
  return (await sentTo(waId)).map((m) => m.body.text?.body ?? m.body.interactive?.body?.text ?? m.body.type);
}

/** The candidate writes, and we wait until the bot has said `expect` messages in all. */
function chat(waId: string, name = 'Sarah de Vries') {
  return async (input: { text?: string; type?: string; replyId?: string }, expectTotal: number) => {
    await candidateWrites({ from: waId, name, ...input });
    return until(() => botSaid(waId), (said) => said.length >= expectTotal);
  };
}

const contactOf = (waId: string) =>
  db().contact.findFirstOrThrow({ where: { waId }, include: { conversation: { include: { events: true } } } });

describe('screening conversations', () => {
  it('screens a Dutch candidate from first message to handoff, and qualifies them', async () => {
    const waId = uniquePhone();
    const say = chat(waId);
    let said = await say({ text: 'Hoi! Ik ben op zoek naar een baan als kapper' }, 2);
    expect(said[0]).toMatch(/^Hoi Sarah! Leuk dat je contact opneemt met Salonwerk Recruitment/);
    expect(said[1]).toBe('Hoeveel jaar werkervaring heb je in dit vak?');
    said = await say({ text: 'ongeveer 5 jaar' }, 3);
    expect(said[2]).toBe('In welke plaats of regio wil je werken?');
    said = await say({ text: 'Utrecht' }, 4);
    expect(said[3]).toBe('Hoeveel uur per week wil je werken?');
    said = await say({ text: 'blabla' }, 5);
    expect(said[4]).toBe('Sorry, dat begreep ik niet helemaal. Noem een aantal uren tussen 4 en 48.\n\nHoeveel uur per week wil je werken?');
    said = await say({ type: 'button_reply', replyId: 'q:hours_per_week:36', text: '32-40 uur' }, 6);
    expect(said[5]).toBe('Wanneer zou je kunnen beginnen?');
    said = await say({ text: 'per direct' }, 7);
    expect(said[6]).toMatch(/^Heb je een vakdiploma/);
    said = await say({ type: 'button_reply', replyId: 'q:diploma:ja', text: 'Ja' }, 8);
    expect(said[7]).toBe('Bedankt Sarah, dat waren al mijn vragen! Een recruiter bekijkt je antwoorden en neemt snel contact met je op.');

    // The questions with fixed choices were offered as buttons.
    const sent = await sentTo(waId);
    expect(sent[1]!.body.interactive.action.buttons.map((b: any) => b.reply.title)).toEqual(['Geen ervaring', '1-3 jaar', '4 jaar of meer']);

    const contact = await until(() => contactOf(waId), (c) => c.qualification !== null);
    const answers = contact.answers as Record<string, { value: unknown }>;
    expect(Object.fromEntries(Object.entries(answers).map(([k, v]) => [k, v.value]))).toEqual({
      role: 'hairdresser',
      experience_years: 5,
      city: 'Utrecht',
      hours_per_week: 36,
      start_date: new Date().toISOString().slice(0, 10),
      diploma: true,
    });
    expect(contact).toMatchObject({ qualification: 'QUALIFIED', vacancy: 'hairdresser' });
    expect(contact.screenedAt).toBeInstanceOf(Date);
    expect(contact.conversation).toMatchObject({ status: 'NEEDS_HUMAN', handoffReason: 'completed', language: 'nl' });
    expect(contact.conversation!.handoffSummary).toMatchObject({
      reason: 'completed',
      qualification: 'QUALIFIED',
      answers: expect.arrayContaining([{ questionId: 'city', question: 'Plaats of regio', answer: 'Utrecht', source: 'Utrecht' }]),
    });
    const events = contact.conversation!.events;
    expect(events.filter((e) => e.type !== 'ASSIGN').map((e) => [e.type, e.reason, e.userId])).toEqual([['HANDOFF', 'completed', null]]);
    // Round robin gave it to an available recruiter if the shared test database has one: then
    // the history says so, by the bot (no user).
    const assigned = events.filter((e) => e.type === 'ASSIGN');
    expect(assigned.map((e) => [e.assigneeId, e.userId])).toEqual(contact.conversation!.assigneeId ? [[contact.conversation!.assigneeId, null]] : []);
  });

  it('screens an English candidate in English', async () => {
    const waId = uniquePhone();
    const say = chat(waId, 'Tom');
    let said = await say({ text: 'Hi, I am looking for a job as a barber' }, 2);
    expect(said[0]).toMatch(/^Hi Tom! Thanks for contacting Salonwerk Recruitment/);
    expect(said[1]).toBe('How many years of experience do you have in this field?');
    said = await say({ text: 'I have two years of experience' }, 3);
    said = await say({ text: 'Amsterdam' }, 4);
    said = await say({ text: '24 hours' }, 5);
    said = await say({ text: 'in 2 weeks' }, 6);
    expect(said[5]).toMatch(/^Do you have a professional qualification/);
    said = await say({ text: 'no' }, 7);
    expect(said[6]).toBe('Thank you Tom, those were all my questions! A recruiter will look at your answers and get in touch soon.');
    const contact = await until(() => contactOf(waId), (c) => c.qualification !== null);
    expect(contact).toMatchObject({ qualification: 'MAYBE', vacancy: 'barber' });
    expect(contact.conversation!.language).toBe('en');
  });

  it('hands a candidate to a recruiter after two unclear answers in a row', async () => {
    const waId = uniquePhone();
    const say = chat(waId);
    await say({ text: 'Hallo' }, 2);
    let said = await say({ text: 'banaan' }, 3);
    expect(said[2]).toMatch(/^Sorry, dat begreep ik niet helemaal\./);
    said = await say({ text: 'appel' }, 4);
    expect(said[3]).toBe(config.texts.handoffUnclear.nl);
    const contact = await until(() => contactOf(waId), (c) => c.conversation?.status === 'NEEDS_HUMAN');
    expect(contact.conversation!.handoffReason).toBe('unclear');
  });

  it('passes a candidate who asks for a person straight to a recruiter, and then stays quiet', async () => {
    const waId = uniquePhone();
    const say = chat(waId);
    await say({ text: 'Hallo' }, 2);
    let said = await say({ text: 'Kan ik een medewerker spreken?' }, 3);
    expect(said[2]).toBe(config.texts.handoffRequested.nl);
    const contact = await until(() => contactOf(waId), (c) => c.conversation?.status === 'NEEDS_HUMAN');
    expect(contact.conversation!.handoffReason).toBe('requested');
    said = await say({ text: 'Hallo?' }, 4);
    expect(said[3]).toBe(config.texts.waitingForRecruiter.nl);
    await candidateWrites({ from: waId, text: 'Is daar iemand?' });
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(await botSaid(waId)).toHaveLength(4);
  });

  it('answers two messages sent a few milliseconds apart in order, asking nothing twice', async () => {
    const waId = uniquePhone();
    const say = chat(waId);
    await say({ text: 'Hallo' }, 2);
    await candidateWrites({ from: waId, text: 'kapper' });
    await candidateWrites({ from: waId, text: '4 jaar' });
    const said = await until(() => botSaid(waId), (s) => s.includes('In welke plaats of regio wil je werken?'));
    const contact = await until(() => contactOf(waId), (c) => (c.answers as any).experience_years !== undefined);
    expect((contact.answers as any).role.value).toBe('hairdresser');
    expect((contact.answers as any).experience_years.value).toBe(4);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const all = await botSaid(waId);
    expect(all.filter((s) => s === 'In welke plaats of regio wil je werken?')).toHaveLength(1);
    expect(all.filter((s) => s.startsWith('Sorry'))).toHaveLength(0);
    expect(new Set(all).size).toBe(all.length);
    expect(said.length).toBeLessThanOrEqual(4);
  });

  it('asks for typing on a voice note and keeps a CV with the application', async () => {
    const waId = uniquePhone();
    const say = chat(waId);
    await say({ text: 'Hallo' }, 2);
    let said = await say({ type: 'voice' }, 4);
    expect(said[2]).toBe(config.texts.voice.nl);
    expect(said[3]).toBe('Voor welke functie kom je in aanmerking?');
    said = await say({ type: 'document' }, 6);
    expect(said[4]).toBe(config.texts.cvReceived.nl);
    const contact = await until(() => contactOf(waId), (c) => (c.answers as any).cv !== undefined);
    const cv = await db().message.findUniqueOrThrow({ where: { id: (contact.answers as any).cv.value } });
    expect(cv).toMatchObject({ type: 'document', mediaFilename: 'cv.pdf' });
    expect(contact.conversation!.unclearCount).toBe(0);
  });
});
