// Marking a competition the CIS way (issue 13, third slice), both engines:
// measurements entered once (full or zero; by tolerance band from the
// deviation measured), judgements by three judges 0-3 with a spread over 1
// refused at locking until a judge re-marks with a note, the chief judge's
// lock refused while any aspect is open, a locked mark changed only by a
// correction the organiser approves (never the one who filed it), the
// import of a CIS-style sheet (a dry run with a problems table naming row
// and column, then one transaction), the results as computed (totals with
// the theory weight, ranking, standardised score, awards, titles), the
// results notice with its appeal window, the computed promotions, and who
// may reach the marking routes (anonymous, out of scope, a judge of
// another event).
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { before, it } from 'node:test';

import { TURNER, closedPlan, idNumber, makeStation, nextName, sql } from './certlib.mjs';
import { bearer, describeWithServer, engines, http, login, makeUser, uniqueName } from './lib.mjs';
import { xlsx } from './xlsx.mjs';

// the marks of the four entries (machinery-class2: A1 full 10, A2 bands 15,
// A3 full 15; B1, B2 judgements of 10; B3 full 10; theory weight 30)
const SHEET = [
	{ A1: '1', A2: '0.005', A3: '1', B1: ['3', '3', '2'], B2: ['3', '3', '3'], B3: '1', theory: '90' },
	{ A1: '1', A2: '0.015', A3: '1', B1: ['2', '2', '3'], B2: ['2', '2', '2'], B3: '1', theory: '80' },
	{ A1: '1', A2: '0.04', A3: '0', B1: ['2', '1', '1'], B2: ['1', '1', '1'], B3: '1', theory: '70' },
	{ A1: '0', A2: '0.1', A3: '0', B1: ['1', '1', '0'], B2: ['0', '0', '0'], B3: '0', theory: '60.5' },
];

/* The rules of docs/competitions.md, in hundredths. */
const band = (d) => (Math.abs(d) <= 0.01 ? 1500 : Math.abs(d) <= 0.02 ? 1000 : Math.abs(d) <= 0.05 ? 500 : 0);
const judged = (m) => Math.round((1000 * m.reduce((s, x) => s + Number(x), 0)) / 9);
function expected(row) {
	const a = (row.A1 === '1' ? 1000 : 0) + band(Number(row.A2)) + (row.A3 === '1' ? 1500 : 0);
	const b = judged(row.B1) + judged(row.B2) + (row.B3 === '1' ? 1000 : 0);
	const theory = Math.round((Math.round(Number(row.theory) * 100) * 30) / 100);
	return { a, b, practical: a + b, theory, total: a + b + theory };
}

