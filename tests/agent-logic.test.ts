// The screening agent's pure logic: reading answers, language, qualification, the flow.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { asksForHuman, parseAnswer, parseStartDate, type CandidateInput } from '../lib/agent/answers';
import { ScreeningConfigError, loadScreeningConfig, parseScreeningConfig, questionsFor, type Question } from '../lib/agent/config';
import { detectLanguage } from '../lib/agent/language';
import { qualify } from '../lib/agent/qualify';
import { resume, step, type AgentMessage, type AgentState } from '../lib/agent/scripted';

const config = loadScreeningConfig();
const question = (id: string) => config.questions.find((q) => q.id === id)! as Question;
const today = new Date('2026-11-24T10:00:00Z');
const typed = (text: string): CandidateInput => ({ text, replyId: null, location: null });
const answer = (id: string, input: CandidateInput, language: 'nl' | 'en' = 'nl') => parseAnswer(config, question(id), input, language, today);

describe('reading answers', () => {
  it('recognises roles by name, synonym, number or tapped button, and refuses two at once', () => {
    expect(answer('role', typed('Ik ben kapster'))?.value).toBe('hairdresser');
    expect(answer('role', typed('I work as a barber'), 'en')).toEqual({ value: 'barber', label: 'Barber' });
    expect(answer('role', typed('3'))?.value).toBe('beautician');
    expect(answer('role', { text: 'Salonmanager', replyId: 'q:role:salon_manager', location: null })?.value).toBe('salon_manager');
    expect(answer('role', typed('kapper of barbier'))).toBeNull();
    expect(answer('role', typed('geen idee'))).toBeNull();
  });

  it('reads numbers in digits or words, zero words, and keeps them in range', () => {
    expect(answer('experience_years', typed('ongeveer 5 jaar'))?.value).toBe(5);
    expect(answer('experience_years', typed('drie jaar'))?.value).toBe(3);
    expect(answer('experience_years', typed('two years'), 'en')?.value).toBe(2);
    expect(answer('experience_years', typed('nog geen ervaring'))?.value).toBe(0);
    expect(answer('experience_years', { text: '1-3 jaar', replyId: 'q:experience_years:2', location: null })).toEqual({ value: 2, label: '1-3 jaar' });
    expect(answer('experience_years', typed('120'))).toBeNull();
    expect(answer('hours_per_week', typed('2 uur'))).toBeNull();
    expect(answer('hours_per_week', typed('32'))?.value).toBe(32);
  });

  it('takes a place as text or from a shared location', () => {
    expect(answer('city', typed('Utrecht'))?.value).toBe('Utrecht');
    expect(answer('city', { text: null, replyId: null, location: { name: 'Salon Centraal', address: 'Damrak 1' } })?.value).toBe('Salon Centraal');
    expect(answer('city', typed('7'))).toBeNull();
  });

  it('understands start dates', () => {
    expect(parseStartDate('per direct', today)).toBe('2026-11-24');
    expect(parseStartDate('Immediately!', today)).toBe('2026-11-24');
    expect(parseStartDate('over 2 weken', today)).toBe('2026-12-08');
    expect(parseStartDate('in 3 days', today)).toBe('2026-11-27');
    expect(parseStartDate('volgende maand', today)).toBe('2026-12-01');
    expect(parseStartDate('1 maart', today)).toBe('2027-03-01');
    expect(parseStartDate('March 15th', today)).toBe('2027-03-15');
    expect(parseStartDate('15-12', today)).toBe('2026-12-15');
    expect(parseStartDate('01/02/2027', today)).toBe('2027-02-01');
    expect(parseStartDate('31-02', today)).toBeNull();
    expect(parseStartDate('weet ik niet', today)).toBeNull();
    expect(answer('start_date', typed('1 maart'))?.label).toBe('1 maart 2027');
  });

  it('understands yes and no, and asks again when it is both', () => {
    expect(answer('diploma', typed('Ja hoor'))?.value).toBe(true);
    expect(answer('diploma', typed('nee, nog niet'))?.value).toBe(false);
    expect(answer('diploma', typed('yes I do'), 'en')).toEqual({ value: true, label: 'Yes' });
    expect(answer('diploma', { text: 'Nee', replyId: 'q:diploma:nee', location: null })?.value).toBe(false);
    expect(answer('diploma', typed('ja en nee'))).toBeNull();
  });

  it('hears a request for a person, in both languages, but not inside other words', () => {
    expect(asksForHuman(config, 'Kan ik een medewerker spreken?')).toBe(true);
    expect(asksForHuman(config, 'I want to talk to a human')).toBe(true);
    expect(asksForHuman(config, 'persoonlijk vind ik dat fijn')).toBe(false);
    expect(asksForHuman(config, 'Utrecht')).toBe(false);
  });
});

