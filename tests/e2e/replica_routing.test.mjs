// Read replicas and trusted proxies on one server (docs/postgresql.md "Read
// replicas"): the flags checked, public reads routed to a "replica" (the
// primary's own database given as one: a server not in recovery counts as
// lag 0) and counted, a replica out of reach or cut off mid-request
// answered by the primary (a statement's own error not), a request that
// writes reading on the primary, the read-your-writes marker of an actor's
// write (the primary's WAL position after it), a server not in recovery
// that is not the primary refused, X-Forwarded-For (every line of it) /
// X-Real-IP honoured only from a trusted peer, and a key
// rotation seen by a second server on the same database. The real standby
// behind a proxy is tests/e2e/scaleout.test.mjs.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';

import {
	PG_ADMIN, checkServer, createInstitution, engines, http, login, makeUser, run, sleep, startServer, uniqueName,
} from './lib.mjs';

/* The value of one sample line of a Prometheus text, or undefined. */
function sample(text, nameWithLabels) {
	for (const line of text.split('\n')) {
		if (line.startsWith('#')) continue;
		const i = line.lastIndexOf(' ');
		if (i > 0 && line.slice(0, i) === nameWithLabels) return Number(line.slice(i + 1));
	}
	return undefined;
}

async function metrics(srv) {
	const r = await http(srv.base, '/metrics');
	assert.equal(r.status, 200);
	return r.text;
}

const READS_REPLICA = 'skillcert_db_reads_total{target="replica"}';
const READS_PRIMARY = 'skillcert_db_reads_total{target="primary"}';
const UP = 'skillcert_replica_up{replica="1"}';
const LAG = 'skillcert_replica_lag_seconds{replica="1"}';
const SKIPS_DOWN = 'skillcert_replica_skips_total{replica="1",reason="down"}';

/* SQL as the cluster's administrator, on database url; resolves stdout. */
function psql(url, sql) {
	return new Promise((resolve, reject) => {
		const p = spawn('psql', [url, '-v', 'ON_ERROR_STOP=1', '-qtAc', sql], { stdio: ['ignore', 'pipe', 'pipe'] });
		let out = '';
		let err = '';
		p.stdout.on('data', (d) => (out += d));
		p.stderr.on('data', (d) => (err += d));
		p.on('error', reject);
		p.on('close', (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`psql: ${code} ${err}`))));
	});
}

/* url with a query parameter added. */
function withParam(url, name, value) {
	const u = new URL(url);
	u.searchParams.set(name, value);
	return u.toString();
}

/* A public lookup: answered (404 no match here), never a server error. */
async function lookup(srv, extra = {}) {
	const r = await http(srv.base, '/api/v1/verify?number=NOPE-1&name=%E6%97%A0', extra);
	assert.equal(r.status, 404, r.text);
	return r;
}

/* The kid in the protected header of a JWS (compact). */
function kidOf(jws) {
	const [head] = jws.split('.');
	return JSON.parse(Buffer.from(head, 'base64url').toString('utf8')).kid;
}

