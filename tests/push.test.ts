// Web Push: a browser's subscription (a real P-256 key pair made here), and the worker pushing
// a notification nobody read in an open dashboard to a local HTTPS server standing in for the
// push service: signed with the app's VAPID key, encrypted for that browser (RFC 8291), and
// holding the candidate's name and the reason only. A subscription the push service says is
// gone (410) is deleted.
import { createECDH, createPublicKey, hkdfSync, randomBytes, createDecipheriv, verify } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import webpush from 'web-push';
import { Sandbox } from '../dev/sandbox/server';
import { createUser } from '../lib/auth/users';
import { db } from '../lib/db/client';
import { signInOverHttp } from '../scripts/lib/http-session';
import { startApp, type RunningApp } from './helpers/app-server';
import { useIsolatedDatabase } from './helpers/isolated-database';
import { until } from './helpers/sandbox';
import { TEST_SECRETS } from './helpers/secrets';
import { uniquePhone } from './helpers/webhook';

const databaseUrl = await useIsolatedDatabase();
const vapid = webpush.generateVAPIDKeys();

interface Received {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

let app: RunningApp;
let sandbox: Sandbox;
let pushService: Server;
let pushUrl: string;
let certDir: string;
const received: Received[] = [];

beforeAll(async () => {
  // A push service of our own, over HTTPS with a certificate the app is told to trust.
  certDir = mkdtempSync(path.join(tmpdir(), 'push-cert-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
    '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', path.join(certDir, 'key.pem'), '-out', path.join(certDir, 'cert.pem')], { stdio: 'ignore' });
  pushService = createServer({ key: readFileSync(path.join(certDir, 'key.pem')), cert: readFileSync(path.join(certDir, 'cert.pem')) }, (request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ path: request.url!, headers: request.headers, body: Buffer.concat(chunks) });
      response.statusCode = request.url!.startsWith('/gone') ? 410 : 201;
      response.end();
    });
  });
  await new Promise<void>((resolve) => pushService.listen(0, '127.0.0.1', resolve));
  pushUrl = `https://127.0.0.1:${(pushService.address() as { port: number }).port}`;

  sandbox = await new Sandbox({ apiKey: 'push-test-key' }).start();
  app = await startApp({
    env: {
      ...TEST_SECRETS,
      DATABASE_URL: databaseUrl,
      DATABASE_POOL_SIZE: '5',
      THREESIXTY_DIALOG_BASE_URL: sandbox.url,
      THREESIXTY_DIALOG_API_KEY: sandbox.apiKey,
      VAPID_PUBLIC_KEY: vapid.publicKey,
      VAPID_PRIVATE_KEY: vapid.privateKey,
      VAPID_SUBJECT: 'mailto:ops@agency.test',
      PUSH_AFTER_SECONDS: '1',
      // The local stand-in is the only push service this app may send to.
      PUSH_SERVICE_HOSTS: '127.0.0.1',
      NODE_EXTRA_CA_CERTS: path.join(certDir, 'cert.pem'),
      LOG_LEVEL: 'warn',
    },
  });
  sandbox.webhook = { url: `${app.url}/webhook/whatsapp`, headers: { 'X-Webhook-Secret': TEST_SECRETS.WHATSAPP_WEBHOOK_SECRET }, appSecret: TEST_SECRETS.WHATSAPP_APP_SECRET };
}, 150_000);

afterAll(async () => {
  await app?.stop();
  await sandbox?.stop();
  await new Promise((resolve) => pushService?.close(resolve));
  if (certDir) rmSync(certDir, { recursive: true, force: true });
});

async function signedIn() {
  const password = `pw-${randomBytes(8).toString('hex')}`;
  const user = await createUser({ email: `push-${randomBytes(4).toString('hex')}@agency.test`, name: 'Push Recruiter', role: 'RECRUITER', password });
  const cookie = await signInOverHttp(app.url, user.email, password);
  if (!cookie) throw new Error('sign-in failed');
  return { user, cookie };
}

const api = (route: string, cookie: string | undefined, init: RequestInit = {}) =>
  fetch(`${app.url}${route}`, { ...init, headers: { ...(cookie ? { cookie } : {}), ...(init.body ? { 'content-type': 'application/json' } : {}) } });

/** A browser: its P-256 key pair and auth secret, as PushManager.subscribe() makes them. */
function browser(endpoint: string) {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const auth = randomBytes(16);
  return {
    ecdh,
    auth,
    subscription: { endpoint, expirationTime: null, keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: auth.toString('base64url') } },
  };
}

