// tests/e2e/lib.mjs - shared fixture for the end-to-end and browser tests.
//
// Runs the real binary (env SKILLCERT_BIN, default ./skillcert relative to
// the repository root = process.cwd()) on a free loopback port, against
// SQLite and, when SKILLCERT_TEST_PG_ADMIN is set (URL of a throwaway
// PostgreSQL database whose user may CREATE DATABASE), against a fresh
// PostgreSQL database per server as well.
//
//   const srv = await startServer({ engine: 'sqlite', env: {...} });
//   await fetch(srv.base + '/healthz');
//   const code = await srv.stop();          // SIGTERM by default
//
// A suite usually gets its server from describeWithServer(title, opts,
// (h) => { it(...h.server.base...) }), which starts it before the tests,
// checks it after each one and ends with a test that stops it.
//
// Most mutations take a signed-in user. describeWithServer(title,
// { engine, user: true }, (h) => ...) also makes a center_admin "tester"
// (h.user, h.token, h.api(path, opts) with its Bearer token); makeUser()
// makes others through the CLI (user add/grant/token); login() signs in
// through the form and returns a Session: a cookie jar that keeps the
// session's CSRF token and sends it with post() (form field) and api()
// (X-CSRF-Token header). server.adminPassword is the password init printed
// for "admin" (it must be changed at first sign-in).
//
// Every child is killed (and every temp dir removed) when the test process
// exits, whatever happened; a PostgreSQL database made for a server is
// dropped by stop(). Sanitizer reports ("ERROR: AddressSanitizer", UBSan's
// "runtime error:", LeakSanitizer) in a child's stderr make a test fail:
// run() throws, stop() throws, and checkServer() (run after every test by
// useServer()/describeWithServer()) throws as soon as one appears.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import nodeHttp from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';

export const ROOT = process.cwd();
export const BIN = path.resolve(ROOT, process.env.SKILLCERT_BIN || './skillcert');
export const PG_ADMIN = process.env.SKILLCERT_TEST_PG_ADMIN || '';

/* ---------- child bookkeeping ---------- */

const children = new Set();
const tempDirs = new Set();

function killChildren() {
	for (const c of children) {
		try {
			c.kill('SIGKILL');
		} catch {
			/* already gone */
		}
	}
}

process.on('exit', () => {
	killChildren();
	for (const d of tempDirs) removeDir(d);
});
// Interrupted (Ctrl-C, the runner giving up): no server outlives us.
for (const [sig, n] of [['SIGINT', 2], ['SIGTERM', 15], ['SIGHUP', 1]]) {
	process.once(sig, () => {
		killChildren();
		process.exit(128 + n);
	});
}

/* Variables that configure the binary: never inherited from the caller's
 * environment, only passed explicitly, so a developer's shell cannot change
 * what a test means. */
const CONFIG_VARS = [
	'SKILLCERT_DATA', 'SKILLCERT_DB', 'SKILLCERT_LISTEN', 'SKILLCERT_KEY_FILE',
	'SKILLCERT_THREADS', 'SKILLCERT_HTTP_TIMEOUT', 'SKILLCERT_LANG',
	'SKILLCERT_TIME_ZONE', 'SKILLCERT_TEST_NOW', 'SKILLCERT_TEST_CLOCK',
	'SKILLCERT_SMTP_URL', 'SKILLCERT_SMTP_USER', 'SKILLCERT_SMTP_PASSWORD', 'SKILLCERT_SMTP_STARTTLS',
	'SKILLCERT_MAIL_FROM', 'SKILLCERT_OUTBOX', 'SKILLCERT_WEBHOOK_URL', 'SKILLCERT_WEBHOOK_SECRET',
	'SKILLCERT_NOTIFY_TIMEOUT', 'SKILLCERT_STATS_REFRESH', 'SKILLCERT_SUP_SCAN',
	'SKILLCERT_DB_REPLICA', 'SKILLCERT_REPLICA_MAX_LAG', 'SKILLCERT_REPLICA_CHECK_MS',
	'SKILLCERT_TRUSTED_PROXY', 'SKILLCERT_ISSUE_THREADS', 'SKILLCERT_PDF_THREADS',
];

