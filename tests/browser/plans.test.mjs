// An assessment plan in a real browser (Debian's Chromium driven by
// playwright-core), from its creation to the public results:
//   - an exam officer of a registered exam station creates a plan through
//     the new-plan form;
//   - the candidates come in through the import page: a people file whose
//     dry run finds a bad row (problems table, XLSX download, the upload's
//     <progress> while it is sent), then the right file for real, then an
//     enrolments file; they are enrolled by route 4-2 (six years of work);
//   - a room and an assessor are added through the plan page (the
//     assessor found by 证件号码); the other assessors, and the approval
//     by the center, come through the JSON API (setup, not the point);
//     the officer submits and starts the plan with its buttons;
//   - the theory scores are typed in the grid with the keyboard only
//     (type, Enter moves down, ArrowUp back): 105 is refused beside its
//     row, the typed text stays, and is then corrected; every row says
//     "saved"; the component is submitted for everybody;
//   - the practical: one assessor's scores in the grid with the keyboard,
//     another's in a browser without JavaScript (the whole grid is posted,
//     a bad value is refused with everything typed kept), the third's
//     through the API; submitted from the grid;
//   - scoring finished and the results published with the plan's buttons;
//     an anonymous visitor sees masked names and outcomes, and appeals.
// No console errors or failed requests beyond the intended refusals.
// Screenshots of each step go to a temp directory (printed).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { checkServer, http, makeUser, startServer } from '../e2e/lib.mjs';
import { download, numberedLabel, openBrowser } from './lib.mjs';

const TURNER = '6-18-01-01';
const today = () => new Date().toISOString().slice(0, 10);

/* A resident ID number (GB 11643) with its check character. */
function residentId(body17) {
	const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
	let s = 0;
	for (let i = 0; i < 17; i++) s += Number(body17[i]) * w[i];
	return body17 + '10X98765432'[s % 11];
}

/* Three candidates, six years and more of work (route 4-2), and three
 * assessors of another employer (no recusal). */
const CANDS = [
	{ name: '王小明', id: residentId('11010519850312123'), masked: '王*明' },
	{ name: '李四海', id: residentId('11010519880721234'), masked: '李*海' },
	{ name: '赵六一', id: residentId('11010519900105345'), masked: '赵*一' },
];
const ASSESSORS = [
	{ name: '考评员甲', id: residentId('44052419700101456') },
	{ name: '考评员乙', id: residentId('44052419710202567') },
	{ name: '考评员丙', id: residentId('44052419720303678') },
];

