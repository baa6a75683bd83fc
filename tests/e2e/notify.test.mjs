// The notifier and password reset (issue 12), on both engines, against real
// receivers started here: an SMTP server (tests/lib/smtp-sink.mjs, plain
// Node `net`) and an HTTP webhook receiver. "Forgot my password" answers the
// same for every name; the mail arrives with its headers, its Chinese
// subject and the link; the link sets a new password once, a later request
// replaces it, a password change drops it, and an hour later it has expired
// (the server's clock moved with SKILLCERT_TEST_NOW). With SMTP down a
// message stays queued with its error and `skillcert notify send` delivers
// it once the server is up; the file outbox writes one .eml per message; the
// webhook posts signed JSON; the subsidy reminder is queued once per window.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import nodeHttp from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { parseMail, startSmtpSink } from '../lib/smtp-sink.mjs';
import { closedPlan, makeStation, sql } from './certlib.mjs';
import { Session, apiAs, checkServer, createInstitution, engines, http, login, makeDataDir, makeUser, newPassword, removeDir, sleep, startServer, uniqueName } from './lib.mjs';

const FROM = '技能人才评价平台 <noreply@skillcert.test>';
const SECRET = 'a-webhook-secret-of-enough-length';
// the first server runs two hours behind: its links have expired by the
// time the second one (on the real clock) is asked
const EARLIER = new Date(Date.now() - 2 * 3600 * 1000).toISOString().replace(/\.\d+Z$/, 'Z');

/* A port nothing listens on (taken, then let go). */
function freePort() {
	return new Promise((resolve, reject) => {
		const s = net.createServer();
		s.once('error', reject);
		s.listen(0, '127.0.0.1', () => {
			const { port } = s.address();
			s.close(() => resolve(port));
		});
	});
}

/* An HTTP receiver recording every request ({headers, body}); answers
 * `status` (settable). */
