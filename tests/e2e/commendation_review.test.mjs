// The review of a commendation campaign (issue 14), both engines: the
// panel with its recusals (a reviewer's score on a nomination of their own
// institution or of a person with their employer is refused naming the
// reason; an appointment's override with its reason lets it stand), a
// score out of range refused naming the field, a round not closed while a
// reviewer has not scored, the tally with its quota refusing a tie across
// the boundary until the center overrides with a reason, the public notice
// (names masked, nothing else personal), objections (rate-limited per
// address; upheld drops the nomination) and comm_notice_clear's refusals
// (the review's decision_refusal). 401/403 and a reviewer of another
// campaign.
//
// The campaigns and nominations are seeded with SQL (the campaigns'
// helper's pages make them): a campaign `reviewing` with quotas, and
// `endorsed` nominations, only the columns schema 0030 asks for.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';

import { idNumber, nextName, sql } from './certlib.mjs';
import { Session, apiAs, createInstitution, describeWithServer, engines, http, makeUser, uniqueName } from './lib.mjs';

for (const engine of engines()) {
	describeWithServer(`commendation review [${engine}]`, { engine, tag: 'crev', user: true }, (h) => {
		let seq = 0;
		const X = {};
		const ok = (r, status = 200) => {
			assert.equal(r.status, status, r.text);
			return r.json;
		};
		const one = async (statement) => Number((await sql(h.server, statement)).trim().split('\n')[0]);
		const now = '2026-01-05T08:00:00Z';
		const campaign = async (title) => one(`INSERT INTO commendation_campaign (year, title, status, notice_days, created_by, created_at, updated_at) VALUES (2025, '${title}', 'reviewing', 5, 'seed', '${now}', '${now}') RETURNING id`);
		const nominate = async (camp, category, inst, person) => one(`INSERT INTO commendation_nomination (campaign_id, category, institution_id, person_id, nominated_by, achievements, status, created_by, created_at, updated_at) VALUES (${camp}, '${category}', ${inst}, ${person || 'NULL'}, ${inst}, '成绩突出', 'endorsed', 'seed', '${now}', '${now}') RETURNING id`);
		const person = async (inst, employer) => {
			const name = nextName();
			const id = ok(await h.api('/api/v1/people', { method: 'POST', json: { name, id_number: idNumber('19800101', 900 + ++seq), institution_id: inst, employer } }), 201).id;
			return { id, name };
		};
		/* an account linked to the person (as a judge's is) */
		const account = async (who, tag) => {
			const u = await makeUser(h.server, `crev${tag}${engine.slice(0, 2)}`, { role: null });
			await sql(h.server, `UPDATE app_user SET person_id = ${Number(who.id)} WHERE username = '${u.name}'`);
			X.users = { ...X.users, [tag]: u };
			return apiAs(h.server.base, u.token);
		};
		const vote = (api, nomination_id, value, extra = {}) => api(`/api/v1/commendations/${X.c}/votes`, { method: 'POST', json: { nomination_id, value, ...extra } });
		const review = async (api = h.api) => ok(await api(`/api/v1/commendations/${X.c}/review`));

		before(async () => {
			const inst = async (n) => (await createInstitution(h.server.base, { name: uniqueName(n), type: 'center', province: '11' }, h.token)).id;
			X.A = await inst('表彰甲厂');
			X.B = await inst('表彰乙厂');
			X.D = await inst('评审中心');
			X.c = await campaign(uniqueName('年度表彰'));
			X.other = await campaign(uniqueName('另一表彰'));
			for (const [cat, q] of [['advanced_collective', 1], ['advanced_worker', 1]])
				await sql(h.server, `INSERT INTO commendation_quota (campaign_id, category, scope, scope_key, quota) VALUES (${X.c}, '${cat}', 'all', '', ${q})`);
			X.R1 = await person(X.D, '评审中心'); // nothing in the way
			X.R2 = await person(X.A, '表彰甲厂'); // a member of A
			X.R3 = await person(X.D, '乙厂车间'); // the nominee's employer
			X.P = await person(X.B, '乙厂车间'); // the person nominated
			X.N1 = await nominate(X.c, 'advanced_collective', X.A);
			X.N2 = await nominate(X.c, 'advanced_collective', X.B);
			X.N4 = await nominate(X.c, 'advanced_worker', X.B, X.P.id);
			X.r2 = await account(X.R2, 'r2');
			X.r1 = await account(X.R1, 'r1');
		});

		it('appoints the panel; a reviewer scores only where no recusal stands, the override with its reason lets one stand', async () => {
			const add = (json) => h.api(`/api/v1/commendations/${X.c}/reviewers`, { method: 'POST', json });
			X.rev1 = ok(await add({ person_id: X.R1.id }), 201).id;
			X.rev2 = ok(await add({ person_id: X.R2.id }), 201).id;
			X.rev3 = ok(await add({ person_id: X.R3.id, override_note: '该专业仅此一位专家，经督导签认' }), 201).id;
			assert.equal((await add({ person_id: X.R1.id })).status, 409, 'twice on the panel');
			assert.equal((await add({ person_id: 999999 })).json.error.field, 'person_id');
			/* a removable reviewer before any score */
			const extra = ok(await add({ person_id: X.P.id }), 201).id;
			ok(await h.api(`/api/v1/commendations/${X.c}/reviewers/${extra}/remove`, { method: 'POST', json: {} }));

			assert.equal((await vote(X.r2, X.N2, 80)).status, 409, 'no round open yet');
			assert.equal(ok(await h.api(`/api/v1/commendations/${X.c}/rounds`, { method: 'POST', json: { method: 'score' } }), 201).seq, 1);
			assert.equal((await h.api(`/api/v1/commendations/${X.c}/rounds`, { method: 'POST', json: { method: 'score' } })).status, 409, 'one round open at a time');

			/* R2 belongs to A: their score on A's nomination refused, naming why */
			const own = await vote(X.r2, X.N1, 90);
			assert.equal(own.status, 409, own.text);
			assert.equal(own.json.error.field, 'value');
			assert.match(own.json.error.message, /nominating institution|推荐单位/);
			/* out of range, naming the field */
			const high = await vote(X.r2, X.N2, 101);
			assert.equal(high.status, 422, high.text);
			assert.equal(high.json.error.field, 'value');
			assert.equal((await vote(X.r2, X.N2, 'x')).json.error.field, 'value');
			ok(await vote(X.r2, X.N2, 80));
			ok(await vote(X.r2, X.N2, 80)); // entered again: replaced
			/* R3 shares the person nominee's employer: the override lets it stand;
			 * the center enters it for the named reviewer */
			ok(await vote(h.api, X.N4, 75, { reviewer_id: X.rev3 }));
			/* the panel's view names each recusal */
			const r = await review();
			const r2 = r.reviewers.find((x) => x.id === X.rev2);
			assert.deepEqual(r2.recusals.map((x) => x.nomination_id), [X.N1]);
			const r3 = r.reviewers.find((x) => x.id === X.rev3);
			assert.deepEqual(r3.recusals.map((x) => x.nomination_id), [X.N4]);
			assert.equal(r3.override_note, '该专业仅此一位专家，经督导签认');
			/* a reviewer who has scored stays */
			assert.equal((await h.api(`/api/v1/commendations/${X.c}/reviewers/${X.rev2}/remove`, { method: 'POST', json: {} })).status, 409);
		});

		it('the pages: the center\'s review with its refusals on top, the reviewer\'s grid with a refusal beside its field', async () => {
			const center = new Session(h.server.base);
			await center.login(h.user.name, h.user.password);
			const page = await center.get(`/commendations/${X.c}/review`);
			assert.equal(page.status, 200);
			assert.match(page.text, /id="panel"/);
			assert.match(page.text, /id="nominations"/);
			const twice = await center.post(`/commendations/${X.c}/review/act`, { action: 'appoint', person_id: String(X.R1.id) });
			assert.equal(twice.status, 409, twice.text.slice(0, 300));
			assert.match(twice.text, /id="refusal"/);
			assert.equal((await center.post(`/commendations/${X.c}/review/act`, { action: 'open', method: 'score' })).status, 409, 'a round is open');
			const me = new Session(h.server.base);
			await me.login(X.users.r2.name, X.users.r2.password);
			const grid = await me.get(`/commendations/${X.c}/review`);
			assert.equal(grid.status, 200);
			assert.match(grid.text, new RegExp(`id="v-${X.N2}"[^>]*value="80"`));
			assert.ok(!grid.text.includes('id="panel"'), 'a reviewer sees no panel form');
			const refused = await me.post(`/commendations/${X.c}/scores`, { reviewer_id: '0', [`v${X.N1}`]: '90', [`v${X.N2}`]: '80' });
			assert.equal(refused.status, 409);
			assert.match(refused.text, new RegExp(`<td class="msg error" id="msg-${X.N1}"[^>]*>[^<]*须回避`));
			assert.equal((await http(h.server.base, `/commendations/${X.c}/review`)).status, 303, 'anonymous: to the login');
		});

		it('401 anonymous, 403 without a seat or the permission, a reviewer of another campaign refused there', async () => {
			assert.equal((await http(h.server.base, `/api/v1/commendations/${X.c}/votes`, { method: 'POST', json: { nomination_id: X.N2, value: 1 } })).status, 401);
			const staff = await makeUser(h.server, `crevstaff${engine.slice(0, 2)}`, { role: 'viewer', institution: X.A });
			const s = apiAs(h.server.base, staff.token);
			assert.equal((await s(`/api/v1/commendations/${X.c}/review`)).status, 403);
			assert.equal((await vote(s, X.N2, 50)).status, 403);
			assert.equal((await s(`/api/v1/commendations/${X.c}/tally`, { method: 'POST', json: {} })).status, 403);
			/* R2 sits on this campaign's panel, not the other's */
			assert.equal((await X.r2(`/api/v1/commendations/${X.other}/review`)).status, 403);
			const o = await X.r2(`/api/v1/commendations/${X.other}/votes`, { method: 'POST', json: { nomination_id: X.N2, value: 50 } });
			assert.equal(o.status, 403, o.text);
			/* a reviewer sees their own votes only */
			const mine = await review(X.r2);
			assert.ok(mine.votes.every((v) => v.reviewer_id === X.rev2) && mine.votes.length === 1);
			assert.deepEqual(mine.objections, []);
		});

		it('the round is not closed while a reviewer has not scored, naming who and which', async () => {
			const close = () => h.api(`/api/v1/commendations/${X.c}/rounds/close`, { method: 'POST', json: {} });
			const refused = await close();
			assert.equal(refused.status, 409, refused.text);
			/* R2 stands aside from N1: not asked for it */
			assert.deepEqual(refused.json.error.reason.split('; '), [
				`${X.R1.name}: #${X.N1}, #${X.N2}, #${X.N4}`,
				`${X.R2.name}: #${X.N4}`,
				`${X.R3.name}: #${X.N1}, #${X.N2}`,
			]);
			/* A and B tie at 80.00 across the quota of one */
			for (const [n, v] of [[X.N1, 90], [X.N2, 80], [X.N4, 70]]) ok(await vote(X.r1, n, v));
			ok(await vote(X.r2, X.N4, 60));
			for (const [n, v] of [[X.N1, 70], [X.N2, 80]]) ok(await vote(h.api, n, v, { reviewer_id: X.rev3 }));
			assert.equal((await h.api(`/api/v1/commendations/${X.c}/tally`, { method: 'POST', json: {} })).status, 409, 'the round is open');
			ok(await close());
		});

		it('the tally: a tie across the quota refused until an override with its reason', async () => {
			const tally = (json) => h.api(`/api/v1/commendations/${X.c}/tally`, { method: 'POST', json });
			const tie = await tally({});
			assert.equal(tie.status, 409, tie.text);
			assert.match(tie.json.error.reason, new RegExp(`先进集体: #${X.N1}, #${X.N2}`));
			const bare = await tally({ overrides: [{ nomination_id: X.N1, proposed: true }] });
			assert.equal(bare.status, 422);
			assert.equal(bare.json.error.field, 'override_note');
			ok(await tally({ overrides: [{ nomination_id: X.N1, proposed: true }], override_note: '并列时以示范带动作用优先' }));
			const noms = Object.fromEntries((await review()).nominations.map((n) => [n.id, n]));
			assert.equal(noms[X.N1].status, 'proposed');
			assert.equal(noms[X.N1].override_note, '并列时以示范带动作用优先');
			assert.equal(noms[X.N2].status, 'not_proposed');
			assert.equal(noms[X.N1].score, 8000);
			assert.equal(noms[X.N2].score, 8000);
			assert.equal(noms[X.N1].rank, 1);
			assert.equal(noms[X.N2].rank, 1);
			assert.equal(noms[X.N4].status, 'proposed');
			assert.equal(noms[X.N4].score, 6833); // (70 + 60 + 75) / 3
			const audit = async (a) => (await h.api(`/api/v1/audit?action=${a}`)).json.items.length;
			for (const a of ['commendation.reviewer', 'commendation.score', 'commendation.round', 'commendation.tally', 'commendation.override'])
				assert.ok(await audit(a) >= 1, a);
		});

		it('the notice: public with masked names; objections rate-limited; upheld drops; comm_notice_clear refuses until over and resolved', async () => {
			assert.equal((await http(h.server.base, `/api/v1/commendations/${X.c}/notice`)).status, 404, 'nothing public before the notice');
			ok(await h.api(`/api/v1/commendations/${X.c}/notice`, { method: 'POST', json: {} }));
			const pub = await http(h.server.base, `/api/v1/commendations/${X.c}/notice`);
			assert.equal(pub.status, 200, pub.text);
			const ids = pub.json.items.map((i) => i.nomination_id).sort();
			assert.deepEqual(ids, [X.N1, X.N4].sort());
			const p = pub.json.items.find((i) => i.nomination_id === X.N4);
			assert.equal(p.kind, 'person');
			assert.notEqual(p.nominee, X.P.name);
			assert.equal(p.nominee[0], X.P.name[0]);
			assert.ok(!pub.text.includes(X.P.name), 'the full name is not public');
			assert.ok(!/id_number|id_masked|phone|score/.test(pub.text), pub.text);
			assert.equal(pub.json.campaign.notice_start <= pub.json.campaign.notice_end, true);
			assert.equal((await review()).campaign.decision_refusal, 'commendation.notice_running');
			/* the public page: the same list, names masked */
			const page = await http(h.server.base, `/commendations/${X.c}/notice`);
			assert.equal(page.status, 200);
			assert.ok(page.text.includes(p.nominee) && !page.text.includes(X.P.name), 'masked on the page');
			assert.match(page.text, /id="objection-form"/);
			const visitor = new Session(h.server.base);
			await visitor.get(`/commendations/${X.c}/notice`);
			const empty = await visitor.post(`/commendations/${X.c}/objections`, { nomination_id: String(X.N4), name: '群众乙', contact: '010-1', body: '' });
			assert.equal(empty.status, 422);
			assert.match(empty.text, /error-summary/);

			const object = (nomination_id, localAddress) => http(h.server.base, `/api/v1/commendations/${X.c}/objections`, { method: 'POST', json: { nomination_id, name: '群众甲', contact: '13800000000', body: '该单位年内曾被通报批评' }, localAddress });
			assert.equal((await object(X.N2)).json.error.field, 'nomination_id', 'not on the list');
			const oid = ok(await object(X.N1), 201).id;
			/* per address: the appeals' limit (4 free in the hour) */
			const addr = '127.0.0.47';
			let last;
			for (let i = 0; i < 6; i++) last = await object(X.N4, addr);
			assert.equal(last.status, 429, last.text);
			assert.ok(last.headers.get('retry-after'));

			/* the notice over: the open objections still hold the decision */
			await sql(h.server, `UPDATE commendation_campaign SET notice_end = '2020-01-01' WHERE id = ${X.c}`);
			assert.equal((await review()).campaign.decision_refusal, 'commendation.objections_open');
			const resolve = (id, json) => h.api(`/api/v1/commendations/${X.c}/objections/${id}/resolve`, { method: 'POST', json });
			assert.equal((await resolve(oid, { upheld: true })).json.error.field, 'resolution');
			ok(await resolve(oid, { upheld: true, resolution: '经核实，该单位年内受到通报批评' }));
			assert.equal((await resolve(oid, { upheld: false, resolution: '再次' })).status, 409);
			for (const o of (await review()).objections.filter((x) => x.status === 'open'))
				ok(await resolve(o.id, { upheld: false, resolution: '所述情况与事实不符' }));
			const noms = Object.fromEntries((await review()).nominations.map((n) => [n.id, n]));
			assert.equal(noms[X.N1].status, 'dropped');
			assert.equal(noms[X.N1].status_reason, '经核实，该单位年内受到通报批评');
			assert.equal(noms[X.N4].status, 'proposed');
			assert.equal((await review()).campaign.decision_refusal, null);
			assert.ok(!(await http(h.server.base, `/api/v1/commendations/${X.c}/notice`)).json.items.some((i) => i.nomination_id === X.N1));
			for (const a of ['commendation.notice', 'commendation.objection', 'commendation.objection_resolve'])
				assert.ok((await h.api(`/api/v1/audit?action=${a}`)).json.items.length >= 1, a);
		});
			it('the command line: the review, the public list and a refusal naming its field', async () => {
			// one command: the review's actions are `skillcert commendation ...`
			const cli = (args) => h.server.cli(['commendation', ...args]);
			const r = await cli(['review', String(X.c)]);
			assert.equal(r.code, 0, r.stderr);
			assert.match(r.stdout, new RegExp(`nomination: ${X.N1}\tadvanced_collective\t.*\tdropped`));
			assert.match(r.stdout, /decision: may be taken/);
			const n = await cli(['notice-show', String(X.c)]);
			assert.equal(n.code, 0, n.stderr);
			assert.ok(n.stdout.includes(`${X.N4}\tadvanced_worker`) && !n.stdout.includes(X.P.name));
			const bad = await cli(['round-open', String(X.other), '--method', 'poll']);
			assert.equal(bad.code, 1);
			assert.match(bad.stderr, /method|评审方式/);
			assert.equal((await cli(['objection-resolve', String(X.c), '1'])).code, 2, 'uphold or dismiss');
			const old = await h.server.cli(['commendation-review', 'review', String(X.c)]);
			assert.equal(old.code, 2, 'the old command name is gone');
			assert.match(old.stderr, /unknown command "commendation-review"/);
			const help = await cli(['--help']);
			assert.equal(help.code, 0);
			for (const a of ['list', 'nominate', 'review', 'score', 'objection-resolve', 'decide', 'pdf', 'honours'])
				assert.ok(help.stdout.includes(`skillcert commendation ${a}`), a);
			const top = await h.server.cli(['help']);
			assert.ok(!/commendation-(review|decision)/.test(top.stdout), top.stdout);
			// an option before the action: still the review's
			const as = await h.server.cli(['commendation', '--as', 'nobody-such', 'review', String(X.c)]);
			assert.equal(as.code, 1);
		});
});
}
