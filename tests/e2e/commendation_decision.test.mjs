// The decision of a commendation campaign (表彰决定, issue 14), both
// engines. The campaign in `notice` and its nominations (`proposed`, one
// `dropped`) are seeded by SQL: the campaigns/nominations and review
// helpers' code makes them, and only the rows migration 0030 says are
// written. Refused while the notice runs and while an objection is open;
// decided: the proposed nominations commended, an honour certificate each
// (a collective's held by the institution, a person's by the person),
// numbered by honour_pattern, issued by the center, signed OB 3.0
// credentials (jose, the 1EdTech schema); the decision PDF and an honour's
// PDF read back with pdftotext; the verify API/page and the QR page state
// the honour, never a level; revoked, the status list says so and the
// roll leaves it out; an honour is never a level (subsidy); 401/403.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { before, it } from 'node:test';
import zlib from 'node:zlib';

import Ajv2019Module from 'ajv/dist/2019.js';
import { compactVerify, createLocalJWKSet, jwtVerify } from 'jose';

import { nextIdNumber, nextName, sql } from './certlib.mjs';
import { ROOT, bearer, describeWithServer, engines, http, login, makeDataDir, makeUser, uniqueName } from './lib.mjs';

const Ajv2019 = Ajv2019Module.default || Ajv2019Module;
const SCHEMA = path.join(ROOT, 'tests/e2e/standards/ob3-achievementcredential.schema.json');
const TITLE = '2020年度机械工业人才评价工作先进集体、个人表彰';
const DECISION = '机械人才评价〔2021〕3号';

function run(cmd, args) {
	return new Promise((resolve, reject) => {
		execFile(cmd, args, { maxBuffer: 64 << 20 }, (e, stdout, stderr) => (e ? reject(new Error(`${cmd}: ${stderr || e.message}`)) : resolve(stdout)));
	});
}

function bits2(list, i) {
	const bit = (p) => (list[p >> 3] >> (7 - (p & 7))) & 1;
	return (bit(2 * i) << 1) | bit(2 * i + 1);
}

const day = (d) => new Date(Date.now() + d * 86400e3).toISOString().slice(0, 10);

