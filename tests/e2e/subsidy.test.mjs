// The skill-upgrade subsidy (技能提升补贴, docs/subsidy.md) of a certificate,
// end to end on both engines: GET /api/v1/certificates/{id}/subsidy and the
// block of the staff certificate page. A certificate issued today (after
// 2024-12-31, where no version of the national rules is confirmed) reads
// "needs checking"; moved into 2024 it falls under the 2022 version, whose
// 12-month window has closed: not eligible, the last day and the amount
// band of its level named. insured_months is checked (422 naming it) and
// counted. On a test clock in 2024 a certificate issued that day has its
// window open for 365 days; the export of open windows (XLSX and CSV)
// lists the holders whose window closes within N days, soonest first.
import assert from 'node:assert/strict';
import { it } from 'node:test';

import { closedPlan, makeStation, sql } from './certlib.mjs';
import { bearer, createInstitution, describeWithServer, engines, http, makeUser, startServer, uniqueName } from './lib.mjs';
import { readXlsx } from './xlsx.mjs';

const CLOCK = { SKILLCERT_TEST_NOW: '2024-09-01T04:00:00Z', SKILLCERT_TEST_CLOCK: 'test-only' };
// the rows of a CSV whose cells hold no comma, quotes or line break
const csvRows = (text) => text.replace(/^\uFEFF/, '').trim().split(/\r\n/).map((l) => l.split(',').map((c) => c.replace(/^"(.*)"$/, '$1')));

