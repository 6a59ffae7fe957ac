// Installs the npm packages when they are missing or older than package-lock.json, so
// that `npm run dev` and `npm test` work straight after a clone. Plain Node: it runs
// before any dependency exists.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const lock = path.join(root, 'package-lock.json');
const stamp = path.join(root, 'node_modules', '.installed-lock-hash');
const hash = existsSync(lock) ? createHash('sha256').update(readFileSync(lock)).digest('hex') : 'no-lock';
const current = existsSync(stamp) ? readFileSync(stamp, 'utf8').trim() : '';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
if (current !== hash) {
  console.log('Installing npm packages…');
  const args = existsSync(lock) ? ['ci', '--no-audit', '--no-fund'] : ['install', '--no-audit', '--no-fund'];
  const result = spawnSync(npm, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
  writeFileSync(stamp, `${hash}\n`);
} else if (!existsSync(path.join(root, 'lib', 'generated', 'prisma', 'client.ts'))) {
  const result = spawnSync(npm, ['run', '--silent', 'db:generate'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
