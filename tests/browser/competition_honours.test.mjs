// An institution's honour list (荣誉榜, issue 13) in a real browser, at
// 390 px: a visitor finds the final competition in the public list, opens
// its results by the list's link, follows the institution's link to its
// honour list and filters it by year from the keyboard (a plain GET form):
// the gold and the names masked, nothing wider than the phone. No console
// errors or failed requests.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { idNumber, nextName, sql, TURNER } from '../e2e/certlib.mjs';
import { http, makeUser, startServer } from '../e2e/lib.mjs';
import { fits, openBrowser } from './lib.mjs';

describe('browser: competition honours [sqlite]', () => {
	let server;
	let b;
	let admin;
	const X = {};
	let seq = 0;

	const api = async (path, json, want = 201, headers = {}) => {
		const r = await http(server.base, path, { method: 'POST', json, headers: { Authorization: `Bearer ${admin.token}`, ...headers } });
		assert.equal(r.status, want, `${path}: ${r.text}`);
		return r.json;
	};
	const person = async (inst, employer) => {
		const name = nextName();
		const { id } = await api('/api/v1/people', { name, id_number: idNumber('20000101', 600 + ++seq), institution_id: inst, employer });
		return { id, name };
	};

	before(async () => {
		server = await startServer({ engine: 'sqlite', tag: 'browser-honours' });
		admin = await makeUser(server, 'organiser', { role: 'center_admin' });
		const cli = async (args) => (await server.cli(args)).stdout.trim();
		const center = await cli(['institution', 'add', '--name', `荣誉中心${process.pid}`, '--type', 'center', '--province', '11']);
		X.s1 = Number(await cli(['institution', 'add', '--name', `荣誉考试站${process.pid}`, '--type', 'exam_station', '--province', '44', '--parent', center]));
		X.p1 = await person(X.s1, '甲机床厂');
		X.p2 = await person(X.s1, '甲机床厂');
		X.comp = (await api('/api/v1/competitions', {
			name: '全国机械行业车工职业技能竞赛（决赛）', tier: 'national_class2', year: 2025, starts_on: '2025-10-10', ends_on: '2025-10-12',
			venue: '洛阳', approval_doc: '机械技能〔2025〕5号', document_code: 'machinery-class2',
		})).id;
		const ev = (await api(`/api/v1/competitions/${X.comp}/events`, { occupation_code: TURNER, group: 'employee' })).id;
		await api(`/api/v1/competitions/${X.comp}/act`, { action: 'open' }, 200);
		const entries = [];
		for (const who of [X.p1, X.p2]) {
			const e = (await api(`/api/v1/competition-events/${ev}/entries`, { institution_id: X.s1, person_ids: [who.id] })).id;
			await api(`/api/v1/competition-entries/${e}/confirm`, {}, 200);
			entries.push(e);
		}
		for (const role of ['judge', 'judge', 'judge', 'chief_judge'])
			await api(`/api/v1/competition-events/${ev}/judges`, { person_id: (await person(X.s1, '裁判中心')).id, role });
		await api(`/api/v1/competitions/${X.comp}/act`, { action: 'close' }, 200);
		await api(`/api/v1/competitions/${X.comp}/act`, { action: 'mark' }, 200);
		const lines = ['entry_id,aspect,value,j1,j2,j3'];
		for (const e of entries) lines.push(`${e},A1,1,,,`, `${e},A2,0.005,,,`, `${e},A3,1,,,`, `${e},B1,,3,3,3`, `${e},B2,,2,2,2`, `${e},B3,1,,,`);
		const imp = await http(server.base, `/api/v1/competition-events/${ev}/marks-import`, { method: 'POST', body: lines.join('\n'), headers: { Authorization: `Bearer ${admin.token}`, 'Content-Type': 'text/csv' } });
		assert.equal(imp.status, 200, imp.text);
		for (const [i, e] of entries.entries()) await api(`/api/v1/competition-events/${ev}/theory`, { entry_id: e, score: String(90 - 10 * i) }, 200);
		for (const module of ['A', 'B', 'theory']) await api(`/api/v1/competition-events/${ev}/lock`, { module }, 200);
		await api(`/api/v1/competitions/${X.comp}/act`, { action: 'notice' }, 200);
		await sql(server, `UPDATE competition SET notice_end = '2000-01-01' WHERE id = ${Number(X.comp)}`);
		await api(`/api/v1/competitions/${X.comp}/act`, { action: 'final' }, 200);
		b = await openBrowser();
	});

	after(async () => {
		if (b) await b.close();
		if (server) {
			const code = await server.stop();
			assert.equal(code, 0, server.stderr());
		}
	});

	it('at 390 px a visitor goes from the list to the results to the honour list, and filters it by year from the keyboard', async () => {
		const { ctx, p } = await b.page({ width: 390 });
		await p.goto(server.base + '/competitions');
		const row = p.locator('#competitions tr', { hasText: '全国机械行业车工职业技能竞赛（决赛）' });
		await Promise.all([p.waitForURL(new RegExp(`/competitions/${X.comp}/results$`)), row.getByRole('link', { name: '竞赛成绩' }).click()]);
		await fits(p, 'the results at 390 px');
		await Promise.all([p.waitForURL(new RegExp(`/institutions/${X.s1}/honours$`)), p.getByRole('link', { name: `荣誉考试站${process.pid}` }).first().click()]);
		await fits(p, 'the honour list at 390 px');
		assert.match(await p.locator('h1').textContent(), /荣誉榜/);
		let text = await p.locator('main').textContent();
		for (const who of [X.p1, X.p2]) {
			const masked = who.name[0] + '*' + who.name[2];
			assert.ok(text.includes(masked), `the masked name ${masked}`);
			assert.ok(!text.includes(who.name), 'not the full name');
		}
		assert.match(text, /金牌/);
		assert.match(text, /银牌/);
		assert.equal(await p.locator('#honours tbody tr').count(), 2);
		// the year filter from the keyboard: no script needed
		await p.getByLabel('年度').focus();
		await p.getByLabel('年度').selectOption('2025');
		await p.keyboard.press('Tab');
		await Promise.all([p.waitForURL(/year=2025/), p.keyboard.press('Enter')]);
		assert.equal(await p.getByLabel('年度').inputValue(), '2025');
		assert.equal(await p.locator('#honours tbody tr').count(), 2);
		await fits(p, 'the filtered list at 390 px');
		// the competition's results link from the honour list
		text = await p.locator('#honours').textContent();
		assert.match(text, /全国机械行业车工职业技能竞赛（决赛）/);
		await ctx.close();
		assert.deepEqual(b.problems, []);
	});
});
