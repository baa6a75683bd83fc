// Enterprise new-type apprenticeships (企业新型学徒制, docs/apprenticeships.md),
// end to end on both engines: a class at an exam station with a technical
// school under Wuhan's rules (its duration by level, levels it does not
// train to refused naming the field), the class plan, apprentices admitted
// by the rules (a contract under a year and an unknown hire kind refused
// naming the field), hours and credits per course, the class's status one
// step at a time with its filing, interruption, withdrawal and completion,
// a completed apprentice enrolled into a plan through the standard's
// 学徒期满 route (refused before completion, and a direct enrolment refused
// without it), advances and the subsidy claim list per year (JSON, CSV and
// the command line): ¥4000 a year completed without a certificate, ¥5000
// with a 中级 one, advances clawed back for a withdrawal. An institution
// admin elsewhere is refused the class (403).
import assert from 'node:assert/strict';
import { it } from 'node:test';

import { TURNER, makeStation, nextIdNumber, nextName, sql } from './certlib.mjs';
import { apiAs, describeWithServer, engines, makeUser, uniqueName } from './lib.mjs';

const fieldOf = (r) => r.json?.error?.field ?? null;

for (const engine of engines()) {
	describeWithServer(`apprenticeships [${engine}]`, { engine, tag: 'appr', user: true }, (h) => {
		const S = {};
		const ok = async (p, status, what) => {
			const r = await p;
			assert.equal(r.status, status, `${what}: ${r.status} ${r.text}`);
			return r;
		};
		const post = (path, json) => h.api(path, { method: 'POST', json });
		const person = async () =>
			(await ok(post('/api/v1/people', { name: nextName(), id_number: nextIdNumber(), employer: '武汉机床厂' }), 201, 'person')).json.id;
		const klass = {
			enterprise_name: '武汉机床厂',
			enterprise_credit_code: '91420100MA4K000001',
			school_name: '武汉市第一技工学校',
			school_kind: 'technical_school',
			occupation_code: TURNER,
			target_level: 4,
			starts_on: '2024-09-01',
			rules_code: 'wuhan',
		};
		const member = (person_id, o = {}) => ({
			person_id,
			contract_start: '2024-08-20',
			contract_end: '2027-08-19',
			hire_kind: 'new',
			enterprise_mentor: '王师傅',
			school_mentor: '李老师',
			wage: 4200,
			minimum_wage: 2210,
			...o,
		});

		it('a class: the rules kept, the standard months of its level, refusals naming the field', async () => {
			S.st = await makeStation(h.server, h.api);
			klass.institution_id = S.st.id;
			const bad = await post('/api/v1/apprenticeships', { ...klass, target_level: 2 });
			assert.equal(bad.status, 422, bad.text);
			assert.equal(fieldOf(bad), 'target_level');
			const long = await post('/api/v1/apprenticeships', { ...klass, months: 40 });
			assert.equal(fieldOf(long), 'months');
			const kind = await post('/api/v1/apprenticeships', { ...klass, school_kind: 'university' });
			assert.equal(fieldOf(kind), 'school_kind');
			const rules = await post('/api/v1/apprenticeships', { ...klass, rules_code: 'nowhere' });
			assert.equal(fieldOf(rules), 'rules_code');
			S.id = (await ok(post('/api/v1/apprenticeships', klass), 201, 'class')).json.id;
			const g = (await ok(h.api(`/api/v1/apprenticeships/${S.id}`), 200, 'get')).json;
			assert.equal(g.status, 'draft');
			assert.equal(g.months, 12); // Wuhan: 中级 12 months
			assert.equal(g.standard_months, 12);
			assert.equal(g.rules_code, 'wuhan');
			assert.match(g.rules_digest, /^[0-9a-f]{64}$/);
			assert.equal(g.rules.subsidy.value.completed_without_certificate, 4000);
			const high = (await ok(post('/api/v1/apprenticeships', { ...klass, target_level: 3 }), 201, 'class 3')).json.id;
			assert.equal((await h.api(`/api/v1/apprenticeships/${high}`)).json.months, 24);
			S.high = high;
		});

		it('the class plan: courses on either side', async () => {
			S.c1 = (await ok(post(`/api/v1/apprenticeships/${S.id}/courses`, { name: '车削实训', side: 'enterprise', hours: 120, credits: 4 }), 201, 'course')).json.id;
			S.c2 = (await ok(post(`/api/v1/apprenticeships/${S.id}/courses`, { name: '机械制图', side: 'school', hours: 80, credits: 3 }), 201, 'course')).json.id;
			const side = await post(`/api/v1/apprenticeships/${S.id}/courses`, { name: '钳工', side: 'home', hours: 10, credits: 1 });
			assert.equal(fieldOf(side), 'side');
			const twice = await post(`/api/v1/apprenticeships/${S.id}/courses`, { name: '车削实训', side: 'school', hours: 10, credits: 1 });
			assert.equal(twice.status, 409, twice.text);
		});

		it('apprentices admitted by the rules: a contract under a year and an unknown hire kind refused', async () => {
			S.pa = await person();
			S.pb = await person();
			S.pc = await person();
			const short = await post(`/api/v1/apprenticeships/${S.id}/apprentices`, member(S.pa, { contract_end: '2025-08-18' }));
			assert.equal(short.status, 422, short.text);
			assert.equal(fieldOf(short), 'contract_end');
			const hire = await post(`/api/v1/apprenticeships/${S.id}/apprentices`, member(S.pa, { hire_kind: 'intern' }));
			assert.equal(fieldOf(hire), 'hire_kind');
			const mentor = await post(`/api/v1/apprenticeships/${S.id}/apprentices`, member(S.pa, { school_mentor: '' }));
			assert.equal(fieldOf(mentor), 'school_mentor');
			// a contract of more than a year that ends before the class's
			// planned end (2025-08-31): the apprenticeship could not complete
			const early = await post(`/api/v1/apprenticeships/${S.id}/apprentices`, member(S.pa, { contract_start: '2024-08-01', contract_end: '2025-08-19' }));
			assert.equal(early.status, 422, early.text);
			assert.equal(fieldOf(early), 'contract_end');
			assert.match(early.json.error.message, /计划结束之前/);
			// a year to the day, ending with the class, is enough
			S.a = (await ok(post(`/api/v1/apprenticeships/${S.id}/apprentices`, member(S.pa, { contract_start: '2024-09-01', contract_end: '2025-08-31' })), 201, 'a')).json.id;
			S.b = (await ok(post(`/api/v1/apprenticeships/${S.id}/apprentices`, member(S.pb, { hire_kind: 'transferred' })), 201, 'b')).json.id;
			// Wuhan's rule admits current staff; a wage below the minimum is
			// recorded with a warning, not refused
			S.c = (await ok(post(`/api/v1/apprenticeships/${S.id}/apprentices`, member(S.pc, { hire_kind: 'current', wage: 2000 })), 201, 'c')).json.id;
			const again = await post(`/api/v1/apprenticeships/${S.id}/apprentices`, member(S.pa));
			assert.equal(again.status, 409, again.text);
			assert.equal((await h.api(`/api/v1/apprentices/${S.c}`)).json.wage_below_minimum, true);
			assert.equal((await h.api(`/api/v1/apprentices/${S.a}`)).json.wage_below_minimum, false);
		});

		it('one apprenticeship at a time: a person in training in a class is refused by another (never paid twice)', async () => {
			const twice = await post(`/api/v1/apprenticeships/${S.high}/apprentices`, member(S.pc));
			assert.equal(twice.status, 409, twice.text);
			assert.equal(fieldOf(twice), 'person_id');
			assert.match(twice.json.error.message, /另一个学徒班/);
		});

		it('hours and credits per course with the mentor\'s assessment', async () => {
			await ok(post(`/api/v1/apprentices/${S.a}/progress`, { course_id: S.c1, hours: 120, credits: 4, assessment: '操作规范，达到中级工要求' }), 200, 'progress');
			await ok(post(`/api/v1/apprentices/${S.a}/progress`, { course_id: S.c2, hours: 80, credits: 3 }), 200, 'progress');
			const other = await post(`/api/v1/apprentices/${S.a}/progress`, { course_id: 999999, hours: 1, credits: 0 });
			assert.equal(fieldOf(other), 'course_id');
			const a = (await ok(h.api(`/api/v1/apprentices/${S.a}`), 200, 'apprentice')).json;
			assert.equal(a.hours, 200);
			assert.equal(a.credits, 7);
			assert.equal(a.progress.length, 2);
			assert.equal(a.progress[0].assessment, '操作规范，达到中级工要求');
			assert.equal(a.class.occupation_code, TURNER);
		});

		it('the class one step at a time: filed with its filing, then running; completion only while it runs', async () => {
			const early = await post(`/api/v1/apprentices/${S.a}/status`, { status: 'completed', on: '2025-08-31' });
			assert.equal(early.status, 409, early.text);
			const skip = await post(`/api/v1/apprenticeships/${S.id}/status`, { status: 'running' });
			assert.equal(skip.status, 409, skip.text);
			const filing = { status: 'filed', agreement_no: 'XT-2024-018', agreement_signed_on: '2024-08-10', filing_no: '武人社学徒备〔2024〕12号', filing_date: '2024-08-25', filing_authority: '武汉市人力资源和社会保障局' };
			const nofiling = await post(`/api/v1/apprenticeships/${S.id}/status`, { ...filing, filing_no: '' });
			assert.equal(fieldOf(nofiling), 'filing_no');
			await ok(post(`/api/v1/apprenticeships/${S.id}/status`, filing), 200, 'filed');
			await ok(post(`/api/v1/apprenticeships/${S.id}/status`, { status: 'running' }), 200, 'running');
			const g = (await h.api(`/api/v1/apprenticeships/${S.id}`)).json;
			assert.equal(g.status, 'running');
			assert.equal(g.filing_no, filing.filing_no);
		});

		it('before completion: no enrolment through the apprenticeship, and a direct one is not eligible', async () => {
			const plan = (await ok(post('/api/v1/plans', { institution_id: S.st.id, standard_id: S.st.standard, level: 5, capacity: 10 }), 201, 'plan')).json.id;
			S.plan = plan;
			const notyet = await post(`/api/v1/apprentices/${S.a}/enrol`, { plan_id: plan });
			assert.equal(notyet.status, 409, notyet.text);
			const direct = await post(`/api/v1/plans/${plan}/enrolments`, { person_id: S.pc });
			assert.equal(direct.status, 422, direct.text);
		});

		it('completion needs the class plan\'s total hours and credits', async () => {
			const none = await post(`/api/v1/apprentices/${S.c}/status`, { status: 'completed', on: '2025-08-31' });
			assert.equal(none.status, 422, none.text);
			assert.equal(fieldOf(none), 'hours');
			assert.match(none.json.error.message, /总学时/);
			await ok(post(`/api/v1/apprentices/${S.c}/progress`, { course_id: S.c1, hours: 120, credits: 0 }), 200, 'progress c1');
			await ok(post(`/api/v1/apprentices/${S.c}/progress`, { course_id: S.c2, hours: 80, credits: 3 }), 200, 'progress c2');
			const credits = await post(`/api/v1/apprentices/${S.c}/status`, { status: 'completed', on: '2025-08-31' });
			assert.equal(credits.status, 422, credits.text);
			assert.equal(fieldOf(credits), 'credits');
			assert.match(credits.json.error.message, /总学分/);
			assert.equal((await h.api(`/api/v1/apprentices/${S.c}`)).json.status, 'active');
		});

		it('interrupted and withdrawn with a reason; completed; enrolled through the 学徒期满 route', async () => {
			const noreason = await post(`/api/v1/apprentices/${S.b}/status`, { status: 'withdrawn', on: '2025-03-31' });
			assert.equal(fieldOf(noreason), 'reason');
			await ok(post(`/api/v1/apprentices/${S.b}/status`, { status: 'interrupted', reason: '工伤休养', on: '2025-02-10' }), 200, 'interrupted');
			await ok(post(`/api/v1/apprentices/${S.b}/status`, { status: 'withdrawn', reason: '解除劳动合同', on: '2025-03-31' }), 200, 'withdrawn');
			const back = await post(`/api/v1/apprentices/${S.b}/status`, { status: 'active' });
			assert.equal(back.status, 409, back.text);
			await ok(post(`/api/v1/apprentices/${S.a}/status`, { status: 'completed', on: '2025-08-31' }), 200, 'completed');
			const late = await post(`/api/v1/apprentices/${S.a}/progress`, { course_id: S.c1, hours: 1, credits: 0 });
			assert.equal(late.status, 409, late.text);
			// two enrolments at once into two plans: one wins, the other is
			// refused and rolled back (no second enrolment of the person)
			const plan2 = (await ok(post('/api/v1/plans', { institution_id: S.st.id, standard_id: S.st.standard, level: 5, capacity: 10 }), 201, 'plan 2')).json.id;
			const plan1 = S.plan;
			const both = await Promise.all([plan1, plan2].map((plan_id) => post(`/api/v1/apprentices/${S.a}/enrol`, { plan_id })));
			assert.deepEqual(both.map((x) => x.status).sort(), [200, 409], both.map((x) => x.text).join(' | '));
			const won = both.findIndex((x) => x.status === 200);
			const r = both[won];
			assert.equal(both[1 - won].json.error.field, 'plan_id');
			assert.equal(r.json.route, '5-2');
			const a = (await h.api(`/api/v1/apprentices/${S.a}`)).json;
			assert.equal(a.status, 'completed');
			assert.equal(a.completed_on, '2025-08-31');
			assert.equal(a.enrolment_id, r.json.enrolment_id);
			assert.equal(a.plan_id, [plan1, plan2][won]);
			S.plan = a.plan_id;
			// and one after the other: the second refused, its enrolment
			// rolled back
			const second = await post(`/api/v1/apprentices/${S.a}/enrol`, { plan_id: [plan1, plan2][1 - won] });
			assert.equal(second.status, 409, second.text);
			assert.equal(fieldOf(second), 'plan_id');
			assert.match(second.json.error.message, /已报名参加评价/);
			const enrolments = (await sql(h.server, `SELECT count(*) FROM enrolment WHERE person_id = ${Number(S.pa)} AND plan_id IN (${plan1}, ${plan2})`)).trim();
			assert.equal(enrolments, '1');
			const twice = await post(`/api/v1/apprentices/${S.a}/enrol`, { plan_id: S.plan });
			assert.equal(twice.status, 409, twice.text);
		});

		it('each apprentice\'s own time: admitted six months into the class, interrupted two months, paid for the rest only', async () => {
			S.pd = await person();
			S.d = (await ok(post(`/api/v1/apprenticeships/${S.id}/apprentices`, member(S.pd, { contract_start: '2025-03-01', contract_end: '2026-02-28' })), 201, 'd')).json.id;
			await ok(post(`/api/v1/apprentices/${S.d}/status`, { status: 'interrupted', reason: '病假', on: '2025-04-01' }), 200, 'interrupted');
			const before = await post(`/api/v1/apprentices/${S.d}/status`, { status: 'active', on: '2025-03-31' });
			assert.equal(fieldOf(before), 'on');
			await ok(post(`/api/v1/apprentices/${S.d}/status`, { status: 'active', on: '2025-06-01' }), 200, 'resumed');
			await ok(post(`/api/v1/apprentices/${S.d}/progress`, { course_id: S.c1, hours: 120, credits: 4 }), 200, 'progress');
			await ok(post(`/api/v1/apprentices/${S.d}/progress`, { course_id: S.c2, hours: 80, credits: 3 }), 200, 'progress');
			await ok(post(`/api/v1/apprentices/${S.d}/status`, { status: 'completed', on: '2025-08-31' }), 200, 'completed');
			const d = (await h.api(`/api/v1/apprentices/${S.d}`)).json;
			assert.deepEqual(d.interruptions, [{ from: '2025-04-01', to: '2025-06-01', reason: '病假' }]);
			const b = (await h.api(`/api/v1/apprentices/${S.b}`)).json;
			assert.deepEqual(b.interruptions, [{ from: '2025-02-10', to: '2025-03-31', reason: '工伤休养' }]);
			// 2024: not yet an apprentice, no apprentice-year of theirs
			const y24 = (await ok(h.api(`/api/v1/apprenticeships/${S.id}/subsidy?year=2024`), 200, 'claim 2024')).json;
			assert.equal(y24.lines.find((l) => l.apprentice_id === S.d), undefined);
			// 2025: March to August less April and May: four months of ¥4000 a year
			const y25 = (await ok(h.api(`/api/v1/apprenticeships/${S.id}/subsidy?year=2025`), 200, 'claim 2025')).json;
			const l = y25.lines.find((x) => x.apprentice_id === S.d);
			assert.deepEqual([l.outcome, l.months, l.amount], ['completed', 4, 1333]);
		});

		it('the subsidy claim list: completed without a certificate, withdrawn with advances clawed back, still training', async () => {
			await ok(post(`/api/v1/apprentices/${S.a}/advances`, { year: 2024, amount: 1000 }), 200, 'advance');
			await ok(post(`/api/v1/apprentices/${S.b}/advances`, { year: 2024, amount: 1500 }), 200, 'advance');
			await ok(post(`/api/v1/apprentices/${S.b}/advances`, { year: 2025, amount: 2000 }), 200, 'advance');
			const bad = await post(`/api/v1/apprentices/${S.b}/advances`, { year: 2019, amount: 2000 });
			assert.equal(fieldOf(bad), 'year');
			const y24 = (await ok(h.api(`/api/v1/apprenticeships/${S.id}/subsidy?year=2024`), 200, 'claim')).json;
			const line = (cl, id) => cl.lines.find((l) => l.apprentice_id === id);
			// 2024-09-01 .. 2024-12-31: four months of ¥4000 a year
			assert.deepEqual([line(y24, S.a).outcome, line(y24, S.a).months, line(y24, S.a).amount, line(y24, S.a).due], ['completed', 4, 1333, 333]);
			assert.deepEqual([line(y24, S.b).outcome, line(y24, S.b).amount, line(y24, S.b).clawback], ['not_completed', 0, 1500]);
			assert.deepEqual([line(y24, S.c).outcome, line(y24, S.c).amount, line(y24, S.c).due], ['training', 0, 0]);
			assert.equal(y24.clawback, 1500);
			const y25 = (await h.api(`/api/v1/apprenticeships/${S.id}/subsidy?year=2025`, { headers: { 'Accept-Language': 'en' } })).json;
			assert.deepEqual([line(y25, S.a).months, line(y25, S.a).amount, line(y25, S.a).rule], [8, 2667, 'apprenticeship.rule.completed']);
			assert.equal(line(y25, S.b).clawback, 2000);
			// January to March less the interruption from 10 February
			assert.equal(line(y25, S.b).months, 2);
			assert.match(line(y25, S.b).rule_text, /clawed back/);
			const noyear = await h.api(`/api/v1/apprenticeships/${S.id}/subsidy`);
			assert.equal(fieldOf(noyear), 'year');
		});

		it('a 中级 certificate of the occupation since the class began: ¥5000 a year; the CSV and the command line say the same', async () => {
			await sql(h.server,
				'INSERT INTO certificate (number, line, person_id, institution_name, holder_name, id_type, id_blind, id_masked, occupation_code, occupation_name, level, issued_on, status, status_index, created_at) '
				+ `SELECT 'APPR${S.pa}', 'industry', id, '考试站', name, id_type, id_blind, id_masked, '${TURNER}', '车工', 4, '2025-09-10', 'valid', ${800000 + S.pa}, '2025-09-10T00:00:00Z' FROM person WHERE id = ${Number(S.pa)}`);
			const y25 = (await h.api(`/api/v1/apprenticeships/${S.id}/subsidy?year=2025`)).json;
			const a = y25.lines.find((l) => l.apprentice_id === S.a);
			assert.deepEqual([a.outcome, a.cert_level, a.rate, a.amount, a.rule], ['certificate', 4, 5000, 3333, 'apprenticeship.rule.certificate']);
			const csv = await h.api(`/api/v1/apprenticeships/${S.id}/subsidy.csv?year=2025`, { headers: { 'Accept-Language': 'en' } });
			assert.equal(csv.status, 200, csv.text);
			assert.match(csv.headers.get('content-type'), /text\/csv/);
			const rows = csv.text.trim().split('\r\n');
			assert.match(rows[0], /^year,enterprise,credit code,apprentice,outcome/);
			assert.equal(rows.length, 1 + y25.lines.length);
			assert.ok(rows.some((r) => r.includes('"certificate",4,8,5000,3333,0,3333,0,')), csv.text);
			const cli = await h.server.cli(['apprenticeship', 'subsidy', String(S.id), '--year', '2025']);
			assert.equal(cli.code, 0, cli.stderr);
			assert.match(cli.stdout, new RegExp(`^${S.a}\\t[^\\t]+\\tcertificate\\t4\\t8\\t3333\\t0\\t3333\\t0\\t`, 'm'));
			assert.match(cli.stdout, /^total\tamount 4666\tdue 4666\tclawback 2000$/m);
		});

		it('per enterprise: the claims of a year over the classes of an institution, with their totals', async () => {
			const all = await ok(h.api(`/api/v1/apprenticeship-claims?year=2025&institution_id=${S.st.id}`), 200, 'claims');
			// the 高级 class has no apprentice: no apprentice-year, not listed
			assert.deepEqual(all.json.classes.map((c) => c.class_id), [S.id]);
			assert.deepEqual([all.json.amount, all.json.due, all.json.clawback], [4666, 4666, 2000]);
			const none = await ok(h.api('/api/v1/apprenticeship-claims?year=2023'), 200, 'claims 2023');
			assert.deepEqual(none.json.classes, []);
			const bad = await h.api('/api/v1/apprenticeship-claims?year=20x5');
			assert.equal(fieldOf(bad), 'year');
		});

		it('scope: an institution admin elsewhere is refused the class (403) and lists none; the station\'s admin manages it', async () => {
			const other = Number((await h.server.cli(['institution', 'add', '--name', uniqueName('别的考试站'), '--type', 'exam_station', '--province', '42'])).stdout.trim());
			const u = await makeUser(h.server, `appr_other_${engine}`, { role: 'institution_admin', institution: other });
			const api = apiAs(h.server.base, u.token);
			assert.equal((await api(`/api/v1/apprenticeships/${S.id}`)).status, 403);
			assert.equal((await api(`/api/v1/apprentices/${S.a}`)).status, 403);
			assert.equal((await api(`/api/v1/apprenticeships/${S.id}/subsidy?year=2025`)).status, 403);
			assert.equal((await api(`/api/v1/apprenticeships/${S.id}/courses`, { method: 'POST', json: { name: 'x', side: 'school', hours: 1, credits: 0 } })).status, 403);
			assert.equal((await api(`/api/v1/apprenticeships/999999`)).status, 404);
			assert.deepEqual((await api('/api/v1/apprenticeships')).json.items, []);
			assert.deepEqual((await api('/api/v1/apprenticeship-claims?year=2025')).json.classes, []);
			const own = await makeUser(h.server, `appr_own_${engine}`, { role: 'institution_admin', institution: S.st.id });
			const mine = await apiAs(h.server.base, own.token)('/api/v1/apprenticeships');
			assert.ok(mine.json.items.some((k) => k.id === S.id), mine.text);
			const audit = await h.server.cli(['audit', 'list', '--limit', '200']);
			assert.match(audit.stdout, /apprentice\.enrol/);
		});
	});
}
