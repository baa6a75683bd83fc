// The statistics page (issue 16, web/statistics.c; docs/statistics.md "The
// dashboard") on both engines, its HTML read as a client reads it: a small
// network (a station in 广东 with a plan of three passed and one failed, a
// station moved to 江苏 with a plan of two passed), counted by the page's
// recount button; every figure of the page's two tables (data-v of each
// cell, the total row) equals the API's for the same filter and breakdown,
// by province, institution and level; each row's label drills down one
// level (the province by institution, the institution by occupation); the
// figures link to the rows behind them, which list that many rows, each
// linking to its plan; an institution named with markup is escaped; every
// malformed parameter is refused (422) naming its field, on the page beside
// the field; the station's own admin sees only its station, and another
// station's id is 403 (page, rows, export), as is the recount; the XLSX
// export read back equals the API's table.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';

import { closedPlan, makeStation, sql } from './certlib.mjs';
import { describeWithServer, engines, http, login, makeUser } from './lib.mjs';
import { readXlsx } from './xlsx.mjs';

const Y = new Date().getUTCFullYear();
const MAIN = ['enrolled', 'assessed', 'passed', 'pass_rate', 'theory_rate', 'practical_rate', 'certificates', 'filed_on_time', 'filed_late', 'unfiled', 'revoked', 'appeals'];
const MORE = ['plans', 'corrections', 'competition_entrants', 'competition_awards', 'honours', 'apprentices', 'apprentices_completed', 'trainees', 'trainees_completed'];
const RATES = { pass_rate: ['passed', 'assessed'], theory_rate: ['theory_passed', 'theory_sat'], practical_rate: ['practical_passed', 'practical_sat'] };

const unhtml = (s) => s.replace(/<[^>]*>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&').trim();

/* One table of a page: its columns (data-key), rows by key {label, href,
 * v: {key: number}} and the total row. */
function pageTable(html, id) {
	const m = new RegExp(`<table[^>]* id="${id}"[^>]*>([\\s\\S]*?)</table>`).exec(html);
	assert.ok(m, `table #${id} in the page`);
	const cols = [...m[1].matchAll(/<th scope="col" class="num" data-key="([a-z_]+)">/g)].map((x) => x[1]);
	const row = (tr) => {
		const v = {};
		const tds = [...tr.matchAll(/<td class="num"[^>]* data-v="([0-9.]+)">/g)].map((x) => Number(x[1]));
		assert.equal(tds.length, cols.length, tr);
		cols.forEach((c, i) => { v[c] = tds[i]; });
		const th = /<th scope="row">([\s\S]*?)<\/th>/.exec(tr)[1];
		const href = (/<a href="([^"]+)">/.exec(th) || [])[1];
		return { label: unhtml(th), href: href && href.replace(/&amp;/g, '&'), v };
	};
	const rows = new Map();
	for (const r of m[1].matchAll(/<tr data-key="([^"]*)">([\s\S]*?)<\/tr>/g)) rows.set(r[1], row(r[2]));
	const foot = /<tfoot><tr>([\s\S]*?)<\/tr><\/tfoot>/.exec(m[1]);
	return { cols, rows, total: row(foot[1]) };
}

/* The API's figure of a column: a count, or a rate as "85.25" (0 with
 * nothing under it). */
function apiValue(r, col) {
	if (RATES[col]) {
		const [part, whole] = RATES[col];
		// hundredths of a percent, rounded half up (core/figures.c)
		return r[whole] ? Math.floor((r[part] * 20000 + r[whole]) / (2 * r[whole])) / 100 : 0;
	}
	return r[col];
}

function sameAsApi(page, api, what) {
	assert.deepEqual([...page.rows.keys()], api.rows.map((r) => String(r.key)), `${what}: the same rows`);
	for (const r of api.rows) {
		const p = page.rows.get(String(r.key));
		assert.equal(p.label, r.label, `${what}: the label of ${r.key}`);
		for (const c of page.cols) assert.equal(p.v[c], apiValue(r, c), `${what}: ${r.key} ${c}`);
	}
	for (const c of page.cols) assert.equal(page.total.v[c], apiValue(api.total, c), `${what}: total ${c}`);
}

