// Conversations made straight in the shared test database, in the state a test needs
// (status, assignee, vacancy, qualification), for the list's filters.
import { randomBytes } from 'node:crypto';
import { db } from '../../lib/db/client';
import { uniquePhone } from './webhook';

export interface ConversationState {
  name?: string;
  status?: 'OPEN' | 'NEEDS_HUMAN' | 'RESOLVED';
  assigneeId?: string | null;
  vacancy?: string | null;
  qualification?: 'QUALIFIED' | 'MAYBE' | 'NOT_A_FIT' | null;
  labelIds?: string[];
}

export async function makeConversation(state: ConversationState = {}): Promise<string> {
  const waId = uniquePhone();
  const conversation = await db().conversation.create({
    data: {
      status: state.status ?? 'OPEN',
      mode: state.assigneeId ? 'HUMAN' : 'BOT',
      ...(state.assigneeId ? { assignee: { connect: { id: state.assigneeId } } } : {}),
      contact: {
        create: {
          identity: waId,
          waId,
          profileName: state.name ?? `Kandidaat ${randomBytes(3).toString('hex')}`,
          vacancy: state.vacancy ?? null,
          qualification: state.qualification ?? null,
        },
      },
      labels: state.labelIds ? { create: state.labelIds.map((labelId) => ({ labelId })) } : undefined,
    },
    select: { id: true },
  });
  return conversation.id;
}

/** A word no other test's candidates have: put in names, found by `q`. */
export const uniqueWord = (prefix: string) => `${prefix}${randomBytes(4).toString('hex')}`;
