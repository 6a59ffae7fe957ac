// The optional language-model agent: an OpenAI-compatible chat completions endpoint writes
// the replies from the prompt in lib/agent/prompt.md (recruiters refine the prompt, not
// code). Its structured output goes through the same answer parsers and qualification
// rules as the scripted flow, so the candidate's data means the same either way.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { env } from '../env';
import { parseAnswer } from './answers';
import { allQuestions, fill, questionsFor, type ScreeningConfig } from './config';
import { readMessage } from './extract/read-message';
import { qualify } from './qualify';
import { nextQuestion, type AgentMessage, type AgentState, type StepResult } from './scripted';

export interface LlmSettings {
  baseUrl: string;
  apiKey?: string;
  model: string;
  timeoutMs: number;
  promptFile: string;
}

export function llmSettings(): LlmSettings | null {
  const config = env();
  if (!config.AGENT_LLM_BASE_URL || !config.AGENT_LLM_MODEL) return null;
  return {
    baseUrl: config.AGENT_LLM_BASE_URL.replace(/\/+$/, ''),
    apiKey: config.AGENT_LLM_API_KEY,
    model: config.AGENT_LLM_MODEL,
    timeoutMs: config.AGENT_LLM_TIMEOUT_MS,
    promptFile: path.resolve(process.cwd(), config.AGENT_PROMPT_FILE),
  };
}

export const decision = z.object({
  reply: z.string().trim().min(1).max(4096),
  language: z.enum(['nl', 'en']).optional(),
  answers: z.record(z.string(), z.union([z.string().max(500), z.number(), z.boolean()])).default({}),
  handoff: z.enum(['requested', 'unclear']).nullable().optional(),
});
export type Decision = z.infer<typeof decision>;

export class LlmError extends Error {}

export interface HistoryLine {
  fromCandidate: boolean;
  text: string;
}

export function systemPrompt(settings: LlmSettings, config: ScreeningConfig, state: AgentState, now: Date): string {
  const template = readFileSync(settings.promptFile, 'utf8');
  const questions = questionsFor(config, state.answers.role?.value)
    .map((q) => {
      const format =
        q.type === 'choice'
          ? 'one of the role ids'
          : q.type === 'number'
            ? `a number from ${q.min} to ${q.max}`
            : q.type === 'yes_no'
              ? 'true or false'
              : q.type === 'date'
                ? 'a date YYYY-MM-DD'
                : q.type === 'place'
                  ? 'a place or region in the Netherlands or Belgium'
                  : 'text';
      return `- ${q.id}: "${q.prompt[state.language]}" (${format})`;
    })
    .join('\n');
  const faq = config.faq.map((f) => `- ${f.id}: ${f.answer[state.language]}`).join('\n');
  const roles = config.roles.map((r) => `- ${r.id}: ${r.label.nl} / ${r.label.en}`).join('\n');
  const answers = Object.fromEntries(Object.entries(state.answers).map(([id, a]) => [id, a.value]));
  return fill(template, {
    agency: config.agency,
    questions,
    roles,
    answers: JSON.stringify(answers),
    faq: faq || '(none)',
    name: state.name ?? 'unknown',
    today: now.toISOString().slice(0, 10),
  });
}

/** Asks the model; throws LlmError on a timeout, an HTTP error or output that is not the agreed JSON. */
export async function askModel(settings: LlmSettings, system: string, history: HistoryLine[]): Promise<Decision> {
  let response: Response;
  try {
    response = await fetch(`${settings.baseUrl}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(settings.apiKey ? { authorization: `Bearer ${settings.apiKey}` } : {}) },
      body: JSON.stringify({
        model: settings.model,
        temperature: 0.2,
        response_format: { type: 'json_object' },
        messages: [
          { role: 'system', content: system },
          ...history.map((line) => ({ role: line.fromCandidate ? 'user' : 'assistant', content: line.text })),
        ],
      }),
      signal: AbortSignal.timeout(settings.timeoutMs),
    });
  } catch (error) {
    throw new LlmError(error instanceof Error && error.name === 'TimeoutError' ? 'the model timed out' : 'the model could not be reached');
  }
  if (!response.ok) throw new LlmError(`the model answered HTTP ${response.status}`);
  const body = (await response.json().catch(() => null)) as { choices?: { message?: { content?: string } }[] } | null;
  const content = body?.choices?.[0]?.message?.content?.trim().replace(/^```(?:json)?\s*|\s*```$/g, '');
  let parsed: unknown;
  try {
    parsed = JSON.parse(content ?? '');
  } catch {
    throw new LlmError('the model did not answer with JSON');
  }
  const result = decision.safeParse(parsed);
  if (!result.success) throw new LlmError(`the model's JSON is not the agreed shape: ${result.error.issues[0]?.message}`);
  return result.data;
}

/**
 * Applies the model's decision. The candidate's own words are read by the scripted flow's
 * extractors first; the model's answers fill only what those did not find, and only when the
 * same extractors accept them, so the stored data means the same whichever agent talked.
 */
export function applyDecision(config: ScreeningConfig, state: AgentState, made: Decision, messages: AgentMessage[], now: Date): StepResult {
  const language = made.language ?? state.language;
  const answers = { ...state.answers };
  let openQuestions = state.openQuestions;
  const current = state.step && state.step !== 'handed_off' && state.step !== 'waiting' ? state.step : null;
  const read = new Set<string>();
  for (const message of messages) {
    const reading = readMessage(config, { text: message.text, replyId: message.replyId, location: message.location }, { current, answers, language, today: now });
    for (const [id, found] of Object.entries(reading.answers)) {
      answers[id] = { value: found.value, label: found.label, text: message.text, source: found.source, ...(found.range ? { range: found.range } : {}), at: now.toISOString() };
      read.add(id);
    }
    if (reading.questionBack && !reading.questionBack.faq) openQuestions = [...openQuestions, { text: reading.questionBack.text.slice(0, 500), at: now.toISOString() }];
  }
  const lastText = messages.at(-1)?.text ?? null;
  for (const [id, raw] of Object.entries(made.answers)) {
    const question = allQuestions(config).find((q) => q.id === id);
    if (!question || read.has(id)) continue;
    const text = typeof raw === 'boolean' ? (raw ? 'ja' : 'nee') : String(raw);
    const parsed = parseAnswer(config, question, { text, replyId: null, location: null }, language, now);
    if (parsed) answers[id] = { ...parsed, text: lastText, source: lastText ?? undefined, at: now.toISOString() };
  }
  const next: AgentState = { ...state, language, answers, openQuestions };
  const reply = { kind: 'question' as const, content: { type: 'text' as const, body: made.reply } };
  if (made.handoff) {
    const unclearCount = made.handoff === 'unclear' ? state.unclearCount + 1 : 0;
    return { state: { ...next, step: 'handed_off', unclearCount }, replies: [reply], handoff: { reason: made.handoff, qualification: null } };
  }
  const following = nextQuestion(config, answers);
  if (!following) {
    return { state: { ...next, step: 'handed_off', unclearCount: 0 }, replies: [reply], handoff: { reason: 'completed', qualification: qualify(config, answers) } };
  }
  const progressed = Object.keys(answers).length > Object.keys(state.answers).length;
  return { state: { ...next, step: following.id, unclearCount: progressed ? 0 : state.unclearCount }, replies: [reply] };
}
