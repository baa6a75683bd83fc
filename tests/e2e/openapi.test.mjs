// The OpenAPI description: served at /api/v1/openapi.json as `skillcert
// openapi` prints it, generated from the route table (every API route, no
// page), valid OpenAPI 3.1; and the traffic check
// (tests/e2e/openapi_check.mjs) passes real calls and catches each kind of
// drift: a member added or removed, a status or a route not described, a
// request body of the wrong type.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { it } from 'node:test';
import { Validator } from '@seriousme/openapi-schema-validator';

import { BIN, ROOT, describeWithServer, engines, http, makeDataDir, run, uniqueName } from './lib.mjs';

const CHECK = path.join(ROOT, 'tests/e2e/openapi_check.mjs');

/* The check over calls (log lines) written to a new directory:
 * {code, out}. */
function check(calls) {
	const dir = makeDataDir('oapi');
	fs.writeFileSync(path.join(dir, 'calls.jsonl'), calls.map((c) => JSON.stringify(c)).join('\n') + '\n');
	const r = spawnSync(process.execPath, [CHECK, dir, '--bin', BIN], { cwd: ROOT, encoding: 'utf8', timeout: 60000 });
	return { code: r.status, out: r.stdout + r.stderr };
}

/* A log line for a call made with http(). */
function line(method, p, r, rq) {
	const e = { m: method, p, s: r.status, ct: r.headers.get('content-type') || '' };
	if (rq !== undefined) {
		e.rqct = 'application/json';
		e.rq = rq;
	}
	if (r.json !== undefined) e.rs = r.json;
	return e;
}

for (const engine of engines()) {
	describeWithServer(`the OpenAPI description [${engine}]`, { engine, user: true, tag: 'openapi' }, (h) => {
		let doc;

		it('GET /api/v1/openapi.json answers anonymously the document skillcert openapi prints', async () => {
			const r = await http(h.server.base, '/api/v1/openapi.json');
			assert.equal(r.status, 200);
			assert.match(r.headers.get('content-type'), /^application\/json/);
			doc = r.json;
			const cli = await run(['openapi']);
			assert.equal(cli.code, 0, cli.stderr);
			assert.equal(cli.stderr, '', 'every API route has its shape, every shape its route');
			assert.deepEqual(JSON.parse(cli.stdout), doc);
			assert.equal(doc.openapi, '3.1.0');
			const version = await run(['version']);
			assert.ok(version.stdout.includes(doc.info.version), `${version.stdout} / ${doc.info.version}`);
		});

		it('has every API route of the route table as an operation, and no page', async () => {
			const routes = JSON.parse((await run(['routes'])).stdout);
			for (const r of routes) {
				const op = doc.paths[r.pattern] && doc.paths[r.pattern][r.method.toLowerCase()];
				if (r.kind !== 'api') {
					assert.equal(op, undefined, `page ${r.method} ${r.pattern} in the document`);
					continue;
				}
				assert.ok(op, `${r.method} ${r.pattern} missing`);
				if (r.public) {
					assert.deepEqual(op.security, [], `${r.pattern}: public`);
					assert.equal(op['x-permission'], undefined);
				} else {
					assert.equal(op.security, undefined, `${r.pattern}: the document's security`);
					assert.equal(op['x-permission'], r.perm || 'account', `${r.method} ${r.pattern}`);
				}
				for (const m of r.pattern.matchAll(/\{(\w+)\}/g)) {
					assert.ok(op.parameters.some((p) => p.in === 'path' && p.name === m[1] && p.required), `${r.pattern}: {${m[1]}}`);
				}
				assert.ok(op.responses.default, `${r.pattern}: the error envelope`);
			}
		});

		it('is valid OpenAPI 3.1 (the official schema)', async () => {
			const v = new Validator();
			const res = await v.validate(structuredClone(doc));
			assert.equal(res.valid, true, String(JSON.stringify(res.errors)).slice(0, 2000));
			assert.match(v.version, /^3\.1/);
		});

		it('the traffic check passes real calls and catches every kind of drift', async () => {
			const body = { name: uniqueName(), type: 'center', province: '42' };
			const made = await h.api('/api/v1/institutions', { method: 'POST', json: body });
			assert.equal(made.status, 201, made.text);
			const got = await http(h.server.base, `/api/v1/institutions/${made.json.id}`);
			assert.equal(got.status, 200);
			const missing = await http(h.server.base, '/api/v1/institutions/999999999');
			assert.equal(missing.status, 404);
			const good = [
				line('POST', '/api/v1/institutions', made, body),
				line('GET', `/api/v1/institutions/${made.json.id}`, got),
				line('GET', '/api/v1/institutions/999999999', missing),
				line('GET', '/api/v1/nowhere', await http(h.server.base, '/api/v1/nowhere')),
			];
			const ok = check(good);
			assert.equal(ok.code, 0, ok.out);
			assert.match(ok.out, /^openapi: \d+ passed, 0 failed$/m);

			const drifts = [
				// a member the shape does not know
				[{ ...good[1], rs: { ...got.json, extra: 1 } }, /GET \/api\/v1\/institutions\/\{id\} 200: response .*extra/],
				// a member the shape requires, gone
				[{ ...good[1], rs: { ...got.json, name: undefined } }, /GET \/api\/v1\/institutions\/\{id\} 200: response .*name/],
				// a member of another type
				[{ ...good[1], rs: { ...got.json, id: String(got.json.id) } }, /institutions\/\{id\} 200: response \/id must be integer/],
				// a success status the operation does not list
				[{ ...good[1], s: 201 }, /GET \/api\/v1\/institutions\/\{id\} 201: status not described/],
				// an error that is not the envelope
				[{ ...good[2], rs: { message: 'no' } }, /GET \/api\/v1\/institutions\/\{id\} 404: response/],
				// a route no operation describes, served
				[{ m: 'GET', p: '/api/v1/hidden', s: 200, ct: 'application/json', rs: {} }, /GET \/api\/v1\/hidden 200: matches no operation/],
				// a request body of the wrong type that succeeded
				[{ ...good[0], rq: { ...body, province: 7 } }, /POST \/api\/v1\/institutions 201: request \/province must be string/],
				// another content type than described
				[{ ...good[1], ct: 'text/html', rs: undefined }, /institutions\/\{id\} 200: content type text\/html/],
			];
			for (const [bad, re] of drifts) {
				const r = check([bad]);
				assert.equal(r.code, 1, `${re}: ${r.out}`);
				assert.match(r.out, re);
				assert.match(r.out, /^openapi: \d+ passed, [1-9]\d* failed$/m);
			}
		});
	});
}
