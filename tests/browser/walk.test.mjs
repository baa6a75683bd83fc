// The whole front door in one walk (issue 12), in Debian's Chromium on a
// phone-sized window (390 px), as the people it is for meet it:
//   - a worker assessed at level 4 takes the claim code printed on the
//     admission ticket the station handed out (the tickets PDF, read back
//     with pdftotext), and creates an account with it, their name and ID
//     number;
//   - they find a level-3 plan on /apply and apply: the live eligibility
//     check first names the unmet condition (a technical school diploma is
//     not enough for the route), then turns eligible when they give the
//     right diploma; they submit;
//   - the station, from the plan page, accepts with a reason; the worker
//     sees "accepted" with the reason, then their admission ticket under
//     "my tickets" (a PDF with their name and "已认领" where a code would be);
//   - the plan is examined, published and the certificates issued; the
//     worker reads their component scores in "my results", finds the new
//     certificate in "my certificates" and turns sharing on;
//   - an employer with no account opens the shared page: the achievement,
//     the status, the signature check — and no ID number.
// No console errors, no failed requests, no 4xx/5xx along the way.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';

import { closedPlan, examinePlan, makeStation, sql } from '../e2e/certlib.mjs';
import { apiAs, makeUser, newPassword, startServer } from '../e2e/lib.mjs';
import { download, fits, login, openBrowser } from './lib.mjs';

const day = (offset) => new Date(Date.now() + offset * 86400e3).toISOString().slice(0, 10);

async function ok(p, want, what) {
	const r = await p;
	assert.equal(r.status, want, `${what}: ${r.status} ${r.text}`);
	return r.json;
}

/* The text of a PDF, as a reader sees it. */
async function pdfText(bytes) {
	const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'skillcert-walk-')), 'x.pdf');
	fs.writeFileSync(file, bytes);
	const { stdout } = await promisify(execFile)('pdftotext', ['-layout', file, '-']);
	fs.rmSync(path.dirname(file), { recursive: true, force: true });
	return stdout;
}

