// Online application in a real browser (Debian's Chromium driven by
// playwright-core), on a phone-sized window (390 px): station staff sign
// in, open an approved plan for application from the plan's page (a
// closing date after the exam is refused and shown next to its field, then
// a good one saved); a visitor without a session follows the home page's
// link to /apply, finds the plan with its fee and places left, filters by
// province to nothing and back. No console errors or failed requests
// beyond the intended 422.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { chromium } from 'playwright-core';

import { makeStation } from '../e2e/certlib.mjs';
import { apiAs, makeUser, startServer } from '../e2e/lib.mjs';

const LAUNCH = {
	executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
	headless: true,
	args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
		'--disable-component-update', '--disable-sync'],
};

const day = (offset) => new Date(Date.now() + offset * 86400e3).toISOString().slice(0, 10);

describe('browser: a station opens a plan for online application, a visitor finds it on /apply [sqlite]', () => {
	let server;
	let browser;
	let admin;
	let plan;
	let title;
	const problems = [];
	const refused = [];

	const watch = (p, expected = () => false) => {
		p.on('console', (m) => {
			if (m.type() !== 'error' && m.type() !== 'warning') return;
			if (/^Failed to load resource: the server responded with a status of 4\d\d /.test(m.text())) return;
			problems.push(`console ${m.type()}: ${m.text()}`);
		});
		p.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
		p.on('requestfailed', (r) => {
			if (r.url().endsWith('/static/favicon.svg') && r.failure()?.errorText === 'net::ERR_ABORTED') return;
			problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`);
		});
		p.on('response', (r) => {
			if (r.status() < 400) return;
			const where = new URL(r.url()).pathname;
			if (expected(r.status(), where)) refused.push(`${r.status()} ${where}`);
			else problems.push(`HTTP ${r.status()} ${r.request().method()} ${where}`);
		});
	};
	const phone = async (expected) => {
		const ctx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 844 } });
		ctx.setDefaultTimeout(10000);
		const p = await ctx.newPage();
		watch(p, expected);
		return { ctx, p };
	};
	const fits = async (p, what) => {
		const w = await p.evaluate(() => document.documentElement.scrollWidth);
		assert.ok(w <= 390, `${what}: ${w} px wide at 390`);
	};

	before(async () => {
		server = await startServer({ engine: 'sqlite', tag: 'browser-apply' });
		admin = await makeUser(server, 'applyadmin', { role: 'center_admin' });
		const api = apiAs(server.base, admin.token);
		const station = await makeStation(server, api, { assessors: 3 });
		const made = await api('/api/v1/plans', {
			method: 'POST', json: { institution_id: station.id, standard_id: station.standard, level: 4, capacity: 12, theory_on: day(20) },
		});
		assert.equal(made.status, 201, made.text);
		plan = made.json.id;
		const room = await api(`/api/v1/plans/${plan}/rooms`, { method: 'POST', json: { name: '第一考场', capacity: 12 } });
		assert.equal(room.status, 201, room.text);
		for (const a of station.assessors)
			assert.equal((await api(`/api/v1/plans/${plan}/staff`, { method: 'POST', json: { person_id: a, role: 'assessor' } })).status, 201);
		for (const p of station.proctors)
			assert.equal((await api(`/api/v1/plans/${plan}/staff`, { method: 'POST', json: { person_id: p, role: 'proctor', room_id: room.json.id } })).status, 201);
		for (const action of ['submit', 'approve'])
			assert.equal((await api(`/api/v1/plans/${plan}/act`, { method: 'POST', json: { action } })).status, 200, action);
		const d = await api(`/api/v1/plans/${plan}`);
		title = d.json.title ?? d.json.plan?.title;
		assert.ok(title, d.text);
		browser = await chromium.launch(LAUNCH);
	});

	after(async () => {
		if (browser) await browser.close().catch(() => {});
		if (server) assert.equal(await server.stop(), 0, server.stderr());
	});

	it('staff open the plan (a bad closing date refused first); a visitor finds it on /apply and filters', async () => {
		const form = `/plans/${plan}/application`;
		const staff = await phone((status, where) => status === 422 && where === form);
		const p = staff.p;
		await p.goto(`${server.base}/login`);
		await p.getByLabel('用户名').fill(admin.name);
		await p.getByLabel('密码').fill(admin.password);
		await p.getByRole('button', { name: '登录' }).click();
		await p.waitForLoadState();
		await p.goto(`${server.base}/plans/${plan}`);
		await Promise.all([p.waitForURL(server.base + form), p.locator(`a[href="${form}"]`).click()]);
		await fits(p, form);
		await p.getByLabel('报名对象').selectOption('public');
		await p.getByLabel('报名开始').fill(day(-1));
		await p.getByLabel('报名截止').fill(day(25));
		await p.getByLabel('收费').fill('300 元');
		await p.getByRole('button', { name: '保存' }).click();
		await p.waitForLoadState();
		assert.ok((await p.content()).includes('报名应在理论考试日之前截止'), 'the reason is shown');
		assert.equal(await p.getByLabel('收费').inputValue(), '300 元', 'what was typed is kept');
		await p.getByLabel('报名截止').fill(day(10));
		await Promise.all([p.waitForURL(`${server.base}${form}?done=1`), p.getByRole('button', { name: '保存' }).click()]);
		assert.ok(await p.locator('[role="status"]').isVisible());
		await fits(p, `${form} saved`);

		const visitor = await phone();
		const v = visitor.p;
		await v.goto(server.base + '/');
		await Promise.all([v.waitForURL(`${server.base}/apply`), v.locator('a[href="/apply"]').first().click()]);
		await fits(v, '/apply');
		const row = v.locator('#apply-plans tbody tr', { hasText: title });
		assert.equal(await row.count(), 1);
		const text = await row.textContent();
		assert.ok(text.includes('300 元') && text.includes('12 / 12') && text.includes('面向社会'), text);
		await v.getByLabel('所在省份').selectOption('11');
		await Promise.all([v.waitForURL(/province=11/), v.getByRole('button', { name: '筛选' }).click()]);
		assert.equal(await v.locator('#apply-plans').count(), 0);
		await v.getByLabel('所在省份').selectOption('44');
		await Promise.all([v.waitForURL(/province=44/), v.getByRole('button', { name: '筛选' }).click()]);
		assert.equal(await v.locator('#apply-plans tbody tr', { hasText: title }).count(), 1);
		await visitor.ctx.close();
		await staff.ctx.close();
		assert.deepEqual(problems, []);
		assert.deepEqual(refused, [`422 ${form}`]);
	});
});
