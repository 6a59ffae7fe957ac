// Notifications: a candidate writing in a conversation someone has, a closing 24-hour window,
// each user's choices, the live stream delivering them to their own user only, and the API
// that lists and reads them.
import { describe, expect, it } from 'vitest';
import { cloudPayload, exampleContact, exampleMessage } from '../dev/examples';
import { db } from '../lib/db/client';
import { warnClosingWindows } from '../lib/notifications/window-closing';
import { signedInAs } from './helpers/auth';
import { candidateWrites, until } from './helpers/sandbox';
import { baseUrl, postWebhook, uniquePhone } from './helpers/webhook';

const api = (path: string, cookie: string | undefined, init: RequestInit = {}) =>
  fetch(`${baseUrl()}${path}`, { ...init, headers: { ...(cookie ? { cookie } : {}), ...(init.body ? { 'content-type': 'application/json' } : {}), ...init.headers } });

/** The candidate writes; resolves when the worker has processed the message. */
async function writes(waId: string, text: string, name = 'Sanne de Vries') {
  const { wamid } = await candidateWrites({ from: waId, name, text });
  return until(() => db().message.findUnique({ where: { wamid } }), (m) => m?.processedAt != null, 15_000).then((m) => m!);
}

async function conversationOf(waId: string) {
  await writes(waId, 'Hallo, ik zoek werk');
  return db().conversation.findFirstOrThrow({ where: { contact: { waId } } });
}

const notificationsOf = (userId: string, kind?: string) => db().notification.findMany({ where: { userId, ...(kind ? { kind } : {}) }, orderBy: { createdAt: 'asc' } });

describe('a candidate writes in a conversation someone has', () => {
  it('notifies the assignee only, once until read', async () => {
    const anna = await signedInAs();
    const bram = await signedInAs();
    const waId = uniquePhone();
    const conversation = await conversationOf(waId);
    expect(await notificationsOf(anna.user.id)).toEqual([]);
    await db().conversation.update({ where: { id: conversation.id }, data: { assigneeId: anna.user.id, mode: 'HUMAN', status: 'NEEDS_HUMAN' } });

    await writes(waId, 'Is er nog plek in Utrecht?');
    const first = await notificationsOf(anna.user.id, 'candidate_wrote');
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ conversationId: conversation.id, readAt: null });
    expect(await notificationsOf(bram.user.id)).toEqual([]);

    // Coalesced while unread.
    await writes(waId, 'En in Amersfoort?');
    await writes(waId, 'Hallo?');
    expect(await notificationsOf(anna.user.id, 'candidate_wrote')).toHaveLength(1);

    // Read: the next message notifies again.
    const read = await api('/api/notifications/read', anna.cookie, { method: 'POST', body: JSON.stringify({ conversationId: conversation.id }) });
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({ ok: true, updated: 1, unreadCount: 0 });
    await writes(waId, 'Ik heb morgen tijd');
    const after = await notificationsOf(anna.user.id, 'candidate_wrote');
    expect(after).toHaveLength(2);
    expect(after.filter((n) => n.readAt === null)).toHaveLength(1);
  });

  it('says nothing when nobody has the conversation, or for a group message', async () => {
    const anna = await signedInAs();
    const waId = uniquePhone();
    const conversation = await conversationOf(waId);
    await writes(waId, 'Nog een vraag');
    expect(await db().notification.count({ where: { conversationId: conversation.id } })).toBe(0);

    await db().conversation.update({ where: { id: conversation.id }, data: { assigneeId: anna.user.id, mode: 'HUMAN' } });
    const message = { ...exampleMessage('text', { from: waId, text: 'Hoi groep' }), group_id: 'GROUP.42' } as Record<string, any>;
    expect((await postWebhook(cloudPayload({ contacts: [exampleContact({ from: waId })], messages: [message] }))).status).toBe(200);
    await until(() => db().message.findUnique({ where: { wamid: message.id } }), (m) => m?.processedAt != null, 15_000);
    expect(await db().notification.count({ where: { conversationId: conversation.id } })).toBe(0);
  });

  it('respects a user who switched it off', async () => {
    const anna = await signedInAs();
    const waId = uniquePhone();
    const conversation = await conversationOf(waId);
    await db().user.update({ where: { id: anna.user.id }, data: { notificationPrefs: { candidate_wrote: false } } });
    await db().conversation.update({ where: { id: conversation.id }, data: { assigneeId: anna.user.id, mode: 'HUMAN' } });
    await writes(waId, 'Hallo?');
    expect(await notificationsOf(anna.user.id)).toEqual([]);
    const list = await (await api('/api/notifications', anna.cookie)).json();
    expect(list.prefs).toEqual({ assigned: true, unassigned: true, candidate_wrote: false, window_closing: true, mention: true });
  });
});

