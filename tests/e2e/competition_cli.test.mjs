// Issue 13 on the command line and a judge's own page, both engines:
// `skillcert competition correction / correction-approve /
// correction-refuse / appeal / appeal-resolve`, with --as USERNAME acting
// (and audited) as that account — the chief judge's linked account files,
// the operator decides, never the filer — and /me/judging (GET
// /api/v1/me/judging): each judge's account sees its own events only,
// with the marking sheet's link while marking; a staff account without a
// person is answered 404.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';

import { TURNER, idNumber, nextName, sql } from './certlib.mjs';
import { describeWithServer, engines, http, login, makeUser, uniqueName } from './lib.mjs';

for (const engine of engines()) {
	describeWithServer(`competition command line and a judge's page [${engine}]`, { engine, tag: 'ccli', user: true }, (h) => {
		const P = {};
		const J = {};
		let comp = 0;
		let ev = 0;
		let entry = 0;
		let seq = 0;
		const sessions = {};

		const cli = (args) => h.server.cli(args);
		const ok = (r, status = 200) => {
			assert.equal(r.status, status, r.text);
			return r.json;
		};
		const person = async (inst, birth, employer) => {
			const name = nextName();
			const r = await h.api('/api/v1/people', {
				method: 'POST', json: { name, id_number: idNumber(birth, 500 + ++seq), institution_id: inst, employer },
			});
			assert.equal(r.status, 201, r.text);
			return { id: r.json.id, name };
		};
		/* An account linked to a person (as a holder's or a judge's). */
		const linked = async (username, personId) => {
			const u = await makeUser(h.server, username, { role: null, token: false });
			await sql(h.server, `UPDATE app_user SET person_id = ${Number(personId)} WHERE username = '${username}'`);
			sessions[username] = await login(h.server.base, u.name, u.password);
			return sessions[username];
		};
		const act = async (action) => ok(await h.api(`/api/v1/competitions/${comp}/act`, { method: 'POST', json: { action } }));
		const mark = async (json) => ok(await h.api(`/api/v1/competition-events/${ev}/marks`, { method: 'POST', json }));
		const sheet = async () => ok(await h.api(`/api/v1/competition-events/${ev}/marks`));

		before(async () => {
			const center = (await cli(['institution', 'add', '--name', uniqueName('命令中心'), '--type', 'center', '--province', '11'])).stdout.trim();
			const st = Number((await cli(['institution', 'add', '--name', uniqueName('命令站'), '--type', 'exam_station', '--province', '44', '--parent', center])).stdout.trim());
			P.c = await person(st, '20000101', '甲机床厂');
			for (const k of ['chief', 'j1', 'j2', 'j3', 'other']) P[k] = await person(st, '19800101', '裁判中心');
			comp = ok(await h.api('/api/v1/competitions', {
				method: 'POST',
				json: { name: uniqueName('命令行竞赛'), tier: 'national_class2', year: 2026, starts_on: '2026-10-10', ends_on: '2026-10-12', document_code: 'machinery-class2' },
			}), 201).id;
			ev = ok(await h.api(`/api/v1/competitions/${comp}/events`, { method: 'POST', json: { occupation_code: TURNER, group: 'employee' } }), 201).id;
			// a second competition, a draft: its judge's appointment is not listed
			const draft = ok(await h.api('/api/v1/competitions', {
				method: 'POST',
				json: { name: uniqueName('草稿竞赛'), tier: 'national_class2', year: 2026, starts_on: '2026-11-10', ends_on: '2026-11-12', document_code: 'machinery-class2' },
			}), 201).id;
			const dev = ok(await h.api(`/api/v1/competitions/${draft}/events`, { method: 'POST', json: { occupation_code: TURNER, group: 'employee' } }), 201).id;
			ok(await h.api(`/api/v1/competition-events/${dev}/judges`, { method: 'POST', json: { person_id: P.j1.id, role: 'judge' } }), 201);
			await act('open');
			entry = ok(await h.api(`/api/v1/competition-events/${ev}/entries`, { method: 'POST', json: { institution_id: st, person_ids: [P.c.id] } }), 201).id;
			ok(await h.api(`/api/v1/competition-entries/${entry}/confirm`, { method: 'POST', json: {} }));
			for (const [k, role] of [['chief', 'chief_judge'], ['j1', 'judge'], ['j2', 'judge'], ['j3', 'judge']])
				J[k] = ok(await h.api(`/api/v1/competition-events/${ev}/judges`, { method: 'POST', json: { person_id: P[k].id, role } }), 201).id;
			await act('close');
			await act('mark');
			for (const [aspect, value] of [['A1', '1'], ['A2', '0.005'], ['A3', '1'], ['B3', '1']]) await mark({ entry_id: entry, aspect, value });
			for (const j of ['j1', 'j2', 'j3']) {
				await mark({ entry_id: entry, aspect: 'B1', judge_id: J[j], value: '2' });
				await mark({ entry_id: entry, aspect: 'B2', judge_id: J[j], value: '3' });
			}
			ok(await h.api(`/api/v1/competition-events/${ev}/theory`, { method: 'POST', json: { entry_id: entry, score: '88' } }));
			for (const module of ['A', 'B', 'theory']) ok(await h.api(`/api/v1/competition-events/${ev}/lock`, { method: 'POST', json: { module } }));
			await linked('ccchief', P.chief.id);
			await linked('ccjudge1', P.j1.id);
			await linked('ccother', P.other.id);
		});

		it('a judge\'s page lists the person\'s own events only, with the sheet while marking; staff 404, anonymous refused', async () => {
			const mine = ok(await sessions.ccjudge1.api('/api/v1/me/judging'));
			assert.deepEqual(mine.events.map((e) => [e.event_id, e.judge_id, e.role, e.competition.id, e.competition.status, e.group, e.occupation_code]),
				[[ev, J.j1, 'judge', comp, 'marking', 'employee', TURNER]], 'the draft\'s appointment is not listed');
			assert.equal(mine.events[0].sheet, `/competition-events/${ev}/marks`);
			const chief = ok(await sessions.ccchief.api('/api/v1/me/judging'));
			assert.deepEqual(chief.events.map((e) => [e.judge_id, e.role]), [[J.chief, 'chief_judge']]);
			// another person's account: nothing of theirs, and no nav link
			assert.deepEqual(ok(await sessions.ccother.api('/api/v1/me/judging')).events, []);
			const none = await sessions.ccother.get('/me/judging');
			assert.equal(none.status, 200);
			assert.match(none.text, /id="no-judging"/);
			assert.doesNotMatch(none.text, /href="\/me\/judging"/);
			// the page, in both languages, with the sheet's link and the nav's
			const page = await sessions.ccjudge1.get('/me/judging');
			assert.equal(page.status, 200);
			assert.match(page.text, /我的裁判工作/);
			assert.ok(page.text.includes(`<a class="sheet" href="/competition-events/${ev}/marks">打开评分表</a>`), page.text);
			assert.match(page.text, /href="\/me\/judging"/);
			assert.match(page.text, /裁判员/);
			const en = await sessions.ccjudge1.get('/me/judging?lang=en');
			assert.match(en.text, /My judging/);
			assert.match(en.text, /Open the marking sheet/);
			// staff without a person: 404 on both
			const staff = await h.api('/api/v1/me/judging');
			assert.equal(staff.status, 404, staff.text);
			const ss = await login(h.server.base, h.user.name, h.user.password);
			assert.equal((await ss.get('/me/judging')).status, 404);
			assert.doesNotMatch((await ss.get('/')).text, /href="\/me\/judging"/);
			// anonymous: 401 on the API, the login page for the page
			assert.equal((await http(h.server.base, '/api/v1/me/judging')).status, 401);
			const anon = await http(h.server.base, '/me/judging');
			assert.equal(anon.status, 303);
			assert.match(anon.headers.get('location'), /^\/login/);
		});

		it('correction: the operator may not decide its own; filed --as the chief judge\'s account, the operator approves and the mark changes', async () => {
			const self = await cli(['competition', 'correction', String(ev), '--entry', String(entry), '--aspect', 'A1', '--value', '0', '--reason', '复测外圆超差']);
			assert.equal(self.code, 0, self.stderr);
			const own = Number(self.stdout.trim());
			const refused = await cli(['competition', 'correction-approve', String(own)]);
			assert.equal(refused.code, 1, 'not by the account that filed it');
			assert.ok(refused.stderr.length > 0);
			// decided --as another account (a staff account of the network)
			const byStaff = await cli(['competition', 'correction-refuse', String(own), '--as', h.user.name]);
			assert.equal(byStaff.code, 0, byStaff.stderr);
			const filed = await cli(['competition', 'correction', String(ev), '--entry', String(entry), '--aspect', 'B1', '--judge', String(J.j2), '--value', '3', '--reason', '复核录入错误', '--as', 'ccchief']);
			assert.equal(filed.code, 0, filed.stderr);
			const id = Number(filed.stdout.trim());
			assert.ok(id > own);
			const approve = await cli(['competition', 'correction-approve', String(id)]);
			assert.equal(approve.code, 0, approve.stderr);
			const s = await sheet();
			assert.deepEqual(s.marks.filter((m) => m.aspect === 'B1' && m.judge_id === J.j2).map((m) => m.value), ['3']);
			assert.deepEqual(s.marks.filter((m) => m.aspect === 'A1').map((m) => m.value), ['1'], 'the refused correction changed nothing');
			const audit = (await cli(['audit', 'list', '--action', 'competition.correction'])).stdout;
			assert.match(audit, /\tccchief\tcompetition\.correction\t/, 'audited as the chief judge\'s account');
			assert.match(audit, /\tsystem\tcompetition\.correction\t/);
			const decided = (await cli(['audit', 'list', '--action', 'competition.correction_refuse'])).stdout;
			assert.ok(decided.includes(`\t${h.user.name}\tcompetition.correction_refuse\t`), decided);
		});

		it('--as: an unknown account is refused naming it; a judge who is not the chief files no correction', async () => {
			const unknown = await cli(['competition', 'correction', String(ev), '--entry', String(entry), '--aspect', 'A1', '--value', '0', '--reason', 'x', '--as', 'nosuchuser']);
			assert.equal(unknown.code, 1);
			assert.match(unknown.stderr, /as: /);
			const judge = await cli(['competition', 'correction', String(ev), '--entry', String(entry), '--aspect', 'A1', '--value', '0', '--reason', 'x', '--as', 'ccjudge1']);
			assert.equal(judge.code, 1, judge.stdout);
			const noReason = await cli(['competition', 'correction', String(ev), '--entry', String(entry), '--aspect', 'A1', '--value', '0', '--as', 'ccchief']);
			assert.equal(noReason.code, 1);
			assert.match(noReason.stderr, /reason: /, 'the reason is required');
		});

		it('appeal and appeal-resolve during the results notice; appeal-resolve needs its two ids', async () => {
			await act('notice');
			const a = await cli(['competition', 'appeal', String(comp), '--name', '张三', '--contact', '13800000000', '--text', '对B1评分有异议']);
			assert.equal(a.code, 0, a.stderr);
			const aid = Number(a.stdout.trim());
			assert.ok(aid > 0);
			const missing = await cli(['competition', 'appeal', String(comp), '--name', '张三', '--contact', '13800000000']);
			assert.equal(missing.code, 1, 'no text');
			const usage = await cli(['competition', 'appeal-resolve', String(comp)]);
			assert.equal(usage.code, 2);
			const res = await cli(['competition', 'appeal-resolve', String(comp), String(aid), '--resolution', '经复核，评分无误', '--as', h.user.name]);
			assert.equal(res.code, 0, res.stderr);
			const again = await cli(['competition', 'appeal-resolve', String(comp), String(aid), '--resolution', '再次']);
			assert.equal(again.code, 1, 'resolved once');
			const audit = (await cli(['audit', 'list', '--action', 'competition.appeal_resolve'])).stdout;
			assert.ok(audit.includes(`\t${h.user.name}\tcompetition.appeal_resolve\t`), audit);
		});
	});
}
