// A local stand-in for 360Dialog's Cloud API: a real HTTP server that accepts what the
// app sends, answers like 360Dialog (including its errors and the 24-hour window), sends
// status webhooks back, and plays candidates. Used by `npm run dev` when no API key is
// configured, by `npm run sandbox`, and by the tests. It keeps everything in memory.
// Longer than most files: it is one server imitating one API, its routes read best together;
// what stands alone (request validation, templates, read receipts, webhook deliveries and
// their redelivery) has a file of its own.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { cloudPayload, exampleContact, exampleMessage, newWamid, type ExampleMessageType, type ExampleOptions } from '../examples';
import { ReadReceipts, isReadRequest } from './reads';
import { SANDBOX_TEMPLATES, type SandboxTemplate } from './templates';
import { validateSend, type Rejection } from './validate';
import { NO_WEBHOOK_FAULTS, WebhookSender, type RedeliverySettings, type WebhookFaults } from './webhooks';

export interface SandboxFaults extends WebhookFaults {
  /** Share (0..1) of POST /messages answered with `errorStatus`. */
  errorRate: number;
  errorStatus: number;
  /** The next N sends are answered 429 with Retry-After. */
  rateLimitNext: number;
  retryAfterSeconds: number;
  /** Delay before a request is handled; a client that gives up meanwhile sent nothing. */
  latencyMs: number;
  /** Every webhook is delivered twice (each copy redelivered on its own when it fails). */
  duplicateWebhooks: boolean;
  statusOrder: 'in-order' | 'reversed';
  /** Free text outside the window: refused at once (400, like the API usually does) or accepted and then failed by a status webhook. */
  windowErrors: 'immediate' | 'status';
  /** Every read receipt / typing indicator is answered 500 (messages are not affected). */
  readErrors: boolean;
}

export interface SentMessage {
  wamid: string;
  to: string;
  type: string;
  body: Record<string, unknown>;
  receivedAt: string;
}

export interface SandboxWebhook {
  url: string;
  /** Sent with every delivery (how 360Dialog passes the shared secret). */
  headers: Record<string, string>;
  /** When set, every delivery is signed like Meta's: X-Hub-Signature-256: sha256=<hmac of the body>. */
  appSecret?: string;
}

export interface SandboxOptions {
  port?: number;
  host?: string;
  apiKey?: string;
  webhook?: SandboxWebhook;
  /** Delays of the sent, delivered and read status webhooks after a send. */
  statusDelaysMs?: [number, number, number];
  templates?: SandboxTemplate[];
  businessNumber?: string;
  /** How failed webhook deliveries are delivered again (dev/sandbox/webhooks.ts). */
  redelivery?: Partial<RedeliverySettings>;
  /** Where the sandbox says what it redelivers and gives up on (silent when unset). */
  log?: (line: string) => void;
}

const DEFAULT_FAULTS: SandboxFaults = {
  errorRate: 0,
  errorStatus: 500,
  rateLimitNext: 0,
  retryAfterSeconds: 1,
  latencyMs: 0,
  duplicateWebhooks: false,
  statusOrder: 'in-order',
  windowErrors: 'immediate',
  readErrors: false,
  ...NO_WEBHOOK_FAULTS,
};

import { WINDOW_MS } from '../../lib/conversations/window';
// A 1x1 PNG: what every sandbox image "contains".
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

export class Sandbox {
  readonly apiKey: string;
  readonly sent: SentMessage[] = [];
  /** Webhook deliveries: every attempt, what waits for redelivery, what was given up. */
  readonly webhooks: WebhookSender;
  /** The read receipts (and typing indicators) the app sent: not in `sent`. */
  readonly receipts = new ReadReceipts();
  faults: SandboxFaults = { ...DEFAULT_FAULTS };
  webhook: SandboxWebhook | undefined;
  /** Called for every message the sandbox accepts (the benchmark times the agent's replies with it). */
  onSent: ((message: SentMessage) => void) | undefined;
  private readonly lastInbound = new Map<string, number>();
  private readonly media = new Map<string, { mimeType: string; bytes: Buffer }>();
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private server: Server | undefined;
  private port: number;
  private readonly host: string;
  private pending = Promise.resolve();

  constructor(private readonly options: SandboxOptions = {}) {
    this.apiKey = options.apiKey ?? 'sandbox-api-key';
    this.webhook = options.webhook;
    this.port = options.port ?? 0;
    this.host = options.host ?? '127.0.0.1';
    this.webhooks = new WebhookSender(options.redelivery ?? {}, () => this.faults, options.log ?? (() => {}));
  }

