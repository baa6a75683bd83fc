// Award certificates (获奖证书, issue 13), both engines: refused before the
// competition is final (422 naming the status); issued once final, one per
// awarded member (machinery-class2, four entrants: gold, silver, bronze,
// place 4 nothing), numbered by award_pattern; idempotent (a second run
// says how many were there); another institution's admin 403, anonymous
// 401; the credential an OB 3.0 AchievementCredential of achievementType
// Award, verified by jose and valid against the 1EdTech schema, nothing
// from the ID number; the public verify API and page, the holder's list
// and the printed PDF (pdftotext) state the award, never a level; revoked,
// the signed status list says so; an award certificate is never a current
// level (promotions, subsidy).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { before, it } from 'node:test';
import zlib from 'node:zlib';

import Ajv2019Module from 'ajv/dist/2019.js';
import { compactVerify, createLocalJWKSet, jwtVerify } from 'jose';

import { sql } from './certlib.mjs';
import { resultsCompetition, finalise } from './complib.mjs';
import { ROOT, bearer, describeWithServer, engines, http, login, makeDataDir, makeUser, uniqueName } from './lib.mjs';

const Ajv2019 = Ajv2019Module.default || Ajv2019Module;
const SCHEMA = path.join(ROOT, 'tests/e2e/standards/ob3-achievementcredential.schema.json');

function run(cmd, args) {
	return new Promise((resolve, reject) => {
		execFile(cmd, args, { maxBuffer: 64 << 20 }, (e, stdout, stderr) => (e ? reject(new Error(`${cmd}: ${stderr || e.message}`)) : resolve(stdout)));
	});
}

function bits2(list, i) {
	const bit = (p) => (list[p >> 3] >> (7 - (p & 7))) & 1;
	return (bit(2 * i) << 1) | bit(2 * i + 1);
}

/* No part of the ID number id in text. */
function assertNoId(text, id, what) {
	for (const part of [id, id.slice(0, 17), id.slice(6, 14), id.slice(-6)])
		assert.ok(!text.includes(part), `${what}: holds ${part} of the ID number`);
}

