// The institution registry through the JSON API (and the CLI where the API
// has no door): applications, numbered batches under public notice,
// objections, approval with a document, suspension / reinstatement /
// revocation, renewal, rejection and applying again, identity history,
// scope, HR filings, inspections and findings, the dashboard, the public
// directory's private fields, the derived "expired" status and the plaque.
// docs/registry.md has the rules.
//
// Time: a decision needs the notice's last day behind it while objections
// are taken only during the notice, so the tests that need both move a
// batch's notice_end into the past with SQL (sqlite3 / psql on the
// server's database), as if the days had gone by. Dates are UTC, as the
// server's.
//
// Objections are rate-limited per client address: each test files its
// objections from a loopback address of its own (127.0.0.x).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { it } from 'node:test';

import { describeWithServer, engines, http, login, makeUser, run, uniqueName } from './lib.mjs';

const routes = JSON.parse((await run(['routes'])).stdout);
const PLAQUE_ROUTE = routes.find((r) => r.method === 'GET' && /^\/(api\/v1\/)?institutions\/\{id\}\/plaque(\.pdf)?$/.test(r.pattern));

/* ---------- dates (UTC, like the server) ---------- */

const iso = (d) => d.toISOString().slice(0, 10);
const parse = (s) => new Date(`${s}T12:00:00Z`);
const today = () => iso(new Date());
function addDays(s, n) {
	const d = parse(s);
	d.setUTCDate(d.getUTCDate() + n);
	return iso(d);
}
/* + years, 02-29 clamped to 02-28 in a common year */
function addYears(s, n) {
	const y = Number(s.slice(0, 4)) + n;
	let md = s.slice(5);
	const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
	if (md === '02-29' && !leap) md = '02-28';
	return `${String(y).padStart(4, '0')}-${md}`;
}
/* the end of a 3-year registration starting on `from` */
const validUntil = (from) => addDays(addYears(from, 3), -1);
const YEAR = Number(today().slice(0, 4));
const doc = (n) => `机职鉴字[${YEAR}]${n}号`;

/* ---------- helpers ---------- */

