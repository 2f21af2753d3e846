// RFC 6238 codes computed in the test from the secret the server showed,
// with node's crypto: an independent implementation to check the server's.
import crypto from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function base32Decode(text) {
  let bits = 0, value = 0;
  const out = [];
  for (const ch of text.toUpperCase().replace(/[\s=-]/g, '')) {
    const i = ALPHABET.indexOf(ch);
    if (i < 0) throw new Error(`not base32: ${ch}`);
    value = (value << 5) | i;
    bits += 5;
    if (bits >= 8) { out.push((value >>> (bits - 8)) & 0xff); bits -= 8; }
  }
  return Buffer.from(out);
}

// The code of the step `offset` steps from now (SHA-1, 6 digits, 30 s).
export function totp(secretBase32, { offset = 0, now = Date.now() } = {}) {
  const step = Math.floor(now / 1000 / 30) + offset;
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = crypto.createHmac('sha1', base32Decode(secretBase32)).update(counter).digest();
  const bin = mac.readUInt32BE(mac[mac.length - 1] & 0x0f) & 0x7fffffff;
  return String(bin % 1_000_000).padStart(6, '0');
}

// A 6-digit code that is none of the window's (-1, 0, +1) valid ones.
export function wrongCode(secretBase32) {
  const valid = new Set([-1, 0, 1, 2].map((offset) => totp(secretBase32, { offset })));
  for (let n = 0; ; n++) {
    const c = String((123456 + n * 7919) % 1_000_000).padStart(6, '0');
    if (!valid.has(c)) return c;
  }
}
