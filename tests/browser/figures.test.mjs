// The figures of a year (issue 14) in a real browser, at 390 px: the
// station's staff open the institution's page, follow its link to the
// figures, and from the keyboard ask for last year and then this year with
// the institutions under it (a plain GET form): the table's figures are
// the ones made (one inspection with a finding past its deadline this year,
// a failed one last year), nothing wider than the phone; in English too.
// No console errors or failed requests.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { http, makeUser, startServer } from '../e2e/lib.mjs';
import { fits, login, openBrowser } from './lib.mjs';

describe('browser: the figures of a year [sqlite]', () => {
	let server;
	let b;
	let staff;
	const X = {};
	const Y = new Date().getUTCFullYear();
	const today = new Date().toISOString().slice(0, 10);
	const yesterday = new Date(Date.now() - 86400e3).toISOString().slice(0, 10);

	before(async () => {
		server = await startServer({ engine: 'sqlite', tag: 'browser-figures' });
		const admin = await makeUser(server, 'registrar', { role: 'center_admin' });
		const api = async (path, json, want = 201) => {
			const r = await http(server.base, path, { method: 'POST', json, headers: { Authorization: `Bearer ${admin.token}` } });
			assert.equal(r.status, want, `${path}: ${r.text}`);
			return r.json;
		};
		const cli = async (args) => (await server.cli(args)).stdout.trim();
		X.center = Number(await cli(['institution', 'add', '--name', `数据中心${process.pid}`, '--type', 'center', '--province', '11']));
		X.name = `数据考试站${process.pid}`;
		X.st = Number(await cli(['institution', 'add', '--name', X.name, '--type', 'exam_station', '--province', '44', '--parent', String(X.center)]));
		const insp = (await api(`/api/v1/institutions/${X.st}/inspections`, { year: Y, inspected_on: today, outcome: 'rectify' })).id;
		await api(`/api/v1/inspections/${insp}/findings`, { description: '补装考场监控', deadline: yesterday }, 200);
		await api(`/api/v1/institutions/${X.st}/inspections`, { year: Y - 1, inspected_on: `${Y - 1}-05-01`, outcome: 'fail' });
		staff = await makeUser(server, 'station.admin', { role: 'institution_admin', institution: X.st, token: false });
		b = await openBrowser();
	});

	after(async () => {
		if (b) await b.close();
		if (server) {
			const code = await server.stop();
			assert.equal(code, 0, server.stderr());
		}
	});

	const cell = (p, label) => p.locator('#figures tr', { has: p.locator('th', { hasText: label }) }).locator('td').textContent();

	it('at 390 px the staff go from the institution to its figures and ask for another year and the tree from the keyboard', async () => {
		const { ctx, p } = await b.page({ width: 390 });
		await login(p, server.base, staff.name, staff.password);
		await p.goto(`${server.base}/institutions/${X.st}`);
		await Promise.all([p.waitForURL(new RegExp(`/institutions/${X.st}/figures$`)), p.getByRole('link', { name: '年度数据' }).click()]);
		await fits(p, 'the figures at 390 px');
		assert.match(await p.locator('h1').textContent(), new RegExp(`年度数据 · ${X.name}`));
		assert.equal(await p.getByLabel('年度').inputValue(), String(Y), 'this year by default');
		assert.equal(await cell(p, '检查结论：限期整改'), '1');
		assert.equal(await cell(p, '逾期未整改问题'), '1');
		assert.equal(await cell(p, '合格率'), '0.00%');
		// last year, from the keyboard
		await p.getByLabel('年度').focus();
		await p.keyboard.press('Control+A');
		await p.keyboard.type(String(Y - 1));
		await Promise.all([p.waitForURL(new RegExp(`year=${Y - 1}`)), p.keyboard.press('Enter')]);
		assert.equal(await cell(p, '检查结论：不合格'), '1');
		assert.equal(await cell(p, '逾期未整改问题'), '0');
		await fits(p, 'last year at 390 px');
		// this year with the institutions under it: the box ticked by Space
		await p.getByLabel('年度').fill(String(Y));
		await p.getByLabel('含下属机构').focus();
		await p.keyboard.press('Space');
		await p.keyboard.press('Tab');
		await Promise.all([p.waitForURL(/tree=1/), p.keyboard.press('Enter')]);
		assert.ok(await p.getByLabel('含下属机构').isChecked());
		assert.equal(await cell(p, '统计机构数'), '1', 'a station has none under it');
		await p.goto(`${server.base}/institutions/${X.st}/figures?year=${Y}&lang=en`);
		assert.equal(await cell(p, 'Findings past their deadline'), '1');
		await fits(p, 'in English at 390 px');
		await ctx.close();
		assert.deepEqual(b.problems, []);
	});
});
