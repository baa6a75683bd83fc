// A transaction that cannot begin: while another process holds SQLite's
// write lock, BEGIN IMMEDIATE fails after the busy timeout, and each plan
// action answers 503 with the error envelope (code "unavailable", a message
// from the catalog) instead of reading a plan it never loaded; the server
// keeps running and works again once the lock is gone.
//
// That part runs on SQLite: on PostgreSQL BEGIN fails only on a connection
// that dies between the guard's reads and the action (the guard reads
// through the same pooled connection first), which a test cannot time; the
// code path (app_begin) is the same for both engines. What a dropped
// PostgreSQL connection does to the guard's own reads is the second suite.
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { before, it } from 'node:test';

import { Session, describeWithServer, engines, sleep } from './lib.mjs';

/* A sqlite3 shell holding the write lock on db until release(). */
async function holdWriteLock(dbPath) {
	const shell = spawn('sqlite3', [dbPath], { stdio: ['pipe', 'ignore', 'pipe'] });
	let stderr = '';
	shell.stderr.on('data', (d) => (stderr += d));
	const exited = new Promise((resolve) => shell.on('close', resolve));
	shell.stdin.write('.timeout 5000\nBEGIN EXCLUSIVE;\n');
	// locked once another writer is refused at once
	for (let i = 0; ; i++) {
		const probe = spawnSync('sqlite3', ['-cmd', '.timeout 0', dbPath, 'BEGIN IMMEDIATE; ROLLBACK;'], { encoding: 'utf8' });
		if (probe.status !== 0 && /locked|busy/i.test(probe.stderr)) break;
		if (i >= 200 || shell.exitCode !== null) throw new Error(`the lock was not taken: ${stderr}`);
		await sleep(50);
	}
	return {
		async release() {
			shell.stdin.end('ROLLBACK;\n.quit\n');
			await exited;
		},
	};
}

describeWithServer('BEGIN refused: 503, the server lives on [sqlite]', { engine: 'sqlite', tag: 'unavail', user: true, env: { SKILLCERT_THREADS: 4 } }, (h) => {
	before(async () => {
		// the token's last use is recorded now, so the guard only reads
		// while the lock is held
		const me = await h.api('/api/v1/me');
		assert.equal(me.status, 200, me.text);
	});

	const actions = {
		'add a room': () => h.api('/api/v1/plans/1/rooms', { method: 'POST', json: { name: '第一考场', capacity: 30 } }),
		'assign staff': () => h.api('/api/v1/plans/1/staff', { method: 'POST', json: { person_id: 1, role: 'assessor' } }),
		'remove staff': () => h.api('/api/v1/plans/1/staff/1/remove', { method: 'POST', json: {} }),
		'withdraw an enrolment': () => h.api('/api/v1/plans/1/enrolments/1/withdraw', { method: 'POST', json: {} }),
	};

	it('each of the four plan actions answers 503 with the error envelope', async () => {
		const lock = await holdWriteLock(`${h.server.dataDir}/skillcert.db`);
		let answers;
		try {
			// in parallel (four server threads): each waits out the busy
			// timeout once
			answers = await Promise.all(Object.entries(actions).map(async ([what, call]) => [what, await call()]));
		} finally {
			await lock.release();
		}
		for (const [what, r] of answers) {
			assert.equal(r.status, 503, `${what}: ${r.status} ${r.text}`);
			assert.equal(r.json?.error?.code, 'unavailable', `${what}: ${r.text}`);
			assert.ok(r.json.error.message && !r.json.error.message.startsWith('err.'), `${what}: a catalog message, not a key: ${r.text}`);
		}
	});

	it('the server keeps running and answers again once the lock is gone', async () => {
		assert.equal((await h.api('/healthz')).status, 200);
		const r = await actions['add a room']();
		assert.equal(r.status, 404, r.text);
		assert.equal(r.json.error.code, 'not_found');
	});
});

// The database drops the server's connections (a PostgreSQL restart, a
// failover): a caller whose token or session cannot be checked then is not
// anonymous. The first request on each dropped connection answers 503
// "unavailable" with Retry-After — not 401, which would send a browser to
// sign in again and a client to throw its token away — and the pool's next
// connection serves again.
if (engines().includes('postgresql')) {
	describeWithServer('credentials that cannot be checked: 503, not 401 [postgresql]', { engine: 'postgresql', tag: 'unavail-pg', user: true, env: { SKILLCERT_THREADS: 1 } }, (h) => {
		const dropConnections = () =>
			execFileSync('psql', [h.server.db, '-At', '-c',
				'SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()'], { encoding: 'utf8' });
		// The connections dropped, then a request. The server's own threads
		// (the webhook and mail senders) may meet a dropped connection first
		// and renew the pool, and the request then finds a fresh one (200):
		// drop them again until a request meets one. Never anything but 503
		// or 200 — no 401, no redirect to /login.
		const untilUnavailable = async (call) => {
			for (let i = 0; i < 5; i++) {
				dropConnections();
				const r = await call();
				if (r.status === 503) return r;
				assert.equal(r.status, 200, `${r.status} ${r.headers.get('location')}`);
			}
			assert.fail('no request met a dropped connection in 5 tries');
		};

		it('a bearer token: 503 with Retry-After on the dropped connection, then 200', async () => {
			assert.equal((await h.api('/api/v1/me')).status, 200);
			const r = await untilUnavailable(() => h.api('/api/v1/me'));
			assert.equal(r.status, 503, r.text);
			assert.equal(r.json?.error?.code, 'unavailable', r.text);
			assert.ok(r.headers.get('retry-after'), 'Retry-After is set');
			assert.ok(!r.json.error.message.startsWith('err.'), r.text);
			const again = await h.api('/api/v1/me');
			assert.equal(again.status, 200, again.text);
		});

		it('a session cookie: the page answers 503, it does not redirect to /login', async () => {
			const s = new Session(h.server.base);
			const login = await s.login(h.user.name, h.user.password);
			assert.equal(login.status, 303, login.text.slice(0, 200));
			assert.equal((await s.get('/institutions')).status, 200);
			const r = await untilUnavailable(() => s.get('/institutions'));
			assert.equal(r.status, 503, `${r.status} ${r.headers.get('location')}`);
			assert.equal((await s.get('/institutions')).status, 200);
		});
	});
}
