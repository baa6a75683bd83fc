// Idempotent writes (issue 18): every POST of the JSON API accepts an
// Idempotency-Key; a retry with the same key gets the first answer
// (byte for byte, with Idempotent-Replayed: true) and creates nothing
// twice — also when the retries race, and across two servers on one
// PostgreSQL database. The key is taken inside the transaction of the
// change, so a request that failed kept nothing.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import net from 'node:net';
import { after, before, it } from 'node:test';

import { closedPlan, makeStation, sql } from './certlib.mjs';
import { bearer, checkServer, describeWithServer, engines, http, makeUser, parseResponse, rawRequest, startServer, uniqueName } from './lib.mjs';

/* POST /api/v1/institutions with fields, as token, with key (none when
 * undefined). */
function create(base, token, fields, key) {
	const headers = { ...bearer(token) };
	if (key !== undefined) headers['Idempotency-Key'] = key;
	return http(base, '/api/v1/institutions', { method: 'POST', json: fields, headers });
}

/* The institutions named exactly name. */
async function named(base, name) {
	const r = await http(base, `/api/v1/institutions?${new URLSearchParams({ q: name, limit: '200' })}`);
	assert.equal(r.status, 200, r.text);
	return r.json.items.filter((x) => x.name === name);
}


/* A new inspection of a new institution: the findings filed on it are
 * not unique by anything, so only the key keeps a retry from a second. */
async function newInspection(base, token) {
	const i = await create(base, token, { name: uniqueName('检查'), type: 'center', province: '11' });
	assert.equal(i.status, 201, i.text);
	const r = await http(base, `/api/v1/institutions/${i.json.id}/inspections`, {
		method: 'POST', headers: bearer(token),
		json: { year: 2025, inspected_on: '2025-06-01', outcome: 'rectify', notes: '' },
	});
	assert.equal(r.status, 201, r.text);
	return r.json.id;
}

/* POST a finding on inspection with key. */
function addFinding(base, token, inspection, key, description = '档案不全') {
	return http(base, `/api/v1/inspections/${inspection}/findings`, {
		method: 'POST', headers: { ...bearer(token), 'Idempotency-Key': key },
		json: { description, deadline: '2027-01-31' },
	});
}

/* How many findings inspection has (straight from the database). */
async function findings(server, inspection) {
	return Number((await sql(server, `SELECT count(*) FROM finding WHERE inspection_id = ${Number(inspection)}`)).trim());
}

let keyCounter = 0;
const newKey = () => `key-${process.pid}-${Date.now()}-${++keyCounter}`;

/* The catalog's messages (zh by default, en with ?lang=en). */
const IN_PROGRESS = /仍在处理中|still being answered/;
const LOST = /应答已丢失|its answer was lost/;
const NOT_KEPT = /应答未被保存|its answer is not kept/;

