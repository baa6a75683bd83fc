// The online exam from the command line and for a holder with an account
// (issue 19, docs/exams.md), both engines: `skillcert exam` adds a
// blueprint from a file, assembles, seals and lists a plan's papers, opens
// the sitting at a local time (stored as the instant it means), shows the
// roster, gives one candidate more time with a reason and closes; a holder
// signed in to their own account starts their exam without the code, and
// a staff account without a code is told to type one.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { before, it } from 'node:test';

import { makeStation, nextIdNumber, nextName, sql, TURNER } from './certlib.mjs';
import { describeWithServer, engines, http, login, newPassword } from './lib.mjs';

const doc = {
	occupation: TURNER, level: 4, version: 'cli.1', minutes: 60,
	points: [{ code: 'A-01', name: '安全生产', weight: 50 }, { code: 'A-02', name: '车削加工', weight: 50 }],
	sections: [{ kind: 'single', count: 4, score: 150 }, { kind: 'tf', count: 4, score: 100 }],
};

for (const engine of engines()) {
	describeWithServer(`the online exam: the command line and a holder's account [${engine}]`, { engine, tag: 'examcli', user: true, args: ['--verify-rate', '0'] }, (h) => {
		let station, plan, paper, people = [], codes;
		// the command line in the installation's default zone (the tests'
		// servers run in UTC)
		const env = { ...process.env, SKILLCERT_TIME_ZONE: 'Asia/Shanghai', SKILLCERT_STATS_REFRESH: '0', SKILLCERT_SUP_SCAN: '0' };
		const cli = async (args, ok = true) => {
			const r = await h.server.cli(['exam', ...args], { env });
			if (ok) assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
			return r;
		};

		before(async () => {
			station = await makeStation(h.server, h.api);
			const rows = [];
			let n = 0;
			for (const [kind, point, count] of [['single', 'A-01', 2], ['single', 'A-02', 2], ['tf', 'A-01', 2], ['tf', 'A-02', 2]])
				for (let i = 0; i < count; i++) {
					n++;
					const [opts, key] = kind === 'tf' ? ['[]', 1] : ['["甲","乙","丙"]', 1];
					rows.push(`(${station.center}, '${TURNER}', 4, 'CLI-${n}', 1, '${kind}', '${point}', '命令行题干${n}', '${opts}', ${key}, '', 'approved', 'writer', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`);
				}
			await sql(h.server, `INSERT INTO exam_item (institution_id, occupation_code, level, ref, version, kind, point, stem, options, answer_key, explanation, status, author, created_at, updated_at) VALUES ${rows.join(', ')};`);
			plan = (await h.api('/api/v1/plans', { method: 'POST', json: { institution_id: station.id, standard_id: station.standard, level: 4, capacity: 5 } })).json.id;
			const room = (await h.api(`/api/v1/plans/${plan}/rooms`, { method: 'POST', json: { name: '机房', capacity: 5 } })).json.id;
			for (const a of station.assessors.slice(0, 3))
				assert.equal((await h.api(`/api/v1/plans/${plan}/staff`, { method: 'POST', json: { person_id: a, role: 'assessor' } })).status, 201);
			for (const p of station.proctors)
				await h.api(`/api/v1/plans/${plan}/staff`, { method: 'POST', json: { person_id: p, role: 'proctor', room_id: room } });
			for (let i = 0; i < 2; i++) {
				const c = { name: nextName(), id_number: nextIdNumber() };
				c.person_id = (await h.api('/api/v1/people', { method: 'POST', json: { ...c, employer: '机床厂', work_start: '2010-01-01' } })).json.id;
				const e = await h.api(`/api/v1/plans/${plan}/enrolments`, { method: 'POST', json: { person_id: c.person_id, room_id: room } });
				assert.equal(e.status, 201, e.text);
				c.enrolment_id = e.json.id;
				people.push(c);
			}
			for (const action of ['submit', 'approve', 'start'])
				assert.equal((await h.api(`/api/v1/plans/${plan}/act`, { method: 'POST', json: { action } })).status, 200, action);
			codes = new Map((await h.api(`/api/v1/plans/${plan}/claim-codes`, { method: 'POST' })).json.codes.map((x) => [x.enrolment_id, x.code]));
		});

		it('skillcert exam: a blueprint from a file, a paper assembled, sealed, listed and opened at a local time', async () => {
			const file = path.join(h.server.dataDir, `bp-${engine}-${process.pid}.json`);
			writeFileSync(file, JSON.stringify(doc));
			const bad = await cli(['blueprint', file], false);
			assert.notEqual(bad.code, 0, 'no --institution');
			const bp = Number((await cli(['blueprint', file, '--institution', String(station.center)])).stdout.trim());
			assert.ok(bp > 0);
			const again = await cli(['blueprint', file, '--institution', String(station.center)], false);
			assert.notEqual(again.code, 0, 'the same version twice');
			const made = (await cli(['assemble', String(plan), '--blueprint', String(bp), '--seed', '99'])).stdout;
			assert.match(made, /^\d+\t8 items\t100\.0 points\tseed 99\n$/, made);
			paper = Number(made.split('\t')[0]);
			// not sealed: no sitting
			assert.notEqual((await cli(['open', String(paper), '--start', '2030-01-02 09:30'], false)).code, 0);
			const digest = (await cli(['seal', String(paper)])).stdout.trim();
			assert.match(digest, /^[0-9a-f]{64}$/);
			// a local time (the installation's zone, Asia/Shanghai) is kept as its instant
			await cli(['open', String(paper), '--start', '2030-01-02 09:30']);
			const got = await h.api(`/api/v1/papers/${paper}`);
			assert.equal(got.json.starts_at, '2030-01-02T01:30:00Z', got.text);
			const bad2 = await cli(['open', String(paper), '--start', '2030-13-02 09:30'], false);
			assert.notEqual(bad2.code, 0);
			assert.match(bad2.stderr, /2026-12-04 09:30/, 'the error shows the form expected');
			const list = (await cli(['papers', String(plan)])).stdout;
			assert.match(list, new RegExp(`^${paper}\tsealed\t${TURNER} vcli\\.1\t8 items\tstarts 2030-01-02T01:30:00Z\tclosed -\n$`), list);
			// before the start: nobody signs in
			const early = await http(h.server.base, '/api/v1/exam/sign-in', { method: 'POST', json: { code: codes.get(people[0].enrolment_id) } });
			assert.equal(early.status, 409, early.text);
			assert.equal(early.json.error.reason, '2030-01-02T01:30:00Z');
			// moved to a minute ago (nobody has signed in yet)
			await cli(['open', String(paper), '--start', new Date(Date.now() - 60e3).toISOString().slice(0, 19) + 'Z']);
		});

		it('a holder signed in to their own account starts without the code; a staff account is asked for one', async () => {
			const [a] = people;
			const username = `examholder${engine.slice(0, 2)}`;
			const password = newPassword();
			const claim = await http(h.server.base, '/api/v1/holder/claim', { method: 'POST', json: { code: codes.get(a.enrolment_id), name: a.name, id_number: a.id_number, username, password } });
			assert.equal(claim.status, 201, claim.text);
			const s = await login(h.server.base, username, password);
			const r = await s.api('/api/v1/exam/sign-in', { method: 'POST', json: {} });
			assert.equal(r.status, 200, r.text);
			a.attempt = r.json.attempt_id;
			a.token = r.json.token;
			const view = await http(h.server.base, '/api/v1/exam/attempt', { headers: { 'X-Exam-Token': r.json.token } });
			assert.equal(view.status, 200, view.text);
			assert.equal(view.json.nitems, 8);
			assert.ok(view.json.items.every((x) => x.stem.startsWith('命令行题干')));
			// the trail names the holder
			const trail = await h.api(`/api/v1/audit?action=exam.sign_in&object_id=${a.attempt}`);
			assert.equal(trail.json.items[0].actor, username, trail.text);
			assert.equal(trail.json.items[0].after.with, 'account');
			// staff without a code
			const staff = await h.api('/api/v1/exam/sign-in', { method: 'POST', json: {} });
			assert.equal(staff.status, 422, staff.text);
			assert.equal(staff.json.error.field, 'code');
		});

		it('the roster, more time with a reason, and closing from the command line', async () => {
			const [a, b] = people;
			const roster = (await cli(['roster', String(paper)])).stdout;
			assert.match(roster, /1 answering, 0 handed in, 1 not signed in/, roster);
			assert.ok(roster.includes(`\t${a.attempt}\tin_progress\t0 answered\t`), roster);
			assert.ok(roster.includes(`${b.name}\t`) && roster.includes('\tabsent'), roster);
			const noReason = await cli(['extend', String(paper), String(a.attempt), '--minutes', '5'], false);
			assert.notEqual(noReason.code, 0);
			const tooMuch = await cli(['extend', String(paper), String(a.attempt), '--minutes', '121', '--reason', '停电'], false);
			assert.notEqual(tooMuch.code, 0);
			await cli(['extend', String(paper), String(a.attempt), '--minutes', '15', '--reason', '机器故障，换机']);
			const rec = await h.api(`/api/v1/attempts/${a.attempt}`);
			assert.equal(rec.json.attempt.extra_minutes, 15);
			assert.deepEqual(rec.json.extensions.map((x) => [x.minutes, x.reason]), [[15, '机器故障，换机']]);
			// still answering: the record tells nobody which answers are right
			await http(h.server.base, '/api/v1/exam/attempt/answers/1', { method: 'PUT', headers: { 'X-Exam-Token': a.token }, json: { answer: 'A' } });
			const running = (await h.api(`/api/v1/attempts/${a.attempt}`)).json;
			assert.equal(running.items[0].answer, 'A');
			assert.ok(running.items.every((x) => x.right === false && x.original === ''), JSON.stringify(running.items[0]));
			// more minutes than an int holds do not wrap round
			const huge = await h.api(`/api/v1/papers/${paper}/attempts/${a.attempt}/extend`, { method: 'POST', json: { minutes: 2147483647, reason: '溢出' } });
			assert.equal(huge.status, 422, huge.text);
			assert.equal(huge.json.error.field, 'minutes');
			// someone still answering and the time not over: the sitting stays open
			const close = (await cli(['close', String(paper)])).stdout;
			assert.equal(close, '0 handed in now, 1 still answering, open, 0 items\' statistics\n');
			const after = await http(h.server.base, '/api/v1/exam/sign-in', { method: 'POST', json: { code: codes.get(b.enrolment_id) } });
			assert.equal(after.status, 200, after.text);
		});
	});
}
