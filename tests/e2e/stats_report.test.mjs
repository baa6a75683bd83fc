// The annual report (issue 16, docs/annual-report.md) on both engines: a
// small network made through the app (a station in province 44 with plans
// this year and last, a station in province 35 under a branch center, an
// inspection with a finding), refreshed; the report's PDF read back with
// pdftotext — the summary, the totals against the year before and the
// provinces equal to counts made here by SQL on the base tables, the
// registry's inspection; the XLSX's sheets read back with the same
// figures; a subtree reader's report holds its subtree only; refusals (a
// year out of range or without figures, a format: 422 naming the field;
// an outsider 403; anonymous 401); the page with its downloads; the CLI.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { before, it } from 'node:test';

import { closedPlan, makeStation, sql } from './certlib.mjs';
import { bearer, describeWithServer, engines, http, login, makeUser } from './lib.mjs';
import { unzip } from './xlsx.mjs';

const Y = new Date().getUTCFullYear();

const ok = async (p, status = 200) => {
	const r = await p;
	assert.equal(r.status, status, r.text);
	return r.json;
};

const refused = (r, status, field) => {
	assert.equal(r.status, status, r.text);
	assert.equal(r.json.error.field ?? null, field, r.text);
};

function run(cmd, args) {
	return new Promise((resolve, reject) => {
		execFile(cmd, args, { maxBuffer: 64 << 20 }, (e, stdout, stderr) =>
			e ? reject(new Error(`${cmd} ${args.join(' ')}: ${e.message}\n${stderr}`)) : resolve(stdout));
	});
}

