// Scale-out on PostgreSQL (docs/postgresql.md "A deployment"): a primary
// and a streaming standby made with pg_basebackup -R (tests/lib/
// pgcluster.mjs), two `skillcert serve` processes on the same data
// directory (one master key) and database, behind a private nginx that
// sends requests to them round-robin (tests/lib/proxy.mjs). Shown: the
// standby streams what the servers write, and both servers issuing plans
// at the same time through the proxy number the primary's certificates
// without gaps or duplicates.
//
// Its own clusters, not the shared throwaway one: it runs in the
// PostgreSQL tier (SKILLCERT_TEST_PG_ADMIN set).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { startPrimary, startStandby } from '../lib/pgcluster.mjs';
import { startProxy } from '../lib/proxy.mjs';
import { closedPlan, makeStation } from './certlib.mjs';
import { bearer, checkServer, http, makeUser, PG_ADMIN, startServer } from './lib.mjs';

/* What every server gets. */
const SERVE_ARGS = ['--verify-rate', '0'];

if (PG_ADMIN) {
	describe('two servers, a primary and a standby, behind nginx [postgresql]', () => {
		let primary;
		let standby;
		let a; // the two servers
		let b;
		let proxy;
		let token; // a center_admin's
		let station;
		/* through the proxy, as the center_admin */
		const api = (p, o = {}) => http(proxy.base, p, { ...o, headers: { ...bearer(token), ...(o.headers || {}) } });

		before(async () => {
			primary = await startPrimary({ tag: 'scale' });
			const db = await primary.createDatabase('skillcert');
			standby = await startStandby(primary, { tag: 'scale-standby' });
			a = await startServer({ db, tag: 'scaleA', args: SERVE_ARGS });
			// the second server: the same data directory (master key) and database
			b = await startServer({ db, dataDir: a.dataDir, tag: 'scaleB', args: SERVE_ARGS });
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
			const issuing = proxy.accessLog().split('\n').slice(logged).filter((l) => / "POST \/api\/v1\/plans\/\d+\/certificates /.test(l));
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
