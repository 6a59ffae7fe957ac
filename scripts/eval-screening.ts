// npm run eval:screening
// (Longer than other files: the whole run — build, database, app, scoring, report — reads best
// in one place; the candidates and the simulator have files of their own.)
// How well the screening bot converses: simulated candidates (scripts/lib/screening-candidates.ts;
// with --set holdout the held-out ones of scripts/lib/screening-candidates-holdout.ts, written
// after the bot was tuned and never used to tune it) write to a running app through the local 360Dialog sandbox and answer whatever the bot asks
// from their profile (scripts/lib/screening-simulator.ts). Then the answers the app stored are
// compared with what a recruiter would have stored, and the conversations are counted:
//   - slot accuracy: stored answers (contacts.answers) equal to the expected values, over every
//     expected slot of every candidate (a missing answer is wrong);
//   - questions already answered: the bot asked for a fact the candidate had given in an
//     earlier message (the opening included);
//   - completed screenings: conversations that ended with handoff reason 'completed' (every
//     simulated candidate answers everything);
//   - unclear handoffs (handoff reason 'unclear');
//   - average turns: the candidate's messages per conversation, next to the least a candidate
//     needs, 1 + the facts the opening message leaves out + the messages they send of their
//     own accord (a question back, a correction: no bot can save those).
// Prints the figures, writes test-results/eval-screening.json. By default it builds the app
// into .next-eval (reused while no source file is newer; --rebuild to force), makes a
// throwaway database on PostgreSQL (EVAL_POSTGRES_URL, default
// postgresql://postgres@127.0.0.1:5432/postgres), runs the sandbox in this process and one
// `next start`, and removes the database and stops everything when done, failed or
// interrupted. --url and --sandbox run against an app that is already running instead.
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes, randomInt } from 'node:crypto';
import path from 'node:path';
import { parseArgs } from 'node:util';
import nextEnv from '@next/env';
import pg from 'pg';
import { loadScreeningConfig } from '../lib/agent/config';
import { migrate } from '../lib/db/migrations';
import { Sandbox } from '../dev/sandbox/server';
import { ROOT, buildApp, createScratchDatabase, startNextApp, type ScratchDatabase, type StartedApp } from './lib/app-harness';
import { runningEmbeddedDatabaseUrl, runningSandboxUrl } from './lib/local-config';
import { screeningCandidates, slotsOf, type CandidateProfile, type Fact, type Slot } from './lib/screening-candidates';
import { holdoutCandidates } from './lib/screening-candidates-holdout';
import { normalise, simulate, type ConversationResult } from './lib/screening-simulator';

const DIST = '.next-eval';
const RESULTS = path.join(ROOT, 'test-results');
const TARGETS = { slotAccuracyPercent: 95, askedAlreadyAnswered: 0, completedPercent: 95 };

/** The sets of candidates: the one the bot was tuned on, and a held-out one it has never seen. */
const SETS: Record<string, (now?: Date) => CandidateProfile[]> = { tuned: screeningCandidates, holdout: holdoutCandidates };

const USAGE = `npm run eval:screening -- [options]
  --set NAME            the candidates: tuned (the 45 the bot was tuned on; the default) or
                        holdout (held-out candidates, to measure how well it generalises)
  --candidates N        only the first N candidates
  --only ID[,ID…]       only these candidates
  --verbose             print every conversation as a transcript
  --check               exit 1 when a target is missed
  --rebuild             build the app again even when .next-eval is up to date
  --concurrency N       conversations at the same time (4)
  --url URL --sandbox URL [--database URL]
                        use an app that is already running (npm run dev) and its sandbox;
                        the database defaults to DATABASE_URL or the running embedded one`;

