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
// Every child is killed (and every temp dir removed) when the test process
// exits, whatever happened; a PostgreSQL database made for a server is
// dropped by stop(). Sanitizer reports ("ERROR: AddressSanitizer", UBSan's
// "runtime error:", LeakSanitizer) in a child's stderr make a test fail:
// run() throws, stop() throws, and checkServer() (run after every test by
// useServer()/describeWithServer()) throws as soon as one appears.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
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
];

function childEnv(extra = {}) {
	const env = { ...process.env };
	for (const k of CONFIG_VARS) delete env[k];
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
 * Resolves {base, port, pid, dataDir, db, stop(signal), stderr(), stdout(),
 * waitForStderr(re), exited}. */
export async function startServer({ engine = 'sqlite', db, env = {}, args = [], tag = 'srv' } = {}) {
	const dataDir = makeDataDir(tag);
	let pg = null;
	if (!db && engine === 'postgresql') {
		pg = await createPgDatabase(tag);
		db = pg.url;
	}
	const common = ['--data', dataDir, ...(db ? ['--db', db] : [])];
	const init = await run(['init', ...common], { env });
	if (init.code !== 0) {
		if (pg) await pg.drop();
		removeDir(dataDir);
		throw new Error(`skillcert init failed (${init.code}): ${init.stderr}`);
	}
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

	let stopped = null;
	const server = {
		engine,
		port,
		pid: child.pid,
		base: `http://127.0.0.1:${port}`,
		dataDir,
		db: db || `sqlite:${dataDir}/skillcert.db`,
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
		 * server.exitSignal). Throws on a sanitizer report. */
		stop(signal = 'SIGTERM', timeoutMs = 10000) {
			if (!stopped) {
				stopped = (async () => {
					if (child.exitCode === null && child.signalCode === null) child.kill(signal);
					const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
					const { code, signal: sig } = await exited;
					clearTimeout(timer);
					server.exitCode = code;
					server.exitSignal = sig;
					if (pg) await pg.drop();
					removeDir(dataDir);
					return code;
				})();
			}
			return stopped.then((code) => {
				assertNoSanitizer(err, `the server's stderr (${engine})`);
				return code;
			});
		},
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
 * sanitizer report (the after hook does the same if no test did). */
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
	});
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

/* fetch() without following redirects; resolves {status, headers, text,
 * json (parsed when the body is JSON), res}. */
export async function http(base, urlPath, { method = 'GET', headers = {}, body, json, form } = {}) {
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
	const res = await fetch(base + urlPath, { method, headers: h, body: b, redirect: 'manual' });
	const text = await res.text();
	let parsed;
	const ct = res.headers.get('content-type') || '';
	if (ct.startsWith('application/json')) {
		try {
			parsed = JSON.parse(text);
		} catch {
			parsed = undefined;
		}
	}
	return { status: res.status, headers: res.headers, text, json: parsed, res };
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

/* Creates an institution through the API; returns the parsed body. */
export async function createInstitution(base, fields) {
	const r = await http(base, '/api/v1/institutions', { method: 'POST', json: fields });
	if (r.status !== 201) throw new Error(`create ${JSON.stringify(fields)}: ${r.status} ${r.text}`);
	return r.json;
}

/* A name unique within this process, valid for the name rules. */
let uniq = 0;
export function uniqueName(prefix = '测试机构') {
	return `${prefix}${process.pid}-${++uniq}`;
}
