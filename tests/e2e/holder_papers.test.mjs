// A holder's papers (issue 12), on both engines: "my admission tickets"
// (/me/tickets, its PDF with "已认领 / claimed" where a claim code would
// be, nothing drawn), the plan page's ticket block for staff (every
// candidate's or one's, drawing new codes only when confirmed), the
// subsidy application form (PDF read back with pdftotext and zbarimg),
// subsidy claims recorded by staff and used by the evaluator, the staff
// page of open windows (/subsidy), and the holder's photo on /verify only
// while the holder shows it. A second holder reaches none of the first's.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, it } from 'node:test';

import { closedPlan, makeStation, nextIdNumber, nextName, pngPhoto, sql } from './certlib.mjs';
import { Session, apiAs, describeWithServer, engines, http, login, makeDataDir, makeUser, newPassword, startServer } from './lib.mjs';

const CLOCK = { SKILLCERT_TEST_NOW: '2024-09-01T04:00:00Z', SKILLCERT_TEST_CLOCK: 'test-only' };
const CODE = /[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}/g;

function run(cmd, args) {
	return new Promise((resolve, reject) => {
		execFile(cmd, args, { maxBuffer: 1 << 26 }, (e, stdout, stderr) => (e ? reject(new Error(`${cmd}: ${e.message} ${stderr}`)) : resolve(stdout)));
	});
}

