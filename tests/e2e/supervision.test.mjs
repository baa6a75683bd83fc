// Supervision flags (issue 16, docs/supervision.md) on both engines: two
// stations of the same occupation and level, built through the API — A,
// whose 24 candidates all pass with theory scores bunched just above the
// pass mark, one assessor 8 points above the others, three candidates with
// the same scores, practical scores entered a second apart and
// certificates left unfiled past the deadline; B, clean (half pass, scores
// spread, assessors agreeing, entries a person's pace). SQL only where the
// API cannot: the entry instants and the certificates' issue date. The
// scan raises pass_rate_outlier, theory_bunching, fast_entry,
// unfiled_overdue, assessor_bias and identical_patterns for A and nothing
// for B, with the right evidence rows; lapsed_registration for the plans
// of a third station examined after its suspension or before its
// registration, not for a fourth's in force; dismiss; a finding in the registry
// with its deadline; a rescan neither duplicates nor reopens; scope (a
// branch supervisor's flags chosen before the list is paged;
// supervisor on B's center sees none of A: a flag of A is 404 as a missing
// one is); refusals name
// the field; the CLI; the pages.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';

import { makeStation, nextIdNumber, nextName, pngPhoto, sql } from './certlib.mjs';
import { bearer, describeWithServer, engines, http, login, makeUser, sleep, startServer } from './lib.mjs';

const Y = new Date().getUTCFullYear();
const today = () => new Date().toISOString().slice(0, 10);
const addDays = (d, n) => new Date(Date.parse(d) + n * 86400e3).toISOString().slice(0, 10);
const N = 24;

const ok = async (p, status = 200) => {
	const r = await p;
	assert.equal(r.status, status, r.text);
	return r.json;
};

/* A plan of station st with N candidates scored by score(i) → {theory,
 * practical: [one per assessor]} (strings of points); closed when the
 * results are published and the notice is moved into the past. */
async function scoredPlan(h, st, score, hooks = {}) {
	const api = h.api;
	const post = (url, json) => api(url, { method: 'POST', json });
	const plan = (await ok(post('/api/v1/plans', { institution_id: st.id, standard_id: st.standard, level: 4, capacity: N }), 201)).id;
	const room = (await ok(post(`/api/v1/plans/${plan}/rooms`, { name: '第一考场', capacity: N }), 201)).id;
	const assessors = st.assessors.slice(0, 5);
	for (const a of assessors) await ok(post(`/api/v1/plans/${plan}/staff`, { person_id: a, role: 'assessor' }), 201);
	for (const p of st.proctors) await ok(post(`/api/v1/plans/${plan}/staff`, { person_id: p, role: 'proctor', room_id: room }), 201);
	const photo = pngPhoto(64, 90);
	const cands = [];
	for (let i = 0; i < N; i++) {
		const person = (await ok(post('/api/v1/people', { name: nextName(), id_number: nextIdNumber(), employer: `机床厂${i}`, work_start: '2010-01-01' }), 201)).id;
		await ok(api(`/api/v1/people/${person}/photo`, { method: 'POST', body: photo, headers: { 'Content-Type': 'image/png' } }));
		const enrolment = (await ok(post(`/api/v1/plans/${plan}/enrolments`, { person_id: person, room_id: room }), 201)).id;
		cands.push({ person, enrolment, ...score(i) });
	}
	if (hooks.enrolled) await hooks.enrolled(plan, room, cands);
	for (const action of ['submit', 'approve', 'start']) await ok(post(`/api/v1/plans/${plan}/act`, { action }));
	for (const c of cands) {
		const enter = (json) => ok(post(`/api/v1/plans/${plan}/scores`, { enrolment_id: c.enrolment, ...json }));
		await enter({ component: 'theory', score: c.theory });
		for (let j = 0; j < assessors.length; j++) await enter({ component: 'practical', assessor_id: assessors[j], score: c.practical[j] });
		for (const component of ['theory', 'practical']) await ok(post(`/api/v1/plans/${plan}/scores/submit`, { enrolment_id: c.enrolment, component }));
	}
	if (hooks.scored) await hooks.scored(plan, assessors, cands);
	for (const action of ['finish_scoring', 'publish']) await ok(post(`/api/v1/plans/${plan}/act`, { action }));
	if (hooks.published) await hooks.published(plan, cands);
	await sql(h.server, `UPDATE plan SET notice_start = '2020-01-01', notice_end = '2020-01-02' WHERE id = ${plan}`);
	await ok(post(`/api/v1/plans/${plan}/act`, { action: 'close' }));
	return { plan, assessors, cands };
}

/* The instants of a plan's entries: `gap` seconds apart, in the order of
 * enrolment, component and assessor, all by one account. */
