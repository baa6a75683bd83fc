// The whole commendation walk in a real browser at 390 px (issue 14),
// through the pages: the center creates a campaign, sets a quota and opens
// nominations; an exam station under a branch center nominates itself with
// an attachment; the branch center's admin endorses it; nominations close;
// the center appoints three reviewers, one of them on the station's staff,
// whose score is refused beside the field (the recusal) while the other
// two score on their own grids; the round closes, the tally proposes the
// station; the notice is published; a visitor objects on the public notice
// page and the center dismisses the objection with a resolution; the notice
// ends; the center decides; the decision's PDF reads back with pdftotext;
// a visitor's QR page of the honour says 有效 and its credential verifies
// with jose against the instance's JWKS.
//
// Not through the pages, and why:
//   - the institutions are registered by SQL (registered_on, status): the
//     registry's own walk (applications, batches, notice) is another test's;
//     the rule registered_all_year needs a whole year registered;
//   - the reviewers' accounts are linked to their persons by SQL
//     (app_user.person_id): no page or API links a staff account to a
//     person (the other reviewer and judge tests do the same);
//   - the notice is ended by moving notice_start/notice_end into the past
//     (a clock shift, as the decision tests do);
//   - the people (reviewers) are added through the API, the honour's
//     credential and the JWKS are read through the API.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { createLocalJWKSet, jwtVerify } from 'jose';

import { idNumber, nextName, sql } from '../e2e/certlib.mjs';
import { http, makeUser, startServer, uniqueName } from '../e2e/lib.mjs';
import { download, fits, login, openBrowser } from './lib.mjs';

const YEAR = new Date().getUTCFullYear() - 1;
const TITLE = `${YEAR}年度机械工业人才评价工作先进集体、个人表彰`;
const DECISION = `机械人才评价〔${YEAR + 1}〕7号`;
const day = (n) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);
const squeeze = (s) => s.replace(/\s+/g, '');

/* Presses Enter on a form's button (keyboard) and waits for the page the
 * form's answer leads to (a 303 to the same address, often). */
async function submit(p, button) {
	await button.focus();
	await Promise.all([p.waitForNavigation(), p.keyboard.press('Enter')]);
}

