// The scripted screening agent: one inbound message in, the new state and the replies out.
// Pure: the runner (run.ts) loads the state, calls this for each new message in order,
// and stores what comes out in one transaction.
import type { OutboundContent } from '../whatsapp/outbound';
import { replyId, type AnswerValue } from './answers';
import { allQuestions, fill, questionsFor, type Language, type Question, type ScreeningConfig } from './config';
import { readMessage, type Reading } from './extract/read-message';
import { qualify, type QualificationResult } from './qualify';

export interface StoredAnswer {
  value: AnswerValue;
  label: string;
  /** The whole message the answer came from (null for a tap or a shared location). */
  text: string | null;
  /** The candidate's own words the answer was taken from. */
  source?: string;
  range?: [number, number];
  at: string;
}

export type HandoffReason = 'requested' | 'unclear' | 'completed';

/** A question the candidate asked that the bot could not answer: kept for the recruiter. */
export interface OpenQuestion {
  text: string;
  at: string;
}

export interface AgentState {
  language: Language;
  /** null: not started; a question id: waiting for its answer; 'handed_off': a recruiter is needed; 'waiting': told so. */
  step: string | null;
  /** Unclear answers in a row to the question in `step`. */
  unclearCount: number;
  answers: Record<string, StoredAnswer>;
  name: string | null;
  openQuestions: OpenQuestion[];
}

export interface AgentMessage {
  id: string;
  type: string;
  text: string | null;
  replyId: string | null;
  location: { latitude?: number; longitude?: number; name?: string; address?: string } | null;
  mimeType: string | null;
  filename: string | null;
}

export interface Reply {
  /** Questions are dropped when a later message in the same batch is answered too. */
  kind: 'info' | 'question';
  content: OutboundContent;
}

export interface StepResult {
  state: AgentState;
  replies: Reply[];
  handoff?: { reason: HandoffReason; qualification: QualificationResult | null };
  /** A document the candidate sent as their CV. */
  cv?: { messageId: string; filename: string | null };
  /** A completed screening whose answer was corrected after the handoff: its new qualification. */
  requalified?: QualificationResult;
}

const SILENT_TYPES = new Set(['reaction', 'system']);
const DOCUMENT_TYPES = new Set(['document']);
const VOICE_TYPES = new Set(['audio', 'voice']);
const MEDIA_TYPES = new Set(['image', 'video', 'sticker']);

/** The first question of this candidate's screening (their vacancy's questions included) without an answer. */
export function nextQuestion(config: ScreeningConfig, answers: Record<string, { value: unknown } | undefined>): Question | undefined {
  return questionsFor(config, answers.role?.value).find((q) => answers[q.id] === undefined);
}

export const questionLabel = (question: Question, language: Language) => (question.label ?? question.prompt)[language];

/** The question as WhatsApp content: buttons for up to 3 choices, a list for more, a location request for a place, text otherwise. */
export function ask(config: ScreeningConfig, question: Question, language: Language, prefix?: string): OutboundContent {
  const body = prefix ? `${prefix}\n\n${question.prompt[language]}` : question.prompt[language];
  const choices =
    question.type === 'choice'
      ? config.roles.map((r) => ({ id: replyId(question.id, r.id), title: r.label[language] }))
      : question.type === 'number'
        ? question.options.map((o) => ({ id: replyId(question.id, o.id), title: o.label[language] }))
        : question.type === 'yes_no'
          ? [
              { id: replyId(question.id, 'ja'), title: language === 'nl' ? 'Ja' : 'Yes' },
              { id: replyId(question.id, 'nee'), title: language === 'nl' ? 'Nee' : 'No' },
            ]
          : [];
  if (question.type === 'place' && question.locationRequest) return { type: 'location_request', body };
  if (choices.length === 0) return { type: 'text', body };
  if (choices.length <= 3 && choices.every((c) => c.title.length <= 20)) return { type: 'buttons', body, buttons: choices };
  return {
    type: 'list',
    body,
    button: config.texts.chooseButton[language],
    sections: [{ rows: choices.map((c) => ({ id: c.id, title: c.title.slice(0, 24) })) }],
  };
}

function say(text: string): Reply {
  return { kind: 'info', content: { type: 'text', body: text } };
}

/** "Ik heb je antwoord aangepast: Uren per week: 32." */
function changedText(config: ScreeningConfig, answers: Record<string, StoredAnswer>, changed: string[], language: Language): string {
  const questions = allQuestions(config);
  const list = changed
    .map((id) => {
      const question = questions.find((q) => q.id === id);
      return question ? `${questionLabel(question, language)}: ${answers[id]!.label}` : answers[id]!.label;
    })
    .join(', ');
  return fill(config.texts.changed[language], { answer: list });
}

function storeAnswers(state: AgentState, reading: Reading, message: AgentMessage, now: Date) {
  const answers = { ...state.answers };
  const changed: string[] = [];
  for (const [id, found] of Object.entries(reading.answers)) {
    const previous = answers[id];
    if (previous && previous.value === found.value && String(previous.range) === String(found.range)) continue;
    if (previous) changed.push(id);
    answers[id] = {
      value: found.value,
      label: found.label,
      text: message.text,
      source: found.source,
      ...(found.range ? { range: found.range } : {}),
      at: now.toISOString(),
    };
  }
  return { answers, changed };
}

