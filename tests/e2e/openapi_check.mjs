// tests/e2e/openapi_check.mjs - checks the e2e suite's API traffic against
// the OpenAPI description, so the description cannot drift from the code.
//
//   node tests/e2e/openapi_check.mjs LOGDIR [--bin ./skillcert] [--max N]
//
// LOGDIR holds the *.jsonl files tests/e2e/lib.mjs wrote while the suite
// ran with SKILLCERT_OPENAPI_LOG=LOGDIR (one line an /api/ call). The
// check:
//   1. runs `skillcert openapi` and validates the document against the
//      official OpenAPI 3.1 schema (@seriousme/openapi-schema-validator);
//   2. matches every recorded call to its operation (method, path
//      template); a call that matches none is a failure, unless the
//      server turned it away (404 or 405 with the error envelope: a test
//      asking for a route that is not there);
//   3. validates (ajv, JSON Schema 2020-12) the response body against the
//      operation's response for that status (a success status the
//      operation does not list is a failure; an error status answers the
//      error envelope), its content type against the one described, and,
//      for a call that succeeded, the JSON request body against the
//      request schema.
// Prints the first --max (default 40) mismatches (operation, status, ajv
// error path), the undescribed operations (x-undescribed: a permissive
// schema) that the traffic used, and one closing line "openapi: N passed,
// M failed" counting the document and each operation the traffic used (an
// operation passes when every call of it validates; every unmatched call
// counts as a failure). Exits 1 when anything failed.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import Ajv2020 from 'ajv/dist/2020.js';

const args = process.argv.slice(2);
let logDir = '';
let bin = process.env.SKILLCERT_BIN || './skillcert';
let max = 40;
for (let i = 0; i < args.length; i++) {
	if (args[i] === '--bin') bin = args[++i];
	else if (args[i] === '--max') max = Number(args[++i]);
	else logDir = args[i];
}
if (!logDir) {
	console.error('usage: node tests/e2e/openapi_check.mjs LOGDIR [--bin ./skillcert] [--max N]');
	process.exit(2);
}

/* The calls recorded, in file order. */
export function readLog(dir) {
	const calls = [];
	if (!fs.existsSync(dir)) return calls;
	for (const f of fs.readdirSync(dir).sort()) {
		if (!f.endsWith('.jsonl')) continue;
		for (const line of fs.readFileSync(path.join(dir, f), 'utf8').split('\n')) {
			if (line) calls.push(JSON.parse(line));
		}
	}
	return calls;
}

/* '#/components/...' as a reference into the schema added as 'oas'. */
function rebase(schema) {
	if (Array.isArray(schema)) return schema.map(rebase);
	if (schema && typeof schema === 'object') {
		const out = {};
		for (const [k, v] of Object.entries(schema)) {
			out[k] = k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? `oas${v}` : rebase(v);
		}
		return out;
	}
	return schema;
}

