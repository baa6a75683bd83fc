// The time each competition entry used (issue 13, migration 0029), both
// engines: entered by the organiser's staff (or the chief judge) while
// marking — seconds, or minutes:seconds —, refused beside the field when
// malformed or negative, 403 for another institution's admin; locked by the
// chief judge as the pseudo-module "time" (refused while an entry has none),
// changed after that only by a correction; once a time is entered for an
// event, the results and the notice wait for its lock (an event with no time
// entered does not); and, once locked, the document's
// "time" tie-break splits two entries tied on the total and on every mark
// criterion (less time first). Also the import's optional time column and
// the command line's `competition time`.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';

import { TURNER, idNumber, nextName, sql } from './certlib.mjs';
import { bearer, describeWithServer, engines, http, login, makeUser, uniqueName } from './lib.mjs';

// machinery-class2: modules A (A1 full, A2 bands, A3 full) and B (B1, B2
// judgements, B3 full), theory weight 30, tie-break practical, theory, time.
// E0 and E1 mark the same everywhere; E2 lower.
const MARKS = [
	{ A1: 1, A2: 0.005, A3: 1, B: 3, B3: 1, theory: '80' },
	{ A1: 1, A2: 0.005, A3: 1, B: 3, B3: 1, theory: '80' },
	{ A1: 1, A2: 0.04, A3: 0, B: 2, B3: 1, theory: '70' },
];

