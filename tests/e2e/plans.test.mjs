// Assessment plans: opened only by a registered institution inside its
// scope; enrolment by the standard's application routes, with the reasons
// when none holds; staff under the qualification and recusal rules (a
// supervisor's sign-off overrides a recusal); the lifecycle to "started"
// under the staffing ratios. Both engines.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';

import { closedPlan, makeStation, nextIdNumber, nextName, pngPhoto } from './certlib.mjs';
import { describeWithServer, engines, login, makeUser, uniqueName } from './lib.mjs';

const TURNER = '6-18-01-01';

for (const engine of engines()) {
	describeWithServer(`assessment plans [${engine}]`, { engine, tag: 'plans', user: true }, (h) => {
		let station; // a registered exam station with 车工 5,4,3 in scope
		let applicant; // an institution still applying
		let standard;
		let plan;
		const people = {};

		const cli = async (args) => {
			const r = await h.server.cli(args);
			assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
			return r.stdout.trim();
		};
		const person = async (name, id, extra = {}) => {
			// registered for the station: its exam officer works with them
			const r = await h.api('/api/v1/people', { method: 'POST', json: { name, id_number: id, institution_id: station, ...extra } });
			assert.equal(r.status, 201, r.text);
			return r.json.id;
		};

		before(async () => {
			const center = await cli(['institution', 'add', '--name', uniqueName('计划中心'), '--type', 'center', '--province', '11']);
			station = Number(await cli(['institution', 'add', '--name', uniqueName('计划考试站'), '--type', 'exam_station', '--province', '44', '--parent', center]));
			const batch = await cli(['batch', 'create', '--year', '2026']);
			await cli(['batch', 'add', batch]);
			const start = new Date(Date.now() - 20 * 86400e3).toISOString().slice(0, 10);
			await cli(['batch', 'notice', batch, '--start', start]);
			const today = new Date().toISOString().slice(0, 10);
			await cli(['batch', 'decide', batch, '--doc', '机职鉴字[2026]8号', '--date', today]);
			await cli(['institution', 'scope', String(station), '--code', TURNER, '--occupation-name', '车工', '--levels', '5,4,3', '--doc', '机职鉴字[2026]8号']);
			applicant = Number(await cli(['institution', 'add', '--name', uniqueName('申请中的站'), '--type', 'exam_station', '--province', '44', '--parent', center]));
			standard = (await h.api('/api/v1/standards')).json.items.find((s) => s.occupation_code === TURNER).id;
			people.cand = await person('考生甲', '11010519491231002X', { employer: '某机床厂', work_start: '2021-01-01' });
			people.a1 = await person('考评员一', '440524188001010014', { employer: '某机床厂' });
			people.a2 = await person('考评员二', '110101199003070935', { employer: '培训中心' });
			people.a3 = await person('考评员三', '110101199003076536', { employer: '培训中心' });
			people.a4 = await person('考评员四', '110101199003073159', { employer: '培训中心' });
			people.p1 = await person('监考一', '110101199003075592', { employer: '培训中心' });
			people.p2 = await person('监考二', '11010119900307811X', { employer: '培训中心' });
		});

		it('a plan opens only for a registered institution, inside its scope', async () => {
			const base = { institution_id: station, standard_id: standard, level: 4, capacity: 30, work_type: '数控车工' };
			const create = (json) => h.api('/api/v1/plans', { method: 'POST', json });
			const notRegistered = await create({ ...base, institution_id: applicant });
			assert.equal(notRegistered.status, 422, notRegistered.text);
			assert.equal(notRegistered.json.error.field, 'institution_id');
			const outOfScope = await create({ ...base, level: 2 });
			assert.equal(outOfScope.status, 422);
			assert.equal(outOfScope.json.error.field, 'level');
			const wt = await create({ ...base, work_type: '木工' });
			assert.equal(wt.status, 422);
			assert.equal(wt.json.error.field, 'work_type');
			const r = await create(base);
			assert.equal(r.status, 201, r.text);
			plan = r.json.id;
			const p = (await h.api(`/api/v1/plans/${plan}`)).json;
			assert.equal(p.status, 'draft');
			assert.match(p.title, /车工（数控车工） 四级\/中级工/);
		});

		it('enrolment follows the application routes, and says why when none holds', async () => {
			const enrol = () => h.api(`/api/v1/plans/${plan}/enrolments`, { method: 'POST', json: { person_id: people.cand } });
			const no = await enrol();
			assert.equal(no.status, 422, no.text);
			assert.equal(no.json.error.message.length > 0, true);
			assert.ok(no.json.error.routes.some((r) => r.key === 'elig.cert.none'), JSON.stringify(no.json.error.routes));
			const fact = await h.api(`/api/v1/people/${people.cand}/certificates`, {
				method: 'POST', json: { occupation_code: TURNER, level: 5, issued_on: '2015-06-01' },
			});
			assert.equal(fact.status, 201, fact.text);
			const yes = await enrol();
			assert.equal(yes.status, 201, yes.text);
			assert.equal(yes.json.route, '4-1');
			assert.equal((await enrol()).status, 409, 'enrolled once');
		});

		it('staff: qualification required; a recusal blocks unless a supervisor signs it off', async () => {
			const assign = (person_id, role, extra = {}) =>
				h.api(`/api/v1/plans/${plan}/staff`, { method: 'POST', json: { person_id, role, ...extra } });
			const unq = await assign(people.a2, 'assessor');
			assert.equal(unq.status, 422);
			assert.equal(unq.json.error.field, 'person_id');
			for (const p of [people.a1, people.a2, people.a3, people.a4]) {
				const q = await h.api(`/api/v1/people/${p}/qualifications`, {
					method: 'POST', json: { occupation_code: TURNER, grade: 'assessor', max_level: 3, valid_from: '2020-01-01', valid_to: '2030-12-31' },
				});
				assert.equal(q.status, 201, q.text);
			}
			const same = await assign(people.a1, 'assessor');
			assert.equal(same.status, 409, same.text);
			assert.match(same.json.error.message, /同一工作单位/);
			// a declared relationship also blocks
			const rel = await h.api(`/api/v1/people/${people.a2}/relationships`, { method: 'POST', json: { person_id: people.cand, kind: 'trainer' } });
			assert.equal(rel.status, 201, rel.text);
			const trainer = await assign(people.a2, 'assessor');
			assert.equal(trainer.status, 409);
			assert.match(trainer.json.error.message, /培训/);
			// an exam officer cannot sign off; a center admin (plan.supervise) can
			const officer = await makeUser(h.server, 'officer1', { role: 'exam_officer', institution: station });
			const byOfficer = await h.api(`/api/v1/plans/${plan}/staff`, {
				method: 'POST', json: { person_id: people.a1, role: 'assessor', override_note: '经督导同意' },
				headers: { Authorization: `Bearer ${officer.token}` },
			});
			assert.equal(byOfficer.status, 403, byOfficer.text);
			const signed = await assign(people.a1, 'assessor', { override_note: '经督导同意' });
			assert.equal(signed.status, 201, signed.text);
			const p = (await h.api(`/api/v1/plans/${plan}`)).json;
			assert.equal(p.staff.find((s) => s.person_id === people.a1).override_note, '经督导同意');
		});

		it('the lifecycle: submit, approve, and start only when the staffing rules hold', async () => {
			const act = (action, extra = {}) => h.api(`/api/v1/plans/${plan}/act`, { method: 'POST', json: { action, ...extra } });
			assert.equal((await act('start')).status, 422, 'not approved yet');
			assert.equal((await act('submit')).status, 200);
			assert.equal((await act('return')).status, 422, 'a return needs a reason');
			assert.equal((await act('return', { reason: '补充考场' })).status, 200);
			assert.equal((await act('submit')).status, 200);
			assert.equal((await act('approve')).status, 200);
			// one assessor, no room: the theory rooms and the practical group fail
			const before = (await h.api(`/api/v1/plans/${plan}`)).json;
			assert.ok(before.staffing_violations.some((v) => v.key === 'staff.assessors.min'), JSON.stringify(before.staffing_violations));
			// a candidate without a room still counts for the proctors
			assert.deepEqual(before.staffing_violations.find((v) => v.key === 'staff.proctors.total'),
				{ key: 'staff.proctors.total', where: 'plan', index: 0, candidates: 1, required: 1, actual: 0 });
			const refused = await act('start');
			assert.equal(refused.status, 422);
			// three odd assessors, a room with two proctors
			for (const p of [people.a3, people.a4]) {
				const r = await h.api(`/api/v1/plans/${plan}/staff`, { method: 'POST', json: { person_id: p, role: 'assessor' } });
				assert.equal(r.status, 201, r.text);
			}
			// a candidate from an assigned assessor's employer, or their trainee, is refused
			const colleague = await person('考生乙', '11010119900307459X', { employer: '培训中心', work_start: '2010-01-01' });
			const trainee = await person('考生丙', '110101199003071671', { employer: '别处', work_start: '2010-01-01' });
			for (const c of [colleague, trainee]) {
				const f = await h.api(`/api/v1/people/${c}/certificates`, { method: 'POST', json: { occupation_code: TURNER, level: 5, issued_on: '2015-06-01' } });
				assert.equal(f.status, 201, f.text);
			}
			assert.equal((await h.api(`/api/v1/people/${people.a3}/relationships`, { method: 'POST', json: { person_id: trainee, kind: 'trainer' } })).status, 201);
			for (const [c, why] of [[colleague, /同一工作单位/], [trainee, /培训/]]) {
				const r = await h.api(`/api/v1/plans/${plan}/enrolments`, { method: 'POST', json: { person_id: c } });
				assert.equal(r.status, 409, r.text);
				assert.match(r.json.error.message, why);
			}
			const room = await h.api(`/api/v1/plans/${plan}/rooms`, { method: 'POST', json: { name: '第一考场', capacity: 30 } });
			assert.equal(room.status, 201, room.text);
			for (const p of [people.p1, people.p2]) {
				const r = await h.api(`/api/v1/plans/${plan}/staff`, { method: 'POST', json: { person_id: p, role: 'proctor', room_id: room.json.id } });
				assert.equal(r.status, 201, r.text);
			}
			const after = (await h.api(`/api/v1/plans/${plan}`)).json;
			assert.deepEqual(after.staffing_violations, []);
			const ok = await act('start');
			assert.equal(ok.status, 200, ok.text);
			assert.equal((await h.api(`/api/v1/plans/${plan}`)).json.status, 'in_progress');
			// enrolment is closed now
			assert.equal((await h.api(`/api/v1/plans/${plan}/enrolments`, { method: 'POST', json: { person_id: people.a2 } })).status, 422);
		});

		it('an external supervisor\'s visit is recorded by a supervisor, not by the station', async () => {
			const visit = (json, token = h.token) =>
				h.api(`/api/v1/plans/${plan}/visits`, { method: 'POST', json, headers: { Authorization: `Bearer ${token}` } });
			const today = new Date().toISOString().slice(0, 10);
			const officer = await makeUser(h.server, 'visitofficer', { role: 'exam_officer', institution: station });
			const byStation = await visit({ name: '王督导', visited_on: today }, officer.token);
			assert.equal(byStation.status, 403, byStation.text);
			const future = await visit({ name: '王督导', visited_on: '2999-01-01' });
			assert.equal(future.status, 422);
			assert.equal(future.json.error.field, 'visited_on');
			const nameless = await visit({ visited_on: today });
			assert.equal(nameless.json.error.field, 'name');
			const ok = await visit({ name: '王督导', organisation: '省职业技能鉴定中心', visited_on: today, notes: '考场秩序良好' });
			assert.equal(ok.status, 201, ok.text);
			const p = (await h.api(`/api/v1/plans/${plan}`)).json;
			assert.deepEqual(p.supervisor_visits.map((v) => [v.name, v.organisation, v.notes]), [['王督导', '省职业技能鉴定中心', '考场秩序良好']]);
		});

		it('scores: entries per assessor, a moderation note when they differ, locking, corrections by a supervisor', async () => {
			const p = (await h.api(`/api/v1/plans/${plan}`)).json;
			const enr = p.enrolments.find((e) => e.person_id === people.cand).id;
			const enter = (json) => h.api(`/api/v1/plans/${plan}/scores`, { method: 'POST', json: { enrolment_id: enr, ...json } });
			const submit = (json) => h.api(`/api/v1/plans/${plan}/scores/submit`, { method: 'POST', json: { enrolment_id: enr, ...json } });
			// bad scores are refused with the reason
			for (const [score, key] of [['85.55', 'val.score.decimals'], ['101', 'val.score.range'], ['abc', 'val.score.format']]) {
				const r = await enter({ component: 'theory', score });
				assert.equal(r.status, 422, `${score}: ${r.text}`);
				assert.equal(r.json.error.field, 'score');
			}
			assert.equal((await enter({ component: 'review', score: '80' })).status, 422, 'no review at level 4');
			assert.equal((await enter({ component: 'theory', score: '72.5' })).status, 200);
			assert.equal((await submit({ component: 'theory' })).status, 200);
			assert.equal((await enter({ component: 'theory', score: '90' })).status, 422, 'locked');
			// the practical: three assessors, one far off → a moderation note is needed
			assert.equal((await enter({ component: 'practical', assessor_id: people.p1, score: '80' })).status, 422, 'not an assessor');
			for (const [a, sc] of [[people.a1, '58'], [people.a3, '75'], [people.a4, '76']])
				assert.equal((await enter({ component: 'practical', assessor_id: a, score: sc })).status, 200);
			const noNote = await submit({ component: 'practical' });
			assert.equal(noNote.status, 422, noNote.text);
			assert.equal(noNote.json.error.field, 'moderation_note');
			assert.equal((await submit({ component: 'practical', moderation_note: '复核：操作记录无误' })).status, 200);
			// a correction names an assessor of this plan (a proctor is none)
			const foreign = await h.api(`/api/v1/plans/${plan}/corrections`, {
				method: 'POST', json: { enrolment_id: enr, component: 'practical', assessor_id: people.p1, score: '74', reason: '登分错误' },
			});
			assert.equal(foreign.status, 422, foreign.text);
			assert.equal(foreign.json.error.field, 'assessor_id');
			// a correction of the locked practical, approved by a supervisor
			const corr = await h.api(`/api/v1/plans/${plan}/corrections`, {
				method: 'POST', json: { enrolment_id: enr, component: 'practical', assessor_id: people.a1, score: '74', reason: '登分错误' },
			});
			assert.equal(corr.status, 201, corr.text);
			const officer = await makeUser(h.server, 'officer2', { role: 'exam_officer', institution: station });
			const byOfficer = await h.api(`/api/v1/corrections/${corr.json.id}/decide`, {
				method: 'POST', json: { approve: true }, headers: { Authorization: `Bearer ${officer.token}` },
			});
			assert.equal(byOfficer.status, 403);
			const ok = await h.api(`/api/v1/corrections/${corr.json.id}/decide`, { method: 'POST', json: { approve: true, note: '同意' } });
			assert.equal(ok.status, 200, ok.text);
		});

		it('results: decided when every component is in, published with masked names, appealed, closed', async () => {
			const act = (action, extra = {}) => h.api(`/api/v1/plans/${plan}/act`, { method: 'POST', json: { action, ...extra } });
			assert.equal((await h.api(`/api/v1/results/${plan}`)).status, 200, 'staff see them early');
			const anon = await fetch(`${h.server.base}/api/v1/results/${plan}`);
			assert.equal(anon.status, 404, 'not public before publication');
			const fin = await act('finish_scoring');
			assert.equal(fin.status, 200, fin.text);
			assert.equal((await act('publish')).status, 200);
			const pub = await (await fetch(`${h.server.base}/api/v1/results/${plan}`)).json();
			assert.equal(pub.status, 'under_notice');
			assert.ok(pub.notice_end >= pub.notice_start);
			assert.deepEqual(pub.results.map((r) => [r.name, r.id_masked, r.outcome]), [['考*甲', '**************002X', 'pass']]);
			const appeal = await fetch(`${h.server.base}/api/v1/results/${plan}/appeals`, {
				method: 'POST', headers: { 'Content-Type': 'application/json' },
				body: JSON.stringify({ name: '王某', contact: '13800000000', body: '对成绩有疑问，请复核' }),
			});
			assert.equal(appeal.status, 201);
			const aid = (await appeal.json()).id;
			assert.equal((await act('close')).status, 422, 'the notice is still running');
			const res = await h.api(`/api/v1/plans/${plan}/appeals/${aid}/resolve`, { method: 'POST', json: { resolution: '复核无误' } });
			assert.equal(res.status, 200, res.text);
		});

		it('a user of another institution sees nothing of the plan', async () => {
			const other = await makeUser(h.server, 'stranger', { role: 'exam_officer', institution: applicant });
			const r = await h.api(`/api/v1/plans/${plan}`, { headers: { Authorization: `Bearer ${other.token}` } });
			assert.equal(r.status, 403);
			const list = await h.api('/api/v1/plans', { headers: { Authorization: `Bearer ${other.token}` } });
			assert.equal(list.status, 200);
			assert.equal(list.json.items.length, 0);
		});
	});
}

