// A candidate in a real browser (Debian's Chromium driven by
// playwright-core), on a phone-sized window (390 px): staff draw the plan's
// claim codes; the worker follows /claim to /claim/code, creates an account
// with the code (typed loosely), their name and ID number, signs in, and
// finds their published result (outcome, component scores) in "my
// results", which fits the window; then "my admission tickets" (a plan
// approved since, where they are enrolled) fits the window too, and its
// link downloads their ticket (a PDF); staff on the plan page confirm, by
// keyboard, that printing draws new claim codes and download one
// candidate's ticket. No console errors or failed requests.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { closedPlan, makeStation } from '../e2e/certlib.mjs';
import { apiAs, makeUser, newPassword, startServer } from '../e2e/lib.mjs';
import { download, fits, openBrowser } from './lib.mjs';

describe('browser: a candidate claims an account with a claim code and reads their results [sqlite]', () => {
	let server;
	let browser;
	let who; // the candidate: name, id_number, enrolment_id
	let code; // their claim code
	let next; // an approved plan where they are enrolled: {plan, enrolment}
	let admin; // staff: center_admin
	const phone = (expected) => browser.page({}, expected);

	before(async () => {
		server = await startServer({ engine: 'sqlite', tag: 'browser-ticket' });
		admin = await makeUser(server, 'ticketadmin', { role: 'center_admin' });
		const api = apiAs(server.base, admin.token);
		const station = await makeStation(server, api, { assessors: 3 });
		const plan = await closedPlan(server, api, station, { pass: 1, close: false });
		who = plan.candidates[0];
		const r = await api(`/api/v1/plans/${plan.plan}/claim-codes`, { method: 'POST' });
		assert.equal(r.status, 200, r.text);
		code = r.json.codes.find((x) => x.enrolment_id === who.enrolment_id).code;
		// the next plan, approved, with the same worker enrolled
		const ok = async (q, want) => {
			const x = await q;
			assert.equal(x.status, want, x.text);
			return x.json;
		};
		const id = (await ok(api('/api/v1/plans', { method: 'POST', json: { institution_id: station.id, standard_id: station.standard, level: 4, capacity: 1 } }), 201)).id;
		const room = (await ok(api(`/api/v1/plans/${id}/rooms`, { method: 'POST', json: { name: '第三考场', capacity: 1 } }), 201)).id;
		for (const a of station.assessors) await ok(api(`/api/v1/plans/${id}/staff`, { method: 'POST', json: { person_id: a, role: 'assessor' } }), 201);
		for (const pr of station.proctors) await ok(api(`/api/v1/plans/${id}/staff`, { method: 'POST', json: { person_id: pr, role: 'proctor', room_id: room } }), 201);
		const e = (await ok(api(`/api/v1/plans/${id}/enrolments`, { method: 'POST', json: { person_id: who.person_id, room_id: room } }), 201)).id;
		for (const action of ['submit', 'approve']) await ok(api(`/api/v1/plans/${id}/act`, { method: 'POST', json: { action } }), 200);
		next = { plan: id, enrolment: e };
		browser = await openBrowser();
	});

	after(async () => {
		if (browser) await browser.close();
		if (server) assert.equal(await server.stop(), 0, server.stderr());
	});

	const password = newPassword();
	it('sign-in → /claim → /claim/code → the account → sign in → my results', async () => {
		const { ctx, p } = await phone();
		await p.goto(`${server.base}/login`);
		await Promise.all([p.waitForURL(`${server.base}/claim`), p.locator('#claim-link').click()]);
		await Promise.all([p.waitForURL(`${server.base}/claim/code`), p.locator('a[href="/claim/code"]').click()]);
		await fits(p, '/claim/code');
		await p.getByLabel('领取码').fill(code.toLowerCase().replace(/-/g, ' '));
		await p.getByLabel('姓名', { exact: true }).fill(who.name);
		await p.getByLabel('证件号码').fill(who.id_number);
		await p.getByLabel('用户名').fill('worker.code');
		await p.getByLabel('密码').fill(password);
		await p.getByRole('button', { name: '创建账户' }).click();
		await p.locator('#claimed').waitFor();
		await p.getByRole('link', { name: '登录' }).last().click();
		await p.getByLabel('用户名').fill('worker.code');
		await p.getByLabel('密码').fill(password);
		await Promise.all([p.waitForURL(`${server.base}/me/results`), p.getByRole('button', { name: '登录' }).click()]);
		await fits(p, '/me/results');
		assert.equal(await p.locator('header nav a[href="/me/results"]').count(), 1);
		const card = p.locator(`#my-results li[data-enrolment="${who.enrolment_id}"]`);
		assert.equal((await card.locator('.outcome').textContent()).trim(), '合格');
		assert.match(await card.locator('tr[data-component="theory"]').textContent(), /82\.5/);
		await ctx.close();
		assert.deepEqual(browser.problems, []);
		assert.deepEqual(browser.refused, []);
	});

	it('my admission tickets at 390 px: the approved plan\'s ticket, its PDF downloaded from the link', async () => {
		const { ctx, p } = await phone();
		await p.goto(`${server.base}/login?next=/me/results`);
		await p.getByLabel('用户名').fill('worker.code');
		await p.getByLabel('密码').fill(password);
		await Promise.all([p.waitForURL(`${server.base}/me/results`), p.getByRole('button', { name: '登录' }).click()]);
		await Promise.all([p.waitForURL(`${server.base}/me/tickets`), p.locator('#tickets-link').click()]);
		await fits(p, '/me/tickets');
		const card = p.locator(`#my-tickets li[data-enrolment="${next.enrolment}"]`);
		assert.match(await card.textContent(), /第三考场/);
		const link = card.locator('a.ticket-pdf');
		assert.ok(await link.isVisible());
		const pdf = await download(p, link);
		assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
		await ctx.close();
		assert.deepEqual(browser.problems, []);
		assert.deepEqual(browser.refused, []);
	});

	it('the plan page at 390 px: the tickets block, its confirmation ticked by keyboard, one candidate\'s ticket downloaded', async () => {
		const { ctx, p } = await phone();
		await p.goto(`${server.base}/login?next=/plans/${next.plan}`);
		await p.getByLabel('用户名').fill(admin.name);
		await p.getByLabel('密码').fill(admin.password);
		await Promise.all([p.waitForURL(`${server.base}/plans/${next.plan}`), p.getByRole('button', { name: '登录' }).click()]);
		await fits(p, 'the plan page');
		const block = p.locator('#tickets');
		assert.match(await block.locator('#tickets-warning').textContent(), /重新生成领取码/);
		await block.locator('summary').click();
		const box = block.getByRole('checkbox');
		await box.focus();
		await p.keyboard.press('Space');
		assert.equal(await box.isChecked(), true);
		const one = block.locator(`button[formaction="/plans/${next.plan}/enrolments/${next.enrolment}/ticket.pdf"]`);
		const pdf = await download(p, one);
		assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
		await ctx.close();
		// a form's POST that turns into a download ends its navigation:
		// Chromium reports that request as aborted, the download is whole
		const aborted = `request failed: ${server.base}/plans/${next.plan}/enrolments/${next.enrolment}/ticket.pdf net::ERR_ABORTED`;
		assert.deepEqual(browser.problems.filter((x) => x !== aborted), []);
		assert.deepEqual(browser.refused, []);
	});
});
