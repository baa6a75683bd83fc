// Webhooks (issue 18), on both engines, against real receivers started here
// (tests/lib/webhook-sink.mjs): every delivery is signed (HMAC-SHA256 over
// "t.body" with the subscription's secret, shown once); a subscription gets
// its events in order (a plan's certificates issued, then one certificate
// suspended, reinstated and revoked) and only those of its institutions; a
// receiver that is down, or answers 500, gets every event once it is back,
// in order; a receiver that never answers does not hold up the request
// that caused the event; an event written just before a kill -9 (receiver
// down) is delivered by the next server; a delivery replays; an
// institution's administrator cannot read or replay another's.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { startWebhookSink, verifySignature } from '../lib/webhook-sink.mjs';
import { closedPlan, makeStation, sql } from './certlib.mjs';
import { apiAs, engines, login, makeUser, sleep, startServer } from './lib.mjs';

const FLAGS = ['--webhook-allow-http', '--webhook-allow-private', '--verify-rate', '0'];
const ENV = { SKILLCERT_WEBHOOK_BACKOFF_MS: '200' };

/* The event ids in order of first arrival, and their types. */
const firsts = (got) => {
	const seen = new Set();
	const out = [];
	for (const g of got) {
		if (g.answered !== 'ok' || !g.json || seen.has(g.json.id)) continue;
		seen.add(g.json.id);
		out.push(g.json);
	}
	return out;
};
const okOf = (r, status, what) => {
	assert.equal(r.status, status, `${what}: ${r.text}`);
	return r.json;
};

