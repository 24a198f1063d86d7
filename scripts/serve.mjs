// A static server for www/ on 127.0.0.1 only, with the strict Content-Security-Policy a
// portal would send, so the demo proves the element needs nothing looser.
//   node scripts/serve.mjs [port] [dir]
// The browser tests serve their pages through the same `sendFile`, so every page they drive
// gets the headers a portal sends.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.wasm': 'application/wasm', '.svg': 'image/svg+xml',
  '.webmanifest': 'application/manifest+json', '.png': 'image/png' };

/** Answers GET `path` (decoded, from the URL) with the file under `root`, or 403/404. */
export async function sendFile(root, path, res) {
  let file = normalize(join(root, path));
  if (!file.startsWith(root)) { res.writeHead(403).end(); return; }
  try {
    if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
    const body = await readFile(file);
    res.writeHead(200, { 'content-type': TYPES[extname(file)] || 'application/octet-stream',
      'content-security-policy': CSP, 'cache-control': 'no-cache' });
    res.end(body);
  } catch {
    res.writeHead(404, { 'content-type': 'text/plain', 'content-security-policy': CSP }).end('not found');
  }
}

/** The path of a request, decoded. */
export const pathOf = (req) => decodeURIComponent(new URL(req.url, 'http://x').pathname);

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const port = Number(process.argv[2] || process.env.PORT || 8080);
  const root = resolve(process.argv[3] || new URL('../www', import.meta.url).pathname);
  createServer((req, res) => sendFile(root, pathOf(req), res))
    .listen(port, '127.0.0.1', () => console.log(`readycheck demo: http://127.0.0.1:${port}/`));
}