function escapeRe(s) {
	return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/* Every operation with its matcher: literal paths before templated ones,
 * as the server routes. */
function operations(doc) {
	const ops = [];
	for (const [tpl, item] of Object.entries(doc.paths || {})) {
		const nparams = (tpl.match(/\{/g) || []).length;
		const re = new RegExp('^' + tpl.split(/(\{[^}]+\})/).map((p) => (p.startsWith('{') ? '[^/]+' : escapeRe(p))).join('') + '$');
		for (const [method, op] of Object.entries(item)) {
			if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
			ops.push({ key: `${method.toUpperCase()} ${tpl}`, method: method.toUpperCase(), tpl, re, nparams, op });
		}
	}
	ops.sort((a, b) => a.nparams - b.nparams);
	return ops;
}

function resolveResponse(doc, r) {
	if (r && r.$ref) {
		const name = r.$ref.split('/').pop();
		return doc.components.responses[name];
	}
	return r;
}

function ajvErrors(errors) {
	return (errors || [])
		.slice(0, 3)
		.map((e) => `${e.instancePath || '/'} ${e.message}${e.params && e.params.additionalProperty ? ` (${e.params.additionalProperty})` : ''}`)
		.join('; ');
}

async function main() {
	let passed = 0;
	let failed = 0;
	const problems = [];
	let text;
	try {
		text = execFileSync(bin, ['openapi'], { encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'inherit'] });
	} catch (e) {
		console.log(`skillcert openapi failed: ${e.message}`);
		console.log('openapi: 0 passed, 1 failed');
		process.exit(1);
	}
	const doc = JSON.parse(text);

	const validator = new Validator();
	const res = await validator.validate(structuredClone(doc));
	if (res.valid && validator.version && validator.version.startsWith('3.1')) {
		passed++;
		console.log(`ok: the document is valid OpenAPI ${validator.version} (${Object.keys(doc.paths).length} paths)`);
	} else {
		failed++;
		console.log(`FAIL: the document is not valid OpenAPI 3.1: ${JSON.stringify(res.errors).slice(0, 2000)}`);
	}

	const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
	ajv.addSchema({ $id: 'oas', components: rebase(doc.components) });
	const compiled = new Map();
	const validatorOf = (schema) => {
		const k = JSON.stringify(schema);
		let v = compiled.get(k);
		if (!v) {
			v = ajv.compile(rebase(schema));
			compiled.set(k, v);
		}
		return v;
	};

	const ops = operations(doc);
	const calls = readLog(logDir);
	const used = new Map(); // key -> { calls, bad }
	let unmatched = 0;
	let unrouted = 0;
	const mismatch = (key, status, what) => {
		problems.push(`${key} ${status}: ${what}`);
	};

	for (const c of calls) {
		const method = c.m === 'HEAD' ? 'GET' : c.m;
		const pathOnly = c.p.split('?')[0];
		const o = ops.find((x) => x.method === method && x.re.test(pathOnly));
		if (!o) {
			/* a test asking for what is not there: the server must say
			 * so (404 or 405 with the envelope), never serve it */
			const env = c.rs && c.rs.error && typeof c.rs.error.code === 'string';
			if ((c.s === 404 || c.s === 405) && env) {
				unrouted++;
				continue;
			}
			unmatched++;
			mismatch(`${c.m} ${pathOnly}`, c.s, 'matches no operation');
			continue;
		}
		let u = used.get(o.key);
		if (!u) used.set(o.key, (u = { calls: 0, bad: 0, op: o.op }));
		u.calls++;
		const before = problems.length;
		const ok2xx = c.s >= 200 && c.s < 300;
		/* the response */
		let r = o.op.responses[String(c.s)] || o.op.responses[`${String(c.s)[0]}XX`];
		if (!r && !ok2xx) r = o.op.responses.default;
		r = resolveResponse(doc, r);
		if (!r) {
			mismatch(o.key, c.s, 'status not described');
		} else if (r.content) {
			const media = Object.keys(r.content);
			const ct = (c.ct || '').split(';')[0].trim();
			const wanted = media.find((m) => m === ct || m === '*/*' || (m.endsWith('/*') && ct.startsWith(m.slice(0, -1))));
			if (!wanted) {
				mismatch(o.key, c.s, `content type ${ct || '(none)'}, described ${media.join(', ')}`);
			} else if (ct === 'application/json' && c.m !== 'HEAD') {
				if (c.rsbad) mismatch(o.key, c.s, 'response body is not JSON');
				else if (r.content[wanted].schema) {
					const v = validatorOf(r.content[wanted].schema);
					if (!v(c.rs)) mismatch(o.key, c.s, `response ${ajvErrors(v.errors)}`);
				}
			}
		}
		/* the request body of a call that succeeded */
		if (ok2xx && c.rq !== undefined) {
			const content = (o.op.requestBody && o.op.requestBody.content) || {};
			const rb = content['application/json'] || content['*/*'];
			if (!rb) mismatch(o.key, c.s, 'a JSON request body is not described');
			else if (rb.schema) {
				const v = validatorOf(rb.schema);
				if (!v(c.rq)) mismatch(o.key, c.s, `request ${ajvErrors(v.errors)}`);
			}
		}
		if (problems.length > before) u.bad++;
	}

	const undescribed = [];
	for (const [key, u] of [...used].sort()) {
		if (u.op['x-undescribed']) undescribed.push(`${key} (${u.calls} calls)`);
		if (u.bad) failed++;
		else passed++;
	}
	failed += unmatched;

	const seen = new Set();
	const shown = problems.filter((p) => !seen.has(p) && seen.add(p));
	for (const p of shown.slice(0, max)) console.log(`mismatch: ${p}`);
	if (shown.length > max) console.log(`... and ${shown.length - max} more distinct mismatches`);
	console.log(`${calls.length} calls recorded, ${used.size} of ${ops.length} operations used, ${problems.length} mismatches, ${unmatched} unmatched calls, ${unrouted} calls to no route answered 404/405`);
	if (undescribed.length) {
		console.log(`undescribed operations used (a permissive schema): ${undescribed.length}`);
		for (const u of undescribed) console.log(`  undescribed: ${u}`);
	}
	const unused = ops.filter((o) => !used.has(o.key)).map((o) => o.key);
	if (unused.length) console.log(`operations the traffic did not use: ${unused.length}${unused.length <= 20 ? ` (${unused.join(', ')})` : ''}`);
	if (calls.length === 0) {
		failed++;
		console.log(`FAIL: no calls recorded in ${logDir}`);
	}
	console.log(`openapi: ${passed} passed, ${failed} failed`);
	process.exit(failed ? 1 : 0);
}

await main();
