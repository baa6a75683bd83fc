// The network's figures (issue 16, docs/statistics.md) on both engines: a
// small network made through the app — two provinces, a branch center with
// a station under it, another station elsewhere, plans with results in two
// years, certificates filed on time, late and not at all, a revoked one, a
// correction, an appeal — refreshed by the API and the CLI; every figure
// the API answers equal to a count made here by SQL on the base tables; the
// scope of an institution admin (its subtree; another's id 403); the rows
// behind a figure; every parameter's refusal; the open data files, with no
// personal data in them.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { before, it } from 'node:test';

import { closedPlan, makeStation, sql } from './certlib.mjs';
import { bearer, describeWithServer, engines, http, makeUser, sleep, startServer } from './lib.mjs';

const Y = new Date().getUTCFullYear();

const ok = async (p, status = 200) => {
	const r = await p;
	assert.equal(r.status, status, r.text);
	return r.json;
};

const MEASURES = ['plans', 'enrolled', 'assessed', 'passed', 'theory_sat', 'theory_passed', 'practical_sat', 'practical_passed',
	'review_sat', 'review_passed', 'certificates', 'filed_on_time', 'filed_late', 'unfiled', 'revoked', 'corrections', 'appeals',
	'competition_entrants', 'competition_awards', 'honours', 'apprentices', 'apprentices_completed', 'trainees', 'trainees_completed'];

/* The figures of the institutions `ids` in year y, counted here by SQL on
 * the base tables, written independently of store/statistics.c. */
async function counted(server, ids, y) {
	const inst = `(${ids.join(', ')})`;
	const py = `p.status <> 'draft' AND substr(COALESCE(p.theory_on, p.practical_on, p.review_on, p.created_at), 1, 4) = '${y}' AND p.institution_id IN ${inst}`;
	const cy = `c.line IN ('skill', 'industry') AND c.supersedes IS NULL AND substr(c.issued_on, 1, 4) = '${y}' AND c.institution_id IN ${inst}`;
	const n = async (q) => Number((await sql(server, `SELECT COUNT(*) FROM ${q}`)).trim());
	// the pass marks of the 车工 standard the stations use: theory and practical 60 points
	const comp = (name, pass) => n(`component_result cr JOIN enrolment e ON e.id = cr.enrolment_id JOIN plan p ON p.id = e.plan_id
		WHERE ${py} AND cr.component = '${name}' AND cr.status = 'present' AND cr.tenths IS NOT NULL${pass ? ' AND cr.tenths >= 600' : ''}`);
	// filed: the certificate or its successor in a received batch; on time
	// within 15 days of the original's issue
	const filedAt = `(SELECT MIN(b.submitted_at) FROM certificate k JOIN filing_item f ON f.certificate_id = k.id AND f.status IN ('included', 'accepted')
		JOIN filing_batch b ON b.id = f.batch_id AND b.status = 'received' WHERE k.id = c.id OR k.supersedes = c.id)`;
	const certs = (await sql(server, `SELECT c.issued_on, COALESCE(${filedAt}, ''), c.status, COALESCE((SELECT k.status FROM certificate k WHERE k.supersedes = c.id), '') FROM certificate c WHERE ${cy}`))
		.trim().split('\n').filter(Boolean).map((l) => l.split('|'));
	const days = (a, b) => (Date.parse(b.slice(0, 10)) - Date.parse(a)) / 86400e3;
	const f = Object.fromEntries(MEASURES.map((m) => [m, 0]));
	f.plans = await n(`plan p WHERE ${py}`);
	f.enrolled = await n(`enrolment e JOIN plan p ON p.id = e.plan_id WHERE ${py} AND e.status <> 'withdrawn'`);
	f.assessed = await n(`result r JOIN enrolment e ON e.id = r.enrolment_id JOIN plan p ON p.id = e.plan_id WHERE ${py} AND r.outcome NOT IN ('absent', 'withdrawn')`);
	f.passed = await n(`result r JOIN enrolment e ON e.id = r.enrolment_id JOIN plan p ON p.id = e.plan_id WHERE ${py} AND r.outcome = 'pass'`);
	f.theory_sat = await comp('theory', false);
	f.theory_passed = await comp('theory', true);
	f.practical_sat = await comp('practical', false);
	f.practical_passed = await comp('practical', true);
	f.certificates = certs.length;
	f.filed_on_time = certs.filter(([d, at]) => at && days(d, at) <= 15).length;
	f.filed_late = certs.filter(([d, at]) => at && days(d, at) > 15).length;
	f.unfiled = certs.filter(([, at]) => !at).length;
	f.revoked = certs.filter(([, , s, s2]) => s === 'revoked' || s2 === 'revoked').length;
	f.corrections = await n(`score_correction k JOIN enrolment e ON e.id = k.enrolment_id JOIN plan p ON p.id = e.plan_id WHERE ${py} AND k.status = 'approved'`);
	f.appeals = await n(`appeal x JOIN plan p ON p.id = x.plan_id WHERE ${py}`);
	return f;
}

