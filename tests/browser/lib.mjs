// What every browser test needs: Debian's Chromium started by
// playwright-core, a page whose console errors, failed requests and 4xx/5xx
// answers are collected, and a check that a page fits its window.
//
//   const b = await openBrowser();
//   const { ctx, p } = await b.page({ width: 390 }, (status, where) => …);
//   … assert.deepEqual(b.problems, []); assert.deepEqual(b.refused, [...]);
//   await b.close();
//
// expected(status, where, method) says which refusals a step means to
// cause; each is recorded in b.refused as label(status, where, method)
// ("STATUS /path" unless openBrowser({ label }) says otherwise), every
// other 4xx or 5xx in b.problems as "HTTP STATUS METHOD /path".
import assert from 'node:assert/strict';
import fs from 'node:fs';

import { chromium } from 'playwright-core';

export const LAUNCH = {
	executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
	headless: true,
	args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
		'--disable-component-update', '--disable-sync'],
};

export const plainLabel = (status, where) => `${status} ${where}`;
/* "422 POST /plans/N/import": the method too, numbers in the path as N */
export const numberedLabel = (status, where, method) => `${status} ${method} ${where.replace(/\/\d+(\/|$)/g, '/N$1')}`;

/* Collects what goes wrong on page p into problems, and the refusals
 * expected() allows, as label() words them, into refused. */
export function watch(p, problems, refused, expected = () => false, label = plainLabel) {
	p.on('console', (m) => {
		if (m.type() !== 'error' && m.type() !== 'warning') return;
		// Chromium logs every 4xx load; the answers themselves are checked below
		if (/^Failed to load resource: the server responded with a status of 4\d\d /.test(m.text())) return;
		problems.push(`console ${m.type()}: ${m.text()}`);
	});
	p.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
	p.on('requestfailed', (r) => {
		// the browser drops its favicon fetch when the page moves on first
		if (r.url().endsWith('/static/favicon.svg') && r.failure()?.errorText === 'net::ERR_ABORTED') return;
		problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`);
	});
	p.on('response', (r) => {
		if (r.status() < 400) return;
		const where = new URL(r.url()).pathname;
		const method = r.request().method();
		if (expected(r.status(), where, method)) refused.push(label(r.status(), where, method));
		else problems.push(`HTTP ${r.status()} ${method} ${where}`);
	});
}

/* The page is no wider than its window (a phone at 390 px). */
export async function fits(p, what) {
	const [w, inner] = await p.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
	assert.ok(w <= inner, `${what}: ${w} px wide at ${inner}`);
}

/* Clicks control (a locator on page p) and returns the bytes of the file
 * it downloads. */
export async function download(p, control) {
	const [d] = await Promise.all([p.waitForEvent('download'), control.click()]);
	return fs.readFileSync(await d.path());
}

/* Signs in on page p through the form at base/login (?next= when given)
 * and waits for the page it leads to: next, else "/". */
export async function login(p, base, name, password, next) {
	await p.goto(`${base}/login${next ? `?next=${next}` : ''}`);
	await p.getByLabel('用户名').fill(name);
	await p.getByLabel('密码').fill(password);
	await Promise.all([p.waitForURL(`${base}${next || '/'}`), p.getByRole('button', { name: '登录' }).click()]);
}

/* Starts Chromium. page(opts, expected) opens a new context (its own
 * cookies: one person) with a watched page; opts: width (390), height,
 * locale ('zh-CN'), and any other context option. watch(p, expected)
 * watches a page opened otherwise. */
export async function openBrowser({ label = plainLabel } = {}) {
	const browser = await chromium.launch(LAUNCH);
	const b = {
		browser,
		problems: [],
		refused: [],
		async page(opts = {}, expected = () => false) {
			const { width = 390, height = 844, locale = 'zh-CN', ...rest } = opts;
			const ctx = await browser.newContext({ locale, viewport: { width, height }, ...rest });
			ctx.setDefaultTimeout(10000);
			const p = await ctx.newPage();
			b.watch(p, expected);
			return { ctx, p };
		},
		watch(p, expected = () => false) {
			watch(p, b.problems, b.refused, expected, label);
		},
		async close() {
			await browser.close().catch(() => {});
		},
	};
	return b;
}
