// The language-model agent against a local OpenAI-compatible server: it writes the replies,
// its answers are checked by our parsers, and a slow or broken model never leaves a
// candidate without an answer.
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadScreeningConfig } from '../lib/agent/config';
import { runAgentFor } from '../lib/agent/run';
import { db } from '../lib/db/client';
import { takeOver } from '../lib/conversations/transitions';
import { ingestWebhook } from '../lib/ingest/store';
import { createUser } from '../lib/auth/users';
import { cloudPayload, exampleContact, exampleMessage } from '../dev/examples';
import { parseWebhookPayload } from '../lib/ingest/payload';
import { freePort } from './helpers/app-server';
import { useIsolatedDatabase } from './helpers/isolated-database';
import { uniquePhone } from './helpers/webhook';

await useIsolatedDatabase();
const config = loadScreeningConfig();

// The fake model: each test says what it answers next.
type Behaviour = { delayMs?: number; status?: number; content?: string; reply?: Record<string, unknown> };
let behaviour: Behaviour = {};
const requests: any[] = [];
let server: Server;

beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', async () => {
      requests.push({ url: req.url, authorization: req.headers.authorization, body: JSON.parse(raw) });
      const current = behaviour;
      if (current.delayMs) await new Promise((resolve) => setTimeout(resolve, current.delayMs));
      if (res.destroyed) return;
      res.writeHead(current.status ?? 200, { 'content-type': 'application/json' });
      const content = current.content ?? JSON.stringify(current.reply ?? {});
      res.end(JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion', model: 'fake', choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }] }));
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  Object.assign(process.env, {
    AGENT_LLM_BASE_URL: `http://127.0.0.1:${port}/v1`,
    AGENT_LLM_API_KEY: 'sk-test-key',
    AGENT_LLM_MODEL: 'fake-model',
    AGENT_LLM_TIMEOUT_MS: '500',
  });
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  behaviour = {};
  requests.length = 0;
});

async function candidateWrites(waId: string, text: string) {
  const batch = parseWebhookPayload(cloudPayload({ contacts: [exampleContact({ from: waId, name: 'Sarah' })], messages: [exampleMessage('text', { from: waId, text })] }));
  const { storedMessageIds } = await ingestWebhook(batch);
  const message = await db().message.findUniqueOrThrow({ where: { id: storedMessageIds[0]! } });
  const started = Date.now();
  await runAgentFor({ id: message.id, conversationId: message.conversationId, seq: message.seq });
  return { conversationId: message.conversationId, tookMs: Date.now() - started };
}

const botTexts = async (conversationId: string) =>
  (await db().message.findMany({ where: { conversationId, direction: 'OUTBOUND' }, orderBy: { seq: 'asc' } })).map((m) => m.text);
const contactOf = (waId: string) => db().contact.findFirstOrThrow({ where: { waId }, include: { conversation: true } });

