// The online theory exam (机考, issue 19) in a real browser, at 390 px: the
// proctor assembles a paper on the plan's exam page, seals it and opens the
// sitting for tomorrow; the candidate's sign-in with their claim code is
// then refused with the start time, and no item stem reaches the browser
// in any answer. The start moved to now, the candidate signs in, answers,
// loses the connection (an answer kept in localStorage only), loses the
// tab; the page opened again sends the kept answer; signed in again from
// another browser they see every answer and go on. The proctor sees them
// answering, grants ten minutes with a reason (refused without one), the
// deadline moves and the candidate's clock with it; the candidate hands
// in; the proctor's roster says so, the answer record shows the items
// with their keys, and the plan's score grid shows the theory component
// locked with the marked score. Without JavaScript another candidate
// signs in to their own account and starts without the code, and their
// answers are saved by the form and handed in; with everyone handed in the
// proctor closes the sitting.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { makeStation, nextIdNumber, nextName, sql, TURNER } from '../e2e/certlib.mjs';
import { apiAs, makeUser, startServer } from '../e2e/lib.mjs';
import { fits, login, openBrowser } from './lib.mjs';

const STEM = '机考题干'; // every stem of the bank starts with it
/* 2 knowledge points of 50%: single 4 × 10, multi 2 × 20, tf 4 × 5 points */
const BLUEPRINT = {
	occupation: TURNER, level: 4, version: '2026.web', minutes: 90,
	points: [{ code: 'A-01', name: '安全生产', weight: 50 }, { code: 'A-02', name: '车削加工', weight: 50 }],
	sections: [{ kind: 'single', count: 4, score: 100 }, { kind: 'multi', count: 2, score: 200 }, { kind: 'tf', count: 4, score: 50 }],
};
/* local time (the server's zone, Asia/Shanghai: +08:00) as a datetime-local value */
const local = (ms) => new Date(ms + 8 * 3600e3).toISOString().slice(0, 16);
/* "1:38:05" or "38:05" in seconds */
const seconds = (t) => t.trim().split(':').map(Number).reduce((a, x) => a * 60 + x, 0);

