// Inbound media (photos, CVs, voice notes) fetched from 360Dialog when a recruiter opens
// it, never stored by us. 360Dialog blocks media for a number for an hour after 5 failed
// media requests, so: a file that failed with a permanent error is never asked for again,
// and while 4 failures happened in the last hour no further media request is made.
import { db } from '../db/client';
import { codedError } from '../errors';
import { log } from '../log';
import { WhatsAppApiError } from './errors';
import { WhatsAppClient } from './client';

export const MEDIA_FAILURE_BUDGET = 4;

export type MediaRefusal = 'not_found' | 'media_gone' | 'media_paused' | 'media_unreachable';

export class MediaError extends codedError<MediaRefusal>('MediaError', {
  not_found: 'not_found',
  media_gone: 'not_found',
  media_paused: 'unavailable',
  media_unreachable: 'upstream',
}) {}

// Types a browser may show inline; anything else (HTML, SVG, PDFs from strangers) downloads.
const INLINE = /^(image\/(jpeg|png|webp|gif)|audio\/[\w.+-]+|video\/[\w.+-]+)$/;

export interface MediaFile {
  body: ReadableStream<Uint8Array> | null;
  headers: Record<string, string>;
}

export async function fetchInboundMedia(messageId: string, client = WhatsAppClient.fromEnv()): Promise<MediaFile> {
  const message = await db().message.findUnique({
    where: { id: messageId },
    select: { direction: true, mediaId: true, mediaMimeType: true, mediaFilename: true, mediaFailedAt: true, type: true },
  });
  if (!message || message.direction !== 'INBOUND' || !message.mediaId) {
    throw new MediaError('not_found', 'This message has no file.');
  }
  if (message.mediaFailedAt) {
    throw new MediaError('media_gone', 'WhatsApp no longer has this file (media is kept for 30 days).');
  }
  const recentFailures = await db().message.count({ where: { mediaFailedAt: { gt: new Date(Date.now() - 3600_000) } } });
  if (recentFailures >= MEDIA_FAILURE_BUDGET) {
    throw new MediaError('media_paused', 'Files are paused for up to an hour after repeated failures, so WhatsApp does not block them.');
  }
  try {
    const info = await client.mediaInfo(message.mediaId);
    const response = await client.downloadMedia(info.url);
    const mimeType = (message.mediaMimeType ?? info.mimeType ?? response.headers.get('content-type') ?? 'application/octet-stream')
      .split(';')[0]!
      .trim()
      .toLowerCase();
    const filename = (message.mediaFilename ?? `${message.type}-${messageId.slice(0, 8)}`).replace(/[^\w.\- ]+/g, '_');
    const headers: Record<string, string> = {
      'content-type': INLINE.test(mimeType) ? mimeType : 'application/octet-stream',
      'content-disposition': `${INLINE.test(mimeType) ? 'inline' : 'attachment'}; filename="${filename}"`,
      'cache-control': 'private, max-age=3600',
      'x-content-type-options': 'nosniff',
    };
    const length = response.headers.get('content-length');
    if (length) headers['content-length'] = length;
    return { body: response.body, headers };
  } catch (error) {
    if (error instanceof WhatsAppApiError && !error.retryable) {
      await db().message.update({ where: { id: messageId }, data: { mediaFailedAt: new Date() } });
      log.warn('media download failed for good', { messageId, code: error.details.code, category: error.category });
      throw new MediaError('media_gone', 'WhatsApp no longer has this file (media is kept for 30 days).');
    }
    log.warn('media download failed', { messageId, error });
    throw new MediaError('media_unreachable', '360Dialog could not be reached; try again in a moment.');
  }
}
