// Issuing a plan on every core (issue 17), on both engines: one server
// issuing with SKILLCERT_ISSUE_THREADS=1 and one with 4, on the same
// database. A plan issued by either gets the same certificates: numbers
// and status indexes consecutive in candidate order, each enrolment's own
// scores, credentials that verify (npm jose) and equal field for field but
// for the number and index (and the same as a successor's, built the long
// way), QR tokens that verify, one "issued" event each,
// and every certificate written once (a trigger counts UPDATEs of the
// certificate table: none). A failure in a later chunk (a number already
// taken) leaves nothing: no certificate, no event, the counters as they
// were, no audit record; the plan then issues whole.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, it } from 'node:test';

import { compactVerify, createLocalJWKSet } from 'jose';

import { closedPlan, makeStation, sql } from './certlib.mjs';
import { describeWithServer, engines, http, startServer } from './lib.mjs';

const N = 20; // candidates a plan: chunks of 8, 8 and 4 with four threads
const STATUS_LIST_ENTRIES = 131072;

const payloadOf = (jws) => JSON.parse(Buffer.from(jws.split('.')[1], 'base64url').toString('utf8'));

for (const engine of engines()) {
	describeWithServer(`issuing on every core [${engine}]`, { engine, tag: 'issue', user: true }, (h) => {
		let one; // a server issuing on one thread
		let four; // and one on four
		let station;
		let jwks;

		const issueOn = (srv, plan) => http(srv.base, `/api/v1/plans/${plan}/certificates`, { method: 'POST', headers: { Authorization: `Bearer ${h.token}` } });
		const lines = (text) => text.trim().split('\n').filter((l) => l);
		/* The plan's certificates as stored, in candidate (enrolment) order. */
		const stored = async (plan) => lines(await sql(h.server,
			`SELECT enrolment_id, number, status_index, scores, kid, credential, qr_token, created_at FROM certificate WHERE plan_id = ${Number(plan)} ORDER BY enrolment_id`))
			.map((l) => {
				const [enrolment, number, index, scores, kid, credential, qr, created] = l.split('|');
				return { enrolment: Number(enrolment), number, index: Number(index), scores, kid, credential, qr, created };
			});
		/* The scores each enrolment of the plan should carry, from its components. */
		const expectedScores = async (plan) => {
			const want = new Map();
			for (const l of lines(await sql(h.server, `SELECT m.enrolment_id, m.component, coalesce(m.tenths, -1), m.status FROM component_result m JOIN enrolment e ON e.id = m.enrolment_id WHERE e.plan_id = ${Number(plan)} ORDER BY m.enrolment_id, m.component`))) {
				const [e, component, tenths, status] = l.split('|');
				const t = Number(tenths);
				const part = t >= 0 ? `${component}=${Math.floor(t / 10)}.${t % 10}` : `${component}=${status}`;
				want.set(Number(e), want.has(Number(e)) ? `${want.get(Number(e))};${part}` : part);
			}
			return want;
		};
		/* Scores that differ from one enrolment to the next (the API gives
		 * every passing candidate the same): a score carried to the wrong
		 * certificate shows. */
		const varyScores = (plan) => sql(h.server, `UPDATE component_result SET tenths = 600 + (enrolment_id * 37 + length(component)) % 400 WHERE enrolment_id IN (SELECT id FROM enrolment WHERE plan_id = ${Number(plan)})`);
		const counters = async () => lines(await sql(h.server, "SELECT name || '=' || value FROM counter WHERE name LIKE 'cert:%' ORDER BY name"));
		const count = async (q) => Number((await sql(h.server, q)).trim());
		/* A QR token verified with node's crypto against the published key. */
		const qrFields = (token) => {
			const [v, fields, sig] = token.split('.');
			assert.equal(v, 'v1');
			const f = Buffer.from(fields, 'base64url').toString('utf8').split('|');
			const jwk = jwks.keys.find((k) => k.kid === f[5]);
			assert.ok(jwk, `the QR token's kid ${f[5]} is published`);
			const key = crypto.createPublicKey({ key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x }, format: 'jwk' });
			assert.ok(crypto.verify(null, Buffer.from(`v1.${fields}`), key, Buffer.from(sig, 'base64url')), `the QR token of ${f[0]} verifies`);
			return f;
		};

		before(async () => {
			const s = await h.server.cli(['setting', 'set', 'public_url', h.server.base]);
			assert.equal(s.code, 0, s.stderr);
			one = await startServer({ engine, db: h.server.db, dataDir: h.server.dataDir, tag: 'issue1', env: { SKILLCERT_ISSUE_THREADS: '1' } });
			four = await startServer({ engine, db: h.server.db, dataDir: h.server.dataDir, tag: 'issue4', env: { SKILLCERT_ISSUE_THREADS: '4' } });
			station = await makeStation(h.server, h.api);
		});
		after(async () => {
			for (const srv of [one, four]) if (srv) await srv.stop('SIGTERM', 10000, { keepData: true });
		});

		it('one thread or four: the same numbers, status indexes, scores, credentials, QR tokens and events; each certificate written once', async () => {
			const p1 = await closedPlan(h.server, h.api, station, { pass: N });
			const p4 = await closedPlan(h.server, h.api, station, { pass: N });
			await varyScores(p1.plan);
			await varyScores(p4.plan);
			// every UPDATE of a certificate row counted
			if (engine === 'sqlite')
				await sql(h.server, 'CREATE TABLE cert_update_probe (n INTEGER); CREATE TRIGGER cert_update_probe AFTER UPDATE ON certificate BEGIN INSERT INTO cert_update_probe VALUES (1); END;');
			else
				await sql(h.server, 'CREATE TABLE cert_update_probe (n INTEGER); CREATE FUNCTION cert_update_probe() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO cert_update_probe VALUES (1); RETURN NULL; END $$; CREATE TRIGGER cert_update_probe AFTER UPDATE ON certificate FOR EACH ROW EXECUTE FUNCTION cert_update_probe();');
			let r1;
			let r4;
			try {
				r1 = await issueOn(one, p1.plan);
				r4 = await issueOn(four, p4.plan);
				assert.equal(r1.status, 200, r1.text);
				assert.equal(r4.status, 200, r4.text);
				assert.equal(await count('SELECT count(*) FROM cert_update_probe'), 0, 'no certificate row updated after its insert');
			} finally {
				await sql(h.server, engine === 'sqlite' ? 'DROP TRIGGER cert_update_probe; DROP TABLE cert_update_probe;'
					: 'DROP TRIGGER cert_update_probe ON certificate; DROP FUNCTION cert_update_probe(); DROP TABLE cert_update_probe;');
			}
			jwks = JSON.parse((await http(h.server.base, '/.well-known/jwks.json')).text);
			const keys = createLocalJWKSet(jwks);
			const got = [];
			for (const [p, r] of [[p1, r1], [p4, r4]]) {
				assert.equal(r.json.issued, N);
				const rows = await stored(p.plan);
				assert.equal(rows.length, N);
				assert.deepEqual(rows.map((x) => x.enrolment), p.candidates.map((c) => c.enrolment_id), 'one certificate per candidate, in candidate order');
				assert.equal(r.json.first, rows[0].number);
				assert.equal(r.json.last, rows[N - 1].number);
				const serials = rows.map((x) => Number(x.number.slice(16)));
				assert.deepEqual(serials, serials.map((_, i) => serials[0] + i), 'serials consecutive in candidate order');
				assert.deepEqual(rows.map((x) => x.index), rows.map((_, i) => rows[0].index + i), 'status indexes consecutive in candidate order');
				const want = await expectedScores(p.plan);
				for (const x of rows) assert.equal(x.scores, want.get(x.enrolment), `the scores of enrolment ${x.enrolment}`);
				assert.equal(new Set(rows.map((x) => x.scores)).size > N / 2, true, 'the scores differ from one certificate to the next');
				const events = lines(await sql(h.server, `SELECT c.enrolment_id, e.action, e.actor, CASE WHEN e.at = c.created_at THEN 'same' ELSE 'other' END FROM certificate_event e JOIN certificate c ON c.id = e.certificate_id WHERE c.plan_id = ${Number(p.plan)} ORDER BY c.enrolment_id, e.id`));
				assert.deepEqual(events, rows.map((x) => `${x.enrolment}|issued|${h.user.name}|same`), 'one issued event a certificate, by the issuer, at its creation');
				const payloads = [];
				for (const x of rows) {
					const { payload } = await compactVerify(x.credential, keys);
					const cred = JSON.parse(Buffer.from(payload).toString('utf8'));
					assert.equal(cred.id, `${h.server.base}/certificates/${x.number}`);
					assert.equal(cred.jti, cred.id);
					assert.equal(cred.credentialStatus.statusListIndex, String(x.index % STATUS_LIST_ENTRIES));
					assert.equal(cred.credentialStatus.id, `${h.server.base}/status/${Math.floor(x.index / STATUS_LIST_ENTRIES)}#${x.index % STATUS_LIST_ENTRIES}`);
					const f = qrFields(x.qr);
					assert.equal(f[0], x.number);
					assert.equal(f[5], x.kid);
					assert.equal(Number(f[6]), x.index);
					for (const k of ['id', 'jti']) delete cred[k];
					delete cred.credentialStatus.id;
					delete cred.credentialStatus.statusListIndex;
					payloads.push(cred);
				}
				got.push({ rows, payloads });
			}
			// the four-thread plan follows the one-thread plan's numbers and indexes
			const [a, b] = got;
			assert.equal(b.rows[0].number.slice(0, 16), a.rows[0].number.slice(0, 16), 'the same prefix');
			assert.equal(Number(b.rows[0].number.slice(16)), Number(a.rows[N - 1].number.slice(16)) + 1);
			assert.equal(b.rows[0].index, a.rows[N - 1].index + 1);
			// and each credential is the same but for the number and the index
			for (let i = 0; i < N; i++) assert.deepEqual(b.payloads[i], a.payloads[i], `credential ${i}`);
			assert.deepEqual(payloadOf(b.rows[0].credential).credentialSubject, payloadOf(a.rows[0].credential).credentialSubject);
			// a plan's credentials are filled in from one template: a
			// successor's, built the long way (supersede), is the same too
			const id = Number((await sql(h.server, `SELECT id FROM certificate WHERE number = '${b.rows[0].number}'`)).trim());
			const sup = await h.api(`/api/v1/certificates/${id}/supersede`, { method: 'POST', json: { name: '更正名', reason: '姓名更正' } });
			assert.equal(sup.status, 201, sup.text);
			const succ = lines(await sql(h.server, `SELECT number, status_index, credential FROM certificate WHERE id = ${Number(sup.json.id)}`))[0].split('|');
			const { payload: sp } = await compactVerify(succ[2], keys);
			const sc = JSON.parse(Buffer.from(sp).toString('utf8'));
			assert.equal(sc.id, `${h.server.base}/certificates/${succ[0]}`);
			assert.equal(sc.credentialStatus.statusListIndex, String(Number(succ[1]) % STATUS_LIST_ENTRIES));
			for (const k of ['id', 'jti']) delete sc[k];
			delete sc.credentialStatus.id;
			delete sc.credentialStatus.statusListIndex;
			assert.deepEqual(sc, b.payloads[0], 'the template and the long way build the same credential');
		});

		it('a failure in a later chunk (a number taken) writes nothing: no certificate, no event, counters and audit as they were; then the plan issues whole', async () => {
			const p = await closedPlan(h.server, h.api, station, { pass: N });
			const before = { counters: await counters(), events: await count('SELECT count(*) FROM certificate_event'),
				audit: await count("SELECT count(*) FROM audit WHERE action = 'certificate.issue'"), certs: await count('SELECT count(*) FROM certificate') };
			const last = lines(await sql(h.server, 'SELECT number FROM certificate ORDER BY number DESC LIMIT 1'))[0];
			const prefix = last.slice(0, 16);
			const serial = Number((await sql(h.server, `SELECT value FROM counter WHERE name = 'cert:skill:${prefix}'`)).trim());
			// the 18th candidate's number (in the third chunk) taken by an earlier certificate
			const taken = prefix + String(serial + 18).padStart(6, '0');
			await sql(h.server, `UPDATE certificate SET number = '${taken}' WHERE number = '${last}'`);
			try {
				for (const srv of [four, one]) {
					const r = await issueOn(srv, p.plan);
					assert.equal(r.status, 409, r.text);
					assert.equal(await count(`SELECT count(*) FROM certificate WHERE plan_id = ${Number(p.plan)}`), 0, 'no certificate of the plan');
					assert.equal(await count('SELECT count(*) FROM certificate'), before.certs);
					assert.equal(await count('SELECT count(*) FROM certificate_event'), before.events, 'no event');
					assert.deepEqual(await counters(), before.counters, 'the counters as they were');
					assert.equal(await count("SELECT count(*) FROM audit WHERE action = 'certificate.issue'"), before.audit, 'nothing audited');
				}
			} finally {
				await sql(h.server, `UPDATE certificate SET number = '${last}' WHERE number = '${taken}'`);
			}
			const r = await issueOn(four, p.plan);
			assert.equal(r.status, 200, r.text);
			assert.equal(r.json.issued, N);
			const rows = await stored(p.plan);
			assert.deepEqual(rows.map((x) => Number(x.number.slice(16))), rows.map((_, i) => serial + 1 + i));
			assert.equal(await count('SELECT count(*) FROM certificate_event'), before.events + N);
		});
	});
}
