// People from the pages, in a real browser (Debian's Chromium driven by
// playwright-core): an exam officer
//   - registers an assessor through the new-person form (found in the
//     people list by name, the ID number masked);
//   - adds them to a plan as assessor: refused with "此人不具备该职业该等级
//     的考评资格", and the refusal links to the person's qualifications;
//   - there uploads a photo (shown as a thumbnail) and records the
//     qualification through the form (a bad date refused beside its field,
//     what was typed kept);
//   - changes a fact (the employer);
//   - adds them to the plan again: no refusal, they are on the staff list.
// No console errors or failed requests beyond the intended refusals.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { pngPhoto } from '../e2e/certlib.mjs';
import { http, makeUser, startServer } from '../e2e/lib.mjs';
import { numberedLabel, openBrowser } from './lib.mjs';

const TURNER = '6-18-01-01';
const today = () => new Date().toISOString().slice(0, 10);

/* A resident ID number (GB 11643) with its check character. */
function residentId(body17) {
	const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
	let s = 0;
	for (let i = 0; i < 17; i++) s += Number(body17[i]) * w[i];
	return body17 + '10X98765432'[s % 11];
}

const ASSESSOR = { name: '资格考评员', id: residentId('44052419700101456') };

describe('browser: a person\'s facts, photo and qualification from the pages [sqlite]', () => {
	let server;
	let browser;
	let page;
	let officer;
	let planId;
	let personUrl;
	let b; // the browser's problems and intended refusals (./lib.mjs)
	const shotDir = fs.mkdtempSync(path.join(os.tmpdir(), 'skillcert-shots-people-'));
	let shotN = 0;

	const shot = async (name) => {
		const n = String(++shotN).padStart(2, '0');
		await page.screenshot({ path: path.join(shotDir, `${n}-${name}.png`), fullPage: true });
	};
	const cli = async (args) => {
		const r = await server.cli(args);
		assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
		return r.stdout.trim();
	};
	const api = async (token, p, json) => {
		const r = await http(server.base, p, { method: json ? 'POST' : 'GET', headers: { Authorization: `Bearer ${token}` }, ...(json ? { json } : {}) });
		assert.ok(r.status < 300, `${p}: ${r.status} ${r.text}`);
		return r.json;
	};

	before(async () => {
		server = await startServer({ engine: 'sqlite', tag: 'browser-people' });
		const admin = await makeUser(server, 'peopleadmin', { role: 'center_admin' });
		const center = await cli(['institution', 'add', '--name', `人员测试中心${process.pid}`, '--type', 'center', '--province', '11']);
		const station = Number(await cli(['institution', 'add', '--name', `人员测试考试站${process.pid}`, '--type', 'exam_station', '--province', '44', '--parent', center]));
		const batch = await cli(['batch', 'create', '--year', today().slice(0, 4)]);
		await cli(['batch', 'add', batch]);
		await cli(['batch', 'notice', batch, '--start', new Date(Date.now() - 20 * 86400e3).toISOString().slice(0, 10)]);
		await cli(['batch', 'decide', batch, '--doc', '机职鉴字[2026]7号', '--date', today()]);
		await cli(['institution', 'scope', String(station), '--code', TURNER, '--occupation-name', '车工', '--levels', '5,4,3', '--doc', '机职鉴字[2026]7号']);
		officer = await makeUser(server, 'renyuan', { role: 'exam_officer', institution: station });
		const standard = (await api(admin.token, '/api/v1/standards')).items.find((s) => s.occupation_code === TURNER);
		planId = (await api(officer.token, '/api/v1/plans', { institution_id: station, standard_id: standard.id, level: 4, capacity: 30 })).id;

		b = await openBrowser({ label: numberedLabel });
		browser = b.browser;
		const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
		context.setDefaultTimeout(10000);
		page = await context.newPage();
		b.watch(page, (status, where, method) => status === 422 && method === 'POST');

		await page.goto(server.base + '/login');
		await page.getByLabel('用户名').fill(officer.name);
		await page.getByLabel('密码').fill(officer.password);
		await Promise.all([page.waitForURL(server.base + '/'), page.getByRole('button', { name: '登录' }).click()]);
	});

	after(async () => {
		console.log(`# screenshots: ${shotDir}`);
		if (browser) await browser.close().catch(() => {});
		if (server) {
			const code = await server.stop();
			assert.equal(code, 0, server.stderr());
		}
	});

	it('registers a person through the form; the list finds them, the number masked', async () => {
		const nav = page.locator('nav[aria-label="main"]');
		await Promise.all([page.waitForURL(server.base + '/people'), nav.getByRole('link', { name: '人员', exact: true }).click()]);
		await Promise.all([page.waitForURL(server.base + '/people/new'), page.getByRole('link', { name: '登记人员' }).click()]);
		const form = page.locator('form[action="/people"]');
		await form.getByLabel('姓名').fill(ASSESSOR.name);
		await form.getByLabel('证件号码').fill(ASSESSOR.id);
		await form.getByLabel('文化程度').selectOption('bachelor');
		await form.getByLabel('工作单位').fill('职业培训中心');
		await Promise.all([page.waitForURL(/\/people\/\d+\?done=create/), form.getByRole('button', { name: '创建' }).click()]);
		personUrl = page.url().replace(/\?.*$/, '');
		assert.equal(await page.locator('h1').textContent(), ASSESSOR.name);
		const facts = await page.locator('#facts dl').textContent();
		assert.ok(facts.includes(`${ASSESSOR.id.slice(0, 6)}********${ASSESSOR.id.slice(14)}`), facts);
		assert.ok(!facts.includes(ASSESSOR.id), 'the number is never shown whole');
		assert.match(facts, /1970-01-01/, 'the birth date from the number');
		await page.goto(server.base + '/people?q=' + encodeURIComponent('资格'));
		assert.equal(await page.locator('#people tbody tr').count(), 1);
		assert.equal(await page.locator('#people tbody a').getAttribute('href'), new URL(personUrl).pathname);
	});

	it('a plan refuses them as assessor and links to their qualifications', async () => {
		await page.goto(`${server.base}/plans/${planId}`);
		await page.locator('#staff summary', { hasText: '安排考务人员' }).click();
		const staff = page.locator(`form[action="/plans/${planId}/staff"]`);
		await staff.getByLabel('证件号码').fill(ASSESSOR.id);
		await staff.getByLabel('职责').selectOption('assessor');
		const [res] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), staff.getByRole('button', { name: '加入' }).click()]);
		assert.equal(res.status(), 422);
		assert.match(await page.locator('#staff').textContent(), /此人不具备该职业该等级的考评资格/);
		await shot('plan-refused');
		const link = page.getByRole('link', { name: '登记此人的考评员资格' });
		await Promise.all([page.waitForURL(`${personUrl}#qualifications`), link.click()]);
		assert.match(await page.locator('#qualifications').textContent(), /没有登记考评员资格/);
	});

	it('their photo and qualification set from the page; a fact changed', async () => {
		// the photo: uploaded, shown as a thumbnail that the browser decodes
		assert.equal(await page.locator('#no-photo').count(), 1);
		const photoForm = page.locator('#photo form');
		await photoForm.getByLabel('上传证件照').setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: pngPhoto(120, 168) });
		await Promise.all([page.waitForURL(/\?done=photo#photo$/), photoForm.getByRole('button', { name: '上传', exact: true }).click()]);
		assert.equal(await page.locator('.notice[role="status"]').textContent(), '证件照已保存');
		const img = page.locator('#photo img.photo-thumb');
		await img.waitFor();
		await page.waitForFunction(() => document.querySelector('#photo img.photo-thumb')?.complete);
		assert.equal(await img.evaluate((i) => i.naturalWidth), 120);
		// a file that is no photo: refused beside the field
		await page.locator('#photo form').getByLabel('更换证件照').setInputFiles({ name: 'x.gif', mimeType: 'image/gif', buffer: Buffer.from('GIF89a\x01\x00\x01\x00') });
		const [bad] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.locator('#photo form').getByRole('button', { name: '上传', exact: true }).click()]);
		assert.equal(bad.status(), 422);
		assert.match(await page.locator('#photo .error').textContent(), /JPEG 或 PNG/);

		// the qualification: a bad date refused with what was typed kept, then right
		const quals = page.locator('#qualifications');
		if (!(await quals.locator('details').evaluate((d) => d.open))) await quals.locator('summary').click();
		let form = quals.locator('form');
		await form.getByLabel('职业编码').fill(TURNER);
		await form.getByLabel('资格等级').selectOption('assessor');
		await form.getByLabel('可考评的最高等级').selectOption('3');
		await form.getByLabel('有效期起').fill('2024-01-01');
		await form.getByLabel('有效期至').fill('2023-12-31');
		await form.getByLabel('证书编号').fill('KPY-2024-001');
		const [r1] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), form.getByRole('button', { name: '添加' }).click()]);
		assert.equal(r1.status(), 422);
		form = page.locator('#qualifications form');
		assert.equal(await form.getByLabel('有效期至').getAttribute('aria-invalid'), 'true');
		assert.equal(await form.getByLabel('职业编码').inputValue(), TURNER, 'what was typed stays');
		assert.equal(await form.getByLabel('可考评的最高等级').inputValue(), '3');
		await form.getByLabel('有效期至').fill('2035-12-31');
		await Promise.all([page.waitForURL(/\?done=qualify#qualifications$/), form.getByRole('button', { name: '添加' }).click()]);
		const row = await page.locator('#qualifications tbody tr').first().textContent();
		assert.match(row, /6-18-01-01/);
		assert.match(row, /三级\/高级工/);
		assert.match(row, /2024-01-01 – 2035-12-31/);
		assert.match(row, /KPY-2024-001/);
		await shot('person-qualified');

		// a fact: the employer
		await page.locator('#facts summary').click();
		const facts = page.locator('#facts form');
		await facts.getByLabel('工作单位').fill('第二职业培训中心');
		await Promise.all([page.waitForURL(/\?done=facts#facts$/), facts.getByRole('button', { name: '保存' }).click()]);
		assert.match(await page.locator('#facts dl').textContent(), /第二职业培训中心/);
		const audit = (await api(officer.token, '/api/v1/people/lookup', { id_number: ASSESSOR.id }));
		assert.equal(audit.employer, '第二职业培训中心');
	});

	it('now the plan takes them as assessor without the refusal', async () => {
		await page.goto(`${server.base}/plans/${planId}`);
		await page.locator('#staff summary', { hasText: '安排考务人员' }).click();
		const staff = page.locator(`form[action="/plans/${planId}/staff"]`);
		await staff.getByLabel('证件号码').fill(ASSESSOR.id);
		await staff.getByLabel('职责').selectOption('assessor');
		await Promise.all([page.waitForURL(/\?done=assign/), staff.getByRole('button', { name: '加入' }).click()]);
		assert.doesNotMatch(await page.locator('#staff').textContent(), /不具备/);
		assert.match(await page.locator('#staff tbody tr', { hasText: ASSESSOR.name }).textContent(), /考评员/);
		await shot('plan-staffed');
		assert.deepEqual(b.problems, []);
		assert.deepEqual(b.refused, ['422 POST /plans/N/staff', '422 POST /people/N/photo', '422 POST /people/N/qualifications']);
	});
});
