// A campaign's own categories (issue 14: "the four above by default;
// configurable, e.g. 技术能手, 创新工作室"), both engines, through the API
// from the uploaded rules to the honour certificates: the campaign keeps
// its categories (code, names, kind, order) with its rules; a quota or a
// nomination names only a category of its rules; the campaign page, the
// nominations, the review, the notice, the decision PDF, the honour
// certificates (PDF, credential, verification), the roll and its filter
// all name the category as the rules do, in Chinese and, where the rules
// give one, in English. The center also sets a category of its own on the
// draft's page, through the API and the CLI (a new rules version each
// time), refused naming the field. The notice's window is moved into the past with
// SQL (certlib's sql()) so that the decision may follow at once.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { before, it } from 'node:test';

import { jwtVerify, createLocalJWKSet } from 'jose';

import { idNumber, nextName, sql } from './certlib.mjs';
import { Session, bearer, createInstitution, describeWithServer, engines, http, makeDataDir, uniqueName } from './lib.mjs';

const today = new Date().toISOString().slice(0, 10);
const day = (d) => new Date(Date.now() + d * 86400e3).toISOString().slice(0, 10);
const YEAR = Number(today.slice(0, 4)) - 1;

const prov = { confidence: 'low', source: 'the campaign notice' };
const RULES = {
	format: 1,
	kind: 'commendation_rules',
	code: 'skills-2025',
	name: '年度技术能手和创新工作室评选',
	version: '1',
	citation: '关于开展年度技术能手和创新工作室评选的通知',
	...prov,
	categories: [
		{ code: 'skill_expert', name: '技术能手', name_en: 'Technical expert', kind: 'person', ...prov, quota: { value: { all: 2 }, ...prov }, eligibility: [] },
		{ code: 'innovation_studio', name: '创新工作室', kind: 'collective', ...prov, quota: { value: { all: 1 }, ...prov }, eligibility: [{ rule: 'no_sanction', ...prov }] },
	],
};

function run(cmd, args) {
	return new Promise((resolve, reject) => {
		execFile(cmd, args, { maxBuffer: 64 << 20 }, (e, stdout, stderr) => (e ? reject(new Error(`${cmd}: ${stderr || e.message}`)) : resolve(stdout)));
	});
}

