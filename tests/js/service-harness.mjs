// `readycheck serve` for the browser tests that need the collect service: the debug build on
// a fresh SQLite file, serving www/ on a free loopback port.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';

export const root = new URL('../../', import.meta.url).pathname;
export const readycheck = join(root, 'target/debug/readycheck');

/** Starts the service; resolves once it listens: `{base, db, stop}` (stop removes the database's folder once it has exited). */
export async function startService(name) {
  const db = join(mkdtempSync(join(tmpdir(), `rc-${name}-`)), `${name}.sqlite`);
  const server = spawn(readycheck, ['serve', '--addr', '127.0.0.1:0', '--db', db, '--www', join(root, 'www')],
    { stdio: ['ignore', 'ignore', 'pipe'] });
  const line = await new Promise((resolve, reject) => {
    createInterface({ input: server.stderr }).once('line', resolve);
    server.once('exit', (c) => reject(new Error(`serve exited ${c}`)));
  });
  const stop = () => {
    server.once('exit', () => rmSync(dirname(db), { recursive: true, force: true }));
    server.kill();
  };
  return { base: line.match(/http:\/\/[^ ]+\//)[0], db, stop };
}
