// `npm start` runs a web process and a worker process; the worker is killed (SIGKILL) in the
// middle of a burst of candidates' messages, at the worst moment: 360Dialog has just accepted
// one of the bot's replies and the worker never hears the answer. serve.ts starts it again;
// every acknowledged message is answered exactly once, counted at the sandbox and in the database.
import { describe, expect, it } from 'vitest';
import { until } from './helpers/sandbox';
import { candidateWrites, expectAllProcessed, repliesOf, useSplitApp } from './helpers/split-app';
import { uniquePhone } from './helpers/webhook';

const { databaseUrl, split } = await useSplitApp();

const OPENING = 'Hoi! Ik zoek werk als kapper';

describe('the worker killed in the middle of a burst', () => {
  it('answers every acknowledged message exactly once after serve.ts starts it again', async () => {
    const { sandbox } = split();
    // How many replies the bot's first turn makes (the same for every candidate who opens like this).
    const control = uniquePhone();
    const first = await candidateWrites(sandbox, control, OPENING);
    expect(first.webhookStatus).toBe(200);
    await expectAllProcessed(databaseUrl, [first.wamid], 30_000);
    const [controlReplies] = await repliesOf(databaseUrl, sandbox, [control]);
    const perTurn = controlReplies!.stored.length;
    expect(perTurn).toBeGreaterThan(0);

    const candidates = Array.from({ length: 80 }, () => uniquePhone());
    const acknowledged: string[] = [];
    const workerBefore = split().pid('worker');
    let killedAt = -1;
    let repliesToBurst = 0;
    sandbox.onSent = (message) => {
      if (!candidates.includes(message.to)) return;
      repliesToBurst += 1;
      // The fifth reply of the burst: the sandbox has recorded it and is about to answer; the
      // worker that sent it dies before it reads the answer (its wamid is never recorded by it).
      if (repliesToBurst === 5 && killedAt < 0) {
        killedAt = acknowledged.length;
        process.kill(workerBefore, 'SIGKILL');
      }
    };
    // Over about four seconds: ten candidates writing at a time, one every 50 ms.
    const queue = [...candidates];
    await Promise.all(
      Array.from({ length: 10 }, async (_, i) => {
        await new Promise((resolve) => setTimeout(resolve, i * 50));
        for (let from = queue.shift(); from; from = queue.shift()) {
          const pause = new Promise((resolve) => setTimeout(resolve, 500));
          const result = await candidateWrites(sandbox, from, OPENING);
          if (result.webhookStatus === 200) acknowledged.push(result.wamid);
          await pause;
        }
      }),
    );
    sandbox.onSent = undefined;
    // Killed mid-burst: replies had gone out, and messages were still coming in.
    expect(killedAt).toBeGreaterThan(0);
    expect(killedAt).toBeLessThan(candidates.length);
    // The web process acknowledged every message on its own, worker or not.
    expect(acknowledged).toHaveLength(candidates.length);

    // serve.ts started a new worker, which takes over what the dead one left.
    await until(async () => split().starts('worker'), (n) => n === 2, 20_000);
    expect(split().pid('worker')).not.toBe(workerBefore);
    await expectAllProcessed(databaseUrl, acknowledged, 90_000);

    // Exactly once: every candidate got the first turn's replies once, and what the database
    // holds is what the sandbox received, nothing twice, nothing missing.
    await until(
      () => repliesOf(databaseUrl, sandbox, candidates),
      (all) => all.every((c) => c.stored.length === perTurn && c.stored.every((r) => r.wamid !== null) && c.atSandbox.length >= perTurn),
      30_000,
    );
    const replies = await repliesOf(databaseUrl, sandbox, candidates);
    for (const candidate of replies) {
      expect(candidate.stored.map((r) => r.status).filter((s) => !['SENT', 'DELIVERED', 'READ'].includes(s)), candidate.waId).toEqual([]);
      expect([...candidate.atSandbox].sort(), candidate.waId).toEqual(candidate.stored.map((r) => r.wamid!).sort());
    }
    const total = replies.reduce((n, c) => n + c.atSandbox.length, 0);
    expect(total).toBe(candidates.length * perTurn);
  }, 180_000);
});
