// Access in a real browser: an institution_admin of B signs in, renames B
// (in scope), is refused a rename of A and the audit page (403 pages), and
// signs out from the header; a viewer sent to the login page by
// /admin/users comes back there after signing in and is refused. No
// console errors or failed requests beyond the intended 403s. Then a
// center_admin disables B's admin from the users page: the button does
// nothing until the confirmation is ticked, and the disabled user can no
// longer sign in.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { checkServer, makeUser, startServer } from '../e2e/lib.mjs';
import { openBrowser } from './lib.mjs';

describe('browser: sign in, out-of-scope refusals, sign out [sqlite]', () => {
	let server;
	let browser;
	let context;
	let page;
	let A;
	let B;
	let bAdmin; // institution_admin of B
	let viewer; // viewer on the whole network
	let boss; // center_admin: manages users
	let b; // the browser's problems and the 403 answers, expected (./lib.mjs)
	const shotDir = fs.mkdtempSync(path.join(os.tmpdir(), 'skillcert-shots-access-'));
	let shotN = 0;
	const shot = async (name) => {
		await page.screenshot({ path: path.join(shotDir, `${String(++shotN).padStart(2, '0')}-${name}.png`), fullPage: true });
	};

	before(async () => {
		server = await startServer({ engine: 'sqlite', tag: 'browser-access' });
		const add = async (name, province) => {
			const r = await server.cli(['institution', 'add', '--name', name, '--type', 'center', '--province', province]);
			assert.equal(r.code, 0, r.stderr);
			return { id: Number(r.stdout), name };
		};
		A = await add('甲省职业技能鉴定中心', '11');
		B = await add('乙省职业技能鉴定中心', '12');
		bAdmin = await makeUser(server, 'badmin', { role: 'institution_admin', institution: B.id, token: false });
		viewer = await makeUser(server, 'viewer1', { role: 'viewer', institution: 0, token: false });
		boss = await makeUser(server, 'boss', { role: 'center_admin', institution: 0, token: false });
		b = await openBrowser({ label: (status, where, method) => `${method} ${where}` });
		browser = b.browser;
		context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1100, height: 800 } });
		context.setDefaultTimeout(10000);
		page = await context.newPage();
		b.watch(page, (status) => status === 403);

	});

	after(async () => {
		console.log(`# screenshots: ${shotDir}`);
		if (browser) await browser.close().catch(() => {});
		if (server) {
			const code = await server.stop();
			assert.equal(code, 0, server.stderr());
		}
	});

	/* Signs in through the form on the current login page. */
	async function signIn(u, expectUrl) {
		assert.equal(await page.locator('h1').textContent(), '登录');
		await page.getByLabel('用户名').fill(u.name);
		await page.getByLabel('密码').fill(u.password);
		await Promise.all([page.waitForURL(expectUrl), page.getByRole('button', { name: '登录' }).click()]);
	}

	/* Asserts the 403 page. */
	async function assertRefusedPage() {
		assert.equal(await page.locator('h1').textContent(), '您没有执行此操作的权限');
		assert.equal(await page.locator('p.status').textContent(), 'HTTP 403');
	}

	it('an institution_admin of B: renames B, is refused A and the audit page, signs out', async () => {
		const base = server.base;
		await page.goto(base + '/');
		const who = page.locator('.who');
		assert.equal(await who.getByRole('link', { name: '登录' }).count(), 1, 'signed out: the header offers 登录');
		await Promise.all([page.waitForURL(/\/login$/), who.getByRole('link', { name: '登录' }).click()]);
		await signIn(bAdmin, base + '/');
		assert.equal(await who.getByRole('link', { name: bAdmin.name }).count(), 1, 'the header names the user');
		assert.equal(await who.getByRole('button', { name: '退出' }).count(), 1);
		const nav = page.locator('nav[aria-label="main"]');
		assert.equal(await nav.getByRole('link', { name: '用户' }).count(), 1, 'a user manager sees 用户');
		assert.equal(await nav.getByRole('link', { name: '审计' }).count(), 0, 'no 审计 without audit.read');
		await shot('signed-in');

		// in scope: rename B through its page
		await page.goto(`${base}/institutions/${B.id}`);
		await page.getByLabel('新名称').fill('乙省机械行业技能评价中心');
		await Promise.all([page.waitForURL(`${base}/institutions/${B.id}`), page.getByRole('button', { name: '更名' }).click()]);
		assert.equal(await page.locator('h1').textContent(), '乙省机械行业技能评价中心');

		// out of scope: the rename form on A's page is refused with a 403 page
		await page.goto(`${base}/institutions/${A.id}`);
		await page.getByLabel('新名称').fill('越权更名测试');
		const [res] = await Promise.all([
			page.waitForResponse((r) => r.request().method() === 'POST'),
			page.getByRole('button', { name: '更名' }).click(),
		]);
		assert.equal(res.status(), 403);
		await page.waitForLoadState();
		await assertRefusedPage();
		await shot('rename-refused');
		await page.goto(`${base}/institutions/${A.id}`);
		assert.equal(await page.locator('h1').textContent(), A.name, 'A keeps its name');

		// the audit trail is not for an institution admin
		const audit = await page.goto(`${base}/audit`);
		assert.equal(audit.status(), 403);
		await assertRefusedPage();

		// sign out from the header
		await Promise.all([page.waitForURL(base + '/'), who.getByRole('button', { name: '退出' }).click()]);
		assert.equal(await who.getByRole('link', { name: '登录' }).count(), 1, 'the header shows 登录 again');
		assert.equal(await who.getByRole('button', { name: '退出' }).count(), 0);
		assert.equal((await context.cookies(base)).some((c) => c.name === 'sc_session'), false, 'the session cookie is gone');
		await page.goto(`${base}/account`);
		assert.equal(new URL(page.url()).pathname, '/login', 'signed out: /account asks to sign in');
		await shot('signed-out');
	});

	it('a viewer sent to sign in by /admin/users comes back there and is refused', async () => {
		const base = server.base;
		await page.goto(`${base}/admin/users`);
		assert.equal(page.url(), `${base}/login?next=%2Fadmin%2Fusers`);
		assert.equal(await page.locator('input[name="next"]').getAttribute('value'), '/admin/users');
		const [res] = await Promise.all([
			page.waitForResponse((r) => new URL(r.url()).pathname === '/admin/users' && r.request().method() === 'GET'),
			signIn(viewer, `${base}/admin/users`),
		]);
		assert.equal(res.status(), 403);
		await assertRefusedPage();
		const nav = page.locator('nav[aria-label="main"]');
		assert.equal(await nav.getByRole('link', { name: '用户' }).count(), 0, 'a viewer has no 用户 link');
		assert.equal(await page.locator('.who a').first().textContent(), viewer.name, 'still signed in');
		await shot('viewer-refused');

		checkServer(server);
		assert.deepEqual(b.problems, [], 'no console errors, failed requests or unexpected HTTP errors');
		assert.deepEqual(b.refused, [`POST /institutions/${A.id}/rename`, 'GET /audit', 'GET /admin/users'], 'exactly the intended refusals');
	});

	it('a center_admin disables B\'s admin: only once the confirmation is ticked; the user cannot sign in any more', async () => {
		const base = server.base;
		await context.clearCookies();
		await page.goto(`${base}/login?next=%2Fadmin%2Fusers%2Fbadmin`);
		await signIn(boss, `${base}/admin/users/badmin`);
		assert.equal(await page.locator('dl.facts').getByText('正常').count(), 1);
		const button = page.getByRole('button', { name: '停用' });
		// not ticked: the browser keeps the form (the box is required)
		await button.click();
		assert.equal(new URL(page.url()).pathname, '/admin/users/badmin');
		assert.equal(await page.locator('#confirm').evaluate((e) => e.validity.valueMissing), true);
		assert.equal(await page.locator('dl.facts').getByText('正常').count(), 1, 'nothing changed');
		await page.getByLabel(/确认停用/).check();
		await Promise.all([page.waitForLoadState('load'), button.click()]);
		await page.waitForSelector('text=已停用');
		assert.equal(await page.locator('dl.facts').getByText('已停用').count(), 1);
		assert.equal(await page.getByRole('button', { name: '启用' }).count(), 1);
		await shot('user-disabled');
		// the disabled user is turned away at the login form
		await context.clearCookies();
		await page.goto(`${base}/login`);
		await page.getByLabel('用户名').fill(bAdmin.name);
		await page.getByLabel('密码').fill(bAdmin.password);
		const [res] = await Promise.all([
			page.waitForResponse((r) => new URL(r.url()).pathname === '/login' && r.request().method() === 'POST'),
			page.getByRole('button', { name: '登录' }).click(),
		]);
		assert.equal(res.status(), 401);
		assert.equal(new URL(page.url()).pathname, '/login');
	});
});
