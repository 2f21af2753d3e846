import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRequire } from 'node:module';
import { dictionaries } from '../i18n';
import type { Org, User } from '../api/types';
import {
  canSeeDeliveries,
  delayText,
  isAuthorityUser,
  isLate,
  NOTIFY_EVENTS,
  outboxBusy,
  SIGNATURE_SNIPPET,
  webhookOrgs,
} from './exchange';

describe('delay of a regulatory report', () => {
  it('says hours under the limit and hours with days from 48 hours on', () => {
    expect(delayText('zh-CN', 5)).toBe('5 小时');
    expect(delayText('en-US', 5)).toBe('5 hours');
    expect(delayText('en-US', 2.25)).toBe('2.3 hours');
    expect(delayText('zh-CN', 47.9)).toBe('48 小时');
    expect(delayText('zh-CN', 360)).toBe('360 小时 / 15 天');
    expect(delayText('en-US', 360)).toBe('360 hours / 15 days');
    expect(delayText('en-US', 100)).toBe('100 hours / 4.2 days');
    expect(delayText('en-US', 0.02)).toBe('under an hour');
    expect(delayText('zh-CN', 0.5)).toBe('不到 1 小时');
    expect(delayText('en-US', -1)).toBe('under an hour');
  });
  it('is late past 48 hours, not at 48', () => {
    expect(isLate(48)).toBe(false);
    expect(isLate(48.01)).toBe(true);
    expect(isLate(360)).toBe(true);
  });
});

describe('event names', () => {
  it('every event has a label in both languages, and they differ from the code', () => {
    for (const lang of ['zh-CN', 'en-US'] as const)
      for (const e of NOTIFY_EVENTS) {
        const label = (dictionaries[lang] as Record<string, string>)[`event.${e}`];
        expect(label, `${lang} event.${e}`).toBeTruthy();
        expect(label).not.toBe(e);
      }
    expect(new Set(NOTIFY_EVENTS).size).toBe(14);
  });
  it('Chinese labels are Chinese', () => {
    for (const e of NOTIFY_EVENTS) expect(dictionaries['zh-CN'][`event.${e}` as 'event.ping']).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('who sees which page', () => {
  const orgs = [
    { id: 1, name: 'Host', type: 'platform' },
    { id: 2, name: 'Acme', type: 'provider' },
    { id: 3, name: 'NVDB', type: 'authority' },
  ] as unknown as Org[];
  const user = (memberships: { org_id: number; role: string }[], platform_admin = false) =>
    ({ id: '9', username: 'u', platform_admin, memberships }) as unknown as User;
  it('webhooks: the organisations one administers, all for platform admins', () => {
    expect(webhookOrgs(user([{ org_id: 2, role: 'admin' }, { org_id: 3, role: 'member' }]), orgs).map((o) => o.name)).toEqual(['Acme']);
    expect(webhookOrgs(user([], true), orgs)).toHaveLength(3);
    expect(webhookOrgs(null, orgs)).toEqual([]);
  });
  it('authority pages: members of an authority organisation and platform admins', () => {
    expect(isAuthorityUser(user([{ org_id: 3, role: 'member' }]), orgs)).toBe(true);
    expect(isAuthorityUser(user([{ org_id: 2, role: 'admin' }]), orgs)).toBe(false);
    expect(isAuthorityUser(user([], true), [])).toBe(true);
  });
  it('deliveries: admins and coordinators', () => {
    expect(canSeeDeliveries(user([{ org_id: 2, role: 'coordinator' }]))).toBe(true);
    expect(canSeeDeliveries(user([{ org_id: 2, role: 'member' }]))).toBe(false);
    expect(canSeeDeliveries(user([], true))).toBe(true);
  });
  it('the outbox is busy while anything is pending or sending', () => {
    expect(outboxBusy({ pending: 0, sending: 0, sent: 3, dead: 1 })).toBe(false);
    expect(outboxBusy({ pending: 1, sending: 0, sent: 0, dead: 0 })).toBe(true);
    expect(outboxBusy(undefined, ['sent', 'sending'])).toBe(true);
  });
});

describe('the signature snippet shown under a new secret', () => {
  // The snippet is shown to people as code: run that very text.
  const require = createRequire(import.meta.url);
  const verify = new Function('require', `${SIGNATURE_SNIPPET}\nreturn verifyLoudong;`)(require) as (
    h: Record<string, string>,
    body: string,
    secret: string,
    seen: Set<string>,
  ) => string;
  // Made with Python's hmac, not the snippet: HMAC-SHA256("whsec_test", "1700000000.<body>").
  const body = '{"event":"ping","data":{}}';
  const sig = 't=1700000000,v1=70fd13e772770aaa053787a960317b4ebca46bff44aedd883565bafee62ebdcd';
  afterEach(() => vi.useRealTimers());

  it('accepts a signature made the server way, once per delivery id', () => {
    vi.useFakeTimers();
    vi.setSystemTime(1700000000 * 1000 + 30_000);
    const seen = new Set<string>();
    const headers = { 'x-loudong-signature': sig, 'x-loudong-delivery': 'd-1' };
    expect(verify(headers, body, 'whsec_test', seen)).toBe('ok');
    expect(verify(headers, body, 'whsec_test', seen)).toBe('duplicate');
  });
  it('accepts any of several v1 signatures (a rotation)', () => {
    vi.useFakeTimers();
    vi.setSystemTime(1700000000 * 1000);
    const h = { 'x-loudong-signature': `t=1700000000,v1=${'0'.repeat(64)},v1=70fd13e772770aaa053787a960317b4ebca46bff44aedd883565bafee62ebdcd`, 'x-loudong-delivery': 'd-2' };
    expect(verify(h, body, 'whsec_test', new Set())).toBe('ok');
  });
  it('refuses a changed body, a wrong secret, a missing header and an old timestamp', () => {
    vi.useFakeTimers();
    vi.setSystemTime(1700000000 * 1000 + 30_000);
    const h = { 'x-loudong-signature': sig, 'x-loudong-delivery': 'd-3' };
    expect(verify(h, body.replace('ping', 'pong'), 'whsec_test', new Set())).toBe('invalid');
    expect(verify(h, body, 'whsec_other', new Set())).toBe('invalid');
    expect(verify({ 'x-loudong-delivery': 'd-3' }, body, 'whsec_test', new Set())).toBe('invalid');
    vi.setSystemTime(1700000000 * 1000 + 301_000);
    expect(verify(h, body, 'whsec_test', new Set())).toBe('invalid');
  });
  it('names the headers and the rule people need', () => {
    expect(SIGNATURE_SNIPPET).toContain('x-loudong-signature');
    expect(SIGNATURE_SNIPPET).toContain('x-loudong-delivery');
    expect(SIGNATURE_SNIPPET).toContain("createHmac('sha256', secret)");
  });
});
