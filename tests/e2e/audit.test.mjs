// The audit trail: what mutations write (actor, action, object, before and
// after), reading it back with filters through the API, the /audit page and
// the CSV export, `skillcert audit verify`, its signed checkpoints (the
// public GET /api/v1/audit/checkpoint, `audit checkpoint --out`), and an
// attacker who writes the database behind the program's back: the nine
// ways of editing, removing, renumbering, wiping or forging records, with
// and without recomputing the chain and fixing the head, each named by
// `audit verify` or `audit verify --against` a saved head; and the master
// key holder rewriting history, caught by a head saved before.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';

import {
	createInstitution, describeWithServer, engines, http, login, makeUser, newPassword, Session, startServer, uniqueName,
} from './lib.mjs';

/* Parses RFC 4180 CSV (quoted fields, "" escapes, CRLF rows). */
function parseCsv(text) {
	const rows = [];
	let row = [];
	let field = '';
	let quoted = false;
	let i = 0;
	while (i < text.length) {
		const c = text[i];
		if (quoted) {
			if (c === '"' && text[i + 1] === '"') {
				field += '"';
				i += 2;
				continue;
			}
			if (c === '"') quoted = false;
			else field += c;
			i++;
			continue;
		}
		if (c === '"') quoted = true;
		else if (c === ',') {
			row.push(field);
			field = '';
		} else if (c === '\r' && text[i + 1] === '\n') {
			row.push(field);
			rows.push(row);
			row = [];
			field = '';
			i++;
		} else field += c;
		i++;
	}
	if (field !== '' || row.length) {
		row.push(field);
		rows.push(row);
	}
	return rows;
}

const today = () => new Date().toISOString().slice(0, 10);
const dayOffset = (n) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);