  /** Every webhook delivery attempt and the app's answer (or why there was none), in order. */
  get webhookDeliveries() {
    return this.webhooks.attempts;
  }

  get url(): string {
    return `http://${this.host}:${this.port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error) => {
        if (!res.headersSent) send(res, 500, { error: { message: String(error), code: 1 } });
      });
    });
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.port, this.host, () => resolve());
    });
    const address = this.server.address();
    if (address && typeof address === 'object') this.port = address.port;
    return this;
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await this.goDown();
    await this.pending;
    await this.webhooks.stop();
  }

  /** Stops answering: connections are refused until comeUp(). */
  async goDown(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async comeUp(): Promise<void> {
    if (!this.server) await this.start();
  }

  setFaults(faults: Partial<SandboxFaults>): void {
    this.faults = { ...this.faults, ...faults };
  }

  /** Marks a number as having written just now, without a webhook (the window is open). */
  openWindow(waId: string, at = Date.now()): void {
    this.lastInbound.set(waId.replace(/^\+/, ''), at);
  }

  /** A candidate sends a message: it goes to the app's webhook in the Cloud API shape (`location`: the place shared). */
  async inbound(input: { from: string; type?: ExampleMessageType } & Pick<ExampleOptions, 'name' | 'text' | 'refersTo' | 'replyId' | 'location'>) {
    const type = input.type ?? 'text';
    const { from, name, text, refersTo, replyId, location } = input;
    const message = exampleMessage(type, { from, name, text, refersTo, replyId, location });
    this.receipts.delivered(message.id as string, from);
    let mediaId: string | undefined;
    for (const kind of ['image', 'video', 'audio', 'voice', 'document', 'sticker']) {
      const media = message[kind] as { id?: string; mime_type?: string } | undefined;
      if (media?.id) {
        mediaId = media.id;
        this.media.set(media.id, { mimeType: media.mime_type ?? 'application/octet-stream', bytes: PNG });
      }
    }
    this.openWindow(input.from, Number(message.timestamp) * 1000);
    const contacts = type === 'system' ? undefined : [exampleContact({ from: input.from, name: input.name })];
    const status = await this.deliver('message', from.replace(/^\+/, ''), cloudPayload({ contacts, messages: [message] }));
    return { wamid: message.id as string, mediaId, webhookStatus: status };
  }

  /** The first attempt's answer; a failed delivery is delivered again later (dev/sandbox/webhooks.ts). */
  private async deliver(kind: string, conversation: string, payload: unknown): Promise<number | string> {
    if (!this.webhook) {
      this.webhooks.undeliverable(kind, conversation);
      return 'no webhook configured';
    }
    const times = this.faults.duplicateWebhooks ? 2 : 1;
    let result: number | string = 0;
    for (let i = 0; i < times; i++) result = await this.webhooks.deliver(this.webhook, kind, conversation, payload);
    return result;
  }

  private scheduleStatuses(sent: SentMessage, pricing: Record<string, unknown>, failure?: Rejection): void {
    const [a, b, c] = this.options.statusDelaysMs ?? [20, 40, 60];
    const base = Math.floor(Date.now() / 1000);
    const conversation = {
      id: randomBytes(16).toString('hex'),
      expiration_timestamp: String(base + 86400),
      origin: { type: pricing.category },
    };
    const status = (name: string, offset: number) => ({
      id: sent.wamid,
      status: name,
      timestamp: String(base + offset),
      recipient_id: sent.to,
      // Echoed back as the Cloud API does.
      ...(typeof sent.body?.biz_opaque_callback_data === 'string' ? { biz_opaque_callback_data: sent.body.biz_opaque_callback_data } : {}),
      ...(name === 'failed'
        ? { errors: [{ code: failure!.code, title: failure!.title, message: failure!.title, error_data: { details: failure!.details } }] }
        : { conversation, pricing }),
    });
    const steps: [string, number][] = failure ? [['failed', a]] : [['sent', a], ['delivered', b], ['read', c]];
    const ordered = this.faults.statusOrder === 'reversed' ? steps.map(([n], i) => [n, steps[steps.length - 1 - i]![1]] as [string, number]) : steps;
    ordered.forEach(([name, delay], i) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.pending = this.pending.then(() => this.deliver(`status:${name}`, sent.to, cloudPayload({ statuses: [status(name, i)] })).then(() => {}));
      }, delay);
      this.timers.add(timer);
    });
  }

  private windowOpen(to: string): boolean {
    const at = this.lastInbound.get(to);
    return at !== undefined && Date.now() - at < WINDOW_MS;
  }

  private pricing(freeForm: boolean, template: SandboxTemplate | undefined, to: string) {
    if (freeForm) return { billable: false, pricing_model: 'PMP', category: 'service', type: 'free_customer_service' };
    const category = template?.category ?? 'utility';
    const free = category === 'utility' && this.windowOpen(to);
    return { billable: !free, pricing_model: 'PMP', category, type: free ? 'free_customer_service' : 'regular' };
  }

  /** A read receipt, with or without a typing indicator: `{success: true}`, or an error like the API's. */
  private handleRead(body: any, res: ServerResponse): void {
    if (this.faults.readErrors || (this.faults.errorRate > 0 && Math.random() < this.faults.errorRate)) {
      const status = this.faults.readErrors ? 500 : this.faults.errorStatus;
      return send(res, status, { meta: { success: false, http_code: status, developer_message: 'Service temporarily unavailable' } });
    }
    const verdict = this.receipts.accept(body);
    if ('httpStatus' in verdict) return metaError(res, verdict.httpStatus, verdict);
    send(res, 200, { success: true });
  }

  private async handleSend(body: any, res: ServerResponse): Promise<void> {
    if (isReadRequest(body)) return this.handleRead(body, res);
    if (this.faults.rateLimitNext > 0) {
      this.faults.rateLimitNext -= 1;
      res.setHeader('retry-after', String(this.faults.retryAfterSeconds));
      return metaError(res, 429, { code: 130429, title: 'Rate limit hit', details: 'Cloud API message throughput has been reached.' });
    }
    if (this.faults.errorRate > 0 && Math.random() < this.faults.errorRate) {
      return send(res, this.faults.errorStatus, {
        meta: { success: false, http_code: this.faults.errorStatus, developer_message: 'Service temporarily unavailable' },
      });
    }
    const verdict = validateSend(body, this.options.templates ?? SANDBOX_TEMPLATES);
    if ('httpStatus' in verdict) return metaError(res, verdict.httpStatus, verdict);
    const closed = verdict.freeForm && !this.windowOpen(verdict.to);
    const windowRejection: Rejection = {
      httpStatus: 400,
      code: 131047,
      title: 'Re-engagement message',
      details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
    };
    if (closed && this.faults.windowErrors === 'immediate') return metaError(res, 400, windowRejection);
    const record: SentMessage = { wamid: newWamid(), to: verdict.to, type: verdict.type, body, receivedAt: new Date().toISOString() };
    this.sent.push(record);
    this.onSent?.(record);
    this.scheduleStatuses(record, this.pricing(verdict.freeForm, verdict.template, verdict.to), closed ? windowRejection : undefined);
    send(res, 200, { messaging_product: 'whatsapp', contacts: [{ input: body.to, wa_id: verdict.to }], messages: [{ id: record.wamid }] });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    // The latency in force when the request arrived (not when its body was read).
    const latencyMs = this.faults.latencyMs;
    const body = await readJson(req);
    if (latencyMs > 0 && !url.pathname.startsWith('/sandbox/')) {
      await new Promise((resolve) => setTimeout(resolve, latencyMs));
      if (req.socket.destroyed) return; // the client gave up: as if the request never arrived
    }
    const route = `${req.method} ${url.pathname}`;

    // Control endpoints for people and tests (no API key: the sandbox listens on 127.0.0.1).
    if (route === 'GET /sandbox/messages') {
      const to = url.searchParams.get('to');
      return send(res, 200, { messages: this.sent.filter((m) => !to || m.to === to.replace(/^\+/, '')) });
    }
    if (route === 'DELETE /sandbox/messages') {
      this.sent.length = 0;
      return send(res, 200, { ok: true });
    }
    if (route === 'POST /sandbox/inbound') {
      if (typeof body?.from !== 'string') return send(res, 400, { error: 'from (the candidate\'s number) is required' });
      if (body.location !== undefined && !validPlace(body.location)) {
        return send(res, 400, { error: 'location needs latitude (-90..90) and longitude (-180..180) as numbers; name and address are optional text' });
      }
      return send(res, 200, await this.inbound(body));
    }
    if (route === 'GET /sandbox/reads') return send(res, 200, { reads: this.receipts.list(url.searchParams.get('to')) });
    if (route === 'DELETE /sandbox/reads') {
      this.receipts.clear();
      return send(res, 200, { ok: true });
    }
    if (route === 'GET /sandbox/faults') return send(res, 200, this.faults);
    if (route === 'POST /sandbox/faults') {
      const { downForMs, reset, ...faults } = body ?? {};
      const invalid = invalidWebhookFaults(faults);
      if (invalid) return send(res, 400, { error: invalid });
      if (reset) this.faults = { ...DEFAULT_FAULTS };
      this.setFaults(faults);
      if (typeof downForMs === 'number' && downForMs > 0) {
        send(res, 200, { ...this.faults, downForMs });
        setTimeout(() => void this.goDown().then(() => setTimeout(() => void this.comeUp(), downForMs)), 10);
        return;
      }
      return send(res, 200, this.faults);
    }
    if (route === 'GET /sandbox/webhook-deliveries') {
      return send(res, 200, {
        deliveries: this.webhooks.attempts,
        waiting: this.webhooks.waiting(),
        abandoned: this.webhooks.abandoned,
        redelivery: this.webhooks.settings,
      });
    }

    // The 360Dialog API: every call needs the API key.
    if (req.headers['d360-api-key'] !== this.apiKey) {
      return send(res, 401, { meta: { success: false, http_code: 401, developer_message: 'Invalid api key' } });
    }
    if (route === 'POST /messages' || route === 'POST /v1/messages') return this.handleSend(body, res);
    if (route === 'GET /v1/configs/templates') {
      const templates = (this.options.templates ?? SANDBOX_TEMPLATES).map((t) => ({ ...t, namespace: 'sandbox', rejected_reason: 'NONE' }));
      return send(res, 200, { count: templates.length, filters: {}, limit: 1000, offset: 0, sort: ['id'], total: templates.length, waba_templates: templates });
    }
    if (route === 'POST /v1/configs/webhook') {
      if (typeof body?.url !== 'string') return send(res, 400, { meta: { success: false, http_code: 400, developer_message: 'url is required' } });
      this.webhook = { url: body.url, headers: body.headers ?? {} };
      return send(res, 200, { url: body.url });
    }
    if (route === 'GET /v1/configs/webhook') return send(res, 200, { url: this.webhook?.url ?? null });
    if (req.method === 'GET' && url.pathname === '/whatsapp_business/attachments/') {
      const media = this.media.get(url.searchParams.get('mid') ?? '');
      if (!media) return metaError(res, 404, { code: 131052, title: 'Media download error', details: 'Media not found' });
      res.writeHead(200, { 'content-type': media.mimeType, 'content-length': media.bytes.length });
      res.end(media.bytes);
      return;
    }
    const mediaId = req.method === 'GET' ? /^\/(\d+)$/.exec(url.pathname)?.[1] : undefined;
    if (mediaId) {
      const media = this.media.get(mediaId);
      if (!media) return metaError(res, 404, { code: 100, title: 'Invalid parameter', details: `Unknown media id ${mediaId}` });
      return send(res, 200, {
        messaging_product: 'whatsapp',
        id: mediaId,
        mime_type: media.mimeType,
        sha256: randomBytes(32).toString('hex'),
        file_size: media.bytes.length,
        url: `https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=${mediaId}&ext=${Date.now()}`,
      });
    }
    metaError(res, 404, { code: 100, title: 'Unsupported request', details: `${route} is not part of the API` });
  }
}

function validPlace(p: any): boolean {
  const within = (v: unknown, limit: number) => typeof v === 'number' && Number.isFinite(v) && Math.abs(v) <= limit;
  return within(p?.latitude, 90) && within(p?.longitude, 180) && [p.name, p.address].every((t) => t === undefined || typeof t === 'string');
}

function invalidWebhookFaults(faults: Record<string, unknown>): string | undefined {
  const { webhookFailNext: next, webhookFailRate: rate, webhookFailFor: only } = faults;
  if (next !== undefined && !(Number.isInteger(next) && (next as number) >= 0)) return 'webhookFailNext is a whole number of answers, 0 or more';
  if (rate !== undefined && !(typeof rate === 'number' && rate >= 0 && rate <= 1)) return 'webhookFailRate is a share from 0 to 1';
  if (only !== undefined && only !== null && typeof only !== 'string') return "webhookFailFor is a candidate's number, or null for every delivery";
  return undefined;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function metaError(res: ServerResponse, status: number, error: { code: number; title: string; details: string }): void {
  send(res, status, {
    error: {
      message: `(#${error.code}) ${error.title}`,
      type: 'OAuthException',
      code: error.code,
      error_data: { messaging_product: 'whatsapp', details: error.details },
      fbtrace_id: randomBytes(8).toString('hex'),
    },
  });
}

async function readJson(req: IncomingMessage): Promise<any> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  if (chunks.length === 0) return undefined;
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return undefined;
  }
}