describe('browser: the commendation walk [sqlite]', () => {
	let server;
	let b;
	let admin;
	let station;
	let stationName;
	let s1;
	let b1;
	const reviewers = [];

	const api = async (p, json, want = 201) => {
		const r = await http(server.base, p, { method: json ? 'POST' : 'GET', ...(json ? { json } : {}), headers: { Authorization: `Bearer ${admin.token}` } });
		assert.equal(r.status, want, `${p}: ${r.text}`);
		return r;
	};

	before(async () => {
		server = await startServer({ engine: 'sqlite', tag: 'browser-cwalk' });
		admin = await makeUser(server, 'walk_center', { role: 'center_admin' });
		const cli = async (args) => {
			const r = await server.cli(args);
			assert.equal(r.code, 0, r.stderr);
			return r.stdout.trim();
		};
		await cli(['setting', 'set', 'public_url', server.base]);
		const center = await cli(['institution', 'add', '--name', uniqueName('表彰中心'), '--type', 'center', '--province', '11']);
		const branch = await cli(['institution', 'add', '--name', uniqueName('表彰分中心'), '--type', 'branch_center', '--province', '44', '--parent', center]);
		stationName = uniqueName('表彰考试站');
		station = await cli(['institution', 'add', '--name', stationName, '--type', 'exam_station', '--province', '44', '--parent', branch]);
		// seeded: registered since 2015 (see the head of the file)
		await sql(server, `UPDATE institution SET status = 'registered', registered_on = '2015-01-01' WHERE id IN (${center}, ${branch}, ${station})`);
		s1 = await makeUser(server, 'walk_station', { role: 'institution_admin', institution: Number(station) });
		b1 = await makeUser(server, 'walk_branch', { role: 'institution_admin', institution: Number(branch) });
		// three reviewers: the first on the station's staff
		for (const [k, inst] of [[0, station], [1, center], [2, center]]) {
			const who = (await api('/api/v1/people', { name: nextName(), id_number: idNumber('19750101', 700 + k), institution_id: Number(inst), employer: k ? '表彰中心' : stationName })).json.id;
			const user = await makeUser(server, `walk_rev${k}`, { role: null, token: false });
			// seeded: the account linked to its person (see the head of the file)
			await sql(server, `UPDATE app_user SET person_id = ${Number(who)} WHERE username = 'walk_rev${k}'`);
			reviewers.push({ person: who, user });
		}
		b = await openBrowser();
	});
	after(async () => {
		if (b) await b.close();
		if (server) assert.equal(await server.stop(), 0, server.stderr());
	});

	it('at 390 px, from the campaign to the honour\'s QR page, by keyboard', async () => {
		// 1. the center: a campaign, a quota, nominations open
		const c = await b.page({ width: 390 });
		await login(c.p, server.base, admin.name, admin.password, '/commendations');
		await fits(c.p, 'the campaigns at 390 px');
		await c.p.locator('summary', { hasText: '新建表彰活动' }).focus();
		await c.p.keyboard.press('Enter'); // opens the form
		await c.p.locator('#c-year').fill(String(YEAR));
		await c.p.locator('#c-title').fill(TITLE);
		await c.p.locator('#c-rules').selectOption('machinery-2020');
		await c.p.locator('#c-until').fill(day(30));
		await c.p.locator('#c-review').fill(day(60));
		await c.p.getByRole('button', { name: '新建表彰活动' }).focus();
		await Promise.all([c.p.waitForURL(/\/commendations\/\d+$/), c.p.keyboard.press('Enter')]);
		const campaign = Number(new URL(c.p.url()).pathname.split('/').pop());
		await fits(c.p, 'the draft campaign at 390 px');
		await c.p.locator('#q-category').selectOption('advanced_collective');
		await c.p.locator('#q-scope').selectOption('all');
		await c.p.locator('#q-quota').fill('2');
		await submit(c.p, c.p.getByRole('button', { name: '设置名额' }));
		await submit(c.p, c.p.getByRole('button', { name: '开始推荐' }));
		await c.p.getByRole('button', { name: '结束推荐，进入评审' }).waitFor();
		assert.equal((await api(`/api/v1/commendations/${campaign}`, null, 200)).json.status, 'nominating');

		// 2. the station nominates itself with an attachment
		const s = await b.page({ width: 390 });
		await login(s.p, server.base, s1.name, s1.password);
		await s.p.goto(`${server.base}/commendations/${campaign}`);
		await s.p.locator('#n-by').focus();
		await s.p.keyboard.type(station);
		await s.p.keyboard.press('Tab');
		assert.equal(await s.p.locator('#n-category').evaluate((e) => e.value), 'advanced_collective');
		await s.p.locator('#n-ach').focus();
		await s.p.keyboard.type('全年完成鉴定 3000 人次，无差错。');
		await s.p.locator('#n-file').setInputFiles({ name: '事迹材料.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') });
		await s.p.getByRole('button', { name: '推荐', exact: true }).focus();
		await Promise.all([s.p.waitForURL((u) => u.pathname !== `/commendations/${campaign}`), s.p.keyboard.press('Enter')]);
		if (!/\/commendation-nominations\/\d+$/.test(s.p.url())) assert.fail(await s.p.locator('main').textContent());
		const nomination = Number(new URL(s.p.url()).pathname.split('/').pop());
		assert.equal((await s.p.locator('#status').textContent()).trim(), '待分中心审核');
		assert.match(await s.p.locator('#attachments').textContent(), /事迹材料\.pdf/);
		const nomUrl = s.p.url();
		await s.ctx.close();

		// 3. the branch center endorses it
		const br = await b.page({ width: 390 });
		await login(br.p, server.base, b1.name, b1.password);
		await br.p.goto(nomUrl);
		await submit(br.p, br.p.getByRole('button', { name: '审核同意' }));
		await br.p.waitForFunction(() => document.querySelector('#status')?.textContent.trim() === '分中心已同意');
		await br.ctx.close();

		// 4. nominations close; the center appoints the panel and opens a round
		await c.p.goto(`${server.base}/commendations/${campaign}`);
		await submit(c.p, c.p.getByRole('button', { name: '结束推荐，进入评审' }));
		assert.equal((await api(`/api/v1/commendations/${campaign}`, null, 200)).json.status, 'reviewing');
		const reviewUrl = `${server.base}/commendations/${campaign}/review`;
		for (const r of reviewers) {
			await c.p.goto(reviewUrl);
			await c.p.getByLabel('人员编号').fill(String(r.person));
			await submit(c.p, c.p.getByRole('button', { name: '任命评审专家' }));
		}
		await c.p.goto(reviewUrl);
		assert.equal(await c.p.locator('#panel li').count(), 3);
		await fits(c.p, 'the center\'s review at 390 px');
		await submit(c.p, c.p.getByRole('button', { name: '开启评审轮次' }));
		await c.p.getByRole('button', { name: '结束本轮评审' }).waitFor();

		// 5. the reviewers score on their own grids: the station's own staff
		// member is refused beside the field (the recusal)
		for (const [k, value] of [[0, '95'], [1, '90'], [2, '86']]) {
			const rv = await b.page({ width: 390 }, (status, where) => k === 0 && [409, 422].includes(status) && where.endsWith('/scores/row'));
			await login(rv.p, server.base, reviewers[k].user.name, reviewers[k].user.password, `/commendations/${campaign}/review`);
			await fits(rv.p, `reviewer ${k}'s grid at 390 px`);
			const f = rv.p.locator(`#v-${nomination}`);
			await f.focus();
			await rv.p.keyboard.type(value);
			await rv.p.keyboard.press('Enter');
			if (k === 0) {
				await rv.p.locator(`#msg-${nomination}.error`).waitFor();
				assert.match(await rv.p.locator(`#msg-${nomination}`).textContent(), /须回避/);
				assert.equal(await f.getAttribute('aria-invalid'), 'true');
			} else {
				await rv.p.locator(`#msg-${nomination}.saved`).waitFor();
			}
			await rv.ctx.close();
		}
		const votes = (await api(`/api/v1/commendations/${campaign}/review`, null, 200)).json.votes;
		assert.deepEqual(votes.map((v) => v.value).sort(), [86, 90]);

		// 6. the round closes, the tally proposes, the notice is published
		await c.p.goto(reviewUrl);
		await submit(c.p, c.p.getByRole('button', { name: '结束本轮评审' }));
		await c.p.getByRole('button', { name: '开启评审轮次' }).waitFor();
		await submit(c.p, c.p.getByRole('button', { name: '汇总评审结果' }));
		let review = (await api(`/api/v1/commendations/${campaign}/review`, null, 200)).json;
		assert.equal(review.nominations.find((n) => n.id === nomination).status, 'proposed');
		await submit(c.p, c.p.getByRole('button', { name: '公示拟表彰名单' }));
		assert.equal((await api(`/api/v1/commendations/${campaign}`, null, 200)).json.status, 'notice');

		// 7. a visitor objects on the public notice page
		const v = await b.page({ width: 390 });
		await v.p.goto(`${server.base}/commendations/${campaign}/notice`);
		await fits(v.p, 'the public notice at 390 px');
		assert.ok((await v.p.locator('#proposed').textContent()).includes(stationName));
		await v.p.getByLabel('被推荐对象').selectOption(String(nomination));
		await v.p.getByLabel('姓名').fill('王群众');
		await v.p.getByLabel('联系方式').fill('13800000000');
		await v.p.getByLabel('异议内容').fill('该站去年曾有一起鉴定差错。');
		await submit(v.p, v.p.getByRole('button', { name: '提出异议' }));
		assert.match(await v.p.locator('main').textContent(), /异议已提交/);
		await v.ctx.close();

		// 8. the center dismisses it with a resolution
		await c.p.goto(reviewUrl);
		const card = c.p.locator('[data-objection]');
		assert.equal(await card.count(), 1);
		await card.getByLabel('处理意见').fill('经核实，该差错已于当年纠正，不影响表彰。');
		await submit(c.p, card.getByRole('button', { name: '不予支持' }));
		review = (await api(`/api/v1/commendations/${campaign}/review`, null, 200)).json;
		assert.equal(review.objections[0].status, 'dismissed');

		// 9. the notice ends (a clock shift, see the head of the file)
		await sql(server, `UPDATE commendation_campaign SET notice_start = '${day(-8)}', notice_end = '${day(-2)}' WHERE id = ${campaign}`);

		// 10. the center decides
		await c.p.goto(`${server.base}/commendations/${campaign}/decision`);
		await fits(c.p, 'the decision form at 390 px');
		await c.p.getByLabel('决定文号').fill(DECISION);
		await c.p.getByLabel('决定日期').fill(day(0));
		await c.p.getByLabel('落款单位').fill('机械工业职业技能鉴定指导中心');
		await c.p.getByRole('button', { name: '作出表彰决定' }).focus();
		await Promise.all([c.p.waitForURL(/\/commendations\/honours\?decided=1$/), c.p.keyboard.press('Enter')]);
		await fits(c.p, 'the honour roll at 390 px');
		const row = c.p.locator('#honour-roll tbody tr');
		assert.equal(await row.count(), 1);

		// 11. the decision's PDF, read back
		const pdf = await download(c.p, row.locator('a[type="application/pdf"]'));
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cwalk-'));
		const file = path.join(dir, 'decision.pdf');
		fs.writeFileSync(file, pdf);
		const text = squeeze(execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }));
		fs.rmSync(dir, { recursive: true });
		assert.ok(text.includes(squeeze(TITLE.replace(/表彰$/, '表彰决定'))), text);
		assert.ok(text.includes(squeeze(DECISION)), text);
		assert.ok(text.includes(squeeze(stationName)), text);
		// the roll publishes the honour by name and number, and links the
		// decision, never the QR page (that address is on the certificate)
		assert.equal(await row.locator('a[href^="/v/"]').count(), 0);
		await c.ctx.close();
		const honour = (await api(`/api/v1/commendations/honours?year=${YEAR}`, null, 200)).json.honours.find((h) => h.institution_id === Number(station));
		const href = `/v/${(await api(`/api/v1/certificates/${honour.certificate_id}`, null, 200)).json.qr_token}`;

		// 12. a visitor's QR page of the honour
		const q = await b.page({ width: 390 });
		await q.p.goto(`${server.base}${href}`);
		await fits(q.p, 'the honour\'s QR page at 390 px');
		const qr = await q.p.locator('main').textContent();
		assert.ok(qr.includes('有效'), qr);
		assert.ok(qr.includes(stationName), qr);
		await q.ctx.close();

		// 13. its credential verifies with jose against the instance's keys
		const jws = (await api(`/api/v1/certificates/${honour.certificate_id}/credential`, null, 200)).text;
		const jwks = JSON.parse((await http(server.base, '/.well-known/jwks.json')).text);
		const { payload } = await jwtVerify(jws, createLocalJWKSet(jwks), { typ: 'vc+jwt', algorithms: ['EdDSA'] });
		assert.equal(payload.name, '荣誉证书');
		assert.equal(payload.credentialSubject.achievement.achievementType, 'Award');
		assert.equal(payload.credentialSubject.achievement.name, `${YEAR}年度机械工业人才评价工作先进集体`);
		assert.ok(payload.jti.endsWith(`/certificates/${honour.number}`), payload.jti);
		assert.ok(qr.includes(honour.number), qr);
		assert.deepEqual(b.problems, []);
	});
});