for (const engine of engines()) {
	describeWithServer(`audit trail [${engine}]`, { engine, tag: 'audit', user: true }, (h) => {
		const base = () => h.server.base;
		let admin; // admin's session, after changing the initial password
		const adminPw = newPassword();
		let inst;
		let oldName;
		let newName;

		before(async () => {
			admin = new Session(base());
			const r = await admin.login('admin', h.server.adminPassword);
			assert.equal(r.headers.get('location'), '/account/password');
			await admin.refreshCsrf();
			const c = await admin.post('/account/password', { current_password: h.server.adminPassword, new_password: adminPw, confirm_password: adminPw });
			assert.equal(c.status, 303, c.text.slice(0, 300));
		});

		/* GET /api/v1/audit as admin (session: a GET needs no CSRF token). */
		const audit = async (query = '') => {
			const r = await admin.api(`/api/v1/audit${query}`);
			assert.equal(r.status, 200, r.text);
			return r.json;
		};

		it('mutations are recorded with actor, address, request id, action, object, before and after', async () => {
			oldName = uniqueName('审计机构');
			newName = uniqueName('审计机构新');
			const api = (p, o) => h.api(p, o);
			const c = await api('/api/v1/institutions', { method: 'POST', json: { name: oldName, type: 'exam_station', province: '44' }, headers: { 'X-Request-Id': 'audit-create-1' } });
			assert.equal(c.status, 201, c.text);
			inst = c.json;
			const rn = await api(`/api/v1/institutions/${inst.id}/rename`, { method: 'POST', json: { name: newName, reason: '合并' }, headers: { 'X-Request-Id': 'audit-rename-1' } });
			assert.equal(rn.status, 200, rn.text);
			// a user made and granted through the pages by admin
			const u = await admin.post('/admin/users', { username: 'auditee', display_name: '审计对象' });
			assert.equal(u.status, 200, u.text.slice(0, 300));
			const initial = (/<code class="token">([^<]+)<\/code>/.exec(u.text) || [])[1];
			assert.ok(initial, 'the initial password is shown once');
			const g = await admin.post('/admin/users/auditee/grants', { role: 'viewer', institution_id: String(inst.id) });
			assert.equal(g.status, 303, g.text.slice(0, 300));
			// sign-in, a failed sign-in (from another address), a CLI change
			await login(base(), h.user.name, h.user.password);
			const f = await new Session(base(), { localAddress: '127.0.0.31' }).login(h.user.name, 'Wrong-password-1');
			assert.equal(f.status, 401);
			const cli = await h.server.cli(['institution', 'add', '--name', uniqueName('命令行审计'), '--type', 'center', '--province', '11']);
			assert.equal(cli.code, 0, cli.stderr);

			const all = await audit('?limit=1000');
			assert.equal(all.items.length, all.total);
			const seqs = all.items.map((x) => x.seq);
			assert.deepEqual(seqs, [...seqs].sort((a, b) => b - a), 'newest first');
			assert.deepEqual([...seqs].sort((a, b) => a - b), Array.from({ length: seqs.length }, (_, i) => i + 1), 'seq 1..n, no gaps');
			const find = (action, objectId) => all.items.filter((x) => x.action === action && x.object_id === String(objectId));
			for (const x of all.items) {
				assert.match(x.at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
				assert.match(x.hash, /^[0-9a-f]{64}$/);
				assert.equal(typeof x.before, 'object', 'before is JSON');
				assert.equal(typeof x.after, 'object', 'after is JSON');
			}

			const [cr] = find('institution.create', inst.id);
			assert.ok(cr, 'institution.create');
			assert.equal(cr.actor, h.user.name);
			assert.equal(cr.address, '127.0.0.1');
			assert.equal(cr.request_id, 'audit-create-1');
			assert.equal(cr.object_type, 'institution');
			assert.deepEqual(cr.before, {});
			assert.deepEqual(cr.after, { name: oldName, type: 'exam_station', province: '44', credit_code: '', parent_id: 0, status: 'applying' });

			const [re] = find('institution.rename', inst.id);
			assert.ok(re, 'institution.rename');
			assert.equal(re.actor, h.user.name);
			assert.equal(re.request_id, 'audit-rename-1');
			assert.deepEqual(re.before, { name: oldName, type: 'exam_station' });
			assert.deepEqual(re.after, { name: newName, type: 'exam_station', reason: '合并', doc_no: '' });
			assert.ok(re.seq > cr.seq);

			const [uc] = find('user.create', 'auditee');
			assert.equal(uc.actor, 'admin');
			assert.equal(uc.object_type, 'user');
			assert.deepEqual(uc.after, { username: 'auditee', display_name: '审计对象' });
			const [ga] = find('grant.add', 'auditee');
			assert.equal(ga.actor, 'admin');
			assert.deepEqual(ga.after, { role: 'viewer', institution_id: inst.id });

			const logins = find('login', h.user.name);
			assert.ok(logins.length >= 1);
			assert.equal(logins[0].actor, h.user.name);
			const failed = find('login.failed', h.user.name);
			assert.equal(failed.length, 1);
			assert.equal(failed[0].actor, 'anonymous');
			assert.equal(failed[0].address, '127.0.0.31');

			const [pc] = find('user.password_change', 'admin');
			assert.equal(pc.actor, 'admin');
			assert.deepEqual(pc.after, { password: 'changed' });

			const sys = all.items.find((x) => x.action === 'institution.create' && x.actor === 'system');
			assert.ok(sys, 'the CLI acts as "system"');
			assert.equal(sys.address, 'cli');
			// the tester's user, grant and token were made by the CLI too
			assert.equal(find('user.create', h.user.name)[0].actor, 'system');
			assert.equal(find('token.create', h.user.name)[0].actor, 'system');

			// no password, token or hash of one is ever written
			const text = JSON.stringify(all);
			for (const secret of [h.server.adminPassword, adminPw, h.user.password, initial, h.token, 'Wrong-password-1'])
				assert.ok(!text.includes(secret), 'a secret in the audit trail');
		});

		it('filters: actor, action, object_type, object_id, from, to, limit, offset', async () => {
			const all = await audit('?limit=1000');
			const byActor = await audit(`?actor=${h.user.name}&limit=1000`);
			assert.ok(byActor.total >= 3);
			assert.ok(byActor.items.every((x) => x.actor === h.user.name));
			assert.equal(byActor.total, all.items.filter((x) => x.actor === h.user.name).length);
			const byAction = await audit('?action=institution.rename');
			assert.ok(byAction.total >= 1);
			assert.ok(byAction.items.every((x) => x.action === 'institution.rename'));
			const users = await audit('?object_type=user&limit=1000');
			assert.ok(users.items.every((x) => x.object_type === 'user'));
			assert.equal(users.total, all.items.filter((x) => x.object_type === 'user').length);
			const one = await audit(`?object_type=institution&object_id=${inst.id}`);
			assert.deepEqual(one.items.map((x) => x.action), ['institution.rename', 'institution.create']);
			const combined = await audit(`?actor=admin&action=grant.add&object_id=auditee`);
			assert.equal(combined.total, 1);

			assert.equal((await audit(`?from=${today()}&limit=1000`)).total, all.total, 'everything happened today (UTC)');
			assert.equal((await audit(`?to=${today()}&limit=1000`)).total, all.total);
			assert.equal((await audit(`?from=${today()}&to=${today()}`)).total, all.total);
			assert.equal((await audit(`?to=${dayOffset(-1)}`)).total, 0);
			assert.equal((await audit(`?from=${dayOffset(1)}`)).total, 0);
			for (const [q, field] of [['from=2026-13-01', 'from'], ['to=yesterday', 'to'], ['from=2026-02-30', 'from']]) {
				const r = await admin.api(`/api/v1/audit?${q}`);
				assert.equal(r.status, 422, q);
				assert.equal(r.json.error.field, field);
			}
			const page1 = await audit('?limit=2');
			assert.equal(page1.items.length, 2);
			assert.equal(page1.total, all.total);
			const page2 = await audit('?limit=2&offset=2');
			assert.deepEqual(page2.items.map((x) => x.seq), all.items.slice(2, 4).map((x) => x.seq));
			assert.deepEqual(await audit('?actor=nobody-at-all'), { items: [], total: 0 });
		});

		it('the /audit page lists and filters; /audit.csv is UTF-8 with a BOM and a header row, formulas defused', async () => {
			const page = await admin.get('/audit');
			assert.equal(page.status, 200);
			assert.match(page.headers.get('content-type'), /^text\/html/);
			assert.ok(page.text.includes('institution.rename'));
			assert.ok(page.text.includes(`institution ${inst.id}`));
			const filtered = await admin.get(`/audit?actor=${h.user.name}&action=institution.rename`);
			const rows = (filtered.text.match(/<tbody>(.*?)<\/tbody>/s) || ['', ''])[1].match(/<tr>/g) || [];
			assert.equal(rows.length, (await audit(`?actor=${h.user.name}&action=institution.rename`)).total);
			assert.ok(filtered.text.includes(`href="/audit.csv?actor=${h.user.name}&amp;action=institution.rename"`) || filtered.text.includes(`href="/audit.csv?actor=${h.user.name}&action=institution.rename"`), 'the export link keeps the filter');
			const bad = await admin.get('/audit?from=nonsense');
			assert.equal(bad.status, 422);
			assert.match(bad.text, /aria-invalid="true"/);

			// a value a spreadsheet would run: a name starting with "=",
			// and a request id starting with "-"
			const evil = `=HYPERLINK("http://evil.example","点我")${process.pid}`;
			const ev = await h.api('/api/v1/institutions', { method: 'POST', json: { name: evil, type: 'center', province: '11' }, headers: { 'X-Request-Id': '-2-3' } });
			assert.equal(ev.status, 201, ev.text);

			const res = await fetch(`${base()}/audit.csv`, { headers: { Cookie: admin.cookieHeader() } });
			assert.equal(res.status, 200);
			assert.match(res.headers.get('content-type'), /^text\/csv; charset=utf-8/);
			assert.match(res.headers.get('content-disposition') || '', /^attachment; filename="audit\.csv"/);
			const bytes = Buffer.from(await res.arrayBuffer());
			assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 byte order mark');
			const text = bytes.subarray(3).toString('utf8');
			assert.ok(text.startsWith('"seq","at","actor","address","request_id","action","object_type","object_id","before","after","hash"\r\n'), text.slice(0, 200));
			const csv = parseCsv(text);
			const head = csv[0];
			const recs = csv.slice(1).map((r) => Object.fromEntries(head.map((k, i) => [k, r[i]])));
			assert.ok(recs.every((r) => Object.keys(r).length === head.length));
			assert.equal(recs.length, (await audit('?limit=1')).total, 'every record');
			for (const r of recs)
				for (const v of Object.values(r)) assert.ok(!/^[=+\-@\t\r]/.test(v), `a field a spreadsheet would run: ${v}`);
			const evRec = recs.find((r) => r.action === 'institution.create' && r.object_id === String(ev.json.id));
			assert.equal(evRec.request_id, "'-2-3", 'a leading "-" gets an apostrophe');
			assert.equal(JSON.parse(evRec.after).name, evil, 'the name is kept exactly, inside the JSON');
			const rnRec = recs.find((r) => r.action === 'institution.rename' && r.object_id === String(inst.id));
			assert.deepEqual(JSON.parse(rnRec.before), { name: oldName, type: 'exam_station' });
			assert.equal(rnRec.address, '127.0.0.1');

			// the export follows the filter
			const f = await fetch(`${base()}/audit.csv?actor=${h.user.name}`, { headers: { Cookie: admin.cookieHeader() } });
			const frecs = parseCsv((await f.text()).replace(/^\uFEFF/, '')).slice(1);
			assert.ok(frecs.length >= 3);
			assert.ok(frecs.every((r) => r[2] === h.user.name));
		});

		it('`skillcert audit verify` says intact; so does GET /api/v1/audit/verify', async () => {
			const total = (await audit('?limit=1')).total;
			const v = await h.server.cli(['audit', 'verify']);
			assert.equal(v.code, 0, v.stdout + v.stderr);
			assert.match(v.stdout, /^audit chain intact: \d+ records\n$/);
			const n = Number(/(\d+) records/.exec(v.stdout)[1]);
			assert.ok(n >= total, `${n} checked, ${total} listed before`);
			const api = await admin.api('/api/v1/audit/verify');
			assert.equal(api.status, 200);
			assert.equal(api.json.intact, true);
			assert.ok(api.json.checked >= n);
			const list = await h.server.cli(['audit', 'list', '--actor', h.user.name, '--action', 'institution.rename']);
			assert.equal(list.code, 0);
			assert.match(list.stdout, new RegExp(`\\t${h.user.name}\\tinstitution\\.rename\\tinstitution ${inst.id}\\t`));
		});
	});
}

/* ---------- signed checkpoints, as a witness sees them ---------- */

/* The bytes a checkpoint's signature covers (docs/security.md). */
const checkpointBody = (cp) => `skillcert audit checkpoint v1\nsize ${cp.size}\nroot ${cp.root}\nat ${cp.at}\nkid ${cp.kid}\n`;

function checkpointSignatureValid(cp) {
	const key = crypto.createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: cp.public_key }, format: 'jwk' });
	return crypto.verify(null, Buffer.from(checkpointBody(cp)), key, Buffer.from(cp.signature, 'base64url'));
}

