// The review's fixes (issue 14, part A), both engines:
//  - the tally falls back to the rules' default overall quota when the
//    campaign has no quota row;
//  - a round closing after a tally voids it, so the notice refuses until
//    the last closed round is tallied;
//  - a round needs a panel to open, and does not close while a nomination
//    under review has no score at all (every reviewer stands aside);
//  - recusal by the institutions' chain: a reviewer under a branch center
//    does not stand aside from a nomination the branch center (or the
//    center) made of another institution, but from one of their own;
//  - a vote round ranks by the share of the eligible reviewers voting for,
//    so a recusal does not count against a nomination;
//  - a reviewer reads the nominations they score (not the ones they stand
//    aside from) and their attachments, linked from the score grid.
//
// The campaigns, rules, quotas, nominations and an attachment are seeded
// with SQL (the campaigns' helper's pages make them), only the columns
// schema 0030 asks for.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, it } from 'node:test';

import { idNumber, nextName, sql } from './certlib.mjs';
import { Session, apiAs, createInstitution, describeWithServer, engines, makeUser, uniqueName } from './lib.mjs';

const rules = readFileSync(new URL('../../commendations/machinery-2020.json', import.meta.url), 'utf8');

for (const engine of engines()) {
	describeWithServer(`commendation review fixes [${engine}]`, { engine, tag: 'crvf', user: true }, (h) => {
		let seq = 0;
		const X = {};
		const ok = (r, status = 200) => {
			assert.equal(r.status, status, r.text);
			return r.json;
		};
		const one = async (statement) => Number((await sql(h.server, statement)).trim().split('\n')[0]);
		const now = '2026-01-05T08:00:00Z';
		const campaign = async (title) => {
			const id = await one(`INSERT INTO commendation_campaign (year, title, status, notice_days, created_by, created_at, updated_at) VALUES (2025, '${title}', 'reviewing', 5, 'seed', '${now}', '${now}') RETURNING id`);
			await sql(h.server, `INSERT INTO commendation_rules (campaign_id, version, code, body, digest, created_by, created_at) VALUES (${id}, 1, 'machinery-2020', '${rules.replace(/'/g, "''")}', 'seed', 'seed', '${now}')`);
			return id;
		};
		const nominate = async (camp, category, inst, by) => one(`INSERT INTO commendation_nomination (campaign_id, category, institution_id, nominated_by, achievements, status, created_by, created_at, updated_at) VALUES (${camp}, '${category}', ${inst}, ${by}, '成绩突出', 'endorsed', 'seed', '${now}', '${now}') RETURNING id`);
		const person = async (inst, employer) => {
			const name = nextName();
			const id = ok(await h.api('/api/v1/people', { method: 'POST', json: { name, id_number: idNumber('19810101', 700 + ++seq), institution_id: inst, employer } }), 201).id;
			return { id, name };
		};
		const account = async (who, tag) => {
			const u = await makeUser(h.server, `crvf${tag}${engine.slice(0, 2)}`, { role: null });
			await sql(h.server, `UPDATE app_user SET person_id = ${Number(who.id)} WHERE username = '${u.name}'`);
			return { u, api: apiAs(h.server.base, u.token) };
		};
		const post = (path, json = {}) => h.api(`/api/v1/commendations/${path}`, { method: 'POST', json });
		const noms = async (c) => Object.fromEntries(ok(await h.api(`/api/v1/commendations/${c}/review`)).nominations.map((n) => [n.id, n]));

		before(async () => {
			const inst = async (n, type, parent_id) => (await createInstitution(h.server.base, { name: uniqueName(n), type, province: '11', ...(parent_id ? { parent_id } : {}) }, h.token)).id;
			X.C = await inst('表彰总中心', 'center');
			X.Bc = await inst('表彰分中心', 'branch_center', X.C);
			X.I1 = await inst('表彰一厂', 'exam_station', X.Bc);
			X.I2 = await inst('表彰二厂', 'exam_station', X.Bc);
			X.I3 = await inst('表彰三厂', 'exam_station', X.Bc);
			X.D = await inst('评审独立中心', 'center');
			X.RA = await person(X.I1, '一厂'); // under the branch center
			X.R0 = await person(X.D, '独立中心'); // nothing in the way
			X.ra = await account(X.RA, 'ra');
		});

		it('the tally uses the rules\' default quota; a later round voids it and the notice waits', async () => {
			const q = await campaign(uniqueName('默认名额'));
			const n = await nominate(q, 'advanced_collective', X.I2, X.I2);
			const rev = ok(await post(`${q}/reviewers`, { person_id: X.R0.id }), 201).id;
			ok(await post(`${q}/rounds`, { method: 'score' }), 201);
			ok(await post(`${q}/votes`, { nomination_id: n, value: 80, reviewer_id: rev }));
			ok(await post(`${q}/rounds/close`));
			/* no quota row: the rules' default (advanced_collective: 20) */
			ok(await post(`${q}/tally`));
			assert.equal((await noms(q))[n].status, 'proposed');
			/* a second round closes after the tally: the tally is void */
			ok(await post(`${q}/rounds`, { method: 'vote' }), 201);
			ok(await post(`${q}/votes`, { nomination_id: n, value: 1, reviewer_id: rev }));
			ok(await post(`${q}/rounds/close`));
			assert.equal((await noms(q))[n].status, 'endorsed');
			const stale = await post(`${q}/notice`);
			assert.equal(stale.status, 409, stale.text);
			ok(await post(`${q}/tally`));
			assert.equal((await noms(q))[n].score, 10000);
			ok(await post(`${q}/notice`));
		});

		it('a round needs a panel; a nomination no one may score holds the close; recusal by the chain; votes ranked by share', async () => {
			const v = await campaign(uniqueName('投票比例'));
			await sql(h.server, `INSERT INTO commendation_quota (campaign_id, category, scope, scope_key, quota) VALUES (${v}, 'advanced_collective', 'all', '', 1)`);
			X.v = v;
			X.N1 = await nominate(v, 'advanced_collective', X.I1, X.I1); // RA's own
			X.N2 = await nominate(v, 'advanced_collective', X.I2, X.Bc); // by the branch center
			X.N3 = await nominate(v, 'advanced_collective', X.I3, X.C); // by the center
			const empty = await post(`${v}/rounds`, { method: 'vote' });
			assert.equal(empty.status, 409, empty.text);
			assert.match(empty.json.error.message, /review panel has no reviewer|评审组尚无评审专家/);
			X.revA = ok(await post(`${v}/reviewers`, { person_id: X.RA.id }), 201).id;
			ok(await post(`${v}/rounds`, { method: 'vote' }), 201);
			/* RA stands aside from I1's only, not from what the branch center
			 * or the center nominated of other institutions */
			const r = ok(await h.api(`/api/v1/commendations/${v}/review`));
			assert.deepEqual(r.reviewers[0].recusals.map((x) => x.nomination_id), [X.N1]);
			ok(await X.ra.api(`/api/v1/commendations/${v}/votes`, { method: 'POST', json: { nomination_id: X.N2, value: 1 } }));
			ok(await X.ra.api(`/api/v1/commendations/${v}/votes`, { method: 'POST', json: { nomination_id: X.N3, value: 0 } }));
			/* N1 has no vote at all: the round does not close, naming it */
			const unscored = await post(`${v}/rounds/close`);
			assert.equal(unscored.status, 409, unscored.text);
			assert.equal(unscored.json.error.reason, `#${X.N1}`, unscored.text);
			const rev0 = ok(await post(`${v}/reviewers`, { person_id: X.R0.id }), 201).id;
			for (const [nom, value] of [[X.N1, 1], [X.N2, 0], [X.N3, 1]]) ok(await post(`${v}/votes`, { nomination_id: nom, value, reviewer_id: rev0 }));
			ok(await post(`${v}/rounds/close`));
			/* N1: 1 of its 1 eligible; N2, N3: 1 of 2 */
			ok(await post(`${v}/tally`));
			const t = await noms(v);
			assert.deepEqual([t[X.N1].score, t[X.N2].score, t[X.N3].score], [10000, 5000, 5000]);
			assert.deepEqual([t[X.N1].status, t[X.N2].status, t[X.N3].status], ['proposed', 'not_proposed', 'not_proposed']);
		});

		it('a reviewer reads what they score and its attachments, not what they stand aside from; the grid links it', async () => {
			const v = X.v;
			const att = async (nom) => one(`INSERT INTO commendation_attachment (nomination_id, filename, mime, size, digest, data, created_by, created_at) VALUES (${nom}, 'a.png', 'image/png', 8, 'seed', 'iVBORw0KGgo=', 'seed', '${now}') RETURNING id`);
			const a2 = await att(X.N2);
			const a1 = await att(X.N1);
			const got = ok(await X.ra.api(`/api/v1/commendation-nominations/${X.N2}`));
			assert.equal(got.id ?? got.nomination?.id, X.N2);
			assert.equal((await X.ra.api(`/api/v1/commendation-nominations/${X.N1}`)).status, 403, 'stands aside');
			assert.equal((await X.ra.api(`/api/v1/commendation-attachments/${a2}`)).status, 200);
			assert.equal((await X.ra.api(`/api/v1/commendation-attachments/${a1}`)).status, 403);
			const s = new Session(h.server.base);
			await s.login(X.ra.u.name, X.ra.u.password);
			assert.equal((await s.get(`/commendation-nominations/${X.N2}`)).status, 200);
			assert.equal((await s.get(`/commendation-nominations/${X.N1}`)).status, 403);
			/* the grid of an open round links the nominations RA may read */
			ok(await post(`${v}/rounds`, { method: 'score' }), 201);
			const grid = (await s.get(`/commendations/${v}/review`)).text;
			assert.ok(grid.includes(`href="/commendation-nominations/${X.N2}"`), 'N2 linked');
			assert.ok(!grid.includes(`href="/commendation-nominations/${X.N1}"`), 'N1 not linked');
			/* a reviewer of another campaign reads nothing here */
			const r0 = await account(X.R0, 'r0');
			assert.equal((await r0.api(`/api/v1/commendation-nominations/${X.N2}`)).status, 200);
			const other = await campaign(uniqueName('别的表彰'));
			const n9 = await nominate(other, 'advanced_collective', X.I2, X.I2);
			assert.equal((await X.ra.api(`/api/v1/commendation-nominations/${n9}`)).status, 403);
		});
	});
}
