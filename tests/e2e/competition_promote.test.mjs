// Promotions issued as certificates (issue 13, 竞赛获奖晋级), both engines:
// the center approves the computed promotions once the results are final;
// each becomes a skill-level certificate through the competition route
// (number under the organiser's filing, the credential with the
// competition as its evidence, the PDF) after the contestant's current
// level is read again from the registry. Refused before final, to anyone
// but the center, when a level changed since the screen was shown (naming
// the person, nothing written), when a contestant has no photo (naming
// them); idempotent; a rejection needs its reason.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { before, it } from 'node:test';

import Ajv2019Module from 'ajv/dist/2019.js';
import { createLocalJWKSet, jwtVerify } from 'jose';

import { TURNER, idNumber, makeStation, nextName, pngPhoto, sql } from './certlib.mjs';
import { ROOT, bearer, describeWithServer, engines, http, login, makeUser } from './lib.mjs';

const Ajv2019 = Ajv2019Module.default || Ajv2019Module;
const pdftotext = (file) => new Promise((resolve, reject) => {
	execFile('pdftotext', ['-layout', file, '-'], { maxBuffer: 16 << 20 }, (e, out) => (e ? reject(e) : resolve(out)));
});
const SCHEMA = path.join(ROOT, 'tests/e2e/standards/ob3-achievementcredential.schema.json');

// national-games-2023: measurements A1 A2 A3 B3 C2, judgements B1 B2 C1;
// row i of an event ranks i + 1 (4 entrants: gold, silver, bronze, none)
const MARKS = [
	{ m: '1', dev: '0.005', j: '3' },
	{ m: '1', dev: '0.015', j: '2' },
	{ m: '1', dev: '0.04', j: '1' },
	{ m: '0', dev: '0.1', j: '0' },
];

