// Online application (网上报名, issue 12), on both engines: a station opens
// an approved plan for application (who may apply — the public, its own
// staff, or listed partner companies by credit code —, the window, the
// fee); every bad part is a 422 naming its field; a station elsewhere
// cannot open it. The public list (GET /api/v1/applications/open and the
// /apply page) shows the approved plans whose window holds today, with the
// dates, fee, places left and who may apply, narrowed by occupation,
// level, province and institution.
//
// Then a holder applies (the second half): the route and its facts checked
// as they type and on submission (an unmet condition named), the audience
// (public, the institution's own staff, listed partners by credit code),
// the window, the places, one live application per plan, the photo and
// the documents (PDF or JPEG, 2 MiB, 5, with their SHA-256); the station
// returns, accepts (an enrolment by the chosen route, the facts recorded)
// or rejects with a reason the holder sees; another holder and another
// station read and change nothing.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, it } from 'node:test';

import { TURNER, closedPlan, makeStation, nextIdNumber, nextName, pngPhoto, sql } from './certlib.mjs';
import { startWebhookSink, verifySignature } from '../lib/webhook-sink.mjs';
import { apiAs, describeWithServer, engines, http, login, makeUser, newPassword, startServer } from './lib.mjs';

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

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xd9]);
const b64 = (buf) => buf.toString('base64');
const sha = (buf) => createHash('sha256').update(buf).digest('hex');
const STATION_CODE = '91440300MA5F00000X';

