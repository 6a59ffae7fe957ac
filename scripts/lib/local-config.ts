// Local-only configuration for the embedded default: where its data lives, and webhook
// secrets generated once per checkout (kept in the git-ignored .data folder, never printed).
import { randomBytes } from 'node:crypto';
import webpush from 'web-push';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const DATA_DIR = path.join(ROOT, '.data');
export const DEV_SECRETS_FILE = path.join(DATA_DIR, 'dev-secrets.json');

export interface DevSecrets {
  WHATSAPP_WEBHOOK_SECRET: string;
  WHATSAPP_VERIFY_TOKEN: string;
  NEXTAUTH_SECRET: string;
  DEMO_PASSWORD: string;
  /** Web Push's key pair (VAPID). */
  VAPID_PUBLIC_KEY: string;
  VAPID_PRIVATE_KEY: string;
}

export function readDevSecrets(): DevSecrets | undefined {
  if (!existsSync(DEV_SECRETS_FILE)) return undefined;
  return JSON.parse(readFileSync(DEV_SECRETS_FILE, 'utf8')) as DevSecrets;
}

export function devSecrets(): DevSecrets {
  const existing: Partial<DevSecrets> = readDevSecrets() ?? {};
  const secrets: DevSecrets = {
    WHATSAPP_WEBHOOK_SECRET: existing.WHATSAPP_WEBHOOK_SECRET ?? randomBytes(24).toString('base64url'),
    WHATSAPP_VERIFY_TOKEN: existing.WHATSAPP_VERIFY_TOKEN ?? randomBytes(12).toString('base64url'),
    NEXTAUTH_SECRET: existing.NEXTAUTH_SECRET ?? randomBytes(32).toString('base64url'),
    DEMO_PASSWORD: existing.DEMO_PASSWORD ?? randomBytes(9).toString('base64url'),
    ...vapidKeys(existing),
  };
  if (JSON.stringify(existing) === JSON.stringify(secrets)) return secrets;
  mkdirSync(DATA_DIR, { recursive: true });
  writeFileSync(DEV_SECRETS_FILE, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  return secrets;
}

function vapidKeys(existing: Partial<DevSecrets>): Pick<DevSecrets, 'VAPID_PUBLIC_KEY' | 'VAPID_PRIVATE_KEY'> {
  if (existing.VAPID_PUBLIC_KEY && existing.VAPID_PRIVATE_KEY) return { VAPID_PUBLIC_KEY: existing.VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY: existing.VAPID_PRIVATE_KEY };
  const { publicKey, privateKey } = webpush.generateVAPIDKeys();
  return { VAPID_PUBLIC_KEY: publicKey, VAPID_PRIVATE_KEY: privateKey };
}

/** The URL recorded in a state file, while the process that wrote it is alive. */
function liveUrl(file: string): string | undefined {
  if (!existsSync(file)) return undefined;
  const { url, pid } = JSON.parse(readFileSync(file, 'utf8')) as { url: string; pid: number };
  try {
    process.kill(pid, 0);
    return url;
  } catch {
    return undefined;
  }
}

/** DATABASE_URL of the embedded database while `npm run dev`/`npm start` runs it. */
export function runningEmbeddedDatabaseUrl(): string | undefined {
  const dataDir = path.resolve(ROOT, process.env.EMBEDDED_DB_DIR ?? path.join(DATA_DIR, 'pglite'));
  return liveUrl(path.join(dataDir, '..', 'embedded-db.json'));
}

export const SANDBOX_STATE_FILE = path.join(DATA_DIR, 'sandbox.json');

/** URL of the sandbox that `npm run dev` or `npm run sandbox` is running, if any. */
export function runningSandboxUrl(): string | undefined {
  return liveUrl(SANDBOX_STATE_FILE);
}

export function writeSandboxState(url: string): void {
  mkdirSync(DATA_DIR, { recursive: true });
  writeFileSync(SANDBOX_STATE_FILE, JSON.stringify({ url, pid: process.pid }, null, 2));
}
