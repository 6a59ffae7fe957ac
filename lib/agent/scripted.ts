// The scripted screening agent: one inbound message in, the new state and the replies out.
// Pure: the runner (run.ts) loads the state, calls this for each new message in order,
// and stores what comes out in one transaction.
import type { OutboundContent } from '../whatsapp/outbound';
import { asksForHuman, parseAnswer, replyId, type AnswerValue, type CandidateInput } from './answers';
import { fill, type Language, type Question, type ScreeningConfig } from './config';
import { detectLanguage } from './language';
import { qualify, type QualificationResult } from './qualify';

export interface StoredAnswer {
  value: AnswerValue;
  label: string;
  /** What the candidate actually wrote or tapped. */
  text: string | null;
  at: string;
}

export type HandoffReason = 'requested' | 'unclear' | 'completed';

export interface AgentState {
  language: Language;
  /** null: not started; a question id: waiting for its answer; 'handed_off': a recruiter is needed; 'waiting': told so. */
  step: string | null;
  unclearCount: number;
  answers: Record<string, StoredAnswer>;
  name: string | null;
}

export interface AgentMessage {
  id: string;
  type: string;
  text: string | null;
  replyId: string | null;
  location: { name?: string; address?: string } | null;
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
}

const SILENT_TYPES = new Set(['reaction', 'system']);
const DOCUMENT_TYPES = new Set(['document']);
const VOICE_TYPES = new Set(['audio', 'voice']);
const MEDIA_TYPES = new Set(['image', 'video', 'sticker']);

export function nextQuestion(config: ScreeningConfig, answers: Record<string, unknown>): Question | undefined {
  return config.questions.find((q) => answers[q.id] === undefined);
}

/** The question as WhatsApp content: buttons for up to 3 choices, a list for more, text otherwise. */
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

export function step(config: ScreeningConfig, state: AgentState, message: AgentMessage, now: Date): StepResult {
  const values = { name: state.name ?? '', agency: config.agency };
  const t = (key: keyof ScreeningConfig['texts'], language: Language) => fill(config.texts[key][language], values).replace(/\s+!/g, '!');
  if (SILENT_TYPES.has(message.type)) return { state, replies: [] };

  const language = message.text && message.type === 'text' ? detectLanguage(message.text, state.language) : state.language;
  let next: AgentState = { ...state, language };

  // Already handed to a recruiter: say so once, then stay quiet until someone acts.
  if (state.step === 'handed_off') return { state: { ...next, step: 'waiting' }, replies: [say(t('waitingForRecruiter', language))] };
  if (state.step === 'waiting') return { state: next, replies: [] };

  if (message.type === 'text' && asksForHuman(config, message.text)) {
    return {
      state: { ...next, step: 'handed_off', unclearCount: 0 },
      replies: [say(t('handoffRequested', language))],
      handoff: { reason: 'requested', qualification: null },
    };
  }

  const replies: Reply[] = [];
  let current = config.questions.find((q) => q.id === state.step);
  const starting = state.step === null;
  if (starting) {
    replies.push(say(t('welcome', language)));
    current = nextQuestion(config, state.answers);
  }
  if (!current) return { state: next, replies };

  let cv: StepResult['cv'];
  const input: CandidateInput = { text: message.text, replyId: message.replyId, location: message.location };
  const answerable = ['text', 'interactive', 'button'].includes(message.type) || (message.type === 'location' && current.type === 'text');
  if (!answerable) {
    if (DOCUMENT_TYPES.has(message.type)) {
      cv = { messageId: message.id, filename: message.filename };
      replies.push(say(t('cvReceived', language)));
    } else if (VOICE_TYPES.has(message.type)) replies.push(say(t('voice', language)));
    else if (MEDIA_TYPES.has(message.type)) replies.push(say(t('mediaReceived', language)));
    else if (!starting) replies.push(say(t('notReadable', language)));
    replies.push({ kind: 'question', content: ask(config, current, language) });
    return { state: { ...next, step: current.id }, replies, cv };
  }

  const answer = parseAnswer(config, current, input, language, now);
  if (!answer) {
    if (starting) {
      // A greeting is not an unclear answer: just ask the first question.
      replies.push({ kind: 'question', content: ask(config, current, language) });
      return { state: { ...next, step: current.id }, replies };
    }
    const unclearCount = state.unclearCount + 1;
    if (unclearCount >= 2) {
      return {
        state: { ...next, step: 'handed_off', unclearCount },
        replies: [say(t('handoffUnclear', language))],
        handoff: { reason: 'unclear', qualification: null },
      };
    }
    const prefix = fill(config.texts.unclear[language], { hint: current.hint[language] });
    return { state: { ...next, step: current.id, unclearCount }, replies: [{ kind: 'question', content: ask(config, current, language, prefix) }] };
  }

  const answers = { ...state.answers, [current.id]: { ...answer, text: message.text, at: now.toISOString() } };
  next = { ...next, answers, unclearCount: 0 };
  const following = nextQuestion(config, answers);
  if (!following) {
    const qualification = qualify(config, answers);
    return {
      state: { ...next, step: 'handed_off' },
      replies: [...replies, say(t('completed', language))],
      handoff: { reason: 'completed', qualification },
      cv,
    };
  }
  replies.push({ kind: 'question', content: ask(config, following, language) });
  return { state: { ...next, step: following.id }, replies, cv };
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