for (const engine of engines()) {
	describeWithServer(`competition promotions [${engine}]`, { engine, tag: 'cpromo', user: true, args: ['--verify-rate', '0'] }, (h) => {
		let station;
		let seq = 0;
		const P = {}; // contestants: a, b, c (no photo at first), d; e, f for the second
		const C1 = {}; // {id, entries: {a: entry}}
		const C2 = {};
		const photo = pngPhoto(64, 90);

		const ok = (r, status = 200) => {
			assert.equal(r.status, status, r.text);
			return r.json;
		};
		const person = async (employer, withPhoto = true) => {
			const name = nextName();
			const r = ok(await h.api('/api/v1/people', {
				method: 'POST', json: { name, id_number: idNumber('19900101', 600 + ++seq), institution_id: station.id, employer },
			}), 201);
			if (withPhoto)
				ok(await h.api(`/api/v1/people/${r.id}/photo`, { method: 'POST', body: photo, headers: { 'Content-Type': 'image/png' } }));
			return { id: r.id, name };
		};
		/* A 国赛 competition organised by the station, its one event's
		 * entrants in ranking order, taken to the results notice. */
		const competition = async (name, who, judges) => {
			const id = ok(await h.api('/api/v1/competitions', {
				method: 'POST',
				json: {
					name, tier: 'national_games', year: 2026, organiser_id: station.id, approval_doc: '人社部函〔2026〕1号',
					starts_on: '2026-09-01', ends_on: '2026-09-03', venue: '天津', document_code: 'national-games-2023',
				},
			}), 201).id;
			const act = async (action) => ok(await h.api(`/api/v1/competitions/${id}/act`, { method: 'POST', json: { action } }));
			const ev = ok(await h.api(`/api/v1/competitions/${id}/events`, { method: 'POST', json: { occupation_code: TURNER, group: 'employee' } }), 201).id;
			await act('open');
			const entries = {};
			for (const k of who) {
				const e = ok(await h.api(`/api/v1/competition-events/${ev}/entries`, { method: 'POST', json: { institution_id: station.id, person_ids: [P[k].id] } }), 201).id;
				ok(await h.api(`/api/v1/competition-entries/${e}/confirm`, { method: 'POST', json: {} }));
				entries[k] = e;
			}
			for (const j of judges)
				ok(await h.api(`/api/v1/competition-events/${ev}/judges`, { method: 'POST', json: { person_id: j.id, role: 'judge' } }), 201);
			await act('close');
			await act('mark');
			const lines = ['entry_id,aspect,value,j1,j2,j3'];
			who.forEach((k, i) => {
				const r = MARKS[i];
				for (const a of ['A1', 'A3', 'B3', 'C2']) lines.push(`${entries[k]},${a},${r.m},,,`);
				lines.push(`${entries[k]},A2,${r.dev},,,`);
				for (const a of ['B1', 'B2', 'C1']) lines.push(`${entries[k]},${a},,${r.j},${r.j},${r.j}`);
			});
			const imp = await h.api(`/api/v1/competition-events/${ev}/marks-import`, { method: 'POST', body: lines.join('\n'), headers: { 'Content-Type': 'text/csv' } });
			assert.equal(imp.status, 200, imp.text);
			for (const k of who)
				ok(await h.api(`/api/v1/competition-events/${ev}/theory`, { method: 'POST', json: { entry_id: entries[k], score: '80' } }));
			for (const m of ['A', 'B', 'C', 'theory'])
				ok(await h.api(`/api/v1/competition-events/${ev}/lock`, { method: 'POST', json: { module: m } }));
			await act('notice');
			return { id, ev, entries, act };
		};
		const final = async (c) => {
			await sql(h.server, `UPDATE competition SET notice_end = '2000-01-01' WHERE id = ${Number(c.id)}`);
			await c.act('final');
		};
		const approve = (c, json, headers = {}) => h.api(`/api/v1/competitions/${c.id}/promotions/approve`, { method: 'POST', json, headers });
		const promotions = async (c) => ok(await h.api(`/api/v1/competitions/${c.id}/promotions`)).promotions;
		const row = (rows, k) => rows.find((r) => r.person_id === P[k].id);
		const pick = (rows, k) => ({ entry_id: row(rows, k).entry_id, person_id: P[k].id, from_level: row(rows, k).current_level });
		const certCount = async () => Number((await sql(h.server, 'SELECT count(*) FROM certificate')).trim());

		const judges = [];

		before(async () => {
			station = await makeStation(h.server, h.api, { assessors: 0 });
			// 车工 5..2 in scope (bit n = level n): 高级技师 (1) not yet
			await sql(h.server, `UPDATE institution_scope SET levels = 60 WHERE institution_id = ${Number(station.id)}`);
			for (const [k, photoOk] of [['a', true], ['b', true], ['c', false], ['d', true], ['e', true], ['f', true]])
				P[k] = await person(`第${k}机床厂`, photoOk);
			for (let i = 0; i < 3; i++) judges.push(await person('裁判中心'));
			Object.assign(C1, await competition('第二届全国技能大赛（晋级一）', ['a', 'b', 'c', 'd'], judges));
			Object.assign(C2, await competition('第二届全国技能大赛（晋级二）', ['a', 'e', 'f', 'b'], judges));
		});

		it('refused before the results are final; to anyone but the center (403)', async () => {
			const rows = await promotions(C1);
			const early = await approve(C1, { rows: [pick(rows, 'a')] });
			assert.equal(early.status, 422, early.text);
			assert.match(early.json.error.message, /final/);
			await final(C1);
			await final(C2);
			const admin = await makeUser(h.server, 'cpstation', { role: 'institution_admin', institution: station.id });
			const byOrganiser = await http(h.server.base, `/api/v1/competitions/${C1.id}/promotions/approve`, { method: 'POST', headers: bearer(admin.token), json: { all: true } });
			assert.equal(byOrganiser.status, 403, 'the organiser\'s staff do not approve');
			assert.equal((await http(h.server.base, `/api/v1/competitions/${C1.id}/promotions`, { headers: bearer(admin.token) })).status, 200, 'they see the list');
			const scoped = await makeUser(h.server, 'cpscoped', { role: 'center_admin', institution: station.id });
			const byScoped = await http(h.server.base, `/api/v1/competitions/${C1.id}/promotions/approve`, { method: 'POST', headers: bearer(scoped.token), json: { all: true } });
			assert.equal(byScoped.status, 403, 'a center_admin of one institution is not the center');
			const scopedPage = await (await login(h.server.base, scoped.name, scoped.password)).get(`/competitions/${C1.id}/promotions`);
			assert.equal(scopedPage.status, 200);
			assert.ok(!scopedPage.text.includes('/promotions/approve') && !scopedPage.text.includes('/promotions/reject'), 'no controls the approval would refuse');
			assert.equal((await http(h.server.base, `/api/v1/competitions/${C1.id}/promotions/approve`, { method: 'POST', json: { all: true } })).status, 401);
			const notOrganiser = await approve(C1, { all: true, institution_id: station.center });
			assert.equal(notOrganiser.status, 422, notOrganiser.text);
			assert.equal(notOrganiser.json.error.field, 'institution_id');
			assert.match(notOrganiser.json.error.message, /主办或协办/);
			const bad = await approve(C1, { rows: [{ entry_id: 'x' }] });
			assert.equal(bad.status, 422);
			assert.equal(bad.json.error.field, 'rows');
			// who before anything: no lock taken, nothing looked up for them
			const nowhere = await http(h.server.base, '/api/v1/competitions/99999999/promotions/approve', { method: 'POST', headers: bearer(scoped.token), json: { all: true } });
			assert.equal(nowhere.status, 403, nowhere.text);
		});

		it('a pair picked more than once: refused naming the person (the colon as the language writes it), nothing written', async () => {
			const before = await certCount();
			const rows = await promotions(C1);
			const twenty = Array.from({ length: 20 }, () => pick(rows, 'a'));
			const r = await approve(C1, { rows: twenty });
			assert.equal(r.status, 422, r.text);
			assert.equal(r.json.error.field, 'rows');
			assert.match(r.json.error.message, new RegExp(`：${P.a.name}$`));
			const en = await h.api(`/api/v1/competitions/${C1.id}/promotions/approve?lang=en`, { method: 'POST', json: { rows: [pick(rows, 'b'), pick(rows, 'b')] } });
			assert.equal(en.status, 422, en.text);
			assert.match(en.json.error.message, new RegExp(`more than once.*: ${P.b.name}$`));
			assert.equal(await certCount(), before);
			assert.ok((await promotions(C1)).every((x) => x.status === 'pending'));
		});

		it('no photo: refused naming the contestant, nothing written', async () => {
			const before = await certCount();
			const r = await approve(C1, { all: true });
			assert.equal(r.status, 422, r.text);
			assert.equal(r.json.error.field, 'photo');
			assert.match(r.json.error.message, new RegExp(P.c.name));
			assert.ok(!r.json.error.message.includes(P.a.name), 'only who lacks one');
			assert.equal(await certCount(), before);
			assert.ok((await promotions(C1)).every((x) => x.status === 'pending'));
		});

		it('a rejection needs its reason', async () => {
			const rows = await promotions(C1);
			const bare = await h.api(`/api/v1/competitions/${C1.id}/promotions/reject`, { method: 'POST', json: { entry_id: row(rows, 'd').entry_id, person_id: P.d.id } });
			assert.equal(bare.status, 422, bare.text);
			assert.equal(bare.json.error.field, 'reason');
			for (const reason of ['  \t ', '理'.repeat(501)]) {
				const bad = await h.api(`/api/v1/competitions/${C1.id}/promotions/reject`, { method: 'POST', json: { entry_id: row(rows, 'd').entry_id, person_id: P.d.id, reason } });
				assert.equal(bad.status, 422, `${reason.length}: ${bad.text}`);
				assert.equal(bad.json.error.field, 'reason');
			}
			assert.equal(row(await promotions(C1), 'd').status, 'pending');
			ok(await h.api(`/api/v1/competitions/${C1.id}/promotions/reject`, { method: 'POST', json: { entry_id: row(rows, 'd').entry_id, person_id: P.d.id, reason: '未获奖，不符合晋级条件' } }));
			const d = row(await promotions(C1), 'd');
			assert.deepEqual([d.status, d.reason], ['rejected', '未获奖，不符合晋级条件']);
			const again = await h.api(`/api/v1/competitions/${C1.id}/promotions/reject`, { method: 'POST', json: { entry_id: d.entry_id, person_id: P.d.id, reason: '再次' } });
			assert.equal(again.status, 409, 'decided once');
		});

		it('a level changed between the screen and the approval: refused naming the person, nothing written', async () => {
			// the second competition's screen, shown before the first's approval
			const shown = await promotions(C2);
			assert.deepEqual([row(shown, 'a').current_level, row(shown, 'a').level, row(shown, 'a').outcome], [0, 2, 'to']);
			// the first competition: 优胜奖 or better → 技师 (2)
			const rows = await promotions(C1);
			const r = ok(await approve(C1, { rows: [pick(rows, 'a'), pick(rows, 'b')] }));
			assert.equal(r.issued, 2);
			// now a is 技师 in the registry: the screen's level is stale
			const before = await certCount();
			const stale = await approve(C2, { rows: [pick(shown, 'a'), pick(shown, 'e')] });
			assert.equal(stale.status, 409, stale.text);
			assert.equal(stale.json.error.field, 'rows');
			assert.match(stale.json.error.message, new RegExp(P.a.name));
			assert.ok(!stale.json.error.message.includes(P.e.name), 'e\'s level did not change');
			assert.equal(await certCount(), before, 'nothing written, e\'s neither');
			assert.ok((await promotions(C2)).every((x) => x.status === 'pending'));
			// reviewed again: 技师 already → 高级技师 (1)
			const now = await promotions(C2);
			assert.deepEqual([row(now, 'a').current_level, row(now, 'a').level, row(now, 'a').outcome], [2, 1, 'already_up']);
			// the issuer's scope does not reach 高级技师: refused naming a
			const scope = await approve(C2, { rows: [pick(now, 'a')] });
			assert.equal(scope.status, 422, scope.text);
			assert.equal(scope.json.error.field, 'institution_id');
			assert.match(scope.json.error.message, new RegExp(`认定范围.*${P.a.name}`));
			assert.equal(await certCount(), before);
			await sql(h.server, `UPDATE institution_scope SET levels = 62 WHERE institution_id = ${Number(station.id)}`);
			const done = ok(await approve(C2, { rows: [pick(now, 'a')] }));
			assert.equal(done.issued, 1);
			const cert = ok(await h.api(`/api/v1/certificates/${done.rows[0].certificate_id}`));
			assert.equal((cert.certificate || cert).level, 1);
		});

		it('approved: a skill certificate of the event\'s occupation at the new level, its number under the organiser\'s filing; the list shows it', async () => {
			const rows = await promotions(C1);
			for (const k of ['a', 'b']) {
				const x = row(rows, k);
				assert.equal(x.status, 'approved');
				// as decided: neither its own certificate nor a later
				// competition's (a is 高级技师 by now) moves the row
				assert.deepEqual([x.current_level, x.level, x.outcome, x.rule], [0, 2, 'to', 0]);
				assert.match(x.certificate_number, /^S\d{4}44000123/, x.certificate_number);
			}
			const list = ok(await h.api(`/api/v1/certificates?q=${encodeURIComponent(row(rows, 'a').certificate_number)}`)).certificates;
			const c = list.find((y) => y.number === row(rows, 'a').certificate_number);
			assert.deepEqual([c.line, c.level, c.occupation_code, c.holder_name, c.institution_id], ['skill', 2, TURNER, P.a.name, station.id]);
			assert.match(c.scores, /^competition=\d+\.\d{2}$/);
			const audit = (await h.api('/api/v1/audit?action=competition.promote')).json.items;
			assert.ok(audit.length >= 2);
			assert.ok((await h.api('/api/v1/audit?action=competition.promote_reject')).json.items.length >= 1);
		});

		it('idempotent: a contestant decided before is skipped and reported', async () => {
			const before = await certCount();
			const rows = await promotions(C1);
			const r = ok(await approve(C1, { rows: [pick(rows, 'a')] }));
			assert.deepEqual([r.issued, r.skipped, r.rows[0].skipped], [0, 1, true]);
			assert.equal(await certCount(), before);
		});

		it('the pages and the command line: the one screen\'s form issues the ticked rows; the CLI the rest', async () => {
			ok(await h.api(`/api/v1/people/${P.c.id}/photo`, { method: 'POST', body: photo, headers: { 'Content-Type': 'image/png' } }));
			const sess = await login(h.server.base, h.user.name, h.user.password);
			const page = await sess.get(`/competitions/${C1.id}/promotions`);
			assert.equal(page.status, 200);
			const rows = await promotions(C1);
			const c = row(rows, 'c');
			const box = `pick-${c.entry_id}-${P.c.id}`;
			assert.match(page.text, new RegExp(`<input type="checkbox" form="approve" id="${box}" name="${box}" value="0" checked>`));
			assert.ok(!page.text.includes(`pick-${row(rows, 'a').entry_id}-${P.a.id}`), 'no box for the approved');
			assert.match(page.text, new RegExp(row(rows, 'a').certificate_number));
			const en = await sess.get(`/competitions/${C1.id}/promotions?lang=en`);
			assert.match(en.text, /Approve and issue certificates/);
			const stale = await sess.post(`/competitions/${C1.id}/promotions/approve`, { [box]: '3', institution_id: String(station.id) });
			assert.equal(stale.status, 409, 'the level shown was 3');
			assert.match(stale.text, new RegExp(`id="promote-error"[^]*${P.c.name}`));
			const r = await sess.post(`/competitions/${C1.id}/promotions/approve`, { [box]: '0', institution_id: String(station.id) });
			assert.equal(r.status, 303, r.text.slice(0, 300));
			assert.equal(row(await promotions(C1), 'c').status, 'approved');
			const results = await sess.get(`/competitions/${C1.id}/results`);
			assert.match(results.text, new RegExp(`href="/competitions/${C1.id}/promotions"`));
			// the command line: the rest of the second competition, and a rejection
			const rej = await h.server.cli(['competition', 'promote-reject', String(C2.id), '--entry', String(C2.entries.b), '--person', String(P.b.id)]);
			assert.notEqual(rej.code, 0, 'the reason is required');
			const all = await h.server.cli(['competition', 'promote', String(C2.id), '--all']);
			assert.equal(all.code, 0, all.stderr);
			assert.match(all.stdout, /issued: 2\nskipped: 1\n/);
		});

		it('the credential verifies with jose and the instance\'s keys, OB 3.0 schema-valid, with the competition as evidence; the PDF; /verify says valid and the route', async () => {
			const x = row(await promotions(C1), 'b');
			const jws = (await h.api(`/api/v1/certificates/${x.certificate_id}/credential`)).text;
			const jwks = JSON.parse((await http(h.server.base, '/.well-known/jwks.json')).text);
			const { payload: cred } = await jwtVerify(jws, createLocalJWKSet(jwks), { typ: 'vc+jwt', algorithms: ['EdDSA'] });
			const ajv = new Ajv2019({ validateFormats: false, allErrors: true, strict: false });
			const validate = ajv.compile(JSON.parse(fs.readFileSync(SCHEMA, 'utf8')));
			assert.ok(validate(cred), JSON.stringify(validate.errors, null, 1));
			assert.equal(cred.evidence.length, 1);
			const ev = cred.evidence[0];
			assert.equal(ev.id, `${new URL(cred.id).origin}/competitions/${C1.id}/results`, 'the instance\'s public address');
			assert.deepEqual(ev.type, ['Evidence']);
			assert.equal(ev.narrative, '竞赛获奖晋级');
			assert.match(ev.name, /第二届全国技能大赛（晋级一） 银牌（第2名）/);
			assert.match(cred.credentialSubject.achievement.name, /技师/);
			// the PDF
			const res = await fetch(`${h.server.base}/api/v1/certificates/${x.certificate_id}/certificate.pdf`, { headers: bearer(h.token) });
			assert.equal(res.status, 200);
			const file = path.join(h.server.dataDir, `promo-${engine}.pdf`);
			fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
			const text = await pdftotext(file);
			for (const want of ['职业技能等级证书', x.certificate_number, P.b.name, '二级/技师', station.name])
				assert.ok(text.includes(want), `the certificate shows ${want}:\n${text}`);
			// the public verify page and the certificate page say the route
			const v = await http(h.server.base, `/verify?${new URLSearchParams({ number: x.certificate_number, name: P.b.name })}`);
			assert.equal(v.status, 200);
			assert.match(v.text, /有效/);
			assert.match(v.text, /竞赛获奖晋级：第二届全国技能大赛（晋级一）/);
			const page = await http(h.server.base, `/certificates/${x.certificate_id}`, { headers: bearer(h.token) });
			assert.match(page.text, new RegExp(`竞赛获奖晋级：<a href="/competitions/${C1.id}/results">`));
		});

		it('filed (属地备案): the route is the competition and its approval document, the competition total the skills score, 合格', async () => {
			const a = row(await promotions(C1), 'a');
			const r = await h.api('/api/v1/filings', { method: 'POST', json: { province: '44' } });
			assert.equal(r.status, 201, r.text);
			const res = await fetch(`${h.server.base}/api/v1/filings/${r.json.id}/export.csv`, { headers: bearer(h.token) });
			assert.equal(res.status, 200);
			const lines = Buffer.from(await res.arrayBuffer()).subarray(3).toString('utf8').split(/\r?\n/);
			// every cell quoted; none of these holds a comma or a quote
			const split = (l) => l.split(',').map((v) => v.replace(/^"|"$/g, ''));
			const head = split(lines[0]);
			const cells = split(lines.find((l) => l.includes(a.certificate_number)));
			const col = (name) => cells[head.indexOf(name)];
			assert.equal(col('申报条件'), '竞赛获奖晋级：第二届全国技能大赛（晋级一）（人社部函〔2026〕1号）');
			const cert = ok(await h.api(`/api/v1/certificates/${a.certificate_id}`));
			assert.equal(`competition=${col('技能考核成绩')}`, (cert.certificate || cert).scores);
			assert.equal(col('评定结果'), '合格');
		});

		it('superseded (a change of name): the successor keeps the route, the same evidence and criteria, and is never a current level of its competition', async () => {
			const x = row(await promotions(C1), 'b');
			const claims = async (id) => JSON.parse(Buffer.from((await h.api(`/api/v1/certificates/${id}/credential`)).text.trim().split('.')[1], 'base64url').toString('utf8'));
			const was = await claims(x.certificate_id);
			const r = ok(await h.api(`/api/v1/certificates/${x.certificate_id}/supersede`, { method: 'POST', json: { reason: '姓名更正', name: '王晋级' } }), 201);
			const now = await claims(r.id);
			assert.deepEqual(now.evidence, was.evidence);
			assert.match(now.evidence[0].name, /第二届全国技能大赛（晋级一） 银牌（第2名）/);
			assert.equal(now.credentialSubject.achievement.criteria.narrative, was.credentialSubject.achievement.criteria.narrative);
			const page = await http(h.server.base, `/certificates/${r.id}`, { headers: bearer(h.token) });
			assert.match(page.text, new RegExp(`竞赛获奖晋级：<a href="/competitions/${C1.id}/results">`));
			const b = row(await promotions(C1), 'b');
			assert.deepEqual([b.status, b.certificate_id, b.current_level, b.level], ['approved', r.id, 0, 2], 'the decision names the successor');
		});

		it('two competitions promoting the same person at once: one issues, the other sees its certificate (409 naming the person)', async () => {
			P.h = await person('第h机床厂');
			const C4 = await competition('第二届全国技能大赛（晋级四）', ['h'], judges);
			const C5 = await competition('第二届全国技能大赛（晋级五）', ['h'], judges);
			await final(C4);
			await final(C5);
			const picks = await Promise.all([C4, C5].map(async (c) => [c, pick(await promotions(c), 'h')]));
			assert.ok(picks.every(([, p]) => p.from_level === 0));
			// both screens said "none": the persons' row locks (in id
			// order) make the second decider read the first's certificate
			const both = await Promise.all(picks.map(([c, p]) => approve(c, { rows: [p] })));
			assert.deepEqual(both.map((r) => r.status).sort(), [200, 409], both.map((r) => r.text).join(' '));
			assert.match(both.find((r) => r.status === 409).json.error.message, new RegExp(P.h.name));
		});

		it('the current level: an imported legacy 职业资格 record (no person id) counts, found by the ID number; an industry certificate does not', async () => {
			P.g = await person('第g机床厂');
			const own = (line, number, level, withPerson) => sql(h.server,
				'INSERT INTO certificate (number, line, person_id, institution_name, holder_name, id_type, id_blind, id_masked, occupation_code, occupation_name, level, issued_on, status, status_index, created_at) '
				+ `SELECT '${number}', '${line}', ${withPerson ? 'id' : 'NULL'}, '旧鉴定站', name, id_type, id_blind, id_masked, '${TURNER}', '车工', ${level}, '2015-06-01', 'valid', ${900000 + level}, '2015-06-01T00:00:00Z' FROM person WHERE id = ${Number(P.g.id)}`);
			await own('legacy', `15${String(P.g.id).padStart(6, '0')}02000001`, 2, false);
			await own('industry', `JX20151${String(P.g.id).padStart(6, '0')}`, 1, true);
			const C3 = await competition('第二届全国技能大赛（晋级三）', ['g'], judges);
			await final(C3);
			const g = row(await promotions(C3), 'g');
			assert.deepEqual([g.current_level, g.outcome, g.level], [2, 'already_up', 1], JSON.stringify(g));
		});
	});
}
