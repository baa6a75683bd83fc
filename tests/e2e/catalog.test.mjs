// The occupation catalogue and the standards, seeded from the files compiled
// into the binary, and the eligibility check through the API: every route
// evaluated, the first passing one named, each failure in words. Both engines.
import assert from 'node:assert/strict';
import { it } from 'node:test';

import { describeWithServer, engines, http } from './lib.mjs';

for (const engine of engines()) {
	describeWithServer(`catalogue and eligibility [${engine}]`, { engine, tag: 'catalog' }, (h) => {
		const base = () => h.server.base;
		const standards = async () => (await http(base(), '/api/v1/standards')).json.items;
		const idOf = async (code) => (await standards()).find((s) => s.occupation_code === code).id;
		const check = (id, body, headers = {}) =>
			http(base(), `/api/v1/standards/${id}/eligibility`, { method: 'POST', json: body, headers });

		it('init seeded the machinery occupations with their work types and standards (public)', async () => {
			const occ = (await http(base(), '/api/v1/occupations')).json.items;
			const turner = occ.find((o) => o.code === '6-18-01-01');
			assert.equal(turner.name, '车工');
			assert.match(turner.work_types, /数控车工/);
			assert.ok(occ.length >= 8);
			const q = (await http(base(), `/api/v1/occupations?q=${encodeURIComponent('钳工')}`)).json.items;
			assert.deepEqual(q.map((o) => o.code), ['6-20-01-01']);
			const all = await standards();
			const robot = all.find((s) => s.occupation_code === '6-30-99-00');
			assert.equal(robot.citation, '人社厅发〔2020〕108号');
			const one = (await http(base(), `/api/v1/standards/${robot.id}`)).json;
			assert.deepEqual(one.levels, [4, 3, 2, 1], 'the robot operator starts at level 4');
			assert.equal(one.definition.occupation.code, '6-30-99-00');
		});

		it('seeding again (migrate) adds nothing: a published version never changes', async () => {
			const before = (await standards()).length;
			const m = await h.server.cli(['migrate']);
			assert.equal(m.code, 0, m.stderr);
			assert.doesNotMatch(m.stdout, /versions added/);
			assert.equal((await standards()).length, before);
		});

		it('level 4 of 车工: four years after a level-5 certificate passes route 4-1', async () => {
			const id = await idOf('6-18-01-01');
			const ok = await check(id, {
				level: 4, work_start: '2015-03-01',
				certificates: [{ occupation_code: '6-18-01-01', level: 5, issued_on: '2019-06-01' }],
			});
			assert.equal(ok.status, 200, ok.text);
			assert.equal(ok.json.eligible, true);
			assert.equal(ok.json.route, '4-1');
			assert.ok(ok.json.routes.length >= 3, 'every route is reported');
		});

		it('not eligible: every route says why, in words, with the numbers', async () => {
			const id = await idOf('6-18-01-01');
			const today = new Date();
			const start = `${today.getUTCFullYear() - 3}-01-01`;
			const r = await check(id, { level: 4, work_start: start });
			assert.equal(r.status, 200, r.text);
			assert.equal(r.json.eligible, false);
			assert.equal(r.json.route, null);
			const work = r.json.routes.find((x) => x.key === 'elig.work.years');
			assert.ok(work, JSON.stringify(r.json.routes));
			assert.match(work.message, /满6年，您满[23]年/);
			const cert = r.json.routes.find((x) => x.key === 'elig.cert.none');
			assert.match(cert.message, /五级\/初级工/);
			const en = await check(id, { level: 4, work_start: start }, { 'Accept-Language': 'en' });
			assert.match(en.json.routes.find((x) => x.key === 'elig.work.years').message, /Requires 6 full years/);
		});

		it('a level the standard does not offer is refused in words', async () => {
			const r = await check(await idOf('6-30-99-00'), { level: 5, work_start: '2000-01-01' });
			assert.equal(r.status, 200);
			assert.equal(r.json.eligible, false);
			assert.equal(r.json.refusal, 'elig.level_not_offered');
			assert.match(r.json.message, /五级\/初级工/);
		});

		it('malformed facts are refused with the field', async () => {
			const id = await idOf('6-18-01-01');
			const bad = await check(id, { level: 4, work_start: '2099-01-01' });
			assert.equal(bad.status, 422, bad.text);
			const dip = await check(id, { level: 4, diplomas: [{ type: 'kindergarten' }] });
			assert.equal(dip.status, 422);
			assert.equal(dip.json.error.field, 'diplomas');
			assert.equal((await http(base(), '/api/v1/standards/999999')).status, 404);
		});
	});
}
