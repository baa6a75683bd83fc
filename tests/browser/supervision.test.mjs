// Supervision flags (issue 16) in a real browser, at 390 px: a supervisor
// on the branch's center opens the list, follows a flag (a pass rate far
// above the peers; written into the database here: the scan that raises
// it from a year's data is e2e/supervision.test.mjs's), reads its
// statistic and figures, and from the keyboard turns it into a finding
// with a deadline; a refusal (a deadline past) keeps what was typed;
// nothing wider than the phone; the list in English too. No console errors
// or failed requests but the refusal's 422.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { sql } from '../e2e/certlib.mjs';
import { makeUser, startServer } from '../e2e/lib.mjs';
import { fits, login, openBrowser } from './lib.mjs';

describe('browser: supervision flags [sqlite]', () => {
	let server;
	let b;
	let sup;
	const X = {};
	const Y = new Date().getUTCFullYear();
	const deadline = new Date(Date.now() + 30 * 86400e3).toISOString().slice(0, 10);

	before(async () => {
		server = await startServer({ engine: 'sqlite', tag: 'browser-supervision' });
		const cli = async (args) => (await server.cli(args)).stdout.trim();
		X.center = Number(await cli(['institution', 'add', '--name', `监督分中心${process.pid}`, '--type', 'center', '--province', '11']));
		X.name = `监督考试站${process.pid}`;
		X.st = Number(await cli(['institution', 'add', '--name', X.name, '--type', 'exam_station', '--province', '44', '--parent', String(X.center)]));
		const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
		await sql(server, `INSERT INTO supervision_flag (rule, subject, year, institution_id, statistic, figures, evidence, rules_version, raised_at, updated_at) VALUES ('pass_rate_outlier', 'institution:${X.st}/occupation:6-18-01-01/level:4', ${Y}, ${X.st}, 'z = 4.00, p = 3.2e-05, Bonferroni 0.01/2; 100.0% against 50.0%', '{"assessed":24,"passed":24,"rate":100,"rest_rate":50}', '[]', '2026-1', '${now}', '${now}')`);
		X.flag = Number((await sql(server, 'SELECT MAX(id) FROM supervision_flag')).trim());
		sup = await makeUser(server, 'branch.supervisor', { role: 'supervisor', institution: X.center, token: false });
		b = await openBrowser();
	});

	after(async () => {
		if (b) await b.close();
		if (server) {
			const code = await server.stop();
			assert.equal(code, 0, server.stderr());
		}
	});

	it('at 390 px the list leads to a flag, which is turned into a finding from the keyboard', async () => {
		const { ctx, p } = await b.page({ width: 390 }, (status, url) => status === 422 && url.includes('/finding'));
		await login(p, server.base, sup.name, sup.password);
		await p.goto(`${server.base}/supervision`);
		await fits(p, 'the list at 390 px');
		assert.match(await p.locator('#rules').textContent(), /显著性水平 = 0\.01/);
		assert.equal(await p.locator('#scan').count(), 0, 'a scan is the network\'s: no form for a branch');
		await Promise.all([p.waitForURL(new RegExp(`/supervision/flags/${X.flag}$`)), p.getByRole('link', { name: '通过率异常偏高' }).click()]);
		await fits(p, 'the flag at 390 px');
		assert.match(await p.locator('h1').textContent(), new RegExp(`通过率异常偏高 · ${X.name}`));
		assert.match(await p.locator('#statistic').textContent(), /z = 4\.00/);
		assert.equal(await p.locator('#figures tr', { has: p.locator('th', { hasText: 'rest_rate' }) }).locator('td').textContent(), '50');
		// a refusal (a deadline already past): the description typed stays
		const yesterday = new Date(Date.now() - 86400e3).toISOString().slice(0, 10);
		await p.getByLabel('整改期限').fill(yesterday);
		await p.getByLabel('问题描述').focus();
		await p.keyboard.type('通过率显著高于同职业同等级机构，限期说明');
		await p.getByRole('button', { name: '转为整改问题' }).focus();
		await Promise.all([p.waitForResponse((r) => r.url().endsWith('/finding') && r.status() === 422), p.keyboard.press('Enter')]);
		// the response may come before the page it renders replaces this one
		await p.locator('#finding .error-summary').waitFor();
		assert.equal(await p.locator('#finding .error-summary').count(), 1, 'the refusal is shown');
		assert.match(await p.locator('#finding .error-summary').textContent(), /整改期限须晚于今天/);
		assert.equal(await p.getByLabel('问题描述').inputValue(), '通过率显著高于同职业同等级机构，限期说明');
		await fits(p, 'the refusal at 390 px');
		// from the keyboard: a deadline to come, then Tab to the button
		await p.getByLabel('整改期限').fill(deadline);
		await p.getByLabel('问题描述').focus();
		await p.keyboard.press('Tab');
		await p.keyboard.press('Tab');
		assert.equal(await p.evaluate(() => document.activeElement.textContent), '转为整改问题');
		await Promise.all([p.waitForURL(/done=finding/), p.keyboard.press('Enter')]);
		assert.match(await p.locator('.notice').textContent(), /已转为整改问题/);
		assert.match(await p.locator('h1 + p').textContent(), /已转整改/);
		assert.equal(await p.locator('#finding-link').count(), 1);
		assert.equal(await p.locator('#dismiss').count(), 0, 'a decided flag has no forms');
		await fits(p, 'the decided flag at 390 px');
		const row = (await sql(server, `SELECT deadline, status FROM finding WHERE institution_id = ${X.st}`)).trim();
		assert.equal(row, `${deadline}|open`);
		await p.goto(`${server.base}/supervision?lang=en`);
		assert.match(await p.locator('#flags').textContent(), /Pass rate far above peers/);
		assert.match(await p.locator('#flags').textContent(), /Turned into a finding/);
		await fits(p, 'in English at 390 px');
		await ctx.close();
		assert.deepEqual(b.problems, []);
	});
});
