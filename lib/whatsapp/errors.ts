// Everything that can go wrong talking to 360Dialog, as one error type with a category
// the outbox acts on (retry or not) and a sentence a recruiter can read.
// Two error shapes exist:
//   Meta:      {error: {message, type, code, error_data: {details}, fbtrace_id}}
//   360Dialog: {meta: {success: false, http_code, developer_message, details}}

export type SendErrorCategory =
  | 'window_closed'
  | 'not_on_whatsapp'
  | 'rate_limited'
  | 'bad_template'
  | 'auth'
  | 'account'
  | 'transient'
  | 'invalid_request';

const SENTENCES: Record<SendErrorCategory, string> = {
  window_closed:
    'The candidate has not written in the last 24 hours, so WhatsApp only allows an approved template message.',
  not_on_whatsapp: 'This phone number is not on WhatsApp, or WhatsApp cannot deliver to it.',
  rate_limited: 'WhatsApp is limiting how fast this number may send; the message is retried automatically.',
  bad_template: 'The template does not exist, is not approved, or its parameters do not match.',
  auth: 'The 360Dialog API key was refused: check THREESIXTY_DIALOG_API_KEY.',
  account:
    'The WhatsApp Business account cannot send right now (payment, a locked account or a policy block): check the 360Dialog hub.',
  transient: '360Dialog or WhatsApp could not be reached; the message is retried automatically.',
  invalid_request: 'WhatsApp refused the message as invalid.',
};

const CODE_CATEGORIES: Record<number, SendErrorCategory> = {
  131047: 'window_closed',
  470: 'window_closed',
  131026: 'not_on_whatsapp',
  1006: 'not_on_whatsapp',
  130429: 'rate_limited',
  131056: 'rate_limited',
  131048: 'rate_limited',
  132000: 'bad_template',
  132001: 'bad_template',
  132005: 'bad_template',
  132007: 'bad_template',
  132012: 'bad_template',
  132015: 'bad_template',
  132016: 'bad_template',
  131042: 'account',
  131031: 'account',
  368: 'account',
  131049: 'account',
  131000: 'transient',
  131016: 'transient',
  133004: 'transient',
  2: 'transient',
  190: 'auth',
  0: 'auth',
};

/** Categories worth sending again later; everything else fails the message at once. */
export const RETRYABLE_CATEGORIES: ReadonlySet<SendErrorCategory> = new Set(['transient', 'rate_limited']);

export function sentenceFor(category: SendErrorCategory | string | null | undefined): string {
  return (category && SENTENCES[category as SendErrorCategory]) || 'The message could not be sent.';
}

export class WhatsAppApiError extends Error {
  readonly retryable: boolean;
  readonly sentence: string;

  constructor(
    readonly category: SendErrorCategory,
    message: string,
    readonly details: {
      httpStatus?: number;
      /** Meta's error code, or the HTTP status when the API gave none. */
      code?: number;
      title?: string;
      detail?: string;
      retryAfterMs?: number;
    } = {},
  ) {
    super(message);
    this.name = 'WhatsAppApiError';
    this.retryable = RETRYABLE_CATEGORIES.has(category);
    this.sentence = sentenceFor(category);
  }
}

export function categorise(code: number | undefined, httpStatus: number | undefined): SendErrorCategory {
  if (code !== undefined && CODE_CATEGORIES[code]) return CODE_CATEGORIES[code];
  if (httpStatus === 401) return 'auth';
  if (httpStatus === 403) return 'account';
  if (httpStatus === 429) return 'rate_limited';
  if (httpStatus === 408 || (httpStatus !== undefined && httpStatus >= 500)) return 'transient';
  if (httpStatus === 400 && code === undefined) return 'invalid_request';
  return httpStatus !== undefined && httpStatus < 500 ? 'invalid_request' : 'transient';
}

/** Retry-After as seconds or an HTTP date, in milliseconds. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Builds the typed error from an HTTP error response of either shape. */
export function errorFromResponse(httpStatus: number, body: unknown, retryAfter: string | null): WhatsAppApiError {
  const b = (body ?? {}) as {
    error?: { message?: string; code?: number; title?: string; error_data?: { details?: string }; error_user_msg?: string };
    meta?: { http_code?: number; developer_message?: string; details?: string; '360dialog_trace_id'?: string };
    errors?: { code?: number; title?: string; details?: string }[];
  };
  let code: number | undefined;
  let title: string | undefined;
  let detail: string | undefined;
  if (b.error) {
    code = typeof b.error.code === 'number' ? b.error.code : undefined;
    title = (b.error.title ?? b.error.message)?.replace(/^\(#\d+\)\s*/, '');
    detail = b.error.error_data?.details ?? b.error.error_user_msg;
  } else if (b.meta) {
    title = b.meta.developer_message;
    detail = b.meta.details;
    // On-Premise errors came as {meta, errors: [{code, title, details}]}.
    const first = b.errors?.[0];
    if (first) {
      code = first.code;
      title = first.title ?? title;
      detail = first.details ?? detail;
    }
  }
  const category = categorise(code, httpStatus);
  const message = `360Dialog answered ${httpStatus}${code !== undefined ? ` (code ${code})` : ''}: ${title ?? 'no message'}`;
  return new WhatsAppApiError(category, message, {
    httpStatus,
    code: code ?? httpStatus,
    title,
    detail,
    retryAfterMs: parseRetryAfter(retryAfter),
  });
}
