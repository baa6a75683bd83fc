// Leaks at shutdown: the server stops cleanly after an error path. Under
// the ASan binary (SKILLCERT_BIN=build/asan/skillcert) LeakSanitizer runs at
// exit; describeWithServer's last test fails on its report.
import assert from 'node:assert/strict';
import { it } from 'node:test';

import { describeWithServer, engines, login } from './lib.mjs';

for (const engine of engines()) {
	describeWithServer(`no leak after a refused write [${engine}]`, { engine, tag: 'leaks', user: true }, (h) => {
		// Pages and endpoints enough to use more statements on one pooled
		// connection than a small statement cache holds (requests one after
		// another reuse the same connection).
		const walk = ['/healthz', '/metrics', '/api/v1/me', '/api/v1/institutions', '/api/v1/batches', '/api/v1/registry/dashboard',
			'/api/v1/occupations', '/api/v1/standards', '/api/v1/people', '/api/v1/plans', '/api/v1/certificates',
			'/.well-known/jwks.json', '/api/v1/filings', '/api/v1/filings/unfiled', '/api/v1/audit', '/api/v1/audit/verify', '/',
			'/institutions', '/registry/batches', '/certificates', '/account', '/account/password', '/institutions/new',
			'/institutions/export.xlsx', '/institutions/export.csv', '/registry', '/plans', '/plans/new', '/filings',
			'/admin/users', '/audit', '/audit.csv'];

		it('POST /admin/users with a taken name → 409, and the server stops without a leak report', async () => {
			const s = await login(h.server.base, h.user.name, h.user.password);
			for (const p of walk) {
				const r = await s.get(p);
				assert.ok(r.status < 500, `${p}: ${r.status}`);
			}
			// an institution and what can be done to it
			const c = await h.api('/api/v1/institutions', { method: 'POST', json: { name: `泄漏测试机构${process.pid}`, type: 'exam_station', province: '44' } });
			assert.equal(c.status, 201, c.text);
			const id = c.json.id;
			const calls = [
				['GET', `/api/v1/institutions/${id}`], ['GET', `/api/v1/institutions/${id}/names`], ['GET', `/api/v1/institutions/${id}/scope`],
				['POST', `/api/v1/institutions/${id}/rename`, { name: `泄漏测试机构新${process.pid}`, reason: '合并' }],
				['POST', `/api/v1/institutions/${id}/type`, { type: 'training_school', reason: '改制' }],
				['POST', `/api/v1/institutions/${id}/apply`, {}], ['POST', `/api/v1/institutions/${id}/scope`, { occupation: '4-04-05-01', level: 3 }],
				['POST', `/api/v1/institutions/${id}/inspections`, { date: '2026-01-05', result: 'pass' }],
				['POST', `/api/v1/institutions/${id}/filings`, {}], ['GET', `/institutions/${id}`], ['GET', `/institutions/${id}/plaque.pdf`],
				['POST', `/api/v1/institutions/${id}`, { address: '广州市' }], ['POST', `/api/v1/institutions/${id}/status`, { status: 'suspended', reason: '检查' }],
				['GET', '/api/v1/verify?number=1&name=x'], ['GET', '/api/v1/people?q=x'], ['GET', '/api/v1/audit?action=x'],
				['POST', `/api/v1/institutions/${id}/findings`, { text: 'x' }], ['POST', '/api/v1/occupations', { code: 'x' }],
				['POST', '/api/v1/tokens', { name: 'x' }], ['GET', '/api/v1/tokens'], ['GET', `/api/v1/institutions?parent=${id}`],
				['GET', '/api/v1/plans?status=draft'], ['GET', '/api/v1/certificates?status=valid'], ['GET', '/api/v1/batches?status=open'],
				['POST', '/api/v1/batches', { name: 'b' }], ['POST', '/api/v1/plans', { institution_id: id }], ['POST', '/api/v1/people', { name: '张三' }],
			];
			for (const p of ['/api/v1/batches/{id}', '/api/v1/standards/{id}', '/api/v1/people/{id}', '/api/v1/people/{id}/photo', '/api/v1/plans/{id}',
				'/api/v1/results/{id}', '/api/v1/plans/{id}/certificates.pdf', '/api/v1/certificates/{id}', '/api/v1/certificates/{id}/credential',
				'/status/{id}', '/api/v1/filings/{id}', '/api/v1/filings/{id}/export.csv', '/api/v1/filings/{id}/manifest.json', '/api/v1/filings/{id}/photos.zip', '/registry/batches/{id}',
				'/results/{id}', '/v/{id}', '/certificates/{id}', '/plans/{id}', '/plans/{id}/import', '/plans/{id}/scores', '/filings/{id}', '/admin/users/{id}'])
				calls.push(['GET', p.replace('{id}', '1')]);
			for (const p of ['/api/v1/inspections/{id}/findings', '/api/v1/findings/{id}/close', '/api/v1/registrations/{id}/reject',
				'/api/v1/batches/{id}/add', '/api/v1/batches/{id}/notice', '/api/v1/batches/{id}/decide', '/api/v1/batches/{id}/objections',
				'/api/v1/objections/{id}/resolve', '/api/v1/standards/{id}/eligibility', '/api/v1/people/lookup', '/api/v1/plans/{id}/act',
				'/api/v1/plans/{id}/rooms', '/api/v1/plans/{id}/staff', '/api/v1/plans/{id}/enrolments', '/api/v1/plans/{id}/scores',
				'/api/v1/plans/{id}/scores/submit', '/api/v1/plans/{id}/corrections', '/api/v1/corrections/{id}/decide', '/api/v1/plans/{id}/visits',
				'/api/v1/results/{id}/appeals', '/api/v1/plans/{id}/certificates', '/api/v1/certificates/{id}/status', '/api/v1/certificates/{id}/supersede',
				'/api/v1/filings', '/api/v1/filings/{id}/submit', '/api/v1/filings/{id}/receipt', '/api/v1/filings/{id}/rejections'])
				calls.push(['POST', p.replace('{id}', '1'), {}]);
			for (const [method, p, json] of calls) {
				const r = await h.api(p, { method, json });
				assert.ok(r.status < 500, `${method} ${p}: ${r.status} ${r.text.slice(0, 200)}`);
			}
			await s.refreshCsrf();
			const first = await s.post('/admin/users', { username: 'leaky', display_name: '泄漏' });
			assert.equal(first.status, 200, first.text.slice(0, 300));
			const again = await s.post('/admin/users', { username: 'leaky', display_name: '泄漏' });
			assert.equal(again.status, 409, again.text.slice(0, 300));
			// the statements of that refused insert go on being used
			const third = await s.post('/admin/users', { username: 'leaky', display_name: '泄漏' });
			assert.equal(third.status, 409, third.text.slice(0, 300));
		});
	});
}
