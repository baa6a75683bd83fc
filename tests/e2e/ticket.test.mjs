// Claim codes (issue 12), on both engines: staff draw a random code per
// enrolment of a plan (shown once, only its hash kept, nothing of the ID
// number in it); a worker creates a holder account with the code, their
// name and ID number — any wrong part the same 404 as the certificate
// claim — and drawing again replaces the codes.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, it } from 'node:test';

import { closedPlan, makeStation, nextIdNumber, sql } from './certlib.mjs';
import { Session, describeWithServer, engines, http, login, makeDataDir, makeUser, newPassword } from './lib.mjs';

const CODE = /^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/;

/* The text of a PDF (pdftotext), whitespace removed. */
function pdfText(file) {
	return new Promise((resolve, reject) => {
		execFile('pdftotext', [file, '-'], (e, stdout, stderr) => (e ? reject(new Error(`${e.message} ${stderr}`)) : resolve(stdout.replace(/\s+/g, ''))));
	});
}

for (const engine of engines()) {
	describeWithServer(`claim codes [${engine}]`, { engine, tag: 'ticket', user: true, args: ['--verify-rate', '0'] }, (h) => {
		let plan;
		let people; // name, id_number, person_id, enrolment_id
		let codes; // the first draw, by enrolment id
		const passwords = {}; // of the accounts claimed
		let latest; // the second draw, by enrolment id
		const claim = (json) => http(h.server.base, '/api/v1/holder/claim', { method: 'POST', json });
		const draw = () => h.api(`/api/v1/plans/${plan}/claim-codes`, { method: 'POST' });

		before(async () => {
			const station = await makeStation(h.server, h.api);
			const p = await closedPlan(h.server, h.api, station, { pass: 2, fail: 1, close: false });
			plan = p.plan;
			people = p.candidates;
		});

		it('staff draw one random code per enrolment, shown once: only its hash is stored, audited', async () => {
			const r = await draw();
			assert.equal(r.status, 200, r.text);
			assert.equal(r.headers.get('cache-control'), 'no-store');
			assert.deepEqual(r.json.codes.map((x) => x.enrolment_id).sort(), people.map((x) => x.enrolment_id).sort());
			codes = new Map(r.json.codes.map((x) => [x.enrolment_id, x.code]));
			for (const x of r.json.codes) {
				assert.match(x.code, CODE);
				const who = people.find((c) => c.enrolment_id === x.enrolment_id);
				assert.equal(x.name, who.name);
				assert.ok(!x.id_masked.includes(who.id_number), 'the ID number masked');
				assert.ok(!x.code.replace(/-/g, '').includes(who.id_number.slice(-4)), 'nothing of the ID number');
			}
			assert.equal(new Set(codes.values()).size, people.length, 'all different');
			const stored = await sql(h.server, 'SELECT code_hash FROM enrolment_claim');
			for (const code of codes.values()) assert.ok(!stored.includes(code) && !stored.includes(code.replace(/-/g, '')), 'not stored as is');
			assert.equal(stored.trim().split('\n').length, people.length);
			const audit = await h.api('/api/v1/audit?action=plan.claim_codes');
			assert.equal(audit.status, 200, audit.text);
			assert.ok(audit.json.items.some((x) => x.object_id === String(plan)), audit.text);
			for (const code of codes.values()) assert.ok(!audit.text.includes(code), 'no code in the trail');
		});

		it('drawing needs plan.manage on the plan: signed out 401, a holder or another institution refused', async () => {
			assert.equal((await http(h.server.base, `/api/v1/plans/${plan}/claim-codes`, { method: 'POST' })).status, 401);
			const other = await makeUser(h.server, 'ticket.viewer', { role: 'institution_admin', institution: (await makeStation(h.server, h.api)).id });
			const s = await login(h.server.base, other.name, other.password);
			const r = await s.api(`/api/v1/plans/${plan}/claim-codes`, { method: 'POST' });
			assert.ok([403, 404].includes(r.status), r.text);
			assert.equal((await h.api('/api/v1/plans/999999/claim-codes', { method: 'POST' })).status, 404);
		});

		it('a claim with a code: a missing name or ID number is 422; any wrong part the same 404; nothing created', async () => {
			const [a, b] = people;
			const good = { code: codes.get(a.enrolment_id), name: a.name, id_number: a.id_number, username: 'code.zero', password: newPassword() };
			for (const field of ['name', 'id_number']) {
				const r = await claim({ ...good, [field]: '' });
				assert.equal(r.status, 422, `${field}: ${r.text}`);
				assert.equal(r.json.error.field, field);
			}
			const wrongs = {
				code: { code: codes.get(b.enrolment_id) },
				unknown_code: { code: 'AAAA-BBBB-CCCC-DDDD' },
				name: { name: b.name },
				id_number: { id_number: b.id_number },
				another_id: { id_number: nextIdNumber() },
				invalid_id: { id_number: '123' },
			};
			const bodies = new Set();
			for (const [what, change] of Object.entries(wrongs)) {
				const r = await claim({ ...good, ...change });
				assert.equal(r.status, 404, `${what}: ${r.text}`);
				assert.equal(r.json.error.field ?? null, null, `${what} names no field`);
				bodies.add(JSON.stringify({ ...r.json, error: { ...r.json.error, request_id: undefined } }));
			}
			assert.equal(bodies.size, 1, [...bodies].join('\n'));
			assert.equal((await h.server.cli(['user', 'list'])).stdout.includes('code.zero'), false);
		});

		it('the right code, name and ID number (the code typed loosely): the account of that person, no grant, audited', async () => {
			const a = people[0];
			const password = newPassword();
			const typed = ` ${codes.get(a.enrolment_id).toLowerCase().replace(/-/g, ' ')} `;
			const r = await claim({ code: typed, name: a.name, id_number: a.id_number, username: 'code.zero', password });
			assert.equal(r.status, 201, r.text);
			passwords['code.zero'] = password;
			const s = await login(h.server.base, 'code.zero', password);
			const me = await s.api('/api/v1/me');
			assert.equal(me.json.person_id, a.person_id);
			assert.deepEqual(me.json.grants, []);
			const audit = await h.api('/api/v1/audit?action=holder.claim');
			assert.ok(audit.json.items.some((x) => x.object_id === 'code.zero'), audit.text);
			assert.ok(!audit.text.includes(codes.get(a.enrolment_id)), 'no code in the trail');
			const again = await claim({ code: codes.get(a.enrolment_id), name: a.name, id_number: a.id_number, username: 'code.again', password: newPassword() });
			assert.equal(again.status, 409, 'one account per person');
		});

		it('drawing again replaces the codes: the old one is 404, the new one works', async () => {
			const b = people[1];
			const old = codes.get(b.enrolment_id);
			const r = await draw();
			assert.equal(r.status, 200, r.text);
			latest = new Map(r.json.codes.map((x) => [x.enrolment_id, x.code]));
			const fresh = latest.get(b.enrolment_id);
			assert.notEqual(fresh, old);
			const proof = { name: b.name, id_number: b.id_number, username: 'code.one', password: newPassword() };
			assert.equal((await claim({ ...proof, code: old })).status, 404);
			assert.equal((await claim({ ...proof, code: fresh })).status, 201);
			passwords['code.one'] = proof.password;
			// the first holder sees nothing of the second
			const s = await login(h.server.base, 'code.one', proof.password);
			assert.equal((await s.api('/api/v1/me')).json.person_id, b.person_id);
			assert.deepEqual((await s.api('/api/v1/me/certificates')).json.certificates, []);
		});

		it('my results: each enrolment\'s component scores and outcome once published, not before; a second holder sees only their own', async () => {
			const [a, b] = people;
			const zero = await login(h.server.base, 'code.zero', passwords['code.zero']);
			const one = await login(h.server.base, 'code.one', passwords['code.one']);
			const mine = await zero.api('/api/v1/me/results');
			assert.equal(mine.status, 200, mine.text);
			assert.equal(mine.headers.get('cache-control'), 'no-store');
			assert.deepEqual(mine.json.results.map((x) => [x.enrolment_id, x.plan_id, x.outcome]), [[a.enrolment_id, plan, 'pass']]);
			const r = mine.json.results[0];
			assert.equal(r.level, 4);
			assert.ok(r.occupation_name && r.institution_name, mine.text);
			const theory = r.components.find((x) => x.component === 'theory');
			assert.equal(theory.score, '82.5', mine.text);
			assert.ok(r.components.some((x) => x.component === 'practical'), mine.text);
			const other = await one.api('/api/v1/me/results');
			assert.deepEqual(other.json.results.map((x) => x.enrolment_id), [b.enrolment_id], 'only their own');
			assert.ok(!other.text.includes(a.name), 'nothing of the first');
			// before the results are published: nothing
			const status = (await sql(h.server, `SELECT status FROM plan WHERE id = ${Number(plan)}`)).trim();
			await sql(h.server, `UPDATE plan SET status = 'scored' WHERE id = ${Number(plan)}`);
			try {
				const early = await zero.api('/api/v1/me/results');
				assert.deepEqual([early.status, early.json.results], [200, []]);
			} finally {
				await sql(h.server, `UPDATE plan SET status = '${status}' WHERE id = ${Number(plan)}`);
			}
			// a staff account has no results of its own; signed out is 401
			assert.equal((await h.api('/api/v1/me/results')).status, 404);
			assert.equal((await http(h.server.base, '/api/v1/me/results')).status, 401);
		});

		it('the /claim/code page (linked from /claim): no code is 422 on code, a wrong part 404, the right three the account; its /me/results page', async () => {
			const c = people[2]; // the one who failed
			assert.match((await http(h.server.base, '/claim')).text, /href="\/claim\/code"/);
			const page = new Session(h.server.base);
			const form = await page.get('/claim/code');
			assert.equal(form.status, 200);
			for (const f of ['code', 'name', 'id_number', 'username', 'password'])
				assert.match(form.text, new RegExp(`name="${f}"`), f);
			const fields = { code: latest.get(c.enrolment_id), name: c.name, id_number: c.id_number, username: 'code.page', password: newPassword() };
			const none = await page.post('/claim/code', { ...fields, code: '' });
			assert.equal(none.status, 422, none.text.slice(0, 300));
			assert.match(none.text, /请输入领取码/);
			const wrong = await page.post('/claim/code', { ...fields, name: `${c.name}x` });
			assert.equal(wrong.status, 404, wrong.text.slice(0, 300));
			assert.ok(wrong.text.includes(fields.code), 'what was typed is kept');
			const done = await page.post('/claim/code', fields);
			assert.equal(done.status, 200, done.text.slice(0, 300));
			assert.match(done.text, /id="claimed"/);
			const s = await login(h.server.base, 'code.page', fields.password);
			const mine = await s.get('/me/results');
			assert.equal(mine.status, 200, mine.text.slice(0, 300));
			assert.match(mine.text, /href="\/me\/results"/, 'in the menu');
			assert.match(mine.text, new RegExp(`data-enrolment="${c.enrolment_id}"`));
			assert.match(mine.text, /不合格/);
			assert.match(mine.text, /<tr data-component="theory"><td>[^<]+<\/td><td>41\.0<\/td>/);
			assert.ok(!mine.text.includes(people[0].name) && !mine.text.includes(`data-enrolment="${people[0].enrolment_id}"`), 'nothing of another');
			const staff = await login(h.server.base, h.user.name, h.user.password);
			assert.equal((await staff.get('/me/results')).status, 404, 'a staff account has no results page');
		});

		it('admission tickets: a PDF page per candidate (name, masked ID, plan, room, dates, a new claim code, QR), or one; printing draws new codes', async () => {
			const tmp = makeDataDir('ticket-pdf');
			after(() => fs.rmSync(tmp, { recursive: true, force: true }));
			const pdf = async (url, sess) => {
				const r = await fetch(h.server.base + url, { method: 'POST', headers: sess ? { Cookie: sess } : { Authorization: `Bearer ${h.token}` } });
				return { status: r.status, type: r.headers.get('content-type'), body: Buffer.from(await r.arrayBuffer()) };
			};
			const all = await pdf(`/api/v1/plans/${plan}/tickets.pdf`);
			assert.equal(all.status, 200, all.body.toString().slice(0, 300));
			assert.equal(all.type, 'application/pdf');
			assert.equal(all.body.subarray(0, 5).toString(), '%PDF-');
			fs.writeFileSync(path.join(tmp, 'all.pdf'), all.body);
			const text = await pdfText(path.join(tmp, 'all.pdf'));
			assert.ok(text.includes('准考证'), text.slice(0, 200));
			assert.ok(text.includes('第一考场'), 'the room');
			for (const c of people) {
				assert.ok(text.includes(c.name), c.name);
				assert.ok(!text.includes(c.id_number), 'the ID number masked');
			}
			const printed = text.match(/[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}/g) || [];
			assert.equal(new Set(printed).size, people.length, text);
			// the printed codes are the ones that work now; the earlier ones no longer
			const c = people[2];
			const proof = { name: c.name, id_number: c.id_number, username: 'code.late', password: newPassword() };
			assert.equal((await claim({ ...proof, code: latest.get(c.enrolment_id) })).status, 404, 'the earlier code');
			const answers = await Promise.all(printed.map((code) => claim({ ...proof, code })));
			assert.deepEqual(answers.map((r) => r.status).sort(), [404, 404, 409], 'one printed code is theirs (they have an account: 409), the others another\'s');
			// one candidate's ticket; another plan's enrolment is 404
			const one = await pdf(`/api/v1/plans/${plan}/enrolments/${c.enrolment_id}/ticket.pdf`);
			assert.equal(one.status, 200);
			fs.writeFileSync(path.join(tmp, 'one.pdf'), one.body);
			const t1 = await pdfText(path.join(tmp, 'one.pdf'));
			assert.ok(t1.includes(c.name) && !t1.includes(people[0].name), t1.slice(0, 300));
			assert.equal((await pdf(`/api/v1/plans/${plan}/enrolments/999999/ticket.pdf`)).status, 404);
			// a holder prints nothing
			const holder = await login(h.server.base, 'code.zero', passwords['code.zero']);
			assert.equal((await holder.api(`/api/v1/plans/${plan}/tickets.pdf`, { method: 'POST' })).status, 403);
			const audit = await h.api('/api/v1/audit?action=plan.claim_codes');
			assert.ok(audit.json.items.length >= 4, audit.text);
		});

		it('seats: each enrolment in a room takes the next seat, a withdrawal leaves its seat empty; the ticket prints it', async () => {
			const station = await makeStation(h.server, h.api);
			const ok = async (q, want) => {
				const r = await q;
				assert.equal(r.status, want, r.text);
				return r.json;
			};
			const p = (await ok(h.api('/api/v1/plans', { method: 'POST', json: { institution_id: station.id, standard_id: station.standard, level: 4, capacity: 10 } }), 201)).id;
			const room = (await ok(h.api(`/api/v1/plans/${p}/rooms`, { method: 'POST', json: { name: '第二考场', capacity: 10 } }), 201)).id;
			const enrol = async (withRoom = true) => {
				const person = (await ok(h.api('/api/v1/people', { method: 'POST', json: { name: `座位${nextIdNumber().slice(-4)}`, id_number: nextIdNumber(), employer: '机床厂', work_start: '2010-01-01' } }), 201)).id;
				return (await ok(h.api(`/api/v1/plans/${p}/enrolments`, { method: 'POST', json: { person_id: person, ...(withRoom ? { room_id: room } : {}) } }), 201)).id;
			};
			const e1 = await enrol();
			const e2 = await enrol();
			const e3 = await enrol();
			const none = await enrol(false);
			await ok(h.api(`/api/v1/plans/${p}/enrolments/${e2}/withdraw`, { method: 'POST' }), 200);
			const e4 = await enrol();
			const seats = Object.fromEntries((await ok(h.api(`/api/v1/plans/${p}`), 200)).enrolments.map((e) => [e.id, e.seat]));
			assert.deepEqual([seats[e1], seats[e2], seats[e3], seats[e4], seats[none]], [1, 2, 3, 4, 0], JSON.stringify(seats));
			const r = await fetch(`${h.server.base}/api/v1/plans/${p}/enrolments/${e4}/ticket.pdf`, { method: 'POST', headers: { Authorization: `Bearer ${h.token}` } });
			assert.equal(r.status, 200);
			const tmp = makeDataDir('ticket-seat');
			after(() => fs.rmSync(tmp, { recursive: true, force: true }));
			fs.writeFileSync(path.join(tmp, 'seat.pdf'), Buffer.from(await r.arrayBuffer()));
			const text = await pdfText(path.join(tmp, 'seat.pdf'));
			assert.ok(text.includes('第二考场') && text.includes('座号4'), text.slice(0, 400));
			const r0 = await fetch(`${h.server.base}/api/v1/plans/${p}/enrolments/${none}/ticket.pdf`, { method: 'POST', headers: { Authorization: `Bearer ${h.token}` } });
			fs.writeFileSync(path.join(tmp, 'none.pdf'), Buffer.from(await r0.arrayBuffer()));
			assert.ok(!(await pdfText(path.join(tmp, 'none.pdf'))).includes('座号'), 'no room, no seat');
		});
	});
}
