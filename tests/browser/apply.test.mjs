// Online application in a real browser (Debian's Chromium driven by
// playwright-core), on a phone-sized window (390 px): station staff sign
// in, open an approved plan for application from the plan's page (a
// closing date after the exam is refused and shown next to its field, then
// a good one saved); a visitor without a session follows the home page's
// link to /apply, finds the plan with its fee and places left, filters by
// province to nothing and back. No console errors or failed requests
// beyond the intended 422.
//
// Then a holder on a 390 px phone applies: the live check first shows the
// chosen route's unmet condition (a technical school diploma where the
// route asks for a senior one), they change the diploma and it turns
// eligible, they submit; the station accepts on its review page; the
// holder sees "accepted" in my applications.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { closedPlan, makeStation } from '../e2e/certlib.mjs';
import { apiAs, http, makeUser, newPassword, startServer } from '../e2e/lib.mjs';
import { fits, openBrowser } from './lib.mjs';

const day = (offset) => new Date(Date.now() + offset * 86400e3).toISOString().slice(0, 10);

describe('browser: a station opens a plan for online application, a visitor finds it on /apply [sqlite]', () => {
	let server;
	let browser;
	let admin;
	let plan;
	let title;
	const phone = (expected) => browser.page({}, expected);

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
		browser = await openBrowser();
	});

	after(async () => {
		if (browser) await browser.close();
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
		assert.deepEqual(browser.problems, []);
		assert.deepEqual(browser.refused, [`422 ${form}`]);
	});
});

describe('browser: a holder applies with the live check, the station accepts [sqlite]', () => {
	let server;
	let browser;
	let admin;
	let plan;
	let cert;
	const holder = { name: 'phone.holder', password: newPassword() };
	const phone = () => browser.page();
	const signIn = async (p, name, password) => {
		await p.goto(`${server.base}/login`);
		await p.getByLabel('用户名').fill(name);
		await p.getByLabel('密码').fill(password);
		await p.getByRole('button', { name: '登录' }).click();
		await p.waitForLoadState();
	};

	before(async () => {
		server = await startServer({ engine: 'sqlite', tag: 'browser-apply2' });
		admin = await makeUser(server, 'applyadmin2', { role: 'center_admin' });
		const api = apiAs(server.base, admin.token);
		const station = await makeStation(server, api, { assessors: 3 });
		// a level-4 certificate of the holder, who claims an account with it
		const cp = await closedPlan(server, api, station, { pass: 1 });
		assert.equal((await api(`/api/v1/plans/${cp.plan}/certificates`, { method: 'POST' })).status, 200);
		cert = (await api(`/api/v1/certificates?plan=${cp.plan}`)).json.certificates[0];
		const who = cp.candidates[0];
		const claim = await http(server.base, '/api/v1/holder/claim', {
			method: 'POST', json: { number: cert.number, token: cert.qr_token, name: who.name, id_number: who.id_number, username: holder.name, password: holder.password },
		});
		assert.equal(claim.status, 201, claim.text);
		// a level-3 plan open to the public
		const made = await api('/api/v1/plans', { method: 'POST', json: { institution_id: station.id, standard_id: station.standard, level: 3, capacity: 10, theory_on: day(20) } });
		assert.equal(made.status, 201, made.text);
		plan = made.json.id;
		const room = await api(`/api/v1/plans/${plan}/rooms`, { method: 'POST', json: { name: '第一考场', capacity: 10 } });
		for (const a of station.assessors)
			assert.equal((await api(`/api/v1/plans/${plan}/staff`, { method: 'POST', json: { person_id: a, role: 'assessor' } })).status, 201);
		for (const pr of station.proctors)
			assert.equal((await api(`/api/v1/plans/${plan}/staff`, { method: 'POST', json: { person_id: pr, role: 'proctor', room_id: room.json.id } })).status, 201);
		for (const action of ['submit', 'approve'])
			assert.equal((await api(`/api/v1/plans/${plan}/act`, { method: 'POST', json: { action } })).status, 200, action);
		const o = await api(`/api/v1/plans/${plan}/application-offer`, { method: 'POST', json: { audience: 'public', opens_on: day(-1), closes_on: day(10), fee: '' } });
		assert.equal(o.status, 200, o.text);
		browser = await openBrowser();
	});

	after(async () => {
		if (browser) await browser.close();
		if (server) assert.equal(await server.stop(), 0, server.stderr());
	});

	it('the live check shows the unmet condition, then "eligible" once the diploma changes; submitted, accepted, seen as accepted', async () => {
		const h = await phone();
		const p = h.p;
		await signIn(p, holder.name, holder.password);
		await p.goto(`${server.base}/apply`);
		const form = `/plans/${plan}/apply`;
		await Promise.all([p.waitForURL(server.base + form), p.locator(`a[href="${form}"]`).click()]);
		await fits(p, form);
		await p.locator('input[name="route_id"][value="3-2a"]').check();
		await p.getByLabel('本人在本平台的证书').selectOption(String(cert.id));
		await p.getByLabel('毕业证书', { exact: true }).selectOption('technical_school');
		await p.getByLabel('毕业日期').fill('2015-07-01');
		const chosen = p.locator('#elig-live .elig-chosen');
		await chosen.locator('.b-no').waitFor();
		assert.match(await chosen.textContent(), /技师学院/, 'the unmet condition in words');
		// the other routes of the level, each with its own verdict
		assert.ok(await p.locator('#elig-live .elig-others li').count() >= 3);
		await p.getByLabel('毕业证书', { exact: true }).selectOption('technician_college');
		await chosen.locator('.b-ok').waitFor();
		assert.equal(await chosen.locator('.b-no').count(), 0);
		await fits(p, `${form} checked`);
		await Promise.all([p.waitForURL(`${server.base}/me/applications?done=1`), p.getByRole('button', { name: '提交报名' }).click()]);
		assert.match(await p.locator('#my-applications').textContent(), /待审核/);
		await fits(p, '/me/applications');

		const s = await phone();
		await signIn(s.p, admin.name, admin.password);
		const review = `/plans/${plan}/applications`;
		await s.p.goto(server.base + review);
		await fits(s.p, review);
		const card = s.p.locator('#plan-applications li.application').first();
		assert.match(await card.textContent(), /符合所选申报条件/);
		await card.getByLabel('处理', { exact: true }).selectOption('accept');
		await card.getByLabel('处理意见').fill('材料齐全，准予报名');
		await Promise.all([s.p.waitForURL(`${server.base}${review}?done=1`), card.getByRole('button', { name: '提交处理意见' }).click()]);
		assert.match(await s.p.locator('#plan-applications').textContent(), /已受理/);

		await p.goto(`${server.base}/me/applications`);
		const mine = await p.locator('#my-applications').textContent();
		assert.match(mine, /已受理/);
		assert.match(mine, /材料齐全，准予报名/);
		await s.ctx.close();
		await h.ctx.close();
		assert.deepEqual(browser.problems, []);
	});
});
