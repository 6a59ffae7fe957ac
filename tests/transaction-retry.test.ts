// A transaction PostgreSQL picks as a deadlock victim is run again, not lost.
import { describe, expect, it } from 'vitest';
import { db, isRetryableTransactionError, transactionWithRetry } from '../lib/db/client';
import { uniquePhone } from './helpers/webhook';

async function conversation() {
  const waId = uniquePhone();
  const contact = await db().contact.create({ data: { identity: waId, waId, conversation: { create: {} } }, include: { conversation: true } });
  return contact.conversation!.id;
}

describe('transactions under deadlock', () => {
  it('recognises the deadlock error and runs the victim again', async () => {
    const [a, b] = [await conversation(), await conversation()];
    let firstUpdates = 0;
    let release!: () => void;
    const bothLocked = new Promise<void>((resolve) => (release = resolve));
    const errors: unknown[] = [];

    // Each transaction locks one row, waits for the other to lock the second, then asks for it.
    const crosswise = (first: string, second: string) => {
      let attempt = 0;
      return transactionWithRetry(async (tx) => {
        attempt += 1;
        try {
          await tx.$executeRaw`UPDATE conversations SET unread_count = unread_count + 1 WHERE id = ${first}::uuid`;
          if (attempt === 1) {
            if (++firstUpdates === 2) release();
            await bothLocked;
          }
          await tx.$executeRaw`UPDATE conversations SET unread_count = unread_count + 1 WHERE id = ${second}::uuid`;
        } catch (error) {
          errors.push(error);
          throw error;
        }
      });
    };
    await Promise.all([crosswise(a, b), crosswise(b, a)]);

    // At least one victim (PostgreSQL picks one per deadlock; a loaded machine has been seen to
    // abort a run twice), every abort one that is run again, and each update applied exactly once.
    const described = errors.map((e) => {
      const error = e as { code?: string; message?: string; meta?: unknown };
      return `${error.code ?? ''} ${String(error.message).slice(0, 300)} ${JSON.stringify(error.meta ?? null).slice(0, 300)}`;
    });
    expect(described.length, described.join('\n')).toBeGreaterThanOrEqual(1);
    for (const error of errors) expect(isRetryableTransactionError(error), described.join('\n')).toBe(true);
    const rows = await db().conversation.findMany({ where: { id: { in: [a, b] } } });
    expect(rows.map((row) => row.unreadCount)).toEqual([2, 2]);
  });

  it('does not retry other errors', async () => {
    let runs = 0;
    await expect(
      transactionWithRetry(async (tx) => {
        runs += 1;
        await tx.$executeRaw`SELECT 1/0`;
      }),
    ).rejects.toThrow();
    expect(runs).toBe(1);
  });
});