/* The text of a PDF (bytes), laid out, its runs of spaces squeezed. */
async function pdfText(bytes) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'report-'));
	const file = path.join(dir, 'report.pdf');
	fs.writeFileSync(file, bytes);
	try {
		return (await run('pdftotext', ['-layout', file, '-'])).replace(/[ \t]+/g, ' ').replace(/\n /g, '\n');
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

/* The rows of sheet n (1-based) of an XLSX: inline strings and numbers. */
function sheetRows(files, n) {
	const unxml = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
	const xml = files.get(['xl', 'worksheets', `sheet${n}.xml`].join('/')).toString('utf8');
	return [...xml.matchAll(/<row[^>]*>([\s\S]*?)<\/row>/g)].map((r) =>
		[...r[1].matchAll(/<c r="[A-Z]+\d+"([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)].map(([, attrs, body = '']) =>
			unxml(/t="inlineStr"/.test(attrs) ? [...body.matchAll(/<t[^>]*>([\s\S]*?)<\/t>/g)].map((t) => t[1]).join('') : (body.match(/<v>([\s\S]*?)<\/v>/) || [])[1] ?? '')));
}

/* The year's figures of the institutions ids, counted by SQL on the base
 * tables (the definitions of docs/statistics.md). */
async function counted(server, ids, y) {
	const inst = `(${ids.join(', ')})`;
	const py = `p.status <> 'draft' AND substr(COALESCE(p.theory_on, p.practical_on, p.review_on, p.created_at), 1, 4) = '${y}' AND p.institution_id IN ${inst}`;
	const n = async (q) => Number((await sql(server, `SELECT COUNT(*) FROM ${q}`)).trim());
	const res = `result r JOIN enrolment e ON e.id = r.enrolment_id JOIN plan p ON p.id = e.plan_id WHERE ${py}`;
	return {
		plans: await n(`plan p WHERE ${py}`),
		enrolled: await n(`enrolment e JOIN plan p ON p.id = e.plan_id WHERE ${py} AND e.status <> 'withdrawn'`),
		assessed: await n(`${res} AND r.outcome NOT IN ('absent', 'withdrawn')`),
		passed: await n(`${res} AND r.outcome = 'pass'`),
		certificates: await n(`certificate c WHERE c.line IN ('skill', 'industry') AND c.supersedes IS NULL AND substr(c.issued_on, 1, 4) = '${y}' AND c.institution_id IN ${inst}`),
	};
}

const rate = (p, w) => (w ? `${(Math.round((p * 10000) / w) / 100).toFixed(2)}%` : '0.00%');
const sign = (d) => (d > 0 ? `+${d}` : String(d));

for (const engine of engines()) {
	describeWithServer(`the annual report [${engine}]`, { engine, tag: 'report', user: true }, (h) => {
		const S = {};
		const post = (url, json = {}) => h.api(url, { method: 'POST', json });
		const cli = async (args) => {
			const r = await h.server.cli(args);
			assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
			return r.stdout;
		};
		const bytes = async (url, token = h.token) => {
			const r = await fetch(`${h.server.base}${url}`, { headers: bearer(token) });
			return { status: r.status, type: r.headers.get('content-type'), disposition: r.headers.get('content-disposition'), body: Buffer.from(await r.arrayBuffer()) };
		};

		before(async () => {
			S.a = await makeStation(h.server, h.api, { assessors: 3 });
			S.b = await makeStation(h.server, h.api, { assessors: 3, filing: { province_code: '35', site_code: '000352', filing_no: '闽人社鉴备[2025]2号' } });
			S.branch = Number((await cli(['institution', 'add', '--name', `报告分中心${engine}`, '--type', 'branch_center', '--province', '35', '--parent', String(S.b.center)])).trim());
			await sql(h.server, `UPDATE institution SET parent_id = ${S.branch}, province = '35' WHERE id = ${S.b.id}`);
			await sql(h.server, `UPDATE institution SET province = '44' WHERE id = ${S.a.id}`);
			// A, this year: three pass, one fails, certificates issued
			S.pa = await closedPlan(h.server, h.api, S.a, { pass: 3, fail: 1 });
			await ok(post(`/api/v1/plans/${S.pa.plan}/certificates`));
			// A, last year: two pass
			S.pd = await closedPlan(h.server, h.api, S.a, { pass: 2 });
			await ok(post(`/api/v1/plans/${S.pd.plan}/certificates`));
			await sql(h.server, `UPDATE plan SET theory_on = '${Y - 1}-11-20' WHERE id = ${S.pd.plan}`);
			await sql(h.server, `UPDATE certificate SET issued_on = '${Y - 1}-11-30' WHERE plan_id = ${S.pd.plan}`);
			// B, this year, level 5: two pass, one fails
			S.pe = await closedPlan(h.server, h.api, S.b, { pass: 2, fail: 1, level: 5 });
			await ok(post(`/api/v1/plans/${S.pe.plan}/certificates`));
			// A's annual inspection this year: to rectify, one finding open
			const insp = await ok(post(`/api/v1/institutions/${S.a.id}/inspections`, { year: Y, inspected_on: `${Y}-01-02`, outcome: 'rectify', notes: '档案不全' }), 201);
			await ok(post(`/api/v1/inspections/${insp.id}/findings`, { description: '考务档案不全', deadline: `${Y + 1}-12-31` }));
			await ok(post('/api/v1/statistics/refresh', {}));
			S.adminB = await makeUser(h.server, 'report.b', { role: 'institution_admin', institution: S.b.id });
			S.assessor = await makeUser(h.server, 'report.assessor', { role: 'assessor', institution: S.a.id });
		});

		it('the PDF: the totals, the year before and the provinces equal counts made by SQL', async () => {
			const r = await bytes(`/api/v1/statistics/report?year=${Y}&format=pdf`);
			assert.equal(r.status, 200, r.body.toString());
			assert.equal(r.type, 'application/pdf');
			assert.match(r.disposition, new RegExp(`attachment; filename="annual-report-${Y}\\.pdf"`));
			const text = await pdfText(r.body);
			const all = [S.a.id, S.b.id];
			const now = await counted(h.server, all, Y), last = await counted(h.server, all, Y - 1);
			const a = await counted(h.server, [S.a.id], Y), b = await counted(h.server, [S.b.id], Y);
			// what was made
			assert.deepEqual([now.assessed, now.passed, last.assessed, last.passed], [7, 5, 2, 2]);
			assert.match(text, new RegExp(`${Y}年度职业技能等级认定工作统计报告`));
			assert.match(text, /\n全网\n/);
			assert.ok(text.replace(/\n/g, '').includes(`报名${now.enrolled}人次，参加认定${now.assessed}人次，合格${now.passed}人次，合格率${rate(now.passed, now.assessed)}`), text);
			const line = (label) => (text.match(new RegExp(`\\n${label} ([^\\n]*)`)) || [])[1];
			for (const [label, m] of [['认定计划（个）', 'plans'], ['报名（人次）', 'enrolled'], ['参加认定（人次）', 'assessed'], ['合格（人次）', 'passed'], ['颁发证书（本）', 'certificates']]) {
				const d = now[m] - last[m];
				const pct = last[m] ? `${d > 0 ? '+' : d < 0 ? '-' : ''}${(Math.trunc((Math.abs(d) * 10000) / last[m]) / 100).toFixed(2)}%` : '—';
				assert.equal(line(label), `${now[m]} ${last[m]} ${sign(d)} ${pct}`, label);
			}
			assert.equal(line('合格率'), `${rate(now.passed, now.assessed)} ${rate(last.passed, last.assessed)} ${line('合格率').split(' ')[2]} —`);
			// by province: 广东省 (A) and 福建省 (B), then the total
			for (const [name, c] of [['广东省', a], ['福建省', b]])
				assert.ok(line(name).startsWith(`${c.enrolled} ${c.assessed} ${c.passed} ${rate(c.passed, c.assessed)} ${c.certificates} `), `${name}: ${line(name)}`);
			// by level: 四级 (A) and 五级 (B)
			assert.ok(line('四级/中级工').startsWith(`${a.enrolled} ${a.assessed} ${a.passed} `), line('四级/中级工'));
			// the registry: the inspection and its finding
			assert.ok(text.replace(/\n/g, '').includes(`${Y}年开展年度检查1次，其中合格0次、限期整改1次、不合格0次；提出整改问题1项，已整改0项，未整改1项（其中逾期0项）`), text);
			assert.match(text, /统计数据截至 \d{4}-\d\d-\d\dT/);
			assert.match(text, /生成于 \d{4}-\d\d-\d\d 1 \/ \d+\n/);
		});

		it('the XLSX: one sheet a table, the same figures', async () => {
			const r = await bytes(`/api/v1/statistics/report?year=${Y}&format=xlsx`);
			assert.equal(r.status, 200, r.body.toString());
			assert.equal(r.type, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
			const files = unzip(r.body);
			const names = [...files.get(['xl', 'workbook.xml'].join('/')).toString('utf8').matchAll(/<sheet name="([^"]+)"/g)].map((m) => m[1]);
			assert.deepEqual(names, ['总体情况', '分等级', '分地区', '分职业', '五年趋势', '评价机构', '检查与整改']);
			const all = [S.a.id, S.b.id];
			const now = await counted(h.server, all, Y), last = await counted(h.server, all, Y - 1);
			const totals = sheetRows(files, 1);
			assert.deepEqual(totals[0], ['指标', String(Y), String(Y - 1), '增减', '增减幅度']);
			assert.deepEqual(totals.find((x) => x[0] === '参加认定（人次）').slice(0, 4), ['参加认定（人次）', String(now.assessed), String(last.assessed), sign(now.assessed - last.assessed)]);
			const prov = sheetRows(files, 3);
			const a = await counted(h.server, [S.a.id], Y);
			assert.deepEqual(prov.find((x) => x[0] === '广东省').slice(0, 4), ['广东省', String(a.enrolled), String(a.assessed), String(a.passed)]);
			assert.deepEqual(prov.at(-1).slice(0, 4), ['合计', String(now.enrolled), String(now.assessed), String(now.passed)]);
			const trend = sheetRows(files, 5);
			assert.deepEqual(trend.slice(1, 6).map((x) => x[0]), [Y - 4, Y - 3, Y - 2, Y - 1, Y].map(String));
			assert.deepEqual(trend.find((x) => x[0] === String(Y - 1)).slice(0, 5), [String(Y - 1), String(last.plans), String(last.enrolled), String(last.assessed), String(last.passed)]);
			const insp = sheetRows(files, 7);
			assert.deepEqual(insp.find((x) => x[0] === '年度检查（次）'), ['年度检查（次）', '1']);
		});

		it('a subtree reader gets the report of its subtree, titled so; an outsider 403, anonymous 401', async () => {
			const r = await bytes(`/api/v1/statistics/report?year=${Y}`, S.adminB.token);
			assert.equal(r.status, 200, r.body.toString());
			const text = await pdfText(r.body);
			const b = await counted(h.server, [S.b.id], Y);
			assert.ok(text.includes(`${S.b.name}及所属机构`), text.slice(0, 400));
			assert.ok(text.replace(/\n/g, '').includes(`参加认定${b.assessed}人次，合格${b.passed}人次`), text);
			assert.ok(!text.includes('广东省'), 'A\'s province is not in B\'s report');
			assert.ok(text.replace(/\n/g, '').includes('开展年度检查0次'), 'A\'s inspection is not in B\'s report');
			const out = await http(h.server.base, `/api/v1/statistics/report?year=${Y}`, { headers: bearer(S.assessor.token) });
			assert.equal(out.status, 403, out.text);
			assert.equal((await http(h.server.base, `/api/v1/statistics/report?year=${Y}`)).status, 401);
		});

		it('the report of 2000, the first year a filter takes: no year before it, the trend from 2000', async () => {
			const old = await closedPlan(h.server, h.api, S.a, { pass: 1 });
			await sql(h.server, `UPDATE plan SET theory_on = '2000-05-10' WHERE id = ${old.plan}`);
			await ok(post('/api/v1/statistics/refresh', { year: 2000 }));
			const r = await bytes('/api/v1/statistics/report?year=2000&format=pdf');
			assert.equal(r.status, 200, r.body.toString());
			const text = (await pdfText(r.body)).replace(/\n/g, '');
			assert.ok(text.includes('2000年度职业技能等级认定工作统计报告'), text.slice(0, 300));
			assert.ok(text.includes('参加认定1人次，合格1人次'), text);
			const x = await bytes('/api/v1/statistics/report?year=2000&format=xlsx');
			assert.equal(x.status, 200, x.body.toString());
			await sql(h.server, `UPDATE plan SET status = 'draft' WHERE id = ${old.plan}`);
			await ok(post('/api/v1/statistics/refresh', { year: 2000 }));
		});

		it('refusals: 422 naming the year or the format', async () => {
			for (const [q, field] of [['', 'year'], ['year=1999', 'year'], ['year=abc', 'year'], ['year=2101', 'year'],
				[`year=${Y - 3}`, 'year'], [`year=${Y}&format=doc`, 'format']])
				refused(await h.api(`/api/v1/statistics/report?${q}`), 422, field);
			const en = await h.api(`/api/v1/statistics/report?year=${Y - 3}&lang=en`);
			assert.match(en.json.error.message, /no figures for that year/);
		});

		it('the page: the years with their downloads, a plain form, refusals re-shown', async () => {
			const s = await login(h.server.base, h.user.name, h.user.password);
			const zh = await s.get('/statistics/report');
			assert.equal(zh.status, 200, zh.text.slice(0, 300));
			assert.match(zh.text, /<h1>年度统计报告<\/h1>/);
			for (const y of [Y, Y - 1]) {
				assert.ok(zh.text.includes(`href="/statistics/report?year=${y}&amp;format=pdf" type="application/pdf" download>`), String(y));
				assert.ok(zh.text.includes(`href="/statistics/report?year=${y}&amp;format=xlsx"`), String(y));
			}
			assert.match(zh.text, /<form class="search" method="get" action="\/statistics\/report">/);
			assert.match(zh.text, /<button type="submit" name="format" value="xlsx">/);
			const en = await s.get('/statistics/report?lang=en');
			assert.match(en.text, /<h1>Annual report<\/h1>/);
			const pdf = await s.get(`/statistics/report?year=${Y}&format=pdf`);
			assert.equal(pdf.status, 200);
			assert.match(pdf.headers.get('content-type'), /^application\/pdf/);
			assert.ok(pdf.text.startsWith('%PDF'));
			const bad = await s.get('/statistics/report?year=1999&format=pdf');
			assert.equal(bad.status, 422);
			assert.match(bad.text, /<p class="error" role="alert" id="report-error">年度: 年度须在2000至2100之间<\/p>/);
			const fmt = await s.get(`/statistics/report?year=${Y}&format=%3Cb%3E`);
			assert.equal(fmt.status, 422);
			assert.match(fmt.text, /格式: 格式须为 pdf 或 xlsx/);
			assert.ok(!fmt.text.includes('<b>'));
			const anon = await http(h.server.base, '/statistics/report');
			assert.ok([302, 303, 401].includes(anon.status), `anonymous: ${anon.status}`);
		});

		it('the command line writes the report to a file', async () => {
			const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'report-cli-'));
			try {
				const file = path.join(dir, 'r.xlsx');
				await cli(['statistics', 'report', '--year', String(Y), '--format', 'xlsx', '--out', file]);
				const rows = sheetRows(unzip(fs.readFileSync(file)), 1);
				const now = await counted(h.server, [S.a.id, S.b.id], Y);
				assert.equal(rows.find((x) => x[0] === '合格（人次）')[1], String(now.passed));
				const pdf = path.join(dir, 'r.pdf');
				await cli(['statistics', 'report', '--year', String(Y), '--out', pdf, '--as', S.adminB.name]);
				assert.ok((await pdfText(fs.readFileSync(pdf))).includes(`${S.b.name}及所属机构`));
				for (const args of [['--year', '1999', '--out', file], ['--year', String(Y)], ['--year', String(Y), '--format', 'doc', '--out', file]]) {
					const r = await h.server.cli(['statistics', 'report', ...args]);
					assert.equal(r.code, 2, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
				}
				const none = await h.server.cli(['statistics', 'report', '--year', String(Y - 3), '--out', file]);
				assert.equal(none.code, 1, none.stderr);
			} finally {
				fs.rmSync(dir, { recursive: true, force: true });
			}
		});
	});
}
