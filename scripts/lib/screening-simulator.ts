// (Somewhat long: one conversation loop, and what it needs to read the bot's messages.)
// One simulated candidate talking to the running app through the 360Dialog sandbox, the way
// a person on WhatsApp would: write, wait until the bot has finished talking, read what it
// asked, answer that from the profile. The simulator recognises a question only by the
// prompts of the screening configuration (in both languages); it never looks at the bot's
// state, so what it measures is what a candidate would experience.
import type pg from 'pg';
import { allQuestions, type ScreeningConfig } from '../../lib/agent/config';
import { slotsOf, type CandidateProfile, type Fact, type Said, type Slot } from './screening-candidates';

export interface SimulatorSettings {
  sandboxUrl: string;
  db: pg.Pool;
  config: ScreeningConfig;
  /** The bot is done talking when nothing new arrived for this long (and its turn is over). */
  quietMs: number;
  /** The longest one turn of the bot may take. */
  turnTimeoutMs: number;
  /** The most messages a candidate sends. */
  maxTurns: number;
}

export interface TranscriptLine {
  from: 'candidate' | 'bot';
  text: string;
  /** Seconds since the conversation began. */
  at: number;
}

export interface AskedQuestion {
  slot: string;
  /** The candidate message it answered (1 = the opening). */
  afterTurn: number;
  /** The candidate had given this fact in an earlier message. */
  alreadyGiven: boolean;
}

export type Outcome = 'handed_off' | 'stalled' | 'turn_limit' | 'error';

export interface ConversationResult {
  candidate: CandidateProfile;
  waId: string;
  outcome: Outcome;
  error?: string;
  /** Messages the candidate sent. */
  turns: number;
  /** Turns in which the bot asked nothing recognisable and the candidate said its next fact unasked. */
  fallbackTurns: number;
  /** Messages the candidate sent of their own accord, not as an answer: a question back, a correction. */
  ownAccord: number;
  /** Turns in which the bot was not done within the time limit. */
  timeouts: number;
  asked: AskedQuestion[];
  transcript: TranscriptLine[];
  seconds: number;
}

interface SandboxMessage {
  wamid: string;
  to: string;
  type: string;
  body: any;
}

interface Option {
  id: string;
  title: string;
  kind: 'button_reply' | 'list_reply';
}

