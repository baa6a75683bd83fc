// The route table, walked. `skillcert routes` prints every route with its
// kind (api|page), whether it is public and the permission it needs. Every
// route that is not public must turn away an anonymous caller (401 JSON on
// the API, a redirect to the login page for a page GET, 401/403 for a page
// POST), and every route with a permission must turn away a signed-in user
// whose grants do not cover the object (403): "outsider" is
// institution_admin of B and tries everything on A (and on users it does
// not manage); "viewer" holds only viewer on the whole network. A route
// added without a permission, or one that lets an outsider through, fails
// here.
//
// Then the ids: two stations A and B, each with its plans (closed with a
// certificate, under notice with an appeal, a draft with a room, staff and
// an enrolment), person, filing batch, inspection, finding, scope entry;
// a user of B tries every route with an id in its path on A's objects, and
// every route of B's objects with A's ids in the path's second id or in
// the body. Each answer must be 403, 404 or 422, and nothing may change
// (no audit record is written, the objects read the same). Which object
// each path parameter names comes from a table: a route whose parameter
// the table does not know fails the walk as not covered.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';

import { closedPlan, makeStation, nextIdNumber, nextName, sql } from './certlib.mjs';
import {
	createInstitution, describeWithServer, engines, http, login, makeUser, newPassword, run, uniqueName,
} from './lib.mjs';

const routes = JSON.parse((await run(['routes'])).stdout);
const key = (r) => `${r.method} ${r.pattern}`;
const PERMS = [
	'account', 'institution.create', 'institution.rename', 'user.manage', 'audit.read',
	'institution.read', 'registry.apply', 'registry.decide', 'registry.inspect', 'registry.file',
	'person.manage', 'plan.manage', 'plan.approve', 'plan.supervise',
	'certificate.issue', 'certificate.manage', 'certificate.read', 'filing.manage', 'key.manage',
	'competition.manage', 'competition.enter', 'competition.promote',
	'commendation.manage', 'commendation.nominate',
	'apprenticeship.manage',
	'training.manage',
	'statistics.read', 'supervision.manage',
	'webhook.manage',
	'item.write', 'item.review', 'item.approve',
];
/* A commendation campaign's rules with one category and no eligibility
 * rule, so that the center A nominates itself in the walk. */
const COMMEND_RULES = {
	format: 1, kind: 'commendation_rules', code: 'walk', name: '越权检查', version: '1', citation: 'e2e', confidence: 'low', source: 'e2e',
	categories: [{ code: 'advanced_collective', name: '先进集体', kind: 'collective', confidence: 'low', source: 'e2e', quota: { value: {}, confidence: 'low', source: 'e2e' }, eligibility: [] }],
};
const PDF_B64 = Buffer.from('%PDF-1.4\n%%EOF\n').toString('base64');
/* A valid item of a bank (issue 19), its institution to be given. */
const ITEM = { occupation_code: '6-18-01-01', level: 4, ref: 'WALK-1', kind: 'tf', point: 'A-01', stem: '车床的主轴转速越高越好。', key: 'F' };
/* A blueprint of one knowledge point and one item (issue 19), and an
 * approved item of institution inst's bank for it, written directly (the
 * workflow takes three people): a paper can then be assembled. */
const BLUEPRINT = {
	occupation: '6-18-01-01', level: 4, version: 'walk', minutes: 30,
	points: [{ code: 'A-01', name: '安全生产', weight: 100 }], sections: [{ kind: 'tf', count: 1, score: 1000 }],
};
/* The candidate's routes of the online exam (issue 19): public, each
 * taking the attempt's token (X-Exam-Token), never a staff login. */
const EXAM_ROUTE = /^\/api\/v1\/exam\//;
const approvedItemSql = (inst, ref) => 'INSERT INTO exam_item (institution_id, occupation_code, level, ref, version, kind, point, stem, options, answer_key, ' +
	`explanation, status, author, created_at, updated_at) VALUES (${Number(inst)}, '6-18-01-01', 4, '${ref}', 1, 'tf', 'A-01', '安全帽须佩戴。', '[]', 1, '', ` +
	"'approved', 'walk', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')";

/* The pattern with its {id}, {sid} and {name} filled in: an institution's
 * id, or for the routes about an inspection or a finding, the id of one
 * that belongs to that institution (ids of other tables). */
/* A delivery of the webhook subscription hook (issue 18), delivered, written
 * directly: a paused subscription takes no ping (409), and an active one
 * would send it. Resolves its id. */
async function hookDeliveryOf(server, hook) {
	await sql(server, `INSERT INTO webhook_event (kind, object_type, object_id, payload, created_at) VALUES ('ping', 'webhook', '${hook}', '{}', '2026-01-01T00:00:00Z')`);
	const out = await sql(server, `INSERT INTO webhook_delivery (subscription_id, event_id, state, attempts, next_at, created_at, delivered_at) SELECT ${Number(hook)}, MAX(id), 'delivered', 1, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z' FROM webhook_event RETURNING id`);
	const id = Number(String(out).trim().split(/\s+/)[0]);
	assert.ok(id > 0, `a delivery of subscription ${hook}: ${out}`);
	return id;
}

function fill(pattern, { id, name, inspection = id, finding = id, plan = id, comp = id, compEvent = id, compEntry = id, commend = id, commendNom = id, commendAtt = id, appr = id, apprentice = id, course = id, trainEnrol = id, lesson = id, hook = id, hookDelivery = 1, item = id, blueprint = id, paper = id, attempt = id }) {
	let p = pattern;
	// the online exam (issue 19): an attempt at A's paper
	if (p.startsWith('/api/v1/attempts/')) p = p.replace('{id}', String(attempt));
	p = p.replace('{attempt_id}', String(attempt));
	// blueprints and papers (issue 19): a blueprint of A's bank, a paper of A's plan
	if (p.startsWith('/api/v1/blueprints/')) p = p.replace('{id}', String(blueprint));
	if (p.startsWith('/api/v1/papers/')) p = p.replace('{id}', String(paper));
	// the item bank (issue 19): an item of A's bank
	if (p.startsWith('/api/v1/items/') || p.startsWith('/items/')) p = p.replace('{id}', String(item));
	// webhooks (issue 18): a subscription of A's and a delivery of it
	if (p.startsWith('/api/v1/webhooks/') || p.startsWith('/admin/webhooks/')) p = p.replace('{id}', String(hook)).replace('{did}', String(hookDelivery));
	if (p.startsWith('/api/v1/apprenticeships/') || p.startsWith('/apprenticeships/')) p = p.replace('{id}', String(appr));
	if (p.startsWith('/api/v1/apprentices/') || p.startsWith('/apprentices/')) p = p.replace('{id}', String(apprentice));
	// training (issue 15): a course, an enrolment and a lesson of A's
	if (p.startsWith('/api/v1/training/') || p.startsWith('/training/')) p = p.replace('{id}', String(course));
	if (p.startsWith('/api/v1/training-enrolments/') || p.startsWith('/training-enrolments/')) p = p.replace('{id}', String(trainEnrol));
	if (p.startsWith('/api/v1/training-lessons/')) p = p.replace('{id}', String(lesson));
	if (p.startsWith('/api/v1/commendations/') || p.startsWith('/commendations/')) p = p.replace('{id}', String(commend));
	if (p.startsWith('/api/v1/commendation-nominations/') || p.startsWith('/commendation-nominations/')) p = p.replace('{id}', String(commendNom));
	if (p.startsWith('/api/v1/commendation-attachments/')) p = p.replace('{id}', String(commendAtt));
	if (p.startsWith('/api/v1/competitions/') || p.startsWith('/competitions/')) p = p.replace('{id}', String(comp));
	if (p.startsWith('/api/v1/competition-events/') || p.startsWith('/competition-events/')) p = p.replace('{id}', String(compEvent));
	if (p.startsWith('/api/v1/competition-entries/')) p = p.replace('{id}', String(compEntry));
	if (p.startsWith('/api/v1/inspections/')) p = p.replace('{id}', String(inspection));
	if (p.startsWith('/api/v1/findings/')) p = p.replace('{id}', String(finding));
	if (p.startsWith('/api/v1/plans/') || p.startsWith('/plans/')) p = p.replace('{id}', String(plan));
	return p.replace('{id}', String(id)).replace('{sid}', '1').replace('{eid}', '1').replace('{aid}', '1').replace('{did}', '1')
		.replace('{rid}', '1').replace('{oid}', '1')
		.replace('{what}', 'certificates').replace('{name}', encodeURIComponent(name))
		.replace('{n}', '0').replace('{token}', 'v1.x.y').replace('{code}', '6-18-01-01');
}

