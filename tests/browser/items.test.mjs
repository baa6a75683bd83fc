// The item bank (题库, issue 19) in a real browser, at 390 px: an assessor
// writes a single-choice item in the form (a key naming no option comes
// back marked, the text typed kept), submits it; a second assessor passes
// it; the station's administrator approves it; the page shows each step
// only to the person it is for, and every page fits the phone.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { TURNER } from '../e2e/certlib.mjs';
import { makeUser, startServer } from '../e2e/lib.mjs';
import { fits, login, openBrowser } from './lib.mjs';

describe('browser: an item written, reviewed and approved [sqlite]', () => {
	let server;
	let b;
	let author, reviewer, approver;
	let station;

	before(async () => {
		server = await startServer({ engine: 'sqlite', tag: 'browser-items' });
		station = Number((await server.cli(['institution', 'add', '--name', `题库考试站${process.pid}`, '--type', 'exam_station', '--province', '44'])).stdout.trim());
		author = await makeUser(server, 'item-author', { role: 'assessor', institution: station, token: false });
		reviewer = await makeUser(server, 'item-reviewer', { role: 'assessor', institution: station, token: false });
		approver = await makeUser(server, 'item-approver', { role: 'institution_admin', institution: station, token: false });
		b = await openBrowser();
	});

	after(async () => {
		if (b) await b.close();
		if (server) {
			const code = await server.stop();
			assert.equal(code, 0, server.stderr());
		}
	});

	let itemUrl;

	it('the author writes the item in the form; a refused key is marked and nothing typed is lost', async () => {
		const { p } = await b.page({ width: 390, height: 844 }, (status, where) => status === 422 && where === '/items');
		await login(p, server.base, author.name, author.password);
		await p.getByRole('link', { name: '题库' }).first().click();
		await p.waitForURL(`${server.base}/items`);
		assert.equal(await p.getByRole('heading', { level: 1 }).textContent(), '理论考试题库');
		await fits(p, 'the item bank at 390 px');
		const form = p.locator('form.form[action="/items"]');
		await form.getByLabel('题库所属机构').selectOption(String(station));
		await form.getByLabel('职业编码').fill(TURNER);
		await form.getByLabel('等级（1–5）').fill('4');
		await form.getByLabel('试题编号').fill('CG4-A01-001');
		await form.getByLabel('题型').selectOption('single');
		await form.getByLabel('鉴定要素').fill('A-01');
		await form.getByLabel('题干').fill('车削时，主运动是（ ）。');
		await form.getByLabel('A', { exact: true }).fill('工件的旋转');
		await form.getByLabel('B', { exact: true }).fill('刀具的移动');
		await form.getByLabel('答案').fill('C');
		await Promise.all([p.waitForURL(`${server.base}/items`), form.getByRole('button', { name: '编写试题' }).click()]);
		const again = p.locator('form.form[action="/items"]');
		assert.match(await again.textContent(), /答案须是本题的选项/);
		assert.equal(await again.getByLabel('题干').inputValue(), '车削时，主运动是（ ）。');
		assert.equal(await again.getByLabel('B', { exact: true }).inputValue(), '刀具的移动');
		await again.getByLabel('答案').fill('A');
		await Promise.all([p.waitForURL(/\/items\/\d+$/), again.getByRole('button', { name: '编写试题' }).click()]);
		itemUrl = p.url();
		assert.equal(await p.locator('#key').textContent(), 'A');
		await fits(p, 'the draft at 390 px');
		await Promise.all([p.waitForURL(itemUrl), p.getByRole('button', { name: '提交审核' }).click()]);
		assert.match(await p.locator('.badge').first().textContent(), /待审核/);
		assert.equal(await p.locator('form[action$="/review"]').count(), 0, 'the author is offered no review');
		assert.deepEqual(b.problems, []);
		assert.deepEqual(b.refused, ['422 /items']);
	});

	it('another assessor passes it, the administrator approves it', async () => {
		const r = await b.page({ width: 390, height: 844 });
		await login(r.p, server.base, reviewer.name, reviewer.password);
		await r.p.goto(itemUrl);
		await r.p.getByLabel('审核结论').selectOption('pass');
		await Promise.all([r.p.waitForURL(itemUrl), r.p.getByRole('button', { name: '审核' }).click()]);
		assert.match(await r.p.locator('.badge').first().textContent(), /待批准/);
		assert.equal(await r.p.getByRole('button', { name: '批准入库' }).count(), 0, 'the reviewer is offered no approval');
		const a = await b.page({ width: 390, height: 844 });
		await login(a.p, server.base, approver.name, approver.password);
		await a.p.goto(itemUrl);
		await Promise.all([a.p.waitForURL(itemUrl), a.p.getByRole('button', { name: '批准入库' }).click()]);
		assert.match(await a.p.locator('.badge').first().textContent(), /已批准/);
		assert.match(await a.p.locator('#item').textContent(), /item-reviewer[\s\S]*item-approver/);
		await fits(a.p, 'the approved item at 390 px');
		const en = await a.p.goto(`${itemUrl}?lang=en`);
		assert.equal(en.status(), 200);
		assert.match(await a.p.locator('.badge').first().textContent(), /Approved/);
		assert.deepEqual(b.problems, []);
	});
});