describe('a closing 24-hour window', () => {
  const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3600_000);

  // The job skips a conversation another transaction holds at that moment (the next run takes
  // it), and the app's worker runs it too: look until it has been done.
  const warnAndRead = async (userId: string) => {
    await warnClosingWindows();
    return notificationsOf(userId, 'window_closing');
  };

  async function waiting(assigneeId: string | null) {
    const conversation = await conversationOf(uniquePhone());
    return db().conversation.update({ where: { id: conversation.id }, data: { status: 'NEEDS_HUMAN', assigneeId, lastInboundAt: hoursAgo(20) } });
  }

  it('warns the assignee once per window, within two hours of its end', async () => {
    const anna = await signedInAs();
    const conversation = await waiting(anna.user.id);
    await warnClosingWindows();
    // Four hours left: not yet.
    expect(await notificationsOf(anna.user.id, 'window_closing')).toEqual([]);

    await db().conversation.update({ where: { id: conversation.id }, data: { lastInboundAt: hoursAgo(22.5) } });
    await until(() => warnAndRead(anna.user.id), (list) => list.length >= 1);
    await warnClosingWindows();
    expect(await notificationsOf(anna.user.id, 'window_closing')).toHaveLength(1);

    // The candidate wrote again after the warning (a new window), which is about to close too.
    await db().$executeRaw`UPDATE conversations SET window_warned_at = now() - interval '23 hours 30 minutes',
      last_inbound_at = now() - interval '23 hours' WHERE id = ${conversation.id}::uuid`;
    await until(() => warnAndRead(anna.user.id), (list) => list.length >= 2);
    await warnClosingWindows();
    expect(await notificationsOf(anna.user.id, 'window_closing')).toHaveLength(2);
  });

  it('warns every admin when nobody has it, and nobody once the window has closed or a recruiter replied', async () => {
    const admin = await signedInAs('ADMIN');
    const recruiter = await signedInAs();
    const unassigned = await waiting(null);
    await db().conversation.update({ where: { id: unassigned.id }, data: { lastInboundAt: hoursAgo(23) } });
    const closed = await waiting(recruiter.user.id);
    await db().conversation.update({ where: { id: closed.id }, data: { lastInboundAt: hoursAgo(24.5) } });
    await until(() => warnAndRead(admin.user.id), (list) => list.some((n) => n.conversationId === unassigned.id));
    expect(await notificationsOf(recruiter.user.id)).toEqual([]);

    // A recruiter's reply since the candidate's last message: no warning.
    const replied = await waiting(recruiter.user.id);
    const sent = await api(`/api/conversations/${replied.id}/messages`, recruiter.cookie, { method: 'POST', body: JSON.stringify({ text: 'Ik bel je morgen' }) });
    expect(sent.status).toBe(201);
    await db().conversation.update({ where: { id: replied.id }, data: { lastInboundAt: hoursAgo(23), assigneeId: recruiter.user.id, status: 'NEEDS_HUMAN' } });
    await db().$executeRaw`UPDATE messages SET created_at = now() WHERE conversation_id = ${replied.id}::uuid AND direction = 'OUTBOUND'`;
    await warnClosingWindows();
    expect(await notificationsOf(recruiter.user.id, 'window_closing')).toEqual([]);
  });
});

/** Reads a signed-in user's event stream until `stop`; returns what arrived. */
function openStream(cookie: string) {
  const controller = new AbortController();
  const events: any[] = [];
  let raw = '';
  const ready = (async () => {
    const response = await fetch(`${baseUrl()}/api/events`, { headers: { cookie }, signal: controller.signal });
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let readyResolve!: () => void;
    const isReady = new Promise<void>((resolve) => (readyResolve = resolve));
    void (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          raw += decoder.decode(value, { stream: true });
          if (raw.includes('event: ready')) readyResolve();
          for (const match of raw.matchAll(/event: change\ndata: (.*)\n\n/g)) events.push(JSON.parse(match[1]!));
          raw = raw.replace(/event: change\ndata: (.*)\n\n/g, '');
        }
      } catch {
        // aborted
      }
    })();
    await isReady;
  })();
  return { ready, events, raw: () => raw, stop: () => controller.abort() };
}

describe('the live stream', () => {
  it('delivers a notification to its own user only', async () => {
    const anna = await signedInAs();
    const bram = await signedInAs();
    const waId = uniquePhone();
    const conversation = await conversationOf(waId);
    await db().conversation.update({ where: { id: conversation.id }, data: { assigneeId: anna.user.id, mode: 'HUMAN' } });
    const annas = openStream(anna.cookie);
    const brams = openStream(bram.cookie);
    try {
      await Promise.all([annas.ready, brams.ready]);
      await writes(waId, 'Hoi Anna');
      const [notification] = await notificationsOf(anna.user.id, 'candidate_wrote');
      await until(async () => annas.events.filter((e) => e.type === 'notification'), (list) => list.length > 0);
      expect(annas.events.filter((e) => e.type === 'notification')).toEqual([
        { type: 'notification', userId: anna.user.id, notificationId: notification!.id, conversationId: conversation.id, kind: 'candidate_wrote' },
      ]);
      // Bram sees the message arrive, not Anna's notification.
      await until(async () => brams.events.filter((e) => e.type === 'message' && e.conversationId === conversation.id), (list) => list.length > 0);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(brams.events.filter((e) => e.type === 'notification' || e.type === 'notifications_read')).toEqual([]);
      expect(JSON.stringify(brams.events)).not.toContain(notification!.id);

      // Reading them tells Anna's other tabs, not Bram's.
      await api('/api/notifications/read', anna.cookie, { method: 'POST', body: JSON.stringify({ all: true }) });
      await until(async () => annas.events.filter((e) => e.type === 'notifications_read'), (list) => list.length > 0);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(brams.events.filter((e) => e.type === 'notifications_read')).toEqual([]);
    } finally {
      annas.stop();
      brams.stop();
    }
  });
});

