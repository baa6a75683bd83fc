// A reviewer scores a commendation campaign's nominations in a real
// browser, at 390 px (issue 14): signed in with the account linked to
// their person, they type each score and press Enter, which saves the row
// and moves to the next; their score on the nomination of their own
// institution is refused beside its field, naming why (the recusal), and
// a score out of range beside its own; the grid fits the phone's width.
// The campaign (reviewing) and its endorsed nominations are seeded with
// SQL, as the campaigns' pages of another part make them.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { idNumber, nextName, sql } from '../e2e/certlib.mjs';
import { http, makeUser, startServer } from '../e2e/lib.mjs';
import { fits, login, openBrowser } from './lib.mjs';

describe('browser: a reviewer\'s score grid [sqlite]', () => {
	let server;
	let b;
	let admin;
	let reviewer;
	const X = {};
	let seq = 0;

	const api = async (path, json, want = 201) => {
		const r = await http(server.base, path, { method: 'POST', json, headers: { Authorization: `Bearer ${admin.token}` } });
		assert.equal(r.status, want, `${path}: ${r.text}`);
		return r.json;
	};
	const one = async (statement) => Number((await sql(server, statement)).trim().split('\n')[0]);
	const now = '2026-01-05T08:00:00Z';

	before(async () => {
		server = await startServer({ engine: 'sqlite', tag: 'browser-crev' });
		admin = await makeUser(server, 'crevcenter', { role: 'center_admin' });
		const cli = async (args) => (await server.cli(args)).stdout.trim();
		const inst = async (n) => Number(await cli(['institution', 'add', '--name', `${n}${process.pid}`, '--type', 'center', '--province', '11']));
		X.A = await inst('评审甲厂');
		X.B = await inst('评审乙厂');
		const who = (await api('/api/v1/people', { name: nextName(), id_number: idNumber('19790101', 600 + ++seq), institution_id: X.A, employer: '评审甲厂' })).id;
		X.c = await one(`INSERT INTO commendation_campaign (year, title, status, created_by, created_at, updated_at) VALUES (2025, '2025年度表彰', 'reviewing', 'seed', '${now}', '${now}') RETURNING id`);
		const nominate = (inst) => one(`INSERT INTO commendation_nomination (campaign_id, category, institution_id, nominated_by, achievements, status, created_by, created_at, updated_at) VALUES (${X.c}, 'advanced_collective', ${inst}, ${inst}, '成绩突出', 'endorsed', 'seed', '${now}', '${now}') RETURNING id`);
		X.N1 = await nominate(X.A); // the reviewer's own institution
		X.N2 = await nominate(X.B);
		await api(`/api/v1/commendations/${X.c}/reviewers`, { person_id: who });
		await api(`/api/v1/commendations/${X.c}/rounds`, { method: 'score' });
		reviewer = await makeUser(server, 'crev-own', { role: null, token: false });
		await sql(server, `UPDATE app_user SET person_id = ${Number(who)} WHERE username = 'crev-own'`);
		b = await openBrowser();
	});

	after(async () => {
		if (b) await b.close();
		if (server) {
			const code = await server.stop();
			assert.equal(code, 0, server.stderr());
		}
	});

	it('scores by keyboard; the recused nomination and a score out of range are refused beside their fields', async () => {
		const { p } = await b.page({ width: 390, height: 844 }, (status, where) => [409, 422].includes(status) && where.endsWith('/scores/row'));
		await login(p, server.base, reviewer.name, reviewer.password, `/commendations/${X.c}/review`);
		assert.match(await p.getByRole('heading', { level: 1 }).textContent(), /表彰评审/);
		await fits(p, 'the score grid at 390 px');
		const f1 = p.locator(`#v-${X.N1}`);
		const f2 = p.locator(`#v-${X.N2}`);
		/* the recusal is named beside the field before any score */
		assert.match(await p.locator(`#msg-${X.N1}`).textContent(), /须回避/);
		await f1.focus();
		await p.keyboard.type('88');
		await p.keyboard.press('Enter');
		/* Enter moved down to the next row */
		assert.equal(await p.evaluate(() => document.activeElement.id), `v-${X.N2}`);
		await p.locator(`#msg-${X.N1}.error`).waitFor();
		assert.match(await p.locator(`#msg-${X.N1}`).textContent(), /推荐单位|须回避/);
		assert.equal(await f1.getAttribute('aria-invalid'), 'true');
		assert.equal(await f1.inputValue(), '88', 'what was typed stays');
		await p.keyboard.type('101');
		await p.keyboard.press('Enter');
		await p.locator(`#msg-${X.N2}.error`).waitFor();
		assert.match(await p.locator(`#msg-${X.N2}`).textContent(), /0 至 100/);
		await f2.focus();
		await f2.fill('86');
		await p.keyboard.press('Enter');
		await p.locator(`#msg-${X.N2}.saved`).waitFor();
		const votes = (await http(server.base, `/api/v1/commendations/${X.c}/review`, { headers: { Authorization: `Bearer ${admin.token}` } })).json.votes;
		assert.deepEqual(votes.map((v) => [v.nomination_id, v.value]), [[X.N2, 86]]);
		assert.equal(b.problems.length, 0, b.problems.join('\n'));
	});
});
