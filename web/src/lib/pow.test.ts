import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { solveProofOfWork } from './pow';

describe('solveProofOfWork', () => {
  it('finds a nonce whose SHA-256 starts with the asked zero bits, as the server checks it', async () => {
    const challenge = '1700000000000000.abc.0123456789abcdef0123456789abcdef';
    const nonce = await solveProofOfWork(challenge, 10);
    const hex = createHash('sha256').update(`${challenge}:${nonce}`).digest('hex');
    // 10 zero bits: two hex zeros and a third digit below 4.
    expect(hex.slice(0, 2)).toBe('00');
    expect(parseInt(hex[2], 16)).toBeLessThan(4);
  });
});