for (const engine of engines()) {
	describeWithServer(`competition awards [${engine}]`, { engine, tag: 'cawards', user: true, args: ['--verify-rate', '0'] }, (h) => {
		let C; // the competition at its results notice
		let awards; // the award certificates, by place
		let tmp;

		const issue = (headers = {}, json) => h.api(`/api/v1/competitions/${C.comp}/awards`, { method: 'POST', headers, ...(json ? { json } : {}) });
		const ok = (r, status = 200) => {
			assert.equal(r.status, status, r.text);
			return r.json;
		};
		const credential = async (id) => {
			const r = await h.api(`/api/v1/certificates/${id}/credential`);
			assert.equal(r.status, 200, r.text);
			return r.text.trim();
		};
		const keys = async () => createLocalJWKSet(JSON.parse((await http(h.server.base, '/.well-known/jwks.json')).text));

		before(async () => {
			tmp = makeDataDir('cawards');
			const s = await h.server.cli(['setting', 'set', 'public_url', h.server.base]);
			assert.equal(s.code, 0, s.stderr);
			C = await resultsCompetition(h, { entrants: 4 });
		});

		it('refused before the competition is final: 422 naming the status, on the API, the command line and the page', async () => {
			const r = await issue();
			assert.equal(r.status, 422, r.text);
			assert.equal(r.json.error.field, 'status');
			assert.equal(r.json.error.reason, 'notice');
			const cli = await h.server.cli(['competition', 'issue-awards', String(C.comp)]);
			assert.notEqual(cli.code, 0);
			assert.match(cli.stderr, /final/);
			const admin = await login(h.server.base, h.user.name, h.user.password);
			await admin.get(`/competitions/${C.comp}/results`);
			const page = await admin.post(`/competitions/${C.comp}/awards`, {});
			assert.equal(page.status, 422, page.text.slice(0, 500));
			assert.match(page.text, /竞赛须为最终结果（状态 final）才能颁发获奖证书/);
			assert.equal((await sql(h.server, 'SELECT count(*) FROM certificate_award')).trim(), '0');
			await finalise(h, C.comp);
		});

		it('who: anonymous 401, another institution\'s admin 403 (issue and list)', async () => {
			assert.equal((await http(h.server.base, `/api/v1/competitions/${C.comp}/awards`, { method: 'POST', json: {} })).status, 401);
			assert.equal((await http(h.server.base, `/api/v1/competitions/${C.comp}/awards`)).status, 401);
			const elsewhere = await h.server.cli(['institution', 'add', '--name', uniqueName('别的中心'), '--type', 'center', '--province', '31']);
			assert.equal(elsewhere.code, 0, elsewhere.stderr);
			const other = await makeUser(h.server, 'cawother', { role: 'institution_admin', institution: Number(elsewhere.stdout.trim()) });
			for (const method of ['POST', 'GET']) {
				const r = await http(h.server.base, `/api/v1/competitions/${C.comp}/awards`, { method, headers: bearer(other.token), ...(method === 'POST' ? { json: {} } : {}) });
				assert.equal(r.status, 403, `${method}: ${r.text}`);
			}
			assert.equal((await sql(h.server, 'SELECT count(*) FROM certificate_award')).trim(), '0');
		});

		it('issued once final: one per awarded member, numbered by award_pattern; a second run issues nothing and says how many were there', async () => {
			const withLevel = await h.server.cli(['setting', 'set', 'award_pattern', 'JSA{YYYY}{L}{N5}']);
			assert.notEqual(withLevel.code, 0, 'an award has no level: no {L}');
			const clash = await h.server.cli(['setting', 'set', 'award_pattern', 'JX{YYYY}{N7}']);
			assert.notEqual(clash.code, 0, 'the industry line\'s fixed lead (JX{YYYY}{L}{N6}): the same numbers');
			assert.match(clash.stderr, /前缀/);
			const pat = await h.server.cli(['setting', 'set', 'award_pattern', 'JSA{YYYY}{N5}']);
			assert.equal(pat.code, 0, pat.stderr);
			const first = ok(await issue());
			assert.deepEqual([first.issued, first.already], [3, 0]);
			const year = new Date().getUTCFullYear();
			assert.match(first.first, new RegExp(`^JSA${year}\\d{5}$`));
			const list = ok(await h.api(`/api/v1/competitions/${C.comp}/awards`)).awards;
			awards = list;
			assert.deepEqual(list.map((a) => [a.award, a.place, a.entrants, a.person_id]),
				[['gold', 1, 4, C.people[0].id], ['silver', 2, 4, C.people[1].id], ['bronze', 3, 4, C.people[2].id]]);
			assert.ok(list.every((a) => a.titles === 'industry_technical_expert' && a.status === 'valid' && a.squad === false));
			assert.deepEqual(list.map((a) => a.name), C.people.slice(0, 3).map((p) => p.name));
			const again = ok(await issue());
			assert.deepEqual([again.issued, again.already], [0, 3]);
			const cli = await h.server.cli(['competition', 'issue-awards', String(C.comp)]);
			assert.equal(cli.code, 0, cli.stderr);
			assert.match(cli.stdout, /issued: 0\nalready: 3/);
			// the command line's list: what an award certificate states, not "level 0"
			const certs = (await h.server.cli(['cert', 'list'])).stdout.split('\n');
			const gold = certs.find((l) => l.startsWith(`${list[0].number}\t`));
			assert.ok(gold && gold.split('\t')[3].startsWith('获奖证书 · 金牌 · '), gold);
			assert.equal((await sql(h.server, 'SELECT count(*) FROM certificate WHERE line = \'award\' AND level = 0')).trim(), '3');
			const audit = (await sql(h.server, 'SELECT count(*) FROM audit WHERE action = \'competition.awards_issue\'')).trim();
			assert.equal(audit, '1', 'audited once: the second run issued nothing');
		});

		it('the credential: an OB 3.0 AchievementCredential of an Award, verified by jose, valid against the schema, nothing from the ID number', async () => {
			const gold = awards[0];
			const jws = await credential(gold.certificate_id);
			const k = await keys();
			const { payload } = await compactVerify(jws, k);
			const text = Buffer.from(payload).toString('utf8');
			const cred = JSON.parse(text);
			await jwtVerify(jws, k, { typ: 'vc+jwt', algorithms: ['EdDSA'] });
			const ajv = new Ajv2019({ validateFormats: false, allErrors: true, strict: false });
			const validate = ajv.compile(JSON.parse(fs.readFileSync(SCHEMA, 'utf8')));
			assert.ok(validate(cred), JSON.stringify(validate.errors, null, 1));
			assert.equal(cred.name, '获奖证书');
			assert.equal(cred.issuer.name, C.station.name);
			assert.equal(cred.issuer.id, `${h.server.base}/institutions/${C.station.id}`);
			const a = cred.credentialSubject.achievement;
			assert.equal(a.achievementType, 'Award');
			assert.equal(a.id, `${h.server.base}/competitions/${C.comp}/events/${C.event}/awards/gold`);
			assert.equal(a.name, '全国机械行业职业技能竞赛（获奖） 车工（职工组） 金牌');
			assert.match(a.criteria.narrative, /全国机械行业职业技能竞赛（国家级二类）/);
			assert.match(a.criteria.narrative, /award bands/);
			const res = cred.credentialSubject.result;
			assert.equal(res.length, 1);
			assert.equal(res[0].value, '1');
			assert.equal(res[0].resultDescription, a.resultDescription[0].id);
			assert.doesNotMatch(text, /occupations\/[^"]*\/levels\//, 'no level\'s achievement');
			assertNoId(text, C.people[0].id_number, 'the credential');
			assertNoId(jws, C.people[0].id_number, 'the JWS');
			// the QR token keeps its format, level 0
			const cert = ok(await h.api(`/api/v1/certificates/${gold.certificate_id}`));
			const fields = Buffer.from(cert.qr_token.split('.')[1], 'base64url').toString('utf8').split('|');
			assert.equal(fields[0], gold.number);
			assert.equal(fields[3], '0');
			assert.equal(cert.line, 'award');
			assert.equal(cert.award, 'gold');
			assert.match(cert.level_name, /获奖证书 · 金牌 · 全国机械行业职业技能竞赛（获奖）/);
		});

		it('the public verify API and page answer for it: valid, the award shown, no level, no ID number', async () => {
			const gold = awards[0];
			const q = new URLSearchParams({ number: gold.number, name: C.people[0].name });
			const v = await http(h.server.base, `/api/v1/verify?${q}`);
			assert.equal(v.status, 200, v.text);
			const c = v.json.certificates[0];
			assert.equal(c.number, gold.number);
			assert.equal(c.status, 'valid');
			assert.equal(c.line, 'award');
			assert.equal(c.award, 'gold');
			assert.equal(c.competition_name, '全国机械行业职业技能竞赛（获奖）');
			assert.match(c.level_name, /^获奖证书 · 金牌 · /);
			assertNoId(v.text, C.people[0].id_number, 'the verify API');
			for (const lang of ['zh', 'en']) {
				const page = await http(h.server.base, `/verify?${q}&lang=${lang}`);
				assert.equal(page.status, 200);
				assert.ok(page.text.includes(lang === 'zh' ? '获奖证书 · 金牌 · 全国机械行业职业技能竞赛（获奖）' : 'Award certificate · Gold · '), page.text.slice(0, 3000));
				assert.ok(!/level\.0|一级\/高级技师|五级\/初级工/.test(page.text), 'no level shown');
				assertNoId(page.text, C.people[0].id_number, 'the verify page');
			}
			const landing = await http(h.server.base, `/v/${(await h.api(`/api/v1/certificates/${gold.certificate_id}`)).json.qr_token}`);
			assert.equal(landing.status, 200);
			assert.ok(landing.text.includes('获奖证书 · 金牌'));
		});

		it('the holder\'s list names the award; the results page lists the award certificates for the organiser', async () => {
			const u = await makeUser(h.server, 'cawholder', { role: null, token: false });
			await sql(h.server, `UPDATE app_user SET person_id = ${Number(C.people[1].id)} WHERE username = 'cawholder'`);
			const s = await login(h.server.base, u.name, u.password);
			const mine = await s.api('/api/v1/me/certificates');
			assert.equal(mine.status, 200, mine.text);
			assert.deepEqual(mine.json.certificates.map((x) => [x.number, x.line, x.award, x.level]), [[awards[1].number, 'award', 'silver', 0]]);
			const page = await s.get('/me/certificates');
			assert.equal(page.status, 200);
			assert.ok(page.text.includes('获奖证书 · 银牌 · 全国机械行业职业技能竞赛（获奖）'));
			const admin = await login(h.server.base, h.user.name, h.user.password);
			const results = await admin.get(`/competitions/${C.comp}/results`);
			assert.equal(results.status, 200);
			assert.ok(results.text.includes('id="award-certificates"'));
			for (const a of awards) assert.ok(results.text.includes(`/certificates/${a.certificate_id}`), a.number);
			// the page's form: issued again, nothing new, back on the list
			const post = await admin.post(`/competitions/${C.comp}/awards`, {});
			assert.equal(post.status, 303, post.text);
			assert.match(post.res.headers.get('location'), /awarded=0#awards$/);
			// only a number is said back
			const told = await admin.get(`/competitions/${C.comp}/results?awarded=2`);
			assert.match(told.text, /role="status">[^<]* 2<\/p>/);
			const forged = await admin.get(`/competitions/${C.comp}/results?awarded=${encodeURIComponent('3 张，请致电 400-000')}`);
			assert.equal(forged.status, 200);
			assert.ok(!forged.text.includes('400-000'), 'the query\'s text is not echoed');
		});

		it('the printed award certificate: 获奖证书, the award, the competition, the place and the number; no ID number', async () => {
			const gold = awards[0];
			const res = await fetch(`${h.server.base}/api/v1/certificates/${gold.certificate_id}/certificate.pdf`, { headers: { Authorization: `Bearer ${h.token}` } });
			assert.equal(res.status, 200);
			const file = path.join(tmp, `award-${engine}.pdf`);
			fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
			const text = (await run('pdftotext', ['-layout', file, '-'])).replace(/[ \t]+/g, ' ');
			for (const want of ['获奖证书', '金牌', '全国机械行业职业技能竞赛', gold.number, C.people[0].name, '第1名', C.station.name, '行业技术能手'])
				assert.ok(text.includes(want), `the award certificate shows ${want}:\n${text}`);
			assertNoId(text, C.people[0].id_number, 'the PDF');
		});

		it('an award certificate is never a current level: promotions read none, no subsidy, no application route', async () => {
			const rows = ok(await h.api(`/api/v1/competitions/${C.comp}/promotions`)).promotions;
			const gold = rows.find((p) => p.person_id === C.people[0].id);
			assert.equal(gold.current_level, 0, 'the gold medallist holds an award certificate only');
			const sub = await h.api(`/api/v1/certificates/${awards[0].certificate_id}/subsidy`);
			assert.equal(sub.status, 422, sub.text);
		});

		it('superseded (a change of name): the successor is an award certificate of the same award, numbered by award_pattern, and the member still has one', async () => {
			const silver = awards[1];
			const r = ok(await h.api(`/api/v1/certificates/${silver.certificate_id}/supersede`, { method: 'POST', json: { reason: '姓名更正', name: '王更名' } }), 201);
			const next = ok(await h.api(`/api/v1/certificates/${r.id}`));
			assert.equal(next.line, 'award');
			assert.equal(next.award, 'silver');
			assert.equal(next.holder_name, '王更名');
			assert.match(next.number, /^JSA\d{9}$/);
			const cred = JSON.parse(Buffer.from((await credential(r.id)).split('.')[1], 'base64url').toString('utf8'));
			assert.equal(cred.credentialSubject.achievement.id, `${h.server.base}/competitions/${C.comp}/events/${C.event}/awards/silver`);
			const list = ok(await h.api(`/api/v1/competitions/${C.comp}/awards`)).awards;
			assert.deepEqual(list.filter((a) => a.entry_id === silver.entry_id).map((a) => [a.status, a.supersedes]),
				[['superseded', 0], ['valid', silver.certificate_id]]);
			assert.deepEqual([ok(await issue()).issued], [0], 'nothing issued again');
		});

		it('a competition the center organises: refused without the issuing institution, issued by the one named', async () => {
			const K = await resultsCompetition(h, { name: '中心主办职业技能竞赛', entrants: 2, final: true, station: C.station, center: true });
			const none = await h.api(`/api/v1/competitions/${K.comp}/awards`, { method: 'POST', json: {} });
			assert.equal(none.status, 422, none.text);
			assert.equal(none.json.error.field, 'institution_id');
			const bad = await h.api(`/api/v1/competitions/${K.comp}/awards`, { method: 'POST', json: { institution_id: 'x' } });
			assert.equal(bad.status, 422, bad.text);
			assert.equal(bad.json.error.field, 'institution_id');
			// the one named is registered and in force (as the message says)
			const unreg = await h.server.cli(['institution', 'add', '--name', uniqueName('暂停机构'), '--type', 'center', '--province', '31']);
			assert.equal(unreg.code, 0, unreg.stderr);
			await sql(h.server, `UPDATE institution SET status = 'suspended' WHERE id = ${Number(unreg.stdout.trim())}`);
			const notInForce = await h.api(`/api/v1/competitions/${K.comp}/awards`, { method: 'POST', json: { institution_id: Number(unreg.stdout.trim()) } });
			assert.equal(notInForce.status, 422, notInForce.text);
			assert.equal(notInForce.json.error.field, 'institution_id');
			assert.equal((await sql(h.server, `SELECT count(*) FROM certificate_award WHERE competition_id = ${Number(K.comp)}`)).trim(), '0');
			const other = await h.api(`/api/v1/competitions/${C.comp}/awards`, { method: 'POST', json: { institution_id: C.station.center } });
			assert.equal(other.status, 422, 'an organised competition names no other issuer');
			assert.equal(other.json.error.field, 'institution_id');
			const r = ok(await h.api(`/api/v1/competitions/${K.comp}/awards`, { method: 'POST', json: { institution_id: C.station.id } }));
			assert.deepEqual([r.issued, r.already], [2, 0]);
			const list = ok(await h.api(`/api/v1/competitions/${K.comp}/awards`)).awards;
			const cert = ok(await h.api(`/api/v1/certificates/${list[0].certificate_id}`));
			assert.equal(cert.institution_id, C.station.id);
			assert.equal(cert.institution_name, C.station.name);
		});

		it('revoked (with its category): the verify API and the signed status list say revoked', async () => {
			const bronze = awards[2];
			ok(await h.api(`/api/v1/certificates/${bronze.certificate_id}/status`, { method: 'POST', json: { action: 'revoke', category: 'error', reason: '成绩复核有误' } }));
			const v = await http(h.server.base, `/api/v1/verify?${new URLSearchParams({ number: bronze.number, name: C.people[2].name })}`);
			assert.equal(v.json.certificates[0].status, 'revoked');
			const cred = JSON.parse(Buffer.from((await credential(bronze.certificate_id)).split('.')[1], 'base64url').toString('utf8'));
			const st = cred.credentialStatus;
			const lst = await http(h.server.base, new URL(st.statusListCredential).pathname);
			assert.equal(lst.status, 200);
			const { payload } = await jwtVerify(lst.text.trim(), await keys(), { typ: 'vc+jwt', algorithms: ['EdDSA'] });
			const list = zlib.gunzipSync(Buffer.from(payload.credentialSubject.encodedList.slice(1), 'base64url'));
			assert.equal(bits2(list, Number(st.statusListIndex)), 2, 'revoked (0x2)');
			const list2 = ok(await h.api(`/api/v1/competitions/${C.comp}/awards`)).awards;
			assert.equal(list2.find((a) => a.certificate_id === bronze.certificate_id).status, 'revoked');
			// a revoked award is not issued again
			assert.deepEqual([ok(await issue()).issued], [0]);
		});
	});
}
