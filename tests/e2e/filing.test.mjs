// Filing certificates with the provincial HR authorities (属地备案,
// domain.md §2.2-§2.3), on both engines: a batch per province holds exactly
// the certificates not filed yet; its record (XLSX, CSV with BOM) has the
// §2.2 headings, one row per certificate with the full ID number and the
// scores, and the manifest's row count and SHA-256 match the files' bytes;
// submit → receipt → a rejection puts that certificate into the province's
// next batch and the others not; the report lists an old unfiled
// certificate and not a filed one; permission refusals, a grant that does
// not cover a batch, bad input named by field; the CLI and the pages.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { before, it } from 'node:test';

import { closedPlan, makeStation, nextIdNumber, nextName, pngPhoto, sql, TURNER } from './certlib.mjs';
import { bearer, describeWithServer, engines, login, makeDataDir, makeUser } from './lib.mjs';
import { readXlsx, unzip } from './xlsx.mjs';

const HEADINGS = [
	'姓名', '性别', '出生日期', '证件类型', '证件号码', '文化程度', '工作单位', '照片', '职业名称', '职业编码',
	'工种/职业方向', '职业技能标准', '标准版本', '职业技能等级', '申报条件', '理论知识考试日期', '技能考核日期',
	'综合评审日期', '理论知识考试成绩', '技能考核成绩', '综合评审成绩', '评定结果', '证书编号', '发证日期',
	'证书状态', '状态原因', '状态日期', '评价机构名称', '评价机构代码', '统一社会信用代码', '考点/评价场所',
	'站点代码', '所在省份', '考评员证件号码', '督导员证件号码', '考务批次号', '备案批次号', '准予取得职业技能等级',
];
const COL = Object.fromEntries(HEADINGS.map((h, i) => [h, i]));

const sha256 = (buf) => crypto.createHash('sha256').update(buf).digest('hex');
const today = () => new Date().toISOString().slice(0, 10);
const daysAgo = (n) => new Date(Date.now() - n * 86400e3).toISOString().slice(0, 10);

/* RFC 4180 records of text (quoted fields, doubled quotes, CRLF). */
function parseCsv(text) {
	const rows = [];
	let row = [];
	let cell = '';
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (quoted) {
			if (c === '"' && text[i + 1] === '"') {
				cell += '"';
				i++;
			} else if (c === '"') quoted = false;
			else cell += c;
		} else if (c === '"') quoted = true;
		else if (c === ',') {
			row.push(cell);
			cell = '';
		} else if (c === '\r' && text[i + 1] === '\n') {
			row.push(cell);
			rows.push(row);
			row = [];
			cell = '';
			i++;
		} else cell += c;
	}
	if (cell || row.length) {
		row.push(cell);
		rows.push(row);
	}
	return rows;
}

