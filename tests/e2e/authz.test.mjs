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
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';

import {
	createInstitution, describeWithServer, engines, http, login, makeUser, run, uniqueName,
} from './lib.mjs';

const routes = JSON.parse((await run(['routes'])).stdout);
const key = (r) => `${r.method} ${r.pattern}`;
const PERMS = [
	'account', 'institution.create', 'institution.rename', 'user.manage', 'audit.read',
	'institution.read', 'registry.apply', 'registry.decide', 'registry.inspect', 'registry.file',
	'person.manage', 'plan.manage', 'plan.approve', 'plan.supervise',
	'certificate.issue', 'certificate.manage', 'certificate.read', 'filing.manage', 'key.manage',
];

/* The pattern with its {id}, {sid} and {name} filled in: an institution's
 * id, or for the routes about an inspection or a finding, the id of one
 * that belongs to that institution (ids of other tables). */
function fill(pattern, { id, name, inspection = id, finding = id, plan = id }) {
	let p = pattern;
	if (p.startsWith('/api/v1/inspections/')) p = p.replace('{id}', String(inspection));
	if (p.startsWith('/api/v1/findings/')) p = p.replace('{id}', String(finding));
	if (p.startsWith('/api/v1/plans/') || p.startsWith('/plans/')) p = p.replace('{id}', String(plan));
	return p.replace('{id}', String(id)).replace('{sid}', '1').replace('{eid}', '1').replace('{aid}', '1')
		.replace('{what}', 'certificates').replace('{name}', encodeURIComponent(name))
		.replace('{n}', '0').replace('{token}', 'v1.x.y');
}

describe('route table (skillcert routes)', () => {
	it('lists every route with method, pattern, kind, public, password_change and perm', () => {
		assert.ok(routes.length >= 20, `${routes.length} routes`);
		for (const r of routes) {
			assert.deepEqual(Object.keys(r).sort(), ['kind', 'method', 'password_change', 'pattern', 'perm', 'public'], JSON.stringify(r));
			assert.ok(['GET', 'POST'].includes(r.method), key(r));
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
		});

		it('anonymous: every route that is not public is refused (401 JSON, or a redirect to /login)', async () => {
			const wrong = [];
			for (const r of routes.filter((x) => !x.public)) {
				const p = fill(r.pattern, { id: A.id, name: 'admin' });
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
				const p = fill(r.pattern, { id: A.id, name: 'admin' });
				const res = await http(base(), p);
				// public: answered without asking who (an id of another
				// table may simply not exist: 404 is an answer too)
				const loc = res.headers.get('location') || '';
				assert.ok(res.status !== 401 && res.status !== 403 && !loc.startsWith('/login'), `GET ${p}: ${res.status}`);
				// the verification routes refuse what is not a lookup (no
				// number and name, a malformed token): 422 is an answer too
				const lookup = ['/api/v1/verify', '/v/{token}'].includes(r.pattern) && res.status === 422;
				assert.ok(res.status === 200 || res.status === 404 || lookup || (r.pattern === '/lang' && res.status === 303), `GET ${p}: ${res.status}`);
			}
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
			'GET /institutions/import': {
				allowed: 200, why: 'the empty upload form; the rows are checked against the scope when the file is sent',
			},
			'POST /institutions/import': {
				allowed: 422, why: 'an import is not about one object: each row is checked against the scope, and the file is refused',
			},
			'POST /api/v1/plans': {
				json: { institution_id: A.id, standard_id: 1, level: 4, capacity: 5 },
			},
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
			'POST /api/v1/people/{id}/{what}': {
				allowed: 422, why: 'the shared person registry (an empty fact is refused)',
			},
			// the person registry is the network's: a person belongs to no
			// institution's subtree (enrolment in a plan will be scoped)
			'GET /api/v1/people': { allowed: 200, why: 'the shared person registry' },
			'POST /api/v1/people': { allowed: 422, why: 'the shared person registry (an empty body is refused)' },
			'GET /api/v1/people/{id}': { allowed: 404, why: 'the shared person registry (no such person)' },
			'GET /api/v1/people/{id}/photo': { allowed: 404, why: 'the shared person registry (no such photo)' },
			'POST /api/v1/people/{id}/photo': { allowed: 422, why: 'the shared person registry (an empty photo is refused)' },
			'POST /api/v1/people/lookup': { allowed: 422, why: 'the shared person registry (an empty body is refused)' },
			'POST /api/v1/people-import': {
				allowed: 422, why: 'the shared person registry (an empty file is refused)',
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
			'GET /api/v1/certificates/{id}/certificate.pdf': { allowed: 404, why: 'no certificate has this id' },
			'GET /api/v1/certificates/{id}/credential': { allowed: 404, why: 'no certificate has this id' },
			'POST /api/v1/certificates/{id}/status': {
				allowed: 404, why: 'no certificate has this id', json: { action: 'revoke', reason: '越权注销' },
			},
			'POST /api/v1/certificates/{id}/supersede': {
				allowed: 404, why: 'no certificate has this id', json: { reason: '越权换发' },
			},
			'GET /certificates/{id}': { allowed: 404, why: 'no certificate has this id' },
			'GET /certificates/{id}/certificate.pdf': { allowed: 404, why: 'no certificate has this id' },
			'POST /certificates/{id}/status': {
				allowed: 404, why: 'no certificate has this id', form: { action: 'revoke', reason: '越权注销' },
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
				'GET /api/v1/filings/{id}/manifest.json', 'POST /api/v1/filings/{id}/submit',
				'GET /filings/{id}', 'POST /filings/{id}/submit', 'GET /filings/{id}/export.xlsx',
				'GET /filings/{id}/export.csv', 'GET /filings/{id}/manifest.json',
			].map((k) => [k, { allowed: 404, why: 'no batch has this id (the scope check on a real one is in filing.test.mjs)' }])),
			'POST /api/v1/filings/{id}/receipt': { allowed: 404, why: 'no batch has this id', json: { receipt_no: '越权回执' } },
			'POST /api/v1/filings/{id}/rejections': {
				allowed: 404, why: 'no batch has this id', json: { rejections: [{ number: 'S000011000123244000001', reason: '越权' }] },
			},
			'POST /filings/{id}/receipt': { allowed: 404, why: 'no batch has this id', form: { receipt_no: '越权回执' } },
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
					const p = fill(r.pattern, { id: A.id, name: t ? t.name : '', inspection: A.inspection, finding: A.finding, plan: A.plan });
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
			for (const k of ['GET /api/v1/certificates', 'GET /certificates'])
				cases[k] = { allowed: 200, why: 'certificate.read on the whole network' };
			for (const k of ['GET /api/v1/certificates/{id}', 'GET /api/v1/certificates/{id}/certificate.pdf',
				'GET /api/v1/certificates/{id}/credential', 'GET /certificates/{id}', 'GET /certificates/{id}/certificate.pdf',
				'GET /api/v1/plans/{id}/certificates.pdf', 'GET /plans/{id}/certificates.pdf'])
				cases[k] = { allowed: 404, why: 'certificate.read on the whole network; no such certificate' };
			const wrong = await walk(viewer, cases);
			assert.deepEqual(wrong, [], 'routes that let a viewer through');
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
