// The institution registry in a real browser (Debian's Chromium driven by
// playwright-core), entirely through the pages:
//   - an administrator creates an institution (a credit code failing its
//     GB 32100 checksum is refused, the form keeps what was typed and offers
//     the note that lets it through), creates a batch, adds the application,
//     is refused a public notice dated back ten days, starts it today, is
//     refused a decision while it runs, and (the days gone by in the
//     database) decides it with
//     机职鉴字[2026]3号 and today's date, and downloads the registration
//     certificate: pdftotext finds the name, the number shown on the page and
//     the approval document in it;
//   - an anonymous visitor objects to an institution of a batch under notice
//     and sees the confirmation; the staff view lists the objection and
//     resolves it;
//   - the spreadsheet import's dry run reports a bad row; the export answers
//     a CSV attachment.
// No console errors or failed requests beyond the intended refusals.
// Screenshots of each step, wide (1200 px) and narrow (375 px), go to a temp
// directory (printed) for a human to look at.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { checkServer, makeUser, startServer } from '../e2e/lib.mjs';
import { numberedLabel, openBrowser } from './lib.mjs';

/* Dates as the server sees them (UTC). */
const iso = (d) => d.toISOString().slice(0, 10);
const today = () => iso(new Date());
function addDays(s, n) {
	const d = new Date(`${s}T12:00:00Z`);
	d.setUTCDate(d.getUTCDate() + n);
	return iso(d);
}

/* A unified social credit code (GB 32100-2015) with its right check
 * character, or with a wrong one. */
const CREDIT_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
function creditCode(right) {
	const body = `91440300MA5F${String(process.pid % 100000).padStart(5, '0')}`;
	let sum = 0;
	for (let i = 0; i < 17; i++) sum += CREDIT_CHARS.indexOf(body[i]) * CREDIT_WEIGHTS[i];
	const c = (31 - (sum % 31)) % 31;
	return body + CREDIT_CHARS[right ? c : (c + 1) % 31];
}

const squeeze = (s) => s.replace(/\s+/g, '');

