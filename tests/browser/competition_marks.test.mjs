// Marking a competition in a real browser (Debian's Chromium driven by
// playwright-core): three judges, each signed in with the account linked
// to their person (the third at 390 px), mark a judgement aspect on the
// marking sheet by keyboard (Enter saves the row and moves down); the
// third mark spreads by 2, which the row says beside the field and the
// chief judge's lock refuses, naming the aspect and the marks; the judge
// re-marks — refused beside the field without a note, saved with one —
// and the module is locked, its rows read-only; the results notice is
// published and shows the awards, the names masked, at 390 px. Then, on
// a 国赛 competition whose results are final, the center approves the
// promotions on the one screen at 390 px by keyboard, and the certificate
// issued is accepted by an independent verifier (jose with the instance's
// published keys) and its /verify page says 有效.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { createLocalJWKSet, jwtVerify } from 'jose';

import { idNumber, makeStation, nextName, pngPhoto, sql, TURNER } from '../e2e/certlib.mjs';
import { http, makeUser, startServer } from '../e2e/lib.mjs';
import { fits, numberedLabel, openBrowser } from './lib.mjs';

describe('browser: competition marking [sqlite]', () => {
	let server;
	let b;
	let admin;
	const X = { entries: [], people: [], judges: {}, users: {} };
	let seq = 0;

	const api = async (path, json, want = 201, extra = {}) => {
		const r = await http(server.base, path, { method: 'POST', json, headers: { Authorization: `Bearer ${admin.token}` }, ...extra });
		assert.equal(r.status, want, `${path}: ${r.text}`);
		return r.json;
	};
	const person = async (inst, employer) => {
		const name = nextName();
		const { id } = await api('/api/v1/people', { name, id_number: idNumber('19900101', 500 + ++seq), institution_id: inst, employer });
		return { id, name };
	};
	const signIn = async (p, user) => {
		await p.goto(server.base + '/login');
		await p.getByLabel('用户名').fill(user.name);
		await p.getByLabel('密码').fill(user.password);
		await Promise.all([p.waitForNavigation(), p.getByRole('button', { name: '登录' }).click()]);
	};
	const valueOf = (p, entry) => p.getByLabel(`评分 B1 #${entry}`, { exact: true });
	const rowOf = (p, entry) => p.locator(`#row-${entry}-B1`);

	before(async () => {
		server = await startServer({ engine: 'sqlite', tag: 'browser-cmark' });
		admin = await makeUser(server, 'organiser', { role: 'center_admin' });
		const cli = async (args) => (await server.cli(args)).stdout.trim();
		const center = await cli(['institution', 'add', '--name', `评分中心${process.pid}`, '--type', 'center', '--province', '11']);
		const st = Number(await cli(['institution', 'add', '--name', `评分考试站${process.pid}`, '--type', 'exam_station', '--province', '44', '--parent', center]));
		for (let i = 0; i < 3; i++) X.people.push(await person(st, '甲机床厂'));
		X.comp = (await api('/api/v1/competitions', {
			name: '全国机械行业数控车工职业技能竞赛（评分）', tier: 'national_class2', year: 2026, starts_on: '2026-10-10', ends_on: '2026-10-12',
			venue: '洛阳', approval_doc: '机械技能〔2026〕5号', document_code: 'machinery-class2',
		})).id;
		X.event = (await api(`/api/v1/competitions/${X.comp}/events`, { occupation_code: TURNER, group: 'employee' })).id;
		await api(`/api/v1/competitions/${X.comp}/act`, { action: 'open' }, 200);
		for (const who of X.people) {
			const e = (await api(`/api/v1/competition-events/${X.event}/entries`, { institution_id: st, person_ids: [who.id] })).id;
			await api(`/api/v1/competition-entries/${e}/confirm`, {}, 200);
			X.entries.push(e);
		}
		for (const k of ['j1', 'j2', 'j3']) {
			const who = await person(st, '裁判中心');
			X.judges[k] = (await api(`/api/v1/competition-events/${X.event}/judges`, { person_id: who.id, role: 'judge' })).id;
			X.users[k] = await makeUser(server, `judge-${k}`, { role: null, token: false });
			await sql(server, `UPDATE app_user SET person_id = ${Number(who.id)} WHERE username = 'judge-${k}'`);
		}
		await api(`/api/v1/competition-events/${X.event}/judges`, { person_id: (await person(st, '裁判中心')).id, role: 'chief_judge' });
		await api(`/api/v1/competitions/${X.comp}/act`, { action: 'close' }, 200);
		await api(`/api/v1/competitions/${X.comp}/act`, { action: 'mark' }, 200);
		// every mark but the first entry's B1, by the sheet import
		const lines = ['entry_id,aspect,value,j1,j2,j3'];
		X.entries.forEach((e, i) => {
			lines.push(`${e},A1,1,,,`, `${e},A2,${[0.005, 0.015, 0.04][i]},,,`, `${e},A3,${i < 2 ? 1 : 0},,,`, `${e},B3,1,,,`);
			lines.push(`${e},B2,,${[3, 2, 1][i]},${[3, 2, 1][i]},${[3, 2, 1][i]}`);
			if (i) lines.push(`${e},B1,,${[3, 2, 1][i]},${[3, 2, 1][i]},${[3, 2, 1][i]}`);
		});
		const r = await http(server.base, `/api/v1/competition-events/${X.event}/marks-import`, {
			method: 'POST', body: lines.join('\n'), headers: { Authorization: `Bearer ${admin.token}`, 'Content-Type': 'text/csv' },
		});
		assert.equal(r.status, 200, r.text);
		for (const [i, e] of X.entries.entries()) await api(`/api/v1/competition-events/${X.event}/theory`, { entry_id: e, score: String(90 - 10 * i) }, 200);
		await api(`/api/v1/competition-events/${X.event}/lock`, { module: 'A' }, 200);
		await api(`/api/v1/competition-events/${X.event}/lock`, { module: 'theory' }, 200);
		b = await openBrowser({ label: numberedLabel });
	});

	after(async () => {
		if (b) await b.close();
		if (server) {
			const code = await server.stop();
			assert.equal(code, 0, server.stderr());
		}
	});

	it('three judges mark B1; a spread of 2 is said beside the field and refuses the lock until re-marked with a note; the module is locked', async () => {
		const marks = { j1: '3', j2: '3', j3: '1' };
		const pages = {};
		for (const k of ['j1', 'j2', 'j3']) {
			const { ctx, p } = await b.page({ width: k === 'j3' ? 390 : 1280, height: 900 }, (status, where, method) =>
				method === 'POST' && status === 422 && /\/marks\/row$/.test(where));
			pages[k] = { ctx, p };
			await signIn(p, X.users[k]);
			await p.goto(`${server.base}/competition-events/${X.event}/marks?module=B`);
			assert.equal(await p.locator('#f-judge').count(), 0, 'a judge marks as themself: no chooser');
			const field = valueOf(p, X.entries[0]);
			await field.fill(marks[k]);
			const [res] = await Promise.all([p.waitForResponse((r) => /\/marks\/row$/.test(r.url())), field.press('Enter')]);
			assert.equal(res.status(), 200);
			// Enter moved down to the same field of the next row
			assert.equal(await p.evaluate(() => document.activeElement.closest('tr').id), `row-${X.entries[0]}-B2`);
			if (k !== 'j3') await p.locator(`#row-${X.entries[0]}-B1 td.msg`, { hasText: '已保存' }).waitFor();
		}
		const { p } = pages.j3;
		const msg = rowOf(p, X.entries[0]).locator('td.msg');
		await msg.filter({ hasText: 'B1' }).waitFor();
		assert.match(await msg.textContent(), /1 至 3/);
		await fits(p, 'the marking sheet at 390 px');

		// the chief judge (the organiser's staff for them) cannot lock B
		const { ctx: octx, p: op } = await b.page({ width: 1280, height: 900 }, (status, where, method) =>
			method === 'POST' && status === 422 && /\/lock$/.test(where));
		await signIn(op, admin);
		await op.goto(`${server.base}/competition-events/${X.event}/marks?module=B`);
		let [res] = await Promise.all([op.waitForResponse((r) => /\/lock$/.test(r.url())), op.getByRole('button', { name: '锁定本模块' }).click()]);
		assert.equal(res.status(), 422);
		await op.waitForLoadState();
		const refusal = await op.locator('#lock-error').textContent();
		assert.match(refusal, /B1/);
		assert.match(refusal, /1 至 3/);

		// the third judge re-marks: without a note refused beside the field
		const field = valueOf(p, X.entries[0]);
		await field.fill('2');
		[res] = await Promise.all([p.waitForResponse((r) => /\/marks\/row$/.test(r.url())), field.press('Enter')]);
		assert.equal(res.status(), 422);
		await msg.filter({ hasText: '说明' }).waitFor();
		assert.equal(await field.inputValue(), '2', 'what was typed is kept');
		const note = p.getByLabel(`复议说明 B1 #${X.entries[0]}`, { exact: true });
		assert.equal(await note.getAttribute('aria-invalid'), 'true');
		await note.fill('复议：表面粗糙度复核合格');
		[res] = await Promise.all([p.waitForResponse((r) => /\/marks\/row$/.test(r.url())), note.press('Enter')]);
		assert.equal(res.status(), 200);
		await msg.filter({ hasText: '已保存' }).waitFor();

		// now it locks; the rows are read-only
		await op.goto(`${server.base}/competition-events/${X.event}/marks?module=B`);
		await Promise.all([op.waitForURL(/done=1/), op.getByRole('button', { name: '锁定本模块' }).click()]);
		assert.equal(await op.getByRole('button', { name: '锁定本模块' }).count(), 0);
		await p.reload();
		assert.equal(await valueOf(p, X.entries[0]).getAttribute('readonly'), '');
		assert.match(await p.locator('main').textContent(), /本模块已锁定/);

		// the results notice, published from the competition's page
		await op.goto(`${server.base}/competitions/${X.comp}`);
		await Promise.all([op.waitForURL(/done=act/), op.getByRole('button', { name: /公示/ }).click()]);
		await op.getByRole('link', { name: '成绩与公示' }).click();
		const text = await op.locator('main').textContent();
		assert.ok(text.includes(X.people[0].name), 'the organiser sees the names');
		assert.match(text, /金牌/);
		assert.match(text, /计算出的晋级/);
		for (const k of Object.keys(pages)) await pages[k].ctx.close();
		await octx.close();
		assert.deepEqual(b.refused, ['422 POST /competition-events/N/lock', '422 POST /competition-events/N/marks/row']);
	});

	it('at 390 px a visitor reads the results notice: names masked, awards, the appeal form', async () => {
		const { ctx, p } = await b.page({ width: 390 });
		await p.goto(`${server.base}/competitions/${X.comp}/results`);
		await fits(p, 'the results at 390 px');
		const text = await p.locator('main').textContent();
		const first = X.people[0].name;
		assert.ok(text.includes(first[0] + '*' + first[2]), 'the masked name');
		assert.ok(!text.includes(first), 'not the full name');
		assert.match(text, /金牌/);
		assert.match(text, /银牌/);
		assert.match(text, /结果公示期/);
		assert.equal(await p.getByRole('button', { name: '提出申诉' }).count(), 1);
		assert.equal(await p.locator('#promotions').count(), 0, 'the promotions are the organiser\'s');
		await ctx.close();
		assert.deepEqual(b.problems, []);
	});

	it('the results final, the center approves the promotions on the one screen (390 px, keyboard); the certificate verifies with jose and the instance\'s keys, and /verify says 有效', async () => {
		const get = async (path) => {
			const r = await http(server.base, path, { headers: { Authorization: `Bearer ${admin.token}` } });
			assert.equal(r.status, 200, `${path}: ${r.text}`);
			return r;
		};
		const station = await makeStation(server, (path, o = {}) =>
			http(server.base, path, { ...o, headers: { Authorization: `Bearer ${admin.token}`, ...(o.headers || {}) } }), { assessors: 0 });
		// the issuer's scope covers the promotions' 技师 (bit n = level n)
		await sql(server, `UPDATE institution_scope SET levels = 60 WHERE institution_id = ${Number(station.id)}`);
		const people = [];
		for (let i = 0; i < 4; i++) {
			const who = await person(station.id, `晋级机床厂${i}`);
			await api(`/api/v1/people/${who.id}/photo`, undefined, 200, { body: pngPhoto(64, 90), json: undefined, headers: { Authorization: `Bearer ${admin.token}`, 'Content-Type': 'image/png' } });
			people.push(who);
		}
		const comp = (await api('/api/v1/competitions', {
			name: '第二届全国技能大赛数控车赛项', tier: 'national_games', year: 2026, organiser_id: station.id, starts_on: '2026-09-01', ends_on: '2026-09-03',
			venue: '天津', approval_doc: '人社部函〔2026〕2号', document_code: 'national-games-2023',
		})).id;
		const ev = (await api(`/api/v1/competitions/${comp}/events`, { occupation_code: TURNER, group: 'employee' })).id;
		await api(`/api/v1/competitions/${comp}/act`, { action: 'open' }, 200);
		const entries = [];
		for (const who of people) {
			const e = (await api(`/api/v1/competition-events/${ev}/entries`, { institution_id: station.id, person_ids: [who.id] })).id;
			await api(`/api/v1/competition-entries/${e}/confirm`, {}, 200);
			entries.push(e);
		}
		for (let i = 0; i < 3; i++) await api(`/api/v1/competition-events/${ev}/judges`, { person_id: (await person(station.id, '裁判中心')).id, role: 'judge' });
		for (const a of ['close', 'mark']) await api(`/api/v1/competitions/${comp}/act`, { action: a }, 200);
		const lines = ['entry_id,aspect,value,j1,j2,j3'];
		entries.forEach((e, i) => {
			for (const a of ['A1', 'A3', 'B3', 'C2']) lines.push(`${e},${a},${i < 3 ? 1 : 0},,,`);
			lines.push(`${e},A2,${[0.005, 0.015, 0.04, 0.1][i]},,,`);
			for (const a of ['B1', 'B2', 'C1']) lines.push(`${e},${a},,${3 - i},${3 - i},${3 - i}`);
		});
		await api(`/api/v1/competition-events/${ev}/marks-import`, undefined, 200, { body: lines.join('\n'), json: undefined, headers: { Authorization: `Bearer ${admin.token}`, 'Content-Type': 'text/csv' } });
		for (const e of entries) await api(`/api/v1/competition-events/${ev}/theory`, { entry_id: e, score: '80' }, 200);
		for (const m of ['A', 'B', 'C', 'theory']) await api(`/api/v1/competition-events/${ev}/lock`, { module: m }, 200);
		await api(`/api/v1/competitions/${comp}/act`, { action: 'notice' }, 200);
		await sql(server, `UPDATE competition SET notice_end = '2000-01-01' WHERE id = ${Number(comp)}`);
		await api(`/api/v1/competitions/${comp}/act`, { action: 'final' }, 200);

		// the center: from the results to the one screen, at 390 px
		const { ctx, p } = await b.page({ width: 390, height: 900 });
		await signIn(p, admin);
		await p.goto(`${server.base}/competitions/${comp}/results`);
		await Promise.all([p.waitForURL(/\/promotions$/), p.locator('#promote-link').click()]);
		await fits(p, 'the promotions screen at 390 px');
		const boxes = p.locator('input[type=checkbox][form=approve]');
		assert.equal(await boxes.count(), 3, 'gold, silver, bronze: 优胜奖 or better → 技师');
		assert.equal(await boxes.evaluateAll((xs) => xs.every((x) => x.checked)), true, 'every pending eligible one ticked');
		// by keyboard: the bronze medallist left out (Space), then 批准并发证 (Enter)
		const third = p.getByLabel(`批准 ${people[2].name}`, { exact: true });
		await third.focus();
		await p.keyboard.press('Space');
		assert.equal(await third.isChecked(), false);
		await p.getByRole('button', { name: '批准并发证' }).focus();
		await Promise.all([p.waitForURL(/done=1/), p.keyboard.press('Enter')]);
		const text = await p.locator('main').textContent();
		assert.match(text, /已批准/);
		assert.match(text, /待审核/);
		await fits(p, 'the promotions screen after approval');

		// the issued certificate: the credential through the API, checked
		// by jose against the instance's published keys
		const rows = (await get(`/api/v1/competitions/${comp}/promotions`)).json.promotions;
		const gold = rows.find((r) => r.person_id === people[0].id);
		assert.deepEqual([gold.status, gold.level], ['approved', 2]);
		assert.equal(rows.find((r) => r.person_id === people[2].id).status, 'pending');
		const jws = (await get(`/api/v1/certificates/${gold.certificate_id}/credential`)).text;
		const jwks = JSON.parse((await http(server.base, '/.well-known/jwks.json')).text);
		const { payload } = await jwtVerify(jws, createLocalJWKSet(jwks), { typ: 'vc+jwt', algorithms: ['EdDSA'] });
		assert.equal(payload.evidence[0].narrative, '竞赛获奖晋级');
		assert.match(payload.credentialSubject.achievement.name, /技师/);
		await p.goto(`${server.base}/verify?${new URLSearchParams({ number: gold.certificate_number, name: people[0].name })}`);
		const v = await p.locator('main').textContent();
		assert.match(v, /有效/);
		assert.match(v, /竞赛获奖晋级：第二届全国技能大赛数控车赛项/);
		await fits(p, 'the verify page at 390 px');
		await ctx.close();
		assert.deepEqual(b.problems, []);
	});
});