describe('language', () => {
  it('switches to English when the candidate writes English, and stays put on short messages', () => {
    expect(detectLanguage('Hi, I am looking for a job as a hairdresser', 'nl')).toBe('en');
    expect(detectLanguage('Hoi, ik zoek werk als kapper', 'en')).toBe('nl');
    expect(detectLanguage('Utrecht', 'en')).toBe('en');
    expect(detectLanguage('32', 'nl')).toBe('nl');
  });
});

describe('qualification', () => {
  const a = (values: Record<string, string | number | boolean>) =>
    Object.fromEntries(Object.entries(values).map(([k, value]) => [k, { value }]));

  it('applies the first rule that holds', () => {
    expect(qualify(config, a({ role: 'hairdresser', experience_years: 5, hours_per_week: 32, diploma: true }))).toBe('QUALIFIED');
    expect(qualify(config, a({ role: 'hairdresser', experience_years: 1, hours_per_week: 32, diploma: true }))).toBe('MAYBE');
    expect(qualify(config, a({ role: 'barber', experience_years: 0, hours_per_week: 32, diploma: false }))).toBe('NOT_A_FIT');
    expect(qualify(config, a({ role: 'hairdresser', experience_years: 10, hours_per_week: 6, diploma: true }))).toBe('NOT_A_FIT');
    expect(qualify(config, a({ role: 'salon_manager', experience_years: 6, hours_per_week: 20, diploma: false }))).toBe('QUALIFIED');
  });
});

describe('the screening configuration', () => {
  it('names what is wrong in an invalid file', () => {
    const read = () => JSON.parse(readFileSync('lib/agent/screening.json', 'utf8'));
    const missingText = read();
    delete missingText.texts.welcome;
    expect(() => parseScreeningConfig(missingText, 'screening.json')).toThrow(ScreeningConfigError);
    expect(() => parseScreeningConfig(missingText, 'screening.json')).toThrow(/texts\.welcome/);
    const unknownQuestion = read();
    unknownQuestion.qualification.rules.push({ result: 'QUALIFIED', when: { shoe_size: { min: 40 } } });
    expect(() => parseScreeningConfig(unknownQuestion, 'screening.json')).toThrow(/unknown question "shoe_size"/);
  });

  it("validates a vacancy's own questions, with the path of the mistake", () => {
    const read = () => JSON.parse(readFileSync('lib/agent/screening.json', 'utf8'));
    const wrongType = read();
    wrongType.roles[0].questions = [{ id: 'city', type: 'text', prompt: { nl: 'Waar?', en: 'Where?' }, hint: { nl: 'Een plaats.', en: 'A place.' } }];
    expect(() => parseScreeningConfig(wrongType, 'screening.json')).toThrow(/roles\.0\.questions\.0\.type: replaces "city" \(a place question\) with a text question/);
    const missingPrompt = read();
    missingPrompt.roles[1].questions = [{ id: 'chairs', type: 'number', min: 0, max: 5, hint: { nl: 'x', en: 'x' } }];
    expect(() => parseScreeningConfig(missingPrompt, 'screening.json')).toThrow(/roles\.1\.questions\.0\.prompt/);
    const ruleOnVacancyQuestion = read();
    ruleOnVacancyQuestion.qualification.rules.push({ result: 'QUALIFIED', when: { team_size: { min: 10 } } });
    expect(() => parseScreeningConfig(ruleOnVacancyQuestion, 'screening.json')).not.toThrow();
  });

  it("asks a vacancy's own questions after the general ones, and replaces a general one it names", () => {
    const manager = questionsFor(config, 'salon_manager').map((q) => q.id);
    expect(manager).toEqual(['role', 'experience_years', 'city', 'hours_per_week', 'start_date', 'diploma', 'team_size']);
    expect(questionsFor(config, 'barber').map((q) => q.id)).toEqual(config.questions.map((q) => q.id));
    const raw = JSON.parse(readFileSync('lib/agent/screening.json', 'utf8'));
    raw.roles[1].questions = [{ id: 'diploma', type: 'yes_no', prompt: { nl: 'Heb je een barbiersdiploma?', en: 'Do you have a barber diploma?' }, hint: { nl: 'Ja of nee.', en: 'Yes or no.' } }];
    const replaced = parseScreeningConfig(raw, 'screening.json');
    expect(questionsFor(replaced, 'barber').find((q) => q.id === 'diploma')!.prompt.nl).toBe('Heb je een barbiersdiploma?');
    expect(questionsFor(replaced, 'barber')).toHaveLength(replaced.questions.length);
  });
});