function childEnv(extra = {}) {
	const env = { ...process.env };
	for (const k of CONFIG_VARS) delete env[k];
	// The tests' own dates are UTC dates (new Date().toISOString()): the
	// binary runs in UTC too unless a test names a zone, or passes
	// SKILLCERT_TIME_ZONE: null for the binary's default (Asia/Shanghai).
	env.SKILLCERT_TIME_ZONE = 'UTC';
	// The figures' refresh thread (issue 16) off unless a test turns it
	// on: its writes would come between a test's own.
	env.SKILLCERT_STATS_REFRESH = '0';
	// and so the supervision scan the same thread runs (a test that wants
	// it passes SKILLCERT_SUP_SCAN)
	env.SKILLCERT_SUP_SCAN = '0';
	// Sanitizer builds: report to stderr, never hang on a symbolizer.
	if (!env.ASAN_OPTIONS) env.ASAN_OPTIONS = 'abort_on_error=0:detect_leaks=1';
	if (!env.UBSAN_OPTIONS) env.UBSAN_OPTIONS = 'print_stacktrace=1';
	for (const [k, v] of Object.entries(extra)) {
		if (v === undefined || v === null) delete env[k];
		else env[k] = String(v);
	}
	return env;
}

/* ---------- sanitizers ---------- */

const SANITIZER_MARKERS = [
	'ERROR: AddressSanitizer',
	'runtime error:',
	'ERROR: LeakSanitizer',
];

/* The first sanitizer report in text (with some context), or null. */
export function sanitizerReport(text) {
	for (const m of SANITIZER_MARKERS) {
		const i = text.indexOf(m);
		if (i >= 0) return text.slice(Math.max(0, i - 200), i + 3000);
	}
	return null;
}

export function assertNoSanitizer(text, what) {
	const rep = sanitizerReport(text);
	if (rep) throw new Error(`sanitizer report in ${what}:\n${rep}`);
}

/* ---------- engines and PostgreSQL databases ---------- */

/* The engines every suite runs on. */
export function engines() {
	return PG_ADMIN ? ['sqlite', 'postgresql'] : ['sqlite'];
}

let dbCounter = 0;

