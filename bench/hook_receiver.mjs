// A webhook receiver for the outbox benchmarks: answers 200 at once and
// counts. `node bench/hook_receiver.mjs PORTFILE` writes its port to
// PORTFILE; GET /stats answers {count, first_ms, last_ms, distinct}.
import { createServer } from 'node:http';
import { writeFileSync } from 'node:fs';

let count = 0, first = 0, last = 0;
const seen = new Set();
const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/stats') {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ count, first_ms: first, last_ms: last, distinct: seen.size }));
    return;
  }
  req.on('data', () => {});
  req.on('end', () => {
    const now = performance.now();
    if (!count) first = now;
    last = now;
    count++;
    seen.add(req.headers['x-loudong-delivery']);
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end('{"ok":true}');
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => writeFileSync(process.argv[2], String(server.address().port)));
