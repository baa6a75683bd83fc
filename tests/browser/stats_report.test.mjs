// The annual report's page (issue 16) in a real browser, at 390 px: a
// reader of the whole network opens /statistics/report, picks the year
// from the keyboard and downloads the workbook with the form's button,
// then the PDF by the year's link; nothing wider than the phone, in
// English too. No console errors or failed requests.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { closedPlan, makeStation } from '../e2e/certlib.mjs';
import { apiAs, http, makeUser, startServer } from '../e2e/lib.mjs';
import { download, fits, login, openBrowser } from './lib.mjs';

describe('browser: the annual report [sqlite]', () => {
	let server;
	let b;
	let reader;
	const Y = new Date().getUTCFullYear();

	before(async () => {
		server = await startServer({ engine: 'sqlite', tag: 'browser-report' });
		const admin = await makeUser(server, 'registrar', { role: 'center_admin' });
		const api = apiAs(server.base, admin.token);
		const station = await makeStation(server, api, { assessors: 3 });
		await closedPlan(server, api, station, { pass: 2, fail: 1 });
		const r = await http(server.base, '/api/v1/statistics/refresh', { method: 'POST', json: {}, headers: { Authorization: `Bearer ${admin.token}` } });
		assert.equal(r.status, 200, r.text);
		reader = await makeUser(server, 'report.viewer', { role: 'viewer', institution: 0, token: false });
		b = await openBrowser();
	});

	after(async () => {
		if (b) await b.close();
		if (server) {
			const code = await server.stop();
			assert.equal(code, 0, server.stderr());
		}
	});

	it('at 390 px the year is picked from the keyboard and both files download', async () => {
		const { ctx, p } = await b.page({ width: 390, acceptDownloads: true });
		await login(p, server.base, reader.name, reader.password);
		await p.goto(`${server.base}/statistics/report`);
		await fits(p, 'the report page at 390 px');
		assert.equal(await p.locator('h1').textContent(), '年度统计报告');
		const year = p.getByLabel('年度');
		assert.equal(await year.inputValue(), String(Y), 'the newest year first');
		// from the keyboard: the year, then Tab to the PDF button and on to the workbook's
		await year.focus();
		await p.keyboard.press('Tab');
		await p.keyboard.press('Tab');
		const focused = await p.evaluate(() => document.activeElement.textContent);
		assert.equal(focused, '下载Excel');
		const [d] = await Promise.all([p.waitForEvent('download'), p.keyboard.press('Enter')]);
		assert.equal(d.suggestedFilename(), `annual-report-${Y}.xlsx`);
		const xlsx = await download(p, p.locator('#report-years a', { hasText: '下载Excel' }));
		assert.equal(xlsx.subarray(0, 2).toString(), 'PK');
		const pdf = await download(p, p.locator('#report-years a', { hasText: '下载PDF' }));
		assert.equal(pdf.subarray(0, 4).toString(), '%PDF');
		await p.goto(`${server.base}/statistics/report?lang=en`);
		assert.equal(await p.locator('h1').textContent(), 'Annual report');
		assert.ok(await p.getByRole('button', { name: 'Download the PDF' }).isVisible());
		await fits(p, 'in English at 390 px');
		await ctx.close();
		// the form's download ends its navigation: Chromium reports it aborted
		const form = `request failed: ${server.base}/statistics/report?year=${Y}&format=xlsx net::ERR_ABORTED`;
		assert.deepEqual(b.problems.filter((x) => x !== form), []);
	});
});
