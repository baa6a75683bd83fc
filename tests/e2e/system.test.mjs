// /healthz, /metrics, the access log and request ids, static assets.
import assert from 'node:assert/strict';
import { it } from 'node:test';

import { describeWithServer, engines, http } from './lib.mjs';

/* The value of one sample line in a Prometheus text body, or undefined. */
function sample(text, nameWithLabels) {
	for (const line of text.split('\n')) {
		if (line.startsWith('#')) continue;
		const i = line.lastIndexOf(' ');
		if (i > 0 && line.slice(0, i) === nameWithLabels) return Number(line.slice(i + 1));
	}
	return undefined;
}

/* Counters are bumped when a response is done, which can be a moment after
 * the client has it: polls /metrics until pred(text) holds (at most ~3 s)
 * and returns the last text either way. */
async function metricsWhen(base, pred) {
	let t = '';
	for (let i = 0; i < 150; i++) {
		const r = await http(base, '/metrics');
		assert.equal(r.status, 200);
		t = r.text;
		if (pred(t)) break;
		await new Promise((res) => setTimeout(res, 20));
	}
	return t;
}

const INF = 'skillcert_http_request_duration_seconds_bucket{le="+Inf"}';
const COUNT = 'skillcert_http_request_duration_seconds_count';

for (const engine of engines()) {
	describeWithServer(`health and metrics [${engine}]`, { engine, tag: 'system' }, (h) => {

		it('GET /healthz answers 200 {"status":"ok"} as JSON', async () => {
			const r = await http(h.server.base, '/healthz');
			assert.equal(r.status, 200);
			assert.match(r.headers.get('content-type'), /^application\/json/);
			assert.deepEqual(JSON.parse(r.text), { status: 'ok' });
			assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
			assert.equal(r.headers.get('x-frame-options'), 'DENY');
		});

		it('HEAD /healthz is routed as GET, without a body', async () => {
			const r = await http(h.server.base, '/healthz', { method: 'HEAD' });
			assert.equal(r.status, 200);
			assert.equal(r.text, '');
		});

		it('/metrics is Prometheus text whose counters count up', async () => {
			const key = 'skillcert_http_requests_total{route="/healthz",status="200"}';
			const before = sample((await http(h.server.base, '/metrics')).text, key) || 0;
			for (let i = 0; i < 3; i++) assert.equal((await http(h.server.base, '/healthz')).status, 200);
			// the counter is bumped when the response is done; poll briefly
			let after;
			for (let i = 0; i < 50; i++) {
				const m = await http(h.server.base, '/metrics');
				assert.equal(m.status, 200);
				assert.match(m.headers.get('content-type'), /^text\/plain; version=0\.0\.4/);
				after = sample(m.text, key);
				if (after >= before + 3) break;
				await new Promise((r) => setTimeout(r, 20));
			}
			assert.ok(after >= before + 3, `counter went from ${before} to ${after}`);
		});

		it('/metrics has the duration histogram (+Inf bucket = _count) and the db pool gauge', async () => {
			await http(h.server.base, '/healthz');
			const t = await metricsWhen(h.server.base, (x) => sample(x, INF) === sample(x, COUNT));
			assert.match(t, /^# TYPE skillcert_http_requests_total counter$/m);
			assert.match(t, /^# TYPE skillcert_http_request_duration_seconds histogram$/m);
			const inf = sample(t, INF);
			const count = sample(t, COUNT);
			assert.ok(inf > 0, 'the +Inf bucket counts requests');
			assert.equal(inf, count);
			// buckets are cumulative: never decreasing
			const buckets = [...t.matchAll(/^skillcert_http_request_duration_seconds_bucket\{le="([^"]+)"\} (\d+)$/gm)].map((m) => Number(m[2]));
			assert.ok(buckets.length >= 2);
			for (let i = 1; i < buckets.length; i++) assert.ok(buckets[i] >= buckets[i - 1], 'cumulative buckets');
			assert.match(t, /^skillcert_http_request_duration_seconds_sum [0-9.]+$/m);
			assert.match(t, /^# TYPE skillcert_db_connections gauge$/m);
			const open = sample(t, `skillcert_db_connections{engine="${engine}",state="open"}`);
			assert.ok(open >= 1, `open connections of engine ${engine}: ${open}`);
			assert.notEqual(sample(t, `skillcert_db_connections{engine="${engine}",state="in_use"}`), undefined);
			assert.match(t, /^skillcert_http_requests_in_flight \d+$/m);
		});

		it('unmatched paths and static files are counted under their own labels', async () => {
			await http(h.server.base, '/no/such/thing');
			await http(h.server.base, '/static/style.css');
			const UNMATCHED = 'skillcert_http_requests_total{route="unmatched",status="404"}';
			const STATIC = 'skillcert_http_requests_total{route="/static/*",status="200"}';
			const t = await metricsWhen(h.server.base, (x) => sample(x, UNMATCHED) >= 1 && sample(x, STATIC) >= 1);
			assert.ok(sample(t, UNMATCHED) >= 1, t);
			assert.ok(sample(t, STATIC) >= 1, t);
		});
	});

	describeWithServer(`access log and request ids [${engine}]`, { engine, tag: 'accesslog', user: true }, (h) => {

		it('writes one access line per request with method, path, status and rid', async () => {
			const rid = `e2e-${engine}-${process.pid}`.slice(0, 19);
			const r = await http(h.server.base, '/healthz', { headers: { 'X-Request-Id': rid } });
			assert.equal(r.status, 200);
			assert.equal(r.headers.get('x-request-id'), rid, 'a valid X-Request-Id is echoed');
			const [line] = await h.server.waitForStderr(new RegExp(`^.*access \\S+ "GET /healthz" 200 \\d+ [0-9.]+ms rid=${rid}$`, 'm'));
			assert.match(line, / info access 127\.0\.0\.1 /);
			// exactly one line for this request
			const lines = h.server.stderr().split('\n').filter((l) => l.includes(`rid=${rid}`));
			assert.equal(lines.length, 1, lines.join('\n'));
		});

		it('logs errors and POSTs too, with their status', async () => {
			const rid = 'e2e-post-422';
			const r = await h.api('/api/v1/institutions', {
				method: 'POST', json: { name: '', type: 'center', province: '11' }, headers: { 'X-Request-Id': rid },
			});
			assert.equal(r.status, 422);
			await h.server.waitForStderr(new RegExp(`access \\S+ "POST /api/v1/institutions" 422 \\d+ [0-9.]+ms rid=${rid}`));
			const rid2 = 'e2e-404';
			await http(h.server.base, '/nowhere/at/all', { headers: { 'X-Request-Id': rid2 } });
			await h.server.waitForStderr(new RegExp(`"GET /nowhere/at/all" 404 \\d+ [0-9.]+ms rid=${rid2}`));
		});

		it('generates a request id when none is given or the given one is invalid', async () => {
			const seen = new Set();
			for (const given of [undefined, 'bad id with spaces', 'x'.repeat(40), 'semi;colon', '']) {
				const headers = given === undefined ? {} : { 'X-Request-Id': given };
				const r = await http(h.server.base, '/healthz', { headers });
				const rid = r.headers.get('x-request-id');
				assert.match(rid, /^[0-9a-f]{16}$/, `generated id for ${JSON.stringify(given)}: ${rid}`);
				assert.ok(!seen.has(rid), 'ids differ');
				seen.add(rid);
				await h.server.waitForStderr(`rid=${rid}`);
			}
		});
	});
}
