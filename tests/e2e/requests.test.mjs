// Requests a holder starts about one of their certificates and the issuing
// institution's staff decide (issue 12), on both engines: a correction
// (which field, what is wrong), a change of name (证书更名: accepted, the
// certificate is superseded by one in the new name) or a lost-certificate
// reprint, filed from "my certificates"; staff of the certificate's
// institution list them and
// accept or refuse with a reason the holder then sees; each step audited.
// A second holder files nothing on the first's certificate and sees none
// of the first's requests; staff of another institution neither list nor
// decide them.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';

import { closedPlan, makeStation } from './certlib.mjs';
import { createInstitution, describeWithServer, engines, http, login, makeUser, newPassword, uniqueName } from './lib.mjs';

for (const engine of engines()) {
	describeWithServer(`holders' requests [${engine}]`, { engine, tag: 'requests', user: true, args: ['--verify-rate', '0'] }, (h) => {
		let station;
		let certs; // [holder a's, holder b's]
		let stationAdmin; // an institution_admin of the station (made by the staff test)
		const pw = [newPassword(), newPassword()];
		const holder = (i) => login(h.server.base, `req.holder${i}`, pw[i]);

		before(async () => {
			station = await makeStation(h.server, h.api);
			const p = await closedPlan(h.server, h.api, station, { pass: 2 });
			const r = await h.api(`/api/v1/plans/${p.plan}/certificates`, { method: 'POST' });
			assert.ok(r.status === 200 || r.status === 201, r.text);
			const all = (await h.api(`/api/v1/certificates?plan=${p.plan}`)).json.certificates;
			certs = [];
			for (const i of [0, 1]) {
				const who = p.candidates[i];
				const c = all.find((x) => x.holder_name === who.name);
				certs.push(c);
				const claim = await http(h.server.base, '/api/v1/holder/claim', {
					method: 'POST', json: { number: c.number, token: c.qr_token, name: who.name, id_number: who.id_number, username: `req.holder${i}`, password: pw[i] },
				});
				assert.equal(claim.status, 201, claim.text);
			}
		});

		it('a holder files a correction and a reprint from my certificates; bad input is a 4xx naming the field', async () => {
			const s = await holder(0);
			const c = certs[0];
			const page = await s.get('/me/certificates?lang=en');
			assert.match(page.text, new RegExp(`action="/me/certificates/${c.id}/requests"`));
			assert.match(page.text, /Corrections and reprints/);
			const post = (form) => s.post(`/me/certificates/${c.id}/requests`, form);
			for (const [form, field] of [[{ kind: 'refund', detail: 'x' }, 'kind'], [{ kind: 'correction', detail: 'x' }, 'field'],
				[{ kind: 'correction', field: 'name', detail: '' }, 'detail'], [{ kind: 'correction', field: 'name', detail: '字'.repeat(1001) }, 'detail']]) {
				const bad = await post(form);
				assert.equal(bad.status, 422, `${JSON.stringify(form).slice(0, 80)}: ${bad.status}`);
				assert.ok(bad.text.length > 0, field);
			}
			assert.equal((await post({ kind: 'correction', field: 'name', detail: '姓名中的“鑫”误印为“鋆”' })).status, 303);
			const again = await post({ kind: 'correction', field: 'level', detail: '另一处' });
			assert.equal(again.status, 409, 'one open correction per certificate');
			assert.equal((await post({ kind: 'reprint', detail: '证书在搬家时遗失' })).status, 303);
			const mine = await s.get('/me/certificates?lang=en');
			const block = mine.text.match(new RegExp(`<section class="requests" id="requests-${c.id}">[\\s\\S]*?</section>`));
			assert.ok(block, mine.text.slice(0, 300));
			assert.match(block[0], /Correction · Name/);
			assert.match(block[0], /Reprint of a lost certificate/);
			assert.equal((block[0].match(/b-open/g) || []).length, 2, block[0]);
			const audit = await h.api('/api/v1/audit?action=request.file');
			assert.equal(audit.json.items.filter((x) => x.object_id === c.number && x.actor === 'req.holder0').length, 2, audit.text);
		});

		it('a second holder files nothing on the first\'s certificate and sees none of the first\'s requests', async () => {
			const s = await holder(1);
			const r = await s.post(`/me/certificates/${certs[0].id}/requests`, { kind: 'reprint', detail: '冒名' });
			assert.equal(r.status, 404);
			const page = await s.get('/me/certificates?lang=en');
			assert.ok(!page.text.includes('误印') && !page.text.includes(`requests-${certs[0].id}`), 'nothing of the first holder');
			assert.ok(!page.text.includes('b-open'), 'the second holder has no request');
			// a staff account has no holder requests to file
			const staff = await login(h.server.base, h.user.name, h.user.password);
			assert.equal((await staff.post(`/me/certificates/${certs[0].id}/requests`, { kind: 'reprint' })).status, 404);
		});

		it('staff of the institution list and decide with a reason the holder sees; a decided request stays decided; others are refused', async () => {
			const admin = await makeUser(h.server, 'req-station-admin', { role: 'institution_admin', institution: station.id, token: false });
			stationAdmin = admin;
			const s = await login(h.server.base, admin.name, admin.password);
			const list = await s.get(`/institutions/${station.id}/requests?lang=en`);
			assert.equal(list.status, 200, list.text.slice(0, 300));
			assert.ok(list.text.includes(certs[0].number) && list.text.includes('误印') && list.text.includes('搬家'), 'both requests, their details');
			const ids = [...list.text.matchAll(/<li class="request" data-id="(\d+)"/g)].map((m) => Number(m[1]));
			assert.equal(ids.length, 2);
			const open = await s.get(`/institutions/${station.id}/requests?status=open`);
			assert.equal([...open.text.matchAll(/data-id="\d+"/g)].length, 2);
			assert.equal((await s.get(`/institutions/${station.id}/requests?status=lost`)).status, 422);
			// the older is the correction, the newer the reprint
			const [reprint, correction] = ids;
			const decide = (sess, id, form) => sess.post(`/requests/${id}/decide`, { institution: String(station.id), ...form });
			assert.equal((await decide(s, correction, { decision: 'accept', reason: '' })).status, 422, 'a reason is needed');
			assert.equal((await decide(s, correction, { decision: 'maybe', reason: 'x' })).status, 422);
			// staff of another institution: neither the list nor a decision
			const other = await createInstitution(h.server.base, { name: uniqueName('申请外机构'), type: 'center', province: '11' }, h.token);
			const outsider = await makeUser(h.server, 'req-outsider', { role: 'institution_admin', institution: other.id, token: false });
			const o = await login(h.server.base, outsider.name, outsider.password);
			assert.equal((await o.get(`/institutions/${station.id}/requests`)).status, 403);
			assert.ok([403, 404].includes((await decide(o, correction, { decision: 'accept', reason: '越权' })).status));
			const refused = await decide(s, correction, { decision: 'refuse', reason: '档案中的姓名即为“鋆”，请携身份证到机构核对' });
			assert.equal(refused.status, 303);
			assert.equal(refused.headers.get('location'), `/institutions/${station.id}/requests`);
			assert.equal((await decide(s, correction, { decision: 'accept', reason: '改主意' })).status, 409, 'decided once');
			assert.equal((await decide(s, reprint, { decision: 'accept', reason: '同意补发，请于五个工作日后领取' })).status, 303);
			const holderPage = await (await holder(0)).get('/me/certificates?lang=en');
			assert.match(holderPage.text, /b-refused[\s\S]*?Staff&#39;s reason: 档案中的姓名即为/);
			assert.match(holderPage.text, /b-accepted[\s\S]*?Staff&#39;s reason: 同意补发/);
			const acc = await h.api('/api/v1/audit?action=request.accept');
			assert.ok(acc.json.items.some((x) => x.object_id === certs[0].number && x.actor === admin.name && /reprint/.test(JSON.stringify(x))), acc.text);
			const ref = await h.api('/api/v1/audit?action=request.refuse');
			assert.ok(ref.json.items.some((x) => x.object_id === certs[0].number), ref.text);
			// a new correction may be filed once the earlier one is decided
			assert.equal((await (await holder(0)).post(`/me/certificates/${certs[0].id}/requests`, { kind: 'correction', field: 'name', detail: '已核对，仍需更正' })).status, 303);
		});

		it('a change of name (证书更名): accepted, the certificate is superseded by one in the new name, in one step', async () => {
			const s = await holder(1);
			const c = certs[1];
			const post = (form) => s.post(`/me/certificates/${c.id}/requests`, form);
			assert.equal((await post({ kind: 'rename', detail: '' })).status, 422);
			assert.equal((await post({ kind: 'rename', detail: '名'.repeat(51) })).status, 422);
			assert.equal((await post({ kind: 'rename', detail: '李新名' })).status, 303);
			const staff = await login(h.server.base, stationAdmin.name, stationAdmin.password);
			const list = await staff.get(`/institutions/${station.id}/requests?status=open&lang=en`);
			const m = list.text.match(/<li class="request" data-id="(\d+)"><h2><a href="\/certificates\/(\d+)"[^>]*>[^<]*<\/a>[^<]*<\/h2><dl class="facts"><dt>Request<\/dt><dd>Change of name/);
			assert.ok(m, list.text.slice(0, 400));
			assert.equal(Number(m[2]), c.id);
			const done = await staff.post(`/requests/${m[1]}/decide`, { institution: String(station.id), decision: 'accept', reason: '已核对户籍证明' });
			assert.equal(done.status, 303, done.text.slice(0, 300));
			const old = (await h.api(`/api/v1/certificates/${c.id}`)).json;
			assert.equal(old.certificate ? old.certificate.status : old.status, 'superseded', JSON.stringify(old).slice(0, 300));
			const mine = (await s.api('/api/v1/me/certificates')).json.certificates;
			const fresh = mine.find((x) => x.id !== c.id);
			assert.ok(fresh && fresh.status === 'valid', JSON.stringify(mine));
			const y = (await h.api(`/api/v1/certificates/${fresh.id}`)).json;
			assert.equal((y.certificate || y).holder_name, '李新名');
			const sup = await h.api('/api/v1/audit?action=certificate.supersede');
			assert.ok(sup.json.items.some((x) => x.object_id === c.number), sup.text);
			const page = await s.get('/me/certificates?lang=en');
			assert.match(page.text, /Change of name · Name[\s\S]*?b-accepted/);
		});
	});
}