for (const engine of engines()) {
	describeWithServer(`a holder applies, the station reviews [${engine}]`, {
		engine, tag: 'apply2', user: true,
		args: ['--verify-rate', '0', '--webhook-allow-http', '--webhook-allow-private'],
		env: { SKILLCERT_WEBHOOK_BACKOFF_MS: '200' },
	}, (h) => {
		let station, certs, holders, persons;
		let sink, hookSecret; // a webhook of the center's on application.decided (issue 18)
		let p3; // level 3, public: route 3-2a (a level-4 certificate and a senior technical diploma)
		let openPlanFor1; // a plan holder 1 has not applied to (the partners' one)
		const pw = [newPassword(), newPassword()];
		const offer = (plan, json) => h.api(`/api/v1/plans/${plan}/application-offer`, { method: 'POST', json });
		const openTo = (json = {}) => ({ audience: 'public', opens_on: day(-1), closes_on: day(10), fee: '', ...json });
		const submit = (i, json) => holders[i].api('/api/v1/me/applications', { method: 'POST', json });
		const check = (i, json) => holders[i].api('/api/v1/me/applications/check', { method: 'POST', json });
		const decide = (plan, id, json, api = h.api) => api(`/api/v1/plans/${plan}/applications/${id}/decision`, { method: 'POST', json });
		const facts32a = (i, diploma = 'technician_college') => ({ route_id: '3-2a', cert_id: certs[i].id, diploma_type: diploma, graduated_on: '2015-07-01' });

		after(async () => { if (sink) await sink.close().catch(() => {}); });
		before(async () => {
			sink = await startWebhookSink();
			const sub = await h.api('/api/v1/webhooks', { method: 'POST', json: { url: sink.url('/decided'), events: ['application.decided'] } });
			assert.equal(sub.status, 201, sub.text);
			hookSecret = sub.json.secret;
			station = await makeStation(h.server, h.api);
			const cp = await closedPlan(h.server, h.api, station, { pass: 2 });
			await ok(h.api(`/api/v1/plans/${cp.plan}/certificates`, { method: 'POST' }), 200, 'issue');
			const all = (await h.api(`/api/v1/certificates?plan=${cp.plan}`)).json.certificates;
			certs = [];
			holders = [];
			persons = [];
			for (const i of [0, 1]) {
				const who = cp.candidates[i];
				const c = all.find((x) => x.holder_name === who.name);
				certs.push(c);
				persons.push(who.person_id);
				await ok(http(h.server.base, '/api/v1/holder/claim', {
					method: 'POST', json: { number: c.number, token: c.qr_token, name: who.name, id_number: who.id_number, username: `apply.holder${i}`, password: pw[i] },
				}), 201, 'claim');
				holders.push(await login(h.server.base, `apply.holder${i}`, pw[i]));
			}
			p3 = await planOf(h.api, station, { level: 3 });
			await ok(offer(p3, openTo()), 200, 'offer');
		});

		it('the check explains the unmet condition as they type; an ineligible submission is refused naming it, and nothing is stored', async () => {
			const no = await check(0, { plan_id: p3, ...facts32a(0, 'technical_school') });
			assert.equal(no.status, 200, no.text);
			assert.equal(no.json.route_passed, false);
			const r = no.json.routes.find((x) => x.id === '3-2a');
			assert.equal(r.key, 'elig.diploma.none', no.text);
			assert.equal(r.field, 'diploma_type');
			assert.ok(r.message.includes('技师学院') && !r.message.includes('{'), r.message);
			const yes = await check(0, { plan_id: p3, ...facts32a(0) });
			assert.equal(yes.json.route_passed, true, yes.text);
			const refused = await submit(0, { plan_id: p3, ...facts32a(0, 'technical_school') });
			assert.equal(refused.status, 422, refused.text);
			assert.equal(refused.json.error.key, 'elig.diploma.none');
			assert.equal(refused.json.error.field, 'diploma_type');
			assert.equal(refused.json.error.route, '3-2a');
			assert.ok(refused.json.error.message.includes('技师学院'), refused.text);
			// a fact malformed or a route not of the level: named
			for (const [json, field] of [[{ ...facts32a(0), route_id: '9-9' }, 'route_id'], [{ ...facts32a(0), work_start: '2999-01-01' }, 'work_start'],
				[{ ...facts32a(0), cert_id: 999999 }, 'cert_id'], [{ ...facts32a(0), employer_credit_code: '123' }, 'employer_credit_code'],
				[{ ...facts32a(0), diploma_type: 'phd' }, 'diploma_type']]) {
				const bad = await submit(0, { plan_id: p3, ...json });
				assert.equal(bad.status, 422, `${field}: ${bad.text}`);
				assert.equal(bad.json.error.field, field, bad.text);
			}
			// another holder's certificate is not one to pick
			const theirs = await submit(0, { plan_id: p3, ...facts32a(0), cert_id: certs[1].id });
			assert.equal(theirs.json.error.field, 'cert_id', theirs.text);
			assert.deepEqual((await holders[0].api('/api/v1/me/applications')).json.applications, []);
			// a staff account applies through no form
			assert.equal((await h.api('/api/v1/me/applications', { method: 'POST', json: { plan_id: p3, ...facts32a(0) } })).status, 404);
		});

		it('without script: the form posts and the refusal explains the same condition (422), the facts kept', async () => {
			const s = holders[0];
			const form = await s.get(`/plans/${p3}/apply`);
			assert.equal(form.status, 200, form.text.slice(0, 300));
			assert.ok(form.text.includes('value="3-2a"') && form.text.includes(certs[0].number), 'routes and own certificates');
			const r = await s.post(`/plans/${p3}/apply`, { route_id: '3-2a', cert_id: String(certs[0].id), diploma_type: 'technical_school', graduated_on: '2015-07-01' });
			assert.equal(r.status, 422, r.text.slice(0, 300));
			assert.ok(r.text.includes('id="refusal"') && r.text.includes('技师学院'), 'the unmet condition in words');
			assert.match(r.text, /<option value="technical_school" selected>/);
		});

		it('an eligible application is stored "submitted" with its photo and documents (SHA-256); a second one to the plan is 409', async () => {
			const photo = pngPhoto(120, 168);
			const r = await submit(0, {
				plan_id: p3, ...facts32a(0), photo: b64(photo),
				documents: [{ name: '毕业证书.pdf', data: b64(PDF) }, { name: 'C:\\扫描\\工作证明.jpg', data: b64(JPEG) }],
			});
			assert.equal(r.status, 201, r.text);
			const mine = await holders[0].api(`/api/v1/me/applications/${r.json.id}`);
			assert.equal(mine.status, 200, mine.text);
			assert.equal(mine.json.status, 'submitted');
			assert.equal(mine.json.cert_number, certs[0].number, 'the picked certificate copied');
			assert.equal(mine.json.eligible, true);
			assert.deepEqual(mine.json.documents.map((d) => [d.kind, d.name, d.mime, d.bytes, d.sha256]), [
				['photo', 'photo', 'image/png', photo.length, sha(photo)],
				['document', '毕业证书.pdf', 'application/pdf', PDF.length, sha(PDF)],
				['document', '工作证明.jpg', 'image/jpeg', JPEG.length, sha(JPEG)],
			]);
			const again = await submit(0, { plan_id: p3, ...facts32a(0) });
			assert.equal(again.status, 409, again.text);
			const audit = await h.api('/api/v1/audit?action=application.submit');
			assert.equal(audit.json.items.filter((x) => x.actor === 'apply.holder0').length, 1, audit.text);
			// staff download a document: the bytes, its digest
			const list = await h.api(`/api/v1/plans/${p3}/applications`);
			const doc = list.json.applications[0].documents[1];
			const got = await h.api(`/api/v1/plans/${p3}/applications/${r.json.id}/documents/${doc.id}`);
			assert.equal(got.status, 200);
			assert.equal(got.res.headers.get('content-type'), 'application/pdf');
			assert.equal(got.text, PDF.toString());
			// a download, never shown inline; sandboxed should it be opened; a safe name
			const disposition = `attachment; filename="____.pdf"; filename*=UTF-8''${encodeURIComponent('毕业证书.pdf')}`;
			assert.equal(got.res.headers.get('content-disposition'), disposition);
			assert.equal(got.res.headers.get('content-security-policy'), 'sandbox');
			const jpeg = list.json.applications[0].documents[2];
			const gotJpeg = await h.api(`/api/v1/plans/${p3}/applications/${r.json.id}/documents/${jpeg.id}`);
			assert.equal(gotJpeg.res.headers.get('content-type'), 'image/jpeg');
			assert.match(gotJpeg.res.headers.get('content-disposition'), /^attachment; filename="____\.jpg"; filename\*=UTF-8''%E5/);
			assert.equal(gotJpeg.res.headers.get('content-security-policy'), 'sandbox');
			const staff = await login(h.server.base, h.user.name, h.user.password);
			const page = await staff.get(`/plans/${p3}/applications/${r.json.id}/documents/${doc.id}`);
			assert.equal(page.status, 200);
			assert.equal(page.text, PDF.toString());
			assert.equal(page.res.headers.get('content-disposition'), disposition);
			assert.equal(page.res.headers.get('content-security-policy'), 'sandbox');
			const pageJpeg = await staff.get(`/plans/${p3}/applications/${r.json.id}/documents/${jpeg.id}`);
			assert.match(pageJpeg.res.headers.get('content-disposition'), /^attachment;/, 'a JPEG too');
		});

		it('document limits: a type other than PDF or JPEG, more than 2 MiB, more than 5, and a broken photo are refused, each named', async () => {
			const base = { plan_id: p3, ...facts32a(1) };
			const big = Buffer.concat([PDF, Buffer.alloc(2 * 1024 * 1024 + 1 - PDF.length)]);
			const cases = [
				[{ documents: [{ name: 'x.png', data: b64(pngPhoto()) }] }, 'documents', 'PDF 或 JPEG'],
				[{ documents: [{ name: 'big.pdf', data: b64(big) }] }, 'documents', '2 MiB'],
				[{ documents: Array.from({ length: 6 }, (_, i) => ({ name: `${i}.pdf`, data: b64(PDF) })) }, 'documents', '最多 5 份'],
				[{ photo: b64(PDF) }, 'photo', ''],
			];
			for (const [json, field, text] of cases) {
				const r = await submit(1, { ...base, ...json });
				assert.equal(r.status, 422, `${field}: ${r.text.slice(0, 200)}`);
				assert.equal(r.json.error.field, field, r.text.slice(0, 200));
				assert.ok(r.json.error.message.includes(text), r.json.error.message);
			}
			assert.deepEqual((await holders[1].api('/api/v1/me/applications')).json.applications, [], 'nothing stored');
			// at the limits: five documents, one of exactly 2 MiB
			const max = Buffer.concat([PDF, Buffer.alloc(2 * 1024 * 1024 - PDF.length)]);
			const r = await submit(1, { ...base, documents: [{ name: 'max.pdf', data: b64(max) }, ...Array.from({ length: 4 }, (_, i) => ({ name: `${i}.jpg`, data: b64(JPEG) }))] });
			assert.equal(r.status, 201, r.text.slice(0, 200));
		});

		it('a second holder reads and changes nothing of the first\'s application or documents', async () => {
			const [a] = (await holders[0].api('/api/v1/me/applications')).json.applications;
			const s = holders[1];
			assert.equal((await s.api(`/api/v1/me/applications/${a.id}`)).status, 404);
			assert.equal((await s.api(`/api/v1/me/applications/${a.id}`, { method: 'POST', json: facts32a(1) })).status, 404);
			assert.equal((await s.get(`/me/applications/${a.id}`)).status, 404);
			assert.equal((await s.post(`/me/applications/${a.id}`, { route_id: '3-2a' })).status, 404);
			const docs = (await h.api(`/api/v1/plans/${p3}/applications`)).json.applications.find((x) => x.id === a.id).documents;
			assert.equal((await s.api(`/api/v1/plans/${p3}/applications/${a.id}/documents/${docs[1].id}`)).status, 403);
			assert.equal((await s.get(`/plans/${p3}/applications/${a.id}/documents/${docs[1].id}`)).status, 403);
			assert.equal((await s.api(`/api/v1/plans/${p3}/applications`)).status, 403);
			assert.equal((await decide(p3, a.id, { decision: 'reject', reason: '冒充' }, (p, o) => s.api(p, o))).status, 403);
			const mine = (await s.get('/me/applications')).text;
			assert.ok(!mine.includes(`/me/applications/${a.id}"`), 'not in the second holder\'s list');
			assert.equal((await holders[0].api(`/api/v1/me/applications/${a.id}`)).json.status, 'submitted', 'unchanged');
		});

		it('staff of another institution neither list, decide nor download', async () => {
			const other = await makeStation(h.server, h.api, { assessors: 1 });
			const admin = await makeUser(h.server, 'apply2.outsider', { role: 'institution_admin', institution: other.id });
			const api = apiAs(h.server.base, admin.token);
			const [a] = (await h.api(`/api/v1/plans/${p3}/applications`)).json.applications;
			assert.equal((await api(`/api/v1/plans/${p3}/applications`)).status, 403);
			assert.equal((await decide(p3, a.id, { decision: 'accept', reason: '越权' }, api)).status, 403);
			assert.equal((await api(`/api/v1/plans/${p3}/applications/${a.id}/documents/${a.documents[0].id}`)).status, 403);
			const s = await login(h.server.base, admin.name, admin.password);
			assert.equal((await s.get(`/plans/${p3}/applications`)).status, 403);
			assert.equal((await h.api(`/api/v1/plans/${p3}/applications`)).json.applications.find((x) => x.id === a.id).status, 'submitted');
		});

		it('returned → changed and resubmitted → accepted: an enrolment by the chosen route, the facts recorded; the holder sees each reason', async () => {
			const [a] = (await holders[0].api('/api/v1/me/applications')).json.applications;
			for (const [json, field] of [[{ decision: 'maybe', reason: 'x' }, 'decision'], [{ decision: 'return', reason: ' ' }, 'reason']]) {
				const bad = await decide(p3, a.id, json);
				assert.equal(bad.status, 422, bad.text);
				assert.equal(bad.json.error.field, field);
			}
			assert.equal((await decide(p3, a.id, { decision: 'return', reason: '请补充毕业证书原件扫描件' })).json.status, 'returned');
			assert.equal((await decide(p3, a.id, { decision: 'accept', reason: '再次' })).status, 409, 'decided already');
			const back = await holders[0].api(`/api/v1/me/applications/${a.id}`);
			assert.deepEqual([back.json.status, back.json.reason], ['returned', '请补充毕业证书原件扫描件']);
			const page = await holders[0].get('/me/applications');
			assert.ok(page.text.includes('请补充毕业证书原件扫描件') && page.text.includes(`href="/me/applications/${a.id}"`), 'the reason and the edit link');
			const edit = await holders[0].get(`/me/applications/${a.id}`);
			assert.ok(edit.text.includes(`action="/me/applications/${a.id}"`) && edit.text.includes('b-returned'), 'the form again, with its status');
			assert.match(edit.text, /<option value="technician_college" selected>/, 'the facts sent before');
			assert.ok(edit.text.includes('毕业证书.pdf'), 'the documents sent before');
			// resubmitted with a diploma the route does not take: refused, still returned
			const wrong = await holders[0].api(`/api/v1/me/applications/${a.id}`, { method: 'POST', json: facts32a(0, 'bachelor') });
			assert.equal(wrong.status, 422, wrong.text);
			assert.equal(wrong.json.error.key, 'elig.diploma.none');
			const re = await holders[0].api(`/api/v1/me/applications/${a.id}`, {
				method: 'POST', json: { ...facts32a(0, 'senior_technical_school'), work_start: '2011-03-01', documents: [{ name: '原件.pdf', data: b64(PDF) }] },
			});
			assert.equal(re.status, 200, re.text);
			const now = (await holders[0].api(`/api/v1/me/applications/${a.id}`)).json;
			assert.equal(now.status, 'submitted');
			assert.equal(now.diploma_type, 'senior_technical_school');
			assert.equal(now.documents.filter((d) => d.kind === 'document').length, 3);
			const acc = await decide(p3, a.id, { decision: 'accept', reason: '材料齐全，准予报名' });
			assert.equal(acc.status, 200, acc.text);
			assert.ok(acc.json.enrolment_id > 0);
			// the decision reaches the center's webhook, signed, with the enrolment it made
			// (the return before it too, and first: in order, once or more each)
			const ofA = (g) => g.json?.data?.application_id === a.id;
			await sink.until((got) => got.some((g) => ofA(g) && g.json.data.status === 'accepted'), 20000, 'application.decided');
			const evs = sink.got.filter(ofA).filter((g, i, all) => all.findIndex((x) => x.json.id === g.json.id) === i);
			assert.deepEqual(evs.map((g) => g.json.data.status), ['returned', 'accepted']);
			const ev = evs[1];
			assert.equal(ev.json.type, 'application.decided');
			assert.deepEqual([ev.json.data.plan_id, ev.json.data.enrolment_id], [p3, acc.json.enrolment_id]);
			verifySignature(ev.headers['skillcert-signature'], ev.body, hookSecret);
			assert.ok(!sink.got.some((g) => g.json?.type !== 'application.decided'), 'only the kind subscribed to');
			const plan = await h.api(`/api/v1/plans/${p3}`);
			const e = (plan.json.enrolments ?? plan.json.plan?.enrolments).find((x) => x.id === acc.json.enrolment_id);
			assert.ok(e, plan.text.slice(0, 300));
			assert.equal(e.route, '3-2a', 'the route the holder chose');
			const dip = await sql(h.server, `SELECT type FROM person_diploma WHERE person_id = ${persons[0]}`);
			assert.match(dip, /senior_technical_school/, 'the diploma recorded on the person');
			const cert = await sql(h.server, `SELECT number FROM person_certificate WHERE person_id = ${persons[0]}`);
			assert.ok(cert.includes(certs[0].number), 'the prior certificate recorded');
			const ws = await sql(h.server, `SELECT work_start FROM person WHERE id = ${persons[0]}`);
			assert.match(ws, /2011-03-01/, 'the work start recorded');
			const mine = await holders[0].api(`/api/v1/me/applications/${a.id}`);
			assert.deepEqual([mine.json.status, mine.json.reason, mine.json.enrolment_id], ['accepted', '材料齐全，准予报名', acc.json.enrolment_id]);
			assert.match((await holders[0].get('/me/applications?lang=en')).text, /b-accepted[^>]*>Accepted</);
			for (const action of ['application.return', 'application.accept', 'person.diploma', 'person.certificate']) {
				const audit = await h.api(`/api/v1/audit?action=${action}`);
				assert.equal(audit.json.items.length, 1, `${action}: ${audit.text}`);
			}
		});

		it('rejected with a reason the holder sees; the plan may then be applied to again', async () => {
			const [a] = (await holders[1].api('/api/v1/me/applications')).json.applications;
			const s = await login(h.server.base, h.user.name, h.user.password);
			const list = await s.get(`/plans/${p3}/applications`);
			assert.equal(list.status, 200);
			assert.ok(list.text.includes(`id="application-${a.id}"`) && list.text.includes('符合所选申报条件'), 'the verdict recomputed');
			const r = await s.post(`/plans/${p3}/applications/${a.id}/decide`, { decision: 'reject', reason: '证书信息与原件不符' });
			assert.equal(r.status, 303, r.text.slice(0, 300));
			const mine = await holders[1].get('/me/applications');
			assert.ok(mine.text.includes('证书信息与原件不符') && mine.text.includes('b-rejected'), 'the reason');
			assert.equal((await h.api('/api/v1/audit?action=application.reject')).json.items.length, 1);
			const again = await submit(1, { plan_id: p3, ...facts32a(1) });
			assert.equal(again.status, 201, again.text);
			// in English too (a session of its own: the choice is remembered)
			const en = await login(h.server.base, 'apply.holder1', pw[1]);
			const form = await en.get(`/plans/${p3}/apply?lang=en`);
			assert.equal(form.status, 200);
			assert.ok(form.text.includes('Application route') && form.text.includes('Submit the application'), 'the form in English');
			const listEn = await en.get('/me/applications?lang=en');
			assert.ok(listEn.text.includes('My applications') && listEn.text.includes('Rejected') && listEn.text.includes('Submitted'), 'English');
		});

		it('audience: the institution\'s own staff by its credit code; partners by theirs', async () => {
			const staffPlan = await planOf(h.api, station);
			await ok(offer(staffPlan, openTo({ audience: 'staff' })), 200, 'staff offer');
			await sql(h.server, `UPDATE institution SET credit_code = '${STATION_CODE}' WHERE id = ${station.id}`);
			const f = { plan_id: staffPlan, route_id: '4-2' };
			for (const code of [undefined, PARTNER_A]) {
				const r = await submit(0, { ...f, employer_credit_code: code });
				assert.equal(r.status, 422, r.text);
				assert.equal(r.json.error.field, 'employer_credit_code');
			}
			assert.equal((await submit(0, { ...f, employer_credit_code: STATION_CODE })).status, 201);
			const partnerPlan = await planOf(h.api, station);
			openPlanFor1 = partnerPlan;
			await ok(offer(partnerPlan, openTo({ audience: 'partners', partners: [PARTNER_A] })), 200, 'partner offer');
			const no = await submit(0, { plan_id: partnerPlan, route_id: '4-2', employer_credit_code: STATION_CODE });
			assert.equal(no.status, 422, no.text);
			assert.equal(no.json.error.field, 'employer_credit_code');
			assert.equal((await submit(0, { plan_id: partnerPlan, route_id: '4-2', employer_credit_code: PARTNER_A })).status, 201);
			// the code is the holder's word: the review card says so, with the code, in both languages
			const staff = await login(h.server.base, h.user.name, h.user.password);
			for (const [plan, code] of [[staffPlan, STATION_CODE], [partnerPlan, PARTNER_A]]) {
				const zh = (await staff.get(`/plans/${plan}/applications`)).text;
				assert.ok(zh.includes(`单位代码为申请人自填，请核实在职证明：<span class="code">${code}</span>`), `flagged on ${plan}`);
				const en = (await staff.get(`/plans/${plan}/applications`, { headers: { 'Accept-Language': 'en' } })).text;
				assert.ok(en.includes(`typed by the applicant: check the proof of employment: <span class="code">${code}</span>`), 'in English');
			}
			const pub = (await staff.get(`/plans/${p3}/applications`)).text;
			assert.ok(pub.includes('id="plan-applications"') && !pub.includes('请核实在职证明'), 'not on a public plan');
		});

		it('the window and the places: not open yet or closed is 422; a full plan is 409; an enrolment refused on acceptance leaves the application as it was', async () => {
			const plan = await planOf(h.api, station, { capacity: 1 });
			for (const [opens, closes] of [[day(2), day(9)], [day(-9), day(-1)]]) {
				await ok(offer(plan, openTo({ opens_on: opens, closes_on: closes })), 200, 'window');
				const r = await submit(0, { plan_id: plan, route_id: '4-2' });
				assert.equal(r.status, 422, r.text);
				assert.match(r.json.error.message, /报名期/);
			}
			await ok(offer(plan, openTo()), 200, 'open');
			const a = await submit(0, { plan_id: plan, route_id: '4-2' });
			assert.equal(a.status, 201, a.text);
			// the last place taken meanwhile by an enrolment staff make
			const other = await ok(h.api('/api/v1/people', { method: 'POST', json: { name: nextName(), id_number: nextIdNumber(), employer: '某厂', work_start: '2010-01-01' } }), 201, 'person');
			await ok(h.api(`/api/v1/plans/${plan}/enrolments`, { method: 'POST', json: { person_id: other.json.id } }), 201, 'enrol');
			const full = await decide(plan, a.json.id, { decision: 'accept', reason: '同意' });
			assert.equal(full.status, 422, full.text);
			assert.match(full.json.error.message, /满/);
			assert.equal((await holders[0].api(`/api/v1/me/applications/${a.json.id}`)).json.status, 'submitted', 'unchanged');
			const late = await submit(1, { plan_id: plan, route_id: '4-2' });
			assert.equal(late.status, 409, late.text);
			assert.match(late.json.error.message, /名额已满/);
			// the list's button: none on a full plan, "applied" where one is live,
			// a sign-in first for a visitor
			const list = (await holders[1].get('/apply')).text;
			assert.ok(!list.includes(`href="/plans/${plan}/apply"`) && list.includes('本计划名额已满'), 'no button on a full plan');
			assert.ok(!list.includes(`href="/plans/${p3}/apply"`) && list.includes('已报名'), 'applied already');
			assert.ok(list.includes(`href="/plans/${openPlanFor1}/apply"`), 'a plan open to them');
			const anon = (await http(h.server.base, '/apply')).text;
			assert.ok(anon.includes(`/login?next=/plans/${p3}/apply`), 'a visitor signs in first');
		});

		it('two acceptances at once for the last place (two server processes): exactly one enrolment, the other refused "full" and still submitted', async () => {
			// a second server on the same data: the acceptances really run at once
			const second = await startServer({ engine, db: h.server.db, dataDir: h.server.dataDir, tag: 'apply3', args: ['--verify-rate', '0'] });
			try {
				for (let round = 0; round < 3; round++) {
					const plan = await planOf(h.api, station, { capacity: 1 });
					await ok(offer(plan, openTo()), 200, 'open');
					const ids = [];
					for (const i of [0, 1])
						ids.push((await ok(submit(i, { plan_id: plan, route_id: '4-2' }), 201, `apply ${i}`)).json.id);
					const both = await Promise.all(ids.map((id, i) => http([h.server.base, second.base][i], `/api/v1/plans/${plan}/applications/${id}/decision`, {
						method: 'POST', headers: { Authorization: `Bearer ${h.token}` }, json: { decision: 'accept', reason: '同意' },
					})));
					const rows = await sql(h.server, `SELECT COUNT(*) FROM enrolment WHERE plan_id = ${Number(plan)} AND status = 'enrolled'`);
					assert.equal(rows.trim(), '1', `round ${round}: one enrolment: ${both.map((r) => r.text).join(' ')}`);
					assert.deepEqual(both.map((r) => r.status).sort(), [200, 422], both.map((r) => r.text).join(' '));
					const lost = both.findIndex((r) => r.status === 422);
					assert.match(both[lost].json.error.message, /计划人数已满/);
					assert.equal((await holders[lost].api(`/api/v1/me/applications/${ids[lost]}`)).json.status, 'submitted', 'the other still submitted');
				}
			} finally {
				await second.stop();
			}
		});

		it('only a valid certificate counts: a suspended one is refused naming cert_id, left off the form, and refused on acceptance if suspended since', async () => {
			const q = await planOf(h.api, station, { level: 3 });
			await ok(offer(q, openTo()), 200, 'offer q');
			const r = await planOf(h.api, station, { level: 3 });
			await ok(offer(r, openTo()), 200, 'offer r');
			const a = await ok(submit(1, { plan_id: q, ...facts32a(1) }), 201, 'submitted while valid');
			await ok(h.api(`/api/v1/certificates/${certs[1].id}/status`, { method: 'POST', json: { action: 'suspend', reason: '核查中' } }), 200, 'suspend');
			const acc = await decide(q, a.json.id, { decision: 'accept', reason: '同意' });
			assert.equal(acc.status, 422, acc.text);
			assert.equal(acc.json.error.field, 'cert_id', acc.text);
			assert.match(acc.json.error.message, /撤销或暂停/);
			assert.equal((await holders[1].api(`/api/v1/me/applications/${a.json.id}`)).json.status, 'submitted', 'unchanged');
			const bad = await submit(1, { plan_id: r, ...facts32a(1) });
			assert.equal(bad.status, 422, bad.text);
			assert.equal(bad.json.error.field, 'cert_id', bad.text);
			assert.match(bad.json.error.message, /撤销或暂停/);
			const form = await holders[1].get(`/plans/${r}/apply`);
			assert.equal(form.status, 200, form.text.slice(0, 300));
			assert.ok(!form.text.includes(certs[1].number), 'a suspended certificate is not offered');
			const post = await holders[1].post(`/plans/${r}/apply`, { route_id: '3-2a', cert_id: String(certs[1].id), diploma_type: 'technician_college', graduated_on: '2015-07-01' });
			assert.equal(post.status, 422, post.text.slice(0, 300));
			assert.ok(post.text.includes('撤销或暂停'), 'the refusal named');
		});
	});
}
