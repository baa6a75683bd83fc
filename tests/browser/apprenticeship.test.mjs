// An apprentice from enrolment through credits to completion, in a real
// browser (Debian's Chromium driven by playwright-core) on a phone-sized
// window (390 px), with the forms of the pages only: the station's admin
// opens a class under Wuhan's rules (12 months for 中级 filled in by the
// rules), puts two courses in its plan, enrols an apprentice (a contract
// under a year refused naming the field), files the class with HR and
// starts it, records hours and credits with the mentor's assessment,
// records the completion, enrols the apprentice into a plan through the
// standard's 学徒期满 route (the record then shown as the evidence), and
// reads the subsidy claim list of the year (¥4000 a year completed
// without a certificate, four months of it), then every class's claims of
// that year from the list's form. Every page fits the window;
// no console errors or failed requests but the refusal.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { TURNER, makeStation, nextIdNumber, nextName } from '../e2e/certlib.mjs';
import { apiAs, makeUser, startServer } from '../e2e/lib.mjs';
import { fits, login, openBrowser } from './lib.mjs';

describe('browser: an apprentice from enrolment through credits to completion [sqlite]', () => {
	let server;
	let browser;
	let admin;
	let station;
	let person;
	let plan;

	before(async () => {
		server = await startServer({ engine: 'sqlite', tag: 'browser-appr' });
		admin = await makeUser(server, 'apprcenter', { role: 'center_admin' });
		const api = apiAs(server.base, admin.token);
		station = await makeStation(server, api, { assessors: 3 });
		await makeUser(server, 'apprstation', { role: 'institution_admin', institution: station.id, password: admin.password, token: false });
		const who = await api('/api/v1/people', { method: 'POST', json: { name: nextName(), id_number: nextIdNumber(), employer: '武汉机床厂' } });
		assert.equal(who.status, 201, who.text);
		person = { id: who.json.id };
		const pl = await api('/api/v1/plans', { method: 'POST', json: { institution_id: station.id, standard_id: station.standard, level: 5, capacity: 10 } });
		assert.equal(pl.status, 201, pl.text);
		plan = pl.json.id;
		browser = await openBrowser();
	});

	after(async () => {
		if (browser) await browser.close();
		if (server) assert.equal(await server.stop(), 0, server.stderr());
	});

	it('class, plan, apprentice, filing, credits, completion, enrolment and the claim list at 390 px', async () => {
		// the one refusal on purpose: a contract under a year (422)
		const { ctx, p } = await browser.page({}, (status, where) => status === 422 && /\/apprenticeships\/\d+\/apprentices$/.test(where));
		await login(p, server.base, 'apprstation', admin.password, '/apprenticeships');
		await fits(p, '/apprenticeships');
		assert.equal(await p.locator('nav a[aria-current="page"]').getAttribute('href'), '/apprenticeships');
		// a new class
		await p.locator('#new-class summary').click();
		await p.locator('#f-institution_id').selectOption(String(station.id));
		await p.locator('#f-enterprise_name').fill('武汉机床厂');
		await p.locator('#f-school_name').fill('武汉市第一技工学校');
		await p.locator('#f-occupation_code').fill(TURNER);
		await p.locator('#f-starts_on').fill('2024-09-01');
		await p.locator('#f-rules_code').selectOption('wuhan');
		await p.locator('#f-starts_on').press('Enter');
		await p.waitForURL(/\/apprenticeships\/\d+$/);
		const classUrl = p.url();
		await fits(p, 'the class');
		assert.match(await p.locator('#class-facts').innerText(), /草稿/);
		assert.match(await p.locator('#class-facts').innerText(), /12/);
		// its plan: a course on each side
		for (const [name, side, hours, credits] of [['车削实训', 'enterprise', '120', '4'], ['机械制图', 'school', '80', '3']]) {
			await p.locator('#new-course summary').click();
			await p.locator('#f-c-name').fill(name);
			await p.locator('#f-c-side').selectOption(side);
			await p.locator('#f-c-hours').fill(hours);
			await p.locator('#f-c-credits').fill(credits);
			await Promise.all([p.waitForURL(classUrl), p.locator('#new-course button[type="submit"]').click()]);
		}
		assert.equal(await p.locator('#courses tbody tr').count(), 2);
		// an apprentice: a contract under a year is refused naming the contract
		const enrolApprentice = async (end) => {
			await p.locator('#new-apprentice summary').click();
			await p.locator('#f-a-person_id').fill(String(person.id));
			await p.locator('#f-a-contract_start').fill('2024-08-20');
			await p.locator('#f-a-contract_end').fill(end);
			await p.locator('#f-a-hire_kind').selectOption('new');
			await p.locator('#f-a-enterprise_mentor').fill('王师傅');
			await p.locator('#f-a-school_mentor').fill('李老师');
			await p.locator('#f-a-wage').fill('2000');
			await p.locator('#f-a-minimum_wage').fill('2210');
			await p.locator('#f-a-school_mentor').press('Enter');
		};
		await enrolApprentice('2025-06-30');
		await p.waitForLoadState();
		assert.match(await p.locator('main').innerText(), /劳动合同期限不足/);
		await p.goto(classUrl);
		await enrolApprentice('2027-08-19');
		await p.waitForURL(/\/apprentices\/\d+$/);
		const apprenticeUrl = p.url();
		await fits(p, 'the apprentice');
		assert.match(await p.locator('#apprentice-facts').innerText(), /培养中/);
		// a wage below the recorded minimum: admitted, with a warning
		assert.match(await p.locator('#wage-warning').innerText(), /低于记录的当地最低工资标准/);
		// the class filed with HR, then started
		await p.goto(classUrl);
		await p.locator('#f-agreement_no').fill('XT-2024-018');
		await p.locator('#f-agreement_signed_on').fill('2024-08-10');
		await p.locator('#f-filing_no').fill('武人社学徒备〔2024〕12号');
		await p.locator('#f-filing_date').fill('2024-08-25');
		await p.locator('#f-filing_authority').fill('武汉市人力资源和社会保障局');
		await Promise.all([p.waitForURL(classUrl), p.locator('#filing button[type="submit"]').click()]);
		assert.match(await p.locator('#class-facts').innerText(), /已备案/);
		await Promise.all([p.waitForURL(classUrl), p.locator('#step').click()]);
		assert.match(await p.locator('#class-facts').innerText(), /培养中/);
		// hours and credits with the mentor's assessment
		await p.goto(apprenticeUrl);
		for (const [course, hours, credits, text] of [['车削实训', '120', '4', '操作规范'], ['机械制图', '80', '3', '']]) {
			await p.locator('#f-g-course_id').selectOption({ label: course });
			await p.locator('#f-g-hours').fill(hours);
			await p.locator('#f-g-credits').fill(credits);
			await p.locator('#f-g-assessment').fill(text);
			await Promise.all([p.waitForURL(apprenticeUrl), p.locator('#record button[type="submit"]').click()]);
		}
		assert.equal(await p.locator('#progress-list tbody tr').count(), 2);
		assert.match(await p.locator('#apprentice-facts').innerText(), /200[\s\S]*7/);
		// completion
		await p.locator('#status-change summary').click();
		await p.locator('#f-s-status').selectOption('completed');
		await p.locator('#f-s-on').fill('2025-08-31');
		await Promise.all([p.waitForURL(apprenticeUrl), p.locator('#status-change button[type="submit"]').click()]);
		assert.match(await p.locator('#apprentice-facts').innerText(), /期满[\s\S]*2025-08-31/);
		// enrolled into the plan through the apprenticeship: the evidence
		await p.locator('#f-plan_id').fill(String(plan));
		await Promise.all([p.waitForURL(apprenticeUrl), p.locator('#enrol button[type="submit"]').click()]);
		const evidence = p.locator('#evidence');
		assert.match(await evidence.innerText(), /学徒期满记录/);
		assert.equal(await evidence.locator('a').getAttribute('href'), `/plans/${plan}`);
		await fits(p, 'the apprentice, enrolled');
		// and the plan's enrolment names the record as its evidence
		await p.goto(`${server.base}/plans/${plan}`);
		const note = p.locator('#enrolments a.evidence');
		assert.equal(await note.count(), 1);
		assert.equal(await note.getAttribute('href'), new URL(apprenticeUrl).pathname);
		await fits(p, 'the plan');
		// the claim list of 2024, from the class page's form
		await p.goto(classUrl);
		await p.locator('#f-year').fill('2024');
		await Promise.all([p.waitForURL(/\/subsidy\?year=2024$/), p.locator('#f-year').press('Enter')]);
		await fits(p, 'the claim list');
		const row = p.locator('#claim tbody tr');
		assert.equal(await row.count(), 1);
		const text = await row.innerText();
		assert.match(text, /期满未取证/);
		assert.match(text, /\b4\b[\s\S]*1333/);
		assert.match(await p.locator('#claim-total').innerText(), /1333/);
		// and every class's claims of the year, from the list's form
		await p.goto(`${server.base}/apprenticeships`);
		await p.locator('#f-year').fill('2024');
		await Promise.all([p.waitForURL(/\/apprenticeship-claims\?year=2024$/), p.locator('#f-year').press('Enter')]);
		await fits(p, 'the claims of the year');
		assert.equal(await p.locator('#claims tbody tr').count(), 1);
		assert.match(await p.locator('#claims-total').innerText(), /1333/);
		await ctx.close();
		assert.deepEqual(browser.problems, []);
		assert.equal(browser.refused.length, 1, browser.refused.join(' '));
		assert.match(browser.refused[0], /^422 \/apprenticeships\/\d+\/apprentices$/);
	});

	it('in English too: the class list names its columns', async () => {
		const { ctx, p } = await browser.page();
		await login(p, server.base, 'apprstation', admin.password, '/apprenticeships');
		await p.goto(`${server.base}/apprenticeships?lang=en`);
		await fits(p, '/apprenticeships in English');
		assert.match(await p.locator('#classes thead').innerText(), /Target level/);
		await ctx.close();
		assert.deepEqual(browser.problems, []);
	});
});
