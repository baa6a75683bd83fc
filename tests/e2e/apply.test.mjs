// Online application (网上报名, issue 12), on both engines: a station opens
// an approved plan for application (who may apply — the public, its own
// staff, or listed partner companies by credit code —, the window, the
// fee); every bad part is a 422 naming its field; a station elsewhere
// cannot open it. The public list (GET /api/v1/applications/open and the
// /apply page) shows the approved plans whose window holds today, with the
// dates, fee, places left and who may apply, narrowed by occupation,
// level, province and institution.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';

import { TURNER, makeStation } from './certlib.mjs';
import { apiAs, describeWithServer, engines, http, login, makeUser } from './lib.mjs';

const day = (offset) => new Date(Date.now() + offset * 86400e3).toISOString().slice(0, 10);

async function ok(p, expect, what) {
	const r = await p;
	assert.equal(r.status, expect, `${what}: ${r.status} ${r.text}`);
	return r;
}

/* A plan of the station with its room and staff, taken to `to` (draft,
 * submitted or approved); its theory exam 30 days from today. */
async function planOf(api, station, { level = 4, capacity = 20, to = 'approved' } = {}) {
	const plan = (await ok(api('/api/v1/plans', {
		method: 'POST', json: { institution_id: station.id, standard_id: station.standard, level, capacity, theory_on: day(30), practical_on: day(31) },
	}), 201, 'plan')).json.id;
	const room = (await ok(api(`/api/v1/plans/${plan}/rooms`, { method: 'POST', json: { name: '第一考场', capacity } }), 201, 'room')).json.id;
	for (const a of station.assessors.slice(0, 3))
		await ok(api(`/api/v1/plans/${plan}/staff`, { method: 'POST', json: { person_id: a, role: 'assessor' } }), 201, 'assessor');
	for (const p of station.proctors)
		await ok(api(`/api/v1/plans/${plan}/staff`, { method: 'POST', json: { person_id: p, role: 'proctor', room_id: room } }), 201, 'proctor');
	const steps = { draft: [], submitted: ['submit'], approved: ['submit', 'approve'] }[to];
	for (const action of steps)
		await ok(api(`/api/v1/plans/${plan}/act`, { method: 'POST', json: { action } }), 200, action);
	return plan;
}

const PARTNER_A = '914403001922038216';
const PARTNER_B = '91440300MA5F00000X';