for (const engine of engines()) {
	describeWithServer(`competition marks [${engine}]`, { engine, tag: 'cmark', user: true }, (h) => {
		const P = {};
		const J = {}; // judge ids
		const N = []; // entry ids, in SHEET's order
		let comp = 0;
		let ev = 0;
		let ev2 = 0;
		let seq = 0;

		const cli = async (args) => {
			const r = await h.server.cli(args);
			assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
			return r.stdout.trim();
		};
		const person = async (inst, birth, employer) => {
			const name = nextName();
			const r = await h.api('/api/v1/people', {
				method: 'POST', json: { name, id_number: idNumber(birth, 300 + ++seq), institution_id: inst, employer },
			});
			assert.equal(r.status, 201, r.text);
			return { id: r.json.id, name };
		};
		const ok = (r, status = 200) => {
			assert.equal(r.status, status, r.text);
			return r.json;
		};
		const act = (action) => h.api(`/api/v1/competitions/${comp}/act`, { method: 'POST', json: { action } });
		const mark = (json, headers = {}) => h.api(`/api/v1/competition-events/${ev}/marks`, { method: 'POST', json, headers });
		const sheet = async () => ok(await h.api(`/api/v1/competition-events/${ev}/marks`));
		const lock = (module, headers = {}) => h.api(`/api/v1/competition-events/${ev}/lock`, { method: 'POST', json: { module }, headers });
		const importCsv = (text, dry) => h.api(`/api/v1/competition-events/${ev}/marks-import${dry ? '?dry_run=1' : ''}`, {
			method: 'POST', body: text, headers: { 'Content-Type': 'text/csv' },
		});
		const sessions = {};
		const holder = async (username, personId) => {
			if (sessions[username]) return sessions[username];
			const u = await makeUser(h.server, username, { role: null, token: false });
			await sql(h.server, `UPDATE app_user SET person_id = ${Number(personId)} WHERE username = '${username}'`);
			sessions[username] = await login(h.server.base, u.name, u.password);
			return sessions[username];
		};

		before(async () => {
			const center = Number(await cli(['institution', 'add', '--name', uniqueName('评分中心'), '--type', 'center', '--province', '11']));
			const st = Number(await cli(['institution', 'add', '--name', uniqueName('评分站'), '--type', 'exam_station', '--province', '44', '--parent', String(center)]));
			for (let i = 0; i < 4; i++) P[`c${i}`] = await person(st, `2000010${i + 1}`, '甲机床厂');
			P.s1 = await person(st, '20030101', '');
			for (const k of ['chief', 'j1', 'j2', 'j3', 'jx']) P[k] = await person(st, '19800101', '裁判中心');
			comp = ok(await h.api('/api/v1/competitions', {
				method: 'POST',
				json: {
					name: '全国机械行业职业技能竞赛（评分）', tier: 'national_class2', year: 2026, approval_doc: '机械技能〔2026〕9号',
					starts_on: '2026-10-10', ends_on: '2026-10-12', venue: '洛阳', document_code: 'machinery-class2',
				},
			}), 201).id;
			ev = ok(await h.api(`/api/v1/competitions/${comp}/events`, { method: 'POST', json: { occupation_code: TURNER, group: 'employee' } }), 201).id;
			ev2 = ok(await h.api(`/api/v1/competitions/${comp}/events`, { method: 'POST', json: { occupation_code: TURNER, group: 'student' } }), 201).id;
			ok(await act('open'));
			for (let i = 0; i < 4; i++) {
				const e = ok(await h.api(`/api/v1/competition-events/${ev}/entries`, { method: 'POST', json: { institution_id: st, person_ids: [P[`c${i}`].id] } }), 201).id;
				ok(await h.api(`/api/v1/competition-entries/${e}/confirm`, { method: 'POST', json: {} }));
				N.push(e);
			}
			// the student event's entry stays unconfirmed: an event without
			// entries has nothing to mark and no results
			ok(await h.api(`/api/v1/competition-events/${ev2}/entries`, { method: 'POST', json: { institution_id: st, person_ids: [P.s1.id] } }), 201);
			for (const [k, role, event] of [['chief', 'chief_judge', ev], ['j1', 'judge', ev], ['j2', 'judge', ev], ['j3', 'judge', ev], ['jx', 'judge', ev2]])
				J[k] = ok(await h.api(`/api/v1/competition-events/${event}/judges`, { method: 'POST', json: { person_id: P[k].id, role } }), 201).id;
			const early = await mark({ entry_id: N[0], aspect: 'A1', value: '1' });
			assert.equal(early.status, 422, 'no marks before marking starts');
			ok(await act('close'));
			ok(await act('mark'));
		});

		it('who may mark: not anonymous, not staff of another institution, not a judge of another event; a judge marks only as themself', async () => {
			assert.equal((await http(h.server.base, `/api/v1/competition-events/${ev}/marks`)).status, 401);
			const outsider = await makeUser(h.server, 'cmoutsider', { role: 'institution_admin', institution: 1 });
			const o = await http(h.server.base, `/api/v1/competition-events/${ev}/marks`, { headers: bearer(outsider.token) });
			assert.equal(o.status, 403, o.text);
			const om = await http(h.server.base, `/api/v1/competition-events/${ev}/marks`, {
				method: 'POST', headers: bearer(outsider.token), json: { entry_id: N[1], aspect: 'B2', judge_id: J.j1, value: '2' },
			});
			assert.equal(om.status, 403, om.text);
			const other = await holder('cmjudgex', P.jx.id);
			assert.equal((await other.api(`/api/v1/competition-events/${ev}/marks`)).status, 403, 'a judge of another event');
			assert.equal((await other.api(`/api/v1/competition-events/${ev2}/marks`)).status, 200, 'their own event');
			const j1 = await holder('cmjudge1', P.j1.id);
			const mine = (await j1.api(`/api/v1/competition-events/${ev}/marks`)).json;
			assert.equal(mine.judge_id, J.j1);
			assert.equal(mine.chief, false);
			const asOther = await j1.api(`/api/v1/competition-events/${ev}/marks`, { method: 'POST', json: { entry_id: N[1], aspect: 'B2', judge_id: J.j2, value: '2' } });
			assert.equal(asOther.status, 403, 'another judge\'s mark');
			const own = await j1.api(`/api/v1/competition-events/${ev}/marks`, { method: 'POST', json: { entry_id: N[1], aspect: 'B2', judge_id: J.j1, value: '2' } });
			assert.equal(own.status, 200, own.text);
			assert.equal((await j1.api(`/api/v1/competition-events/${ev}/lock`, { method: 'POST', json: { module: 'B' } })).status, 403, 'a judge does not lock');
		});

		it('measurements: entered once, full marks or zero, or by tolerance band from the deviation measured', async () => {
			const perJudge = await mark({ entry_id: N[0], aspect: 'A1', judge_id: J.j1, value: '1' });
			assert.equal(perJudge.status, 422);
			assert.equal(perJudge.json.error.field, 'judge_id');
			const two = await mark({ entry_id: N[0], aspect: 'A1', value: '2' });
			assert.equal(two.status, 422);
			assert.equal(two.json.error.field, 'value');
			const nan = await mark({ entry_id: N[0], aspect: 'A2', value: 'abc' });
			assert.equal(nan.status, 422);
			assert.match(nan.json.error.message, /A2/);
			const unknown = await mark({ entry_id: N[0], aspect: 'Z9', value: '1' });
			assert.equal(unknown.json.error.field, 'aspect');
			const stranger = await mark({ entry_id: 999999, aspect: 'A1', value: '1' });
			assert.equal(stranger.json.error.field, 'entry_id');
			ok(await mark({ entry_id: N[0], aspect: 'A1', value: '1' }));
			ok(await mark({ entry_id: N[0], aspect: 'A2', value: '0.015' }));
			const s = await sheet();
			const got = Object.fromEntries(s.marks.filter((m) => m.entry_id === N[0]).map((m) => [m.aspect, m.marks]));
			assert.deepEqual([got.A1, got.A2], [10, 10], 'full marks; the 0.02 band');
			ok(await mark({ entry_id: N[0], aspect: 'A2', value: SHEET[0].A2 }));
			assert.equal((await sheet()).marks.find((m) => m.entry_id === N[0] && m.aspect === 'A2').marks, 15);
		});

		it('a judge\'s account sees the measurements and its own judgements; another judge\'s once the aspect has its three', async () => {
			ok(await mark({ entry_id: N[1], aspect: 'B1', judge_id: J.j2, value: SHEET[1].B1[1] }));
			ok(await mark({ entry_id: N[1], aspect: 'A1', value: SHEET[1].A1 }));
			const j1 = await holder('cmjudge1', P.j1.id);
			const seen = async () => (await j1.api(`/api/v1/competition-events/${ev}/marks`)).json.marks.filter((m) => m.entry_id === N[1]);
			const early = await seen();
			assert.ok(early.some((m) => m.aspect === 'A1' && m.judge_id === 0), 'a measurement');
			assert.ok(early.some((m) => m.aspect === 'B2' && m.judge_id === J.j1), 'its own');
			assert.ok(!early.some((m) => m.aspect === 'B1' && m.judge_id === J.j2), 'not another judge\'s yet');
			ok(await mark({ entry_id: N[1], aspect: 'B1', judge_id: J.j1, value: SHEET[1].B1[0] }));
			ok(await mark({ entry_id: N[1], aspect: 'B1', judge_id: J.j3, value: SHEET[1].B1[2] }));
			assert.deepEqual((await seen()).filter((m) => m.aspect === 'B1').map((m) => m.judge_id).sort(), [J.j1, J.j2, J.j3].sort(), 'all three');
			assert.ok((await sheet()).marks.some((m) => m.entry_id === N[1] && m.aspect === 'B2' && m.judge_id === J.j1), 'the staff see everything');
		});

		it('judgements: three judges 0-3; a spread of 2 is said and refuses the lock, naming the aspect and the marks, until re-marked with a note', async () => {
			const range = await mark({ entry_id: N[0], aspect: 'B1', judge_id: J.j1, value: '4' });
			assert.equal(range.status, 422);
			const chief = await mark({ entry_id: N[0], aspect: 'B1', judge_id: J.chief, value: '3' });
			assert.equal(chief.json.error.field, 'judge_id', 'the chief judge does not mark');
			assert.equal((await mark({ entry_id: N[0], aspect: 'B1', judge_id: J.j1, value: '3' })).json.spread, undefined);
			ok(await mark({ entry_id: N[0], aspect: 'B1', judge_id: J.j2, value: '3' }));
			const third = ok(await mark({ entry_id: N[0], aspect: 'B1', judge_id: J.j3, value: '1' }));
			assert.match(third.spread, /B1/);
			assert.match(third.spread, /1 至 3|1 to 3/);
			const refused = await lock('B');
			assert.equal(refused.status, 422, refused.text);
			assert.match(refused.json.error.message, /B1/);
			assert.match(refused.json.error.message, /1 至 3|1 to 3/);
			const bare = await mark({ entry_id: N[0], aspect: 'B1', judge_id: J.j3, value: '2' });
			assert.equal(bare.status, 422, 'a re-mark needs its note');
			assert.equal(bare.json.error.field, 'note');
			const resolved = ok(await mark({ entry_id: N[0], aspect: 'B1', judge_id: J.j3, value: '2', note: '复议：边缘毛刺已去除' }));
			assert.equal(resolved.spread, undefined);
			const m = (await sheet()).marks.find((x) => x.entry_id === N[0] && x.aspect === 'B1' && x.judge_id === J.j3);
			assert.equal(m.note, '复议：边缘毛刺已去除');
			const audit = (await h.api('/api/v1/audit?action=competition.mark')).json.items;
			assert.ok(audit.some((a) => JSON.stringify(a).includes('复议：边缘毛刺已去除')), 'the re-mark is audited with its note');
			// the sheet shows the earlier note as text; the field is for a new one
			const pg = await http(h.server.base, `/competition-events/${ev}/marks?module=B&judge=${J.j3}`, { headers: { Authorization: `Bearer ${h.token}` } });
			assert.match(pg.text, new RegExp(`name="n-${N[0]}-B1" value=""`));
			assert.match(pg.text, new RegExp(`<span class="hint">复议：边缘毛刺已去除</span><input data-col="note" name="n-${N[0]}-B1"`));
			// the same value again with no note keeps the note; a change needs a new one
			ok(await mark({ entry_id: N[0], aspect: 'B1', judge_id: J.j3, value: '2', note: '' }));
			assert.equal((await sheet()).marks.find((x) => x.entry_id === N[0] && x.aspect === 'B1' && x.judge_id === J.j3).note, '复议：边缘毛刺已去除');
			assert.equal((await mark({ entry_id: N[0], aspect: 'B1', judge_id: J.j3, value: '3', note: '' })).status, 422);
		});

		it('the command line: a mark, a refused lock naming the aspect, the sheet', async () => {
			const ok1 = await h.server.cli(['competition', 'mark', String(ev), '--entry', String(N[2]), '--aspect', 'A1', '--value', SHEET[2].A1]);
			assert.equal(ok1.code, 0, ok1.stderr);
			const bad = await h.server.cli(['competition', 'mark', String(ev), '--entry', String(N[2]), '--aspect', 'A2', '--value', 'x']);
			assert.notEqual(bad.code, 0);
			assert.match(bad.stderr, /A2/);
			const lockB = await h.server.cli(['competition', 'lock', String(ev), '--module', 'B']);
			assert.notEqual(lockB.code, 0);
			assert.match(lockB.stderr, /B1|B2|B3/);
			const marks = await h.server.cli(['competition', 'marks', String(ev)]);
			assert.equal(marks.code, 0, marks.stderr);
			assert.match(marks.stdout, new RegExp(`mark: ${N[2]} A1 0 1 1000`));
			assert.match(marks.stdout, /module: A open/);
			// an .xlsx sheet holds NUL bytes: read whole, not cut at the first
			const file = path.join(h.server.dataDir, 'marks.xlsx');
			writeFileSync(file, xlsx([['entry_id', 'aspect', 'value', 'j1', 'j2', 'j3'], [String(N[2]), 'A3', SHEET[2].A3, '', '', '']]));
			const imp = await h.server.cli(['competition', 'import-marks', String(ev), file, '--dry-run']);
			assert.equal(imp.code, 0, imp.stderr);
			assert.match(imp.stdout, /rows: 1\nmarks: 1\nnothing written/);
		});

		it('the pages: the sheet saves every changed row without the script, each refusal beside its row; the lock refused naming the aspect; the import\'s problems by row and column', async () => {
			const auth = { Authorization: `Bearer ${h.token}` };
			const page = await http(h.server.base, `/competition-events/${ev}/marks?module=A`, { headers: auth });
			assert.equal(page.status, 200);
			assert.match(page.text, /data-marks/);
			assert.match(page.text, new RegExp(`id="row-${N[1]}-A1"`));
			const en = await http(h.server.base, `/competition-events/${ev}/marks?module=A&lang=en`, { headers: auth });
			assert.match(en.text, /Marking/);
			const saved = await http(h.server.base, `/competition-events/${ev}/marks`, {
				method: 'POST', headers: auth, form: { module: 'A', judge: '0', [`v-${N[1]}-A1`]: '5', [`v-${N[1]}-A2`]: SHEET[1].A2 },
			});
			assert.equal(saved.status, 422, saved.text.slice(0, 200));
			const row = new RegExp(`<tr[^>]*id="row-${N[1]}-A1" class="bad">.*?</tr>`, 's').exec(saved.text);
			assert.ok(row, "the refused row is marked");
			assert.match(row[0], /value="5"/, 'what was typed is kept');
			assert.match(row[0], /1（达到）或 0/);
			assert.equal((await sheet()).marks.find((m) => m.entry_id === N[1] && m.aspect === 'A2').value, SHEET[1].A2, 'the other row saved');
			const lockPage = await http(h.server.base, `/competition-events/${ev}/lock`, { method: 'POST', headers: auth, form: { module: 'B' } });
			assert.equal(lockPage.status, 422);
			assert.match(lockPage.text, /id="lock-error"[^]*B2/);
			const form = new FormData();
			form.append('dry_run', '1');
			form.append('file', new Blob([`entry_id,aspect,value,j1,j2,j3\n${N[1]},B1,,2,5,3\n`], { type: 'text/csv' }), 'marks.csv');
			const imp = await fetch(`${h.server.base}/competition-events/${ev}/marks-import`, { method: 'POST', headers: auth, body: form, redirect: 'manual' });
			assert.equal(imp.status, 422);
			assert.match(await imp.text(), /<tr><td>1<\/td><td>j2<\/td><td>评价评分为 0、1、2 或 3<\/td><\/tr>/);
		});

		it('the sheet\'s redirects carry no typed query: the judge an id, the module encoded', async () => {
			const sess = await login(h.server.base, h.user.name, h.user.password);
			const r = await sess.post(`/competition-events/${ev}/marks`, { module: 'A', judge: '1&module=x' });
			assert.equal(r.status, 303, r.text.slice(0, 300));
			assert.equal(r.headers.get('location'), `/competition-events/${ev}/marks?module=A&judge=0&done=1`);
		});

		it('the lock is refused while any aspect of any entry is open, and the results notice while any module is unlocked', async () => {
			const r = await lock('A');
			assert.equal(r.status, 422, r.text);
			// the first entry lacks A3
			assert.match(r.json.error.message, /A3/);
			assert.match(r.json.error.message, new RegExp(`(entry|参赛单元) ${N[0]} `));
			assert.equal((await lock('Z')).json.error.field, 'module');
			const theory = await lock('theory');
			assert.equal(theory.status, 422);
			const notice = await act('notice');
			assert.equal(notice.status, 422, notice.text);
			assert.equal((await h.api(`/api/v1/competitions/${comp}/results`)).status, 422, 'no results before every lock');
		});

		it('the import: a dry run reports the problems by row and column and writes nothing; then one transaction', async () => {
			const before = (await sheet()).marks.length;
			const bad = ['entry_id,aspect,value,j1,j2,j3', `${N[1]},A1,1,,,`, `${N[1]},B1,,2,5,3`, `${N[1]},Q7,1,,,`, `999999,A1,1,,,`].join('\n');
			const r = await importCsv(bad, true);
			assert.equal(r.status, 422, r.text);
			const where = r.json.problems.map((p) => [p.row, p.column]);
			assert.deepEqual(where, [[2, 'j2'], [3, 'aspect'], [4, 'entry_id']]);
			assert.ok(r.json.problems.every((p) => p.message.length > 0));
			assert.equal(r.json.committed, false);
			const committed = await importCsv(bad, false);
			assert.equal(committed.status, 422, 'a commit with problems writes nothing');
			assert.equal((await sheet()).marks.length, before);
			const lines = ['entry_id,aspect,value,j1,j2,j3'];
			SHEET.forEach((row, i) => {
				for (const a of ['A1', 'A2', 'A3', 'B3']) lines.push(`${N[i]},${a},${row[a]},,,`);
				for (const a of ['B1', 'B2']) lines.push(`${N[i]},${a},,${row[a].join(',')}`);
			});
			const dry = ok(await importCsv(lines.join('\r\n'), true));
			assert.deepEqual([dry.rows, dry.marks, dry.committed, dry.problems], [24, 40, false, []]);
			assert.equal((await sheet()).marks.length, before, 'a dry run writes nothing');
			const done = ok(await importCsv(lines.join('\r\n'), false));
			assert.equal(done.committed, true);
			const after = (await sheet()).marks;
			assert.equal(after.length, 4 * (4 + 2 * 3));
			assert.equal(after.find((x) => x.entry_id === N[0] && x.aspect === 'B1' && x.judge_id === J.j3).note, '复议：边缘毛刺已去除',
				'a value the sheet repeats keeps its re-mark\'s note');
		});

		it('theory scores 0-100, then every module and the theory locked; a locked mark is refused', async () => {
			const bad = await h.api(`/api/v1/competition-events/${ev}/theory`, { method: 'POST', json: { entry_id: N[0], score: '101' } });
			assert.equal(bad.status, 422);
			assert.equal(bad.json.error.field, 'score');
			// past INT_MAX once in hundredths: refused, not wrapped round
			for (const score of ['21474837', '42949673']) {
				const big = await h.api(`/api/v1/competition-events/${ev}/theory`, { method: 'POST', json: { entry_id: N[0], score } });
				assert.equal(big.status, 422, `${score}: ${big.text}`);
				assert.equal(big.json.error.field, 'score');
			}
			for (let i = 0; i < 4; i++)
				ok(await h.api(`/api/v1/competition-events/${ev}/theory`, { method: 'POST', json: { entry_id: N[i], score: SHEET[i].theory } }));
			for (const m of ['A', 'B', 'theory']) ok(await lock(m));
			assert.equal((await lock('A')).status, 409, 'locked once');
			const late = await mark({ entry_id: N[3], aspect: 'A1', value: '1' });
			assert.equal(late.status, 409, late.text);
			const s = await sheet();
			assert.ok(s.modules.every((m) => m.locked) && s.theory_locked);
		});

		it('a locked mark changes only by a correction the organiser approves, never the one who filed it', async () => {
			const noReason = await h.api(`/api/v1/competition-events/${ev}/corrections`, { method: 'POST', json: { entry_id: N[3], aspect: 'A1', value: '1' } });
			assert.equal(noReason.status, 422);
			assert.equal(noReason.json.error.field, 'reason');
			for (const value of ['21474837', '42949673']) {
				const big = await h.api(`/api/v1/competition-events/${ev}/corrections`, { method: 'POST', json: { entry_id: N[3], aspect: 'theory', value, reason: '复核' } });
				assert.equal(big.status, 422, `${value}: ${big.text}`);
				assert.equal(big.json.error.field, 'value');
			}
			const filed = ok(await h.api(`/api/v1/competition-events/${ev}/corrections`, {
				method: 'POST', json: { entry_id: N[3], aspect: 'A3', value: '1', reason: '复测：尺寸合格，原记录笔误' },
			}), 201).id;
			const self = await h.api(`/api/v1/competition-corrections/${filed}/approve`, { method: 'POST', json: {} });
			assert.equal(self.status, 403, 'not by who filed it');
			const other = await makeUser(h.server, 'cmapprover', { role: 'center_admin', institution: 0 });
			const as = (p) => http(h.server.base, p, { method: 'POST', json: {}, headers: bearer(other.token) });
			ok(await as(`/api/v1/competition-corrections/${filed}/approve`));
			assert.equal((await as(`/api/v1/competition-corrections/${filed}/approve`)).status, 409, 'decided once');
			const s = await sheet();
			assert.equal(s.marks.find((m) => m.entry_id === N[3] && m.aspect === 'A3').marks, 15);
			const c = s.corrections.find((x) => x.id === filed);
			assert.deepEqual([c.status, c.reason, c.decided_by], ['approved', '复测：尺寸合格，原记录笔误', 'cmapprover']);
			// refused: the mark stays
			const again = ok(await h.api(`/api/v1/competition-events/${ev}/corrections`, {
				method: 'POST', json: { entry_id: N[3], aspect: 'A3', value: '0', reason: '再议' },
			}), 201).id;
			ok(await as(`/api/v1/competition-corrections/${again}/refuse`));
			assert.equal((await sheet()).marks.find((m) => m.entry_id === N[3] && m.aspect === 'A3').marks, 15);
			// the chief judge's own account: a judgement of any judge (the
			// picker), a measurement naming none; the marks read-only
			const chief = await holder('cmchief', P.chief.id);
			const page = await chief.get(`/competition-events/${ev}/marks?module=B`);
			assert.equal(page.status, 200);
			assert.match(page.text, new RegExp(`<select id="co-judge_id" name="judge_id"><option value="0">[^<]+</option><option value="${J.j1}">`));
			const byPage = await chief.post(`/competition-events/${ev}/corrections`, {
				module: 'B', entry_id: String(N[2]), aspect: 'B1', judge_id: String(J.j2), value: '2', reason: '裁判长复核：评分笔误',
			});
			assert.equal(byPage.status, 303, byPage.text.slice(0, 400));
			const measured = await chief.api(`/api/v1/competition-events/${ev}/corrections`, { method: 'POST', json: { entry_id: N[2], aspect: 'A1', judge_id: 0, value: '1', reason: '裁判长复核：复测合格' } });
			assert.equal(measured.status, 201, measured.text);
			const filedByChief = (await sheet()).corrections.filter((x) => x.filed_by === 'cmchief');
			assert.deepEqual(filedByChief.map((x) => [x.aspect, x.judge_id]).sort(), [['A1', 0], ['B1', J.j2]]);
			for (const k of filedByChief) ok(await as(`/api/v1/competition-corrections/${k.id}/refuse`));
			const audit = (await h.api('/api/v1/audit?action=competition.correction_approve')).json.items;
			assert.equal(audit.length, 1);
			SHEET[3].A3 = '1';
		});

		it('the results as computed: totals with the theory weight, ranking, standardised score, awards and titles', async () => {
			const r = ok(await h.api(`/api/v1/competitions/${comp}/results`));
			const mine = r.results.filter((x) => x.event_id === ev);
			const want = SHEET.map((row, i) => ({ entry: N[i], ...expected(row) }));
			assert.equal(want[0].total, 9589, 'the first entry by hand: 40 + 18.89 + 10 + 27');
			for (const w of want) {
				const got = mine.find((x) => x.entry_id === w.entry);
				assert.deepEqual([got.modules[0], got.modules[1], got.theory, got.total].map((x) => Math.round(x * 100)),
					[w.a, w.b, w.theory, w.total], `entry ${w.entry}`);
			}
			const order = [...want].sort((x, y) => y.total - x.total);
			assert.deepEqual(mine.map((x) => x.entry_id), order.map((w) => w.entry), 'ranked by total');
			assert.deepEqual(mine.map((x) => x.place), [1, 2, 3, 4]);
			// 30 % of 4 entrants is 1 place: no 优胜奖 after bronze
			assert.deepEqual(mine.map((x) => x.award), ['gold', 'silver', 'bronze', 'none']);
			assert.ok(mine.every((x) => x.titles.includes('industry_technical_expert')));
			// the WorldSkills scale: 700 + 20 (total - median) / sigma
			const t = order.map((w) => w.total / 100);
			const med = (t[1] + t[2]) / 2;
			const mean = t.reduce((s, x) => s + x, 0) / t.length;
			const sd = Math.sqrt(t.reduce((s, x) => s + (x - mean) ** 2, 0) / t.length);
			assert.deepEqual(mine.map((x) => x.standard), t.map((x) => Math.sign(x - med) * Math.round(Math.abs((20 * (x - med)) / sd)) + 700));
			assert.equal(mine[0].names, P[`c${SHEET.indexOf(SHEET[0])}`].name, 'the organiser sees the names');
		});

		it('the results notice: the assessments\' appeal window; public with masked names; final once the notice is over and every appeal resolved', async () => {
			ok(await act('notice'));
			const pub = ok(await http(h.server.base, `/api/v1/competitions/${comp}/results`));
			const first = pub.results.find((x) => x.entry_id === N[0]);
			assert.notEqual(first.names, P.c0.name);
			assert.match(first.names, /\*/);
			assert.equal(first.award, 'gold');
			assert.equal(pub.appeals, undefined, 'appeals are the organiser\'s');
			const days = (Date.parse(pub.notice_end) - Date.parse(pub.notice_start)) / 86400000;
			assert.equal(days, 4, 'five days, the first one counted');
			const appeal = await http(h.server.base, `/api/v1/competitions/${comp}/appeals`, {
				method: 'POST', json: { name: '李四', contact: '13800000000', body: '对模块B的评分有异议，请复核' },
			});
			assert.equal(appeal.status, 201, appeal.text);
			const running = await act('final');
			assert.equal(running.status, 422);
			assert.match(running.json.error.message, /公示期|notice/);
			await sql(h.server, `UPDATE competition SET notice_end = '2000-01-01' WHERE id = ${Number(comp)}`);
			const open = await act('final');
			assert.equal(open.status, 422);
			assert.match(open.json.error.message, /申诉|Appeals/);
			const late = await http(h.server.base, `/api/v1/competitions/${comp}/appeals`, {
				method: 'POST', json: { name: '王五', contact: '13900000000', body: '逾期的申诉内容' },
			});
			assert.equal(late.status, 422, 'no appeal after the notice');
			ok(await h.api(`/api/v1/competitions/${comp}/appeals/${appeal.json.id}/resolve`, { method: 'POST', json: { resolution: '已复核，维持原成绩' } }));
			// nor while a correction waits for its decision
			const pending = ok(await h.api(`/api/v1/competition-events/${ev}/corrections`, {
				method: 'POST', json: { entry_id: N[3], aspect: 'A1', value: SHEET[3].A1, reason: '公示期内复核' },
			}), 201).id;
			const waiting = await act('final');
			assert.equal(waiting.status, 422, waiting.text);
			assert.match(waiting.json.error.message, /更正|Corrections/);
			const decider = await makeUser(h.server, 'cmdecider', { role: 'center_admin', institution: 0 });
			ok(await http(h.server.base, `/api/v1/competition-corrections/${pending}/refuse`, { method: 'POST', json: {}, headers: bearer(decider.token) }));
			ok(await act('final'));
			assert.equal((await http(h.server.base, `/api/v1/competitions/${comp}/results`)).json.status, 'final');
		});

		it('the computed promotions, each with the rule that gave it', async () => {
			const anon = await http(h.server.base, `/api/v1/competitions/${comp}/promotions`);
			assert.equal(anon.status, 401);
			const r = ok(await h.api(`/api/v1/competitions/${comp}/promotions`));
			const rows = r.promotions.filter((p) => N.includes(p.entry_id));
			assert.equal(rows.length, 4);
			// machinery-class2: the top 10 % (no place of 4) → 技师; 10-30 % (place 1) → 高级工
			const top = rows.find((p) => p.place === 1);
			assert.deepEqual([top.outcome, top.level, top.rule, top.current_level], ['to', 3, 1, 0]);
			assert.ok(rows.filter((p) => p.place > 1).every((p) => p.outcome === 'none' && p.rule === -1));
			const cliRows = await h.server.cli(['competition', 'promotions', String(comp)]);
			assert.equal(cliRows.code, 0, cliRows.stderr);
			assert.match(cliRows.stdout, /\tto\tlevel=3\trule=1/);
			const res = await h.server.cli(['competition', 'results', String(comp)]);
			assert.equal(res.code, 0, res.stderr);
			assert.match(res.stdout, new RegExp(`^${ev}\\t${N[0]}\\t1\\t95\\.89\\t\\d+\\tgold\\t`, 'm'));
		});

		it('the current level is read from the registry: a certified contestant moves one up, one without a level gets the rule\'s first level', async () => {
			// a station whose plan certified one candidate at level 4 (车工 中级工)
			const station = await makeStation(h.server, h.api);
			const plan = await closedPlan(h.server, h.api, station, { pass: 1, fail: 1, level: 4 });
			ok(await h.api(`/api/v1/plans/${plan.plan}/certificates`, { method: 'POST' }));
			const [certified, uncertified] = plan.candidates;
			// a district competition (district-example: a medal → one level up, 4 without one)
			const c2 = ok(await h.api('/api/v1/competitions', {
				method: 'POST',
				json: { name: '区级数控车工竞赛', tier: 'district', year: 2026, starts_on: '2026-11-01', ends_on: '2026-11-01', venue: '本区', document_code: 'district-example' },
			}), 201).id;
			const e2 = ok(await h.api(`/api/v1/competitions/${c2}/events`, { method: 'POST', json: { occupation_code: TURNER, group: 'employee' } }), 201).id;
			ok(await h.api(`/api/v1/competitions/${c2}/act`, { method: 'POST', json: { action: 'open' } }));
			const entries = [];
			for (const who of [certified, uncertified]) {
				const e = ok(await h.api(`/api/v1/competition-events/${e2}/entries`, { method: 'POST', json: { institution_id: station.id, person_ids: [who.person_id] } }), 201).id;
				ok(await h.api(`/api/v1/competition-entries/${e}/confirm`, { method: 'POST', json: {} }));
				entries.push(e);
			}
			for (const role of ['judge', 'judge', 'judge', 'chief_judge']) {
				const j = await person(station.id, '19750101', '裁判中心');
				ok(await h.api(`/api/v1/competition-events/${e2}/judges`, { method: 'POST', json: { person_id: j.id, role } }), 201);
			}
			ok(await h.api(`/api/v1/competitions/${c2}/act`, { method: 'POST', json: { action: 'close' } }));
			ok(await h.api(`/api/v1/competitions/${c2}/act`, { method: 'POST', json: { action: 'mark' } }));
			const lines = ['entry_id,aspect,value,j1,j2,j3'];
			entries.forEach((e, i) => {
				for (const a of ['A1', 'A3', 'B3']) lines.push(`${e},${a},${i ? 0 : 1},,,`);
				lines.push(`${e},A2,${i ? 0.04 : 0.005},,,`, `${e},B1,,${3 - i},${3 - i},${3 - i}`, `${e},B2,,${3 - i},${3 - i},${3 - i}`);
			});
			const imp = await h.api(`/api/v1/competition-events/${e2}/marks-import`, { method: 'POST', body: lines.join('\n'), headers: { 'Content-Type': 'text/csv' } });
			assert.equal(imp.status, 200, imp.text);
			for (const [i, e] of entries.entries())
				ok(await h.api(`/api/v1/competition-events/${e2}/theory`, { method: 'POST', json: { entry_id: e, score: String(90 - 20 * i) } }));
			for (const m of ['A', 'B', 'theory'])
				ok(await h.api(`/api/v1/competition-events/${e2}/lock`, { method: 'POST', json: { module: m } }));
			const rows = ok(await h.api(`/api/v1/competitions/${c2}/promotions`)).promotions;
			const got = Object.fromEntries(rows.map((p) => [p.person_id, [p.award, p.current_level, p.level, p.rule]]));
			assert.deepEqual(got[certified.person_id], ['gold', 4, 3, 0], 'level 4 in the registry: one up');
			assert.deepEqual(got[uncertified.person_id], ['silver', 0, 4, 0], 'no level: the rule\'s first');
		});

		it('an import of a sheet of thousands of marks: the sheet grows by doubling, not by one mark at a time', async () => {
			const c3 = ok(await h.api('/api/v1/competitions', {
				method: 'POST',
				json: { name: uniqueName('大表竞赛'), tier: 'national_class2', year: 2026, approval_doc: '机械技能〔2026〕11号', starts_on: '2026-12-01', ends_on: '2026-12-02', venue: '洛阳', document_code: 'machinery-class2' },
			}), 201).id;
			const e3 = ok(await h.api(`/api/v1/competitions/${c3}/events`, { method: 'POST', json: { occupation_code: TURNER, group: 'employee' } }), 201).id;
			ok(await h.api(`/api/v1/competitions/${c3}/act`, { method: 'POST', json: { action: 'open' } }));
			for (const k of ['j1', 'j2', 'j3'])
				ok(await h.api(`/api/v1/competition-events/${e3}/judges`, { method: 'POST', json: { person_id: P[k].id, role: 'judge' } }), 201);
			ok(await h.api(`/api/v1/competitions/${c3}/act`, { method: 'POST', json: { action: 'close' } }));
			ok(await h.api(`/api/v1/competitions/${c3}/act`, { method: 'POST', json: { action: 'mark' } }));
			// 400 confirmed entries, written directly: 10 marks each
			await sql(h.server, `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 400)
				INSERT INTO competition_entry (event_id, institution_id, status, reason, created_at, created_by)
				SELECT ${Number(e3)}, 1, 'confirmed', '', '2026-11-01T00:00:00Z', 'tester' FROM n`);
			const ids = (await sql(h.server, `SELECT id FROM competition_entry WHERE event_id = ${Number(e3)} ORDER BY id`)).trim().split('\n').map(Number);
			assert.equal(ids.length, 400);
			const lines = ['entry_id,aspect,value,j1,j2,j3'];
			for (const e of ids) {
				lines.push(`${e},A1,1,,,`, `${e},A2,0.005,,,`, `${e},A3,1,,,`, `${e},B3,1,,,`, `${e},B1,,2,2,2`, `${e},B2,,3,2,2`);
			}
			const hwm = () => Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${h.server.pid}/status`, 'utf8'))[1]);
			const peak = hwm();
			const imp = ok(await h.api(`/api/v1/competition-events/${e3}/marks-import`, { method: 'POST', body: lines.join('\n'), headers: { 'Content-Type': 'text/csv' } }));
			assert.deepEqual([imp.rows, imp.marks, imp.committed, imp.problems], [2400, 4000, true, []]);
			// growing by one mark at a time copied the sheet each time
			// (some 640 MB for 4000 marks); doubling, a few MB
			const grew = hwm() - peak;
			assert.ok(grew < 150 * 1024, `the peak RSS grew by ${grew} kB`);
			const all = ok(await h.api(`/api/v1/competition-events/${e3}/marks`)).marks;
			assert.equal(all.length, 4000);
		});
	});
}
