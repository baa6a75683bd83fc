// The certificate an institution hands over (issue 11), end to end on both
// engines: no certificate without the holder's photo (the whole plan
// refused, naming who lacks one).
import assert from 'node:assert/strict';
import { it } from 'node:test';

import { closedPlan, makeStation, pngPhoto } from './certlib.mjs';
import { describeWithServer, engines, http } from './lib.mjs';

for (const engine of engines()) {
	describeWithServer(`the printed certificate [${engine}]`, { engine, tag: 'certdoc', user: true }, (h) => {
		const api = (p, o) => h.api(p, o);
		let station;

		it('a plan with candidates lacking a photo is refused whole: 422 listing them (API and page), nothing issued', async () => {
			const s = await h.server.cli(['setting', 'set', 'public_url', h.server.base]);
			assert.equal(s.code, 0, s.stderr);
			station = await makeStation(h.server, h.api);
			const P = await closedPlan(h.server, h.api, station, { pass: 3, fail: 1, photo: null });
			const [withPhoto, ...without] = P.candidates.filter((c) => c.pass);
			const photo = pngPhoto(64, 90);
			const up = (c) => api(`/api/v1/people/${c.person_id}/photo`, { method: 'POST', body: photo, headers: { 'Content-Type': 'image/png' } });
			assert.equal((await up(withPhoto)).status, 200);

			const r = await api(`/api/v1/plans/${P.plan}/certificates`, { method: 'POST' });
			assert.equal(r.status, 422, r.text);
			assert.equal(r.json.error.field, 'photo');
			const probs = r.json.error.problems;
			assert.deepEqual(probs.map((p) => p.person_id).sort(), without.map((c) => c.person_id).sort());
			for (const p of probs) {
				const c = without.find((x) => x.person_id === p.person_id);
				assert.equal(p.enrolment_id, c.enrolment_id);
				assert.equal(p.name, c.name);
				assert.equal(p.field, 'photo');
			}
			const none = await api(`/api/v1/certificates?plan=${P.plan}`);
			assert.equal(none.json.certificates.length, 0, 'nothing issued, not even the one with a photo');

			// the page: the same list, each linked to where the photo is set
			const page = await http(h.server.base, `/plans/${P.plan}/certificates`, { method: 'POST', headers: { Authorization: `Bearer ${h.token}` }, form: {} });
			assert.equal(page.status, 422, page.text.slice(0, 300));
			for (const c of without) {
				assert.ok(page.text.includes(`href="/people/${c.person_id}"`), `a link to ${c.person_id}`);
				assert.ok(page.text.includes(c.name));
			}
			assert.ok(!page.text.includes(`href="/people/${withPhoto.person_id}"`));
			// the plan page warns before issuing
			const plan = await http(h.server.base, `/plans/${P.plan}`, { headers: { Authorization: `Bearer ${h.token}` } });
			assert.equal(plan.status, 200);
			assert.match(plan.text, new RegExp(`<strong>${without.length}</strong> 名考生缺少照片`));

			// every photo in: the whole plan issued
			for (const c of without) assert.equal((await up(c)).status, 200);
			const ok = await api(`/api/v1/plans/${P.plan}/certificates`, { method: 'POST' });
			assert.equal(ok.status, 200, ok.text);
			assert.equal(ok.json.issued, 3);
			const again = await http(h.server.base, `/plans/${P.plan}`, { headers: { Authorization: `Bearer ${h.token}` } });
			assert.ok(!again.text.includes('id="missing-photos"'));
		});
	});
}