for (const engine of engines()) {
	describeWithServer(`audit checkpoints [${engine}]`, { engine, tag: 'auditcp', user: true }, (h) => {
		it('GET /api/v1/audit/checkpoint is public: size, root, time, key and a signature a witness checks alone', async () => {
			await createInstitution(h.server.base, { name: uniqueName('检查点'), type: 'center', province: '11' }, h.token);
			const r = await http(h.server.base, '/api/v1/audit/checkpoint');
			assert.equal(r.status, 200, r.text);
			assert.equal(r.headers.get('cache-control'), 'no-store');
			const cp = r.json;
			assert.deepEqual(Object.keys(cp).sort(), ['at', 'format', 'kid', 'public_key', 'root', 'signature', 'size']);
			assert.equal(cp.format, 'skillcert-audit-checkpoint/v1');
			assert.match(cp.root, /^[0-9a-f]{64}$/);
			assert.match(cp.kid, /^ed25519-[A-Za-z0-9_-]{16}$/);
			assert.ok(checkpointSignatureValid(cp), 'the signature verifies with the published key');
			assert.ok(!checkpointSignatureValid({ ...cp, size: cp.size - 1 }), 'and covers the size');
			assert.ok(!checkpointSignatureValid({ ...cp, root: cp.root.replace(/^./, (c) => (c === '0' ? '1' : '0')) }), 'and the root');
			// it is the head of the whole trail, as the API lists it
			const list = await h.api('/api/v1/audit?limit=1');
			assert.equal(cp.size, list.json.total);
			assert.equal(cp.size, list.json.items[0].seq);
			// the audit key is not a credential key: not in the JWKS
			const jwks = await http(h.server.base, '/.well-known/jwks.json');
			assert.ok(!jwks.text.includes(cp.public_key));
			// verify reports the checkpoints and the same root
			const v = await h.api('/api/v1/audit/verify');
			assert.equal(v.json.intact, true, v.text);
			assert.equal(v.json.checkpoints, v.json.checked, 'one checkpoint per record');
			assert.equal(v.json.root, cp.root);
		});

		it('the /audit page shows the newest signed checkpoint, in both languages', async () => {
			const s = await login(h.server.base, h.user.name, h.user.password);
			const cp = (await http(h.server.base, '/api/v1/audit/checkpoint')).json;
			const zh = await s.get('/audit');
			assert.equal(zh.status, 200);
			assert.match(zh.text, /<h2>签名检查点<\/h2>/);
			assert.ok(zh.text.includes(`<code>${cp.root}</code>`), 'the same root');
			assert.ok(zh.text.includes(`<code>${cp.kid}</code>`));
			assert.ok(zh.text.includes('href="/api/v1/audit/checkpoint"'));
			const en = await s.get('/audit?lang=en');
			assert.match(en.text, /<h2>Signed checkpoint<\/h2>/);
		});

		it('`audit checkpoint --out FILE` writes the same head (never over an existing file); `verify --against` it passes', async () => {
			const r = await http(h.server.base, '/api/v1/audit/checkpoint');
			const file = path.join(h.server.dataDir, 'head-1.json');
			const c = await h.server.cli(['audit', 'checkpoint', '--out', file]);
			assert.equal(c.code, 0, c.stderr);
			const saved = JSON.parse(fs.readFileSync(file, 'utf8'));
			assert.deepEqual(saved, r.json);
			const again = await h.server.cli(['audit', 'checkpoint', '--out', file]);
			assert.equal(again.code, 1);
			assert.match(again.stderr, /cannot write .*never replaced/);
			// a head saved from the endpoint works the same
			const fromApi = path.join(h.server.dataDir, 'head-api.json');
			fs.writeFileSync(fromApi, r.text);
			await createInstitution(h.server.base, { name: uniqueName('检查点后'), type: 'center', province: '12' }, h.token);
			for (const f of [file, fromApi]) {
				const v = await h.server.cli(['audit', 'verify', '--against', f]);
				assert.equal(v.code, 0, v.stdout + v.stderr);
				assert.match(v.stdout, new RegExp(`^audit chain intact: \\d+ records\\nextends the saved head: ${saved.size} records, root ${saved.root}, signed \\S+ by ${saved.kid}\\n$`));
			}
		});

		it('a saved head that was edited, or is not a checkpoint, is refused (exit 1, naming the file\'s fault)', async () => {
			const r = await http(h.server.base, '/api/v1/audit/checkpoint');
			const cases = [
				[{ ...r.json, size: r.json.size - 1 }, /signature does not verify/],
				[{ ...r.json, at: '2020-01-01T00:00:00Z' }, /signature does not verify/],
				[{ ...r.json, format: 'other/v1' }, /Not a skillcert audit checkpoint file/],
				[{ ...r.json, extra: 1 }, /Not a skillcert audit checkpoint file/],
				['not json', /Not a skillcert audit checkpoint file/],
			];
			for (const [i, [body, re]] of cases.entries()) {
				const f = path.join(h.server.dataDir, `bad-${i}.json`);
				fs.writeFileSync(f, typeof body === 'string' ? body : JSON.stringify(body));
				const v = await h.server.cli(['audit', 'verify', '--against', f], { env: { SKILLCERT_LANG: 'en' } });
				assert.equal(v.code, 1, v.stdout);
				assert.match(v.stderr, /^skillcert audit: against: /);
				assert.match(v.stderr, re);
			}
			const missing = await h.server.cli(['audit', 'verify', '--against', path.join(h.server.dataDir, 'nope.json')], { env: { SKILLCERT_LANG: 'en' } });
			assert.equal(missing.code, 1);
			assert.match(missing.stderr, /cannot read/);
			const usage = await h.server.cli(['audit', 'list', '--against', 'x']);
			assert.equal(usage.code, 2);
		});
	});
}

