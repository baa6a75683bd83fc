// The subsidy form and the photo on /verify in a real browser (Debian's
// Chromium driven by playwright-core), on a phone-sized window (390 px):
// a holder finds the subsidy application form's link on their
// certificate's card and downloads the PDF; the public /verify page found
// by number shows no photo until the holder turns the photo switch on,
// then shows it (an image the browser decodes), and none once it is off
// again; staff read the page of open windows (/subsidy), its "within N
// days" form sent with the keyboard; a claim recorded by mistake voided
// from its row. Everything fits the window; no
// console errors or failed requests.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { closedPlan, makeStation } from '../e2e/certlib.mjs';
import { apiAs, http, makeUser, newPassword, startServer } from '../e2e/lib.mjs';
import { download, fits, login, openBrowser } from './lib.mjs';

describe('browser: the subsidy form, the photo on /verify, the page of open windows [sqlite]', () => {
	let server;
	let browser;
	let admin;
	let cert; // staff view of the certificate
	let who; // its holder: name, id_number
	const password = newPassword();
	const phone = (expected) => browser.page({}, expected);

	before(async () => {
		server = await startServer({ engine: 'sqlite', tag: 'browser-subsidy', args: ['--verify-rate', '0'] });
		const s = await server.cli(['setting', 'set', 'public_url', server.base]);
		assert.equal(s.code, 0, s.stderr);
		admin = await makeUser(server, 'subsidyadmin', { role: 'center_admin' });
		const api = apiAs(server.base, admin.token);
		const station = await makeStation(server, api, { assessors: 3 });
		const plan = await closedPlan(server, api, station, { pass: 1 });
		const r = await api(`/api/v1/plans/${plan.plan}/certificates`, { method: 'POST' });
		assert.ok([200, 201].includes(r.status), r.text);
		cert = (await api(`/api/v1/certificates?plan=${plan.plan}`)).json.certificates[0];
		who = plan.candidates[0];
		const c = await http(server.base, '/api/v1/holder/claim', {
			method: 'POST', json: { number: cert.number, token: cert.qr_token, name: who.name, id_number: who.id_number, username: 'worker.subsidy', password },
		});
		assert.equal(c.status, 201, c.text);
		browser = await openBrowser();
	});

	after(async () => {
		if (browser) await browser.close();
		if (server) assert.equal(await server.stop(), 0, server.stderr());
	});

	const signIn = (p, user, pass, next) => login(p, server.base, user, pass, next);
	/* /verify by number, typed into its form; whether the photo shows (and
	 * the browser decoded it). */
	const verify = async (p) => {
		await p.goto(`${server.base}/verify`);
		await p.locator('#n-number, #f-n-number').first().fill(cert.number);
		await p.locator('#f-n-name').fill(who.name);
		await Promise.all([p.waitForURL(/\/verify\?/), p.locator('#by-number button[type="submit"]').click()]);
		await p.locator('#verify-result').waitFor();
		await fits(p, '/verify');
		const img = p.locator('#holder-photo');
		if (!(await img.count())) return false;
		return img.evaluate((x) => x.complete && x.naturalWidth > 0);
	};

	it('my certificates at 390 px: the subsidy form\'s link downloads the PDF', async () => {
		const { ctx, p } = await phone();
		await signIn(p, 'worker.subsidy', password, '/me/certificates');
		await fits(p, '/me/certificates');
		const link = p.locator(`#subsidy-${cert.id} a.subsidy-form`);
		assert.ok(await link.isVisible());
		assert.equal(await link.getAttribute('href'), `/me/certificates/${cert.id}/subsidy.pdf`);
		const pdf = await download(p, link);
		assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
		await ctx.close();
		assert.deepEqual(browser.problems, []);
		assert.deepEqual(browser.refused, []);
	});

	it('/verify by number: no photo while the holder hides it, the photo once shown, none once hidden again', async () => {
		const anyone = await phone();
		assert.equal(await verify(anyone.p), false, 'hidden by default');
		const holder = await phone();
		await signIn(holder.p, 'worker.subsidy', password, '/me/certificates');
		const card = () => holder.p.locator(`#my-certificates li[data-number="${cert.number}"] form.photo-switch button`);
		await Promise.all([holder.p.waitForURL(`${server.base}/me/certificates`), card().click()]);
		assert.equal(await verify(anyone.p), true, 'shown, and decoded by the browser');
		await Promise.all([holder.p.waitForURL(`${server.base}/me/certificates`), card().click()]);
		assert.equal(await verify(anyone.p), false, 'hidden again');
		await anyone.ctx.close();
		await holder.ctx.close();
		assert.deepEqual(browser.problems, []);
		assert.deepEqual(browser.refused, []);
	});

	it('staff at 390 px: the page of open windows, its form sent with the keyboard', async () => {
		const { ctx, p } = await phone();
		await signIn(p, admin.name, admin.password, '/subsidy');
		await fits(p, '/subsidy');
		assert.equal(await p.locator('header nav a[href="/subsidy"]').count(), 1);
		const within = p.getByLabel('截止于几天内');
		await within.fill('90');
		await Promise.all([p.waitForURL(/within=90/), within.press('Enter')]);
		await fits(p, '/subsidy?within=90');
		assert.equal(await p.locator('#subsidy-downloads a[href="/subsidy/holders.csv?within=90"]').count(), 1);
		await ctx.close();
		assert.deepEqual(browser.problems, []);
		assert.deepEqual(browser.refused, []);
	});

	it('staff at 390 px: a claim recorded by mistake voided from its row with the keyboard, then marked', async () => {
		const api = apiAs(server.base, admin.token);
		const rec = await api(`/api/v1/certificates/${cert.id}/subsidy-claims`, { method: 'POST', json: { claimed_on: cert.issued_on, amount: '1500元' } });
		assert.equal(rec.status, 201, rec.text);
		const { ctx, p } = await phone();
		await signIn(p, admin.name, admin.password, `/certificates/${cert.id}`);
		await fits(p, `/certificates/${cert.id}`);
		const reason = p.locator(`#f-sv${rec.json.id}-reason`);
		assert.equal(await p.getByLabel('作废原因').count(), 1);
		await reason.fill('录错证书');
		await Promise.all([p.waitForURL(/#subsidy-claims$/), reason.press('Enter')]);
		const row = p.locator(`tr[data-claim="${rec.json.id}"].void`);
		await row.waitFor();
		assert.match(await row.innerText(), /已作废[\s\S]*录错证书/);
		await fits(p, `/certificates/${cert.id}#subsidy-claims`);
		await ctx.close();
		assert.deepEqual(browser.problems, []);
		assert.deepEqual(browser.refused, []);
	});
});
