// The 360Dialog API client (Cloud API by default; the base URL points it at the legacy
// API or at the local sandbox). Every failure comes out as a WhatsAppApiError.
import { env } from '../env';
import { WhatsAppApiError, errorFromResponse } from './errors';

export interface ClientConfig {
  baseUrl: string;
  apiKey: string;
  timeoutMs?: number;
}

export interface SendResult {
  wamid: string;
  waId: string | null;
}

export interface Template {
  name: string;
  language: string;
  category: string;
  status: string;
  components: { type: string; text?: string; format?: string; buttons?: unknown[] }[];
}

export interface MediaInfo {
  url: string;
  mimeType: string | null;
  sha256: string | null;
  fileSize: number | null;
}

/** The Cloud API body that marks an inbound message as read, optionally with a typing indicator. */
export function markAsReadPayload(wamid: string, typing = false): Record<string, unknown> {
  return {
    messaging_product: 'whatsapp',
    status: 'read',
    message_id: wamid,
    ...(typing ? { typing_indicator: { type: 'text' } } : {}),
  };
}

export class WhatsAppClient {
  private readonly baseUrl: string;

  constructor(private readonly config: ClientConfig) {
    this.baseUrl = config.baseUrl.replace(/\/+$/, '');
  }

  /** A client configured from the environment; throws when no API key is set. */
  static fromEnv(): WhatsAppClient {
    const config = env();
    if (!config.THREESIXTY_DIALOG_API_KEY) {
      throw new WhatsAppApiError('auth', 'THREESIXTY_DIALOG_API_KEY is not set', { code: 401 });
    }
    return new WhatsAppClient({
      baseUrl: config.THREESIXTY_DIALOG_BASE_URL,
      apiKey: config.THREESIXTY_DIALOG_API_KEY,
      timeoutMs: config.THREESIXTY_DIALOG_TIMEOUT_MS,
    });
  }

  private async request(path: string, init: { method?: string; body?: unknown; absoluteUrl?: string; timeoutMs?: number } = {}) {
    const url = init.absoluteUrl ?? `${this.baseUrl}${path}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method: init.method ?? 'GET',
        headers: {
          'D360-API-KEY': this.config.apiKey,
          accept: 'application/json',
          ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
        signal: AbortSignal.timeout(init.timeoutMs ?? this.config.timeoutMs ?? 10_000),
      });
    } catch (error) {
      const reason = error instanceof Error && error.name === 'TimeoutError' ? 'timed out' : 'could not be reached';
      throw new WhatsAppApiError('transient', `360Dialog ${reason} (${path})`, { title: reason });
    }
    return response;
  }

  private async json<T>(path: string, init: { method?: string; body?: unknown; timeoutMs?: number } = {}): Promise<T> {
    const response = await this.request(path, init);
    const text = await response.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : {};
    } catch {
      body = undefined;
    }
    if (!response.ok) throw errorFromResponse(response.status, body, response.headers.get('retry-after'));
    if (body === undefined) {
      throw new WhatsAppApiError('transient', `360Dialog answered ${response.status} with a body that is not JSON`, {
        httpStatus: response.status,
      });
    }
    return body as T;
  }

  /** POST /messages with a Cloud API body (see outbound.ts); both success shapes are read. */
  async sendMessage(payload: Record<string, unknown>): Promise<SendResult> {
    const body = await this.json<{ messages?: { id?: string }[]; contacts?: { wa_id?: string }[] }>('/messages', {
      method: 'POST',
      body: payload,
    });
    const wamid = body.messages?.[0]?.id;
    if (!wamid) {
      // Accepted but without an id: we cannot track it; treat as a server-side fault.
      throw new WhatsAppApiError('transient', '360Dialog accepted the message but returned no message id');
    }
    return { wamid, waId: body.contacts?.[0]?.wa_id ?? null };
  }

  /**
   * Marks an inbound message as read (blue ticks for the candidate); with `typing`, WhatsApp
   * also shows "typing…" until our next message or for at most 25 seconds. `timeoutMs`
   * overrides the client's timeout for this call.
   */
  async markAsRead(wamid: string, options: { typing?: boolean; timeoutMs?: number } = {}): Promise<void> {
    await this.json('/messages', {
      method: 'POST',
      body: markAsReadPayload(wamid, options.typing ?? false),
      timeoutMs: options.timeoutMs,
    });
  }

  /** GET /v1/configs/templates: the account's templates. */
  async listTemplates(): Promise<Template[]> {
    const body = await this.json<{ waba_templates?: Record<string, any>[] }>('/v1/configs/templates');
    return (body.waba_templates ?? []).map((t) => ({
      name: String(t.name),
      language: String(t.language),
      category: String(t.category ?? '').toLowerCase(),
      status: String(t.status ?? '').toLowerCase(),
      components: Array.isArray(t.components) ? t.components : [],
    }));
  }

  /** POST /v1/configs/webhook: where 360Dialog delivers, and the headers it adds. */
  async setWebhook(url: string, headers: Record<string, string>): Promise<void> {
    await this.json('/v1/configs/webhook', { method: 'POST', body: { url, headers } });
  }

  /** GET /{media_id}: where an inbound media file can be downloaded. */
  async mediaInfo(mediaId: string): Promise<MediaInfo> {
    const body = await this.json<{ url?: string; mime_type?: string; sha256?: string; file_size?: number }>(
      `/${encodeURIComponent(mediaId)}`,
    );
    if (!body.url) throw new WhatsAppApiError('invalid_request', '360Dialog returned no media URL', { httpStatus: 200 });
    return { url: body.url, mimeType: body.mime_type ?? null, sha256: body.sha256 ?? null, fileSize: body.file_size ?? null };
  }

  /**
   * Downloads a media file. Meta's URL is fetched through 360Dialog: same path and query,
   * host replaced by the API's, with the API key (360Dialog's Cloud API media download).
   */
  async downloadMedia(metaUrl: string): Promise<Response> {
    const source = new URL(metaUrl);
    const target = new URL(this.baseUrl);
    const absoluteUrl = `${target.origin}${source.pathname}${source.search}`;
    const response = await this.request(source.pathname, { absoluteUrl });
    if (!response.ok) {
      const text = await response.text().catch(() => '');
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
      throw errorFromResponse(response.status, body, response.headers.get('retry-after'));
    }
    return response;
  }
}
