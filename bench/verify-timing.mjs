// bench/verify-timing.mjs - does a "no" from the public lookups take the same
// time whatever the reason? (issue 10: "the verify answers take the same
// time for every no"). Not a test: it prints figures and rewrites its
// section of docs/performance.md (between the bench:verify-timing markers).
//
//   node bench/verify-timing.mjs [ROUNDS]        (SKILLCERT_BIN, default ./skillcert)
//
// 1. a new data directory; `skillcert init`; 2,000 legacy certificate
//    records through `skillcert import legacy` (each with its holder's ID
//    number and name); the credential column of every row filled with a
//    text of a real credential's size (LEGACY records carry none), so that
//    a row read back costs what an issued certificate's costs;
// 2. `skillcert serve --verify-rate 0` on a free loopback port;
// 3. ROUNDS (default 20,000) rounds of four GET /api/v1/verify requests,
//    one keep-alive connection, in turn: A a number that exists with a wrong
//    name, B a number that does not exist (same shape), C an ID number that
//    has a certificate with a wrong name, D a valid ID number that has none.
//    Each request's time is taken on the client (process.hrtime), from
//    sending to the whole answer; every answer must be the same 404.
// Reported: median and the mean of the middle 80 % of each kind, and the
// differences A - B and C - D. Loopback HTTP adds ~100 us of noise to each
// request: the differences are what matters, over many rounds.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const BIN = path.resolve(process.env.SKILLCERT_BIN || path.join(ROOT, 'skillcert'));
const ROUNDS = Number(process.argv[2] || 20000);
const N = 2000;
const CREDENTIAL_BYTES = Number(process.env.CREDENTIAL_BYTES || 2600);