function psqlAdmin(sql) {
	return new Promise((resolve, reject) => {
		const p = spawn('psql', [PG_ADMIN, '-v', 'ON_ERROR_STOP=1', '-q', '-c', sql], {
			env: { ...process.env, PGOPTIONS: '-c client_min_messages=warning' },
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let err = '';
		p.stdout.resume();
		p.stderr.on('data', (d) => (err += d));
		p.on('error', reject);
		p.on('close', (code) =>
			code === 0 ? resolve() : reject(new Error(`psql ${sql}: exit ${code}: ${err}`)));
	});
}

/* A fresh empty PostgreSQL database: {name, url, drop()}. */
export async function createPgDatabase(tag = 'e2e') {
	if (!PG_ADMIN) throw new Error('SKILLCERT_TEST_PG_ADMIN is not set');
	const safe = String(tag).toLowerCase().replace(/[^a-z0-9_]/g, '_').slice(0, 30);
	const name = `e2e_${safe}_${process.pid}_${++dbCounter}_${Date.now() % 100000}`;
	await psqlAdmin(`CREATE DATABASE ${name}`);
	const u = new URL(PG_ADMIN);
	u.pathname = '/' + name;
	u.search = '';
	let dropped = false;
	return {
		name,
		url: u.toString(),
		async drop() {
			if (dropped) return;
			dropped = true;
			await psqlAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
		},
	};
}

/* ---------- running the binary ---------- */

/* Runs BIN with args; resolves {code, signal, stdout, stderr}. Throws when
 * the binary's stderr holds a sanitizer report. */
export function run(args, { env = {}, timeoutMs = 30000, cwd = ROOT, input } = {}) {
	return new Promise((resolve, reject) => {
		const child = spawn(BIN, args, { env: childEnv(env), cwd, stdio: ['pipe', 'pipe', 'pipe'] });
		children.add(child);
		let stdout = '';
		let stderr = '';
		child.stdout.setEncoding('utf8');
		child.stderr.setEncoding('utf8');
		child.stdout.on('data', (d) => (stdout += d));
		child.stderr.on('data', (d) => (stderr += d));
		const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
		child.on('error', (e) => {
			clearTimeout(timer);
			children.delete(child);
			reject(e);
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			children.delete(child);
			const rep = sanitizerReport(stderr);
			if (rep) {
				reject(new Error(`sanitizer report from skillcert ${args.join(' ')}:\n${rep}`));
				return;
			}
			resolve({ code, signal, stdout, stderr });
		});
		if (input !== undefined) child.stdin.end(input);
		else child.stdin.end();
	});
}

/* A new temp directory, removed by removeDir() or at exit at the latest
 * (E2E_KEEP=1 keeps them for a post-mortem). */
export function makeDataDir(tag = 'e2e') {
	const d = fs.mkdtempSync(path.join(os.tmpdir(), `skillcert-${tag}-`));
	tempDirs.add(d);
	return d;
}

export function removeDir(dir) {
	if (!dir) return;
	tempDirs.delete(dir);
	if (!process.env.E2E_KEEP) fs.rmSync(dir, { recursive: true, force: true });
}

/* Starts `skillcert serve` on 127.0.0.1:0 in a new data directory.
 *   engine: 'sqlite' (default) or 'postgresql' (a fresh database is made
 *           and dropped by stop(), unless db is given)
 *   db:     explicit --db URL
 *   env:    extra environment for the child (e.g. SKILLCERT_HTTP_TIMEOUT)
 *   dataDir: an existing data directory to serve again (with db for
 *           PostgreSQL: the database of the server that made it) instead
 *           of a new one; init leaves its data alone
 * Resolves {base, port, pid, dataDir, db, stop(signal), stderr(), stdout(),
 * waitForStderr(re), exited}. */
export async function startServer({ engine = 'sqlite', db, env = {}, args = [], tag = 'srv', dataDir: given } = {}) {
	const dataDir = given || makeDataDir(tag);
	let pg = null;
	if (!db && engine === 'postgresql') {
		pg = await createPgDatabase(tag);
		db = pg.url;
	}
	const common = ['--data', dataDir, ...(db ? ['--db', db] : [])];
	// a new data directory gets a public address (issuing needs one); tests
	// that need the server's own set it with `setting set public_url`
	const init = await run(['init', ...common, ...(given ? [] : ['--public-url', 'https://verify.skillcert.test'])], { env });
	if (init.code !== 0) {
		if (pg) await pg.drop();
		removeDir(dataDir);
		throw new Error(`skillcert init failed (${init.code}): ${init.stderr}`);
	}
	// init prints the generated administrator password once
	const adminPassword = (/administrator login: admin \/ (\S+)/.exec(init.stdout) || [])[1];
	const child = spawn(BIN, ['serve', ...common, '--listen', '127.0.0.1:0', ...args], {
		env: childEnv(env),
		cwd: ROOT,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	children.add(child);
	let out = '';
	let err = '';
	child.stdout.setEncoding('utf8');
	child.stderr.setEncoding('utf8');
	const exited = new Promise((resolve) => {
		child.on('close', (code, signal) => {
			children.delete(child);
			resolve({ code, signal });
		});
	});
	const stderrWaiters = new Set();
	child.stderr.on('data', (d) => {
		err += d;
		for (const w of stderrWaiters) w();
	});

	const port = await new Promise((resolve, reject) => {
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error(`server did not report its port within 20 s; stderr:\n${err}`));
		}, 20000);
		child.stdout.on('data', (d) => {
			out += d;
			const m = /serving on port (\d+)/.exec(out);
			if (m) {
				clearTimeout(timer);
				resolve(Number(m[1]));
			}
		});
		child.on('error', (e) => {
			clearTimeout(timer);
			reject(e);
		});
		exited.then(({ code, signal }) => {
			clearTimeout(timer);
			reject(new Error(`server exited early (code ${code}, signal ${signal}); stderr:\n${err}`));
		});
	}).catch(async (e) => {
		if (pg) await pg.drop();
		removeDir(dataDir);
		throw e;
	});

	/* Once it serves, the server no longer keeps this process alive by
	 * itself: on Node 18 a failing before() hook skips the suite's after()
	 * hooks, and a referenced child would then keep the test process (and
	 * the whole tier) waiting forever. Whatever awaits the server holds
	 * its own handle (a socket, a timer); the exit handler above kills it. */
	child.unref();
	child.stdout.unref?.();
	child.stderr.unref?.();

	let stopped = null;
	const server = {
		engine,
		port,
		pid: child.pid,
		base: `http://127.0.0.1:${port}`,
		dataDir,
		db: db || `sqlite:${dataDir}/skillcert.db`,
		/* --data DIR [--db URL]: what the CLI needs to act on this data */
		dataArgs: common,
		/* the password init printed for "admin" (must be changed at first login) */
		adminPassword,
		/* runs `skillcert ARGS --data DIR [--db URL]` on this server's data */
		cli: (args, opts = {}) => run([...args, ...common], { env, ...opts }),
		exited,
		child,
		stderr: () => err,
		stdout: () => out,
		/* Waits until stderr matches re (string or RegExp); resolves the
		 * match. Rejects after timeoutMs. */
		waitForStderr(re, timeoutMs = 5000) {
			const test = () => (typeof re === 'string' ? (err.includes(re) ? [re] : null) : re.exec(err));
			return new Promise((resolve, reject) => {
				const check = () => {
					const m = test();
					if (m) {
						stderrWaiters.delete(check);
						clearTimeout(timer);
						resolve(m);
					}
				};
				const timer = setTimeout(() => {
					stderrWaiters.delete(check);
					reject(new Error(`stderr did not match ${re} within ${timeoutMs} ms; stderr:\n${err.slice(-3000)}`));
				}, timeoutMs);
				stderrWaiters.add(check);
				check();
			});
		},
		/* Sends signal (default SIGTERM), waits for the exit and cleans up.
		 * Resolves the exit code (null when killed by a signal; see
		 * server.exitSignal). Throws on a sanitizer report. With
		 * { keepData: true } the data directory and database are kept (for
		 * server.cli() after the stop) until server.cleanup(). */
		stop(signal = 'SIGTERM', timeoutMs = 10000, { keepData = false } = {}) {
			if (!stopped) {
				stopped = (async () => {
					if (child.exitCode === null && child.signalCode === null) child.kill(signal);
					const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
					const { code, signal: sig } = await exited;
					clearTimeout(timer);
					server.exitCode = code;
					server.exitSignal = sig;
					if (!keepData) await server.cleanup();
					return code;
				})();
			}
			return stopped.then((code) => {
				assertNoSanitizer(err, `the server's stderr (${engine})`);
				return code;
			});
		},
	};
	let cleaned = null;
	/* Drops the server's database and removes its data directory (stop()
	 * does it unless told to keep them). */
	server.cleanup = () => {
		if (!cleaned) {
			cleaned = (async () => {
				if (pg) await pg.drop();
				removeDir(dataDir);
			})();
		}
		return cleaned;
	};
	return server;
}

/* Throws when the server's stderr holds a sanitizer report, or when the
 * server died although nobody stopped it. */
export function checkServer(server) {
	if (!server) return;
	assertNoSanitizer(server.stderr(), `the server's stderr (${server.engine})`);
	if (server.exitCode === undefined && (server.child.exitCode !== null || server.child.signalCode !== null))
		throw new Error(`the server died (exit ${server.child.exitCode}, signal ${server.child.signalCode}); stderr:\n${server.stderr().slice(-3000)}`);
}

/* Registers before/afterEach/after hooks in the current describe() that
 * start one server for the suite, check it after every test and stop it at
 * the end. Returns a handle whose .server is set once before() ran, and
 * whose .stopCleanly() stops the server and asserts exit 0 and no
 * sanitizer report (the after hook does the same if no test did).
 * With opts.user (true, or a user name; default name "tester") the suite
 * also gets a center_admin user: h.user {name, password, token}, h.token,
 * and h.api(path, opts) calls the server with that user's Bearer token. */
export function useServer(opts = {}) {
	const h = { server: null };
	h.stopCleanly = async () => {
		if (!h.server) throw new Error('the server never started');
		h.stopAttempted = true;
		const code = await h.server.stop();
		if (code !== 0)
			throw new Error(`server exited with ${code} (signal ${h.server.exitSignal}); stderr:\n${h.server.stderr().slice(-3000)}`);
	};
	before(async () => {
		h.server = await startServer(opts);
		if (opts.user) {
			const name = typeof opts.user === 'string' ? opts.user : 'tester';
			h.user = await makeUser(h.server, name, { role: 'center_admin' });
			h.token = h.user.token;
		}
	});
	/* With opts.user: an API call as that user (Bearer token). */
	h.api = (urlPath, o = {}) => http(h.server.base, urlPath, { ...o, headers: { ...bearer(h.token), ...(o.headers || {}) } });
	afterEach(() => checkServer(h.server));
	after(async () => {
		if (!h.server) return;
		if (!h.stopAttempted) await h.stopCleanly();
		else await h.server.stop().catch(() => {}); // already reported by the test
	});
	return h;
}

/* describe(title) with one server for its tests (see useServer), ending
 * with a test that stops the server: it fails when the server does not exit
 * 0 on SIGTERM or when its stderr holds a sanitizer report.
 *   describeWithServer('x [sqlite]', { engine: 'sqlite' }, (h) => { it(...) });
 */
export function describeWithServer(title, opts, body) {
	return describe(title, () => {
		const h = useServer(opts);
		body(h);
		it('the server stops cleanly on SIGTERM (exit 0, no sanitizer report)', () => h.stopCleanly());
	});
}

/* ---------- HTTP helpers ---------- */

/* One request through node:http, for what fetch() cannot do: choosing
 * the local (source) address. Resolves a fetch-like {status, headers}
 * (a Headers object) and the body text. */
function nodeRequest(url, { method, headers, body, localAddress }) {
	return new Promise((resolve, reject) => {
		const req = nodeHttp.request(url, { method, headers, localAddress }, (res) => {
			const chunks = [];
			res.on('data', (d) => chunks.push(d));
			res.on('end', () => {
				const h = new Headers();
				for (let i = 0; i < res.rawHeaders.length; i += 2) h.append(res.rawHeaders[i], res.rawHeaders[i + 1]);
				resolve({ res: { status: res.statusCode, headers: h }, text: Buffer.concat(chunks).toString('utf8') });
			});
			res.on('error', reject);
		});
		req.on('error', reject);
		req.end(body);
	});
}

/* fetch() without following redirects; resolves {status, headers, text,
 * json (parsed when the body is JSON), res}. localAddress (e.g.
 * '127.0.0.2') sends the request from that loopback address, so the
 * server sees another client address. */
export async function http(base, urlPath, { method = 'GET', headers = {}, body, json, form, localAddress } = {}) {
	const h = { ...headers };
	let b = body;
	if (json !== undefined) {
		b = JSON.stringify(json);
		if (!Object.keys(h).some((k) => k.toLowerCase() === 'content-type')) h['Content-Type'] = 'application/json';
	}
	if (form !== undefined) {
		b = new URLSearchParams(form).toString();
		h['Content-Type'] = 'application/x-www-form-urlencoded';
	}
	let res;
	let text;
	if (localAddress) {
		({ res, text } = await nodeRequest(base + urlPath, { method, headers: h, body: b, localAddress }));
	} else {
		res = await fetch(base + urlPath, { method, headers: h, body: b, redirect: 'manual' });
		text = await res.text();
	}
	let parsed;
	const ct = res.headers.get('content-type') || '';
	if (ct.startsWith('application/json')) {
		try {
			parsed = JSON.parse(text);
		} catch {
			parsed = undefined;
		}
	}
	/* fetch() records itself (below); node:http does not */
	if (localAddress) recordApiCall(method, urlPath, h, b, res.status, ct, parsed, text, res.headers.get('idempotent-replayed') === 'true');
	return { status: res.status, headers: res.headers, text, json: parsed, res };
}

/* ---------- OpenAPI traffic log ---------- */

/* When SKILLCERT_OPENAPI_LOG names a directory, every API call (/api/,
 * /healthz, /metrics, /.well-known/, /status/) made through http() or fetch() (replaced by a recording wrapper while the
 * log is on), or handed to recordApiCall() by a test that talks HTTP its
 * own way, is appended as one JSON line to <dir>/<pid>.jsonl:
 * {m, p (path and query, concrete), rqct, rq (request body when JSON;
 * rqbad when it does not parse), s (status), ct, rs (response body when
 * JSON; rsbad when it does not parse), replayed (Idempotent-Replayed:
 * true)}. tests/e2e/openapi_check.mjs
 * validates the lines against the OpenAPI description. */
const OPENAPI_LOG = process.env.SKILLCERT_OPENAPI_LOG || '';
let openapiLogFd = -1;

/* the paths of the API routes: /api/, operations, published keys, status lists */
function isApiPath(p) {
	return p.startsWith('/api/') || p === '/healthz' || p === '/metrics' || p.startsWith('/.well-known/') || p.startsWith('/status/');
}

export function recordApiCall(method, urlPath, headers, body, status, ct, parsed, text, replayed = false) {
	if (!OPENAPI_LOG) return;
	const p = String(urlPath);
	if (!isApiPath(p)) return;
	const e = { m: String(method || 'GET').toUpperCase(), p, s: status, ct: ct || '' };
	if (replayed) e.replayed = true;
	let rqct = '';
	for (const [k, v] of Object.entries(headers || {})) if (k.toLowerCase() === 'content-type') rqct = String(v);
	if (rqct) e.rqct = rqct;
	if (rqct.startsWith('application/json') && typeof body === 'string') {
		try {
			e.rq = JSON.parse(body);
		} catch {
			e.rqbad = true;
		}
	}
	if (e.ct.startsWith('application/json') && e.m !== 'HEAD') {
		if (parsed !== undefined) e.rs = parsed;
		else if (text !== undefined) e.rsbad = true;
	}
	if (openapiLogFd < 0) {
		fs.mkdirSync(OPENAPI_LOG, { recursive: true });
		openapiLogFd = fs.openSync(path.join(OPENAPI_LOG, `${process.pid}.jsonl`), 'a');
	}
	fs.writeSync(openapiLogFd, JSON.stringify(e) + '\n');
}

if (OPENAPI_LOG) {
	const realFetch = globalThis.fetch;
	globalThis.fetch = async function recordingFetch(input, init = {}) {
		const res = await realFetch(input, init);
		let url;
		try {
			url = new URL(typeof input === 'string' || input instanceof URL ? String(input) : input.url);
		} catch {
			return res;
		}
		if (!isApiPath(url.pathname)) return res;
		const headers = {};
		new Headers(init.headers || {}).forEach((v, k) => {
			headers[k] = v;
		});
		const ct = res.headers.get('content-type') || '';
		let parsed;
		let text;
		if (ct.startsWith('application/json')) {
			text = await res.clone().text();
			try {
				parsed = JSON.parse(text);
			} catch {
				parsed = undefined;
			}
		}
		recordApiCall(init.method || 'GET', url.pathname + url.search, headers, typeof init.body === 'string' ? init.body : undefined, res.status, ct, parsed, text, res.headers.get('idempotent-replayed') === 'true');
		return res;
	};
}

/* Raw TCP exchange. chunks: string/Buffer or an array of them (written in
 * order, with delayMs between). Resolves when the server closes, when a
 * whole response (headers + Content-Length body) has arrived and
 * untilClose is false, or at timeoutMs: {data (Buffer), text, status,
 * headers, body, closed, timedOut, error, ms}. */
export function rawRequest(port, chunks, { timeoutMs = 5000, untilClose = false, delayMs = 0 } = {}) {
	const list = Array.isArray(chunks) ? chunks : [chunks];
	return new Promise((resolve) => {
		const t0 = Date.now();
		const sock = net.connect({ host: '127.0.0.1', port });
		const parts = [];
		let done = false;
		let error = null;
		const finish = (closed, timedOut) => {
			if (done) return;
			done = true;
			clearTimeout(timer);
			sock.destroy();
			const data = Buffer.concat(parts);
			resolve({ ...parseResponse(data), data, closed, timedOut, error, ms: Date.now() - t0 });
		};
		const timer = setTimeout(() => finish(false, true), timeoutMs);
		sock.on('data', (d) => {
			parts.push(d);
			if (!untilClose) {
				const r = parseResponse(Buffer.concat(parts));
				if (r.complete) finish(false, false);
			}
		});
		sock.on('error', (e) => {
			error = e;
		});
		sock.on('close', () => finish(true, false));
		sock.on('connect', async () => {
			for (let i = 0; i < list.length; i++) {
				if (done || sock.destroyed) return;
				await new Promise((r) => {
					if (!sock.write(list[i])) sock.once('drain', r);
					else r();
				});
				if (delayMs && i < list.length - 1) await sleep(delayMs);
			}
		});
	});
}

/* Parses one HTTP/1.x response from the start of buf. */
export function parseResponse(buf) {
	const end = buf.indexOf('\r\n\r\n');
	if (end < 0) return { status: 0, headers: {}, body: '', text: buf.toString('latin1'), complete: false };
	const head = buf.subarray(0, end).toString('latin1').split('\r\n');
	const m = /^HTTP\/1\.[01] (\d{3})/.exec(head[0]);
	const headers = {};
	for (const line of head.slice(1)) {
		const i = line.indexOf(':');
		if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
	}
	const bodyBuf = buf.subarray(end + 4);
	const len = headers['content-length'] !== undefined ? Number(headers['content-length']) : -1;
	return {
		status: m ? Number(m[1]) : 0,
		headers,
		body: bodyBuf.toString('utf8'),
		text: buf.toString('utf8'),
		complete: len >= 0 && bodyBuf.length >= len,
	};
}

/* Resolves with promise's value, or undefined after ms (the timer does not
 * keep the process alive afterwards). */
export function raceTimeout(promise, ms) {
	let timer;
	return Promise.race([
		promise,
		new Promise((r) => {
			timer = setTimeout(r, ms);
		}),
	]).finally(() => clearTimeout(timer));
}

export function sleep(ms) {
	return new Promise((r) => setTimeout(r, ms));
}

/* Creates an institution through the API as the holder of token (see
 * makeUser); returns the parsed body. */
export async function createInstitution(base, fields, token) {
	const r = await http(base, '/api/v1/institutions', { method: 'POST', json: fields, headers: bearer(token) });
	if (r.status !== 201) throw new Error(`create ${JSON.stringify(fields)}: ${r.status} ${r.text}`);
	return r.json;
}

/* ---------- users, tokens, sessions ---------- */

let pwCounter = 0;

/* A password the rules accept (10+ characters of two classes, without the
 * user name), different every call. */
export function newPassword() {
	return `Pw-${process.pid}-${++pwCounter}-${Math.random().toString(36).slice(2, 8)}X`;
}

/* Adds user name to server's data through the CLI with a known password
 * that need not be changed, grants role on institution (0 = the whole
 * network; role null: no grant) and, unless token is false, issues an API
 * token. Resolves {name, password, token}. Each user costs one Argon2id
 * hash (~0.1 s): make few. */
export async function makeUser(server, name, { role = 'center_admin', institution = 0, password = newPassword(), token = true } = {}) {
	const add = await server.cli(['user', 'add', name, '--password-stdin'], { input: `${password}\n` });
	if (add.code !== 0) throw new Error(`user add ${name}: ${add.code} ${add.stderr}`);
	if (role) {
		const g = await server.cli(['user', 'grant', name, '--role', role, '--institution', String(institution)]);
		if (g.code !== 0) throw new Error(`user grant ${name} ${role}@${institution}: ${g.code} ${g.stderr}`);
	}
	let tok = null;
	if (token) {
		const t = await server.cli(['user', 'token', name, '--name', 'e2e']);
		if (t.code !== 0) throw new Error(`user token ${name}: ${t.code} ${t.stderr}`);
		tok = t.stdout.trim();
	}
	return { name, password, token: tok };
}

/* The Authorization header of a Bearer token ({} without a token). */
export function bearer(token) {
	return token ? { Authorization: `Bearer ${token}` } : {};
}

/* http() bound to base and a Bearer token: apiAs(base, tok)(path, opts). */
export function apiAs(base, token) {
	return (urlPath, opts = {}) => http(base, urlPath, { ...opts, headers: { ...bearer(token), ...(opts.headers || {}) } });
}

/* Every Set-Cookie header of a Headers object, one string each.
 * Headers.getSetCookie() arrived in Node 19.7; on Node 18 (Debian 12's)
 * get('set-cookie') joins them with ", ", so the joined value is split
 * where a comma is followed by a cookie's "name=" (an Expires date's
 * comma is followed by a space and a day number, never by "name="). */
export function setCookieList(headers) {
	if (typeof headers.getSetCookie === 'function') return headers.getSetCookie();
	const joined = headers.get('set-cookie');
	return joined ? joined.split(/, (?=[^;,=\s]+=)/) : [];
}

/* The cookies set by a response: [{name, value, attrs (lower-case name →
 * value, true for flags), raw}]. */
export function setCookies(res) {
	const list = setCookieList(res.headers);
	return list.map((raw) => {
		const [pair, ...rest] = raw.split(';');
		const i = pair.indexOf('=');
		const attrs = {};
		for (const a of rest) {
			const j = a.indexOf('=');
			if (j < 0) attrs[a.trim().toLowerCase()] = true;
			else attrs[a.slice(0, j).trim().toLowerCase()] = a.slice(j + 1).trim();
		}
		return { name: pair.slice(0, i).trim(), value: pair.slice(i + 1).trim(), attrs, raw };
	});
}

/* A browser-like client: a cookie jar (sc_csrf, sc_session, lang) and the
 * CSRF token of the last page that had a form (every form carries it in a
 * hidden "csrf" field). localAddress: see http(). */
export class Session {
	constructor(base, { localAddress } = {}) {
		this.base = base;
		this.localAddress = localAddress;
		this.cookies = new Map();
		this.csrf = '';
	}

	cookieHeader() {
		return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
	}

	/* Any request with the jar's cookies; keeps what the response sets. */
	async request(urlPath, opts = {}) {
		const headers = { ...(opts.headers || {}) };
		const ck = this.cookieHeader();
		if (ck && !Object.keys(headers).some((k) => k.toLowerCase() === 'cookie')) headers.Cookie = ck;
		const r = await http(this.base, urlPath, { localAddress: this.localAddress, ...opts, headers });
		for (const c of setCookies(r.res)) {
			if (c.value === '' || c.attrs['max-age'] === '0') this.cookies.delete(c.name);
			else this.cookies.set(c.name, c.value);
		}
		const m = /<input type="hidden" name="csrf" value="([^"]+)">/.exec(r.text);
		if (m) this.csrf = m[1];
		return r;
	}

	get(urlPath, opts = {}) {
		return this.request(urlPath, opts);
	}

	/* A form POST with the CSRF token added (unless form has its own csrf
	 * or opts.csrf is false). */
	post(urlPath, form = {}, opts = {}) {
		const f = { ...form };
		if (!('csrf' in f) && opts.csrf !== false) f.csrf = this.csrf;
		if (f.csrf === undefined || f.csrf === null) delete f.csrf;
		return this.request(urlPath, { ...opts, method: 'POST', form: f });
	}

	/* A JSON API call with the session cookie and, for a state-changing
	 * method, the X-CSRF-Token header (unless opts.csrf is false). */
	api(urlPath, opts = {}) {
		const method = opts.method || 'GET';
		const headers = { ...(opts.headers || {}) };
		if (method !== 'GET' && method !== 'HEAD' && opts.csrf !== false) headers['X-CSRF-Token'] = this.csrf;
		return this.request(urlPath, { ...opts, headers });
	}

	/* GET /login (the anonymous CSRF cookie and field), then POST it.
	 * Resolves the POST's response (303 on success). */
	async login(username, password, { next } = {}) {
		await this.get('/login');
		return this.post('/login', { username, password, ...(next ? { next } : {}) });
	}

	/* Loads a page with a form for the session's CSRF token (the password
	 * page: reachable by every signed-in user, even before the initial
	 * password is changed). */
	async refreshCsrf() {
		const r = await this.get('/account/password');
		if (r.status !== 200) throw new Error(`GET /account/password: ${r.status}`);
		return this.csrf;
	}

	logout() {
		return this.post('/logout');
	}

	get signedIn() {
		return this.cookies.has('sc_session');
	}
}

/* Signs in through the login form; resolves a Session holding the session
 * cookie and its CSRF token. Throws when the login is refused. */
export async function login(base, username, password, opts = {}) {
	const s = new Session(base, opts);
	const r = await s.login(username, password, opts);
	if (r.status !== 303 || !s.signedIn) throw new Error(`login ${username}: ${r.status} ${r.text.slice(0, 300)}`);
	s.loginResponse = r;
	await s.refreshCsrf();
	return s;
}

/* A name unique within this process, valid for the name rules. */
let uniq = 0;
export function uniqueName(prefix = '测试机构') {
	return `${prefix}${process.pid}-${++uniq}`;
}