for (const engine of engines()) {
	describeWithServer(`commendation decision [${engine}]`, { engine, tag: 'cdecide', user: true, args: ['--verify-rate', '0'] }, (h) => {
		let center, station, stationName, person, personName, personId, campaign, tmp;
		let noms; // {collective, person, dropped}
		let honours; // the certificates, after the decision

		const decide = (json, headers) => http(h.server.base, `/api/v1/commendations/${campaign}/decision`, { method: 'POST', headers: headers ?? bearer(h.token), json });
		// the decision's date is the honours' issued_on: after the notice's
		// last day (day(-3) once it is over), not in the future
		const body = { decision_no: DECISION, decision_date: day(-2), signatory: '机械工业职业技能鉴定指导中心' };
		const zhDate = (d) => { const [y, m, dd] = d.split('-').map(Number); return `${y}年${m}月${dd}日`; };
		const q1 = async (s) => (await sql(h.server, s)).trim();
		const keys = async () => createLocalJWKSet(JSON.parse((await http(h.server.base, '/.well-known/jwks.json')).text));
		const credential = async (id) => (await h.api(`/api/v1/certificates/${id}/credential`)).text.trim();

		before(async () => {
			tmp = makeDataDir('cdecide');
			assert.equal((await h.server.cli(['setting', 'set', 'public_url', h.server.base])).code, 0);
			const c = await h.server.cli(['institution', 'add', '--name', uniqueName('表彰中心'), '--type', 'center', '--province', '11']);
			assert.equal(c.code, 0, c.stderr);
			center = Number(await q1("SELECT min(id) FROM institution WHERE type = 'center'"));
			stationName = uniqueName('表彰考试站');
			const s = await h.server.cli(['institution', 'add', '--name', stationName, '--type', 'exam_station', '--province', '44', '--parent', c.stdout.trim()]);
			assert.equal(s.code, 0, s.stderr);
			station = Number(s.stdout.trim());
			personName = nextName();
			personId = nextIdNumber();
			const p = await h.api('/api/v1/people', { method: 'POST', json: { name: personName, id_number: personId, employer: stationName } });
			assert.equal(p.status, 201, p.text);
			person = p.json.id;
			// seeded: the campaign at its notice (running) and its nominations
			const now = new Date().toISOString();
			await sql(h.server, `INSERT INTO commendation_campaign (year, title, status, notice_days, notice_start, notice_end, created_by, created_at, updated_at) VALUES (2020, '${TITLE}', 'notice', 5, '${day(-3)}', '${day(1)}', 'tester', '${now}', '${now}')`);
			campaign = Number(await q1(`SELECT id FROM commendation_campaign WHERE title = '${TITLE}'`));
			const nom = async (category, personCol, status, rank) => {
				await sql(h.server, `INSERT INTO commendation_nomination (campaign_id, category, institution_id, person_id, nominated_by, achievements, status, rank, created_by, created_at, updated_at) VALUES (${campaign}, '${category}', ${station}, ${personCol}, ${station}, '成绩突出', '${status}', ${rank}, 'tester', '${now}', '${now}')`);
				return Number(await q1(`SELECT max(id) FROM commendation_nomination WHERE campaign_id = ${campaign}`));
			};
			noms = {
				collective: await nom('advanced_collective', 'NULL', 'proposed', 1),
				person: await nom('advanced_worker', person, 'proposed', 1),
				dropped: await nom('excellent_manager', person, 'dropped', 2),
			};
		});

		it('refused while the notice runs, and while an objection is open (409, nothing issued)', async () => {
			const running = await decide(body);
			assert.equal(running.status, 409, running.text);
			assert.match(running.json.error.message, /公示期尚未结束|notice is still running/);
			await sql(h.server, `UPDATE commendation_campaign SET notice_end = '${day(-3)}' WHERE id = ${campaign}`);
			await sql(h.server, `INSERT INTO commendation_objection (campaign_id, nomination_id, filer_name, filer_contact, body, filed_at) VALUES (${campaign}, ${noms.person}, '某人', '13800000000', '有异议', '${new Date().toISOString()}')`);
			const open = await decide(body);
			assert.equal(open.status, 409, open.text);
			assert.match(open.json.error.message, /异议|objection/);
			const cli = await h.server.cli(['commendation', 'decide', String(campaign), '--number', DECISION, '--date', day(-2), '--signatory', '中心']);
			assert.notEqual(cli.code, 0);
			assert.match(cli.stderr, /异议|objection/);
			await sql(h.server, `UPDATE commendation_objection SET status = 'dismissed', resolution = '不成立' WHERE campaign_id = ${campaign}`);
			assert.equal(await q1("SELECT count(*) FROM certificate WHERE line = 'honour'"), '0');
			assert.equal(await q1(`SELECT status FROM commendation_campaign WHERE id = ${campaign}`), 'notice');
			assert.equal((await http(h.server.base, `/commendations/${campaign}/decision.pdf`)).status, 404, 'no decision document before the decision');
		});

		it('who and what: anonymous 401, an institution admin 403, a missing field 422 naming it', async () => {
			assert.equal((await decide(body, {})).status, 401);
			const other = await makeUser(h.server, 'cdother', { role: 'institution_admin', institution: station });
			assert.equal((await decide(body, bearer(other.token))).status, 403);
			for (const field of ['decision_no', 'decision_date', 'signatory']) {
				const r = await decide({ ...body, [field]: field === 'decision_date' ? '2021-13-40' : '' });
				assert.equal(r.status, 422, r.text);
				assert.equal(r.json.error.field, field);
			}
			assert.equal(await q1("SELECT count(*) FROM certificate WHERE line = 'honour'"), '0');
		});

		it('decided: proposed → commended, an honour certificate each (collective and person), numbered by honour_pattern, issued by the center, audited', async () => {
			assert.equal((await h.server.cli(['setting', 'set', 'honour_pattern', 'RYT{YYYY}{N5}'])).code, 0);
			// the decision's date: not in the future, not within the notice (fix14b)
			for (const d of [day(1), day(-3), day(-4)]) {
				const bad = await decide({ ...body, decision_date: d });
				assert.equal(bad.status, 422, `${d}: ${bad.text}`);
				assert.equal(bad.json.error.field, 'decision_date');
			}
			assert.equal(await q1("SELECT count(*) FROM certificate WHERE line = 'honour'"), '0');
			const r = await decide(body);
			assert.equal(r.status, 200, r.text);
			assert.equal(r.json.issued, 2);
			const year = Number(body.decision_date.slice(0, 4));
			assert.match(r.json.first, new RegExp(`^RYT${year}\\d{5}$`));
			assert.equal(await q1(`SELECT status || '|' || decision_no || '|' || signatory FROM commendation_campaign WHERE id = ${campaign}`), `decided|${DECISION}|${body.signatory}`);
			assert.equal(await q1(`SELECT status FROM commendation_nomination WHERE id = ${noms.collective}`), 'commended');
			assert.equal(await q1(`SELECT status FROM commendation_nomination WHERE id = ${noms.person}`), 'commended');
			assert.equal(await q1(`SELECT status FROM commendation_nomination WHERE id = ${noms.dropped}`), 'dropped');
			const rows = (await q1("SELECT c.id || '|' || c.number || '|' || c.level || '|' || c.holder_name || '|' || coalesce(c.person_id, 0) || '|' || c.institution_id || '|' || c.id_masked || '|' || h.category FROM certificate c JOIN certificate_honour h ON h.certificate_id = c.id ORDER BY c.id")).split('\n').map((l) => l.split('|'));
			assert.equal(rows.length, 2);
			honours = { collective: { id: Number(rows[0][0]), number: rows[0][1] }, person: { id: Number(rows[1][0]), number: rows[1][1] } };
			assert.deepEqual(rows[0].slice(2), ['0', stationName, '0', String(center), '', 'advanced_collective']);
			assert.deepEqual(rows[1].slice(2, 6), ['0', personName, String(person), String(center)]);
			assert.equal(rows[1][7], 'advanced_worker');
			// issued on the decision's date, not the day it was entered (fix14b)
			assert.equal(await q1(`SELECT count(*) FROM certificate WHERE line = 'honour' AND issued_on = '${body.decision_date}'`), '2');
			// `cert list` states the honour where a level would be, never "0" (fix14b)
			const listed = (await h.server.cli(['cert', 'list'])).stdout.split('\n').map((l) => l.split('\t')).filter((f) => f[0] === honours.collective.number);
			assert.equal(listed.length, 1);
			assert.equal(listed[0][3], `荣誉证书 · 先进集体 · ${TITLE}`);
			assert.equal(await q1("SELECT count(*) FROM audit WHERE action = 'commendation.decide'"), '1');
			const again = await decide(body);
			assert.equal(again.status, 409, 'decided once');
		});

		it('the credentials: OB 3.0 of an Award named 荣誉证书, verified by jose, valid against the schema', async () => {
			const ajv = new Ajv2019({ validateFormats: false, allErrors: true, strict: false });
			const validate = ajv.compile(JSON.parse(fs.readFileSync(SCHEMA, 'utf8')));
			const k = await keys();
			for (const [which, category, name] of [['collective', 'advanced_collective', '2020年度机械工业人才评价工作先进集体'], ['person', 'advanced_worker', '2020年度机械工业人才评价工作先进工作者']]) {
				const jws = await credential(honours[which].id);
				const { payload } = await compactVerify(jws, k);
				await jwtVerify(jws, k, { typ: 'vc+jwt', algorithms: ['EdDSA'] });
				const cred = JSON.parse(Buffer.from(payload).toString('utf8'));
				assert.ok(validate(cred), JSON.stringify(validate.errors, null, 1));
				assert.equal(cred.name, '荣誉证书');
				assert.equal(cred.issuer.id, `${h.server.base}/institutions/${center}`);
				const a = cred.credentialSubject.achievement;
				assert.equal(a.achievementType, 'Award');
				assert.equal(a.id, `${h.server.base}/commendations/${campaign}/categories/${category}`);
				assert.equal(a.name, name);
				assert.doesNotMatch(JSON.stringify(cred), /levels\//);
				assert.ok(!JSON.stringify(cred).includes(personId.slice(6, 14)));
			}
		});

		it('the decision PDF (public once decided) and an honour certificate PDF read back with pdftotext', async () => {
			const res = await fetch(`${h.server.base}/commendations/${campaign}/decision.pdf`);
			assert.equal(res.status, 200);
			const file = path.join(tmp, `decision-${engine}.pdf`);
			fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
			const text = (await run('pdftotext', [file, '-'])).replace(/\s+/g, '');
			for (const want of ['2020年度机械工业人才评价工作先进集体、个人表彰决定', DECISION, '先进集体', stationName, '先进工作者', `${personName}（${stationName}）`, body.signatory, zhDate(body.decision_date)])
				assert.ok(text.includes(want), `the decision shows ${want}:\n${text}`);
			assert.ok(!text.includes('优秀管理者'), 'the dropped nomination is not commended');
			assert.ok(!text.includes(personId.slice(6, 14)), 'no ID number');
			const out = path.join(tmp, `decision-cli-${engine}.pdf`);
			const cli = await h.server.cli(['commendation', 'pdf', String(campaign), '--out', out]);
			assert.equal(cli.code, 0, cli.stderr);
			assert.ok((await run('pdftotext', [out, '-'])).replace(/\s+/g, '').includes(DECISION));
			const pdf = await fetch(`${h.server.base}/api/v1/certificates/${honours.collective.id}/certificate.pdf`, { headers: bearer(h.token) });
			assert.equal(pdf.status, 200);
			const f2 = path.join(tmp, `honour-${engine}.pdf`);
			fs.writeFileSync(f2, Buffer.from(await pdf.arrayBuffer()));
			const t2 = (await run('pdftotext', [f2, '-'])).replace(/\s+/g, '');
			for (const want of ['荣誉证书', stationName, '先进集体', DECISION, honours.collective.number])
				assert.ok(t2.includes(want), `the honour certificate shows ${want}:\n${t2}`);
		});

		it('verify API, page and QR page: 荣誉证书 · category · campaign where a level would be; the holder\'s list has the person\'s', async () => {
			const q = new URLSearchParams({ number: honours.person.number, name: personName });
			const v = await http(h.server.base, `/api/v1/verify?${q}`);
			assert.equal(v.status, 200, v.text);
			const c = v.json.certificates[0];
			assert.equal(c.line, 'honour');
			assert.equal(c.category, 'advanced_worker');
			assert.equal(c.level_name, `荣誉证书 · 先进工作者 · ${TITLE}`);
			const page = await http(h.server.base, `/verify?${q}&lang=en`);
			assert.ok(page.text.includes(`Honour certificate · Advanced worker · ${TITLE}`), page.text.slice(0, 2000));
			const cert = (await h.api(`/api/v1/certificates/${honours.collective.id}`)).json;
			const landing = await http(h.server.base, `/v/${cert.qr_token}`);
			assert.equal(landing.status, 200);
			assert.ok(landing.text.includes(`荣誉证书 · 先进集体 · ${TITLE}`));
			assert.ok(landing.text.includes('有效'));
			assert.ok(landing.text.includes(stationName), 'a collective\'s name is public');
			// a commendation is published with the name only: no ID digits and
			// no photo, even where the holder lets a skill certificate show it (fix14b)
			const masked = await q1(`SELECT id_masked FROM certificate WHERE id = ${honours.person.id}`);
			assert.ok(masked.length > 4, masked);
			assert.equal(c.id_masked, '');
			const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
			const at = new Date().toISOString();
			await sql(h.server, `INSERT INTO person_photo (person_id, mime, data, added_at) VALUES (${person}, 'image/png', '${png}', '${at}')`);
			await sql(h.server, `INSERT INTO certificate_photo_shown (certificate_id, created_at) VALUES (${honours.person.id}, '${at}')`);
			const zhPage = await http(h.server.base, `/verify?${q}`);
			assert.equal(zhPage.status, 200);
			assert.ok(zhPage.text.includes(honours.person.number));
			assert.ok(!zhPage.text.includes(masked) && !zhPage.text.includes('holder-photo'), 'the verify page: no ID, no photo');
			const again = await http(h.server.base, `/api/v1/verify?${q}`);
			assert.equal(again.json.certificates[0].id_masked, '');
			assert.ok(!JSON.stringify(again.json).includes(png.slice(0, 20)));
			const pcert = (await h.api(`/api/v1/certificates/${honours.person.id}`)).json;
			const pland = await http(h.server.base, `/v/${pcert.qr_token}`);
			assert.equal(pland.status, 200);
			assert.ok(pland.text.includes(honours.person.number));
			assert.ok(!pland.text.includes(masked) && !pland.text.includes('holder-photo'), 'the QR page: no ID, no photo');
			assert.equal((await http(h.server.base, `/v/${pcert.qr_token}/photo`)).status, 404);
			const u = await makeUser(h.server, 'cdholder', { role: null, token: false });
			await sql(h.server, `UPDATE app_user SET person_id = ${person} WHERE username = 'cdholder'`);
			const s = await login(h.server.base, u.name, u.password);
			const mine = await s.api('/api/v1/me/certificates');
			assert.deepEqual(mine.json.certificates.map((x) => [x.number, x.line, x.level]), [[honours.person.number, 'honour', 0]]);
		});

		it('superseded (a corrected name): the successor states the same honour, numbered by honour_pattern', async () => {
			const r = await h.api(`/api/v1/certificates/${honours.person.id}/supersede`, { method: 'POST', json: { reason: '姓名更正', name: '王更名' } });
			assert.equal(r.status, 201, r.text);
			const next = (await h.api(`/api/v1/certificates/${r.json.id}`)).json;
			assert.equal(next.line, 'honour');
			assert.equal(next.category, 'advanced_worker');
			assert.equal(next.holder_name, '王更名');
			assert.match(next.number, /^RYT\d{9}$/);
			assert.equal(await q1(`SELECT supersedes || '|' || category FROM certificate_honour WHERE certificate_id = ${r.json.id}`), `${honours.person.id}|advanced_worker`);
			const cred = JSON.parse(Buffer.from((await credential(r.json.id)).split('.')[1], 'base64url').toString('utf8'));
			assert.equal(cred.credentialSubject.achievement.id, `${h.server.base}/commendations/${campaign}/categories/advanced_worker`);
			honours.person = { id: r.json.id, number: next.number };
		});

		it('never a level: no subsidy for an honour', async () => {
			const sub = await h.api(`/api/v1/certificates/${honours.person.id}/subsidy`);
			assert.equal(sub.status, 422, sub.text);
			assert.match(sub.json.error.message, /荣誉证书不是职业技能等级证书|honour certificate is not/);
		});

		it('the honour roll (API, page, CLI) by year and category; revoked, the status list says so and the roll leaves it out', async () => {
			const roll = await http(h.server.base, '/api/v1/commendations/honours?year=2020');
			assert.equal(roll.status, 200, roll.text);
			assert.deepEqual(roll.json.honours.map((x) => [x.category, x.holder]), [['advanced_collective', stationName], ['advanced_worker', '王更名']]);
			const byCat = await http(h.server.base, '/api/v1/commendations/honours?category=advanced_worker');
			assert.deepEqual(byCat.json.honours.map((x) => x.number), [honours.person.number]);
			assert.equal((await http(h.server.base, '/api/v1/commendations/honours?year=x')).status, 422);
			const page = await http(h.server.base, '/commendations/honours?year=2020&category=advanced_collective');
			assert.equal(page.status, 200);
			assert.ok(page.text.includes(stationName) && page.text.includes(honours.collective.number));
			// the roll links the decision, never an honour's verification page (fix14b)
			const all = await http(h.server.base, '/commendations/honours');
			assert.ok(all.text.includes(honours.person.number) && all.text.includes(`/commendations/${campaign}/decision.pdf`));
			assert.ok(!all.text.includes('href="/v/'), 'no QR link on the roll');
			assert.ok(!page.text.includes(honours.person.number));
			const en = await http(h.server.base, '/commendations/honours?lang=en');
			assert.ok(en.text.includes('Honour roll') && en.text.includes('Advanced worker'), en.text.slice(0, 2000));
			const byInst = await http(h.server.base, `/api/v1/commendations/honours?institution_id=${station}`);
			assert.equal(byInst.json.honours.length, 2, 'the collective\'s and its staff\'s');
			const inst = await http(h.server.base, `/institutions/${station}`);
			assert.equal(inst.status, 200);
			assert.ok(inst.text.includes('id="commendations"') && inst.text.includes(honours.collective.number) && inst.text.includes(honours.person.number), 'the institution\'s page lists its honours');
			assert.ok(inst.text.includes('href="/commendations/honours"'));
			const cli = await h.server.cli(['commendation', 'honours', '--year', '2020']);
			assert.equal(cli.code, 0, cli.stderr);
			assert.match(cli.stdout, new RegExp(honours.collective.number));
			const r = await h.api(`/api/v1/certificates/${honours.collective.id}/status`, { method: 'POST', json: { action: 'revoke', category: 'error', reason: '事迹不实' } });
			assert.equal(r.status, 200, r.text);
			const cred = JSON.parse(Buffer.from((await credential(honours.collective.id)).split('.')[1], 'base64url').toString('utf8'));
			const st = cred.credentialStatus;
			const lst = await http(h.server.base, new URL(st.statusListCredential).pathname);
			const { payload } = await jwtVerify(lst.text.trim(), await keys(), { typ: 'vc+jwt', algorithms: ['EdDSA'] });
			const list = zlib.gunzipSync(Buffer.from(payload.credentialSubject.encodedList.slice(1), 'base64url'));
			assert.equal(bits2(list, Number(st.statusListIndex)), 2, 'revoked (0x2)');
			const after = await http(h.server.base, '/api/v1/commendations/honours?year=2020');
			assert.deepEqual(after.json.honours.map((x) => x.number), [honours.person.number]);
			assert.ok(!(await http(h.server.base, '/commendations/honours')).text.includes(honours.collective.number), 'gone from the roll page');
		});
	});
}
