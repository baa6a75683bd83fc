// Backups of an installation on PostgreSQL, restored and served again
// (docs/postgresql.md "Backups"): a base backup with pg_basebackup while
// the primary archives its WAL, certificates issued after it, a restore
// from the base backup and the archive (restore_command, recovery to the
// end of the WAL); and a pg_dump -Fc restored with pg_restore into a new
// database. On each restored copy `skillcert serve` (the same data
// directory: the same master key) verifies a certificate issued after the
// base backup, by number and name and by its signed QR token.
//
// Its own clusters (tests/lib/pgcluster.mjs), not the shared throwaway
// one: it runs in the PostgreSQL tier (SKILLCERT_TEST_PG_ADMIN set).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { baseBackup, dumpDatabase, restoreCluster, restoreDump, startPrimary } from '../lib/pgcluster.mjs';
import { closedPlan, makeStation } from './certlib.mjs';
import { bearer, checkServer, http, makeUser, PG_ADMIN, startServer } from './lib.mjs';

if (PG_ADMIN) {
	describe('backups and restores [postgresql]', () => {
		let primary;
		let server; // serves the primary
		let token;
		let before1; // certificates issued before the base backup
		let after1; // ... and after it
		let base; // the base backup's directory
		const api = (p, o = {}) => http(server.base, p, { ...o, headers: { ...bearer(token), ...(o.headers || {}) } });

		const issuePlan = async (station, pass) => {
			const p = await closedPlan(server, api, station, { pass });
			const r = await api(`/api/v1/plans/${p.plan}/certificates`, { method: 'POST' });
			assert.equal(r.status, 200, r.text);
			assert.equal(r.json.issued, pass, r.text);
			const list = await api(`/api/v1/certificates?plan=${p.plan}`);
			assert.equal(list.status, 200, list.text);
			return list.json.certificates;
		};

		/* skillcert serve on db with the primary server's data directory
		 * (its master key): every certificate of certs verifies, by number
		 * and name and by QR token; the restored database holds as many
		 * certificates as the primary. */
		const serveAndVerify = async (db, certs, tag) => {
			const srv = await startServer({ db, dataDir: server.dataDir, tag, args: ['--verify-rate', '0'] });
			try {
				for (const c of certs) {
					const r = await http(srv.base, `/api/v1/verify?${new URLSearchParams({ number: c.number, name: c.holder_name })}`);
					assert.equal(r.status, 200, `${c.number}: ${r.text}`);
					assert.equal(r.json.certificates[0].number, c.number);
					assert.equal(r.json.certificates[0].status, 'valid');
					const t = await http(srv.base, `/api/v1/verify?${new URLSearchParams({ token: c.qr_token })}`);
					assert.equal(t.status, 200, `${c.number} by token: ${t.text}`);
					assert.equal(t.json.certificates[0].number, c.number);
				}
				// a number that was never issued stays unknown (the check above is no accident)
				const none = await http(srv.base, `/api/v1/verify?${new URLSearchParams({ number: `${certs[0].number.slice(0, 16)}999999`, name: certs[0].holder_name })}`);
				assert.equal(none.status, 404, none.text);
				checkServer(srv);
			} finally {
				const code = await srv.stop('SIGTERM', 10000, { keepData: true });
				assert.equal(code, 0, srv.stderr().slice(-2000));
			}
		};

		before(async () => {
			primary = await startPrimary({ archive: true, tag: 'backup' });
			const db = await primary.createDatabase('skillcert');
			server = await startServer({ db, tag: 'backup', args: ['--verify-rate', '0'] });
			token = (await makeUser(server, 'backupadmin', { role: 'center_admin' })).token;
			const station = await makeStation(server, api, { assessors: 3 });
			before1 = await issuePlan(station, 2);
			base = await baseBackup(primary);
			after1 = await issuePlan(station, 2);
			// the segment holding them is closed and archived
			await primary.archiveNow();
		});

		after(async () => {
			if (server) await server.stop();
			if (primary) await primary.destroy();
		});

		it('pg_basebackup + the WAL archive: restored to the end of the WAL, the certificates issued after the base backup verify', async () => {
			const restored = await restoreCluster(base, primary.archiveDir);
			try {
				assert.equal(await restored.psql('SELECT count(*) FROM certificate', 'skillcert'), String(before1.length + after1.length));
				await serveAndVerify(restored.url('skillcert'), [...before1, ...after1], 'restored');
			} finally {
				await restored.destroy();
			}
		});

		it('pg_dump -Fc, then pg_restore into a new database: the same certificates verify there', async () => {
			const file = await dumpDatabase(primary, 'skillcert');
			const db = await restoreDump(primary, file, 'skillcert_from_dump');
			assert.equal(await primary.psql('SELECT count(*) FROM certificate', 'skillcert_from_dump'), String(before1.length + after1.length));
			await serveAndVerify(db, [...before1, ...after1], 'dumped');
		});

		it('the server on the primary stops cleanly', async () => {
			const code = await server.stop();
			assert.equal(code, 0, server.stderr().slice(-2000));
		});
	});
}