/* ---------- tampering ---------- */

function tool(cmd, args) {
	return new Promise((resolve, reject) => {
		const p = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PGOPTIONS: '-c client_min_messages=warning' } });
		let out = '';
		let err = '';
		p.stdout.on('data', (d) => (out += d));
		p.stderr.on('data', (d) => (err += d));
		p.on('error', reject);
		p.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${cmd} ${args.join(' ')}: ${code}: ${err}`))));
	});
}

/* Runs SQL on a stopped server's database, the append-only triggers of
 * the records and of the checkpoints dropped first. */
function tamper(srv, sql) {
	if (srv.engine === 'sqlite')
		return tool('sqlite3', [path.join(srv.dataDir, 'skillcert.db'), `DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete; DROP TRIGGER audit_checkpoint_no_update; DROP TRIGGER audit_checkpoint_no_delete; ${sql}`]);
	return tool('psql', [srv.db, '-v', 'ON_ERROR_STOP=1', '-q', '-c', `DROP TRIGGER audit_no_change ON audit; DROP TRIGGER audit_checkpoint_no_change ON audit_checkpoint; ${sql}`]);
}

function query(srv, sql) {
	if (srv.engine === 'sqlite') return tool('sqlite3', [path.join(srv.dataDir, 'skillcert.db'), sql]);
	return tool('psql', [srv.db, '-At', '-c', sql]);
}

/* BLAKE2b-256 (RFC 7693), what the chain hashes with: the attacker's
 * tool for recomputing the chain. */
const MASK = (1n << 64n) - 1n;
const B2_IV = [0x6a09e667f3bcc908n, 0xbb67ae8584caa73bn, 0x3c6ef372fe94f82bn, 0xa54ff53a5f1d36f1n,
	0x510e527fade682d1n, 0x9b05688c2b3e6c1fn, 0x1f83d9abfb41bd6bn, 0x5be0cd19137e2179n];
const B2_SIGMA = [
	[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15], [14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3],
	[11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4], [7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8],
	[9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13], [2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9],
	[12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11], [13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10],
	[6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5], [10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0]];
const rotr = (x, n) => ((x >> BigInt(n)) | (x << BigInt(64 - n))) & MASK;

function blake2b256(data) {
	const h = B2_IV.slice();
	h[0] ^= 0x01010000n ^ 32n;
	const nblocks = Math.max(1, Math.ceil(data.length / 128));
	for (let b = 0; b < nblocks; b++) {
		const block = Buffer.alloc(128);
		data.copy(block, 0, b * 128, Math.min(data.length, (b + 1) * 128));
		const m = Array.from({ length: 16 }, (_, i) => block.readBigUInt64LE(i * 8));
		const last = b === nblocks - 1;
		const v = [...h, ...B2_IV];
		v[12] ^= BigInt(last ? data.length : (b + 1) * 128);
		if (last) v[14] ^= MASK;
		const g = (a, bb, c, d, x, y) => {
			v[a] = (v[a] + v[bb] + x) & MASK;
			v[d] = rotr(v[d] ^ v[a], 32);
			v[c] = (v[c] + v[d]) & MASK;
			v[bb] = rotr(v[bb] ^ v[c], 24);
			v[a] = (v[a] + v[bb] + y) & MASK;
			v[d] = rotr(v[d] ^ v[a], 16);
			v[c] = (v[c] + v[d]) & MASK;
			v[bb] = rotr(v[bb] ^ v[c], 63);
		};
		for (let r = 0; r < 12; r++) {
			const s = B2_SIGMA[r % 10];
			g(0, 4, 8, 12, m[s[0]], m[s[1]]);
			g(1, 5, 9, 13, m[s[2]], m[s[3]]);
			g(2, 6, 10, 14, m[s[4]], m[s[5]]);
			g(3, 7, 11, 15, m[s[6]], m[s[7]]);
			g(0, 5, 10, 15, m[s[8]], m[s[9]]);
			g(1, 6, 11, 12, m[s[10]], m[s[11]]);
			g(2, 7, 8, 13, m[s[12]], m[s[13]]);
			g(3, 4, 9, 14, m[s[14]], m[s[15]]);
		}
		for (let i = 0; i < 8; i++) h[i] ^= v[i] ^ v[i + 8];
	}
	const out = Buffer.alloc(64);
	h.forEach((x, i) => out.writeBigUInt64LE(x, i * 8));
	return out.subarray(0, 32).toString('hex');
}

/* core/account.c audit_canonical: every field but the hash, each as
 * "<bytes>:<value>\n". */
const FIELDS = ['seq', 'at', 'actor_id', 'actor', 'address', 'request_id', 'action', 'object_type', 'object_id', 'before', 'after', 'prev_hash'];
const recordHash = (r) => blake2b256(Buffer.from(FIELDS.map((f) => {
	const v = String(r[f] ?? (f === 'actor_id' ? 0 : ''));
	return `${Buffer.byteLength(v)}:${v}\n`;
}).join('')));

const GENESIS = '0'.repeat(64);
const COLS = ['seq', 'at', 'actor_id', 'actor', 'address', 'request_id', 'action', 'object_type', 'object_id', 'before', 'after', 'prev_hash', 'hash'];

async function readRecords(srv) {
	const sql = srv.engine === 'sqlite'
		? `SELECT json_group_array(json_object(${COLS.map((c) => `'${c}', ${c === 'actor_id' ? 'COALESCE(actor_id, 0)' : c}`).join(', ')})) FROM (SELECT * FROM audit ORDER BY seq)`
		: `SELECT json_agg(json_build_object(${COLS.map((c) => `'${c}', ${c === 'actor_id' ? 'COALESCE(actor_id, 0)' : c}`).join(', ')}) ORDER BY seq) FROM audit`;
	return JSON.parse((await query(srv, sql)).trim() || '[]') || [];
}

const lit = (v) => (typeof v === 'number' ? String(v) : `'${String(v).replace(/'/g, "''")}'`);