/* An ISO-8601 UTC time (seconds, as the server writes them) ms from now. */
const isoIn = (ms) => new Date(Date.now() + ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/* n requests at once, on n connections: each connects and sends all but
 * the last byte of its request; once all have, the last bytes go out
 * together, so the server has them all in hand at once (its threads then
 * race for real). Resolves http()-like answers {status, headers, text,
 * json}. */
async function burst(port, n, urlPath, token, key, fields) {
	const body = Buffer.from(JSON.stringify(fields));
	const req = Buffer.concat([Buffer.from(`POST ${urlPath} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\n`
		+ `Content-Type: application/json\r\nIdempotency-Key: ${key}\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`), body]);
	const socks = await Promise.all(Array.from({ length: n }, () => new Promise((resolve, reject) => {
		const sock = net.connect({ host: '127.0.0.1', port });
		const parts = [];
		sock.answer = new Promise((done) => {
			sock.on('data', (d) => parts.push(d));
			sock.on('close', () => done(parseResponse(Buffer.concat(parts))));
		});
		sock.on('error', reject);
		sock.on('connect', () => sock.write(req.subarray(0, req.length - 1), () => resolve(sock)));
	})));
	for (const sock of socks) sock.write(req.subarray(req.length - 1));
	const rs = await Promise.all(socks.map((sock) => sock.answer));
	return rs.map((r) => {
		let json;
		try {
			json = JSON.parse(r.body);
		} catch {
			json = undefined;
		}
		assert.ok(r.complete, `incomplete answer: ${r.text}`);
		return { status: r.status, headers: new Headers(r.headers), text: r.body, json };
	});
}

/* Checks a loser of a race: the winner's answer replayed byte for byte,
 * or 409 in_progress on the header with Retry-After. */
function loserOk(r, winner, status) {
	if (r.status === status) {
		assert.equal(r.text, winner.text);
		return;
	}
	assert.equal(r.status, 409, r.text);
	assert.equal(r.json.error.field, 'Idempotency-Key');
	assert.match(r.json.error.message, IN_PROGRESS, r.text);
	assert.equal(r.headers.get('retry-after'), '1');
}

for (const engine of engines()) {
	// 8 threads, and a request holds its change open 100 ms before it
	// takes its key: the racing requests of one key really overlap
	describeWithServer(`idempotent writes [${engine}]`, {
		engine, tag: 'idem', user: true, args: ['--threads', '8'], env: { SKILLCERT_TEST_IDEMPOTENCY_DELAY_MS: '100', SKILLCERT_TEST_HOOKS: 'test-only' },
	}, (h) => {
		const base = () => h.server.base;
		const inst = (name) => ({ name, type: 'center', province: '11' });

		it('the same key twice: the second answer is the first, byte for byte, replayed; one institution', async () => {
			const name = uniqueName('幂等');
			const key = newKey();
			const first = await create(base(), h.token, inst(name), key);
			assert.equal(first.status, 201, first.text);
			assert.equal(first.headers.get('idempotent-replayed'), null);
			const again = await create(base(), h.token, inst(name), key);
			assert.equal(again.status, 201, again.text);
			assert.equal(again.text, first.text, 'byte-identical body');
			assert.equal(again.headers.get('content-type'), first.headers.get('content-type'));
			assert.equal(again.headers.get('location'), first.headers.get('location'));
			assert.equal(again.headers.get('idempotent-replayed'), 'true');
			assert.equal((await named(base(), name)).length, 1, 'created once');
		});

		it('without a key a POST is what it was: each one creates, nothing says replayed', async () => {
			const name = uniqueName('无键');
			const a = await create(base(), h.token, inst(name));
			const b = await create(base(), h.token, inst(`${name}乙`));
			assert.equal(a.status, 201, a.text);
			assert.equal(b.status, 201, b.text);
			assert.notEqual(a.json.id, b.json.id);
			assert.equal(a.headers.get('idempotent-replayed'), null);
			assert.equal(b.headers.get('idempotent-replayed'), null);
		});

		it('the same key with another body: 422 naming the header, nothing created', async () => {
			const name = uniqueName('键甲');
			const key = newKey();
			assert.equal((await create(base(), h.token, inst(name), key)).status, 201);
			const other = uniqueName('键乙');
			const r = await create(base(), h.token, inst(other), key);
			assert.equal(r.status, 422, r.text);
			assert.equal(r.json.error.field, 'Idempotency-Key');
			assert.match(r.json.error.message, /Idempotency-Key/);
			assert.equal(r.headers.get('idempotent-replayed'), null);
			assert.equal((await named(base(), other)).length, 0, 'nothing created');
			// the same body at another address (a query) is another request too
			const q = await http(base(), '/api/v1/institutions?x=1', { method: 'POST', json: inst(name), headers: { ...bearer(h.token), 'Idempotency-Key': key } });
			assert.equal(q.status, 422, q.text);
			assert.equal(q.json.error.field, 'Idempotency-Key');
			// in English too
			const en = await http(base(), '/api/v1/institutions?lang=en', { method: 'POST', json: inst(other), headers: { ...bearer(h.token), 'Idempotency-Key': key } });
			assert.equal(en.status, 422);
			assert.match(en.json.error.message, /was used for another request/);
		});

		it('a key too long, empty, or with a control character: 400 naming the header, nothing created', async () => {
			const name = uniqueName('坏键');
			for (const key of ['k'.repeat(256), '', 'a\tb']) {
				const r = await create(base(), h.token, inst(name), key);
				assert.equal(r.status, 400, `${JSON.stringify(key)}: ${r.text}`);
				assert.equal(r.json.error.field, 'Idempotency-Key');
			}
			// a byte outside printable ASCII, sent raw
			const body = JSON.stringify(inst(name));
			const raw = await rawRequest(h.server.port, Buffer.concat([
				Buffer.from(`POST /api/v1/institutions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${h.token}\r\nContent-Type: application/json\r\nIdempotency-Key: a`),
				Buffer.from([0x01, 0x7f]),
				Buffer.from(`b\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`),
			]));
			assert.equal(raw.status, 400, raw.text);
			assert.equal((await named(base(), name)).length, 0);
			// 255 printable characters (a space among them) are a key
			const ok = await create(base(), h.token, inst(name), `${'k'.repeat(250)} ~!{}`);
			assert.equal(ok.status, 201, ok.text);
		});

		it('two users with the same key each create their own', async () => {
			const other = await makeUser(h.server, `idem2${engine[0]}`, { role: 'center_admin' });
			const key = newKey();
			const a = await create(base(), h.token, inst(uniqueName('用户甲')), key);
			const b = await create(base(), other.token, inst(uniqueName('用户乙')), key);
			assert.equal(a.status, 201, a.text);
			assert.equal(b.status, 201, b.text);
			assert.notEqual(a.json.id, b.json.id);
			assert.equal(b.headers.get('idempotent-replayed'), null);
		});

		it('without a login a key belongs to the client address: replayed to it, new from another', async () => {
			const key = newKey();
			const forgot = (username, localAddress) => http(base(), '/api/v1/password/forgot', { method: 'POST', json: { username }, headers: { 'Idempotency-Key': key }, localAddress });
			const first = await forgot(`nobody${engine[0]}1`, '127.0.0.1');
			assert.equal(first.status, 202, first.text);
			assert.equal(first.headers.get('idempotent-replayed'), null);
			const again = await forgot(`nobody${engine[0]}1`, '127.0.0.1');
			assert.equal(again.status, 202, again.text);
			assert.equal(again.headers.get('idempotent-replayed'), 'true');
			assert.equal(again.text, first.text);
			// another address: another client's key (another body would be a mismatch were it the same)
			const other = await forgot(`nobody${engine[0]}2`, '127.0.0.2');
			assert.equal(other.status, 202, other.text);
			assert.equal(other.headers.get('idempotent-replayed'), null);
			const rows = await sql(h.server, `SELECT scope FROM idempotency_key WHERE idem_key = '${key}' ORDER BY scope`);
			assert.deepEqual(rows.trim().split('\n'), ['anon:127.0.0.1', 'anon:127.0.0.2']);
		});

		it('a request that failed kept nothing: the corrected one with the same key creates', async () => {
			const key = newKey();
			const name = uniqueName('更正');
			const bad = await create(base(), h.token, { name, type: 'center' }, key); // no province
			assert.equal(bad.status, 422, bad.text);
			const good = await create(base(), h.token, inst(name), key);
			assert.equal(good.status, 201, good.text);
			assert.equal(good.headers.get('idempotent-replayed'), null);
			assert.equal((await named(base(), name)).length, 1);
			const again = await create(base(), h.token, inst(name), key);
			assert.equal(again.headers.get('idempotent-replayed'), 'true');
			assert.equal(again.text, good.text);
		});

		it('a finding (nothing unique in it) filed twice with one key: once, the second answer replayed', async () => {
			const insp = await newInspection(base(), h.token);
			const key = newKey();
			const first = await addFinding(base(), h.token, insp, key);
			assert.equal(first.status, 200, first.text);
			const again = await addFinding(base(), h.token, insp, key);
			assert.equal(again.status, 200, again.text);
			assert.equal(again.text, first.text);
			assert.equal(again.headers.get('idempotent-replayed'), 'true');
			assert.equal(await findings(h.server, insp), 1);
			// without a key the same request files a second: the key made the difference
			const plain = await http(base(), `/api/v1/inspections/${insp}/findings`, { method: 'POST', headers: bearer(h.token), json: { description: '档案不全', deadline: '2027-01-31' } });
			assert.equal(plain.status, 200, plain.text);
			assert.equal(await findings(h.server, insp), 2);
		});

		it('24 findings at once with one key, three times: one filed each; every other answer the first replayed or 409 in_progress', async () => {
			for (let round = 0; round < 3; round++) {
				const insp = await newInspection(base(), h.token);
				const key = newKey();
				const answers = await burst(h.server.port, 24, `/api/v1/inspections/${insp}/findings`, h.token, key, { description: '档案不全', deadline: '2027-01-31' });
				const first = answers.filter((r) => r.status === 200 && !r.headers.get('idempotent-replayed'));
				assert.equal(first.length, 1, answers.map((r) => `${r.status} ${r.headers.get('idempotent-replayed')} ${r.text}`).join('\n'));
				for (const r of answers) if (r !== first[0]) loserOk(r, first[0], 200);
				assert.equal(await findings(h.server, insp), 1, 'filed once');
			}
		});

		it('24 requests at once with one key, three times: one institution each; every other answer the created one replayed or 409 in_progress', async () => {
			for (let round = 0; round < 3; round++) {
				const key = newKey();
				const name = uniqueName('并发');
				const answers = await burst(h.server.port, 24, '/api/v1/institutions', h.token, key, inst(name));
				const first = answers.filter((r) => r.status === 201 && !r.headers.get('idempotent-replayed'));
				assert.equal(first.length, 1, answers.map((r) => `${r.status} ${r.headers.get('idempotent-replayed')} ${r.text}`).join('\n'));
				for (const r of answers) if (r !== first[0]) loserOk(r, first[0], 201);
				assert.equal((await named(base(), name)).length, 1);
			}
		});

		it('a key after 24 hours is new: neither replayed nor a mismatch', async () => {
			const key = newKey();
			const name = uniqueName('过期');
			assert.equal((await create(base(), h.token, inst(name), key)).status, 201);
			const aged = await sql(h.server, `UPDATE idempotency_key SET created_at = '2020-01-01T00:00:00Z' WHERE idem_key = '${key}' RETURNING idem_key`);
			assert.equal(aged.trim(), key);
			// another body with the key: a mismatch were the key alive
			const r = await create(base(), h.token, inst(`${name}新`), key);
			assert.equal(r.status, 201, r.text);
			assert.equal(r.headers.get('idempotent-replayed'), null);
			assert.equal((await named(base(), `${name}新`)).length, 1);
			// and the new request holds the key now
			const again = await create(base(), h.token, inst(`${name}新`), key);
			assert.equal(again.headers.get('idempotent-replayed'), 'true');
			assert.equal(again.text, r.text);
		});

		it('an answer that shows a secret once (Cache-Control: no-store) is not kept: the retry hears 409 not_kept, nothing drawn again', async () => {
			const station = await makeStation(h.server, h.api);
			const { plan } = await closedPlan(h.server, h.api, station, { pass: 1, fail: 1, close: false });
			const key = newKey();
			const draw = () => h.api(`/api/v1/plans/${plan}/claim-codes`, { method: 'POST', headers: { 'Idempotency-Key': key } });
			const first = await draw();
			assert.equal(first.status, 200, first.text);
			assert.equal(first.headers.get('cache-control'), 'no-store');
			const hashes = await sql(h.server, 'SELECT code_hash FROM enrolment_claim ORDER BY code_hash');
			const again = await draw();
			assert.equal(again.status, 409, again.text);
			assert.equal(again.json.error.field, 'Idempotency-Key');
			assert.match(again.json.error.message, NOT_KEPT);
			assert.equal(again.headers.get('retry-after'), null, 'not worth retrying');
			for (const c of first.json.codes) assert.ok(!again.text.includes(c.code), 'the codes are not shown twice');
			assert.equal(await sql(h.server, 'SELECT code_hash FROM enrolment_claim ORDER BY code_hash'), hashes, 'not drawn again');
			const kept = await sql(h.server, `SELECT status, body IS NULL FROM idempotency_key WHERE idem_key = '${key}'`);
			assert.match(kept.trim(), /^200\|(1|t)$/, 'the status kept, the body not');
			for (const c of first.json.codes) assert.ok(!(await sql(h.server, 'SELECT body FROM idempotency_key')).includes(c.code));
		});

		it('a key whose answer was lost (not kept after its commit): 409 lost at once, no Retry-After; a fresh one without its answer yet: 409 in_progress', async () => {
			const key = newKey();
			const name = uniqueName('丢失');
			assert.equal((await create(base(), h.token, inst(name), key)).status, 201);
			// as if the server died between the commit and keeping the answer, an hour ago
			const lost = await sql(h.server, `UPDATE idempotency_key SET status = NULL, content_type = NULL, location = NULL, body = NULL, created_at = '${isoIn(-3600e3)}' WHERE idem_key = '${key}' RETURNING idem_key`);
			assert.equal(lost.trim(), key);
			for (const lang of ['', '?lang=en']) {
				const r = await http(base(), `/api/v1/institutions${lang}`, { method: 'POST', json: inst(name), headers: { ...bearer(h.token), 'Idempotency-Key': key } });
				assert.equal(r.status, 409, r.text);
				assert.equal(r.json.error.field, 'Idempotency-Key');
				assert.match(r.json.error.message, LOST);
				assert.equal(r.headers.get('retry-after'), null);
				assert.equal(r.headers.get('idempotent-replayed'), null);
			}
			assert.equal((await named(base(), name)).length, 1, 'nothing created again');
			// claimed just now (its request still answering): worth a retry
			await sql(h.server, `UPDATE idempotency_key SET created_at = '${isoIn(3600e3)}' WHERE idem_key = '${key}'`);
			const busy = await create(base(), h.token, inst(name), key);
			assert.equal(busy.status, 409, busy.text);
			assert.match(busy.json.error.message, IN_PROGRESS);
			assert.equal(busy.headers.get('retry-after'), '1');
			assert.equal((await named(base(), name)).length, 1);
		});

		it('the fingerprint is keyed: not the plain SHA-256 of the request, the same for the same request', async () => {
			const key = newKey();
			const fields = inst(uniqueName('指纹'));
			assert.equal((await create(base(), h.token, fields, key)).status, 201);
			const sha = (x) => createHash('sha256').update(x).digest('hex');
			const target = '/api/v1/institutions';
			const plain = sha(`4:POST${target.length}:${target}${sha(JSON.stringify(fields))}`);
			const stored = (await sql(h.server, `SELECT fingerprint FROM idempotency_key WHERE idem_key = '${key}'`)).trim();
			assert.match(stored, /^[0-9a-f]{64}$/);
			assert.notEqual(stored, plain, 'a copy of the database cannot test guesses of the body');
			assert.notEqual(stored, sha(JSON.stringify(fields)));
			const again = await create(base(), h.token, fields, key);
			assert.equal(again.headers.get('idempotent-replayed'), 'true');
		});

		it('lang= is not a part of the request: a retry asking another language gets the first answer as it was', async () => {
			const key = newKey();
			const name = uniqueName('语言');
			const post = (q) => http(base(), `/api/v1/institutions${q}`, { method: 'POST', json: inst(name), headers: { ...bearer(h.token), 'Idempotency-Key': key } });
			const first = await post('?lang=en');
			assert.equal(first.status, 201, first.text);
			for (const q of ['', '?lang=zh', '?lang=en&lang=zh']) {
				const r = await post(q);
				assert.equal(r.status, 201, `${q}: ${r.text}`);
				assert.equal(r.headers.get('idempotent-replayed'), 'true');
				assert.equal(r.text, first.text);
			}
			assert.equal((await named(base(), name)).length, 1);
		});

		it('a key belongs to the API token: two tokens of one user (two integrations) never share one', async () => {
			const t = await h.server.cli(['user', 'token', h.user.name, '--name', 'e2e-second']);
			assert.equal(t.code, 0, t.stderr);
			const second = t.stdout.trim();
			const key = newKey();
			const a = await create(base(), h.token, inst(uniqueName('令牌甲')), key);
			const b = await create(base(), second, inst(uniqueName('令牌乙')), key);
			assert.equal(a.status, 201, a.text);
			assert.equal(b.status, 201, b.text);
			assert.notEqual(a.json.id, b.json.id);
			assert.equal(b.headers.get('idempotent-replayed'), null);
			const scopes = (await sql(h.server, `SELECT scope FROM idempotency_key WHERE idem_key = '${key}' ORDER BY scope`)).trim().split('\n');
			assert.equal(scopes.length, 2);
			for (const sc of scopes) assert.match(sc, /^token:\d+$/);
		});
	});

	describeWithServer(`idempotent writes: an answer over the size limit; expired keys purged once in a while [${engine}]`,
		{ engine, tag: 'idemmax', user: true, env: { SKILLCERT_IDEMPOTENCY_MAX_BODY: '16', SKILLCERT_IDEMPOTENCY_PURGE_EVERY: '86400' } }, (h) => {
			const expired = (key) => sql(h.server, `INSERT INTO idempotency_key (scope, idem_key, fingerprint, created_at) VALUES ('user:0', '${key}', 'x', '2020-01-01T00:00:00Z')`);
			const left = async (key) => Number((await sql(h.server, `SELECT count(*) FROM idempotency_key WHERE idem_key = '${key}'`)).trim());

			it('expired keys are removed by the first answer kept, then not again within the purge interval', async () => {
				const old1 = newKey();
				const old2 = newKey();
				await expired(old1);
				assert.equal((await create(h.server.base, h.token, { name: uniqueName('清理甲'), type: 'center', province: '11' }, newKey())).status, 201);
				assert.equal(await left(old1), 0, 'purged by the first answer kept');
				await expired(old2);
				assert.equal((await create(h.server.base, h.token, { name: uniqueName('清理乙'), type: 'center', province: '11' }, newKey())).status, 201);
				assert.equal(await left(old2), 1, 'not purged again at every answer');
			});

			it('is not replayed as an empty answer: the retry hears 409 not_kept, with the Location of what was created', async () => {
				const key = newKey();
				const name = uniqueName('超限');
				const fields = { name, type: 'center', province: '11' };
				const first = await create(h.server.base, h.token, fields, key);
				assert.equal(first.status, 201, first.text);
				assert.ok(first.text.length > 16);
				const again = await create(h.server.base, h.token, fields, key);
				assert.equal(again.status, 409, again.text);
				assert.equal(again.json.error.field, 'Idempotency-Key');
				assert.match(again.json.error.message, NOT_KEPT);
				assert.equal(again.headers.get('retry-after'), null);
				assert.equal(again.headers.get('location'), first.headers.get('location'));
				assert.equal((await named(h.server.base, name)).length, 1);
			});
		});
}

if (engines().includes('postgresql')) {
	describeWithServer('idempotent writes: two servers on one PostgreSQL database', { engine: 'postgresql', tag: 'idemtwo', user: true }, (h) => {
		let b;
		before(async () => {
			b = await startServer({ db: h.server.db, dataDir: h.server.dataDir, tag: 'idemtwoB' });
		});
		after(async () => {
			if (b) await b.stop('SIGTERM', 10000, { keepData: true }).catch(() => {});
		});

		it('the same key sent to both at once: one institution; the answers agree (or one is in_progress)', async () => {
			for (let round = 0; round < 3; round++) {
				const key = newKey();
				const name = uniqueName('双机');
				const fields = { name, type: 'center', province: '11' };
				const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => create(i % 2 ? b.base : h.server.base, h.token, fields, key)));
				const created = answers.filter((r) => r.status === 201 && !r.headers.get('idempotent-replayed'));
				assert.equal(created.length, 1, answers.map((r) => `${r.status} ${r.text}`).join('\n'));
				for (const r of answers) if (r !== created[0]) loserOk(r, created[0], 201);
				assert.equal((await named(h.server.base, name)).length, 1);
				// a finding (nothing unique in it) raced the same way
				const insp = await newInspection(h.server.base, h.token);
				const fkey = newKey();
				const fanswers = await Promise.all(Array.from({ length: 10 }, (_, i) => addFinding(i % 2 ? b.base : h.server.base, h.token, insp, fkey)));
				const fdone = fanswers.filter((r) => r.status === 200 && !r.headers.get('idempotent-replayed'));
				assert.equal(fdone.length, 1, fanswers.map((r) => `${r.status} ${r.text}`).join('\n'));
				for (const r of fanswers) if (r !== fdone[0]) loserOk(r, fdone[0], 200);
				assert.equal(await findings(h.server, insp), 1);
				// and a retry later on the other server replays it
				const late = await create(b.base, h.token, fields, key);
				assert.equal(late.status, 201);
				assert.equal(late.text, created[0].text);
				assert.equal(late.headers.get('idempotent-replayed'), 'true');
			}
			checkServer(b);
		});
	});
}
