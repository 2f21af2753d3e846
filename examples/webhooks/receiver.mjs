// A webhook receiver that checks loudong's signatures, as yours should.
//
//   LOUDONG_WEBHOOK_SECRET=whsec_... node examples/webhooks/receiver.mjs [PORT]
//
// For each delivery it checks, in this order:
//   1. X-Loudong-Signature is "t=<unix seconds>,v1=<hex>" and v1 equals
//      HMAC-SHA256(secret, "<t>.<raw body>") (compared in constant time);
//   2. t is within 5 minutes of now (a replayed old delivery is refused);
//   3. X-Loudong-Delivery was not seen before (a retry of a delivery that
//      did arrive is answered 200 and not processed twice).
// Then it prints one line per event and answers 200; anything refused gets
// 400, which loudong treats as permanent (no retry).
import { createServer } from 'node:http';
import { createHmac, timingSafeEqual } from 'node:crypto';

const secret = process.env.LOUDONG_WEBHOOK_SECRET;
if (!secret) {
  console.error('set LOUDONG_WEBHOOK_SECRET to the secret shown when the subscription was created');
  process.exit(2);
}
const port = Number(process.argv[2] || 9000);
const seen = new Set();

function check(headers, body) {
  const parts = Object.fromEntries((headers['x-loudong-signature'] || '').split(',').map((kv) => kv.split('=')));
  if (!parts.t || !parts.v1) return 'no signature';
  const want = Buffer.from(createHmac('sha256', secret).update(`${parts.t}.${body}`).digest('hex'));
  const got = Buffer.from(parts.v1);
  if (want.length !== got.length || !timingSafeEqual(want, got)) return 'bad signature';
  if (Math.abs(Date.now() / 1000 - Number(parts.t)) > 300) return 'too old (replay?)';
  return null;
}

createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    const why = check(req.headers, body);
    if (why) {
      console.log(`refused: ${why}`);
      res.writeHead(400).end();
      return;
    }
    const id = req.headers['x-loudong-delivery'];
    if (seen.has(id)) {
      console.log(`duplicate ${id}: already processed`);
      res.writeHead(200).end();
      return;
    }
    seen.add(id);
    const e = JSON.parse(body);
    console.log(`signature ok  ${e.event}  ${e.subject.ref || e.subject.type + ' ' + e.subject.id}  grade=${e.grade}  ${e.subject.title}`);
    res.writeHead(200).end();
  });
}).listen(port, '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${port}/`));