for (const engine of engines()) {
	describeWithServer(`online application [${engine}]`, { engine, tag: 'apply', user: true }, (h) => {
		let station, open, draft;
		const offer = (plan, json, api = h.api) => api(`/api/v1/plans/${plan}/application-offer`, { method: 'POST', json });
		const list = async (query = '') => {
			const r = await http(h.server.base, `/api/v1/applications/open${query}`);
			assert.equal(r.status, 200, r.text);
			return r.json.plans;
		};
		const good = () => ({ audience: 'public', opens_on: day(-1), closes_on: day(10), fee: '理论 100 元，实操 200 元' });

		before(async () => {
			station = await makeStation(h.server, h.api);
			open = await planOf(h.api, station);
			draft = await planOf(h.api, station, { to: 'draft', level: 3 });
		});

		it('each bad part of an offer is a 422 naming its field; nothing is opened', async () => {
			const cases = [
				[{ audience: 'everyone' }, 'audience'],
				[{ audience: '' }, 'audience'],
				[{ opens_on: '2026-13-01' }, 'opens_on'],
				[{ closes_on: '' }, 'closes_on'],
				[{ opens_on: day(5), closes_on: day(4) }, 'closes_on'],
				[{ closes_on: day(30) }, 'closes_on'], // not before the theory exam
				[{ fee: '元'.repeat(101) }, 'fee'],
				[{ audience: 'partners' }, 'partners'],
				[{ audience: 'partners', partners: ['12345'] }, 'partners'],
				[{ audience: 'partners', partners: [PARTNER_A, PARTNER_A] }, 'partners'],
				[{ audience: 'public', partners: [PARTNER_A] }, 'partners'],
				[{ audience: 'partners', partners: 'x' }, 'partners'],
			];
			for (const [change, field] of cases) {
				const r = await offer(open, { ...good(), ...change });
				assert.equal(r.status, 422, `${JSON.stringify(change)}: ${r.text}`);
				assert.equal(r.json.error.field, field, `${JSON.stringify(change)}: ${r.text}`);
			}
			assert.deepEqual(await list(), []);
		});

		it('a station elsewhere cannot open the plan; an unknown plan is 404', async () => {
			const other = await makeStation(h.server, h.api);
			const admin = await makeUser(h.server, 'apply.outsider', { role: 'institution_admin', institution: other.id });
			const r = await offer(open, good(), apiAs(h.server.base, admin.token));
			assert.equal(r.status, 403, r.text);
			assert.equal((await offer(999999, good())).status, 404);
			assert.deepEqual(await list(), []);
		});

		it('an approved plan opened to the public is listed with its window, exam day, fee, places left; a draft is not', async () => {
			await ok(offer(open, good()), 200, 'offer');
			await ok(offer(draft, { ...good(), audience: 'staff' }), 200, 'draft offer');
			const plans = await list();
			assert.equal(plans.length, 1, JSON.stringify(plans));
			const [p] = plans;
			assert.equal(p.plan_id, open);
			assert.equal(p.institution_id, station.id);
			assert.equal(p.province, '44');
			assert.equal(p.occupation_code, TURNER);
			assert.equal(p.level, 4);
			assert.equal(p.audience, 'public');
			assert.equal(p.opens_on, day(-1));
			assert.equal(p.closes_on, day(10));
			assert.equal(p.theory_on, day(30));
			assert.equal(p.fee, '理论 100 元，实操 200 元');
			assert.equal(p.capacity, 20);
			assert.equal(p.places_left, 20);
			assert.deepEqual(p.partners, []);
			const audit = await h.api(`/api/v1/audit?object_type=plan&object_id=${open}`);
			assert.equal(audit.status, 200, audit.text);
			assert.ok(JSON.stringify(audit.json).includes('plan.apply_offer'), audit.text);
		});

		it('the filters narrow the list; a bad filter is a 422 naming it', async () => {
			const ids = async (q) => (await list(q)).map((p) => p.plan_id);
			assert.deepEqual(await ids(`?occupation=${TURNER}`), [open]);
			assert.deepEqual(await ids(`?occupation=${encodeURIComponent('车工')}&level=4&province=44&institution=${station.id}`), [open]);
			assert.deepEqual(await ids('?occupation=4-01-02-03'), []);
			assert.deepEqual(await ids('?level=3'), []);
			assert.deepEqual(await ids('?province=11'), []);
			assert.deepEqual(await ids(`?institution=${station.center}`), []);
			for (const [q, field] of [['level=6', 'level'], ['level=x', 'level'], ['province=99', 'province'], ['institution=abc', 'institution']]) {
				const r = await http(h.server.base, `/api/v1/applications/open?${q}`);
				assert.equal(r.status, 422, `${q}: ${r.text}`);
				assert.equal(r.json.error.field, field, q);
			}
		});

		it('a window not holding today takes the plan off the list; partner companies are listed with their codes', async () => {
			await ok(offer(open, { ...good(), opens_on: day(2), closes_on: day(5) }), 200, 'later window');
			assert.deepEqual(await list(), []);
			await ok(offer(open, { ...good(), opens_on: day(-9), closes_on: day(-1) }), 200, 'past window');
			assert.deepEqual(await list(), []);
			await ok(offer(open, { ...good(), audience: 'partners', partners: [PARTNER_B, PARTNER_A] }), 200, 'partners');
			const [p] = await list();
			assert.equal(p.audience, 'partners');
			assert.deepEqual(p.partners, [PARTNER_A, PARTNER_B].sort());
		});

		it('the staff page /plans/{id}/application: the form with the stored offer; a refusal re-renders with 422 and the values typed; saving goes back with a notice', async () => {
			const s = await login(h.server.base, h.user.name, h.user.password);
			const plan = await s.request(`/plans/${draft}`);
			assert.ok(plan.text.includes(`href="/plans/${draft}/application"`), 'the plan page links the form');
			const form = await s.request(`/plans/${draft}/application`);
			assert.equal(form.status, 200, form.text.slice(0, 300));
			assert.ok(form.text.includes('name="audience"') && form.text.includes('name="closes_on"'), 'the form');
			assert.ok(form.text.includes(`value="${day(10)}"`), 'the stored closing date');
			const bad = await s.post(`/plans/${draft}/application`, { audience: 'public', opens_on: day(3), closes_on: day(1), fee: '免费' });
			assert.equal(bad.status, 422, bad.text.slice(0, 300));
			assert.ok(bad.text.includes('截止日期不能早于开始日期') || bad.text.includes('The closing date cannot be before the opening date'), 'the reason');
			assert.ok(bad.text.includes(`value="${day(3)}"`), 'the typed date is kept');
			const saved = await s.post(`/plans/${draft}/application`, { audience: 'partners', opens_on: day(0), closes_on: day(7), fee: '免费', partners: `${PARTNER_A}\n${PARTNER_B}` });
			assert.equal(saved.status, 303, saved.text.slice(0, 300));
			assert.equal(saved.headers.get('location'), `/plans/${draft}/application?done=1`);
			const again = await s.request(`/plans/${draft}/application?done=1`);
			assert.ok(again.text.includes('role="status"'), 'the notice');
			assert.ok(again.text.includes(PARTNER_A) && again.text.includes(PARTNER_B));
			assert.ok(!(await list()).some((p) => p.plan_id === draft), 'a draft stays off the public list');
		});

		it('/apply shows the open plans to anyone, in Chinese and English; a bad filter re-renders with 422', async () => {
			const detail = await h.api(`/api/v1/plans/${open}`);
			const title = detail.json.title ?? detail.json.plan?.title;
			assert.ok(title, detail.text);
			const zh = await http(h.server.base, '/apply', { headers: { 'Accept-Language': 'zh-CN' } });
			assert.equal(zh.status, 200, zh.text);
			assert.ok(zh.text.includes('网上报名'));
			assert.ok(zh.text.includes(title), 'the plan is listed');
			assert.ok(zh.text.includes('理论 100 元，实操 200 元'));
			assert.ok(zh.text.includes('合作企业职工'));
			assert.ok(zh.text.includes(PARTNER_A));
			assert.ok(zh.text.includes('20 / 20'));
			const en = await http(h.server.base, '/apply', { headers: { 'Accept-Language': 'en' } });
			assert.ok(en.text.includes('Apply online'), 'English');
			assert.ok(en.text.includes('Staff of partner companies'));
			const none = await http(h.server.base, '/apply?province=11');
			assert.equal(none.status, 200);
			assert.ok(!none.text.includes(title));
			const bad = await http(h.server.base, '/apply?level=9');
			assert.equal(bad.status, 422, bad.text.slice(0, 300));
			assert.ok(!bad.text.includes(title));
		});
	});
}
