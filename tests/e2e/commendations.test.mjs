// Annual commendations (issue 14), campaigns and nominations through the
// API: a campaign with built-in or uploaded rules (an invalid upload
// refused naming its path), quotas and timetable while a draft, its status
// one step at a time (review refused while a nomination awaits its branch
// center); nominations refused naming the field or the rule (the
// institution suspended during the year, an overdue finding, a person with
// too few years, a quota full overall / per branch / per province, outside
// the window, the wrong status, a nominee not under the nominator), the
// branch center's endorsement, a return with its reason and the
// resubmission, withdrawal; another institution's admin 403, anonymous
// 401; attachments by magic bytes within the size limit, downloaded by
// whoever may read the nomination only. Both engines.
//
// The registry's facts (registration dates, the status log, an open
// finding, credit codes and work starts) are seeded with SQL (certlib's
// sql()), only the columns the schema has.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { before, it } from 'node:test';

import { idNumber, nextName, sql } from './certlib.mjs';
import { apiAs, describeWithServer, engines, http, login, makeUser, uniqueName } from './lib.mjs';

const m2020 = JSON.parse(fs.readFileSync('commendations/machinery-2020.json', 'utf8'));
const today = new Date().toISOString().slice(0, 10);
const dayOffset = (n) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);
const YEAR = Number(today.slice(0, 4)) - 1;
const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