for (const engine of engines()) {
	describeWithServer(`competition time [${engine}]`, { engine, tag: 'ctime', user: true }, (h) => {
		const E = []; // entry ids, in MARKS's order
		let ev = 0;
		let ev2 = 0; // a second event of the same timed document, where no time is ever entered
		let E2 = 0;
		let plainJudge = 0; // the person of ev's first (plain) judge
		let comp = 0;
		let st = 0;
		let seq = 0;

		const ok = (r, status = 200) => {
			assert.equal(r.status, status, r.text);
			return r.json;
		};
		const cli = async (args) => {
			const r = await h.server.cli(args);
			assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
			return r.stdout.trim();
		};
		const person = async (inst, birth, employer = '乙机床厂') => ok(await h.api('/api/v1/people', {
			method: 'POST', json: { name: nextName(), id_number: idNumber(birth, 500 + ++seq), institution_id: inst, employer },
		}), 201).id;
		const time = (json, headers = {}) => h.api(`/api/v1/competition-events/${ev}/time`, { method: 'POST', json, headers });
		const lock = (module) => h.api(`/api/v1/competition-events/${ev}/lock`, { method: 'POST', json: { module } });
		const places = async () => {
			const rows = ok(await h.api(`/api/v1/competitions/${comp}/results`)).results;
			return E.map((e) => rows.find((r) => r.entry_id === e).place);
		};

		before(async () => {
			const center = Number(await cli(['institution', 'add', '--name', uniqueName('用时中心'), '--type', 'center', '--province', '11']));
			st = Number(await cli(['institution', 'add', '--name', uniqueName('用时站'), '--type', 'exam_station', '--province', '44', '--parent', String(center)]));
			comp = ok(await h.api('/api/v1/competitions', {
				method: 'POST',
				json: { name: uniqueName('用时竞赛'), tier: 'national_class2', year: 2026, approval_doc: '机械技能〔2026〕21号', starts_on: '2026-10-10', ends_on: '2026-10-12', venue: '洛阳', document_code: 'machinery-class2' },
			}), 201).id;
			ev = ok(await h.api(`/api/v1/competitions/${comp}/events`, { method: 'POST', json: { occupation_code: TURNER, group: 'employee' } }), 201).id;
			ev2 = ok(await h.api(`/api/v1/competitions/${comp}/events`, { method: 'POST', json: { occupation_code: TURNER, group: 'student' } }), 201).id;
			ok(await h.api(`/api/v1/competitions/${comp}/act`, { method: 'POST', json: { action: 'open' } }));
			for (let i = 0; i < MARKS.length; i++) {
				const e = ok(await h.api(`/api/v1/competition-events/${ev}/entries`, { method: 'POST', json: { institution_id: st, person_ids: [await person(st, `2000020${i + 1}`)] } }), 201).id;
				ok(await h.api(`/api/v1/competition-entries/${e}/confirm`, { method: 'POST', json: {} }));
				E.push(e);
			}
			E2 = ok(await h.api(`/api/v1/competition-events/${ev2}/entries`, { method: 'POST', json: { institution_id: st, person_ids: [await person(st, '20050301')] } }), 201).id;
			ok(await h.api(`/api/v1/competition-entries/${E2}/confirm`, { method: 'POST', json: {} }));
			for (const e of [ev, ev2])
				for (const role of ['judge', 'judge', 'judge', 'chief_judge']) {
					const pid = await person(st, '19790101', '裁判中心');
					if (e === ev && !plainJudge) plainJudge = pid;
					ok(await h.api(`/api/v1/competition-events/${e}/judges`, { method: 'POST', json: { person_id: pid, role } }), 201);
				}
			ok(await h.api(`/api/v1/competitions/${comp}/act`, { method: 'POST', json: { action: 'close' } }));
			ok(await h.api(`/api/v1/competitions/${comp}/act`, { method: 'POST', json: { action: 'mark' } }));
		});

		it('refused values, each naming the field; another institution\'s admin 403, anonymous 401', async () => {
			for (const seconds of [-5, '-5', 'abc', '12:60', '1:2', '', 7 * 86400 + 1, 1.5]) {
				const r = await time({ entry_id: E[0], seconds });
				assert.equal(r.status, 422, `${JSON.stringify(seconds)}: ${r.text}`);
				assert.equal(r.json.error.field, 'seconds', JSON.stringify(seconds));
			}
			const stranger = await time({ entry_id: 999999, seconds: 10 });
			assert.equal(stranger.status, 422);
			assert.equal(stranger.json.error.field, 'entry_id');
			const other = Number(await cli(['institution', 'add', '--name', uniqueName('别的站'), '--type', 'exam_station', '--province', '44']));
			const outsider = await makeUser(h.server, 'ctoutsider', { role: 'institution_admin', institution: other });
			const o = await http(h.server.base, `/api/v1/competition-events/${ev}/time`, { method: 'POST', headers: bearer(outsider.token), json: { entry_id: E[0], seconds: 10 } });
			assert.equal(o.status, 403, o.text);
			assert.equal((await http(h.server.base, `/api/v1/competition-events/${ev}/time`, { method: 'POST', json: { entry_id: E[0], seconds: 10 } })).status, 401);
			assert.deepEqual(ok(await h.api(`/api/v1/competition-events/${ev}/marks`)).times, [], 'nothing written');
		});

		it('the import\'s time column: checked row by row (a dry run names row and column), then written with the marks', async () => {
			const head = 'entry_id,aspect,value,j1,j2,j3,time';
			const bad = [head, `${E[2]},A1,1,,,,abc`, `${E[2]},A3,0,,,,15:00`, `${E[2]},B3,1,,,,14:00`].join('\n');
			const dry = await h.api(`/api/v1/competition-events/${ev}/marks-import`, { method: 'POST', body: bad, headers: { 'Content-Type': 'text/csv' } });
			assert.equal(dry.status, 422, dry.text);
			assert.deepEqual(dry.json.problems.map((p) => [p.row, p.column]), [[1, 'time'], [3, 'time']]);
			const lines = [head];
			E.forEach((e, i) => {
				const m = MARKS[i];
				lines.push(`${e},A1,${m.A1},,,,`, `${e},A2,${m.A2},,,,`, `${e},A3,${m.A3},,,,`, `${e},B1,,${m.B},${m.B},${m.B},`, `${e},B2,,${m.B},${m.B},${m.B},`, `${e},B3,${m.B3},,,,${i === 2 ? '15:00' : ''}`);
			});
			const imp = ok(await h.api(`/api/v1/competition-events/${ev}/marks-import`, { method: 'POST', body: lines.join('\n'), headers: { 'Content-Type': 'text/csv' } }));
			assert.equal(imp.committed, true);
			assert.deepEqual(ok(await h.api(`/api/v1/competition-events/${ev}/marks`)).times, [{ entry_id: E[2], seconds: 900 }]);
			for (const [i, e] of E.entries())
				ok(await h.api(`/api/v1/competition-events/${ev}/theory`, { method: 'POST', json: { entry_id: e, score: MARKS[i].theory } }));
		});

		it('the lock of "time" is refused while an entry has none; the API, the command line and the page enter times', async () => {
			const early = await lock('time');
			assert.equal(early.status, 422, early.text);
			assert.equal(early.json.error.field, 'module');
			assert.match(early.json.error.message, /用时|time/);
			ok(await time({ entry_id: E[0], seconds: 700 }));
			ok(await time({ entry_id: E[1], seconds: '11:00' }));
			await cli(['competition', 'time', String(ev), String(E[2]), '905']);
			const sheet = ok(await h.api(`/api/v1/competition-events/${ev}/marks`));
			assert.deepEqual(sheet.times.map((t) => t.seconds), [700, 660, 905]);
			assert.equal(sheet.time_locked, false);
			const page = await h.api(`/competition-events/${ev}/marks?module=time`);
			assert.equal(page.status, 200);
			assert.match(page.text, new RegExp(`name="v-${E[0]}-time" value="11:40"`));
			const refused = await h.api(`/competition-events/${ev}/marks`, { method: 'POST', form: { module: 'time', judge: '0', [`v-${E[1]}-time`]: '-3' } });
			assert.equal(refused.status, 422, 'the page refuses beside the row');
			assert.match(refused.text, new RegExp(`id="row-${E[1]}-time" class="bad"[^]*?(用时为秒数|The time used is seconds)`));
			const cliSheet = await cli(['competition', 'marks', String(ev)]);
			assert.match(cliSheet, new RegExp(`^time: ${E[1]} 660$`, 'm'));
		});

		it('the time tab: save-all writes only the changed times; a plain judge gets read-only rows and no submit; a text keyboard with a pattern hint', async () => {
			const audited = async () => ok(await h.api('/api/v1/audit?action=competition.time')).items.length;
			const before = await audited();
			// every row as shown (E[2]'s 905 s typed as seconds): nothing changed, nothing written
			const same = await h.api(`/competition-events/${ev}/marks`, { method: 'POST', form: { module: 'time', judge: '0', [`v-${E[0]}-time`]: '11:40', [`v-${E[1]}-time`]: '11:00', [`v-${E[2]}-time`]: '905' } });
			assert.equal(same.status, 303, same.text);
			assert.equal(await audited(), before, 'no audit record for an unchanged time');
			const changed = await h.api(`/competition-events/${ev}/marks`, { method: 'POST', form: { module: 'time', judge: '0', [`v-${E[0]}-time`]: '11:40', [`v-${E[1]}-time`]: '11:01', [`v-${E[2]}-time`]: '15:05' } });
			assert.equal(changed.status, 303, changed.text);
			assert.equal(await audited(), before + 1, 'one record, for the one time changed');
			ok(await time({ entry_id: E[1], seconds: 660 }));
			const page = (await h.api(`/competition-events/${ev}/marks?module=time`)).text;
			assert.match(page, new RegExp(`name="v-${E[0]}-time" value="11:40" inputmode="text" pattern="[^"]+" placeholder="12:34"`));
			assert.match(page, /<button type="submit">(保存全部|Save all)<\/button>/);
			// a plain judge: the rows read-only, no submit to press
			const u = await makeUser(h.server, 'ctjudge', { role: null, token: false });
			await sql(h.server, `UPDATE app_user SET person_id = ${Number(plainJudge)} WHERE username = '${u.name}'`);
			const judge = await login(h.server.base, u.name, u.password);
			const jp = await judge.get(`/competition-events/${ev}/marks?module=time`);
			assert.equal(jp.status, 200, jp.text);
			assert.match(jp.text, new RegExp(`name="v-${E[0]}-time" value="11:40"[^>]* readonly`));
			assert.doesNotMatch(jp.text, /<button type="submit"[^>]*>(保存全部|Save all)<\/button>/);
			// the judge's own module tab still has its submit
			const ja = await judge.get(`/competition-events/${ev}/marks?module=A`);
			assert.match(ja.text, /<button type="submit">(保存全部|Save all)<\/button>/);
		});

		it('tied on the total and every mark criterion: no results while an entered time is unlocked; split by the locked time (less first); an event with no time entered waits for no time lock', async () => {
			// the second event: marked and locked, no time entered — it waits for no time lock
			const m = MARKS[0];
			const csv = ['entry_id,aspect,value,j1,j2,j3', `${E2},A1,${m.A1},,,`, `${E2},A2,${m.A2},,,`, `${E2},A3,${m.A3},,,`, `${E2},B1,,${m.B},${m.B},${m.B}`, `${E2},B2,,${m.B},${m.B},${m.B}`, `${E2},B3,${m.B3},,,`].join('\n');
			ok(await h.api(`/api/v1/competition-events/${ev2}/marks-import`, { method: 'POST', body: csv, headers: { 'Content-Type': 'text/csv' } }));
			ok(await h.api(`/api/v1/competition-events/${ev2}/theory`, { method: 'POST', json: { entry_id: E2, score: '75' } }));
			for (const mod of ['A', 'B', 'theory']) {
				ok(await lock(mod));
				ok(await h.api(`/api/v1/competition-events/${ev2}/lock`, { method: 'POST', json: { module: mod } }));
			}
			// times entered but not locked: no results, no notice (they would never count)
			const early = await h.api(`/api/v1/competitions/${comp}/results`);
			assert.equal(early.status, 422, early.text);
			assert.match(early.json.error.message, /用时|times/);
			const notice = await h.api(`/api/v1/competitions/${comp}/act`, { method: 'POST', json: { action: 'notice' } });
			assert.equal(notice.status, 422, notice.text);
			ok(await lock('time'));
			const rows = ok(await h.api(`/api/v1/competitions/${comp}/results`)).results;
			const [r0, r1] = E.slice(0, 2).map((e) => rows.find((r) => r.entry_id === e));
			assert.deepEqual([r0.total, r0.practical, r0.theory, r0.modules], [r1.total, r1.practical, r1.theory, r1.modules], 'tied everywhere');
			assert.equal(rows.find((r) => r.entry_id === E2).time_used ?? null, null, 'the untimed event counts without a time');
			assert.equal((await lock('time')).status, 409, 'locked once');
			assert.deepEqual(await places(), [2, 1, 3], '660 s before 700 s');
			assert.equal(ok(await h.api(`/api/v1/competitions/${comp}/results`)).results.find((r) => r.entry_id === E[1]).time_used, 660);
			const late = await time({ entry_id: E[0], seconds: 600 });
			assert.equal(late.status, 409, late.text);
			assert.equal(late.json.error.field, 'seconds');
		});

		it('a document whose tie-break has no time has no time to lock', async () => {
			const c2 = ok(await h.api('/api/v1/competitions', {
				method: 'POST',
				json: { name: uniqueName('选拔赛'), tier: 'worldskills_selection', year: 2026, starts_on: '2026-11-10', ends_on: '2026-11-12', venue: '上海', document_code: 'worldskills-selection' },
			}), 201).id;
			const e2 = ok(await h.api(`/api/v1/competitions/${c2}/events`, { method: 'POST', json: { occupation_code: TURNER, group: 'employee' } }), 201).id;
			ok(await h.api(`/api/v1/competitions/${c2}/act`, { method: 'POST', json: { action: 'open' } }));
			const entry = ok(await h.api(`/api/v1/competition-events/${e2}/entries`, { method: 'POST', json: { institution_id: st, person_ids: [await person(st, '20010101')] } }), 201).id;
			ok(await h.api(`/api/v1/competition-entries/${entry}/confirm`, { method: 'POST', json: {} }));
			for (const action of ['close', 'mark']) ok(await h.api(`/api/v1/competitions/${c2}/act`, { method: 'POST', json: { action } }));
			ok(await h.api(`/api/v1/competition-events/${e2}/time`, { method: 'POST', json: { entry_id: entry, seconds: 100 } }));
			const r = await h.api(`/api/v1/competition-events/${e2}/lock`, { method: 'POST', json: { module: 'time' } });
			assert.equal(r.status, 422, r.text);
			assert.match(r.json.error.message, /并列名次不按用时区分|does not break ties by time/);
		});

		it('a locked time changes only by a correction the organiser approves', async () => {
			const bad = await h.api(`/api/v1/competition-events/${ev}/corrections`, { method: 'POST', json: { entry_id: E[0], aspect: 'time', value: '-1', reason: '计时器复核' } });
			assert.equal(bad.status, 422);
			assert.equal(bad.json.error.field, 'value');
			const filed = ok(await h.api(`/api/v1/competition-events/${ev}/corrections`, { method: 'POST', json: { entry_id: E[0], aspect: 'time', value: '10:50', reason: '计时器复核' } }), 201).id;
			const other = await makeUser(h.server, 'ctapprover', { role: 'center_admin', institution: 0 });
			ok(await http(h.server.base, `/api/v1/competition-corrections/${filed}/approve`, { method: 'POST', headers: bearer(other.token), json: {} }));
			assert.equal(ok(await h.api(`/api/v1/competition-events/${ev}/marks`)).times[0].seconds, 650);
			assert.deepEqual(await places(), [1, 2, 3], '650 s now first');
			const audit = ok(await h.api('/api/v1/audit?action=competition.time')).items;
			assert.equal(audit.length, 6, 'each time entered audited (the time tab\'s change and its undoing among them)');
		});
	});
}