function idNumber(birth, seq, region) {
	const body = region + birth + String(seq).padStart(3, '0');
	const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
	const sum = [...body].reduce((s, d, i) => s + Number(d) * w[i], 0);
	return body + '10X98765432'[sum % 11];
}
const birthOf = (i) => new Date(Date.UTC(1970, 0, 1) + i * 86400e3 * 7).toISOString().slice(0, 10).replace(/-/g, '');
const SUR = '赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦许何';
const GIV = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平';
const nameOf = (i) => SUR[i % 20] + GIV[Math.floor(i / 20) % 20] + GIV[(i * 7) % 20];

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skillcert-vtiming-'));
const sc = (args) => execFileSync(BIN, [...args, '--data', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const freePort = () => new Promise((resolve) => {
	const s = net.createServer().listen(0, '127.0.0.1', () => {
		const { port } = s.address();
		s.close(() => resolve(port));
	});
});

const people = Array.from({ length: N }, (_, i) => ({
	number: `LB${String(10000000 + i)}`,
	name: nameOf(i),
	id: idNumber(birthOf(i), 100 + (i % 800), '110105'),
}));
// valid ID numbers that hold nothing: another region, same birth dates
const strangers = Array.from({ length: N }, (_, i) => idNumber(birthOf(i), 100 + (i % 800), '440524'));

let server;
try {
	sc(['init']);
	const csv = path.join(dir, 'legacy.csv');
	fs.writeFileSync(csv, '证书编号,姓名,证件号码,证件类型,职业名称,职业编码,等级,发证日期,发证机构\n' +
		people.map((p) => `${p.number},${p.name},${p.id},resident_id,车工,6-18-01-01,4,2015-06-01,机械工业职业技能鉴定指导中心`).join('\n') + '\n');
	sc(['import', 'legacy', csv]);
	execFileSync('sqlite3', [path.join(dir, 'skillcert.db'),
		`UPDATE certificate SET credential = substr(hex(randomblob(${CREDENTIAL_BYTES})), 1, ${CREDENTIAL_BYTES})`]);
	const port = await freePort();
	server = spawn(BIN, ['serve', '--data', dir, '--listen', `127.0.0.1:${port}`, '--verify-rate', '0', '--threads', '1'],
		{ stdio: ['ignore', 'pipe', 'ignore'] }); // stderr: the access log
	await new Promise((resolve, reject) => {
		let out = '';
		server.stdout.on('data', (d) => { out += d; if (/serving on port/.test(out)) resolve(); });
		server.on('exit', (code) => reject(new Error(`serve exited ${code}`)));
	});
	const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
	const get = (q) => new Promise((resolve, reject) => {
		const t0 = process.hrtime.bigint();
		http.get({ host: '127.0.0.1', port, path: `/api/v1/verify?${new URLSearchParams(q)}`, agent }, (res) => {
			let body = '';
			res.setEncoding('utf8');
			res.on('data', (d) => { body += d; });
			res.on('end', () => resolve({ ns: Number(process.hrtime.bigint() - t0), status: res.statusCode, body }));
		}).on('error', reject);
	});
	const kinds = {
		A: (i) => ({ number: people[i].number, name: '王某某' }),
		B: (i) => ({ number: `LB${String(20000000 + i)}`, name: '王某某' }),
		C: (i) => ({ id_number: people[i].id, name: '王某某' }),
		D: (i) => ({ id_number: strangers[i], name: '王某某' }),
	};
	const times = { A: [], B: [], C: [], D: [] };
	let body404;
	for (let w = 0; w < 500; w++) await get(kinds.A(w % N)); // warm up
	for (let r = 0; r < ROUNDS; r++) {
		const order = r % 2 ? ['A', 'B', 'C', 'D'] : ['D', 'C', 'B', 'A'];
		for (const k of order) {
			const x = await get(kinds[k](r % N));
			if (x.status !== 404) throw new Error(`${k}: ${x.status} ${x.body}`);
			body404 ??= x.body;
			if (x.body !== body404) throw new Error(`${k}: another answer: ${x.body}`);
			times[k].push(x.ns);
		}
	}
	const stat = (a) => {
		const s = [...a].sort((x, y) => x - y);
		const mid = s.slice(Math.floor(s.length * 0.1), Math.ceil(s.length * 0.9));
		return { median: s[Math.floor(s.length / 2)] / 1000, trimmed: mid.reduce((x, y) => x + y, 0) / mid.length / 1000 };
	};
	const st = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, stat(v)]));
	const us = (x) => `${x.toFixed(1)} µs`;
	const diff = (a, b) => `${(st[a].median - st[b].median).toFixed(1)} µs (median), ${(st[a].trimmed - st[b].trimmed).toFixed(1)} µs (trimmed mean)`;
	let head = '';
	try { head = execFileSync('git', ['-C', ROOT, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim(); } catch { /* not a checkout */ }
	const lines = [
		'## Verification: the same time for every "no" (bench/verify-timing.mjs)',
		'',
		`- Date: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC; binary ${path.relative(ROOT, BIN) || BIN}, repository HEAD ${head || 'n/a'}`,
		`- Machine: ${os.cpus().length} CPUs, ${os.cpus()[0]?.model?.trim() || 'n/a'}; SQLite; \`serve --threads 1 --verify-rate 0\`, one keep-alive connection on loopback`,
		`- Data: ${N} certificate rows (legacy import, credential column padded to ${CREDENTIAL_BYTES} bytes, a real credential's size); ${ROUNDS} rounds of A, B, C, D in turn; every answer the same 404 body`,
		'',
		'| request | median | mean of the middle 80 % |',
		'|---|---:|---:|',
		`| A: number exists, wrong name | ${us(st.A.median)} | ${us(st.A.trimmed)} |`,
		`| B: number unknown | ${us(st.B.median)} | ${us(st.B.trimmed)} |`,
		`| C: ID number has a certificate, wrong name | ${us(st.C.median)} | ${us(st.C.trimmed)} |`,
		`| D: ID number (valid) has none | ${us(st.D.median)} | ${us(st.D.trimmed)} |`,
		'',
		`- A − B: ${diff('A', 'B')}`,
		`- C − D: ${diff('C', 'D')}`,
	];
	console.log(lines.join('\n'));
	if (!process.env.NO_DOCS) {
		const doc = path.join(ROOT, 'docs/performance.md');
		const begin = '<!-- bench:verify-timing:begin -->';
		const end = '<!-- bench:verify-timing:end -->';
		let text = fs.readFileSync(doc, 'utf8');
		const section = `${begin}\n${lines.join('\n')}\n${end}`;
		text = text.includes(begin) ? text.replace(new RegExp(`${begin}[\\s\\S]*?${end}`), section) : `${text.trimEnd()}\n\n${section}\n`;
		fs.writeFileSync(doc, text);
	}
	agent.destroy();
} finally {
	if (server) server.kill('SIGTERM');
	fs.rmSync(dir, { recursive: true, force: true });
}
