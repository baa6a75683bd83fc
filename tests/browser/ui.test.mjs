// The pages in a real browser: Debian's Chromium driven by playwright-core.
// Signing in through the login form, the language switch (and the cookie
// that keeps it), creating an institution through the form, a refused form
// keeping what was typed, renaming and the name history. No console errors
// allowed. A screenshot of each step goes to a temp dir (printed) for a
// human to look at.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { checkServer, makeUser, startServer } from '../e2e/lib.mjs';
import { openBrowser } from './lib.mjs';

describe('browser: language, create, rename [sqlite]', () => {
	let server;
	let browser;
	let context;
	let page;
	let user; // a center_admin: creating and renaming take a signed-in user
	let b; // the browser's problems (./lib.mjs)
	const shotDir = fs.mkdtempSync(path.join(os.tmpdir(), 'skillcert-shots-'));
	let shotN = 0;
	const shot = async (name) => {
		const file = path.join(shotDir, `${String(++shotN).padStart(2, '0')}-${name}.png`);
		await page.screenshot({ path: file, fullPage: true });
		return file;
	};

	before(async () => {
		server = await startServer({ engine: 'sqlite', tag: 'browser' });
		user = await makeUser(server, 'tester', { role: 'center_admin', token: false });
		b = await openBrowser();
		browser = b.browser;
		context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1100, height: 800 } });
		context.setDefaultTimeout(10000);
		page = await context.newPage();
		// a refused form is a 409 or 422 on purpose
		b.watch(page, (status, where, method) => method === 'POST' && [409, 422].includes(status));

	});

	after(async () => {
		console.log(`# screenshots: ${shotDir}`);
		if (browser) await browser.close().catch(() => {});
		if (server) {
			const code = await server.stop();
			assert.equal(code, 0, server.stderr());
		}
	});

	it('walks through the site', async () => {
		const base = server.base;

		// 0. sign in through the form (Chinese by default); back to the home page
		let res = await page.goto(base + '/login');
		assert.equal(res.status(), 200);
		assert.equal(await page.locator('h1').textContent(), '登录');
		await page.getByLabel('用户名').fill(user.name);
		await page.getByLabel('密码').fill(user.password);
		await Promise.all([page.waitForURL(base + '/'), page.getByRole('button', { name: '登录' }).click()]);
		assert.equal(await page.locator('.who a').first().textContent(), user.name);
		const session = (await context.cookies(base)).find((c) => c.name === 'sc_session');
		assert.ok(session && session.httpOnly && session.sameSite === 'Lax', JSON.stringify(session));

		// 1. Chinese by default
		res = await page.goto(base + '/');
		assert.equal(res.status(), 200);
		assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
		assert.match(await page.title(), /欢迎使用 · 技能人才评价平台/);
		const nav = page.locator('nav[aria-label="main"]');
		assert.equal(await nav.getByRole('link', { name: '首页' }).count(), 1);
		assert.equal(await nav.getByRole('link', { name: '机构' }).count(), 1);
		assert.equal(await page.locator('h1').textContent(), '技能人才评价平台');
		// the stylesheet is applied (the header has the brand colour)
		const headerBg = await page.locator('header.top').evaluate((el) => getComputedStyle(el).backgroundColor);
		assert.equal(headerBg, 'rgb(11, 79, 138)');
		await shot('home-zh');

		// 2. switch to English with the link; the cookie keeps it
		await Promise.all([page.waitForURL(base + '/'), page.getByRole('link', { name: 'English' }).click()]);
		assert.equal(await page.getAttribute('html', 'lang'), 'en');
		assert.match(await page.title(), /Welcome · Skills Evaluation Platform/);
		assert.equal(await nav.getByRole('link', { name: 'Institutions' }).count(), 1);
		const cookies = await context.cookies(base);
		assert.ok(cookies.some((c) => c.name === 'lang' && c.value === 'en' && c.httpOnly), JSON.stringify(cookies));
		assert.equal(await page.locator('.lang a[lang="en"]').getAttribute('aria-current'), 'true');

		// 3. next navigation stays English: the institutions list
		await Promise.all([page.waitForURL(base + '/institutions'), nav.getByRole('link', { name: 'Institutions' }).click()]);
		assert.equal(await page.getAttribute('html', 'lang'), 'en');
		assert.equal(await page.locator('h1').textContent(), 'Evaluation institutions');
		assert.equal(await page.locator('nav a[aria-current="page"]').textContent(), 'Institutions');
		assert.equal(await page.locator('.empty').textContent(), 'No institutions yet');

		// 4. the new-institution button and form
		await Promise.all([page.waitForURL(base + '/institutions/new'), page.getByRole('link', { name: 'New institution' }).click()]);
		assert.equal(await page.locator('h1').textContent(), 'New institution');
		const name = '江苏省机械工业职业技能鉴定站';
		await page.getByLabel('Name', { exact: true }).fill(name);
		await page.getByLabel('Type').selectOption('exam_station');
		await page.getByLabel('Province').selectOption({ label: 'Jiangsu' });
		await shot('new-form-filled');
		await Promise.all([page.waitForURL(/\/institutions\/\d+$/), page.getByRole('button', { name: 'Create' }).click()]);
		const id = Number(/\/institutions\/(\d+)$/.exec(page.url())[1]);
		assert.ok(id > 0);
		assert.equal(await page.locator('h1').textContent(), name);
		assert.match(await page.title(), new RegExp(`^${name} · `));
		const facts = await page.locator('dl.facts').textContent();
		assert.match(facts, /Exam station/);
		assert.match(facts, /Jiangsu/);
		await shot('institution');

		// 5. rename: the history shows both names
		const newName = '江苏省机械行业技能评价中心';
		await page.getByLabel('New name').fill(newName);
		await page.getByLabel('Reason').fill('机构改革');
		await Promise.all([page.waitForURL(base + `/institutions/${id}`), page.getByRole('button', { name: 'Rename' }).click()]);
		assert.equal(await page.locator('h1').textContent(), newName);
		assert.equal(await page.locator('h2').first().textContent(), 'Name history');
		const rows = page.locator('table tbody tr');
		assert.equal(await rows.count(), 2);
		const cells = await rows.evaluateAll((trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent)));
		const names = cells.map((c) => c[0]);
		assert.deepEqual([...names].sort(), [name, newName].sort());
		const oldRow = cells.find((c) => c[0] === name);
		const newRow = cells.find((c) => c[0] === newName);
		assert.notEqual(oldRow[2], '—', 'the old name has an end date');
		assert.equal(newRow[2], '—', 'the current name has none');
		assert.equal(newRow[3], '机构改革');
		await shot('renamed');

		// 6. an invalid value: the error shows and the typed text stays
		await page.goto(base + '/institutions/new');
		const typed = '无效省份测试 <b>粗体</b>';
		await page.getByLabel('Name', { exact: true }).fill(typed);
		await page.getByLabel('Type').selectOption('training_base');
		await page.getByLabel('Province').selectOption({ label: 'Jiangsu' });
		await page.getByLabel('Unified social credit code').fill('not-a-code');
		res = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: 'Create' }).click()]).then(([r]) => r);
		assert.equal(res.status(), 422);
		await page.waitForLoadState();
		assert.equal(await page.getByLabel('Name', { exact: true }).inputValue(), typed, 'the typed name is kept');
		assert.equal(await page.getByLabel('Type').inputValue(), 'training_base', 'the chosen type is kept');
		const code = page.getByLabel('Unified social credit code');
		assert.equal(await code.inputValue(), 'not-a-code');
		assert.equal(await code.getAttribute('aria-invalid'), 'true');
		const err = page.locator('#e-credit_code');
		assert.equal(await err.textContent(), 'The credit code must be 18 digits or capital letters');
		assert.ok(await err.isVisible());
		assert.equal(await page.locator('b').count(), 0, 'typed markup is not interpreted');
		await shot('invalid-form');

		// 7. the HTML5 "required" check stops an empty name (and an unchosen
		// type and province) before the server
		await page.goto(base + '/institutions/new');
		await page.getByRole('button', { name: 'Create' }).click();
		assert.equal(page.url(), base + '/institutions/new');
		assert.equal(await page.getByLabel('Name', { exact: true }).evaluate((el) => el.validity.valueMissing), true);
		assert.equal(await page.getByLabel('Province').evaluate((el) => el.validity.valueMissing), true);

		// 8. back to Chinese through the link; the list shows the institution
		await page.goto(base + '/institutions');
		await Promise.all([page.waitForURL(base + '/institutions'), page.getByRole('link', { name: '中文' }).click()]);
		assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
		assert.equal(await page.locator('h1').textContent(), '评价机构');
		assert.equal(await page.getByRole('link', { name: newName }).count(), 1);
		assert.match(await page.locator('table tbody').textContent(), /考试站\/鉴定站/);
		assert.match(await page.locator('table tbody').textContent(), /江苏省/);
		await shot('list-zh');

		// 9. keyboard: the skip link is the first tab stop
		await page.keyboard.press('Tab');
		assert.equal(await page.evaluate(() => document.activeElement?.className), 'skip');

		checkServer(server);
		assert.deepEqual(b.problems, [], 'no console errors, failed requests or unexpected HTTP errors');
	});

	// The language switch takes a "next" path. Chromium strips tabs and
	// newlines from a Location before resolving it, so "/<TAB>/host" must
	// not be let through as a local path.
	it('the language switch never sends the browser off-site', async () => {
		const p = await context.newPage();
		try {
			const offsite = [];
			p.on('request', (r) => {
				if (new URL(r.url()).origin !== server.base) offsite.push(r.url());
			});
			for (const next of ['//evil.example/x', '/\\evil.example/x', '/\t/evil.example/x', '/\n/evil.example/x', 'https://evil.example/x']) {
				await p.goto(`${server.base}/lang?to=en&next=${encodeURIComponent(next)}`, { timeout: 5000 }).catch(() => {});
			}
			assert.deepEqual(offsite, [], 'requests that left the site');
		} finally {
			await p.close();
		}
	});
});