for (const engine of engines()) {
	describeWithServer(`commendations [${engine}]`, { engine, tag: 'commend', user: true }, (h) => {
		const I = {}; // institutions
		const P = {}; // people
		const U = {}; // users' api
		let campaign = 0;
		let seq = 0;

		const cli = async (args) => {
			const r = await h.server.cli(args);
			assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
			return r.stdout.trim();
		};
		const inst = async (key, type, province, parent) => {
			const args = ['institution', 'add', '--name', uniqueName(`表彰${key}`), '--type', type, '--province', province];
			if (parent) args.push('--parent', String(parent));
			I[key] = Number(await cli(args));
			await sql(h.server, `UPDATE institution SET status = 'registered', registered_on = '2015-01-01', credit_code = 'CC${key}${engine}' WHERE id = ${I[key]}`);
		};
		const person = async (key, at, workStart) => {
			const r = await h.api('/api/v1/people', { method: 'POST', json: { name: nextName(), id_number: idNumber('19800101', 700 + ++seq), institution_id: I[at] } });
			assert.equal(r.status, 201, r.text);
			P[key] = r.json.id;
			await sql(h.server, `UPDATE person SET employer_credit_code = 'CC${at}${engine}', work_start = '${workStart}' WHERE id = ${P[key]}`);
		};
		const nominate = (api, json) => api(`/api/v1/commendations/${campaign}/nominations`, { method: 'POST', json: { achievements: '多年来认真做好职业技能鉴定工作。', ...json } });
		const quota = (json) => h.api(`/api/v1/commendations/${campaign}/quotas`, { method: 'POST', json });
		const act = (action) => h.api(`/api/v1/commendations/${campaign}/act`, { method: 'POST', json: { action } });
		const refused = (r, status, field, message) => {
			assert.equal(r.status, status, r.text);
			assert.equal(r.json.error.field ?? null, field, r.text);
			if (message) assert.match(r.json.error.message, message);
		};

		before(async () => {
			await inst('center', 'center', '11');
			await inst('b1', 'branch_center', '44', I.center);
			await inst('s1', 'exam_station', '44', I.b1);
			await inst('s2', 'exam_station', '44', I.b1);
			await inst('s4', 'exam_station', '44', I.b1);
			await inst('s6', 'exam_station', '44', I.b1);
			await inst('s3', 'exam_station', '11', I.center);
			await inst('s5', 'exam_station', '11', I.center);
			// s4 suspended for a month of the year commended
			await sql(h.server, `INSERT INTO institution_status_log (institution_id, from_status, to_status, reason, at, actor) VALUES (${I.s4}, 'registered', 'suspended', 'e2e', '${YEAR}-06-01T00:00:00Z', 'e2e'), (${I.s4}, 'suspended', 'registered', 'e2e', '${YEAR}-07-01T00:00:00Z', 'e2e')`);
			// s6: a finding of an inspection open past its deadline
			await sql(h.server, `INSERT INTO inspection (institution_id, year, inspected_on, outcome, created_at) VALUES (${I.s6}, ${YEAR}, '${YEAR}-03-01', 'rectify', '${YEAR}-03-01T00:00:00Z')`);
			await sql(h.server, `INSERT INTO finding (inspection_id, institution_id, description, deadline) SELECT max(id), ${I.s6}, 'e2e', '${YEAR}-04-01' FROM inspection WHERE institution_id = ${I.s6}`);
			await person('veteran', 's1', '2005-03-01');
			await person('veteran2', 's2', '2006-03-01');
			await person('novice', 's1', `${YEAR - 1}-05-01`);
			await person('p3', 's3', '2004-01-01');
			await person('p5', 's5', '2004-01-01');
			await person('p3b', 's3', '2003-01-01');
			for (const k of ['s1', 's3', 'b1', 's2']) {
				const u = await makeUser(h.server, `commend_${k}_${engine}`, { role: 'institution_admin', institution: I[k] });
				U[k] = apiAs(h.server.base, u.token);
				U[`${k}User`] = u;
			}
		});

		it('a campaign takes built-in or uploaded rules; an invalid upload is refused naming its path', async () => {
			const base = { year: YEAR, title: `${YEAR}年度机械工业人才评价工作表彰`, nominate_until: dayOffset(30), review_until: dayOffset(60) };
			const bad = await h.api('/api/v1/commendations', { method: 'POST', json: { ...base, rules: { ...m2020, categories: [{ ...m2020.categories[1], eligibility: [{ rule: 'staff_years', confidence: 'low', source: 'x' }] }] } } });
			refused(bad, 422, 'rules');
			assert.match(bad.json.error.reason, /categories\[0\]\.eligibility\[0\]\.value/);
			refused(await h.api('/api/v1/commendations', { method: 'POST', json: { ...base, rules_code: 'nope' } }), 422, 'rules_code');
			refused(await h.api('/api/v1/commendations', { method: 'POST', json: { ...base, rules_code: 'machinery-2020', review_until: '2000-01-01' } }), 422, 'review_until');
			refused(await U.s1('/api/v1/commendations', { method: 'POST', json: { ...base, rules_code: 'machinery-2020' } }), 403, null);
			const ok = await h.api('/api/v1/commendations', { method: 'POST', json: { ...base, rules_code: 'machinery-2020' } });
			assert.equal(ok.status, 201, ok.text);
			campaign = ok.json.id;
			const up = await h.api(`/api/v1/commendations/${campaign}/rules`, { method: 'POST', json: { rules: m2020 } });
			assert.equal(up.status, 200, up.text);
			assert.equal(up.json.version, 2);
			const d = (await h.api(`/api/v1/commendations/${campaign}`)).json;
			assert.equal(d.status, 'draft');
			assert.equal(d.rules_version, 2);
			assert.equal(d.rules_code, 'uploaded');
			assert.equal(d.rules.categories.length, 4);
			// a draft is the center's: the public does not see it
			assert.equal((await http(h.server.base, `/api/v1/commendations/${campaign}`)).status, 404);
			assert.ok(!(await http(h.server.base, '/api/v1/commendations')).json.items.some((c) => c.id === campaign));
		});

		it('quotas are set while a draft; a nomination before nominating is the wrong status', async () => {
			assert.equal((await quota({ category: 'advanced_collective', scope: 'branch', quota: 1 })).status, 200);
			assert.equal((await quota({ category: 'excellent_manager', scope: 'all', quota: 2 })).status, 200);
			assert.equal((await quota({ category: 'advanced_worker', scope: 'province', scope_key: '11', quota: 1 })).status, 200);
			refused(await quota({ category: 'nobody', scope: 'all', quota: 1 }), 422, 'category');
			refused(await quota({ category: 'advanced_worker', scope: 'city', quota: 1 }), 422, 'scope');
			refused(await nominate(h.api, { category: 'advanced_collective', nominated_by: I.s1 }), 409, 'status');
			refused(await act('review'), 409, 'status');
			assert.equal((await act('nominate')).status, 200);
			refused(await quota({ category: 'advanced_worker', scope: 'all', quota: 9 }), 409, 'status');
			const pub = await http(h.server.base, '/api/v1/commendations');
			assert.ok(pub.json.items.some((c) => c.id === campaign && c.status === 'nominating'));
			const anon = await http(h.server.base, `/api/v1/commendations/${campaign}`);
			assert.equal(anon.status, 200);
			assert.deepEqual(anon.json.nominations, []);
		});

		it('each refusal names its field or rule', async () => {
			refused(await nominate(U.s1, { category: 'advanced_collective', nominated_by: I.s1, institution_id: I.s4 }), 422, 'institution_id');
			refused(await nominate(U.s1, { category: 'advanced_collective', nominated_by: I.s1, institution_id: I.s3 }), 422, 'institution_id');
			refused(await nominate(U.s1, { category: 'excellent_manager', nominated_by: I.s1, person_id: P.p3 }), 422, 'person_id');
			refused(await nominate(U.s1, { category: 'excellent_manager', nominated_by: I.s1, person_id: P.novice }), 422, 'eligibility', /staff_years/);
			refused(await nominate(U.s1, { category: 'advanced_collective', nominated_by: I.s1, achievements: '' }), 422, 'achievements');
			refused(await nominate(U.s1, { category: 'no_such', nominated_by: I.s1 }), 422, 'category');
			// the institutions' own facts: as the center nominating for them
			refused(await nominate(h.api, { category: 'advanced_collective', nominated_by: I.s4 }), 422, 'eligibility', /全年保持注册/);
			refused(await nominate(h.api, { category: 'advanced_collective', nominated_by: I.s6 }), 422, 'eligibility', /整改期限/);
			// another institution's admin, anonymous
			refused(await nominate(U.s3, { category: 'advanced_collective', nominated_by: I.s1 }), 403, null);
			assert.equal((await http(h.server.base, `/api/v1/commendations/${campaign}/nominations`, { method: 'POST', json: { category: 'advanced_collective', nominated_by: I.s1 } })).status, 401);
			// outside the window
			const tt = (until) => h.api(`/api/v1/commendations/${campaign}/timetable`, { method: 'POST', json: { nominate_until: until, review_until: dayOffset(60), notice_days: 5 } });
			assert.equal((await tt(dayOffset(-1))).status, 200);
			refused(await nominate(U.s1, { category: 'advanced_collective', nominated_by: I.s1 }), 409, 'nominate_until');
			assert.equal((await tt(dayOffset(30))).status, 200);
		});

		it('nominations within the quotas: overall, per branch, per province', async () => {
			// an inspection of s1 in the year commended: its nomination's
			// figures carry it, filled in from the registry, not typed
			await sql(h.server, `INSERT INTO inspection (institution_id, year, inspected_on, outcome, created_at) VALUES (${I.s1}, ${YEAR}, '${YEAR}-04-01', 'pass', '${YEAR}-04-01T00:00:00Z')`);
			const s1 = await nominate(U.s1, { category: 'advanced_collective', nominated_by: I.s1 });
			assert.equal(s1.status, 201, s1.text);
			P.nomS1 = s1.json.id;
			// the branch center's one place is taken: s2 (same branch) is refused
			refused(await nominate(U.s2, { category: 'advanced_collective', nominated_by: I.s2 }), 409, 'quota', /分中心名额/);
			// no branch above s3: endorsed at once; the province's one place then full
			const w3 = await nominate(U.s3, { category: 'advanced_worker', nominated_by: I.s3, person_id: P.p3 });
			assert.equal(w3.status, 201, w3.text);
			refused(await nominate(h.api, { category: 'advanced_worker', nominated_by: I.s5, person_id: P.p5 }), 409, 'quota', /本省名额/);
			// overall: 2 places
			const m1 = await nominate(U.s1, { category: 'excellent_manager', nominated_by: I.s1, person_id: P.veteran });
			assert.equal(m1.status, 201, m1.text);
			P.nomM1 = m1.json.id;
			// twice the same nominee
			refused(await nominate(U.s1, { category: 'excellent_manager', nominated_by: I.s1, person_id: P.veteran }), 409, 'person_id');
			const m2 = await nominate(U.s2, { category: 'excellent_manager', nominated_by: I.s2, person_id: P.veteran2 });
			assert.equal(m2.status, 201, m2.text);
			P.nomM2 = m2.json.id;
			refused(await nominate(U.s3, { category: 'excellent_manager', nominated_by: I.s3, person_id: P.p3b }), 409, 'quota', /总名额/);
			const d = (await U.s3(`/api/v1/commendations/${campaign}`)).json;
			assert.deepEqual(d.nominations.map((n) => [n.category, n.status]), [['advanced_worker', 'endorsed']]);
			const all = (await h.api(`/api/v1/commendations/${campaign}`)).json;
			const mine = all.nominations.find((n) => n.id === P.nomS1);
			assert.equal(mine.status, 'submitted');
			assert.equal(mine.branch_id, I.b1);
			const figures = await h.api(`/api/v1/institutions/${I.s1}/figures?year=${YEAR}`);
			assert.equal(figures.status, 200, figures.text);
			assert.deepEqual(mine.figures, figures.json, 'the nomination carries the figures of its year');
			assert.equal(mine.figures.inspections, 1);
			assert.deepEqual(mine.figures.inspection_outcomes, { pass: 1, rectify: 0, fail: 0 });
		});

		it('the branch is the nearest branch center at or above the nominator; a branch center\'s own nominations count in its scope (fix14b)', async () => {
			await inst('s7', 'exam_station', '44', I.s1); // two levels under b1
			await person('p7', 's7', '2004-01-01');
			await person('pb1', 'b1', '2004-01-01');
			// the branch's one collective place is s1's: b1 itself and s7 are refused
			refused(await nominate(U.b1, { category: 'advanced_collective', nominated_by: I.b1 }), 409, 'quota', /分中心名额/);
			refused(await nominate(h.api, { category: 'advanced_collective', nominated_by: I.s7 }), 409, 'quota', /分中心名额/);
			// s7's: submitted, awaiting b1 two levels up; b1's own: endorsed at once
			const w7 = await nominate(h.api, { category: 'advanced_worker', nominated_by: I.s7, person_id: P.p7 });
			assert.equal(w7.status, 201, w7.text);
			const wb = await nominate(U.b1, { category: 'advanced_worker', nominated_by: I.b1, person_id: P.pb1 });
			assert.equal(wb.status, 201, wb.text);
			const all = (await h.api(`/api/v1/commendations/${campaign}`)).json.nominations;
			const of = (id) => { const n = all.find((x) => x.id === id); return [n.status, n.branch_id]; };
			assert.deepEqual(of(w7.json.id), ['submitted', I.b1]);
			assert.deepEqual(of(wb.json.id), ['endorsed', I.b1]);
			assert.equal((await U.b1(`/api/v1/commendation-nominations/${w7.json.id}`)).json.endorse, true, 'b1 endorses s7\'s');
			// out of the way of what follows
			for (const id of [w7.json.id, wb.json.id])
				assert.equal((await h.api(`/api/v1/commendation-nominations/${id}/withdraw`, { method: 'POST' })).status, 200);
		});

		it('the branch center endorses or returns with a reason; a returned one is resubmitted; withdrawal', async () => {
			refused(await U.s1(`/api/v1/commendation-nominations/${P.nomS1}/endorse`, { method: 'POST' }), 403, null);
			assert.equal((await U.s3(`/api/v1/commendation-nominations/${P.nomS1}`)).status, 403);
			assert.equal((await http(h.server.base, `/api/v1/commendation-nominations/${P.nomS1}`)).status, 401);
			const view = await U.b1(`/api/v1/commendation-nominations/${P.nomS1}`);
			assert.equal(view.status, 200, view.text);
			assert.equal(view.json.endorse, true);
			const en = await U.b1(`/api/v1/commendation-nominations/${P.nomS1}/endorse`, { method: 'POST' });
			assert.equal(en.status, 200, en.text);
			refused(await U.b1(`/api/v1/commendation-nominations/${P.nomS1}/endorse`, { method: 'POST' }), 409, 'status');
			refused(await U.b1(`/api/v1/commendation-nominations/${P.nomM1}/return`, { method: 'POST', json: { reason: '' } }), 422, 'reason');
			assert.equal((await U.b1(`/api/v1/commendation-nominations/${P.nomM1}/return`, { method: 'POST', json: { reason: '事迹材料不全' } })).status, 200);
			const back = (await U.s1(`/api/v1/commendation-nominations/${P.nomM1}`)).json;
			assert.equal(back.status, 'returned');
			assert.equal(back.status_reason, '事迹材料不全');
			// review waits for m2, still submitted
			refused(await act('review'), 409, 'status', /分中心审核/);
			const re = await U.s1(`/api/v1/commendation-nominations/${P.nomM1}/resubmit`, { method: 'POST', json: { achievements: '补充：主持完成本站 2000 人次鉴定。' } });
			assert.equal(re.status, 200, re.text);
			assert.equal((await U.s1(`/api/v1/commendation-nominations/${P.nomM1}`)).json.status, 'submitted');
			assert.equal((await U.b1(`/api/v1/commendation-nominations/${P.nomM1}/endorse`, { method: 'POST' })).status, 200);
			assert.equal((await U.s2(`/api/v1/commendation-nominations/${P.nomM2}/withdraw`, { method: 'POST' })).status, 200);
			// the place withdrawn is free again
			const m3 = await nominate(U.s3, { category: 'excellent_manager', nominated_by: I.s3, person_id: P.p3b });
			assert.equal(m3.status, 201, m3.text);
		});

		it('attachments: PDF, JPEG or PNG by magic bytes within the size limit, downloaded by readers only', async () => {
			const attach = (api, filename, data) => api(`/api/v1/commendation-nominations/${P.nomS1}/attachments`, { method: 'POST', json: { filename, data: data.toString('base64') } });
			refused(await attach(U.s1, 'fake.pdf', Buffer.from('GIF89a not a pdf')), 422, 'file');
			refused(await attach(U.s1, 'big.pdf', Buffer.concat([pdf, Buffer.alloc(2 * 1024 * 1024)])), 422, 'file');
			refused(await attach(U.s3, 'x.pdf', pdf), 403, null);
			// control and bidi characters in a filename are refused (fix14b #11)
			for (const bad of ['a\nb.pdf', 'a\x7fb.pdf', 'a\x01.pdf', 'a\u0085b.pdf', 'fdp.\u202eexe.pdf', 'a\u2066b.pdf', 'a\u2069b.pdf', 'a\u200eb.pdf', 'a\u200fb.pdf', 'a\u202ab.pdf'])
				refused(await attach(U.s1, bad, pdf), 422, 'filename');
			const ok = await attach(U.s1, '事迹.pdf', pdf);
			assert.equal(ok.status, 201, ok.text);
			const list = (await U.b1(`/api/v1/commendation-nominations/${P.nomS1}`)).json.attachments;
			assert.deepEqual(list.map((a) => [a.filename, a.mime, a.size]), [['事迹.pdf', 'application/pdf', pdf.length]]);
			for (const api of [U.s1, U.b1, h.api]) {
				const r = await api(`/api/v1/commendation-attachments/${ok.json.id}`);
				assert.equal(r.status, 200);
				assert.equal(r.headers.get('content-type'), 'application/pdf');
				assert.equal(r.text, pdf.toString('utf8'));
			}
			assert.equal((await U.s3(`/api/v1/commendation-attachments/${ok.json.id}`)).status, 403);
			assert.equal((await http(h.server.base, `/api/v1/commendation-attachments/${ok.json.id}`)).status, 401);
		});

		it('the pages (read only): the campaigns, a campaign with the nominations its reader may see, a nomination with its figures', async () => {
			const list = await http(h.server.base, '/commendations');
			assert.equal(list.status, 200);
			assert.ok(list.text.includes(`href="/commendations/${campaign}"`));
			const anon = await http(h.server.base, `/commendations/${campaign}`);
			assert.equal(anon.status, 200);
			assert.match(anon.text, /id="categories"/);
			assert.ok(!anon.text.includes('id="nominations"'), 'the public sees no nomination');
			const s1 = await login(h.server.base, U.s1User.name, U.s1User.password);
			const mine = await s1.get(`/commendations/${campaign}`);
			assert.ok(mine.text.includes(`href="/commendation-nominations/${P.nomS1}"`));
			// the figures filled in at submission, shown as a table
			let nom = await s1.get(`/commendation-nominations/${P.nomS1}`);
			assert.equal(nom.status, 200);
			assert.match(nom.text, /<table id="figures">.*inspections/s);
			await sql(h.server, `UPDATE commendation_nomination SET figures = '{"certificates_issued": 1234}' WHERE id = ${P.nomS1}`);
			nom = await s1.get(`/commendation-nominations/${P.nomS1}`);
			assert.match(nom.text, /<table id="figures">.*certificates_issued.*1234/s);
			assert.ok(nom.text.includes('事迹.pdf'));
			const s3 = await login(h.server.base, U.s3User.name, U.s3User.password);
			assert.equal((await s3.get(`/commendation-nominations/${P.nomS1}`)).status, 403);
			const en = await http(h.server.base, `/commendations/${campaign}?lang=en`);
			assert.match(en.text, /Annual commendations/);
		});

		it('the page forms: nominate (a refusal names the rule), return without a reason refused, return, resubmit, withdraw', async () => {
			const s1 = await login(h.server.base, U.s1User.name, U.s1User.password);
			const b1 = await login(h.server.base, U.b1User.name, U.b1User.password);
			const page = await s1.get(`/commendations/${campaign}`);
			assert.match(page.text, /id="n-by"/);
			const novice = await s1.post(`/commendations/${campaign}/nominations`, { nominated_by: String(I.s1), category: 'advanced_worker', person_id: String(P.novice), achievements: '页面推荐' });
			assert.equal(novice.status, 422);
			assert.match(novice.text, /任职年限不足/);
			const made = await s1.post(`/commendations/${campaign}/nominations`, { nominated_by: String(I.s1), category: 'advanced_worker', person_id: String(P.veteran), achievements: '页面推荐' });
			assert.equal(made.status, 303, made.text.slice(0, 300));
			const nid = Number(made.headers.get('location').split('/').pop());
			const act = (sess, form) => sess.post(`/commendation-nominations/${nid}/act`, form);
			assert.equal((await act(b1, { action: 'return', reason: '' })).status, 422);
			assert.equal((await act(b1, { action: 'return', reason: '请补充证明' })).status, 303);
			const back = await s1.get(`/commendation-nominations/${nid}`);
			assert.match(back.text, /id="reason">请补充证明</);
			assert.match(back.text, /name="action" value="resubmit"/);
			assert.equal((await act(s1, { action: 'resubmit', achievements: '页面推荐（补充）' })).status, 303);
			assert.equal((await act(s1, { action: 'withdraw' })).status, 303);
			assert.match((await s1.get(`/commendation-nominations/${nid}`)).text, /id="status">已撤回</);
			assert.equal((await act(U.s3User.sess ||= await login(h.server.base, U.s3User.name, U.s3User.password), { action: 'endorse' })).status, 403);
		});

		it('the center\'s page forms: create a campaign, set a quota, open nominations; others are refused', async () => {
			const c = await login(h.server.base, h.user.name, h.user.password);
			assert.match((await c.get('/commendations')).text, /id="c-title"/);
			const made = await c.post('/commendations', { year: String(YEAR), title: `页面表彰${engine}`, rules_code: 'machinery-2020', nominate_until: dayOffset(5), review_until: dayOffset(9) });
			assert.equal(made.status, 303, made.text.slice(0, 300));
			const at = made.headers.get('location');
			assert.equal((await c.post(`${at}/quotas`, { category: 'advanced_worker', scope: 'city', scope_key: '', quota: '2' })).status, 422);
			assert.equal((await c.post(`${at}/quotas`, { category: 'advanced_worker', scope: 'province', scope_key: '44', quota: '2' })).status, 303);
			assert.equal((await c.post(`${at}/act`, { action: 'nominate' })).status, 303);
			const page = await c.get(at);
			assert.match(page.text, /id="status">推荐中</);
			assert.match(page.text, /province 44 2/);
			assert.match(page.text, /name="action" value="review"/);
			const s1 = await login(h.server.base, U.s1User.name, U.s1User.password);
			assert.equal((await s1.post(`${at}/act`, { action: 'review' })).status, 403);
			assert.ok(!(await s1.get('/commendations')).text.includes('id="c-title"'));
		});

		it('two nominators at once for the last place: one gets it, the other is refused', async () => {
			const c = await h.api('/api/v1/commendations', { method: 'POST', json: { year: YEAR, title: `名额竞争${engine}`, rules_code: 'machinery-2020', nominate_until: dayOffset(5), review_until: dayOffset(9) } });
			assert.equal(c.status, 201, c.text);
			const at = `/api/v1/commendations/${c.json.id}`;
			assert.equal((await h.api(`${at}/quotas`, { method: 'POST', json: { category: 'advanced_collective', scope: 'all', quota: 1 } })).status, 200);
			assert.equal((await h.api(`${at}/act`, { method: 'POST', json: { action: 'nominate' } })).status, 200);
			const both = await Promise.all([U.s1, U.s2].map((api, i) => api(`${at}/nominations`, { method: 'POST', json: { category: 'advanced_collective', nominated_by: i ? I.s2 : I.s1, achievements: '同时推荐' } })));
			assert.deepEqual(both.map((r) => r.status).sort(), [201, 409], both.map((r) => r.text).join(' '));
			assert.equal(both.find((r) => r.status === 409).json.error.field, 'quota');
		});

		it('the command line: create, quota, act, nominate, return as the branch center (--as), show', async () => {
			const run = (args) => h.server.cli(['commendation', ...args]);
			const id = await cli(['commendation', 'create', '--year', String(YEAR), '--title', `命令行表彰${engine}`, '--rules-code', 'machinery-2020', '--nominate-until', dayOffset(10), '--review-until', dayOffset(20)]);
			assert.match(id, /^\d+$/);
			const bad = await run(['quota', id, '--category', 'advanced_worker', '--scope', 'city', '--quota', '1']);
			assert.equal(bad.code, 1);
			assert.match(bad.stderr, /scope/);
			await cli(['commendation', 'quota', id, '--category', 'advanced_collective', '--scope', 'all', '--quota', '5']);
			await cli(['commendation', 'act', id, 'nominate']);
			const nid = await cli(['commendation', 'nominate', id, '--by', String(I.s1), '--category', 'advanced_collective', '--achievements', '命令行推荐']);
			const ret = await run(['return', nid, '--reason', '请补充', '--as', `commend_s3_${engine}`]);
			assert.equal(ret.code, 1, 'another institution\'s admin may not return it');
			await cli(['commendation', 'return', nid, '--reason', '请补充', '--as', `commend_b1_${engine}`]);
			const show = await cli(['commendation', 'show', id]);
			assert.match(show, /^status: nominating$/m);
			assert.match(show, /^quota: advanced_collective all - 5$/m);
			assert.match(show, new RegExp(`^nomination: ${nid} advanced_collective returned .* reason=请补充$`, 'm'));
			assert.match(await cli(['commendation', 'list']), new RegExp(`^${id}\t${YEAR}\tnominating\t`, 'm'));
		});

		it('review starts once none awaits its branch; then nominations are closed', async () => {
			assert.equal((await act('review')).status, 200);
			refused(await nominate(U.s1, { category: 'advanced_worker', nominated_by: I.s1, person_id: P.veteran }), 409, 'status');
			refused(await U.s1(`/api/v1/commendation-nominations/${P.nomS1}/withdraw`, { method: 'POST' }), 409, 'status');
			const audit = await sql(h.server, `SELECT action FROM audit WHERE action LIKE 'commendation.%'`);
			for (const a of ['create', 'rules', 'quota', 'status', 'timetable', 'nominate', 'endorse', 'return', 'withdraw', 'attach'])
				assert.match(audit, new RegExp(`commendation\\.${a}`));
		});
	});
}