/* The attacker without the master key: rewrites the records as edit(list)
 * returns them, numbered 1..n in order and chained again, and the head to
 * match (count, last hash; the tree's right edge made stale so the program
 * would rebuild it). extra: SQL to run after. */
async function rechain(srv, edit, extra = '') {
	const recs = edit(await readRecords(srv));
	let prev = GENESIS;
	recs.forEach((r, i) => {
		r.seq = i + 1;
		r.prev_hash = prev;
		r.hash = recordHash(r);
		prev = r.hash;
	});
	const inserts = recs.map((r) => `INSERT INTO audit (${COLS.join(', ')}) VALUES (${COLS.map((c) => (c === 'actor_id' && !r[c] ? 'NULL' : lit(r[c]))).join(', ')});`).join('\n');
	await tamper(srv, `DELETE FROM audit; ${inserts} UPDATE audit_head SET seq = ${recs.length}, hash = '${prev}', tree_size = 0, tree = '' WHERE id = 1; ${extra}`);
	return recs;
}

/* A fresh server with a chain of about a dozen records (made through the
 * API and the CLI), stopped with its data kept. Resolves {srv, n, token}. */
async function chain(engine) {
	const srv = await startServer({ engine, tag: 'tamper' });
	try {
		const { token } = await makeUser(srv, 'tester');
		const a = await createInstitution(srv.base, { name: uniqueName('链甲'), type: 'center', province: '11' }, token);
		await createInstitution(srv.base, { name: uniqueName('链乙'), type: 'center', province: '12', parent_id: a.id }, token);
		await http(srv.base, `/api/v1/institutions/${a.id}/rename`, { method: 'POST', json: { name: uniqueName('链甲新') }, headers: { Authorization: `Bearer ${token}` } });
		await createInstitution(srv.base, { name: uniqueName('链丙'), type: 'center', province: '13' }, token);
		await createInstitution(srv.base, { name: uniqueName('链丁'), type: 'center', province: '14' }, token);
		assert.equal(await srv.stop('SIGTERM', 10000, { keepData: true }), 0);
		const v = await srv.cli(['audit', 'verify']);
		assert.equal(v.code, 0, `intact before tampering: ${v.stdout}${v.stderr}`);
		const n = Number(/intact: (\d+) records/.exec(v.stdout)[1]);
		assert.ok(n >= 10, `${n} records`);
		return { srv, n, token };
	} catch (e) {
		await srv.stop('SIGKILL').catch(() => {});
		await srv.cleanup();
		throw e;
	}
}

/* The newest head saved outside the database, as an operator does. */
async function saveHead(srv, name = 'head.json') {
	const file = path.join(srv.dataDir, '..', `${path.basename(srv.dataDir)}-${name}`);
	const c = await srv.cli(['audit', 'checkpoint', '--out', file]);
	assert.equal(c.code, 0, c.stderr);
	return file;
}

async function verifyBroken(srv, args = []) {
	const v = await srv.cli(['audit', 'verify', ...args]);
	assert.equal(v.code, 1, `verify must fail: ${v.stdout}${v.stderr}`);
	const m = /^audit chain BROKEN at record (\d+): (.*) \((\d+) records checked\)\n$/.exec(v.stdout);
	assert.ok(m, v.stdout + v.stderr);
	return { seq: Number(m[1]), reason: m[2] };
}

async function verifyIntact(srv, args = []) {
	const v = await srv.cli(['audit', 'verify', ...args]);
	assert.equal(v.code, 0, v.stdout + v.stderr);
	return Number(/intact: (\d+) records/.exec(v.stdout)[1]);
}

/* One tampering case: a fresh chain, the attack, the checks; the data
 * removed whatever happens. */
function attack(title, engine, fn) {
	it(title, async () => {
		const c = await chain(engine);
		try {
			await fn({ ...c, mid: Math.floor(c.n / 2) });
		} finally {
			for (const f of fs.readdirSync(path.dirname(c.srv.dataDir)).filter((x) => x.startsWith(`${path.basename(c.srv.dataDir)}-`)))
				fs.rmSync(path.join(path.dirname(c.srv.dataDir), f), { force: true });
			await c.srv.cleanup();
		}
	});
}

