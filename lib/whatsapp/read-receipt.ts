// Blue ticks and "typing…" for a candidate's message while the bot works on its reply. A
// courtesy, never a condition: it gives up quickly, never throws, and a failure only logs.
import { log } from '../log';
import { WhatsAppClient } from './client';
import { WhatsAppApiError } from './errors';

/** How long the read receipt may take, whatever THREESIXTY_DIALOG_TIMEOUT_MS says for sends. */
export const READ_RECEIPT_TIMEOUT_MS = 3000;

/**
 * Marks the candidate's message `wamid` as read and shows the typing indicator (until our
 * next message, at most 25 seconds). True when 360Dialog accepted it; false when no API key
 * is configured or the call failed or timed out.
 */
export async function markReadWithTyping(wamid: string): Promise<boolean> {
  let client: WhatsAppClient;
  try {
    client = WhatsAppClient.fromEnv();
  } catch {
    return false; // no API key (or no valid configuration): nothing to call
  }
  try {
    await client.markAsRead(wamid, { typing: true, timeoutMs: READ_RECEIPT_TIMEOUT_MS });
    return true;
  } catch (error) {
    // Facts only: no wamid, no message content, no response body.
    const details = error instanceof WhatsAppApiError ? error.details : undefined;
    log.warn('read receipt not sent', {
      category: error instanceof WhatsAppApiError ? error.category : 'unexpected',
      httpStatus: details?.httpStatus,
      code: details?.code,
      title: details?.title,
    });
    return false;
  }
}