for (const engine of engines()) {
	describeWithServer(`a holder's papers [${engine}]`, { engine, tag: 'papers', user: true, args: ['--verify-rate', '0'] }, (h) => {
		let tmp;
		let certs; // the closed plan's certificates (staff view)
		let people; // the closed plan's candidates: zero and one hold accounts
		let closedId; // the closed plan
		let open; // {plan, candidates}: an approved plan; its first candidate holds an account
		const pw = { zero: newPassword(), one: newPassword(), ticket: newPassword() };
		const certOf = (i) => certs.find((x) => x.holder_name === people[i].name);
		const claim = (json) => http(h.server.base, '/api/v1/holder/claim', { method: 'POST', json });
		const bytes = async (url, sess) => {
			const r = await fetch(h.server.base + url, { headers: sess ? { Cookie: sess.cookieHeader() } : { Authorization: `Bearer ${h.token}` } });
			return { status: r.status, type: r.headers.get('content-type'), body: Buffer.from(await r.arrayBuffer()) };
		};
		const postPdf = async (sess, url, form) => {
			const body = new URLSearchParams({ ...form, csrf: sess.csrf }).toString();
			const r = await fetch(h.server.base + url, { method: 'POST', body, headers: { Cookie: sess.cookieHeader(), 'Content-Type': 'application/x-www-form-urlencoded' }, redirect: 'manual' });
			return { status: r.status, type: r.headers.get('content-type'), body: Buffer.from(await r.arrayBuffer()) };
		};
		const pdfText = async (name, buf) => {
			const file = path.join(tmp, `${name}.pdf`);
			fs.writeFileSync(file, buf);
			return (await run('pdftotext', [file, '-'])).replace(/\s+/g, '');
		};
		const pdfQr = async (name, buf) => {
			const file = path.join(tmp, `${name}.pdf`);
			fs.writeFileSync(file, buf);
			await run('pdftoppm', ['-r', '150', '-png', '-singlefile', file, path.join(tmp, name)]);
			return (await run('zbarimg', ['--raw', '-q', path.join(tmp, `${name}.png`)])).trim();
		};

		/* A plan of the station taken to "approved" (rooms, staff, n
		 * candidates with photos): the plan of the tickets. */
		async function approvedPlan(station, n) {
			const ok = async (p, want, what) => {
				const r = await p;
				assert.equal(r.status, want, `${what}: ${r.text.slice(0, 300)}`);
				return r;
			};
			const plan = (await ok(h.api('/api/v1/plans', { method: 'POST', json: { institution_id: station.id, standard_id: station.standard, level: 4, capacity: n } }), 201, 'plan')).json.id;
			const room = (await ok(h.api(`/api/v1/plans/${plan}/rooms`, { method: 'POST', json: { name: '第二考场', capacity: n } }), 201, 'room')).json.id;
			for (const a of station.assessors.slice(0, 3))
				await ok(h.api(`/api/v1/plans/${plan}/staff`, { method: 'POST', json: { person_id: a, role: 'assessor' } }), 201, 'assessor');
			for (const p of station.proctors)
				await ok(h.api(`/api/v1/plans/${plan}/staff`, { method: 'POST', json: { person_id: p, role: 'proctor', room_id: room } }), 201, 'proctor');
			const candidates = [];
			for (let i = 0; i < n; i++) {
				const c = { name: nextName(), id_number: nextIdNumber() };
				c.person_id = (await ok(h.api('/api/v1/people', { method: 'POST', json: { name: c.name, id_number: c.id_number, employer: `机床厂${i}`, work_start: '2010-01-01' } }), 201, 'person')).json.id;
				await ok(h.api(`/api/v1/people/${c.person_id}/photo`, { method: 'POST', body: pngPhoto(64, 90), headers: { 'Content-Type': 'image/png' } }), 200, 'photo');
				c.enrolment_id = (await ok(h.api(`/api/v1/plans/${plan}/enrolments`, { method: 'POST', json: { person_id: c.person_id, room_id: room } }), 201, 'enrolment')).json.id;
				candidates.push(c);
			}
			for (const action of ['submit', 'approve'])
				await ok(h.api(`/api/v1/plans/${plan}/act`, { method: 'POST', json: { action } }), 200, action);
			return { plan, candidates };
		}

		before(async () => {
			tmp = makeDataDir('papers');
			const s = await h.server.cli(['setting', 'set', 'public_url', h.server.base]);
			assert.equal(s.code, 0, s.stderr);
			const station = await makeStation(h.server, h.api);
			const p = await closedPlan(h.server, h.api, station, { pass: 2 });
			people = p.candidates;
			closedId = p.plan;
			assert.equal((await h.api(`/api/v1/plans/${p.plan}/certificates`, { method: 'POST' })).status, 200);
			certs = (await h.api(`/api/v1/certificates?plan=${p.plan}`)).json.certificates;
			for (const [i, who] of [[0, 'zero'], [1, 'one']]) {
				const c = certOf(i);
				const r = await claim({ number: c.number, token: c.qr_token, name: people[i].name, id_number: people[i].id_number, username: `papers.${who}`, password: pw[who] });
				assert.equal(r.status, 201, r.text);
			}
			open = await approvedPlan(station, 2);
			const codes = await h.api(`/api/v1/plans/${open.plan}/claim-codes`, { method: 'POST' });
			assert.equal(codes.status, 200, codes.text);
			const t = open.candidates[0];
			const code = codes.json.codes.find((x) => x.enrolment_id === t.enrolment_id).code;
			const r = await claim({ code, name: t.name, id_number: t.id_number, username: 'papers.ticket', password: pw.ticket });
			assert.equal(r.status, 201, r.text);
		});
		after(() => tmp && fs.rmSync(tmp, { recursive: true, force: true }));

		it('my admission tickets: the holder\'s enrolments in plans not yet finished; the PDF says "claimed" where a code would be and draws nothing', async () => {
			const t = open.candidates[0];
			const s = await login(h.server.base, 'papers.ticket', pw.ticket);
			const mine = await s.api('/api/v1/me/tickets');
			assert.equal(mine.status, 200, mine.text);
			assert.equal(mine.headers.get('cache-control'), 'no-store');
			assert.deepEqual(mine.json.tickets.map((x) => [x.enrolment_id, x.plan_id, x.room, x.level]), [[t.enrolment_id, open.plan, '第二考场', 4]]);
			const page = await s.get('/me/tickets?lang=en');
			assert.equal(page.status, 200);
			assert.match(page.text, new RegExp(`data-enrolment="${t.enrolment_id}"`));
			assert.match(page.text, new RegExp(`href="/me/tickets/${t.enrolment_id}/ticket.pdf"`));
			assert.match(page.text, /My admission tickets/);
			assert.match((await s.get('/me/results')).text, /href="\/me\/tickets"/, 'linked from my results');
			const hashes = await sql(h.server, `SELECT code_hash FROM enrolment_claim ORDER BY enrolment_id`);
			for (const url of [`/me/tickets/${t.enrolment_id}/ticket.pdf`, `/api/v1/me/tickets/${t.enrolment_id}/ticket.pdf`]) {
				const pdf = await bytes(url, s);
				assert.equal(pdf.status, 200, pdf.body.toString().slice(0, 200));
				assert.equal(pdf.type, 'application/pdf');
				const text = await pdfText('mine', pdf.body);
				for (const want of ['准考证', t.name, '第二考场', '已认领/claimed'])
					assert.ok(text.includes(want), `${want} in ${text.slice(0, 400)}`);
				assert.ok(!text.includes(t.id_number), 'the ID number masked');
				assert.equal((text.match(CODE) || []).length, 0, 'no claim code');
				assert.equal(await pdfQr('mine', pdf.body), `${h.server.base}/me/results`);
			}
			assert.equal(await sql(h.server, `SELECT code_hash FROM enrolment_claim ORDER BY enrolment_id`), hashes, 'no code drawn');
			// a finished plan's enrolment is no ticket
			await sql(h.server, `UPDATE plan SET status = 'scored' WHERE id = ${Number(open.plan)}`);
			try {
				assert.deepEqual((await s.api('/api/v1/me/tickets')).json.tickets, []);
				assert.equal((await bytes(`/api/v1/me/tickets/${t.enrolment_id}/ticket.pdf`, s)).status, 404);
			} finally {
				await sql(h.server, `UPDATE plan SET status = 'approved' WHERE id = ${Number(open.plan)}`);
			}
		});

		it('a second holder, staff and the signed-out reach none of the first holder\'s tickets or subsidy form', async () => {
			const t = open.candidates[0];
			const c = certOf(0);
			const other = await login(h.server.base, 'papers.one', pw.one);
			assert.deepEqual((await other.api('/api/v1/me/tickets')).json.tickets, []);
			for (const url of [`/me/tickets/${t.enrolment_id}/ticket.pdf`, `/api/v1/me/tickets/${t.enrolment_id}/ticket.pdf`,
				`/me/tickets/${open.candidates[1].enrolment_id}/ticket.pdf`, `/me/certificates/${c.id}/subsidy.pdf`])
				assert.equal((await bytes(url, other)).status, 404, url);
			assert.ok([403, 404].includes((await bytes(`/certificates/${c.id}/subsidy.pdf`, other)).status), 'not the staff route either');
			const staff = await login(h.server.base, h.user.name, h.user.password);
			assert.equal((await staff.api('/api/v1/me/tickets')).status, 404, 'a staff account has no tickets');
			assert.equal((await bytes(`/me/certificates/${c.id}/subsidy.pdf`, staff)).status, 404, 'nor a holder\'s form route');
			assert.equal((await http(h.server.base, '/api/v1/me/tickets')).status, 401);
		});

		it('the plan page: a tickets block that warns of new codes; every candidate\'s PDF only when confirmed, or one\'s', async () => {
			const s = await login(h.server.base, h.user.name, h.user.password);
			const page = await s.get(`/plans/${open.plan}?lang=zh`);
			assert.equal(page.status, 200);
			assert.match(page.text, /<section id="tickets"/);
			assert.match(page.text, /每次下载都会重新生成领取码/);
			assert.match(page.text, new RegExp(`action="/plans/${open.plan}/tickets.pdf"`));
			for (const c of open.candidates)
				assert.match(page.text, new RegExp(`formaction="/plans/${open.plan}/enrolments/${c.enrolment_id}/ticket.pdf"`));
			const unconfirmed = await postPdf(s, `/plans/${open.plan}/tickets.pdf`, {});
			assert.equal(unconfirmed.status, 422);
			const all = await postPdf(s, `/plans/${open.plan}/tickets.pdf`, { confirm: '1' });
			assert.equal(all.status, 200, all.body.toString().slice(0, 300));
			assert.equal(all.type, 'application/pdf');
			const text = await pdfText('plan', all.body);
			assert.equal(new Set(text.match(CODE)).size, 2, 'a new code each');
			assert.equal((await postPdf(s, `/plans/${open.plan}/enrolments/${open.candidates[1].enrolment_id}/ticket.pdf`, {})).status, 422, 'one candidate\'s: confirmed too');
			const one = await postPdf(s, `/plans/${open.plan}/enrolments/${open.candidates[1].enrolment_id}/ticket.pdf`, { confirm: '1' });
			assert.equal(one.status, 200);
			const t1 = await pdfText('one', one.body);
			assert.ok(t1.includes(open.candidates[1].name) && !t1.includes(open.candidates[0].name));
			// a closed plan has no such block
			assert.ok(!(await s.get(`/plans/${closedId}`)).text.includes('id="tickets"'));
		});

		it('the subsidy application form: name, ID masked as on staff pages, certificate, verdict and reasons, amount, deadline, citation, blanks, the verification QR', async () => {
			const c = certOf(0);
			await sql(h.server, `UPDATE certificate SET issued_on = '2024-06-10' WHERE id = ${c.id}`);
			const s = await login(h.server.base, 'papers.zero', pw.zero);
			const card = await s.get('/me/certificates');
			assert.match(card.text, new RegExp(`href="/me/certificates/${c.id}/subsidy.pdf"`));
			const staffPage = await http(h.server.base, `/certificates/${c.id}`, { headers: { Authorization: `Bearer ${h.token}` } });
			assert.match(staffPage.text, new RegExp(`href="/certificates/${c.id}/subsidy.pdf"`));
			for (const [name, r] of [['mine', await bytes(`/me/certificates/${c.id}/subsidy.pdf`, s)], ['staff', await bytes(`/certificates/${c.id}/subsidy.pdf`)]]) {
				assert.equal(r.status, 200, r.body.toString().slice(0, 300));
				assert.equal(r.type, 'application/pdf');
				const text = await pdfText(`form-${name}`, r.body);
				assert.match(c.id_masked, /^\d{6}\*+[\dX]{4}$/, 'first 6 and last 4');
				for (const want of ['技能提升补贴申请表', people[0].name, c.id_masked, c.number, '车工', '四级', '2024-06-10', '不符合条件',
					'最高¥1500', '2025-06-09', '已截止', '2022', '银行账号', '开户银行', '申请人签名', '申请期已于2025-06-09截止'])
					assert.ok(text.includes(want), `${name}: ${want} in ${text}`);
				assert.ok(!text.includes(people[0].id_number), 'not the whole ID number');
				assert.equal(await pdfQr(`form-${name}`, r.body), `${h.server.base}/v/${c.qr_token}`);
			}
		});

		it('the staff page of open windows (/subsidy): a "within N days" form, the list scoped as the certificates, the downloads; in the menu', async () => {
			const y = certOf(1);
			await sql(h.server, `UPDATE certificate SET issued_on = '2023-09-20' WHERE id = ${y.id}`);
			const srv = await startServer({ engine, db: h.server.db, dataDir: h.server.dataDir, tag: 'papers24', env: CLOCK });
			try {
				const s = await login(srv.base, h.user.name, h.user.password);
				const page = await s.get('/subsidy?within=30&lang=en');
				assert.equal(page.status, 200, page.text.slice(0, 300));
				assert.match(page.text, /href="\/subsidy"/, 'in the menu');
				assert.match(page.text, /<form method="get" action="\/subsidy"/);
				assert.match(page.text, new RegExp(`<a class="cert-number" href="/certificates/${y.id}">${y.number}</a>`));
				assert.match(page.text, /2024-09-19 \(19 days left\)/);
				assert.match(page.text, /href="\/subsidy\/holders.xlsx\?within=30"/);
				assert.ok(!(await s.get('/subsidy?within=18')).text.includes(y.number), 'closing in 19 days: not within 18');
				const bad = await s.get('/subsidy?within=0&lang=en');
				assert.equal(bad.status, 422);
				const csv = await s.get('/subsidy/holders.csv?within=30&lang=en');
				assert.equal(csv.status, 200);
				assert.match(csv.headers.get('content-type'), /^text\/csv/);
				assert.ok(csv.text.includes(y.number));
				const xl = await s.get('/subsidy/holders.xlsx?within=30');
				assert.equal(xl.status, 200);
				const holder = await login(srv.base, 'papers.one', pw.one);
				assert.ok(!(await holder.get('/me/certificates')).text.includes('href="/subsidy"'), 'not in a holder\'s menu');
				assert.equal((await holder.get('/subsidy')).status, 403);
			} finally {
				assert.equal(await srv.stop('SIGTERM', 10000, { keepData: true }), 0);
			}
		});

		it('claims: staff record a paid subsidy (422 naming the field, audited); the evaluator then decides the claims rules', async () => {
			const x = certOf(0);
			const y = certOf(1);
			const post = (id, json) => h.api(`/api/v1/certificates/${id}/subsidy-claims`, { method: 'POST', json });
			const good = { claimed_on: '2024-07-01', amount: '1500元', note: '社保卡发放' };
			// (x issued 2024-06-10: paid before it is refused too)
			for (const [field, change] of [['claimed_on', { claimed_on: '2024-13-01' }], ['claimed_on', { claimed_on: '2999-01-01' }], ['claimed_on', { claimed_on: '2024-06-09' }],
				['amount', { amount: '' }], ['province', { province: '99' }], ['note', { note: '长'.repeat(501) }]]) {
				const r = await post(x.id, { ...good, ...change });
				assert.equal(r.status, 422, `${field}: ${r.text}`);
				assert.equal(r.json.error.field, field, r.text);
			}
			assert.equal((await post(999999999, good)).status, 404);
			const before_ = await h.api(`/api/v1/certificates/${y.id}/subsidy`);
			assert.ok(before_.json.reasons.some((z) => z.key === 'subsidy.r.claims.unknown'), 'no record yet: needs checking');
			const r = await post(x.id, good);
			assert.equal(r.status, 201, r.text);
			// once per certificate
			const dup = await post(x.id, { ...good, claimed_on: '2024-08-01' });
			assert.equal(dup.status, 409, dup.text);
			assert.equal(dup.json.error.field, 'certificate', dup.text);
			const audit = await h.api('/api/v1/audit?action=subsidy.claim_record');
			assert.ok(audit.json.items.some((z) => z.object_id === x.number), audit.text);
			// this certificate was paid: once per occupation and level
			const v = await h.api(`/api/v1/certificates/${x.id}/subsidy`);
			assert.deepEqual(v.json.claims.map((z) => [z.certificate_number, z.claimed_on, z.amount, z.province, z.note]), [[x.number, '2024-07-01', '1500元', '44', '社保卡发放']]);
			const keys = v.json.reasons.map((z) => z.key);
			assert.ok(keys.includes('subsidy.r.once.no') && !keys.includes('subsidy.r.claims.unknown'), keys.join());
			assert.equal(v.json.verdict, 'not_eligible');
			// the claim as another certificate's of the same holder: a lower
			// level paid excludes nothing, and the record is never complete (a
			// claim made elsewhere is not in it): still "needs checking"
			await sql(h.server, `UPDATE subsidy_claim SET person_id = (SELECT person_id FROM certificate WHERE id = ${y.id})`);
			await sql(h.server, `UPDATE certificate SET level = 5 WHERE id = ${x.id}`);
			const lower = await h.api(`/api/v1/certificates/${y.id}/subsidy`);
			const lk = lower.json.reasons.map((z) => `${z.key}:${z.verdict}`);
			assert.ok(lk.includes('subsidy.r.claims.unknown:check'), lk.join());
			for (const k of ['subsidy.r.once', 'subsidy.r.higher.no', 'subsidy.r.year']) assert.ok(!lk.some((z) => z.startsWith(k)), `${k} in ${lk}`);
			await sql(h.server, `UPDATE certificate SET level = 3 WHERE id = ${x.id}`);
			const higher = await h.api(`/api/v1/certificates/${y.id}/subsidy`);
			assert.ok(higher.json.reasons.some((z) => z.key === 'subsidy.r.higher.no' && z.n === 3), higher.text);
			// staff of another institution (y moved there) read y: the claim on x
			// still counts, but its note and who recorded it are not theirs to read
			const elsewhere = await makeStation(h.server, h.api);
			const outsider = await makeUser(h.server, 'papers.outsider', { role: 'institution_admin', institution: elsewhere.id });
			const yInst = (await sql(h.server, `SELECT institution_id FROM certificate WHERE id = ${y.id}`)).trim();
			await sql(h.server, `UPDATE certificate SET institution_id = ${elsewhere.id} WHERE id = ${y.id}`);
			const theirs = await apiAs(h.server.base, outsider.token)(`/api/v1/certificates/${y.id}/subsidy`);
			assert.equal(theirs.status, 200, theirs.text);
			assert.deepEqual(theirs.json.claims.map((z) => [z.certificate_number, z.note, z.recorded_by]), [[x.number, '', '']]);
			assert.ok(theirs.json.reasons.some((z) => z.key === 'subsidy.r.higher.no'), 'still counted');
			const ours = await h.api(`/api/v1/certificates/${y.id}/subsidy`);
			assert.deepEqual(ours.json.claims.map((z) => [z.note, z.recorded_by]), [['社保卡发放', h.user.name]]);
			const theirPage = await (await login(h.server.base, 'papers.outsider', outsider.password)).get(`/certificates/${y.id}`);
			assert.ok(theirPage.text.includes(`>${x.number}</td>`) && !theirPage.text.includes('社保卡发放'), 'nor on the page');
			await sql(h.server, `UPDATE certificate SET institution_id = ${yInst} WHERE id = ${y.id}`);
			await sql(h.server, `UPDATE certificate SET level = 4 WHERE id = ${x.id}`);
			await sql(h.server, `UPDATE subsidy_claim SET person_id = (SELECT person_id FROM certificate WHERE id = ${x.id})`);
		});

		it('the claims on the staff certificate page: the list and the form (refusal shown by the field), recorded by page; a holder records nothing', async () => {
			const x = certOf(0);
			const s = await login(h.server.base, h.user.name, h.user.password);
			const holder = await login(h.server.base, 'papers.zero', pw.zero);
			const page = await s.get(`/certificates/${x.id}?lang=en`);
			assert.match(page.text, /<h3 id="subsidy-claims">Subsidy claims on record<\/h3>/);
			assert.match(page.text, /<tr data-claim="\d+"><td>2024-07-01<\/td>/);
			assert.match(page.text, new RegExp(`action="/certificates/${x.id}/subsidy-claims"`));
			const bad = await s.post(`/certificates/${x.id}/subsidy-claims`, { claimed_on: 'soon', amount: '1000' });
			assert.equal(bad.status, 422);
			assert.match(bad.text, /id="f-sc-claimed_on"[^>]*aria-invalid="true"/);
			assert.match(bad.text, /<a href="#f-sc-claimed_on">/);
			// a second claim for the certificate: refused, said
			const again = await s.post(`/certificates/${x.id}/subsidy-claims`, { claimed_on: '2024-08-01', amount: '1000', province: '44', note: '' });
			assert.equal(again.status, 409, again.text.slice(0, 300));
			assert.ok(again.text.includes('该证书已登记过补贴领取'), 'the refusal in words');
			assert.equal((await h.api(`/api/v1/certificates/${x.id}/subsidy`)).json.claims.length, 1);
			// a claim recorded by mistake is voided with a reason: kept, marked, no longer counted
			const cid = (await h.api(`/api/v1/certificates/${x.id}/subsidy`)).json.claims[0].id;
			const voidUrl = `/certificates/${x.id}/subsidy-claims/${cid}/void`;
			assert.ok((await s.get(`/certificates/${x.id}?lang=zh`)).text.includes(`action="${voidUrl}"`), 'the void button');
			const noReason = await s.post(voidUrl, { reason: ' ' });
			assert.equal(noReason.status, 422, noReason.text.slice(0, 300));
			assert.match(noReason.text, new RegExp(`id="f-sv${cid}-reason"[^>]*aria-invalid="true"`));
			const wrongCert = await h.api(`/api/v1/certificates/${certOf(1).id}/subsidy-claims/${cid}/void`, { method: 'POST', json: { reason: '误录' } });
			assert.equal(wrongCert.status, 404, wrongCert.text);
			assert.equal((await holder.api(`/api/v1${voidUrl}`, { method: 'POST', json: { reason: '误录' } })).status, 403, 'a holder voids nothing');
			const voided = await s.post(voidUrl, { reason: '录错证书，应为另一张' });
			assert.equal(voided.status, 303, voided.text.slice(0, 300));
			const after = await h.api(`/api/v1/certificates/${x.id}/subsidy`);
			assert.deepEqual(after.json.claims.map((z) => [z.id, z.voided, z.voided_by, z.void_reason]), [[cid, true, h.user.name, '录错证书，应为另一张']]);
			const keys = after.json.reasons.map((z) => z.key);
			assert.ok(!keys.includes('subsidy.r.once.no') && keys.includes('subsidy.r.claims.unknown'), `no longer counted: ${keys}`);
			const marked = (await s.get(`/certificates/${x.id}?lang=zh`)).text;
			assert.ok(marked.includes(`<tr data-claim="${cid}" class="void">`) && marked.includes('已作废') && marked.includes('录错证书，应为另一张'), 'marked on the page');
			assert.ok(!marked.includes(`action="${voidUrl}"`), 'no button on a voided claim');
			const twice = await h.api(`/api/v1${voidUrl}`, { method: 'POST', json: { reason: '再次' } });
			assert.equal(twice.status, 409, twice.text);
			const noReasonApi = await h.api(`/api/v1${voidUrl}`, { method: 'POST', json: {} });
			assert.equal(noReasonApi.status, 422, noReasonApi.text);
			assert.equal(noReasonApi.json.error.field, 'reason');
			const audit = await h.api('/api/v1/audit?action=subsidy.claim_void');
			assert.ok(audit.json.items.some((z) => z.object_id === x.number), audit.text);
			// the right claim recorded again
			const fixed = await s.post(`/certificates/${x.id}/subsidy-claims`, { claimed_on: '2024-08-01', amount: '1000', province: '44', note: '' });
			assert.equal(fixed.status, 303, fixed.text.slice(0, 300));
			assert.equal((await h.api(`/api/v1/certificates/${x.id}/subsidy`)).json.claims.length, 2);
			assert.equal((await holder.api(`/api/v1/certificates/${x.id}/subsidy-claims`, { method: 'POST', json: { claimed_on: '2024-08-01', amount: '1' } })).status, 403);
			assert.ok(!(await holder.get('/me/certificates')).text.includes('subsidy-claims'), 'no claim form on the holder\'s card');
		});

		it('/verify by number: the holder\'s photo only while the holder shows it; never another\'s', async () => {
			const x = certOf(0);
			const y = certOf(1);
			// the photo on file (closedPlan gave every candidate one)
			const photo = (await bytes(`/api/v1/people/${people[0].person_id}/photo`)).body;
			assert.ok(photo.length > 0);
			const verify = (c, i) => http(h.server.base, `/verify?number=${encodeURIComponent(c.number)}&name=${encodeURIComponent(people[i].name)}`);
			const off = await verify(x, 0);
			assert.equal(off.status, 200);
			assert.match(off.text, /id="verify-result"/);
			assert.ok(!off.text.includes('holder-photo'), 'hidden by default');
			const s = await login(h.server.base, 'papers.zero', pw.zero);
			assert.equal((await s.post(`/me/certificates/${x.id}/photo`, { on: '1' })).status, 303);
			const on = await verify(x, 0);
			assert.ok(on.text.includes(`<img class="holder-photo" id="holder-photo" src="data:image/png;base64,${photo.toString('base64')}"`), 'the holder\'s photo');
			assert.ok(!(await verify(y, 1)).text.includes('holder-photo'), 'not on another\'s certificate');
			const wrongName = await verify(x, 1);
			assert.equal(wrongName.status, 404);
			assert.ok(!wrongName.text.includes('holder-photo'), 'no photo without a match');
			assert.equal((await s.post(`/me/certificates/${x.id}/photo`, { on: '0' })).status, 303);
			assert.ok(!(await verify(x, 0)).text.includes('holder-photo'), 'hidden again');
		});
	});
}