describe('browser: a worker from a claim code to an employer reading their certificate [sqlite]', () => {
	let server;
	let b;
	let api;
	let admin; // the station's side (a center_admin, for the setup and the review)
	let station;
	let worker; // { name, id_number, person_id } from the first plan
	let code; // the claim code printed on the worker's admission ticket
	let level4; // the worker's level-4 certificate
	let plan; // the level-3 plan open for application
	const account = { name: 'walk.worker', password: newPassword() };

	const signIn = (p, name, password, next) => login(p, server.base, name, password, next);

	before(async () => {
		server = await startServer({ engine: 'sqlite', tag: 'browser-walk' });
		const s = await server.cli(['setting', 'set', 'public_url', server.base]);
		assert.equal(s.code, 0, s.stderr);
		admin = await makeUser(server, 'walkadmin', { role: 'center_admin' });
		api = apiAs(server.base, admin.token);
		station = await makeStation(server, api, { assessors: 3 });
		// the worker's level-4 assessment: published, the tickets printed
		// (each with its claim code), then closed and the certificate issued
		const first = await closedPlan(server, api, station, { pass: 1, close: false });
		worker = first.candidates[0];
		const tickets = await fetch(`${server.base}/api/v1/plans/${first.plan}/tickets.pdf`, { method: 'POST', headers: { Authorization: `Bearer ${admin.token}` } });
		assert.equal(tickets.status, 200);
		const text = await pdfText(Buffer.from(await tickets.arrayBuffer()));
		assert.ok(text.includes(worker.name), 'the ticket names the worker');
		code = text.match(/\b[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}\b/)?.[0];
		assert.ok(code, `a claim code on the ticket:\n${text}`);
		await sql(server, `UPDATE plan SET notice_start = '2020-01-01', notice_end = '2020-01-02' WHERE id = ${Number(first.plan)}`);
		await ok(api(`/api/v1/plans/${first.plan}/act`, { method: 'POST', json: { action: 'close' } }), 200, 'close');
		await ok(api(`/api/v1/plans/${first.plan}/certificates`, { method: 'POST' }), 200, 'issue');
		level4 = (await api(`/api/v1/certificates?plan=${first.plan}`)).json.certificates[0];
		// the level-3 plan, approved and open to the public
		const made = await ok(api('/api/v1/plans', {
			method: 'POST', json: { institution_id: station.id, standard_id: station.standard, level: 3, capacity: 10, theory_on: day(20), practical_on: day(21) },
		}), 201, 'plan');
		plan = made.id;
		const room = (await ok(api(`/api/v1/plans/${plan}/rooms`, { method: 'POST', json: { name: '第二考场', capacity: 10 } }), 201, 'room')).id;
		for (const a of station.assessors.slice(0, 3))
			await ok(api(`/api/v1/plans/${plan}/staff`, { method: 'POST', json: { person_id: a, role: 'assessor' } }), 201, 'assessor');
		for (const pr of station.proctors)
			await ok(api(`/api/v1/plans/${plan}/staff`, { method: 'POST', json: { person_id: pr, role: 'proctor', room_id: room } }), 201, 'proctor');
		for (const action of ['submit', 'approve'])
			await ok(api(`/api/v1/plans/${plan}/act`, { method: 'POST', json: { action } }), 200, action);
		await ok(api(`/api/v1/plans/${plan}/application-offer`, {
			method: 'POST', json: { audience: 'public', opens_on: day(-1), closes_on: day(10), fee: '理论 100 元，实操 200 元' },
		}), 200, 'offer');
		b = await openBrowser();
	});

	after(async () => {
		if (b) await b.close();
		if (server) assert.equal(await server.stop(), 0, server.stderr());
	});

	it('claim code → account → application (refused, then eligible) → accepted → ticket → results → certificate shared → the employer\'s page', async () => {
		const { ctx, p } = await b.page();

		// 1. the account, from the code on the ticket (typed loosely)
		await p.goto(`${server.base}/login`);
		await Promise.all([p.waitForURL(`${server.base}/claim`), p.locator('#claim-link').click()]);
		await Promise.all([p.waitForURL(`${server.base}/claim/code`), p.locator('a[href="/claim/code"]').click()]);
		await fits(p, '/claim/code');
		await p.getByLabel('领取码').fill(code.toLowerCase().replace(/-/g, ' '));
		await p.getByLabel('姓名', { exact: true }).fill(worker.name);
		await p.getByLabel('证件号码').fill(worker.id_number);
		await p.getByLabel('用户名').fill(account.name);
		await p.getByLabel('密码').fill(account.password);
		await p.getByRole('button', { name: '创建账户' }).click();
		await p.locator('#claimed').waitFor();
		await signIn(p, account.name, account.password, '/me/certificates');
		assert.equal(await p.locator(`#my-certificates li[data-number="${level4.number}"]`).count(), 1, 'the level-4 certificate is theirs');

		// 2. the application: found on /apply, checked as they type
		await p.goto(`${server.base}/apply`);
		await fits(p, '/apply');
		const form = `/plans/${plan}/apply`;
		await Promise.all([p.waitForURL(server.base + form), p.locator(`a[href="${form}"]`).click()]);
		await fits(p, form);
		await p.locator('input[name="route_id"][value="3-2a"]').check();
		await p.getByLabel('本人在本平台的证书').selectOption(String(level4.id));
		await p.getByLabel('毕业证书', { exact: true }).selectOption('technical_school');
		await p.getByLabel('毕业日期').fill('2015-07-01');
		const chosen = p.locator('#elig-live .elig-chosen');
		await chosen.locator('.b-no').waitFor();
		assert.match(await chosen.textContent(), /技师学院/, 'the unmet condition, in words');
		await p.getByLabel('毕业证书', { exact: true }).selectOption('technician_college');
		await chosen.locator('.b-ok').waitFor();
		assert.equal(await chosen.locator('.b-no').count(), 0);
		await Promise.all([p.waitForURL(`${server.base}/me/applications?done=1`), p.getByRole('button', { name: '提交报名' }).click()]);
		assert.match(await p.locator('#my-applications').textContent(), /待审核/);
		await fits(p, '/me/applications');

		// 3. the station, from the plan page, accepts
		const staff = await b.page({ width: 1280, height: 900 });
		await signIn(staff.p, admin.name, admin.password, `/plans/${plan}`);
		const review = `/plans/${plan}/applications`;
		await Promise.all([staff.p.waitForURL(server.base + review), staff.p.locator('#applications-link').click()]);
		const card = staff.p.locator('#plan-applications li.application', { hasText: worker.name });
		assert.match(await card.textContent(), /符合所选申报条件/);
		await card.getByLabel('处理', { exact: true }).selectOption('accept');
		await card.getByLabel('处理意见').fill('材料齐全，准予报名');
		await Promise.all([staff.p.waitForURL(`${server.base}${review}?done=1`), card.getByRole('button', { name: '提交处理意见' }).click()]);
		assert.match(await staff.p.locator('#plan-applications').textContent(), /已受理/);
		await staff.ctx.close();

		// 4. accepted, with the reason; the admission ticket
		await p.goto(`${server.base}/me/applications`);
		const mine = await p.locator('#my-applications').textContent();
		assert.match(mine, /已受理/);
		assert.match(mine, /材料齐全，准予报名/);
		const list = (await ok(api(`/api/v1/plans/${plan}`), 200, 'plan')).enrolments;
		const mineE = list.find((e) => e.person_id === worker.person_id);
		assert.ok(mineE, `the worker is enrolled: ${JSON.stringify(list)}`);
		assert.equal(mineE.route, '3-2a', 'by the route they chose');
		await p.goto(`${server.base}/me/tickets`);
		await fits(p, '/me/tickets');
		const ticket = p.locator(`#my-tickets li[data-enrolment="${mineE.id}"]`);
		assert.match(await ticket.textContent(), /第二考场/);
		assert.equal((await ticket.locator('.seat').textContent()).trim(), '1', 'the first seat of the room');
		const paper = await pdfText(await download(p, ticket.locator('a.ticket-pdf')));
		assert.ok(paper.includes(worker.name) && paper.includes('已认领'), paper);
		assert.match(paper, /座\s*号\s+1\b/, 'the seat on the paper');

		// 5. examined, published, closed, issued (the station's work)
		await examinePlan(server, api, plan, station.assessors.slice(0, 3), [{ enrolment_id: mineE.id, pass: true }], { steps: ['start'] });
		await ok(api(`/api/v1/plans/${plan}/certificates`, { method: 'POST' }), 200, 'issue');
		const level3 = (await api(`/api/v1/certificates?plan=${plan}`)).json.certificates[0];
		assert.equal(level3.level, 3);

		// 6. the results and the certificate, shared
		await p.goto(`${server.base}/me/results`);
		await fits(p, '/me/results');
		const result = p.locator(`#my-results li[data-enrolment="${mineE.id}"]`);
		assert.equal((await result.locator('.outcome').textContent()).trim(), '合格');
		assert.match(await result.locator('tr[data-component="theory"]').textContent(), /82\.5/);
		await p.goto(`${server.base}/me/certificates`);
		await fits(p, '/me/certificates');
		const cert = p.locator(`#my-certificates li[data-number="${level3.number}"]`);
		assert.match(await cert.locator('.badge.cert-status').textContent(), /有效/);
		await Promise.all([p.waitForURL(`${server.base}/me/certificates`), cert.getByRole('button', { name: '开启分享' }).click()]);
		const link = await p.locator(`#my-certificates li[data-number="${level3.number}"] a.share-link`).getAttribute('href');
		assert.match(link, /^\/c\/[A-Za-z0-9_-]{43}$/);
		await ctx.close();

		// 7. the employer, with no account, on the shared page
		const employer = await b.page();
		await employer.p.goto(server.base + link);
		await fits(employer.p, 'the shared page');
		const shown = await employer.p.locator('#credential').textContent();
		assert.ok(shown.includes(level3.number) && /有效/.test(shown), shown);
		assert.ok(!(await employer.p.content()).includes(worker.id_number), 'no ID number');
		assert.ok(!(await employer.p.content()).includes(worker.id_number.slice(0, 6) + '*'), 'not even its first digits');
		await Promise.all([employer.p.waitForURL(/\/v\//), employer.p.locator('#verify-link').click()]);
		assert.ok(await employer.p.locator('#signature').isVisible());
		await employer.ctx.close();

		assert.deepEqual(b.problems, []);
		assert.deepEqual(b.refused, []);
	});
});
