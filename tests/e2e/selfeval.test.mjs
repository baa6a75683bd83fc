// Enterprise self-evaluation (企业自主评价, issue 15; docs/self-evaluation.md),
// on both engines: a plan's candidate pool enforced on every enrolment path
// by the candidate's employer credit code — a candidate from a non-partner
// company refused by an own-staff plan and accepted by a public one; the
// partners' pool; an import refused row by row; the online-application
// offer no wider than the pool (and the pool not narrowed under an offer);
// an in-house assessor assessing a colleague in a staff pool (a shared
// employer recuses in a public plan only; a declared relative in both);
// the institution's HR filing (Y): a Y institution whose filing stays
// inside runs only its own staff, its certificates numbered Y, another
// station's S; the enterprise dashboard: staff by their highest level and
// the certificates whose subsidy window closes within 60 days; the pages
// in Chinese and English, the CLI, and who may do what.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { before, it } from 'node:test';

import { TURNER, closedPlan, makeStation, nextIdNumber, nextName, pngPhoto, sql } from './certlib.mjs';
import { describeWithServer, engines, http, login, makeUser, newPassword } from './lib.mjs';

// GB 32100 credit codes with their check character
const creditCode = (body) => {
	const set = '0123456789ABCDEFGHJKLMNPQRTUWXY';
	const w = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
	const sum = [...body].reduce((a, ch, i) => a + set.indexOf(ch) * w[i], 0);
	return body + set[(31 - (sum % 31)) % 31];
};
const INST = creditCode('91440300MA5F00001'); // the station's own
const PARTNER = creditCode('91440300MA5F00002');
const OTHER = creditCode('91440300MA5F00003');
const DASH = creditCode('91440300MA5F00004');
// the refusals' messages (zh, the default)
const MSG = {
	'selfeval.not_staff': '本计划只面向本单位职工',
	'selfeval.not_partner': '不是本计划的合作企业',
	'selfeval.pool_invalid': '考生范围应为',
	'selfeval.partners_required': '须列出至少一家合作企业',
	'selfeval.partners_only': '才填写合作企业',
	'apply.partner_code': '18 位统一社会信用代码',
	'apply.partner_repeated': '填写了两次',
	'selfeval.offer_wider': '不能超出计划的考生范围',
	'selfeval.pool_narrower': '比新的考生范围更宽',
	'selfeval.hr_filing_needed': '须填写备案编号',
	'selfeval.hr_filing.invalid': '只能为空（S 类）或 Y',
	'selfeval.pool_y_staff': '只能面向本单位职工',
};
const today = () => new Date().toISOString().slice(0, 10);

