// An institution's honour list (荣誉榜, issue 13), both engines: what the
// entries it nominated won in competitions that are final — year,
// competition, tier, event, group, place, award, titles, names masked as on
// the results —, public (the API, the page, the command line), filtered by
// year; an unknown institution 404; nothing from a competition in its
// results notice. The links: the public institution page and a final
// competition's results link the honour lists, and the public competition
// list (its year and tier filters a plain GET form) links each final
// competition's results. Only the final competitions an institution entered
// are computed for its list; one whose results fail (its stored document
// broken) is skipped and logged — the lists of the institutions that entered
// it still answer, without its rows.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';

import { TURNER, idNumber, nextName, sql } from './certlib.mjs';
import { describeWithServer, engines, http, uniqueName } from './lib.mjs';

const HEAD = 'entry_id,aspect,value,j1,j2,j3';

for (const engine of engines()) {
	describeWithServer(`competition honours [${engine}]`, { engine, tag: 'chon', user: true }, (h) => {
		let st = 0;
		let st2 = 0;
		let seq = 0;
		let fin = null; // the final competition (2025)
		let pending = null; // the one in its results notice (2026)

		const ok = (r, status = 200) => {
			assert.equal(r.status, status, r.text);
			return r.json;
		};
		const cli = async (args) => {
			const r = await h.server.cli(args);
			assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
			return r.stdout.trim();
		};
		const person = async (inst, birth, employer) => {
			const name = nextName();
			const id = ok(await h.api('/api/v1/people', {
				method: 'POST', json: { name, id_number: idNumber(birth, 700 + ++seq), institution_id: inst, employer },
			}), 201).id;
			return { id, name };
		};
		/* A competition marked the same everywhere but the theory, locked,
		 * in its results notice and (final) past it. */
		const run = async (year, contestants, final) => {
			const name = uniqueName(`荣誉竞赛${year}`);
			const comp = ok(await h.api('/api/v1/competitions', {
				method: 'POST',
				json: { name, tier: 'national_class2', year, approval_doc: '机械技能〔2025〕3号', starts_on: `${year}-10-10`, ends_on: `${year}-10-12`, venue: '洛阳', document_code: 'machinery-class2' },
			}), 201).id;
			const act = async (action) => ok(await h.api(`/api/v1/competitions/${comp}/act`, { method: 'POST', json: { action } }));
			const ev = ok(await h.api(`/api/v1/competitions/${comp}/events`, { method: 'POST', json: { occupation_code: TURNER, group: 'employee' } }), 201).id;
			await act('open');
			const entries = [];
			for (const [inst, who] of contestants) {
				const e = ok(await h.api(`/api/v1/competition-events/${ev}/entries`, { method: 'POST', json: { institution_id: inst, person_ids: [who.id] } }), 201).id;
				ok(await h.api(`/api/v1/competition-entries/${e}/confirm`, { method: 'POST', json: {} }));
				entries.push(e);
			}
			for (const role of ['judge', 'judge', 'judge', 'chief_judge'])
				ok(await h.api(`/api/v1/competition-events/${ev}/judges`, { method: 'POST', json: { person_id: (await person(st, '19780101', '裁判中心')).id, role } }), 201);
			await act('close');
			await act('mark');
			const lines = [HEAD];
			for (const e of entries) lines.push(`${e},A1,1,,,`, `${e},A2,0.005,,,`, `${e},A3,1,,,`, `${e},B1,,3,3,3`, `${e},B2,,2,2,2`, `${e},B3,1,,,`);
			ok(await h.api(`/api/v1/competition-events/${ev}/marks-import`, { method: 'POST', body: lines.join('\n'), headers: { 'Content-Type': 'text/csv' } }));
			for (const [i, e] of entries.entries())
				ok(await h.api(`/api/v1/competition-events/${ev}/theory`, { method: 'POST', json: { entry_id: e, score: String(90 - 10 * i) } }));
			for (const m of ['A', 'B', 'theory'])
				ok(await h.api(`/api/v1/competition-events/${ev}/lock`, { method: 'POST', json: { module: m } }));
			await act('notice');
			if (final) {
				await sql(h.server, `UPDATE competition SET notice_end = '2000-01-01' WHERE id = ${Number(comp)}`);
				await act('final');
			}
			return { comp, ev, entries, name };
		};

		before(async () => {
			const center = Number(await cli(['institution', 'add', '--name', uniqueName('荣誉中心'), '--type', 'center', '--province', '11']));
			st = Number(await cli(['institution', 'add', '--name', uniqueName('荣誉站'), '--type', 'exam_station', '--province', '44', '--parent', String(center)]));
			st2 = Number(await cli(['institution', 'add', '--name', uniqueName('另一站'), '--type', 'exam_station', '--province', '44', '--parent', String(center)]));
			const a = await person(st, '20000301', '丙机床厂');
			const b = await person(st2, '20000302', '丁机床厂');
			const c = await person(st, '20000303', '丙机床厂');
			const d = await person(st, '20000304', '丙机床厂');
			// places 1 (st), 2 (st2), 3 (st) by the theory
			fin = await run(2025, [[st, a], [st2, b], [st, c]], true);
			fin.people = [a, b, c];
			pending = await run(2026, [[st, d]], false);
		});

		it('the API: what the institution\'s entries won in the final competition, names masked; nothing from one in its notice; public', async () => {
			const r = await http(h.server.base, `/api/v1/institutions/${st}/honours`);
			const got = ok(r);
			assert.deepEqual(got.years, [2025], 'the competition in its notice adds nothing');
			assert.deepEqual(got.items.map((x) => [x.competition_id, x.year, x.tier, x.occupation_code, x.group, x.place, x.entrants, x.award, x.titles, x.squad]), [
				[fin.comp, 2025, 'national_class2', TURNER, 'employee', 1, 3, 'gold', ['industry_technical_expert'], false],
				[fin.comp, 2025, 'national_class2', TURNER, 'employee', 3, 3, 'bronze', ['industry_technical_expert'], false],
			]);
			const [a, , c] = fin.people;
			for (const [x, who] of [[got.items[0], a], [got.items[1], c]]) {
				assert.notEqual(x.names, who.name, 'masked');
				assert.equal([...x.names][0], [...who.name][0]);
				assert.match(x.names, /\*/);
			}
			assert.equal(got.items[0].competition, fin.name);
			const other = ok(await http(h.server.base, `/api/v1/institutions/${st2}/honours`));
			assert.deepEqual(other.items.map((x) => [x.place, x.award]), [[2, 'silver']], 'the nominating institution\'s only');
			assert.deepEqual(ok(await http(h.server.base, `/api/v1/institutions/${st}/honours?year=2026`)).items, []);
			assert.equal(ok(await http(h.server.base, `/api/v1/institutions/${st}/honours?year=2025`)).items.length, 2);
			const bad = await http(h.server.base, `/api/v1/institutions/${st}/honours?year=abc`);
			assert.equal(bad.status, 422);
			assert.equal(bad.json.error.field, 'year');
			assert.equal((await http(h.server.base, '/api/v1/institutions/999999/honours')).status, 404);
		});

		it('once the notice competition is final, it joins the list', async () => {
			// a step the test takes last of the API checks: the 2026 one final
			await sql(h.server, `UPDATE competition SET notice_end = '2000-01-01' WHERE id = ${Number(pending.comp)}`);
			ok(await h.api(`/api/v1/competitions/${pending.comp}/act`, { method: 'POST', json: { action: 'final' } }));
			const got = ok(await http(h.server.base, `/api/v1/institutions/${st}/honours`));
			assert.deepEqual(got.years, [2026, 2025]);
			assert.deepEqual(got.items.map((x) => [x.year, x.place, x.award]), [[2026, 1, 'gold'], [2025, 1, 'gold'], [2025, 3, 'bronze']]);
		});

		it('the page: public, in both languages, a year filter without script; 404 for an unknown institution', async () => {
			const page = await http(h.server.base, `/institutions/${st}/honours`);
			assert.equal(page.status, 200);
			assert.match(page.text, /荣誉榜/);
			assert.match(page.text, new RegExp(`href="/competitions/${fin.comp}/results"`));
			assert.match(page.text, /<form class="search" method="get"/);
			const y = await http(h.server.base, `/institutions/${st}/honours?year=2025&lang=en`);
			assert.match(y.text, /Honour list/);
			assert.match(y.text, /<option value="2025" selected>/);
			assert.doesNotMatch(y.text, new RegExp(`/competitions/${pending.comp}/results`));
			assert.match(y.text, /Gold/);
			assert.equal((await http(h.server.base, '/institutions/999999/honours')).status, 404);
			assert.equal((await http(h.server.base, `/institutions/${st}/honours?year=abc`)).status, 422);
		});

		it('the links: the institution page and a final competition\'s results link the honour list', async () => {
			const inst = await http(h.server.base, `/institutions/${st}`);
			assert.match(inst.text, new RegExp(`href="/institutions/${st}/honours"`));
			const res = await http(h.server.base, `/competitions/${fin.comp}/results`);
			assert.equal(res.status, 200);
			assert.match(res.text, new RegExp(`href="/institutions/${st2}/honours"`));
		});

		it('the public competition list links each final competition\'s results; its year and tier filters work as a plain GET', async () => {
			const all = await http(h.server.base, '/competitions');
			assert.match(all.text, new RegExp(`href="/competitions/${fin.comp}/results"`));
			const y25 = await http(h.server.base, '/competitions?year=2025&tier=');
			assert.match(y25.text, new RegExp(`href="/competitions/${fin.comp}"`));
			assert.doesNotMatch(y25.text, new RegExp(`href="/competitions/${pending.comp}"`));
			const district = await http(h.server.base, '/competitions?year=&tier=district');
			assert.doesNotMatch(district.text, new RegExp(`href="/competitions/${fin.comp}"`));
			const class2 = await http(h.server.base, '/competitions?tier=national_class2');
			assert.match(class2.text, new RegExp(`href="/competitions/${fin.comp}"`));
		});

		it('only the final competitions an institution entered are computed; one whose results fail is skipped, not fatal', async () => {
			// a 2024 final competition entered by st2 only, then its stored document broken
			const b = await person(st2, '20000305', '丁机床厂');
			const broken = await run(2024, [[st2, b]], true);
			assert.deepEqual(ok(await http(h.server.base, `/api/v1/institutions/${st2}/honours`)).years, [2025, 2024]);
			await sql(h.server, `UPDATE competition_document SET body = '{' WHERE competition_id = ${Number(broken.comp)}`);
			assert.equal((await http(h.server.base, `/api/v1/competitions/${broken.comp}/results`)).status, 500, 'its results fail');
			// st never entered it: its list is not touched by it
			const mine = ok(await http(h.server.base, `/api/v1/institutions/${st}/honours`));
			assert.deepEqual(mine.items.map((x) => [x.year, x.place, x.award]), [[2026, 1, 'gold'], [2025, 1, 'gold'], [2025, 3, 'bronze']]);
			// st2 entered it: its list still answers, without the broken competition's rows
			const theirs = ok(await http(h.server.base, `/api/v1/institutions/${st2}/honours`));
			assert.deepEqual(theirs.items.map((x) => [x.competition_id, x.place, x.award]), [[fin.comp, 2, 'silver']]);
			assert.equal((await http(h.server.base, `/institutions/${st2}/honours`)).status, 200);
		});

		it('the command line: the list by year', async () => {
			const out = await cli(['competition', 'honours', String(st), '--year', '2025']);
			const lines = out.split('\n');
			assert.equal(lines.length, 2);
			assert.match(lines[0], new RegExp(`^2025\\t${fin.comp}\\t[^\\t]+\\tnational_class2\\t${TURNER}\\temployee\\t1/3\\tgold\\tindustry_technical_expert\\t\\t`));
			const none = await h.server.cli(['competition', 'honours', '999999']);
			assert.equal(none.code, 1);
		});
	});
}
