// Skills competitions in a real browser (Debian's Chromium driven by
// playwright-core):
//   - at 1280 px the organiser, signed in, nominates a contestant for an
//     institution through the form (one who is not the institution's is
//     refused beside the field, what was typed kept, then one who is goes
//     through) and appoints a judge: one who must stand aside (the same
//     employer as an entrant) is refused beside the field, and goes through
//     once the reason for the override is given, which the page then shows;
//   - at 390 px a visitor finds the competition in the list by year and
//     tier and opens it: the confirmed entrant's name masked, nothing wider
//     than the phone, the judges not shown.
// No console errors or failed requests beyond the intended refusals.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { idNumber, nextName, TURNER } from '../e2e/certlib.mjs';
import { http, makeUser, startServer } from '../e2e/lib.mjs';
import { fits, numberedLabel, openBrowser } from './lib.mjs';

describe('browser: competitions [sqlite]', () => {
	let server;
	let b;
	let admin;
	const X = {};
	let seq = 0;

	const api = async (path, json, want = 201) => {
		const r = await http(server.base, path, { method: 'POST', json, headers: { Authorization: `Bearer ${admin.token}` } });
		assert.equal(r.status, want, `${path}: ${r.text}`);
		return r.json;
	};
	const person = async (inst, employer) => {
		const name = nextName();
		const { id } = await api('/api/v1/people', { name, id_number: idNumber('20000101', 300 + ++seq), institution_id: inst, employer });
		return { id, name };
	};

	before(async () => {
		server = await startServer({ engine: 'sqlite', tag: 'browser-comp' });
		admin = await makeUser(server, 'organiser', { role: 'center_admin' });
		const cli = async (args) => (await server.cli(args)).stdout.trim();
		const center = await cli(['institution', 'add', '--name', `竞赛中心${process.pid}`, '--type', 'center', '--province', '11']);
		X.s1 = Number(await cli(['institution', 'add', '--name', `第一考试站${process.pid}`, '--type', 'exam_station', '--province', '44', '--parent', center]));
		X.s2 = Number(await cli(['institution', 'add', '--name', `第二考试站${process.pid}`, '--type', 'exam_station', '--province', '32', '--parent', center]));
		X.p1 = await person(X.s1, '甲机床厂');
		X.p2 = await person(X.s1, '乙机床厂');
		X.q1 = await person(X.s2, '丙机床厂');
		X.judge = await person(X.s2, '甲机床厂');
		X.comp = (await api('/api/v1/competitions', {
			name: '全国机械行业数控车工职业技能竞赛', tier: 'national_class2', year: 2026, starts_on: '2026-10-10', ends_on: '2026-10-12',
			venue: '洛阳', approval_doc: '机械技能〔2026〕3号', document_code: 'machinery-class2',
		})).id;
		X.event = (await api(`/api/v1/competitions/${X.comp}/events`, { occupation_code: TURNER, group: 'employee', quota_institution: 2 })).id;
		await api(`/api/v1/competitions/${X.comp}/act`, { action: 'open' }, 200);
		X.entry = (await api(`/api/v1/competition-events/${X.event}/entries`, { institution_id: X.s1, person_ids: [X.p1.id] })).id;
		await api(`/api/v1/competition-entries/${X.entry}/confirm`, {}, 200);
		b = await openBrowser({ label: numberedLabel });
	});

	after(async () => {
		if (b) await b.close();
		if (server) {
			const code = await server.stop();
			assert.equal(code, 0, server.stderr());
		}
	});

	it('at 1280 px the organiser nominates an entrant and appoints a judge; refusals beside the field', async () => {
		const { ctx, p } = await b.page({ width: 1280, height: 900 }, (status, where, method) =>
			method === 'POST' && [409, 422].includes(status) && /^\/competitions\/\d+\/(entries|judges)$/.test(where));
		const base = server.base;
		await p.goto(base + '/login');
		await p.getByLabel('用户名').fill(admin.name);
		await p.getByLabel('密码').fill(admin.password);
		await Promise.all([p.waitForURL(base + '/'), p.getByRole('button', { name: '登录' }).click()]);
		await p.locator('nav[aria-label="main"]').getByRole('link', { name: '技能竞赛', exact: true }).click();
		await p.getByRole('link', { name: '全国机械行业数控车工职业技能竞赛' }).click();
		await p.waitForURL(new RegExp(`/competitions/${X.comp}$`));

		// nominate: one of another institution is refused beside the field
		let form = p.locator(`form[action="/competitions/${X.comp}/entries"]`);
		await form.getByLabel('赛项').selectOption(String(X.event));
		await form.getByLabel('推荐单位').selectOption(String(X.s1));
		await form.getByLabel('选手人员编号').fill(String(X.q1.id));
		let [res] = await Promise.all([p.waitForResponse((r) => r.request().method() === 'POST'), form.getByRole('button', { name: '推荐参赛选手' }).click()]);
		assert.equal(res.status(), 422);
		await p.waitForLoadState();
		form = p.locator(`form[action="/competitions/${X.comp}/entries"]`);
		const ids = form.getByLabel('选手人员编号');
		assert.equal(await ids.inputValue(), String(X.q1.id), 'what was typed is kept');
		assert.equal(await ids.getAttribute('aria-invalid'), 'true');
		assert.match(await form.locator('#e-en-person_ids').textContent(), /推荐单位/);
		assert.equal(await form.getByLabel('推荐单位').inputValue(), String(X.s1));
		await ids.fill(String(X.p2.id));
		await Promise.all([p.waitForURL(/\?done=nominate/), form.getByRole('button', { name: '推荐参赛选手' }).click()]);
		const row = p.locator(`#event-${X.event} tr`, { hasText: X.p2.name });
		assert.equal(await row.count(), 1, 'the organiser sees the new entry whole');
		assert.match(await row.textContent(), /待确认/);

		// appoint a judge: the same employer as an entrant stands aside
		form = p.locator(`form[action="/competitions/${X.comp}/judges"]`);
		await form.getByLabel('赛项').selectOption(String(X.event));
		await form.getByLabel('裁判人员编号').fill(String(X.judge.id));
		await form.getByLabel('裁判职务').selectOption('judge');
		[res] = await Promise.all([p.waitForResponse((r) => r.request().method() === 'POST'), form.getByRole('button', { name: '选派裁判' }).click()]);
		assert.equal(res.status(), 409);
		await p.waitForLoadState();
		form = p.locator(`form[action="/competitions/${X.comp}/judges"]`);
		const who = form.getByLabel('裁判人员编号');
		assert.equal(await who.inputValue(), String(X.judge.id));
		assert.equal(await who.getAttribute('aria-invalid'), 'true');
		assert.match(await form.locator('#e-jd-person_id').textContent(), /同一工作单位/);
		await form.getByLabel('回避例外理由').fill('本赛项唯一具备资格的裁判，经督导签认');
		await Promise.all([p.waitForURL(/\?done=judge/), form.getByRole('button', { name: '选派裁判' }).click()]);
		const judges = await p.locator(`#event-${X.event} .judges`).textContent();
		assert.ok(judges.includes(X.judge.name), judges);
		assert.match(judges, /裁判员/);
		assert.match(judges, /本赛项唯一具备资格的裁判，经督导签认/);
		await fits(p, 'the competition at 1280 px');
		assert.deepEqual(b.refused, ['422 POST /competitions/N/entries', '409 POST /competitions/N/judges']);
		await ctx.close();
	});

	it('at 390 px a visitor finds it by year and tier: the confirmed entrant masked, no judges', async () => {
		const { ctx, p } = await b.page({ width: 390 });
		await p.goto(server.base + '/competitions');
		await p.getByLabel('年度').fill('2026');
		await p.getByLabel('竞赛级别').selectOption('national_class2');
		await Promise.all([p.waitForURL(/year=2026/), p.getByRole('button', { name: '筛选' }).click()]);
		await fits(p, 'the list at 390 px');
		await p.getByRole('link', { name: '全国机械行业数控车工职业技能竞赛' }).click();
		await p.waitForURL(new RegExp(`/competitions/${X.comp}$`));
		await fits(p, 'the competition at 390 px');
		const text = await p.locator('main').textContent();
		const masked = X.p1.name[0] + '*' + X.p1.name[2];
		assert.ok(text.includes(masked), `the masked name ${masked}`);
		assert.ok(!text.includes(X.p1.name), 'not the full name');
		assert.equal(await p.locator(`#event-${X.event} tbody tr`).count(), 1, 'a nominated entry is not public');
		assert.equal(await p.locator('.judges').count(), 0, 'no judges for the public');
		assert.equal(await p.locator(`form[action="/competitions/${X.comp}/judges"]`).count(), 0);
		assert.match(text, /洛阳/);
		assert.match(text, /国家级二类/);
		await ctx.close();
		assert.deepEqual(b.problems, []);
	});
});
