// Annual commendations in a real browser at 390 px (Debian's Chromium
// driven by playwright-core): an exam station's admin nominates the
// station on a nominating campaign by keyboard, with a PDF attached, and
// lands on the nomination, awaiting its branch center; the branch
// center's admin endorses it by keyboard. Every page fits the phone's
// width. The registry's facts (registration date) are seeded with SQL.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { sql } from '../e2e/certlib.mjs';
import { http, makeUser, startServer, uniqueName } from '../e2e/lib.mjs';
import { fits, login, openBrowser } from './lib.mjs';

const YEAR = new Date().getUTCFullYear() - 1;
const soon = (n) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);

describe('browser: commendation nominations [sqlite]', () => {
	let server;
	let b;
	let station;
	let branch;
	let campaign;
	let s1;
	let b1;

	before(async () => {
		server = await startServer({ engine: 'sqlite', tag: 'browser-commend' });
		const admin = await makeUser(server, 'commend_center', { role: 'center_admin' });
		const cli = async (args) => {
			const r = await server.cli(args);
			assert.equal(r.code, 0, r.stderr);
			return r.stdout.trim();
		};
		const center = await cli(['institution', 'add', '--name', uniqueName('表彰中心'), '--type', 'center', '--province', '11']);
		branch = await cli(['institution', 'add', '--name', uniqueName('表彰分中心'), '--type', 'branch_center', '--province', '44', '--parent', center]);
		station = await cli(['institution', 'add', '--name', uniqueName('表彰考试站'), '--type', 'exam_station', '--province', '44', '--parent', branch]);
		await sql(server, `UPDATE institution SET status = 'registered', registered_on = '2015-01-01' WHERE id IN (${center}, ${branch}, ${station})`);
		s1 = await makeUser(server, 'station_admin', { role: 'institution_admin', institution: Number(station) });
		b1 = await makeUser(server, 'branch_admin', { role: 'institution_admin', institution: Number(branch) });
		const api = (path, json) => http(server.base, path, { method: 'POST', json, headers: { Authorization: `Bearer ${admin.token}` } });
		const c = await api('/api/v1/commendations', { year: YEAR, title: `${YEAR}年度表彰`, rules_code: 'machinery-2020', nominate_until: soon(30), review_until: soon(60) });
		assert.equal(c.status, 201, c.text);
		campaign = c.json.id;
		assert.equal((await api(`/api/v1/commendations/${campaign}/act`, { action: 'nominate' })).status, 200);
		b = await openBrowser();
	});
	after(async () => {
		if (b) await b.close();
		if (server) assert.equal(await server.stop(), 0);
	});

	it('at 390 px the station nominates itself with an attachment by keyboard; its branch center endorses', async () => {
		const { ctx, p } = await b.page({ width: 390 });
		await login(p, server.base, s1.name, s1.password);
		await p.goto(`${server.base}/commendations/${campaign}`);
		await fits(p, 'the campaign at 390 px');
		await p.locator('#n-by').focus();
		await p.keyboard.type(station);
		await p.keyboard.press('Tab'); // the category: 先进集体 first
		assert.equal(await p.locator('#n-category').evaluate((e) => e.value), 'advanced_collective');
		await p.locator('#n-ach').focus();
		await p.keyboard.type('全年完成鉴定 3000 人次，无差错。');
		await p.locator('#n-file').setInputFiles({ name: '事迹材料.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') });
		await p.getByRole('button', { name: '推荐', exact: true }).focus();
		await Promise.all([p.waitForURL((u) => u.pathname !== `/commendations/${campaign}`), p.keyboard.press('Enter')]);
		if (!/\/commendation-nominations\/\d+$/.test(p.url())) assert.fail(await p.locator('main').textContent());
		await fits(p, 'the nomination at 390 px');
		assert.equal((await p.locator('#status').textContent()).trim(), '待分中心审核');
		assert.match(await p.locator('#attachments').textContent(), /事迹材料\.pdf/);
		const url = p.url();
		await ctx.close();

		const branchPage = await b.page({ width: 390 });
		await login(branchPage.p, server.base, b1.name, b1.password);
		await branchPage.p.goto(url);
		await fits(branchPage.p, 'the branch center\'s view at 390 px');
		await branchPage.p.getByRole('button', { name: '审核同意' }).focus();
		// the form posts and is sent back to the same address: wait for the
		// page that follows, not for the address
		await Promise.all([branchPage.p.waitForResponse((r) => r.url().endsWith('/act') && r.status() === 303), branchPage.p.keyboard.press('Enter')]);
		await branchPage.p.waitForFunction(() => document.querySelector('#status')?.textContent.trim() === '分中心已同意');
		assert.equal(branchPage.p.url(), url);
		await fits(branchPage.p, 'the endorsed nomination at 390 px');
		await branchPage.ctx.close();
		assert.deepEqual(b.problems, []);
	});
});