describe('the language-model agent', () => {
  it('writes the reply from the prompt file and fills the same structured answers', async () => {
    const waId = uniquePhone();
    behaviour = { reply: { reply: 'Wat leuk, een kapper! Hoeveel jaar ervaring heb je?', language: 'nl', answers: { role: 'hairdresser' }, handoff: null } };
    const { conversationId } = await candidateWrites(waId, 'Hoi, ik ben kapper en zoek werk');
    expect(await botTexts(conversationId)).toEqual(['Wat leuk, een kapper! Hoeveel jaar ervaring heb je?']);
    const contact = await contactOf(waId);
    expect((contact.answers as any).role).toMatchObject({ value: 'hairdresser', label: 'Kapper', text: 'Hoi, ik ben kapper en zoek werk' });
    expect(contact.conversation!.agentStep).toBe('experience_years');

    const request = requests[0]!;
    expect(request.url).toBe('/v1/chat/completions');
    expect(request.authorization).toBe('Bearer sk-test-key');
    expect(request.body).toMatchObject({ model: 'fake-model', response_format: { type: 'json_object' } });
    expect(request.body.messages[0].content).toMatch(/^You are the WhatsApp assistant of Salonwerk Recruitment/);
    expect(request.body.messages[0].content).toContain('- experience_years: "Hoeveel jaar werkervaring heb je in dit vak?"');
    expect(request.body.messages.at(-1)).toEqual({ role: 'user', content: 'Hoi, ik ben kapper en zoek werk' });
  });

  it('keeps only answers our own rules accept, and qualifies when everything is known', async () => {
    const waId = uniquePhone();
    behaviour = { reply: { reply: 'Hoeveel jaar ervaring heb je?', answers: { role: 'hairdresser', experience_years: 500, shoe_size: 42 } } };
    await candidateWrites(waId, 'kapper');
    let answers = (await contactOf(waId)).answers as Record<string, unknown>;
    expect(Object.keys(answers)).toEqual(['role']);
    behaviour = {
      reply: {
        reply: 'Dank je wel, een recruiter neemt contact met je op!',
        answers: { experience_years: 6, city: 'Haarlem', hours_per_week: 32, start_date: '2026-12-01', diploma: true },
      },
    };
    const { conversationId } = await candidateWrites(waId, '6 jaar, Haarlem, 32 uur, per 1 december, en ja ik heb mijn diploma');
    const contact = await contactOf(waId);
    answers = contact.answers as Record<string, unknown>;
    expect(Object.keys(answers).sort()).toEqual(['city', 'diploma', 'experience_years', 'hours_per_week', 'role', 'start_date']);
    expect(contact).toMatchObject({ qualification: 'QUALIFIED' });
    expect(contact.conversation).toMatchObject({ status: 'NEEDS_HUMAN', handoffReason: 'completed' });
    expect((await botTexts(conversationId)).at(-1)).toBe('Dank je wel, een recruiter neemt contact met je op!');
  });

  it('hands over when the model says the candidate asked for a person', async () => {
    const waId = uniquePhone();
    behaviour = { reply: { reply: 'Ik vraag een recruiter om je te bellen!', answers: {}, handoff: 'requested' } };
    await candidateWrites(waId, 'Kunnen jullie me bellen?');
    expect((await contactOf(waId)).conversation).toMatchObject({ status: 'NEEDS_HUMAN', handoffReason: 'requested' });
  });

  it('falls back to the scripted flow when the model is too slow', async () => {
    const waId = uniquePhone();
    behaviour = { delayMs: 3000, reply: { reply: 'te laat' } };
    const { conversationId, tookMs } = await candidateWrites(waId, 'Hoi');
    expect(tookMs).toBeLessThan(2000);
    const said = await botTexts(conversationId);
    expect(said[0]).toMatch(/^Hoi Sarah! Leuk dat je contact opneemt/);
    expect(said[1]).toBe(config.questions[0]!.prompt.nl);
  });

  it('falls back to the scripted flow when the model fails or answers nonsense', async () => {
    for (const broken of [{ status: 500 }, { content: 'Sure! Here is my answer: hello' }, { content: JSON.stringify({ reply: '' }) }]) {
      behaviour = broken;
      const { conversationId } = await candidateWrites(uniquePhone(), 'Hoi');
      expect(await botTexts(conversationId), JSON.stringify(broken)).toHaveLength(2);
    }
  });

  it('stays silent when a recruiter takes over while the model is thinking', async () => {
    const waId = uniquePhone();
    const user = await createUser({ email: `llm-${Date.now()}@agency.test`, name: 'Anna', password: 'a-long-test-password' });
    behaviour = { reply: { reply: 'Hoi! Eerst een vraag.' } };
    const first = await candidateWrites(waId, 'Hoi');
    behaviour = { delayMs: 300, reply: { reply: 'Dit mag niet verstuurd worden' } };
    const batch = parseWebhookPayload(cloudPayload({ messages: [exampleMessage('text', { from: waId, text: 'Nog iets' })] }));
    const { storedMessageIds } = await ingestWebhook(batch);
    const message = await db().message.findUniqueOrThrow({ where: { id: storedMessageIds[0]! } });
    const running = runAgentFor({ id: message.id, conversationId: message.conversationId, seq: message.seq });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await takeOver(first.conversationId, { ...user, role: 'RECRUITER' });
    await running;
    expect(await botTexts(first.conversationId)).not.toContain('Dit mag niet verstuurd worden');
  });
});