/** Lower case, no accents, no punctuation or emoji, single spaces: for comparing texts. */
export function normalise(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function bodyText(message: SandboxMessage): string {
  const b = message.body ?? {};
  return b.text?.body ?? b.interactive?.body?.text ?? (b.template ? `[template ${b.template.name}]` : `[${message.type}]`);
}

function optionsOf(message: SandboxMessage): Option[] {
  const action = message.body?.interactive?.action;
  if (!action) return [];
  if (Array.isArray(action.buttons)) {
    return action.buttons.map((b: any) => ({ id: String(b.reply?.id), title: String(b.reply?.title), kind: 'button_reply' as const }));
  }
  if (Array.isArray(action.sections)) {
    return action.sections.flatMap((s: any) => (s.rows ?? []).map((r: any) => ({ id: String(r.id), title: String(r.title), kind: 'list_reply' as const })));
  }
  return [];
}

/** How a bot message reads in a transcript. */
function render(message: SandboxMessage): string {
  const options = optionsOf(message);
  return options.length > 0 ? `${bodyText(message)}\n  [${options.map((o) => o.title).join(' | ')}]` : bodyText(message);
}

function renderSaid(said: Said | { type: 'button_reply' | 'list_reply'; text: string; replyId: string }): string {
  if (typeof said === 'string') return said;
  switch (said.type) {
    case 'voice':
      return '[voice note]';
    case 'location':
      return `[location ${said.latitude}, ${said.longitude}${said.name ? ` ${said.name}` : ''}]`;
    default:
      return `[tapped "${said.text}" (${said.replyId})]`;
  }
}

/** Recognises the screening questions and the handoff sentences, from the configuration's texts. */
export class Recogniser {
  private readonly prompts: { slot: string; text: string }[];
  private readonly handoffs: string[][];

  constructor(config: ScreeningConfig) {
    this.prompts = allQuestions(config).flatMap((q) => [
      { slot: q.id, text: normalise(q.prompt.nl) },
      { slot: q.id, text: normalise(q.prompt.en) },
    ]);
    // The sentences that end the bot's part, split where a {placeholder} goes.
    const keys = ['completed', 'handoffUnclear', 'handoffRequested', 'waitingForRecruiter'] as const;
    this.handoffs = keys.flatMap((key) =>
      (['nl', 'en'] as const).map((language) =>
        config.texts[key][language]
          .split(/\{\w+\}/)
          .map(normalise)
          .filter(Boolean),
      ),
    );
  }

  /** The question a message asks: the prompt that ends latest in it (a re-ask may begin with a hint). */
  question(text: string): string | undefined {
    const said = normalise(text);
    let best: { slot: string; end: number } | undefined;
    for (const prompt of this.prompts) {
      const at = said.lastIndexOf(prompt.text);
      if (at >= 0 && (!best || at + prompt.text.length > best.end)) best = { slot: prompt.slot, end: at + prompt.text.length };
    }
    return best?.slot;
  }

  handedOff(text: string): boolean {
    const said = normalise(text);
    return this.handoffs.some((parts) => {
      let from = 0;
      for (const part of parts) {
        const at = said.indexOf(part, from);
        if (at < 0) return false;
        from = at + part.length;
      }
      return true;
    });
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function simulate(settings: SimulatorSettings, candidate: CandidateProfile, waId: string): Promise<ConversationResult> {
  const recogniser = new Recogniser(settings.config);
  const started = performance.now();
  const at = () => Math.round((performance.now() - started) / 100) / 10;
  const result: ConversationResult = {
    candidate,
    waId,
    outcome: 'error',
    turns: 0,
    fallbackTurns: 0,
    ownAccord: 0,
    timeouts: 0,
    asked: [],
    transcript: [],
    seconds: 0,
  };
  const given = new Set<string>(candidate.openingGives);
  const slipped = new Set<Slot>();
  const askedBack = new Set<Slot>();
  let pendingCorrection: string | undefined;
  let read = 0; // bot messages already read

  const send = async (said: Said | { type: 'button_reply' | 'list_reply'; text: string; replyId: string }): Promise<string> => {
    const input: Record<string, unknown> = { from: waId, name: candidate.name };
    if (typeof said === 'string') Object.assign(input, { type: 'text', text: said });
    else if (said.type === 'voice') Object.assign(input, { type: 'audio' });
    else if (said.type === 'location') {
      Object.assign(input, {
        type: 'location',
        location: { latitude: said.latitude, longitude: said.longitude, ...(said.name ? { name: said.name } : {}), ...(said.address ? { address: said.address } : {}) },
      });
    } else Object.assign(input, { type: said.type, replyId: said.replyId, text: said.text });
    const response = await fetch(`${settings.sandboxUrl}/sandbox/inbound`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(input),
    });
    if (!response.ok) throw new Error(`the sandbox refused the candidate's message: ${response.status}`);
    const { wamid, webhookStatus } = (await response.json()) as { wamid: string; webhookStatus: number | string };
    if (webhookStatus !== 200) throw new Error(`the app answered the webhook with ${webhookStatus}`);
    result.turns += 1;
    result.transcript.push({ from: 'candidate', text: renderSaid(said), at: at() });
    return wamid;
  };

  const botMessages = async (): Promise<SandboxMessage[]> => {
    const response = await fetch(`${settings.sandboxUrl}/sandbox/messages?to=${waId}`);
    return ((await response.json()) as { messages: SandboxMessage[] }).messages;
  };

  /** The bot's turn is over: the message was processed, nothing it queued is still unsent, and nothing new came for quietMs. */
  const waitForBot = async (wamid: string): Promise<SandboxMessage[]> => {
    const deadline = performance.now() + settings.turnTimeoutMs;
    let count = -1;
    let changedAt = performance.now();
    for (;;) {
      const messages = await botMessages();
      if (messages.length !== count) {
        count = messages.length;
        changedAt = performance.now();
      }
      const { rows } = await settings.db.query<{ processed: boolean | null; unsent: string }>(
        `SELECT (SELECT processed_at IS NOT NULL FROM messages WHERE wamid = $1) AS processed,
                (SELECT count(*) FROM messages m JOIN conversations c ON c.id = m.conversation_id JOIN contacts ct ON ct.id = c.contact_id
                  WHERE ct.wa_id = $2 AND m.direction = 'OUTBOUND' AND m.status IN ('QUEUED', 'SENDING')) AS unsent`,
        [wamid, waId],
      );
      const botDone = rows[0]?.processed === true && Number(rows[0]?.unsent) === 0;
      if (botDone && performance.now() - changedAt >= settings.quietMs) return messages;
      if (performance.now() > deadline) {
        result.timeouts += 1;
        return messages;
      }
      await sleep(100);
    }
  };

  const status = async () => {
    const { rows } = await settings.db.query<{ status: string }>(
      'SELECT c.status FROM conversations c JOIN contacts ct ON ct.id = c.contact_id WHERE ct.wa_id = $1',
      [waId],
    );
    return rows[0]?.status;
  };

  const answer = (slot: Slot, offered: Option[]): Said | { type: 'button_reply' | 'list_reply'; text: string; replyId: string } => {
    const fact: Fact = candidate.facts[slot]!;
    const before = given.has(slot);
    for (const also of [slot, ...(fact.alsoGives ?? [])]) given.add(also);
    if (fact.tap) {
      const option = offered.find((o) => o.id.endsWith(`:${fact.tap}`) || o.id === fact.tap);
      if (option) return { type: option.kind, text: option.title, replyId: option.id };
    }
    if (before && candidate.repeatPrefix && typeof fact.say === 'string') return `${candidate.repeatPrefix}${fact.say}`;
    return fact.say;
  };

  try {
    let wamid = await send(candidate.opening);
    for (;;) {
      const messages = await waitForBot(wamid);
      const fresh = messages.slice(read);
      read = messages.length;
      for (const message of fresh) result.transcript.push({ from: 'bot', text: render(message), at: at() });
      const handedOff = fresh.some((m) => recogniser.handedOff(bodyText(m))) || (await status()) === 'NEEDS_HUMAN';
      if (handedOff) {
        // A slip noticed after the last question is still corrected: the candidate does not know the bot is done.
        if (pendingCorrection && result.turns < settings.maxTurns) {
          result.ownAccord += 1;
          wamid = await send(pendingCorrection);
          pendingCorrection = undefined;
          const after = await waitForBot(wamid);
          for (const message of after.slice(read)) result.transcript.push({ from: 'bot', text: render(message), at: at() });
          read = after.length;
        }
        result.outcome = 'handed_off';
        break;
      }
      // The question the bot's last message(s) ask.
      let asked: { slot: string; message: SandboxMessage } | undefined;
      for (const message of [...fresh].reverse()) {
        const slot = recogniser.question(bodyText(message));
        if (slot) {
          asked = { slot, message };
          break;
        }
      }
      if (asked) result.asked.push({ slot: asked.slot, afterTurn: result.turns, alreadyGiven: given.has(asked.slot) });
      if (result.turns >= settings.maxTurns) {
        result.outcome = 'turn_limit';
        break;
      }
      let said: Parameters<typeof send>[0] | undefined;
      const known = asked && (slotsOf(candidate) as string[]).includes(asked.slot) ? (asked.slot as Slot) : undefined;
      if (pendingCorrection) {
        result.ownAccord += 1;
        said = pendingCorrection;
        pendingCorrection = undefined;
      } else if (known) {
        const fact = candidate.facts[known]!;
        if (fact.asksBack && !askedBack.has(known)) {
          askedBack.add(known);
          result.ownAccord += 1;
          said = fact.asksBack;
        } else if (fact.slip && fact.correction && !slipped.has(known)) {
          slipped.add(known);
          given.add(known);
          for (const also of fact.alsoGives ?? []) given.add(also);
          pendingCorrection = fact.correction;
          said = fact.slip;
        } else {
          said = answer(known, optionsOf(asked!.message));
        }
      } else {
        // Nothing recognisable asked, and no handoff: say the next fact not given yet.
        const next = slotsOf(candidate).find((slot) => !given.has(slot));
        if (!next) {
          result.outcome = 'stalled';
          break;
        }
        result.fallbackTurns += 1;
        said = answer(next, []);
      }
      wamid = await send(said);
    }
  } catch (error) {
    result.outcome = 'error';
    result.error = error instanceof Error ? error.message : String(error);
  }
  result.seconds = at();
  return result;
}