describe('GET /api/notifications and marking them read', () => {
  it('needs a session', async () => {
    expect((await api('/api/notifications', undefined)).status).toBe(401);
    expect((await api('/api/notifications/read', undefined, { method: 'POST', body: JSON.stringify({ all: true }) })).status).toBe(401);
    expect((await api('/api/notifications/delivered', undefined, { method: 'POST', body: JSON.stringify({ ids: [] }) })).status).toBe(401);
  });

  it('lists my own, newest first, with the name and the reason only', async () => {
    const anna = await signedInAs();
    const bram = await signedInAs();
    const waId = uniquePhone();
    const conversation = await conversationOf(waId);
    await db().contact.update({ where: { id: conversation.contactId }, data: { profileName: '<b>Sanne</b>' } });
    const older = await db().notification.create({ data: { userId: anna.user.id, conversationId: conversation.id, kind: 'assigned', createdAt: new Date(Date.now() - 60_000) } });
    const newer = await db().notification.create({ data: { userId: anna.user.id, conversationId: conversation.id, kind: 'mention' } });
    const brams = await db().notification.create({ data: { userId: bram.user.id, conversationId: conversation.id, kind: 'assigned' } });

    const response = await api('/api/notifications', anna.cookie);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.unreadCount).toBe(2);
    expect(body.notifications).toEqual([
      { id: newer.id, conversationId: conversation.id, kind: 'mention', name: '<b>Sanne</b>', createdAt: newer.createdAt.toISOString(), readAt: null },
      { id: older.id, conversationId: conversation.id, kind: 'assigned', name: '<b>Sanne</b>', createdAt: older.createdAt.toISOString(), readAt: null },
    ]);
    expect(JSON.stringify(body)).not.toContain(waId);

    // Someone else's ids change nothing.
    const others = await api('/api/notifications/read', anna.cookie, { method: 'POST', body: JSON.stringify({ ids: [brams.id] }) });
    expect(await others.json()).toMatchObject({ updated: 0, unreadCount: 2 });
    expect((await db().notification.findUniqueOrThrow({ where: { id: brams.id } })).readAt).toBeNull();

    const one = await api('/api/notifications/read', anna.cookie, { method: 'POST', body: JSON.stringify({ ids: [older.id] }) });
    expect(await one.json()).toMatchObject({ updated: 1, unreadCount: 1 });

    // Shown by an open dashboard: no push will follow; someone else's stay as they are.
    const delivered = await api('/api/notifications/delivered', anna.cookie, { method: 'POST', body: JSON.stringify({ ids: [newer.id, brams.id] }) });
    expect(await delivered.json()).toEqual({ ok: true, updated: 1 });
    expect((await db().notification.findUniqueOrThrow({ where: { id: newer.id } })).pushedAt).not.toBeNull();
    expect((await db().notification.findUniqueOrThrow({ where: { id: brams.id } })).pushedAt).toBeNull();
  });

  it('refuses bad input with 422 and changes nothing', async () => {
    const anna = await signedInAs();
    const conversation = await conversationOf(uniquePhone());
    const mine = await db().notification.create({ data: { userId: anna.user.id, conversationId: conversation.id, kind: 'assigned' } });
    const bodies = [
      {},
      { ids: [] },
      { ids: ['not-a-uuid'] },
      { ids: [mine.id], all: true },
      { all: false },
      { conversationId: 'x'.repeat(10_000) },
      { ids: Array.from({ length: 501 }, () => mine.id) },
      { ids: ['<script>alert(1)</script>'] },
    ];
    for (const body of bodies) {
      const response = await api('/api/notifications/read', anna.cookie, { method: 'POST', body: JSON.stringify(body) });
      expect(response.status, JSON.stringify(body).slice(0, 80)).toBe(422);
      expect((await response.json()).error.code).toBe('invalid_input');
    }
    expect((await api('/api/notifications/read', anna.cookie, { method: 'POST', body: 'not json' })).status).toBe(400);
    expect((await db().notification.findUniqueOrThrow({ where: { id: mine.id } })).readAt).toBeNull();
  });
});