function tool(cmd, args, { input } = {}) {
	return new Promise((resolve, reject) => {
		const p = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, PGOPTIONS: '-c client_min_messages=warning' } });
		let out = '';
		let err = '';
		p.stdout.on('data', (d) => (out += d));
		p.stderr.on('data', (d) => (err += d));
		p.on('error', reject);
		p.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${cmd} ${args.join(' ')}: ${code}: ${err}`))));
		p.stdin.end(input);
	});
}

/* SQL straight on a running server's database: the test's clock. */
function sql(srv, statement) {
	if (srv.engine === 'sqlite') return tool('sqlite3', ['-cmd', '.timeout 10000', path.join(srv.dataDir, 'skillcert.db'), statement]);
	return tool('psql', [srv.db, '-v', 'ON_ERROR_STOP=1', '-q', '-At', '-c', statement]);
}

/* The JSON error envelope with a status, and the field when given
 * (null: no field); msg a RegExp for the (English) message. */
function assertError(r, status, field, msg) {
	assert.equal(r.status, status, `status of ${r.text}`);
	assert.ok(r.json && r.json.error, `envelope: ${r.text}`);
	if (field !== undefined) assert.equal(r.json.error.field ?? null, field, r.text);
	if (msg) assert.match(r.json.error.message, msg, r.text);
}

const EN = { 'Accept-Language': 'en' };

for (const engine of engines()) {
	describeWithServer(`registry [${engine}]`, { engine, tag: 'registry', user: true }, (h) => {
		const base = () => h.server.base;
		/* as the center_admin (Bearer token), messages in English */
		const api = (p, o = {}) => h.api(p, { ...o, headers: { ...EN, ...(o.headers || {}) } });
		const post = (p, json) => api(p, { method: 'POST', json });
		/* anonymous, optionally from another loopback address */
		const anon = (p, o = {}) => http(base(), p, { ...o, headers: { ...EN, ...(o.headers || {}) } });
		const cli = (args) => h.server.cli(args, { env: { SKILLCERT_LANG: 'en' } });

		async function newInst(prefix, extra = {}) {
			const r = await post('/api/v1/institutions', { name: uniqueName(prefix), type: 'exam_station', province: '44', ...extra });
			assert.equal(r.status, 201, r.text);
			return r.json;
		}
		const get = async (id) => {
			const r = await api(`/api/v1/institutions/${id}`);
			assert.equal(r.status, 200, r.text);
			return r.json;
		};
		/* `institution show` (the CLI prints what the API does not) */
		async function show(id) {
			const r = await cli(['institution', 'show', String(id)]);
			assert.equal(r.code, 0, r.stderr);
			return r.stdout;
		}
		async function applications(id) {
			const out = await show(id);
			return [...out.matchAll(/^registration: (\d+)\t(\S+)\t(\S+)\tbatch (\d+)\t/gm)].map((m) => ({
				id: Number(m[1]), kind: m[2], status: m[3], batch: Number(m[4]),
			}));
		}
		async function pendingReg(id) {
			const p = (await applications(id)).filter((a) => a.status === 'pending');
			assert.equal(p.length, 1, `one pending application of ${id}: ${JSON.stringify(p)}`);
			return p[0].id;
		}
		async function newBatch(year = YEAR, notice_days = 7) {
			const r = await post('/api/v1/batches', { year, notice_days });
			assert.equal(r.status, 201, r.text);
			assert.equal(r.headers.get('location'), `/api/v1/batches/${r.json.id}`);
			return r.json.id;
		}
		async function addToBatch(bid, rid) {
			const r = await post(`/api/v1/batches/${bid}/add`, { registration_id: rid });
			assert.equal(r.status, 200, r.text);
			assert.deepEqual(r.json, { added: 1 });
		}
		/* A notice starts today (one dated back is refused); one "begun" on
		 * an earlier start is begun today and then moved back with SQL,
		 * as if the days had gone by. */
		async function notice(bid, start) {
			const r = await post(`/api/v1/batches/${bid}/notice`, { start: start < today() ? today() : start });
			assert.equal(r.status, 200, r.text);
			if (start < today()) {
				const days = (await api(`/api/v1/batches/${bid}`)).json.notice_days;
				await sql(h.server, `UPDATE registration_batch SET notice_start = '${start}', notice_end = '${addDays(start, days - 1)}' WHERE id = ${bid}`);
			}
		}
		async function decide(bid, approval_doc, approval_date) {
			const r = await post(`/api/v1/batches/${bid}/decide`, { approval_doc, approval_date });
			assert.equal(r.status, 200, r.text);
			return r.json.approved;
		}
		/* as if the notice had ended on `end` */
		const endNotice = (bid, end) => sql(h.server, `UPDATE registration_batch SET notice_end = '${end}' WHERE id = ${bid}`);
		/* The pending application of inst through a batch of its own,
		 * noticed 10 days ago for 7 days and approved today. */
		async function register(inst, { approvalDoc = doc(3), date = today() } = {}) {
			const rid = await pendingReg(inst.id);
			const bid = await newBatch(Number(date.slice(0, 4)));
			await addToBatch(bid, rid);
			await notice(bid, addDays(date, -10));
			assert.equal(await decide(bid, approvalDoc, date), 1);
			return get(inst.id);
		}
		const objection = (bid, institution_id, address, extra = {}) =>
			anon(`/api/v1/batches/${bid}/objections`, {
				method: 'POST',
				localAddress: address,
				json: { institution_id, filer_name: '王某', filer_contact: '13800000000', body: '该机构考场条件不符合要求。', ...extra },
			});
		const setStatus = (id, action, reason = '年检不合格', doc_no = doc(7)) =>
			post(`/api/v1/institutions/${id}/status`, { action, reason, doc_no });
		async function auditTotal(action) {
			const r = await api(`/api/v1/audit?action=${encodeURIComponent(action)}&limit=1`);
			assert.equal(r.status, 200, r.text);
			return r.json.total;
		}

		it('a new institution is applying, with one pending initial application and no registration', async () => {
			const inst = await newInst('登记申请');
			assert.equal(inst.status, 'applying');
			assert.equal(inst.registration_no, null);
			assert.equal(inst.registered_on, null);
			assert.equal(inst.valid_until, null);
			assert.equal(inst.approval_doc, '');
			const apps = await applications(inst.id);
			assert.deepEqual(apps.map((a) => [a.kind, a.status, a.batch]), [['initial', 'pending', 0]]);
			// applying again while an application is pending: 409
			assertError(await post(`/api/v1/institutions/${inst.id}/apply`, {}), 409, null, /already pending/);
			// the center itself is registered at once, with no application
			const center = await newInst('登记中心', { type: 'center' });
			assert.equal(center.status, 'registered');
			assert.deepEqual(await applications(center.id), []);
		});

		it('lifecycle: batch → notice → anonymous objection → decision refused while it is open → dismissed → registered', async () => {
			const inst = await newInst('登记全程');
			const rid = await pendingReg(inst.id);
			const auditBefore = await auditTotal('registration.approve');
			const bid = await newBatch(YEAR, 14);
			// an open batch is staff-only
			assertError(await anon(`/api/v1/batches/${bid}`), 404);
			assert.ok(!(await anon('/api/v1/batches')).json.items.some((b) => b.id === bid));
			const open = await api(`/api/v1/batches/${bid}`);
			assert.equal(open.status, 200);
			assert.equal(open.json.status, 'open');
			assert.equal(open.json.year, YEAR);
			assert.ok(open.json.seq >= 1);
			assert.equal(open.json.title, `机械行业${YEAR}年第${open.json.seq}批登记注册机构`);
			assert.equal(open.json.notice_days, 14);
			assert.equal(open.json.size, 0);

			await addToBatch(bid, rid);
			// notice began 10 days ago and runs 14 days: it is running today
			const start = addDays(today(), -10);
			await notice(bid, start);
			const b = await anon(`/api/v1/batches/${bid}`);
			assert.equal(b.status, 200, 'the public sees a batch under notice');
			assert.equal(b.json.status, 'under_notice');
			assert.equal(b.json.notice_start, start);
			assert.equal(b.json.notice_end, addDays(start, 13));
			assert.equal(b.json.size, 1);
			assert.deepEqual(b.json.applications.map((a) => [a.id, a.institution_id, a.kind, a.status]), [[rid, inst.id, 'initial', 'pending']]);
			assert.equal(b.json.objections, undefined, 'objections are for staff');
			assert.ok((await anon('/api/v1/batches?status=under_notice')).json.items.some((x) => x.id === bid));
			assert.equal((await get(inst.id)).status, 'under_notice');

			// anyone may object during the notice, without signing in
			const o = await objection(bid, inst.id, '127.0.0.2');
			assert.equal(o.status, 201, o.text);
			const oid = o.json.id;
			const staff = await api(`/api/v1/batches/${bid}`);
			assert.equal(staff.json.objections.length, 1);
			assert.equal(staff.json.objections[0].id, oid);
			assert.equal(staff.json.objections[0].status, 'open');
			assert.equal(staff.json.objections[0].filer_name, '王某');
			assert.equal(staff.json.applications[0].open_objections, 1);

			// the notice is running: no decision yet
			assertError(await post(`/api/v1/batches/${bid}/decide`, { approval_doc: doc(3), approval_date: today() }), 422, 'approval_date', /still running/);
			// the days go by; the objection is still open
			await endNotice(bid, addDays(today(), -1));
			assertError(await post(`/api/v1/batches/${bid}/decide`, { approval_doc: doc(3), approval_date: today() }), 422, null, /Objections are still open/);
			assertError(await objection(bid, inst.id, '127.0.0.2'), 422, null, /only during the public notice/);

			// dismissed: the application goes on
			const res = await post(`/api/v1/objections/${oid}/resolve`, { upheld: false, resolution: '经核查，反映情况不属实' });
			assert.equal(res.status, 200, res.text);
			assertError(await post(`/api/v1/objections/${oid}/resolve`, { upheld: true, resolution: '再次处理' }), 422, null, /resolved already/);
			assert.equal((await get(inst.id)).status, 'under_notice');

			const approvalDoc = `机职鉴字[${YEAR}]3号`;
			assert.equal(await decide(bid, approvalDoc, today()), 1);
			const reg = await get(inst.id);
			assert.equal(reg.status, 'registered');
			assert.match(reg.registration_no, new RegExp(`^JXJD${YEAR}\\d{4}$`));
			assert.equal(reg.registered_on, today());
			assert.equal(reg.valid_until, validUntil(today()));
			assert.equal(reg.approval_doc, approvalDoc);
			const decided = await api(`/api/v1/batches/${bid}`);
			assert.equal(decided.json.status, 'decided');
			assert.equal(decided.json.approval_doc, approvalDoc);
			assert.equal(decided.json.approval_date, today());
			assert.equal(decided.json.applications[0].status, 'approved');
			assert.equal(decided.json.objections[0].status, 'dismissed');
			// decided once
			assertError(await post(`/api/v1/batches/${bid}/decide`, { approval_doc: doc(4), approval_date: today() }), 422);
			assertError(await post(`/api/v1/batches/${bid}/add`, { registration_id: rid }), 422);
			// every status change is kept with its reason and document
			const out = await show(inst.id);
			assert.match(out, /^status_change: \S+\tapplying -> under_notice\t机械行业/m);
			assert.ok(out.includes(`under_notice -> registered\t机械行业${YEAR}年第${open.json.seq}批登记注册机构\t${approvalDoc}`), out);
			assert.equal(await auditTotal('registration.approve'), auditBefore + 1);
			// registration numbers are distinct
			const other = await register(await newInst('登记编号'));
			assert.notEqual(other.registration_no, reg.registration_no);
			assert.match(other.registration_no, new RegExp(`^JXJD${YEAR}\\d{4}$`));
		});

		it('the same batch decided twice at once: one decision wins, each institution gets one number, none is skipped', async () => {
			const a = await newInst('登记并发甲');
			const b = await newInst('登记并发乙');
			const bid = await newBatch();
			await addToBatch(bid, await pendingReg(a.id));
			await addToBatch(bid, await pendingReg(b.id));
			await notice(bid, addDays(today(), -10));
			const rs = await Promise.all([doc(11), doc(12), doc(13)].map((d) => post(`/api/v1/batches/${bid}/decide`, { approval_doc: d, approval_date: today() })));
			const codes = rs.map((r) => r.status);
			assert.equal(codes.filter((c) => c === 200).length, 1, `one decision: ${rs.map((r) => `${r.status} ${r.text}`).join(' | ')}`);
			for (const r of rs) if (r.status !== 200) assert.ok([404, 409, 422].includes(r.status), `the loser: ${r.status} ${r.text}`);
			const winner = rs.find((r) => r.status === 200);
			assert.deepEqual(winner.json, { approved: 2 });
			const [ga, gb] = [await get(a.id), await get(b.id)];
			assert.equal(ga.approval_doc, gb.approval_doc, 'both by the one winning document');
			const nums = [ga.registration_no, gb.registration_no].map((n) => Number(n.slice(8))).sort((x, y) => x - y);
			assert.equal(nums[1], nums[0] + 1, `consecutive numbers: ${ga.registration_no} ${gb.registration_no}`);
			const next = await register(await newInst('登记并发丙'));
			assert.equal(Number(next.registration_no.slice(8)), nums[1] + 1, `the next number follows: ${next.registration_no}`);
			assert.equal((await api(`/api/v1/batches/${bid}`)).json.approval_doc, ga.approval_doc);
		});

		it('batch and objection refusals: empty, twice, future, too early, undated, not listed, not under notice', async () => {
			const bid = await newBatch();
			// validation of the batch itself
			assertError(await post('/api/v1/batches', { year: 1999 }), 422, 'year');
			assertError(await post('/api/v1/batches', { year: YEAR, notice_days: 0 }), 422, 'notice_days');
			assertError(await post('/api/v1/batches', { year: YEAR, notice_days: 61 }), 422, 'notice_days');
			assertError(await post('/api/v1/batches/987654/notice', {}), 404);
			// nothing in it yet
			assertError(await post(`/api/v1/batches/${bid}/notice`, {}), 422, null, /no applications/);
			const inst = await newInst('登记拒绝');
			const rid = await pendingReg(inst.id);
			await addToBatch(bid, rid);
			assertError(await post(`/api/v1/batches/${bid}/add`, { registration_id: rid }), 422, null, /not pending/);
			// a decision before any notice
			assertError(await post(`/api/v1/batches/${bid}/decide`, { approval_doc: doc(3), approval_date: today() }), 422, null, /not under public notice/);
			// objections only while under notice
			assertError(await objection(bid, inst.id, '127.0.0.3'), 422, null, /not under public notice/);
			assertError(await post(`/api/v1/batches/${bid}/notice`, { start: addDays(today(), 1) }), 422, 'start', /future/);
			// nor in the past: a notice backdated to end at once was decided
			// in the same minute, never having been public
			for (const start of [addDays(today(), -1), addDays(today(), -14), '2020-01-01'])
				assertError(await post(`/api/v1/batches/${bid}/notice`, { start }), 422, 'start', /cannot start before today/);
			assert.equal((await api(`/api/v1/batches/${bid}`)).json.status, 'open', 'still open after the refusals');
			assertError(await post(`/api/v1/batches/${bid}/notice`, { start: '2026-02-30' }), 422, 'start');
			// the notice starts today
			await notice(bid, today());
			assertError(await post(`/api/v1/batches/${bid}/notice`, { start: today() }), 422, null, /no longer open/);
			// decided before the notice ended: refused on approval_date
			assertError(await post(`/api/v1/batches/${bid}/decide`, { approval_doc: doc(3), approval_date: today() }), 422, 'approval_date', /still running/);
			assertError(await post(`/api/v1/batches/${bid}/decide`, { approval_doc: doc(3), approval_date: addDays(today(), 8) }), 422, 'approval_date', /future/);
			assertError(await post(`/api/v1/batches/${bid}/decide`, { approval_date: today() }), 422, 'approval_doc', /required/);
			assertError(await post(`/api/v1/batches/${bid}/decide`, { approval_doc: '号', approval_date: today() }), 422, 'approval_doc');
			assertError(await post(`/api/v1/batches/${bid}/decide`, { approval_doc: doc(3) }), 422, 'approval_date');
			// objection rules
			const other = await newInst('登记未列入');
			assertError(await objection(bid, other.id, '127.0.0.3'), 422, 'institution_id', /not in this batch/);
			assertError(await objection(bid, inst.id, '127.0.0.3', { body: '太短' }), 422, 'body');
			assertError(await objection(bid, inst.id, '127.0.0.3', { filer_name: '' }), 422, 'filer_name');
			assertError(await objection(bid, inst.id, '127.0.0.3', { filer_contact: undefined }), 422, 'filer_contact');
			assertError(await objection(987654, inst.id, '127.0.0.3'), 404);
			// an objection outside the period
			await endNotice(bid, addDays(today(), -1));
			assertError(await objection(bid, inst.id, '127.0.0.3'), 422, null, /only during the public notice/);
			// nothing was left half-done: still one pending application
			assert.equal((await get(inst.id)).status, 'under_notice');
			assert.equal(await decide(bid, doc(3), today()), 1);
			// mutations need a signed-in user
			assertError(await anon('/api/v1/batches', { method: 'POST', json: { year: YEAR } }), 401);
		});

		it('objections are rate-limited per address: the 6th within an hour → 429 with Retry-After', async () => {
			const inst = await newInst('登记限流');
			const bid = await newBatch();
			await addToBatch(bid, await pendingReg(inst.id));
			await notice(bid, today());
			for (let i = 1; i <= 5; i++) {
				const r = await objection(bid, inst.id, '127.0.0.4', { body: `第${i}条异议，内容足够长。` });
				assert.equal(r.status, 201, `objection ${i}: ${r.text}`);
			}
			const sixth = await objection(bid, inst.id, '127.0.0.4', { body: '第6条异议，内容足够长。' });
			assert.equal(sixth.status, 429, `the 6th objection within the hour from one address: ${sixth.status} ${sixth.text}`);
			assert.equal(sixth.json.error.code, 'rate_limited');
			assert.ok(Number(sixth.headers.get('retry-after')) > 0, `Retry-After ${sixth.headers.get('retry-after')}`);
			// another address is not held up
			assert.equal((await objection(bid, inst.id, '127.0.0.5')).status, 201);
		});

		it('suspend → reinstate → revoke; reason and document required; after revocation nothing changes', async () => {
			const inst = await register(await newInst('登记暂停'));
			// refusals before anything happens
			assertError(await post(`/api/v1/institutions/${inst.id}/status`, { action: 'suspend', doc_no: doc(7) }), 422, 'reason');
			assertError(await post(`/api/v1/institutions/${inst.id}/status`, { action: 'suspend', reason: '年检不合格' }), 422, 'doc_no');
			assertError(await setStatus(inst.id, 'suspend', '', doc(7)), 422, 'reason');
			assertError(await setStatus(inst.id, 'suspend', '年检不合格', ''), 422, 'doc_no');
			assertError(await setStatus(inst.id, 'freeze'), 422, 'action');
			assertError(await setStatus(inst.id, 'reinstate'), 422, null, /not suspended/);
			assertError(await setStatus(987654, 'suspend'), 404);
			const applying = await newInst('登记未注册');
			assertError(await setStatus(applying.id, 'suspend'), 422, null, /not registered/);
			assertError(await setStatus(applying.id, 'revoke'), 422, null, /not registered/);

			assert.equal((await setStatus(inst.id, 'suspend', '年检不合格', doc(7))).status, 200);
			assert.equal((await get(inst.id)).status, 'suspended');
			assertError(await setStatus(inst.id, 'suspend'), 422, null, /not registered/);
			// a suspended institution cannot apply to renew
			assertError(await post(`/api/v1/institutions/${inst.id}/apply`, {}), 422, null, /No application/);
			assert.equal((await setStatus(inst.id, 'reinstate', '整改完成', doc(8))).status, 200);
			const back = await get(inst.id);
			assert.equal(back.status, 'registered');
			assert.equal(back.registration_no, inst.registration_no, 'the registration is kept');
			assert.equal(back.valid_until, inst.valid_until);
			assert.equal((await setStatus(inst.id, 'revoke', '严重违规', doc(9))).status, 200);
			assert.equal((await get(inst.id)).status, 'revoked');
			for (const action of ['suspend', 'reinstate', 'revoke'])
				assertError(await setStatus(inst.id, action), 422, null, /revoked: nothing more can change/);
			assertError(await post(`/api/v1/institutions/${inst.id}/apply`, {}), 422, null, /revoked/);
			// the history, with reasons and documents
			const out = await show(inst.id);
			assert.ok(out.includes(`registered -> suspended\t年检不合格\t${doc(7)}`), out);
			assert.ok(out.includes(`suspended -> registered\t整改完成\t${doc(8)}`), out);
			assert.ok(out.includes(`registered -> revoked\t严重违规\t${doc(9)}`), out);
			// audited, with the actor
			const audit = await api(`/api/v1/audit?action=institution.revoke&object_id=${inst.id}`);
			assert.equal(audit.json.total, 1);
			assert.equal(audit.json.items[0].actor, h.user.name);
		});

		it('renewal: a registered institution applies again; the new validity runs on from the old end', async () => {
			const inst = await register(await newInst('登记续期'));
			const r = await post(`/api/v1/institutions/${inst.id}/apply`, {});
			assert.equal(r.status, 201, r.text);
			const rid = r.json.registration_id;
			assert.ok(rid > 0);
			assertError(await post(`/api/v1/institutions/${inst.id}/apply`, {}), 409, null, /already pending/);
			const apps = await applications(inst.id);
			assert.deepEqual(apps.map((a) => [a.kind, a.status]), [['initial', 'approved'], ['renewal', 'pending']]);
			assert.equal(apps[1].id, rid);
			const bid = await newBatch();
			await addToBatch(bid, rid);
			await notice(bid, addDays(today(), -10));
			// it stays registered while the renewal is under notice
			assert.equal((await get(inst.id)).status, 'registered');
			assert.equal(await decide(bid, doc(21), today()), 1);
			const renewed = await get(inst.id);
			assert.equal(renewed.status, 'registered');
			assert.equal(renewed.registration_no, inst.registration_no, 'the number stays');
			assert.equal(renewed.registered_on, inst.registered_on);
			assert.equal(renewed.valid_until, validUntil(addDays(inst.valid_until, 1)));
			assert.equal(renewed.approval_doc, doc(21));
			assert.deepEqual((await applications(inst.id)).map((a) => a.status), ['approved', 'approved']);
		});

		// The transition table (core/registry.c) refuses APPROVE from suspended
		// and from revoked ("revoked (final)", docs/registry.md). A renewal
		// noticed while the institution was registered must not lift a later
		// suspension or undo a later revocation when its batch is approved.
		it('a suspension or revocation while a renewal is under notice survives the approval of its batch', async () => {
			const rev = await register(await newInst('登记续期撤销'));
			const sus = await register(await newInst('登记续期暂停'));
			const bid = await newBatch();
			for (const inst of [rev, sus]) {
				const r = await post(`/api/v1/institutions/${inst.id}/apply`, {});
				assert.equal(r.status, 201, r.text);
				await addToBatch(bid, r.json.registration_id);
			}
			await notice(bid, addDays(today(), -10));
			assert.equal((await setStatus(rev.id, 'revoke', '严重违规', doc(23))).status, 200);
			assert.equal((await setStatus(sus.id, 'suspend', '年检不合格', doc(24))).status, 200);
			const d = await post(`/api/v1/batches/${bid}/decide`, { approval_doc: doc(25), approval_date: today() });
			assert.ok(d.status === 200 || d.status === 422, `decide: ${d.status} ${d.text}`);
			const afterRev = await get(rev.id);
			const afterSus = await get(sus.id);
			assert.equal(afterRev.status, 'revoked', `a revoked institution came back: ${JSON.stringify(afterRev)} (decide → ${d.text})`);
			assert.equal(afterSus.status, 'suspended', `the suspension was lifted without a reinstatement: ${JSON.stringify(afterSus)}`);
			assert.doesNotMatch(await show(rev.id), /revoked -> registered/);
		});

		it('an application taken out of a batch under notice goes back to applying', async () => {
			const inst = await newInst('登记撤出');
			const rid = await pendingReg(inst.id);
			const bid = await newBatch();
			await addToBatch(bid, rid);
			await notice(bid, today());
			assert.equal((await get(inst.id)).status, 'under_notice');
			assertError(await post(`/api/v1/batches/${bid}/remove`, { registration_id: 987654 }), 404);
			const r = await post(`/api/v1/batches/${bid}/remove`, { registration_id: rid });
			assert.equal(r.status, 200, r.text);
			assert.equal((await get(inst.id)).status, 'applying');
			assert.deepEqual((await applications(inst.id)).map((a) => [a.id, a.status, a.batch]), [[rid, 'pending', 0]]);
			assert.equal((await api(`/api/v1/batches/${bid}`)).json.size, 0);
			assertError(await post(`/api/v1/batches/${bid}/remove`, { registration_id: rid }), 404);
			// it can go into another batch, through to registration
			const reg = await register(await get(inst.id));
			assert.equal(reg.status, 'registered');
		});

		it('an upheld objection rejects the application; a rejected institution applies again; an application can be rejected directly', async () => {
			const inst = await newInst('登记驳回');
			const rid = await pendingReg(inst.id);
			const bid = await newBatch(YEAR, 7);
			await addToBatch(bid, rid);
			await notice(bid, addDays(today(), -2));
			const o = await objection(bid, inst.id, '127.0.0.6');
			assert.equal(o.status, 201, o.text);
			assertError(await post(`/api/v1/objections/${o.json.id}/resolve`, { resolution: '属实' }), 422, 'upheld');
			assertError(await post(`/api/v1/objections/${o.json.id}/resolve`, { upheld: true }), 422, 'resolution');
			const res = await post(`/api/v1/objections/${o.json.id}/resolve`, { upheld: true, resolution: '经核查属实，不予注册' });
			assert.equal(res.status, 200, res.text);
			assert.equal((await get(inst.id)).status, 'rejected');
			assert.deepEqual((await applications(inst.id)).map((a) => [a.id, a.status]), [[rid, 'rejected']]);
			assert.match(await show(inst.id), /under_notice -> rejected\t经核查属实，不予注册/);
			// the batch goes on without it: decided, nobody approved
			await endNotice(bid, addDays(today(), -1));
			assert.equal(await decide(bid, doc(22), today()), 0);
			assert.equal((await get(inst.id)).status, 'rejected');

			// applying again: a new initial application, applying
			const again = await post(`/api/v1/institutions/${inst.id}/apply`, {});
			assert.equal(again.status, 201, again.text);
			assert.equal((await get(inst.id)).status, 'applying');
			const apps = await applications(inst.id);
			assert.deepEqual(apps.map((a) => [a.kind, a.status]), [['initial', 'rejected'], ['initial', 'pending']]);
			// rejected directly (no batch needed), with a reason
			assertError(await post(`/api/v1/registrations/${again.json.registration_id}/reject`, {}), 422, 'reason');
			assert.equal((await post(`/api/v1/registrations/${again.json.registration_id}/reject`, { reason: '材料不全' })).status, 200);
			assertError(await post(`/api/v1/registrations/${again.json.registration_id}/reject`, { reason: '再次' }), 422, null, /decided already/);
			assert.equal((await get(inst.id)).status, 'rejected');
			// and again, this time through to registration
			assert.equal((await post(`/api/v1/institutions/${inst.id}/apply`, {})).status, 201);
			const reg = await register(await get(inst.id));
			assert.equal(reg.status, 'registered');
		});

		it('change of type and rename keep the identity history with type, reason and document', async () => {
			const inst = await newInst('登记高技能人才培养基地', { type: 'training_base', province: '65' });
			assertError(await post(`/api/v1/institutions/${inst.id}/type`, { type: 'center', reason: 'x', doc_no: doc(28) }), 422, 'type');
			assertError(await post(`/api/v1/institutions/${inst.id}/type`, { type: 'castle', reason: 'x', doc_no: doc(28) }), 422, 'type');
			assertError(await post(`/api/v1/institutions/${inst.id}/type`, { type: 'exam_site', branch_kind: 'sector', reason: 'x', doc_no: doc(28) }), 422, 'branch_kind');
			assertError(await post(`/api/v1/institutions/${inst.id}/type`, { type: 'branch_center', branch_kind: 'regional', reason: 'x' }), 422, 'doc_no');
			assertError(await post(`/api/v1/institutions/${inst.id}/type`, { type: 'training_base', reason: 'x', doc_no: doc(28) }), 422, 'type');
			const t = await post(`/api/v1/institutions/${inst.id}/type`, { type: 'branch_center', branch_kind: 'regional', reason: '重新注册', doc_no: doc(29) });
			assert.equal(t.status, 200, t.text);
			const newName = uniqueName('登记新疆分中心');
			const rn = await post(`/api/v1/institutions/${inst.id}/rename`, { name: newName, reason: '机构更名', doc_no: doc(30) });
			assert.equal(rn.status, 200, rn.text);
			const now = await get(inst.id);
			assert.equal(now.name, newName);
			assert.equal(now.type, 'branch_center');
			assert.equal(now.branch_kind, 'regional');
			const names = await anon(`/api/v1/institutions/${inst.id}/names`);
			assert.equal(names.status, 200);
			const items = names.json.items;
			assert.deepEqual(items.map((n) => [n.name, n.type, n.reason, n.doc_no]), [
				[inst.name, 'training_base', '', ''],
				[inst.name, 'branch_center', '重新注册', doc(29)],
				[newName, 'branch_center', '机构更名', doc(30)],
			]);
			assert.equal(items[0].valid_to, items[1].valid_from);
			assert.equal(items[1].valid_to, items[2].valid_from);
			assert.equal(items[2].valid_to, null);
			// the new name finds it, and so does the old one, saying so
			const q = await anon(`/api/v1/institutions?q=${encodeURIComponent(newName)}`);
			assert.deepEqual(q.json.items.map((i) => [i.id, i.former_name]), [[inst.id, undefined]]);
			const old = await anon(`/api/v1/institutions?q=${encodeURIComponent(inst.name)}`);
			assert.deepEqual(old.json.items.map((i) => [i.id, i.name, i.former_name]), [[inst.id, newName, inst.name]]);
		});

		it('scope: add, replace (the old entry ends), remove; the public reads it; the list filters by occupation', async () => {
			const inst = await register(await newInst('登记范围'));
			const scope = async () => {
				const r = await anon(`/api/v1/institutions/${inst.id}/scope`);
				assert.equal(r.status, 200, r.text);
				return r.json.items;
			};
			assertError(await post(`/api/v1/institutions/${inst.id}/scope`, { occupation_code: '6-18-1-01', occupation_name: '车工', levels: '5,4', doc_no: doc(40) }), 422, 'occupation_code');
			// no name: the catalog's, so an occupation outside the catalog needs one
			assertError(await post(`/api/v1/institutions/${inst.id}/scope`, { occupation_code: '6-99-99-99', occupation_name: '', levels: '5,4', doc_no: doc(40) }), 422, 'occupation_name');
			assertError(await post(`/api/v1/institutions/${inst.id}/scope`, { occupation_code: '6-18-01-01', occupation_name: '车工', levels: '6', doc_no: doc(40) }), 422, 'levels');
			assertError(await post(`/api/v1/institutions/${inst.id}/scope`, { occupation_code: '6-18-01-01', occupation_name: '车工', levels: '4,4', doc_no: doc(40) }), 422, 'levels');
			assertError(await post(`/api/v1/institutions/${inst.id}/scope`, { occupation_code: '6-18-01-01', occupation_name: '车工', levels: '5,4' }), 422, 'doc_no');
			assert.deepEqual(await scope(), []);

			assert.equal((await post(`/api/v1/institutions/${inst.id}/scope`, { occupation_code: '6-18-01-01', occupation_name: '车工', levels: '3,4,5', doc_no: doc(40) })).status, 200);
			assert.equal((await post(`/api/v1/institutions/${inst.id}/scope`, { occupation_code: '6-18-01-02', occupation_name: '铣工', work_type: '数控铣', levels: '3', doc_no: doc(41) })).status, 200);
			let items = await scope();
			assert.deepEqual(items.map((s) => [s.occupation_code, s.occupation_name, s.work_type, s.levels, s.doc_no, s.valid_from]), [
				['6-18-01-01', '车工', '', '5,4,3', doc(40), today()],
				['6-18-01-02', '铣工', '数控铣', '3', doc(41), today()],
			]);
			const firstId = items[0].id;
			// the same occupation again replaces the entry in force
			assert.equal((await post(`/api/v1/institutions/${inst.id}/scope`, { occupation_code: '6-18-01-01', occupation_name: '车工', levels: '2,1', doc_no: doc(42) })).status, 200);
			items = await scope();
			assert.equal(items.length, 2);
			const lathe = items.find((s) => s.occupation_code === '6-18-01-01');
			assert.notEqual(lathe.id, firstId);
			assert.equal(lathe.levels, '2,1');
			assert.equal(lathe.doc_no, doc(42));
			// the occupation filter of the directory: code or part of the name
			const byCode = await anon(`/api/v1/institutions?occupation=6-18-01-02&q=${encodeURIComponent(inst.name)}`);
			assert.deepEqual(byCode.json.items.map((i) => i.id), [inst.id]);
			const byName = await anon(`/api/v1/institutions?occupation=${encodeURIComponent('铣')}&q=${encodeURIComponent(inst.name)}`);
			assert.equal(byName.json.total, 1);
			// remove, with a document
			const mill = items.find((s) => s.occupation_code === '6-18-01-02');
			assertError(await post(`/api/v1/institutions/${inst.id}/scope/${mill.id}/remove`, {}), 422, 'doc_no');
			assert.equal((await post(`/api/v1/institutions/${inst.id}/scope/${mill.id}/remove`, { doc_no: doc(43) })).status, 200);
			assertError(await post(`/api/v1/institutions/${inst.id}/scope/${mill.id}/remove`, { doc_no: doc(43) }), 404);
			assertError(await post(`/api/v1/institutions/${inst.id}/scope/${firstId}/remove`, { doc_no: doc(43) }), 404, undefined);
			assert.deepEqual((await scope()).map((s) => s.occupation_code), ['6-18-01-01']);
			assert.equal((await anon(`/api/v1/institutions?occupation=6-18-01-02&q=${encodeURIComponent(inst.name)}`)).json.total, 0);
			// an outsider cannot change the scope
			assertError(await anon(`/api/v1/institutions/${inst.id}/scope`, { method: 'POST', json: { occupation_code: '6-18-01-03', occupation_name: '磨工', levels: '3', doc_no: doc(44) } }), 401);
		});

		it('filing with the HR authority: every bad field → 422 naming it; a good one is kept', async () => {
			const inst = await register(await newInst('登记备案'));
			const good = {
				authority: '广东省人力资源和社会保障厅', filing_no: '粤人社备[2025]12号', filing_date: '2025-06-01',
				institution_code: '0012', province_code: '44', site_code: '000045',
			};
			const cases = [
				['authority', { authority: '' }],
				['authority', { authority: '厅'.repeat(101) }],
				['filing_no', { filing_no: undefined }],
				['filing_no', { filing_no: '号' }],
				['filing_date', { filing_date: '2025-13-01' }],
				['filing_date', { filing_date: undefined }],
				['institution_code', { institution_code: '12a4' }],
				['institution_code', { institution_code: '00123' }],
				['province_code', { province_code: '99' }],
				['province_code', { province_code: '' }],
				['site_code', { site_code: '12345' }],
				['site_code', { site_code: '0000４5' }],
			];
			for (const [field, change] of cases)
				assertError(await post(`/api/v1/institutions/${inst.id}/filings`, { ...good, ...change }), 422, field);
			assert.doesNotMatch(await show(inst.id), /^filing:/m, 'nothing was kept');
			const r = await post(`/api/v1/institutions/${inst.id}/filings`, good);
			assert.equal(r.status, 200, r.text);
			assert.equal((await post(`/api/v1/institutions/${inst.id}/filings`, { ...good, filing_no: '粤人社备[2026]3号', filing_date: '2026-01-10', site_code: '000046' })).status, 200);
			const filings = [...(await show(inst.id)).matchAll(/^filing: (.*)$/gm)].map((m) => m[1].split('\t'));
			// newest first: the first is the one in force
			assert.deepEqual(filings, [
				['2026-01-10', good.authority, '粤人社备[2026]3号', '0012', '44', '000046'],
				['2025-06-01', good.authority, '粤人社备[2025]12号', '0012', '44', '000045'],
			]);
		});

		it('inspections and findings: overdue on the dashboard until closed', async () => {
			const inst = await register(await newInst('登记年检'));
			const p = `/api/v1/institutions/${inst.id}/inspections`;
			assertError(await post(p, { year: YEAR, inspected_on: today(), outcome: 'great' }), 422, 'outcome');
			assertError(await post(p, { year: YEAR, inspected_on: addDays(today(), 1), outcome: 'pass' }), 422, 'inspected_on');
			assertError(await post(p, { year: 1999, inspected_on: today(), outcome: 'pass' }), 422, 'year');
			assertError(await post(p, { inspected_on: today(), outcome: 'pass' }), 422, 'year');
			const ins = await post(p, { year: YEAR, inspected_on: today(), outcome: 'rectify', notes: '考场监控不全' });
			assert.equal(ins.status, 201, ins.text);
			const iid = ins.json.id;
			const fp = `/api/v1/inspections/${iid}/findings`;
			assertError(await post(fp, { description: '', deadline: today() }), 422, 'description');
			assertError(await post(fp, { description: '补装监控', deadline: 'soon' }), 422, 'deadline');
			assertError(await post('/api/v1/inspections/987654/findings', { description: '补装监控', deadline: today() }), 404);
			const desc = uniqueName('补装监控');
			assert.equal((await post(fp, { description: desc, deadline: addDays(today(), -1) })).status, 200);
			assert.equal((await post(fp, { description: `${desc}-未到期`, deadline: addDays(today(), 30) })).status, 200);
			let dash = (await api('/api/v1/registry/dashboard')).json;
			const overdue = dash.overdue_findings.filter((f) => f.institution_id === inst.id);
			assert.deepEqual(overdue.map((f) => [f.description, f.deadline]), [[desc, addDays(today(), -1)]]);
			const out = await show(inst.id);
			assert.match(out, new RegExp(`^inspection: ${iid}\\t${YEAR}\\t${today()}\\trectify\\t考场监控不全$`, 'm'));
			assert.equal([...out.matchAll(/^finding: \d+\t\S+\topen\t/gm)].length, 2);
			// closed with a note, once
			const fid = overdue[0].id;
			assertError(await post(`/api/v1/findings/${fid}/close`, {}), 422, 'note');
			assert.equal((await post(`/api/v1/findings/${fid}/close`, { note: '已补装' })).status, 200);
			assertError(await post(`/api/v1/findings/${fid}/close`, { note: '已补装' }), 422, null, /closed already/);
			dash = (await api('/api/v1/registry/dashboard')).json;
			assert.equal(dash.overdue_findings.filter((f) => f.institution_id === inst.id).length, 0);
			assert.match(await show(inst.id), new RegExp(`^finding: ${fid}\\t\\S+\\tclosed\\t`, 'm'));
		});

		it('dashboard counts follow what happens; staff only', async () => {
			const counts = async () => {
				const r = await api('/api/v1/registry/dashboard');
				assert.equal(r.status, 200, r.text);
				assert.equal(r.json.today, today());
				return r.json.counts;
			};
			const before = await counts();
			assert.deepEqual(Object.keys(before).sort(), ['applying', 'expired', 'expiring_90_days', 'open_objections', 'overdue_findings', 'registered', 'suspended', 'under_notice']);
			await newInst('登记统计申请'); // applying +1
			const noticed = await newInst('登记统计公示'); // under notice +1
			const bid = await newBatch();
			await addToBatch(bid, await pendingReg(noticed.id));
			await notice(bid, today());
			assert.equal((await objection(bid, noticed.id, '127.0.0.7')).status, 201); // open objection +1
			await register(await newInst('登记统计注册')); // registered +1
			const susp = await register(await newInst('登记统计暂停'));
			assert.equal((await setStatus(susp.id, 'suspend')).status, 200); // suspended +1
			const ins = await post(`/api/v1/institutions/${susp.id}/inspections`, { year: YEAR, inspected_on: today(), outcome: 'fail' });
			assert.equal((await post(`/api/v1/inspections/${ins.json.id}/findings`, { description: '逾期事项', deadline: addDays(today(), -3) })).status, 200); // overdue +1
			const after = await counts();
			const delta = Object.fromEntries(Object.keys(after).map((k) => [k, after[k] - before[k]]));
			assert.deepEqual(delta, {
				applying: 1, under_notice: 1, registered: 1, expired: 0, expiring_90_days: 0,
				suspended: 1, overdue_findings: 1, open_objections: 1,
			});
			// staff only
			assertError(await anon('/api/v1/registry/dashboard'), 401);
			const outsider = await makeUser(h.server, 'regdashoutsider', { role: 'institution_admin', institution: susp.id });
			assertError(await http(base(), '/api/v1/registry/dashboard', { headers: { Authorization: `Bearer ${outsider.token}` } }), 403);
		});

		it('the directory hides private fields from the public and from staff outside the grant', async () => {
			const contacts = { contact_name: '张三', contact_phone: '020-12345678', contact_email: 'zhang@example.cn', address: '广州市某路1号', host_org: '某集团' };
			const a = await newInst('登记私密甲', contacts);
			const b = await newInst('登记私密乙');
			const PRIVATE = ['contact_name', 'contact_phone', 'contact_email', 'credit_code_note'];
			const hasNone = (o, who) => {
				for (const k of PRIVATE) assert.ok(!(k in o), `${who} sees ${k}: ${JSON.stringify(o)}`);
			};
			// the center admin sees them
			const admin = await get(a.id);
			assert.equal(admin.contact_name, '张三');
			assert.equal(admin.contact_phone, '020-12345678');
			assert.equal(admin.contact_email, 'zhang@example.cn');
			assert.equal(admin.credit_code_note, '');
			// the public sees the public fields only
			const pub = await anon(`/api/v1/institutions/${a.id}`);
			assert.equal(pub.status, 200);
			hasNone(pub.json, 'anonymous');
			assert.equal(pub.json.address, '广州市某路1号');
			assert.equal(pub.json.host_org, '某集团');
			const list = await anon(`/api/v1/institutions?q=${encodeURIComponent('登记私密')}`);
			assert.ok(list.json.items.length >= 2);
			for (const it2 of list.json.items) hasNone(it2, 'the anonymous list');
			// the list is the public directory even for staff
			for (const it2 of (await api(`/api/v1/institutions?q=${encodeURIComponent(a.name)}`)).json.items) hasNone(it2, 'the list');
			// an institution_admin of B does not see A's; one of A does
			const outsider = await makeUser(h.server, 'regprivoutsider', { role: 'institution_admin', institution: b.id });
			const insider = await makeUser(h.server, 'regprivinsider', { role: 'institution_admin', institution: a.id });
			const asOut = await http(base(), `/api/v1/institutions/${a.id}`, { headers: { Authorization: `Bearer ${outsider.token}` } });
			assert.equal(asOut.status, 200);
			hasNone(asOut.json, 'an out-of-scope institution_admin');
			const asIn = await http(base(), `/api/v1/institutions/${a.id}`, { headers: { Authorization: `Bearer ${insider.token}` } });
			assert.equal(asIn.json.contact_name, '张三');
		});

		it('status filter "expired": a registration approved in 2020 ran out on 2023-01-31; it renews from the approval', async () => {
			const inst = await newInst('登记过期');
			const rid = await pendingReg(inst.id);
			const bid = await newBatch(2020);
			assert.equal((await api(`/api/v1/batches/${bid}`)).json.year, 2020);
			await addToBatch(bid, rid);
			await notice(bid, '2020-01-01');
			assert.equal((await api(`/api/v1/batches/${bid}`)).json.notice_end, '2020-01-07');
			assert.equal(await decide(bid, '机职鉴字[2020]1号', '2020-02-01'), 1);
			const got = await get(inst.id);
			assert.equal(got.valid_until, '2023-01-31');
			assert.equal(got.registered_on, '2020-02-01');
			assert.match(got.registration_no, /^JXJD2020\d{4}$/);
			const q = encodeURIComponent(inst.name);
			const expired = await anon(`/api/v1/institutions?status=expired&q=${q}`);
			assert.deepEqual(expired.json.items.map((i) => [i.id, i.status]), [[inst.id, 'expired']]);
			assert.equal((await anon(`/api/v1/institutions?status=registered&q=${q}`)).json.total, 0);
			assert.equal((await anon(`/api/v1/institutions?q=${q}`)).json.items[0].status, 'expired');
			assertError(await anon('/api/v1/institutions?status=lapsed'), 422, 'status');
			// on the dashboard's expiring list
			assert.ok((await api('/api/v1/registry/dashboard')).json.expiring.some((e) => e.id === inst.id && e.valid_until === '2023-01-31'));
			// no plaque for a lapsed registration
			const file = path.join(h.server.dataDir, `plaque-expired-${inst.id}.pdf`);
			const pl = await cli(['institution', 'plaque', String(inst.id), '--out', file]);
			assert.equal(pl.code, 1, pl.stderr);
			assert.match(pl.stderr, /Only a registered, valid institution/);
			assert.ok(!fs.existsSync(file));
			// the CLI shows the effective status
			assert.match(await show(inst.id), /^status: expired$/m);
			// a lapsed registration renews from the approval, keeping its number
			const r = await post(`/api/v1/institutions/${inst.id}/apply`, {});
			assert.equal(r.status, 201, r.text);
			const b2 = await newBatch();
			await addToBatch(b2, r.json.registration_id);
			await notice(b2, addDays(today(), -10));
			assert.equal(await decide(b2, doc(50), today()), 1);
			const renewed = await get(inst.id);
			assert.equal(renewed.valid_until, validUntil(today()));
			assert.equal(renewed.registration_no, got.registration_no);
			assert.equal((await anon(`/api/v1/institutions?status=registered&q=${q}`)).json.total, 1);
		});

		it('the plaque (registration certificate): name, number and document; none for an applying or suspended institution', async () => {
			const inst = await register(await newInst('登记证书'), { approvalDoc: doc(60) });
			assert.equal((await post(`/api/v1/institutions/${inst.id}/scope`, { occupation_code: '6-18-01-01', occupation_name: '车工', levels: '5,4,3', doc_no: doc(61) })).status, 200);
			const applying = await newInst('登记证书申请');
			const suspended = await register(await newInst('登记证书暂停'));
			assert.equal((await setStatus(suspended.id, 'suspend')).status, 200);
			const file = path.join(h.server.dataDir, `plaque-${inst.id}.pdf`);
			let session = null;

			/* through the CLI (always) and the page or API route when the
			 * server has one (`skillcert routes`) */
			const viaCli = async (id) => {
				fs.rmSync(file, { force: true });
				const r = await cli(['institution', 'plaque', String(id), '--out', file]);
				return { how: 'cli', ok: r.code === 0, code: r.code, text: r.stderr, buf: r.code === 0 ? fs.readFileSync(file) : null };
			};
			const viaRoute = async (id) => {
				const url = PLAQUE_ROUTE.pattern.replace('{id}', String(id));
				// an API route takes the token; a page, the session cookie
				let headers = { ...EN };
				if (PLAQUE_ROUTE.kind === 'api') headers.Authorization = `Bearer ${h.token}`;
				else if (!PLAQUE_ROUTE.public) {
					session ||= await login(base(), h.user.name, h.user.password);
					headers = { ...headers, Cookie: session.cookieHeader() };
				}
				const res = await fetch(base() + url, { headers, redirect: 'manual' });
				const buf = Buffer.from(await res.arrayBuffer());
				return { how: `GET ${url}`, ok: res.status === 200, status: res.status, type: res.headers.get('content-type'), buf, text: buf.toString('utf8') };
			};
			const ways = PLAQUE_ROUTE ? [viaCli, viaRoute] : [viaCli];
			for (const plaque of ways) {
				const ok = await plaque(inst.id);
				assert.ok(ok.ok, `plaque (${ok.how}): ${ok.status ?? ok.code} ${ok.text.slice(0, 300)}`);
				if (ok.type) assert.match(ok.type, /^application\/pdf/);
				assert.equal(ok.buf.subarray(0, 5).toString('latin1'), '%PDF-');
				fs.writeFileSync(file, ok.buf);
				const text = (await tool('pdftotext', [file, '-'])).replace(/\s+/g, ' ');
				assert.ok(text.includes(inst.name), `name on the plaque (${ok.how}): ${text}`);
				assert.ok(text.includes(inst.registration_no), `number on the plaque: ${text}`);
				assert.ok(text.includes(doc(60)), `document on the plaque: ${text}`);
				// dates as a certificate prints them: 2031年3月1日
				const zh = inst.valid_until.replace(/^(\d{4})-0?(\d{1,2})-0?(\d{1,2})$/, '$1年$2月$3日');
				assert.ok(text.includes(zh), `validity on the plaque: ${text}`);
				assert.ok(text.includes('车工'), `scope on the plaque: ${text}`);
				for (const [id, what] of [[applying.id, 'applying'], [suspended.id, 'suspended']]) {
					const r = await plaque(id);
					assert.ok(!r.ok, `a plaque for an ${what} institution (${r.how})`);
					if (r.how === 'cli') {
						assert.equal(r.code, 1, `${what}: exit ${r.code}`);
						assert.match(r.text, /Only a registered, valid institution/);
					} else {
						// the page answers "no such plaque" (404) or refuses (422)
						assert.ok([404, 422].includes(r.status), `${what} (${r.how}): ${r.status}`);
						assert.ok(!r.buf.subarray(0, 5).toString('latin1').startsWith('%PDF'), 'no PDF');
						assert.ok(/Only a registered, valid institution|仅已注册且在有效期内的机构可打印注册证书/.test(r.text), r.text.slice(0, 500));
					}
				}
			}
		});

		it('CLI: skillcert batch … and institution status / scope / file / inspect: exit codes and output', async () => {
			const inst = await newInst('登记命令行');
			const rid = await pendingReg(inst.id);
			// usage errors: exit 2
			for (const args of [['batch'], ['batch', 'create'], ['batch', 'create', '--year', '1999'], ['batch', 'show'], ['batch', 'add', 'x'],
				['batch', 'create', '--year', String(YEAR), '--notice-days', '0'], ['batch', 'resolve', '1', '--reason', 'r'], ['batch', 'fly', '1']]) {
				const r = await cli(args);
				assert.equal(r.code, 2, `${args.join(' ')} → ${r.code}: ${r.stderr}`);
			}
			const c = await cli(['batch', 'create', '--year', String(YEAR), '--title', '命令行测试批', '--notice-days', '5']);
			assert.equal(c.code, 0, c.stderr);
			assert.match(c.stdout, /^\d+\n$/);
			const bid = c.stdout.trim();
			const list = await cli(['batch', 'list', '--status', 'open']);
			assert.equal(list.code, 0);
			assert.match(list.stdout, new RegExp(`^${bid}\\t${YEAR}-\\d+\\topen\\t0\\t命令行测试批$`, 'm'));
			const add = await cli(['batch', 'add', bid, '--registration', String(rid)]);
			assert.equal(add.code, 0, add.stderr);
			assert.equal(add.stdout, '1 added\n');
			const future = await cli(['batch', 'notice', bid, '--start', addDays(today(), 1)]);
			assert.equal(future.code, 1);
			assert.match(future.stderr, /^skillcert batch: start: The date cannot be in the future/);
			assert.equal((await cli(['batch', 'notice', bid, '--start', addDays(today(), -7)])).code, 0);
			const shown = await cli(['batch', 'show', bid]);
			assert.equal(shown.code, 0);
			assert.match(shown.stdout, new RegExp(`^batch ${bid}: ${YEAR}-\\d+ 命令行测试批\\nstatus: under_notice\\nnotice: ${addDays(today(), -7)} \\.\\. ${addDays(today(), -3)} \\(5 days\\)`));
			assert.match(shown.stdout, new RegExp(`^application ${rid}\\tinitial\\tpending\\tinstitution ${inst.id} `, 'm'));
			const nodoc = await cli(['batch', 'decide', bid, '--date', today()]);
			assert.equal(nodoc.code, 1);
			assert.match(nodoc.stderr, /approval_doc: The document number is required/);
			const dec = await cli(['batch', 'decide', bid, '--doc', doc(70), '--date', today()]);
			assert.equal(dec.code, 0, dec.stderr);
			assert.equal(dec.stdout, '1 approved\n');
			assert.equal((await cli(['batch', 'show', '987654'])).code, 1);

			// institution status
			const id = String(inst.id);
			for (const args of [['institution', 'status', id], ['institution', 'status', id, '--action', 'freeze', '--reason', 'r', '--doc', doc(71)], ['institution', 'inspect', id, '--date', today(), '--outcome', 'pass']]) {
				const r = await cli(args);
				assert.equal(r.code, 2, `${args.join(' ')} → ${r.code}: ${r.stderr}`);
			}
			const noReason = await cli(['institution', 'status', id, '--action', 'suspend', '--doc', doc(71)]);
			assert.equal(noReason.code, 1);
			assert.match(noReason.stderr, /^skillcert institution: reason: /);
			assert.equal((await cli(['institution', 'status', id, '--action', 'suspend', '--reason', '年检不合格', '--doc', doc(71)])).code, 0);
			const twice = await cli(['institution', 'status', id, '--action', 'suspend', '--reason', '年检不合格', '--doc', doc(71)]);
			assert.equal(twice.code, 1);
			assert.match(twice.stderr, /The institution is not registered/);
			assert.equal((await cli(['institution', 'status', id, '--action', 'reinstate', '--reason', '整改完成', '--doc', doc(72)])).code, 0);
			assert.equal((await get(inst.id)).status, 'registered');

			// scope
			const badScope = await cli(['institution', 'scope', id, '--code', '6-18-01', '--occupation-name', '车工', '--levels', '5,4', '--doc', doc(73)]);
			assert.equal(badScope.code, 1);
			assert.match(badScope.stderr, /occupation_code: /);
			assert.equal((await cli(['institution', 'scope', id, '--code', '6-18-01-01', '--occupation-name', '车工', '--levels', '5,4', '--doc', doc(73)])).code, 0);
			const sid = /^scope: (\d+)\t6-18-01-01\t车工\t\t5,4\t/m.exec(await show(inst.id));
			assert.ok(sid, 'the scope entry is shown');
			assert.equal((await cli(['institution', 'scope', id, '--remove', sid[1], '--doc', doc(74)])).code, 0);
			assert.equal((await cli(['institution', 'scope', id, '--remove', sid[1], '--doc', doc(74)])).code, 1);
			assert.equal((await cli(['institution', 'scope', id, '--remove', 'x', '--doc', doc(74)])).code, 2);
			assert.doesNotMatch(await show(inst.id), /^scope: /m);

			// file
			const fileArgs = ['institution', 'file', id, '--authority', '江苏省人社厅', '--filing-no', '苏人社备[2026]1号', '--filing-date', today(), '--institution-code', '0032', '--province-code', '32'];
			const badSite = await cli([...fileArgs, '--site-code', '12']);
			assert.equal(badSite.code, 1);
			assert.match(badSite.stderr, /site_code: The site code is 6 digits/);
			assert.equal((await cli([...fileArgs, '--site-code', '000012'])).code, 0);
			assert.match(await show(inst.id), new RegExp(`^filing: ${today()}\\t江苏省人社厅\\t苏人社备\\[2026\\]1号\\t0032\\t32\\t000012$`, 'm'));

			// inspect, finding, close-finding
			const badOutcome = await cli(['institution', 'inspect', id, '--year', String(YEAR), '--date', today(), '--outcome', 'excellent']);
			assert.equal(badOutcome.code, 1);
			assert.match(badOutcome.stderr, /outcome: /);
			const ins = await cli(['institution', 'inspect', id, '--year', String(YEAR), '--date', today(), '--outcome', 'pass', '--notes', '良好']);
			assert.equal(ins.code, 0, ins.stderr);
			assert.match(ins.stdout, /^\d+\n$/);
			assert.equal((await cli(['institution', 'finding', ins.stdout.trim(), '--notes', '补充档案', '--date', addDays(today(), 10)])).code, 0);
			const fid = /^finding: (\d+)\t/m.exec(await show(inst.id))[1];
			assert.equal((await cli(['institution', 'close-finding', fid, '--notes', '已补充'])).code, 0);
			assert.equal((await cli(['institution', 'close-finding', fid, '--notes', '已补充'])).code, 1);
			// the CLI acts as "system" in the audit trail
			const audit = await api(`/api/v1/audit?action=institution.suspend&object_id=${inst.id}`);
			assert.equal(audit.json.items[0].actor, 'system');
		});
	});
}
