// The email channel end to end: a mail piped into `loudong intake email` (as
// Postfix's local(8) delivers it, mbox "From " line and all) while a server
// runs on the same data directory becomes a report the server shows, on
// channel email, its attachment sealed, its receipt in a chain that
// verifies and hashing the raw mail. A malformed mail exits 65 and adds
// nothing; a mail the command cannot store now exits 75 (try again).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { cli, databaseBytes, freshDataDir, sharedServer } from './lib/server.mjs';
import { uniq } from './lib/fixtures.mjs';
import { SmtpSink, waitFor } from './lib/peers.mjs';

const sha256 = (b) => createHash('sha256').update(b).digest('hex');
const b64 = (s) => Buffer.from(s).toString('base64').replace(/.{76}/g, '$&\n');

// A Thunderbird-shaped multipart/mixed mail with a base64 attachment.
function mail({ subject, text, attachment, filename, messageId = '<' + uniq('m') + '@example.cn>' }) {
  return [
    'From zhang.san@example.cn  Sat Nov 21 10:00:00 2026',
    'Return-Path: <zhang.san@example.cn>',
    'Delivered-To: security@vendor.example',
    'Message-ID: ' + messageId,
    'Date: Sat, 21 Nov 2026 09:59:58 +0800',
    'MIME-Version: 1.0',
    'User-Agent: Mozilla Thunderbird',
    'From: "=?UTF-8?B?' + Buffer.from('张三').toString('base64') + '?=" <zhang.san@example.cn>',
    'To: security@vendor.example',
    'Subject: =?UTF-8?B?' + Buffer.from(subject).toString('base64') + '?=',
    'Content-Type: multipart/mixed;',
    ' boundary="------------A1b2C3d4E5f6"',
    '',
    'This is a multi-part message in MIME format.',
    '--------------A1b2C3d4E5f6',
    'Content-Type: text/plain; charset=UTF-8; format=flowed',
    'Content-Transfer-Encoding: 8bit',
    '',
    text,
    '--------------A1b2C3d4E5f6',
    `Content-Type: application/x-sh; name="${filename}"`,
    `Content-Disposition: attachment; filename="${filename}"`,
    'Content-Transfer-Encoding: base64',
    '',
    b64(attachment),
    '--------------A1b2C3d4E5f6--',
    '',
  ].join('\n');
}

