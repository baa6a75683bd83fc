// Scale-out on PostgreSQL (docs/postgresql.md "A deployment"): a primary
// and a streaming standby made with pg_basebackup -R (tests/lib/
// pgcluster.mjs), two `skillcert serve` processes on the same data
// directory (one master key) and database, behind a private nginx that
// sends requests to them round-robin (tests/lib/proxy.mjs); each server
// reads public pages from the standby (--db-replica, --replica-max-lag 2,
// the lag checked every 200 ms) and takes the client's address from the
// proxy (--trusted-proxy). Shown: the standby streams what the servers
// write; both servers issuing plans at the same time through the proxy
// number the primary's certificates without gaps or duplicates; public
// lookups read from the standby; with its replay paused, a certificate
// issued since is not found anonymously while its author, who just wrote,
// reads it at once (a third server with a 10 s bound asked, so that the
// pause cannot pass its bound first), a create by an actor who wrote
// nothing before answers with what it made (read back from the primary),
// and once the lag passes 2 s the primary answers; the
// standby stopped (immediate) under a stream of requests through the
// proxy, every one answered.
//
// Its own clusters, not the shared throwaway one: it runs in the
// PostgreSQL tier (SKILLCERT_TEST_PG_ADMIN set).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { startPrimary, startStandby, waitFor } from '../lib/pgcluster.mjs';
import { startProxy } from '../lib/proxy.mjs';
import { closedPlan, makeStation } from './certlib.mjs';
import { bearer, checkServer, http, makeUser, PG_ADMIN, startServer } from './lib.mjs';

/* What every server gets (standby: the replica's URL). */
const serveArgs = (standby, maxLag = 2) => ['--verify-rate', '0', '--db-replica', standby, '--replica-max-lag', String(maxLag), '--trusted-proxy', '127.0.0.1'];
const SERVE_ENV = { SKILLCERT_REPLICA_CHECK_MS: 200 };

const REPLICA_READS = 'skillcert_db_reads_total{target="replica"}';
const PRIMARY_READS = 'skillcert_db_reads_total{target="primary"}';
const UP = 'skillcert_replica_up{replica="1"}';
const LAG = 'skillcert_replica_lag_seconds{replica="1"}';
const LAG_SKIPS = 'skillcert_replica_skips_total{replica="1",reason="lag"}';
const DOWN_SKIPS = 'skillcert_replica_skips_total{replica="1",reason="down"}';

/* The samples of a Prometheus text body: Map "name{labels}" → value. */
function samples(text) {
	const m = new Map();
	for (const line of text.split('\n')) {
		if (!line || line.startsWith('#')) continue;
		const i = line.lastIndexOf(' ');
		if (i > 0) m.set(line.slice(0, i), Number(line.slice(i + 1)));
	}
	return m;
}