const { values: args } = parseArgs({
  options: {
    set: { type: 'string', default: 'tuned' },
    candidates: { type: 'string' },
    only: { type: 'string' },
    verbose: { type: 'boolean', default: false },
    check: { type: 'boolean', default: false },
    rebuild: { type: 'boolean', default: false },
    concurrency: { type: 'string', default: '4' },
    url: { type: 'string' },
    sandbox: { type: 'string' },
    database: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}

// ---------------------------------------------------------------------------------------------
// Comparing a stored answer with the expected value.

interface StoredAnswer {
  value?: unknown;
  label?: unknown;
  text?: unknown;
  range?: unknown;
  min?: unknown;
  max?: unknown;
}

function storedRange(stored: StoredAnswer): [number, number] | undefined {
  if (Array.isArray(stored.range) && stored.range.length === 2 && stored.range.every((n) => typeof n === 'number')) return stored.range as [number, number];
  if (typeof stored.min === 'number' && typeof stored.max === 'number') return [stored.min, stored.max];
  return undefined;
}

/** Is the stored answer what a recruiter would have written down? Numbers may carry a range: when both sides have one, it must agree too. */
export function sameAnswer(slot: Slot, fact: Fact, stored: StoredAnswer | undefined): boolean {
  if (!stored || stored.value === undefined || stored.value === null) return false;
  const value = stored.value;
  switch (slot) {
    case 'experience_years':
    case 'hours_per_week': {
      const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
      if (!(Math.abs(n - (fact.expected as number)) < 1e-9)) return false;
      const range = storedRange(stored);
      return !(fact.range && range && (range[0] !== fact.range[0] || range[1] !== fact.range[1]));
    }
    case 'city':
      return typeof value === 'string' && normalise(value) === normalise(fact.expected as string);
    case 'start_date':
      return typeof value === 'string' && value.slice(0, 10) === fact.expected;
    default:
      return value === fact.expected;
  }
}

// ---------------------------------------------------------------------------------------------
// The app: built here, or one that is running.

/** The newest change to what goes into the build. */
function newestSource(): number {
  let newest = 0;
  const visit = (file: string) => {
    const stat = statSync(file, { throwIfNoEntry: false });
    if (!stat) return;
    if (stat.isDirectory()) {
      for (const entry of readdirSync(file)) visit(path.join(file, entry));
    } else newest = Math.max(newest, stat.mtimeMs);
  };
  for (const entry of ['app', 'components', 'lib', 'proxy.ts', 'instrumentation.ts', 'next.config.js', 'package-lock.json', 'tsconfig.json']) {
    visit(path.join(ROOT, entry));
  }
  return newest;
}

interface Setup {
  sandboxUrl: string;
  databaseUrl: string;
  appUrl: string;
  mode: 'built' | 'running';
  buildSeconds: number | null;
}

let cleanups: (() => Promise<void>)[] = [];
async function cleanup() {
  const steps = cleanups.reverse();
  cleanups = [];
  for (const step of steps) await step().catch((error) => console.error(`cleanup: ${error instanceof Error ? error.message : error}`));
}
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    interrupted = true;
    console.error(`\n${signal}: stopping the app and dropping the database…`);
    void cleanup().then(() => process.exit(130));
  });
}

async function setUp(): Promise<Setup> {
  if (args.url || args.sandbox) {
    const sandboxUrl = args.sandbox ?? runningSandboxUrl();
    const databaseUrl = args.database ?? process.env.DATABASE_URL ?? runningEmbeddedDatabaseUrl();
    if (!args.url || !sandboxUrl) throw new Error('--url needs the sandbox that delivers to that app: --sandbox URL (npm run dev prints it)');
    if (!databaseUrl) throw new Error('--url needs the app\'s database to read the stored answers: --database URL, or DATABASE_URL');
    const health = await fetch(`${args.url}/api/health`).then((r) => r.status, () => 0);
    if (health !== 200) throw new Error(`${args.url}/api/health answered ${health || 'nothing'}`);
    return { sandboxUrl: sandboxUrl.replace(/\/$/, ''), databaseUrl, appUrl: args.url.replace(/\/$/, ''), mode: 'running', buildSeconds: null };
  }

  let buildSeconds: number | null = null;
  const buildId = path.join(ROOT, DIST, 'BUILD_ID');
  const stale = existsSync(buildId) && newestSource() > statSync(buildId).mtimeMs;
  if (args.rebuild || !existsSync(buildId) || stale) {
    console.log(`Building the app into ${DIST}${stale ? ' (sources changed since the last build)' : ''}…`);
    const started = performance.now();
    buildApp(DIST);
    buildSeconds = Math.round((performance.now() - started) / 1000);
  } else {
    console.log(`Using the build in ${DIST} (--rebuild to build again).`);
  }

  const adminUrl = process.env.EVAL_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
  const database: ScratchDatabase = await createScratchDatabase(adminUrl, 'wa_eval');
  cleanups.push(() => database.drop());
  await migrate(database.url);

  const sandbox = await new Sandbox({ apiKey: `eval-${randomBytes(6).toString('hex')}` }).start();
  cleanups.push(() => sandbox.stop());
  const secret = randomBytes(18).toString('base64url');
  const appSecret = randomBytes(18).toString('base64url');
  mkdirSync(RESULTS, { recursive: true });
  const app: StartedApp = await startNextApp(
    {
      ...process.env,
      NODE_ENV: 'production',
      NEXT_DIST_DIR: DIST,
      NEXT_TELEMETRY_DISABLED: '1',
      DATABASE_URL: database.url,
      WHATSAPP_WEBHOOK_SECRET: secret,
      WHATSAPP_APP_SECRET: appSecret,
      NEXTAUTH_SECRET: randomBytes(24).toString('base64url'),
      THREESIXTY_DIALOG_BASE_URL: sandbox.url,
      THREESIXTY_DIALOG_API_KEY: sandbox.apiKey,
      LOG_LEVEL: 'warn',
    },
    { logFile: path.join(RESULTS, 'eval-screening-app.log') },
  );
  cleanups.push(() => app.stop());
  const health = await fetch(`${app.base}/api/health`).then((r) => r.status, () => 0);
  if (health !== 200) throw new Error(`the app did not come up (health ${health || 'no answer'}); see test-results/eval-screening-app.log`);
  // The sandbox delivers the candidates' messages (and the statuses) signed, as 360Dialog does.
  sandbox.webhook = { url: `${app.base}/webhook/whatsapp`, headers: { 'X-Webhook-Secret': secret }, appSecret };
  return { sandboxUrl: sandbox.url, databaseUrl: database.url, appUrl: app.base, mode: 'built', buildSeconds };
}