/** Decrypts an aes128gcm push message (RFC 8188 / RFC 8291) as the browser would. */
function decrypt(body: Buffer, receiver: ReturnType<typeof browser>): string {
  const salt = body.subarray(0, 16);
  const idLength = body[20]!;
  const serverKey = body.subarray(21, 21 + idLength);
  const ciphertext = body.subarray(21 + idLength);
  const shared = receiver.ecdh.computeSecret(serverKey);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), receiver.ecdh.getPublicKey(), serverKey]);
  const ikm = Buffer.from(hkdfSync('sha256', shared, receiver.auth, keyInfo, 32));
  const cek = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16));
  const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12));
  const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
  const padded = Buffer.concat([decipher.update(ciphertext.subarray(0, ciphertext.length - 16)), decipher.final()]);
  // The last record ends with the delimiter 0x02 and zero padding.
  return padded.subarray(0, padded.lastIndexOf(2)).toString('utf8');
}

/** The VAPID Authorization header is a JWT signed with the app's private key, for this push service. */
function checkVapid(header: string) {
  const match = /^vapid t=([^,]+), k=(.+)$/.exec(header);
  expect(match).not.toBeNull();
  const [, token, key] = match!;
  expect(key).toBe(vapid.publicKey);
  const [head, claims, signature] = token!.split('.');
  const raw = Buffer.from(vapid.publicKey, 'base64url');
  const publicKey = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: raw.subarray(1, 33).toString('base64url'), y: raw.subarray(33).toString('base64url') }, format: 'jwk' });
  expect(verify('sha256', Buffer.from(`${head}.${claims}`), { key: publicKey, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature!, 'base64url'))).toBe(true);
  const payload = JSON.parse(Buffer.from(claims!, 'base64url').toString());
  expect(payload).toMatchObject({ aud: pushUrl, sub: 'mailto:ops@agency.test' });
}

async function assignedConversation(userId: string, name = 'Sanne de Vries') {
  const waId = uniquePhone();
  const { wamid } = await sandbox.inbound({ from: waId, name, text: 'Hallo' });
  // The bot has answered it before anyone has the conversation: no notification for it.
  const message = await until(() => db().message.findUnique({ where: { wamid } }), (m) => m?.processedAt != null, 15_000);
  const conversation = await db().conversation.findUniqueOrThrow({ where: { id: message!.conversationId } });
  await db().conversation.update({ where: { id: conversation.id }, data: { assigneeId: userId, mode: 'HUMAN' } });
  return { waId, conversation };
}

describe('Web Push', () => {
  it('pushes an unread notification, signed and encrypted, with the name and the reason only', async () => {
    const { user, cookie } = await signedIn();
    expect(await (await api('/api/push/subscriptions', cookie)).json()).toEqual({ publicKey: vapid.publicKey, subscriptions: 0 });
    const chrome = browser(`${pushUrl}/push/${randomBytes(8).toString('hex')}`);
    const saved = await api('/api/push/subscriptions', cookie, { method: 'POST', body: JSON.stringify(chrome.subscription) });
    expect(saved.status).toBe(200);

    const { waId, conversation } = await assignedConversation(user.id);
    await sandbox.inbound({ from: waId, name: 'Sanne de Vries', text: 'Mijn BSN is 123456789, bel me op 0612345678' });
    const push = await until(async () => received.find((r) => r.path === new URL(chrome.subscription.endpoint).pathname), (r) => r !== undefined, 20_000);
    expect(push!.headers['content-encoding']).toBe('aes128gcm');
    expect(push!.headers.ttl).toBe('3600');
    checkVapid(push!.headers.authorization as string);
    const notification = await db().notification.findFirstOrThrow({ where: { userId: user.id } });
    expect(JSON.parse(decrypt(push!.body, chrome))).toEqual({
      // The user has no language of their own: DASHBOARD_LOCALE, Dutch.
      title: 'Nieuw bericht',
      body: 'Sanne de Vries heeft je een bericht gestuurd.',
      conversationId: conversation.id,
      notificationId: notification.id,
    });
    expect(push!.body.toString('latin1')).not.toContain('BSN');
    expect(notification.pushedAt).not.toBeNull();
    // Pushed once.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(received.filter((r) => r.path === push!.path)).toHaveLength(1);
  });

  it('pushes nothing that was read or shown in an open dashboard in time, nor what is hours old', async () => {
    const { user, cookie } = await signedIn();
    const chrome = browser(`${pushUrl}/push/${randomBytes(8).toString('hex')}`);
    await api('/api/push/subscriptions', cookie, { method: 'POST', body: JSON.stringify(chrome.subscription) });
    const { conversation } = await assignedConversation(user.id);
    // Made and read, made and shown, before the worker's delay is over.
    const [read, shown, stale] = await db().$transaction([
      db().notification.create({ data: { userId: user.id, conversationId: conversation.id, kind: 'assigned', readAt: new Date() } }),
      db().notification.create({ data: { userId: user.id, conversationId: conversation.id, kind: 'mention' } }),
      // Older than a push may live (the worker was down for hours): no longer news.
      db().notification.create({ data: { userId: user.id, conversationId: conversation.id, kind: 'window_closing', createdAt: new Date(Date.now() - 2 * 3600_000) } }),
    ]);
    expect(await (await api('/api/notifications/delivered', cookie, { method: 'POST', body: JSON.stringify({ ids: [shown.id] }) })).json()).toEqual({ ok: true, updated: 1 });
    await until(() => db().notification.findUniqueOrThrow({ where: { id: read.id } }), (n) => n.pushedAt !== null, 10_000);
    await until(() => db().notification.findUniqueOrThrow({ where: { id: stale.id } }), (n) => n.pushedAt !== null, 10_000);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(received.filter((r) => r.path === new URL(chrome.subscription.endpoint).pathname)).toEqual([]);
  });

  it('deletes a subscription the push service says is gone', async () => {
    const { user, cookie } = await signedIn();
    const gone = browser(`${pushUrl}/gone/${randomBytes(8).toString('hex')}`);
    await api('/api/push/subscriptions', cookie, { method: 'POST', body: JSON.stringify(gone.subscription) });
    expect(await db().pushSubscription.count({ where: { userId: user.id } })).toBe(1);
    const { conversation } = await assignedConversation(user.id);
    await db().notification.create({ data: { userId: user.id, conversationId: conversation.id, kind: 'window_closing' } });
    await until(() => db().pushSubscription.count({ where: { userId: user.id } }), (n) => n === 0, 20_000);
    expect(received.some((r) => r.path === new URL(gone.subscription.endpoint).pathname)).toBe(true);
  });
});