for (const engine of engines()) {
	describeWithServer(`enterprise self-evaluation [${engine}]`, { engine, tag: 'selfeval', user: true }, (h) => {
		const S = {};
		const post = (url, json = {}) => h.api(url, { method: 'POST', json });
		const ok = async (p, status = 200) => {
			const r = await p;
			assert.equal(r.status, status, r.text);
			return r.json;
		};
		const refused = async (p, field, key) => {
			const r = await p;
			assert.equal(r.status, 422, r.text);
			assert.equal(r.json.error.field, field, r.text);
			if (key) assert.ok(r.json.error.message.includes(MSG[key]), `${key}: ${r.text}`);
		};
		const person = async (code) => {
			const id_number = nextIdNumber();
			const r = await ok(post('/api/v1/people', {
				name: nextName(), id_number, employer: code ? `企业${code.slice(-3)}` : '个体',
				employer_credit_code: code, work_start: '2010-01-01',
			}), 201);
			return { id: r.id, id_number };
		};
		const newPlan = async (st = S.st, capacity = 10) => (await ok(post('/api/v1/plans', {
			institution_id: st.id, standard_id: st.standard, level: 4, capacity,
		}), 201)).id;
		const enrol = (plan, p) => post(`/api/v1/plans/${plan}/enrolments`, { person_id: p.id });

		before(async () => {
			S.st = await makeStation(h.server, h.api, { assessors: 3 });
			await ok(post(`/api/v1/institutions/${S.st.id}`, { credit_code: INST }));
		});

		it('a candidate from a non-partner company is refused by an own-staff plan and accepted by a public one', async () => {
			const own = await newPlan();
			const open = await newPlan();
			assert.equal((await ok(h.api(`/api/v1/plans/${own}/candidate-pool`))).candidate_pool, 'public', 'public by default');
			await ok(post(`/api/v1/plans/${own}/candidate-pool`, { candidate_pool: 'staff' }));
			const got = await ok(h.api(`/api/v1/plans/${own}/candidate-pool`));
			assert.deepEqual([got.candidate_pool, got.effective_pool, got.partners], ['staff', 'staff', []]);
			const outsider = await person(OTHER);
			const nobody = await person('');
			const staff = await person(INST);
			await refused(enrol(own, outsider), 'employer_credit_code', 'selfeval.not_staff');
			await refused(enrol(own, nobody), 'employer_credit_code', 'selfeval.not_staff');
			await ok(enrol(open, outsider), 201);
			await ok(enrol(own, staff), 201);
			const plan = await ok(h.api(`/api/v1/plans/${own}`));
			assert.equal(plan.enrolments.length, 1, 'nothing stored for the refused');
			await refused(post(`/api/v1/plans/${own}/candidate-pool`, { candidate_pool: 'everyone' }), 'candidate_pool', 'selfeval.pool_invalid');
			// the audit trail names the change
			const audit = await ok(h.api(`/api/v1/audit?object_type=plan&object_id=${own}`));
			assert.ok(JSON.stringify(audit).includes('plan.candidate_pool'), JSON.stringify(audit));
		});

		it('partners: the listed companies and the own staff, nobody else; partners only with that pool', async () => {
			const plan = await newPlan();
			await refused(post(`/api/v1/plans/${plan}/candidate-pool`, { candidate_pool: 'partners' }), 'partners', 'selfeval.partners_required');
			await refused(post(`/api/v1/plans/${plan}/candidate-pool`, { candidate_pool: 'public', partners: [{ credit_code: PARTNER }] }), 'partners', 'selfeval.partners_only');
			await refused(post(`/api/v1/plans/${plan}/candidate-pool`, { candidate_pool: 'partners', partners: [{ credit_code: 'ABC' }] }), 'partners', 'apply.partner_code');
			await refused(post(`/api/v1/plans/${plan}/candidate-pool`, {
				candidate_pool: 'partners', partners: [{ credit_code: PARTNER }, { credit_code: PARTNER }],
			}), 'partners', 'apply.partner_repeated');
			await ok(post(`/api/v1/plans/${plan}/candidate-pool`, { candidate_pool: 'partners', partners: [{ credit_code: PARTNER, company_name: '合作机床厂' }] }));
			assert.deepEqual((await ok(h.api(`/api/v1/plans/${plan}/candidate-pool`))).partners, [{ credit_code: PARTNER, company_name: '合作机床厂' }]);
			await ok(enrol(plan, await person(PARTNER)), 201);
			await ok(enrol(plan, await person(INST)), 201);
			await refused(enrol(plan, await person(OTHER)), 'employer_credit_code', 'selfeval.not_partner');
		});

		it('recusal by the pool: an in-house assessor assesses a colleague in a staff plan, not in a public one; a declared relative in neither', async () => {
			const staffPlan = await newPlan();
			const publicPlan = await newPlan();
			await ok(post(`/api/v1/plans/${staffPlan}/candidate-pool`, { candidate_pool: 'staff' }));
			const assessor = await person(INST);
			await ok(post(`/api/v1/people/${assessor.id}/qualifications`, {
				occupation_code: TURNER, grade: 'assessor', max_level: 3, valid_from: '2020-01-01', valid_to: '2035-12-31',
			}), 201);
			const colleague = await person(INST);
			const relative = await person(INST);
			await ok(post(`/api/v1/people/${assessor.id}/relationships`, { person_id: relative.id, kind: 'relative' }), 201);
			const assign = (plan) => post(`/api/v1/plans/${plan}/staff`, { person_id: assessor.id, role: 'assessor' });
			const recused = async (p, pattern) => {
				const r = await p;
				assert.equal(r.status, 409, r.text);
				assert.equal(r.json.error.field, 'person_id', r.text);
				assert.match(r.json.error.message, pattern, r.text);
			};
			// the staff plan: the colleague enrolled, then the assessor assigned
			// (the assignment's check), then another colleague enrolled (the
			// enrolment's check); the relative refused
			await ok(enrol(staffPlan, colleague), 201);
			await ok(assign(staffPlan), 201);
			await ok(enrol(staffPlan, await person(INST)), 201);
			await recused(enrol(staffPlan, relative), /亲属/);
			// the public plan: the same pairing refused both ways
			await ok(enrol(publicPlan, colleague), 201);
			await recused(assign(publicPlan), /同一工作单位/);
			const other = await newPlan();
			await ok(assign(other), 201);
			await recused(enrol(other, colleague), /同一工作单位/);
			await recused(enrol(other, relative), /亲属/);
			const staffed = await ok(h.api(`/api/v1/plans/${staffPlan}`));
			assert.equal(staffed.enrolments.length, 2, JSON.stringify(staffed.enrolments));
			assert.equal(staffed.staff.find((x) => x.person_id === assessor.id).override_note, '', 'no sign-off needed');
		});

		it('an import is refused row by row for a candidate outside the pool', async () => {
			const plan = await newPlan();
			await ok(post(`/api/v1/plans/${plan}/candidate-pool`, { candidate_pool: 'staff' }));
			const outsider = await person(OTHER);
			const staff = await person(INST);
			const csv = `证件号码\n${staff.id_number}\n${outsider.id_number}\n`;
			const r = await h.api(`/api/v1/plans/${plan}/import/enrolments?dry_run=1`, { method: 'POST', body: csv, headers: { 'Content-Type': 'text/csv' } });
			assert.equal(r.status, 200, r.text);
			assert.deepEqual(r.json.problems.map((p) => [p.row, p.code]), [[3, 'selfeval.not_staff']], r.text);
		});

		it('the online-application offer reaches no wider than the pool, and the pool narrows not under an offer', async () => {
			const plan = await newPlan();
			await ok(post(`/api/v1/plans/${plan}/candidate-pool`, { candidate_pool: 'partners', partners: [{ credit_code: PARTNER, company_name: '合作机床厂' }] }));
			const offer = (audience, partners) => post(`/api/v1/plans/${plan}/application-offer`, {
				audience, opens_on: today(), closes_on: today(), fee: '', ...(partners ? { partners } : {}),
			});
			await refused(offer('public'), 'audience', 'selfeval.offer_wider');
			await refused(offer('partners', [OTHER]), 'audience', 'selfeval.offer_wider');
			await ok(offer('partners', [PARTNER]));
			await refused(post(`/api/v1/plans/${plan}/candidate-pool`, { candidate_pool: 'staff' }), 'candidate_pool', 'selfeval.pool_narrower');
			await ok(offer('staff'));
			await ok(post(`/api/v1/plans/${plan}/candidate-pool`, { candidate_pool: 'staff' }));
		});

		it('a Y institution: staff only unless its filing reaches outside; its certificates numbered Y, another station\'s S', async () => {
			const st = await makeStation(h.server, h.api, { assessors: 3 });
			await ok(post(`/api/v1/institutions/${st.id}`, { credit_code: OTHER }));
			await refused(post(`/api/v1/institutions/${st.id}/hr-filing`, { hr_filing: 'Y' }), 'hr_filing_no', 'selfeval.hr_filing_needed');
			await refused(post(`/api/v1/institutions/${st.id}/hr-filing`, { hr_filing: 'X', hr_filing_no: '1' }), 'hr_filing', 'selfeval.hr_filing.invalid');
			await ok(post(`/api/v1/institutions/${st.id}/hr-filing`, { hr_filing: 'Y', hr_filing_no: '粤人社自评备[2026]3号' }));
			const plan = await newPlan(st);
			const view = await ok(h.api(`/api/v1/plans/${plan}/candidate-pool`));
			assert.deepEqual([view.candidate_pool, view.effective_pool, view.hr_filing], ['public', 'staff', 'Y']);
			await refused(enrol(plan, await person(PARTNER)), 'employer_credit_code', 'selfeval.not_staff');
			await ok(enrol(plan, await person(OTHER)), 201);
			await refused(post(`/api/v1/plans/${plan}/candidate-pool`, { candidate_pool: 'partners', partners: [{ credit_code: PARTNER }] }), 'candidate_pool', 'selfeval.pool_y_staff');
			// its filing lets it serve outside candidates (社会化评价)
			await ok(post(`/api/v1/institutions/${st.id}/hr-filing`, { hr_filing: 'Y', hr_filing_no: '粤人社自评备[2026]3号', hr_filing_outside: true }));
			await ok(enrol(plan, await person(PARTNER)), 201);
			// certificates: Y here, S at the station without the filing
			const y = await closedPlan(h.server, h.api, st, { pass: 1 });
			await ok(post(`/api/v1/plans/${y.plan}/certificates`), 200);
			const s = await closedPlan(h.server, h.api, S.st, { pass: 1 });
			await ok(post(`/api/v1/plans/${s.plan}/certificates`), 200);
			const numbers = async (p) => (await ok(h.api(`/api/v1/certificates?plan=${p}`))).certificates.map((c) => c.number);
			const [ny] = await numbers(y.plan);
			const [ns] = await numbers(s.plan);
			assert.match(ny, /^Y/, ny);
			assert.match(ns, /^S/, ns);
			// only the center records a filing
			const admin = await makeUser(h.server, `selfeval.admin.${engine}`, { role: 'institution_admin', institution: st.id });
			const r = await h.api(`/api/v1/institutions/${st.id}/hr-filing`, { method: 'POST', json: { hr_filing: '' }, headers: { Authorization: `Bearer ${admin.token}` } });
			assert.equal(r.status, 403, r.text);
			S.yStation = st;
		});
		it('the pool page: the form in Chinese and English, a refusal re-rendered (422), partners one a line; the CLI', async () => {
			const plan = await newPlan();
			const center = await makeUser(h.server, `selfeval.center.${engine}`, { role: 'center_admin' });
			const s = await login(h.server.base, center.name, center.password);
			const zh = await s.get(`/plans/${plan}/candidate-pool`);
			assert.equal(zh.status, 200, zh.text.slice(0, 300));
			assert.match(zh.text, /<select[^>]*name="candidate_pool"/);
			assert.match(zh.text, /仅本单位职工/);
			const en = await s.get(`/plans/${plan}/candidate-pool?lang=en`);
			assert.match(en.text, /Own staff only/);
			const bad = await s.post(`/plans/${plan}/candidate-pool`, { candidate_pool: 'partners', partners: '' });
			assert.equal(bad.status, 422, bad.text.slice(0, 300));
			assert.match(bad.text, /须列出至少一家合作企业/);
			const good = await s.post(`/plans/${plan}/candidate-pool`, { candidate_pool: 'partners', partners: `${PARTNER} 合作机床厂\n\n  ${OTHER}` });
			assert.equal(good.status, 303, good.text.slice(0, 300));
			const view = await ok(h.api(`/api/v1/plans/${plan}/candidate-pool`));
			assert.deepEqual(view.partners, [{ credit_code: PARTNER, company_name: '合作机床厂' }, { credit_code: OTHER, company_name: '' }]);
			const again = await s.get(`/plans/${plan}/candidate-pool?done=1`);
			assert.match(again.text, /考生范围已保存/);
			assert.ok(again.text.includes(`${PARTNER} 合作机床厂`));
			// the plan page links it
			assert.match((await s.get(`/plans/${plan}`)).text, new RegExp(`href="/plans/${plan}/candidate-pool"`));
			// the CLI
			const set = await h.server.cli(['selfeval', 'pool', String(plan), '--pool', 'staff']);
			assert.equal(set.code, 0, set.stderr);
			assert.equal(JSON.parse(set.stdout).candidate_pool, 'staff');
			const wrong = await h.server.cli(['selfeval', 'pool', String(plan), '--pool', 'everyone']);
			assert.equal(wrong.code, 1);
			assert.match(wrong.stderr, /candidate_pool/);
			// another institution's admin: nothing to see or change
			const other = await makeStation(h.server, h.api, { assessors: 3 });
			const admin = await makeUser(h.server, `selfeval.other.${engine}`, { role: 'institution_admin', institution: other.id });
			const as = { Authorization: `Bearer ${admin.token}` };
			assert.equal((await h.api(`/api/v1/plans/${plan}/candidate-pool`, { headers: as })).status, 403);
			assert.equal((await h.api(`/api/v1/plans/${plan}/candidate-pool`, { method: 'POST', json: { candidate_pool: 'public' }, headers: as })).status, 403);
			assert.equal((await ok(h.api(`/api/v1/plans/${plan}/candidate-pool`))).candidate_pool, 'staff', 'unchanged');
		});

		it('the dashboard: staff by their highest level, the subsidy windows closing within 60 days; page, API, CLI; others refused', async () => {
			const st = await makeStation(h.server, h.api, { assessors: 3 });
			await ok(post(`/api/v1/institutions/${st.id}`, { credit_code: DASH }));
			const cp = await closedPlan(h.server, h.api, st, { pass: 3 });
			await ok(post(`/api/v1/plans/${cp.plan}/certificates`), 200);
			const certs = (await ok(h.api(`/api/v1/certificates?plan=${cp.plan}`))).certificates;
			const ids = cp.candidates.map((c) => c.person_id);
			// the candidates work for the station's company; one more without a certificate
			await sql(h.server, `UPDATE person SET employer_credit_code = '${DASH}' WHERE id IN (${ids.join(',')})`);
			await person(DASH);
			// one certificate issued 11 months ago (its window closes in ~30
			// days), one 9 months ago (~90 days: later), one today
			const back = (months, days) => {
				const d = new Date();
				d.setUTCMonth(d.getUTCMonth() - months, Math.min(d.getUTCDate(), 28));
				d.setUTCDate(d.getUTCDate() + days);
				return d.toISOString().slice(0, 10);
			};
			const soon = certs.find((c) => c.holder_name === cp.candidates[0].name);
			const later = certs.find((c) => c.holder_name === cp.candidates[1].name);
			await sql(h.server, `UPDATE certificate SET issued_on = '${back(12, 30)}' WHERE id = ${soon.id}`);
			await sql(h.server, `UPDATE certificate SET issued_on = '${back(12, 90)}' WHERE id = ${later.id}`);
			const d = await ok(h.api(`/api/v1/institutions/${st.id}/dashboard`));
			assert.equal(d.staff, 4);
			assert.deepEqual(d.levels, { 0: 1, 1: 0, 2: 0, 3: 0, 4: 3, 5: 0 });
			assert.equal(d.closing_days, 60);
			assert.deepEqual(d.subsidy_closing.map((x) => x.number), [soon.number], JSON.stringify(d.subsidy_closing));
			assert.ok(d.subsidy_closing[0].days_left >= 25 && d.subsidy_closing[0].days_left <= 32, JSON.stringify(d.subsidy_closing[0]));
			assert.deepEqual(d.apprentices_by_stage, { classes: 0, active: 0, interrupted: 0, withdrawn: 0, completed: 0, enrolled: 0 });
			// a class of the station with two apprentices, one withdrawn
			const k = await ok(post('/api/v1/apprenticeships', { institution_id: st.id, enterprise_name: '仪表厂', school_name: '技工学校', school_kind: 'technical_school', occupation_code: '6-18-01-01', target_level: 4, starts_on: '2024-09-01', rules_code: 'wuhan' }), 201);
			for (const pid of ids.slice(0, 2))
				await ok(post(`/api/v1/apprenticeships/${k.id}/apprentices`, { person_id: pid, contract_start: '2024-08-20', contract_end: '2027-08-19', hire_kind: 'new', enterprise_mentor: '王师傅', school_mentor: '李老师' }), 201);
			const gone = (await ok(h.api(`/api/v1/apprenticeships/${k.id}`))).apprentices[1].id;
			await ok(post(`/api/v1/apprentices/${gone}/status`, { status: 'withdrawn', reason: '调岗' }));
			assert.deepEqual((await ok(h.api(`/api/v1/institutions/${st.id}/dashboard`))).apprentices_by_stage, { classes: 1, active: 1, interrupted: 0, withdrawn: 1, completed: 0, enrolled: 0 });
			// the CLI says the same
			const c = await h.server.cli(['selfeval', 'dashboard', String(st.id)]);
			assert.equal(c.code, 0, c.stderr);
			assert.deepEqual([JSON.parse(c.stdout).staff, JSON.parse(c.stdout).subsidy_closing.length], [4, 1]);
			// the page, as the station's admin, in Chinese and English
			const admin = await makeUser(h.server, `selfeval.dash.${engine}`, { role: 'institution_admin', institution: st.id });
			const s = await login(h.server.base, admin.name, admin.password);
			const zh = await s.get(`/institutions/${st.id}/dashboard`);
			assert.equal(zh.status, 200, zh.text.slice(0, 300));
			assert.match(zh.text, /<table id="staff-levels">/);
			assert.match(zh.text, /<table id="closing">/);
			assert.match(zh.text, /<td id="appr-active">1<\/td>/);
			assert.match(zh.text, /<td id="appr-withdrawn">1<\/td>/);
			assert.ok(zh.text.includes(soon.number) && !zh.text.includes(later.number));
			assert.match(zh.text, /id="apprentices-by-stage"/);
			const en = await s.get(`/institutions/${st.id}/dashboard?lang=en`);
			assert.match(en.text, /Enterprise dashboard/);
			assert.match(en.text, /closes within 60 days/);
			// the station's admin records no HR filing: the center does (no form)
			assert.doesNotMatch(zh.text, /name="hr_filing"/);
			const self = await s.post(`/institutions/${st.id}/hr-filing`, { hr_filing: 'Y', hr_filing_no: '自封' });
			assert.equal(self.status, 403, self.text.slice(0, 200));
			// another station's admin sees nothing
			const other = await makeUser(h.server, `selfeval.dash2.${engine}`, { role: 'institution_admin', institution: S.st.id });
			assert.equal((await h.api(`/api/v1/institutions/${st.id}/dashboard`, { headers: { Authorization: `Bearer ${other.token}` } })).status, 403);
			S.dash = st;
		});

		it('the HR filing form on the dashboard: a refusal re-rendered (422), then saved (303) and shown', async () => {
			const center = await makeUser(h.server, `selfeval.hr.${engine}`, { role: 'center_admin' });
			const s = await login(h.server.base, center.name, center.password);
			const page = await s.get(`/institutions/${S.dash.id}/dashboard`);
			assert.match(page.text, /name="hr_filing"/);
			const bad = await s.post(`/institutions/${S.dash.id}/hr-filing`, { hr_filing: 'Y', hr_filing_no: '' });
			assert.equal(bad.status, 422, bad.text.slice(0, 300));
			assert.match(bad.text, /须填写备案编号/);
			const good = await s.post(`/institutions/${S.dash.id}/hr-filing`, { hr_filing: 'Y', hr_filing_no: '粤人社自评备[2026]9号', hr_filing_outside: '1' });
			assert.equal(good.status, 303, good.text.slice(0, 300));
			const done = await s.get(`/institutions/${S.dash.id}/dashboard?done=1`);
			assert.match(done.text, /人社备案已保存/);
			assert.match(done.text, /用人单位评价机构（Y 类/);
			assert.ok(done.text.includes('粤人社自评备[2026]9号'));
			const d = await ok(h.api(`/api/v1/institutions/${S.dash.id}/dashboard`));
			assert.deepEqual([d.hr_filing, d.hr_filing_outside], ['Y', true]);
			const cli = await h.server.cli(['selfeval', 'hr-filing', String(S.dash.id), '--filing', 'none']);
			assert.equal(cli.code, 0, cli.stderr);
			assert.equal((await ok(h.api(`/api/v1/institutions/${S.dash.id}/dashboard`))).hr_filing, '');
		});
		it('a post-skill specification: adopted (built in or sent), named by a draft plan, the plan scored by its components, marks and weights', async () => {
			const st = S.st;
			const add = (json, inst = st.id) => post(`/api/v1/institutions/${inst}/post-specs`, json);
			const spec = (await ok(add({ builtin: 'cnc-turner-post' }), 201)).id;
			assert.equal((await add({ builtin: 'cnc-turner-post' })).status, 409, 'the same version twice');
			await refused(add({ builtin: 'nope' }), 'builtin');
			const doc = fs.readFileSync(new URL('../../post_specs/cnc-turner-post.json', import.meta.url), 'utf8');
			const bad = JSON.parse(doc);
			bad.version = 'bad';
			bad.levels[1].components[1].weight = 60; // 30 + 60
			await refused(add({ body: bad }), 'body');
			const other = JSON.parse(doc);
			other.version = 'other-standard';
			other.derived_from.standard_version = '2009';
			const wrongStd = (await ok(add({ body: JSON.stringify(other) }), 201)).id;
			const list = await ok(h.api(`/api/v1/institutions/${st.id}/post-specs`));
			assert.deepEqual(list.items.map((x) => [x.code, x.version]), [['cnc-turner-post', 'other-standard'], ['cnc-turner-post', '2026-1']]);
			assert.match(list.items[1].sha256, /^[0-9a-f]{64}$/);

			// a draft plan of level 4, two candidates
			const plan = await newPlan(st, 2);
			await refused(post(`/api/v1/plans/${plan}/post-spec`, { post_spec_id: wrongStd }), 'post_spec_id', null);
			const elsewhere = await makeStation(h.server, h.api, { assessors: 3 });
			// the CLI adopts one too (and prints its id)
			const cli = await h.server.cli(['selfeval', 'spec-add', String(elsewhere.id), '--builtin', 'cnc-turner-post']);
			assert.equal(cli.code, 0, cli.stderr);
			const theirs = Number(cli.stdout.trim());
			assert.ok(theirs > spec);
			await refused(post(`/api/v1/plans/${plan}/post-spec`, { post_spec_id: theirs }), 'post_spec_id', null);
			await ok(post(`/api/v1/plans/${plan}/post-spec`, { post_spec_id: wrongStd === spec ? 0 : null }));
			const named = await h.server.cli(['selfeval', 'plan-spec', String(plan), '--spec', String(spec)]);
			assert.equal(named.code, 0, named.stderr);
			assert.equal((await ok(h.api(`/api/v1/plans/${plan}/post-spec`))).post_spec.id, spec);
			// the page shows it and names another (or none) while the plan is a draft
			const center = await makeUser(h.server, `selfeval.spec.${engine}`, { role: 'center_admin' });
			const s = await login(h.server.base, center.name, center.password);
			const page = await s.get(`/plans/${plan}/candidate-pool?lang=en`);
			assert.match(page.text, /<p id="post-spec">数控车工岗位技能规范（示例） · 2026-1/);
			assert.match(page.text, /Post-skill specification/);
			assert.match(page.text, /<select[^>]*name="post_spec_id"/);
			const none = await s.post(`/plans/${plan}/post-spec`, { post_spec_id: '0' });
			assert.equal(none.status, 303, none.text.slice(0, 300));
			assert.equal((await ok(h.api(`/api/v1/plans/${plan}/post-spec`))).post_spec, null);
			const back = await s.post(`/plans/${plan}/post-spec`, { post_spec_id: String(spec) });
			assert.equal(back.status, 303, back.text.slice(0, 300));
			assert.equal((await ok(h.api(`/api/v1/plans/${plan}/post-spec`))).post_spec.id, spec);
			const room = (await ok(post(`/api/v1/plans/${plan}/rooms`, { name: '第一考场', capacity: 2 }), 201)).id;
			const assessors = st.assessors.slice(0, 3);
			for (const a of assessors) await ok(post(`/api/v1/plans/${plan}/staff`, { person_id: a, role: 'assessor' }), 201);
			for (const pr of st.proctors) await ok(post(`/api/v1/plans/${plan}/staff`, { person_id: pr, role: 'proctor', room_id: room }), 201);
			// A: theory 50 (below the standard's 60, above the spec's 40),
			//    practical 90 → 0.3 × 50 + 0.7 × 90 = 78.0 ≥ 70: passes
			// B: theory 82.5, practical 60 → 24.75 + 42 = 66.8 < 70: fails
			//    on the weighted total though every component passed
			const cands = [];
			for (const [theory, practical] of [['50', '90'], ['82.5', '60']]) {
				const p = await person('');
				await ok(h.api(`/api/v1/people/${p.id}/photo`, { method: 'POST', body: pngPhoto(64, 90), headers: { 'Content-Type': 'image/png' } }));
				const e = (await ok(post(`/api/v1/plans/${plan}/enrolments`, { person_id: p.id, room_id: room }), 201)).id;
				cands.push({ e, theory, practical });
			}
			for (const action of ['submit', 'approve', 'start'])
				await ok(post(`/api/v1/plans/${plan}/act`, { action }));
			await refused(post(`/api/v1/plans/${plan}/post-spec`, { post_spec_id: null }), 'post_spec_id', null);
			for (const c of cands) {
				const enter = (json) => ok(post(`/api/v1/plans/${plan}/scores`, { enrolment_id: c.e, ...json }));
				await enter({ component: 'theory', score: c.theory });
				for (const a of assessors) await enter({ component: 'practical', assessor_id: a, score: c.practical });
				for (const component of ['theory', 'practical'])
					await ok(post(`/api/v1/plans/${plan}/scores/submit`, { enrolment_id: c.e, component }));
			}
			await ok(post(`/api/v1/plans/${plan}/act`, { action: 'finish_scoring' }));
			const rows = (await sql(h.server, `SELECT enrolment_id, outcome, detail FROM result WHERE enrolment_id IN (${cands.map((c) => c.e).join(',')}) ORDER BY enrolment_id`)).trim().split('\n');
			assert.deepEqual(rows, [`${cands[0].e}|pass|score.result.pass`, `${cands[1].e}|fail|score.result.below_total`]);
		});
		it('an accepted online application is an enrolment like any other: refused outside the pool (a Y filing without outside candidates), accepted once the filing reaches outside', async () => {
			const day = (n) => new Date(Date.now() + n * 86400e3).toISOString().slice(0, 10);
			const st = await makeStation(h.server, h.api, { assessors: 3 });
			await ok(post(`/api/v1/institutions/${st.id}`, { credit_code: creditCode('91440300MA5F00005') }));
			// a holder with a level-4 certificate of the station
			const cp = await closedPlan(h.server, h.api, st, { pass: 1 });
			await ok(post(`/api/v1/plans/${cp.plan}/certificates`));
			const cert = (await ok(h.api(`/api/v1/certificates?plan=${cp.plan}`))).certificates[0];
			const who = cp.candidates[0];
			const pw = newPassword();
			const claim = await http(h.server.base, '/api/v1/holder/claim', {
				method: 'POST', json: { number: cert.number, token: cert.qr_token, name: who.name, id_number: who.id_number, username: `selfeval.holder.${engine}`, password: pw },
			});
			assert.equal(claim.status, 201, claim.text);
			const holder = await login(h.server.base, `selfeval.holder.${engine}`, pw);
			// a level-3 plan open to the public, its theory exam in 30 days
			const plan = (await ok(post('/api/v1/plans', { institution_id: st.id, standard_id: st.standard, level: 3, capacity: 5, theory_on: day(30), practical_on: day(31) }), 201)).id;
			const room = (await ok(post(`/api/v1/plans/${plan}/rooms`, { name: '第一考场', capacity: 5 }), 201)).id;
			for (const a of st.assessors) await ok(post(`/api/v1/plans/${plan}/staff`, { person_id: a, role: 'assessor' }), 201);
			for (const pr of st.proctors) await ok(post(`/api/v1/plans/${plan}/staff`, { person_id: pr, role: 'proctor', room_id: room }), 201);
			for (const action of ['submit', 'approve']) await ok(post(`/api/v1/plans/${plan}/act`, { action }));
			await ok(post(`/api/v1/plans/${plan}/application-offer`, { audience: 'public', opens_on: day(-1), closes_on: day(10), fee: '' }));
			const sent = await holder.api('/api/v1/me/applications', {
				method: 'POST', json: { plan_id: plan, route_id: '3-2a', cert_id: cert.id, diploma_type: 'technician_college', graduated_on: '2015-07-01', employer_credit_code: OTHER },
			});
			assert.equal(sent.status, 201, sent.text);
			// the station is filed as Y, its filing for its own staff only
			await ok(post(`/api/v1/institutions/${st.id}/hr-filing`, { hr_filing: 'Y', hr_filing_no: '粤人社自评备[2026]7号' }));
			const decide = () => post(`/api/v1/plans/${plan}/applications/${sent.json.id}/decision`, { decision: 'accept', reason: '材料齐全' });
			await refused(decide(), 'employer_credit_code', 'selfeval.not_staff');
			assert.equal((await ok(h.api(`/api/v1/plans/${plan}`))).enrolments.length, 0, 'nobody enrolled');
			await ok(post(`/api/v1/institutions/${st.id}/hr-filing`, { hr_filing: 'Y', hr_filing_no: '粤人社自评备[2026]7号', hr_filing_outside: true }));
			const acc = await ok(decide());
			assert.equal(acc.status, 'accepted', JSON.stringify(acc));
			assert.equal((await ok(h.api(`/api/v1/plans/${plan}`))).enrolments.length, 1);
		});
	});
}