async function startReceiver() {
	const got = [];
	const r = { got, status: 200 };
	r.server = nodeHttp.createServer((req, res) => {
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => {
			got.push({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
			res.writeHead(r.status, { 'Content-Type': 'text/plain' });
			res.end('ok');
		});
	});
	await new Promise((resolve) => r.server.listen(0, '127.0.0.1', resolve));
	r.url = `http://127.0.0.1:${r.server.address().port}/sms`;
	r.close = () => new Promise((resolve) => r.server.close(() => resolve()));
	return r;
}

const tokenOf = (mail) => {
	const m = /\/password\/reset\?token=(pr_[A-Za-z0-9_-]{43})/.exec(mail.body);
	assert.ok(m, `a reset link in the mail: ${mail.body}`);
	return m[1];
};
/* A page without what differs between two requests (the CSRF token). */
const normal = (text) => text.replace(/name="csrf" value="[^"]*"/g, '');

for (const engine of engines()) {
	describe(`notifier and password reset [${engine}]`, () => {
		let sink, srv, srvB, admin, api, staff, downPort;
		const mails = () => sink.messages.map((m) => parseMail(m.data));
		const base = () => srv.base;

		before(async () => {
			sink = await startSmtpSink();
			srv = await startServer({
				engine, tag: 'notify',
				env: {
					SKILLCERT_SMTP_URL: `smtp://127.0.0.1:${sink.port}`, SKILLCERT_MAIL_FROM: FROM,
					SKILLCERT_TEST_NOW: EARLIER, SKILLCERT_TEST_CLOCK: 'test-only',
				},
			});
			admin = await makeUser(srv, 'notifyadmin', { role: 'center_admin' });
			api = apiAs(srv.base, admin.token);
			staff = await makeUser(srv, 'resetme', { role: 'viewer' });
		});
		after(async () => {
			if (srvB) await srvB.stop().catch(() => {});
			if (srv) {
				await srv.stop('SIGTERM', 10000, { keepData: true }).catch(() => {});
				await srv.cleanup();
			}
			if (sink) await sink.close();
		});

		it('an account sets its e-mail address (a bad one refused, naming the field); the account page shows it', async () => {
			const me = apiAs(base(), staff.token);
			for (const bad of ['not-an-address', 'a@b', 'x y@example.cn', '<a@example.cn>']) {
				const r = await me('/api/v1/me/email', { method: 'POST', json: { email: bad } });
				assert.equal(r.status, 422, `${bad}: ${r.text}`);
				assert.equal(r.json.error.field, 'email');
			}
			const ok = await me('/api/v1/me/email', { method: 'POST', json: { email: 'resetme@example.cn', password: staff.password } });
			assert.equal(ok.status, 200, ok.text);
			const s = await login(base(), staff.name, staff.password, { localAddress: '127.0.0.21' });
			const page = await s.get('/account');
			assert.match(page.text, /id="f-email" name="email" value="resetme@example.cn"/);
			// the page form: a bad address is re-rendered with its error
			const bad = await s.post('/account/email', { email: 'nope' });
			assert.equal(bad.status, 422);
			assert.match(bad.text, /id="e-email"/);
			// staff with user.manage set another's on the admin page
			const as = await login(base(), admin.name, admin.password, { localAddress: '127.0.0.21' });
			await as.get(`/admin/users/${staff.name}`);
			const set = await as.post(`/admin/users/${staff.name}/email`, { email: 'resetme@example.cn' });
			assert.equal(set.status, 303, set.text.slice(0, 300));
			const audit = await srv.cli(['audit', 'list', '--action', 'user.email']);
			assert.match(audit.stdout, /resetme/);
			assert.doesNotMatch(audit.stdout, /resetme@example\.cn/, 'the address stays out of the audit trail');
		});

		it('forgot: the same answer, page and API, for a known name, an unknown name and an unknown address; rate-limited', async () => {
			const ask = async (who, addr) => {
				const s = new Session(base(), { localAddress: addr });
				await s.get('/password/forgot');
				return s.post('/password/forgot', { username: who }, { headers: { 'Accept-Language': 'zh-CN' } });
			};
			const known = await ask(staff.name, '127.0.0.22');
			const unknown = await ask('nobody-here', '127.0.0.23');
			const address = await ask('nobody@example.cn', '127.0.0.23');
			for (const r of [known, unknown, address]) {
				assert.equal(r.status, 200);
				assert.match(r.text, /id="forgot-done"/);
			}
			assert.equal(normal(unknown.text), normal(known.text));
			assert.equal(normal(address.text), normal(known.text));
			const apiUnknown = await http(base(), '/api/v1/password/forgot', { method: 'POST', json: { username: 'nobody-else' }, localAddress: '127.0.0.24' });
			assert.equal(apiUnknown.status, 202);
			assert.deepEqual(apiUnknown.json, { ok: true });
			const empty = await http(base(), '/api/v1/password/forgot', { method: 'POST', json: { username: '' }, localAddress: '127.0.0.24' });
			assert.equal(empty.status, 422);
			assert.equal(empty.json.error.field, 'username');
			// one client asking over and over is slowed down, whatever it
			// names: three free, then a wait between requests, a lock at ten
			// (refused ones do not count), so a 429 comes by the eleventh
			const codes = [];
			let limited = null;
			for (let i = 0; i < 40 && !limited; i++) {
				const r = await http(base(), '/api/v1/password/forgot', { method: 'POST', json: { username: `nobody${i}` }, localAddress: '127.0.0.25' });
				codes.push(r.status);
				if (r.status !== 202) limited = r;
			}
			assert.deepEqual(codes.slice(0, 4), [202, 202, 202, 202]);
			assert.ok(limited && limited.status === 429 && codes.length <= 11, codes.join(' '));
			assert.ok(Number(limited.headers.get('retry-after')) > 0);
			const audit = await srv.cli(['audit', 'list', '--action', 'password.reset_request']);
			assert.match(audit.stdout, /resetme/);
		});

		it('the mail reaches the SMTP server: envelope, headers, the Chinese subject, the body with the link', async () => {
			const [m] = await sink.waitFor(1);
			assert.equal(sink.messages.length, 1, 'one mail: unknown names and addresses send nothing');
			assert.deepEqual(m.to, ['resetme@example.cn']);
			assert.equal(m.from, 'noreply@skillcert.test');
			const mail = parseMail(m.data);
			assert.equal(mail.headers.to, 'resetme@example.cn');
			assert.match(mail.headers.from, /^=\?UTF-8\?B\?[^?]+\?= <noreply@skillcert\.test>$/);
			assert.equal(mail.subject, '重设密码 — 技能人才评价平台');
			assert.match(mail.headers.subject, /^=\?UTF-8\?B\?/);
			assert.equal(mail.headers['mime-version'], '1.0');
			assert.equal(mail.headers['content-type'], 'text/plain; charset=UTF-8');
			assert.equal(mail.headers['content-transfer-encoding'], 'base64');
			assert.match(mail.headers['message-id'], /^<skillcert\.\d+\.[0-9a-f]{16}@skillcert\.test>$/);
			// the server's clock (two hours behind) dates it
			assert.ok(Math.abs(Date.parse(mail.headers.date) - Date.parse(EARLIER)) < 600000, mail.headers.date);
			assert.match(mail.body, /resetme/);
			assert.match(mail.body, /https:\/\/verify\.skillcert\.test\/password\/reset\?token=pr_/);
			assert.match(mail.body, /60 分钟/);
			tokenOf(mail);
		});

		it('the link sets a new password once: the new one signs in, the old one fails, the link is spent', async () => {
			const token = tokenOf(mails()[0]);
			const s = new Session(base(), { localAddress: '127.0.0.26' });
			const form = await s.get(`/password/reset?token=${token}`);
			assert.equal(form.status, 200);
			assert.equal(form.headers.get('cache-control'), 'no-store');
			assert.match(form.headers.get('referrer-policy'), /same-origin/);
			assert.match(form.text, /name="new_password"/);
			const mismatch = await s.post('/password/reset', { token, new_password: 'Abcdefgh-123', confirm_password: 'Abcdefgh-124' });
			assert.equal(mismatch.status, 422);
			const weak = await s.post('/password/reset', { token, new_password: 'short', confirm_password: 'short' });
			assert.equal(weak.status, 422);
			assert.match(weak.text, /id="e-new_password"/);
			const fresh = newPassword();
			const done = await s.post('/password/reset', { token, new_password: fresh, confirm_password: fresh });
			assert.equal(done.status, 303, done.text.slice(0, 400));
			assert.equal(done.headers.get('location'), '/login?reset=1');
			assert.equal((await new Session(base(), { localAddress: '127.0.0.27' }).login(staff.name, staff.password)).status, 401, 'the old password fails');
			await login(base(), staff.name, fresh, { localAddress: '127.0.0.27' });
			staff.password = fresh;
			// spent: the page and the API say so
			const again = await s.get(`/password/reset?token=${token}`);
			assert.equal(again.status, 404);
			assert.match(again.text, /id="reset-invalid"/);
			const reuse = await http(base(), '/api/v1/password/reset', { method: 'POST', json: { token, new_password: newPassword() } });
			assert.equal(reuse.status, 422);
			assert.equal(reuse.json.error.field, 'token');
			const junk = await http(base(), '/api/v1/password/reset', { method: 'POST', json: { token: 'pr_' + 'x'.repeat(43), new_password: newPassword() } });
			assert.equal(junk.status, 422);
			const audit = await srv.cli(['audit', 'list', '--action', 'password.reset']);
			assert.match(audit.stdout, /resetme/);
		});

		it('a later request replaces the earlier link, in the language asked (API, by address); a password change drops it', async () => {
			const ask = (addr) => http(base(), '/api/v1/password/forgot', {
				method: 'POST', json: { username: 'ReSetMe@Example.cn' }, headers: { 'Accept-Language': 'en' }, localAddress: addr,
			});
			assert.equal((await ask('127.0.0.28')).status, 202);
			await sink.waitFor(2);
			const first = tokenOf(mails()[1]);
			assert.equal(mails()[1].subject, 'Reset your password — Skills Evaluation Platform');
			assert.equal((await ask('127.0.0.29')).status, 202);
			await sink.waitFor(3);
			const second = tokenOf(mails()[2]);
			assert.equal((await http(base(), `/password/reset?token=${first}`)).status, 404, 'replaced');
			assert.equal((await http(base(), `/password/reset?token=${second}`)).status, 200);
			// the account's own password change drops the link
			const s = await login(base(), staff.name, staff.password, { localAddress: '127.0.0.30' });
			const np = newPassword();
			const ch = await s.post('/account/password', { current_password: staff.password, new_password: np, confirm_password: np });
			assert.equal(ch.status, 303, ch.text.slice(0, 300));
			staff.password = np;
			assert.equal((await http(base(), `/password/reset?token=${second}`)).status, 404, 'dropped by the change');
		});

		it('an hour later the link has expired (the next server runs on the real clock)', async () => {
			// a user whose link is left unused
			const late = await makeUser(srv, 'latecomer', { role: null });
			assert.equal((await apiAs(base(), late.token)('/api/v1/me/email', { method: 'POST', json: { email: 'late@example.cn', password: late.password } })).status, 200);
			assert.equal((await http(base(), '/api/v1/password/forgot', { method: 'POST', json: { username: 'latecomer' }, localAddress: '127.0.0.31' })).status, 202);
			await sink.waitFor(4);
			const token = tokenOf(mails()[3]);
			assert.equal((await http(base(), `/password/reset?token=${token}`)).status, 200, 'alive on the first clock');
			const code = await srv.stop('SIGTERM', 10000, { keepData: true });
			assert.equal(code, 0);
			downPort = await freePort();
			srvB = await startServer({
				engine, db: srv.db, dataDir: srv.dataDir, tag: 'notifyb',
				env: { SKILLCERT_SMTP_URL: `smtp://127.0.0.1:${downPort}`, SKILLCERT_MAIL_FROM: FROM, SKILLCERT_NOTIFY_TIMEOUT: '5' },
			});
			const page = await http(srvB.base, `/password/reset?token=${token}`);
			assert.equal(page.status, 404);
			const post = await http(srvB.base, '/api/v1/password/reset', { method: 'POST', json: { token, new_password: newPassword() } });
			assert.equal(post.status, 422);
			assert.equal(post.json.error.field, 'token');
			await login(srvB.base, 'latecomer', late.password, { localAddress: '127.0.0.32' });
		});

		it('SMTP down: the message stays queued with its error; `notify send` delivers it once the server is up', async () => {
			const r = await http(srvB.base, '/api/v1/password/forgot', { method: 'POST', json: { username: 'latecomer' }, localAddress: '127.0.0.33' });
			assert.equal(r.status, 202);
			const list = () => http(srvB.base, '/api/v1/notifications?status=queued', { headers: { Authorization: `Bearer ${admin.token}` } });
			let item;
			for (let i = 0; i < 600 && !item; i++) {
				const l = await list();
				assert.equal(l.status, 200, l.text);
				item = l.json.items.find((x) => x.to === 'late@example.cn' && x.last_error);
				if (!item) await sleep(50);
			}
			assert.ok(item, 'the failed attempt is recorded on the queued message');
			assert.equal(item.sent_at ?? null, null);
			assert.equal(item.attempts, 1);
			assert.match(item.last_error, /connect|refused/i);
			// the staff page lists it with its status
			const as = await login(srvB.base, admin.name, admin.password, { localAddress: '127.0.0.34' });
			const page = await as.get('/admin/notifications');
			assert.equal(page.status, 200);
			assert.match(page.text, /late@example\.cn/);
			assert.match(page.text, /class="badge warn"/);
			// the receiver comes up on that port; the operator sends now
			const sink2 = await startSmtpSink({ port: downPort });
			try {
				const send = await srvB.cli(['notify', 'send'], {
					env: {
						SKILLCERT_SMTP_URL: `smtp://127.0.0.1:${downPort}`, SKILLCERT_MAIL_FROM: FROM,
						SKILLCERT_SMTP_USER: 'relay-user', SKILLCERT_SMTP_PASSWORD: 'relay-pass',
					},
				});
				assert.equal(send.code, 0, send.stderr);
				assert.match(send.stdout, /sent: 1, failed: 0/);
				const [m] = await sink2.waitFor(1);
				assert.deepEqual(m.to, ['late@example.cn']);
				assert.deepEqual(m.auth, ['', 'relay-user', 'relay-pass'], 'AUTH PLAIN with the configured user');
				tokenOf(parseMail(m.data));
				const l = await list();
				assert.ok(!l.json.items.some((x) => x.id === item.id), 'no longer queued');
				const cli = await srvB.cli(['notify', 'list', '--status', 'sent', '--json']);
				const sent = JSON.parse(cli.stdout).find((x) => x.id === item.id);
				assert.ok(sent.sent_at, cli.stdout);
				assert.equal(sent.attempts, 2);
			} finally {
				await sink2.close();
			}
		});

		it('addresses on the staff list in full only for user.manage on the whole network', async () => {
			const inst = await createInstitution(srvB.base, { name: uniqueName('通知机构'), type: 'exam_station', province: '11' }, admin.token);
			const scoped = await makeUser(srvB, 'scopedadmin', { role: 'institution_admin', institution: inst.id });
			const l = await http(srvB.base, '/api/v1/notifications', { headers: { Authorization: `Bearer ${scoped.token}` } });
			assert.equal(l.status, 200, l.text);
			assert.equal(l.json.full_addresses, false);
			assert.ok(l.json.items.length > 0);
			for (const x of l.json.items) assert.doesNotMatch(x.to, /^(resetme|late)@/, x.to);
			assert.ok(l.json.items.some((x) => x.to === 'l***@example.cn'));
			// the subject (a certificate number) and an SMTP error (which
			// repeats the address) are masked too
			for (const x of l.json.items) {
				assert.equal(x.subject, '****', JSON.stringify(x));
				assert.ok(x.last_error === undefined || x.last_error === null || x.last_error === '****', JSON.stringify(x));
			}
			const s = await login(srvB.base, scoped.name, scoped.password, { localAddress: '127.0.0.35' });
			const page = await s.get('/admin/notifications');
			assert.equal(page.status, 200);
			assert.doesNotMatch(page.text, /late@example\.cn/);
			assert.doesNotMatch(page.text, /重设密码 — 技能人才评价平台/);
			const full = await http(srvB.base, '/api/v1/notifications', { headers: { Authorization: `Bearer ${admin.token}` } });
			assert.equal(full.json.full_addresses, true);
			assert.ok(full.json.items.some((x) => x.subject === '重设密码 — 技能人才评价平台'));
			// (staff's own token went with the password reset above)
			const plain = await makeUser(srvB, 'plainviewer', { role: 'viewer' });
			const viewer = await http(srvB.base, '/api/v1/notifications', { headers: { Authorization: `Bearer ${plain.token}` } });
			assert.equal(viewer.status, 403);
		});

		it('the file outbox: one .eml per message, written whole under its final name', async () => {
			const dir = makeDataDir('outbox');
			try {
				const q = await srvB.cli(['notify', 'queue', '--channel', 'email', '--to', 'box@example.cn', '--subject', '证书补发通知', '--text', '第一行\n.\n..两个点开头']);
				assert.equal(q.code, 0, q.stderr);
				const id = Number(q.stdout.trim());
				const send = await srvB.cli(['notify', 'send'], { env: { SKILLCERT_OUTBOX: dir } });
				assert.equal(send.code, 0, send.stderr);
				const files = fs.readdirSync(dir);
				assert.deepEqual(files, [`message-${String(id).padStart(6, '0')}.eml`], 'no temporary file left');
				const mail = parseMail(fs.readFileSync(path.join(dir, files[0]), 'utf8'));
				assert.equal(mail.headers.to, 'box@example.cn');
				assert.equal(mail.subject, '证书补发通知');
				assert.equal(mail.body, '第一行\n.\n..两个点开头');
				const bad = await srvB.cli(['notify', 'queue', '--channel', 'fax', '--to', 'x', '--subject', 's', '--text', 't']);
				assert.equal(bad.code, 1);
				assert.match(bad.stderr, /channel/);
			} finally {
				removeDir(dir);
			}
		});

		it('the webhook: an SMS as JSON signed with HMAC-SHA256 to a real HTTP receiver; a refusal keeps it queued', async () => {
			const rx = await startReceiver();
			try {
				const env = { SKILLCERT_WEBHOOK_URL: rx.url, SKILLCERT_WEBHOOK_SECRET: SECRET };
				const q = await srvB.cli(['notify', 'queue', '--channel', 'sms', '--to', '13800138000', '--subject', '验证', '--text', '您的证书已补发，请查收。']);
				assert.equal(q.code, 0, q.stderr);
				const id = Number(q.stdout.trim());
				rx.status = 503;
				const refused = await srvB.cli(['notify', 'send'], { env });
				assert.equal(refused.code, 1);
				assert.match(refused.stdout, /sent: 0, failed: 1/);
				const listed = JSON.parse((await srvB.cli(['notify', 'list', '--status', 'queued', '--json'])).stdout).find((x) => x.id === id);
				assert.match(listed.last_error, /HTTP 503/);
				rx.status = 200;
				const send = await srvB.cli(['notify', 'send'], { env });
				assert.equal(send.code, 0, send.stderr);
				assert.equal(rx.got.length, 2);
				const last = rx.got[1];
				assert.equal(last.method, 'POST');
				assert.match(last.headers['content-type'], /^application\/json/);
				const want = 'sha256=' + crypto.createHmac('sha256', SECRET).update(last.body).digest('hex');
				assert.equal(last.headers['x-skillcert-signature'], want);
				assert.deepEqual(JSON.parse(last.body), { id, channel: 'sms', to: '13800138000', subject: '验证', text: '您的证书已补发，请查收。' });
				// without its secret the webhook is refused before anything is sent
				const nosecret = await srvB.cli(['notify', 'send'], { env: { SKILLCERT_WEBHOOK_URL: rx.url } });
				assert.equal(nosecret.code, 2);
				assert.match(nosecret.stderr, /SKILLCERT_WEBHOOK_SECRET/);
				// or with the key kept wrapped by the master key, printed for the bridge
				const made = await srvB.cli(['notify', 'webhook-secret']);
				assert.equal(made.code, 0, made.stderr);
				const kept = made.stdout.trim();
				assert.match(kept, /^[0-9a-f]{64}$/);
				assert.equal((await srvB.cli(['notify', 'webhook-secret'])).stdout.trim(), kept, 'made once');
				assert.equal((await srvB.cli(['notify', 'queue', '--channel', 'sms', '--to', '+86 138-0013-8000', '--subject', '二', '--text', '第二条'])).code, 0);
				const wrapped = await srvB.cli(['notify', 'send'], { env: { SKILLCERT_WEBHOOK_URL: rx.url } });
				assert.equal(wrapped.code, 0, wrapped.stderr);
				assert.equal(rx.got.length, 3);
				assert.equal(rx.got[2].headers['x-skillcert-signature'], 'sha256=' + crypto.createHmac('sha256', kept).update(rx.got[2].body).digest('hex'));
				assert.equal(JSON.parse(rx.got[2].body).to, '+86 138-0013-8000');
			} finally {
				await rx.close();
			}
		});

		it('subsidy reminders: one e-mail per holder account with an address whose window closes within N days, once per window', async () => {
			const hapi = apiAs(srvB.base, admin.token);
			const station = await makeStation(srvB, hapi);
			const p = await closedPlan(srvB, hapi, station, { pass: 1 });
			assert.ok([200, 201].includes((await hapi(`/api/v1/plans/${p.plan}/certificates`, { method: 'POST' })).status));
			const [cert] = (await hapi(`/api/v1/certificates?plan=${p.plan}`)).json.certificates;
			const who = p.candidates[0];
			const password = newPassword();
			const proof = { number: cert.number, token: cert.qr_token, name: who.name, id_number: who.id_number, username: 'holder.notify', password };
			const claim = (json) => http(srvB.base, '/api/v1/holder/claim', { method: 'POST', localAddress: '127.0.0.36', json });
			// an address at claim time is optional, and checked
			const badClaim = await claim({ ...proof, email: 'not an address' });
			assert.equal(badClaim.status, 422, badClaim.text);
			assert.equal(badClaim.json.error.field, 'email');
			const claimed = await claim({ ...proof, email: 'first@example.cn' });
			assert.equal(claimed.status, 201, claimed.text);
			// the holder changes it on their own account
			const hs = await login(srvB.base, 'holder.notify', password, { localAddress: '127.0.0.36' });
			assert.match((await hs.get('/account')).text, /value="first@example.cn"/);
			const set = await hs.api('/api/v1/me/email', { method: 'POST', json: { email: 'holder@example.cn', password } });
			assert.equal(set.status, 200, set.text);
			// issued on the day of a 2024 clock: its window (12 months) closes in 365 days
			await sql(srvB, `UPDATE certificate SET issued_on = '2024-09-01' WHERE id = ${cert.id}`);
			const clock = { SKILLCERT_TEST_NOW: '2024-09-01T04:00:00Z', SKILLCERT_TEST_CLOCK: 'test-only' };
			const none = await srvB.cli(['notify', 'subsidy-reminders', '--within', '300'], { env: clock });
			assert.equal(none.code, 0, none.stderr);
			assert.match(none.stdout, /queued: 0/);
			const once = await srvB.cli(['notify', 'subsidy-reminders', '--within', '366'], { env: clock });
			assert.equal(once.code, 0, once.stderr);
			assert.match(once.stdout, /queued: 1/);
			const twice = await srvB.cli(['notify', 'subsidy-reminders', '--within', '366'], { env: clock });
			assert.match(twice.stdout, /queued: 0/, 'once per certificate and window');
			const bad = await srvB.cli(['notify', 'subsidy-reminders', '--within', '0']);
			assert.equal(bad.code, 2);
			const queued = JSON.parse((await srvB.cli(['notify', 'list', '--json'])).stdout);
			const mail = queued.find((x) => x.to === 'holder@example.cn');
			assert.ok(mail, JSON.stringify(queued));
			assert.match(mail.subject, new RegExp(cert.number));
			assert.ok(!queued.some((x) => x.to === 'first@example.cn' && x.subject.includes(cert.number)), 'the address as changed');
			assert.ok(queued.some((x) => x.to === 'first@example.cn' && /邮箱地址已更改/.test(x.subject)), 'the old address told of the change');
		});

		it('both servers stop cleanly (exit 0, no sanitizer report)', async () => {
			checkServer(srvB);
			assert.equal(await srvB.stop('SIGTERM', 10000, { keepData: true }), 0);
			srvB = null;
		});
	});

	describe(`review fixes: the address change, the reset link, the sender [${engine}]`, () => {
		let sink, srv, admin;
		const seen = new Set();
		/* The next mail (not yet taken) to `to`, read. */
		const mailFor = async (to) => {
			for (let i = 0; i < 600; i++) {
				const m = sink.messages.find((x) => !seen.has(x) && x.to.includes(to));
				if (m) {
					seen.add(m);
					return parseMail(m.data);
				}
				await sleep(50);
			}
			return assert.fail(`no mail to ${to}`);
		};

		before(async () => {
			sink = await startSmtpSink();
			srv = await startServer({
				engine, tag: 'notifyfix',
				env: { SKILLCERT_SMTP_URL: `smtp://127.0.0.1:${sink.port}`, SKILLCERT_MAIL_FROM: FROM },
			});
			admin = await makeUser(srv, 'fixadmin', { role: 'center_admin' });
		});
		after(async () => {
			if (srv) {
				await srv.stop('SIGTERM', 10000).catch(() => {});
				await srv.cleanup();
			}
			if (sink) await sink.close();
		});

		it('one\'s own address changes only with the password; the change drops the reset link and tells the old address; an admin needs none', async () => {
			const u = await makeUser(srv, 'mover', { role: null });
			const me = apiAs(srv.base, u.token);
			const set = (json, localAddress) => me('/api/v1/me/email', { method: 'POST', json, localAddress });
			for (const json of [{ email: 'mover@example.cn' }, { email: 'mover@example.cn', password: 'Wrong-password-1' }]) {
				const r = await set(json);
				assert.equal(r.status, 422, r.text);
				assert.equal(r.json.error.field, 'password');
			}
			assert.equal((await set({ email: 'mover@example.cn', password: u.password })).status, 200);
			// a reset link is mailed to that address...
			const ask = await http(srv.base, '/api/v1/password/forgot', { method: 'POST', json: { username: 'mover' }, localAddress: '127.0.0.41' });
			assert.equal(ask.status, 202);
			const link = tokenOf(await mailFor('mover@example.cn'));
			assert.equal((await http(srv.base, `/password/reset?token=${link}`)).status, 200);
			// ...and the address changes: the link is dead, the old address told
			assert.equal((await set({ email: 'moved@example.cn', password: u.password })).status, 200);
			assert.equal((await http(srv.base, `/password/reset?token=${link}`)).status, 404, 'the link died with the address');
			const notice = await mailFor('mover@example.cn');
			assert.equal(notice.subject, '您的邮箱地址已更改 — 技能人才评价平台');
			assert.match(notice.body, /mover/);
			assert.doesNotMatch(notice.body, /moved@example/, 'the new address is not told to the old one');
			// the page form asks for the password too
			const s = await login(srv.base, 'mover', u.password, { localAddress: '127.0.0.42' });
			assert.match((await s.get('/account')).text, /name="password" autocomplete="current-password"/);
			const bad = await s.post('/account/email', { email: 'page@example.cn', password: 'Wrong-password-2' });
			assert.equal(bad.status, 422);
			assert.match(bad.text, /id="e-password"/);
			const good = await s.post('/account/email', { email: 'page@example.cn', password: u.password });
			assert.equal(good.status, 303, good.text.slice(0, 300));
			assert.equal((await mailFor('moved@example.cn')).subject, '您的邮箱地址已更改 — 技能人才评价平台');
			// staff with user.manage set another's without a password (page and
			// the admin's own page asks for theirs)
			const as = await login(srv.base, admin.name, admin.password, { localAddress: '127.0.0.43' });
			await as.get('/admin/users/mover');
			const other = await as.post('/admin/users/mover/email', { email: 'byadmin@example.cn' });
			assert.equal(other.status, 303, other.text.slice(0, 300));
			await mailFor('page@example.cn');
			assert.match((await as.get(`/admin/users/${admin.name}`)).text, /name="password" autocomplete="current-password"/);
			assert.doesNotMatch((await as.get('/admin/users/mover')).text, /name="password"/);
			// wrong passwords count as failed sign-ins: the limiter stops them
			const codes = [];
			for (let i = 0; i < 12 && !codes.includes(429); i++) codes.push((await set({ email: 'x@example.cn', password: `Wrong-password-${i}` }, '127.0.0.45')).status);
			assert.ok(codes.includes(429), codes.join(' '));
			assert.equal((await set({ email: 'x@example.cn', password: u.password }, '127.0.0.46')).status, 429, 'even the right one waits (the account is held)');
		});

		it('a reset revokes the account\'s API tokens and ends its sessions', async () => {
			const u = await makeUser(srv, 'resettok', { role: null });
			const me = apiAs(srv.base, u.token);
			assert.equal((await me('/api/v1/me/email', { method: 'POST', json: { email: 'resettok@example.cn', password: u.password } })).status, 200);
			assert.equal((await me('/api/v1/me')).status, 200);
			await http(srv.base, '/api/v1/password/forgot', { method: 'POST', json: { username: 'resettok' }, localAddress: '127.0.0.44' });
			const token = tokenOf(await mailFor('resettok@example.cn'));
			const done = await http(srv.base, '/api/v1/password/reset', { method: 'POST', json: { token, new_password: newPassword() } });
			assert.equal(done.status, 200, done.text);
			assert.equal((await me('/api/v1/me')).status, 401, 'the token was revoked');
			const audit = await srv.cli(['audit', 'list', '--action', 'password.reset']);
			assert.match(audit.stdout, /tokens_revoked/);
		});

		it('a link used twice at once sets the password once: the other use is refused', async () => {
			for (let round = 0; round < 2; round++) {
				const name = `twice${round}`;
				const u = await makeUser(srv, name, { role: null });
				const email = `${name}@example.cn`;
				const r = await apiAs(srv.base, u.token)('/api/v1/me/email', { method: 'POST', json: { email, password: u.password } });
				assert.equal(r.status, 200, r.text);
				await http(srv.base, '/api/v1/password/forgot', { method: 'POST', json: { username: name }, localAddress: `127.0.0.${50 + round}` });
				const token = tokenOf(await mailFor(email));
				// on PostgreSQL another session holds the account's row while both
				// uses run, so both are inside their transactions at once (before
				// the fix both checked the token there, then both set the password)
				let held = null;
				if (engine === 'postgresql') {
					held = sql(srv, `BEGIN; SELECT id FROM app_user WHERE username = '${name}' FOR UPDATE; SELECT pg_sleep(2); COMMIT;`);
					for (let i = 0; i < 200; i++) {
						const n = await sql(srv, "SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%FOR UPDATE; SELECT pg_sleep%' AND pid <> pg_backend_pid()");
						if (Number(String(n).trim()) > 0) break;
						await sleep(20);
					}
				}
				const uses = await Promise.all([0, 1].map(() =>
					http(srv.base, '/api/v1/password/reset', { method: 'POST', json: { token, new_password: newPassword() } })));
				if (held) await held;
				const codes = uses.map((x) => x.status).sort();
				assert.deepEqual(codes, [200, 422], `round ${round}: ${uses.map((x) => x.text).join(' ')}`);
				for (const x of uses.filter((y) => y.status === 422)) assert.equal(x.json.error.field, 'token');
			}
		});

		it('a reset mail does not wait behind a batch of reminders; a full batch is followed at once by the next', async () => {
			const u = await makeUser(srv, 'hurried', { role: null });
			const r = await apiAs(srv.base, u.token)('/api/v1/me/email', { method: 'POST', json: { email: 'hurried@example.cn', password: u.password } });
			assert.equal(r.status, 200, r.text);
			const before = sink.messages.length;
			// 120 reminders queued (by another process: the server's sender is
			// not woken by them), then a reset asked for
			await sql(srv, "INSERT INTO notification (channel, recipient, subject, body, created_at, attempts, next_at) WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 120) SELECT 'email', 'bulk' || i || '@example.cn', 'reminder ' || i, 'a reminder', '2000-01-01T00:00:00Z', 0, '2000-01-01T00:00:00Z' FROM n");
			const ask = await http(srv.base, '/api/v1/password/forgot', { method: 'POST', json: { username: 'hurried' }, localAddress: '127.0.0.60' });
			assert.equal(ask.status, 202);
			// all 121 arrive without waiting for the sender's 30-second period
			await sink.waitFor(before + 121);
			const order = sink.messages.slice(before).map((m) => m.to[0]);
			const reset = order.indexOf('hurried@example.cn');
			assert.ok(reset >= 0, order.join(' '));
			assert.ok(reset < order.lastIndexOf('bulk120@example.cn'), `the reset mail came ${reset + 1}th`);
			assert.ok(reset < 50, `the reset mail is in the first batch (came ${reset + 1}th)`);
			assert.equal(new Set(order).size, 121);
		});

		it('an SMTP login over plain smtp:// and an http:// webhook are refused at start, except on loopback', async () => {
			const plain = { SKILLCERT_SMTP_URL: 'smtp://mail.example.cn:25', SKILLCERT_SMTP_USER: 'relay', SKILLCERT_SMTP_PASSWORD: 'secret', SKILLCERT_MAIL_FROM: FROM };
			const send = await srv.cli(['notify', 'send'], { env: plain });
			assert.equal(send.code, 2, send.stdout);
			assert.match(send.stderr, /SKILLCERT_SMTP_USER.*smtp:\/\/.*(smtps|STARTTLS)/s);
			const serve = await srv.cli(['serve', '--listen', '127.0.0.1:0'], { env: plain });
			assert.equal(serve.code, 2, serve.stdout);
			assert.match(serve.stderr, /SKILLCERT_SMTP_USER/);
			const hook = await srv.cli(['notify', 'send'], { env: { SKILLCERT_WEBHOOK_URL: 'http://hooks.example.cn/sms', SKILLCERT_WEBHOOK_SECRET: SECRET } });
			assert.equal(hook.code, 2, hook.stdout);
			assert.match(hook.stderr, /SKILLCERT_WEBHOOK_URL.*https:\/\//);
			// loopback (the tests' own receivers) stays allowed: the check passes
			// and the send runs (nothing listens there: a failure, not a refusal)
			const local = await srv.cli(['notify', 'send'], { env: { ...plain, SKILLCERT_SMTP_URL: 'smtp://localhost:1', SKILLCERT_WEBHOOK_URL: 'http://[::1]:1/sms', SKILLCERT_WEBHOOK_SECRET: SECRET, SKILLCERT_NOTIFY_TIMEOUT: '2' } });
			assert.ok([0, 1].includes(local.code), `${local.code}: ${local.stderr}`);
			assert.match(local.stdout, /sent: \d+, failed: \d+/);
		});

		it('without public_url no reset link is queued (the same 202, an error logged); serve warns at start', async () => {
			const u = await makeUser(srv, 'nourl', { role: null });
			const r = await apiAs(srv.base, u.token)('/api/v1/me/email', { method: 'POST', json: { email: 'nourl@example.cn', password: u.password } });
			assert.equal(r.status, 200, r.text);
			await sql(srv, "DELETE FROM setting WHERE name = 'public_url'");
			const ask = await http(srv.base, '/api/v1/password/forgot', { method: 'POST', json: { username: 'nourl' }, localAddress: '127.0.0.61' });
			assert.equal(ask.status, 202);
			assert.deepEqual(ask.json, { ok: true });
			await srv.waitForStderr(/nourl not mailed: the public_url setting is unset/);
			const queued = JSON.parse((await srv.cli(['notify', 'list', '--json'])).stdout);
			assert.ok(!queued.some((x) => x.to === 'nourl@example.cn'), 'no relative link queued');
			const second = await startServer({
				engine, db: srv.db, dataDir: srv.dataDir, tag: 'notifynourl',
				env: { SKILLCERT_SMTP_URL: `smtp://127.0.0.1:${sink.port}`, SKILLCERT_MAIL_FROM: FROM },
			});
			try {
				await second.waitForStderr(/warning: the public_url setting is unset/);
			} finally {
				await second.stop('SIGTERM', 10000, { keepData: true });
			}
		});

		// PostgreSQL's statement triggers fire for a DELETE that matches no
		// row: they show the unknown name's request doing the known one's
		// database work (SQLite has only row triggers)
		if (engine === 'postgresql') {
			it('forgot: an unknown name runs the DELETEs on password_reset a known one does', async () => {
				await sql(srv, `CREATE TABLE test_reset_deletes (n INTEGER);
					CREATE FUNCTION test_reset_deleted() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO test_reset_deletes VALUES (1); RETURN NULL; END $$;
					CREATE TRIGGER test_reset_deleted AFTER DELETE ON password_reset FOR EACH STATEMENT EXECUTE FUNCTION test_reset_deleted();`);
				try {
					const count = async () => Number(String(await sql(srv, 'SELECT count(*) FROM test_reset_deletes')).trim());
					const r = await http(srv.base, '/api/v1/password/forgot', { method: 'POST', json: { username: 'nobody-at-all' }, localAddress: '127.0.0.62' });
					assert.equal(r.status, 202);
					assert.ok(await count() >= 1, 'a DELETE on password_reset ran for the unknown name');
				} finally {
					await sql(srv, 'DROP TRIGGER test_reset_deleted ON password_reset; DROP FUNCTION test_reset_deleted(); DROP TABLE test_reset_deletes;');
				}
			});
		}

		it('the server stops cleanly (exit 0, no sanitizer report)', async () => {
			checkServer(srv);
			assert.equal(await srv.stop('SIGTERM', 10000, { keepData: true }), 0);
		});
	});
}