/* The sex a resident ID number carries (17th digit odd = male). */
const sexOf = (id) => (Number(id[16]) % 2 ? '男' : '女');
const birthOf = (id) => `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;

for (const engine of engines()) {
	describeWithServer(`filing with the provincial HR authorities [${engine}]`, { engine, tag: 'filing', user: true }, (h) => {
		let stationA; // files in 44 (广东)
		let stationB; // files in 32 (江苏)
		let planA;
		let certsA; // the three certificates of 44, by number
		let certB; // the one of 32
		let batch1;
		let csv1; // the first batch's CSV as downloaded
		let officer; // no filing.manage
		let adminB; // institution_admin of station B only

		/* The bytes of a download with the tester's token. */
		const bytes = async (url, token = h.token) => {
			const r = await fetch(h.server.base + url, { headers: bearer(token), redirect: 'manual' });
			return { status: r.status, headers: r.headers, body: Buffer.from(await r.arrayBuffer()) };
		};
		const post = (url, json, token) =>
			h.api(url, { method: 'POST', json, ...(token ? { headers: bearer(token) } : {}) });

		before(async () => {
			stationA = await makeStation(h.server, h.api, { assessors: 3 });
			stationB = await makeStation(h.server, h.api, {
				assessors: 3,
				filing: { authority: '江苏省人力资源和社会保障厅', filing_no: '苏人社鉴备[2025]3号', province_code: '32', site_code: '000456' },
			});
			planA = await closedPlan(h.server, h.api, stationA, { pass: 3, fail: 1, level: 4 });
			const planB = await closedPlan(h.server, h.api, stationB, { pass: 1, level: 4 });
			for (const p of [planA, planB]) {
				const r = await post(`/api/v1/plans/${p.plan}/certificates`, {});
				assert.equal(r.status, 200, r.text);
			}
			const list = async (plan) => {
				const r = await h.api(`/api/v1/certificates?plan=${plan}`);
				assert.equal(r.status, 200, r.text);
				return r.json.certificates;
			};
			certsA = (await list(planA.plan)).map((c) => c.number).sort();
			assert.equal(certsA.length, 3);
			[certB] = (await list(planB.plan)).map((c) => c.number);
			assert.ok(certB);
			officer = await makeUser(h.server, 'filingofficer', { role: 'exam_officer', institution: 0 });
			adminB = await makeUser(h.server, 'stationbadmin', { role: 'institution_admin', institution: stationB.id });
		});

		it('anonymous callers get 401, a user without filing.manage 403', async () => {
			for (const [method, url] of [['GET', '/api/v1/filings'], ['POST', '/api/v1/filings'], ['GET', '/api/v1/filings/unfiled'],
				['GET', '/api/v1/filings/1'], ['GET', '/api/v1/filings/1/export.csv'], ['POST', '/api/v1/filings/1/submit']]) {
				const anon = await fetch(h.server.base + url, { method, headers: { 'Content-Type': 'application/json' }, body: method === 'POST' ? '{}' : undefined });
				assert.equal(anon.status, 401, `${method} ${url}`);
				const r = await h.api(url, { method, json: method === 'POST' ? { province: '44' } : undefined, headers: bearer(officer.token) });
				assert.equal(r.status, 403, `${method} ${url}: ${r.text}`);
			}
			const page = await fetch(h.server.base + '/filings', { redirect: 'manual' });
			assert.equal(page.status, 303);
			assert.match(page.headers.get('location'), /^\/login\?next=/);
		});

		it('bad input is refused and named by field', async () => {
			for (const [json, field] of [[{}, 'province'], [{ province: '99' }, 'province'], [{ province: 'x' }, 'province'], [{ province: 44.5 }, 'province']]) {
				const r = await post('/api/v1/filings', json);
				assert.equal(r.status, 422, `${JSON.stringify(json)}: ${r.text}`);
				assert.equal(r.json.error.field, field);
			}
			for (const days of ['abc', '-1', '4000']) {
				const r = await h.api(`/api/v1/filings/unfiled?days=${days}`);
				assert.equal(r.status, 422, days);
				assert.equal(r.json.error.field, 'days');
			}
			assert.equal((await h.api('/api/v1/filings/999999')).status, 404);
		});

		it('a batch holds exactly the unfiled certificates of its province, by number; an empty one is refused', async () => {
			// two at once: the province's row orders them, the second finds
			// nothing left to file
			const both = await Promise.all([post('/api/v1/filings', { province: '44' }), post('/api/v1/filings', { province: '44' })]);
			assert.deepEqual(both.map((x) => x.status).sort(), [201, 422], both.map((x) => x.text).join(' '));
			const r = both.find((x) => x.status === 201);
			assert.equal(r.json.rows, 3);
			batch1 = r.json.id;
			assert.equal(r.headers.get('location'), `/api/v1/filings/${batch1}`);
			const b = (await h.api(`/api/v1/filings/${batch1}`)).json;
			assert.deepEqual([b.province, b.province_name, b.status, b.rows, b.sha256], ['44', '广东省', 'draft', 3, null]);
			assert.deepEqual(b.items.map((x) => x.number), certsA, 'every certificate of 44, ordered by number, not the one of 32');
			assert.ok(b.items.every((x) => x.status === 'included'));
			// nothing of 44 is unfiled now
			const again = await post('/api/v1/filings', { province: '44' });
			assert.equal(again.status, 422, again.text);
			assert.equal(again.json.error.field, 'province');
			assert.match(again.json.error.message, /没有待备案的证书/);
			const en = await h.api('/api/v1/filings?lang=en', { method: 'POST', json: { province: '44' } });
			assert.match(en.json.error.message, /No certificate of this province/);
			const list = (await h.api('/api/v1/filings')).json.items;
			assert.deepEqual(list.map((x) => x.id), [batch1]);
		});

		it('the export: §2.2 headings, one row per certificate with the full ID number and the scores; the manifest matches the bytes', async () => {
			const c = await bytes(`/api/v1/filings/${batch1}/export.csv`);
			assert.equal(c.status, 200);
			assert.match(c.headers.get('content-type'), /^text\/csv/);
			assert.match(c.headers.get('content-disposition'), new RegExp(`filing-${batch1}-44\\.csv`));
			assert.equal(c.headers.get('cache-control'), 'private, no-store');
			assert.deepEqual([...c.body.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 with BOM');
			csv1 = c.body;
			const rows = parseCsv(c.body.subarray(3).toString('utf8'));
			assert.deepEqual(rows[0], HEADINGS);
			assert.equal(rows.length, 4, 'a heading and one row per certificate');
			const byNumber = new Map(rows.slice(1).map((r) => [r[COL['证书编号']], r]));
			assert.deepEqual([...byNumber.keys()].sort(), certsA);
			const passing = planA.candidates.filter((x) => x.pass);
			for (const cand of passing) {
				const row = rows.slice(1).find((r) => r[COL['证件号码']] === cand.id_number);
				assert.ok(row, `the full ID number of ${cand.name}`);
				assert.equal(row.length, HEADINGS.length);
				assert.equal(row[COL['姓名']], cand.name);
				assert.equal(row[COL['性别']], sexOf(cand.id_number));
				assert.equal(row[COL['出生日期']], birthOf(cand.id_number));
				assert.equal(row[COL['证件类型']], '居民身份证');
				assert.match(row[COL['工作单位']], /^机床厂\d$/);
				assert.equal(row[COL['职业名称']], '车工');
				assert.equal(row[COL['职业编码']], '6-18-01-01');
				// "--" when there is no work type; the CSV writer defuses a
				// leading "-" (base/csv.c) with an apostrophe
				assert.equal(row[COL['工种/职业方向']].replace(/^'/, ''), '--');
				assert.equal(row[COL['职业技能等级']], '四级/中级工');
				// the certificate's words: no "车工（--）"
				assert.equal(row[COL['准予取得职业技能等级']], '车工四级/中级工');
				assert.equal(row[COL['理论知识考试成绩']], '82.5');
				assert.equal(row[COL['技能考核成绩']], '78.0');
				assert.equal(row[COL['综合评审成绩']], '');
				assert.equal(row[COL['评定结果']], '合格');
				assert.equal(row[COL['发证日期']], today());
				assert.equal(row[COL['评价机构名称']], stationA.name);
				assert.equal(row[COL['评价机构代码']], '0000');
				assert.equal(row[COL['站点代码']], '000123');
				assert.equal(row[COL['所在省份']], '广东省');
				// the certificate's status now, the plan and the batch
				assert.deepEqual([row[COL['证书状态']], row[COL['状态原因']], row[COL['状态日期']]], ['有效', '', '']);
				assert.equal(row[COL['考务批次号']], String(planA.plan));
				assert.equal(row[COL['备案批次号']], String(batch1));
				assert.equal(row[COL['考点/评价场所']], stationA.name);
				assert.equal(row[COL['申报条件']], '4-2 累计从事本职业或相关职业工作6年（含）以上。');
				assert.equal(row[COL['标准版本']], '2018');
				assert.match(row[COL['职业技能标准']], /车工/);
				// every holder has a photo (no certificate without one): named by
				// the certificate's number in the photos archive
				assert.equal(row[COL['照片']], `${row[COL['证书编号']]}.png`);
				assert.equal(row[COL['考评员证件号码']].split(';').length, 3, 'the plan\'s three assessors');
				assert.equal(row[COL['督导员证件号码']], '', 'no internal supervisor on the plan');
			}
			const failing = planA.candidates.find((x) => !x.pass);
			assert.ok(!c.body.toString('utf8').includes(failing.id_number), 'no certificate, no row');
			// the manifest describes the files
			const m = await bytes(`/api/v1/filings/${batch1}/manifest.json`);
			assert.equal(m.status, 200);
			const man = JSON.parse(m.body.toString('utf8'));
			assert.deepEqual([man.batch, man.province, man.rows], [batch1, '44', 3]);
			assert.deepEqual(man.files.map((f) => f.name), [`filing-${batch1}-44.xlsx`, `filing-${batch1}-44.csv`, `filing-${batch1}-44-photos.zip`]);
			assert.equal(man.encoding, 'utf-8');
			const mcsv = man.files[1];
			assert.deepEqual([mcsv.bytes, mcsv.sha256], [csv1.length, sha256(csv1)], 'the CSV is the same bytes every time');
			const x = await bytes(`/api/v1/filings/${batch1}/export.xlsx`);
			assert.equal(x.status, 200);
			assert.match(x.headers.get('content-type'), /spreadsheetml/);
			assert.equal(x.body.subarray(0, 4).toString('latin1'), 'PK\x03\x04');
			// an XLSX carries the second it was written: the same size, and
			// the digest holds for the files exported together (the CLI)
			assert.equal(man.files[0].bytes, x.body.length);
			const dir = makeDataDir('filing-out');
			const out = await h.server.cli(['filing', 'export', String(batch1), '--out', dir]);
			assert.equal(out.code, 0, out.stderr);
			const disk = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
			assert.equal(disk.rows, 3);
			assert.equal(disk.files.length, 3, 'the sheet, the CSV and the photos');
			for (const f of disk.files) {
				const b = fs.readFileSync(path.join(dir, f.name));
				assert.deepEqual([b.length, sha256(b)], [f.bytes, f.sha256], f.name);
			}
			assert.ok(fs.readFileSync(path.join(dir, `filing-${batch1}-44.csv`)).equals(csv1));
			// every export is on record (full ID numbers left the system)
			const audit = (await h.api(`/api/v1/audit?action=filing.export&object_id=${batch1}`)).json;
			assert.ok(audit.items.length >= 4, `exports audited: ${audit.items.length}`);
		});

		it('submit → receipt → a rejection: wrong steps refused naming the state; the rejected certificate goes into the next batch, the others not', async () => {
			const url = `/api/v1/filings/${batch1}`;
			const early = await post(`${url}/receipt`, { receipt_no: '粤人社备[2026]1号' });
			assert.equal(early.status, 409, early.text);
			assert.match(early.json.error.message, /草稿/);
			const rejEarly = await post(`${url}/rejections`, { rejections: [{ number: certsA[0], reason: '信息有误' }] });
			assert.equal(rejEarly.status, 409);
			assert.match(rejEarly.json.error.message, /草稿/);
			const sub = await post(`${url}/submit`, {});
			assert.equal(sub.status, 200, sub.text);
			assert.equal(sub.json.sha256, sha256(csv1), 'the digest of the CSV as exported');
			const b = (await h.api(url)).json;
			assert.deepEqual([b.status, b.sha256], ['submitted', sha256(csv1)]);
			assert.ok(b.submitted_at);
			const twice = await post(`${url}/submit`, {});
			assert.equal(twice.status, 409);
			assert.match(twice.json.error.message, /已报送/);
			for (const [json, field] of [[{}, 'receipt_no'], [{ receipt_no: '回执' , date: '2999-01-01' }, 'date'],
				[{ receipt_no: '回执', date: '2026-02-30' }, 'date'], [{ receipt_no: '回执', date: '2000-01-01' }, 'date'], [{ receipt_no: 'x'.repeat(65) }, 'receipt_no']]) {
				const r = await post(`${url}/receipt`, json);
				assert.equal(r.status, 422, `${JSON.stringify(json)}: ${r.text}`);
				assert.equal(r.json.error.field, field);
			}
			const rec = await post(`${url}/receipt`, { receipt_no: '粤人社备回[2026]12号', date: today() });
			assert.equal(rec.status, 200, rec.text);
			assert.equal(rec.json.accepted, 3);
			const again = await post(`${url}/receipt`, { receipt_no: '再次' });
			assert.equal(again.status, 409);
			assert.match(again.json.error.message, /已登记回执/);
			const got = (await h.api(url)).json;
			assert.deepEqual([got.status, got.receipt_no, got.received_at, got.accepted], ['received', '粤人社备回[2026]12号', today(), 3]);
			assert.ok(got.items.every((x) => x.status === 'accepted'));
			// rejections: bad rows named, all or none
			for (const [json, field] of [[{ rejections: [] }, 'rejections'], [{ rejections: 'x' }, 'rejections'], [{}, 'rejections'],
				[{ rejections: [{ number: certsA[1], reason: '照片不清晰' }, { number: 'S000', reason: 'x' }] }, 'rejections[1].number'],
				[{ rejections: [{ number: certsA[1], reason: '' }] }, 'rejections[0].reason'],
				[{ rejections: [{ number: certB, reason: '不在本批' }] }, 'rejections[0].number']]) {
				const r = await post(`${url}/rejections`, json);
				assert.equal(r.status, 422, `${JSON.stringify(json)}: ${r.text}`);
				assert.equal(r.json.error.field, field);
			}
			assert.ok((await h.api(url)).json.items.every((x) => x.status === 'accepted'), 'nothing applied');
			const rej = await post(`${url}/rejections`, { rejections: [{ number: certsA[1], reason: '姓名与证件不符' }] });
			assert.equal(rej.status, 200, rej.text);
			const dup = await post(`${url}/rejections`, { number: certsA[1], reason: '再次退回' });
			assert.equal(dup.status, 409, dup.text);
			const after = (await h.api(url)).json;
			assert.deepEqual([after.accepted, after.rejected], [2, 1]);
			assert.deepEqual(after.items.filter((x) => x.status === 'rejected').map((x) => [x.number, x.rejection]), [[certsA[1], '姓名与证件不符']]);
			// fix and resubmit: the next batch of 44 takes exactly the rejected one
			const next = await post('/api/v1/filings', { province: '44' });
			assert.equal(next.status, 201, next.text);
			assert.equal(next.json.rows, 1);
			const nb = (await h.api(`/api/v1/filings/${next.json.id}`)).json;
			assert.deepEqual(nb.items.map((x) => x.number), [certsA[1]]);
			assert.equal((await post('/api/v1/filings', { province: '44' })).status, 422, 'nothing else of 44 is unfiled');
		});

		it('the report lists a certificate unfiled N days after issue, by province, and not a filed one', async () => {
			// one certificate of each province issued 40 days ago: 32's is unfiled, 44's filed
			await sql(h.server, `UPDATE certificate SET issued_on = '${daysAgo(40)}' WHERE number IN ('${certB}', '${certsA[0]}')`);
			const r = await h.api('/api/v1/filings/unfiled');
			assert.equal(r.status, 200, r.text);
			assert.equal(r.json.days, 30);
			assert.deepEqual(r.json.provinces.map((p) => [p.province, p.province_name, p.count]), [['32', '江苏省', 1]]);
			const [item] = r.json.provinces[0].items;
			assert.deepEqual([item.number, item.issued_on, item.days], [certB, daysAgo(40), 40]);
			assert.ok(item.holder);
			assert.equal((await h.api('/api/v1/filings/unfiled?days=41')).json.total, 0);
			// days=0: everything unfiled (the rejected one of 44 is in the second batch)
			const all = (await h.api('/api/v1/filings/unfiled?days=0')).json;
			assert.deepEqual(all.provinces.flatMap((p) => p.items.map((x) => x.number)), [certB]);
			const cli = await h.server.cli(['filing', 'unfiled', '--days', '30']);
			assert.equal(cli.code, 0, cli.stderr);
			assert.match(cli.stdout, new RegExp(`^32\\t${certB}\\t.+\\t${daysAgo(40)}\\t40$`, 'm'));
		});

		it('a grant on one institution covers only the batches of its own certificates', async () => {
			const list = await h.api('/api/v1/filings', { headers: bearer(adminB.token) });
			assert.equal(list.status, 200);
			assert.deepEqual(list.json.items, [], 'the batches of 44 hold station A\'s certificates');
			const other = await h.api(`/api/v1/filings/${batch1}`, { headers: bearer(adminB.token) });
			assert.equal(other.status, 403, other.text);
			assert.equal((await bytes(`/api/v1/filings/${batch1}/export.csv`, adminB.token)).status, 403);
			// station B's own certificates: its administrator files them
			const rep = (await h.api('/api/v1/filings/unfiled', { headers: bearer(adminB.token) })).json;
			assert.deepEqual(rep.provinces.map((p) => p.province), ['32']);
			const mine = await post('/api/v1/filings', { province: '32' }, adminB.token);
			assert.equal(mine.status, 201, mine.text);
			const b = (await h.api(`/api/v1/filings/${mine.json.id}`, { headers: bearer(adminB.token) })).json;
			assert.deepEqual(b.items.map((x) => x.number), [certB]);
			assert.equal(b.created_by, 'stationbadmin');
		});

		it('the command line: create, list, show, export, submit, receipt, reject, unfiled', async () => {
			const cli = (args) => h.server.cli(['filing', ...args]);
			const help = await cli(['--help']);
			assert.equal(help.code, 0);
			assert.match(help.stdout, /unfiled \[--days 30\]/);
			assert.equal((await cli(['receipt', '1'])).code, 2, 'receipt needs --no');
			assert.equal((await cli(['create'])).code, 2, 'create needs --province');
			assert.equal((await cli(['frobnicate'])).code, 2);
			const empty = await cli(['create', '--province', '44']);
			assert.equal(empty.code, 1);
			assert.match(empty.stderr, /province: 该省份没有待备案的证书/);
			const list = await cli(['list']);
			assert.equal(list.code, 0, list.stderr);
			const b32 = list.stdout.trim().split('\n').map((l) => l.split('\t')).find((f) => f[1] === '32');
			assert.ok(b32, list.stdout);
			const id = b32[0];
			const show = await cli(['show', id]);
			assert.equal(show.code, 0, show.stderr);
			assert.match(show.stdout, /status: draft/);
			assert.match(show.stdout, new RegExp(`^${certB}\\tincluded\\t`, 'm'));
			const rejDraft = await cli(['reject', id, '--number', certB, '--reason', '信息有误']);
			assert.equal(rejDraft.code, 1);
			assert.match(rejDraft.stderr, /草稿/);
			const sub = await cli(['submit', id]);
			assert.equal(sub.code, 0, sub.stderr);
			assert.match(sub.stdout, /^submitted\tsha256 [0-9a-f]{64}$/m);
			const rec = await cli(['receipt', id, '--no', '苏人社备回[2026]5号', '--date', today()]);
			assert.equal(rec.code, 0, rec.stderr);
			assert.match(rec.stdout, /1 accepted/);
			const rej = await cli(['reject', id, '--number', certB, '--reason', '出生日期有误']);
			assert.equal(rej.code, 0, rej.stderr);
			// rejected and 40 days old: overdue again
			const un = await cli(['unfiled']);
			assert.match(un.stdout, new RegExp(`^32\\t${certB}\\t`, 'm'));
			const bad = await cli(['reject', id, '--number', 'NOPE', '--reason', 'x']);
			assert.equal(bad.code, 1);
			assert.match(bad.stderr, /number: 该证书不在本批次中/);
		});

		it('the pages: list with the create form and the report, a batch with its files and steps, refusals next to the field', async () => {
			const s = await login(h.server.base, h.user.name, h.user.password);
			const list = await s.get('/filings');
			assert.equal(list.status, 200);
			assert.match(list.text, /<a href="\/filings" aria-current="page">证书备案<\/a>/);
			assert.match(list.text, /证书属地备案/);
			assert.match(list.text, new RegExp(`href="/filings/${batch1}"`));
			assert.match(list.text, new RegExp(certB), 'the report lists the overdue certificate');
			const en = await s.get('/filings?lang=en');
			assert.match(en.text, /Filing with the provincial HR authorities/);
			const none = await s.post('/filings', { province: '' });
			assert.equal(none.status, 422);
			assert.match(none.text, /aria-invalid="true"/);
			const empty = await s.post('/filings', { province: '44' });
			assert.equal(empty.status, 422);
			assert.match(empty.text, /该省份没有待备案的证书/);
			assert.match(empty.text, /<option value="44" selected>/, 'what was chosen is kept');
			const badDays = await s.get('/filings?days=abc');
			assert.equal(badDays.status, 422);
			assert.match(badDays.text, /天数应为/);
			const made = await s.post('/filings', { province: '32' });
			assert.equal(made.status, 303, made.text.slice(0, 500));
			const loc = made.headers.get('location');
			assert.match(loc, /^\/filings\/\d+\?done=create$/);
			const id = loc.match(/\d+/)[0];
			const page = await s.get(loc);
			assert.equal(page.status, 200);
			assert.match(page.text, /备案批次已生成/);
			for (const f of ['export.xlsx', 'photos.zip', 'manifest.json']) assert.match(page.text, new RegExp(`href="/filings/${id}/${f.replace('.', '\\.')}"`));
			// the CSV in the encoding chosen on the page (UTF-8 preselected)
			assert.match(page.text, new RegExp(`<form method="get" action="/filings/${id}/export\\.csv">`));
			assert.match(page.text, /<select id="f-encoding" name="encoding">/);
			assert.match(page.text, /<option value="utf-8" selected>UTF-8（带 BOM）<\/option><option value="gb18030">GB18030（无 BOM）<\/option>/);
			assert.match(page.text, new RegExp(certB));
			assert.match(page.text, /标记为已报送/);
			const csv = await s.get(`/filings/${id}/export.csv`);
			assert.equal(csv.status, 200);
			assert.match(csv.text, /姓名,|"姓名"/);
			assert.equal((await s.post(`/filings/${id}/receipt`, { receipt_no: 'R1' })).status, 409, 'a draft has no receipt');
			assert.equal((await s.post(`/filings/${id}/submit`)).status, 303);
			const noNo = await s.post(`/filings/${id}/receipt`, { receipt_no: '', date: today() });
			assert.equal(noNo.status, 422);
			assert.match(noNo.text, /请填写回执编号/);
			const notHere = await s.post(`/filings/${id}/rejections`, { number: 'S123', reason: '不清楚' });
			assert.equal(notHere.status, 422);
			assert.match(notHere.text, /该证书不在本批次中/);
			assert.match(notHere.text, /value="S123"/, 'what was typed is kept');
			const ok = await s.post(`/filings/${id}/rejections`, { number: certB, reason: '<b>照片</b>不清晰' });
			assert.equal(ok.status, 303);
			const shown = await s.get(`/filings/${id}?done=reject`);
			assert.match(shown.text, /&lt;b&gt;照片&lt;\/b&gt;不清晰/, 'escaped');
			assert.ok(!shown.text.includes('<b>照片</b>'));
		});

		/* A station filing in province, with a plan closed and its
		 * certificates issued; resolves {station, plan, certs: [{id,
		 * number}] by number}. */
		const issued = async (province, siteCode, options = {}, station) => {
			station ??= await makeStation(h.server, h.api, {
				assessors: 3,
				filing: { authority: '人力资源和社会保障厅', filing_no: `人社鉴备[2025]${province}号`, province_code: province, site_code: siteCode },
			});
			const plan = await closedPlan(h.server, h.api, station, { level: 4, ...options });
			const r = await post(`/api/v1/plans/${plan.plan}/certificates`, {});
			assert.equal(r.status, 200, r.text);
			const list = (await h.api(`/api/v1/certificates?plan=${plan.plan}`)).json.certificates;
			return { station, plan, certs: list.map((c) => ({ id: c.id, number: c.number })).sort((a, b) => (a.number < b.number ? -1 : 1)) };
		};
		const csvRows = async (id, query = '') => {
			const c = await bytes(`/api/v1/filings/${id}/export.csv${query}`);
			assert.equal(c.status, 200, c.body.toString());
			return parseCsv(c.body.subarray(3).toString('utf8'));
		};
		const change = async (c, json) => {
			const r = await post(`/api/v1/certificates/${c.id}/status`, json);
			assert.equal(r.status, 200, r.text);
		};

		it('a batch takes valid certificates only; a later batch reports a change of status with its reason and date', async () => {
			const { certs } = await issued('35', '000777', { pass: 4 });
			const [revoked, suspended, replaced, kept] = certs;
			await change(revoked, { action: 'revoke', category: 'fraud', reason: '考试作弊，经查实' });
			await change(suspended, { action: 'suspend', reason: '待核查' });
			const sup = await post(`/api/v1/certificates/${replaced.id}/supersede`, { name: '新名字', reason: '持证人更名' });
			assert.equal(sup.status, 201, sup.text);
			const successor = (await h.api(`/api/v1/certificates/${sup.json.id}`)).json.number;
			assert.ok(successor);
			// never filed: only what is valid goes to the authority
			const b1 = await post('/api/v1/filings', { province: '35' });
			assert.equal(b1.status, 201, b1.text);
			assert.equal(b1.json.rows, 2);
			const v1 = (await h.api(`/api/v1/filings/${b1.json.id}`)).json;
			assert.deepEqual(v1.items.map((x) => x.number), [kept.number, successor].sort());
			for (const c of [revoked, suspended, replaced]) assert.ok(!v1.items.some((x) => x.number === c.number), `${c.number} is not valid: not in the batch`);
			const rows1 = await csvRows(b1.json.id);
			assert.deepEqual(rows1.slice(1).map((r) => [r[COL['证书编号']], r[COL['证书状态']], r[COL['状态原因']], r[COL['状态日期']]]),
				[kept.number, successor].sort().map((n) => [n, '有效', '', '']));
			// since then: the filed one revoked, the suspended one reinstated.
			// (The batch is dated an hour back and the changes half an hour
			// back, as when days pass between them: a change in the same
			// second as a batch counts as after it, store/filing.c.)
			await change(kept, { action: 'revoke', category: 'fraud', reason: '证件造假，经查实' });
			await change(suspended, { action: 'reinstate', reason: '核查无误' });
			const hourAgo = new Date(Date.now() - 3600e3).toISOString();
			const halfHourAgo = new Date(Date.now() - 1800e3).toISOString().replace(/\.\d+Z$/, 'Z');
			await sql(h.server, `UPDATE filing_batch SET created_at = '${hourAgo}' WHERE id = ${b1.json.id}`);
			await sql(h.server, `UPDATE certificate_event SET at = '${halfHourAgo}' WHERE certificate_id IN (${kept.id}, ${suspended.id}) AND action <> 'issued'`);
			const b2 = await post('/api/v1/filings', { province: '35' });
			assert.equal(b2.status, 201, b2.text);
			const rows2 = await csvRows(b2.json.id);
			const st = Object.fromEntries(rows2.slice(1).map((r) => [r[COL['证书编号']], [r[COL['证书状态']], r[COL['状态原因']], r[COL['状态日期']], r[COL['评定结果']]]]));
			assert.deepEqual(Object.keys(st).sort(), [kept.number, suspended.number].sort(), 'the revocation reported, the reinstated one filed; the rest not again');
			assert.deepEqual(st[kept.number], ['已注销', '证件造假，经查实', today(), '合格']);
			assert.deepEqual(st[suspended.number], ['有效', '', '', '合格'], 'valid again: no reason to give');
			// the same in the workbook
			const x = await bytes(`/api/v1/filings/${b2.json.id}/export.xlsx`);
			const sheet = readXlsx(x.body);
			assert.deepEqual(sheet[0], HEADINGS);
			const xrow = sheet.find((r) => r[COL['证书编号']] === kept.number);
			assert.deepEqual([xrow[COL['证书状态']], xrow[COL['状态原因']], xrow[COL['状态日期']]], ['已注销', '证件造假，经查实', today()]);
			// nothing changed since: nothing to file
			const b3 = await post('/api/v1/filings', { province: '35' });
			assert.equal(b3.status, 422, b3.text);
			assert.equal(b3.json.error.field, 'province');
		});

		it('the record carries §2.2: photo (by certificate number, in a ZIP beside the sheet), standard, route, dates, site, staff ID numbers, plan and batch', async () => {
			const station = await makeStation(h.server, h.api, {
				assessors: 0,
				filing: { authority: '江西省人力资源和社会保障厅', filing_no: '赣人社鉴备[2025]8号', province_code: '36', site_code: '000888' },
			});
			// staff whose ID numbers the test knows: three assessors, one internal supervisor
			const person = async (json) => {
				const r = await post('/api/v1/people', json);
				assert.equal(r.status, 201, r.text);
				return r.json.id;
			};
			const staffIds = [nextIdNumber(), nextIdNumber(), nextIdNumber()];
			station.assessors = [];
			for (const id_number of staffIds) {
				const id = await person({ name: nextName(), id_number, employer: '职业技能评价中心' });
				const q = await post(`/api/v1/people/${id}/qualifications`, { occupation_code: TURNER, grade: 'assessor', max_level: 3, valid_from: '2020-01-01', valid_to: '2035-12-31' });
				assert.equal(q.status, 201, q.text);
				station.assessors.push(id);
			}
			const supervisorId = nextIdNumber();
			const supervisor = await person({ name: nextName(), id_number: supervisorId, employer: '督导中心' });
			const photo = pngPhoto();
			const { plan } = await issued('36', '000888', { pass: 2, photo }, station);
			// the supervisor signed off the plan; its dates; one holder's photo gone since
			await sql(h.server, `INSERT INTO plan_staff (plan_id, person_id, role, created_at) VALUES (${plan.plan}, ${supervisor}, 'internal_supervisor', '2026-01-01T00:00:00Z')`);
			await sql(h.server, `UPDATE plan SET theory_on = '2026-11-02', practical_on = '2026-11-03' WHERE id = ${plan.plan}`);
			const noPhoto = plan.candidates[1];
			await sql(h.server, `DELETE FROM person_photo WHERE person_id = ${noPhoto.person_id}`);
			const b = await post('/api/v1/filings', { province: '36' });
			assert.equal(b.status, 201, b.text);
			const batch = b.json.id;
			const rows = await csvRows(batch);
			assert.deepEqual(rows[0], HEADINGS);
			assert.equal(rows.length, 3);
			const std = (await h.api(`/api/v1/standards/${station.standard}`)).json;
			const withPhoto = [];
			for (const row of rows.slice(1)) {
				const cand = plan.candidates.find((c) => c.id_number === row[COL['证件号码']]);
				assert.ok(cand, 'a holder of the plan');
				const number = row[COL['证书编号']];
				if (cand === noPhoto) assert.equal(row[COL['照片']], '');
				else {
					assert.equal(row[COL['照片']], `${number}.png`);
					withPhoto.push(number);
				}
				assert.equal(row[COL['职业技能标准']], std.name);
				assert.equal(row[COL['标准版本']], '2018');
				assert.equal(row[COL['申报条件']], '4-2 累计从事本职业或相关职业工作6年（含）以上。');
				assert.deepEqual([row[COL['理论知识考试日期']], row[COL['技能考核日期']], row[COL['综合评审日期']]], ['2026-11-02', '2026-11-03', '']);
				assert.deepEqual([row[COL['考点/评价场所']], row[COL['站点代码']], row[COL['所在省份']]], [station.name, '000888', '江西省']);
				assert.equal(row[COL['考评员证件号码']], staffIds.join(';'), 'the full ID numbers, in the order they were registered');
				assert.equal(row[COL['督导员证件号码']], supervisorId);
				assert.equal(row[COL['考务批次号']], String(plan.plan));
				assert.equal(row[COL['备案批次号']], String(batch));
				assert.equal(row[COL['工种/职业方向']].replace(/^'/, ''), '--', 'no work type: "--", in its own column');
				assert.ok(!row.some((cell) => cell.includes('（--）')));
			}
			assert.equal(withPhoto.length, 1);
			// the workbook says the same (the CSV's apostrophes aside)
			const x = await bytes(`/api/v1/filings/${batch}/export.xlsx`);
			assert.deepEqual(readXlsx(x.body), rows.map((r) => r.map((c) => c.replace(/^'(?=[-=+@])/, ''))));
			// the photos beside the sheet, named as the sheet names them
			const z = await bytes(`/api/v1/filings/${batch}/photos.zip`);
			assert.equal(z.status, 200);
			assert.match(z.headers.get('content-type'), /^application\/zip/);
			assert.match(z.headers.get('content-disposition'), new RegExp(`filing-${batch}-36-photos\\.zip`));
			assert.equal(z.headers.get('cache-control'), 'private, no-store');
			const files = unzip(z.body);
			assert.deepEqual([...files.keys()], withPhoto.map((n) => `${n}.png`));
			assert.ok(files.get(`${withPhoto[0]}.png`).equals(photo), 'the photo as stored');
			const man = JSON.parse((await bytes(`/api/v1/filings/${batch}/manifest.json`)).body.toString('utf8'));
			assert.deepEqual(man.files[2], { name: `filing-${batch}-36-photos.zip`, bytes: z.body.length, sha256: sha256(z.body) }, 'the same archive every time');
			// the staff's ID numbers left too: the export is on record
			const audit = (await h.api(`/api/v1/audit?action=filing.export&object_id=${batch}`)).json;
			assert.ok(audit.items.length >= 3);
		});

		it('the CSV in GB18030 (no BOM) for the provinces that read it: API, page and command line; an unknown encoding is refused', async () => {
			const list = (await h.api('/api/v1/filings')).json.items;
			const batch = list.find((b) => b.province === '36').id;
			const utf8 = await bytes(`/api/v1/filings/${batch}/export.csv`);
			const gb = await bytes(`/api/v1/filings/${batch}/export.csv?encoding=gb18030`);
			assert.equal(gb.status, 200);
			assert.equal(gb.headers.get('content-type'), 'text/csv; charset=gb18030');
			assert.deepEqual([...gb.body.subarray(0, 1)], [0x22], 'no BOM: the first heading\'s quote comes first');
			assert.ok(gb.body.includes(Buffer.from('b3b5b9a4', 'hex')), '车工 in GB18030');
			assert.ok(gb.body.includes(Buffer.from('d0d5c3fb', 'hex')), '姓名 in GB18030');
			assert.ok(!gb.body.includes(Buffer.from('车工', 'utf8')), 'no UTF-8 left');
			assert.equal(new TextDecoder('gb18030').decode(gb.body), utf8.body.subarray(3).toString('utf8'), 'the same text');
			const upper = await bytes(`/api/v1/filings/${batch}/export.csv?encoding=GB18030`);
			assert.ok(upper.body.equals(gb.body));
			for (const bad of ['latin1', 'gbk', 'utf-16']) {
				const r = await h.api(`/api/v1/filings/${batch}/export.csv?encoding=${bad}`);
				assert.equal(r.status, 422, bad);
				assert.equal(r.json.error.field, 'encoding');
			}
			// the page's form sends ?encoding=
			const s = await login(h.server.base, h.user.name, h.user.password);
			const page = await fetch(`${h.server.base}/filings/${batch}/export.csv?encoding=gb18030`, { headers: { Cookie: s.cookieHeader() } });
			assert.equal(page.status, 200);
			assert.equal(page.headers.get('content-type'), 'text/csv; charset=gb18030');
			assert.ok(Buffer.from(await page.arrayBuffer()).equals(gb.body), 'the page gives the same bytes');
			assert.equal((await s.get(`/filings/${batch}/export.csv?encoding=latin1`)).status, 422);
			// the command line
			const dir = makeDataDir('filing-gb');
			const out = await h.server.cli(['filing', 'export', String(batch), '--out', dir, '--encoding', 'gb18030']);
			assert.equal(out.code, 0, out.stderr);
			assert.ok(fs.readFileSync(path.join(dir, `filing-${batch}-36.csv`)).equals(gb.body));
			const man = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
			assert.equal(man.encoding, 'gb18030');
			assert.deepEqual(man.files[1], { name: `filing-${batch}-36.csv`, bytes: gb.body.length, sha256: sha256(gb.body) });
			assert.ok(fs.existsSync(path.join(dir, `filing-${batch}-36-photos.zip`)));
			const bad = await h.server.cli(['filing', 'export', String(batch), '--out', dir, '--encoding', 'latin1']);
			assert.equal(bad.code, 2);
			assert.match(bad.stderr, /--encoding must be utf-8 or gb18030/);
			assert.match((await h.server.cli(['filing', '--help'])).stdout, /--encoding utf-8\|gb18030/);
		});
	});
}