if (PG_ADMIN) {
	describe('two servers, a primary and a standby, behind nginx [postgresql]', () => {
		let primary;
		let standby;
		let a; // the two servers
		let b;
		let proxy;
		let token; // a center_admin's
		let station;
		let issued; // certificates issued by the issuing test: {number, name}
		/* through the proxy, as the center_admin */
		const api = (p, o = {}) => http(proxy.base, p, { ...o, headers: { ...bearer(token), ...(o.headers || {}) } });
		/* the public lookup by number and name, through the proxy (anonymous
		 * unless headers say otherwise) */
		const verify = (c, headers = {}) => http(proxy.base, `/api/v1/verify?${new URLSearchParams({ number: c.number, name: c.name })}`, { headers });
		/* each server's own /metrics (not through the proxy) */
		const metrics = () => Promise.all([a, b].map(async (s) => {
			const r = await http(s.base, '/metrics');
			assert.equal(r.status, 200, r.text);
			return samples(r.text);
		}));
		const total = (ms, name) => ms.reduce((t, m) => t + (m.get(name) || 0), 0);
		/* until both servers say the replica is up (1) or not (0) */
		const replicaUp = (want, timeoutMs = 15000) => waitFor(async () => (await metrics()).every((m) => m.get(UP) === want),
			`skillcert_replica_up == ${want} on both servers`, timeoutMs, 50);
		/* a passing plan issued through the proxy: its certificates {number, name} */
		const issuePlan = async (plan, pass) => {
			const r = await api(`/api/v1/plans/${plan}/certificates`, { method: 'POST' });
			assert.equal(r.status, 200, r.text);
			assert.equal(r.json.issued, pass, r.text);
			const list = await api(`/api/v1/certificates?plan=${plan}`);
			assert.equal(list.status, 200, list.text);
			return list.json.certificates.map((c) => ({ number: c.number, name: c.holder_name }));
		};

		before(async () => {
			primary = await startPrimary({ tag: 'scale' });
			const db = await primary.createDatabase('skillcert');
			standby = await startStandby(primary, { tag: 'scale-standby' });
			const args = serveArgs(standby.url('skillcert'));
			a = await startServer({ db, tag: 'scaleA', args, env: SERVE_ENV });
			// the second server: the same data directory (master key) and database
			b = await startServer({ db, dataDir: a.dataDir, tag: 'scaleB', args, env: SERVE_ENV });
			proxy = await startProxy([a.port, b.port]);
			token = (await makeUser(a, 'scaleadmin', { role: 'center_admin' })).token;
			station = await makeStation(a, api);
		});

		after(async () => {
			if (proxy) await proxy.stop();
			// b shares a's data directory: a's stop removes it
			if (b) await b.stop('SIGTERM', 10000, { keepData: true }).catch(() => {});
			if (a) await a.stop().catch(() => {});
			if (standby) await standby.destroy();
			if (primary) await primary.destroy();
		});

		it('the standby streams what the servers write', async () => {
			assert.equal(await standby.psql('SELECT pg_is_in_recovery()'), 't', 'a standby');
			assert.equal(await primary.streamingStandbys(), 1, 'streaming from the primary');
			await standby.waitCaughtUp(primary);
			const q = `SELECT count(*) FROM institution WHERE id = ${Number(station.id)}`;
			assert.equal(await standby.psql(q, 'skillcert'), '1', 'the station is on the standby');
			for (const s of [a, b]) checkServer(s);
		});

		it('both servers issuing plans at the same time through the proxy: each certificate once, numbers without gaps or duplicates', async () => {
			const plans = [];
			for (const [level, pass] of [[4, 6], [4, 5], [5, 6], [5, 4]])
				plans.push({ ...(await closedPlan(a, api, station, { level, pass })), pass });
			const logged = proxy.upstreams().length;
			// each plan asked twice, all at once: round-robin spreads them over both servers
			const fire = (p) => api(`/api/v1/plans/${p.plan}/certificates`, { method: 'POST' });
			const answers = await Promise.all(plans.flatMap((p) => [fire(p), fire(p)]));
			// nginx logs a request once its answer is out: the line can come a moment after
			const issuingLines = () => proxy.accessLog().split('\n').slice(logged).filter((l) => / "POST \/api\/v1\/plans\/\d+\/certificates /.test(l));
			await waitFor(() => issuingLines().length >= 8, 'the proxy\'s log of the 8 requests', 5000).catch(() => {});
			const issuing = issuingLines();
			assert.equal(issuing.length, 8, proxy.accessLog());
			assert.deepEqual(new Set(issuing.map((l) => l.split(' ').pop())), new Set([`127.0.0.1:${a.port}`, `127.0.0.1:${b.port}`]),
				'both servers issued');
			for (const [i, p] of plans.entries()) {
				const [x, y] = [answers[2 * i], answers[2 * i + 1]];
				for (const r of [x, y]) assert.equal(r.status, 200, r.text);
				assert.equal(x.json.issued + y.json.issued, p.pass, `issued once in total: ${x.text} ${y.text}`);
				const rows = await primary.psql(`SELECT count(*), count(DISTINCT enrolment_id) FROM certificate WHERE plan_id = ${Number(p.plan)}`, 'skillcert');
				assert.equal(rows, `${p.pass}|${p.pass}`, 'one certificate per passing enrolment');
			}
			// on the primary: per prefix (up to the level digit), serials 1..n
			const numbers = (await primary.psql('SELECT number FROM certificate ORDER BY number', 'skillcert')).split('\n');
			assert.equal(numbers.length, 21);
			assert.equal(new Set(numbers).size, numbers.length, 'no duplicates');
			const byPrefix = new Map();
			for (const n of numbers) byPrefix.set(n.slice(0, 16), [...(byPrefix.get(n.slice(0, 16)) || []), Number(n.slice(16))]);
			assert.deepEqual([...byPrefix.values()].map((s) => s.length).sort(), [10, 11]);
			for (const [prefix, s] of byPrefix)
				assert.deepEqual(s.sort((x, y) => x - y), s.map((_, i) => i + 1), `serials of ${prefix} without gaps`);
			// and the standby has them all
			await standby.waitCaughtUp(primary);
			assert.equal(await standby.psql('SELECT count(*) FROM certificate', 'skillcert'), '21');
			issued = (await primary.psql('SELECT number, holder_name FROM certificate ORDER BY id', 'skillcert'))
				.split('\n').map((l) => ({ number: l.split('|')[0], name: l.split('|')[1] }));
			for (const s of [a, b]) checkServer(s);
		});

		it('the client address comes from the proxy\'s X-Forwarded-For (--trusted-proxy 127.0.0.1)', async () => {
			for (let i = 0; i < 2; i++) { // once to each server
				const rid = `scaleout-xff-${i}`;
				const r = await http(proxy.base, '/healthz', { headers: { 'X-Forwarded-For': '203.0.113.7', 'X-Request-Id': rid } });
				assert.equal(r.status, 200);
			}
			for (const s of [a, b]) await s.waitForStderr(/ access 203\.0\.113\.7 "GET \/healthz" 200 .*rid=scaleout-xff-\d/);
		});

		it('public lookups through the proxy read from the standby on both servers', async () => {
			await standby.waitCaughtUp(primary);
			await replicaUp(1);
			const m0 = await metrics();
			for (const c of issued.slice(0, 10)) {
				const r = await verify(c);
				assert.equal(r.status, 200, r.text);
				assert.equal(r.json.certificates[0].number, c.number);
			}
			const m1 = await metrics();
			assert.ok(total(m1, REPLICA_READS) - total(m0, REPLICA_READS) >= 10, `replica reads ${total(m0, REPLICA_READS)} → ${total(m1, REPLICA_READS)}`);
			for (const i of [0, 1])
				assert.ok(m1[i].get(REPLICA_READS) > m0[i].get(REPLICA_READS), `server ${i + 1} read from the standby`);
		});

		it('replay paused: a certificate issued since is not found anonymously, its author reads it at once, a create answers with what it made; past the 2 s bound the primary answers (skips for lag)', async () => {
			const p = await closedPlan(a, api, station, { level: 4, pass: 2 });
			// a third server, straight (not through the proxy), whose bound
			// (10 s) the pause does not pass while it is asked; and a signed-in
			// actor that has written nothing yet
			const c10 = await startServer({ db: a.db, dataDir: a.dataDir, tag: 'scaleC',
				args: serveArgs(standby.url('skillcert'), 10), env: SERVE_ENV });
			const writer = (await makeUser(a, 'scalewriter', { role: 'center_admin' })).token;
			const own = async () => {
				const r = await http(c10.base, '/metrics');
				assert.equal(r.status, 200, r.text);
				return samples(r.text);
			};
			try {
				await standby.waitCaughtUp(primary);
				await replicaUp(1);
				await waitFor(async () => (await own()).get(UP) === 1, 'the third server: replica up');
				await standby.pauseReplay();
				try {
					const lagSkips = total(await metrics(), LAG_SKIPS);
					const [c] = await issuePlan(p.plan, 2);
					// the standby has not replayed it: not found (within the bound, the standby answers)
					const anon = await http(c10.base, `/api/v1/verify?${new URLSearchParams({ number: c.number, name: c.name })}`);
					assert.equal(anon.status, 404, `anonymous, from the standby: ${anon.text}`);
					let m = await own();
					assert.equal(m.get(UP), 1, 'the replica still within the 10 s bound');
					// its author has just written: the primary answers
					const primaryReads = m.get(PRIMARY_READS);
					const mine = await http(c10.base, `/api/v1/verify?${new URLSearchParams({ number: c.number, name: c.name })}`, { headers: bearer(token) });
					assert.equal(mine.status, 200, `the author: ${mine.text}`);
					assert.equal(mine.json.certificates[0].number, c.number);
					m = await own();
					assert.ok(m.get(PRIMARY_READS) > primaryReads, `the author's read from the primary: ${primaryReads} → ${m.get(PRIMARY_READS)}`);
					assert.equal(m.get(UP), 1);
					// a create answers with what it made (read back from the
					// primary, not the paused standby), by an actor that wrote nothing before
					const name = `暂停中新建中心${process.pid}`;
					const made = await http(c10.base, '/api/v1/institutions', { method: 'POST', json: { name, type: 'center', province: '11' }, headers: bearer(writer) });
					assert.equal(made.status, 201, `create while the standby is paused: ${made.text}`);
					assert.ok(Number(made.json.id) > 0, made.text);
					assert.equal(made.json.name, name);
					// the lag passes 2 s: the two servers behind the proxy stop reading from the standby
					await replicaUp(0);
					const ms = await metrics();
					for (const x of ms) assert.ok(x.get(LAG) > 2, `lag ${x.get(LAG)}`);
					const late = await verify(c);
					assert.equal(late.status, 200, `anonymous, past the bound, from the primary: ${late.text}`);
					assert.equal(late.json.certificates[0].number, c.number);
					assert.ok(total(await metrics(), LAG_SKIPS) > lagSkips, 'skillcert_replica_skips_total{reason="lag"} rose');
					for (const s of [a, b]) await s.waitForStderr(/replica 1: lag [0-9.]+ s over 2 s, reading from the primary/);
				} finally {
					await standby.resumeReplay();
				}
				await replicaUp(1);
				for (const s of [a, b]) await s.waitForStderr('replica 1: back');
				assert.equal((await verify(issued[0])).status, 200);
				checkServer(c10);
			} finally {
				await c10.stop('SIGTERM', 10000, { keepData: true });
			}
		});

		it('the standby stopped (immediate) under a stream of requests through the proxy: every one answered, from the primary after', async () => {
			await replicaUp(1);
			const downSkips = total(await metrics(), DOWN_SKIPS);
			const primaryReads = total(await metrics(), PRIMARY_READS);
			const c = issued[1];
			const q = new URLSearchParams({ number: c.number, name: c.name });
			const requests = [
				async () => {
					const r = await verify(c);
					return r.status === 200 && r.json.certificates[0].number === c.number ? 'ok' : `${r.status} ${r.text.slice(0, 200)}`;
				},
				async () => {
					const r = await http(proxy.base, `/verify?${q}`);
					return r.status === 200 && r.text.includes(c.number) ? 'ok' : `/verify ${r.status}`;
				},
				async () => {
					const r = await http(proxy.base, `/api/v1/institutions/${station.id}`);
					return r.status === 200 ? 'ok' : `institution ${r.status} ${r.text.slice(0, 200)}`;
				},
				async () => {
					const r = await http(proxy.base, '/institutions');
					return r.status === 200 ? 'ok' : `/institutions ${r.status}`;
				},
			];
			const answers = [];
			let stoppedAt = -1;
			const loop = async (k) => {
				for (let n = k; stoppedAt < 0 || answers.length < stoppedAt + 80; n++)
					answers.push(await requests[n % requests.length]().catch((e) => `failed: ${e.message}`));
			};
			const loops = [0, 1, 2, 3].map(loop);
			await waitFor(() => answers.length >= 40, '40 answers before the stop');
			const stop = standby.stop('immediate');
			await stop;
			stoppedAt = answers.length;
			await Promise.all(loops);
			const bad = answers.filter((x) => x !== 'ok');
			assert.deepEqual(bad, [], `${bad.length} of ${answers.length} requests not answered well`);
			// the servers noticed: down, reading from the primary
			await replicaUp(0);
			const m = await metrics();
			assert.ok(total(m, DOWN_SKIPS) > downSkips, 'skillcert_replica_skips_total{reason="down"} rose');
			assert.ok(total(m, PRIMARY_READS) > primaryReads, 'reads went to the primary');
			for (const s of [a, b]) await s.waitForStderr(/replica 1: down/);
			for (const s of [a, b]) checkServer(s);
		});

		it('both servers stop cleanly on SIGTERM', async () => {
			const cb = await b.stop('SIGTERM', 10000, { keepData: true });
			assert.equal(cb, 0, b.stderr().slice(-2000));
			const ca = await a.stop();
			assert.equal(ca, 0, a.stderr().slice(-2000));
		});
	});
}
