// An open-loop load generator for `npm run bench`, run in a worker thread so that its work
// does not share an event loop with the sandbox. Requests start on a fixed schedule (rate
// per second, evenly spaced), whether or not earlier ones were answered, and each latency is
// measured from the moment its request was due: a slow server shows up as latency instead
// of as fewer requests sent (no coordinated omission).
//
// workerData: { url, method, rate, seconds, body?, headers?, hmacSecret?, maxSockets? }
//   body: a template; every {{n}} becomes the request's sequence number (1, 2, …), {{phone}}
//   phoneBase + n and {{now}} the Unix time in seconds. With hmacSecret the body is
//   signed as 360Dialog signs it (X-Hub-Signature-256). rate 0 = closed loop: maxSockets
//   requests in flight at all times, as fast as the server answers.
import { createHmac } from 'node:crypto';
import http from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

const { url, method = 'GET', rate, seconds, body, headers = {}, hmacSecret, maxSockets = 256, phoneBase = 31_600_000_000 } = workerData;
const target = new URL(url);
const agent = new http.Agent({ keepAlive: true, maxSockets });
const latencies = [];
const statuses = {};
let errors = 0;
let sent = 0;

function request(sequence) {
  return new Promise((resolve) => {
    const requestHeaders = { ...headers };
    let payload;
    if (body !== undefined) {
      payload = body
        .replaceAll('{{n}}', String(sequence))
        .replaceAll('{{phone}}', String(phoneBase + sequence))
        .replaceAll('{{now}}', String(Math.floor(Date.now() / 1000)));
      requestHeaders['content-length'] = Buffer.byteLength(payload);
      if (hmacSecret) requestHeaders['x-hub-signature-256'] = `sha256=${createHmac('sha256', hmacSecret).update(payload).digest('hex')}`;
    }
    const req = http.request(
      { host: target.hostname, port: target.port, path: target.pathname + target.search, method, headers: requestHeaders, agent },
      (res) => {
        res.resume();
        res.on('end', () => {
          statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
          resolve(true);
        });
      },
    );
    req.on('error', () => {
      errors += 1;
      resolve(false);
    });
    req.end(payload);
  });
}

// The slowest answer to the requests due in each second of the run: where the tail came from.
const slowestBySecond = [];
async function timed(sequence, due) {
  await request(sequence);
  const latency = performance.now() - due;
  latencies.push(latency);
  const second = Math.floor((due - started) / 1000);
  slowestBySecond[second] = Math.max(slowestBySecond[second] ?? 0, Math.round(latency));
}

const started = performance.now();
const end = started + seconds * 1000;
const inFlight = new Set();
function track(promise) {
  inFlight.add(promise);
  promise.finally(() => inFlight.delete(promise));
}

if (rate > 0) {
  const interval = 1000 / rate;
  await new Promise((resolve) => {
    const tick = () => {
      const now = performance.now();
      // Every request due by now, each timed from its own due moment.
      while (sent < rate * seconds && started + sent * interval <= now) {
        sent += 1;
        track(timed(sent, started + (sent - 1) * interval));
      }
      if (sent >= rate * seconds || now >= end) return resolve();
      setTimeout(tick, 1);
    };
    tick();
  });
} else {
  await Promise.all(
    Array.from({ length: maxSockets }, async () => {
      while (performance.now() < end) {
        sent += 1;
        const due = performance.now();
        await timed(sent, due);
      }
    }),
  );
}
// Wait for the stragglers (at most 30 s).
await Promise.race([Promise.all([...inFlight]), new Promise((resolve) => setTimeout(resolve, 30_000))]);
const elapsed = (performance.now() - started) / 1000;
latencies.sort((a, b) => a - b);
const pick = (q) => (latencies.length ? Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] * 10) / 10 : null);
agent.destroy();
parentPort.postMessage({
  sent,
  answered: latencies.length,
  statuses,
  errors,
  elapsedSeconds: Math.round(elapsed * 100) / 100,
  perSecond: Math.round(latencies.length / Math.max(elapsed, seconds)),
  p50Ms: pick(0.5),
  p95Ms: pick(0.95),
  p99Ms: pick(0.99),
  maxMs: latencies.length ? Math.round(latencies.at(-1)) : null,
  slowestBySecond: Array.from(slowestBySecond, (ms) => ms ?? 0),
});