for (const engine of engines()) {
	describe(`serve flags for replicas and proxies [${engine}]`, () => {
		let srv;
		before(async () => {
			srv = await startServer({ engine, tag: 'replflags' });
		});
		after(async () => {
			if (srv) await srv.stop();
		});

		/* `skillcert serve` on the suite's data with more arguments: a usage
		 * error exits 2 before it listens */
		const serve = (args, env = {}) =>
			run(['serve', ...srv.dataArgs, '--listen', '127.0.0.1:0', ...args], { env, timeoutMs: 15000 });

		if (engine === 'sqlite') {
			it('--db-replica needs a PostgreSQL primary', async () => {
				const r = await serve(['--db-replica', 'postgresql://nobody@127.0.0.1:1/x']);
				assert.equal(r.code, 2, r.stderr);
				assert.match(r.stderr, /--db-replica needs a PostgreSQL primary/);
			});
			it('SKILLCERT_DB_REPLICA is read when no flag is given', async () => {
				const r = await serve([], { SKILLCERT_DB_REPLICA: 'postgresql://nobody@127.0.0.1:1/x' });
				assert.equal(r.code, 2, r.stderr);
				assert.match(r.stderr, /--db-replica needs a PostgreSQL primary/);
			});
		} else {
			it('a replica URL must be postgresql://', async () => {
				const r = await serve(['--db-replica', srv.db, '--db-replica', 'sqlite:/nowhere']);
				assert.equal(r.code, 2, r.stderr);
				assert.match(r.stderr, /--db-replica "sqlite:\/nowhere" is not a postgresql:\/\/ URL/);
			});
			it('at most 8 replicas', async () => {
				const r = await serve(Array.from({ length: 9 }, () => ['--db-replica', srv.db]).flat());
				assert.equal(r.code, 2, r.stderr);
				assert.match(r.stderr, /--db-replica: at most 8 replicas/);
			});
		}

		it('--replica-max-lag must be 1..3600', async () => {
			for (const v of ['0', '3601', 'ten']) {
				const r = await serve(['--replica-max-lag', v]);
				assert.equal(r.code, 2, r.stderr);
				assert.match(r.stderr, /--replica-max-lag must be 1\.\.3600/);
			}
			const e = await serve([], { SKILLCERT_REPLICA_MAX_LAG: '0' });
			assert.equal(e.code, 2, e.stderr);
			assert.match(e.stderr, /--replica-max-lag must be 1\.\.3600/);
		});

		it('SKILLCERT_REPLICA_CHECK_MS must be 50..60000', async () => {
			for (const v of ['49', '60001', 'x']) {
				const r = await serve([], { SKILLCERT_REPLICA_CHECK_MS: v });
				assert.equal(r.code, 2, r.stderr);
				assert.match(r.stderr, /SKILLCERT_REPLICA_CHECK_MS must be 50\.\.60000/);
			}
		});

		it('SKILLCERT_DB_REPLICA longer than it can hold: a usage error', async () => {
			const r = await serve([], { SKILLCERT_DB_REPLICA: `postgresql://h/${'x'.repeat(5000)}` });
			assert.equal(r.code, 2, r.stderr);
			assert.match(r.stderr, /SKILLCERT_DB_REPLICA is longer than 4095 bytes/);
		});

		it('--trusted-proxy takes numeric addresses', async () => {
			const r = await serve(['--trusted-proxy', '127.0.0.1', '--trusted-proxy', 'proxy.example']);
			assert.equal(r.code, 2, r.stderr);
			assert.match(r.stderr, /--trusted-proxy "proxy\.example" is not an IPv4 or IPv6 address/);
			const e = await serve([], { SKILLCERT_TRUSTED_PROXY: '127.0.0.1, ::1 bad' });
			assert.equal(e.code, 2, e.stderr);
			assert.match(e.stderr, /--trusted-proxy "bad"/);
		});
	});

	describe(`client address behind a trusted proxy [${engine}]`, () => {
		let trusted;
		let other;
		before(async () => {
			trusted = await startServer({ engine, tag: 'proxytrust', args: ['--trusted-proxy', '10.0.0.9', '--trusted-proxy', '127.0.0.1'] });
			other = await startServer({ engine, tag: 'proxyother', env: { SKILLCERT_TRUSTED_PROXY: '10.0.0.9' } });
		});
		after(async () => {
			if (trusted) await trusted.stop();
			if (other) await other.stop();
		});

		/* The address the access line of a request with id rid names. */
		async function addrOf(srv, headers) {
			const rid = `rid${Math.random().toString(36).slice(2, 12)}`;
			assert.equal((await http(srv.base, '/healthz', { headers: { ...headers, 'X-Request-Id': rid } })).status, 200);
			const [, addr] = await srv.waitForStderr(new RegExp(`access (\\S+) "GET /healthz" 200 .* rid=${rid}`));
			return addr;
		}

		it('from a trusted peer: the rightmost X-Forwarded-For entry that is not a trusted proxy', async () => {
			assert.equal(await addrOf(trusted, { 'X-Forwarded-For': '203.0.113.7' }), '203.0.113.7');
			assert.equal(await addrOf(trusted, { 'X-Forwarded-For': '198.51.100.1, 203.0.113.9, 10.0.0.9' }), '203.0.113.9');
			assert.equal(await addrOf(trusted, { 'X-Forwarded-For': '2001:DB8::1' }), '2001:db8::1');
		});

		it('from a trusted peer: several X-Forwarded-For lines read as one list, in order', async () => {
			// a client's own line first, the proxy's appended one last: the
			// rightmost untrusted entry is the proxy's, not the client's claim
			const rid = `rid${Math.random().toString(36).slice(2, 12)}`;
			const raw = await new Promise((resolve, reject) => {
				const s = net.connect(trusted.port, '127.0.0.1');
				let got = '';
				s.on('data', (d) => (got += d));
				s.on('end', () => resolve(got));
				s.on('error', reject);
				s.write(`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 198.51.100.66\r\n` +
					`X-Forwarded-For: 203.0.113.50, 10.0.0.9\r\nX-Request-Id: ${rid}\r\nConnection: close\r\n\r\n`);
			});
			assert.match(raw, /^HTTP\/1\.1 200/);
			const [, addr] = await trusted.waitForStderr(new RegExp(`access (\\S+) "GET /healthz" 200 .* rid=${rid}`));
			assert.equal(addr, '203.0.113.50');
		});

		it('from a trusted peer: X-Real-IP without X-Forwarded-For; malformed values leave the peer', async () => {
			assert.equal(await addrOf(trusted, { 'X-Real-IP': '192.0.2.44' }), '192.0.2.44');
			assert.equal(await addrOf(trusted, { 'X-Forwarded-For': 'not-an-address' }), '127.0.0.1');
			assert.equal(await addrOf(trusted, { 'X-Real-IP': '999.1.1.1' }), '127.0.0.1');
			assert.equal(await addrOf(trusted, {}), '127.0.0.1');
		});

		it('from any other peer the headers are ignored', async () => {
			assert.equal(await addrOf(other, { 'X-Forwarded-For': '203.0.113.7' }), '127.0.0.1');
			assert.equal(await addrOf(other, { 'X-Real-IP': '203.0.113.8' }), '127.0.0.1');
		});

		it('the lookup rate limit counts the forwarded client, not the proxy', async () => {
			const srv = await startServer({ engine, tag: 'proxyrate', args: ['--trusted-proxy', '127.0.0.1', '--verify-rate', '1'] });
			try {
				const h1 = { headers: { 'X-Forwarded-For': '203.0.113.21' } };
				const h2 = { headers: { 'X-Forwarded-For': '203.0.113.22' } };
				assert.equal((await http(srv.base, '/api/v1/verify?number=A&name=B', h1)).status, 404);
				assert.equal((await http(srv.base, '/api/v1/verify?number=A&name=B', h1)).status, 429);
				// another client behind the same proxy has its own allowance
				assert.equal((await http(srv.base, '/api/v1/verify?number=A&name=B', h2)).status, 404);
				checkServer(srv);
			} finally {
				await srv.stop();
			}
		});
	});
}

