// The statistics page (issue 16) in a real browser: the center's admin
// follows the navigation to it, counts the figures with the recount button
// and drills down — the network by province, 广东 by institution, the
// station by occupation, 车工 by level — each table's figures equal to the
// API's for the same filter, charts drawn by echarts from the tables (an
// instance on each chart, a canvas, a pie of the levels' certificates), no
// console error (the Content-Security-Policy lets the embedded scripts
// run); a figure leads to the rows behind it and a row to its plan; a
// filter is removed from the filters' line; the filter form from the
// keyboard; with JavaScript off the same tables and no chart; at 390 px
// nothing is wider than the phone; in English too.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { closedPlan, makeStation, sql } from '../e2e/certlib.mjs';
import { http, makeUser, startServer } from '../e2e/lib.mjs';
import { fits, login, openBrowser } from './lib.mjs';

const Y = new Date().getUTCFullYear();

describe('browser: the statistics page [sqlite]', () => {
	let server;
	let b;
	let admin;
	const S = {};
	const api = async (q) => {
		const r = await http(server.base, `/api/v1/statistics${q}`, { headers: { Authorization: `Bearer ${admin.token}` } });
		assert.equal(r.status, 200, r.text);
		return r.json;
	};

	before(async () => {
		server = await startServer({ engine: 'sqlite', tag: 'browser-stats', env: { SKILLCERT_STATS_REFRESH: '0' } });
		admin = await makeUser(server, 'stats.admin', { role: 'center_admin' });
		const call = (path, o = {}) => http(server.base, path, { ...o, headers: { Authorization: `Bearer ${admin.token}`, ...(o.headers || {}) } });
		S.a = await makeStation(server, call, { assessors: 3 });
		S.pa = await closedPlan(server, call, S.a, { pass: 2, fail: 1 });
		const issued = await call(`/api/v1/plans/${S.pa.plan}/certificates`, { method: 'POST', json: {} });
		assert.equal(issued.status, 200, issued.text);
		S.b = await makeStation(server, call, { assessors: 3 });
		S.pb = await closedPlan(server, call, S.b, { pass: 1 });
		await sql(server, `UPDATE institution SET province = '32' WHERE id = ${S.b.id}`);
		b = await openBrowser();
	});

	after(async () => {
		if (b) await b.close();
		if (server) {
			const code = await server.stop();
			assert.equal(code, 0, server.stderr());
		}
	});

	/* The main table as {key: {label, enrolled, assessed, passed}} and its total. */
	const read = (p) => p.evaluate(() => {
		const t = document.getElementById('stats-main');
		const cols = [...t.tHead.rows[0].cells].map((c) => c.dataset.key);
		const row = (tr) => {
			const o = { label: tr.cells[0].textContent.trim() };
			for (let i = 1; i < cols.length; i++) o[cols[i]] = Number(tr.cells[i].dataset.v);
			return o;
		};
		const rows = {};
		for (const tr of t.tBodies[0].rows) rows[tr.dataset.key] = row(tr);
		return { rows, total: row(t.tFoot.rows[0]) };
	});

	const same = async (p, q, what) => {
		const got = await read(p);
		const want = await api(q);
		assert.deepEqual(Object.keys(got.rows), want.rows.map((r) => String(r.key)), `${what}: rows`);
		for (const r of want.rows)
			for (const m of ['enrolled', 'assessed', 'passed', 'certificates'])
				assert.equal(got.rows[String(r.key)][m], r[m], `${what}: ${r.key} ${m}`);
		assert.equal(got.total.enrolled, want.total.enrolled, `${what}: total`);
		return got;
	};

	/* The charts drawn: how many, each an echarts instance with a canvas. */
	const charts = (p) => p.evaluate(() => [...document.querySelectorAll('.chart')].map((el) => {
		const inst = window.echarts && window.echarts.getInstanceByDom(el);
		return { kind: el.className, series: inst ? inst.getOption().series.length : 0, canvas: !!el.querySelector('canvas') };
	}));

	it('the admin counts, then drills down network → province → station → occupation, the figures the API\'s and the charts drawn', async () => {
		const { ctx, p } = await b.page({ width: 1280, height: 900 });
		await login(p, server.base, admin.name, admin.password);
		await Promise.all([p.waitForURL(/\/statistics$/), p.getByRole('link', { name: '统计', exact: true }).click()]);
		await Promise.all([p.waitForURL(/\/statistics\?by=province$/), p.getByRole('button', { name: '重新统计' }).click()]);
		assert.match(await p.locator('p.lead').textContent(), /数据截至 \d{4}-/);
		let got = await same(p, '?by=province', 'the network');
		assert.deepEqual([got.rows['44'].enrolled, got.rows['32'].enrolled, got.rows['44'].certificates], [3, 1, 2]);
		let c = await charts(p);
		// enrolled/assessed/passed, the rates, the certificates; the other
		// figures are all zero here: no chart of them, their table alone
		assert.deepEqual(c.map((x) => x.kind), ['chart chart-bar', 'chart chart-bar', 'chart chart-bar'], JSON.stringify(c));
		assert.ok(c.every((x) => x.series > 0 && x.canvas), JSON.stringify(c));
		assert.equal(await p.locator('#stats-more').count(), 1);

		// 广东 by institution
		await Promise.all([p.waitForURL(/by=institution&.*province=44/), p.locator('#stats-main tbody').getByRole('link', { name: '广东省' }).click()]);
		got = await same(p, '?by=institution&province=44', '广东');
		assert.deepEqual(Object.keys(got.rows), [String(S.a.id)]);
		assert.match(await p.locator('.stats-filters').textContent(), /省份：广东省/);
		// the station by occupation
		await Promise.all([p.waitForURL(/by=occupation&.*institution_id=/), p.locator('#stats-main tbody').getByRole('link', { name: S.a.name }).click()]);
		got = await same(p, `?by=occupation&province=44&institution_id=${S.a.id}`, 'the station');
		assert.deepEqual(Object.keys(got.rows), ['6-18-01-01']);
		// 车工 by level: a pie of the certificates beside the bars
		await Promise.all([p.waitForURL(/by=level&.*occupation=6-18-01-01/), p.locator('#stats-main tbody a').first().click()]);
		got = await same(p, `?by=level&province=44&institution_id=${S.a.id}&occupation=6-18-01-01`, '车工');
		assert.deepEqual(Object.keys(got.rows), ['4']);
		assert.equal(got.rows['4'].passed, 2);
		c = await charts(p);
		assert.ok(c.some((x) => x.kind === 'chart chart-pie' && x.series === 1 && x.canvas), JSON.stringify(c));

		// a figure: the rows behind it, and a row: its plan
		await Promise.all([p.waitForURL(/\/statistics\/rows\?measure=enrolled/), p.locator('#stats-main tbody tr[data-key="4"] td[data-label="报名人数"] a').click()]);
		assert.equal(await p.locator('h1').textContent(), '报名人数');
		assert.equal(await p.locator('#stats-rows tbody tr').count(), 3);
		assert.match(await p.locator('p.count').textContent(), /共 3 条记录/);
		await Promise.all([p.waitForURL(new RegExp(`/plans/${S.pa.plan}$`)), p.locator('#stats-rows tbody a').first().click()]);
		await p.goBack();
		await p.goBack();
		// back at the table: the institution filter removed from the filters' line
		await p.waitForURL(/\/statistics\?by=level/);
		await Promise.all([p.waitForURL((u) => !u.search.includes('institution_id')), p.getByRole('link', { name: /^移除筛选 机构：/ }).click()]);
		assert.ok(!(await p.locator('.stats-filters').textContent()).includes('机构：'));
		assert.match(await p.locator('.stats-filters').textContent(), /省份：广东省/);
		await ctx.close();
		assert.deepEqual(b.problems, []);
	});

	it('at 390 px: the filter form from the keyboard, every page no wider than the phone, the charts drawn; in English', async () => {
		const { ctx, p } = await b.page({ width: 390 });
		await login(p, server.base, admin.name, admin.password, '/statistics');
		await fits(p, 'the network at 390 px');
		assert.equal((await charts(p)).length, 3);
		// by year, from the keyboard: the breakdown chosen, then Enter in a field
		await p.getByLabel('分组方式').selectOption('year');
		await p.getByLabel('起始年度').focus();
		await p.keyboard.type(String(Y - 1));
		await Promise.all([p.waitForURL(/by=year/), p.keyboard.press('Enter')]);
		assert.equal(await p.getByLabel('起始年度').inputValue(), String(Y - 1));
		const got = await same(p, `?by=year&year_from=${Y - 1}`, 'by year');
		assert.deepEqual(Object.keys(got.rows), [String(Y)]);
		assert.ok((await charts(p)).some((x) => x.kind === 'chart chart-line'), 'the years as a line');
		await fits(p, 'by year at 390 px');
		await p.goto(`${server.base}/statistics?by=institution&province=44`);
		await fits(p, 'a province at 390 px');
		await p.locator('#stats-main tbody td[data-label="报名人数"] a').first().click();
		await p.waitForURL(/\/statistics\/rows/);
		await fits(p, 'the rows at 390 px');
		await p.goto(`${server.base}/statistics?by=level&lang=en`);
		assert.equal(await p.locator('h1').textContent(), 'Statistics');
		assert.equal(await p.locator('#stats-main thead th[data-key="enrolled"]').textContent(), 'Enrolled');
		assert.ok((await charts(p)).some((x) => x.kind === 'chart chart-pie'));
		await fits(p, 'in English at 390 px');
		await ctx.close();
		assert.deepEqual(b.problems, []);
	});

	it('with JavaScript off the tables are the page: the same figures, no chart', async () => {
		const { ctx, p } = await b.page({ width: 1024, javaScriptEnabled: false });
		await login(p, server.base, admin.name, admin.password, '/statistics');
		await p.goto(`${server.base}/statistics?by=province`);
		assert.equal(await p.locator('.chart').count(), 0);
		assert.equal(await p.locator('#stats-main tbody tr').count(), 2);
		assert.equal(await p.locator('#stats-more tbody tr').count(), 2);
		assert.equal(await p.locator('#stats-main tfoot td[data-label="报名人数"]').textContent(), '4');
		assert.equal(await p.locator('#stats-main tbody tr[data-key="44"] td[data-label="合格率"]').textContent(), '66.67%');
		await ctx.close();
		assert.deepEqual(b.problems, []);
	});
});