// The plan pages as their users meet them (issue 11): the missing 属地备案
// said when the plan is created and closed, and the refused issuing
// linking to where it is entered; each candidate's component scores and
// outcome on the plan page; routes and scores in words, not codes;
// irreversible actions (submitting scores, removing staff, revoking a
// certificate, suspending a registration) refused without their
// confirmation box, whatever the form sent; a submitted grid read-only.
for (const engine of engines()) {
	describeWithServer(`plan pages [${engine}]`, { engine, tag: 'planpages', user: true }, (h) => {
		let web; // the center_admin signed in through the login form
		let filed; // a station with its filing
		let unfiled; // a station without

		const ok = async (p, status, what) => {
			const r = await p;
			assert.equal(r.status, status, `${what}: ${r.status} ${r.text.slice(0, 400)}`);
			return r;
		};
		/* A plan of station st started, one candidate enrolled, the theory
		 * score entered (not submitted). */
		const startedPlan = async (st) => {
			const plan = (await ok(h.api('/api/v1/plans', { method: 'POST', json: { institution_id: st.id, standard_id: st.standard, level: 4, capacity: 5 } }), 201, 'plan')).json.id;
			const room = (await ok(h.api(`/api/v1/plans/${plan}/rooms`, { method: 'POST', json: { name: '第一考场', capacity: 5 } }), 201, 'room')).json.id;
			for (const a of st.assessors.slice(0, 3))
				await ok(h.api(`/api/v1/plans/${plan}/staff`, { method: 'POST', json: { person_id: a, role: 'assessor' } }), 201, 'assessor');
			for (const p of st.proctors)
				await ok(h.api(`/api/v1/plans/${plan}/staff`, { method: 'POST', json: { person_id: p, role: 'proctor', room_id: room } }), 201, 'proctor');
			const person = (await ok(h.api('/api/v1/people', { method: 'POST', json: { name: nextName(), id_number: nextIdNumber(), employer: '机床厂', work_start: '2010-01-01' } }), 201, 'person')).json.id;
			const eid = (await ok(h.api(`/api/v1/plans/${plan}/enrolments`, { method: 'POST', json: { person_id: person, room_id: room } }), 201, 'enrol')).json.id;
			for (const action of ['submit', 'approve', 'start'])
				await ok(h.api(`/api/v1/plans/${plan}/act`, { method: 'POST', json: { action } }), 200, action);
			await ok(h.api(`/api/v1/plans/${plan}/scores`, { method: 'POST', json: { enrolment_id: eid, component: 'theory', score: '82.5' } }), 200, 'score');
			return { plan, eid };
		};

		before(async () => {
			const s = await h.server.cli(['setting', 'set', 'public_url', h.server.base]);
			assert.equal(s.code, 0, s.stderr);
			filed = await makeStation(h.server, h.api, { assessors: 3 });
			unfiled = await makeStation(h.server, h.api, { assessors: 3, filing: null });
			web = await login(h.server.base, h.user.name, h.user.password);
		});

		it('no 属地备案: said on the new plan and the closed one; the refused issuing links to where it is entered', async () => {
			await web.get('/plans/new');
			const made = await web.post('/plans', { institution_id: String(unfiled.id), standard_id: String(unfiled.standard), level: '4', capacity: '10' });
			assert.equal(made.status, 303, made.text.slice(0, 400));
			const fresh = await web.get(made.headers.get('location'));
			assert.equal(fresh.status, 200);
			assert.match(fresh.text, /id="no-filing"/, 'the new plan says the filing is missing');
			assert.match(fresh.text, /尚未登记属地备案/);
			assert.ok(fresh.text.includes(`href="/institutions/${unfiled.id}#filings"`), 'with a link to where it is entered');
			// an institution with its filing is told nothing
			const other = await closedPlan(h.server, h.api, filed, { pass: 1, photo: pngPhoto() });
			assert.doesNotMatch((await web.get(`/plans/${other.plan}`)).text, /id="no-filing"/);

			const closed = await closedPlan(h.server, h.api, unfiled, { pass: 1, photo: pngPhoto() });
			const page = await web.get(`/plans/${closed.plan}`);
			assert.match(page.text, /id="no-filing"/, 'the closed plan says it too');
			const issue = await web.post(`/plans/${closed.plan}/certificates`, {});
			assert.equal(issue.status, 422);
			assert.match(issue.text, /尚未在人社部门备案/, 'the reason');
			assert.ok(issue.text.includes(`href="/institutions/${unfiled.id}#filings"`), 'and where to enter the filing');
			// the anchor exists on the institution's page
			assert.match((await web.get(`/institutions/${unfiled.id}`)).text, /id="filings"/);
		});

		it('the plan page shows each candidate\'s component scores and outcome; routes and scores in words', async () => {
			const closed = await closedPlan(h.server, h.api, filed, { pass: 1, fail: 1, photo: pngPhoto() });
			const page = await web.get(`/plans/${closed.plan}`);
			const table = /<section id="enrolments"[\s\S]*?<\/section>/.exec(page.text)[0];
			const heads = [...table.matchAll(/<th scope="col"[^>]*>([^<]*)<\/th>/g)].map((m) => m[1]);
			assert.ok(heads.includes('理论') && heads.includes('实操') && heads.includes('结论'), heads.join(','));
			const row = (c) => /<tr>[\s\S]*?<\/tr>/g[Symbol.match](table).find((r) => r.includes(c.name));
			const pass = row(closed.candidates[0]);
			const fail = row(closed.candidates[1]);
			assert.match(pass, />82\.5</);
			assert.match(pass, />78\.0</);
			assert.match(pass, /合格/);
			assert.match(fail, />41\.0</);
			assert.match(fail, /不合格/);
			// the route by its text in the standard, not "4-2"
			assert.match(pass, /累计从事本职业或相关职业工作6年/);
			assert.doesNotMatch(table, />4-2</);
			// the certificate's scores in words
			await ok(h.api(`/api/v1/plans/${closed.plan}/certificates`, { method: 'POST' }), 200, 'issue');
			const certs = (await h.api(`/api/v1/certificates?plan=${closed.plan}`)).json.certificates;
			const cert = await web.get(`/certificates/${certs[0].id}`);
			assert.match(cert.text, /理论 82\.5 \/ 实操 78\.0/);
			assert.doesNotMatch(cert.text, /theory=|practical=/);
			// in English too
			assert.match((await web.get(`/certificates/${certs[0].id}?lang=en`)).text, /Theory 82\.5 \/ Practical 78\.0/);
		});

		it('submitting scores needs the confirmation box; a submitted grid is read-only with nothing to press', async () => {
			const { plan, eid } = await startedPlan(filed);
			const grid = await web.get(`/plans/${plan}/scores?component=theory`);
			assert.match(grid.text, /name="confirm"/, 'the grid offers the box');
			const form = { component: 'theory', assessor: '0', submit_all: '1', [`score_${eid}`]: '82.5', [`status_${eid}`]: 'present' };
			const bare = await web.post(`/plans/${plan}/scores/submit`, form);
			assert.equal(bare.status, 422, 'refused without the box');
			assert.match(bare.text, /id="e-confirm"/);
			assert.match(bare.text, /请先勾选确认/);
			const sheet = (await h.api(`/api/v1/plans/${plan}`)).json;
			assert.ok(sheet, 'the plan is still there');
			assert.doesNotMatch((await web.get(`/plans/${plan}/scores?component=theory`)).text, /已提交锁定/, 'nothing was locked');
			const done = await web.post(`/plans/${plan}/scores/submit`, { ...form, confirm: '1' });
			assert.equal(done.status, 200, done.text.slice(0, 400));
			assert.match(done.text, /已提交锁定/);
			const after = (await web.get(`/plans/${plan}/scores?component=theory`)).text;
			assert.doesNotMatch(after, /scores\/submit"/, 'no submit button left');
			assert.doesNotMatch(after, /保存全部/, 'no save button left');
			assert.match(after, /<tr id="row-\d+" data-row="\d+" class="locked">/);
			assert.match(after, new RegExp(`id="score-${eid}"[^>]*readonly`));
			assert.match(after, new RegExp(`id="status-${eid}"[^>]*disabled`));
			assert.match(after, /本科目成绩已全部提交锁定/);
		});

		it('removing staff needs the confirmation box', async () => {
			const plan = (await ok(h.api('/api/v1/plans', { method: 'POST', json: { institution_id: filed.id, standard_id: filed.standard, level: 4, capacity: 5 } }), 201, 'plan')).json.id;
			const sid = (await ok(h.api(`/api/v1/plans/${plan}/staff`, { method: 'POST', json: { person_id: filed.proctors[0], role: 'proctor' } }), 201, 'staff')).json.id;
			const page = await web.get(`/plans/${plan}`);
			assert.match(page.text, /name="confirm" value="1" required/);
			const bare = await web.post(`/plans/${plan}/staff/remove`, { staff_id: String(sid) });
			assert.equal(bare.status, 422);
			assert.match(bare.text, /请先勾选确认/);
			assert.equal((await h.api(`/api/v1/plans/${plan}`)).json.staff.length, 1, 'still staffed');
			const done = await web.post(`/plans/${plan}/staff/remove`, { staff_id: String(sid), confirm: '1' });
			assert.equal(done.status, 303);
			assert.equal((await h.api(`/api/v1/plans/${plan}`)).json.staff.length, 0);
		});

		it('revoking a certificate needs the confirmation box', async () => {
			const closed = await closedPlan(h.server, h.api, filed, { pass: 1, photo: pngPhoto() });
			await ok(h.api(`/api/v1/plans/${closed.plan}/certificates`, { method: 'POST' }), 200, 'issue');
			const id = (await h.api(`/api/v1/certificates?plan=${closed.plan}`)).json.certificates[0].id;
			assert.match((await web.get(`/certificates/${id}`)).text, /name="confirm"/);
			const bare = await web.post(`/certificates/${id}/status`, { action: 'revoke', reason: '材料造假' });
			assert.equal(bare.status, 422);
			assert.match(bare.text, /请先勾选确认/);
			assert.equal((await h.api(`/api/v1/certificates/${id}`)).json.status, 'valid');
			const done = await web.post(`/certificates/${id}/status`, { action: 'revoke', category: 'fraud', reason: '材料造假', confirm: '1' });
			assert.equal(done.status, 303, done.text.slice(0, 300));
			assert.equal((await h.api(`/api/v1/certificates/${id}`)).json.status, 'revoked');
		});

		it('suspending a registration needs the confirmation box', async () => {
			const st = await makeStation(h.server, h.api, { assessors: 0 });
			assert.match((await web.get(`/institutions/${st.id}`)).text, /name="confirm"/);
			const form = { action: 'suspend', reason: '年检不合格', doc_no: '机职鉴字[2026]99号' };
			const bare = await web.post(`/institutions/${st.id}/status`, form);
			assert.equal(bare.status, 422);
			assert.match(bare.text, /请先勾选确认/);
			assert.equal((await h.api(`/api/v1/institutions/${st.id}`)).json.status, 'registered');
			const done = await web.post(`/institutions/${st.id}/status`, { ...form, confirm: '1' });
			assert.equal(done.status, 303, done.text.slice(0, 300));
			assert.equal((await h.api(`/api/v1/institutions/${st.id}`)).json.status, 'suspended');
		});
	});
}
