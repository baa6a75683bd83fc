// Enterprise self-evaluation (issue 15) in a real browser, at 390 px: the
// center's admin goes from the institution's page to its enterprise
// dashboard (staff by their highest level), records its HR filing (Y) from
// the keyboard, then opens a plan's candidate pool and makes it own-staff
// only; nothing wider than the phone; in English too. No console errors or
// failed requests.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { makeStation, nextIdNumber, nextName } from '../e2e/certlib.mjs';
import { bearer, http, makeUser, startServer } from '../e2e/lib.mjs';
import { fits, login, openBrowser } from './lib.mjs';

const creditCode = (body) => {
	const set = '0123456789ABCDEFGHJKLMNPQRTUWXY';
	const w = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
	const sum = [...body].reduce((a, ch, i) => a + set.indexOf(ch) * w[i], 0);
	return body + set[(31 - (sum % 31)) % 31];
};
const CODE = creditCode('91440300MA5F00009');

describe('browser: enterprise self-evaluation [sqlite]', () => {
	let server;
	let b;
	let admin;
	const X = {};

	before(async () => {
		server = await startServer({ engine: 'sqlite', tag: 'browser-selfeval' });
		admin = await makeUser(server, 'selfeval.center', { role: 'center_admin' });
		const api = (path, o = {}) => http(server.base, path, { ...o, headers: { ...bearer(admin.token), ...(o.headers || {}) } });
		const post = async (path, json, want = 200) => {
			const r = await api(path, { method: 'POST', json });
			assert.equal(r.status, want, `${path}: ${r.text}`);
			return r.json;
		};
		X.st = await makeStation(server, api, { assessors: 3 });
		await post(`/api/v1/institutions/${X.st.id}`, { credit_code: CODE });
		for (let i = 0; i < 2; i++)
			await post('/api/v1/people', { name: nextName(), id_number: nextIdNumber(), employer: '本厂', employer_credit_code: CODE }, 201);
		X.plan = (await post('/api/v1/plans', { institution_id: X.st.id, standard_id: X.st.standard, level: 4, capacity: 5 }, 201)).id;
		b = await openBrowser();
	});

	after(async () => {
		if (b) await b.close();
		if (server) {
			const code = await server.stop();
			assert.equal(code, 0, server.stderr());
		}
	});

	it('at 390 px: the dashboard from the institution, the HR filing and the candidate pool from the keyboard', async () => {
		const { ctx, p } = await b.page({ width: 390 });
		await login(p, server.base, admin.name, admin.password);
		await p.goto(`${server.base}/institutions/${X.st.id}`);
		await Promise.all([p.waitForURL(new RegExp(`/institutions/${X.st.id}/dashboard$`)), p.getByRole('link', { name: '企业自主评价概况' }).click()]);
		await fits(p, 'the dashboard at 390 px');
		const none = p.locator('#staff-levels tr', { has: p.locator('th', { hasText: '无技能等级证书' }) }).locator('td');
		assert.equal(await none.textContent(), '2');
		assert.match(await p.locator('#hr-filing').textContent(), /S 类/);
		// the HR filing, from the keyboard
		await p.locator('details.hr-form summary').focus();
		await p.keyboard.press('Enter');
		await p.getByLabel('备案类别').selectOption('Y');
		await p.getByLabel('备案编号').focus();
		await p.keyboard.type('粤人社自评备[2026]5号');
		await p.keyboard.press('Enter');
		await p.waitForURL(/dashboard\?done=1/);
		assert.match(await p.locator('[role=status]').textContent(), /人社备案已保存/);
		assert.match(await p.locator('#hr-filing').textContent(), /Y 类.*粤人社自评备\[2026\]5号/);
		await fits(p, 'the dashboard saved at 390 px');
		// the plan's candidate pool
		await p.goto(`${server.base}/plans/${X.plan}`);
		await Promise.all([p.waitForURL(new RegExp(`/plans/${X.plan}/candidate-pool$`)), p.locator('#pool-link').click()]);
		await fits(p, 'the pool at 390 px');
		assert.ok(await p.locator('#pool-effective').isVisible(), 'a Y filing without outside candidates: staff only in fact');
		await p.getByLabel('考生范围').focus();
		await p.getByLabel('考生范围').selectOption('staff');
		await p.getByRole('button', { name: '保存' }).focus();
		await p.keyboard.press('Enter');
		await p.waitForURL(/candidate-pool\?done=1/);
		assert.equal(await p.getByLabel('考生范围').inputValue(), 'staff');
		// in English
		await p.goto(`${server.base}/institutions/${X.st.id}/dashboard?lang=en`);
		assert.match(await p.locator('h1').textContent(), /Enterprise dashboard/);
		await fits(p, 'in English at 390 px');
		await ctx.close();
		assert.deepEqual(b.problems, []);
	});
});