for (const engine of engines()) {
	describeWithServer(`the statistics page [${engine}]`, { engine, tag: 'stats-pages', user: true, env: { SKILLCERT_STATS_REFRESH: '0' } }, (h) => {
		const S = {};
		let admin; // the center_admin's session

		const page = async (sess, q) => {
			const r = await sess.get(`/statistics${q}`);
			assert.equal(r.status, 200, `${q}: ${r.text.slice(0, 400)}`);
			return r.text;
		};
		const api = async (q) => {
			const r = await h.api(`/api/v1/statistics${q}`);
			assert.equal(r.status, 200, r.text);
			return r.json;
		};

		before(async () => {
			S.a = await makeStation(h.server, h.api, { assessors: 3 });
			S.pa = await closedPlan(h.server, h.api, S.a, { pass: 3, fail: 1 });
			S.b = await makeStation(h.server, h.api, { assessors: 3 });
			S.pb = await closedPlan(h.server, h.api, S.b, { pass: 2 });
			// B is in 江苏 (32), A stays in 广东 (44)
			await sql(h.server, `UPDATE institution SET province = '32' WHERE id = ${S.b.id}`);
			// markup in B's name: escaped wherever the page shows it
			S.bName = `<script>alert("x")</script>乙站${process.pid}`;
			const rn = await h.api(`/api/v1/institutions/${S.b.id}/rename`, { method: 'POST', json: { name: S.bName } });
			assert.equal(rn.status, 200, rn.text);
			admin = await login(h.server.base, h.user.name, h.user.password);
			S.bAdmin = await makeUser(h.server, 'b.admin', { role: 'institution_admin', institution: S.b.id, token: false });
			S.bSess = await login(h.server.base, S.bAdmin.name, S.bAdmin.password);
		});

		it('before any count the page says so; the recount button (a network-wide reader) counts and comes back to the same page', async () => {
			const before0 = await page(admin, `?year=${Y}`);
			assert.match(before0, /尚未统计|没有符合条件的数据/);
			const r = await admin.post('/statistics/refresh', { year: '', next: `/statistics?year=${Y}&by=province` });
			assert.equal(r.status, 303, r.text.slice(0, 300));
			assert.equal(r.res.headers.get('location'), `/statistics?year=${Y}&by=province`);
			// a next elsewhere goes to /statistics
			const away = await admin.post('/statistics/refresh', { year: String(Y), next: '//evil.example/x' });
			assert.equal(away.status, 303);
			assert.equal(away.res.headers.get('location'), '/statistics');
			const html = await page(admin, `?year=${Y}`);
			assert.match(html, /数据截至 \d{4}-\d\d-\d\d \d\d:\d\d/);
		});

		it('by province: every figure of both tables equals the API\'s, the total too; each province drills down to its institutions', async () => {
			const html = await page(admin, `?year=${Y}&by=province`);
			const want = await api(`?year=${Y}&by=province`);
			const main = pageTable(html, 'stats-main');
			assert.deepEqual(main.cols, MAIN);
			sameAsApi(main, want, 'main by province');
			const more = pageTable(html, 'stats-more');
			assert.deepEqual(more.cols, MORE);
			sameAsApi(more, want, 'more by province');
			// what was made: 44 enrolled 4, passed 3; 32 enrolled 2, passed 2
			assert.deepEqual([main.rows.get('44').v.enrolled, main.rows.get('44').v.passed, main.rows.get('44').v.pass_rate], [4, 3, 75]);
			assert.deepEqual([main.rows.get('32').v.enrolled, main.rows.get('32').v.passed], [2, 2]);
			assert.equal(main.total.v.enrolled, 6);
			assert.equal(main.rows.get('44').href, `/statistics?by=institution&year=${Y}&province=44`);
			// the charts' data: the tables say how they are drawn
			assert.match(html, /<table class="stats stack" id="stats-main" [^>]*data-chart="bar" data-series="enrolled,assessed,passed\|pass_rate,theory_rate,practical_rate\|/);
			assert.match(html, /<script src="\/static\/echarts\.min\.js" defer><\/script><script src="\/static\/statistics\.js" defer><\/script>/);
			assert.ok(!html.includes('<script>'), 'no inline script');
		});

		it('the drill-down: a province by institution, an institution by occupation, then by level; the filters shown, each removable', async () => {
			const prov = await page(admin, `?by=institution&year=${Y}&province=44`);
			const pi = pageTable(prov, 'stats-main');
			sameAsApi(pi, await api(`?by=institution&year=${Y}&province=44`), 'province 44 by institution');
			assert.deepEqual([...pi.rows.keys()], [String(S.a.id)], 'only the station in 广东 has figures there');
			assert.equal(pi.rows.get(String(S.a.id)).href, `/statistics?by=occupation&year=${Y}&province=44&institution_id=${S.a.id}`);
			assert.match(prov, /<span class="chip">省份：广东省<a href="\/statistics\?by=institution&amp;year=\d+" aria-label="移除筛选 省份：广东省">×<\/a><\/span>/);
			const inst = await page(admin, `?by=occupation&year=${Y}&province=44&institution_id=${S.a.id}`);
			const io = pageTable(inst, 'stats-main');
			sameAsApi(io, await api(`?by=occupation&year=${Y}&province=44&institution_id=${S.a.id}`), 'A by occupation');
			assert.deepEqual([...io.rows.keys()], ['6-18-01-01']);
			assert.equal(io.rows.get('6-18-01-01').href, `/statistics?by=level&year=${Y}&province=44&institution_id=${S.a.id}&occupation=6-18-01-01`);
			const occ = await page(admin, `?by=level&year=${Y}&institution_id=${S.a.id}&occupation=6-18-01-01`);
			const ol = pageTable(occ, 'stats-main');
			sameAsApi(ol, await api(`?by=level&year=${Y}&institution_id=${S.a.id}&occupation=6-18-01-01`), 'A 车工 by level');
			assert.deepEqual([...ol.rows.keys()], ['4']);
			assert.match(occ, /data-series="[^"]*\|pie:certificates"/, 'the levels\' certificates as a pie');
		});

		it('each figure links to the rows behind it: as many rows as the figure, each linking to its page', async () => {
			const html = await page(admin, `?year=${Y}&by=province`);
			const row44 = /<tr data-key="44">([\s\S]*?)<\/tr>/.exec(html)[1];
			const enrolled = /data-label="报名人数" data-v="4"><a href="([^"]+)">4<\/a>/.exec(row44);
			assert.ok(enrolled, row44);
			const href = enrolled[1].replace(/&amp;/g, '&');
			assert.equal(href, `/statistics/rows?measure=enrolled&by=institution&year=${Y}&province=44`);
			const rows = await admin.get(href);
			assert.equal(rows.status, 200, rows.text.slice(0, 300));
			assert.match(rows.text, /共 4 条记录/);
			const plans = [...rows.text.matchAll(/<a href="(\/plans\/\d+)">/g)].map((x) => x[1]);
			assert.equal(plans.length, 4, rows.text.slice(0, 2000));
			assert.ok(plans.every((p) => p === `/plans/${S.pa.plan}`), plans.join(' '));
			// and the measure's name is the heading
			assert.match(rows.text, /<h1>报名人数<\/h1>/);
		});

		it('an institution named with markup is escaped in the table, the filters and the select', async () => {
			const html = await page(admin, `?by=institution&year=${Y}`);
			assert.ok(!html.includes('<script>alert'), 'never raw');
			assert.ok(html.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'), 'escaped');
			const t = pageTable(html, 'stats-main');
			assert.equal(t.rows.get(String(S.b.id)).label, S.bName);
			const filtered = await page(admin, `?by=occupation&year=${Y}&institution_id=${S.b.id}`);
			assert.ok(!filtered.includes('<script>alert'));
			assert.match(filtered, /机构：&lt;script&gt;/);
		});

		it('every malformed parameter is refused (422) naming its field; the page marks the field', async () => {
			const cases = [
				['year=20x5', 'year'], ['year=1999', 'year'], ['year_from=abc', 'year_from'], ['year_to=2030&year_from=2031', 'year_to'],
				['by=nope', 'by'], ['by=none', 'by'], ['province=99', 'province'], ['province=%3Cb%3E', 'province'],
				['branch_id=-1', 'branch_id'], ['institution_id=x', 'institution_id'], ['level=9', 'level'], ['level=0', 'level'],
				['occupation=' + 'x'.repeat(40), 'occupation'],
			];
			for (const [q, field] of cases) {
				const r = await admin.get(`/statistics?${q}`);
				assert.equal(r.status, 422, `${q}: ${r.status}`);
				assert.match(r.text, new RegExp(`id="f-${field}" name="${field}"[^>]* aria-invalid="true"`), `${q}: ${field} marked`);
				assert.match(r.text, /class="error-summary" role="alert"/);
				assert.ok(!r.text.includes('<b>'), q);
				const x = await admin.get(`/statistics/export.xlsx?${q}`);
				assert.equal(x.status, 422, `export ${q}`);
				assert.match(x.text, new RegExp(`<code>${field}</code>`));
				const rows = await admin.get(`/statistics/rows?measure=passed&${q}`);
				assert.equal(rows.status, 422, `rows ${q}`);
				assert.match(rows.text, new RegExp(`<code>${field}</code>`));
			}
			for (const [q, field] of [['', 'measure'], ['measure=nope', 'measure'], ['measure=passed&offset=-5', 'offset'], ['measure=passed&offset=x', 'offset']]) {
				const r = await admin.get(`/statistics/rows?${q}`);
				assert.equal(r.status, 422, q);
				assert.match(r.text, new RegExp(`<code>${field}</code>`), q);
			}
			const y = await admin.post('/statistics/refresh', { year: '20x5' });
			assert.equal(y.status, 422);
		});

		it('a station\'s own admin reads only its station; another station\'s id is 403 on the page, the rows and the export; no recount', async () => {
			const html = await page(S.bSess, `?year=${Y}&by=institution`);
			const t = pageTable(html, 'stats-main');
			assert.deepEqual([...t.rows.keys()], [String(S.b.id)]);
			assert.equal(t.total.v.enrolled, 2, 'the total of its own subtree');
			assert.ok(!html.includes('/statistics/refresh'), 'no recount button');
			const byProv = pageTable(await page(S.bSess, `?year=${Y}`), 'stats-main');
			assert.deepEqual([...byProv.rows.keys()], ['32']);
			for (const p of [`/statistics?institution_id=${S.a.id}`, `/statistics/rows?measure=enrolled&institution_id=${S.a.id}`,
				`/statistics/export.xlsx?institution_id=${S.a.id}`]) {
				const r = await S.bSess.get(p);
				assert.equal(r.status, 403, `${p}: ${r.status}`);
				assert.match(r.text, /您没有执行此操作的权限/);
			}
			const re = await S.bSess.post('/statistics/refresh', { year: String(Y) });
			assert.equal(re.status, 403);
			// its rows: only its own plan
			const rows = await S.bSess.get(`/statistics/rows?measure=enrolled&year=${Y}`);
			assert.equal(rows.status, 200);
			assert.match(rows.text, /共 2 条记录/);
			assert.ok(!rows.text.includes(`/plans/${S.pa.plan}"`));
		});

		it('the XLSX export: one sheet, the key, the label, every measure and the rates, the total last; equal to the API\'s', async () => {
			const r = await fetch(`${h.server.base}/statistics/export.xlsx?by=institution&year=${Y}`, { headers: { Cookie: admin.cookieHeader() } });
			assert.equal(r.status, 200);
			assert.equal(r.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
			assert.match(r.headers.get('content-disposition'), /attachment; filename="statistics-institution\.xlsx"/);
			const rows = readXlsx(Buffer.from(await r.arrayBuffer()));
			const want = await api(`?by=institution&year=${Y}`);
			const head = rows[0];
			assert.deepEqual(head.slice(0, 5), ['代码', '机构', '考核计划', '报名人数', '参评人数']);
			assert.deepEqual(head.slice(-3), ['合格率', '理论合格率', '实操合格率']);
			assert.equal(head.length, 2 + want.measures.length + 3);
			assert.equal(rows.length, 1 + want.rows.length + 1);
			want.rows.forEach((w, i) => {
				const got = rows[1 + i];
				assert.deepEqual(got.slice(0, 2), [String(w.key), w.label]);
				want.measures.forEach((m, j) => assert.equal(got[2 + j], String(w[m]), `${w.key} ${m}`));
				const pr = got[2 + want.measures.length];
				assert.equal(pr === '' ? 0 : Number(pr), apiValue(w, 'pass_rate'));
			});
			const total = rows[rows.length - 1];
			assert.deepEqual(total.slice(0, 2), ['', '合计']);
			want.measures.forEach((m, j) => assert.equal(total[2 + j], String(want.total[m]), `total ${m}`));
			// in English
			const en = await fetch(`${h.server.base}/statistics/export.xlsx?by=level&year=${Y}&lang=en`, { headers: { Cookie: admin.cookieHeader() } });
			const enRows = readXlsx(Buffer.from(await en.arrayBuffer()));
			assert.deepEqual(enRows[0].slice(0, 3), ['Code', 'Level', 'Plans held']);
			assert.deepEqual(enRows[enRows.length - 1].slice(0, 2), ['', 'Total']);
		});

		it('in English: the headings, the filters and the labels', async () => {
			const html = await page(admin, `?year=${Y}&by=province&lang=en`);
			assert.match(html, /<h1>Statistics<\/h1>/);
			assert.match(html, /data-key="enrolled">Enrolled<\/th>/);
			assert.match(html, /<label for="f-by">Broken down by<\/label>/);
			assert.match(html, /Figures as of/);
			assert.ok(html.includes(`href="/statistics?by=institution&amp;year=${Y}&amp;province=44&amp;lang=en"`), 'the drill-down keeps the language');
		});
	});
}
