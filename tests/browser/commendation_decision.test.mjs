// The decision of a commendation campaign in a real browser at 390 px
// (Debian's Chromium driven by playwright-core): the center enters the
// decision (表彰决定) on its form by keyboard and lands on the honour roll,
// downloads the decision's PDF from it (the roll links no /v/ page), and a
// visitor opens an honour's QR page (/v/...) and reads 有效 with "荣誉证书 · 先进集体 · the campaign".
// The campaign in `notice` (over) and its proposed nominations are seeded
// by SQL: other helpers' code makes them (migration 0030's rows only).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { sql } from '../e2e/certlib.mjs';
import { makeUser, startServer, uniqueName } from '../e2e/lib.mjs';
import { download, fits, login, openBrowser } from './lib.mjs';

const TITLE = '2020年度机械工业人才评价工作先进集体、个人表彰';

describe('browser: the commendation decision [sqlite]', () => {
	let server, b, admin, campaign, stationName;

	before(async () => {
		server = await startServer({ engine: 'sqlite', tag: 'browser-cdecide' });
		admin = await makeUser(server, 'centeradmin', { role: 'center_admin' });
		assert.equal((await server.cli(['setting', 'set', 'public_url', server.base])).code, 0);
		const c = await server.cli(['institution', 'add', '--name', uniqueName('表彰中心'), '--type', 'center', '--province', '11']);
		assert.equal(c.code, 0, c.stderr);
		stationName = uniqueName('表彰考试站');
		const s = await server.cli(['institution', 'add', '--name', stationName, '--type', 'exam_station', '--province', '44', '--parent', c.stdout.trim()]);
		assert.equal(s.code, 0, s.stderr);
		const day = (d) => new Date(Date.now() + d * 86400e3).toISOString().slice(0, 10);
		const now = new Date().toISOString();
		await sql(server, `INSERT INTO commendation_campaign (year, title, status, notice_days, notice_start, notice_end, created_by, created_at, updated_at) VALUES (2020, '${TITLE}', 'notice', 5, '${day(-8)}', '${day(-2)}', 'x', '${now}', '${now}')`);
		campaign = Number((await sql(server, 'SELECT max(id) FROM commendation_campaign')).trim());
		await sql(server, `INSERT INTO commendation_nomination (campaign_id, category, institution_id, nominated_by, achievements, status, rank, created_by, created_at, updated_at) VALUES (${campaign}, 'advanced_collective', ${s.stdout.trim()}, ${s.stdout.trim()}, '成绩突出', 'proposed', 1, 'x', '${now}', '${now}')`);
		b = await openBrowser();
	});
	after(async () => {
		if (b) await b.close();
		if (server) assert.equal(await server.stop(), 0);
	});

	it('at 390 px the center decides by keyboard, downloads the decision, and a visitor\'s QR page says 有效', async () => {
		const { ctx, p } = await b.page({ width: 390 });
		await login(p, server.base, admin.name, admin.password);
		await p.goto(`${server.base}/commendations/${campaign}/decision`);
		await fits(p, 'the decision form at 390 px');
		await p.getByLabel('决定文号').fill('机械人才评价〔2021〕3号');
		// the decision's date: after the notice (day -2), not in the future
		await p.getByLabel('决定日期').fill(new Date(Date.now() - 86400e3).toISOString().slice(0, 10));
		await p.getByLabel('落款单位').fill('机械工业职业技能鉴定指导中心');
		await p.getByRole('button', { name: '作出表彰决定' }).focus();
		await Promise.all([p.waitForURL(/\/commendations\/honours\?decided=1$/), p.keyboard.press('Enter')]);
		await fits(p, 'the honour roll at 390 px');
		const row = p.locator('#honour-roll tbody tr');
		assert.equal(await row.count(), 1);
		assert.ok((await row.textContent()).includes(stationName));
		const pdf = await download(p, row.locator('a[type="application/pdf"]'));
		assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
		// the roll shows the number and links the decision, never /v/ (fix14b)
		assert.equal(await row.locator('a[href^="/v/"]').count(), 0);
		const number = (await row.locator('.cert-number').textContent()).trim();
		const token = (await sql(server, `SELECT qr_token FROM certificate WHERE number = '${number}'`)).trim();
		const href = `/v/${token}`;
		await ctx.close();

		const v = await b.page({ width: 390 });
		await v.p.goto(`${server.base}${href}`);
		await fits(v.p, 'the honour\'s QR page at 390 px');
		const text = await v.p.locator('main').textContent();
		assert.ok(text.includes(`荣誉证书 · 先进集体 · ${TITLE}`), text);
		assert.ok(text.includes('有效'), text);
		assert.ok(text.includes(stationName));
		await v.ctx.close();
		assert.deepEqual(b.problems, []);
	});
});