// ---------------------------------------------------------------------------------------------

interface SlotResult {
  expected: Fact['expected'];
  range?: [number, number];
  stored: unknown;
  storedText: unknown;
  ok: boolean;
}

interface CandidateReport {
  id: string;
  name: string;
  language: string;
  style: string;
  waId: string;
  outcome: ConversationResult['outcome'];
  error?: string;
  status: string | null;
  handoffReason: string | null;
  turns: number;
  targetTurns: number;
  fallbackTurns: number;
  timeouts: number;
  askedAlreadyAnswered: { slot: string; afterTurn: number }[];
  slots: Record<string, SlotResult>;
  mismatches: { slot: string; expected: unknown; stored: unknown; text: unknown }[];
  seconds: number;
  transcript: ConversationResult['transcript'];
}

const percent = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part / whole) * 1000) / 10);
const show = (value: unknown) => (value === undefined ? '–' : JSON.stringify(value));

function transcriptOf(report: CandidateReport): string {
  const lines = [`── ${report.id} (${report.name}; ${report.style}) ──`];
  for (const line of report.transcript) {
    const who = line.from === 'candidate' ? 'candidate' : 'bot      ';
    lines.push(`${String(line.at.toFixed(1)).padStart(5)}s ${who} │ ${line.text.replace(/\n/g, `\n${' '.repeat(17)}│ `)}`);
  }
  lines.push(`   → ${report.outcome}${report.handoffReason ? ` (${report.handoffReason})` : ''}, ${report.turns} turns (least needed ${report.targetTurns})`);
  for (const m of report.mismatches) lines.push(`   ✗ ${m.slot}: expected ${show(m.expected)}, stored ${show(m.stored)}`);
  return lines.join('\n');
}