describe('email intake', () => {
  let server, admin, sink;
  // The server on this data directory delivers the acknowledgements the
  // command queues, to a real SMTP server.
  before(async () => { sink = await SmtpSink.start(); });
  after(async () => { await sink.stop(); sink.cleanup(); });
  sharedServer((s) => ({ server, admin } = s),
    { env: { LOUDONG_NOTIFY_ENABLED: 'true', get LOUDONG_SMTP_URL() { return sink.url; } } });

  const intake = (raw, args = ['--data', server.dataDir]) =>
    cli(['intake', 'email', ...args], { input: raw, env: { LOUDONG_NOTIFY_ENABLED: 'true' } });

  async function totals() {
    const reports = await admin.get('/api/v1/reports?limit=1');
    const receipts = await admin.get('/api/v1/receipts?limit=200');
    assert.equal(reports.status, 200, reports.text);
    assert.equal(receipts.status, 200, receipts.text);
    return { reports: reports.json.total, receipts: receipts.json.items.length };
  }


  it('a multipart mail becomes a report on channel email, the server shows it, sealed, with a receipt of the raw mail', async () => {
    const secret = uniq('PoC-in-attachment-');
    const bodySecret = uniq('steps-in-text-');
    const attachment = `#!/bin/sh\ncurl 'http://192.0.2.1/cgi-bin/diag.cgi?host=127.0.0.1;${secret}'\n`;
    const messageId = '<' + uniq('thread') + '@example.cn>';
    const raw = mail({
      subject: '路由器诊断页面命令注入 / command injection',
      text: `Hello,\n\nThe diagnostics page runs the host parameter in a shell:\n${bodySecret}\n\n-- \nZhang San`,
      attachment,
      filename: 'poc.sh',
      messageId,
    });
    const r = intake(raw);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.json.tracking_id, /^R-\d{8}-[A-Z2-9]{8}$/);
    assert.equal(r.json.content_sha256, sha256(raw));
    assert.equal(r.json.attachments, 1);
    assert.equal(r.json.reply.to, 'zhang.san@example.cn');
    assert.ok(r.json.reply.delivery_id > 0, 'the acknowledgement is queued with the report');
    assert.ok(!r.stdout.includes('token'), 'the tracking token is not printed');

    // The server's worker sends it: threaded to the mail, with the tracking
    // id and the token, which is sealed in the outbox (not in the files).
    const ack = await waitFor('the acknowledgement', () => sink.messages().find((m) => m.subject.includes(r.json.tracking_id)));
    assert.equal(ack.to, 'zhang.san@example.cn');
    assert.equal(ack.headers['in-reply-to'], messageId);
    const token = /跟踪令牌：(\S+)/.exec(ack.text)?.[1];
    assert.ok(token && token.length >= 20, ack.text);
    assert.ok(ack.text.includes('tracking token') || ack.text.toLowerCase().includes('token'), ack.text);
    const tracked = await server.client().get(`/api/v1/tracking/${r.json.tracking_id}`, { headers: { 'X-Tracking-Token': token } });
    assert.equal(tracked.status, 200, 'the emailed token works: ' + tracked.text);
    assert.equal(databaseBytes(server.dataDir).indexOf(token), -1, 'the token is sealed at rest in the outbox');

    // The running server sees the report the other process wrote.
    let res = await admin.get(`/api/v1/reports/${r.json.report_id}`);
    assert.equal(res.status, 200, res.text);
    const report = res.json;
    assert.equal(report.channel, 'email');
    assert.equal(report.tracking_id, r.json.tracking_id);
    assert.equal(report.title, '路由器诊断页面命令注入 / command injection');
    assert.equal(report.contact_email, 'zhang.san@example.cn');
    assert.equal(report.contact_name, '张三');
    assert.equal(report.anonymous, true);
    assert.equal(report.has_verification, true);
    assert.equal(report.receipt_seq, r.json.receipt_seq);
    assert.ok(!res.text.includes(bodySecret), 'the mail text is not in the plain report view');

    res = await admin.get(`/api/v1/reports/${report.id}/confidential`);
    assert.equal(res.status, 200, res.text);
    assert.ok(res.json.verification.includes(bodySecret));
    assert.ok(res.json.verification.startsWith('From: 张三 <zhang.san@example.cn>\n'));
    assert.equal(res.json.attachments.length, 1);
    const att = res.json.attachments[0];
    assert.equal(att.filename, 'poc.sh');
    assert.equal(att.size, Buffer.byteLength(attachment));
    const d = await admin.get(`/api/v1/reports/${report.id}/attachments/${att.id}`);
    assert.equal(d.status, 200);
    assert.equal(d.text, attachment);

    // Sealed at rest: neither the attachment nor the text is in the database files.
    const bytes = databaseBytes(server.dataDir);
    assert.ok(bytes.length > 0);
    for (const form of [Buffer.from(secret), Buffer.from(secret).toString('hex')])
      assert.equal(bytes.indexOf(form), -1, 'the attachment is stored in plain text');
    for (const form of [Buffer.from(bodySecret), Buffer.from(bodySecret).toString('hex')])
      assert.equal(bytes.indexOf(form), -1, 'the mail text is stored in plain text');

    // The receipt: channel email, the sender, the hash of the raw mail; the chain verifies.
    res = await admin.get('/api/v1/receipts?channel=email&limit=200');
    assert.equal(res.status, 200, res.text);
    const rec = res.json.items.find((x) => x.seq === r.json.receipt_seq);
    assert.ok(rec, 'receipt listed');
    assert.equal(rec.channel, 'email');
    assert.equal(rec.source_address, 'email:zhang.san@example.cn');
    assert.equal(rec.content_sha256, sha256(raw));
    assert.equal(rec.subject, `report:${r.json.tracking_id}`);
    const v = cli(['receipts', 'verify', '--data', server.dataDir]);
    assert.equal(v.status, 0, v.stdout + v.stderr);
    assert.equal(v.json.ok, true);
    assert.ok(v.json.head_seq >= r.json.receipt_seq);
    res = await admin.post('/api/v1/receipts/verify');
    assert.equal(res.json.ok, true);
  });

  it('control characters a mail client put in the subject or text are stored as U+FFFD, never as they came (issue 13, item 10)', async () => {
    const raw = mail({
      subject: 'escape \u001b[31mred\u001b[0m in the subject',
      text: 'text with an escape \u001b]0;title\u0007 and a form feed \f here',
      attachment: 'x',
      filename: 'poc.sh',
    });
    const r = intake(raw);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.json.content_sha256, sha256(raw), 'the receipt hashes the mail as it came');
    const report = (await admin.get(`/api/v1/reports/${r.json.report_id}`)).json;
    assert.equal(report.title, 'escape \ufffd[31mred\ufffd[0m in the subject');
    const conf = (await admin.get(`/api/v1/reports/${r.json.report_id}/confidential`)).json;
    assert.ok(conf.verification.includes('an escape \ufffd]0;title\ufffd and a form feed \ufffd here'), conf.verification);
    assert.ok(!/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(conf.verification + report.title));
  });

  it('a malformed mail exits 65, says why in Chinese and English, and adds no report and no receipt', async () => {
    const good = mail({ subject: 'fine', text: 'text', attachment: 'x', filename: 'x.sh' });
    const cases = [
      ['a header without a colon', 'From: finder@example.cn\nSubject: s\nno colon here\n\nbody\n', /^error: line 3: header without a colon/],
      ['no From', 'Subject: s\n\nbody\n', /^error: no From address/],
      ['a truncated multipart', good.slice(0, good.indexOf('--------------A1b2C3d4E5f6--')), /^error: message: multipart\/mixed has no closing boundary/],
      ['a NUL byte in a header', Buffer.from('From: finder@example.cn\nSubject: a\0b\n\nbody\n'), /^error: line 2: NUL byte in a header/],
      ['no Subject', 'From: finder@example.cn\n\nbody\n', /^error: subject: the mail has no Subject/],
    ];
    const before = await totals();
    for (const [name, raw, message] of cases) {
      const r = intake(raw);
      assert.equal(r.status, 65, `${name}: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, message, name);
      assert.match(r.stderr, /未受理/, name);
      assert.match(r.stderr, /nothing from it was stored/, name);
      assert.equal(r.stdout, '', name);
    }
    assert.deepEqual(await totals(), before, 'no report and no receipt added');
    const v = cli(['receipts', 'verify', '--data', server.dataDir]);
    assert.equal(v.status, 0, v.stderr);
  });

  it('a mail that cannot be stored now exits 75 so the mail server keeps it: a wrong --data, a mistyped flag', async () => {
    const raw = mail({ subject: 'queued', text: 'text', attachment: 'x', filename: 'x.sh' });
    const parent = freshDataDir('loudong-mail-');
    const missing = path.join(parent, 'no-such-data');
    try {
      const r = intake(raw, ['--data', missing]);
      assert.equal(r.status, 75, r.stderr);
      assert.match(r.stderr, /no loudong database/);
      assert.match(r.stderr, /稍后重试/);
      assert.ok(!existsSync(missing), 'no data directory created');
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
    const before = await totals();
    const typo = intake(raw, ['--dta', server.dataDir]);
    assert.equal(typo.status, 75, typo.stderr);
    assert.deepEqual(await totals(), before);
  });
});
