// Times in the installation's zone (issue 11): "today" for date checks is
// the zone's today, the audit and users pages show instants as
// "2026-12-04 01:30" in the zone, and audit actions by their labels, which
// the audit search finds.
//
// The servers run on a test clock (SKILLCERT_TEST_NOW, honoured only with
// SKILLCERT_TEST_CLOCK=test-only): 2030-06-01T17:30:00Z, which is 01:30 on
// 2030-06-02 in Beijing (years ahead of the real clock, so that a date
// check on the real clock refuses what the test clock accepts).
import assert from 'node:assert/strict';
import { it } from 'node:test';

import { createInstitution, describeWithServer, engines, login, uniqueName } from './lib.mjs';

const CLOCK = { SKILLCERT_TEST_NOW: '2030-06-01T17:30:00Z', SKILLCERT_TEST_CLOCK: 'test-only' };
// lib.mjs runs servers in UTC; null leaves the binary its default zone
const DEFAULT_ZONE = { SKILLCERT_TIME_ZONE: null };

/* An annual inspection dated date for a new institution: the response. */
async function inspect(h, date) {
	const inst = await createInstitution(h.server.base, { name: uniqueName('年检'), type: 'center', province: '11' }, h.token);
	return h.api(`/api/v1/institutions/${inst.id}/inspections`, {
		method: 'POST', json: { year: 2030, inspected_on: date, outcome: 'pass' },
	});
}

for (const engine of engines()) {
	describeWithServer(`time zone: Asia/Shanghai by default [${engine}]`, { engine, tag: 'tz', user: true, env: { ...CLOCK, ...DEFAULT_ZONE } }, (h) => {
		it('at 01:30 Beijing time (17:30 UTC the day before) a 年检 dated that day is accepted', async () => {
			const r = await inspect(h, '2030-06-02');
			assert.equal(r.status, 201, r.text);
			const later = await inspect(h, '2030-06-03');
			assert.equal(later.status, 422, later.text);
			assert.equal(later.json.error.field, 'inspected_on');
		});

		it('the audit page shows its times in the zone, not as ISO instants', async () => {
			const s = await login(h.server.base, h.user.name, h.user.password);
			const r = await s.get('/audit');
			assert.equal(r.status, 200);
			// records written on the test clock: 01:3x on 2 June in Beijing
			assert.match(r.text, /<time datetime="2030-06-01T17:3\d:\d\d(\.\d+)?Z">2030-06-02 01:3\d<\/time>/);
			const visible = r.text.replace(/<[^>]*>/g, ' ');
			assert.doesNotMatch(visible, /\d{4}-\d\d-\d\dT\d\d:\d\d/, 'no raw ISO instant in the text');
		});

		it('the audit search\'s dates are the zone\'s days', async () => {
			// every record so far was written at 17:3x UTC on 1 June: 2 June in Beijing
			const on2 = await h.api('/api/v1/audit?from=2030-06-02&to=2030-06-02');
			assert.equal(on2.status, 200, on2.text);
			assert.ok(on2.json.total > 0);
			const all = await h.api('/api/v1/audit');
			assert.equal(on2.json.total, all.json.total);
			const on1 = await h.api('/api/v1/audit?from=2030-06-01&to=2030-06-01');
			assert.equal(on1.json.total, 0);
		});

		it('the audit page names actions by label ("更名" / "Rename"), and the search finds them by label', async () => {
			const inst = await createInstitution(h.server.base, { name: uniqueName('更名前'), type: 'center', province: '11' }, h.token);
			const rn = await h.api(`/api/v1/institutions/${inst.id}/rename`, {
				method: 'POST', json: { name: uniqueName('更名后'), reason: '机构调整', doc_no: '机职鉴字[2026]1号' },
			});
			assert.equal(rn.status, 200, rn.text);
			const s = await login(h.server.base, h.user.name, h.user.password);
			const zh = await s.get('/audit');
			assert.match(zh.text, /<span class="action" title="institution\.rename">更名<\/span>/);
			assert.match(zh.text, /<span class="action" title="institution\.create">新增机构<\/span>/);
			const en = await s.get('/audit?lang=en');
			assert.match(en.text, /<span class="action" title="institution\.rename">Rename<\/span>/);
			// the search by label: only renames
			const found = await s.get(`/audit?lang=zh&action=${encodeURIComponent('更名')}`);
			assert.equal(found.status, 200);
			const actions = [...found.text.matchAll(/title="([a-z_.]+)"/g)].map((m) => m[1]);
			assert.ok(actions.length >= 1, 'the rename is found');
			assert.deepEqual([...new Set(actions)], ['institution.rename']);
			// the API too, and the English label, and the code itself
			for (const q of ['更名', 'rename', 'institution.rename']) {
				const api = await h.api(`/api/v1/audit?action=${encodeURIComponent(q)}`);
				assert.equal(api.status, 200, api.text);
				const items = api.json.items || api.json;
				assert.ok(items.length >= 1, q);
				assert.ok(items.every((x) => x.action === 'institution.rename'), q);
			}
		});

		it('the users page shows the status and when each user was made, in the zone', async () => {
			const s = await login(h.server.base, h.user.name, h.user.password);
			const r = await s.get('/admin/users');
			assert.equal(r.status, 200);
			assert.match(r.text, /2030-06-02 01:3\d/);
			assert.doesNotMatch(r.text.replace(/<[^>]*>/g, ' '), /\d{4}-\d\d-\d\dT\d\d:\d\d/);
			const one = await s.get(`/admin/users/${h.user.name}`);
			assert.match(one.text, /<dd>2030-06-02 01:3\d<\/dd>/);
		});
	});

	describeWithServer(`time zone: SKILLCERT_TIME_ZONE=UTC [${engine}]`, { engine, tag: 'tzutc', user: true, env: { ...CLOCK, SKILLCERT_TIME_ZONE: 'UTC' } }, (h) => {
		it('at 17:30 UTC on 1 June, 2 June is still in the future', async () => {
			const r = await inspect(h, '2030-06-02');
			assert.equal(r.status, 422, r.text);
			assert.equal(r.json.error.field, 'inspected_on');
			assert.equal((await inspect(h, '2030-06-01')).status, 201);
		});
	});

	describeWithServer(`time zone: serve --time-zone +05:30 [${engine}]`, { engine, tag: 'tzfix', user: true, env: { ...CLOCK, ...DEFAULT_ZONE }, args: ['--time-zone', '+05:30'] }, (h) => {
		it('the audit page shows 23:00 on 1 June', async () => {
			const s = await login(h.server.base, h.user.name, h.user.password);
			const r = await s.get('/audit');
			assert.match(r.text, />2030-06-01 23:0\d<\/time>/);
		});
	});
}

describeWithServer('the test clock needs its guard', { engine: 'sqlite', tag: 'tzguard', user: true, env: { SKILLCERT_TEST_NOW: '2001-01-01T00:00:00Z', ...DEFAULT_ZONE } }, (h) => {
	it('without SKILLCERT_TEST_CLOCK=test-only the real clock runs', async () => {
		const s = await login(h.server.base, h.user.name, h.user.password);
		const r = await s.get('/audit');
		assert.doesNotMatch(r.text, />2001-01-01 /);
		assert.match(r.text, new RegExp(`>${new Date().getUTCFullYear()}-`));
	});
});