async function main() {
  nextEnv.loadEnvConfig(ROOT, false, { info: () => {}, error: console.error });
  const started = performance.now();
  const config = loadScreeningConfig();
  const set = Object.hasOwn(SETS, args.set) ? SETS[args.set] : undefined;
  if (!set) throw new Error(`no candidate set ${args.set}; there are: ${Object.keys(SETS).join(', ')}`);
  let candidates: CandidateProfile[] = set();
  if (args.only) {
    const wanted = args.only.split(',').map((id) => id.trim());
    const unknown = wanted.filter((id) => !candidates.some((c) => c.id === id));
    if (unknown.length > 0) throw new Error(`no candidate ${unknown.join(', ')}; there are: ${candidates.map((c) => c.id).join(', ')}`);
    candidates = candidates.filter((c) => wanted.includes(c.id));
  }
  if (args.candidates) candidates = candidates.slice(0, Math.max(1, Number(args.candidates)));
  const concurrency = Math.max(1, Number(args.concurrency) || 4);

  const setup = await setUp();
  const db = new pg.Pool({ connectionString: setup.databaseUrl, max: concurrency + 2 });
  cleanups.push(() => db.end());
  const agent = process.env.AGENT_LLM_BASE_URL && process.env.AGENT_LLM_MODEL ? `language model ${process.env.AGENT_LLM_MODEL}` : 'scripted';
  console.log(`${candidates.length} candidates (set ${args.set}), ${concurrency} at a time, against ${setup.appUrl} (${agent} agent)…`);

  // Numbers of this run: a running app may have seen other candidates before.
  const base = `316${randomInt(10, 99)}`;
  const used = new Set<string>();
  const waIdFor = () => {
    for (;;) {
      const waId = `${base}${String(randomInt(0, 1_000_000)).padStart(6, '0')}`;
      if (!used.has(waId)) {
        used.add(waId);
        return waId;
      }
    }
  };

  const settings = { sandboxUrl: setup.sandboxUrl, db, config, quietMs: 600, turnTimeoutMs: 30_000, maxTurns: 15 };
  const reports: CandidateReport[] = [];
  const queue = [...candidates];
  const conversationsStarted = performance.now();
  const worker = async () => {
    for (let candidate = queue.shift(); candidate && !interrupted; candidate = queue.shift()) {
      const result = await simulate(settings, candidate, waIdFor());
      const report = await scoreOne(db, result);
      reports.push(report);
      const correct = Object.values(report.slots).filter((s) => s.ok).length;
      const already = report.askedAlreadyAnswered.length;
      console.log(
        `  ${report.id.padEnd(26)} ${`${report.turns} turns`.padEnd(9)} ${(report.handoffReason ?? report.outcome).padEnd(10)} ${correct}/${Object.keys(report.slots).length} slots` +
          `${already ? `, ${already} asked again` : ''}${report.fallbackTurns ? `, ${report.fallbackTurns} unasked` : ''}${report.error ? `  ERROR ${report.error}` : ''}`,
      );
      if (args.verbose) console.log(`${transcriptOf(report)}\n`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  if (interrupted) return;
  const conversationSeconds = Math.round((performance.now() - conversationsStarted) / 1000);
  reports.sort((a, b) => candidates.findIndex((c) => c.id === a.id) - candidates.findIndex((c) => c.id === b.id));

  // The figures.
  const slots = reports.flatMap((r) => Object.values(r.slots));
  const correct = slots.filter((s) => s.ok).length;
  const askedAgain = reports.reduce((n, r) => n + r.askedAlreadyAnswered.length, 0);
  const completed = reports.filter((r) => r.handoffReason === 'completed').length;
  const unclear = reports.filter((r) => r.handoffReason === 'unclear').length;
  const averageTurns = Math.round((reports.reduce((n, r) => n + r.turns, 0) / reports.length) * 10) / 10;
  const targetTurns = Math.round((reports.reduce((n, r) => n + r.targetTurns, 0) / reports.length) * 10) / 10;
  const figures = {
    slotAccuracy: { correct, total: slots.length, percent: percent(correct, slots.length) },
    askedAlreadyAnswered: { total: askedAgain, candidates: reports.filter((r) => r.askedAlreadyAnswered.length > 0).length },
    completed: { count: completed, total: reports.length, percent: percent(completed, reports.length) },
    unclearHandoffs: unclear,
    averageTurns: { measured: averageTurns, target: targetTurns },
    unaskedTurns: reports.reduce((n, r) => n + r.fallbackTurns, 0),
    turnTimeouts: reports.reduce((n, r) => n + r.timeouts, 0),
    outcomes: Object.fromEntries(
      [...new Set(reports.map((r) => r.handoffReason ?? r.outcome))].map((o) => [o, reports.filter((r) => (r.handoffReason ?? r.outcome) === o).length]),
    ),
    errors: reports.filter((r) => r.outcome === 'error').length,
  };
  const met = {
    slotAccuracy: figures.slotAccuracy.percent >= TARGETS.slotAccuracyPercent,
    askedAlreadyAnswered: askedAgain <= TARGETS.askedAlreadyAnswered,
    completed: figures.completed.percent >= TARGETS.completedPercent,
    averageTurns: averageTurns <= targetTurns,
  };

  const mark = (ok: boolean) => (ok ? '✓' : '✗');
  const rows: [string, string, string, string][] = [
    ['slot accuracy', `${figures.slotAccuracy.percent} % (${correct}/${slots.length})`, `≥ ${TARGETS.slotAccuracyPercent} %`, mark(met.slotAccuracy)],
    ['questions already answered', `${askedAgain} (in ${figures.askedAlreadyAnswered.candidates} conversations)`, '0', mark(met.askedAlreadyAnswered)],
    ['completed screenings', `${figures.completed.percent} % (${completed}/${reports.length})`, `≥ ${TARGETS.completedPercent} %`, mark(met.completed)],
    ['unclear handoffs', String(unclear), '', ''],
    ['average turns', String(averageTurns), `≤ ${targetTurns}`, mark(met.averageTurns)],
  ];
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]!.length), ['figure', 'measured', 'target'][i]!.length));
  const line = (r: string[]) => `  ${r[0]!.padEnd(widths[0]!)}  ${r[1]!.padEnd(widths[1]!)}  ${r[2]!.padEnd(widths[2]!)}  ${r[3]}`.trimEnd();
  console.log('');
  const mismatched = reports.filter((r) => r.mismatches.length > 0 || r.askedAlreadyAnswered.length > 0 || r.error);
  if (mismatched.length > 0) {
    console.log('Per candidate:');
    for (const r of mismatched) {
      const parts = [
        ...r.mismatches.map((m) => `${m.slot} expected ${show(m.expected)} stored ${show(m.stored)}`),
        ...(r.askedAlreadyAnswered.length ? [`asked again: ${r.askedAlreadyAnswered.map((a) => a.slot).join(', ')}`] : []),
        ...(r.error ? [`error: ${r.error}`] : []),
      ];
      console.log(`  ${r.id}: ${parts.join('; ')}`);
    }
    console.log('');
  }
  console.log(line(['figure', 'measured', 'target', '']));
  for (const r of rows) console.log(line(r));
  console.log(
    `\n  ${figures.unaskedTurns} turns in which the bot asked nothing recognisable; ${figures.turnTimeouts} turns over the time limit; ` +
      `outcomes: ${Object.entries(figures.outcomes).map(([o, n]) => `${o} ${n}`).join(', ')}.`,
  );
  const seconds = Math.round((performance.now() - started) / 1000);
  console.log(`  ${reports.length} conversations in ${conversationSeconds} s; ${seconds} s in all${setup.buildSeconds !== null ? ` (build ${setup.buildSeconds} s)` : ''}.`);

  const command = ['npm run eval:screening', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' ');
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(
    path.join(RESULTS, 'eval-screening.json'),
    `${JSON.stringify(
      {
        when: new Date().toISOString(),
        command,
        set: args.set,
        app: setup.mode,
        agent,
        seconds,
        conversationSeconds,
        buildSeconds: setup.buildSeconds,
        targets: { ...TARGETS, averageTurns: `≤ ${targetTurns}` },
        met,
        figures,
        candidates: reports,
      },
      null,
      2,
    )}\n`,
  );
  console.log('  Written to test-results/eval-screening.json.');
  if (args.check && !Object.values(met).every(Boolean)) process.exitCode = 1;
}