describe('browser: the institution registry [sqlite]', () => {
	let server;
	let browser;
	let context;
	let page;
	let admin; // a center_admin
	let b; // the browser's problems and intended refusals (./lib.mjs)
	const shotDir = fs.mkdtempSync(path.join(os.tmpdir(), 'skillcert-shots-registry-'));
	let shotN = 0;

	/* A full-page screenshot of p, wide and narrow. */
	const shot = async (name, p = page) => {
		const n = String(++shotN).padStart(2, '0');
		const size = p.viewportSize();
		await p.screenshot({ path: path.join(shotDir, `${n}-${name}-wide.png`), fullPage: true });
		await p.setViewportSize({ width: 375, height: 812 });
		await p.screenshot({ path: path.join(shotDir, `${n}-${name}-narrow.png`), fullPage: true });
		await p.setViewportSize(size);
	};

	const watch = (p, expected) => b.watch(p, expected);

	before(async () => {
		server = await startServer({ engine: 'sqlite', tag: 'browser-registry' });
		admin = await makeUser(server, 'registrar', { role: 'center_admin', token: false });
		b = await openBrowser({ label: numberedLabel });
		browser = b.browser;
		context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1200, height: 900 } });
		context.setDefaultTimeout(10000);
		page = await context.newPage();
		// the refused create (422) and the dry run that found a bad row (422)
		watch(page, (status, p, method) => status === 422 && method === 'POST' &&
			(['/institutions', '/institutions/import'].includes(p) || /^\/registry\/batches\/\d+\/(notice|decide)$/.test(p)));
	});

	after(async () => {
		console.log(`# screenshots: ${shotDir}`);
		if (browser) await browser.close().catch(() => {});
		if (server) {
			const code = await server.stop();
			assert.equal(code, 0, server.stderr());
		}
	});

	it('an administrator takes an institution from application to registered, and downloads its certificate', async () => {
		const base = server.base;
		const name = `测试机械考试站${process.pid}`;
		const doc = '机职鉴字[2026]3号';

		// sign in
		await page.goto(base + '/login');
		await page.getByLabel('用户名').fill(admin.name);
		await page.getByLabel('密码').fill(admin.password);
		await Promise.all([page.waitForURL(base + '/'), page.getByRole('button', { name: '登录' }).click()]);
		const nav = page.locator('nav[aria-label="main"]');
		assert.equal(await nav.getByRole('link', { name: '公示', exact: true }).count(), 1);
		assert.equal(await nav.getByRole('link', { name: '注册管理', exact: true }).count(), 1);

		// 1. the new-institution form: a credit code failing its checksum is
		// refused, what was typed stays, and the note that lets it through
		// appears
		await page.goto(base + '/institutions/new');
		const form = page.locator('form[action="/institutions"]');
		assert.equal(await form.getByLabel('信用代码说明').count(), 0, 'no note asked for before the refusal');
		await form.getByLabel('名称', { exact: true }).fill(name);
		await form.getByLabel('机构类型').selectOption('exam_station');
		await form.getByLabel('所在省份').selectOption({ label: '广东省' });
		await form.getByLabel('主办单位').fill('广州某汽车有限公司');
		await form.getByLabel('地址').fill('广州市黄埔区测试路1号');
		await form.getByLabel('联系人', { exact: true }).fill('王工');
		await form.getByLabel('联系电话').fill('020-12345678');
		await form.getByLabel('电子邮箱').fill('wang@example.cn');
		const wrong = creditCode(false);
		await form.getByLabel('统一社会信用代码').fill(wrong);
		let res = await Promise.all([
			page.waitForResponse((r) => r.request().method() === 'POST'),
			form.getByRole('button', { name: '创建' }).click(),
		]).then(([r]) => r);
		assert.equal(res.status(), 422);
		await page.waitForLoadState();
		const code = form.getByLabel('统一社会信用代码');
		assert.equal(await code.inputValue(), wrong, 'the typed code is kept');
		assert.equal(await code.getAttribute('aria-invalid'), 'true');
		assert.match(await page.locator('#e-credit_code').textContent(), /GB 32100/);
		assert.equal(await form.getByLabel('名称', { exact: true }).inputValue(), name);
		assert.equal(await form.getByLabel('主办单位').inputValue(), '广州某汽车有限公司');
		assert.equal(await form.getByLabel('联系电话').inputValue(), '020-12345678');
		const note = form.getByLabel('信用代码说明');
		assert.ok(await note.isVisible(), 'the note is offered once the checksum refused the code');
		await shot('checksum-refused');
		await note.fill('营业执照所载代码即为此号，已电话核实');
		await Promise.all([page.waitForURL(/\/institutions\/\d+$/), form.getByRole('button', { name: '创建' }).click()]);
		const instUrl = page.url();
		assert.equal(await page.locator('h1').textContent(), name);
		assert.equal(await page.locator('.titlehead .badge').textContent(), '申请中');
		const facts = await page.locator('dl.facts').textContent();
		assert.match(facts, /考试站\/鉴定站/);
		assert.match(facts, /广东省/);
		assert.ok(facts.includes(wrong), 'the code is kept as typed');
		assert.match(facts, /营业执照所载代码即为此号/, 'with its note (staff only)');
		assert.match(facts, /王工/);

		// 2. a new batch
		await Promise.all([page.waitForURL(base + '/registry/batches'), nav.getByRole('link', { name: '公示', exact: true }).click()]);
		await page.locator('summary', { hasText: '新建批次' }).click();
		const create = page.locator('form[action="/registry/batches"]');
		assert.equal(await create.getByLabel('年度').inputValue(), today().slice(0, 4));
		await create.getByLabel('公示天数').fill('7');
		await Promise.all([page.waitForURL(/\/registry\/batches\/\d+\?done=create$/), create.getByRole('button', { name: '创建' }).click()]);
		const batchUrl = page.url().replace(/\?.*$/, '');
		const batchId = Number(/\/(\d+)$/.exec(batchUrl)[1]);
		assert.equal(await page.locator('p.notice').textContent(), '批次已创建');
		assert.equal(await page.locator('.titlehead .badge').textContent(), '筹备中');
		assert.match(await page.locator('h1').textContent(), new RegExp(`^机械行业${today().slice(0, 4)}年第\\d+批登记注册机构$`));

		// 3. the application goes into it
		const add = page.locator(`form[action="/registry/batches/${batchId}/add"]`).first();
		await add.getByLabel('申请').selectOption({ label: `${name} · 首次注册` });
		await Promise.all([page.waitForURL(/\?done=add/), add.getByRole('button', { name: '加入所选申请' }).click()]);
		const row = page.locator('#list + .table tbody tr', { hasText: name });
		assert.equal(await row.count(), 1);
		assert.match(await row.textContent(), /首次注册/);
		assert.match(await row.textContent(), /待审批/);
		await shot('batch-open');

		// 4. the notice: one dated back ten days is refused, next to the
		// field, keeping what was typed; it starts today, and no decision
		// is taken while it runs
		const start = addDays(today(), -10);
		const notice = page.locator(`form[action="/registry/batches/${batchId}/notice"]`);
		assert.equal(await notice.getByLabel('公示开始日期').inputValue(), today(), 'today by default');
		await notice.getByLabel('公示开始日期').fill(start);
		const [refused] = await Promise.all([page.waitForResponse((r) => r.url().endsWith(`/registry/batches/${batchId}/notice`)),
			notice.getByRole('button', { name: '开始公示' }).click()]);
		assert.equal(refused.status(), 422);
		await page.waitForLoadState();
		assert.equal(await page.locator('.titlehead .badge').textContent(), '筹备中');
		assert.match(await notice.textContent(), /公示不能早于今天开始/);
		assert.equal(await notice.getByLabel('公示开始日期').inputValue(), start, 'the typed date is kept');
		assert.equal(await notice.getByLabel('公示开始日期').getAttribute('aria-invalid'), 'true');
		await shot('notice-refused');
		await notice.getByLabel('公示开始日期').fill(today());
		await Promise.all([page.waitForURL(/\?done=notice/), notice.getByRole('button', { name: '开始公示' }).click()]);
		assert.equal(await page.locator('.titlehead .badge').textContent(), '公示中');
		assert.match(await page.locator('.callout').textContent(), new RegExp(`${today()} 至 ${addDays(today(), 6)}`));
		{
			const early = page.locator(`form[action="/registry/batches/${batchId}/decide"]`);
			await early.getByLabel('批准文号').fill(doc);
			const [r] = await Promise.all([page.waitForResponse((x) => x.url().endsWith(`/registry/batches/${batchId}/decide`)),
				early.getByRole('button', { name: '批准' }).click()]);
			assert.equal(r.status(), 422, 'no decision while the notice runs');
			await page.waitForLoadState();
			assert.match(await early.textContent(), /公示期尚未结束/);
			assert.equal(await page.locator('.titlehead .badge').textContent(), '公示中');
		}
		// the days go by (the test's clock: the notice moved back in the database)
		execFileSync('sqlite3', ['-cmd', '.timeout 10000', path.join(server.dataDir, 'skillcert.db'),
			`UPDATE registration_batch SET notice_start = '${start}', notice_end = '${addDays(start, 6)}' WHERE id = ${batchId}`]);
		await page.goto(batchUrl);
		assert.match(await page.locator('.callout').textContent(), new RegExp(`${start} 至 ${addDays(start, 6)}`));
		assert.match(await page.locator('.callout').textContent(), /公示期已结束/);
		assert.equal(await page.locator('#objection').count(), 0, 'no objections once the notice is over');

		// 5. the decision
		const decide = page.locator(`form[action="/registry/batches/${batchId}/decide"]`);
		await decide.getByLabel('批准文号').fill(doc);
		assert.equal(await decide.getByLabel('批准日期').inputValue(), today());
		await Promise.all([page.waitForURL(/\?done=decide/), decide.getByRole('button', { name: '批准' }).click()]);
		assert.equal(await page.locator('.titlehead .badge').textContent(), '已批复');
		const facts2 = await page.locator('dl.facts').textContent();
		assert.ok(facts2.includes(doc), facts2);
		assert.match(await page.locator('#list + .table tbody tr', { hasText: name }).textContent(), /已批准/);
		await shot('batch-decided');

		// 6. the institution is registered: number, validity, document
		await Promise.all([page.waitForURL(instUrl), page.getByRole('link', { name }).click()]);
		assert.equal(await page.locator('.titlehead .badge').textContent(), '已注册');
		const fact = (label) => page.locator('dl.facts dt', { hasText: label }).locator('xpath=following-sibling::dd[1]');
		const regno = (await fact('注册编号').textContent()).trim();
		assert.match(regno, new RegExp(`^JXJD${today().slice(0, 4)}\\d{4}$`));
		assert.equal((await fact('注册日期').textContent()).trim(), today());
		assert.ok((await fact('批准文号').textContent()).includes(doc));
		const timeline = await page.locator('ol.timeline').textContent();
		assert.match(timeline, /申请中.*公示中/s);
		assert.match(timeline, /公示中.*已注册/s);
		await shot('registered');

		// 7. the registration certificate, fetched with the page's cookies
		const link = page.getByRole('link', { name: '下载注册证书（PDF）' });
		const href = await link.getAttribute('href');
		assert.equal(href, `${new URL(instUrl).pathname}/plaque.pdf`);
		const pdf = await context.request.get(new URL(href, base).toString());
		assert.equal(pdf.status(), 200);
		assert.match(pdf.headers()['content-type'], /^application\/pdf/);
		assert.equal(pdf.headers()['content-disposition'], `inline; filename="${regno}.pdf"`);
		const body = await pdf.body();
		assert.equal(body.subarray(0, 5).toString('latin1'), '%PDF-');
		const file = path.join(shotDir, `${regno}.pdf`);
		fs.writeFileSync(file, body);
		const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
		assert.ok(squeeze(text).includes(squeeze(name)), `the name on the certificate:\n${text}`);
		assert.ok(text.includes(regno), `the number on the certificate:\n${text}`);
		assert.ok(squeeze(text).includes(squeeze(doc)), `the approval document on the certificate:\n${text}`);

		// 8. the directory shows it registered, with its number
		await page.goto(`${base}/institutions?status=registered&q=${encodeURIComponent(name)}`);
		const dir = page.locator('table tbody tr', { hasText: name });
		assert.equal(await dir.count(), 1);
		assert.match(await dir.textContent(), /已注册/);
		assert.ok((await dir.textContent()).includes(regno));
		await shot('directory');

		// 9. a rename says it succeeded, and the former name still finds it
		await page.goto(instUrl);
		const newName = `测试机械评价站${process.pid}`;
		const rename = page.locator(`form[action="${new URL(instUrl).pathname}/rename"]`);
		if (!(await rename.isVisible())) await page.locator('summary', { hasText: '更名' }).first().click();
		await rename.getByLabel('新名称').fill(newName);
		await Promise.all([page.waitForURL(/\?done=rename$/), rename.getByRole('button', { name: '更名' }).click()]);
		assert.match(await page.locator('p.notice').textContent(), /^机构已更名/);
		assert.equal(await page.locator('h1').textContent(), newName);
		await shot('renamed');
		await page.goto(`${base}/institutions?q=${encodeURIComponent(`考试站${process.pid}`)}`);
		const hit = page.locator('table tbody tr', { hasText: newName });
		assert.equal(await hit.count(), 1);
		assert.equal(await hit.locator('.former').textContent(), `曾用名：${name}`);
		await shot('found-by-former-name');
	});

	it('an anonymous visitor objects during the notice; staff see and resolve the objection', async () => {
		const base = server.base;
		const name = `异议测试鉴定点${process.pid}`;
		const add = await server.cli(['institution', 'add', '--name', name, '--type', 'exam_site', '--province', '11']);
		assert.equal(add.code, 0, add.stderr);
		const created = await server.cli(['batch', 'create', '--year', today().slice(0, 4), '--title', `异议测试批次${process.pid}`]);
		assert.equal(created.code, 0, created.stderr);
		const batchId = created.stdout.trim();
		assert.equal((await server.cli(['batch', 'add', batchId])).code, 0);
		assert.equal((await server.cli(['batch', 'notice', batchId])).code, 0);

		// a visitor with no session at all
		const anon = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1200, height: 900 } });
		anon.setDefaultTimeout(10000);
		const visitor = await anon.newPage();
		watch(visitor);
		try {
			await visitor.goto(base + '/registry/batches');
			assert.equal(await visitor.locator('nav[aria-label="main"]').getByRole('link', { name: '注册管理' }).count(), 0);
			await Promise.all([visitor.waitForURL(`${base}/registry/batches/${batchId}`), visitor.getByRole('link', { name: `异议测试批次${process.pid}` }).click()]);
			assert.match(await visitor.locator('.callout').textContent(), /公示期内/);
			assert.equal(await visitor.locator('form[action$="/add"]').count(), 0, 'no staff forms for a visitor');
			const form = visitor.locator('#objection form');
			await form.getByLabel('异议对象').selectOption({ label: name });
			await form.getByLabel('姓名').fill('李四');
			await form.getByLabel('联系方式').fill('13800000000');
			await form.getByLabel('异议内容').fill('该机构考场条件与申报材料不符，请核实。');
			await shot('objection-form', visitor);
			await Promise.all([visitor.waitForURL(/\?done=objection$/), form.getByRole('button', { name: '提交异议' }).click()]);
			assert.match(await visitor.locator('p.notice').textContent(), /您的异议已提交/);
			// the public sees that one is open, not who filed it
			assert.match(await visitor.locator('#list + .table tbody tr', { hasText: name }).textContent(), /1/);
			assert.equal(await visitor.getByText('13800000000').count(), 0);
			await shot('objection-filed', visitor);
		} finally {
			await anon.close();
		}

		// the staff view lists it; it is resolved as dismissed
		await page.goto(`${base}/registry/batches/${batchId}`);
		const item = page.locator('#objections + ul.records li', { hasText: '李四' });
		assert.equal(await item.count(), 1);
		assert.match(await item.textContent(), /13800000000/);
		assert.match(await item.textContent(), /考场条件与申报材料不符/);
		assert.equal(await item.locator('.badge').textContent(), '待处理');
		await shot('objections-staff');
		await item.getByLabel('结论').selectOption({ label: '异议不成立' });
		await item.getByLabel('处理意见').fill('经核实，考场条件符合要求。');
		await Promise.all([page.waitForURL(/\?done=resolve/), item.getByRole('button', { name: '处理' }).click()]);
		const done = page.locator('#objections + ul.records li', { hasText: '李四' });
		assert.equal(await done.locator('.badge').textContent(), '异议不成立');
		assert.match(await done.textContent(), /经核实，考场条件符合要求。/);
	});

	it('the import dry run reports a bad row; the export is a CSV attachment', async () => {
		const base = server.base;
		const csv = '\ufeff名称,类型,省份\n' +
			`导入测试站${process.pid},exam_station,44\n` +
			`导入测试点${process.pid},exam_site,99\n`;
		const file = path.join(shotDir, 'import.csv');
		fs.writeFileSync(file, csv);
		await page.goto(base + '/institutions/import');
		const form = page.locator('form[action="/institutions/import"]');
		assert.equal(await form.getAttribute('enctype'), 'multipart/form-data');
		assert.ok(await form.getByLabel('试运行').isChecked(), 'a dry run by default');
		await form.getByLabel('文件').setInputFiles(file);
		const res = await Promise.all([
			page.waitForResponse((r) => r.request().method() === 'POST'),
			form.getByRole('button', { name: '上传' }).click(),
		]).then(([r]) => r);
		assert.equal(res.status(), 422);
		await page.waitForLoadState();
		assert.match(await page.locator('.report').textContent(), /试运行发现以下问题/);
		const problem = page.locator('.report tbody tr');
		assert.equal(await problem.count(), 1);
		assert.match(await problem.textContent(), /^3省份请选择有效的省份$/);
		await shot('import-report');
		// nothing was written
		await page.goto(`${base}/institutions?q=${encodeURIComponent(`导入测试站${process.pid}`)}`);
		assert.equal(await page.locator('.empty').count(), 1);

		const exp = await context.request.get(base + '/institutions/export.csv');
		assert.equal(exp.status(), 200);
		assert.match(exp.headers()['content-type'], /^text\/csv; charset=utf-8/);
		assert.match(exp.headers()['content-disposition'], /^attachment; filename="institutions-\d{4}-\d{2}-\d{2}\.csv"$/);
		assert.ok((await exp.text()).includes(`测试机械评价站${process.pid}`), 'the renamed station');

		checkServer(server);
		assert.deepEqual(b.problems, [], 'no console errors, failed requests or unexpected HTTP errors');
		assert.deepEqual(b.refused,
			['422 POST /institutions', '422 POST /registry/batches/N/notice', '422 POST /registry/batches/N/decide', '422 POST /institutions/import'],
			'exactly the intended refusals');
	});
});