export function step(config: ScreeningConfig, state: AgentState, message: AgentMessage, now: Date): StepResult {
  const values = { name: state.name ?? '', agency: config.agency };
  const t = (key: keyof ScreeningConfig['texts'], language: Language) => fill(config.texts[key][language], values).replace(/\s+!/g, '!').replace(/\s+,/g, ',');
  if (SILENT_TYPES.has(message.type)) return { state, replies: [] };

  const starting = state.step === null;
  const current = starting ? null : state.step;
  const answerable = ['text', 'interactive', 'button', 'location'].includes(message.type);
  const reading = answerable
    ? readMessage(config, { text: message.text, replyId: message.replyId, location: message.location }, { current, answers: state.answers, language: state.language, today: now })
    : null;
  const language = reading?.language ?? state.language;
  let next: AgentState = { ...state, language };

  // Already handed to a recruiter: say so once, then stay quiet until someone acts. What the
  // candidate still tells is kept, and a correction ("oh sorry, ik heb wel een diploma") confirmed.
  if (state.step === 'handed_off' || state.step === 'waiting') {
    const { answers, changed } = reading ? storeAnswers(state, reading, message, now) : { answers: state.answers, changed: [] };
    const replies = changed.length > 0 ? [say(changedText(config, answers, changed, language))] : [];
    if (state.step === 'handed_off') replies.push(say(t('waitingForRecruiter', language)));
    const complete = !nextQuestion(config, answers);
    return {
      state: { ...next, answers, step: 'waiting' },
      replies,
      ...(changed.length > 0 && complete ? { requalified: qualify(config, answers) } : {}),
    };
  }

  const replies: Reply[] = [];
  if (starting) replies.push(say(t('welcome', language)));

  if (!reading) {
    let cv: StepResult['cv'];
    if (DOCUMENT_TYPES.has(message.type)) {
      cv = { messageId: message.id, filename: message.filename };
      replies.push(say(t('cvReceived', language)));
    } else if (VOICE_TYPES.has(message.type)) replies.push(say(t('voice', language)));
    else if (MEDIA_TYPES.has(message.type)) replies.push(say(t('mediaReceived', language)));
    else if (!starting) replies.push(say(t('notReadable', language)));
    const question = nextQuestion(config, state.answers);
    if (!question) return { state: next, replies, cv };
    replies.push({ kind: 'question', content: ask(config, question, language) });
    return { state: { ...next, step: question.id, unclearCount: question.id === state.step ? state.unclearCount : 0 }, replies, cv };
  }

  const { answers, changed } = storeAnswers(state, reading, message, now);
  next = { ...next, answers };

  if (reading.asksForHuman) {
    return {
      state: { ...next, step: 'handed_off', unclearCount: 0 },
      replies: [say(t('handoffRequested', language))],
      handoff: { reason: 'requested', qualification: null },
    };
  }

  if (changed.length > 0) replies.push(say(changedText(config, answers, changed, language)));
  if (reading.questionBack) {
    const faq = config.faq.find((f) => f.id === reading.questionBack!.faq);
    if (faq) replies.push(say(faq.answer[language]));
    else {
      next = { ...next, openQuestions: [...next.openQuestions, { text: reading.questionBack.text.slice(0, 500), at: now.toISOString() }] };
      replies.push(say(t('questionNoted', language)));
    }
  }

  // Two different values for one question: ask which, before anything else.
  const conflicted = questionsFor(config, answers.role?.value).find((q) => reading.conflicts.includes(q.id) && !reading.answers[q.id]);
  if (conflicted) {
    // Still two answers to the question just asked about: that counts as unclear.
    const unclearCount = conflicted.id === state.step ? state.unclearCount + 1 : 0;
    if (unclearCount >= 2) {
      return { state: { ...next, step: 'handed_off', unclearCount }, replies: [say(t('handoffUnclear', language))], handoff: { reason: 'unclear', qualification: null } };
    }
    const prefix = fill(config.texts.conflict[language], { values: reading.conflictValues[conflicted.id]!.join(language === 'nl' ? ' of ' : ' or ') });
    replies.push({ kind: 'question', content: ask(config, conflicted, language, prefix) });
    return { state: { ...next, step: conflicted.id, unclearCount }, replies };
  }

  const following = nextQuestion(config, answers);
  if (!following) {
    const qualification = qualify(config, answers);
    return { state: { ...next, step: 'handed_off', unclearCount: 0 }, replies: [...replies, say(t('completed', language))], handoff: { reason: 'completed', qualification } };
  }

  const understood = Object.keys(reading.answers).length > 0 || reading.questionBack !== null || reading.smallTalk || reading.correction;
  if (!understood && !starting && current === following.id) {
    const unclearCount = state.unclearCount + 1;
    if (unclearCount >= 2) {
      return { state: { ...next, step: 'handed_off', unclearCount }, replies: [say(t('handoffUnclear', language))], handoff: { reason: 'unclear', qualification: null } };
    }
    const prefix = fill(config.texts.unclear[language], { hint: following.hint[language] });
    return { state: { ...next, step: following.id, unclearCount }, replies: [...replies, { kind: 'question', content: ask(config, following, language, prefix) }] };
  }
  replies.push({ kind: 'question', content: ask(config, following, language) });
  return { state: { ...next, step: following.id, unclearCount: following.id === state.step ? state.unclearCount : 0 }, replies };
}

/** What the bot says when a recruiter hands the conversation back: where it stopped. */
export function resume(config: ScreeningConfig, state: AgentState): { state: AgentState; replies: Reply[] } {
  const question = nextQuestion(config, state.answers);
  if (!question) return { state: { ...state, step: 'waiting', unclearCount: 0 }, replies: [] };
  const text = fill(config.texts.resumed[state.language], { name: state.name ?? '', agency: config.agency }).replace(/\s+,/g, ',');
  return {
    state: { ...state, step: question.id, unclearCount: 0 },
    replies: [say(text), { kind: 'question', content: ask(config, question, state.language) }],
  };
}