describe('route table (skillcert routes)', () => {
	it('lists every route with method, pattern, kind, public, password_change and perm', () => {
		assert.ok(routes.length >= 20, `${routes.length} routes`);
		for (const r of routes) {
			assert.deepEqual(Object.keys(r).sort(), ['kind', 'method', 'password_change', 'pattern', 'perm', 'public'], JSON.stringify(r));
			// PUT: a candidate's answer (issue 19), the one route that replaces a thing in place
			assert.ok(['GET', 'POST', 'PUT'].includes(r.method), key(r));
			assert.ok(['api', 'page'].includes(r.kind), key(r));
			assert.match(r.pattern, /^\//);
		}
		const keys = routes.map(key);
		assert.equal(new Set(keys).size, keys.length, 'no route is listed twice');
	});

	it('every route that is not public names a permission', () => {
		const missing = routes.filter((r) => !r.public && !r.perm).map(key);
		assert.deepEqual(missing, [], 'routes that are neither public nor carry a permission');
	});

	it('every permission is a known one (this walk knows what each needs)', () => {
		const unknown = routes.filter((r) => r.perm !== null && !PERMS.includes(r.perm)).map((r) => `${key(r)}: ${r.perm}`);
		assert.deepEqual(unknown, []);
	});

	it('API routes are the /api/ paths (plus /healthz, /metrics, the published keys and status lists): their errors are JSON', () => {
		const extra = ['/healthz', '/metrics', '/.well-known/jwks.json', '/status/{n}'];
		const odd = routes.filter((r) => (r.kind === 'api') !== (r.pattern.startsWith('/api/') || extra.includes(r.pattern))).map(key);
		assert.deepEqual(odd, []);
	});

	it('the routes reachable before the initial password is changed are few and harmless', () => {
		const pwc = routes.filter((r) => r.password_change).map(key).sort();
		assert.deepEqual(pwc, [
			'GET /account/password', 'GET /api/v1/me', 'GET /lang', 'GET /login',
			'POST /account/password', 'POST /login', 'POST /logout',
		]);
	});
});

for (const engine of engines()) {
	describeWithServer(`route walk [${engine}]`, { engine, tag: 'authz', user: true }, (h) => {
		const base = () => h.server.base;
		let A;
		let B;
		let outsider; // institution_admin on B: {name, password, token, sess}
		let viewer; // viewer on the whole network
		let adminToken;

		before(async () => {
			A = await createInstitution(base(), { name: uniqueName('甲机构'), type: 'center', province: '11' }, h.token);
			B = await createInstitution(base(), { name: uniqueName('乙机构'), type: 'center', province: '12' }, h.token);
			outsider = await makeUser(h.server, 'outsider', { role: 'institution_admin', institution: B.id });
			outsider.sess = await login(base(), outsider.name, outsider.password);
			viewer = await makeUser(h.server, 'viewer1', { role: 'viewer', institution: 0 });
			viewer.sess = await login(base(), viewer.name, viewer.password);
			// alice manages A: a user the outsider must not manage either
			await makeUser(h.server, 'alice', { role: 'institution_admin', institution: A.id, token: false });
			adminToken = (await h.server.cli(['user', 'token', 'admin'])).stdout.trim();
			// an inspection of A with a finding: the targets of the
			// inspection and finding routes
			const insp = await http(base(), `/api/v1/institutions/${A.id}/inspections`, {
				method: 'POST', headers: { Authorization: `Bearer ${h.token}` },
				json: { year: 2025, inspected_on: '2025-06-01', outcome: 'rectify', notes: '' },
			});
			assert.equal(insp.status, 201, insp.text);
			A.inspection = insp.json.id;
			const fnd = await http(base(), `/api/v1/inspections/${A.inspection}/findings`, {
				method: 'POST', headers: { Authorization: `Bearer ${h.token}` },
				json: { description: '档案不全', deadline: '2026-01-31' },
			});
			assert.equal(fnd.status, 200, fnd.text);
			const show = (await h.server.cli(['institution', 'show', String(A.id)])).stdout;
			A.finding = Number((show.match(/^finding: (\d+)/m) || [])[1]);
			assert.ok(A.finding > 0, show);
			// a plan of A (a center is registered from the start): the
			// target of the plan routes
			const admin = { Authorization: `Bearer ${h.token}` };
			const sc = await http(base(), `/api/v1/institutions/${A.id}/scope`, {
				method: 'POST', headers: admin,
				json: { occupation_code: '6-18-01-01', occupation_name: '车工', levels: '5,4', doc_no: '机职鉴字[2026]1号' },
			});
			assert.equal(sc.status, 200, sc.text);
			const std = (await http(base(), '/api/v1/standards')).json.items.find((x) => x.occupation_code === '6-18-01-01');
			const pl = await http(base(), '/api/v1/plans', {
				method: 'POST', headers: admin,
				json: { institution_id: A.id, standard_id: std.id, level: 4, capacity: 10 },
			});
			assert.equal(pl.status, 201, pl.text);
			A.plan = pl.json.id;
			A.standard = std.id;
			// a competition A organises, open for entries, with an event
			// and an entry of A's: the target of the competition routes
			const cp = await http(base(), '/api/v1/competitions', {
				method: 'POST', headers: admin,
				json: { name: '甲竞赛', tier: 'national_class2', year: 2026, organiser_id: A.id, starts_on: '2026-10-10', ends_on: '2026-10-11', document_code: 'machinery-class2' },
			});
			assert.equal(cp.status, 201, cp.text);
			A.comp = cp.json.id;
			const ce = await http(base(), `/api/v1/competitions/${A.comp}/events`, { method: 'POST', headers: admin, json: { occupation_code: '6-18-01-01', group: 'employee' } });
			assert.equal(ce.status, 201, ce.text);
			A.compEvent = ce.json.id;
			assert.equal((await http(base(), `/api/v1/competitions/${A.comp}/act`, { method: 'POST', headers: admin, json: { action: 'open' } })).status, 200);
			const cperson = await http(base(), '/api/v1/people', { method: 'POST', headers: admin, json: { name: nextName(), id_number: nextIdNumber(), institution_id: A.id, employer: '甲厂' } });
			assert.equal(cperson.status, 201, cperson.text);
			A.compPerson = cperson.json.id;
			const cn = await http(base(), `/api/v1/competition-events/${A.compEvent}/entries`, { method: 'POST', headers: admin, json: { institution_id: A.id, person_ids: [A.compPerson] } });
			assert.equal(cn.status, 201, cn.text);
			A.compEntry = cn.json.id;
			// a commendation campaign, nominating, where the center A has
			// nominated itself with an attachment: the target of the
			// commendation routes
			const cc = await http(base(), '/api/v1/commendations', {
				method: 'POST', headers: admin,
				json: { year: 2025, title: '越权检查表彰', rules: COMMEND_RULES, nominate_until: '2099-12-31', review_until: '2099-12-31' },
			});
			assert.equal(cc.status, 201, cc.text);
			A.commend = cc.json.id;
			assert.equal((await http(base(), `/api/v1/commendations/${A.commend}/act`, { method: 'POST', headers: admin, json: { action: 'nominate' } })).status, 200);
			const cnom = await http(base(), `/api/v1/commendations/${A.commend}/nominations`, { method: 'POST', headers: admin, json: { category: 'advanced_collective', nominated_by: A.id, achievements: '甲' } });
			assert.equal(cnom.status, 201, cnom.text);
			A.commendNom = cnom.json.id;
			const catt = await http(base(), `/api/v1/commendation-nominations/${A.commendNom}/attachments`, { method: 'POST', headers: admin, json: { filename: 'a.pdf', data: PDF_B64 } });
			assert.equal(catt.status, 201, catt.text);
			A.commendAtt = catt.json.id;
			// an apprenticeship class of A's with an apprentice (issue 15)
			const ap = await http(base(), '/api/v1/apprenticeships', {
				method: 'POST', headers: admin,
				json: { institution_id: A.id, enterprise_name: '甲厂', school_name: '甲技工学校', school_kind: 'technical_school', occupation_code: '6-18-01-01', target_level: 4, starts_on: '2024-09-01', rules_code: 'wuhan' },
			});
			assert.equal(ap.status, 201, ap.text);
			A.appr = ap.json.id;
			const apc = await http(base(), `/api/v1/apprenticeships/${A.appr}/apprentices`, {
				method: 'POST', headers: admin,
				json: { person_id: A.compPerson, contract_start: '2024-08-20', contract_end: '2027-08-19', hire_kind: 'new', enterprise_mentor: '王师傅', school_mentor: '李老师' },
			});
			assert.equal(apc.status, 201, apc.text);
			A.apprentice = apc.json.id;
			// a webhook subscription of A's (issue 18), paused: nothing is sent
			const hook = await http(base(), '/api/v1/webhooks', {
				method: 'POST', headers: admin, json: { institution_id: A.id, url: 'https://hooks.example.cn/a', active: false },
			});
			assert.equal(hook.status, 201, hook.text);
			A.hook = hook.json.id;
			A.hookDelivery = await hookDeliveryOf(h.server, A.hook);
			// the item bank (issue 19): a draft item of A's bank
			const item = await http(base(), '/api/v1/items', { method: 'POST', headers: admin, json: { ...ITEM, institution_id: A.id } });
			assert.equal(item.status, 201, item.text);
			A.item = item.json.id;
			// blueprints and papers (issue 19): a blueprint of A's bank and a
			// paper of A's plan from an approved item
			const bp = await http(base(), '/api/v1/blueprints', { method: 'POST', headers: admin, json: { institution_id: A.id, doc: BLUEPRINT } });
			assert.equal(bp.status, 201, bp.text);
			A.blueprint = bp.json.id;
			await sql(h.server, approvedItemSql(A.id, 'WALK-OK'));
			const paper = await http(base(), `/api/v1/plans/${A.plan}/papers`, { method: 'POST', headers: admin, json: { blueprint_id: A.blueprint } });
			assert.equal(paper.status, 201, paper.text);
			A.paper = paper.json.id;
			// the online exam (issue 19): A's paper sealed and opened, a
			// person of A's enrolled in A's plan and signed in: an attempt of A's
			assert.equal((await http(base(), `/api/v1/papers/${A.paper}/seal`, { method: 'POST', headers: admin, json: {} })).status, 200);
			const room = await http(base(), `/api/v1/plans/${A.plan}/rooms`, { method: 'POST', headers: admin, json: { name: '机考考场', capacity: 10 } });
			assert.equal(room.status, 201, room.text);
			const cand = await http(base(), '/api/v1/people', { method: 'POST', headers: admin, json: { name: nextName(), id_number: nextIdNumber(), institution_id: A.id, employer: '甲厂', work_start: '2010-01-01' } });
			assert.equal(cand.status, 201, cand.text);
			const en = await http(base(), `/api/v1/plans/${A.plan}/enrolments`, { method: 'POST', headers: admin, json: { person_id: cand.json.id, room_id: room.json.id } });
			assert.equal(en.status, 201, en.text);
			const codes = await http(base(), `/api/v1/plans/${A.plan}/claim-codes`, { method: 'POST', headers: admin });
			assert.equal(codes.status, 200, codes.text);
			assert.equal((await http(base(), `/api/v1/papers/${A.paper}/open`, { method: 'POST', headers: admin, json: { starts_at: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z') } })).status, 200);
			const si = await http(base(), '/api/v1/exam/sign-in', { method: 'POST', json: { code: codes.json.codes[0].code } });
			assert.equal(si.status, 200, si.text);
			A.attempt = si.json.attempt_id;
			A.examToken = si.json.token;
			// training (issue 15): a draft course of A with a lesson, and an
			// open one with A's person enrolled: the target of the training routes
			const tc = await http(base(), '/api/v1/training', { method: 'POST', headers: admin, json: { institution_id: A.id, title: '甲培训', mode: 'online', hours: 2 } });
			assert.equal(tc.status, 201, tc.text);
			A.course = tc.json.id;
			const tl = await http(base(), `/api/v1/training/${A.course}/lessons`, { method: 'POST', headers: admin, json: { title: '课件', kind: 'document', filename: 'a.pdf', data: PDF_B64, hours: 1 } });
			assert.equal(tl.status, 201, tl.text);
			A.lesson = tl.json.id;
			const to = await http(base(), '/api/v1/training', { method: 'POST', headers: admin, json: { institution_id: A.id, title: '甲开放培训', mode: 'online', hours: 2 } });
			await http(base(), `/api/v1/training/${to.json.id}/lessons`, { method: 'POST', headers: admin, json: { title: '视频', kind: 'video', url: 'https://video.example/a', hours: 2 } });
			assert.equal((await http(base(), `/api/v1/training/${to.json.id}/status`, { method: 'POST', headers: admin, json: { status: 'open' } })).status, 200);
			const te = await http(base(), `/api/v1/training/${to.json.id}/enrolments`, { method: 'POST', headers: admin, json: { person_id: A.compPerson } });
			assert.equal(te.status, 201, te.text);
			A.trainEnrol = te.json.id;
		});

		it('anonymous: every route that is not public is refused (401 JSON, or a redirect to /login)', async () => {
			const wrong = [];
			for (const r of routes.filter((x) => !x.public)) {
				const p = fill(r.pattern, { id: A.id, name: 'admin', comp: A.comp, compEvent: A.compEvent, compEntry: A.compEntry, course: A.course, trainEnrol: A.trainEnrol, lesson: A.lesson });
				if (r.kind === 'api') {
					const res = await http(base(), p, { method: r.method, ...(r.method === 'POST' ? { json: {} } : {}) });
					const ok = res.status === 401 && res.json?.error?.code === 'login_required' &&
						/^Bearer/.test(res.headers.get('www-authenticate') || '') &&
						typeof res.json.error.message === 'string';
					if (!ok) wrong.push(`${r.method} ${p}: ${res.status} ${res.text.slice(0, 120)}`);
				} else if (r.method === 'GET') {
					const res = await http(base(), p);
					const loc = res.headers.get('location') || '';
					const u = new URL(loc, base());
					if (res.status !== 303 || u.pathname !== '/login' || u.searchParams.get('next') !== p)
						wrong.push(`GET ${p}: ${res.status} Location ${loc}`);
				} else {
					const res = await http(base(), p, { method: 'POST', form: { csrf: 'x', name: 'x' } });
					if (res.status !== 401 && res.status !== 403) wrong.push(`POST ${p}: ${res.status}`);
					else assert.match(res.headers.get('content-type') || '', /^text\/html/, `POST ${p}`);
				}
			}
			assert.deepEqual(wrong, [], 'routes that did not refuse an anonymous caller');
		});

		it('a made-up token or session cookie counts as anonymous', async () => {
			for (const auth of ['Bearer sct_' + 'x'.repeat(43), 'Bearer ', 'Basic dXNlcjpwYXNzd29yZA==']) {
				const r = await http(base(), '/api/v1/me', { headers: { Authorization: auth } });
				assert.equal(r.status, 401, `${auth}: ${r.text}`);
				assert.equal(r.json.error.code, 'login_required');
			}
			const forged = await http(base(), '/account', { headers: { Cookie: `sc_session=s_${'A'.repeat(43)}` } });
			assert.equal(forged.status, 303);
			assert.match(forged.headers.get('location'), /^\/login\?next=/);
			// a valid API token is not a session cookie
			const asCookie = await http(base(), '/account', { headers: { Cookie: `sc_session=${h.token}` } });
			assert.equal(asCookie.status, 303);
			// and the public routes stay public
			for (const r of routes.filter((x) => x.public && x.method === 'GET')) {
				const p = fill(r.pattern, { id: A.id, name: 'admin', comp: A.comp });
				const res = await http(base(), p);
				// a candidate's exam (issue 19): public, but with the
				// attempt's own token (X-Exam-Token): without one, 401
				if (EXAM_ROUTE.test(r.pattern)) {
					assert.equal(res.status, 401, `GET ${p}: ${res.text}`);
					continue;
				}
				// public: answered without asking who (an id of another
				// table may simply not exist: 404 is an answer too)
				const loc = res.headers.get('location') || '';
				assert.ok(res.status !== 401 && res.status !== 403 && !loc.startsWith('/login'), `GET ${p}: ${res.status}`);
				// the verification routes refuse what is not a lookup (no
				// number and name, a malformed token): 422 is an answer too
				const lookup = ['/api/v1/verify', '/v/{token}'].includes(r.pattern) && res.status === 422;
				// the online exam (issue 19) without its cookie: back to its sign-in
				const exam = r.pattern === '/exam/take' && res.status === 303 && loc === '/exam';
				assert.ok(res.status === 200 || res.status === 404 || lookup || exam || (r.pattern === '/lang' && res.status === 303), `GET ${p}: ${res.status}`);
			}
		});

		it('the candidate\'s exam routes (issue 19) are public with their own token: a staff login without one is 401 there', async () => {
			const exam = routes.filter((r) => EXAM_ROUTE.test(r.pattern));
			assert.ok(exam.length >= 4, JSON.stringify(exam));
			assert.deepEqual(exam.filter((r) => !r.public || r.perm !== null || r.kind !== 'api').map(key), [], 'public API routes');
			const wrong = [];
			for (const r of exam.filter((x) => !x.pattern.endsWith('/sign-in'))) {
				const p = r.pattern.replace(/\{\w+\}/g, '1');
				const body = r.method === 'PUT' ? { json: { answer: 'A' } } : r.method === 'POST' ? { json: {} } : {};
				const tries = [
					['a center_admin\'s token', () => http(base(), p, { method: r.method, headers: { Authorization: `Bearer ${h.token}` }, ...body })],
					['the outsider\'s token', () => http(base(), p, { method: r.method, headers: { Authorization: `Bearer ${outsider.token}` }, ...body })],
					['a viewer\'s session', () => viewer.sess.api(p, { method: r.method, ...body })],
					['a made-up exam token', () => http(base(), p, { method: r.method, headers: { 'X-Exam-Token': 'x'.repeat(43) }, ...body })],
					['a staff token as the exam token', () => http(base(), p, { method: r.method, headers: { 'X-Exam-Token': h.token }, ...body })],
					['nobody', () => http(base(), p, { method: r.method, ...body })],
				];
				for (const [who, call] of tries) {
					const res = await call();
					if (res.status !== 401 || res.json?.error?.code !== 'login_required') wrong.push(`${r.method} ${p} with ${who}: ${res.status} ${res.text.slice(0, 120)}`);
				}
			}
			assert.deepEqual(wrong, [], 'candidate routes answered without an attempt token');
			// the attempt's token opens its own attempt, and no staff route
			const mine = await http(base(), '/api/v1/exam/attempt', { headers: { 'X-Exam-Token': A.examToken } });
			assert.equal(mine.status, 200, mine.text);
			assert.equal(mine.json.id, A.attempt);
			for (const r of routes.filter((x) => !x.public && x.kind === 'api' && /\/(papers|attempts|scores|claim-codes)\b/.test(x.pattern))) {
				const p = fill(r.pattern, { id: A.id, name: 'admin', plan: A.plan, paper: A.paper, attempt: A.attempt, blueprint: A.blueprint });
				const res = await http(base(), p, { method: r.method, headers: { 'X-Exam-Token': A.examToken }, ...(r.method === 'POST' ? { json: {} } : {}) });
				if (res.status !== 401) wrong.push(`${r.method} ${p} with an exam token: ${res.status}`);
			}
			assert.deepEqual(wrong, [], 'staff routes answered an exam token');
			// the sign-in takes a claim code only: a login is no way in
			const si = exam.find((x) => x.pattern.endsWith('/sign-in'));
			assert.ok(si, 'a sign-in route');
			const r = await http(base(), si.pattern, { method: 'POST', headers: { Authorization: `Bearer ${h.token}` }, json: {} });
			assert.equal(r.status, 422, r.text);
			const unknown = await http(base(), si.pattern, { method: 'POST', headers: { Authorization: `Bearer ${h.token}` }, json: { code: 'ABCD-EFGH-JKLM-NPQR' } });
			assert.equal(unknown.status, 404, unknown.text);
		});

		/* How the outsider tries each route, when the default (no body,
		 * expect 403) does not fit. A body makes the request valid, so that
		 * only the scope check can refuse it. allowed: reachable on purpose,
		 * with the reason; check() then says what must not leak. */
		const outsiderCases = () => ({
			'POST /api/v1/institutions': { json: { name: uniqueName('越权新建'), type: 'exam_site', province: '11', parent_id: A.id } },
			'POST /api/v1/institutions/{id}/rename': { json: { name: uniqueName('越权更名') } },
			'POST /institutions': { form: { name: uniqueName('越权新建'), type: 'exam_site', province: '11', parent_id: String(A.id) } },
			'POST /institutions/{id}/rename': { form: { name: uniqueName('越权更名'), reason: '' } },
			'POST /admin/users/{name}/grants': { form: (t) => ({ role: 'viewer', institution_id: t.scope }) },
			'POST /admin/users/{name}/grants/revoke': { form: (t) => ({ role: t.role, institution_id: t.scope }) },
			'GET /institutions/new': {
				allowed: 200, why: 'no object yet: the empty form; the parent is checked when it is sent',
			},
			'GET /admin/users': {
				allowed: 200, why: 'the list shows only the users inside the manager\'s scope',
				check: (res) => {
					assert.ok(!res.text.includes('/admin/users/admin"'), 'admin (whole network) is not listed');
					assert.ok(!res.text.includes('/admin/users/alice"'), 'alice (on A) is not listed');
					assert.ok(res.text.includes('/admin/users/outsider"'), 'the outsider itself is listed');
				},
			},
			'GET /api/v1/notifications': {
				allowed: 200, why: 'the queue of outgoing messages, its addresses masked: in full only for user.manage on the whole network',
				check: (res) => assert.equal(res.json.full_addresses, false),
			},
			'GET /admin/notifications': {
				allowed: 200, why: 'the queue of outgoing messages, its addresses masked: in full only for user.manage on the whole network',
				check: (res) => assert.ok(res.text.includes('收件地址仅向全网用户管理员完整显示'), 'the masked view'),
			},
			'POST /admin/users/{name}/email': { form: () => ({ email: 'taken-over@example.cn' }) },
			// webhooks (issue 18): the list holds the manager's own; another
			// institution's subscription is not found (nothing learnt of it)
			'GET /api/v1/webhooks': {
				allowed: 200, why: 'lists only the subscriptions of the institutions the actor manages',
				check: (res) => assert.ok(!res.json.items.some((s) => s.id === A.hook), 'A\'s subscription is not listed'),
			},
			'POST /api/v1/webhooks': { json: { url: 'https://hooks.example.cn/x', institution_id: A.id } },
			// the item bank (issue 19): each body valid, so that only A's bank
			// refuses; the list without an institution is the whole network's
			'POST /api/v1/items': { json: { ...ITEM, institution_id: A.id } },
			'POST /api/v1/items/{id}/edit': { json: { kind: 'tf', point: 'A-01', stem: '越权', key: 'T' } },
			'POST /api/v1/items/{id}/review': { json: { decision: 'return', note: '越权' } },
			'POST /api/v1/items/{id}/retire': { json: { reason: '越权' } },
			'POST /api/v1/items-import': { allowed: 422, why: 'the walk names no bank (a query): refused before the file is read' },
			'GET /api/v1/items-export': { allowed: 422, why: 'the walk names no bank (a query): refused before anything is read' },
			'GET /items': {
				allowed: 200, why: 'lists the bank of the actor\'s own institution',
				check: (res) => assert.ok(!res.text.includes(`/items/${A.item}"`), 'A\'s item is not listed'),
			},
			'POST /items': { form: { ...Object.fromEntries(Object.entries(ITEM).map(([k, v]) => [k, String(v)])), institution_id: String(A.id) } },
			'POST /items/{id}/review': { form: { decision: 'return', note: '越权' } },
			'POST /items/{id}/retire': { form: { reason: '越权' } },
			// blueprints and papers (issue 19): valid bodies, A's bank and plan
			'POST /api/v1/blueprints': { json: { institution_id: A.id, doc: { ...BLUEPRINT, version: 'walk-2' } } },
			'POST /api/v1/plans/{id}/papers': { json: { blueprint_id: A.blueprint } },
			// the online exam (issue 19): valid bodies, A's paper and attempt
			'POST /api/v1/papers/{id}/open': { json: { starts_at: '2026-12-04 09:30' } },
			'POST /api/v1/papers/{id}/attempts/{attempt_id}/extend': { json: { minutes: 5, reason: '越权' } },
			...Object.fromEntries([
				'GET /api/v1/webhooks/{id}', 'GET /api/v1/webhooks/{id}/deliveries', 'POST /api/v1/webhooks/{id}/remove',
				'POST /api/v1/webhooks/{id}/secret', 'POST /api/v1/webhooks/{id}/ping', 'POST /api/v1/webhooks/{id}/deliveries/{did}/replay',
			].map((k) => [k, { allowed: 404, why: 'another institution\'s subscription is not found' }])),
			'POST /api/v1/webhooks/{id}': { allowed: 404, why: 'another institution\'s subscription is not found', json: { description: '越权' } },
			'GET /admin/webhooks': {
				allowed: 200, why: 'lists only the subscriptions of the institutions the actor manages',
				check: (res) => assert.ok(!res.text.includes(`/admin/webhooks/${A.hook}"`), 'A\'s subscription is not listed'),
			},
			'POST /admin/webhooks': { form: { url: 'https://hooks.example.cn/x', institution_id: String(A.id) } },
			...Object.fromEntries(['GET /admin/webhooks/{id}', 'POST /admin/webhooks/{id}/remove', 'POST /admin/webhooks/{id}/deliveries/{did}/replay']
				.map((k) => [k, { allowed: 404, why: 'another institution\'s subscription is not found' }])),
			'GET /institutions/import': {
				allowed: 200, why: 'the empty upload form; the rows are checked against the scope when the file is sent',
			},
			'POST /institutions/import': {
				allowed: 422, why: 'an import is not about one object: each row is checked against the scope, and the file is refused',
			},
			// the statistics page (issue 16): statistics.read on B's subtree reads B's figures only
			'GET /statistics': {
				allowed: 200, why: 'the figures of the actor\'s own subtree',
				check: (res) => assert.ok(!res.text.includes(A.name) && !res.text.includes('/statistics/refresh'), 'nothing of A, no recount'),
			},
			'GET /statistics/export.xlsx': { allowed: 200, why: 'the table of the actor\'s own subtree' },
			'GET /statistics/rows': { allowed: 422, why: 'no measure named: refused before any row is read' },
			'POST /api/v1/plans': {
				json: { institution_id: A.id, standard_id: 1, level: 4, capacity: 5 },
			},
			// training (issue 15): the outsider holds training.manage on B only;
			// each body valid, so that only the course's institution refuses
			'GET /api/v1/training': {
				allowed: 200, why: 'lists only the courses of the actor\'s institutions',
				check: (res) => assert.ok(!res.json.items.some((x) => x.institution_id === A.id), 'no course of A'),
			},
			'POST /api/v1/training': { json: { institution_id: A.id, title: '越权课程', mode: 'online', hours: 1 } },
			'POST /api/v1/training/{id}/status': { json: { status: 'open' } },
			'POST /api/v1/training/{id}/lessons': { json: { title: '越权', kind: 'video', url: 'https://video.example/x', hours: 1 } },
			'POST /api/v1/training/{id}/sessions': { json: { starts_at: '2026-03-01T09:00', ends_at: '2026-03-01T10:00', hours: 1 } },
			'POST /api/v1/training/{id}/enrolments': { json: { person_id: A.compPerson } },
			'POST /api/v1/training-enrolments/{id}/attendance': { json: { session_id: 1, present: true } },
			'GET /training': {
				allowed: 200, why: 'lists only the courses of the actor\'s institutions',
				check: (res) => assert.ok(!res.text.includes(`href="/training/${A.course}"`), 'no course of A'),
			},
			'POST /training': { form: { institution_id: String(A.id), title: '越权课程', mode: 'online', hours: '1' } },
			'POST /training/{id}/act': { form: { action: 'open' } },
			'POST /training-enrolments/{id}/act': { form: { action: 'complete' } },
			// competitions: organised by A (the outsider holds
			// competition.manage and .enter on B only)
			'POST /api/v1/competitions': {
				json: { name: '越权竞赛', tier: 'national_class2', year: 2026, organiser_id: A.id, starts_on: '2026-10-10', ends_on: '2026-10-11', document_code: 'machinery-class2' },
			},
			'POST /competitions': {
				form: { name: '越权竞赛', tier: 'national_class2', year: '2026', organiser_id: String(A.id), starts_on: '2026-10-10', ends_on: '2026-10-11', document_code: 'machinery-class2' },
			},
			'POST /api/v1/competition-corrections/{id}/approve': {
				allowed: 404, why: 'no correction is built in the walk (it needs locked marks); found, it is checked against the organiser (e2e competition_marks)',
			},
			'POST /competition-corrections/{id}/decide': {
				allowed: 404, why: 'no correction is built in the walk (it needs locked marks); found, it is checked against the organiser (e2e competition_marks)',
			},
			'POST /api/v1/competition-corrections/{id}/refuse': {
				allowed: 404, why: 'no correction is built in the walk (it needs locked marks); found, it is checked against the organiser (e2e competition_marks)',
			},
			'POST /api/v1/competition-events/{id}/entries': { json: { institution_id: A.id, person_ids: [A.compPerson] } },
			// commendations: the outsider holds commendation.nominate on B only
			'POST /api/v1/commendations/{id}/nominations': { json: { category: 'advanced_collective', nominated_by: A.id, achievements: '越权' } },
			'POST /api/v1/commendation-nominations/{id}/attachments': { json: { filename: 'x.pdf', data: PDF_B64 } },
			'POST /api/v1/commendation-nominations/{id}/return': { json: { reason: '越权' } },
			'POST /commendations/{id}/nominations': { form: { category: 'advanced_collective', nominated_by: String(A.id), achievements: '越权' } },
			'POST /commendation-nominations/{id}/act': { form: { action: 'withdraw' } },
			// the time used (0029): a valid body, so only the organiser check refuses
			'POST /api/v1/competition-events/{id}/time': { json: { entry_id: A.compEntry, seconds: 60 } },
			'POST /competitions/{id}/entries': { form: { event_id: String(A.compEvent), institution_id: String(A.id), person_ids: String(A.compPerson) } },
			'POST /plans': {
				form: { institution_id: String(A.id), standard_id: String(A.standard), level: '4', capacity: '5' },
			},
			'GET /plans': {
				allowed: 200, why: 'lists only the plans the actor manages or approves',
				check: (res) => assert.ok(!res.text.includes(`href="/plans/${A.plan}"`), 'no plan of A'),
			},
			'GET /plans/new': {
				allowed: 200, why: 'the empty form, offering only the actor\'s institutions; the institution is checked when it is sent',
				check: (res) => assert.ok(!res.text.includes(A.name), 'A is not offered'),
			},
			'GET /api/v1/plans': {
				allowed: 200, why: 'lists only the plans the actor manages or approves',
				check: (res) => assert.ok(!res.json.items.some((x) => x.institution_id === A.id), 'no plan of A'),
			},
			// a person belongs to the institutions that registered, enrolled,
			// staffed or employ them: {id} here is no person of the
			// outsider's (404, as for one that does not exist); the ids of
			// real people of A are walked below ("ids of another institution")
			'POST /api/v1/people/{id}/{what}': {
				allowed: 422, why: 'an empty fact is refused before the person is looked for',
			},
			// the annual report (issue 16): statistics.read is the outsider's
			// on B: the report of B's subtree only (tests/e2e/stats_report)
			'GET /api/v1/statistics/report': { allowed: 422, why: 'the walk asks for no year: refused before anything is read' },
			'GET /statistics/report': { allowed: 200, why: 'the years refreshed and their download links: no figure' },
			'GET /api/v1/people': { allowed: 200, why: 'lists only the people of the actor\'s institutions' },
			'POST /api/v1/people': { allowed: 422, why: 'registers for the actor\'s own institution (an empty body is refused)' },
			'GET /api/v1/people/{id}': { allowed: 404, why: 'no person of the actor\'s institutions' },
			'GET /api/v1/people/{id}/photo': { allowed: 404, why: 'no person of the actor\'s institutions' },
			// the figures of a year (issue 14): a person's are read by their institutions' staff
			'GET /api/v1/people/{id}/figures': { allowed: 404, why: 'no person of the actor\'s institutions' },
			// the network's figures (issue 16): statistics.read is the
			// outsider's on B: it reads B's subtree, never A's
			'GET /api/v1/statistics': {
				allowed: 200, why: 'the figures of the actor\'s subtree only',
				check: (res) => assert.ok(!JSON.stringify(res.json).includes(`"key":"${A.id}"`), 'no figure of A'),
			},
			'GET /api/v1/statistics/years': { allowed: 200, why: 'the years refreshed: no figure' },
			'GET /api/v1/statistics/rows': { allowed: 422, why: 'no measure named (the rows are checked against the scope)' },
			'POST /api/v1/people/{id}/photo': { allowed: 422, why: 'an empty photo is refused before the person is looked for' },
			'POST /api/v1/people/lookup': { allowed: 422, why: 'an empty body is refused' },
			'POST /api/v1/people-import': {
				allowed: 422, why: 'each row is checked against the actor\'s institutions (an empty file is refused)',
			},
			'POST /api/v1/qualifications-import': {
				allowed: 422, why: 'each row is checked against the actor\'s institutions (an empty file is refused)',
			},
			// the people pages: the same app/ functions as the API above
			'GET /people': { allowed: 200, why: 'lists only the people of the actor\'s institutions' },
			'GET /people/new': { allowed: 200, why: 'the empty form; registers for the actor\'s own institution' },
			'POST /people': { allowed: 422, why: 'registers for the actor\'s own institution (an empty form is refused)' },
			'GET /people/import': { allowed: 200, why: 'the empty upload form; each row is checked when the file is sent' },
			'POST /people/import': { allowed: 422, why: 'each row is checked against the actor\'s institutions (no file is refused)' },
			'GET /people/{id}': { allowed: 404, why: 'no person of the actor\'s institutions' },
			'POST /people/{id}': {
				allowed: 404, why: 'no person of the actor\'s institutions',
				form: { name: '越权改名', education: '', employer: '', employer_credit_code: '', work_start: '', phone: '' },
			},
			'GET /people/{id}/photo': { allowed: 404, why: 'no person of the actor\'s institutions' },
			'POST /people/{id}/photo': { allowed: 404, why: 'no person of the actor\'s institutions (the refusal of an empty photo is shown on their page)' },
			'POST /people/{id}/qualifications': {
				allowed: 404, why: 'no person of the actor\'s institutions',
				form: { occupation_code: '6-18-01-01', grade: 'assessor', max_level: '3', valid_from: '2020-01-01', valid_to: '2030-12-31' },
			},
			'POST /api/v1/institutions-import': {
				allowed: 422, why: 'an import is not about one object: each row is checked against the scope, and the file is refused',
			},
			'POST /admin/users': {
				allowed: 200, why: 'a new user has no grants yet; granting it anything is checked against the scope',
				form: { username: `new${process.pid % 100000}`, display_name: '新用户' },
			},
			// certificates: lists are filtered to the actor's scope; the
			// {id} routes meet no certificate here (A has none: the scope
			// check on a real one is in certificates.test.mjs)
			'GET /api/v1/certificates': {
				allowed: 200, why: 'lists only the certificates the actor may read',
				check: (res) => assert.ok(!res.json.certificates.some((x) => x.institution_id === A.id), 'no certificate of A'),
			},
			'GET /certificates': { allowed: 200, why: 'lists only the certificates the actor may read' },
			'GET /api/v1/certificates/{id}': { allowed: 404, why: 'no certificate has this id' },
			'POST /requests/{id}/decide': { allowed: 404, why: 'no request has this id' },
			'GET /api/v1/certificates/{id}/certificate.pdf': { allowed: 404, why: 'no certificate has this id' },
			'GET /api/v1/certificates/{id}/credential': { allowed: 404, why: 'no certificate has this id' },
			'GET /api/v1/certificates/{id}/subsidy': { allowed: 404, why: 'no certificate has this id' },
			'GET /api/v1/subsidy/holders.xlsx': { allowed: 200, why: 'lists only the certificates the actor may read' },
			'GET /api/v1/subsidy/holders.csv': { allowed: 200, why: 'lists only the certificates the actor may read' },
			'GET /subsidy': { allowed: 200, why: 'lists only the certificates the actor may read' },
			'GET /subsidy/holders.xlsx': { allowed: 200, why: 'lists only the certificates the actor may read' },
			'GET /subsidy/holders.csv': { allowed: 200, why: 'lists only the certificates the actor may read' },
			'GET /certificates/{id}/subsidy.pdf': { allowed: 404, why: 'no certificate has this id' },
			'POST /api/v1/certificates/{id}/subsidy-claims': {
				allowed: 404, why: 'no certificate has this id', json: { claimed_on: '2024-01-10', amount: '1500' },
			},
			'POST /certificates/{id}/subsidy-claims': {
				allowed: 404, why: 'no certificate has this id', form: { claimed_on: '2024-01-10', amount: '1500' },
			},
			'POST /api/v1/certificates/{id}/subsidy-claims/{cid}/void': {
				allowed: 404, why: 'no certificate has this id', json: { reason: '误录' },
			},
			'POST /certificates/{id}/subsidy-claims/{cid}/void': {
				allowed: 404, why: 'no certificate has this id', form: { reason: '误录' },
			},
			// the confirmation given: the plan's scope is what refuses
			'POST /plans/{id}/tickets.pdf': { form: { confirm: '1' } },
			'POST /plans/{id}/enrolments/{eid}/ticket.pdf': { form: { confirm: '1' } },
			'POST /api/v1/certificates/{id}/status': {
				allowed: 404, why: 'no certificate has this id', json: { action: 'revoke', category: 'fraud', reason: '越权注销' },
			},
			'POST /api/v1/certificates/{id}/supersede': {
				allowed: 404, why: 'no certificate has this id', json: { reason: '越权换发' },
			},
			'GET /certificates/{id}': { allowed: 404, why: 'no certificate has this id' },
			'GET /certificates/{id}/certificate.pdf': { allowed: 404, why: 'no certificate has this id' },
			'POST /certificates/{id}/status': {
				allowed: 404, why: 'no certificate has this id', form: { action: 'revoke', category: 'fraud', reason: '越权注销', confirm: '1' },
			},
			'POST /certificates/{id}/supersede': {
				allowed: 404, why: 'no certificate has this id', form: { reason: '越权换发' },
			},
			// filing: batches hold the certificates of the actor's scope
			'GET /api/v1/filings': { allowed: 200, why: 'lists only the batches of the actor\'s certificates' },
			'GET /api/v1/filings/unfiled': { allowed: 200, why: 'reports only the actor\'s certificates' },
			'GET /filings': { allowed: 200, why: 'lists only the batches of the actor\'s certificates' },
			'POST /api/v1/filings': {
				allowed: 422, why: 'a batch takes the actor\'s own unfiled certificates: there are none', json: { province: '11' },
			},
			'POST /filings': {
				allowed: 422, why: 'a batch takes the actor\'s own unfiled certificates: there are none', form: { province: '11' },
			},
			...Object.fromEntries([
				'GET /api/v1/filings/{id}', 'GET /api/v1/filings/{id}/export.xlsx', 'GET /api/v1/filings/{id}/export.csv',
				'GET /api/v1/filings/{id}/manifest.json', 'GET /api/v1/filings/{id}/photos.zip', 'POST /api/v1/filings/{id}/submit',
				'GET /filings/{id}', 'POST /filings/{id}/submit', 'GET /filings/{id}/export.xlsx',
				'GET /filings/{id}/export.csv', 'GET /filings/{id}/manifest.json', 'GET /filings/{id}/photos.zip',
			].map((k) => [k, { allowed: 404, why: 'no batch has this id (the scope check on a real one is in filing.test.mjs)' }])),
			'POST /api/v1/filings/{id}/receipt': { allowed: 404, why: 'no batch has this id', json: { receipt_no: '越权回执' } },
			'POST /api/v1/filings/{id}/rejections': {
				allowed: 404, why: 'no batch has this id', json: { rejections: [{ number: 'S000011000123244000001', reason: '越权' }] },
			},
			'POST /filings/{id}/receipt': { allowed: 404, why: 'no batch has this id', form: { receipt_no: '越权回执' } },
			// apprenticeships (issue 15): the lists hold only the classes in
			// the manager's scope
			'GET /api/v1/apprenticeships': {
				allowed: 200, why: 'lists only the classes of the institutions the actor manages',
				check: (res) => assert.ok(!res.json.items.some((k) => k.id === A.appr), 'A\'s class is not listed'),
			},
			'GET /api/v1/apprenticeship-claims': {
				allowed: 200, why: 'the claim lists of the classes the actor manages only',
				check: (res) => assert.ok(!res.json.classes.some((c) => c.class_id === A.appr), 'A\'s class is not listed'),
			},
			'GET /apprenticeship-claims': {
				allowed: 200, why: 'the claim lists of the classes the actor manages only',
				check: (res) => assert.ok(!res.text.includes(`data-class="${A.appr}"`), 'A\'s class is not listed'),
			},
			'GET /apprenticeships': {
				allowed: 200, why: 'lists only the classes of the institutions the actor manages',
				check: (res) => assert.ok(!res.text.includes(`/apprenticeships/${A.appr}"`), 'A\'s class is not listed'),
			},
			'POST /filings/{id}/rejections': {
				allowed: 404, why: 'no batch has this id', form: { number: 'S000011000123244000001', reason: '越权' },
			},
		});
		// whose {name} the user-management routes are tried on
		const targets = () => [
			{ name: 'admin', role: 'center_admin', scope: '' },
			{ name: 'alice', role: 'institution_admin', scope: String(A.id) },
		];

		async function callAs(u, r, p, spec, target) {
			const form = typeof spec.form === 'function' ? spec.form(target) : spec.form;
			if (r.kind === 'api') {
				return http(base(), p, {
					method: r.method,
					headers: { Authorization: `Bearer ${u.token}` },
					...(r.method === 'POST' ? { json: spec.json || {} } : {}),
				});
			}
			return r.method === 'GET' ? u.sess.get(p) : u.sess.post(p, form || {});
		}

		async function walk(u, cases) {
			const wrong = [];
			for (const r of routes.filter((x) => x.perm && x.perm !== 'account')) {
				const spec = cases[key(r)] || {};
				for (const t of r.pattern.includes('{name}') ? targets() : [null]) {
					const p = fill(r.pattern, { id: A.id, name: t ? t.name : '', inspection: A.inspection, finding: A.finding, plan: A.plan, comp: A.comp, compEvent: A.compEvent, compEntry: A.compEntry, commend: A.commend, commendNom: A.commendNom, commendAtt: A.commendAtt, appr: A.appr, apprentice: A.apprentice, course: A.course, trainEnrol: A.trainEnrol, lesson: A.lesson, hook: A.hook, hookDelivery: A.hookDelivery, item: A.item, blueprint: A.blueprint, paper: A.paper, attempt: A.attempt });
					const res = await callAs(u, r, p, spec, t);
					const want = spec.allowed || 403;
					if (res.status !== want) {
						wrong.push(`${r.method} ${p} as ${u.name}: ${res.status}, want ${want} ${res.text.slice(0, 150).replace(/\s+/g, ' ')}`);
						continue;
					}
					if (want === 403 && r.kind === 'api') assert.equal(res.json?.error?.code, 'forbidden', `${r.method} ${p}: ${res.text}`);
					if (want === 403 && r.kind === 'page') assert.match(res.text, /您没有执行此操作的权限/, `${r.method} ${p}`);
					if (spec.check) spec.check(res);
				}
			}
			return wrong;
		}

		it('outsider (institution_admin of B): every route with a permission refuses A and users outside B (403)', async () => {
			const wrong = await walk(outsider, outsiderCases());
			assert.deepEqual(wrong, [], 'routes that let an out-of-scope user through');

			// and nothing changed
			const a = await http(base(), `/api/v1/institutions/${A.id}`);
			assert.equal(a.json.name, A.name, 'A keeps its name');
			const created = await http(base(), `/api/v1/institutions?q=${encodeURIComponent('越权')}`);
			assert.equal(created.json.total, 0, 'nothing was created under A');
			const users = JSON.parse((await h.server.cli(['user', 'list', '--json'])).stdout);
			const grants = (n) => users.find((x) => x.username === n).grants;
			assert.deepEqual(grants('admin'), [{ role: 'center_admin', institution_id: 0 }]);
			assert.deepEqual(grants('alice'), [{ role: 'institution_admin', institution_id: A.id }]);
			assert.deepEqual(grants('outsider'), [{ role: 'institution_admin', institution_id: B.id }]);
			// admin's initial password was not reset
			const s = await login(base(), 'admin', h.server.adminPassword);
			assert.equal(s.loginResponse.headers.get('location'), '/account/password');
		});

		it('viewer (whole network): every route with a permission other than its own account is refused (403)', async () => {
			// a viewer holds none of these permissions anywhere, but for
			// institution.read: on the whole network it may read (and so
			// export) the full registry
			const cases = Object.fromEntries(Object.entries(outsiderCases()).map(([k, v]) => [k, { json: v.json, form: v.form }]));
			for (const k of ['GET /institutions/export.xlsx', 'GET /institutions/export.csv'])
				cases[k] = { allowed: 200, why: 'institution.read on the whole network reads the whole registry' };
			// certificate.read on the whole network: every certificate may
			// be read (there are none here), nothing changed
			for (const k of ['GET /api/v1/certificates', 'GET /certificates', 'GET /api/v1/subsidy/holders.xlsx', 'GET /api/v1/subsidy/holders.csv',
				'GET /subsidy', 'GET /subsidy/holders.xlsx', 'GET /subsidy/holders.csv'])
				cases[k] = { allowed: 200, why: 'certificate.read on the whole network' };
			for (const k of ['GET /api/v1/certificates/{id}', 'GET /api/v1/certificates/{id}/certificate.pdf', 'GET /certificates/{id}/subsidy.pdf',
				'GET /api/v1/certificates/{id}/credential', 'GET /api/v1/certificates/{id}/subsidy',
				'GET /certificates/{id}', 'GET /certificates/{id}/certificate.pdf',
				'GET /api/v1/plans/{id}/certificates.pdf', 'GET /plans/{id}/certificates.pdf'])
				cases[k] = { allowed: 404, why: 'certificate.read on the whole network; no such certificate' };
			for (const k of ['GET /api/v1/institutions/{id}/seal', 'GET /institutions/{id}/seal.png'])
				cases[k] = { allowed: 404, why: 'certificate.read on the whole network; no seal uploaded' };
			// the figures of a year (issue 14): counts, read with institution.read
			for (const k of ['GET /api/v1/institutions/{id}/figures', 'GET /api/v1/people/{id}/figures'])
				cases[k] = { allowed: 422, why: 'institution.read on the whole network; the walk asks for no year' };
			cases['GET /institutions/{id}/figures'] = { allowed: 200, why: 'institution.read on the whole network (this year by default)' };
			// the network's figures (issue 16): statistics.read on the whole network
			for (const k of ['GET /api/v1/statistics', 'GET /api/v1/statistics/years', 'POST /api/v1/statistics/refresh'])
				cases[k] = { allowed: 200, why: 'statistics.read on the whole network: read and refresh the figures' };
			cases['GET /api/v1/statistics/rows'] = { allowed: 422, why: 'statistics.read on the whole network; the walk names no measure' };
			// the statistics page (issue 16): statistics.read on the whole network, the recount too
			for (const k of ['GET /statistics', 'GET /statistics/export.xlsx']) cases[k] = { allowed: 200, why: 'statistics.read on the whole network' };
			cases['GET /statistics/rows'] = { allowed: 422, why: 'no measure named' };
			cases['POST /statistics/refresh'] = { allowed: 303, why: 'statistics.read on the whole network may count again' };
			// the annual report (issue 16): statistics.read on the whole network
			cases['GET /api/v1/statistics/report'] = { allowed: 422, why: 'statistics.read on the whole network; the walk asks for no year' };
			cases['GET /statistics/report'] = { allowed: 200, why: 'statistics.read on the whole network: the years and their downloads' };
			const wrong = await walk(viewer, cases);
			assert.deepEqual(wrong, [], 'routes that let a viewer through');
		});

		it('holder account (issue 12): every route with a permission is refused (403), even with a staff grant left in the table', async () => {
			// a holder account is linked to a person; its grants are never
			// loaded, so a grant row (one put there behind the program's
			// back: app/ refuses to add one) gives it nothing
			const person = await http(base(), '/api/v1/people', {
				method: 'POST', headers: { Authorization: `Bearer ${h.token}` },
				json: { name: nextName(), id_number: nextIdNumber() },
			});
			assert.equal(person.status, 201, person.text);
			const holder = await makeUser(h.server, 'holder1', { role: 'center_admin', institution: 0 });
			await sql(h.server, `UPDATE app_user SET person_id = ${Number(person.json.id)} WHERE username = 'holder1'`);
			holder.sess = await login(base(), holder.name, holder.password);
			const me = await holder.sess.api('/api/v1/me');
			assert.deepEqual([me.json.grants, me.json.person_id], [[], person.json.id]);
			const cases = Object.fromEntries(Object.entries(outsiderCases()).map(([k, v]) => [k, { json: v.json, form: v.form }]));
			const wrong = await walk(holder, cases);
			assert.deepEqual(wrong, [], 'routes that let a holder through');
		});

		it('the same requests succeed for a center_admin: the 403s above are the scope check, not a bad request', async () => {
			const api = (p, o) => http(base(), p, { ...o, headers: { Authorization: `Bearer ${h.token}` } });
			const c = await api('/api/v1/institutions', { method: 'POST', json: { name: uniqueName('A下级'), type: 'exam_site', province: '11', parent_id: A.id } });
			assert.equal(c.status, 201, c.text);
			const rn = await api(`/api/v1/institutions/${A.id}/rename`, { method: 'POST', json: { name: uniqueName('甲机构新') } });
			assert.equal(rn.status, 200, rn.text);
			const sess = await login(base(), h.user.name, h.user.password);
			const pc = await sess.post('/institutions', { name: uniqueName('A下级页'), type: 'exam_site', province: '11', parent_id: String(A.id) });
			assert.equal(pc.status, 303, pc.text.slice(0, 300));
			const pr = await sess.post(`/institutions/${A.id}/rename`, { name: uniqueName('甲机构页'), reason: '' });
			assert.equal(pr.status, 303);
			const g = await sess.post('/admin/users/alice/grants', { role: 'viewer', institution_id: String(A.id) });
			assert.equal(g.status, 303, g.text.slice(0, 300));
			const rv = await sess.post('/admin/users/alice/grants/revoke', { role: 'viewer', institution_id: String(A.id) });
			assert.equal(rv.status, 303);
			for (const p of ['/admin/users/admin', '/audit', '/audit.csv', '/admin/users']) assert.equal((await sess.get(p)).status, 200, p);
			assert.equal((await api('/api/v1/audit')).status, 200);
		});

		it('the outsider may act inside B: create under B, rename B, manage its own users', async () => {
			const api = (p, o) => http(base(), p, { ...o, headers: { Authorization: `Bearer ${outsider.token}` } });
			const c = await api('/api/v1/institutions', { method: 'POST', json: { name: uniqueName('乙下级'), type: 'exam_site', province: '12', parent_id: B.id } });
			assert.equal(c.status, 201, c.text);
			// the subtree: a child of B is in scope too
			const rn = await api(`/api/v1/institutions/${c.json.id}/rename`, { method: 'POST', json: { name: uniqueName('乙下级新') } });
			assert.equal(rn.status, 200, rn.text);
			const top = await api('/api/v1/institutions', { method: 'POST', json: { name: uniqueName('顶级'), type: 'center', province: '12' } });
			assert.equal(top.status, 403, 'a top-level institution is the whole network: out of scope');
			const g = await outsider.sess.post(`/admin/users/new${process.pid % 100000}/grants`, { role: 'viewer', institution_id: String(c.json.id) });
			assert.equal(g.status, 303, g.text.slice(0, 300));
			const widen = await outsider.sess.post('/admin/users/outsider/grants', { role: 'center_admin', institution_id: '' });
			assert.equal(widen.status, 403, 'no grant on the whole network for oneself');
		});

		it('a user cannot revoke somebody else\'s token', async () => {
			const list = (await h.server.cli(['user', 'token', 'admin', '--list'])).stdout.trim().split('\n');
			const id = list[list.length - 1].split('\t')[0];
			const r = await outsider.sess.post(`/account/tokens/${id}/revoke`, {});
			assert.equal(r.status, 404, r.text.slice(0, 200));
			assert.match((await h.server.cli(['user', 'token', 'admin', '--list'])).stdout, new RegExp(`^${id}\\t.*\\tactive$`, 'm'));
			// the token still authenticates (admin must change the password first)
			const me = await http(base(), '/api/v1/me', { headers: { Authorization: `Bearer ${adminToken}` } });
			assert.equal(me.status, 200);
			assert.equal(me.json.username, 'admin');
		});
	});
}

/* ---------- ids of another institution ---------- */

/* Which object a path parameter names, from the route's pattern: a key of
 * the objects each institution has (see the before() below), or null for
 * what belongs to no institution (the registry's batches and objections,
 * decided by the network). A parameter not listed here makes the route
 * "not covered". */
function paramObject(pattern, param) {
	const rules = [
		[/^\/(api\/v1\/)?institutions\/\{id\}/, 'id', 'inst'],
		[/^\/api\/v1\/institutions\/\{id\}\/scope\/\{sid\}/, 'sid', 'scope'],
		[/^\/api\/v1\/inspections\/\{id\}/, 'id', 'inspection'],
		[/^\/api\/v1\/findings\/\{id\}/, 'id', 'finding'],
		[/^\/api\/v1\/registrations\/\{id\}/, 'id', 'registration'],
		[/^\/(api\/v1\/|registry\/)batches\/\{id\}/, 'id', null],
		[/^\/api\/v1\/objections\/\{id\}/, 'id', null],
		[/^\/(api\/v1\/)?people\/\{id\}/, 'id', 'person'],
		[/^\/api\/v1\/people\/\{id\}\/\{what\}/, 'what', 'what'],
		[/^\/(api\/v1\/)?plans\/\{id\}\/certificates/, 'id', 'closed'],
		[/^\/(api\/v1\/)?plans\/\{id\}\/appeals/, 'id', 'notice'],
		[/^\/(api\/v1\/)?plans\/\{id\}/, 'id', 'draft'],
		[/^\/api\/v1\/plans\/\{id\}\/staff\/\{sid\}/, 'sid', 'staff'],
		[/^\/(api\/v1\/)?plans\/\{id\}\/enrolments\/\{eid\}/, 'eid', 'enrolment'],
		// a holder's own tickets (issue 12): another's enrolment is not there
		[/^\/(api\/v1\/)?me\/tickets\/\{id\}/, 'id', 'enrolment'],
		[/^\/api\/v1\/plans\/\{id\}\/appeals\/\{aid\}/, 'aid', 'appeal'],
		[/^\/api\/v1\/corrections\/\{id\}/, 'id', 'correction'],
		[/^\/(api\/v1\/)?certificates\/\{id\}/, 'id', 'cert'],
		// a holder's own (issue 12): another's certificate is not there
		[/^\/(api\/v1\/)?me\/certificates\/\{id\}/, 'id', 'cert'],
		// a holder's application (issue 12): another holder's is not theirs,
		// and the station's review is the plan's institution's
		[/^\/(api\/v1\/)?me\/applications\/\{id\}/, 'id', 'application'],
		[/^\/(api\/v1\/)?plans\/\{id\}\/applications\/\{aid\}/, 'aid', 'application'],
		[/^\/(api\/v1\/)?plans\/\{id\}\/applications\/\{aid\}\/documents\/\{did\}/, 'did', 'document'],
		[/^\/(api\/v1\/)?filings\/\{id\}/, 'id', 'filing'],
		// a holder's request (issue 12): none is built; B's user is refused by the
		// institution of the request's certificate, or finds none
		[/^\/requests\/\{id\}/, 'id', null],
		// competitions (issue 13): each institution organises one
		[/^\/(api\/v1\/)?competitions\/\{id\}/, 'id', 'comp'],
		[/^\/(api\/v1\/)?competition-events\/\{id\}/, 'id', 'compEvent'],
		[/^\/api\/v1\/competition-entries\/\{id\}/, 'id', 'compEntry'],
		// commendations (issue 14): the campaign is the network's, none is
		// built per institution here; e2e/commendations walks another
		// institution's admin on a nomination and its attachments (403)
		[/^\/(api\/v1\/)?commendations\/\{id\}/, 'id', null],
		[/^\/(api\/v1\/)?commendation-nominations\/\{id\}/, 'id', null],
		[/^\/api\/v1\/commendation-attachments\/\{id\}/, 'id', null],
		// marking (issue 13): no correction nor appeal is built here (they
		// need locked marks, a notice): e2e/competition_marks covers them
		[/^\/(api\/v1\/)?competition-corrections\/\{id\}/, 'id', null],
		// commendations (issue 14): a campaign is the whole network's (the
		// center's commendation.manage): an institution's staff are refused
		[/^\/(api\/v1\/)?commendations\/\{id\}/, 'id', null],
		[/^\/(api\/v1\/)?competitions\/\{id\}\/appeals\/\{aid\}/, 'aid', null],
		// a subsidy claim (issue 12): none is built; B's user is refused by the
		// certificate's institution
		[/^\/(api\/v1\/)?certificates\/\{id\}\/subsidy-claims\/\{cid\}/, 'cid', null],
		// commendations (issue 14): a campaign is the network's, not an
		// institution's; its reviewers and objections are the campaign's
		[/^\/(api\/v1\/)?commendations\/\{id\}/, 'id', null],
		[/^\/(api\/v1\/)?commendations\/\{id\}\/reviewers\/\{rid\}/, 'rid', null],
		[/^\/(api\/v1\/)?commendations\/\{id\}\/objections\/\{oid\}/, 'oid', null],
		// apprenticeships (issue 15): each station runs a class with an
		// apprentice (its holder)
		[/^\/(api\/v1\/)?apprenticeships\/\{id\}/, 'id', 'appr'],
		[/^\/(api\/v1\/)?apprentices\/\{id\}/, 'id', 'apprentice'],
		// training (issue 15): a course (a draft: no holder may join it), its
		// document lesson, an enrolment in another open course of the institution
		[/^\/(api\/v1\/)?training\/\{id\}/, 'id', 'course'],
		[/^\/(api\/v1\/)?training-enrolments\/\{id\}/, 'id', 'trainEnrol'],
		[/^\/api\/v1\/training-lessons\/\{id\}/, 'id', 'lesson'],
		[/^\/(api\/v1\/)?me\/training\/\{id\}/, 'id', 'course'],
		[/^\/(api\/v1\/)?me\/training-lessons\/\{id\}/, 'id', 'lesson'],
		// supervision flags (issue 16): none is built here (a scan raises them
		// from a year's data); e2e/supervision walks a supervisor of another
		// branch on a flag (403) and an institution's admin (403)
		[/^\/(api\/v1\/)?supervision\/flags\/\{id\}/, 'id', null],
		// webhooks (issue 18): each institution subscribes, with a delivery
		[/^\/(api\/v1|admin)\/webhooks\/\{id\}/, 'id', 'hook'],
		// the item bank (issue 19): a draft item of each institution's bank
		[/^\/(api\/v1\/)?items\/\{id\}/, 'id', 'item'],
		// blueprints and papers (issue 19): a blueprint of each station's
		// bank, a paper of its draft plan
		[/^\/api\/v1\/blueprints\/\{id\}/, 'id', 'blueprint'],
		[/^\/api\/v1\/papers\/\{id\}/, 'id', 'paper'],
		// the online exam (issue 19): an attempt at each station's paper;
		// the plan's exam page finds none of another plan under its own
		[/^\/api\/v1\/attempts\/\{id\}/, 'id', 'attempt'],
		[/^\/api\/v1\/papers\/\{id\}\/attempts\/\{attempt_id\}/, 'attempt_id', 'attempt'],
		[/^\/plans\/\{id\}\/exam\/attempts\/\{aid\}/, 'aid', 'attempt'],
		[/^\/(api\/v1|admin)\/webhooks\/\{id\}\/deliveries\/\{did\}/, 'did', 'hookDelivery'],
		[/^\/account\/tokens\/\{id\}/, 'id', 'token'],
		[/^\/admin\/users\/\{name\}/, 'name', 'user'],
	];
	// the most specific rule (the longest pattern) that names the parameter
	let found;
	for (const [re, p, obj] of rules)
		if (p === param && re.test(pattern) && (!found || re.source.length > found[0].source.length)) found = [re, obj];
	return found ? { object: found[1] } : undefined;
}
const params = (pattern) => [...pattern.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);

/* The facts a person's {what} takes, each valid (only the scope may refuse). */
const FACTS = {
	certificates: { occupation_code: '6-18-01-01', level: 5, issued_on: '2015-06-01' },
	diplomas: { type: 'secondary_vocational', graduated_on: '2012-07-01' },
	titles: { level: 'junior', granted_on: '2016-01-01' },
	qualifications: { occupation_code: '6-18-01-01', grade: 'assessor', max_level: 3, valid_from: '2020-01-01', valid_to: '2030-12-31' },
	relationships: (X) => ({ person_id: X.person2, kind: 'trainer' }),
};

/* A request each route would accept from the owner: the body (API) or form
 * (page) built from an institution's ids (X), so that only the ids can be
 * refused. url: the institution whose objects the path names; ids: whose
 * ids go into the body. */
function bodyFor(r, what, X) {
	const k = `${r.method} ${r.pattern}`;
	const api = {
		'POST /api/v1/institutions/{id}/rename': { name: uniqueName('越权更名') },
		'POST /api/v1/institutions/{id}': { name: uniqueName('越权改'), type: 'exam_station', province: '44' },
		'POST /api/v1/institutions/{id}/apply': {},
		'POST /api/v1/plans/{id}/act': { action: 'submit' },
		'POST /api/v1/plans/{id}/rooms': { name: '越权考场', capacity: 5 },
		'POST /api/v1/plans/{id}/papers': { blueprint_id: X.blueprint },
		'POST /api/v1/papers/{id}/open': { starts_at: '2026-12-04 09:30' },
		'POST /api/v1/papers/{id}/attempts/{attempt_id}/extend': { minutes: 5, reason: '越权' },
		'POST /api/v1/plans/{id}/application-offer': { audience: 'public', opens_on: '2020-01-01', closes_on: '2020-01-02', fee: '越权' },
		// enterprise self-evaluation (issue 15)
		'POST /api/v1/plans/{id}/candidate-pool': { candidate_pool: 'public' },
		'POST /api/v1/institutions/{id}/hr-filing': { hr_filing: '' },
		'POST /api/v1/institutions/{id}/post-specs': { builtin: 'cnc-turner-post' },
		'POST /api/v1/plans/{id}/post-spec': { post_spec_id: null },
		'POST /api/v1/plans/{id}/staff': { person_id: X.person, role: 'proctor', room_id: X.room },
		'POST /api/v1/plans/{id}/enrolments': { person_id: X.person2, room_id: X.room },
		'POST /api/v1/plans/{id}/scores': { enrolment_id: X.enrolment, component: 'theory', score: '99' },
		'POST /api/v1/plans/{id}/scores/submit': { enrolment_id: X.enrolment, component: 'theory' },
		'POST /api/v1/plans/{id}/corrections': { enrolment_id: X.closedEnrolment, component: 'practical', assessor_id: X.assessor, score: '99', reason: '越权' },
		'POST /api/v1/plans/{id}/appeals/{aid}/resolve': { resolution: '越权' },
		'POST /api/v1/plans/{id}/visits': { name: '越权督导', visited_on: '2025-01-01' },
		'POST /api/v1/corrections/{id}/decide': { approve: true, note: '越权' },
		'POST /api/v1/certificates/{id}/status': { action: 'revoke', category: 'fraud', reason: '越权注销' },
		'POST /api/v1/certificates/{id}/supersede': { reason: '越权换发', name: '越权' },
		'POST /api/v1/certificates/{id}/subsidy-claims': { claimed_on: '2024-01-10', amount: '1500' },
		'POST /api/v1/filings/{id}/receipt': { receipt_no: '越权回执', date: '2026-01-01' },
		'POST /api/v1/filings/{id}/rejections': { rejections: [{ number: X.certNumber, reason: '越权' }] },
		'POST /api/v1/people/{id}/{what}': typeof FACTS[what] === 'function' ? FACTS[what](X) : FACTS[what],
	};
	const page = {
		'POST /plans/{id}/staff': { id_type: 'resident_id', id_number: X.personNumber, role: 'proctor', room_id: String(X.room) },
		'POST /plans/{id}/staff/remove': { staff_id: String(X.staff), confirm: '1' },
		'POST /plans/{id}/application': { audience: 'public', opens_on: '2020-01-01', closes_on: '2020-01-02', fee: '越权' },
		'POST /plans/{id}/candidate-pool': { candidate_pool: 'public' },
		'POST /plans/{id}/post-spec': { post_spec_id: '0' },
		'POST /institutions/{id}/hr-filing': { hr_filing: '' },
		'POST /plans/{id}/enrolments': { id_type: 'resident_id', id_number: X.person2Number, room_id: String(X.room) },
		'POST /plans/{id}/enrolments/withdraw': { enrolment_id: String(X.enrolment) },
		'POST /plans/{id}/appeals/resolve': { appeal_id: String(X.appeal), resolution: '越权' },
		'POST /plans/{id}/rooms': { name: '越权考场', capacity: '5' },
		// the plan's exam page (issue 19): a paper of the plan in the body
		'POST /plans/{id}/exam/assemble': { blueprint_id: String(X.blueprint) },
		'POST /plans/{id}/exam/seal': { paper_id: String(X.paper) },
		'POST /plans/{id}/exam/open': { paper_id: String(X.paper), starts_at: '2030-01-01T09:00' },
		'POST /plans/{id}/exam/close': { paper_id: String(X.paper) },
		'POST /plans/{id}/exam/extend': { paper_id: String(X.paper), attempt_id: String(X.attempt), minutes: '5', reason: '越权' },
		'POST /plans/{id}/act': { action: 'submit' },
		'POST /certificates/{id}/status': { action: 'revoke', category: 'fraud', reason: '越权注销', confirm: '1' },
		'POST /certificates/{id}/supersede': { reason: '越权换发', name: '越权' },
		'POST /certificates/{id}/subsidy-claims': { claimed_on: '2024-01-10', amount: '1500' },
		'POST /plans/{id}/tickets.pdf': { confirm: '1' },
		'POST /plans/{id}/enrolments/{eid}/ticket.pdf': { confirm: '1' },
		'POST /filings/{id}/receipt': { receipt_no: '越权回执', date: '2026-01-01' },
		'POST /filings/{id}/rejections': { number: X.certNumber, reason: '越权' },
		'POST /institutions/{id}/rename': { name: uniqueName('越权更名'), reason: '' },
		'POST /institutions/{id}/findings/close': { finding_id: String(X.finding), note: '越权' },
		'POST /institutions/{id}/findings': { inspection_id: String(X.inspection), description: '越权', deadline: '2027-01-01' },
		'POST /institutions/{id}/scope/remove': { scope_id: String(X.scope), doc_no: '机职鉴字[2026]99号' },
		'POST /account/tokens/{id}/revoke': {},
		'POST /people/{id}': { name: '越权改名', education: '', employer: '越权厂', employer_credit_code: '', work_start: '', phone: '' },
		'POST /people/{id}/qualifications': { ...FACTS.qualifications, max_level: '3' },
	};
	return r.kind === 'api' ? (api[k] ?? {}) : (page[k] ?? {});
}

/* Routes that, with an id in the body, name ids of their own institution
 * only through the body: tried with B's path and A's ids in the body. The
 * "by document" ones (staff, enrolments by ID number) are the deliberate
 * way to link a person of another institution: there only the room (A's)
 * must be refused. */
const BODY_IDS = [
	'POST /api/v1/plans/{id}/staff', 'POST /api/v1/plans/{id}/enrolments', 'POST /api/v1/plans/{id}/scores',
	'POST /api/v1/plans/{id}/scores/submit', 'POST /api/v1/plans/{id}/corrections', 'POST /api/v1/filings/{id}/rejections',
	'POST /api/v1/people/{id}/{what}', 'POST /api/v1/plans/{id}/papers',
	'POST /plans/{id}/staff', 'POST /plans/{id}/staff/remove', 'POST /plans/{id}/enrolments',
	'POST /plans/{id}/enrolments/withdraw', 'POST /plans/{id}/appeals/resolve', 'POST /filings/{id}/rejections',
	'POST /institutions/{id}/findings/close', 'POST /institutions/{id}/findings', 'POST /institutions/{id}/scope/remove',
	'POST /plans/{id}/exam/assemble', 'POST /plans/{id}/exam/seal', 'POST /plans/{id}/exam/open', 'POST /plans/{id}/exam/close',
	'POST /plans/{id}/exam/extend',
];

for (const engine of engines()) {
	describeWithServer(`route walk: ids of another institution [${engine}]`, { engine, tag: 'authzid', user: true }, (h) => {
		const base = () => h.server.base;
		const A = {};
		const B = {};
		let bUser; // institution_admin of station B
		const ok = async (p, want, what) => {
			const r = await p;
			assert.equal(r.status, want, `${what}: ${r.text.slice(0, 300)}`);
			return r;
		};

		/* What each institution has: every kind of object a path names. */
		async function build(X, admin) {
			const st = await makeStation(h.server, h.api, { assessors: 3 });
			X.inst = st.id;
			X.assessor = st.assessors[0];
			admin.user = await makeUser(h.server, `admin${X.tag.toLowerCase()}`, { role: 'institution_admin', institution: st.id });
			const as = (t) => (path, o = {}) => http(base(), path, { ...o, headers: { Authorization: `Bearer ${t}`, ...(o.headers || {}) } });
			const own = as(admin.user.token);
			// a closed plan with a certificate, in a filing batch of its own
			const closed = await closedPlan(h.server, h.api, st, { pass: 1 });
			X.closed = closed.plan;
			X.closedEnrolment = closed.candidates[0].enrolment_id;
			await ok(h.api(`/api/v1/plans/${X.closed}/certificates`, { method: 'POST' }), 200, 'issue');
			const certs = (await h.api(`/api/v1/certificates?plan=${X.closed}`)).json.certificates;
			X.cert = certs[0].id;
			X.certNumber = certs[0].number;
			X.filing = (await ok(own('/api/v1/filings', { method: 'POST', json: { province: '44' } }), 201, 'filing')).json.id;
			// submitted: what the authority answers (receipt, rejections) may come
			await ok(own(`/api/v1/filings/${X.filing}/submit`, { method: 'POST', json: {} }), 200, 'submit');
			// a plan under notice with an open appeal
			const notice = await closedPlan(h.server, h.api, st, { pass: 1, close: false });
			X.notice = notice.plan;
			X.appeal = (await ok(http(base(), `/api/v1/results/${X.notice}/appeals`, {
				method: 'POST', json: { name: '申诉人', contact: '13800000000', body: '对成绩有疑问，请复核' },
			}), 201, 'appeal')).json.id;
			// a draft plan with a room, a proctor and an enrolment; a
			// second person, not enrolled yet; both registered for X
			X.draft = (await ok(own('/api/v1/plans', { method: 'POST', json: { institution_id: st.id, standard_id: st.standard, level: 4, capacity: 10 } }), 201, 'plan')).json.id;
			X.room = (await ok(own(`/api/v1/plans/${X.draft}/rooms`, { method: 'POST', json: { name: '第一考场', capacity: 10 } }), 201, 'room')).json.id;
			X.personNumber = nextIdNumber();
			X.person = (await ok(own('/api/v1/people', { method: 'POST', json: { name: nextName(), id_number: X.personNumber, employer: `${X.tag}厂`, work_start: '2010-01-01' } }), 201, 'person')).json.id;
			X.person2Number = nextIdNumber();
			X.person2 = (await ok(own('/api/v1/people', { method: 'POST', json: { name: nextName(), id_number: X.person2Number, employer: `${X.tag}厂`, work_start: '2010-01-01' } }), 201, 'person')).json.id;
			X.staff = (await ok(own(`/api/v1/plans/${X.draft}/staff`, { method: 'POST', json: { person_id: st.proctors[0], role: 'proctor', room_id: X.room } }), 201, 'staff')).json.id;
			X.enrolment = (await ok(own(`/api/v1/plans/${X.draft}/enrolments`, { method: 'POST', json: { person_id: X.person, room_id: X.room } }), 201, 'enrolment')).json.id;
			// the registry's: an inspection with a finding, a scope entry
			X.inspection = (await ok(h.api(`/api/v1/institutions/${st.id}/inspections`, { method: 'POST', json: { year: 2025, inspected_on: '2025-06-01', outcome: 'rectify', notes: '' } }), 201, 'inspection')).json.id;
			await ok(h.api(`/api/v1/inspections/${X.inspection}/findings`, { method: 'POST', json: { description: '档案不全', deadline: '2027-01-31' } }), 200, 'finding');
			const show = (await h.server.cli(['institution', 'show', String(st.id)])).stdout;
			X.finding = Number((show.match(/^finding: (\d+)/m) || [])[1]);
			X.scope = (await h.api(`/api/v1/institutions/${st.id}/scope`)).json.items[0].id;
			X.registration = Number((await h.api(`/api/v1/batches`)).json.items[0].id);
			X.correction = 999999; // no plan is in progress: an id nobody has
			X.token = (await h.server.cli(['user', 'token', admin.user.name, '--list'])).stdout.trim().split('\n').pop().split('\t')[0];
			X.user = admin.user.name;
			// a holder (the closed plan's candidate, by their certificate)
			// with an application to an approved plan open to the public,
			// and a document of it (issue 12)
			const who = closed.candidates[0];
			X.holder = { name: `holder${X.tag.toLowerCase()}`, password: newPassword() };
			await ok(http(base(), '/api/v1/holder/claim', {
				method: 'POST', json: { number: X.certNumber, token: certs[0].qr_token, name: who.name, id_number: who.id_number, username: X.holder.name, password: X.holder.password },
			}), 201, 'claim');
			X.holder.sess = await login(base(), X.holder.name, X.holder.password);
			X.applyPlan = (await ok(h.api('/api/v1/plans', { method: 'POST', json: { institution_id: st.id, standard_id: st.standard, level: 4, capacity: 10 } }), 201, 'plan')).json.id;
			const aroom = (await ok(h.api(`/api/v1/plans/${X.applyPlan}/rooms`, { method: 'POST', json: { name: '第一考场', capacity: 10 } }), 201, 'room')).json.id;
			for (const a of st.assessors) await ok(h.api(`/api/v1/plans/${X.applyPlan}/staff`, { method: 'POST', json: { person_id: a, role: 'assessor' } }), 201, 'assessor');
			for (const pr of st.proctors) await ok(h.api(`/api/v1/plans/${X.applyPlan}/staff`, { method: 'POST', json: { person_id: pr, role: 'proctor', room_id: aroom } }), 201, 'proctor');
			for (const action of ['submit', 'approve']) await ok(h.api(`/api/v1/plans/${X.applyPlan}/act`, { method: 'POST', json: { action } }), 200, action);
			const day = (d) => new Date(Date.now() + d * 86400e3).toISOString().slice(0, 10);
			await ok(h.api(`/api/v1/plans/${X.applyPlan}/application-offer`, { method: 'POST', json: { audience: 'public', opens_on: day(-1), closes_on: day(5), fee: '' } }), 200, 'offer');
			X.application = (await ok(X.holder.sess.api('/api/v1/me/applications', {
				method: 'POST', json: { plan_id: X.applyPlan, route_id: '4-2', documents: [{ name: 'a.pdf', data: Buffer.from('%PDF-1.4 x').toString('base64') }] },
			}), 201, 'application')).json.id;
			X.document = (await h.api(`/api/v1/plans/${X.applyPlan}/applications`)).json.applications[0].documents[0].id;
			// a competition X organises, open, with an event and X's entry
			X.comp = (await ok(own('/api/v1/competitions', { method: 'POST', json: { name: `${X.tag}竞赛`, tier: 'national_class2', year: 2026, organiser_id: st.id, starts_on: '2026-10-10', ends_on: '2026-10-11', document_code: 'machinery-class2' } }), 201, 'competition')).json.id;
			X.compEvent = (await ok(own(`/api/v1/competitions/${X.comp}/events`, { method: 'POST', json: { occupation_code: '6-18-01-01', group: 'employee' } }), 201, 'event')).json.id;
			await ok(own(`/api/v1/competitions/${X.comp}/act`, { method: 'POST', json: { action: 'open' } }), 200, 'open');
			X.compEntry = (await ok(own(`/api/v1/competition-events/${X.compEvent}/entries`, { method: 'POST', json: { institution_id: st.id, person_ids: [X.person2] } }), 201, 'entry')).json.id;
			// X's holder judges X's event (issue 13: a judge's own page)
			X.compJudge = (await ok(own(`/api/v1/competition-events/${X.compEvent}/judges`, { method: 'POST', json: { person_id: who.person_id, role: 'judge' } }), 201, 'judge')).json.id;
			// an apprenticeship class of X's with X's holder as its apprentice (issue 15)
			X.appr = (await ok(own('/api/v1/apprenticeships', { method: 'POST', json: { institution_id: st.id, enterprise_name: `${X.tag}厂`, school_name: `${X.tag}技工学校`, school_kind: 'technical_school', occupation_code: '6-18-01-01', target_level: 4, starts_on: '2024-09-01', rules_code: 'wuhan' } }), 201, 'apprenticeship')).json.id;
			await ok(own(`/api/v1/apprenticeships/${X.appr}/courses`, { method: 'POST', json: { name: '车削实训', side: 'enterprise', hours: 100, credits: 4 } }), 201, 'course');
			X.apprentice = (await ok(own(`/api/v1/apprenticeships/${X.appr}/apprentices`, { method: 'POST', json: { person_id: who.person_id, contract_start: '2024-08-20', contract_end: '2027-08-19', hire_kind: 'new', enterprise_mentor: '王师傅', school_mentor: '李老师' } }), 201, 'apprentice')).json.id;
			// training (issue 15): a draft course with a document lesson; X's
			// holder enrolled in another, open, course of X
			X.course = (await ok(own('/api/v1/training', { method: 'POST', json: { institution_id: st.id, title: `${X.tag}培训`, mode: 'online', hours: 2 } }), 201, 'course')).json.id;
			X.lesson = (await ok(own(`/api/v1/training/${X.course}/lessons`, { method: 'POST', json: { title: '课件', kind: 'document', filename: 'a.pdf', data: PDF_B64, hours: 1 } }), 201, 'lesson')).json.id;
			const openCourse = (await ok(own('/api/v1/training', { method: 'POST', json: { institution_id: st.id, title: `${X.tag}开放培训`, mode: 'online', hours: 2 } }), 201, 'course')).json.id;
			await ok(own(`/api/v1/training/${openCourse}/lessons`, { method: 'POST', json: { title: '视频', kind: 'video', url: 'https://video.example/v', hours: 2 } }), 201, 'lesson');
			await ok(own(`/api/v1/training/${openCourse}/status`, { method: 'POST', json: { status: 'open' } }), 200, 'open');
			X.trainEnrol = (await ok(X.holder.sess.api(`/api/v1/me/training/${openCourse}/enrol`, { method: 'POST' }), 201, 'self-enrol')).json.id;
			// a webhook subscription of X's (issue 18), paused, with a delivery
			X.hook = (await ok(own('/api/v1/webhooks', { method: 'POST', json: { institution_id: st.id, url: `https://hooks.example.cn/${X.tag}`, active: false } }), 201, 'webhook')).json.id;
			X.hookDelivery = await hookDeliveryOf(h.server, X.hook);
			// a draft item of X's bank (issue 19)
			X.item = (await ok(own('/api/v1/items', { method: 'POST', json: { ...ITEM, ref: `WALK-${X.tag}`, institution_id: st.id } }), 201, 'item')).json.id;
			// a blueprint of X's bank and a paper of X's draft plan (issue 19)
			X.blueprint = (await ok(own('/api/v1/blueprints', { method: 'POST', json: { institution_id: st.id, doc: BLUEPRINT } }), 201, 'blueprint')).json.id;
			await sql(h.server, approvedItemSql(st.id, `WALK-OK-${X.tag}`));
			X.paper = (await ok(own(`/api/v1/plans/${X.draft}/papers`, { method: 'POST', json: { blueprint_id: X.blueprint } }), 201, 'paper')).json.id;
			// the online exam (issue 19): the paper sealed and opened, X's
			// enrolled person signed in: an attempt of X's
			await ok(own(`/api/v1/papers/${X.paper}/seal`, { method: 'POST', json: {} }), 200, 'seal');
			const codes = (await ok(own(`/api/v1/plans/${X.draft}/claim-codes`, { method: 'POST' }), 200, 'claim codes')).json.codes;
			await ok(own(`/api/v1/papers/${X.paper}/open`, { method: 'POST', json: { starts_at: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z') } }), 200, 'open');
			X.attempt = (await ok(http(base(), '/api/v1/exam/sign-in', { method: 'POST', json: { code: codes.find((x) => x.enrolment_id === X.enrolment).code } }), 200, 'sign-in')).json.attempt_id;
		}

		const adminA = {};
		const adminB = {};
		before(async () => {
			A.tag = 'A';
			B.tag = 'B';
			await build(A, adminA);
			await build(B, adminB);
			bUser = adminB.user;
			bUser.sess = await login(base(), bUser.name, bUser.password);
			assert.ok(A.finding > 0 && B.finding > 0);
		});

		/* The path of route r with the objects of U (the URL's
		 * institution) and, for a second parameter, of S; undefined (and
		 * the parameter into missing) when the table does not know one. */
		function pathFor(r, U, S, what, missing) {
			let p = r.pattern;
			for (const [i, param] of params(r.pattern).entries()) {
				const m = paramObject(r.pattern, param);
				if (!m) {
					missing.push(`${r.method} ${r.pattern}: {${param}}`);
					return undefined;
				}
				const X = i === 0 ? U : S;
				const v = m.object === 'what' ? what : m.object === null ? 1 : X[m.object];
				if (v === undefined) {
					missing.push(`${r.method} ${r.pattern}: {${param}} → ${m.object} (no such object built)`);
					return undefined;
				}
				p = p.replace(`{${param}}`, m.object === 'user' ? encodeURIComponent(v) : String(v));
			}
			return p;
		}

		// a real photo for the photo route (an empty one is refused first)
		const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0,
			0xff, 0xc0, 0, 11, 8, 0x01, 0xb9, 0x01, 0x66, 1, 1, 0x11, 0, 0xff, 0xda, 0, 8, 1, 1, 0, 0, 63, 0, 0x42, 0xff, 0xd9]);

		async function send(r, p, body) {
			if (key(r) === 'POST /api/v1/people/{id}/photo')
				return http(base(), p, { method: 'POST', body: JPEG, headers: { Authorization: `Bearer ${bUser.token}`, 'Content-Type': 'image/jpeg' } });
			if (key(r) === 'POST /people/{id}/photo') {
				const b = `----walk${process.pid}`;
				const body = Buffer.concat([
					Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n${bUser.sess.csrf}\r\n` +
						`--${b}\r\nContent-Disposition: form-data; name="photo"; filename="p.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`),
					JPEG, Buffer.from(`\r\n--${b}--\r\n`)]);
				return bUser.sess.request(p, { method: 'POST', body, headers: { 'Content-Type': `multipart/form-data; boundary=${b}` } });
			}
			if (r.kind === 'api')
				return http(base(), p, {
					method: r.method, headers: { Authorization: `Bearer ${bUser.token}` },
					...(r.method === 'POST' ? { json: body } : {}),
				});
			return r.method === 'GET' ? bUser.sess.get(p) : bUser.sess.post(p, body);
		}

		/* Everything that must not change: the audit trail (every change
		 * writes a record), and A's and B's objects as their owner reads
		 * them. */
		async function snapshot() {
			const read = async (p) => {
				const r = await h.api(p);
				return `${r.status} ${r.text}`;
			};
			const out = [(await h.api('/api/v1/audit?limit=1')).json.total];
			for (const X of [A, B]) {
				for (const p of [`/api/v1/institutions/${X.inst}`, `/api/v1/plans/${X.draft}`, `/api/v1/plans/${X.notice}`,
					`/api/v1/plans/${X.closed}`, `/api/v1/certificates/${X.cert}`, `/api/v1/filings/${X.filing}`,
					`/api/v1/people/${X.person}`, `/api/v1/people/${X.person2}`, `/api/v1/institutions/${X.inst}/scope`,
					`/api/v1/plans/${X.applyPlan}/applications`, `/api/v1/webhooks/${X.hook}`,
					`/api/v1/webhooks/${X.hook}/deliveries`, `/api/v1/items/${X.item}`, `/api/v1/blueprints/${X.blueprint}`,
					`/api/v1/plans/${X.draft}/papers`, `/api/v1/papers/${X.paper}`, `/api/v1/papers/${X.paper}/verify`,
					`/api/v1/papers/${X.paper}/attempts`, `/api/v1/attempts/${X.attempt}`])
					out.push(await read(p));
			}
			return out;
		}

		it('every route with an id in its path is covered by the table of objects', () => {
			const missing = [];
			for (const r of routes.filter((x) => !x.public && x.pattern.includes('{'))) pathFor(r, A, A, 'certificates', missing);
			assert.deepEqual(missing, [], 'routes whose path parameters the walk does not know: add them to paramObject()');
			const unknown = BODY_IDS.filter((k) => !routes.some((r) => key(r) === k));
			assert.deepEqual(unknown, [], 'BODY_IDS names routes that no longer exist');
		});

		it('a user of B, on every route with an id, with A\'s ids: 403, 404 or 422, and nothing changes', async () => {
			const before_ = await snapshot();
			const wrong = [];
			const missing = [];
			let tried = 0;
			for (const r of routes.filter((x) => !x.public && x.pattern.includes('{'))) {
				for (const what of r.pattern.includes('{what}') ? Object.keys(FACTS) : [null]) {
					// A's objects in the path, A's ids in the body
					const cases = [[A, A, A]];
					// B's object in the path with A's second id, or A's ids in the body
					if (params(r.pattern).filter((x) => x !== 'what').length > 1) cases.push([B, A, B]);
					// a person's facts carry an id only for a relationship
					if (BODY_IDS.includes(key(r)) && (what === null || what === 'relationships')) cases.push([B, B, A]);
					for (const [U, S, ids] of cases) {
						const p = pathFor(r, U, S, what, missing);
						if (!p) continue;
						const res = await send(r, p, bodyFor(r, what, ids));
						tried++;
						if (![403, 404, 422].includes(res.status))
							wrong.push(`${r.method} ${p} (path ${U.tag}${S !== U ? `/${S.tag}` : ''}, body ${ids.tag}): ${res.status} ${res.text.slice(0, 160).replace(/\s+/g, ' ')}`);
					}
				}
			}
			assert.deepEqual(missing, []);
			assert.deepEqual(wrong, [], 'requests with another institution\'s ids that got through');
			assert.ok(tried > 100, `${tried} requests`);
			assert.deepEqual(await snapshot(), before_, 'nothing changed');
		});

		it('a holder of B, on every holder route with an id, with A\'s holder\'s ids: 403 or 404, and nothing changes', async () => {
			const before_ = await snapshot();
			const wrong = [];
			const missing = [];
			const mine = routes.filter((x) => !x.public && /^\/(api\/v1\/)?me\//.test(x.pattern) && x.pattern.includes('{'));
			assert.ok(mine.some((r) => r.pattern.includes('/me/applications/')), 'the application routes are walked');
			for (const r of mine) {
				const p = pathFor(r, A, A, null, missing);
				if (!p) continue;
				const res = r.kind === 'api'
					? await B.holder.sess.api(p, { method: r.method, ...(r.method === 'POST' ? { json: { route_id: '4-2', on: true } } : {}) })
					: r.method === 'GET' ? await B.holder.sess.get(p) : await B.holder.sess.post(p, { route_id: '4-2', on: '1', kind: 'reprint' });
				if (![403, 404].includes(res.status)) wrong.push(`${r.method} ${p}: ${res.status} ${res.text.slice(0, 160).replace(/\s+/g, ' ')}`);
			}
			assert.deepEqual(missing, []);
			assert.deepEqual(wrong, [], 'a holder got through to another holder\'s');
			assert.deepEqual(await snapshot(), before_, 'nothing changed');
			// and their own reads as theirs: the refusals are the ids
			assert.equal((await B.holder.sess.api(`/api/v1/me/applications/${B.application}`)).status, 200);
		});

		it('a judge\'s own page (issue 13): each judge\'s account lists its own event only; anonymous is refused', async () => {
			for (const [X, Y] of [[A, B], [B, A]]) {
				const api = await X.holder.sess.api('/api/v1/me/judging');
				assert.equal(api.status, 200, api.text);
				assert.deepEqual(api.json.events.map((e) => [e.judge_id, e.event_id, e.competition.id]), [[X.compJudge, X.compEvent, X.comp]]);
				const page = await X.holder.sess.get('/me/judging');
				assert.equal(page.status, 200);
				assert.ok(page.text.includes(`data-event="${X.compEvent}"`));
				assert.ok(!page.text.includes(`data-event="${Y.compEvent}"`), 'not the other judge\'s event');
			}
			assert.equal((await http(base(), '/api/v1/me/judging')).status, 401);
			assert.equal((await http(base(), '/me/judging')).status, 303);
		});

		it('a holder\'s own apprenticeship (issue 15): each holder lists and reads their own record only; anonymous is refused', async () => {
			for (const [X, Y] of [[A, B], [B, A]]) {
				const api = await X.holder.sess.api('/api/v1/me/apprenticeships');
				assert.equal(api.status, 200, api.text);
				assert.deepEqual(api.json.items.map((a) => a.id), [X.apprentice]);
				assert.equal((await X.holder.sess.api(`/api/v1/apprentices/${X.apprentice}`)).status, 200);
				assert.equal((await X.holder.sess.api(`/api/v1/apprentices/${Y.apprentice}`)).status, 404);
				const page = await X.holder.sess.get('/me/apprenticeship');
				assert.equal(page.status, 200);
				assert.ok(page.text.includes(`data-apprentice="${X.apprentice}"`));
				assert.ok(!page.text.includes(`data-apprentice="${Y.apprentice}"`), 'not the other holder\'s');
				assert.equal((await X.holder.sess.get(`/apprentices/${Y.apprentice}`)).status, 404);
			}
			assert.equal((await http(base(), '/api/v1/me/apprenticeships')).status, 401);
			assert.equal((await http(base(), '/me/apprenticeship')).status, 303);
		});

		it('the same requests with B\'s own ids succeed: the refusals above are the ids, not bad requests', async () => {
			const api = (p, json) => http(base(), p, { method: 'POST', headers: { Authorization: `Bearer ${bUser.token}` }, json });
			// B's own person with A's room: the room is the one refused
			const room = await api(`/api/v1/plans/${B.draft}/staff`, { person_id: B.person, role: 'proctor', room_id: A.room });
			assert.equal(room.status, 422, room.text);
			assert.equal(room.json.error.field, 'room_id');
			const staff = await api(`/api/v1/plans/${B.draft}/staff`, bodyFor({ kind: 'api', method: 'POST', pattern: '/api/v1/plans/{id}/staff' }, null, B));
			assert.equal(staff.status, 201, staff.text);
			const enrol = await api(`/api/v1/plans/${B.draft}/enrolments`, bodyFor({ kind: 'api', method: 'POST', pattern: '/api/v1/plans/{id}/enrolments' }, null, B));
			assert.equal(enrol.status, 201, enrol.text);
			const fact = await api(`/api/v1/people/${B.person}/qualifications`, FACTS.qualifications);
			assert.equal(fact.status, 201, fact.text);
			const rel = await api(`/api/v1/people/${B.person}/relationships`, FACTS.relationships(B));
			assert.equal(rel.status, 201, rel.text);
			const corr = await api(`/api/v1/plans/${B.closed}/corrections`, bodyFor({ kind: 'api', method: 'POST', pattern: '/api/v1/plans/{id}/corrections' }, null, B));
			assert.equal(corr.status, 422, 'the plan is closed: refused for that, not for the ids');
			assert.match(corr.json.error.message, /进行中/);
			const res = await api(`/api/v1/plans/${B.notice}/appeals/${B.appeal}/resolve`, { resolution: '复核无误' });
			assert.equal(res.status, 200, res.text);
			// B's own attempt at B's own paper (issue 19)
			const ext = await api(`/api/v1/papers/${B.paper}/attempts/${B.attempt}/extend`, bodyFor({ kind: 'api', method: 'POST', pattern: '/api/v1/papers/{id}/attempts/{attempt_id}/extend' }, null, B));
			assert.equal(ext.status, 200, ext.text);
			assert.equal((await http(base(), `/api/v1/attempts/${B.attempt}`, { headers: { Authorization: `Bearer ${bUser.token}` } })).status, 200);
			const wd = await api(`/api/v1/plans/${B.draft}/enrolments/${B.enrolment}/withdraw`, {});
			assert.equal(wd.status, 200, wd.text);
			const rm = await api(`/api/v1/plans/${B.draft}/staff/${B.staff}/remove`, {});
			assert.equal(rm.status, 200, rm.text);
		});

		it('a worker moves: B staffs and enrols A\'s people by their ID number (a link), never by a bare id', async () => {
			const api = (p, json) => http(base(), p, { method: 'POST', headers: { Authorization: `Bearer ${bUser.token}` }, json });
			assert.equal((await api(`/api/v1/plans/${B.draft}/enrolments`, { person_id: A.person2 })).status, 422);
			assert.equal((await http(base(), `/api/v1/people/${A.person2}`, { headers: { Authorization: `Bearer ${bUser.token}` } })).status, 404);
			const byNumber = await api(`/api/v1/plans/${B.draft}/enrolments`, { id_number: A.person2Number });
			assert.equal(byNumber.status, 201, byNumber.text);
			const now = await http(base(), `/api/v1/people/${A.person2}`, { headers: { Authorization: `Bearer ${bUser.token}` } });
			assert.equal(now.status, 200, "enrolled by B: B's too");
		});
	});
}