/* Polls /metrics until pred(text) holds (at most ~5 s); the last text. */
async function metricsWhen(srv, pred) {
	let t = '';
	for (let i = 0; i < 100; i++) {
		t = await metrics(srv);
		if (pred(t)) break;
		await sleep(50);
	}
	return t;
}

if (PG_ADMIN) describe('public reads from a read replica [postgresql]', () => {
	let srv;
	let user;
	before(async () => {
		// a server first, for its database; then one with that database as
		// its own replica, on the same data directory
		srv = await startServer({ engine: 'postgresql', tag: 'replica' });
		user = await makeUser(srv, 'replicauser');
	});
	after(async () => {
		if (srv) await srv.stop();
	});

	/* A second server on srv's data and database with args. */
	const second = (args, env = {}) =>
		startServer({ engine: 'postgresql', db: srv.db, dataDir: srv.dataDir, tag: 'replica2', args, env: { SKILLCERT_REPLICA_CHECK_MS: '100', ...env } });

	it('public reads are served by the replica and counted; a staff page is not', async () => {
		const r = await second(['--db-replica', srv.db, '--replica-max-lag', '2']);
		try {
			await r.waitForStderr('replica 1: up');
			let m = await metrics(r);
			assert.equal(sample(m, UP), 1);
			assert.equal(sample(m, LAG), 0);
			const before0 = sample(m, READS_REPLICA);
			const primary0 = sample(m, READS_PRIMARY);
			await lookup(r);
			assert.equal((await http(r.base, '/api/v1/institutions')).status, 200);
			assert.equal((await http(r.base, '/open-data/directory.json')).status, 200);
			// signed in, a page that is not public: read from the primary, uncounted
			assert.equal((await http(r.base, '/api/v1/me', { headers: { Authorization: `Bearer ${user.token}` } })).status, 200);
			m = await metrics(r);
			assert.equal(sample(m, READS_REPLICA), before0 + 3);
			assert.equal(sample(m, READS_PRIMARY), primary0);
			checkServer(r);
		} finally {
			await r.stop('SIGTERM', 10000, { keepData: true });
		}
	});

	it('SKILLCERT_DB_REPLICA names the replicas, separated by spaces; reads go round-robin', async () => {
		const r = await second([], { SKILLCERT_DB_REPLICA: ` ${srv.db}\t ${withParam(srv.db, 'application_name', 'second_replica')} ` });
		try {
			await r.waitForStderr('replica 2: up');
			for (let i = 0; i < 4; i++) await lookup(r);
			const m = await metrics(r);
			assert.equal(sample(m, READS_REPLICA), 4);
			assert.equal(sample(m, 'skillcert_replica_up{replica="2"}'), 1);
			// the second took its turns: a pooled connection besides the checker's
			const n = await psql(PG_ADMIN, `SELECT count(*) FROM pg_stat_activity WHERE application_name = 'second_replica'`);
			assert.ok(Number(n) >= 2, `second replica's connections: ${n}`);
		} finally {
			await r.stop('SIGTERM', 10000, { keepData: true });
		}
	});

	it('SKILLCERT_DB_REPLICA: a multi-host URL (with a comma) is one replica', async () => {
		const u = new URL(srv.db);
		const multi = srv.db.replace(`@${u.host}/`, `@${u.host},${u.host}/`);
		assert.notEqual(multi, srv.db);
		const r = await second([], { SKILLCERT_DB_REPLICA: multi });
		try {
			await r.waitForStderr('replica 1: up');
			const m = await metrics(r);
			assert.equal(sample(m, UP), 1);
			assert.equal(sample(m, 'skillcert_replica_up{replica="2"}'), undefined);
		} finally {
			await r.stop('SIGTERM', 10000, { keepData: true });
		}
	});

	it('a server not in recovery that is not the primary (another database) is down: not a standby', async () => {
		const other = `r17other${process.pid}`;
		await psql(PG_ADMIN, `DROP DATABASE IF EXISTS ${other}`);
		await psql(PG_ADMIN, `CREATE DATABASE ${other}`);
		const url = srv.db.replace(/\/[^/?]+(\?|$)/, `/${other}$1`);
		const r = await second(['--db-replica', url]);
		try {
			await r.waitForStderr(/replica 1: down \(not a standby: not in recovery, and not the primary\), reading from the primary/);
			await lookup(r);
			// checked again every 100 ms, logged once
			await sleep(500);
			assert.equal(r.stderr().split('\n').filter((l) => l.includes('not a standby')).length, 1, r.stderr());
			const m = await metrics(r);
			assert.equal(sample(m, UP), 0);
			assert.equal(sample(m, READS_REPLICA), 0);
			assert.equal(sample(m, READS_PRIMARY), 1);
			checkServer(r);
		} finally {
			await r.stop('SIGTERM', 10000, { keepData: true });
			await psql(PG_ADMIN, `DROP DATABASE IF EXISTS ${other}`);
		}
	});

	it('a request that writes reads on the primary: a POST\'s own answer read back is not a replica read', async () => {
		const writer = await makeUser(srv, 'replicawriter');
		const r = await second(['--db-replica', srv.db]);
		try {
			await r.waitForStderr('replica 1: up');
			const m0 = await metrics(r);
			const made = await http(r.base, '/api/v1/institutions', { method: 'POST', json: { name: uniqueName('写后读'), type: 'center', province: '11' }, headers: { Authorization: `Bearer ${writer.token}` } });
			assert.equal(made.status, 201, made.text);
			assert.ok(made.json.id > 0, made.text);
			const m1 = await metrics(r);
			assert.equal(sample(m1, READS_REPLICA), sample(m0, READS_REPLICA), 'no replica read in a POST');
			// a GET of the same is (the replica is the primary itself here)
			assert.equal((await http(r.base, `/api/v1/institutions/${made.json.id}`)).status, 200);
			assert.equal(sample(await metrics(r), READS_REPLICA), sample(m1, READS_REPLICA) + 1);
		} finally {
			await r.stop('SIGTERM', 10000, { keepData: true });
		}
	});

	it('a replica out of reach at start: the server starts, reads from the primary, counts the skip', async () => {
		const gone = withParam(srv.db.replace(/\/[^/?]+(\?|$)/, '/no_such_database_r17$1'), 'connect_timeout', '2');
		const r = await second(['--db-replica', gone]);
		try {
			await r.waitForStderr(/replica 1: down \(.*\), reading from the primary/);
			await lookup(r);
			const m = await metrics(r);
			assert.equal(sample(m, UP), 0);
			assert.equal(sample(m, READS_PRIMARY), 1);
			assert.equal(sample(m, READS_REPLICA), 0);
			assert.ok(sample(m, SKIPS_DOWN) >= 1);
			checkServer(r);
		} finally {
			await r.stop('SIGTERM', 10000, { keepData: true });
		}
	});

	it('a replica connection cut mid-request: the query answered by the primary, the replica marked down', async () => {
		const app = `r17cut${process.pid}`;
		// the checker looks only at start: the failure is the request's to find
		const r = await second(['--db-replica', withParam(srv.db, 'application_name', app), '--threads', '1'], { SKILLCERT_REPLICA_CHECK_MS: '60000' });
		try {
			await r.waitForStderr('replica 1: up');
			await lookup(r); // a pooled replica connection now exists
			const n = await psql(PG_ADMIN, `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = '${app}'`);
			assert.ok(Number(n) >= 1, `terminated ${n}`);
			const m0 = await metrics(r);
			// the next lookup was handed the replica's connection, and is
			// answered all the same (by the primary)
			await lookup(r);
			const m1 = await metrics(r);
			assert.equal(sample(m1, READS_REPLICA), sample(m0, READS_REPLICA) + 1);
			assert.equal(sample(m1, SKIPS_DOWN), sample(m0, SKIPS_DOWN) + 1);
			assert.equal(sample(m1, UP), 0);
			await r.waitForStderr(/replica 1: down \(.*\), reading from the primary/);
			// the ones after go to the primary
			await lookup(r);
			assert.equal(sample(await metrics(r), READS_PRIMARY), sample(m1, READS_PRIMARY) + 1);
			checkServer(r);
		} finally {
			await r.stop('SIGTERM', 10000, { keepData: true });
		}
	});

	it('a replica connection cut: the checker sees it back', async () => {
		const app = `r17back${process.pid}`;
		const r = await second(['--db-replica', withParam(srv.db, 'application_name', app), '--threads', '1']);
		try {
			await r.waitForStderr('replica 1: up');
			await lookup(r);
			await psql(PG_ADMIN, `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = '${app}'`);
			for (let i = 0; i < 3; i++) await lookup(r);
			await r.waitForStderr('replica 1: back', 5000).catch(() => {});
			assert.equal(sample(await metricsWhen(r, (t) => sample(t, UP) === 1), UP), 1);
			const before1 = sample(await metrics(r), READS_REPLICA);
			await lookup(r);
			assert.equal(sample(await metrics(r), READS_REPLICA), before1 + 1);
			checkServer(r);
		} finally {
			await r.stop('SIGTERM', 10000, { keepData: true });
		}
	});

	it('a change by a signed-in actor records the primary\'s WAL position after it on its token (read-your-writes)', async () => {
		const wrote = async () => Number(await psql(srv.db, `SELECT wrote_lsn FROM api_token t JOIN app_user u ON u.id = t.user_id WHERE u.username = 'replicauser'`));
		const insertLsn = async () => Number(await psql(srv.db, `SELECT pg_current_wal_insert_lsn() - '0/0'::pg_lsn`));
		// without replicas: nothing recorded
		await createInstitution(srv.base, { name: uniqueName('无副本'), type: 'center', province: '11' }, user.token);
		assert.equal(await wrote(), 0);
		const r = await second(['--db-replica', srv.db]);
		try {
			// a read changes nothing, a refused change neither
			assert.equal((await http(r.base, '/api/v1/institutions', { headers: { Authorization: `Bearer ${user.token}` } })).status, 200);
			const bad = await http(r.base, '/api/v1/institutions', { method: 'POST', json: { name: '' }, headers: { Authorization: `Bearer ${user.token}` } });
			assert.ok(bad.status >= 400 && bad.status < 500, `${bad.status}`);
			assert.equal(await wrote(), 0);
			const l0 = await insertLsn();
			await createInstitution(r.base, { name: uniqueName('副本'), type: 'center', province: '11' }, user.token);
			const w = await wrote();
			assert.ok(w > l0, `wrote_lsn ${w} past ${l0} (the insert's commit)`);
			assert.ok(w <= await insertLsn(), `wrote_lsn ${w} not past the primary's position`);
			// the same on a signed-in session, through the API with its cookie
			const sess = await login(r.base, user.name, user.password);
			const sessionLsn = async () => Number(await psql(srv.db, `SELECT COALESCE(MAX(s.wrote_lsn), 0) FROM session s JOIN app_user u ON u.id = s.user_id WHERE u.username = 'replicauser'`));
			assert.equal(await sessionLsn(), 0);
			const s0 = await insertLsn();
			const made = await sess.api('/api/v1/institutions', { method: 'POST', json: { name: uniqueName('会话副本'), type: 'center', province: '11' } });
			assert.equal(made.status, 201, made.text);
			const sw = await sessionLsn();
			assert.ok(sw > s0, `session wrote_lsn ${sw} past ${s0}`);
		} finally {
			await r.stop('SIGTERM', 10000, { keepData: true });
		}
	});

	it('a key rotated through another server (the CLI) signs at once on this one', async () => {
		const a = await second([]);
		try {
			const s1 = await http(a.base, '/status/0');
			assert.equal(s1.status, 200, s1.text);
			const k1 = kidOf(s1.text);
			const rot = await srv.cli(['key', 'rotate']);
			assert.equal(rot.code, 0, rot.stderr);
			const k2 = rot.stdout.trim();
			assert.notEqual(k2, k1);
			// both servers sign with the new key from the next request on
			assert.equal(kidOf((await http(a.base, '/status/0')).text), k2);
			assert.equal(kidOf((await http(srv.base, '/status/0')).text), k2);
			checkServer(a);
		} finally {
			await a.stop('SIGTERM', 10000, { keepData: true });
		}
	});
});
