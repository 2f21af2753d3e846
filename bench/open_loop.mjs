// Open-loop load: POSTs a body at a fixed rate (not as fast as answers
// come back, as wrk does), so latency is measured at a load the machine
// carries, not at saturation. Prints one RESULT line like wrk_rotate.lua.
//   node bench/open_loop.mjs URL BODYFILE RATE SECONDS
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';

const [url, bodyFile, rate, seconds] = process.argv.slice(2);
const body = readFileSync(bodyFile);
const agent = new Agent({ keepAlive: true, maxSockets: 256 });
const target = new URL(url);
const lat = [];
let errors = 0, non2xx = 0, inflight = 0;
const total = Math.round(Number(rate) * Number(seconds));
const start = performance.now();
await new Promise((done) => {
  let sent = 0, finished = 0;
  const fire = () => {
    const t0 = performance.now();
    inflight++;
    const req = request({ host: target.hostname, port: target.port, path: target.pathname, method: 'POST', agent,
      headers: { 'Content-Type': 'application/json', 'Content-Length': body.length } }, (res) => {
      res.resume();
      res.on('end', () => {
        lat.push(performance.now() - t0);
        if (res.statusCode < 200 || res.statusCode > 299) non2xx++;
        inflight--;
        if (++finished === total) done();
      });
    });
    req.on('error', () => { errors++; inflight--; if (++finished === total) done(); });
    req.end(body);
  };
  const tick = () => {
    const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * Number(rate)) + 1);
    while (sent < due) { sent++; fire(); }
    if (sent < total) setTimeout(tick, 1);
  };
  tick();
});
lat.sort((a, b) => a - b);
const q = (p) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))].toFixed(2);
const dur = (performance.now() - start) / 1000;
console.log(`RESULT requests=${lat.length} duration_s=${dur.toFixed(1)} rps=${(lat.length / dur).toFixed(1)} ` +
  `p50_ms=${q(0.5)} p95_ms=${q(0.95)} p99_ms=${q(0.99)} max_ms=${lat[lat.length - 1].toFixed(2)} non2xx=${non2xx} socket_errors=${errors}`);
agent.destroy();