async function paceEntries(h, plan, gap, component) {
	const rows = (await sql(h.server, `SELECT se.enrolment_id, se.component, se.assessor_id FROM score_entry se JOIN enrolment e ON e.id = se.enrolment_id WHERE e.plan_id = ${plan} ORDER BY se.enrolment_id, se.component, se.assessor_id`))
		.trim().split('\n').map((l) => l.split('|'));
	const t0 = Date.parse(`${today()}T01:00:00Z`);
	let k = 0;
	const stmts = rows.map(([e, c, a]) => {
		const g = component && c !== component ? 60 : gap;
		k += g;
		const at = new Date(t0 + k * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
		return `UPDATE score_entry SET entered_at = '${at}', entered_by = 'tester' WHERE enrolment_id = ${e} AND component = '${c}' AND assessor_id = ${a}`;
	});
	await sql(h.server, stmts.join('; '));
}

for (const engine of engines()) {
	describeWithServer(`supervision flags [${engine}]`, { engine, tag: 'supervision', user: true }, (h) => {
		const S = {};
		const post = (url, json = {}) => h.api(url, { method: 'POST', json });
		const flags = async (q = '', token) => (await ok(h.api(`/api/v1/supervision/flags${q}`, token ? { headers: bearer(token) } : {}))).flags;

		before(async () => {
			S.A = await makeStation(h.server, h.api, { assessors: 5 });
			S.B = await makeStation(h.server, h.api, { assessors: 5 });
			// A: all pass; theory 60..64; assessor 1 eight points above the
			// other four; candidates 0, 1 and 2 with the same scores
			// and half its candidates' scores corrected, half of them
			// appealing, three proctors kept despite their recusal
			S.staffOverridden = [];
			S.corrections = [];
			S.appeals = [];
			S.pa = await scoredPlan(h, S.A, (i) => {
				if (i < 3) return { theory: '61', practical: ['80', '72', '72', '72', '72'] };
				const b = 70 + 0.5 * i;
				return { theory: String(60 + (i % 5)), practical: [String(b + 8.5 + (i % 2 ? 0.5 : -0.5)), String(b), String(b + 1), String(b), String(b + 1)] };
			}, {
				// proctors from candidate 0's employer: a recusal each, overridden
				enrolled: async (plan, room) => {
					for (let k = 0; k < 3; k++) {
						const person = (await ok(post('/api/v1/people', { name: nextName(), id_number: nextIdNumber(), employer: '机床厂0', work_start: '2005-01-01' }), 201)).id;
						let r = await post(`/api/v1/plans/${plan}/staff`, { person_id: person, role: 'proctor', room_id: room });
						assert.equal(r.status, 409, r.text);
						r = await post(`/api/v1/plans/${plan}/staff`, { person_id: person, role: 'proctor', room_id: room, override_note: '本考点监考人员不足，经督导签认' });
						assert.equal(r.status, 201, r.text);
						S.staffOverridden.push(r.json.id);
					}
				},
				// candidates 3..14: the second assessor's practical score
				// corrected by half a point, approved
				scored: async (plan, assessors, cands) => {
					for (let i = 3; i < 15; i++) {
						const b = 70 + 0.5 * i;
						const id = (await ok(post(`/api/v1/plans/${plan}/corrections`, { enrolment_id: cands[i].enrolment, component: 'practical', assessor_id: assessors[1], score: String(b + 0.5), reason: '登分错误，复核更正' }), 201)).id;
						await ok(post(`/api/v1/corrections/${id}/decide`, { approve: true, note: '核实无误' }));
						S.corrections.push(id);
					}
					// a second correction of candidate 3, after the others:
					// still one candidate corrected (counted once, not by
					// the order of the corrections)
					const id = (await ok(post(`/api/v1/plans/${plan}/corrections`, { enrolment_id: cands[3].enrolment, component: 'practical', assessor_id: assessors[2], score: String(70 + 0.5 * 3 + 1.5), reason: '登分错误，复核更正' }), 201)).id;
					await ok(post(`/api/v1/corrections/${id}/decide`, { approve: true, note: '核实无误' }));
					S.corrections.push(id);
				},
				// twelve appeals during the notice, each from its own address
				published: async (plan) => {
					for (let i = 0; i < 12; i++) {
						const r = await http(h.server.base, `/api/v1/results/${plan}/appeals`, {
							method: 'POST', json: { name: `申诉人${i}`, contact: '13800000000', body: '对成绩有疑问，请复核' }, localAddress: `127.0.0.${101 + i}`,
						});
						assert.equal(r.status, 201, r.text);
						S.appeals.push(r.json.id);
					}
					// answered, so the plan closes
					for (const aid of S.appeals) await ok(post(`/api/v1/plans/${plan}/appeals/${aid}/resolve`, { resolution: '复核无误' }));
				},
			});
			// B: half pass (theory 70..81), half fail (theory 30..41);
			// the assessors within a point of each other either way
			S.pb = await scoredPlan(h, S.B, (i) => {
				const b = 75 + 0.5 * i, d = i % 2 ? 1 : -1;
				return { theory: String(i < 12 ? 70 + i : 30 + i - 12), practical: [String(b + d), String(b - d), String(b + 0.5), String(b - 0.5), String(b)] };
			});
			await paceEntries(h, S.pa.plan, 1, 'practical'); // practical a second apart
			await paceEntries(h, S.pb.plan, 40);
			// A's certificates issued 40 days ago and never filed
			await ok(post(`/api/v1/plans/${S.pa.plan}/certificates`));
			S.certs = (await h.api(`/api/v1/certificates?plan=${S.pa.plan}`)).json.certificates.map((c) => c.id).sort((a, b) => a - b);
			assert.equal(S.certs.length, N);
			S.issued = addDays(today(), -40);
			S.yIssued = Number(S.issued.slice(0, 4));
			await sql(h.server, `UPDATE certificate SET issued_on = '${S.issued}' WHERE plan_id = ${S.pa.plan}`);
			S.branch = await makeUser(h.server, 'sup.branch', { role: 'supervisor', institution: S.B.center });
			S.instAdmin = await makeUser(h.server, 'sup.instadmin', { role: 'institution_admin', institution: S.A.id });
		});

		it('a scan raises nine rules for A, with their evidence, and nothing for B', async () => {
			const r = await ok(post('/api/v1/supervision/scan', { year: Y }));
			assert.equal(r.year, Y);
			if (S.yIssued !== Y) await ok(post('/api/v1/supervision/scan', { year: S.yIssued }));
			const all = [...await flags(`?year=${Y}`), ...(S.yIssued !== Y ? await flags(`?year=${S.yIssued}`) : [])];
			assert.deepEqual(all.filter((f) => f.institution_id === S.B.id), [], JSON.stringify(all));
			const rules = all.filter((f) => f.institution_id === S.A.id).map((f) => f.rule).sort();
			assert.deepEqual(rules, ['appeals_rate', 'assessor_bias', 'corrections_rate', 'fast_entry', 'identical_patterns', 'overrides', 'pass_rate_outlier', 'theory_bunching', 'unfiled_overdue']);
			const by = Object.fromEntries(all.map((f) => [f.rule, f]));
			S.by = by;
			for (const f of all) assert.equal(f.status, 'open');
			// pass rate: 24 of 24 against 12 of 24, the plan as evidence
			const pr = by.pass_rate_outlier;
			assert.equal(pr.subject, `institution:${S.A.id}/occupation:6-18-01-01/level:4`);
			assert.deepEqual([pr.figures.assessed, pr.figures.passed, pr.figures.rate, pr.figures.rest_rate, pr.figures.compared], [24, 24, 100, 50, 2]);
			assert.match(pr.statistic, /^z = 4\.00, p = 3\.2e-05, Bonferroni 0\.01\/2/);
			const one = async (id) => ok(h.api(`/api/v1/supervision/flags/${id}`));
			const prd = await one(pr.id);
			assert.deepEqual(prd.evidence.map((e) => [e.kind, e.id, e.href]), [['plan', S.pa.plan, `/plans/${S.pa.plan}`]]);
			// theory: all 24 in [60, 65), none in [55, 60)
			const tb = await one(by.theory_bunching.id);
			assert.deepEqual([tb.figures.above, tb.figures.below], [24, 0]);
			assert.deepEqual(tb.evidence.map((e) => e.id).sort((a, b) => a - b), S.pa.cands.map((c) => c.enrolment).sort((a, b) => a - b));
			// fast entry: the practical rows of A's plan, one second apart
			const fe = await one(by.fast_entry.id);
			assert.equal(fe.subject, `account:tester/plan:${S.pa.plan}/component:practical`);
			assert.equal(fe.figures.median_seconds, 1);
			assert.equal(fe.plan_id, S.pa.plan);
			// unfiled: A's 24 certificates
			const uf = await one(by.unfiled_overdue.id);
			assert.deepEqual(uf.evidence.map((e) => e.id), S.certs);
			assert.equal(uf.evidence[0].href, `/certificates/${S.certs[0]}`);
			// assessor bias: assessor 1, about +8 points, over A's 24 candidates
			const ab = await one(by.assessor_bias.id);
			assert.equal(ab.person_id, S.pa.assessors[0]);
			assert.ok(Math.abs(ab.figures.mean_difference - 8) < 0.5, JSON.stringify(ab.figures));
			assert.equal(ab.evidence.length, N);
			// identical: candidates 0, 1 and 2
			const ip = await one(by.identical_patterns.id);
			assert.deepEqual(ip.evidence.map((e) => [e.kind, e.id]), [['plan', S.pa.plan], ...S.pa.cands.slice(0, 3).map((c) => ['enrolment', c.enrolment])]);
			assert.equal(ip.figures.candidates, 3);
			// named by the plan and the pattern, not by a candidate
			assert.match(ip.subject, new RegExp(`^plan:${S.pa.plan}/pattern:[0-9a-f]{16}$`));
			// corrections: 12 of A's 24 assessed candidates (13 corrections,
			// candidate 3's two apart) against 0 of B's
			const num = (a) => [...a].sort((x, y) => x - y);
			const cr = await one(by.corrections_rate.id);
			assert.equal(cr.subject, `institution:${S.A.id}`);
			assert.deepEqual([cr.figures.count, cr.figures.assessed, cr.figures.rate, cr.figures.rest_rate, cr.figures.compared], [12, 24, 50, 0, 2]);
			assert.match(cr.statistic, /^z = 4\.00, p = 3\.2e-05/);
			assert.deepEqual(cr.evidence.map((e) => e.kind), Array(13).fill('correction'));
			assert.deepEqual(num(cr.evidence.map((e) => e.id)), num(S.corrections));
			assert.ok(cr.evidence.every((e) => e.href === `/plans/${S.pa.plan}`), JSON.stringify(cr.evidence));
			// appeals: 12 against A's plan, none against B's
			const ar = await one(by.appeals_rate.id);
			assert.equal(ar.subject, `institution:${S.A.id}`);
			assert.deepEqual([ar.figures.count, ar.figures.assessed, ar.figures.rest_rate], [12, 24, 0]);
			assert.deepEqual(ar.evidence.map((e) => e.kind), Array(12).fill('appeal'));
			assert.deepEqual(num(ar.evidence.map((e) => e.id)), num(S.appeals));
			// overrides: the three proctors kept despite their recusal
			const ov = await one(by.overrides.id);
			assert.equal(ov.subject, `institution:${S.A.id}`);
			assert.equal(ov.figures.overrides, 3);
			assert.deepEqual(ov.evidence.map((e) => [e.kind, e.id, e.href]), num(S.staffOverridden).map((id) => ['staff', id, `/plans/${S.pa.plan}`]));
		});

		it('dismiss, and a finding in the registry with its deadline; refusals name the field', async () => {
			const fe = S.by.fast_entry.id, pr = S.by.pass_rate_outlier.id;
			let r = await post(`/api/v1/supervision/flags/${fe}/dismiss`, {});
			assert.equal(r.status, 422);
			assert.equal(r.json.error.field, 'note');
			await ok(post(`/api/v1/supervision/flags/${fe}/dismiss`, { note: '成绩由考务人员集中录入，已核实' }));
			r = await post(`/api/v1/supervision/flags/${fe}/dismiss`, { note: '再次' });
			assert.equal(r.status, 409, r.text);
			const deadline = addDays(today(), 30);
			for (const [body, field] of [[{ description: '核查通过率' }, 'deadline'], [{ deadline: today(), description: 'x' }, 'deadline'],
				[{ deadline }, 'description'], [{ deadline, description: 'x', inspection_id: 'a' }, 'inspection_id']]) {
				r = await post(`/api/v1/supervision/flags/${pr}/finding`, body);
				assert.equal(r.status, 422, r.text);
				assert.equal(r.json.error.field, field);
			}
			// an inspection of another institution is refused
			const other = (await ok(post(`/api/v1/institutions/${S.B.id}/inspections`, { year: Y, inspected_on: today(), outcome: 'pass' }), 201)).id;
			r = await post(`/api/v1/supervision/flags/${pr}/finding`, { deadline, description: 'x', inspection_id: other });
			assert.equal(r.status, 422);
			assert.equal(r.json.error.field, 'inspection_id');
			const done = await ok(post(`/api/v1/supervision/flags/${pr}/finding`, { deadline, description: '通过率显著高于同职业同等级机构，限期说明并整改' }));
			assert.ok(done.finding_id > 0);
			const row = (await sql(h.server, `SELECT f.institution_id, f.deadline, f.status, i.outcome FROM finding f JOIN inspection i ON i.id = f.inspection_id WHERE f.id = ${done.finding_id}`)).trim();
			assert.equal(row, `${S.A.id}|${deadline}|open|rectify`);
			const flag = await ok(h.api(`/api/v1/supervision/flags/${pr}`));
			assert.deepEqual([flag.status, flag.finding_id], ['finding', done.finding_id]);
			// the institution's registry page shows the finding and its deadline
			const s = await login(h.server.base, h.user.name, h.user.password);
			const page = await s.get(`/institutions/${S.A.id}`);
			assert.ok(page.text.includes('通过率显著高于同职业同等级机构') && page.text.includes(deadline));
		});

		it('a rescan neither duplicates nor reopens; a flag no longer raised is cleared', async () => {
			const before = await flags(`?year=${Y}`);
			// B's plan gets a second failing look: nothing; A's dismissed and
			// finding flags stay as decided
			const r = await ok(post('/api/v1/supervision/scan', { year: Y }));
			assert.equal(r.raised, 0);
			const after = await flags(`?year=${Y}`);
			assert.deepEqual(after.map((f) => [f.id, f.rule, f.status]), before.map((f) => [f.id, f.rule, f.status]));
			assert.equal(after.find((f) => f.rule === 'fast_entry').status, 'dismissed');
			// the identical candidates no longer identical: cleared
			await sql(h.server, `UPDATE score_entry SET tenths = 615 WHERE enrolment_id = ${S.pa.cands[0].enrolment} AND component = 'theory'`);
			const r2 = await ok(post('/api/v1/supervision/scan', { year: Y }));
			assert.equal(r2.cleared, 1);
			const ip = (await flags(`?year=${Y}&rule=identical_patterns`))[0];
			assert.equal(ip.status, 'cleared');
			const audit = (await sql(h.server, "SELECT COUNT(*) FROM audit WHERE action = 'supervision.scan'")).trim();
			assert.ok(Number(audit) >= 3);
		});

		it('plans examined while the registration was not in force are flagged (suspended; not yet registered), one in force is not', async () => {
			const C = await makeStation(h.server, h.api, { assessors: 3 });
			const D = await makeStation(h.server, h.api, { assessors: 3 });
			const exam = addDays(today(), 10), before = addDays(today(), -3);
			const plan = async (st, theory_on) => {
				const id = (await ok(post('/api/v1/plans', { institution_id: st.id, standard_id: st.standard, level: 4, capacity: 5, theory_on }), 201)).id;
				const room = (await ok(post(`/api/v1/plans/${id}/rooms`, { name: '第一考场', capacity: 5 }), 201)).id;
				for (const a of st.assessors) await ok(post(`/api/v1/plans/${id}/staff`, { person_id: a, role: 'assessor' }), 201);
				for (const pr of st.proctors) await ok(post(`/api/v1/plans/${id}/staff`, { person_id: pr, role: 'proctor', room_id: room }), 201);
				await ok(post(`/api/v1/plans/${id}/act`, { action: 'submit' }));
				return id;
			};
			// C: registered today; one plan examined three days ago (before
			// its registration), one in ten days, after its suspension today
			const later = await plan(C, exam);
			const earlier = await plan(C, before);
			const r = await h.server.cli(['institution', 'status', String(C.id), '--action', 'suspend', '--reason', '年检不合格', '--doc', '机职鉴字[2026]91号']);
			assert.equal(r.code, 0, r.stderr);
			// D: registered, its exam in ten days: in force
			const fine = await plan(D, exam);
			const years = [...new Set([Number(exam.slice(0, 4)), Number(before.slice(0, 4))])];
			for (const y of years) await ok(post('/api/v1/supervision/scan', { year: y }));
			const mine = [];
			for (const y of years) mine.push(...(await flags(`?year=${y}&rule=lapsed_registration`)));
			mine.sort((a, b) => a.plan_id - b.plan_id);
			assert.deepEqual(mine.map((f) => [f.institution_id, f.subject, f.plan_id, f.figures.exam_date]),
				[[C.id, `plan:${later}`, later, exam], [C.id, `plan:${earlier}`, earlier, before]]);
			assert.match(mine[0].statistic, /suspended/);
			assert.match(mine[1].statistic, /applying/);
			assert.ok(!mine.some((f) => f.plan_id === fine));
			const d = await ok(h.api(`/api/v1/supervision/flags/${mine[0].id}`));
			assert.deepEqual(d.evidence.map((e) => [e.kind, e.id, e.href]), [['plan', later, `/plans/${later}`]]);
		});

		it('a past exam is judged by the registration term then: renewed after a lapse is flagged, renewed in time is not (today\'s valid_until covers both)', async () => {
			// L and K registered today through the registry; their history
			// set back by SQL (the registry approves only today): first
			// approved YP-3-04-01 (a 3-year term to YP-03-31); L renewed on
			// YP-07-01 after the lapse (a new term from then to YP+3-06-30),
			// K renewed on YP-02-01 in time (on from YP-04-01 to YP+3-03-31);
			// both examined on YP-05-10
			const YP = Y - 2, exam = `${YP}-05-10`;
			const L = await makeStation(h.server, h.api, { assessors: 3 });
			const K = await makeStation(h.server, h.api, { assessors: 3 });
			const plan = async (st) => {
				const id = (await ok(post('/api/v1/plans', { institution_id: st.id, standard_id: st.standard, level: 4, capacity: 5, theory_on: exam }), 201)).id;
				const room = (await ok(post(`/api/v1/plans/${id}/rooms`, { name: '第一考场', capacity: 5 }), 201)).id;
				for (const a of st.assessors) await ok(post(`/api/v1/plans/${id}/staff`, { person_id: a, role: 'assessor' }), 201);
				for (const pr of st.proctors) await ok(post(`/api/v1/plans/${id}/staff`, { person_id: pr, role: 'proctor', room_id: room }), 201);
				await ok(post(`/api/v1/plans/${id}/act`, { action: 'submit' }));
				return id;
			};
			const lp = await plan(L), kp = await plan(K);
			let seq = 900;
			const batch = async (date) => Number((await sql(h.server, `INSERT INTO registration_batch (year, seq, title, status, notice_days, approval_doc, approval_date, created_at) `
				+ `VALUES (${Number(date.slice(0, 4))}, ${seq++}, 'test', 'decided', 5, 'doc', '${date}', '${date}T00:00:00Z') RETURNING id`)).trim());
			const history = async (st, renewed, until) => {
				const first = `${YP - 3}-04-01`;
				await sql(h.server, `UPDATE registration SET batch_id = ${await batch(first)} WHERE institution_id = ${st.id} AND status = 'approved'`);
				await sql(h.server, `INSERT INTO registration (institution_id, batch_id, kind, status, applied_at, decided_at) `
					+ `VALUES (${st.id}, ${await batch(renewed)}, 'renewal', 'approved', '${renewed}T00:00:00Z', '${renewed}T00:00:00Z')`);
				await sql(h.server, `UPDATE institution_status_log SET at = '${first}T09:00:00Z' WHERE institution_id = ${st.id}`);
				await sql(h.server, `UPDATE institution SET registered_on = '${first}', valid_until = '${until}' WHERE id = ${st.id}`);
			};
			await history(L, `${YP}-07-01`, `${YP + 3}-06-30`);
			await history(K, `${YP}-02-01`, `${YP + 3}-03-31`);
			await ok(post('/api/v1/supervision/scan', { year: YP }));
			const mine = (await flags(`?year=${YP}&rule=lapsed_registration`)).filter((f) => [lp, kp].includes(f.plan_id));
			assert.deepEqual(mine.map((f) => [f.institution_id, f.plan_id, f.status]), [[L.id, lp, 'open']]);
			assert.match(mine[0].statistic, new RegExp(`registered, no term \\(terms ${YP - 3}-04-01\\.\\.${YP}-03-31, ${YP}-07-01\\.\\.${YP + 3}-06-30\\)`));
			assert.equal(mine[0].figures.terms, 2);
			// a rescan keeps it raised (not cleared)
			await ok(post('/api/v1/supervision/scan', { year: YP }));
			const again = (await flags(`?year=${YP}&rule=lapsed_registration`)).filter((f) => [lp, kp].includes(f.plan_id));
			assert.deepEqual(again.map((f) => [f.id, f.status]), [[mine[0].id, 'open']]);
		});

		it('scope: a supervisor on B\'s center sees none of A (404 for a flag of A, as for a missing one; 403 for a filter on A), 401; bad filters named', async () => {
			assert.deepEqual(await flags('', S.branch.token), []);
			const id = S.by.assessor_bias.id;
			let r = await h.api(`/api/v1/supervision/flags/${id}`, { headers: bearer(S.branch.token) });
			assert.equal(r.status, 404, r.text);
			r = await h.api(`/api/v1/supervision/flags/${id}/dismiss`, { method: 'POST', json: { note: 'x' }, headers: bearer(S.branch.token) });
			assert.equal(r.status, 404, r.text);
			r = await h.api(`/api/v1/supervision/flags/${id}/finding`, { method: 'POST', json: { deadline: addDays(today(), 30), description: 'x' }, headers: bearer(S.branch.token) });
			assert.equal(r.status, 404, r.text);
			r = await h.api(`/api/v1/supervision/flags?institution_id=${S.A.id}`, { headers: bearer(S.branch.token) });
			assert.equal(r.status, 403);
			assert.equal(r.json.error.field, 'institution_id');
			r = await h.api('/api/v1/supervision/scan', { method: 'POST', json: { year: Y }, headers: bearer(S.branch.token) });
			assert.equal(r.status, 403, r.text);
			r = await h.api('/api/v1/supervision/flags', { headers: bearer(S.instAdmin.token) });
			assert.equal(r.status, 403);
			assert.equal((await http(h.server.base, '/api/v1/supervision/flags')).status, 401);
			assert.equal((await h.api('/api/v1/supervision/flags/987654')).status, 404);
			for (const [q, field] of [['?year=19', 'year'], ['?rule=nope', 'rule'], ['?status=closed', 'status'], ['?institution_id=x', 'institution_id']]) {
				r = await h.api(`/api/v1/supervision/flags${q}`);
				assert.equal(r.status, 422, q);
				assert.equal(r.json.error.field, field);
			}
			r = await post('/api/v1/supervision/scan', { year: 1999 });
			assert.equal(r.status, 422);
			assert.equal(r.json.error.field, 'year');
			r = await post('/api/v1/supervision/scan', { year: 'x' });
			assert.equal(r.status, 422);
		});

		it('a branch supervisor\'s flags are chosen before the list is cut: 5,000 newer flags of A do not hide B\'s; offset and limit page it', async () => {
			// 5,000 flags of A a year newer than B's (so listed first) and
			// one of B, by SQL: a scan cannot raise that many
			const y2 = Y + 1;
			const now = new Date().toISOString();
			await sql(h.server, `WITH RECURSIVE n (k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < 5000) `
				+ `INSERT INTO supervision_flag (rule, subject, year, institution_id, rules_version, raised_at, updated_at) `
				+ `SELECT 'overrides', 'bulk:' || CAST(k AS TEXT), ${y2}, ${S.A.id}, 'test', '${now}', '${now}' FROM n`);
			await sql(h.server, `INSERT INTO supervision_flag (rule, subject, year, institution_id, rules_version, raised_at, updated_at) `
				+ `VALUES ('overrides', 'bulk:B', ${Y}, ${S.B.id}, 'test', '${now}', '${now}')`);
			try {
				const mine = await ok(h.api('/api/v1/supervision/flags', { headers: bearer(S.branch.token) }));
				assert.deepEqual(mine.flags.map((f) => [f.subject, f.institution_id]), [['bulk:B', S.B.id]]);
				assert.equal(mine.total, 1);
				// the network's list, paged
				const all = await ok(h.api(`/api/v1/supervision/flags?year=${y2}&limit=2&offset=4998`));
				assert.equal(all.total, 5000);
				assert.equal(all.flags.length, 2);
				assert.deepEqual(all.flags.map((f) => f.subject), ['bulk:998', 'bulk:999']);
				const first = await ok(h.api(`/api/v1/supervision/flags?year=${y2}`));
				assert.equal(first.flags.length, 100);
				for (const [q, field] of [['?offset=-1', 'offset'], ['?limit=0', 'limit'], ['?limit=1001', 'limit']]) {
					const r = await h.api(`/api/v1/supervision/flags${q}`);
					assert.equal(r.status, 422, q);
					assert.equal(r.json.error.field, field);
				}
				// the page: 50 a page, a pager keeping the filter
				const s = await login(h.server.base, h.user.name, h.user.password);
				const page = await s.get(`/supervision?year=${y2}&rule=overrides&offset=50`);
				assert.equal(page.status, 200);
				assert.equal((page.text.match(/href="\/supervision\/flags\/\d+"/g) || []).length, 50);
				assert.ok(page.text.includes(`<a rel="next" href="/supervision?year=${y2}&amp;rule=overrides&amp;status=&amp;institution_id=&amp;offset=100">`), page.text.slice(0, 200));
				assert.ok(page.text.includes(`<a rel="prev" href="/supervision?year=${y2}&amp;rule=overrides&amp;status=&amp;institution_id=&amp;offset=0">`));
				assert.equal((await s.get('/supervision?offset=x')).status, 422);
				const branch = await login(h.server.base, S.branch.name, S.branch.password);
				const theirs = await branch.get('/supervision');
				assert.match(theirs.text, /bulk:B/);
				// the command line gives them all
				const cli = await h.server.cli(['supervision', 'flags', '--year', String(y2), '--json']);
				assert.equal(cli.code, 0, cli.stderr);
				assert.equal(JSON.parse(cli.stdout).length, 5000);
			} finally {
				await sql(h.server, "DELETE FROM supervision_flag WHERE subject LIKE 'bulk:%'");
			}
		});

		it('the command line scans and lists', async () => {
			const scan = await h.server.cli(['supervision', 'scan', '--year', String(Y)]);
			assert.equal(scan.code, 0, scan.stderr);
			assert.match(scan.stdout, new RegExp(`^year ${Y}: 0 raised`));
			const list = await h.server.cli(['supervision', 'flags', '--year', String(Y), '--json']);
			assert.equal(list.code, 0, list.stderr);
			const api = await flags(`?year=${Y}`);
			assert.deepEqual(JSON.parse(list.stdout).map((f) => [f.id, f.rule, f.status]), api.map((f) => [f.id, f.rule, f.status]));
			const text = await h.server.cli(['supervision', 'flags', '--rule', 'assessor_bias']);
			assert.equal(text.code, 0);
			assert.match(text.stdout, /assessor_bias/);
			for (const args of [[], ['nope'], ['scan', '--year', '19'], ['scan', '--json']]) {
				const r = await h.server.cli(['supervision', ...args]);
				assert.equal(r.code, 2, args.join(' '));
			}
			const bad = await h.server.cli(['supervision', 'flags', '--rule', 'nope']);
			assert.equal(bad.code, 1);
		});

		it('the pages: the list, a flag with its evidence, refusals re-shown; both languages', async () => {
			const s = await login(h.server.base, h.user.name, h.user.password);
			const list = await s.get(`/supervision?year=${Y}`);
			assert.equal(list.status, 200);
			assert.match(list.text, /考评员评分偏差/);
			assert.match(list.text, /id="rules"/);
			assert.match(list.text, /<section id="scan">/);
			const en = await s.get(`/supervision?year=${Y}&lang=en`);
			assert.match(en.text, /Assessor bias/);
			assert.match(en.text, /Significance level = 0\.01/);
			const id = S.by.assessor_bias.id;
			const flag = await s.get(`/supervision/flags/${id}`);
			assert.equal(flag.status, 200);
			assert.match(flag.text, new RegExp(`href="/plans/${S.pa.plan}"`));
			assert.match(flag.text, /mean_difference/);
			const bad = await s.post(`/supervision/flags/${id}/dismiss`, { note: '' });
			assert.equal(bad.status, 422);
			const badYear = await s.get('/supervision?year=19');
			assert.equal(badYear.status, 422);
			const done = await s.post(`/supervision/flags/${id}/dismiss`, { note: '<b>已核实</b>' });
			assert.equal(done.status, 303);
			const after = await s.get(`/supervision/flags/${id}`);
			assert.ok(after.text.includes('&lt;b&gt;已核实&lt;/b&gt;'));
			assert.doesNotMatch(after.text, /id="dismiss"/);
			const branch = await login(h.server.base, S.branch.name, S.branch.password);
			assert.equal((await branch.get(`/supervision/flags/${id}`)).status, 404);
			const theirs = await branch.get('/supervision');
			assert.equal(theirs.status, 200);
			assert.doesNotMatch(theirs.text, /<section id="scan">/);
			assert.doesNotMatch(theirs.text, /href="\/supervision\/flags\//);
		});

		it('the flag page and the list link to the figures of the flag\'s institution and year', async () => {
			const s = await login(h.server.base, h.user.name, h.user.password);
			const f = S.by.assessor_bias;
			const href = `/statistics?institution_id=${S.A.id}&amp;year=${f.year}&amp;by=occupation`;
			const page = await s.get(`/supervision/flags/${f.id}`);
			assert.ok(page.text.includes(`<a id="statistics-link" href="${href}">`), page.text);
			const list = await s.get(`/supervision?year=${f.year}&rule=assessor_bias`);
			assert.ok(list.text.includes(`<a class="sup-stats" href="${href}">`), list.text);
			// the page it leads to answers with the institution's figures
			const stats = await s.get(href.replaceAll('&amp;', '&'));
			assert.equal(stats.status, 200);
		});

		it('a server scanning every second (--sup-scan) raises a new flag by itself, unaudited, and stops cleanly', async () => {
			// a station registered today whose plan was examined three days ago
			const E = await makeStation(h.server, h.api, { assessors: 3 });
			const exam = addDays(today(), -3);
			const plan = (await ok(post('/api/v1/plans', { institution_id: E.id, standard_id: E.standard, level: 4, capacity: 5, theory_on: exam }), 201)).id;
			const room = (await ok(post(`/api/v1/plans/${plan}/rooms`, { name: '第一考场', capacity: 5 }), 201)).id;
			for (const a of E.assessors) await ok(post(`/api/v1/plans/${plan}/staff`, { person_id: a, role: 'assessor' }), 201);
			for (const pr of E.proctors) await ok(post(`/api/v1/plans/${plan}/staff`, { person_id: pr, role: 'proctor', room_id: room }), 201);
			await ok(post(`/api/v1/plans/${plan}/act`, { action: 'submit' }));
			const y = Number(exam.slice(0, 4));
			const mine = async () => (await flags(`?year=${y}&rule=lapsed_registration`)).filter((f) => f.plan_id === plan);
			assert.deepEqual(await mine(), []);
			const audits = async () => (await sql(h.server, "SELECT COUNT(*) FROM audit WHERE action = 'supervision.scan'")).trim();
			const audited = await audits();
			// a second server on the same data, the figures' refresh off,
			// the scan every second
			const srv = await startServer({
				engine, dataDir: h.server.dataDir, db: engine === 'postgresql' ? h.server.db : undefined,
				env: { SKILLCERT_SUP_SCAN: '1' }, tag: 'supscan',
			});
			try {
				await srv.waitForStderr(new RegExp(`supervision: scan of ${y}: \\d+ raised`), 60000);
				let found = [];
				for (let k = 0; k < 300 && !found.length; k++) {
					found = await mine();
					if (!found.length) await sleep(100);
				}
				assert.equal(found.length, 1, srv.stderr());
				assert.equal(found[0].status, 'open');
				assert.equal(found[0].institution_id, E.id);
				// the thread's scans are logged, not audited (as the figures' refresh)
				assert.equal(await audits(), audited);
			} finally {
				const code = await srv.stop('SIGTERM', 10000, { keepData: true });
				assert.equal(code, 0, srv.stderr());
			}
		});
	});
}
