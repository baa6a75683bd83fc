// A judge's own page in a real browser, at 390 px: the judge signs in with
// the account linked to their person, reaches "我的裁判工作" from the nav by
// keyboard alone, sees their event (competition, event, group, role,
// status) within the phone's width, and opens the marking sheet from it
// with Enter.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { idNumber, nextName, sql, TURNER } from '../e2e/certlib.mjs';
import { http, makeUser, startServer } from '../e2e/lib.mjs';
import { fits, login, openBrowser } from './lib.mjs';

describe('browser: a judge\'s own page [sqlite]', () => {
	let server;
	let b;
	let admin;
	let judge;
	const X = {};
	let seq = 0;

	const api = async (path, json, want = 201) => {
		const r = await http(server.base, path, { method: 'POST', json, headers: { Authorization: `Bearer ${admin.token}` } });
		assert.equal(r.status, want, `${path}: ${r.text}`);
		return r.json;
	};
	const person = async (inst, employer) => {
		const name = nextName();
		const { id } = await api('/api/v1/people', { name, id_number: idNumber('19880101', 700 + ++seq), institution_id: inst, employer });
		return { id, name };
	};

	before(async () => {
		server = await startServer({ engine: 'sqlite', tag: 'browser-cjudge' });
		admin = await makeUser(server, 'organiser', { role: 'center_admin' });
		const cli = async (args) => (await server.cli(args)).stdout.trim();
		const center = await cli(['institution', 'add', '--name', `裁判中心${process.pid}`, '--type', 'center', '--province', '11']);
		const st = Number(await cli(['institution', 'add', '--name', `裁判考试站${process.pid}`, '--type', 'exam_station', '--province', '44', '--parent', center]));
		const contestant = await person(st, '甲机床厂');
		X.comp = (await api('/api/v1/competitions', {
			name: '全国机械行业数控车工职业技能竞赛（裁判）', tier: 'national_class2', year: 2026, starts_on: '2026-10-10', ends_on: '2026-10-12',
			document_code: 'machinery-class2',
		})).id;
		X.event = (await api(`/api/v1/competitions/${X.comp}/events`, { occupation_code: TURNER, group: 'employee' })).id;
		await api(`/api/v1/competitions/${X.comp}/act`, { action: 'open' }, 200);
		const e = (await api(`/api/v1/competition-events/${X.event}/entries`, { institution_id: st, person_ids: [contestant.id] })).id;
		await api(`/api/v1/competition-entries/${e}/confirm`, {}, 200);
		const who = await person(st, '裁判中心');
		await api(`/api/v1/competition-events/${X.event}/judges`, { person_id: who.id, role: 'judge' });
		judge = await makeUser(server, 'judge-own', { role: null, token: false });
		await sql(server, `UPDATE app_user SET person_id = ${Number(who.id)} WHERE username = 'judge-own'`);
		await api(`/api/v1/competitions/${X.comp}/act`, { action: 'close' }, 200);
		await api(`/api/v1/competitions/${X.comp}/act`, { action: 'mark' }, 200);
		b = await openBrowser();
	});

	after(async () => {
		if (b) await b.close();
		if (server) {
			const code = await server.stop();
			assert.equal(code, 0, server.stderr());
		}
	});

	it('from the nav to the event and its marking sheet by keyboard, at 390 px', async () => {
		const { p } = await b.page({ width: 390, height: 844 });
		await login(p, server.base, judge.name, judge.password);
		// Tab through the page until the nav's link has the focus
		let found = false;
		for (let i = 0; i < 40 && !found; i++) {
			await p.keyboard.press('Tab');
			found = await p.evaluate(() => document.activeElement?.getAttribute('href') === '/me/judging');
		}
		assert.ok(found, 'the nav\'s 我的裁判工作 link is reachable by Tab');
		await Promise.all([p.waitForURL(`${server.base}/me/judging`), p.keyboard.press('Enter')]);
		assert.equal(await p.getByRole('heading', { level: 1 }).textContent(), '我的裁判工作');
		const row = p.locator(`#my-judging tr[data-event="${X.event}"]`);
		assert.match(await row.textContent(), /数控车工职业技能竞赛（裁判）/);
		assert.match(await row.textContent(), /职工组/);
		assert.match(await row.textContent(), /裁判员/);
		assert.match(await row.textContent(), /评分中/);
		await fits(p, 'my judging at 390 px');
		const sheet = row.getByRole('link', { name: '打开评分表' });
		await sheet.focus();
		await Promise.all([p.waitForURL(`${server.base}/competition-events/${X.event}/marks`), p.keyboard.press('Enter')]);
		assert.equal(b.problems.length, 0, b.problems.join('\n'));
	});
});