const pick = (row) => Object.fromEntries(MEASURES.map((m) => [m, row[m]]));

const refused = (r, status, field) => {
	assert.equal(r.status, status, r.text);
	assert.equal(r.json.error.field ?? null, field, r.text);
};

for (const engine of engines()) {
	describeWithServer(`the network's figures [${engine}]`, { engine, tag: 'stats', user: true }, (h) => {
		const S = {};
		const post = (url, json = {}) => h.api(url, { method: 'POST', json });
		const as = (token) => ({ headers: bearer(token) });
		const cli = async (args) => {
			const r = await h.server.cli(args);
			assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
			return r.stdout;
		};
		const table = (q, token) => ok(h.api(`/api/v1/statistics?${q}`, token ? as(token) : {}));
		const certsOf = async (plan) => (await h.api(`/api/v1/certificates?plan=${plan}`)).json.certificates.map((c) => c.id).sort((a, b) => a - b);

		before(async () => {
			// station A: province 44, under a center of its own
			S.a = await makeStation(h.server, h.api, { assessors: 3 });
			// station B: moved under a branch center in province 35
			S.b = await makeStation(h.server, h.api, { assessors: 3, filing: { province_code: '35', site_code: '000352', filing_no: '闽人社鉴备[2025]2号' } });
			S.branch = Number((await cli(['institution', 'add', '--name', `统计分中心${engine}`, '--type', 'branch_center', '--province', '35', '--parent', String(S.b.center)])).trim());
			await sql(h.server, `UPDATE institution SET parent_id = ${S.branch}, province = '35' WHERE id = ${S.b.id}`);

			// A, this year: three pass, one fails; the certificates filed in a
			// batch the authority received: on time, late, on time then revoked
			S.pa = await closedPlan(h.server, h.api, S.a, { pass: 3, fail: 1 });
			await ok(post(`/api/v1/plans/${S.pa.plan}/certificates`));
			S.ca = await certsOf(S.pa.plan);
			assert.equal(S.ca.length, 3);
			const batch = (await ok(post('/api/v1/filings', { province: '44' }), 201)).id;
			await ok(post(`/api/v1/filings/${batch}/submit`));
			await ok(post(`/api/v1/filings/${batch}/receipt`, { receipt_no: '粤人社备回[2026]9号' }));
			await sql(h.server, `UPDATE filing_batch SET submitted_at = '${Y}-01-20T08:00:00.000Z' WHERE id = ${batch}`);
			for (const [id, day] of [[S.ca[0], '10'], [S.ca[1], '02'], [S.ca[2], '05']])
				await sql(h.server, `UPDATE certificate SET issued_on = '${Y}-01-${day}' WHERE id = ${id}`);
			await ok(post(`/api/v1/certificates/${S.ca[2]}/status`, { action: 'revoke', category: 'fraud', reason: '冒名顶替' }));
			// a correction approved (made while scoring: closedPlan scores
			// straight through, so it is recorded here as the app records it)
			await sql(h.server, `INSERT INTO score_correction (enrolment_id, component, assessor_id, new_tenths, new_status, reason, status, requested_by, requested_at, decided_by, decided_at)
				VALUES (${S.pa.candidates[0].enrolment_id}, 'practical', ${S.a.assessors[0]}, 800, 'present', '登分错误', 'approved', 'admin', '${Y}-01-01T00:00:00Z', 'admin', '${Y}-01-01T00:00:00Z')`);
			// A, this year: one more, its certificate issued after the batch (unfiled)
			S.pb = await closedPlan(h.server, h.api, S.a, { pass: 1 });
			await ok(post(`/api/v1/plans/${S.pb.plan}/certificates`));
			// A, this year: under notice, appealed
			S.pc = await closedPlan(h.server, h.api, S.a, { pass: 1, close: false });
			await ok(http(h.server.base, `/api/v1/results/${S.pc.plan}/appeals`, {
				method: 'POST', json: { name: '申诉人', contact: '13800000000', body: '对理论成绩有疑问，请复核' },
			}), 201);
			// A, last year: one candidate, one certificate
			S.pd = await closedPlan(h.server, h.api, S.a, { pass: 1 });
			await ok(post(`/api/v1/plans/${S.pd.plan}/certificates`));
			await sql(h.server, `UPDATE plan SET theory_on = '${Y - 1}-11-20' WHERE id = ${S.pd.plan}`);
			await sql(h.server, `UPDATE certificate SET issued_on = '${Y - 1}-11-30' WHERE plan_id = ${S.pd.plan}`);
			// B, this year, level 5: two pass, one fails; unfiled
			S.pe = await closedPlan(h.server, h.api, S.b, { pass: 2, fail: 1, level: 5 });
			await ok(post(`/api/v1/plans/${S.pe.plan}/certificates`));

			S.adminB = await makeUser(h.server, 'stats.b', { role: 'institution_admin', institution: S.b.id });
			S.super = await makeUser(h.server, 'stats.branch', { role: 'supervisor', institution: S.branch });
			S.viewer = await makeUser(h.server, 'stats.viewer', { role: 'viewer', institution: 0 });
		});

		it('before a refresh there are no figures; the refresh by the API counts every year and is audited', async () => {
			const none = await table(`by=institution&year=${Y}`);
			assert.deepEqual([none.rows, none.refreshed_at], [[], null]);
			assert.deepEqual((await ok(h.api('/api/v1/statistics/years'))).years, []);
			await ok(post('/api/v1/statistics/refresh', {}));
			assert.deepEqual((await ok(h.api('/api/v1/statistics/years'))).years, [Y, Y - 1]);
			const audit = await ok(h.api('/api/v1/audit?action=statistics.refresh'));
			assert.ok(audit.items.length >= 2, JSON.stringify(audit));
		});

		it('every figure equals a count made by SQL on the base tables', async () => {
			const t = await table(`by=institution&year=${Y}`);
			assert.deepEqual(t.measures, MEASURES);
			const a = t.rows.find((r) => r.key === String(S.a.id));
			const b = t.rows.find((r) => r.key === String(S.b.id));
			assert.equal(a.label, S.a.name);
			const ca = await counted(h.server, [S.a.id], Y);
			const cb = await counted(h.server, [S.b.id], Y);
			assert.deepEqual(pick(a), ca);
			assert.deepEqual(pick(b), cb);
			// what was made: A's plans this year, its certificates on time,
			// late, revoked and unfiled, the correction and the appeal
			assert.deepEqual([ca.plans, ca.enrolled, ca.assessed, ca.passed], [3, 6, 6, 5]);
			assert.deepEqual([ca.certificates, ca.filed_on_time, ca.filed_late, ca.unfiled, ca.revoked], [4, 2, 1, 1, 1]);
			assert.deepEqual([ca.corrections, ca.appeals, ca.theory_sat, ca.theory_passed], [1, 1, 6, 5]);
			assert.equal(a.pass_rate, 8333);
			assert.deepEqual([cb.plans, cb.assessed, cb.passed, cb.certificates, cb.unfiled], [1, 3, 2, 2, 2]);
			// the total is the sum of the rows; nothing else has figures
			assert.deepEqual(pick(t.total), Object.fromEntries(MEASURES.map((m) => [m, ca[m] + cb[m]])));
			assert.equal(t.rows.length, 2);
			// last year: A's one plan
			const last = await table(`by=institution&year=${Y - 1}`);
			assert.deepEqual(last.rows.map((r) => r.key), [String(S.a.id)]);
			assert.deepEqual(pick(last.rows[0]), await counted(h.server, [S.a.id], Y - 1));
		});

		it('broken down by province, branch, level, year and occupation, with labels in the asked language', async () => {
			const ca = await counted(h.server, [S.a.id], Y), cb = await counted(h.server, [S.b.id], Y);
			const prov = await table(`by=province&year=${Y}`);
			assert.deepEqual(prov.rows.map((r) => [r.key, r.label]), [['35', '福建省'], ['44', '广东省']]);
			assert.deepEqual(pick(prov.rows[0]), cb);
			assert.deepEqual(pick(prov.rows[1]), ca);
			const en = await ok(h.api(`/api/v1/statistics?by=province&year=${Y}&lang=en`));
			assert.deepEqual(en.rows.map((r) => r.label), ['Fujian', 'Guangdong']);
			const br = await table(`by=branch&year=${Y}`);
			assert.deepEqual(br.rows.map((r) => r.key), ['0', String(S.branch)]);
			assert.deepEqual(pick(br.rows[1]), cb);
			const lv = await table(`by=level&year=${Y}`);
			assert.deepEqual(lv.rows.map((r) => [r.key, r.label]), [['4', '四级/中级工'], ['5', '五级/初级工']]);
			assert.deepEqual(pick(lv.rows[0]), ca);
			const yr = await table(`by=year&year_from=${Y - 1}&year_to=${Y}`);
			assert.deepEqual(yr.rows.map((r) => [r.key, r.label]), [[String(Y - 1), String(Y - 1)], [String(Y), String(Y)]]);
			assert.equal(yr.rows[1].passed, ca.passed + cb.passed);
			const oc = await table(`by=occupation&year=${Y}`);
			assert.deepEqual(oc.rows.map((r) => r.key), ['6-18-01-01']);
			assert.match(oc.rows[0].label, /^6-18-01-01 车工/);
			// filters: one province, a branch, an institution (and those under it), a level
			assert.deepEqual(pick((await table(`year=${Y}&province=44`)).total), ca);
			assert.deepEqual(pick((await table(`year=${Y}&branch_id=${S.branch}`)).total), cb);
			assert.deepEqual(pick((await table(`year=${Y}&institution_id=${S.b.center}`)).total), cb);
			assert.deepEqual(pick((await table(`year=${Y}&level=5`)).total), cb);
			assert.deepEqual(pick((await table(`year=${Y}&occupation=9-99-99-99`)).total), Object.fromEntries(MEASURES.map((m) => [m, 0])));
		});

		it('scope: an institution admin reads its own subtree; another institution or a branch above it is 403', async () => {
			const cb = await counted(h.server, [S.b.id], Y);
			const own = await table(`by=institution&year=${Y}`, S.adminB.token);
			assert.deepEqual(own.rows.map((r) => r.key), [String(S.b.id)]);
			assert.deepEqual(pick(own.total), cb);
			const byProv = await table(`by=province&year=${Y}`, S.adminB.token);
			assert.deepEqual(byProv.rows.map((r) => r.key), ['35']);
			refused(await h.api(`/api/v1/statistics?year=${Y}&institution_id=${S.a.id}`, as(S.adminB.token)), 403, 'institution_id');
			refused(await h.api(`/api/v1/statistics?year=${Y}&branch_id=${S.branch}`, as(S.adminB.token)), 403, 'branch_id');
			refused(await h.api('/api/v1/statistics/refresh', { method: 'POST', json: {}, ...as(S.adminB.token) }), 403, null);
			// a supervisor of the branch reads the branch
			assert.deepEqual(pick((await table(`year=${Y}&branch_id=${S.branch}`, S.super.token)).total), cb);
			assert.deepEqual((await table(`by=institution&year=${Y}`, S.super.token)).rows.map((r) => r.key), [String(S.b.id)]);
			// anonymous
			assert.equal((await http(h.server.base, `/api/v1/statistics?year=${Y}`)).status, 401);
		});

		it('the rows behind a figure: each kind, paged, names masked for those who may not read the person', async () => {
			const rows = (q, token) => ok(h.api(`/api/v1/statistics/rows?${q}`, token ? as(token) : {}));
			const ca = await counted(h.server, [S.a.id], Y);
			const passed = await rows(`measure=passed&year=${Y}&institution_id=${S.a.id}`);
			assert.equal(passed.total, ca.passed);
			assert.ok(passed.rows.every((r) => r.kind === 'enrolment' && r.institution_id === S.a.id && /^\/plans\/\d+$/.test(r.href)));
			const names = [...S.pa.candidates, ...S.pb.candidates, ...S.pc.candidates].filter((c) => c.pass).map((c) => c.name).sort();
			assert.deepEqual(passed.rows.map((r) => r.title).sort(), names);
			// a page of two, then the rest
			const p1 = await rows(`measure=passed&year=${Y}&institution_id=${S.a.id}&limit=2`);
			const p2 = await rows(`measure=passed&year=${Y}&institution_id=${S.a.id}&limit=200&offset=2`);
			assert.deepEqual([p1.rows.length, p2.rows.length, p1.total], [2, ca.passed - 2, ca.passed]);
			assert.deepEqual([...p1.rows, ...p2.rows].map((r) => r.id), passed.rows.map((r) => r.id));
			// certificates: the unfiled and the revoked, linked to their pages
			const unfiled = await rows(`measure=unfiled&year=${Y}&province=44`);
			assert.equal(unfiled.total, ca.unfiled);
			assert.deepEqual(unfiled.rows.map((r) => [r.kind, r.href]), (await certsOf(S.pb.plan)).map((id) => ['certificate', `/certificates/${id}`]));
			const revoked = await rows(`measure=revoked&year=${Y}`);
			assert.deepEqual(revoked.rows.map((r) => r.id), [S.ca[2]]);
			const late = await rows(`measure=filed_late&year=${Y}`);
			assert.deepEqual(late.rows.map((r) => r.id), [S.ca[1]]);
			// the detail in the reader's language, not a code
			assert.deepEqual([passed.rows[0].detail, revoked.rows[0].detail, late.rows[0].detail], ['合格', '已注销', '有效']);
			const passedEn = await rows(`measure=passed&year=${Y}&institution_id=${S.a.id}&limit=1&lang=en`);
			const revokedEn = await rows(`measure=revoked&year=${Y}&lang=en`);
			assert.deepEqual([passedEn.rows[0].detail, revokedEn.rows[0].detail], ['Passed', 'Revoked']);
			const appealEn = await rows(`measure=appeals&year=${Y}&institution_id=${S.a.id}&lang=en`);
			assert.ok(['Open', 'Resolved'].includes(appealEn.rows[0].detail), appealEn.rows[0].detail);
			const plan = await rows(`measure=plans&year=${Y}&institution_id=${S.a.id}&limit=1`);
			assert.match(plan.rows[0].detail, /^[\u4e00-\u9fff]+$/);
			for (const [m, kind, n] of [['plans', 'plan', ca.plans], ['corrections', 'correction', 1], ['appeals', 'appeal', 1], ['theory_passed', 'enrolment', ca.theory_passed]]) {
				const r = await rows(`measure=${m}&year=${Y}&institution_id=${S.a.id}`);
				assert.equal(r.total, n, m);
				assert.ok(r.rows.every((x) => x.kind === kind), m);
			}
			// a viewer reads the figures, not the people: names masked, no
			// certificate (certificate.read is the viewer's: it reads them)
			const masked = await rows(`measure=passed&year=${Y}&institution_id=${S.a.id}`, S.viewer.token);
			assert.equal(masked.total, ca.passed);
			assert.ok(masked.rows.every((r) => r.title.includes('*') && !names.includes(r.title)), JSON.stringify(masked.rows));
			// B's admin: B's rows only, never A's
			assert.equal((await rows(`measure=passed&year=${Y}`, S.adminB.token)).total, (await counted(h.server, [S.b.id], Y)).passed);
			refused(await h.api(`/api/v1/statistics/rows?measure=passed&institution_id=${S.a.id}`, as(S.adminB.token)), 403, 'institution_id');
		});

		it('every parameter is checked: 422 naming it', async () => {
			for (const [q, field] of [['by=city', 'by'], ['year=1999', 'year'], ['year=abc', 'year'], ['year=2101', 'year'],
				['year_from=x', 'year_from'], [`year_from=${Y}&year_to=${Y - 1}`, 'year_to'], ['year_to=1', 'year_to'],
				['province=99', 'province'], ['province=4', 'province'], [`branch_id=${S.a.id}`, 'branch_id'], ['branch_id=x', 'branch_id'],
				['institution_id=987654', 'institution_id'], ['institution_id=-1', 'institution_id'], ['level=0', 'level'], ['level=6', 'level'],
				[`occupation=${'9'.repeat(40)}`, 'occupation']])
				refused(await h.api(`/api/v1/statistics?${q}`), 422, field);
			for (const [q, field] of [['', 'measure'], ['measure=pass_rate', 'measure'], ['measure=passed&limit=0', 'limit'],
				['measure=passed&limit=201', 'limit'], ['measure=passed&offset=-1', 'offset'], ['measure=passed&year=1999', 'year']])
				refused(await h.api(`/api/v1/statistics/rows?${q}`), 422, field);
			for (const json of [{ year: 1999 }, { year: 'x' }, { year: 2101 }, { year: 0 }])
				refused(await post('/api/v1/statistics/refresh', json), 422, 'year');
		});

		it('the command line: refresh a year, the table as text and as the API\'s JSON', async () => {
			// a new plan of B: not in the figures until the next refresh
			const before = (await table(`year=${Y}`)).total.plans;
			await closedPlan(h.server, h.api, S.b, { pass: 1, level: 5 });
			assert.equal((await table(`year=${Y}`)).total.plans, before);
			await cli(['statistics', 'refresh', '--year', String(Y)]);
			assert.equal((await table(`year=${Y}`)).total.plans, before + 1);
			const api = await table(`by=institution&year=${Y}`);
			assert.deepEqual(JSON.parse(await cli(['statistics', '--by', 'institution', '--year', String(Y), '--json'])), api);
			const text = await cli(['statistics', '--by', 'province', '--year', String(Y)]);
			const lines = text.trim().split('\n');
			assert.match(lines[0], /^分组\t考核计划\t报名人数\t参评人数\t合格人数\t合格率/);
			assert.match(lines[1], new RegExp(`^福建省\\t\\d+\\t`));
			assert.match(lines.at(-2), /^合计\t/);
			assert.match(lines.at(-1), /^数据截至 \d{4}-/);
			for (const args of [['--by', 'city'], ['--year', '1999'], ['--level', '9'], ['refresh', '--by', 'year'], ['bogus']]) {
				const r = await h.server.cli(['statistics', ...args]);
				assert.equal(r.code, 2, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
			}
			const gone = await h.server.cli(['statistics', '--institution', '987654']);
			assert.equal(gone.code, 1, gone.stderr);
		});

		it('open data: the page and four files, public, cacheable, with nothing personal in them', async () => {
			await ok(post('/api/v1/statistics/refresh', {}));
			const get = (p) => http(h.server.base, p);
			const page = await get('/open-data');
			assert.equal(page.status, 200);
			assert.match(page.text, /开放数据/);
			for (const f of ['directory.csv', 'directory.json', 'totals.csv', 'totals.json']) assert.ok(page.text.includes(`href="/open-data/${f}"`), f);
			assert.match((await get('/open-data?lang=en')).text, /Yearly totals by province \(CSV\)/);
			const files = {};
			for (const f of ['directory.csv', 'directory.json', 'totals.csv', 'totals.json']) {
				const r = await get(`/open-data/${f}`);
				assert.equal(r.status, 200, `${f}: ${r.text.slice(0, 200)}`);
				assert.match(r.headers.get('cache-control'), /public/);
				assert.match(r.headers.get('content-type'), f.endsWith('csv') ? /^text\/csv/ : /^application\/json/);
				files[f] = r.text;
			}
			// the directory: every registered institution, as the public list
			const dir = JSON.parse(files['directory.json']).institutions;
			const listed = (await ok(http(h.server.base, '/api/v1/institutions?status=registered&limit=200'))).items.map((x) => x.id).sort((a, b) => a - b);
			assert.deepEqual(dir.map((x) => x.id).sort((a, b) => a - b), listed);
			assert.ok(dir.some((x) => x.id === S.a.id && x.name === S.a.name && x.province === '44' && x.province_name === '广东省'));
			const raw = Buffer.from(await (await fetch(`${h.server.base}/open-data/directory.csv`)).arrayBuffer());
			assert.deepEqual([...raw.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 with a byte order mark');
			const unq = (l) => l.replace(/^\ufeff/, '').replace(/"/g, '');
			assert.equal(unq(files['directory.csv'].split('\r\n')[0]), 'id,name,type,province,province_name,status,registration_no,registered_on,valid_until');
			assert.ok(files['directory.csv'].includes(S.b.name));
			// the totals: by year and province, equal to the API's
			const tot = JSON.parse(files['totals.json']);
			assert.deepEqual(tot.measures, MEASURES);
			for (const y of [Y, Y - 1]) {
				const api = await table(`by=province&year=${y}`);
				const mine = tot.rows.filter((r) => r.year === y);
				assert.deepEqual(mine.map((r) => r.province), api.rows.map((r) => r.key));
				mine.forEach((r, i) => assert.deepEqual(pick(r), pick(api.rows[i])));
			}
			const csv = files['totals.csv'].trim().split('\r\n').map(unq);
			assert.equal(csv[0], ['year', 'province', 'province_name', ...MEASURES].join(','));
			assert.equal(csv.length - 1, tot.rows.length);
			// nothing personal: no candidate's name or ID number, no holder
			const people = (await sql(h.server, 'SELECT name FROM person')).trim().split('\n');
			const holders = (await sql(h.server, 'SELECT holder_name || \'|\' || id_masked FROM certificate')).trim().split('\n').flatMap((l) => l.split('|'));
			const ids = [...S.pa.candidates, ...S.pe.candidates].map((c) => c.id_number);
			for (const [f, text] of Object.entries(files))
				for (const x of [...people, ...holders, ...ids].filter((v) => v && v.length >= 2))
					assert.ok(!text.includes(x), `${f} holds ${x}`);
		});

		it('skillcert serve refreshes every year at start when none was, from its own thread, unaudited, and stops cleanly', async () => {
			await sql(h.server, 'DELETE FROM stat_cell');
			await sql(h.server, 'DELETE FROM stat_year');
			const audited = (await ok(h.api('/api/v1/audit?action=statistics.refresh'))).items.length;
			const srv = await startServer({ engine, db: engine === 'postgresql' ? h.server.db : undefined, dataDir: h.server.dataDir, env: { SKILLCERT_STATS_REFRESH: '3600' } });
			try {
				let years = [];
				for (let i = 0; i < 400 && years.length < 2; i++) {
					years = (await ok(h.api('/api/v1/statistics/years'))).years;
					if (years.length < 2) await sleep(50);
				}
				assert.deepEqual(years, [Y, Y - 1]);
				assert.equal((await ok(h.api('/api/v1/audit?action=statistics.refresh'))).items.length, audited);
			} finally {
				assert.equal(await srv.stop('SIGTERM', 10000, { keepData: true }), 0);
			}
			const bad = await h.server.cli(['serve', '--stats-refresh', '-1']);
			assert.equal(bad.code, 2, bad.stderr);
		});

		if (engine === 'postgresql')
			it('one refresh at a time: a second asked while one runs is answered 409, and the first completes', async () => {
				// the first refresh held at its first write by a table lock
				// another session takes; the test waits on the database's own
				// lock table, not on time
				// a server of its own with threads to spare, each request on a
				// connection of its own (a thread held by the first must not be
				// the one the second waits behind)
				const srv = await startServer({ engine, db: h.server.db, dataDir: h.server.dataDir, env: { SKILLCERT_THREADS: '4' } });
				const fresh = (json) => http(srv.base, '/api/v1/statistics/refresh', { method: 'POST', json, headers: bearer(h.token), localAddress: '127.0.0.1' });
				const locker = spawn('psql', [h.server.db, '-v', 'ON_ERROR_STOP=1', '-q', '-A', '-t'], { stdio: ['pipe', 'pipe', 'pipe'] });
				const waiting = async (granted) => Number((await sql(h.server, `SELECT COUNT(*) FROM pg_locks WHERE relation = 'stat_pass_mark'::regclass AND granted = ${granted}`)).trim());
				let first;
				try {
					locker.stdin.write('BEGIN; LOCK TABLE stat_pass_mark IN ACCESS EXCLUSIVE MODE; SELECT 1;\n');
					while (await waiting(true) === 0) await sleep(20);
					first = fresh({ year: Y });
					while (await waiting(false) === 0) await sleep(20);
					// the second: answered at once (409), or, were it let in,
					// a second session waiting on the lock
					const second = fresh({});
					const outcome = await Promise.race([
						second.then((r) => ['answered', r]),
						(async () => { while (await waiting(false) < 2) await sleep(20); return ['waited']; })(),
					]);
					assert.equal(outcome[0], 'answered', 'a second refresh ran while one was running');
					assert.equal(outcome[1].status, 409);
					assert.match(outcome[1].json.error.message, /刷新|refresh/);
				} finally {
					locker.stdin.end('COMMIT;\n');
					await new Promise((resolve) => locker.on('close', resolve));
					if (first) await first.catch(() => {});
					assert.equal(await srv.stop('SIGTERM', 10000, { keepData: true }), 0);
				}
				await ok(first);
				// and once it is done, the next one runs
				await ok(post('/api/v1/statistics/refresh', { year: Y }));
			});

		if (engine === 'postgresql')
			it('a server stopping while its thread refreshes every year stops after the year under way', async () => {
				await sql(h.server, 'DELETE FROM stat_cell');
				await sql(h.server, 'DELETE FROM stat_year');
				assert.ok(Number((await sql(h.server, `SELECT COUNT(*) FROM plan WHERE theory_on LIKE '${Y - 1}-%'`)).trim()) > 0);
				// the thread's first year held at its write by a table lock
				// another session takes (the two years: this and the last)
				const locker = spawn('psql', [h.server.db, '-v', 'ON_ERROR_STOP=1', '-q', '-A', '-t'], { stdio: ['pipe', 'pipe', 'pipe'] });
				const locks = async (granted) => Number((await sql(h.server, `SELECT COUNT(*) FROM pg_locks WHERE relation = 'stat_cell'::regclass AND granted = ${granted}`)).trim());
				let srv;
				try {
					locker.stdin.write('BEGIN; LOCK TABLE stat_cell IN ACCESS EXCLUSIVE MODE; SELECT 1;\n');
					while (await locks(true) === 0) await sleep(20);
					srv = await startServer({ engine, db: h.server.db, dataDir: h.server.dataDir, env: { SKILLCERT_STATS_REFRESH: '3600' } });
					while (await locks(false) === 0) await sleep(20);
					srv.child.kill('SIGTERM');
					await srv.waitForStderr('statistics: stopping the refresh thread', 20000);
				} finally {
					locker.stdin.end('COMMIT;\n');
					await new Promise((resolve) => locker.on('close', resolve));
				}
				assert.equal(await srv.stop('SIGTERM', 20000, { keepData: true }), 0);
				// the year under way written, the next not begun
				assert.equal((await sql(h.server, 'SELECT COUNT(*) FROM stat_year')).trim(), '1');
				await ok(post('/api/v1/statistics/refresh', {}));
			});

		it('a plan under a post-skill specification counts its components with the specification\'s pass marks, as the score sheet does', async () => {
			// B's level-5 plan: one passing candidate's theory at 50 points,
			// below the standard's 60, above the specification's 40
			const enr = S.pe.candidates[0].enrolment_id;
			const was = (await sql(h.server, `SELECT tenths FROM component_result WHERE enrolment_id = ${enr} AND component = 'theory'`)).trim();
			await sql(h.server, `UPDATE component_result SET tenths = 500 WHERE enrolment_id = ${enr} AND component = 'theory'`);
			const theory = async (mark) => Number((await sql(h.server, `SELECT COUNT(*) FROM component_result cr JOIN enrolment e ON e.id = cr.enrolment_id
				WHERE e.plan_id = ${S.pe.plan} AND cr.component = 'theory' AND cr.status = 'present' AND cr.tenths >= ${mark}`)).trim());
			const figures = async () => {
				await ok(post('/api/v1/statistics/refresh', { year: Y }));
				const t = await table(`year=${Y}&institution_id=${S.b.id}`);
				const rows = await ok(h.api(`/api/v1/statistics/rows?measure=theory_passed&year=${Y}&institution_id=${S.b.id}`));
				return [t.total.theory_passed, rows.total];
			};
			try {
				const base = (await counted(h.server, [S.b.id], Y)).theory_passed;
				assert.deepEqual(await figures(), [base, base]);
				// the specification (theory passes at 40 on level 5) named by
				// the plan (set as the plan was made: it is fixed once submitted)
				const spec = (await ok(post(`/api/v1/institutions/${S.b.id}/post-specs`, { builtin: 'cnc-turner-post' }), 201)).id;
				await sql(h.server, `UPDATE plan SET post_spec_id = ${spec} WHERE id = ${S.pe.plan}`);
				const n = base - await theory(600) + await theory(400);
				assert.ok(n > base);
				assert.deepEqual(await figures(), [n, n]);
			} finally {
				await sql(h.server, `UPDATE plan SET post_spec_id = NULL WHERE id = ${S.pe.plan}`);
				await sql(h.server, `UPDATE component_result SET tenths = ${was} WHERE enrolment_id = ${enr} AND component = 'theory'`);
			}
		});
	});
}