for (const engine of engines()) {
	describeWithServer(`skill-upgrade subsidy [${engine}]`, { engine, tag: 'subsidy', user: true }, (h) => {
		let cert = null;
		let certs = null;
		const ready = async () => {
			if (cert) return cert;
			const st = await makeStation(h.server, h.api);
			const p = await closedPlan(h.server, h.api, st, { pass: 2, level: 4 });
			const r = await h.api(`/api/v1/plans/${p.plan}/certificates`, { method: 'POST' });
			assert.equal(r.status, 200, r.text);
			certs = (await h.api(`/api/v1/certificates?plan=${p.plan}`)).json.certificates.sort((a, b) => a.id - b.id);
			cert = certs[0];
			return cert;
		};
		const subsidy = (id, q = '', lang = 'en') => h.api(`/api/v1/certificates/${id}/subsidy${q}`, { headers: { 'Accept-Language': lang } });

		it('a certificate issued after the last confirmed version: needs checking, the reason says why', async () => {
			const x = await ready();
			const r = await subsidy(x.id);
			assert.equal(r.status, 200, r.text);
			assert.equal(r.json.certificate.number, x.number);
			assert.equal(r.json.region, '00');
			assert.equal(r.json.verdict, 'check');
			assert.equal(r.json.version, null);
			assert.equal(r.json.window, null);
			const none = r.json.reasons.find((y) => y.key === 'subsidy.r.rule.none');
			assert.ok(none, r.text);
			assert.equal(none.date, x.issued_on);
			assert.match(none.text, new RegExp(`issued on ${x.issued_on}`));
		});

		it('issued in 2024: the 2022 version, the window closed on its last day, the amount of 四级, every reason', async () => {
			const x = await ready();
			await sql(h.server, `UPDATE certificate SET issued_on = '2024-06-10' WHERE id = ${x.id}`);
			const r = await subsidy(x.id);
			assert.equal(r.status, 200, r.text);
			assert.equal(r.json.version.version, '2022');
			assert.equal(r.json.effective_to, '2024-12-31');
			assert.equal(r.json.verdict, 'not_eligible');
			assert.equal(r.json.window.first_day, '2024-06-10');
			assert.equal(r.json.window.last_day, '2025-06-09');
			assert.ok(r.json.window.days_left <= 0);
			assert.equal(r.json.amount_max, 1500);
			const keys = r.json.reasons.map((y) => y.key);
			for (const k of ['subsidy.r.from.ok', 'subsidy.r.level.ok', 'subsidy.r.insured.unknown', 'subsidy.r.window.closed', 'subsidy.r.claims.unknown'])
				assert.ok(keys.includes(k), `${k} in ${keys}`);
			const closed = r.json.reasons.find((y) => y.key === 'subsidy.r.window.closed');
			assert.equal(closed.verdict, 'not_eligible');
			assert.equal(closed.date, '2025-06-09');
			assert.equal(closed.confidence, 'high');
			const zh = await subsidy(x.id, '', 'zh');
			assert.equal(zh.json.verdict_text, '不符合条件');
		});

		it('insured months: counted when given, 422 naming the field when not a number 0..600', async () => {
			const x = await ready();
			const few = await subsidy(x.id, '?insured_months=5');
			assert.equal(few.status, 200, few.text);
			const r = few.json.reasons.find((y) => y.key === 'subsidy.r.insured.no');
			assert.ok(r, few.text);
			assert.equal(r.n, 5);
			assert.equal(r.m, 12);
			const enough = await subsidy(x.id, '?insured_months=12');
			assert.ok(enough.json.reasons.some((y) => y.key === 'subsidy.r.insured.ok'));
			for (const bad of ['abc', '-1', '601']) {
				const b = await subsidy(x.id, `?insured_months=${bad}`);
				assert.equal(b.status, 422, b.text);
				assert.equal(b.json.error.field, 'insured_months');
			}
		});

		it('the CLI: skillcert cert subsidy NUMBER [--insured-months N]', async () => {
			const x = await ready();
			const r = await h.server.cli(['cert', 'subsidy', x.number, '--insured-months', '5']);
			assert.equal(r.code, 0, r.stderr);
			const lines = r.stdout.trim().split('\n').map((l) => l.split('\t'));
			assert.equal(lines[0][0], 'not_eligible');
			assert.deepEqual(lines[1].slice(0, 3).map(String), ['2025-06-09', lines[1][1], '1500']);
			assert.ok(Number(lines[1][1]) <= 0);
			assert.ok(lines.some((l) => l[0] === 'not_eligible' && /2025-06-09/.test(l[1])), r.stdout);
			assert.ok(lines.some((l) => l[0] === 'not_eligible' && /\b5\b/.test(l[1]) && /\b12\b/.test(l[1])), r.stdout);
			const bad = await h.server.cli(['cert', 'subsidy', x.number, '--insured-months', 'many']);
			assert.notEqual(bad.code, 0);
			assert.match(bad.stderr, /insured-months/);
		});

		it('the staff certificate page shows the verdict, the amount, the deadline and the reasons', async () => {
			const x = await ready();
			const page = await http(h.server.base, `/certificates/${x.id}?lang=en`, { headers: { Authorization: `Bearer ${h.token}` } });
			assert.equal(page.status, 200);
			assert.match(page.text, /<section class="subsidy" id="subsidy"><h2>Skill-upgrade subsidy<\/h2>/);
			assert.match(page.text, /b-not_eligible subsidy-verdict">Not eligible</);
			assert.match(page.text, /Up to ¥1500/);
			assert.match(page.text, /2025-06-09 \(closed\)/);
			assert.match(page.text, /<li class="r-not_eligible">The window closed on 2025-06-09 \(12 months after the issue date\)<\/li>/);
			const zh = await http(h.server.base, `/certificates/${x.id}?lang=zh`, { headers: { Authorization: `Bearer ${h.token}` } });
			assert.match(zh.text, /技能提升补贴/);
			assert.match(zh.text, /最高 ¥1500/);
		});

		it('the export on the real clock: no certificate of the national rules has an open window (headings only)', async () => {
			await ready();
			const r = await h.api('/api/v1/subsidy/holders.csv?within=366', { headers: { 'Accept-Language': 'en' } });
			assert.equal(r.status, 200, r.text);
			const rows = csvRows(r.text);
			assert.equal(rows.length, 1);
			assert.equal(rows[0][0], 'Certificate number');
			for (const bad of ['0', '367', 'x']) {
				const b = await h.api(`/api/v1/subsidy/holders.xlsx?within=${bad}`);
				assert.equal(b.status, 422, b.text);
				assert.equal(b.json.error.field, 'within');
			}
		});

		it('on a 2024 clock: a window open for 365 days; the export lists the holders whose window closes within N days, soonest first (CSV, XLSX)', async () => {
			await ready();
			const [x, y] = certs;
			// x issued on the clock's day; y a year before less 19 days: its window closes in 19 days
			await sql(h.server, `UPDATE certificate SET issued_on = '2024-09-01' WHERE id = ${x.id}`);
			await sql(h.server, `UPDATE certificate SET issued_on = '2023-09-20' WHERE id = ${y.id}`);
			const srv = await startServer({ engine, db: h.server.db, dataDir: h.server.dataDir, tag: 'subsidy24', env: CLOCK });
			try {
				const get = (url, lang = 'en') => http(srv.base, url, { headers: { ...bearer(h.token), 'Accept-Language': lang } });
				const r = await get(`/api/v1/certificates/${x.id}/subsidy?insured_months=12`);
				assert.equal(r.status, 200, r.text);
				assert.equal(r.json.today, '2024-09-01');
				assert.equal(r.json.version.version, '2022');
				assert.equal(r.json.window.last_day, '2025-08-31');
				assert.equal(r.json.window.days_left, 365);
				assert.equal(r.json.amount_max, 1500);
				assert.equal(r.json.verdict, 'check');
				assert.deepEqual(r.json.reasons.filter((z) => z.verdict !== 'eligible').map((z) => z.key), ['subsidy.r.claims.unknown']);
				const page = await get(`/certificates/${x.id}?lang=en`);
				assert.match(page.text, /2025-08-31 \(365 days left\)/);

				const csv = async (q) => {
					const c = await get(`/api/v1/subsidy/holders.csv${q}`, 'zh');
					assert.equal(c.status, 200, c.text);
					assert.match(c.headers.get('content-type'), /^text\/csv/);
					return csvRows(c.text);
				};
				const soon = await csv('?within=30');
				assert.deepEqual(soon[0].slice(0, 3), ['证书编号', '姓名', '证件号码']);
				assert.deepEqual(soon.slice(1).map((row) => row[0]), [y.number]);
				assert.deepEqual(soon[1].slice(8), ['2024-09-19', '19', '1500', '需核实']);
				assert.equal(soon[1][2], y.id_masked);
				assert.equal((await csv('?within=18')).length, 1, 'closing in 19 days: not within 18');
				const year = await csv('?within=366');
				assert.deepEqual(year.slice(1).map((row) => row[0]), [y.number, x.number]);
				const xl = await fetch(`${srv.base}/api/v1/subsidy/holders.xlsx?within=366`, { headers: { ...bearer(h.token), 'Accept-Language': 'en' } });
				assert.equal(xl.status, 200);
				const rows = readXlsx(Buffer.from(await xl.arrayBuffer()));
				assert.equal(rows[0][0], 'Certificate number');
				assert.deepEqual(rows.slice(1).map((row) => row[0]), [y.number, x.number]);
				assert.equal(rows[2][9], '365');

				// an institution admin elsewhere: the same export, none of these holders
				const other = await createInstitution(h.server.base, { name: uniqueName('补贴外机构'), type: 'center', province: '11' }, h.token);
				const outsider = await makeUser(h.server, 'subsidy-outsider', { role: 'institution_admin', institution: other.id });
				const theirs = await http(srv.base, '/api/v1/subsidy/holders.csv?within=366', { headers: bearer(outsider.token) });
				assert.equal(theirs.status, 200, theirs.text);
				assert.equal(csvRows(theirs.text).length, 1, theirs.text);
			} finally {
				assert.equal(await srv.stop('SIGTERM', 10000, { keepData: true }), 0);
			}
		});

		it('an unknown certificate: 404', async () => {
			assert.equal((await subsidy(999999999)).status, 404);
			assert.equal((await subsidy('x')).status, 404);
		});
	});
}