describe('browser: a candidate takes the online exam, loses the page and goes on; the proctor extends their time [sqlite]', () => {
	let server;
	let b;
	let admin, api;
	let plan, who, absent, code, blueprint;
	const seen = []; // every text the candidate's browsers received

	before(async () => {
		// the binary's own zone (Asia/Shanghai): the start is typed and shown in local time
		server = await startServer({ engine: 'sqlite', tag: 'browser-exam', env: { SKILLCERT_TIME_ZONE: null } });
		admin = await makeUser(server, 'examadmin', { role: 'center_admin' });
		api = apiAs(server.base, admin.token);
		const ok = async (q, want, what) => {
			const r = await q;
			assert.equal(r.status, want, `${what}: ${r.text}`);
			return r.json;
		};
		const station = await makeStation(server, api, { assessors: 3 });
		// the center's bank: approved items (items.test.mjs takes items
		// through the workflow), 4 options each, true/false with none
		const rows = [];
		let n = 0;
		for (const [kind, point, count] of [['single', 'A-01', 3], ['single', 'A-02', 3], ['multi', 'A-01', 2], ['multi', 'A-02', 2], ['tf', 'A-01', 3], ['tf', 'A-02', 3]]) {
			for (let i = 0; i < count; i++) {
				n++;
				const [opts, key] = kind === 'tf' ? ['[]', 1 + (n % 2)] : ['["甲","乙","丙","丁"]', kind === 'multi' ? 5 : 1 << (n % 4)];
				rows.push(`(${station.center}, '${TURNER}', 4, 'W-${n}', 1, '${kind}', '${point}', '${STEM}${n}：车削时（ ）。', '${opts}', ${key}, '解析${n}', 'approved', 'writer', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`);
			}
		}
		await sql(server, `INSERT INTO exam_item (institution_id, occupation_code, level, ref, version, kind, point, stem, options, answer_key, explanation, status, author, created_at, updated_at) VALUES ${rows.join(', ')};`);
		blueprint = (await ok(api('/api/v1/blueprints', { method: 'POST', json: { institution_id: station.center, doc: BLUEPRINT } }), 201, 'blueprint')).id;
		// a plan in progress: two candidates in one room, its staff
		plan = (await ok(api('/api/v1/plans', { method: 'POST', json: { institution_id: station.id, standard_id: station.standard, level: 4, capacity: 2 } }), 201, 'plan')).id;
		const room = (await ok(api(`/api/v1/plans/${plan}/rooms`, { method: 'POST', json: { name: '机考第一考场', capacity: 2 } }), 201, 'room')).id;
		for (const a of station.assessors) await ok(api(`/api/v1/plans/${plan}/staff`, { method: 'POST', json: { person_id: a, role: 'assessor' } }), 201, 'assessor');
		for (const p of station.proctors) await ok(api(`/api/v1/plans/${plan}/staff`, { method: 'POST', json: { person_id: p, role: 'proctor', room_id: room } }), 201, 'proctor');
		const people = [];
		for (let i = 0; i < 2; i++) {
			const c = { name: nextName(), id_number: nextIdNumber() };
			c.person_id = (await ok(api('/api/v1/people', { method: 'POST', json: { name: c.name, id_number: c.id_number, employer: '机床厂', work_start: '2010-01-01' } }), 201, 'candidate')).id;
			c.enrolment_id = (await ok(api(`/api/v1/plans/${plan}/enrolments`, { method: 'POST', json: { person_id: c.person_id, room_id: room } }), 201, 'enrolment')).id;
			people.push(c);
		}
		[who, absent] = people;
		for (const action of ['submit', 'approve', 'start']) await ok(api(`/api/v1/plans/${plan}/act`, { method: 'POST', json: { action } }), 200, action);
		const codes = await ok(api(`/api/v1/plans/${plan}/claim-codes`, { method: 'POST' }), 200, 'claim codes');
		code = codes.codes.find((x) => x.enrolment_id === who.enrolment_id).code;
		b = await openBrowser({ label: (status, where, method) => `${status} ${method} ${where.replace(/\/\d+(\/|$)/g, '/N$1')}` });
	});

	after(async () => {
		if (b) await b.close();
		if (server) assert.equal(await server.stop(), 0, server.stderr());
	});

	/* A candidate's browser: every text answer kept in seen. */
	async function candidate(expected) {
		const c = await b.page({ width: 390, height: 844 }, expected);
		c.ctx.on('response', (r) => {
			const type = r.headers()['content-type'] || '';
			if (/^(text\/html|application\/json)/.test(type)) seen.push(r.text().then((t) => `${r.url()}\n${t}`, () => ''));
		});
		return c;
	}

	let proctor; // the proctor's page, signed in
	const examUrl = () => `${server.base}/plans/${plan}/exam`;

	it('the proctor assembles a paper, seals it and opens the sitting for tomorrow; the candidate is refused with the start time and sees no item', async () => {
		// the proctor's refusals on purpose: an extension without a reason,
		// an attempt asked for under another plan
		proctor = await b.page({ width: 390, height: 844 }, (status, where, method) =>
			(status === 422 && method === 'POST' && where.endsWith('/exam/extend')) || ([403, 404].includes(status) && where.includes('/exam/attempts/')));
		const p = proctor.p;
		await login(p, server.base, admin.name, admin.password, `/plans/${plan}`);
		await Promise.all([p.waitForURL(examUrl()), p.locator('#exam-link').click()]);
		await fits(p, 'the exam page at 390 px');
		const form = p.locator('#assemble form');
		await form.getByLabel('细目表').selectOption(String(blueprint));
		await Promise.all([p.waitForURL(`${examUrl()}?done=assemble`), form.getByRole('button', { name: '组卷' }).click()]);
		const row = p.locator('#papers tr[data-paper]');
		assert.equal(await row.count(), 1);
		assert.equal(await row.getAttribute('data-state'), 'draft');
		assert.match(await row.textContent(), /10/);
		await Promise.all([p.waitForURL(`${examUrl()}?done=seal`), row.getByRole('button', { name: '封存' }).click()]);
		assert.equal(await p.locator('#papers tr[data-paper]').getAttribute('data-state'), 'sealed');
		const tomorrow = local(Date.now() + 86400e3);
		await p.locator('#papers form.open-form').getByLabel('开考时间').fill(tomorrow);
		await Promise.all([p.waitForURL(`${examUrl()}?done=open`), p.locator('#papers form.open-form button').click()]);
		assert.equal(await p.locator('#papers tr[data-paper]').getAttribute('data-state'), 'open');
		assert.match(await p.locator('#papers tr[data-paper]').textContent(), new RegExp(tomorrow.replace('T', ' ')));
		// nobody in yet: both candidates not signed in
		assert.deepEqual(await p.locator('.roster-table tbody tr').evaluateAll((rs) => rs.map((r) => r.dataset.status)), ['absent', 'absent']);
		await fits(p, 'the exam page with its roster at 390 px');

		const { ctx, p: c } = await candidate((status, where, method) => status === 409 && where === '/exam' && method === 'POST');
		// without a sign-in the exam is not there
		await c.goto(`${server.base}/exam/take`);
		assert.equal(new URL(c.url()).pathname, '/exam');
		assert.equal(await c.getByRole('heading', { level: 1 }).textContent(), '机考登录');
		await fits(c, '/exam at 390 px');
		await c.getByLabel('准考证领取码').fill(code);
		await Promise.all([c.waitForURL(`${server.base}/exam`), c.getByRole('button', { name: '进入考试' }).click()]);
		assert.match(await c.locator('#exam-refused').textContent(), /开始时间/);
		assert.equal((await c.locator('#exam-starts').textContent()).trim(), tomorrow.replace('T', ' '));
		assert.equal(await c.getByLabel('准考证领取码').inputValue(), code, 'the code typed is kept');
		assert.equal(await c.context().cookies().then((cs) => cs.filter((x) => x.name === 'sc_exam').length), 0, 'no attempt token');
		await c.goto(`${server.base}/exam/take`);
		assert.equal(new URL(c.url()).pathname, '/exam');
		assert.ok(!(await c.content()).includes(STEM));
		await ctx.close();
		const texts = await Promise.all(seen);
		assert.ok(texts.length >= 3, `${texts.length} answers read`);
		assert.deepEqual(texts.filter((t) => t.includes(STEM)).map((t) => t.split('\n')[0]), [], 'no item stem before the start');
		assert.deepEqual(b.problems, []);
		assert.deepEqual(b.refused, ['409 POST /exam']);
	});

	let first; // the candidate's first browser
	let token1;

	it('the start moved to now: the candidate signs in, answers, loses the connection and the tab; the page opened again keeps every answer', async () => {
		const p = proctor.p;
		await p.goto(examUrl());
		await p.locator('#papers form.open-form').getByLabel('开考时间').fill(local(Date.now() - 120e3));
		await Promise.all([p.waitForURL(`${examUrl()}?done=open`), p.locator('#papers form.open-form button').click()]);

		first = await candidate();
		const c = first.p;
		await c.goto(`${server.base}/exam`);
		await c.getByLabel('准考证领取码').fill(code);
		await Promise.all([c.waitForURL(`${server.base}/exam/take`), c.getByRole('button', { name: '进入考试' }).click()]);
		await fits(c, 'the exam at 390 px');
		const exam = c.locator('#exam');
		token1 = await exam.getAttribute('data-token');
		assert.match(token1, /^[A-Za-z0-9_-]{43}$/);
		assert.equal(await c.locator('fieldset.exam-item').count(), 10);
		assert.deepEqual(await c.locator('fieldset.exam-item').evaluateAll((fs) => fs.map((f) => f.dataset.kind)),
			['single', 'single', 'single', 'single', 'multi', 'multi', 'tf', 'tf', 'tf', 'tf']);
		assert.equal(await c.locator('#q-5 input[type="checkbox"]').count(), 4);
		assert.equal(await c.locator('#q-1 input[type="radio"]').count(), 4);
		assert.equal(await c.locator('#q-7 input[type="radio"]').count(), 2);
		assert.match(await c.locator('#q-1 label.opt').first().textContent(), /^\s*A\./);
		assert.ok(seconds(await c.locator('#exam-clock').textContent()) > 80 * 60, 'about 88 minutes left');
		assert.ok(!(await c.content()).includes('解析'), 'no explanation on the page');

		// two answers saved as they are given
		await c.locator('#q-1 label.opt').nth(1).click();
		await c.locator('#q-1[data-state="saved"]').waitFor();
		await c.locator('#q-5 label.opt').nth(0).click();
		await c.locator('#q-5 label.opt').nth(2).click();
		await c.locator('#q-5[data-state="saved"]').waitFor();
		await c.waitForFunction(() => !Object.keys(JSON.parse(localStorage.getItem(`skillcert.exam.${document.getElementById('exam').dataset.attempt}`) || '{}')).length);
		assert.match(await c.locator('#exam-count').textContent(), /2\/10/);
		// the network goes: the third answer is kept in the browser only
		await first.ctx.setOffline(true);
		await c.locator('#q-7 label.opt').nth(0).click();
		await c.locator('#q-7[data-state="failed"]').waitFor();
		const attempt = await exam.getAttribute('data-attempt');
		assert.deepEqual(await c.evaluate((k) => JSON.parse(localStorage.getItem(k)), `skillcert.exam.${attempt}`), { 7: 'A' });
		// and the tab is lost
		await c.close();
		await first.ctx.setOffline(false);
		const again = await first.ctx.newPage();
		b.watch(again);
		await again.goto(`${server.base}/exam/take`);
		await again.locator('#q-7[data-state="saved"]').waitFor();
		await again.waitForFunction((k) => !localStorage.getItem(k), `skillcert.exam.${attempt}`);
		assert.equal(await again.locator('#q-1 input').nth(1).isChecked(), true);
		assert.deepEqual(await again.locator('#q-5 input').evaluateAll((is) => is.map((i) => i.checked)), [true, false, true, false]);
		assert.equal(await again.locator('#q-7 input').nth(0).isChecked(), true);
		assert.match(await again.locator('#exam-count').textContent(), /3\/10/);
		// what the server has: the three answers
		const view = await (await fetch(`${server.base}/api/v1/exam/attempt`, { headers: { 'X-Exam-Token': token1 } })).json();
		assert.deepEqual(view.items.filter((x) => x.answer).map((x) => [x.position, x.answer]), [[1, 'B'], [5, 'AC'], [7, 'A']]);
		assert.equal(view.answered, 3);
		await again.close();
		assert.deepEqual(b.problems.filter((x) => !/ERR_INTERNET_DISCONNECTED/.test(x)), []);
		b.problems.length = 0; // the requests the cut network failed
	});

	let second; // the candidate's second browser

	it('signed in again from another browser: the answers are there, the first browser\'s token is spent; the candidate goes on', async () => {
		second = await candidate();
		const c = second.p;
		await c.goto(`${server.base}/exam`);
		await c.getByLabel('准考证领取码').fill(code);
		await Promise.all([c.waitForURL(`${server.base}/exam/take`), c.getByRole('button', { name: '进入考试' }).click()]);
		assert.notEqual(await c.locator('#exam').getAttribute('data-token'), token1);
		assert.equal(await c.locator('#q-1 input').nth(1).isChecked(), true);
		assert.equal(await c.locator('#q-7 input').nth(0).isChecked(), true);
		assert.equal(await c.locator('#q-1').getAttribute('data-state'), 'saved');
		assert.equal((await fetch(`${server.base}/api/v1/exam/attempt`, { headers: { 'X-Exam-Token': token1 } })).status, 401);
		await c.locator('#q-2 label.opt').nth(3).click();
		await c.locator('#q-2[data-state="saved"]').waitFor();
		assert.match(await c.locator('#exam-count').textContent(), /4\/10/);
	});

	it('the proctor sees them answering and extends their time with a reason (refused without one); the deadline moves, and the candidate\'s clock', async () => {
		const p = proctor.p;
		await p.goto(examUrl());
		const row = p.locator(`.roster-table tr[data-enrolment="${who.enrolment_id}"]`);
		assert.equal(await row.getAttribute('data-status'), 'in_progress');
		assert.match(await row.locator('.badge').textContent(), /答题中/);
		assert.equal((await row.locator('td.answered').textContent()).trim(), '4/10');
		assert.equal(await p.locator(`.roster-table tr[data-enrolment="${absent.enrolment_id}"]`).getAttribute('data-status'), 'absent');
		assert.match(await p.locator(`.roster-table tr[data-enrolment="${absent.enrolment_id}"] .badge`).textContent(), /未登录/);
		const before_ = (await row.locator('td.deadline').textContent()).trim();
		assert.equal((await row.locator('td.extra').textContent()).trim(), '0');
		await fits(p, 'the roster at 390 px');

		// a blank reason (the browser takes spaces): refused, the minutes
		// typed kept, the error beside the reason
		await row.getByLabel('延长（分钟）').fill('10');
		await row.getByLabel('原因').fill('   ');
		await Promise.all([p.waitForResponse((r) => r.status() === 422), row.getByRole('button', { name: '延长时间' }).click()]);
		await p.waitForLoadState();
		const row2 = p.locator(`.roster-table tr[data-enrolment="${who.enrolment_id}"]`);
		assert.equal(await row2.getByLabel('延长（分钟）').inputValue(), '10');
		assert.equal(await row2.getByLabel('原因').getAttribute('aria-invalid'), 'true');
		assert.equal((await row2.locator('td.extra').textContent()).trim(), '0');
		await row2.getByLabel('原因').fill('机器故障，更换考试机');
		await Promise.all([p.waitForURL(`${examUrl()}?done=extend`), row2.getByRole('button', { name: '延长时间' }).click()]);
		const row3 = p.locator(`.roster-table tr[data-enrolment="${who.enrolment_id}"]`);
		assert.equal((await row3.locator('td.extra').textContent()).trim(), '10');
		const after_ = (await row3.locator('td.deadline').textContent()).trim();
		assert.equal(Date.parse(after_.replace(' ', 'T') + ':00+08:00') - Date.parse(before_.replace(' ', 'T') + ':00+08:00'), 10 * 60e3, `${before_} → ${after_}`);

		// the candidate's next save sets the clock from the server: ten more minutes
		const c = second.p;
		const was = seconds(await c.locator('#exam-clock').textContent());
		await c.locator('#q-3 label.opt').nth(0).click();
		await c.locator('#q-3[data-state="saved"]').waitFor();
		await c.waitForFunction((w) => {
			const t = document.getElementById('exam-clock').textContent.split(':').map(Number).reduce((a, x) => a * 60 + x, 0);
			return t > w + 8 * 60;
		}, was);
	});

	it('the candidate hands in; the roster says so, the answer record shows keys and extensions, the score grid the locked theory score', async () => {
		const c = second.p;
		c.once('dialog', (d) => d.accept());
		await Promise.all([c.waitForSelector('#exam-done'), c.locator('#exam-submit').click()]);
		assert.equal(await c.locator('#exam-done').getAttribute('data-status'), 'submitted');
		assert.equal(await c.locator('fieldset.exam-item').count(), 0, 'no items once handed in');
		assert.ok(!(await c.content()).includes(STEM));
		await fits(c, 'handed in at 390 px');

		const p = proctor.p;
		await p.goto(examUrl());
		const row = p.locator(`.roster-table tr[data-enrolment="${who.enrolment_id}"]`);
		assert.equal(await row.getAttribute('data-status'), 'submitted');
		assert.match(await row.locator('.badge').textContent(), /已交卷/);
		assert.equal(await row.locator('form.extend').count(), 0, 'no extension once handed in');
		await Promise.all([p.waitForURL(/\/exam\/attempts\/\d+$/), row.locator('a.record-link').click()]);
		await fits(p, 'the answer record at 390 px');
		assert.equal(await p.locator('table.record-items tbody tr').count(), 10);
		assert.match(await p.locator('table.record-items').textContent(), new RegExp(STEM));
		assert.match(await p.locator('#extensions').textContent(), /机器故障，更换考试机/);
		const attempt = Number(p.url().split('/').pop());
		const rec = await api(`/api/v1/attempts/${attempt}`);
		assert.equal(rec.status, 200, rec.text);
		const marked = rec.json.attempt.tenths;
		assert.ok(Number.isInteger(marked));
		const score = marked % 10 ? (marked / 10).toFixed(1) : String(marked / 10);
		assert.equal((await p.locator('#record-score').textContent()).trim(), score);
		for (const it of rec.json.items)
			assert.equal(await p.locator(`table.record-items tr[data-pos="${it.position}"]`).getAttribute('class'), it.right ? 'right' : 'wrong');

		// another plan's id in the path: not found
		const other = await p.goto(`${server.base}/plans/${plan + 1000}/exam/attempts/${attempt}`);
		assert.ok([403, 404].includes(other.status()), String(other.status()));

		await p.goto(`${server.base}/plans/${plan}/scores?component=theory`);
		const grid = p.locator(`#row-${who.enrolment_id}`);
		assert.equal(await grid.getAttribute('class'), 'locked');
		assert.equal(Number(await grid.locator('input.score').inputValue()), marked / 10);
		const scores = await api(`/api/v1/plans/${plan}/scores`);
		assert.equal(scores.status, 200, scores.text);
		assert.deepEqual(b.problems, []);
		assert.deepEqual(b.refused, ['409 POST /exam', '422 POST /plans/N/exam/extend', `${other.status()} GET /plans/N/exam/attempts/N`]);
	});

	it('a holder starts from their own account; without JavaScript the exam still works: the form saves the answers chosen, and hands in; the sitting is closed', async () => {
		// the other candidate's own account (a holder: linked to their person)
		const holder = await makeUser(server, 'examholder', { role: null, token: false });
		await sql(server, `UPDATE app_user SET person_id = ${Number(absent.person_id)} WHERE username = 'examholder'`);
		// signed in to the account, the script saves with the exam's token
		// alone (the session cookie is not sent: no CSRF token asked for)
		const js = await b.page({ width: 390, height: 844 });
		await login(js.p, server.base, holder.name, holder.password, '/exam');
		await Promise.all([js.p.waitForURL(`${server.base}/exam/take`), js.p.locator('#exam-mine').click()]);
		await js.p.locator('#q-2 label.opt').nth(2).click();
		await js.p.locator('#q-2[data-state="saved"]').waitFor();
		assert.equal(await js.p.locator('.exam-confirm').isVisible(), false, 'the script asks instead of the box');
		await js.ctx.close();
		// and on a browser without JavaScript
		const { ctx, p: c } = await b.page({ width: 390, height: 844, javaScriptEnabled: false });
		await login(c, server.base, holder.name, holder.password, '/exam');
		await Promise.all([c.waitForURL(`${server.base}/exam/take`), c.locator('#exam-mine').click()]);
		await fits(c, 'the exam without JavaScript at 390 px');
		const token = await c.locator('#exam').getAttribute('data-token');
		assert.equal(await c.locator('#q-2 input').nth(2).isChecked(), true);
		await c.locator('#q-6 label.opt').nth(1).click();
		await c.locator('#q-6 label.opt').nth(3).click();
		await c.locator('#q-8 label.opt').nth(1).click();
		await Promise.all([c.waitForURL(`${server.base}/exam/take`), c.getByRole('button', { name: '保存答案' }).click()]);
		assert.equal(await c.locator('#q-2').getAttribute('data-state'), 'saved');
		assert.deepEqual(await c.locator('#q-6 input').evaluateAll((is) => is.map((i) => i.checked)), [false, true, false, true]);
		const view = await (await fetch(`${server.base}/api/v1/exam/attempt`, { headers: { 'X-Exam-Token': token } })).json();
		assert.deepEqual(view.items.filter((x) => x.answer).map((x) => [x.position, x.answer]), [[2, 'C'], [6, 'BD'], [8, 'B']]);
		// handing in asks for its box first (the answers stay)
		await Promise.all([c.waitForURL(/\/exam\/take\?confirm=1/), c.getByRole('button', { name: '交卷' }).click()]);
		assert.match(await c.locator('#e-confirm').textContent(), /勾选确认/);
		assert.equal(await c.locator('#q-8 input').nth(1).isChecked(), true);
		await c.getByLabel(/我确认交卷/).check();
		await Promise.all([c.waitForURL(`${server.base}/exam/take`), c.getByRole('button', { name: '交卷' }).click()]);
		assert.equal(await c.locator('#exam-done').getAttribute('data-status'), 'submitted');
		await ctx.close();
		const p = proctor.p;
		await p.goto(examUrl());
		assert.equal(await p.locator(`.roster-table tr[data-enrolment="${absent.enrolment_id}"]`).getAttribute('data-status'), 'submitted');
		// everyone has handed in: the sitting closes before its time is over
		await Promise.all([p.waitForURL(`${examUrl()}?done=closed`), p.getByRole('button', { name: '结束考试' }).click()]);
		assert.match(await p.locator('#done').textContent(), /考试已结束/);
		assert.equal(await p.locator('#papers tr[data-paper]').getAttribute('data-state'), 'closed');
		assert.equal(await p.getByRole('button', { name: '结束考试' }).count(), 0);
		assert.equal(await p.locator('.roster-table tbody tr').count(), 2, 'the roster stays');
		assert.deepEqual(b.problems, []);
	});
});
