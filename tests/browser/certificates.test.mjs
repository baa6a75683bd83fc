// Certificates in a real browser (Debian's Chromium driven by
// playwright-core), from issuing to the public lookups:
//   - setup through the API (tests/e2e/certlib.mjs): a registered exam
//     station with an HR filing, a closed plan with two passing
//     candidates, one of them with a photo;
//   - the center admin issues the plan's certificates with the button of
//     the plan page, lands on the plan's certificate list (two 22-character
//     numbers), opens one: holder, 有效, the history, the PDF (application/
//     pdf through the same session); the status form: 暂停 without a reason
//     is stopped by the browser, then (validation off) refused by the
//     server beside the reason field with the chosen action kept; with a
//     reason the certificate is 已暂停 and the history says so;
//   - an anonymous visitor on /verify: by number + name (masked name, ID
//     as ************** + last 4, the status and its date, never the
//     staff's free-text reason; the full
//     ID number never in the page source), a wrong name answered exactly
//     like a number that does not exist, by ID number + name;
//   - the QR landing page /v/{token}: the signature holds; one character
//     of the signature changed: refused in #signature;
//   - a 390-px-wide window: the achievement page a credential links
//     (/occupations/{code}/levels/{n}, zh and en), /verify, the 公示 page
//     and the home page fit it;
//   - /verify in English, and filled and sent with the keyboard only.
// No console errors or failed requests beyond the intended refusals.
// Screenshots of each step go to a temp directory (printed).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { closedPlan, makeStation, pngPhoto } from '../e2e/certlib.mjs';
import { apiAs, checkServer, makeUser, startServer } from '../e2e/lib.mjs';
import { login, numberedLabel, openBrowser } from './lib.mjs';

const NUMBER = /^[SY]\d{14}[1-5]\d{6}$/; // 22 characters (domain.md §1.1)
const NO_MATCH = '未查到与所填信息相符的证书';
const REASON = '用人单位举报，资格复核中';

/* 王小明 → 王*明 (first and last character shown). */
const maskName = (n) => [...n][0] + '*'.repeat([...n].length - 2) + [...n].at(-1);
/* an 18-character ID number → first 6 + 8 stars + last 4 (staff pages) */
const maskId = (id) => id.slice(0, 6) + '********' + id.slice(-4);
/* ... and as public answers show it: the last 4 only (docs/security.md) */
const publicMaskId = (id) => '*'.repeat(14) + id.slice(-4);

