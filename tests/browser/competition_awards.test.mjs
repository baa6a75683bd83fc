// Award certificates in a real browser at 390 px (Debian's Chromium driven
// by playwright-core): on a final competition's results page the organiser
// presses 颁发获奖证书 by keyboard and gets the list of issued award
// certificates, each linking to its certificate page, which says
// "获奖证书 · 金牌 · the competition" where a skill certificate has its
// level; a visitor's verify page says the same, in Chinese and English,
// and every page fits the phone's width.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { resultsCompetition } from '../e2e/complib.mjs';
import { http, makeUser, startServer } from '../e2e/lib.mjs';
import { fits, login, openBrowser } from './lib.mjs';

describe('browser: award certificates [sqlite]', () => {
	let server;
	let b;
	let admin;
	let C;

	before(async () => {
		server = await startServer({ engine: 'sqlite', tag: 'browser-cawards' });
		admin = await makeUser(server, 'organiser', { role: 'center_admin' });
		const s = await server.cli(['setting', 'set', 'public_url', server.base]);
		assert.equal(s.code, 0, s.stderr);
		const h = {
			server,
			api: (path, o = {}) => http(server.base, path, { ...o, headers: { Authorization: `Bearer ${admin.token}`, ...(o.headers || {}) } }),
		};
		C = await resultsCompetition(h, { name: '全国机械行业职业技能竞赛（颁证）', entrants: 3, final: true });
		b = await openBrowser();
	});
	after(async () => {
		if (b) await b.close();
		if (server) assert.equal(await server.stop(), 0);
	});

	it('at 390 px the organiser issues the award certificates by keyboard and reads each one\'s page', async () => {
		const { ctx, p } = await b.page({ width: 390 });
		await login(p, server.base, admin.name, admin.password);
		await p.goto(`${server.base}/competitions/${C.comp}/results`);
		await fits(p, 'the results at 390 px');
		const button = p.getByRole('button', { name: '颁发获奖证书' });
		await button.focus();
		await Promise.all([p.waitForURL(/awarded=3#awards$/), p.keyboard.press('Enter')]);
		await fits(p, 'the issued award certificates at 390 px');
		const rows = p.locator('#award-certificates tbody tr');
		assert.equal(await rows.count(), 3);
		const first = await rows.first().textContent();
		assert.match(first, /金牌/);
		assert.ok(first.includes(C.people[0].name));
		const link = rows.first().locator('a');
		const number = (await link.textContent()).trim();
		await Promise.all([p.waitForURL(/\/certificates\/\d+$/), link.click()]);
		await fits(p, 'the award certificate\'s page at 390 px');
		const text = await p.locator('main').textContent();
		assert.ok(text.includes('获奖证书 · 金牌 · 全国机械行业职业技能竞赛（颁证）'), text);
		assert.ok(text.includes(number));
		await ctx.close();

		// a visitor verifies it by the form; the English page by its address
		const v = await b.page({ width: 390 });
		await v.p.goto(`${server.base}/verify`);
		await v.p.locator('#f-n-number').fill(number);
		await v.p.locator('#f-n-name').fill(C.people[0].name);
		await Promise.all([v.p.waitForLoadState('load'), v.p.locator('#f-n-name').press('Enter')]);
		await v.p.waitForSelector('.cert-card');
		await fits(v.p, 'the verify page at 390 px');
		assert.ok((await v.p.locator('.cert-card').textContent()).includes('获奖证书 · 金牌 · 全国机械行业职业技能竞赛（颁证）'));
		await v.p.goto(`${server.base}/verify?${new URLSearchParams({ number, name: C.people[0].name, lang: 'en' })}`);
		await fits(v.p, 'the English verify page at 390 px');
		const en = await v.p.locator('.cert-card').textContent();
		assert.ok(en.includes('Award certificate · Gold · 全国机械行业职业技能竞赛（颁证）'), en);
		await v.ctx.close();
		assert.deepEqual(b.problems, []);
	});
});