describe('POST/DELETE /api/push/subscriptions', () => {
  it('need a session', async () => {
    expect((await api('/api/push/subscriptions', undefined)).status).toBe(401);
    const chrome = browser(`${pushUrl}/push/anonymous`);
    expect((await api('/api/push/subscriptions', undefined, { method: 'POST', body: JSON.stringify(chrome.subscription) })).status).toBe(401);
    expect(await db().pushSubscription.count({ where: { endpoint: chrome.subscription.endpoint } })).toBe(0);
  });

  it('refuse what is not a push subscription with 422, saving nothing', async () => {
    const { user, cookie } = await signedIn();
    const { subscription } = browser(`${pushUrl}/push/bad`);
    const bodies = [
      {},
      { ...subscription, endpoint: 'http://127.0.0.1/push/plain-http' },
      { ...subscription, endpoint: 'javascript:alert(1)' },
      { ...subscription, endpoint: `https://push.example/${'x'.repeat(10_000)}` },
      // Not a push service: a subscription cannot make the worker call any host it names.
      { ...subscription, endpoint: 'https://intranet.agency.test/admin/reset' },
      { ...subscription, endpoint: 'https://127.0.0.1.evil.example/push/x' },
      { ...subscription, keys: { ...subscription.keys, p256dh: randomBytes(32).toString('base64url') } },
      { ...subscription, keys: { ...subscription.keys, auth: '<script>alert(1)</script>' } },
      { ...subscription, keys: undefined },
    ];
    for (const body of bodies) {
      const response = await api('/api/push/subscriptions', cookie, { method: 'POST', body: JSON.stringify(body) });
      expect(response.status, JSON.stringify(body).slice(0, 100)).toBe(422);
    }
    expect(await db().pushSubscription.count({ where: { userId: user.id } })).toBe(0);
  });

  it('delete only my own', async () => {
    const anna = await signedIn();
    const bram = await signedIn();
    const { subscription } = browser(`${pushUrl}/push/${randomBytes(8).toString('hex')}`);
    await api('/api/push/subscriptions', anna.cookie, { method: 'POST', body: JSON.stringify(subscription) });
    const refused = await api('/api/push/subscriptions', bram.cookie, { method: 'DELETE', body: JSON.stringify({ endpoint: subscription.endpoint }) });
    expect(refused.status).toBe(404);
    expect(await db().pushSubscription.count({ where: { userId: anna.user.id } })).toBe(1);
    const deleted = await api('/api/push/subscriptions', anna.cookie, { method: 'DELETE', body: JSON.stringify({ endpoint: subscription.endpoint }) });
    expect(deleted.status).toBe(200);
    expect(await db().pushSubscription.count({ where: { userId: anna.user.id } })).toBe(0);
  });
});