for (const engine of engines()) {
	describe(`webhooks [${engine}]`, () => {
		let srv, srv2, sink, admin, api, A, B, plan, certs;
		const subs = {};
		const server = () => srv2 || srv;
		const as = () => apiAs(server().base, admin.token);
		const subscribe = async (path, json, token = admin.token) => {
			const r = await apiAs(server().base, token)('/api/v1/webhooks', { method: 'POST', json: { url: sink.url(path), ...json } });
			const j = okOf(r, 201, `subscribe ${path}`);
			assert.match(j.secret, /^whsec_[A-Za-z0-9_-]{43}$/);
			return j;
		};
		const status = (id, action, extra = {}) => as()(`/api/v1/certificates/${id}/status`, {
			method: 'POST', json: { action, reason: `测试${action}`, ...(action === 'revoke' ? { category: 'fraud' } : {}), ...extra },
		});

		before(async () => {
			sink = await startWebhookSink();
			srv = await startServer({ engine, tag: 'hooks', args: FLAGS, env: ENV });
			admin = await makeUser(srv, 'hookadmin', { role: 'center_admin' });
			api = apiAs(srv.base, admin.token);
			A = await makeStation(srv, api);
			B = await makeStation(srv, api);
			plan = await closedPlan(srv, api, A, { pass: 3 });
		});
		after(async () => {
			if (srv2) await srv2.stop().catch(() => {});
			if (srv) {
				await srv.stop('SIGTERM', 10000, { keepData: !!srv2 }).catch(() => {});
				await srv.cleanup();
			}
			if (sink) await sink.close().catch(() => {});
		});

		it('a subscription is refused a bad URL or event kind (naming the field) and shows its secret once', async () => {
			for (const [json, field] of [
				[{ url: 'ftp://example.cn/x' }, 'url'],
				[{ url: 'https://' }, 'url'],
				[{ url: 'https://example.cn/x', events: ['certificate.exploded'] }, 'events'],
				[{ url: 'https://example.cn/x', events: 'certificate.revoked,nope' }, 'events'],
			]) {
				const r = await api('/api/v1/webhooks', { method: 'POST', json });
				assert.equal(r.status, 422, r.text);
				assert.equal(r.json.error.field, field, r.text);
			}
			subs.all = await subscribe('/all', { description: '全网' });
			subs.a = await subscribe('/a', { institution_id: A.id, events: ['certificate.issued', 'certificate.suspended', 'certificate.reinstated', 'certificate.revoked'] });
			subs.b = await subscribe('/b', { institution_id: B.id });
			const one = okOf(await api(`/api/v1/webhooks/${subs.a.id}`), 200, 'get');
			assert.equal(one.url, sink.url('/a'));
			assert.deepEqual(one.events, ['certificate.issued', 'certificate.suspended', 'certificate.reinstated', 'certificate.revoked']);
			assert.equal(one.institution_id, A.id);
			assert.ok(!('secret' in one) && !JSON.stringify(one).includes(subs.a.secret), 'the secret is not shown again');
			const audit = await srv.cli(['audit', 'list', '--action', 'webhook.add']);
			assert.match(audit.stdout, /webhook/);
			assert.doesNotMatch(audit.stdout, /whsec_/, 'the secret stays out of the audit trail');
		});

		it('issuing a plan and changing a certificate posts signed events, in order, to the subscriptions that cover them only', async () => {
			okOf(await api(`/api/v1/plans/${plan.plan}/certificates`, { method: 'POST' }), 200, 'issue');
			certs = okOf(await api(`/api/v1/certificates?plan=${plan.plan}`), 200, 'certificates').certificates;
			assert.equal(certs.length, 3);
			const c = certs[0].id;
			for (const action of ['suspend', 'reinstate', 'suspend', 'reinstate', 'revoke'])
				okOf(await status(c, action), 200, action);
			const want = [
				...certs.map((x) => ['certificate.issued', x.id]).sort((x, y) => x[1] - y[1]),
				['certificate.suspended', c], ['certificate.reinstated', c], ['certificate.suspended', c],
				['certificate.reinstated', c], ['certificate.revoked', c],
			];
			for (const [path, secret] of [['/a', subs.a.secret], ['/all', subs.all.secret]]) {
				await sink.until((got) => firsts(got.filter((g) => g.url === path)).length >= want.length, 30000, path);
				const evs = firsts(sink.to(path));
				assert.deepEqual(evs.map((e) => [e.type, e.data.certificate_id]), want, `${path}: the events in order`);
				for (const g of sink.to(path)) {
					const t = verifySignature(g.headers['skillcert-signature'], g.body, secret);
					assert.ok(Math.abs(t - Date.now() / 1000) < 600, 'the timestamp is now');
					assert.throws(() => verifySignature(g.headers['skillcert-signature'], g.body, subs.b.secret), /does not verify/);
					assert.throws(() => verifySignature(g.headers['skillcert-signature'], g.body.replace('"status"', '"Status"'), secret), /does not verify/);
					assert.equal(g.headers['skillcert-event'], g.json.type);
					assert.match(g.headers['skillcert-delivery'], /^\d+$/);
					assert.match(g.headers['content-type'], /^application\/json/);
					assert.match(g.json.created, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
					assert.equal(g.method, 'POST');
				}
			}
			const revoked = firsts(sink.to('/a')).at(-1);
			assert.equal(revoked.data.status, 'revoked');
			assert.equal(revoked.data.number, certs[0].number);
			assert.equal(revoked.data.category, 'fraud');
			for (const p of plan.candidates)
				assert.ok(!sink.got.some((g) => g.body.includes(p.id_number) || g.body.includes(p.name)), 'no ID number or name in a body');
			// B's subscription: a ping queued now comes after anything of
			// B's written before it, and it is the first thing B gets
			okOf(await api(`/api/v1/webhooks/${subs.b.id}/ping`, { method: 'POST' }), 201, 'ping');
			await sink.until((got) => got.some((g) => g.url === '/b'), 20000, 'the ping to B');
			assert.deepEqual(sink.to('/b').map((g) => g.json.type), ['ping'], 'B gets no event of A');
		});

		it('a receiver that is down, then up, gets every event once or more, in order', async () => {
			const down = await subscribe('/down', { institution_id: A.id });
			// the receiver is down: nothing listens on its port
			const other = await startWebhookSink();
			await other.close();
			okOf(await as()(`/api/v1/webhooks/${down.id}`, { method: 'POST', json: { url: other.url('/down') } }), 200, 'update');
			const c = certs[1].id;
			for (const action of ['suspend', 'reinstate', 'suspend', 'reinstate'])
				okOf(await status(c, action), 200, action);
			// retried while down: the log shows the attempts and the error
			for (let i = 0; ; i++) {
				const log = okOf(await as()(`/api/v1/webhooks/${down.id}/deliveries`), 200, 'deliveries').items;
				const head = log.at(-1);
				if (head.attempts >= 2) {
					assert.equal(log.length, 4);
					assert.ok(log.every((d) => d.state === 'pending'));
					assert.ok(head.last_error, 'the error is kept');
					assert.ok(log.slice(0, 3).every((d) => d.attempts === 0), 'later ones wait for the oldest');
					break;
				}
				assert.ok(i < 200, 'retried');
				await sleep(100);
			}
			await other.reopen();
			await other.until((got) => firsts(got).length >= 4, 30000, 'the queued events');
			assert.deepEqual(firsts(other.got).map((e) => [e.type, e.data.certificate_id]),
				[['certificate.suspended', c], ['certificate.reinstated', c], ['certificate.suspended', c], ['certificate.reinstated', c]]);
			for (const g of other.got) verifySignature(g.headers['skillcert-signature'], g.body, down.secret);
			await other.close();
		});

		/* A subscription of A's whose receiver is a sink of its own. */
		const ownSink = async (path, json) => {
			const own = await startWebhookSink();
			const sub = await subscribe(path, { institution_id: A.id, ...json });
			okOf(await as()(`/api/v1/webhooks/${sub.id}`, { method: 'POST', json: { url: own.url(path) } }), 200, 'update');
			return { own, sub };
		};

		it('a receiver answering 500 is retried until it answers 200', async () => {
			const { own: sink, sub: flaky } = await ownSink('/flaky', { events: 'certificate.suspended,certificate.reinstated' });
			sink.mode = 'fail';
			okOf(await status(certs[2].id, 'suspend'), 200, 'suspend');
			await sink.until((got) => got.filter((g) => g.url === '/flaky').length >= 2, 20000, 'the retries');
			sink.mode = 'ok';
			await sink.until((got) => sink.to('/flaky', { ok: true }).length >= 1, 20000, 'the success');
			const tries = sink.to('/flaky');
			assert.ok(tries.length >= 3);
			assert.ok(tries.every((g) => g.json.id === tries[0].json.id), 'the same event each time');
			const log = okOf(await as()(`/api/v1/webhooks/${flaky.id}/deliveries`), 200, 'deliveries').items;
			for (let i = 0; log[0].state !== 'delivered' && i < 50; i++) {
				await sleep(100);
				log.splice(0, 1, ...okOf(await as()(`/api/v1/webhooks/${flaky.id}/deliveries`), 200, 'deliveries').items);
			}
			assert.equal(log[0].state, 'delivered');
			assert.equal(log[0].last_status, 200);
			assert.ok(log[0].attempts >= 3, JSON.stringify(log[0]));
			await sink.close();
		});

		it('a receiver that never answers does not hold up the request that caused the event', async () => {
			const { own: sink } = await ownSink('/hang', { events: ['certificate.suspended', 'certificate.reinstated'] });
			sink.mode = 'hang';
			okOf(await status(certs[2].id, 'reinstate'), 200, 'reinstate');
			await sink.until((got) => got.some((g) => g.url === '/hang'), 20000, 'the held delivery');
			// the receiver holds the delivery; the next change still completes
			okOf(await status(certs[2].id, 'suspend'), 200, 'suspend while held');
			assert.equal(sink.held.length, 1, 'the receiver still holds the first delivery');
			sink.mode = 'ok';
			sink.release();
			await sink.until(() => firsts(sink.to('/hang')).length >= 2, 30000, 'both events');
			assert.deepEqual(firsts(sink.to('/hang')).map((e) => e.type), ['certificate.reinstated', 'certificate.suspended']);
			await sink.close();
		});

		it('results published, a registration\'s status change and a filing receipt are announced too', async () => {
			await subscribe('/more', { events: ['results.published', 'registration.status_changed', 'filing.receipt_recorded'] });
			const p2 = await closedPlan(server(), as(), A, { pass: 1, close: false });
			okOf(await as()(`/api/v1/institutions/${B.id}/status`, { method: 'POST', json: { action: 'suspend', reason: '年检不合格', doc_no: '机职鉴字[2026]99号' } }), 200, 'suspend B');
			await sink.until(() => firsts(sink.to('/more')).length >= 2, 20000, 'the two events');
			const [published, changed] = firsts(sink.to('/more'));
			assert.equal(published.type, 'results.published');
			assert.equal(published.data.plan_id, p2.plan);
			assert.equal(published.data.institution_id, A.id);
			assert.equal(changed.type, 'registration.status_changed');
			assert.deepEqual([changed.data.institution_id, changed.data.from, changed.data.to], [B.id, 'registered', 'suspended']);
			// A's certificates filed with the province, and the receipt recorded
			const batch = okOf(await as()('/api/v1/filings', { method: 'POST', json: { province: '44' } }), 201, 'filing batch').id;
			okOf(await as()(`/api/v1/filings/${batch}/submit`, { method: 'POST', json: {} }), 200, 'submit');
			okOf(await as()(`/api/v1/filings/${batch}/receipt`, { method: 'POST', json: { receipt_no: '粤人社备回[2026]12号' } }), 200, 'receipt');
			await sink.until(() => firsts(sink.to('/more')).length >= 3, 20000, 'the receipt');
			const receipt = firsts(sink.to('/more'))[2];
			assert.equal(receipt.type, 'filing.receipt_recorded');
			assert.deepEqual([receipt.data.filing_batch_id, receipt.data.receipt_no, receipt.data.province], [batch, '粤人社备回[2026]12号', '44']);
		});

		it('an event written just before a kill -9 (receiver down) is delivered by the next server', async () => {
			const late = await startWebhookSink();
			const sub = await subscribe('/late', { institution_id: A.id });
			okOf(await as()(`/api/v1/webhooks/${sub.id}`, { method: 'POST', json: { url: late.url('/late') } }), 200, 'update');
			await late.close();
			const before = { a: sink.to('/a').length, all: sink.to('/all').length };
			okOf(await status(certs[2].id, 'reinstate'), 200, 'reinstate');
			// the others' deliveries done, and the receiver's first refusal
			// recorded: the server dies with the event still to deliver
			await sink.until(() => sink.to('/a').length > before.a && sink.to('/all').length > before.all, 20000, 'the others');
			for (let i = 0; ; i++) {
				const head = okOf(await as()(`/api/v1/webhooks/${sub.id}/deliveries`), 200, 'log').items[0];
				if (head.attempts >= 1) break;
				assert.ok(i < 200, 'attempted');
				await sleep(50);
			}
			await srv.stop('SIGKILL', 10000, { keepData: true });
			await late.reopen();
			srv2 = await startServer({ engine, db: srv.db, dataDir: srv.dataDir, tag: 'hooks2', args: FLAGS, env: ENV });
			await late.until((got) => firsts(got).length >= 1, 45000, 'the event of the killed server');
			assert.deepEqual(firsts(late.got).map((e) => [e.type, e.data.certificate_id]), [['certificate.reinstated', certs[2].id]]);
			verifySignature(late.got.at(-1).headers['skillcert-signature'], late.got.at(-1).body, sub.secret);
			await late.close();
		});

		it('a delivery replays: the same event again, at the end of the queue', async () => {
			const log = okOf(await as()(`/api/v1/webhooks/${subs.a.id}/deliveries?limit=2`), 200, 'deliveries');
			assert.equal(log.items.length, 2);
			assert.ok(log.next_before, 'a next page');
			const older = okOf(await as()(`/api/v1/webhooks/${subs.a.id}/deliveries?before=${log.next_before}&limit=200`), 200, 'page 2').items;
			assert.ok(older.every((d) => d.id < log.next_before));
			const first = older.at(-1);
			assert.equal(first.state, 'delivered');
			const r = okOf(await as()(`/api/v1/webhooks/${subs.a.id}/deliveries/${first.id}/replay`, { method: 'POST' }), 201, 'replay');
			assert.ok(r.delivery_id > first.id);
			const isReplay = (g) => g.url === '/a' && g.headers['skillcert-delivery'] === String(r.delivery_id);
			await sink.until((got) => got.some(isReplay), 40000, 'the replay');
			const again = sink.got.find(isReplay);
			assert.equal(again.json.id, String(first.event_id), 'the same event');
			verifySignature(again.headers['skillcert-signature'], again.body, subs.a.secret);
			// a delivery of another subscription is not this one's
			const ofB = okOf(await as()(`/api/v1/webhooks/${subs.b.id}/deliveries`), 200, 'B log').items[0];
			const wrong = await as()(`/api/v1/webhooks/${subs.a.id}/deliveries/${ofB.id}/replay`, { method: 'POST' });
			assert.equal(wrong.status, 404, wrong.text);
			const audit = await srv2.cli(['audit', 'list', '--action', 'webhook.replay']);
			assert.match(audit.stdout, /webhook/);
		});

		it('the pages list, add (the secret shown once, a refusal keeps what was typed), show the log and replay', async () => {
			const s = await login(server().base, admin.name, admin.password);
			const list = await s.get('/admin/webhooks');
			assert.equal(list.status, 200);
			assert.match(list.text, new RegExp(`href="/admin/webhooks/${subs.a.id}"`));
			assert.ok(!list.text.includes(subs.a.secret), 'no secret in the list');
			const bad = await s.post('/admin/webhooks', { url: 'ftp://x.example.cn/<b>', events: '*', description: '坏地址' });
			assert.equal(bad.status, 422);
			assert.match(bad.text, /id="e-url"/);
			assert.ok(bad.text.includes('ftp://x.example.cn/&lt;b&gt;') && !bad.text.includes('<b>'), 'typed value kept, escaped');
			const made = await s.post('/admin/webhooks', { url: sink.url('/page'), institution_id: String(A.id), events: 'certificate.revoked', description: '页面' });
			assert.equal(made.status, 200, made.text.slice(0, 300));
			assert.equal(made.headers.get('cache-control'), 'no-store');
			const secret = /<code>(whsec_[A-Za-z0-9_-]{43})<\/code>/.exec(made.text)[1];
			const id = Number(/href="\/admin\/webhooks\/(\d+)">/.exec(made.text.slice(made.text.indexOf('id="secret"')))[1]);
			okOf(await as()(`/api/v1/webhooks/${id}/ping`, { method: 'POST' }), 201, 'ping');
			await sink.until(() => sink.to('/page', { ok: true }).length >= 1, 20000, 'the ping');
			verifySignature(sink.to('/page')[0].headers['skillcert-signature'], sink.to('/page')[0].body, secret);
			const one = await s.get(`/admin/webhooks/${id}`);
			assert.equal(one.status, 200);
			assert.ok(!one.text.includes(secret), 'the secret is not shown again');
			const did = Number(/data-delivery="(\d+)"/.exec(one.text)[1]);
			const en = await s.get(`/admin/webhooks/${id}?lang=en`);
			assert.match(en.text, /Deliveries/);
			const replay = await s.post(`/admin/webhooks/${id}/deliveries/${did}/replay`, {});
			assert.equal(replay.status, 303, replay.text.slice(0, 300));
			await sink.until(() => sink.to('/page').length >= 2, 20000, 'the replay');
			assert.equal(sink.to('/page')[1].json.id, sink.to('/page')[0].json.id);
			const gone = await s.post(`/admin/webhooks/${id}/remove`, {});
			assert.equal(gone.status, 303);
			assert.equal((await as()(`/api/v1/webhooks/${id}`)).status, 404);
		});

		it('an institution\'s administrator manages its own subscriptions only', async () => {
			const bAdmin = await makeUser(server(), 'hookbadmin', { role: 'institution_admin', institution: B.id });
			const b = apiAs(server().base, bAdmin.token);
			const list = okOf(await b('/api/v1/webhooks'), 200, 'list').items;
			assert.deepEqual(list.map((s) => s.id), [subs.b.id], 'only B\'s');
			for (const [p, method] of [
				[`/api/v1/webhooks/${subs.a.id}`, 'GET'], [`/api/v1/webhooks/${subs.all.id}`, 'GET'],
				[`/api/v1/webhooks/${subs.a.id}/deliveries`, 'GET'],
				[`/api/v1/webhooks/${subs.a.id}`, 'POST'], [`/api/v1/webhooks/${subs.a.id}/remove`, 'POST'],
				[`/api/v1/webhooks/${subs.a.id}/secret`, 'POST'], [`/api/v1/webhooks/${subs.a.id}/ping`, 'POST'],
			]) {
				const r = await b(p, { method, ...(method === 'POST' ? { json: { description: '越权' } } : {}) });
				assert.equal(r.status, 404, `${method} ${p}: ${r.text}`);
			}
			const aLog = okOf(await as()(`/api/v1/webhooks/${subs.a.id}/deliveries`), 200, 'A log').items[0];
			const replay = await b(`/api/v1/webhooks/${subs.a.id}/deliveries/${aLog.id}/replay`, { method: 'POST' });
			assert.equal(replay.status, 404, replay.text);
			const mine = await b(`/api/v1/webhooks/${subs.b.id}/deliveries/${aLog.id}/replay`, { method: 'POST' });
			assert.equal(mine.status, 404, 'A\'s delivery through B\'s subscription');
			// subscribing for A, or for the whole network, is refused
			for (const json of [{ url: 'https://example.cn/h', institution_id: A.id }, { url: 'https://example.cn/h' }]) {
				const r = await b('/api/v1/webhooks', { method: 'POST', json });
				assert.equal(r.status, 403, r.text);
			}
			const ok = await b('/api/v1/webhooks', { method: 'POST', json: { url: 'https://example.cn/h', institution_id: B.id } });
			assert.equal(ok.status, 201, ok.text);
			// and nothing of A's changed
			const still = okOf(await as()(`/api/v1/webhooks/${subs.a.id}`), 200, 'A');
			assert.equal(still.description, '');
			// a viewer holds no webhook.manage
			const viewer = await makeUser(server(), 'hookviewer', { role: 'viewer' });
			assert.equal((await apiAs(server().base, viewer.token)('/api/v1/webhooks')).status, 403);
		});

		it('a paused subscription refuses a ping and a replay (409 naming active), and takes both again once active', async () => {
			const pause = (active) => as()(`/api/v1/webhooks/${subs.b.id}`, { method: 'POST', json: { active } });
			const did = okOf(await as()(`/api/v1/webhooks/${subs.b.id}/deliveries`), 200, 'B log').items[0].id;
			okOf(await pause(false), 200, 'pause');
			const before = okOf(await as()(`/api/v1/webhooks/${subs.b.id}/deliveries`), 200, 'B log').items.length;
			for (const p of [`/api/v1/webhooks/${subs.b.id}/ping`, `/api/v1/webhooks/${subs.b.id}/deliveries/${did}/replay`]) {
				const r = await as()(p, { method: 'POST' });
				assert.equal(r.status, 409, `${p}: ${r.text}`);
				assert.equal(r.json.error.field, 'active', r.text);
			}
			const after = okOf(await as()(`/api/v1/webhooks/${subs.b.id}/deliveries`), 200, 'B log').items.length;
			assert.equal(after, before, 'nothing queued while paused');
			okOf(await pause(true), 200, 'resume');
			okOf(await as()(`/api/v1/webhooks/${subs.b.id}/ping`, { method: 'POST' }), 201, 'ping once active');
			okOf(await as()(`/api/v1/webhooks/${subs.b.id}/deliveries/${did}/replay`, { method: 'POST' }), 201, 'replay once active');
		});

		it('a failing delivery of an event older than a day is retried: the day counts from the delivery', async () => {
			const { own, sub } = await ownSink('/old', { events: ['certificate.revoked'] });
			own.mode = 'fail';
			okOf(await as()(`/api/v1/webhooks/${sub.id}/ping`, { method: 'POST' }), 201, 'ping');
			await own.until((got) => got.length >= 1, 20000, 'the ping');
			// its event made two days old (as a replay of an old event is)
			const head = okOf(await as()(`/api/v1/webhooks/${sub.id}/deliveries`), 200, 'log').items[0];
			await sql(server(), `UPDATE webhook_event SET created_at = '2020-01-01T00:00:00Z' WHERE id = ${head.event_id}`);
			// two more tries: the one after the change failed and did not give up
			const n = own.got.length;
			await own.until((got) => got.length >= n + 2, 20000, 'retries of the old event');
			const now = okOf(await as()(`/api/v1/webhooks/${sub.id}/deliveries`), 200, 'log').items[0];
			assert.equal(now.id, head.id);
			assert.notEqual(now.state, 'failed');
			okOf(await as()(`/api/v1/webhooks/${sub.id}/remove`, { method: 'POST' }), 200, 'remove');
			await own.close();
		});

		it('SIGTERM stops the server at once while a receiver holds a delivery; the delivery stays queued', async () => {
			const { own: held, sub } = await ownSink('/held', { events: ['certificate.suspended', 'certificate.reinstated'] });
			held.mode = 'hang';
			okOf(await status(certs[1].id, 'suspend'), 200, 'suspend');
			await held.until((got) => got.length >= 1, 20000, 'the held delivery');
			const code = await srv2.stop('SIGTERM', 30000, { keepData: true });
			assert.equal(code, 0, `a clean exit (signal ${srv2.exitSignal}); stderr: ${srv2.stderr().slice(-500)}`);
			const log = JSON.parse((await srv2.cli(['webhook', 'deliveries', String(sub.id), '--json'])).stdout);
			assert.equal(log.length, 1);
			assert.equal(log[0].state, 'pending', 'aborted, to be retried by the next start');
			assert.match(log[0].last_error, /shutting down/);
			await held.close();
		});
	});
}

// Without --webhook-allow-private a receiver on a private address is never
// posted to, even when a proxy in the environment would carry the request
// (the check must see the receiver's own address), and the delivery says
// why.
for (const engine of engines()) {
	describe(`webhooks to a private address [${engine}]`, () => {
		let srv, sink, admin;
		before(async () => {
			sink = await startWebhookSink();
			const proxy = 'http://192.0.2.1:9';
			srv = await startServer({
				engine, tag: 'hookspriv', args: ['--webhook-allow-http', '--verify-rate', '0'],
				env: { ...ENV, http_proxy: proxy, HTTPS_PROXY: proxy, ALL_PROXY: proxy, no_proxy: '', NO_PROXY: '' },
			});
			admin = await makeUser(srv, 'hookpriv', { role: 'center_admin' });
		});
		after(async () => {
			if (srv) {
				await srv.stop().catch(() => {});
				await srv.cleanup();
			}
			if (sink) await sink.close().catch(() => {});
		});

		it('a subscription to http://127.0.0.1 gets no request and its delivery says refused', async () => {
			const api = apiAs(srv.base, admin.token);
			const sub = okOf(await api('/api/v1/webhooks', { method: 'POST', json: { url: sink.url('/priv') } }), 201, 'subscribe');
			okOf(await api(`/api/v1/webhooks/${sub.id}/ping`, { method: 'POST' }), 201, 'ping');
			let head;
			for (let i = 0; ; i++) {
				head = okOf(await api(`/api/v1/webhooks/${sub.id}/deliveries`), 200, 'log').items[0];
				if (head.attempts >= 1 && head.last_error) break;
				assert.ok(i < 400, `attempted: ${JSON.stringify(head)}`);
				await sleep(50);
			}
			assert.match(head.last_error, /refused: the address is not a public one/);
			assert.notEqual(head.state, 'delivered');
			assert.equal(sink.got.length, 0, 'nothing reached the receiver');
		});
	});
}