describe('the scripted flow', () => {
  const start: AgentState = { language: 'nl', step: null, unclearCount: 0, answers: {}, name: 'Sarah', openQuestions: [] };
  const message = (text: string, type = 'text'): AgentMessage => ({ id: 'm', type, text, replyId: null, location: null, mimeType: null, filename: null });

  it('welcomes by name and asks the first question as a choice', () => {
    const result = step(config, start, message('Hallo'), today);
    expect(result.state.step).toBe('role');
    expect(result.replies[0]!.content).toMatchObject({ type: 'text', body: expect.stringContaining('Hoi Sarah!') });
    expect(result.replies[1]!.content).toMatchObject({ type: 'list', body: 'Voor welke functie kom je in aanmerking?' });
  });

  it('uses an answer in the very first message', () => {
    const result = step(config, start, message('Hoi! Ik zoek een baan als kapper'), today);
    expect(result.state.answers.role).toMatchObject({ value: 'hairdresser', label: 'Kapper' });
    expect(result.state.step).toBe('experience_years');
  });

  it('hands over after two unclear answers in a row, not after one', () => {
    const asked = step(config, start, message('Hallo'), today).state;
    const once = step(config, asked, message('banaan'), today);
    expect(once.handoff).toBeUndefined();
    expect(once.replies[0]!.content).toMatchObject({ body: expect.stringMatching(/^Sorry, dat begreep ik niet helemaal\. Kies/) });
    const twice = step(config, once.state, message('appel'), today);
    expect(twice.handoff).toEqual({ reason: 'unclear', qualification: null });
    expect(twice.state.step).toBe('handed_off');
  });

  it('asks voice notes to be typed and keeps a CV without counting them as unclear', () => {
    const asked = step(config, start, message('Hallo'), today).state;
    const voice = step(config, asked, message('', 'audio'), today);
    expect(voice.replies[0]!.content).toMatchObject({ body: expect.stringMatching(/spraakberichten/) });
    expect(voice.state.unclearCount).toBe(0);
    const cv = step(config, asked, { ...message('Mijn CV', 'document'), filename: 'cv.pdf' }, today);
    expect(cv.cv).toEqual({ messageId: 'm', filename: 'cv.pdf' });
    expect(cv.replies.map((r) => r.kind)).toEqual(['info', 'question']);
  });

  it('ignores reactions, and after a handoff says once that a recruiter will reply', () => {
    expect(step(config, start, message('👍', 'reaction'), today).replies).toEqual([]);
    const handedOff = step(config, start, message('Ik wil een medewerker spreken'), today);
    expect(handedOff.handoff?.reason).toBe('requested');
    const next = step(config, handedOff.state, message('Hallo?'), today);
    expect(next.replies).toHaveLength(1);
    expect(step(config, next.state, message('Hallo??'), today).replies).toEqual([]);
  });

  it('resumes at the first unanswered question', () => {
    const state: AgentState = { ...start, step: 'handed_off', answers: { role: { value: 'barber', label: 'Barbier', text: 'barbier', at: '' } } };
    const resumed = resume(config, state);
    expect(resumed.state.step).toBe('experience_years');
    expect(resumed.replies[1]!.content).toMatchObject({ body: 'Hoeveel jaar werkervaring heb je in dit vak?' });
  });
});