for (const engine of engines()) {
	describe(`audit tampering [${engine}]`, () => {
		attack('the triggers refuse UPDATE and DELETE on records and on checkpoints', engine, async ({ srv }) => {
			await assert.rejects(query(srv, "UPDATE audit SET actor = 'mallory' WHERE seq = 3"), /append-only/);
			await assert.rejects(query(srv, 'DELETE FROM audit WHERE seq = 3'), /append-only/);
			await assert.rejects(query(srv, "UPDATE audit_checkpoint SET root = 'x' WHERE size = 3"), /append-only/);
			await assert.rejects(query(srv, 'DELETE FROM audit_checkpoint WHERE size = 3'), /append-only/);
			assert.equal((await srv.cli(['audit', 'verify'])).code, 0);
		});

		attack('(1) a record\'s content edited → BROKEN at that record; the server says so too', engine, async ({ srv, mid }) => {
			await tamper(srv, `UPDATE audit SET after = replace(after, '"', ' "') WHERE seq = ${mid}`);
			const b = await verifyBroken(srv);
			assert.equal(b.seq, mid);
			assert.match(b.reason, /contents do not match its hash/);
			// a server on the same data reports it through the API
			const again = await startServer({ engine, tag: 'tamper2', dataDir: srv.dataDir, db: engine === 'postgresql' ? srv.db : undefined });
			try {
				const tok = (await again.cli(['user', 'token', 'tester'])).stdout.trim();
				const api = await http(again.base, '/api/v1/audit/verify', { headers: { Authorization: `Bearer ${tok}` } });
				assert.equal(api.status, 200, api.text);
				assert.equal(api.json.intact, false);
				assert.equal(api.json.broken_seq, mid);
			} finally {
				await again.stop();
			}
		});

		attack('(2) a record edited and the chain recomputed → BROKEN at that record: its signed checkpoint does not cover it', engine, async ({ srv, mid }) => {
			await rechain(srv, (recs) => {
				recs[mid - 1].actor = 'mallory';
				return recs;
			});
			const b = await verifyBroken(srv);
			assert.equal(b.seq, mid);
			assert.match(b.reason, /differs from what its signed checkpoint covers/);
		});

		attack('(2b) … and its checkpoint forged too (a copied signature) → BROKEN: the signature is not valid', engine, async ({ srv, mid }) => {
			// a root computed by the attacker cannot be signed without the key
			await rechain(srv, (recs) => {
				recs[mid - 1].actor = 'mallory';
				return recs;
			}, `UPDATE audit_checkpoint SET root = '${'ab'.repeat(32)}' WHERE size = ${mid};`);
			const b = await verifyBroken(srv);
			assert.equal(b.seq, mid);
			assert.match(b.reason, /signature is not valid/);
		});

		attack('(3) a middle record deleted → BROKEN naming the missing one', engine, async ({ srv, mid }) => {
			await tamper(srv, `DELETE FROM audit WHERE seq = ${mid}`);
			const b = await verifyBroken(srv);
			assert.equal(b.seq, mid);
			assert.match(b.reason, new RegExp(`record ${mid} is missing`));
		});

		attack('(4) a middle record deleted, the rest renumbered and rechained, the head fixed → BROKEN where it was', engine, async ({ srv, mid }) => {
			const recs = await rechain(srv, (r) => r.filter((x) => x.seq !== mid));
			assert.equal((await query(srv, 'SELECT seq FROM audit_head')).trim(), String(recs.length));
			const b = await verifyBroken(srv);
			assert.equal(b.seq, mid);
			assert.match(b.reason, /differs from what its signed checkpoint covers/);
		});

		attack('(4b) … and every checkpoint from there on deleted → BROKEN: records without a signed checkpoint', engine, async ({ srv, mid }) => {
			await rechain(srv, (r) => r.filter((x) => x.seq !== mid), `DELETE FROM audit_checkpoint WHERE size >= ${mid};`);
			const b = await verifyBroken(srv);
			assert.equal(b.seq, mid);
			assert.match(b.reason, /has no signed checkpoint/);
		});

		attack('(5) the newest records deleted → BROKEN: the head remembers how many were written', engine, async ({ srv, n }) => {
			await tamper(srv, `DELETE FROM audit WHERE seq >= ${n - 1}`);
			const b = await verifyBroken(srv);
			assert.equal(b.seq, n - 1);
			assert.match(b.reason, new RegExp(`ends at record ${n - 2} but ${n} were written`));
		});

		attack('(6) the newest records deleted and the head fixed → BROKEN: their signed checkpoints remain', engine, async ({ srv, n }) => {
			await rechain(srv, (r) => r.slice(0, n - 2));
			const b = await verifyBroken(srv);
			assert.equal(b.seq, n - 1);
			assert.match(b.reason, new RegExp(`checkpoint ${n} was signed over ${n} records but only ${n - 2} remain: records ${n - 1}\\.\\.${n} were deleted`));
		});

		attack('(6b) … and their checkpoints deleted too → `verify --against` a head saved before: BROKEN', engine, async ({ srv, n }) => {
			const saved = await saveHead(srv);
			await rechain(srv, (r) => r.slice(0, n - 2), `DELETE FROM audit_checkpoint WHERE size > ${n - 2};`);
			// a consistent shorter trail: alone it cannot know (docs/security.md)
			assert.equal(await verifyIntact(srv), n - 2);
			const b = await verifyBroken(srv, ['--against', saved]);
			assert.equal(b.seq, n - 1);
			assert.match(b.reason, new RegExp(`the saved head covers ${n} records but only ${n - 2} remain: records ${n - 1}\\.\\.${n} were deleted`));
		});

		attack('(7) every record wiped → BROKEN at record 1', engine, async ({ srv, n }) => {
			await tamper(srv, 'DELETE FROM audit');
			const b = await verifyBroken(srv);
			assert.equal(b.seq, 1);
			assert.match(b.reason, new RegExp(`ends at record 0 but ${n} were written`));
		});

		attack('(8) everything wiped and the head reset (checkpoints and key too) → BROKEN: an empty trail; and against a saved head', engine, async ({ srv, n }) => {
			const saved = await saveHead(srv);
			await tamper(srv, `DELETE FROM audit; DELETE FROM audit_checkpoint; DELETE FROM audit_key; UPDATE audit_head SET seq = 0, hash = '${GENESIS}', tree_size = 0, tree = '' WHERE id = 1;`);
			const b = await verifyBroken(srv);
			assert.equal(b.seq, 1);
			assert.match(b.reason, /the trail is empty, but init writes the first record: it was wiped/);
			const a = await verifyBroken(srv, ['--against', saved]);
			assert.equal(a.seq, 1);
			assert.ok(n > 0);
		});

		attack('(9) a forged record inserted in the middle, renumbered and rechained → BROKEN there', engine, async ({ srv, mid }) => {
			await rechain(srv, (r) => {
				const forged = { ...r[mid - 1], action: 'institution.create', actor: 'mallory', request_id: 'forged' };
				return [...r.slice(0, mid - 1), forged, ...r.slice(mid - 1)];
			});
			const b = await verifyBroken(srv);
			assert.equal(b.seq, mid);
			assert.match(b.reason, /differs from what its signed checkpoint covers/);
		});

		attack('(9b) a forged record appended with the chain and head fixed → BROKEN: it has no signed checkpoint', engine, async ({ srv, n }) => {
			await rechain(srv, (r) => [...r, { ...r[r.length - 1], actor: 'mallory', request_id: 'forged' }]);
			const b = await verifyBroken(srv);
			assert.equal(b.seq, n + 1);
			assert.match(b.reason, /has no signed checkpoint/);
		});

		attack('(9c) … with a checkpoint copied from another record → BROKEN: its signature is not valid', engine, async ({ srv, n }) => {
			await rechain(srv, (r) => [...r, { ...r[r.length - 1], actor: 'mallory', request_id: 'forged' }],
				`INSERT INTO audit_checkpoint (size, root, at, kid, signature) SELECT ${n + 1}, root, at, kid, signature FROM audit_checkpoint WHERE size = ${n};`);
			const b = await verifyBroken(srv);
			assert.equal(b.seq, n + 1);
			assert.match(b.reason, /signature is not valid/);
		});

		attack('every checkpoint removed: the program refuses to extend the trail (the next checkpoint would cover the tampering)', engine, async ({ srv, n }) => {
			await rechain(srv, (r) => {
				r[1].actor = 'mallory';
				return r;
			}, 'DELETE FROM audit_checkpoint;');
			const w = await srv.cli(['institution', 'add', '--name', uniqueName('拒写'), '--type', 'center', '--province', '15']);
			assert.equal(w.code, 1, w.stdout);
			assert.match(w.stderr, /服务器内部错误|Internal server error/, 'refused by the trail, not by a rule');
			assert.equal((await query(srv, 'SELECT count(*) FROM audit')).trim(), String(n), 'nothing written');
			const b = await verifyBroken(srv);
			assert.equal(b.seq, 1);
			assert.match(b.reason, new RegExp(`records 1\\.\\.${n} are not covered by any signed checkpoint`));
		});

		attack('the newest checkpoint or the key removed: the next write is refused too', engine, async ({ srv, n }) => {
			await tamper(srv, `DELETE FROM audit_checkpoint WHERE size = ${n}`);
			const w = await srv.cli(['institution', 'add', '--name', uniqueName('拒写'), '--type', 'center', '--province', '15']);
			assert.equal(w.code, 1, w.stdout);
			assert.match(w.stderr, /服务器内部错误|Internal server error/, 'refused by the trail, not by a rule');
			assert.equal((await verifyBroken(srv)).seq, n);
			const other = await chain(engine);
			try {
				await tamper(other.srv, 'DELETE FROM audit_key');
				const w2 = await other.srv.cli(['institution', 'add', '--name', uniqueName('拒写'), '--type', 'center', '--province', '15']);
				assert.equal(w2.code, 1, w2.stdout);
				assert.match(w2.stderr, /服务器内部错误|Internal server error/);
				const b = await verifyBroken(other.srv);
				assert.equal(b.seq, 1);
				assert.match(b.reason, /signed by key ed25519-\S+, which is not this installation's/);
			} finally {
				await other.srv.cleanup();
			}
		});

		attack('a trail from before schema 11 is signed by `migrate` (and only then), and verifies', engine, async ({ srv, n }) => {
			// back to schema 10: no key, no checkpoint, no tree
			await query(srv, srv.engine === 'sqlite'
				? 'DROP TABLE exam_mark; DROP TABLE exam_item_stat; DROP TABLE exam_extension; DROP TABLE exam_answer; DROP TABLE exam_attempt; DROP TABLE exam_paper_item; DROP TABLE exam_paper; DROP TABLE exam_blueprint; DROP TABLE exam_item; DROP TABLE idempotency_key; DROP TABLE webhook_delivery; DROP TABLE webhook_event; DROP TABLE webhook_subscription; ALTER TABLE api_token DROP COLUMN wrote_lsn; ALTER TABLE session DROP COLUMN wrote_lsn; DROP TABLE supervision_flag; DROP INDEX certificate_supersedes; DROP INDEX certificate_issued; DROP TABLE stat_pass_mark; DROP TABLE stat_year; DROP TABLE stat_cell; ALTER TABLE plan DROP COLUMN post_spec_id; DROP TABLE post_spec; DROP TABLE plan_partner; ALTER TABLE plan DROP COLUMN candidate_pool; ALTER TABLE institution DROP COLUMN hr_filing_outside; ALTER TABLE institution DROP COLUMN hr_filing_no; ALTER TABLE institution DROP COLUMN hr_filing; DROP TABLE certificate_training; DROP TABLE training_attendance; DROP TABLE training_progress; DROP TABLE training_enrolment; DROP TABLE training_session; DROP TABLE training_lesson; DROP TABLE training_course; DROP TABLE apprentice_interruption; DROP TABLE apprentice_subsidy; DROP TABLE apprentice_progress; DROP TABLE apprentice; DROP TABLE apprenticeship_course; DROP TABLE apprenticeship_class; DROP TABLE commendation_category; DROP TABLE certificate_honour; DROP TABLE commendation_objection; DROP TABLE commendation_vote; DROP TABLE commendation_round; DROP TABLE commendation_reviewer; DROP TABLE commendation_attachment; DROP TABLE commendation_nomination; DROP TABLE commendation_quota; DROP TABLE commendation_rules; DROP TABLE commendation_campaign; DROP TABLE competition_time; DROP TABLE competition_promotion; DROP TABLE certificate_award; DROP INDEX enrolment_seat; ALTER TABLE enrolment DROP COLUMN seat; DROP TABLE competition_appeal; DROP TABLE competition_correction; DROP TABLE competition_lock; DROP TABLE competition_theory; DROP TABLE competition_mark; DROP TABLE competition_judge; DROP TABLE competition_entrant; DROP TABLE competition_entry; DROP TABLE competition_event; DROP TABLE competition_document; DROP TABLE competition_coorganiser; DROP TABLE competition; DROP TABLE notification_reminder; DROP TABLE notification; DROP TABLE password_reset; ALTER TABLE app_user DROP COLUMN email; DROP TABLE subsidy_claim; DROP TABLE plan_application_document; DROP TABLE plan_application; DROP TABLE certificate_request; DROP TABLE certificate_photo_shown; DROP TABLE plan_application_partner; DROP TABLE plan_application_offer; DROP TABLE audit_checkpoint; DROP TABLE audit_key; ALTER TABLE audit_head DROP COLUMN tree_size; ALTER TABLE audit_head DROP COLUMN tree; DROP TABLE institution_seal; DROP TABLE certificate_share; DROP INDEX app_user_person; ALTER TABLE app_user DROP COLUMN person_id; DROP INDEX certificate_number_upper; ALTER TABLE certificate DROP COLUMN status_category; DROP TABLE enrolment_claim; DELETE FROM schema_version WHERE version >= 11;'
				: 'DROP TABLE exam_mark; DROP TABLE exam_item_stat; DROP TABLE exam_extension; DROP TABLE exam_answer; DROP TABLE exam_attempt; DROP TABLE exam_paper_item; DROP TABLE exam_paper; DROP TABLE exam_blueprint; DROP TABLE exam_item; DROP TABLE idempotency_key; DROP TABLE webhook_delivery; DROP TABLE webhook_event; DROP TABLE webhook_subscription; ALTER TABLE api_token DROP COLUMN wrote_lsn; ALTER TABLE session DROP COLUMN wrote_lsn; DROP TABLE supervision_flag; DROP INDEX certificate_supersedes; DROP INDEX certificate_issued; DROP TABLE stat_pass_mark; DROP TABLE stat_year; DROP TABLE stat_cell; ALTER TABLE plan DROP COLUMN post_spec_id; DROP TABLE post_spec; DROP TABLE plan_partner; ALTER TABLE plan DROP COLUMN candidate_pool; ALTER TABLE institution DROP COLUMN hr_filing_outside; ALTER TABLE institution DROP COLUMN hr_filing_no; ALTER TABLE institution DROP COLUMN hr_filing; DROP TABLE certificate_training; DROP TABLE training_attendance; DROP TABLE training_progress; DROP TABLE training_enrolment; DROP TABLE training_session; DROP TABLE training_lesson; DROP TABLE training_course; DROP TABLE apprentice_interruption; DROP TABLE apprentice_subsidy; DROP TABLE apprentice_progress; DROP TABLE apprentice; DROP TABLE apprenticeship_course; DROP TABLE apprenticeship_class; DROP TABLE commendation_category; DROP TABLE certificate_honour; DROP TABLE commendation_objection; DROP TABLE commendation_vote; DROP TABLE commendation_round; DROP TABLE commendation_reviewer; DROP TABLE commendation_attachment; DROP TABLE commendation_nomination; DROP TABLE commendation_quota; DROP TABLE commendation_rules; DROP TABLE commendation_campaign; DROP TABLE competition_time; DROP TABLE competition_promotion; DROP TABLE certificate_award; ALTER TABLE enrolment DROP COLUMN seat; DROP TABLE competition_appeal; DROP TABLE competition_correction; DROP TABLE competition_lock; DROP TABLE competition_theory; DROP TABLE competition_mark; DROP TABLE competition_judge; DROP TABLE competition_entrant; DROP TABLE competition_entry; DROP TABLE competition_event; DROP TABLE competition_document; DROP TABLE competition_coorganiser; DROP TABLE competition; DROP TABLE notification_reminder; DROP TABLE notification; DROP TABLE password_reset; ALTER TABLE app_user DROP COLUMN email; DROP TABLE subsidy_claim; DROP TABLE plan_application_document; DROP TABLE plan_application; DROP TABLE certificate_request; DROP TABLE certificate_photo_shown; DROP TABLE plan_application_partner; DROP TABLE plan_application_offer; DROP TABLE audit_checkpoint; DROP TABLE audit_key; DROP FUNCTION audit_checkpoint_append_only(); ALTER TABLE audit_head DROP COLUMN tree_size, DROP COLUMN tree; DROP TABLE institution_seal; DROP TABLE certificate_share; ALTER TABLE app_user DROP COLUMN person_id; DROP INDEX certificate_number_upper; ALTER TABLE certificate DROP COLUMN status_category; DROP TABLE enrolment_claim; DELETE FROM schema_version WHERE version >= 11;');
			const m = await srv.cli(['migrate']);
			assert.equal(m.code, 0, m.stderr);
			assert.match(m.stdout, new RegExp(`schema 10 -> \\d+\\naudit trail: its ${n} records signed \\(checkpoint ${n}\\)\\n`));
			assert.equal(await verifyIntact(srv), n);
			const w = await srv.cli(['institution', 'add', '--name', uniqueName('升级后'), '--type', 'center', '--province', '15']);
			assert.equal(w.code, 0, w.stderr);
			assert.equal(await verifyIntact(srv), n + 1);
			// migrating again adopts nothing
			const again = await srv.cli(['migrate']);
			assert.equal(again.code, 0, again.stderr);
			assert.doesNotMatch(again.stdout, /audit trail/);
		});

		attack('two records swapped (reordered) → BROKEN at the first of them', engine, async ({ srv, mid }) => {
			await tamper(srv, `UPDATE audit SET seq = -1 WHERE seq = ${mid}; UPDATE audit SET seq = ${mid} WHERE seq = ${mid + 1}; UPDATE audit SET seq = ${mid + 1} WHERE seq = -1;`);
			const b = await verifyBroken(srv);
			assert.equal(b.seq, mid);
			assert.match(b.reason, /does not chain to the record before it/);
		});

		attack('the master key holder rewrites history and re-signs a new tree → intact alone, BROKEN against a head saved before', engine, async ({ srv, n, mid }) => {
			const saved = await saveHead(srv);
			// drop the records from mid on with their checkpoints, set the
			// head back, and let the program (which holds the key) write
			// and sign new ones until the trail is longer than before
			const recs = await readRecords(srv);
			await tamper(srv, `DELETE FROM audit WHERE seq >= ${mid}; DELETE FROM audit_checkpoint WHERE size >= ${mid}; UPDATE audit_head SET seq = ${mid - 1}, hash = '${recs[mid - 2].hash}' WHERE id = 1;`);
			for (let i = 0; i <= n - mid + 1; i++) {
				const c = await srv.cli(['institution', 'add', '--name', uniqueName('改写'), '--type', 'center', '--province', '15']);
				assert.equal(c.code, 0, c.stderr);
			}
			const total = await verifyIntact(srv);
			assert.ok(total > n, `${total} > ${n}`);
			const b = await verifyBroken(srv, ['--against', saved]);
			assert.equal(b.seq, n);
			assert.match(b.reason, new RegExp(`the first ${n} records do not give the saved head's root: history up to record ${n} was rewritten`));
		});

		attack('a head saved from another installation is refused: not this installation\'s key', engine, async ({ srv }) => {
			const other = await chain(engine);
			try {
				const file = await saveHead(other.srv, 'other.json');
				const v = await srv.cli(['audit', 'verify', '--against', file], { env: { SKILLCERT_LANG: 'en' } });
				assert.equal(v.code, 1, v.stdout);
				assert.match(v.stderr, /against: The saved checkpoint was not signed by this installation’s audit key/);
				fs.rmSync(file, { force: true });
			} finally {
				await other.srv.cleanup();
			}
		});
	});
}