for (const engine of engines()) {
	describeWithServer(`commendation categories [${engine}]`, { engine, tag: 'ccat', user: true, args: ['--verify-rate', '0'] }, (h) => {
		const X = {};
		let seq = 0;
		const ok = (r, status = 200) => {
			assert.equal(r.status, status, r.text);
			return r.json;
		};
		const refused = (r, status, field) => {
			assert.equal(r.status, status, r.text);
			assert.equal(r.json.error.field ?? null, field, r.text);
		};
		const C = (p) => `/api/v1/commendations/${X.c}${p}`;
		const post = (p, json) => h.api(p, { method: 'POST', json });

		before(async () => {
			X.tmp = makeDataDir('ccat');
			assert.equal((await h.server.cli(['setting', 'set', 'public_url', h.server.base])).code, 0);
			X.center = Number((await sql(h.server, "SELECT min(id) FROM institution WHERE type = 'center'")).trim()) || 0;
			const inst = async (n) => {
				const id = (await createInstitution(h.server.base, { name: uniqueName(n), type: 'center', province: '11' }, h.token)).id;
				await sql(h.server, `UPDATE institution SET status = 'registered', registered_on = '2015-01-01', credit_code = 'CCAT${id}${engine}' WHERE id = ${id}`);
				return id;
			};
			X.A = await inst('创新甲厂');
			X.R = await inst('评审中心');
			const person = async (at) => {
				const name = nextName();
				const id = ok(await h.api('/api/v1/people', { method: 'POST', json: { name, id_number: idNumber('19800101', 300 + ++seq), institution_id: at } }), 201).id;
				// on the institution's staff (as the registry links them)
				await sql(h.server, `UPDATE person SET employer_credit_code = 'CCAT${at}${engine}', work_start = '2010-01-01' WHERE id = ${id}`);
				return { id, name };
			};
			X.P = await person(X.A);
			X.rev = await person(X.R);
		});

		it('the rules name the categories: kept with the campaign, in order; a quota or nomination of another is refused', async () => {
			const c = ok(await post('/api/v1/commendations', { year: YEAR, title: `${YEAR}年度技术能手和创新工作室评选`, nominate_until: day(30), review_until: day(60), rules: RULES }), 201);
			X.c = c.id;
			const rows = (await sql(h.server, `SELECT code, name, name_en, kind, position FROM commendation_category WHERE campaign_id = ${X.c} ORDER BY position`)).trim().split('\n');
			assert.equal(rows.length, 2, rows.join('\n'));
			assert.match(rows[0], /^skill_expert\|技术能手\|Technical expert\|person\|0$/);
			assert.match(rows[1], /^innovation_studio\|创新工作室\|\|collective\|1$/);
			// new rules while a draft: the categories follow them
			const one = { ...RULES, categories: [RULES.categories[0]] };
			ok(await post(C('/rules'), { rules: one }));
			assert.equal((await sql(h.server, `SELECT count(*) FROM commendation_category WHERE campaign_id = ${X.c}`)).trim(), '1');
			ok(await post(C('/rules'), { rules: RULES }));
			assert.equal((await sql(h.server, `SELECT count(*) FROM commendation_category WHERE campaign_id = ${X.c}`)).trim(), '2');
			// a bad code is refused naming its path, and nothing is kept
			const bad = await post(C('/rules'), { rules: { ...RULES, categories: [{ ...RULES.categories[0], code: '技术能手' }] } });
			refused(bad, 422, 'rules');
			assert.match(bad.json.error.reason, /categories\[0\]\.code/);
			assert.equal((await sql(h.server, `SELECT count(*) FROM commendation_category WHERE campaign_id = ${X.c}`)).trim(), '2');

			refused(await post(C('/quotas'), { category: 'advanced_collective', scope: 'all', quota: 1 }), 422, 'category');
			ok(await post(C('/quotas'), { category: 'skill_expert', scope: 'all', quota: 1 }));
			ok(await post(C('/act'), { action: 'nominate' }));

			const center = new Session(h.server.base);
			await center.login(h.user.name, h.user.password);
			const page = await center.get(`/commendations/${X.c}`);
			assert.equal(page.status, 200);
			const table = page.text.slice(page.text.indexOf('id="categories"'));
			assert.ok(table.indexOf('技术能手') > 0 && table.indexOf('技术能手') < table.indexOf('创新工作室'), 'in the rules\' order');
			assert.match(page.text, /<option value="innovation_studio">创新工作室<\/option>/);
			const en = await center.get(`/commendations/${X.c}?lang=en`);
			assert.match(en.text, /<option value="skill_expert">Technical expert<\/option>/);
			assert.match(en.text, /<option value="innovation_studio">创新工作室<\/option>/, 'no English name: the Chinese one');
			X.center = center;
		});

		it('nominations, the review and the notice name the categories as the rules do', async () => {
			refused(await post(C('/nominations'), { category: 'advanced_worker', nominated_by: X.A, person_id: X.P.id, achievements: '技术革新' }), 422, 'category');
			const p = ok(await post(C('/nominations'), { category: 'skill_expert', nominated_by: X.A, person_id: X.P.id, achievements: '技术革新成果显著' }), 201);
			const s = ok(await post(C('/nominations'), { category: 'innovation_studio', nominated_by: X.A, institution_id: X.A, achievements: '创新工作室成果' }), 201);
			X.np = p.id;
			X.ns = s.id;
			const got = ok(await h.api(`/api/v1/commendation-nominations/${X.np}`));
			const n = got.nomination ?? got;
			assert.equal(n.category, 'skill_expert');
			assert.equal(n.category_name, '技术能手');
			assert.equal(n.category_name_en, 'Technical expert');
			const nomPage = await X.center.get(`/commendation-nominations/${X.ns}`);
			assert.match(nomPage.text, /创新工作室/);

			ok(await post(C('/act'), { action: 'review' }));
			const rev = ok(await post(C('/reviewers'), { person_id: X.rev.id }), 201).id;
			ok(await post(C('/rounds'), { method: 'score' }), 201);
			ok(await post(C('/votes'), { nomination_id: X.np, value: 90, reviewer_id: rev }));
			ok(await post(C('/votes'), { nomination_id: X.ns, value: 85, reviewer_id: rev }));
			ok(await post(C('/rounds/close'), {}));
			ok(await post(C('/tally'), {}));
			const r = ok(await h.api(C('/review')));
			const studio = r.nominations.find((x) => x.id === X.ns);
			assert.equal(studio.category_name, '创新工作室');
			assert.equal(studio.category_name_en, '创新工作室');
			assert.equal(studio.status, 'proposed');
			// the review's order is the rules': 技术能手 first
			assert.deepEqual(r.nominations.map((x) => x.category), ['skill_expert', 'innovation_studio']);
			const reviewPage = await X.center.get(`/commendations/${X.c}/review`);
			assert.match(reviewPage.text, /技术能手/);

			ok(await post(C('/notice'), {}));
			const notice = ok(await http(h.server.base, C('/notice')));
			assert.deepEqual(notice.items.map((x) => x.category_name).sort(), ['创新工作室', '技术能手']);
			const noticePage = await http(h.server.base, `/commendations/${X.c}/notice?lang=en`);
			assert.match(noticePage.text, /Technical expert/);
		});

		it('the decision PDF, the honour certificates and the roll name them too', async () => {
			await sql(h.server, `UPDATE commendation_campaign SET notice_start = '${day(-8)}', notice_end = '${day(-3)}' WHERE id = ${X.c}`);
			ok(await post(C('/decision'), { decision_no: '技能评选〔2026〕1号', decision_date: day(-2), signatory: '机械工业职业技能鉴定指导中心' }));

			const pdfText = async (url, name, headers) => {
				const r = await fetch(`${h.server.base}${url}`, { headers });
				assert.equal(r.status, 200, url);
				const file = path.join(X.tmp, `${name}-${engine}.pdf`);
				fs.writeFileSync(file, Buffer.from(await r.arrayBuffer()));
				return (await run('pdftotext', [file, '-'])).replace(/\s+/g, '');
			};
			const decision = await pdfText(`/commendations/${X.c}/decision.pdf`, 'decision');
			assert.ok(decision.indexOf('技术能手') >= 0 && decision.indexOf('技术能手') < decision.indexOf('创新工作室'), decision);

			const roll = ok(await http(h.server.base, `/api/v1/commendations/honours?year=${YEAR}&category=skill_expert`));
			assert.equal(roll.honours.length, 1);
			assert.equal(roll.honours[0].category_name, '技术能手');
			assert.equal(roll.honours[0].category_name_en, 'Technical expert');
			X.cert = roll.honours[0].certificate_id;
			X.number = roll.honours[0].number;

			const certPdf = await pdfText(`/api/v1/certificates/${X.cert}/certificate.pdf`, 'honour', bearer(h.token));
			// the title up to where it names its categories, then the category
			assert.ok(certPdf.includes(`被评为${YEAR}年度技术能手。`), certPdf);

			const jwt = (await h.api(`/api/v1/certificates/${X.cert}/credential`)).text.trim();
			const keys = createLocalJWKSet(JSON.parse((await http(h.server.base, '/.well-known/jwks.json')).text));
			const { payload } = await jwtVerify(jwt, keys);
			const achievement = (payload.vc ?? payload).credentialSubject.achievement;
			assert.equal(achievement.name, `${YEAR}年度技术能手`);
			assert.match(achievement.id, /\/categories\/skill_expert$/);

			const q = new URLSearchParams({ number: X.number, name: X.P.name });
			const v = ok(await http(h.server.base, `/api/v1/verify?${q}`)).certificates[0];
			assert.equal(v.category, 'skill_expert');
			assert.equal(v.category_name, '技术能手');
			assert.equal(v.category_name_en, 'Technical expert');
			assert.match(v.level_name, /^荣誉证书 · 技术能手 · /);
			const vp = await http(h.server.base, `/verify?${q}&lang=en`);
			assert.match(vp.text, /Honour certificate · Technical expert · /);

			const rollPage = await http(h.server.base, `/commendations/honours?year=${YEAR}`);
			assert.match(rollPage.text, /<option value="innovation_studio">创新工作室<\/option>/);
			assert.match(rollPage.text, /<option value="skill_expert">技术能手<\/option>/);
			const studio = await http(h.server.base, `/commendations/honours?year=${YEAR}&category=innovation_studio`);
			assert.match(studio.text, /id="honour-roll"/);
			assert.match(studio.text, /<td data-label="[^"]*">创新工作室<\/td>/);
			assert.ok(!studio.text.includes(X.P.name), 'the filter leaves out the other category');
		});

		it('the center sets and removes a category of its own while a draft: page, API, CLI; refusals name the field', async () => {
			const id = ok(await post('/api/v1/commendations', { year: YEAR, title: `${YEAR}年度表彰（自定类别）`, nominate_until: day(30), review_until: day(60), rules_code: 'machinery-2020' }), 201).id;
			const K = (p) => `/api/v1/commendations/${id}/categories${p}`;
			const studio = { code: 'innovation_studio', name: '创新工作室', kind: 'collective', quota: { all: 3, province: 1 }, eligibility: [{ rule: 'no_sanction' }] };
			assert.equal(ok(await post(K(''), studio)).version, 2);
			let d = ok(await h.api(`/api/v1/commendations/${id}`));
			assert.equal(d.rules_code, 'edited');
			const cat = d.rules.categories.find((c) => c.code === 'innovation_studio');
			assert.deepEqual(cat.quota.value, { all: 3, province: 1 });
			assert.equal(cat.confidence, 'high');
			assert.match(cat.source, /^entered by /);
			assert.deepEqual(cat.eligibility.map((r) => r.rule), ['no_sanction']);
			assert.equal((await sql(h.server, `SELECT name FROM commendation_category WHERE campaign_id = ${id} AND code = 'innovation_studio'`)).trim(), '创新工作室');
			// replaced in its place: the same code
			ok(await post(K(''), { ...studio, name: '劳模创新工作室', name_en: 'Model worker studio' }));
			d = ok(await h.api(`/api/v1/commendations/${id}`));
			assert.equal(d.rules.categories.length, 5);
			assert.equal(d.rules.categories[4].name, '劳模创新工作室');
			// refusals naming the field, nothing written
			refused(await post(K(''), { ...studio, code: 'Studio' }), 422, 'code');
			refused(await post(K(''), { ...studio, name: '' }), 422, 'name');
			refused(await post(K(''), { ...studio, name: '技\n能' }), 422, 'name');
			refused(await post(K(''), { ...studio, name_en: 'x'.repeat(61) }), 422, 'name_en');
			refused(await post(K(''), { ...studio, kind: 'team' }), 422, 'kind');
			refused(await post(K(''), { ...studio, quota: { all: -5 } }), 422, 'quota');
			refused(await post(K(''), { ...studio, eligibility: [{ rule: 'staff_years', value: 3 }] }), 422, 'staff_years');
			refused(await post(K(''), { ...studio, code: 'expert', kind: 'person', eligibility: [{ rule: 'staff_years', value: 0 }] }), 422, 'staff_years');
			refused(await post(K(''), { ...studio, eligibility: [{ rule: 'friends' }] }), 422, 'eligibility');
			assert.equal(ok(await h.api(`/api/v1/commendations/${id}`)).rules_version, 3);
			// a quota of a category taken out goes with it
			ok(await post(`/api/v1/commendations/${id}/quotas`, { category: 'special_achievement', scope: 'all', scope_key: '', quota: 2 }));
			ok(await post(K('/remove'), { code: 'special_achievement' }));
			assert.equal((await sql(h.server, `SELECT count(*) FROM commendation_quota WHERE campaign_id = ${id} AND category = 'special_achievement'`)).trim(), '0');
			refused(await post(K('/remove'), { code: 'special_achievement' }), 404, 'code');

			// the page: the form adds 技术能手 (a person, 5 years on the staff)
			const page = await X.center.get(`/commendations/${id}`);
			assert.match(page.text, /id="category-form"/);
			assert.match(page.text, /id="category-remove"/);
			const set = await X.center.post(`/commendations/${id}/categories`, { action: 'set', code: 'skill_expert', name: '技术能手', name_en: 'Technical expert', kind: 'person', quota_all: '8', quota_branch: '', quota_province: '2', rule_staff_years: '1', staff_years: '5', rule_no_sanction: '1' });
			assert.equal(set.status, 303, set.text.slice(0, 300));
			d = ok(await h.api(`/api/v1/commendations/${id}`));
			const expert = d.rules.categories.find((c) => c.code === 'skill_expert');
			assert.deepEqual(expert.quota.value, { all: 8, province: 2 });
			assert.deepEqual(expert.eligibility.map((r) => [r.rule, r.value ?? null]), [['staff_years', 5], ['no_sanction', null]]);
			const bad = await X.center.post(`/commendations/${id}/categories`, { action: 'set', code: 'x', name: '甲', kind: 'collective', rule_staff_years: '1', staff_years: '3' });
			assert.equal(bad.status, 422);
			assert.match(bad.text, /任职年限只用于个人类别/);
			// the command line
			const cli = await h.server.cli(['commendation', 'category', String(id), '--code', 'craftsman', '--name', '大国工匠', '--kind', 'person', '--quota-all', '1', '--eligibility', 'no_sanction,no_overdue_findings']);
			assert.equal(cli.code, 0, cli.stderr);
			assert.match(cli.stdout, /^version \d+/);
			d = ok(await h.api(`/api/v1/commendations/${id}`));
			assert.deepEqual(d.rules.categories.find((c) => c.code === 'craftsman').eligibility.map((r) => r.rule), ['no_overdue_findings', 'no_sanction']);
			const rm = await h.server.cli(['commendation', 'category-remove', String(id), '--code', 'craftsman']);
			assert.equal(rm.code, 0, rm.stderr);
			assert.equal((await sql(h.server, `SELECT count(*) FROM commendation_category WHERE campaign_id = ${id} AND code = 'craftsman'`)).trim(), '0');
			// not a draft any more: refused; nobody but the center
			ok(await post(`/api/v1/commendations/${id}/act`, { action: 'nominate' }));
			refused(await post(K(''), { ...studio, code: 'late' }), 409, 'status');
			assert.equal((await http(h.server.base, K(''), { method: 'POST', json: studio })).status, 401);
		});

		it('a campaign without its categories kept (made before migration 0031) is named from its rules by `skillcert migrate`', async () => {
			await sql(h.server, `DELETE FROM commendation_category WHERE campaign_id = ${X.c}`);
			// until then: the catalog's names for the four, the code otherwise
			const before = ok(await http(h.server.base, `/api/v1/commendations/honours?year=${YEAR}&category=skill_expert`));
			assert.equal(before.honours[0].category_name, 'skill_expert');
			const m = await h.server.cli(['migrate']);
			assert.equal(m.code, 0, m.stderr);
			assert.match(m.stdout, /commendations: the categories of 1 campaigns named/);
			const after = ok(await http(h.server.base, `/api/v1/commendations/honours?year=${YEAR}&category=skill_expert`));
			assert.equal(after.honours[0].category_name, '技术能手');
			assert.equal(after.honours[0].category_name_en, 'Technical expert');
			const again = await h.server.cli(['migrate']);
			assert.doesNotMatch(again.stdout, /categories of/);
		});
	});
}
