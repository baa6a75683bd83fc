// A worker takes an online course (云端课堂) in a real browser, at 390 px,
// by keyboard alone: from the nav's 我的培训 to the open course, enrols,
// marks the lessons done one by one (the hours done counting up), and once
// the institution confirms completion and issues the training certificate
// sees 已结业 and its number on their page. Every page fits the phone.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { idNumber, nextName, sql, TURNER } from '../e2e/certlib.mjs';
import { http, makeUser, startServer } from '../e2e/lib.mjs';
import { fits, login, openBrowser } from './lib.mjs';

describe('browser: a worker takes an online course [sqlite]', () => {
	let server;
	let b;
	let admin;
	let worker;
	const X = {};

	const api = async (path, json, want = 201) => {
		const r = await http(server.base, path, { method: json === undefined ? 'GET' : 'POST', json, headers: { Authorization: `Bearer ${admin.token}` } });
		assert.equal(r.status, want, `${path}: ${r.text}`);
		return r.json;
	};

	before(async () => {
		server = await startServer({ engine: 'sqlite', tag: 'browser-training' });
		admin = await makeUser(server, 'trainer', { role: 'center_admin' });
		assert.equal((await server.cli(['setting', 'set', 'public_url', server.base])).code, 0);
		const center = Number((await server.cli(['institution', 'add', '--name', `培训中心${process.pid}`, '--type', 'center', '--province', '11'])).stdout.trim());
		X.course = (await api('/api/v1/training', { institution_id: center, title: '数控车床安全操作', occupation_code: TURNER, mode: 'online', hours: 4, description: '两节视频课，每节2学时。' })).id;
		await api(`/api/v1/training/${X.course}/lessons`, { title: '第一课 安全规程', kind: 'video', url: 'https://video.example/lesson-1', hours: 2 });
		await api(`/api/v1/training/${X.course}/lessons`, { title: '第二课 开机检查', kind: 'video', url: 'https://video.example/lesson-2', hours: 2 });
		await api(`/api/v1/training/${X.course}/status`, { status: 'open' }, 200);
		X.name = nextName();
		X.person = (await api('/api/v1/people', { name: X.name, id_number: idNumber('19950301', 881), employer: '机床厂' })).id;
		worker = await makeUser(server, 'worker-train', { role: null, token: false });
		await sql(server, `UPDATE app_user SET person_id = ${Number(X.person)} WHERE username = 'worker-train'`);
		b = await openBrowser();
	});

	after(async () => {
		if (b) await b.close();
		if (server) {
			const code = await server.stop();
			assert.equal(code, 0, server.stderr());
		}
	});

	it('nav → enrol → lessons done → completed with a training certificate, by keyboard, at 390 px', async () => {
		const { p } = await b.page({ width: 390, height: 844 });
		await login(p, server.base, worker.name, worker.password);
		let found = false;
		for (let i = 0; i < 40 && !found; i++) {
			await p.keyboard.press('Tab');
			found = await p.evaluate(() => document.activeElement?.getAttribute('href') === '/me/training');
		}
		assert.ok(found, 'the nav\'s 我的培训 link is reachable by Tab');
		await Promise.all([p.waitForURL(`${server.base}/me/training`), p.keyboard.press('Enter')]);
		assert.equal(await p.getByRole('heading', { level: 1 }).textContent(), '我的培训');
		const offer = p.locator(`#open-list li[data-course="${X.course}"]`);
		assert.match(await offer.textContent(), /数控车床安全操作/);
		await fits(p, 'my training at 390 px');
		await offer.getByRole('button', { name: '报名参加' }).focus();
		await Promise.all([p.waitForURL(`${server.base}/me/training/${X.course}`), p.keyboard.press('Enter')]);
		assert.equal(await p.getByRole('heading', { level: 1 }).textContent(), '数控车床安全操作');
		assert.equal(await p.locator('.hours-done').textContent(), '0');
		await fits(p, 'the course at 390 px');
		for (const want of ['2', '4']) {
			const next = p.getByRole('button', { name: '标记为已学完' }).first();
			await next.focus();
			await p.keyboard.press('Enter');
			// the form posts and the course page comes back with the hours counted
			await p.waitForFunction((w) => document.querySelector('.hours-done')?.textContent === w, want);
			assert.match(p.url(), new RegExp(`/me/training/${X.course}#lesson-list$`));
		}
		assert.equal(await p.locator('#lesson-list li.done').count(), 2);
		assert.equal(await p.getByRole('button', { name: '标记为已学完' }).count(), 0);
		// the institution confirms completion and issues the certificate
		const d = await api(`/api/v1/training/${X.course}`, undefined, 200);
		const e = d.enrolments.find((x) => x.person_id === X.person);
		await api(`/api/v1/training-enrolments/${e.id}/complete`, {}, 200);
		const cert = await api(`/api/v1/training-enrolments/${e.id}/certificate`, {});
		await p.goto(`${server.base}/me/training`);
		const mine = p.locator(`#my-training li[data-course="${X.course}"]`);
		assert.match(await mine.textContent(), /已结业/);
		assert.match(await mine.textContent(), new RegExp(cert.number));
		await fits(p, 'completed at 390 px');
		assert.equal(b.problems.length, 0, b.problems.join('\n'));
	});

	it('the staff page: the course, its lessons and the worker\'s hours, at 390 px', async () => {
		const { p } = await b.page({ width: 390, height: 844 });
		await login(p, server.base, admin.name, admin.password);
		await p.goto(`${server.base}/training`);
		assert.equal(await p.getByRole('heading', { level: 1 }).textContent(), '培训课程');
		await fits(p, 'the course list at 390 px');
		await p.locator(`#courses tr[data-course="${X.course}"] a`).focus();
		await Promise.all([p.waitForURL(`${server.base}/training/${X.course}`), p.keyboard.press('Enter')]);
		assert.equal(await p.locator('#lesson-list li').count(), 2);
		assert.match(await p.locator('#enrolment-list').textContent(), new RegExp(`${X.name}[\\s\\S]*4 / 4[\\s\\S]*已结业[\\s\\S]*PX`));
		await fits(p, 'the course page at 390 px');
		const en = await p.goto(`${server.base}/training/${X.course}?lang=en`);
		assert.equal(en.status(), 200);
		assert.match(await p.locator('#enrolment-list').textContent(), /Completed/);
		assert.equal(b.problems.length, 0, b.problems.join('\n'));
	});
});
