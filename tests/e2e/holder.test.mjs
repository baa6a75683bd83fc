// Holder accounts (issue 12), on both engines: a worker claims an account
// with one of their certificates — its number, its QR token, their name
// and ID number, all four — through the API and the /claim page. Any wrong
// part is the same 404 (no oracle for which), the claim draws on the public
// lookups' allowance, one account per person (409), the account holds no
// staff grant (none can be given) and reaches no staff page or endpoint.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';

import { closedPlan, makeStation, nextIdNumber, pngPhoto, sql } from './certlib.mjs';
import { Session, describeWithServer, engines, http, login, newPassword, startServer } from './lib.mjs';

const CLOCK = { SKILLCERT_TEST_NOW: '2024-09-01T04:00:00Z', SKILLCERT_TEST_CLOCK: 'test-only' };

for (const engine of engines()) {
	describeWithServer(`holder accounts [${engine}]`, { engine, tag: 'holder', user: true, args: ['--verify-rate', '0'] }, (h) => {
		let certs; // the plan's certificates (staff view: number, qr_token, holder_name)
		let people; // the candidates: name, id_number, person_id
		const zeroPassword = newPassword();
		const twoPassword = newPassword();
		const claim = (json) => http(h.server.base, '/api/v1/holder/claim', { method: 'POST', json });
		const proofOf = (i) => {
			const c = certs.find((x) => x.holder_name === people[i].name);
			return { number: c.number, token: c.qr_token, name: people[i].name, id_number: people[i].id_number };
		};

		before(async () => {
			const s = await h.server.cli(['setting', 'set', 'public_url', h.server.base]);
			assert.equal(s.code, 0, s.stderr);
			const station = await makeStation(h.server, h.api);
			const p = await closedPlan(h.server, h.api, station, { pass: 3 });
			const r = await h.api(`/api/v1/plans/${p.plan}/certificates`, { method: 'POST' });
			assert.ok(r.status === 200 || r.status === 201, r.text);
			const l = await h.api(`/api/v1/certificates?plan=${p.plan}`);
			assert.equal(l.status, 200, l.text);
			certs = l.json.certificates;
			people = p.candidates;
			assert.equal(certs.length, 3);
		});

		it('a missing part is a 422 naming the field; a bad username or password follows the staff rules', async () => {
			const good = { ...proofOf(0), username: 'holder.zero', password: newPassword() };
			for (const field of ['number', 'token', 'name', 'id_number', 'username']) {
				const r = await claim({ ...good, [field]: '' });
				assert.equal(r.status, 422, `${field}: ${r.text}`);
				assert.equal(r.json.error.field, field, r.text);
			}
			const weak = await claim({ ...good, password: 'short' });
			assert.equal(weak.status, 422, weak.text);
			assert.equal(weak.json.error.field, 'password');
			const bad = await claim({ ...good, username: 'Not A Name' });
			assert.equal(bad.status, 422, bad.text);
			assert.equal(bad.json.error.field, 'username');
		});

		it('any one wrong part of the four: the same 404, the same body; nothing is created', async () => {
			const good = { ...proofOf(0), username: 'holder.zero', password: newPassword() };
			const other = proofOf(1);
			const wrongs = {
				number: { number: other.number },
				unknown_number: { number: good.number.slice(0, -1) + (good.number.endsWith('9') ? '8' : '9') },
				token: { token: other.token },
				name: { name: other.name },
				id_number: { id_number: other.id_number },
				invalid_id: { id_number: '123' },
				another_id: { id_number: nextIdNumber() },
			};
			const bodies = new Set();
			for (const [what, change] of Object.entries(wrongs)) {
				const r = await claim({ ...good, ...change });
				assert.equal(r.status, 404, `${what}: ${r.text}`);
				assert.equal(r.json.error.field ?? null, null, `${what} names no field`);
				bodies.add(JSON.stringify({ ...r.json, error: { ...r.json.error, request_id: undefined } }));
			}
			assert.equal(bodies.size, 1, `one answer for every wrong part: ${[...bodies].join('\n')}`);
			assert.equal((await h.server.cli(['user', 'list'])).stdout.includes('holder.zero'), false);
		});

		it('the four parts right: an account of the holder, no grant, audited; the QR address works as the token', async () => {
			const password = zeroPassword;
			const proof = proofOf(0);
			const r = await claim({ ...proof, token: `${h.server.base}/v/${proof.token}`, username: 'holder.zero', password });
			assert.equal(r.status, 201, r.text);
			assert.equal(r.json.username, 'holder.zero');
			const s = await login(h.server.base, 'holder.zero', password);
			const me = await s.api('/api/v1/me');
			assert.equal(me.status, 200, me.text);
			assert.deepEqual(me.json.grants, []);
			assert.equal(me.json.person_id, people[0].person_id);
			assert.equal(me.json.must_change_password, false);
			const audit = await h.api('/api/v1/audit?action=holder.claim');
			assert.equal(audit.status, 200, audit.text);
			assert.ok(audit.json.items.some((x) => x.object_id === 'holder.zero' && x.actor === 'holder.zero'), audit.text);
			assert.ok(!audit.text.includes(proof.id_number), 'the ID number is not in the trail');
		});

		it('one account per person: a second claim is 409 and a taken username is 409 on username', async () => {
			const again = await claim({ ...proofOf(0), username: 'holder.again', password: newPassword() });
			assert.equal(again.status, 409, again.text);
			assert.equal(again.json.error.field ?? null, null);
			const taken = await claim({ ...proofOf(1), username: 'holder.zero', password: newPassword() });
			assert.equal(taken.status, 409, taken.text);
			assert.equal(taken.json.error.field, 'username');
		});

		it('a holder account reaches no staff page or endpoint, and is given no staff grant', async () => {
			const password = twoPassword;
			assert.equal((await claim({ ...proofOf(2), username: 'holder.two', password })).status, 201);
			const s = await login(h.server.base, 'holder.two', password);
			for (const p of ['/api/v1/people', '/api/v1/certificates', '/api/v1/audit', `/api/v1/people/${people[2].person_id}`])
				assert.equal((await s.api(p)).status, 403, p);
			for (const p of ['/people', '/certificates', '/admin/users', '/audit'])
				assert.ok([403, 404].includes((await s.get(p)).status), p);
			const g = await h.server.cli(['user', 'grant', 'holder.two', '--role', 'center_admin', '--institution', '0']);
			assert.notEqual(g.code, 0, 'no grant for a holder');
			assert.match(g.stderr, /holder|持证人/i, g.stderr);
			const me = await s.api('/api/v1/me');
			assert.deepEqual(me.json.grants, []);
		});

		it('my certificates: the holder\'s own, with status, PDF, the signed credential (.jwt and OB 3.0 JSON)', async () => {
			const s = await login(h.server.base, 'holder.zero', zeroPassword);
			const mine = await s.api('/api/v1/me/certificates');
			assert.equal(mine.status, 200, mine.text);
			const c = certs.find((x) => x.holder_name === people[0].name);
			assert.deepEqual(mine.json.certificates.map((x) => [x.number, x.status, x.share_id]), [[c.number, 'valid', null]]);
			const page = await s.get('/me/certificates');
			assert.equal(page.status, 200);
			assert.ok(page.text.includes(c.number));
			assert.ok(!page.text.includes(certs.find((x) => x.holder_name === people[1].name).number), 'no one else\'s');
			const pdf = await s.get(`/me/certificates/${c.id}/certificate.pdf`);
			assert.equal(pdf.status, 200);
			assert.equal(pdf.headers.get('content-type'), 'application/pdf');
			const jwt = await s.get(`/me/certificates/${c.id}/credential.jwt`);
			assert.equal(jwt.status, 200);
			assert.equal(jwt.text, (await h.api(`/api/v1/certificates/${c.id}/credential`)).text);
			const json = await s.get(`/me/certificates/${c.id}/credential.json`);
			assert.equal(json.status, 200);
			const ob = JSON.parse(json.text);
			assert.ok(JSON.stringify(ob).includes('OpenBadgeCredential'), json.text.slice(0, 200));
			assert.deepEqual(ob, JSON.parse(Buffer.from(jwt.text.split('.')[1], 'base64url').toString('utf8')));
		});

		it('sharing: on gives a random public page (status, issuer, no ID number), off makes it 404', async () => {
			const s = await login(h.server.base, 'holder.zero', zeroPassword);
			const c = certs.find((x) => x.holder_name === people[0].name);
			const on = await s.api(`/api/v1/me/certificates/${c.id}/share`, { method: 'POST', json: { on: true } });
			assert.equal(on.status, 200, on.text);
			const sid = on.json.share_id;
			assert.match(sid, /^[A-Za-z0-9_-]{43}$/);
			const pub = await http(h.server.base, `/c/${sid}`);
			assert.equal(pub.status, 200, pub.text.slice(0, 300));
			for (const want of [c.number, '有效', c.institution_name || ''])
				assert.ok(pub.text.includes(want), `the public page shows ${want}`);
			assert.ok(!pub.text.includes(people[0].id_number) && !/\*{6,}/.test(pub.text), 'no ID number, not even masked');
			assert.ok(!/<img/i.test(pub.text), 'no photo');
			assert.match(pub.text, new RegExp(`href="/v/${c.qr_token.replace(/\./g, '\\.')}"`));
			const again = await s.api(`/api/v1/me/certificates/${c.id}/share`, { method: 'POST', json: { on: true } });
			assert.equal(again.json.share_id, sid, 'switching on twice keeps the page');
			const bad = await s.api(`/api/v1/me/certificates/${c.id}/share`, { method: 'POST', json: { on: 'yes' } });
			assert.equal(bad.status, 422);
			assert.equal(bad.json.error.field, 'on');
			const off = await s.api(`/api/v1/me/certificates/${c.id}/share`, { method: 'POST', json: { on: false } });
			assert.deepEqual([off.status, off.json.share_id], [200, null]);
			assert.equal((await http(h.server.base, `/c/${sid}`)).status, 404);
			const on2 = await s.api(`/api/v1/me/certificates/${c.id}/share`, { method: 'POST', json: { on: true } });
			assert.notEqual(on2.json.share_id, sid, 'a new switch-on draws a new id');
			assert.equal((await http(h.server.base, `/c/${'A'.repeat(43)}`)).status, 404);
			const audit = await h.api('/api/v1/audit?action=holder.share');
			assert.ok(audit.json.items.some((x) => x.object_id === c.number && x.actor === 'holder.zero'), audit.text);
		});

		it('a second holder reads and changes nothing of the first: certificates, PDF, credential, share switch', async () => {
			const s2 = await login(h.server.base, 'holder.two', twoPassword);
			const c = certs.find((x) => x.holder_name === people[0].name);
			const mine = await s2.api('/api/v1/me/certificates');
			assert.deepEqual(mine.json.certificates.map((x) => x.number), [certs.find((x) => x.holder_name === people[2].name).number]);
			for (const p of [`/me/certificates/${c.id}/certificate.pdf`, `/me/certificates/${c.id}/credential.jwt`, `/me/certificates/${c.id}/credential.json`])
				assert.equal((await s2.get(p)).status, 404, p);
			const before = (await h.api(`/api/v1/certificates/${c.id}`)).text;
			const share = await s2.api(`/api/v1/me/certificates/${c.id}/share`, { method: 'POST', json: { on: false } });
			assert.equal(share.status, 404, share.text);
			const page = await s2.post(`/me/certificates/${c.id}/share`, { on: '0' });
			assert.equal(page.status, 404);
			const first = await login(h.server.base, 'holder.zero', zeroPassword);
			assert.notEqual((await first.api('/api/v1/me/certificates')).json.certificates[0].share_id, null, 'still shared');
			assert.equal((await h.api(`/api/v1/certificates/${c.id}`)).text, before);
			// a staff account has no "my certificates"
			assert.equal((await h.api('/api/v1/me/certificates')).status, 404);
		});

		it('my certificates shows each one\'s subsidy: the verdict, the amount band, the deadline counting down; nothing of another holder\'s', async () => {
			const mine = certs.find((x) => x.holder_name === people[2].name);
			const other = certs.find((x) => x.holder_name === people[0].name);
			const s2 = await login(h.server.base, 'holder.two', twoPassword);
			// issued today (after the last confirmed version of the rules): needs checking
			const today = await s2.get('/me/certificates?lang=en');
			assert.equal(today.status, 200);
			const block = today.text.match(new RegExp(`<section class="subsidy" id="subsidy-${mine.id}">[\\s\\S]*?</section>`));
			assert.ok(block, today.text.slice(0, 400));
			assert.match(block[0], /Skill-upgrade subsidy/);
			assert.match(block[0], /Needs checking/);
			assert.ok(!today.text.includes(`id="subsidy-${other.id}"`), 'no block of another holder\'s certificate');
			// issued on the day of a clock in 2024: the 2022 rules, 365 days left
			await sql(h.server, `UPDATE certificate SET issued_on = '2024-09-01' WHERE id = ${mine.id}`);
			const srv = await startServer({ engine, db: h.server.db, dataDir: h.server.dataDir, tag: 'holder24', env: CLOCK });
			try {
				const s = await login(srv.base, 'holder.two', twoPassword);
				const page = await s.get('/me/certificates?lang=en');
				assert.equal(page.status, 200);
				assert.match(page.text, /2025-08-31 \(365 days left\)/);
				assert.match(page.text, /Up to ¥(1000|1500|2000)</);
				const zh = await s.get('/me/certificates?lang=zh');
				assert.match(zh.text, /2025-08-31（还剩 365 天）/);
			} finally {
				assert.equal(await srv.stop('SIGTERM', 10000, { keepData: true }), 0);
			}
			// moved back a year: the window has closed, the day named
			await sql(h.server, `UPDATE certificate SET issued_on = '2023-06-10' WHERE id = ${mine.id}`);
			const closed = await s2.get('/me/certificates?lang=en');
			assert.match(closed.text, /2024-06-09 \(closed\)/);
			assert.match(closed.text, /Not eligible/);
		});

		it('the photo switch: the shared page and the QR page show the holder\'s photo only while the holder shows it; separate from sharing; no one else can switch it', async () => {
			const c = certs.find((x) => x.holder_name === people[0].name);
			const photo = pngPhoto();
			const up = await h.api(`/api/v1/people/${people[0].person_id}/photo`, { method: 'POST', body: photo, headers: { 'Content-Type': 'image/png' } });
			assert.ok([200, 201, 204].includes(up.status), up.text);
			const s = await login(h.server.base, 'holder.zero', zeroPassword);
			const sid = (await s.api('/api/v1/me/certificates')).json.certificates[0].share_id;
			assert.ok(sid, 'shared by the earlier test');
			const bytes = async (url) => {
				const r = await fetch(h.server.base + url, { redirect: 'manual' });
				return { status: r.status, type: r.headers.get('content-type'), body: Buffer.from(await r.arrayBuffer()) };
			};
			const pages = async () => ({ shared: (await http(h.server.base, `/c/${sid}`)).text, qr: (await http(h.server.base, `/v/${c.qr_token}`)).text });
			// off (the default): no photo anywhere, its routes 404, though the person has one
			let mine = await s.get('/me/certificates?lang=en');
			assert.match(mine.text, new RegExp(`action="/me/certificates/${c.id}/photo"`));
			assert.match(mine.text, /Photo hidden/);
			let seen = await pages();
			assert.ok(!seen.shared.includes('holder-photo') && !seen.qr.includes('holder-photo'), 'no photo while hidden');
			assert.equal((await bytes(`/c/${sid}/photo`)).status, 404);
			assert.equal((await bytes(`/v/${c.qr_token}/photo`)).status, 404);
			// on: both pages show it, both routes give the very photo
			const on = await s.post(`/me/certificates/${c.id}/photo`, { on: '1' });
			assert.equal(on.status, 303, on.text.slice(0, 300));
			mine = await s.get('/me/certificates?lang=en');
			assert.match(mine.text, /Photo shown/);
			seen = await pages();
			assert.match(seen.shared, new RegExp(`<img class="holder-photo" id="holder-photo" src="/c/${sid}/photo"`));
			assert.ok(seen.qr.includes(`src="/v/${c.qr_token}/photo"`), 'the QR page shows it');
			for (const url of [`/c/${sid}/photo`, `/v/${c.qr_token}/photo`]) {
				const got = await bytes(url);
				assert.equal(got.status, 200, url);
				assert.equal(got.type, 'image/png');
				assert.ok(got.body.equals(photo), `${url}: the holder's photo`);
			}
			assert.ok(!seen.shared.includes(people[0].id_number), 'still no ID number');
			// a token not this certificate's (one character changed) gets nothing
			const bad = c.qr_token.slice(0, -1) + (c.qr_token.endsWith('A') ? 'B' : 'A');
			assert.equal((await bytes(`/v/${bad}/photo`)).status, 404);
			// another holder cannot switch it
			const s2 = await login(h.server.base, 'holder.two', twoPassword);
			assert.equal((await s2.post(`/me/certificates/${c.id}/photo`, { on: '0' })).status, 404);
			assert.equal((await bytes(`/c/${sid}/photo`)).status, 200, 'still shown');
			// off again: gone from both; sharing stays on
			assert.equal((await s.post(`/me/certificates/${c.id}/photo`, { on: '0' })).status, 303);
			assert.equal((await bytes(`/c/${sid}/photo`)).status, 404);
			assert.equal((await bytes(`/v/${c.qr_token}/photo`)).status, 404);
			assert.ok(!(await pages()).shared.includes('holder-photo'));
			assert.equal((await s.api('/api/v1/me/certificates')).json.certificates[0].share_id, sid, 'sharing unchanged');
			const audit = await h.api('/api/v1/audit?action=holder.photo_on');
			assert.ok(audit.json.items.some((x) => x.object_id === c.number && x.actor === 'holder.zero'), audit.text);
			assert.ok((await h.api('/api/v1/audit?action=holder.photo_off')).json.items.some((x) => x.object_id === c.number));
		});

		it('the /claim page: linked from the sign-in page; a wrong part re-renders with 404, the right four make the account', async () => {
			const signIn = await http(h.server.base, '/login');
			assert.match(signIn.text, /href="\/claim"/);
			// a new certificate holder: a fresh plan of one
			const station = await makeStation(h.server, h.api);
			const p = await closedPlan(h.server, h.api, station, { pass: 1 });
			assert.ok([200, 201].includes((await h.api(`/api/v1/plans/${p.plan}/certificates`, { method: 'POST' })).status));
			const c = (await h.api(`/api/v1/certificates?plan=${p.plan}`)).json.certificates[0];
			const who = p.candidates[0];
			const page = new Session(h.server.base);
			const form = await page.get('/claim');
			assert.equal(form.status, 200);
			for (const f of ['number', 'token', 'name', 'id_number', 'username', 'password'])
				assert.match(form.text, new RegExp(`name="${f}"`), f);
			const fields = { number: c.number, token: c.qr_token, name: who.name, id_number: who.id_number, username: 'holder.page', password: newPassword() };
			const wrong = await page.post('/claim', { ...fields, name: `${who.name}x` });
			assert.equal(wrong.status, 404, wrong.text.slice(0, 300));
			assert.match(wrong.text, /未查到与所填信息相符的证书/);
			assert.ok(wrong.text.includes(c.number), 'what was typed is kept');
			const done = await page.post('/claim', fields);
			assert.equal(done.status, 200, done.text.slice(0, 300));
			assert.match(done.text, /id="claimed"/);
			await login(h.server.base, 'holder.page', fields.password);
		});
	});
}

it('a claim draws on the public lookups\' allowance per address: 429 with Retry-After', async () => {
	const srv = await startServer({ engine: 'sqlite', tag: 'holderrate', args: ['--verify-rate', '3'] });
	try {
		const json = { number: 'S000044000123264000001', token: 'v1.x.y', name: '王某', id_number: '11010519491231002X', username: 'holder.rate', password: newPassword() };
		for (let i = 0; i < 3; i++) assert.equal((await http(srv.base, '/api/v1/holder/claim', { method: 'POST', json })).status, 404, `claim ${i + 1} is allowed`);
		const limited = await http(srv.base, '/api/v1/holder/claim', { method: 'POST', json });
		assert.equal(limited.status, 429, limited.text);
		assert.match(limited.headers.get('retry-after') || '', /^\d+$/);
		assert.equal((await http(srv.base, '/api/v1/verify?number=S000044000123264000001&name=%E7%8E%8B%E6%9F%90')).status, 429, 'the same allowance as the lookups');
	} finally {
		assert.equal(await srv.stop(), 0);
	}
});
