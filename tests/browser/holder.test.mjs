// A holder in a real browser (Debian's Chromium driven by playwright-core),
// on a phone-sized window (390 px): the worker claims an account on /claim
// with what their certificate gives them (number, the QR code's address,
// name, ID number), signs in, finds the certificate in "my certificates",
// turns sharing on; an employer with no session opens the public page and
// sees the status (and no ID number); sharing off, the page is gone (404).
// No console errors or failed requests beyond the intended 404.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { closedPlan, makeStation } from '../e2e/certlib.mjs';
import { apiAs, makeUser, newPassword, startServer } from '../e2e/lib.mjs';
import { fits, openBrowser } from './lib.mjs';

describe('browser: a holder claims an account, shares a certificate, an employer checks it [sqlite]', () => {
	let server;
	let browser;
	let cert; // staff view of the certificate: number, qr_token
	let who; // its holder: name, id_number
	const phone = (expected) => browser.page({ width: 390 }, expected);

	before(async () => {
		server = await startServer({ engine: 'sqlite', tag: 'browser-holder' });
		const s = await server.cli(['setting', 'set', 'public_url', server.base]);
		assert.equal(s.code, 0, s.stderr);
		const admin = await makeUser(server, 'holderadmin', { role: 'center_admin' });
		const api = apiAs(server.base, admin.token);
		const station = await makeStation(server, api, { assessors: 3 });
		const plan = await closedPlan(server, api, station, { pass: 1 });
		const r = await api(`/api/v1/plans/${plan.plan}/certificates`, { method: 'POST' });
		assert.ok([200, 201].includes(r.status), r.text);
		cert = (await api(`/api/v1/certificates?plan=${plan.plan}`)).json.certificates[0];
		who = plan.candidates[0];
		browser = await openBrowser();
	});

	after(async () => {
		if (browser) await browser.close();
		if (server) assert.equal(await server.stop(), 0, server.stderr());
	});

	it('claim → sign in → my certificates → share on → the employer sees the status → share off → 404', async () => {
		const holder = await phone();
		const p = holder.p;
		const password = newPassword();
		// the sign-in page leads to the claim
		await p.goto(`${server.base}/login`);
		await Promise.all([p.waitForURL(`${server.base}/claim`), p.locator('#claim-link').click()]);
		await fits(p, '/claim');
		await p.getByLabel('证书编号').fill(cert.number);
		await p.getByLabel('二维码查验码').fill(`${server.base}/v/${cert.qr_token}`);
		await p.getByLabel('姓名', { exact: true }).fill(who.name);
		await p.getByLabel('证件号码').fill(who.id_number);
		await p.getByLabel('用户名').fill('worker.one');
		await p.getByLabel('密码').fill(password);
		await p.getByRole('button', { name: '创建账户' }).click();
		await p.locator('#claimed').waitFor();
		// sign in: back to "my certificates"
		await p.getByRole('link', { name: '登录' }).last().click();
		await p.getByLabel('用户名').fill('worker.one');
		await p.getByLabel('密码').fill(password);
		await Promise.all([p.waitForURL(`${server.base}/me/certificates`), p.getByRole('button', { name: '登录' }).click()]);
		await fits(p, '/me/certificates');
		// the holder's menu: their certificates, no staff page
		assert.equal(await p.locator('header nav a[href="/me/certificates"]').count(), 1);
		for (const staff of ['/people', '/certificates', '/plans', '/audit'])
			assert.equal(await p.locator(`header nav a[href="${staff}"]`).count(), 0, staff);
		const card = p.locator(`#my-certificates li[data-number="${cert.number}"]`);
		assert.match(await card.locator('.badge.cert-status').textContent(), /有效/);
		assert.ok(await card.getByRole('link', { name: /PDF/ }).isVisible());
		assert.ok(await card.getByRole('link', { name: /\.jwt/ }).isVisible());
		// share on
		await Promise.all([p.waitForURL(`${server.base}/me/certificates`), card.getByRole('button', { name: '开启分享' }).click()]);
		const link = await p.locator(`#my-certificates li[data-number="${cert.number}"] a.share-link`).getAttribute('href');
		assert.match(link, /^\/c\/[A-Za-z0-9_-]{43}$/);
		// an employer, no session, on the public page
		const employer = await phone((status, where) => status === 404 && where === link);
		await employer.p.goto(server.base + link);
		await fits(employer.p, 'the public page');
		const shown = await employer.p.locator('#credential').textContent();
		assert.ok(shown.includes(cert.number) && /有效/.test(shown), shown);
		assert.ok(!(await employer.p.content()).includes(who.id_number), 'no ID number');
		// the page's check of the signature
		await Promise.all([employer.p.waitForURL(/\/v\//), employer.p.locator('#verify-link').click()]);
		assert.ok(await employer.p.locator('#signature').isVisible());
		// share off: the page is gone
		await Promise.all([p.waitForURL(`${server.base}/me/certificates`), p.locator(`#my-certificates li[data-number="${cert.number}"]`).getByRole('button', { name: '关闭分享' }).click()]);
		const gone = await employer.p.goto(server.base + link);
		assert.equal(gone.status(), 404);
		await employer.ctx.close();
		await holder.ctx.close();
		assert.deepEqual(browser.problems, []);
		assert.deepEqual(browser.refused, [`404 ${link}`]);
	});
});
