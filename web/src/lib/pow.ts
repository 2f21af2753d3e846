import { api } from '../api/client';

/** Leading zero bits of a digest. */
function zeroBits(d: Uint8Array): number {
  let n = 0;
  for (const b of d) {
    if (b === 0) {
      n += 8;
      continue;
    }
    return n + Math.clz32(b) - 24;
  }
  return n;
}

/**
 * Finds a nonce such that SHA-256(challenge + ":" + nonce) starts with `bits` zero bits: the proof of work
 * the platform may ask of an anonymous report (server side: services/intake_guard.h). Digests run in
 * batches so the page stays responsive.
 */
export async function solveProofOfWork(challenge: string, bits: number, batch = 256): Promise<string> {
  const enc = new TextEncoder();
  for (let start = 0; ; start += batch) {
    const tries = Array.from({ length: batch }, (_, i) => String(start + i));
    const digests = await Promise.all(tries.map((n) => crypto.subtle.digest('SHA-256', enc.encode(`${challenge}:${n}`))));
    const hit = digests.findIndex((d) => zeroBits(new Uint8Array(d)) >= bits);
    if (hit >= 0) return tries[hit];
  }
}

/** The X-Proof-Of-Work header for POST /api/v1/reports, or none when the platform asks for none. */
export async function proofOfWorkHeader(): Promise<Record<string, string>> {
  const r = await api.get<{ bits: number; challenge: string | null }>('/api/v1/public/pow');
  if (!r.bits || !r.challenge) return {};
  return { 'X-Proof-Of-Work': `${r.challenge}:${await solveProofOfWork(r.challenge, r.bits)}` };
}
