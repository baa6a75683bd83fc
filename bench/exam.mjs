// bench/exam.mjs - the online exam under load (issue 19): one exam station's
// 300 candidates answering at once, each saving answers through
// PUT /api/v1/exam/attempt/answers/{position}, on SQLite and on
// PostgreSQL. Not a test: it prints figures and rewrites its section of
// docs/performance.md (between the bench:exam markers). bench/exam.sh runs
// it with a private PostgreSQL cluster (`make bench` runs bench/exam.sh).
//
//   node bench/exam.mjs            SQLite only, unless BENCH_EXAM_PG is set
//   BENCH_EXAM_PG=postgresql://USER@HOST:PORT/DB node bench/exam.mjs
//                                  SQLite and PostgreSQL: a database
//                                  bench_exam_<pid> is made (and dropped)
//                                  in that cluster
//
// For each engine, the setup goes through the binary and its API (nothing
// of it is measured): `skillcert init`; a center and an exam station
// registered through a batch with the 车工 (6-18-01-01) scope and the
// station's HR filing (the CLI, as bench/lib.sh does); a center_admin with
// an API token; `skillcert import people` of 300 candidates, 61 assessors
// and 20 proctors; `skillcert import qualifications` of the assessors; a
// level-4 plan of 300 in 10 rooms of 30 through the API, `skillcert import
// enrolments`, its staff (61 assessors, 2 proctors a room), submitted,
// approved and started; a bank of approved items (INSERTed with sqlite3 or
// psql, as tests/e2e/papers.test.mjs does: taking 184 items through the
// write/review/approve workflow is not what is measured); a blueprint of
// 100 items (60 single choice, 20 multiple choice, 20 true/false, 1 point
// each, 2 knowledge points, 120 minutes), a paper assembled and sealed;
// its sitting opened now; the plan's claim codes drawn; all 300
// candidates signed in (POST /api/v1/exam/sign-in, 10 at a time, each from
// its own loopback address 127.0.x.y: sign-in is rate limited by address,
// and a room's candidates sit at machines of their own) and their
// forms read (GET /api/v1/exam/attempt), keeping each one's token and the
// kind and number of options at each position.
//
// Then `skillcert serve` (its own default thread count) takes, from
// autocannon (npm, 300 keep-alive connections, each one a candidate with
// its own X-Exam-Token), each run DURATION seconds:
//   paced      each candidate saves an answer (a random position, random
//              valid letters) then waits 2-8 s (uniform, 5 s on average):
//              the exam as it is sat, about 60 saves a second;
//   second     each candidate saves, then waits 0.5-1.5 s: about 300
//              saves a second (autocannon's own connectionRate of 1 a
//              second would send all 300 in the same instant every
//              second);
//   saturated  no wait: every candidate saves again as soon as the answer
//              comes; the ceiling of the server on this machine;
// and at the end all 300 hand in at once (POST /api/v1/exam/attempt/submit,
// one each: the attempt finished and marked into the theory component of
// the score sheet). Reported per run: saves, saves/s, p50/p90/p99/max
// latency (each response's time as autocannon measures it, from its
// 'response' event, to 0.01 ms; autocannon's own histogram rounds to whole
// milliseconds), errors, timeouts and non-2xx (any of them fails the
// bench), the server's CPU time per save (utime + stime from
// /proc/PID/stat) and its peak RSS (VmHWM of /proc/PID/status); on
// PostgreSQL also the CPU time of the cluster's processes per save and the
// transactions committed per save (pg_stat_database). After the runs every
// attempt is checked in the proctor's roster (GET /api/v1/papers/{id}/attempts):
// 300 attempts, all finished and marked.
//
// Knobs (environment): SKILLCERT_BIN (./skillcert), BENCH_EXAM_PG (above),
// BENCH_EXAM_ENGINES (sqlite,postgresql: the engines to run, of those
// available), BENCH_EXAM_CANDIDATES (300), BENCH_EXAM_DURATION (30, seconds a
// run), BENCH_EXAM_THINK (2-8: seconds between a candidate's saves in the
// paced run), BENCH_EXAM_PG_DIR (the cluster's directory, to sum its
// processes' CPU; bench/exam.sh sets it), NO_DOCS=1 (print only),
// BENCH_EXAM_KEEP=1 (keep the data directories).
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const autocannon = require('autocannon');

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const BIN = path.resolve(ROOT, process.env.SKILLCERT_BIN || './skillcert');
const PG = process.env.BENCH_EXAM_PG || '';
const PG_DIR = process.env.BENCH_EXAM_PG_DIR || '';
const NCAND = Number(process.env.BENCH_EXAM_CANDIDATES || 300);
const DURATION = Number(process.env.BENCH_EXAM_DURATION || 30);
const [THINK_LO, THINK_HI] = (process.env.BENCH_EXAM_THINK || '2-8').split('-').map(Number);
const ROOM = 30; // candidates a room
const TURNER = '6-18-01-01';
const DOC_NO = '机职鉴字[2026]9号';
const AUTOCANNON_VERSION = require('autocannon/package.json').version;

