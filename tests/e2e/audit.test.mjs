// The audit trail: what mutations write (actor, action, object, before and
// after), reading it back with filters through the API, the /audit page and
// the CSV export, `skillcert audit verify`, and tampering with the
// database behind the program's back: an edited, removed, reordered or
// missing newest record breaks the chain and verify names it.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
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

/* Runs SQL on a stopped server's database, the append-only triggers
 * dropped first. */
function tamper(srv, sql) {
	if (srv.engine === 'sqlite')
		return tool('sqlite3', [path.join(srv.dataDir, 'skillcert.db'), `DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete; ${sql}`]);
	return tool('psql', [srv.db, '-v', 'ON_ERROR_STOP=1', '-q', '-c', `DROP TRIGGER audit_no_change ON audit; ${sql}`]);
}

function query(srv, sql) {
	if (srv.engine === 'sqlite') return tool('sqlite3', [path.join(srv.dataDir, 'skillcert.db'), sql]);
	return tool('psql', [srv.db, '-At', '-c', sql]);
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

async function verifyBroken(srv) {
	const v = await srv.cli(['audit', 'verify']);
	assert.equal(v.code, 1, `verify must fail: ${v.stdout}${v.stderr}`);
	const m = /^audit chain BROKEN at record (\d+): (.*) \((\d+) records checked\)\n$/.exec(v.stdout);
	assert.ok(m, v.stdout);
	return { seq: Number(m[1]), reason: m[2] };
}

for (const engine of engines()) {
	describe(`audit tampering [${engine}]`, () => {
		it('the triggers refuse UPDATE and DELETE on audit', async () => {
			const { srv } = await chain(engine);
			try {
				await assert.rejects(query(srv, "UPDATE audit SET actor = 'mallory' WHERE seq = 3"), /append-only/);
				await assert.rejects(query(srv, 'DELETE FROM audit WHERE seq = 3'), /append-only/);
				assert.equal((await srv.cli(['audit', 'verify'])).code, 0);
			} finally {
				await srv.cleanup();
			}
		});

		it('(a) one edited column of a middle record → BROKEN at that record; the server says so too', async () => {
			const { srv, n } = await chain(engine);
			let again;
			try {
				const mid = Math.floor(n / 2);
				await tamper(srv, `UPDATE audit SET after = replace(after, '"', ' "') WHERE seq = ${mid}`);
				const b = await verifyBroken(srv);
				assert.equal(b.seq, mid);
				assert.match(b.reason, /contents do not match its hash/);
				// a server on the same data reports it through the API
				again = await startServer({ engine, tag: 'tamper2', dataDir: srv.dataDir, db: engine === 'postgresql' ? srv.db : undefined });
				const tok = (await again.cli(['user', 'token', 'tester'])).stdout.trim();
				const api = await http(again.base, '/api/v1/audit/verify', { headers: { Authorization: `Bearer ${tok}` } });
				assert.equal(api.status, 200, api.text);
				assert.equal(api.json.intact, false);
				assert.equal(api.json.broken_seq, mid);
			} finally {
				if (again) await again.stop();
				await srv.cleanup();
			}
		});

		it('(b) a deleted middle record → BROKEN naming the missing one', async () => {
			const { srv, n } = await chain(engine);
			try {
				const mid = Math.floor(n / 2);
				await tamper(srv, `DELETE FROM audit WHERE seq = ${mid}`);
				const b = await verifyBroken(srv);
				assert.equal(b.seq, mid);
				assert.match(b.reason, new RegExp(`record ${mid} is missing`));
			} finally {
				await srv.cleanup();
			}
		});

		it('(c) two records swapped (reordered) → BROKEN at the first of them', async () => {
			const { srv, n } = await chain(engine);
			try {
				const mid = Math.floor(n / 2);
				await tamper(srv, `UPDATE audit SET seq = -1 WHERE seq = ${mid}; UPDATE audit SET seq = ${mid} WHERE seq = ${mid + 1}; UPDATE audit SET seq = ${mid + 1} WHERE seq = -1;`);
				const b = await verifyBroken(srv);
				assert.equal(b.seq, mid);
				assert.match(b.reason, /does not chain to the record before it/);
			} finally {
				await srv.cleanup();
			}
		});

		it('(d) the newest record deleted → BROKEN: the head remembers how many were written', async () => {
			const { srv, n } = await chain(engine);
			try {
				await tamper(srv, `DELETE FROM audit WHERE seq = ${n}`);
				const b = await verifyBroken(srv);
				assert.equal(b.seq, n);
				assert.match(b.reason, new RegExp(`ends at record ${n - 1} but ${n} were written`));
			} finally {
				await srv.cleanup();
			}
		});
	});
}