describe('browser: an assessment plan from creation to public results [sqlite]', () => {
	let server;
	let browser;
	let context;
	let page;
	let admin; // center_admin, for the API setup steps
	let officer; // exam_officer of the station
	let station;
	let standard;
	let b; // the browser's problems and intended refusals (./lib.mjs)
	const shotDir = fs.mkdtempSync(path.join(os.tmpdir(), 'skillcert-shots-plans-'));
	let shotN = 0;

	const shot = async (name, p = page) => {
		const n = String(++shotN).padStart(2, '0');
		await p.screenshot({ path: path.join(shotDir, `${n}-${name}.png`), fullPage: true });
	};

	const watch = (p, expected) => b.watch(p, expected);
	const intended = (status, where, method) => status === 422 && method === 'POST';

	const api = async (token, p, json) => {
		const r = await http(server.base, p, { method: json ? 'POST' : 'GET', headers: { Authorization: `Bearer ${token}` }, ...(json ? { json } : {}) });
		assert.ok(r.status < 300, `${p}: ${r.status} ${r.text}`);
		return r.json;
	};
	const cli = async (args) => {
		const r = await server.cli(args);
		assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
		return r.stdout.trim();
	};
	const signIn = async (p, u) => {
		await p.goto(server.base + '/login');
		await p.getByLabel('用户名').fill(u.name);
		await p.getByLabel('密码').fill(u.password);
		await Promise.all([p.waitForURL(server.base + '/'), p.getByRole('button', { name: '登录' }).click()]);
	};
	const badge = (p = page) => p.locator('.titlehead .badge').textContent();

	before(async () => {
		server = await startServer({ engine: 'sqlite', tag: 'browser-plans' });
		admin = await makeUser(server, 'planadmin', { role: 'center_admin' });
		// a registered exam station with 车工 5,4,3 in its scope
		const center = await cli(['institution', 'add', '--name', `计划测试中心${process.pid}`, '--type', 'center', '--province', '11']);
		station = Number(await cli(['institution', 'add', '--name', `计划测试考试站${process.pid}`, '--type', 'exam_station', '--province', '44', '--parent', center]));
		const batch = await cli(['batch', 'create', '--year', today().slice(0, 4)]);
		await cli(['batch', 'add', batch]);
		await cli(['batch', 'notice', batch, '--start', new Date(Date.now() - 20 * 86400e3).toISOString().slice(0, 10)]);
		await cli(['batch', 'decide', batch, '--doc', '机职鉴字[2026]8号', '--date', today()]);
		await cli(['institution', 'scope', String(station), '--code', TURNER, '--occupation-name', '车工', '--levels', '5,4,3', '--doc', '机职鉴字[2026]8号']);
		officer = await makeUser(server, 'kaowu', { role: 'exam_officer', institution: station });
		standard = (await api(admin.token, '/api/v1/standards')).items.find((s) => s.occupation_code === TURNER);
		// the assessors: registered and qualified (setup)
		for (const a of ASSESSORS) {
			a.pid = (await api(officer.token, '/api/v1/people', { name: a.name, id_number: a.id, employer: '职业培训中心' })).id;
			await api(officer.token, `/api/v1/people/${a.pid}/qualifications`, {
				occupation_code: TURNER, grade: 'assessor', max_level: 3, valid_from: '2020-01-01', valid_to: '2035-12-31',
			});
		}
		b = await openBrowser({ label: numberedLabel });
		browser = b.browser;
		context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 }, acceptDownloads: true });
		context.setDefaultTimeout(10000);
		page = await context.newPage();
		watch(page, intended);
	});

	after(async () => {
		console.log(`# screenshots: ${shotDir}`);
		if (browser) await browser.close().catch(() => {});
		if (server) {
			const code = await server.stop();
			assert.equal(code, 0, server.stderr());
		}
	});

	let planUrl;
	let planId;

	it('an exam officer creates a plan through the form', async () => {
		await signIn(page, officer);
		const nav = page.locator('nav[aria-label="main"]');
		await Promise.all([page.waitForURL(server.base + '/plans'), nav.getByRole('link', { name: '认定计划', exact: true }).click()]);
		assert.equal(await page.locator('nav a[aria-current="page"]').textContent(), '认定计划');
		await Promise.all([page.waitForURL(server.base + '/plans/new'), page.getByRole('link', { name: '新建认定计划' }).click()]);
		const form = page.locator('form[action="/plans"]');
		// only the institution the officer works for is offered
		const offered = await form.getByLabel('机构', { exact: true }).locator('option').allTextContents();
		assert.deepEqual(offered.slice(1), [`计划测试考试站${process.pid}`]);
		await form.getByLabel('机构', { exact: true }).selectOption(String(station));
		await form.getByLabel('国家职业技能标准').selectOption(String(standard.id));
		await form.getByLabel('等级').selectOption({ label: '四级/中级工' });
		await form.getByLabel('工种').fill('数控车工');
		await form.getByLabel('人数').fill('30');
		await form.getByLabel('理论知识考试日期').fill(today());
		await shot('plan-new');
		await Promise.all([page.waitForURL(/\/plans\/\d+\?done=create/), form.getByRole('button', { name: '创建' }).click()]);
		planUrl = page.url().replace(/\?.*$/, '');
		planId = Number(/\/(\d+)$/.exec(planUrl)[1]);
		assert.match(await page.locator('h1').textContent(), /车工（数控车工） 四级\/中级工/);
		assert.equal(await badge(), '草稿');
		assert.equal(await page.locator('p.notice[role="status"]').textContent(), '计划已创建（草稿）');
		// the list shows it
		await page.goto(server.base + '/plans?status=draft');
		assert.equal(await page.locator('table tbody tr', { has: page.locator(`a[href="/plans/${planId}"]`) }).count(), 1);
	});

	it('people and enrolments come in through the import page, with its report and progress', async () => {
		await page.goto(planUrl);
		await Promise.all([page.waitForURL(`${planUrl}/import`), page.getByRole('link', { name: '批量导入' }).first().click()]);
		const csv = (rows) => Buffer.from('\ufeff' + rows.map((r) => r.join(',')).join('\r\n') + '\r\n');
		const head = ['姓名', '证件号码', '工作单位', '参加工作日期'];
		const people = CANDS.map((c) => [c.name, c.id, '某机床厂', '2012-07-01']);
		const bad = [...people.slice(0, 1), ['坏号码', '110105198503121239', '某机床厂', '2012-07-01'], ...people.slice(1)];
		const upload = async (kind, name, rows, { dryRun, status }) => {
			const form = page.locator(`form[action="/plans/${planId}/import"]`);
			await form.getByLabel('导入内容').selectOption(kind);
			await form.getByLabel('文件').setInputFiles({ name, mimeType: 'text/csv', buffer: csv(rows) });
			const box = form.getByLabel(/试运行/);
			if ((await box.isChecked()) !== dryRun) await box.setChecked(dryRun);
			// the page stays (the script sends the form): a marker survives
			await page.evaluate(() => { window.stayed = true; });
			const [res] = await Promise.all([
				page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/import')),
				form.getByRole('button', { name: '上传' }).click(),
			]);
			assert.equal(res.status(), status, await res.text());
			await page.locator('#report-h').waitFor();
			assert.equal(await page.evaluate(() => window.stayed), true, 'sent by the script, no page load');
			return page.locator('.report');
		};

		// 1. the upload shows its progress while the server answers
		let release;
		const gate = new Promise((r) => { release = r; });
		await page.route(`**/plans/${planId}/import`, async (route) => {
			if (route.request().method() === 'POST') await gate;
			await route.continue();
		});
		const form = page.locator(`form[action="/plans/${planId}/import"]`);
		await form.getByLabel('导入内容').selectOption('people');
		assert.ok(await form.getByLabel(/试运行/).isChecked(), 'a dry run by default');
		await form.getByLabel('文件').setInputFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: csv([head, ...bad]) });
		const sent = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/import'));
		await form.getByRole('button', { name: '上传' }).click();
		const progress = form.locator('.upload-progress');
		await progress.locator('progress').waitFor({ state: 'visible' });
		assert.match(await progress.locator('[role="status"]').textContent(), /^(正在上传…|正在处理…)$/);
		assert.ok(await form.getByRole('button', { name: '上传' }).isDisabled(), 'sent once');
		await shot('import-progress');
		release();
		assert.equal((await sent).status(), 422);
		await page.unroute(`**/plans/${planId}/import`);
		await page.locator('#report-h').waitFor();

		// 2. the dry run's report: the bad row, its column, why; the problems as XLSX
		let report = page.locator('.report');
		assert.match(await report.textContent(), /试运行发现以下问题/);
		const rows = report.locator('tbody tr');
		assert.equal(await rows.count(), 1);
		const cells = await rows.first().locator('td').allTextContents();
		assert.equal(cells[0], '3', 'the spreadsheet row (the heading is row 1)');
		assert.equal(cells[1], '证件号码');
		assert.ok(cells[2].length > 0);
		const link = report.getByRole('link', { name: '下载问题表（Excel）' });
		assert.equal(await link.getAttribute('download'), 'problems.xlsx');
		const xlsx = await download(page, link);
		assert.equal(xlsx.subarray(0, 2).toString('latin1'), 'PK', 'an XLSX (zip) file');
		assert.ok(await page.evaluate(() => document.activeElement?.id === 'report-h' || document.activeElement?.tagName === 'A'));
		await shot('import-problems');

		// 3. the right file: dry run, then for real
		report = await upload('people', 'people.csv', [head, ...people], { dryRun: true, status: 200 });
		assert.match(await report.textContent(), /试运行通过/);
		assert.equal(await page.locator(`form[action="/plans/${planId}/import"]`).getByLabel(/试运行/).isChecked(), false, 'the real run comes next');
		report = await upload('people', 'people.csv', [head, ...people], { dryRun: false, status: 200 });
		assert.match(await report.textContent(), /导入完成/);
		const stat = async (label) => Number(await report.locator('ul.stats li', { hasText: label }).locator('.n').textContent());
		assert.equal(await stat('数据行'), 3);
		assert.equal(await stat('新增'), 3);

		// 4. the enrolments
		report = await upload('enrolments', 'enrol.csv', [['证件号码'], ...CANDS.map((c) => [c.id])], { dryRun: false, status: 200 });
		assert.match(await report.textContent(), /导入完成/);
		assert.equal(await stat('数据行'), 3);
		await shot('import-enrolled');

		await page.goto(planUrl);
		const enrolled = page.locator('#enrolments tbody tr');
		assert.equal(await enrolled.count(), 3);
		for (const c of CANDS) {
			const row = page.locator('#enrolments tbody tr', { hasText: c.name });
			assert.match(await row.textContent(), /累计从事本职业或相关职业工作6年/, "the route by its text, not 4-2");
			assert.ok(!(await row.textContent()).includes(c.id), 'the ID number is masked');
		}
	});

	it('a room and the staff; submitted, approved, started', async () => {
		await page.goto(planUrl);
		// a room, through its form
		await page.locator('#rooms summary', { hasText: '添加考场' }).click();
		const room = page.locator(`form[action="/plans/${planId}/rooms"]`);
		await room.getByLabel('考场名称').fill('第一考场');
		await Promise.all([page.waitForURL(/\?done=room/), room.getByRole('button', { name: '添加' }).click()]);
		assert.equal(await page.locator('#rooms tbody tr', { hasText: '第一考场' }).count(), 1);
		// an assessor found by 证件号码; a wrong number is refused beside the field
		await page.locator('#staff summary', { hasText: '安排考务人员' }).click();
		let staff = page.locator(`form[action="/plans/${planId}/staff"]`);
		const missing = residentId('11010519991231999');
		await staff.getByLabel('证件号码').fill(missing);
		await staff.getByLabel('职责').selectOption('assessor');
		const [res] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), staff.getByRole('button', { name: '加入' }).click()]);
		assert.equal(res.status(), 422);
		await page.waitForLoadState();
		staff = page.locator(`form[action="/plans/${planId}/staff"]`);
		assert.equal(await staff.getByLabel('证件号码').inputValue(), missing, 'what was typed stays');
		assert.equal(await staff.getByLabel('证件号码').getAttribute('aria-invalid'), 'true');
		assert.match(await staff.locator('.error').first().textContent(), /没有这个人员/);
		assert.equal(await staff.getByLabel('职责').inputValue(), 'assessor');
		await staff.getByLabel('证件号码').fill(ASSESSORS[0].id);
		await Promise.all([page.waitForURL(/\?done=assign/), staff.getByRole('button', { name: '加入' }).click()]);
		assert.match(await page.locator('#staff tbody tr', { hasText: ASSESSORS[0].name }).textContent(), /考评员/);
		// the other two through the API (setup)
		for (const a of ASSESSORS.slice(1))
			await api(officer.token, `/api/v1/plans/${planId}/staff`, { person_id: a.pid, role: 'assessor' });
		// three candidates without a room still need a proctor
		await page.reload();
		assert.match(await page.locator('#staffing').textContent(), /3名考生至少需1名监考，现有0名/);
		const proctor = await api(officer.token, '/api/v1/people', { name: '监考员丁', id_number: residentId('44052419730404789'), employer: '职业培训中心' });
		await api(officer.token, `/api/v1/plans/${planId}/staff`, { person_id: proctor.id, role: 'proctor' });
		await page.reload();
		assert.match(await page.locator('#staffing').textContent(), /配备符合标准要求/);
		await shot('plan-staffed');

		// the lifecycle: the officer submits, the center approves (API), the officer starts
		await Promise.all([page.waitForURL(/\?done=act/), page.getByRole('button', { name: '提交审批' }).click()]);
		assert.equal(await badge(), '已提交');
		assert.equal(await page.getByRole('button', { name: '批准' }).count(), 0, 'approving is the parent\'s');
		await api(admin.token, `/api/v1/plans/${planId}/act`, { action: 'approve' });
		await page.reload();
		assert.equal(await badge(), '已批准');
		await Promise.all([page.waitForURL(/\?done=act/), page.getByRole('button', { name: '开始考试' }).click()]);
		assert.equal(await badge(), '进行中');
		assert.equal(await page.locator('form[action$="/enrolments"]').count(), 0, 'enrolment is closed');
	});

	/* Waits until row eid of the grid says text. */
	const rowSays = (eid, text) => page.waitForFunction(([id, t]) => document.getElementById(`m-${id}`)?.textContent === t, [eid, text]);

	it('theory scores typed with the keyboard: a refused value stays with its reason, then is corrected', async () => {
		await page.goto(planUrl);
		await Promise.all([page.waitForURL(`${planUrl}/scores`), page.getByRole('link', { name: '成绩录入' }).click()]);
		assert.match(await page.locator('h1').textContent(), /理论知识考试/);
		const grid = page.locator('form[data-grid]');
		const eids = await grid.locator('tr[data-row]').evaluateAll((rows) => rows.map((r) => r.dataset.row));
		assert.equal(eids.length, 3);
		const score = (i) => grid.locator(`#score-${eids[i]}`);

		await score(0).focus();
		await page.keyboard.type('88');
		await page.keyboard.press('Enter');
		assert.equal(await page.evaluate(() => document.activeElement.id), `score-${eids[1]}`, 'Enter moves down');
		await page.keyboard.type('105');
		await page.keyboard.press('Enter');
		await page.keyboard.type('76.5');
		await page.keyboard.press('Enter');
		await rowSays(eids[0], '已保存');
		await rowSays(eids[2], '已保存');
		await page.waitForFunction((id) => document.getElementById(`m-${id}`)?.classList.contains('error'), eids[1]);
		assert.equal(await score(1).inputValue(), '105', 'the typed text stays');
		assert.equal(await score(1).getAttribute('aria-invalid'), 'true');
		assert.match(await grid.locator(`#m-${eids[1]}`).textContent(), /0–100/);
		assert.equal(await page.url(), `${planUrl}/scores`, 'Enter did not send the grid');
		await shot('grid-refused');

		// back up one row, correct it
		await page.keyboard.press('ArrowUp');
		assert.equal(await page.evaluate(() => document.activeElement.id), `score-${eids[1]}`, 'ArrowUp moves up');
		await page.keyboard.type('95'); // the field's text is selected: replaced
		await page.keyboard.press('Enter');
		await rowSays(eids[1], '已保存');
		assert.equal(await score(1).inputValue(), '95');
		assert.equal(await score(1).getAttribute('aria-invalid'), null);
		for (const [i, v] of [[0, '88'], [2, '76.5']]) assert.equal(await score(i).inputValue(), v);

		// the grid opened again shows what is stored
		await page.reload();
		for (const [i, v] of [[0, '88.0'], [1, '95.0'], [2, '76.5']]) assert.equal(await score(i).inputValue(), v);
		for (const eid of eids) assert.equal(await page.locator(`#m-${eid}`).textContent(), '已保存');

		// submit the component for everybody: it locks the scores, so the box
		// that confirms it is ticked first
		await grid.getByLabel(/提交后成绩锁定/).check();
		const [res] = await Promise.all([
			page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/scores/submit')),
			grid.getByRole('button', { name: '提交全部考生本科目成绩' }).click(),
		]);
		assert.equal(res.status(), 200, await res.text());
		await page.waitForLoadState();
		for (const eid of eids) assert.equal(await page.locator(`#m-${eid}`).textContent(), '已提交锁定');
		await shot('grid-theory-submitted');

		// submitted: read-only, looks it, nothing left to press
		await page.reload();
		const done = page.locator('form[data-grid]');
		assert.equal(await done.getByRole('button').count(), 0, 'no save or submit buttons');
		assert.match(await done.locator('p.notice').textContent(), /已全部提交锁定/);
		for (const eid of eids) {
			assert.equal(await done.locator(`#score-${eid}`).getAttribute('readonly'), '');
			assert.ok(await done.locator(`#status-${eid}`).isDisabled());
		}
		const look = await done.locator(`#score-${eids[0]}`).evaluate((el) => getComputedStyle(el).backgroundColor);
		assert.notEqual(look, 'rgb(255, 255, 255)', 'a read-only field is not drawn as an open one');
		await shot('grid-theory-locked');
	});

	it('the practical: three assessors (keyboard, a browser without JavaScript, the API), then submitted', async () => {
		// assessor 1 in the grid, chosen with the chooser
		await page.goto(`${planUrl}/scores`);
		const chooser = page.locator('form.search');
		await chooser.getByLabel('科目').selectOption('practical');
		await chooser.getByLabel(/考评员/).selectOption(String(ASSESSORS[0].pid));
		await Promise.all([page.waitForURL(/component=practical/), chooser.getByRole('button', { name: '显示' }).click()]);
		assert.match(await page.locator('h1').textContent(), /技能考核/);
		const grid = page.locator('form[data-grid]');
		const eids = await grid.locator('tr[data-row]').evaluateAll((rows) => rows.map((r) => r.dataset.row));
		await grid.locator(`#score-${eids[0]}`).focus();
		for (const v of ['80', '70', '52']) {
			await page.keyboard.type(v);
			await page.keyboard.press('Enter');
		}
		for (const eid of eids) await rowSays(eid, '已保存');

		// assessor 2 without JavaScript: the whole grid is posted
		const plain = await browser.newContext({ locale: 'zh-CN', javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
		plain.setDefaultTimeout(10000);
		const p2 = await plain.newPage();
		watch(p2, intended);
		try {
			await signIn(p2, officer);
			await p2.goto(`${planUrl}/scores?component=practical&assessor=${ASSESSORS[1].pid}`);
			let g = p2.locator('form[data-grid]');
			await g.locator(`#score-${eids[0]}`).fill('82');
			await g.locator(`#score-${eids[1]}`).fill('七十');
			await g.locator(`#score-${eids[2]}`).fill('55.5');
			await g.locator(`#reason-${eids[2]}`).fill('操作超时');
			const [bad] = await Promise.all([
				p2.waitForResponse((r) => r.request().method() === 'POST'),
				g.locator('.actions').getByRole('button', { name: '保存全部' }).click(),
			]);
			assert.equal(bad.status(), 422);
			await p2.waitForLoadState();
			g = p2.locator('form[data-grid]');
			assert.equal(await g.locator(`#score-${eids[1]}`).inputValue(), '七十', 'the refused text stays');
			assert.equal(await g.locator(`#score-${eids[1]}`).getAttribute('aria-invalid'), 'true');
			assert.match(await g.locator(`#m-${eids[1]}`).textContent(), /分数应为数字/);
			assert.equal(await g.locator(`#score-${eids[0]}`).inputValue(), '82', 'the other rows keep theirs');
			assert.equal(await g.locator(`#m-${eids[0]}`).textContent(), '已保存');
			assert.equal(await g.locator(`#reason-${eids[2]}`).inputValue(), '操作超时');
			assert.match(await p2.locator('.error-summary').textContent(), /有 1 行未能保存/);
			await shot('grid-nojs-refused', p2);
			await g.locator(`#score-${eids[1]}`).fill('72');
			const [ok] = await Promise.all([
				p2.waitForResponse((r) => r.request().method() === 'POST'),
				g.locator('.actions').getByRole('button', { name: '保存全部' }).click(),
			]);
			assert.equal(ok.status(), 200);
			await p2.waitForLoadState();
			for (const eid of eids) assert.equal(await p2.locator(`#m-${eid}`).textContent(), '已保存');
		} finally {
			await plain.close();
		}

		// assessor 3 through the API (setup)
		for (const [i, v] of [[0, '78'], [1, '74'], [2, '50']])
			await api(officer.token, `/api/v1/plans/${planId}/scores`, { enrolment_id: Number(eids[i]), component: 'practical', assessor_id: ASSESSORS[2].pid, score: v });

		// the name column stays on one line beside the review-note column
		await page.reload();
		for (const width of [1280, 900]) {
			await page.setViewportSize({ width, height: 900 });
			assert.ok(await page.locator('#h-note').isVisible(), 'the review-note column is shown');
			const lines = await page.locator(`#n-${eids[0]}`).evaluate((td) => {
				const r = document.createRange();
				r.selectNodeContents(td);
				return new Set([...r.getClientRects()].map((x) => Math.round(x.top))).size;
			});
			assert.equal(lines, 1, `the name is one line at ${width}px`);
		}
		await page.setViewportSize({ width: 1280, height: 900 });

		// submitted from the grid, row by row for the first (the script asks
		// first: refused once, then accepted), then everybody
		const g1 = page.locator('form[data-grid]');
		const rowSubmit = g1.locator(`tr[data-row="${eids[0]}"]`).getByRole('button', { name: '提交' });
		const asked = [];
		page.once('dialog', (d) => { asked.push(d.message()); d.dismiss(); });
		await rowSubmit.click();
		assert.match(asked[0] || '', /成绩即锁定/, 'the script asks before a submission');
		assert.equal(await page.locator(`#m-${eids[0]}`).textContent(), '已保存', 'dismissed: nothing sent');
		page.once('dialog', (d) => d.accept());
		const [one] = await Promise.all([
			page.waitForResponse((r) => r.request().method() === 'POST'),
			rowSubmit.click(),
		]);
		assert.equal(one.status(), 200, await one.text());
		await page.waitForLoadState();
		assert.equal(await page.locator(`#m-${eids[0]}`).textContent(), '已提交锁定');
		assert.equal(await page.locator(`tr[data-row="${eids[0]}"]`).getByRole('button').count(), 0, 'a submitted row has no button');
		await page.locator('form[data-grid]').getByLabel(/提交后成绩锁定/).check();
		const [all] = await Promise.all([
			page.waitForResponse((r) => r.request().method() === 'POST'),
			page.locator('form[data-grid]').getByRole('button', { name: '提交全部考生本科目成绩' }).click(),
		]);
		// the first was submitted already: pressing "all" again is harmless
		assert.equal(all.status(), 200, await all.text());
		await page.waitForLoadState();
		for (const eid of eids) assert.equal(await page.locator(`#m-${eid}`).textContent(), '已提交锁定');
		await shot('grid-practical-submitted');
		assert.equal(new URL(page.url()).pathname, `/plans/${planId}/scores/submit`);
	});

	it('scoring finished, results published; the public sees masked names and may appeal', async () => {
		await page.goto(planUrl);
		await Promise.all([page.waitForURL(/\?done=act/), page.getByRole('button', { name: '结束评分' }).click()]);
		assert.equal(await badge(), '评分完成');
		await Promise.all([page.waitForURL(/\?done=act/), page.getByRole('button', { name: '公示结果' }).click()]);
		assert.equal(await badge(), '结果公示中');
		await shot('plan-published');

		const anon = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
		anon.setDefaultTimeout(10000);
		const v = await anon.newPage();
		watch(v);
		try {
			await v.goto(`${server.base}/results/${planId}`);
			assert.equal(await badge(v), '结果公示中');
			assert.match(await v.locator('.callout').textContent(), /脱敏/);
			const text = await v.locator('table.results').textContent();
			for (const c of CANDS) {
				assert.ok(!text.includes(c.name), `${c.name} is not shown in full`);
				assert.ok(!text.includes(c.id), 'nor the ID number');
			}
			const outcome = async (c) => (await v.locator('table.results tbody tr', { hasText: c.masked }).locator('.badge').textContent());
			assert.equal(await outcome(CANDS[0]), '合格');
			assert.equal(await outcome(CANDS[1]), '合格');
			assert.equal(await outcome(CANDS[2]), '不合格', 'practical (52 + 55.5 + 50) / 3 is below 60');
			const masked = await v.locator('table.results tbody tr td:first-child').allTextContents();
			assert.deepEqual(masked.sort(), CANDS.map((c) => c.masked).sort());
			await shot('results-public', v);
			// in English on request
			await v.goto(`${server.base}/results/${planId}?lang=en`);
			assert.equal(await v.locator('#results').textContent(), 'Results');
			assert.equal(await v.locator('table.results tbody tr', { hasText: CANDS[2].masked }).locator('.badge').textContent(), 'Not passed');
			assert.equal(await v.locator('#appeal h2').textContent(), 'Appeal');
			await v.goto(`${server.base}/results/${planId}?lang=zh`);

			const form = v.locator('#appeal form');
			await form.getByLabel('姓名').fill('赵某');
			await form.getByLabel('联系方式').fill('13900000000');
			await form.getByLabel('申诉内容').fill('对技能考核成绩有疑问，请复核。');
			await Promise.all([v.waitForURL(/\?done=appeal$/), form.getByRole('button', { name: '提交申诉' }).click()]);
			assert.match(await v.locator('p.notice').textContent(), /申诉已提交/);
		} finally {
			await anon.close();
		}

		// the officer sees it on the plan and answers it
		await page.goto(planUrl);
		const row = page.locator('#appeals tbody tr', { hasText: '赵某' });
		assert.match(await row.textContent(), /13900000000/);
		await row.locator('textarea').fill('经复核，成绩无误。');
		await Promise.all([page.waitForURL(/done=resolve/), row.getByRole('button', { name: '处理' }).click()]);
		assert.match(await page.locator('#appeals tbody tr', { hasText: '赵某' }).textContent(), /经复核，成绩无误/);
		assert.equal(await page.locator('#appeals textarea').count(), 0);

		checkServer(server);
		assert.deepEqual(b.problems, [], 'no console errors, failed requests or unexpected HTTP errors');
		assert.deepEqual(b.refused.sort(), [
			'422 POST /plans/N/import',
			'422 POST /plans/N/scores',
			'422 POST /plans/N/scores/row',
			'422 POST /plans/N/staff',
		], 'exactly the intended refusals');
	});
});