if (!(NCAND >= 1 && NCAND <= 5000) || !(DURATION >= 1) || !(THINK_LO >= 0 && THINK_HI >= THINK_LO)) {
	console.error('bench/exam.mjs: BENCH_EXAM_CANDIDATES 1..5000, BENCH_EXAM_DURATION >= 1, BENCH_EXAM_THINK LO-HI');
	process.exit(2);
}
let engines = PG ? ['sqlite', 'postgresql'] : ['sqlite'];
if (process.env.BENCH_EXAM_ENGINES) {
	const want = process.env.BENCH_EXAM_ENGINES.split(',');
	if (want.includes('postgresql') && !PG) {
		console.error('bench/exam.mjs: postgresql asked for but BENCH_EXAM_PG is not set');
		process.exit(2);
	}
	engines = engines.filter((e) => want.includes(e));
}

const log = (...a) => console.error('bench/exam.mjs:', ...a);
const die = (msg) => {
	throw new Error(msg);
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/* ---------- people ---------- */

const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
function idNumber(birth, seq, region = '110105') {
	const body = region + birth + String(seq).padStart(3, '0');
	let s = 0;
	for (let i = 0; i < 17; i++) s += (body.charCodeAt(i) - 48) * W[i];
	return body + '10X98765432'[s % 11];
}
const SUR = '赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦许何吕施张孔曹严华金魏陶姜';
const GIV = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国文志红玉兰春';
const nameOf = (i) => SUR[i % SUR.length] + GIV[Math.floor(i / SUR.length) % GIV.length] + GIV[(i * 7 + 3) % GIV.length];
/* person i: born on day i / 500 of 1980, sequence 100 + i % 500 */
const birthOf = (i) => new Date(Date.UTC(1980, 0, 1) + Math.floor(i / 500) * 86400e3).toISOString().slice(0, 10).replace(/-/g, '');

/* ---------- the binary, SQL, HTTP ---------- */

function cli(env, args, input) {
	try {
		return execFileSync(BIN, [...args, ...env.dataArgs], {
			encoding: 'utf8', input, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'], maxBuffer: 64 << 20,
		}).trim();
	} catch (e) {
		die(`skillcert ${args.join(' ')}: exit ${e.status}: ${(e.stderr || '').toString().slice(0, 2000)}${(e.stdout || '').toString().slice(0, 2000)}`);
	}
}
function sql(env, statement) {
	if (env.engine === 'sqlite')
		return execFileSync('sqlite3', ['-cmd', '.timeout 10000', path.join(env.dir, 'skillcert.db'), statement], { encoding: 'utf8', maxBuffer: 64 << 20 });
	return execFileSync('psql', [env.db, '-v', 'ON_ERROR_STOP=1', '-qAtX', '-c', statement], {
		encoding: 'utf8', maxBuffer: 64 << 20, env: { ...process.env, PGOPTIONS: '-c client_min_messages=warning' },
	});
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
/* one request; resolves {status, json, text}; json is sent as JSON, body as is */
function request(base, urlPath, { method = 'GET', json, body, type, token, examToken, from } = {}) {
	const u = new URL(base + urlPath);
	const payload = json !== undefined ? Buffer.from(JSON.stringify(json)) : body !== undefined ? Buffer.from(body) : null;
	const headers = {};
	if (payload) {
		headers['Content-Type'] = json !== undefined ? 'application/json' : type || 'application/octet-stream';
		headers['Content-Length'] = payload.length;
	} else if (method !== 'GET') headers['Content-Length'] = 0;
	if (token) headers.Authorization = `Bearer ${token}`;
	if (examToken) headers['X-Exam-Token'] = examToken;
	return new Promise((resolve, reject) => {
		const where = from ? { localAddress: from, agent: false } : { agent };
		const req = http.request({ host: u.hostname, port: u.port, path: u.pathname + u.search, method, headers, ...where }, (res) => {
			const chunks = [];
			res.on('data', (d) => chunks.push(d));
			res.on('end', () => {
				const text = Buffer.concat(chunks).toString('utf8');
				let parsed = null;
				try {
					parsed = text ? JSON.parse(text) : null;
				} catch {
					/* not JSON */
				}
				resolve({ status: res.statusCode, json: parsed, text });
			});
		});
		req.on('error', reject);
		if (payload) req.write(payload);
		req.end();
	});
}
/* the request, which must answer `want`; resolves its JSON */
async function ok(env, urlPath, opts, want, what) {
	const r = await request(env.base, urlPath, { token: env.token, ...opts });
	if (r.status !== want) die(`${what || urlPath}: ${r.status} ${r.text.slice(0, 2000)}`);
	return r.json;
}
/* fn over items, `width` at a time; resolves the results in order */
async function pool(items, width, fn) {
	const out = new Array(items.length);
	let next = 0;
	await Promise.all(Array.from({ length: Math.min(width, items.length) }, async () => {
		while (next < items.length) {
			const i = next++;
			out[i] = await fn(items[i], i);
		}
	}));
	return out;
}

/* ---------- /proc ---------- */

const TICK = 100; // clock ticks a second (USER_HZ on Linux)
function cpuTicks(pid) { // utime + stime of a process, in ticks; 0 when gone
	try {
		const s = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
		const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
		return Number(f[11]) + Number(f[12]);
	} catch {
		return 0;
	}
}
function statusKb(pid, field) {
	const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
	return m ? Number(m[1]) : NaN;
}
/* the processes of the PostgreSQL cluster: the postmaster and its children */
function pgPids() {
	if (!PG_DIR) return [];
	try {
		const pm = Number(fs.readFileSync(path.join(PG_DIR, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
		const kids = [];
		for (const t of fs.readdirSync(`/proc/${pm}/task`))
			kids.push(...fs.readFileSync(`/proc/${pm}/task/${t}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number));
		return [pm, ...kids];
	} catch {
		return [];
	}
}
/* CPU ticks of every process of the cluster, by pid */
const pgCpu = () => new Map(pgPids().map((p) => [p, cpuTicks(p)]));
function pgCpuDelta(before, after) {
	let t = 0;
	for (const [p, v] of after) t += v - (before.get(p) || 0);
	return t;
}
const loadavg = () => os.loadavg()[0].toFixed(2);

/* ---------- the server ---------- */

async function serve(env) {
	const errFile = path.join(env.dir, 'serve.log');
	const errFd = fs.openSync(errFile, 'w');
	const child = spawn(BIN, ['serve', ...env.dataArgs, '--listen', '127.0.0.1:0'], { stdio: ['ignore', 'pipe', errFd] }); // stderr: the access log
	fs.closeSync(errFd);
	const port = await new Promise((resolve, reject) => {
		let out = '';
		const timer = setTimeout(() => reject(new Error('skillcert serve did not report its port in 20 s')), 20000);
		child.stdout.on('data', (d) => {
			out += d;
			const m = /serving on port (\d+)/.exec(out);
			if (m) {
				clearTimeout(timer);
				resolve(Number(m[1]));
			}
		});
		child.on('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`skillcert serve exited ${code}: ${fs.readFileSync(errFile, 'utf8').slice(-2000)}`));
		});
	});
	child.stdout.resume();
	const m = /\((?:port \d+, )?(\d+) threads, (\d+) connections, (\d+) per address/.exec(fs.readFileSync(errFile, 'utf8'));
	return { child, pid: child.pid, base: `http://127.0.0.1:${port}`, port, threads: m ? Number(m[1]) : NaN, perAddress: m ? Number(m[3]) : NaN, errFile };
}

/* ---------- the setup ---------- */

async function setup(env) {
	const t0 = Date.now();
	cli(env, ['init', '--public-url', 'https://verify.example.cn']);
	// the registry: a center, its exam station, the batch that registers
	// it, its scope and its HR filing (bench/lib.sh's fixture)
	const center = cli(env, ['institution', 'add', '--name', '机考基准鉴定中心', '--type', 'center', '--province', '11']);
	const station = cli(env, ['institution', 'add', '--name', '机考基准考试站', '--type', 'exam_station', '--province', '11', '--parent', center]);
	const batch = cli(env, ['batch', 'create', '--year', String(new Date().getUTCFullYear())]);
	cli(env, ['batch', 'add', batch]);
	cli(env, ['batch', 'notice', batch, '--start', new Date(Date.now() - 20 * 86400e3).toISOString().slice(0, 10)]);
	cli(env, ['batch', 'decide', batch, '--doc', DOC_NO, '--date', new Date().toISOString().slice(0, 10)]);
	cli(env, ['institution', 'scope', station, '--code', TURNER, '--occupation-name', '车工', '--levels', '5,4,3', '--doc', DOC_NO]);
	cli(env, ['institution', 'file', station, '--authority', '北京市人力资源和社会保障局', '--filing-no', '京人社鉴备[2025]3号',
		'--filing-date', '2025-03-01', '--institution-code', '0001', '--province-code', '11', '--site-code', '000045']);
	cli(env, ['user', 'add', 'benchadmin', '--password-stdin'], `Pw-${process.pid}-${Date.now()}-Exam9\n`);
	cli(env, ['user', 'grant', 'benchadmin', '--role', 'center_admin', '--institution', '0']);
	env.token = cli(env, ['user', 'token', 'benchadmin', '--name', 'bench']).split('\n')[0].trim();

	// the people: candidates, assessors (one per 5 candidates, at least
	// 3, an odd number), proctors (2 a room of 30: 1 per 15)
	const nrooms = Math.ceil(NCAND / ROOM);
	let nassessors = Math.max(3, Math.ceil(NCAND / 5));
	if (nassessors % 2 === 0) nassessors++;
	const nproctors = 2 * nrooms;
	const people = [];
	for (let i = 0; i < NCAND + nassessors + nproctors; i++) {
		const role = i < NCAND ? 'candidate' : i < NCAND + nassessors ? 'assessor' : 'proctor';
		people.push({ i, role, name: nameOf(i), id: idNumber(birthOf(i), 100 + (i % 500)) });
	}
	const work = (i) => new Date(Date.UTC(2000, 0, 1) + (i % 3000) * 86400e3).toISOString().slice(0, 10);
	const peopleCsv = path.join(env.dir, 'people.csv');
	fs.writeFileSync(peopleCsv, '姓名,证件号码,文化程度,工作单位,参加工作日期\n' + people.map((p) =>
		`${p.name},${p.id},高中,${p.role === 'candidate' ? `机床厂${p.i}` : '职业技能评价中心'},${work(p.i)}`).join('\n') + '\n');
	cli(env, ['import', 'people', peopleCsv]);
	const assessors = people.filter((p) => p.role === 'assessor');
	const proctors = people.filter((p) => p.role === 'proctor');
	const qualCsv = path.join(env.dir, 'qualifications.csv');
	fs.writeFileSync(qualCsv, '证件号码,职业编码,资格等级,最高等级,有效期起,有效期至,证书编号\n' +
		assessors.map((p, k) => `${p.id},${TURNER},考评员,三级,2020-01-01,2035-12-31,KP-${k + 1}`).join('\n') + '\n');
	cli(env, ['import', 'qualifications', qualCsv]);

	// the plan, its rooms, enrolments and staff, started
	env.server = await serve(env);
	env.base = env.server.base;
	const std = (await ok(env, '/api/v1/standards', {}, 200)).items.find((s) => s.occupation_code === TURNER);
	if (!std) die(`no standard for ${TURNER}`);
	const plan = (await ok(env, '/api/v1/plans', { method: 'POST', json: { institution_id: Number(station), standard_id: std.id, level: 4, capacity: NCAND } }, 201, 'plan')).id;
	const rooms = [];
	for (let r = 0; r < nrooms; r++)
		rooms.push((await ok(env, `/api/v1/plans/${plan}/rooms`, { method: 'POST', json: { name: `第${r + 1}考场`, capacity: ROOM } }, 201, 'room')).id);
	const enrolCsv = path.join(env.dir, 'enrolments.csv');
	fs.writeFileSync(enrolCsv, '证件号码,考场\n' + people.filter((p) => p.role === 'candidate').map((p) => `${p.id},第${Math.floor(p.i / ROOM) + 1}考场`).join('\n') + '\n');
	cli(env, ['import', 'enrolments', enrolCsv, '--plan', String(plan)]);
	const personId = async (p) => (await ok(env, '/api/v1/people/lookup', { method: 'POST', json: { id_number: p.id } }, 200, 'lookup')).id;
	await pool(assessors, 4, async (p) => ok(env, `/api/v1/plans/${plan}/staff`, { method: 'POST', json: { person_id: await personId(p), role: 'assessor' } }, 201, 'assessor'));
	await pool(proctors, 4, async (p, k) => ok(env, `/api/v1/plans/${plan}/staff`, {
		method: 'POST', json: { person_id: await personId(p), role: 'proctor', room_id: rooms[Math.floor(k / 2)] },
	}, 201, 'proctor'));
	for (const action of ['submit', 'approve', 'start'])
		await ok(env, `/api/v1/plans/${plan}/act`, { method: 'POST', json: { action } }, 200, action);

	// the bank: approved items of the center, 2 knowledge points; a
	// third more than the blueprint takes of each kind and point
	const quota = { single: 60, multi: 20, tf: 20 };
	const rows = [];
	let n = 0;
	for (const point of ['A-01', 'A-02'])
		for (const [kind, count] of Object.entries(quota))
			for (let k = 0; k < Math.ceil((count / 2) * 1.3); k++) {
				n++;
				const [opts, key] = kind === 'tf' ? ['[]', 1 + (n % 2)] : ['["主轴转速","进给量","切削深度","刀具角度"]', kind === 'multi' ? [3, 5, 6, 7, 11, 13][n % 6] : 1 << (n % 4)];
				rows.push(`(${center}, '${TURNER}', 4, 'EX-${n}', 1, '${kind}', '${point}', '第${n}题：车削外圆时，下列说法正确的是（ ）。', '${opts}', ${key}, '解析${n}', 'approved', 'writer', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`);
			}
	sql(env, `INSERT INTO exam_item (institution_id, occupation_code, level, ref, version, kind, point, stem, options, answer_key, explanation, status, author, created_at, updated_at) VALUES ${rows.join(', ')};`);
	env.bankItems = n;
	const doc = {
		occupation: TURNER, level: 4, version: '2026.1', minutes: 120,
		points: [{ code: 'A-01', name: '安全生产', weight: 50 }, { code: 'A-02', name: '车削加工', weight: 50 }],
		sections: Object.entries(quota).map(([kind, count]) => ({ kind, count, score: 10 })),
	};
	const blueprint = (await ok(env, '/api/v1/blueprints', { method: 'POST', json: { institution_id: Number(center), doc } }, 201, 'blueprint')).id;
	const paper = (await ok(env, `/api/v1/plans/${plan}/papers`, { method: 'POST', json: { blueprint_id: blueprint, seed: '20261206' } }, 201, 'paper')).id;
	await ok(env, `/api/v1/papers/${paper}/seal`, { method: 'POST', json: {} }, 200, 'seal');

	// the sitting opened now
	const open = await request(env.base, `/api/v1/papers/${paper}/open`, { method: 'POST', json: { starts_at: new Date().toISOString().slice(0, 19) + 'Z' }, token: env.token });
	if (open.status !== 200) {
		// a start in the past refused: the next minute, and wait for it
		const next = new Date(Math.ceil((Date.now() + 1000) / 60000) * 60000);
		log(`opening now answered ${open.status} (${open.text.slice(0, 300)}); opening at ${next.toISOString()}`);
		await ok(env, `/api/v1/papers/${paper}/open`, { method: 'POST', json: { starts_at: next.toISOString().slice(0, 19) + 'Z' } }, 200, 'open');
		await sleep(next - Date.now() + 1000);
	}
	const codes = (await ok(env, `/api/v1/plans/${plan}/claim-codes`, { method: 'POST' }, 200, 'claim codes')).codes;
	if (codes.length !== NCAND) die(`claim codes: ${codes.length}, not ${NCAND}`);
	env.setupSeconds = (Date.now() - t0) / 1000;

	// the candidates sign in and read their forms, 10 at a time; each
	// one signs in from an address of its own (127.0.x.y), as from the
	// room's machines: sign-in is rate limited by address
	const t1 = Date.now();
	const signIn = async (c, k) => {
		const from = `127.0.${1 + Math.floor(k / 250)}.${2 + (k % 250)}`;
		for (let attempt = 0; ; attempt++) {
			const r = await request(env.base, '/api/v1/exam/sign-in', { method: 'POST', json: { code: c.code }, from });
			if (r.status === 200) return r.json;
			if (r.status === 429 && attempt < 20) {
				env.signIn429 = (env.signIn429 || 0) + 1;
				await sleep(1000);
				continue;
			}
			die(`sign-in: ${r.status} ${r.text.slice(0, 500)}`);
		}
	};
	const candidates = await pool(codes, 10, async (c, k) => {
		const s = await signIn(c, k);
		if (!/^[A-Za-z0-9_-]{43}$/.test(s.token || '')) die(`sign-in: no token: ${JSON.stringify(s)}`);
		return { token: s.token, attempt: s.attempt_id };
	});
	env.signInSeconds = (Date.now() - t1) / 1000;
	const t2 = Date.now();
	await pool(candidates, 10, async (c) => {
		const r = await request(env.base, '/api/v1/exam/attempt', { examToken: c.token });
		if (r.status !== 200) die(`GET /api/v1/exam/attempt: ${r.status} ${r.text.slice(0, 500)}`);
		if (r.json.items.length !== 100 || !r.json.open) die(`the form: ${r.json.items.length} items, open ${r.json.open}`);
		c.items = r.json.items.map((x) => ({ position: x.position, kind: x.kind, n: x.kind === 'tf' ? Math.max(2, x.options.length) : x.options.length }));
		env.formBytes = Buffer.byteLength(r.text);
	});
	env.formSeconds = (Date.now() - t2) / 1000;
	Object.assign(env, { plan, paper, center, station, candidates, nrooms, nassessors, nproctors });
}

/* ---------- the load ---------- */

const LETTERS = 'ABCDEFGH';
/* a random valid answer to item x: one letter, or for multi 1..n letters in order */
function answerFor(x) {
	if (x.kind !== 'multi') return LETTERS[Math.floor(Math.random() * x.n)];
	let bits = 0;
	while (!bits) bits = Math.floor(Math.random() * (1 << x.n));
	let s = '';
	for (let k = 0; k < x.n; k++) if (bits & (1 << k)) s += LETTERS[k];
	return s;
}

/* The waits between a candidate's saves, in seconds, of the runs that
 * wait (saturated and submit do not) */
const THINK = { paced: [THINK_LO, THINK_HI], second: [0.5, 1.5] };
/* One autocannon run of `kind`: paced | second | saturated | submit.
 * Resolves the figures. */
async function load(env, kind) {
	const cands = env.candidates;
	let next = 0;
	const times = [];
	const status = {};
	const bodies = {};
	const [lo, hi] = THINK[kind] || [];
	const think = () => (lo + Math.random() * (hi - lo)) * 1000;
	const saveRequest = (c) => ({
		method: 'PUT',
		headers: { 'Content-Type': 'application/json', 'X-Exam-Token': c.token },
		setupRequest: (req) => {
			const x = c.items[Math.floor(Math.random() * c.items.length)];
			return { ...req, path: `/api/v1/exam/attempt/answers/${x.position}`, body: JSON.stringify({ answer: answerFor(x) }) };
		},
		onResponse: (st, body) => {
			if (st >= 300 && !bodies[st]) bodies[st] = String(body).slice(0, 300);
		},
	});
	const submitRequest = (c) => ({
		method: 'POST', path: '/api/v1/exam/attempt/submit', headers: { 'X-Exam-Token': c.token, 'Content-Length': '0' },
		onResponse: (st, body) => {
			if (st >= 300 && !bodies[st]) bodies[st] = String(body).slice(0, 300);
		},
	});
	const opts = {
		url: env.base,
		connections: cands.length,
		timeout: 30,
		setupClient: (client) => {
			// each connection is one candidate: its own token and form
			const c = cands[next++ % cands.length];
			client.setRequests([kind === 'submit' ? submitRequest(c) : saveRequest(c)]);
			if (THINK[kind]) {
				// think time: the candidate's next save waits lo-hi s (the
				// first one a random part of that, so that they do not
				// all start together); autocannon has no wait below its
				// connectionRate of 1 a second, so the client's request
				// is deferred (autocannon 7's Client._doRequest: writes
				// the next request and starts its clock)
				const send = client._doRequest;
				if (typeof send !== 'function') die(`autocannon ${AUTOCANNON_VERSION}: Client._doRequest is gone; the paced run needs another way to wait`);
				// (one wait at a time: a reconnection asks again)
				let first = true;
				let waiting = false;
				client._doRequest = function (...a) {
					if (waiting) return;
					const wait = first ? Math.random() * think() : think();
					first = false;
					waiting = true;
					setTimeout(() => {
						waiting = false;
						if (!client.destroyed) send.apply(client, a);
					}, wait);
				};
			}
		},
	};
	if (kind === 'submit') opts.amount = cands.length; // one request a connection
	else opts.duration = DURATION;

	const cpu0 = cpuTicks(env.server.pid);
	const pg0 = env.engine === 'postgresql' ? pgCpu() : null;
	const x0 = env.engine === 'postgresql' ? commits(env) : 0;
	const load0 = loadavg();
	const m0 = await serverTime(env);
	const t0 = process.hrtime.bigint();
	const inst = autocannon(opts);
	inst.on('response', (client, st, bytes, ms) => {
		times.push(ms);
		status[st] = (status[st] || 0) + 1;
	});
	const result = await new Promise((resolve, reject) => {
		inst.on('done', resolve);
		inst.on('error', reject);
	});
	const wall = Number(process.hrtime.bigint() - t0) / 1e9;
	const cpu = cpuTicks(env.server.pid) - cpu0;
	const pgTicks = pg0 ? pgCpuDelta(pg0, pgCpu()) : 0;
	const m1 = await serverTime(env);
	// less this scrape's own request (counted when it was queued)
	const served = m1.count - m0.count - 1;
	let txPer = null;
	if (env.engine === 'postgresql') {
		await sleep(1500); // the statistics reach pg_stat_database within a second
		txPer = (commits(env) - x0) / Math.max(1, times.length);
	}
	times.sort((a, b) => a - b);
	const pct = (p) => (times.length ? times[Math.min(times.length - 1, Math.ceil((p / 100) * times.length) - 1)] : NaN);
	const ok2xx = Object.entries(status).filter(([s]) => s >= 200 && s < 300).reduce((a, [, v]) => a + v, 0);
	const non2xx = times.length - ok2xx;
	return {
		kind,
		requests: times.length,
		seconds: kind === 'submit' ? wall : DURATION,
		rps: times.length / (kind === 'submit' ? wall : DURATION),
		p50: pct(50), p90: pct(90), p99: pct(99), max: times[times.length - 1],
		errors: result.errors, timeouts: result.timeouts, non2xx, status, bodies,
		serverMs: served > 0 ? ((m1.sum - m0.sum) * 1000) / served : NaN,
		cpuMsPer: (cpu * 1000 / TICK) / Math.max(1, times.length),
		cpuShare: cpu / TICK / wall, // cores the server used
		pgCpuMsPer: pg0 ? (pgTicks * 1000 / TICK) / Math.max(1, times.length) : null,
		pgCpuShare: pg0 ? pgTicks / TICK / wall : null,
		txPer,
		hwm: statusKb(env.server.pid, 'VmHWM'),
		load: `${load0}–${loadavg()}`,
	};
}
/* the server's own count and summed time of the requests it answered
 * (GET /metrics: from the request's headers to its response queued) */
async function serverTime(env) {
	// a connection of its own: a kept-alive one idle for the run's 30 s
	// may be the one the server is closing just then
	const t = (await request(env.base, '/metrics', { from: '127.0.0.1' })).text;
	const v = (name) => Number((new RegExp(`^${name} (\\S+)$`, 'm').exec(t) || [])[1]);
	return { sum: v('skillcert_http_request_duration_seconds_sum'), count: v('skillcert_http_request_duration_seconds_count') };
}
function commits(env) {
	return Number(sql(env, `SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()`).trim());
}

/* ---------- one engine ---------- */

async function bench(engine) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), `skillcert-bench-exam-${engine}-`));
	const env = { engine, dir, dataArgs: ['--data', dir] };
	let dbName = '';
	try {
		if (engine === 'postgresql') {
			dbName = `bench_exam_${process.pid}`;
			execFileSync('psql', [PG, '-v', 'ON_ERROR_STOP=1', '-qAtX', '-c', `DROP DATABASE IF EXISTS ${dbName}`, '-c', `CREATE DATABASE ${dbName}`], {
				stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, PGOPTIONS: '-c client_min_messages=warning' },
			});
			const u = new URL(PG);
			u.pathname = `/${dbName}`;
			env.db = u.toString();
			env.dataArgs.push('--db', env.db);
		}
		log(`${engine}: setting up ${NCAND} candidates, a paper of 100 items, the sitting opened, everyone signed in`);
		await setup(env);
		log(`${engine}: set up in ${env.setupSeconds.toFixed(1)} s; ${NCAND} signed in in ${env.signInSeconds.toFixed(2)} s, their forms read in ${env.formSeconds.toFixed(2)} s; server ${env.server.threads} threads, ${env.server.perAddress} connections per address`);
		if (env.server.perAddress < NCAND) die(`the server takes ${env.server.perAddress} connections per address: fewer than ${NCAND} candidates on one loopback address (raise the open-file limit)`);
		env.runs = [];
		for (const kind of ['paced', 'second', 'saturated', 'submit']) {
			log(`${engine}: ${kind}${kind === 'submit' ? '' : ` (${DURATION} s)`}`);
			const r = await load(env, kind);
			env.runs.push(r);
			log(`${engine}: ${kind}: ${r.requests} requests, ${r.rps.toFixed(1)}/s, p50 ${r.p50.toFixed(2)} p90 ${r.p90.toFixed(2)} p99 ${r.p99.toFixed(2)} max ${r.max.toFixed(2)} ms; errors ${r.errors}, timeouts ${r.timeouts}, non-2xx ${r.non2xx} ${JSON.stringify(r.status)}; server time ${f2(r.serverMs)} ms/request, CPU ${r.cpuMsPer.toFixed(3)} ms/request${r.pgCpuMsPer !== null ? `, PostgreSQL CPU ${r.pgCpuMsPer.toFixed(3)} ms/request, ${r.txPer.toFixed(2)} commits/request` : ''}; VmHWM ${(r.hwm / 1024).toFixed(1)} MiB`);
			if (r.errors || r.timeouts || r.non2xx) die(`${engine} ${kind}: ${r.errors} errors, ${r.timeouts} timeouts, ${r.non2xx} non-2xx: ${JSON.stringify(r.bodies)}`);
		}
		// the proctor's roster: every attempt finished and marked
		const roster = await ok(env, `/api/v1/papers/${env.paper}/attempts`, { from: '127.0.0.1' }, 200, 'roster');
		const att = roster.items.map((x) => x.attempt).filter(Boolean);
		const finished = att.filter((a) => a.status === 'submitted' || a.status === 'timed_out');
		const marked = att.filter((a) => a.tenths !== null && a.tenths !== undefined);
		if (att.length !== NCAND || finished.length !== NCAND || marked.length !== NCAND)
			die(`the roster: ${att.length} attempts, ${finished.length} finished, ${marked.length} marked (of ${NCAND})`);
		env.answered = att.reduce((s, a) => s + a.answered, 0) / att.length;
		env.hwm = statusKb(env.server.pid, 'VmHWM');
		env.threads = Number(/^Threads:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${env.server.pid}/status`, 'utf8'))[1]);
		return env;
	} finally {
		if (env.server) {
			env.server.child.kill('SIGTERM');
			await new Promise((r) => (env.server.child.exitCode !== null ? r() : env.server.child.on('exit', r)));
		}
		if (dbName)
			try {
				execFileSync('psql', [PG, '-qAtX', '-c', `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`], { stdio: 'ignore' });
			} catch {
				/* the cluster is going away anyway */
			}
		if (process.env.BENCH_EXAM_KEEP) log(`kept ${dir}`);
		else fs.rmSync(dir, { recursive: true, force: true });
	}
}

/* ---------- the report ---------- */

const f2 = (x) => (Number.isFinite(x) ? x.toFixed(2) : 'n/a');
const f1 = (x) => (Number.isFinite(x) ? x.toFixed(1) : 'n/a');
const grp = (x) => Math.round(x).toLocaleString('en-US');
const LABEL = {
	paced: `paced: a save every ${THINK_LO}–${THINK_HI} s a candidate`,
	second: 'every second: a save every 0.5–1.5 s a candidate',
	saturated: 'saturated: no wait between saves',
	submit: `all ${NCAND} hand in at once (marked)`,
};

function report(results) {
	let head = '';
	try {
		head = execFileSync('git', ['-C', ROOT, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
	} catch {
		/* not a checkout */
	}
	let pgVersion = '';
	if (PG)
		try {
			pgVersion = execFileSync('psql', [PG, '-qAtX', '-c', 'SHOW server_version'], { encoding: 'utf8' }).trim().split(' ')[0];
		} catch {
			/* not reachable */
		}
	const lines = [
		`## The online exam: ${NCAND} candidates saving answers (bench/exam.sh)`,
		'',
		`- Date: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC; repository HEAD ${head || 'n/a'}`,
		`- Machine: ${os.cpus().length} CPUs, ${os.cpus()[0]?.model?.trim() || 'n/a'}, shared by the server, PostgreSQL and the load generator (autocannon ${AUTOCANNON_VERSION}, one Node.js process, node ${process.version}) and, while this ran, other work (the load average is given per run)`,
		`- Data: one level-4 车工 plan of ${NCAND} candidates in ${results[0].nrooms} rooms, started; a paper of 100 items (60 single choice, 20 multiple choice, 20 true/false; 2 knowledge points) from a bank of ${results[0].bankItems} approved items, sealed, its sitting opened; every candidate signed in with their claim code before the runs (each from a loopback address of its own, as from the room's machines: sign-in is rate limited by address)`,
		`- Load: autocannon, ${NCAND} keep-alive connections on loopback, each one candidate with its own \`X-Exam-Token\`; each request \`PUT /api/v1/exam/attempt/answers/{position}\` of a random position of that candidate's form with a random valid answer (\`{"answer":"AC"}\`); ${DURATION} s a run, the runs one after another on the same server; then \`POST /api/v1/exam/attempt/submit\` once a candidate, all at once`,
		'- Latency: each response\'s time as autocannon measures it (from writing the request to the whole answer), every response counted; errors, timeouts and non-2xx: none, or the bench fails',
		'- Server time: the mean of the server\'s own measure (`/metrics`: from a request\'s headers read to its response queued), the rest of the latency is waiting for a worker thread and the loopback',
		`- Server CPU: the process's user + system time during the run, per request; peak RSS: the server's VmHWM (/proc/PID/status) at the end of the run (the peak since it started, the setup included)`,
		`- Engines: SQLite as skillcert links it (WAL, synchronous=NORMAL: a commit does not wait for the disk)${PG ? `; PostgreSQL ${pgVersion}, a private cluster (tests/lib/pg.sh, \`PG_DURABLE=1\`: fsync, synchronous_commit and full_page_writes on: every commit waits for the disk) over TCP on 127.0.0.1` : ''}`,
		'- Reproduce: `bash bench/exam.sh` (knobs at the top of bench/exam.mjs)',
		'',
	];
	for (const env of results) {
		const pg = env.engine === 'postgresql';
		lines.push(`### ${pg ? 'PostgreSQL' : 'SQLite'}`, '');
		lines.push(`- \`skillcert serve\`, its default of ${env.server.threads} HTTP worker threads (${env.threads} threads in the process in all); setup ${f1(env.setupSeconds)} s, the ${NCAND} sign-ins ${f2(env.signInSeconds)} s and the ${NCAND} forms (${grp(env.formBytes)} bytes each) ${f2(env.formSeconds)} s, 10 at a time${env.signIn429 ? `; sign-in answered 429 ${env.signIn429} times (retried after 1 s)` : ''}`);
		lines.push('');
		lines.push(`| run | requests | requests/s | p50 ms | p90 ms | p99 ms | max ms | errors / non-2xx | server time ms/request | server CPU ms/request (cores) |${pg ? ' PostgreSQL CPU ms/request (cores) | commits/request |' : ''} peak RSS MiB | load average |`);
		lines.push(`|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|${pg ? '---:|---:|' : ''}---:|---|`);
		for (const r of env.runs)
			lines.push(`| ${LABEL[r.kind]} | ${grp(r.requests)} | ${f1(r.rps)} | ${f2(r.p50)} | ${f2(r.p90)} | **${f2(r.p99)}** | ${f2(r.max)} | ${r.errors + r.timeouts} / ${r.non2xx} | ${f2(r.serverMs)} | ${f2(r.cpuMsPer)} (${f2(r.cpuShare)}) |${pg ? ` ${f2(r.pgCpuMsPer)} (${f2(r.pgCpuShare)}) | ${f2(r.txPer)} |` : ''} ${f1(r.hwm / 1024)} | ${r.load} |`);
		lines.push('');
		lines.push(`- After the runs the proctor's roster (\`GET /api/v1/papers/{id}/attempts\`) lists ${NCAND} attempts, all handed in and marked, ${f1(env.answered)} of 100 items answered on average`);
		lines.push('');
	}
	return lines;
}

/* ---------- main ---------- */

if (!fs.existsSync(BIN)) {
	console.error(`bench/exam.mjs: ${BIN} not found (run make first)`);
	process.exit(1);
}
const results = [];
try {
	for (const e of engines) results.push(await bench(e));
} catch (e) {
	console.error(`bench/exam.mjs: ${e.message}`);
	process.exit(1);
} finally {
	agent.destroy();
}
const lines = report(results);
console.log(lines.join('\n'));
if (!process.env.NO_DOCS) {
	const doc = path.join(ROOT, 'docs/performance.md');
	const begin = '<!-- bench:exam:begin -->';
	const end = '<!-- bench:exam:end -->';
	let text = fs.readFileSync(doc, 'utf8');
	const section = `${begin}\n${lines.join('\n').trimEnd()}\n${end}`;
	text = text.includes(begin) ? text.replace(new RegExp(`${begin}[\\s\\S]*?${end}`), () => section) : `${text.trimEnd()}\n\n${section}\n`;
	fs.writeFileSync(doc, text);
	log(`wrote ${path.relative(ROOT, doc)}`);
}
