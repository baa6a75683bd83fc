// Certificates end to end, on both engines: issuing a closed plan's passing
// candidates (numbers by domain.md §1.1, once per enrolment even when two
// servers issue the same plan at the same moment), the Open Badges 3.0
// credential checked by an independent JOSE implementation (npm jose) and
// the 1EdTech JSON schema (ajv), status changes carried by the signed
// Bitstring Status List, the public lookups (masked, rate-limited, a wrong
// name indistinguishable from a missing number), and the printed
// certificate read back (pdftotext, the QR code through zbarimg). Nothing
// published — credential, QR token, verify answers — carries a value
// derived from the holder's ID number; nothing is signed while the public
// address is unset; a former address keeps answering for its credentials.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import nodeHttp from 'node:http';
import path from 'node:path';
import { before, it } from 'node:test';
import zlib from 'node:zlib';

import Ajv2019Module from 'ajv/dist/2019.js';
import { compactVerify, createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';

import { closedPlan, makeStation, pngPhoto, sql } from './certlib.mjs';
import { ROOT, Session, apiAs, describeWithServer, engines, http, makeDataDir, makeUser, startServer, uniqueName } from './lib.mjs';

const Ajv2019 = Ajv2019Module.default || Ajv2019Module;
// the 1EdTech schema, as published (tests/e2e/standards/README.md)
const SCHEMA = path.join(ROOT, 'tests/e2e/standards/ob3-achievementcredential.schema.json');
const NUMBER = /^[SY]\d{14}[1-5]\d{6}$/;
const STATUS_VALUE = { valid: 0, suspended: 1, revoked: 2, superseded: 3 };

function run(cmd, args) {
	return new Promise((resolve, reject) => {
		execFile(cmd, args, { maxBuffer: 64 << 20 }, (e, stdout, stderr) =>
			e ? reject(new Error(`${cmd} ${args.join(' ')}: ${e.message}\n${stderr}`)) : resolve(stdout));
	});
}

/* The 2-bit value at index i of a Bitstring Status List (first bit of
 * the first byte is bit 0; an entry's first bit is its high bit). */
function bits2(list, i) {
	const bit = (p) => (list[p >> 3] >> (7 - (p & 7))) & 1;
	return (bit(2 * i) << 1) | bit(2 * i + 1);
}

/* The slot of an address in the server's lookup limiter (app/cert_lookup.c:
 * h = h * 33 + byte from 5381, modulo 4096 slots). */
function verifySlot(addr) {
	let h = 5381;
	for (const c of Buffer.from(addr)) h = (h * 33 + c) & 4095;
	return h;
}

function loopbackAddresses() {
	const out = [];
	for (let x = 0; x < 64; x++) for (let y = 1; y < 255; y++) out.push(`127.0.${x}.${y}`);
	return out;
}

const payloadOf = (jws) => JSON.parse(Buffer.from(jws.split('.')[1], 'base64url').toString('utf8'));

/* Every string of a JSON value (keys and values), depth first. */
function stringsOf(v, out = []) {
	if (typeof v === 'string') out.push(v);
	else if (Array.isArray(v)) for (const x of v) stringsOf(x, out);
	else if (v && typeof v === 'object')
		for (const [k, x] of Object.entries(v)) {
			out.push(k);
			stringsOf(x, out);
		}
	return out;
}

const HASHES = ['md5', 'sha1', 'sha256', 'sha384', 'sha512', 'sha3-256', 'sha3-512', 'blake2b512', 'blake2s256'];

/*
 * Asserts that text (something published) holds no value derived from the
 * ID number id: neither the number (nor its first 17, its region and
 * birth digits, a "first 6 + stars" mask), nor any hash of it (MD5, SHA-1,
 * SHA-2, SHA-3, BLAKE2; hex, base64, base64url; an optional "alg$"
 * prefix), alone or salted, either side, with any string the text itself
 * publishes (json: the parsed values, when the text is JSON or a JWS).
 */
function assertNothingDerived(text, id, what, json) {
	const hay = text.toLowerCase();
	for (const part of [id, id.slice(0, 17), id.slice(0, 6) + id.slice(6, 14), id.slice(6, 14)])
		assert.ok(!hay.includes(part.toLowerCase()), `${what}: holds ${part} of the ID number`);
	assert.doesNotMatch(text, /\d{6}\*{8}/, `${what}: a mask that shows the first 6`);
	const salts = new Set(['', ...(json ? stringsOf(json) : []), ...(text.match(/[A-Za-z0-9_\-+/=]{8,}/g) || [])]);
	for (const v of new Set([id, id.toLowerCase()]))
		for (const salt of salts)
			for (const input of salt ? [v + salt, salt + v] : [v])
				for (const alg of HASHES) {
					const d = crypto.createHash(alg).update(input, 'utf8').digest();
					for (const enc of [d.toString('hex'), d.toString('base64'), d.toString('base64url')])
						assert.ok(!text.includes(enc) && !hay.includes(enc.toLowerCase()), `${what}: holds ${alg}(ID number${salt ? ' + a published salt' : ''})`);
				}
}

/* jws with the character at position i (counted from the start of part
 * `part`) replaced by another base64url character. */
function tamper(jws, part, i) {
	const parts = jws.split('.');
	const s = parts[part];
	const c = s[i] === 'A' ? 'B' : 'A';
	parts[part] = s.slice(0, i) + c + s.slice(i + 1);
	return parts.join('.');
}

for (const engine of engines()) {
	describeWithServer(`certificates [${engine}]`, { engine, tag: 'cert', user: true, args: ['--verify-rate', '0'] }, (h) => {
		const api = (p, o) => h.api(p, o);
		let station;
		let A; // a closed plan: 3 passing, 1 failing, photos, no work type
		let certsA; // its certificates, in issue order
		let jwks; // the published key set
		let tmp;

		const issue = (plan, o = {}) => api(`/api/v1/plans/${plan}/certificates`, { method: 'POST', ...o });
		const certsOf = async (plan) => {
			const r = await api(`/api/v1/certificates?plan=${plan}`);
			assert.equal(r.status, 200, r.text);
			return r.json.certificates;
		};
		const credential = async (id) => {
			const r = await api(`/api/v1/certificates/${id}/credential`);
			assert.equal(r.status, 200, r.text);
			return r.text;
		};
		const verify = (query) => http(h.server.base, `/api/v1/verify?${new URLSearchParams(query)}`);
		const fetchJwks = async () => {
			const r = await http(h.server.base, '/.well-known/jwks.json');
			assert.equal(r.status, 200, r.text);
			return JSON.parse(r.text);
		};
		/* The status list at url: verified with jose, gunzipped. */
		const statusList = async (url) => {
			assert.ok(url.startsWith(h.server.base + '/status/'), url);
			const r = await http(h.server.base, url.slice(h.server.base.length));
			assert.equal(r.status, 200, r.text);
			const keys = createLocalJWKSet(await fetchJwks());
			const { payload, protectedHeader } = await jwtVerify(r.text.trim(), keys, { typ: 'vc+jwt', algorithms: ['EdDSA'] });
			assert.equal(protectedHeader.alg, 'EdDSA');
			assert.equal(payload.id, url);
			assert.ok(payload.type.includes('BitstringStatusListCredential'), JSON.stringify(payload.type));
			assert.equal(payload.credentialSubject.type, 'BitstringStatusList');
			assert.equal(payload.credentialSubject.statusPurpose, 'message');
			const enc = payload.credentialSubject.encodedList;
			assert.equal(enc[0], 'u', 'multibase base64url');
			const list = zlib.gunzipSync(Buffer.from(enc.slice(1), 'base64url'));
			assert.ok(list.length >= 16384, `a list of at least 16 KB, got ${list.length}`);
			return list;
		};
		/* The status list value of a certificate, from its own credential. */
		const listValue = async (id, cache = new Map()) => {
			const st = payloadOf(await credential(id)).credentialStatus;
			if (!cache.has(st.statusListCredential)) cache.set(st.statusListCredential, await statusList(st.statusListCredential));
			return bits2(cache.get(st.statusListCredential), Number(st.statusListIndex));
		};

		before(async () => {
			tmp = makeDataDir('certpdf');
			// QR codes and credential ids point at this server
			const s = await h.server.cli(['setting', 'set', 'public_url', h.server.base]);
			assert.equal(s.code, 0, s.stderr);
			station = await makeStation(h.server, h.api, { filing: { filing_date: '2025-03-01', site_code: '000123', province_code: '44' } });
			// an older filing of the same station: the newer one is in force
			const old = await api(`/api/v1/institutions/${station.id}/filings`, {
				method: 'POST', json: { ...station.filing, filing_no: '粤人社鉴备[2019]1号', filing_date: '2019-05-01', province_code: '45', site_code: '999999' },
			});
			assert.equal(old.status, 200, old.text);
			A = await closedPlan(h.server, h.api, station, { pass: 3, fail: 1, level: 4, photo: pngPhoto() });
		});

		it('nothing is signed while the public address is unset: the API (409, field public_url) and the page say which setting', async () => {
			await sql(h.server, "DELETE FROM setting WHERE name = 'public_url'");
			try {
				const r = await issue(A.plan);
				assert.equal(r.status, 409, r.text);
				assert.equal(r.json.error.field, 'public_url');
				assert.match(r.json.error.message, /public_url/);
				const page = await http(h.server.base, `/plans/${A.plan}/certificates`, { method: 'POST', headers: { Authorization: `Bearer ${h.token}` }, form: {} });
				assert.equal(page.status, 409, page.text.slice(0, 300));
				assert.match(page.text, /public_url/);
				assert.equal((await certsOf(A.plan)).length, 0, 'nothing issued');
				const list = await http(h.server.base, '/status/0');
				assert.equal(list.status, 409, 'no status list signed with a placeholder either');
			} finally {
				const s = await h.server.cli(['setting', 'set', 'public_url', h.server.base]);
				assert.equal(s.code, 0, s.stderr);
			}
		});

		it('issues one certificate per passing candidate of a closed plan, numbered by §1.1; again issues nothing', async () => {
			// who may: not anonymous, not another institution's administrator
			const anon = await http(h.server.base, `/api/v1/plans/${A.plan}/certificates`, { method: 'POST' });
			assert.equal(anon.status, 401, anon.text);
			const other = Number((await h.server.cli(['institution', 'add', '--name', uniqueName('别的站'), '--type', 'exam_station', '--province', '44'])).stdout.trim());
			const stranger = await makeUser(h.server, 'certstranger', { role: 'institution_admin', institution: other });
			const foreign = await issue(A.plan, { headers: { Authorization: `Bearer ${stranger.token}` } });
			assert.equal(foreign.status, 403, foreign.text);
			// a plan still under notice is refused, with the reason
			const open = await closedPlan(h.server, h.api, station, { pass: 1, close: false });
			const early = await issue(open.plan);
			assert.equal(early.status, 422, early.text);
			assert.match(early.json.error.message, /计划结束|closed/);
			assert.equal((await certsOf(open.plan)).length, 0);

			const r = await issue(A.plan);
			assert.equal(r.status, 200, r.text);
			assert.equal(r.json.issued, 3);
			assert.equal(r.json.already, 0);
			certsA = await certsOf(A.plan);
			assert.equal(certsA.length, 3);
			const passing = A.candidates.filter((c) => c.pass);
			assert.deepEqual(certsA.map((c) => c.holder_name).sort(), passing.map((c) => c.name).sort(), 'the failing candidate gets none');
			assert.equal(r.json.first, certsA[0].number);
			assert.equal(r.json.last, certsA[2].number);
			const yy = new Date().toISOString().slice(2, 4);
			for (const c of certsA) {
				assert.match(c.number, NUMBER);
				assert.equal(c.number[0], 'S', 'a social training-evaluation organization');
				assert.equal(c.number.slice(1, 5), '0000', 'filed with a province');
				assert.equal(c.number.slice(5, 7), '44', 'the filing in force: its province');
				assert.equal(c.number.slice(7, 13), '000123', 'the filing in force: its site');
				assert.equal(c.number.slice(13, 15), yy);
				assert.equal(c.number.slice(13, 15), c.issued_on.slice(2, 4));
				assert.equal(c.number[15], '4', 'the plan level');
				assert.equal(c.status, 'valid');
				assert.equal(c.level_name, '四级/中级工');
				assert.equal(c.institution_name, station.name);
				assert.match(c.id_masked, /^\d{6}\*{8}\d{3}[\dX]$/);
			}
			const serials = certsA.map((c) => Number(c.number.slice(16)));
			assert.deepEqual(serials, [serials[0], serials[0] + 1, serials[0] + 2], 'consecutive serials');
			// again: nothing new
			const again = await issue(A.plan);
			assert.equal(again.status, 200, again.text);
			assert.deepEqual([again.json.issued, again.json.already, again.json.first, again.json.last], [0, 3, null, null]);
			assert.equal((await certsOf(A.plan)).length, 3);
			// the stranger reads none of them
			const peek = await http(h.server.base, `/api/v1/certificates/${certsA[0].id}`, { headers: { Authorization: `Bearer ${stranger.token}` } });
			assert.equal(peek.status, 403, peek.text);
		});

		it('an employer\'s station: no HR filing, no skill-level numbers; once filed, Y numbers from its codes', async () => {
			const emp = await makeStation(h.server, h.api, { filing: null, hostOrg: '某机床集团有限公司', assessors: 3 });
			const p = await closedPlan(h.server, h.api, emp, { pass: 2 });
			const refused = await issue(p.plan);
			assert.equal(refused.status, 422, refused.text);
			assert.match(refused.json.error.message, /备案/);
			assert.equal((await certsOf(p.plan)).length, 0, 'nothing issued');
			const f = await api(`/api/v1/institutions/${emp.id}/filings`, {
				method: 'POST', json: { authority: '人力资源社会保障部', filing_no: '人社鉴备[2024]3号', filing_date: '2024-06-01', institution_code: '0123', province_code: '22', site_code: '000045' },
			});
			assert.equal(f.status, 200, f.text);
			const r = await issue(p.plan);
			assert.equal(r.status, 200, r.text);
			assert.equal(r.json.issued, 2);
			for (const c of await certsOf(p.plan)) {
				assert.match(c.number, NUMBER);
				assert.equal(c.number.slice(0, 13), 'Y012322000045', 'Y | institution 0123 | province 22 | site 000045');
				assert.deepEqual(c.site, { institution_code: '0123', province_code: '22', site_code: '000045' });
			}
		});

		it('concurrent issuing (two server processes, same database): one certificate per passing enrolment, unique numbers', async () => {
			// a second server on the same data: the same database and master key
			const second = await startServer({ engine, db: h.server.db, dataDir: h.server.dataDir, tag: 'cert2', args: ['--verify-rate', '0'] });
			try {
				const small = await closedPlan(h.server, h.api, station, { pass: 3, fail: 1 });
				const big = await closedPlan(h.server, h.api, station, { pass: 20, level: 5 });
				const bases = [h.server.base, second.base];
				const fire = (plan, targets) => Promise.all(targets.map((b) =>
					http(b, `/api/v1/plans/${plan}/certificates`, { method: 'POST', headers: { Authorization: `Bearer ${h.token}` } })));
				const [rs, rb] = await Promise.all([fire(small.plan, bases), fire(big.plan, [...bases, ...bases])]);
				for (const [plan, rsps, want] of [[small, rs, 3], [big, rb, 20]]) {
					for (const r of rsps) assert.equal(r.status, 200, r.text);
					assert.equal(rsps.reduce((s, r) => s + r.json.issued, 0), want, `issued once in total: ${rsps.map((r) => r.text).join(' ')}`);
					for (const r of rsps) assert.equal(r.json.issued + r.json.already, want, r.text);
					const list = await certsOf(plan.plan);
					assert.equal(list.length, want);
					assert.deepEqual(list.map((c) => c.holder_name).sort(), plan.candidates.filter((c) => c.pass).map((c) => c.name).sort(),
						'each passing candidate once');
					const rows = await sql(h.server, `SELECT COUNT(*), COUNT(DISTINCT enrolment_id) FROM certificate WHERE plan_id = ${Number(plan.plan)}`);
					assert.equal(rows.trim(), `${want}|${want}`, 'one certificate per enrolment, in the database');
				}
				// every number in the database unique; per prefix, serials 1..n without gap or repeat
				const all = await api('/api/v1/certificates?limit=500');
				assert.equal(all.status, 200);
				const numbers = all.json.certificates.map((c) => c.number);
				assert.equal(new Set(numbers).size, numbers.length, 'unique numbers');
				const byPrefix = new Map();
				for (const n of numbers) byPrefix.set(n.slice(0, 16), [...(byPrefix.get(n.slice(0, 16)) || []), Number(n.slice(16))]);
				for (const [prefix, s] of byPrefix)
					assert.deepEqual(s.sort((a, b) => a - b), s.map((_, i) => i + 1), `serials of ${prefix}`);
				assert.equal(byPrefix.get(numbers.find((n) => n[15] === '5').slice(0, 16)).length, 20);
				// status list slots unique too (from the signed credentials)
				const idx = [];
				for (const c of all.json.certificates) idx.push(payloadOf(await credential(c.id)).credentialStatus.statusListIndex);
				assert.equal(new Set(idx).size, idx.length, 'unique status list indexes');
				// every credential verifies against the published keys, whichever server signed it
				const keys = createLocalJWKSet(await fetchJwks());
				for (const c of all.json.certificates.slice(0, 6)) await compactVerify(await credential(c.id), keys);

				// a revocation and a suspension of the same certificate at the same
				// moment, through the two servers: whatever the order, a revoked
				// certificate stays revoked (no lost update of a final status)
				const post = (b, id, json) => http(b, `/api/v1/certificates/${id}/status`, { method: 'POST', json, headers: { Authorization: `Bearer ${h.token}` } });
				const raced = await Promise.all((await certsOf(big.plan)).map(async (c) => {
					const [rv, sp] = await Promise.all([
						post(h.server.base, c.id, { action: 'revoke', category: 'other', reason: '并发注销' }),
						post(second.base, c.id, { action: 'suspend', reason: '并发暂停' }),
					]);
					return { c, rv, sp, after: (await api(`/api/v1/certificates/${c.id}`)).json };
				}));
				for (const { c, rv, sp, after } of raced) {
					assert.equal(rv.status, 200, rv.text);
					assert.ok(sp.status === 200 || sp.status === 409, sp.text);
					assert.equal(after.status, 'revoked', `${c.number}: suspend ${sp.status}, events ${after.events.map((e) => e.action)}`);
					assert.deepEqual(after.events.map((e) => e.action), sp.status === 200 ? ['issued', 'suspend', 'revoke'] : ['issued', 'revoke']);
				}
			} finally {
				const code = await second.stop('SIGTERM', 10000, { keepData: true });
				assert.equal(code, 0, second.stderr().slice(-2000));
			}
		});

		it('the credential: a compact JWS (EdDSA, vc+jwt) verified by jose, valid OB 3.0, the VC-JWT claims of §8.2, nothing derived from the ID number', async () => {
			const jws = await credential(certsA[0].id);
			assert.match(jws, /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/, 'compact serialization');
			const header = decodeProtectedHeader(jws);
			assert.equal(header.alg, 'EdDSA');
			assert.equal(header.typ, 'vc+jwt');
			jwks = await fetchJwks();
			const jwk = jwks.keys.find((k) => k.kid === header.kid);
			assert.ok(jwk, `kid ${header.kid} is published`);
			assert.deepEqual([jwk.kty, jwk.crv], ['OKP', 'Ed25519']);
			assert.equal(certsA[0].kid, header.kid);
			const keys = createLocalJWKSet(jwks);
			const { payload: raw, protectedHeader } = await compactVerify(jws, keys);
			assert.equal(protectedHeader.kid, header.kid);
			const text = Buffer.from(raw).toString('utf8');
			const cred = JSON.parse(text);
			await jwtVerify(jws, keys, { typ: 'vc+jwt', algorithms: ['EdDSA'] });

			// the 1EdTech schema (draft 2019-09); its "format"s are not
			// asserted by ajv (validateFormats: false, no ajv-formats): the
			// dates are checked by hand below
			const ajv = new Ajv2019({ validateFormats: false, allErrors: true, strict: false });
			const validate = ajv.compile(JSON.parse(fs.readFileSync(SCHEMA, 'utf8')));
			assert.ok(validate(cred), JSON.stringify(validate.errors, null, 1));
			for (const d of [cred.validFrom, cred.awardedDate])
				assert.match(d, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
			assert.equal(cred.validFrom.slice(0, 10), certsA[0].issued_on);
			assert.equal(cred.id, `${h.server.base}/certificates/${certsA[0].number}`);
			assert.equal(cred.issuer.name, station.name);
			assert.equal(cred.credentialSubject.achievement.humanCode, '6-18-01-01');
			assert.match(cred.credentialSubject.achievement.name, /车工 四级\/中级工/);
			const st = cred.credentialStatus;
			assert.equal(st.type, 'BitstringStatusListEntry');
			assert.equal(st.statusPurpose, 'message');
			assert.equal(st.statusSize, 2);
			assert.equal(st.statusListCredential, `${h.server.base}/status/0`);
			assert.match(st.statusListIndex, /^\d+$/);

			// the VC-JWT claims (OB 3.0 §8.2): the payload is the credential
			// with iss, nbf, jti (and sub only when the subject has an id)
			const { payload: claims } = await jwtVerify(jws, keys, { typ: 'vc+jwt', algorithms: ['EdDSA'], issuer: cred.issuer.id });
			assert.equal(claims.iss, cred.issuer.id);
			assert.equal(claims.iss, `${h.server.base}/institutions/${station.id}`);
			assert.equal(claims.nbf, Date.parse(cred.validFrom) / 1000);
			assert.equal(claims.jti, cred.id);
			assert.equal(cred.credentialSubject.id, undefined);
			assert.equal(claims.sub, undefined, 'no subject id: no sub');

			// the URLs it carries resolve for anyone: the achievement (a page
			// about the occupation at that level, zh and en) and the issuer
			const achievement = cred.credentialSubject.achievement.id;
			assert.equal(achievement, `${h.server.base}/occupations/6-18-01-01/levels/4`);
			for (const url of [achievement, cred.issuer.id]) {
				const r = await http(h.server.base, new URL(url).pathname);
				assert.equal(r.status, 200, `${url}: ${r.text.slice(0, 200)}`);
			}
			const achZh = await http(h.server.base, new URL(achievement).pathname);
			for (const s of ['车工', '四级/中级工', '6-18-01-01', '理论知识考试', '技能考核'])
				assert.ok(achZh.text.includes(s), `the achievement page names ${s}`);
			const achEn = await http(h.server.base, `${new URL(achievement).pathname}?lang=en`);
			assert.match(achEn.text, /<html lang="en">/);
			for (const s of ['Theory exam', 'Practical assessment', 'Pass mark'])
				assert.ok(achEn.text.includes(s), `in English: ${s}`);
			for (const path of ['/occupations/6-18-01-01/levels/9', '/occupations/6-18-01-01/levels/0', '/occupations/9-99-99-99/levels/4', '/occupations/6-18-01-01/levels/x'])
				assert.equal((await http(h.server.base, path)).status, 404, path);

			// the holder: nothing derived from the ID number, not even
			// salted (the salt would be published beside it); no identifier
			const holder = A.candidates.find((c) => c.name === certsA[0].holder_name);
			assert.equal(cred.credentialSubject.identifier, undefined);
			assertNothingDerived(text, holder.id_number, 'the credential', cred);
			assertNothingDerived(jws, holder.id_number, 'the JWS', cred);
			assertNothingDerived(certsA[0].qr_token, holder.id_number, 'the QR token');
			assertNothingDerived(Buffer.from(certsA[0].qr_token.split('.')[1], 'base64url').toString('utf8'), holder.id_number, 'the QR token\'s fields');
			// the status list too carries the claims
			const lst = await http(h.server.base, '/status/0');
			const { payload: lp } = await jwtVerify(lst.text.trim(), keys, { typ: 'vc+jwt', algorithms: ['EdDSA'] });
			assert.deepEqual([lp.iss, lp.jti, lp.nbf], [lp.issuer, lp.id, Date.parse(lp.validFrom) / 1000]);

			// tampered: jose refuses it
			const signed = jws.split('.');
			for (const bad of [tamper(jws, 1, 40), tamper(jws, 2, 20), `${signed[0]}.${Buffer.from(text.replace(certsA[0].number, certsA[1].number)).toString('base64url')}.${signed[2]}`])
				await assert.rejects(compactVerify(bad, keys), (e) => e.code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' || e.code === 'ERR_JWS_INVALID', 'a tampered JWS fails');
		});

		it('status: revoke, suspend then reinstate, supersede with a new name; the signed status list follows; refusals say why', async () => {
			const [c1, c2, c3] = certsA;
			const change = (c, json) => api(`/api/v1/certificates/${c.id}/status`, { method: 'POST', json });
			const get = async (id) => (await api(`/api/v1/certificates/${id}`)).json;
			// a reason is required
			for (const json of [{ action: 'revoke' }, { action: 'suspend', reason: '' }, { action: 'suspend', reason: ' \t ' }]) {
				const r = await change(c1, json);
				assert.equal(r.status, 422, r.text);
				assert.equal(r.json.error.field, 'reason');
				assert.ok(r.json.error.message.length > 0);
			}
			const noReason = await api(`/api/v1/certificates/${c3.id}/supersede`, { method: 'POST', json: { name: '新名字' } });
			assert.equal(noReason.status, 422, noReason.text);
			assert.equal(noReason.json.error.field, 'reason');
			// a revocation takes a category from the fixed list (what the public sees)
			for (const json of [{ action: 'revoke', reason: '考试作弊' }, { action: 'revoke', reason: '考试作弊', category: 'cheating' }]) {
				const r = await change(c1, json);
				assert.equal(r.status, 422, r.text);
				assert.equal(r.json.error.field, 'category');
				assert.match(r.json.error.message, /弄虚作假/);
			}
			const bogus = await change(c1, { action: 'destroy', reason: 'x' });
			assert.equal(bogus.status, 422, bogus.text);
			assert.equal(bogus.json.error.field, 'action');
			// nobody signed in, or another institution's administrator: no —
			// and the outsider learns nothing from the rules (who first, then what)
			assert.equal((await http(h.server.base, `/api/v1/certificates/${c1.id}/status`, { method: 'POST', json: { action: 'revoke', reason: 'x' } })).status, 401);
			const other = Number((await h.server.cli(['institution', 'add', '--name', uniqueName('外站'), '--type', 'exam_station', '--province', '44'])).stdout.trim());
			const outsider = apiAs(h.server.base, (await makeUser(h.server, 'certoutsider', { role: 'institution_admin', institution: other })).token);
			for (const [url, json] of [
				[`/api/v1/certificates/${c1.id}/status`, { action: 'revoke', reason: '越权' }],
				[`/api/v1/certificates/${c1.id}/status`, { action: 'destroy' }],
				[`/api/v1/certificates/${c3.id}/supersede`, { name: '越权', reason: '越权' }],
				[`/api/v1/certificates/${c3.id}/supersede`, {}],
			]) {
				const r = await outsider(url, { method: 'POST', json });
				assert.equal(r.status, 403, `${url} ${JSON.stringify(json)}: ${r.text}`);
			}
			assert.equal((await outsider(`/api/v1/certificates/${c1.id}/credential`)).status, 403);
			assert.equal((await outsider(`/api/v1/certificates/${c1.id}/certificate.pdf`)).status, 403);
			assert.deepEqual((await outsider(`/api/v1/certificates?plan=${A.plan}`)).json.certificates, []);

			assert.equal((await listValue(c1.id)), 0, 'valid: 0');
			const rv = await change(c1, { action: 'revoke', category: 'fraud', reason: '考试作弊，经查实', doc_no: '机职鉴字[2026]99号' });
			assert.equal(rv.status, 200, rv.text);
			const g1 = await get(c1.id);
			assert.deepEqual([g1.status, g1.status_reason, g1.status_category], ['revoked', '考试作弊，经查实', 'fraud']);
			// the public sees the category's label, never the staff's free text
			const pubRevoked = await verify({ number: c1.number, name: c1.holder_name });
			assert.equal(pubRevoked.status, 200, pubRevoked.text);
			assert.deepEqual([pubRevoked.json.certificates[0].status_category, pubRevoked.json.certificates[0].status_category_text], ['fraud', '弄虚作假']);
			assert.ok(!pubRevoked.text.includes('考试作弊'), pubRevoked.text);
			assert.equal((await verify({ token: c1.qr_token })).json.certificates[0].status_category, 'fraud');
			for (const [url, label] of [
				[`/verify?${new URLSearchParams({ number: c1.number, name: c1.holder_name })}`, '弄虚作假'],
				[`/v/${c1.qr_token}`, '弄虚作假'],
				[`/v/${c1.qr_token}?lang=en`, 'Fraud'],
			]) {
				const pg = await http(h.server.base, url);
				assert.equal(pg.status, 200, url);
				assert.ok(pg.text.includes(label), `${url}: the category ${label}`);
				assert.ok(!pg.text.includes('考试作弊'), `${url}: never the reason`);
			}
			assert.equal(g1.events.at(-1).action, 'revoke');
			assert.equal(g1.events.at(-1).doc_no, '机职鉴字[2026]99号');
			// a revoked certificate is not printed any more
			const rpdf = await api(`/api/v1/certificates/${c1.id}/certificate.pdf`);
			assert.equal(rpdf.status, 422, rpdf.text.slice(0, 200));
			assert.match(rpdf.json.error.message, /有效/);

			assert.equal((await change(c2, { action: 'suspend', reason: '核查中' })).status, 200);
			assert.equal((await get(c2.id)).status, 'suspended');
			assert.equal(await listValue(c2.id), STATUS_VALUE.suspended, 'suspended: 1 while suspended');
			const again = await change(c2, { action: 'suspend', reason: '再次' });
			assert.equal(again.status, 409, again.text);
			assert.ok(again.json.error.message.length > 0);
			assert.equal((await change(c2, { action: 'reinstate', reason: '核查无误' })).status, 200);
			assert.equal((await get(c2.id)).status, 'valid');
			// refused transitions: 409 with a message
			const notSuspended = await change(c2, { action: 'reinstate', reason: '多余' });
			assert.equal(notSuspended.status, 409, notSuspended.text);
			assert.match(notSuspended.json.error.message, /暂停/);
			for (const action of ['revoke', 'suspend', 'reinstate']) {
				const r = await change(c1, { action, category: 'error', reason: '再改' });
				assert.equal(r.status, 409, `${action} on a revoked one: ${r.text}`);
				assert.match(r.json.error.message, /注销|不能/);
			}
			// the corrected name follows the person registry's rules
			for (const name of ['张\n三', '   ', 'x'.repeat(51)]) {
				const r = await api(`/api/v1/certificates/${c3.id}/supersede`, { method: 'POST', json: { name, reason: '姓名更正' } });
				assert.equal(r.status, 422, `${JSON.stringify(name)}: ${r.text}`);
				assert.equal(r.json.error.field, 'name');
			}
			const onRevoked = await api(`/api/v1/certificates/${c1.id}/supersede`, { method: 'POST', json: { name: '改名', reason: '更正' } });
			assert.equal(onRevoked.status, 409, onRevoked.text);

			// supersede with a corrected name: a new certificate, the old one points at it
			const oldCred = payloadOf(await credential(c3.id));
			const newName = c3.holder_name.slice(0, 1) + '晓' + c3.holder_name.slice(1);
			const sup = await api(`/api/v1/certificates/${c3.id}/supersede`, { method: 'POST', json: { name: newName, reason: '姓名更正', doc_no: '更正[2026]1号' } });
			assert.equal(sup.status, 201, sup.text);
			const g3 = await get(c3.id);
			const n3 = await get(sup.json.id);
			assert.equal(g3.status, 'superseded');
			assert.equal(g3.superseded_by, n3.number);
			assert.equal(g3.holder_name, c3.holder_name, 'the old record keeps what it said');
			assert.deepEqual([n3.status, n3.holder_name], ['valid', newName]);
			assert.match(n3.number, NUMBER);
			assert.notEqual(n3.number, c3.number);
			assert.equal(n3.number.slice(0, 16), c3.number.slice(0, 16), 'same filing, year and level');
			assert.equal(n3.plan_id, A.plan);
			const again3 = await api(`/api/v1/certificates/${c3.id}/supersede`, { method: 'POST', json: { name: '又改', reason: '再更正' } });
			assert.equal(again3.status, 409, 'a superseded one is final');
			// the successor's credential: signed, the new name's hash holder, the same achievement
			const keys = createLocalJWKSet(await fetchJwks());
			const { payload: np } = await compactVerify(await credential(n3.id), keys);
			const newCred = JSON.parse(Buffer.from(np).toString('utf8'));
			assert.equal(newCred.id, `${h.server.base}/certificates/${n3.number}`);
			assert.notEqual(newCred.credentialStatus.statusListIndex, oldCred.credentialStatus.statusListIndex);
			assert.deepEqual(newCred.credentialSubject.achievement, oldCred.credentialSubject.achievement,
				'the successor certifies the same achievement (same criteria)');

			// the signed list, fetched from the URL in the credentials
			const cache = new Map();
			assert.equal(await listValue(c1.id, cache), STATUS_VALUE.revoked);
			assert.equal(await listValue(c2.id, cache), STATUS_VALUE.valid);
			assert.equal(await listValue(c3.id, cache), STATUS_VALUE.superseded);
			assert.equal(await listValue(n3.id, cache), STATUS_VALUE.valid);
			// and the public lookups say the same
			const pub = await verify({ number: c3.number, name: c3.holder_name });
			assert.equal(pub.status, 200, pub.text);
			assert.deepEqual([pub.json.certificates[0].status, pub.json.certificates[0].superseded_by], ['superseded', n3.number]);
			// issuing the plan again: nothing new, and "already" counts the plan's enrolments
			const re = await issue(A.plan);
			assert.equal(re.status, 200, re.text);
			assert.deepEqual([re.json.issued, re.json.already], [0, 3], re.text);
		});

		it('public verification: masked, two factors, a wrong name looks like a missing number, QR tokens signed', async () => {
			const c = certsA[1]; // valid again after the reinstatement
			const who = A.candidates.find((x) => x.name === c.holder_name);
			const r = await verify({ number: c.number, name: who.name });
			assert.equal(r.status, 200, r.text);
			assert.equal(r.headers.get('set-cookie'), null, 'a public lookup sets no cookie');
			const [v] = r.json.certificates;
			assert.equal(v.number, c.number);
			assert.equal(v.holder, `${who.name[0]}*${who.name[2]}`);
			// only the last 4: with the first 6 too, the birth date alone would be
			// unknown, and the ID-number lookup would confirm one of ~2,000
			// candidates a request at a time (docs/security.md)
			assert.equal(v.id_masked, `${'*'.repeat(14)}${who.id_number.slice(14)}`);
			assert.equal(v.status, 'valid');
			assert.equal(v.level_name, '四级/中级工');
			assert.equal(v.work_type, '--');
			assert.equal(v.institution_name, station.name);
			assert.equal(v.institution.status, 'registered');
			for (const secret of [who.id_number, who.id_number.slice(0, 17), who.name])
				assert.ok(!r.text.includes(secret), `the answer never holds ${secret}`);
			assertNothingDerived(r.text, who.id_number, 'the answer by number', r.json);
			// with spaces around what was typed: found all the same
			assert.equal((await verify({ number: ` ${c.number} `, name: ` ${who.name} ` })).status, 200);
			// typed in lower case (a number read off paper): the same certificate
			const lower = await verify({ number: c.number.toLowerCase(), name: who.name });
			assert.equal(lower.status, 200, lower.text);
			assert.equal(lower.json.certificates[0].number, c.number, 'the number as issued');
			const lowerPage = await new Session(h.server.base).get(`/verify?${new URLSearchParams({ number: c.number.toLowerCase(), name: who.name })}`);
			assert.equal(lowerPage.status, 200);
			assert.ok(lowerPage.text.includes(c.number), 'the page finds it too');

			// a wrong name and a number that does not exist: the same answer, byte for byte
			const wrong = await verify({ number: c.number, name: '王某某' });
			const missing = await verify({ number: 'S000044000123269999999', name: who.name });
			const prefix = await verify({ number: c.number, name: who.name.slice(0, 2) });
			const missingLower = await verify({ number: 's000044000123269999999', name: who.name });
			assert.equal(wrong.status, 404, wrong.text);
			for (const x of [missing, prefix, missingLower]) {
				assert.equal(x.status, wrong.status);
				assert.equal(x.text, wrong.text);
				assert.equal(x.headers.get('content-type'), wrong.headers.get('content-type'));
			}
			assert.ok(wrong.json.error.message.length > 0);
			assert.equal((await verify({ number: c.number })).status, 422, 'the name is required');

			// by ID number and name: the holder's certificates
			const byId = await verify({ id_type: 'resident_id', id_number: who.id_number, name: who.name });
			assert.equal(byId.status, 200, byId.text);
			assert.deepEqual(byId.json.certificates.map((x) => x.number), [c.number]);
			assert.ok(!byId.text.includes(who.id_number));
			assertNothingDerived(byId.text, who.id_number, 'the answer by ID number', byId.json);
			const byIdLower = await verify({ id_number: who.id_number.toLowerCase(), name: who.name });
			assert.equal(byIdLower.status, 200, 'the type defaults to resident_id; a lowercase x is the same card');
			const byIdWrong = await verify({ id_number: who.id_number, name: '王某某' });
			assert.equal(byIdWrong.status, 404);

			// by the QR token
			const tok = await verify({ token: c.qr_token });
			assert.equal(tok.status, 200, tok.text);
			assert.equal(tok.json.certificates[0].number, c.number);
			assert.equal(tok.json.certificates[0].holder, v.holder);
			assertNothingDerived(tok.text, who.id_number, 'the answer by token', tok.json);
			// the pages: /verify (by number, GET; by ID number, POST) and /v/{token}
			const visitor = new Session(h.server.base);
			const pages = [
				await visitor.get(`/verify?${new URLSearchParams({ number: c.number, name: who.name })}`),
				await visitor.post('/verify', { id_type: 'resident_id', id_number: who.id_number, name: who.name }),
				await http(h.server.base, `/v/${c.qr_token}`),
			];
			for (const pg of pages) {
				assert.equal(pg.status, 200, pg.text.slice(0, 300));
				assert.ok(pg.text.includes(`${'*'.repeat(14)}${who.id_number.slice(14)}`), 'the mask: the last 4 only');
				assertNothingDerived(pg.text, who.id_number, 'a verify page');
			}
			// the token's fields: number|masked name|occupation|level|date|kid|status list index, signed by a published key
			const [, fields, sig] = c.qr_token.split('.');
			const f = Buffer.from(fields, 'base64url').toString('utf8').split('|');
			assert.deepEqual(f.slice(0, 5), [c.number, v.holder, '6-18-01-01', '4', c.issued_on]);
			const st = payloadOf(await credential(c.id)).credentialStatus;
			assert.equal(f.length, 7);
			assert.equal(Number(f[6]), Number(/\/status\/(\d+)$/.exec(st.statusListCredential)[1]) * 131072 + Number(st.statusListIndex));
			const jwk = (await fetchJwks()).keys.find((k) => k.kid === f[5]);
			assert.ok(jwk, 'the token names a published key');
			const pub = crypto.createPublicKey({ key: jwk, format: 'jwk' });
			assert.ok(crypto.verify(null, Buffer.from(c.qr_token.slice(0, c.qr_token.lastIndexOf('.'))), pub, Buffer.from(sig, 'base64url')),
				'the signature covers the text before the second dot (checked by node:crypto)');
			// one character of the signature changed
			const i = c.qr_token.lastIndexOf('.') + 10;
			const bad = c.qr_token.slice(0, i) + (c.qr_token[i] === 'A' ? 'B' : 'A') + c.qr_token.slice(i + 1);
			const forged = await verify({ token: bad });
			assert.equal(forged.status, 422, forged.text);
			assert.match(forged.json.error.message, /签名/);
			const garbage = await verify({ token: 'v1.abc' });
			assert.equal(garbage.status, 422, garbage.text);
		});

		it('public lookups are rate-limited per address: 429 with Retry-After', async () => {
			const srv = await startServer({ engine: 'sqlite', tag: 'certrate', args: ['--verify-rate', '3'] });
			try {
				const q = '/api/v1/verify?number=S000044000123264000001&name=%E7%8E%8B%E6%9F%90';
				for (let i = 0; i < 3; i++) assert.equal((await http(srv.base, q)).status, 404, `lookup ${i + 1} is allowed`);
				const limited = await http(srv.base, q);
				assert.equal(limited.status, 429, limited.text);
				const ra = limited.headers.get('retry-after');
				assert.match(ra || '', /^\d+$/, `Retry-After: ${ra}`);
				assert.ok(Number(ra) >= 1 && Number(ra) <= 60);
				assert.ok(limited.json.error.message.length > 0);
				// the ID-number lookup draws on the same allowance
				assert.equal((await http(srv.base, '/api/v1/verify?id_number=11010519491231002X&name=%E5%BC%A0%E4%B8%89')).status, 429);
				// another address has its own
				const other = loopbackAddresses().find((x) => verifySlot(x) !== verifySlot('127.0.0.1'));
				assert.equal((await http(srv.base, q, { localAddress: other })).status, 404);
				// an address sharing 127.0.0.1's slot in the limiter's table
				// inherits its count: taking turns gives neither a new allowance
				const twin = loopbackAddresses().find((x) => x !== '127.0.0.1' && verifySlot(x) === verifySlot('127.0.0.1'));
				assert.ok(twin, 'a loopback address sharing the slot');
				await http(srv.base, q, { localAddress: twin });
				assert.equal((await http(srv.base, q)).status, 429, 'alternating with a neighbour does not refill the allowance');
			} finally {
				assert.equal(await srv.stop(), 0);
			}
		});

		it('the printed certificate: the mandatory contents, and a QR code that verifies', async () => {
			const c = certsA[1];
			const res = await fetch(`${h.server.base}/api/v1/certificates/${c.id}/certificate.pdf`, { headers: { Authorization: `Bearer ${h.token}` } });
			assert.equal(res.status, 200);
			assert.equal(res.headers.get('content-type'), 'application/pdf');
			const file = path.join(tmp, `cert-${engine}.pdf`);
			fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
			assert.equal(fs.readFileSync(file).subarray(0, 5).toString(), '%PDF-');
			const text = await run('pdftotext', ['-layout', file, '-']);
			for (const want of ['职业技能等级证书', c.number, c.holder_name, '四级/中级工', station.name, 'http://jndj.osta.org.cn', 'http://pjjg.osta.org.cn', '车工'])
				assert.ok(text.includes(want), `the certificate shows ${want}:\n${text}`);
			assert.match(text, /工种\/职业方向\s+--/, 'no work type: "--"');
			assert.match(text, /发证日期\s+\d{4}年\d{1,2}月\d{1,2}日/);
			assert.match(await run('pdfimages', ['-list', file]), /\n\s+1\s+\d+\s+image\s+120\s+168\s/, 'the photo is on the page');
			await run('pdftoppm', ['-r', '150', '-png', '-singlefile', file, path.join(tmp, `cert-${engine}`)]);
			const url = (await run('zbarimg', ['--raw', '-q', path.join(tmp, `cert-${engine}.png`)])).trim();
			const m = /\/v\/(v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/.exec(url);
			assert.ok(m, `QR: ${url}`);
			assert.ok(url.startsWith(h.server.base + '/v/'), 'the public_url setting');
			assert.equal(m[1], c.qr_token);
			const v = await verify({ token: m[1] });
			assert.equal(v.status, 200, v.text);
			assert.equal(v.json.certificates[0].number, c.number);
			// the URL itself: the public landing page of a phone's camera
			const page = await http(h.server.base, url.slice(h.server.base.length));
			assert.equal(page.status, 200, page.text.slice(0, 300));
			assert.match(page.headers.get('content-type'), /^text\/html/);
			assert.ok(page.text.includes(c.number));
			assert.ok(page.text.includes(v.json.certificates[0].holder), 'the masked name');
			const who = A.candidates.find((x) => x.name === c.holder_name);
			assert.ok(!page.text.includes(who.id_number) && !page.text.includes(who.name), 'neither the ID number nor the full name');

			// with a work type, the work type; the plan's PDF: one page per certificate
			const wt = await closedPlan(h.server, h.api, station, { pass: 2, level: 5, workType: '数控车工' });
			assert.equal((await issue(wt.plan)).status, 200);
			const [w1] = await certsOf(wt.plan);
			const wres = await fetch(`${h.server.base}/api/v1/certificates/${w1.id}/certificate.pdf`, { headers: { Authorization: `Bearer ${h.token}` } });
			const wfile = path.join(tmp, `wt-${engine}.pdf`);
			fs.writeFileSync(wfile, Buffer.from(await wres.arrayBuffer()));
			const wtext = await run('pdftotext', ['-layout', wfile, '-']);
			assert.match(wtext, /工种\/职业方向\s+数控车工/);
			assert.match(wtext, /五级\/初级工/);
			for (const [plan, n] of [[wt.plan, 2]]) {
				const pres = await fetch(`${h.server.base}/api/v1/plans/${plan}/certificates.pdf`, { headers: { Authorization: `Bearer ${h.token}` } });
				assert.equal(pres.status, 200);
				assert.equal(pres.headers.get('content-type'), 'application/pdf');
				const pfile = path.join(tmp, `plan-${plan}-${engine}.pdf`);
				fs.writeFileSync(pfile, Buffer.from(await pres.arrayBuffer()));
				assert.match(await run('pdfinfo', [pfile]), new RegExp(`^Pages:\\s+${n}$`, 'm'));
			}
			assert.equal((await http(h.server.base, `/api/v1/certificates/${c.id}/certificate.pdf`)).status, 401, 'not public');
		});

		it('a photo the registry took but that does not decode: 422 naming the photo, not a bare 500; nothing audited as printed', async () => {
			// SOI, APP0, SOF0 (358 x 441), SOS, one byte of scan data, EOI:
			// the registry's structure check passes, a JPEG decoder does not
			const jpeg = Buffer.from([
				0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0,
				0xff, 0xc0, 0, 11, 8, 0x01, 0xb9, 0x01, 0x66, 1, 1, 0x11, 0,
				0xff, 0xda, 0, 8, 1, 1, 0, 0, 63, 0, 0x42, 0xff, 0xd9,
			]);
			const p = await closedPlan(h.server, h.api, station, { pass: 1, level: 5, photo: jpeg });
			assert.equal((await issue(p.plan)).status, 200);
			const [x] = await certsOf(p.plan);
			const before = (await api('/api/v1/audit?action=certificate.print')).json.items.length;
			for (const url of [`/api/v1/certificates/${x.id}/certificate.pdf`, `/api/v1/plans/${p.plan}/certificates.pdf`]) {
				const r = await api(url);
				assert.equal(r.status, 422, `${url}: ${r.status} ${r.text.slice(0, 200)}`);
				assert.equal(r.json.error.field, 'photo');
				assert.match(r.json.error.message, /照片/);
			}
			assert.equal((await api('/api/v1/audit?action=certificate.print')).json.items.length, before, 'a failed print is not audited as printed');
			// the reason is in the log (stderr arrives on its own schedule)
			await h.server.waitForStderr(/certificate pdf \(request [0-9a-f]+\): (certificate \d+: )?photo: broken JPEG/);
		});

		it('a new signing key signs from now on; every credential signed before still verifies', async () => {
			const before = await fetchJwks();
			const old = await credential(certsA[1].id);
			const rot = await h.server.cli(['key', 'rotate']);
			assert.equal(rot.code, 0, rot.stderr);
			const after = await fetchJwks();
			assert.equal(after.keys.length, before.keys.length + 1, 'the old keys stay published');
			const fresh = after.keys.find((k) => !before.keys.some((b) => b.kid === k.kid));
			const keys = createLocalJWKSet(after);
			assert.equal((await compactVerify(old, keys)).protectedHeader.kid, certsA[1].kid);
			assert.equal((await verify({ token: certsA[1].qr_token })).status, 200, 'an old QR token still verifies');
			const p = await closedPlan(h.server, h.api, station, { pass: 1, level: 5 });
			assert.equal((await issue(p.plan)).status, 200);
			const [x] = await certsOf(p.plan);
			assert.equal(x.kid, fresh.kid);
			const { protectedHeader } = await compactVerify(await credential(x.id), keys);
			assert.equal(protectedHeader.kid, fresh.kid);
			const list = await http(h.server.base, '/status/0');
			assert.equal(decodeProtectedHeader(list.text.trim()).kid, fresh.kid, 'the status list too');
			assert.equal((await verify({ token: x.qr_token })).status, 200);
		});

		it('a new public address: new credentials carry it; a list asked for at the old address is still the old one\'s', async () => {
			const oldBase = h.server.base;
			const oldList = payloadOf(await credential(certsA[1].id)).credentialStatus.statusListCredential;
			assert.equal(oldList, `${oldBase}/status/0`);
			const set = await h.server.cli(['setting', 'set', 'public_url', 'https://verify.new.test']);
			assert.equal(set.code, 0, set.stderr);
			try {
				const p = await closedPlan(h.server, h.api, station, { pass: 1, level: 5 });
				assert.equal((await issue(p.plan)).status, 200);
				const [x] = await certsOf(p.plan);
				const cred = payloadOf(await credential(x.id));
				assert.equal(cred.id, `https://verify.new.test/certificates/${x.number}`);
				assert.equal(cred.credentialStatus.statusListCredential, 'https://verify.new.test/status/0');
				// the same list under each address (the Host the request came to)
				const atHost = (host) => new Promise((resolve, reject) => {
					const u = new URL(oldBase);
					nodeHttp.get({ host: u.hostname, port: u.port, path: '/status/0', headers: { Host: host } }, (res) => {
						let body = '';
						res.setEncoding('utf8');
						res.on('data', (d) => { body += d; });
						res.on('end', () => resolve({ status: res.statusCode, body }));
					}).on('error', reject);
				});
				const keys = createLocalJWKSet(await fetchJwks());
				const before = await atHost(new URL(oldBase).host);
				assert.equal(before.status, 200, before.body);
				assert.equal((await jwtVerify(before.body.trim(), keys)).payload.id, oldList, 'the old address: the old id');
				const now = await atHost('verify.new.test');
				assert.equal((await jwtVerify(now.body.trim(), keys)).payload.id, 'https://verify.new.test/status/0');
				const other = await atHost('unknown.example');
				assert.equal((await jwtVerify(other.body.trim(), keys)).payload.id, 'https://verify.new.test/status/0', 'any other host: the current address');
				// an old QR token still verifies wherever it is opened
				assert.equal((await verify({ token: certsA[1].qr_token })).status, 200);
			} finally {
				await h.server.cli(['setting', 'set', 'public_url', oldBase]);
			}
		});

		it('the database keeps no ID number in clear in a certificate', async () => {
			const who = A.candidates.find((x) => x.name === certsA[1].holder_name);
			const dump = await sql(h.server, 'SELECT number, id_blind, id_masked, credential, qr_token, scores FROM certificate');
			assert.ok(dump.includes(certsA[1].number));
			assert.ok(!dump.includes(who.id_number), 'no ID number in the certificate rows');
		});
	});
}
