// The public edge (issue 12): the results notices (结果公示) linked from the
// 公示 page and the home page while they run, and every public notice —
// registration batches and results — searchable by text on the 公示 page.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';

import { closedPlan, makeStation, sql } from './certlib.mjs';
import { describeWithServer, engines, http } from './lib.mjs';

for (const engine of engines()) {
	describeWithServer(`public notices [${engine}]`, { engine, tag: 'public', user: true }, (h) => {
		let station;
		let running; // published: its results notice runs
		let over; // published, the notice period over (not closed yet)
		let titles;

		before(async () => {
			station = await makeStation(h.server, h.api);
			running = await closedPlan(h.server, h.api, station, { pass: 1, close: false });
			over = await closedPlan(h.server, h.api, station, { pass: 1, close: false });
			await sql(h.server, `UPDATE plan SET notice_start = '2020-01-01', notice_end = '2020-01-02' WHERE id = ${Number(over.plan)}`);
			titles = {};
			for (const p of [running, over]) titles[p.plan] = (await h.api(`/api/v1/plans/${p.plan}`)).json.title;
		});

		const links = (text) => [...text.matchAll(/href="\/results\/(\d+)"/g)].map((m) => Number(m[1]));

		it('a results notice that runs is linked from the 公示 page and the home page; one that is over is not', async () => {
			for (const path of ['/registry/batches', '/']) {
				const r = await http(h.server.base, path);
				assert.equal(r.status, 200, `${path}: ${r.text.slice(0, 200)}`);
				assert.deepEqual(links(r.text), [running.plan], `${path}: the running notice only`);
				assert.ok(r.text.includes(titles[running.plan]), `${path} names the plan`);
				assert.ok(r.text.includes(station.name), `${path} names the institution`);
			}
			// the link opens the public results
			assert.equal((await http(h.server.base, `/results/${running.plan}`)).status, 200);
			// in English too
			const en = await http(h.server.base, '/registry/batches?lang=en');
			assert.match(en.text, /Results notices/);
			assert.deepEqual(links(en.text), [running.plan]);
		});

		it('every public notice is searchable by text: results by plan, institution or occupation; batches by title or institution', async () => {
			const search = (q) => http(h.server.base, `/registry/batches?${new URLSearchParams({ q })}`);
			const batchLinks = (text) => [...text.matchAll(/href="\/registry\/batches\/(\d+)"/g)].map((m) => Number(m[1]));
			const all = await search('');
			assert.ok(batchLinks(all.text).length >= 1, 'the station\'s registration batch');
			for (const q of [station.name, '车工', '6-18-01-01', titles[running.plan]]) {
				const r = await search(q);
				assert.equal(r.status, 200);
				assert.deepEqual(links(r.text), [running.plan], `results found by ${q}`);
				assert.match(r.text, new RegExp(`value="${q.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`), 'what was typed stays in the field');
			}
			// the batch holding the station's registration, found by the station's name
			const byName = await search(station.name);
			assert.equal(batchLinks(byName.text).length, 1, byName.text.slice(0, 300));
			// nothing matches: said, for both kinds
			const none = await search('没有这样的公示zzz');
			assert.equal(none.status, 200);
			assert.deepEqual([links(none.text), batchLinks(none.text)], [[], []]);
			assert.equal((none.text.match(/没有与所填内容相符的公示/g) || []).length, 2);
		});
	});
}
