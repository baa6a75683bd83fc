// A transaction that cannot begin: while another process holds SQLite's
// write lock, BEGIN IMMEDIATE fails after the busy timeout, and each plan
// action answers 503 with the error envelope (code "unavailable", a message
// from the catalog) instead of reading a plan it never loaded; the server
// keeps running and works again once the lock is gone.
//
// SQLite only: on PostgreSQL BEGIN fails only on a connection that dies
// between the guard's reads and the action (the guard reads through the
// same pooled connection first), which a test cannot time. The code path
// (app_begin) is the same for both engines.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { before, it } from 'node:test';

import { describeWithServer, sleep } from './lib.mjs';

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