describe('browser: certificates issued, suspended and verified [sqlite]', () => {
	let server;
	let browser;
	let page;
	let admin; // center_admin: issues, changes, reads the API
	let api;
	let plan; // {plan, candidates: [{name, id_number, person_id, pass}]}
	let noPhoto; // a closed plan whose two candidates have no photo
	const shotDir = fs.mkdtempSync(path.join(os.tmpdir(), 'skillcert-shots-certs-'));
	let shotN = 0;

	const shot = async (name, p = page) => {
		const n = String(++shotN).padStart(2, '0');
		await p.screenshot({ path: path.join(shotDir, `${n}-${name}.png`), fullPage: true });
	};

	/* The intended 4xx answers are recorded as "STATUS METHOD /path", ids
	 * as N and a /v/ token as TOKEN. */
	const label = (status, where, method) => numberedLabel(status, where, method).replace(/ \/v\/.*$/, ' /v/TOKEN');

	const signIn = (p, u) => login(p, server.base, u.name, u.password);
	const badge = (p = page) => p.locator('.titlehead .badge').textContent();
	const anonPage = (expected) => browser.page({ width: 1280, height: 900 }, expected);

	before(async () => {
		server = await startServer({ engine: 'sqlite', tag: 'browser-certs' });
		admin = await makeUser(server, 'certadmin', { role: 'center_admin' });
		api = apiAs(server.base, admin.token);
		const station = await makeStation(server, api, { assessors: 3 });
		plan = await closedPlan(server, api, station, { pass: 2 });
		assert.equal(plan.candidates.length, 2);
		noPhoto = await closedPlan(server, api, station, { pass: 2, photo: null });
		// the first one has a photo (it goes onto the printed certificate)
		const photo = pngPhoto();
		const r = await api(`/api/v1/people/${plan.candidates[0].person_id}/photo`, { method: 'POST', body: photo, headers: { 'Content-Type': 'image/png' } });
		assert.equal(r.status, 200, r.text);
		browser = await openBrowser({ label });
		({ p: page } = await browser.page({ width: 1280, height: 900 }, (status, where, method) => status === 422 && method === 'POST' &&
			/^\/certificates\/\d+\/status$|^\/plans\/\d+\/certificates$/.test(where)));
	});

	after(async () => {
		console.log(`# screenshots: ${shotDir}`);
		if (browser) await browser.close();
		if (server) {
			const code = await server.stop();
			assert.equal(code, 0, server.stderr());
		}
	});

	const certs = []; // [{id, number, cand}] in candidate order
	let suspended; // the certificate suspended below (the one with a photo)
	let valid; // the other one

	it('the plan page warns of candidates without a photo; issuing is refused naming them, with links to their pages', async () => {
		await signIn(page, admin);
		await page.goto(`${server.base}/plans/${noPhoto.plan}`);
		const warn = page.locator('section#lifecycle #missing-photos');
		assert.equal(await warn.count(), 1);
		assert.match(await warn.locator('p').first().textContent(), /^2 名考生缺少照片：$/);
		for (const c of noPhoto.candidates)
			assert.equal(await warn.locator(`a[href="/people/${c.person_id}"]`).textContent(), c.name);
		await shot('plan-missing-photos');
		await Promise.all([
			page.waitForURL(`${server.base}/plans/${noPhoto.plan}/certificates`),
			page.locator('section#certificates').getByRole('button', { name: '为合格人员发证' }).click(),
		]);
		assert.match(await page.locator('h1').textContent(), /缺少照片/);
		assert.equal(await page.locator('#missing-photos li a').count(), 2);
		await shot('issue-refused-photos');
		// nothing issued
		const r = await api(`/api/v1/certificates?plan=${noPhoto.plan}`);
		assert.equal(r.json.certificates.length, 0);
		// the plan with photos: no warning
		await page.goto(`${server.base}/plans/${plan.plan}`);
		assert.equal(await page.locator('#missing-photos').count(), 0);
	});

	it('the center admin issues the closed plan\'s certificates from the plan page', async () => {
		await page.goto(`${server.base}/plans/${plan.plan}`);
		assert.equal(await badge(), '已关闭');
		const section = page.locator('section#certificates');
		await shot('plan-closed');
		await Promise.all([
			page.waitForURL(`${server.base}/certificates?plan=${plan.plan}&done=issued&n=2`),
			section.getByRole('button', { name: '为合格人员发证' }).click(),
		]);
		assert.equal(await page.locator('p.notice[role="status"]').textContent(), '发证完成，新发证书数： 2');
		const rows = page.locator('table#certificates tbody tr');
		assert.equal(await rows.count(), 2);
		for (const cand of plan.candidates) {
			const row = page.locator('table#certificates tbody tr', { hasText: cand.name });
			assert.equal(await row.count(), 1, `a row for ${cand.name}`);
			const link = row.locator('a[href^="/certificates/"]');
			const number = await link.textContent();
			assert.match(number, NUMBER);
			assert.equal(number.length, 22);
			assert.equal(await row.locator('.badge').textContent(), '有效');
			assert.ok(!(await row.textContent()).includes(cand.id_number), 'no ID number in the list');
			certs.push({ id: Number(/\/(\d+)$/.exec(await link.getAttribute('href'))[1]), number, cand });
		}
		assert.notEqual(certs[0].number, certs[1].number);
		[suspended, valid] = certs;
		await shot('certificates-issued');
	});

	it('one certificate: holder, status, history, the PDF', async () => {
		const c = suspended;
		await Promise.all([
			page.waitForURL(`${server.base}/certificates/${c.id}`),
			page.locator('table#certificates').getByRole('link', { name: c.number }).click(),
		]);
		assert.equal(await page.locator('h1').textContent(), c.number);
		assert.equal(await badge(), '有效');
		const facts = page.locator('dl.facts');
		assert.equal(await facts.locator('dt:text-is("姓名") + dd').textContent(), c.cand.name);
		assert.equal(await facts.locator('dt:text-is("证件号码") + dd').textContent(), maskId(c.cand.id_number));
		const history = page.locator('ol.history li');
		assert.equal(await history.count(), 1);
		assert.match(await history.textContent(), /发证/);
		// the PDF, in the session of the page
		const href = await page.getByRole('link', { name: '下载证书（PDF）' }).getAttribute('href');
		assert.equal(href, `/certificates/${c.id}/certificate.pdf`);
		const pdf = await page.request.get(server.base + href);
		assert.equal(pdf.status(), 200);
		assert.equal(pdf.headers()['content-type'], 'application/pdf');
		const body = await pdf.body();
		assert.equal(body.subarray(0, 5).toString('latin1'), '%PDF-');
		assert.ok(body.length > 2000, `a real document (${body.length} bytes)`);
		await shot('certificate-valid');
	});

	it('the status form: 暂停 without a reason is refused beside the field, then saved with one', async () => {
		const c = suspended;
		const form = () => page.locator(`form[action="/certificates/${c.id}/status"]`);
		await form().getByLabel('操作').selectOption('suspend');
		// the browser's own check stops an empty reason first
		await form().getByRole('button', { name: '保存' }).click();
		assert.equal(page.url(), `${server.base}/certificates/${c.id}`);
		assert.equal(await form().getByLabel('原因').evaluate((el) => el.validity.valueMissing), true);
		// without it (an old browser, a script) the server refuses it
		await form().evaluate((f) => {
			f.noValidate = true;
		});
		const [res] = await Promise.all([
			page.waitForResponse((r) => r.request().method() === 'POST'),
			form().getByRole('button', { name: '保存' }).click(),
		]);
		assert.equal(res.status(), 422);
		await page.waitForLoadState();
		const reason = form().getByLabel('原因');
		assert.equal(await reason.getAttribute('aria-invalid'), 'true');
		assert.equal(await reason.getAttribute('aria-describedby'), 'e-s-reason');
		const err = form().locator('#e-s-reason');
		assert.equal(await err.textContent(), '请填写原因（不超过 500 字）');
		assert.ok(await err.isVisible());
		// the error sits right after the field, in the same .field block
		assert.equal(await err.evaluate((e) => e.previousElementSibling?.id), 'f-s-reason');
		assert.equal(await form().getByLabel('操作').inputValue(), 'suspend', 'the chosen action is kept');
		assert.match(await page.locator('.error-summary[role="alert"]').textContent(), /请填写原因/);
		assert.equal(await badge(), '有效', 'nothing changed');
		await shot('status-refused');

		await form().getByLabel('原因').fill(REASON);
		await Promise.all([
			page.waitForURL(`${server.base}/certificates/${c.id}?done=status`),
			form().getByRole('button', { name: '保存' }).click(),
		]);
		assert.equal(await badge(), '已暂停');
		assert.equal(await page.locator('p.notice[role="status"]').textContent(), '已保存');
		const history = page.locator('ol.history li');
		assert.equal(await history.count(), 2);
		assert.match(await history.nth(1).textContent(), new RegExp(`暂停 — ${admin.name}：${REASON}`));
		// a suspended certificate is not printed
		assert.equal((await page.request.get(`${server.base}/certificates/${c.id}/certificate.pdf`)).status(), 404);
		await shot('status-suspended');
	});

	it('an anonymous visitor verifies by number and name, and by ID number and name', async () => {
		// by number: GET; by ID number: POST (the number stays out of URLs)
		const { ctx, p } = await anonPage((status, where, method) => status === 404 && where === '/verify');
		try {
			await p.goto(server.base + '/verify');
			assert.equal(await p.locator('h1').textContent(), '证书查询');
			assert.equal(await p.locator('form#by-number').count(), 1);
			assert.equal(await p.locator('form#by-id').count(), 1);
			assert.equal(await p.locator('#verify-result').count(), 0, 'no result before a question');

			const byNumber = async (number, name) => {
				const f = p.locator('form#by-number');
				await f.getByLabel('证书编号').fill(number);
				await f.getByLabel('姓名').fill(name);
				const [res] = await Promise.all([p.waitForNavigation(), f.getByRole('button', { name: '查询' }).click()]);
				return res.status();
			};
			const checkCard = async (card, c, status) => {
				const text = await card.textContent();
				assert.equal(await card.locator('.cert-number').textContent(), c.number);
				assert.equal(await card.locator('dt:text-is("姓名") + dd').textContent(), maskName(c.cand.name));
				assert.ok(!text.includes(c.cand.name), 'the name is masked');
				assert.equal(await card.locator('dt:text-is("证件号码") + dd').textContent(), publicMaskId(c.cand.id_number));
				assert.equal(await card.locator('.badge').first().textContent(), status);
			};
			const noFullId = async () => {
				const html = await p.content();
				for (const c of certs) assert.ok(!html.includes(c.cand.id_number), 'the full ID number is nowhere in the page');
			};

			// the suspended one: its status and date; the staff's reason stays
			// internal (only a revocation's category is ever public)
			assert.equal(await byNumber(suspended.number, suspended.cand.name), 200);
			let cards = p.locator('#verify-result article.cert-card');
			assert.equal(await cards.count(), 1);
			await checkCard(cards, suspended, '已暂停');
			const callout = await cards.locator('.callout').textContent();
			assert.match(callout, /状态变更于 \d{4}-\d{2}-\d{2}/);
			assert.ok(!(await p.content()).includes(REASON), `never the reason: ${callout}`);
			await noFullId();
			await shot('verify-suspended', p);

			// the valid one
			assert.equal(await byNumber(valid.number, ` ${valid.cand.name} `), 200, 'spaces around the name are fine');
			cards = p.locator('#verify-result article.cert-card');
			assert.equal(await cards.count(), 1);
			await checkCard(cards, valid, '有效');
			assert.equal(await cards.locator('.callout').count(), 0);
			await noFullId();

			// a wrong name answers like a number that does not exist
			const wrongName = [...valid.cand.name][0] + '某某';
			assert.equal(await byNumber(valid.number, wrongName), 404);
			const wrong = await p.locator('#verify-result').textContent();
			assert.equal(await p.locator('#verify-result article.cert-card').count(), 0);
			assert.equal(await p.locator('form#by-number').getByLabel('证书编号').inputValue(), valid.number, 'what was typed stays');
			await shot('verify-no-match', p);
			const missing = valid.number.slice(0, 15) + (valid.number[15] === '4' ? '3' : '4') + '999999';
			assert.equal(await byNumber(missing, valid.cand.name), 404);
			const none = await p.locator('#verify-result').textContent();
			assert.equal(wrong, none, 'a wrong name and a missing number look the same');
			assert.equal(none, NO_MATCH);

			// by ID number and name
			const f = p.locator('form#by-id');
			await f.getByLabel('证件号码').fill(suspended.cand.id_number);
			await f.getByLabel('姓名').fill(suspended.cand.name);
			const [res] = await Promise.all([p.waitForNavigation(), f.getByRole('button', { name: '查询' }).click()]);
			assert.equal(res.status(), 200);
			cards = p.locator('#verify-result article.cert-card');
			assert.equal(await cards.count(), 1);
			await checkCard(cards, suspended, '已暂停');
			assert.equal(await p.locator('form#by-id').getByLabel('证件号码').inputValue(), '', 'the ID number is not written back');
			assert.ok(!p.url().includes(suspended.cand.id_number), 'the ID number is sent by POST: never in the address');
			await noFullId();
			await shot('verify-by-id', p);
			// the same ID number with a wrong name: the same message
			await p.locator('form#by-id').getByLabel('证件号码').fill(suspended.cand.id_number);
			await p.locator('form#by-id').getByLabel('姓名').fill('王某某');
			const [res2] = await Promise.all([p.waitForNavigation(), p.locator('form#by-id').getByRole('button', { name: '查询' }).click()]);
			assert.equal(res2.status(), 404);
			assert.equal(await p.locator('#verify-result').textContent(), NO_MATCH);
			await noFullId();
		} finally {
			await ctx.close();
		}
	});

	it('the QR landing page: the signature holds; a changed signature is refused', async () => {
		const got = await api(`/api/v1/certificates/${suspended.id}`);
		assert.equal(got.status, 200, got.text);
		const token = got.json.qr_token;
		assert.match(token, /^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
		const { ctx, p } = await anonPage((status, where, method) => status === 422 && method === 'GET' && where.startsWith('/v/'));
		try {
			const ok = await p.goto(`${server.base}/v/${token}`);
			assert.equal(ok.status(), 200);
			assert.equal(await p.locator('#signature').textContent(), '二维码签名有效：本证书由本中心签发。');
			const card = p.locator('article.cert-card');
			assert.equal(await card.count(), 1);
			assert.equal(await card.locator('.cert-number').textContent(), suspended.number);
			assert.equal(await card.locator('.badge').first().textContent(), '已暂停');
			assert.ok(!(await p.content()).includes(suspended.cand.id_number));
			await shot('qr-ok', p);

			const i = token.lastIndexOf('.') + 10;
			const bad = token.slice(0, i) + (token[i] === 'A' ? 'B' : 'A') + token.slice(i + 1);
			const no = await p.goto(`${server.base}/v/${bad}`);
			assert.equal(no.status(), 422);
			assert.equal(await p.locator('#signature').textContent(), '签名无效：内容被改动，或不是本中心签发');
			assert.equal(await p.locator('#signature').getAttribute('role'), 'alert');
			assert.equal(await p.locator('article.cert-card').count(), 0);
			await shot('qr-bad', p);
		} finally {
			await ctx.close();
		}
	});

	it('a phone (390 px wide): the achievement page a credential links, in Chinese and English, and /verify', async () => {
		const jws = (await api(`/api/v1/certificates/${valid.id}/credential`)).text.trim();
		const cred = JSON.parse(Buffer.from(jws.split('.')[1], 'base64url').toString('utf8'));
		const url = new URL(cred.credentialSubject.achievement.id);
		const { ctx, p } = await anonPage();
		try {
			await p.setViewportSize({ width: 390, height: 844 });
			const wide = () => p.evaluate(() => document.documentElement.scrollWidth);
			const res = await p.goto(server.base + url.pathname);
			assert.equal(res.status(), 200);
			assert.match(await p.locator('h1').textContent(), /车工.*四级\/中级工/);
			const table = p.locator('section.standard table').first();
			assert.ok(await table.isVisible(), 'the components table');
			assert.ok(await table.locator('th[scope="row"]', { hasText: '理论知识考试' }).isVisible());
			assert.ok((await wide()) <= 390, `no sideways scrolling: ${await wide()} px`);
			await shot('achievement-390', p);
			await p.goto(`${server.base}${url.pathname}?lang=en`);
			assert.equal(await p.getAttribute('html', 'lang'), 'en');
			assert.ok(await p.locator('th', { hasText: 'Pass mark' }).first().isVisible());
			assert.ok((await wide()) <= 390, `in English too: ${await wide()} px`);
			await p.goto(`${server.base}/verify?lang=zh`);
			assert.ok((await wide()) <= 390, `/verify: ${await wide()} px`);
			await shot('verify-390', p);
			// the 公示 page with its search, and the home page with the notices
			await p.goto(`${server.base}/registry/batches`);
			assert.ok(await p.getByRole('searchbox').isVisible(), 'the search field');
			assert.ok((await wide()) <= 390, `/registry/batches: ${await wide()} px`);
			await p.goto(`${server.base}/`);
			assert.ok(await p.locator('#h-notices').isVisible());
			assert.ok((await wide()) <= 390, `/: ${await wide()} px`);
			await shot('home-390', p);
		} finally {
			await ctx.close();
		}
	});

	it('/verify in English, and filled and sent with the keyboard only', async () => {
		const { ctx, p } = await anonPage();
		try {
			// the keyboard: Tab from the top of the page to the number field
			await p.goto(server.base + '/verify');
			await p.locator('body').focus();
			let tabs = 0;
			while ((await p.evaluate(() => document.activeElement?.id)) !== 'f-n-number') {
				assert.ok(++tabs < 40, 'the number field is reachable with Tab');
				await p.keyboard.press('Tab');
			}
			await p.keyboard.type(valid.number);
			await p.keyboard.press('Tab');
			assert.equal(await p.evaluate(() => document.activeElement?.id), 'f-n-name', 'Tab goes on to the name');
			await p.keyboard.type(valid.cand.name);
			await Promise.all([p.waitForURL(/\/verify\?number=/), p.keyboard.press('Enter')]);
			const card = p.locator('#verify-result article.cert-card');
			assert.equal(await card.count(), 1);
			assert.equal(await card.locator('.cert-number').textContent(), valid.number);
			// Tab on from the name field: the button, then the other form
			await p.locator('#f-n-name').focus();
			await p.keyboard.press('Tab');
			assert.equal(await p.evaluate(() => document.activeElement?.closest('form')?.id + ' ' + document.activeElement?.tagName), 'by-number BUTTON');
			await p.keyboard.press('Tab');
			assert.equal(await p.evaluate(() => document.activeElement?.id), 'f-i-id_number');
			await shot('verify-keyboard', p);

			// English through the switch
			await p.goto(server.base + '/lang?to=en');
			await p.goto(server.base + '/verify');
			assert.equal(await p.getAttribute('html', 'lang'), 'en');
			assert.equal(await p.locator('h1').textContent(), 'Certificate verification');
			assert.equal(await p.locator('form#by-number h2').textContent(), 'By certificate number and name');
			assert.equal(await p.locator('form#by-id h2').textContent(), 'By ID number and name');
			const f = p.locator('form#by-number');
			await f.getByLabel('Certificate number').fill(suspended.number);
			await f.getByLabel('Name').fill(suspended.cand.name);
			await Promise.all([p.waitForURL(/\/verify\?number=/), f.getByRole('button', { name: 'Verify' }).click()]);
			const en = p.locator('#verify-result article.cert-card');
			assert.equal(await en.locator('.badge').first().textContent(), 'Suspended');
			assert.match(await en.locator('.callout').textContent(), /^Status changed on /);
			await shot('verify-en', p);
		} finally {
			await ctx.close();
		}

		checkServer(server);
		assert.deepEqual(browser.problems, [], 'no console errors, failed requests or unexpected HTTP errors');
		assert.deepEqual(browser.refused.sort(), [
			'404 GET /verify',
			'404 GET /verify',
			'404 POST /verify',
			'422 GET /v/TOKEN',
			'422 POST /certificates/N/status',
			'422 POST /plans/N/certificates',
		], 'exactly the intended refusals');
	});
});
