// The figures of a year the registry already knows (issue 14: a nomination
// carries them filled in, not typed; docs/commendations.md "Figures"), on
// both engines: real data made through the app — plans with candidates,
// scores and results published, certificates issued and filed in a batch
// the authority received (two on time, one late), appeals (one resolved),
// inspections (one with a finding past its deadline), a competition the
// station organised, final, with its awards and award certificates — and
// every figure equal to what was made; another year's plan, certificate and
// inspection, and another institution's plan, not counted; the tree
// (the center with its station) counted; a person's plans by role,
// candidates, competitions judged and awards; 401, 403 and 404; the JSON
// the API answers is the CLI's; the page in Chinese and English.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';

import { closedPlan, makeStation, sql } from './certlib.mjs';
import { finalise, resultsCompetition } from './complib.mjs';
import { bearer, describeWithServer, engines, http, login, makeUser } from './lib.mjs';

const Y = new Date().getUTCFullYear();
const today = () => new Date().toISOString().slice(0, 10);
const addDays = (d, n) => new Date(Date.parse(d) + n * 86400e3).toISOString().slice(0, 10);

const ok = async (p, status = 200) => {
	const r = await p;
	assert.equal(r.status, status, r.text);
	return r.json;
};

for (const engine of engines()) {
	describeWithServer(`the figures of a year [${engine}]`, { engine, tag: 'figures', user: true }, (h) => {
		const S = {}; // what was made
		const post = (url, json = {}) => h.api(url, { method: 'POST', json });

		before(async () => {
			// the station files in 35 (福建): its batch holds only its certificates
			S.st = await makeStation(h.server, h.api, {
				assessors: 3,
				filing: { authority: '福建省人力资源和社会保障厅', filing_no: '闽人社鉴备[2025]1号', province_code: '35', site_code: '000351' },
			});
			// plan 1: three pass, one fails; closed; certificates issued and filed
			S.p1 = await closedPlan(h.server, h.api, S.st, { pass: 3, fail: 1 });
			await ok(post(`/api/v1/plans/${S.p1.plan}/certificates`));
			const certs = (await h.api(`/api/v1/certificates?plan=${S.p1.plan}`)).json.certificates.map((c) => c.id).sort((a, b) => a - b);
			assert.equal(certs.length, 3);
			S.batch = (await ok(post('/api/v1/filings', { province: '35' }), 201)).id;
			await ok(post(`/api/v1/filings/${S.batch}/submit`));
			await ok(post(`/api/v1/filings/${S.batch}/receipt`, { receipt_no: '闽人社备回[2026]1号' }));
			// submitted on the 20th of January: issued 10 and 15 days
			// before (on time: within 15 days), and 16 days before (late)
			await sql(h.server, `UPDATE filing_batch SET submitted_at = '${Y}-01-20T08:00:00.000Z' WHERE id = ${S.batch}`);
			for (const [id, day] of [[certs[0], '10'], [certs[1], '05'], [certs[2], '04']])
				await sql(h.server, `UPDATE certificate SET issued_on = '${Y}-01-${day}' WHERE id = ${id}`);
			// plan 2: one candidate, under notice, two appeals, one resolved
			S.p2 = await closedPlan(h.server, h.api, S.st, { pass: 1, close: false });
			const appeal = async (body) => (await ok(http(h.server.base, `/api/v1/results/${S.p2.plan}/appeals`, {
				method: 'POST', json: { name: '申诉人', contact: '13800000000', body },
			}), 201)).id;
			const a1 = await appeal('对理论成绩有疑问，请复核');
			await appeal('对实操成绩有疑问，请复核');
			await ok(post(`/api/v1/plans/${S.p2.plan}/appeals/${a1}/resolve`, { resolution: '经复核成绩无误' }));
			// plan 3: last year's exam, its certificate issued last year — not counted
			S.p3 = await closedPlan(h.server, h.api, S.st, { pass: 1 });
			await ok(post(`/api/v1/plans/${S.p3.plan}/certificates`));
			await sql(h.server, `UPDATE plan SET theory_on = '${Y - 1}-11-20' WHERE id = ${S.p3.plan}`);
			await sql(h.server, `UPDATE certificate SET issued_on = '${Y - 1}-11-30' WHERE plan_id = ${S.p3.plan}`);
			// inspections: this year's (rectify) with one finding past its
			// deadline and one not yet due; last year's (fail) not counted
			const insp = (await ok(post(`/api/v1/institutions/${S.st.id}/inspections`, { year: Y, inspected_on: today(), outcome: 'rectify' }), 201)).id;
			await ok(post(`/api/v1/inspections/${insp}/findings`, { description: '补装考场监控', deadline: addDays(today(), -1) }));
			await ok(post(`/api/v1/inspections/${insp}/findings`, { description: '更新设备台账', deadline: addDays(today(), 30) }));
			await ok(post(`/api/v1/institutions/${S.st.id}/inspections`, { year: Y - 1, inspected_on: `${Y - 1}-05-01`, outcome: 'fail' }), 201);
			// the competition the station organises, its four entries: gold,
			// silver, bronze and none; final; the award certificates issued
			S.comp = await resultsCompetition(h, { station: S.st, entrants: 4 });
			await sql(h.server, `UPDATE competition SET year = ${Y} WHERE id = ${S.comp.comp}`);
			await finalise(h, S.comp.comp);
			await ok(post(`/api/v1/competitions/${S.comp.comp}/awards`));
			S.judge = Number((await sql(h.server, `SELECT person_id FROM competition_judge WHERE event_id = ${S.comp.event} ORDER BY id LIMIT 1`)).trim());
			// another institution (under another center): its plan not counted
			S.other = await makeStation(h.server, h.api, {
				assessors: 3,
				filing: { authority: '福建省人力资源和社会保障厅', filing_no: '闽人社鉴备[2025]2号', province_code: '35', site_code: '000352' },
			});
			S.op = await closedPlan(h.server, h.api, S.other, { pass: 2 });
			S.outsider = await makeUser(h.server, 'figures.outsider', { role: 'institution_admin', institution: S.other.id });
			S.own = await makeUser(h.server, 'figures.own', { role: 'institution_admin', institution: S.st.id });
		});

		const figures = async (id, query = '', token) => ok(h.api(`/api/v1/institutions/${id}/figures?year=${Y}${query}`, token ? { headers: bearer(token) } : {}));

		it('an institution\'s figures are what was made that year, and nothing of another year or institution', async () => {
			const results = (await h.api(`/api/v1/competitions/${S.comp.comp}/results`)).json.results;
			assert.deepEqual(results.map((x) => x.award), ['gold', 'silver', 'bronze', 'none']);
			const f = await figures(S.st.id, '', S.own.token);
			assert.deepEqual(f, {
				year: Y, institution_id: S.st.id, name: S.st.name, tree: false, institutions: 1,
				plans: 2, assessed: 5, passed: 4, pass_rate: 8000,
				certificates: 3, filed: 3, filed_on_time: 2, on_time_days: 15,
				appeals: 2, appeals_resolved: 1,
				inspections: 1, inspection_outcomes: { pass: 0, rectify: 1, fail: 0 }, findings_overdue: 1,
				competitions_hosted: 1, entries: 4, entries_awarded: 3,
				awards: { gold: 1, silver: 1, bronze: 1, excellence: 0 },
			});
			// last year: plan 3, its certificate, the failed inspection
			const last = await ok(h.api(`/api/v1/institutions/${S.st.id}/figures?year=${Y - 1}`));
			assert.deepEqual([last.plans, last.assessed, last.passed, last.pass_rate, last.certificates, last.filed, last.inspections,
				last.inspection_outcomes.fail, last.competitions_hosted, last.entries], [1, 1, 1, 10000, 1, 0, 1, 1, 0, 0]);
			// none at all: a rate of 0, not a division by zero
			const empty = await ok(h.api(`/api/v1/institutions/${S.st.id}/figures?year=${Y - 5}`));
			assert.deepEqual([empty.plans, empty.assessed, empty.pass_rate], [0, 0, 0]);
			// the other station: its own plan only
			const other = await figures(S.other.id);
			assert.deepEqual([other.plans, other.assessed, other.passed, other.certificates, other.appeals, other.inspections, other.entries],
				[1, 2, 2, 0, 0, 0, 0]);
		});

		it('a certificate corrected before it was filed counts as filed when its successor was (fix14b)', async () => {
			// the other station's two certificates; one corrected (superseded)
			// before filing, so the batch holds its successor, not it
			await ok(post(`/api/v1/plans/${S.op.plan}/certificates`));
			const certs = (await h.api(`/api/v1/certificates?plan=${S.op.plan}`)).json.certificates.map((c) => c.id).sort((a, b) => a - b);
			assert.equal(certs.length, 2);
			const next = await ok(post(`/api/v1/certificates/${certs[0]}/supersede`, { reason: '姓名更正', name: '李更正' }), 201);
			const batch = (await ok(post('/api/v1/filings', { province: '35' }), 201)).id;
			await ok(post(`/api/v1/filings/${batch}/submit`));
			await ok(post(`/api/v1/filings/${batch}/receipt`, { receipt_no: '闽人社备回[2026]2号' }));
			const filed = (await sql(h.server, `SELECT certificate_id FROM filing_item WHERE batch_id = ${batch}`)).trim().split('\n').map(Number);
			assert.ok(filed.includes(next.id) && filed.includes(certs[1]) && !filed.includes(certs[0]), String(filed));
			const f = await figures(S.other.id);
			assert.deepEqual([f.certificates, f.filed, f.filed_on_time], [2, 2, 2]);
		});

		it('the tree: the center counts its station; without it, nothing of its own', async () => {
			const own = await figures(S.st.center);
			assert.deepEqual([own.institutions, own.plans, own.certificates, own.competitions_hosted, own.entries], [1, 0, 0, 0, 0]);
			const tree = await figures(S.st.center, '&tree=1');
			assert.deepEqual([tree.tree, tree.institutions, tree.plans, tree.assessed, tree.passed, tree.certificates, tree.filed_on_time,
				tree.appeals, tree.findings_overdue, tree.competitions_hosted, tree.entries_awarded], [true, 2, 2, 5, 4, 3, 2, 2, 1, 1, 3]);
		});

		it('a person\'s figures: plans staffed by role, the candidates in them, competitions judged, awards', async () => {
			const assessor = await ok(h.api(`/api/v1/people/${S.st.assessors[0]}/figures?year=${Y}`, { headers: bearer(S.own.token) }));
			assert.deepEqual(assessor, {
				year: Y, person_id: S.st.assessors[0], name: assessor.name, plans_staffed: 2, candidates: 5,
				roles: { assessor: 2 }, competitions_judged: 0, awards: 0, promotions: 0,
			});
			const proctor = await ok(h.api(`/api/v1/people/${S.st.proctors[0]}/figures?year=${Y}`));
			assert.deepEqual([proctor.plans_staffed, proctor.roles], [2, { proctor: 2 }]);
			const judge = await ok(h.api(`/api/v1/people/${S.judge}/figures?year=${Y}`));
			assert.deepEqual([judge.plans_staffed, judge.competitions_judged], [0, 1]);
			const gold = await ok(h.api(`/api/v1/people/${S.comp.people[0].id}/figures?year=${Y}`));
			assert.equal(gold.awards, 1);
			const fourth = await ok(h.api(`/api/v1/people/${S.comp.people[3].id}/figures?year=${Y}`));
			assert.equal(fourth.awards, 0);
			const lastYear = await ok(h.api(`/api/v1/people/${S.st.assessors[0]}/figures?year=${Y - 1}`));
			assert.deepEqual([lastYear.plans_staffed, lastYear.candidates], [1, 1]);
		});

		it('who may read: 401 anonymous, 403 another institution\'s staff, 404 a person not theirs; bad input named', async () => {
			const url = `/api/v1/institutions/${S.st.id}/figures?year=${Y}`;
			assert.equal((await http(h.server.base, url)).status, 401);
			const other = await h.api(url, { headers: bearer(S.outsider.token) });
			assert.equal(other.status, 403, other.text);
			assert.equal((await h.api(`/api/v1/institutions/${S.other.id}/figures?year=${Y}`, { headers: bearer(S.outsider.token) })).status, 200);
			assert.equal((await http(h.server.base, `/api/v1/people/${S.st.assessors[0]}/figures?year=${Y}`)).status, 401);
			const person = await h.api(`/api/v1/people/${S.st.assessors[0]}/figures?year=${Y}`, { headers: bearer(S.outsider.token) });
			assert.equal(person.status, 404, person.text);
			for (const q of ['', '?year=1999', '?year=abc', `?year=${Y}&tree=2`]) {
				const r = await h.api(`/api/v1/institutions/${S.st.id}/figures${q}`);
				assert.equal(r.status, 422, `${q}: ${r.text}`);
				assert.equal(r.json.error.field, q.includes('tree') ? 'tree' : 'year');
			}
			assert.equal((await h.api(`/api/v1/institutions/987654/figures?year=${Y}`)).status, 404);
			assert.equal((await h.api(`/api/v1/people/987654/figures?year=${Y}`)).status, 404);
		});

		it('the command line prints the JSON the API answers', async () => {
			const api = await figures(S.st.id, '&tree=1');
			const cli = await h.server.cli(['figures', '--year', String(Y), '--institution', String(S.st.id), '--tree']);
			assert.equal(cli.code, 0, cli.stderr);
			assert.deepEqual(JSON.parse(cli.stdout), api);
			const p = await h.server.cli(['figures', '--year', String(Y), '--person', String(S.st.assessors[0])]);
			assert.equal(p.code, 0, p.stderr);
			assert.equal(JSON.parse(p.stdout).plans_staffed, 2);
			for (const args of [['--year', String(Y)], ['--institution', '1'], ['--year', String(Y), '--institution', '1', '--person', '2'],
				['--year', '1999', '--institution', '1'], ['--year', String(Y), '--person', '1', '--tree']]) {
				const r = await h.server.cli(['figures', ...args]);
				assert.equal(r.code, 2, `${args.join(' ')}: ${r.stdout}`);
			}
			const gone = await h.server.cli(['figures', '--year', String(Y), '--institution', '987654']);
			assert.equal(gone.code, 1);
		});

		it('the page: the table in Chinese and English, the year and the tree a plain form; others refused', async () => {
			const s = await login(h.server.base, S.own.name, S.own.password);
			const zh = await s.get(`/institutions/${S.st.id}/figures?year=${Y}`);
			assert.equal(zh.status, 200, zh.text.slice(0, 300));
			assert.match(zh.text, /<table id="figures">/);
			assert.match(zh.text, /合格率<\/th><td>80\.00%<\/td>/);
			assert.match(zh.text, /按时备案（发证后 15 天内报送）<\/th><td>2<\/td>/);
			assert.match(zh.text, /逾期未整改问题<\/th><td>1<\/td>/);
			assert.match(zh.text, /name="tree" value="1"/);
			const en = await s.get(`/institutions/${S.st.id}/figures?year=${Y}&lang=en`);
			assert.match(en.text, /Pass rate<\/th><td>80\.00%<\/td>/);
			assert.match(en.text, /Candidates assessed \(sat\)<\/th><td>5<\/td>/);
			const bad = await s.get(`/institutions/${S.st.id}/figures?year=19`);
			assert.equal(bad.status, 422);
			const theirs = await s.get(`/institutions/${S.other.id}/figures?year=${Y}`);
			assert.equal(theirs.status, 403);
			const anon = await http(h.server.base, `/institutions/${S.st.id}/figures?year=${Y}`);
			assert.ok([302, 303, 401].includes(anon.status), `anonymous: ${anon.status}`);
		});
	});
}