async function scoreOne(db: pg.Pool, result: ConversationResult): Promise<CandidateReport> {
  const { candidate } = result;
  const { rows } = await db.query<{ answers: Record<string, StoredAnswer> | null; status: string | null; handoff_reason: string | null }>(
    `SELECT ct.answers, c.status, c.handoff_reason FROM contacts ct LEFT JOIN conversations c ON c.contact_id = ct.id WHERE ct.wa_id = $1`,
    [result.waId],
  );
  const answers = rows[0]?.answers ?? {};
  const slots: Record<string, SlotResult> = {};
  for (const slot of slotsOf(candidate)) {
    const fact = candidate.facts[slot]!;
    const stored = answers[slot];
    slots[slot] = {
      expected: fact.expected,
      ...(fact.range ? { range: fact.range } : {}),
      stored: stored?.value,
      storedText: stored?.text,
      ok: sameAnswer(slot, fact, stored),
    };
  }
  return {
    id: candidate.id,
    name: candidate.name,
    language: candidate.language,
    style: candidate.style,
    waId: result.waId,
    outcome: result.outcome,
    ...(result.error ? { error: result.error } : {}),
    status: rows[0]?.status ?? null,
    handoffReason: rows[0]?.handoff_reason ?? null,
    turns: result.turns,
    targetTurns: 1 + slotsOf(candidate).filter((slot) => !candidate.openingGives.includes(slot)).length + result.ownAccord,
    fallbackTurns: result.fallbackTurns,
    timeouts: result.timeouts,
    askedAlreadyAnswered: result.asked.filter((a) => a.alreadyGiven).map(({ slot, afterTurn }) => ({ slot, afterTurn })),
    slots,
    mismatches: Object.entries(slots)
      .filter(([, s]) => !s.ok)
      .map(([slot, s]) => ({ slot, expected: s.expected, stored: s.stored, text: s.storedText })),
    seconds: result.seconds,
    transcript: result.transcript,
  };
}

main()
  .catch((error) => {
    if (interrupted) return; // the conversations in flight fail as the app goes away
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  })
  .finally(async () => {
    if (interrupted) return;
    await cleanup();
    // The pg pools and the sandbox's timers are closed; exit with the verdict.
    process.exit(process.exitCode ?? 0);
  });
