// tests/e2e/certlib.mjs - builds, through the API, what a certificate needs:
// a registered exam station with 车工 (6-18-01-01) in scope and an HR
// filing, and assessment plans taken all the way to "closed" with N
// passing and M failing candidates. Reusable by any suite:
//
//   import { makeStation, closedPlan } from './certlib.mjs';
//   const st = await makeStation(h.server, h.api);            // once per server
//   const p = await closedPlan(h.server, h.api, st, { pass: 3, fail: 1 });
//   await h.api(`/api/v1/plans/${p.plan}/certificates`, { method: 'POST' });
//
// api is a function (path, opts) → http() result acting as a user who may
// manage the registry, people and plans network-wide (the center_admin of
// describeWithServer(..., { user: true }) as h.api). The results notice of
// a published plan runs for days: closedPlan moves it into the past in the
// database itself (sqlite3 CLI, or psql for PostgreSQL) and then closes the
// plan through the API, as an operator would after the notice.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import zlib from 'node:zlib';

import { uniqueName } from './lib.mjs';

export const TURNER = '6-18-01-01';

/* ---------- people ---------- */

/* A valid resident ID number (GB 11643): region + birth (YYYYMMDD) +
 * three-digit sequence + check character. */
export function idNumber(birth, seq, region = '110105') {
	const body = region + birth + String(seq).padStart(3, '0');
	const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
	const sum = [...body].reduce((s, d, i) => s + Number(d) * w[i], 0);
	return body + '10X98765432'[sum % 11];
}

let personSeq = 0;
/* A new ID number, different on every call in this process (birth dates
 * walk forward from 1975-01-01 day by day; the sequence varies too). */
export function nextIdNumber() {
	const n = ++personSeq;
	const d = new Date(Date.UTC(1975, 0, 1) + n * 86400e3);
	const birth = d.toISOString().slice(0, 10).replace(/-/g, '');
	return idNumber(birth, 100 + (n % 800), ['110105', '440524', '320102', '230102'][n % 4]);
}

const SURNAMES = '赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦许何吕施张孔曹严华金魏陶姜';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国文志红玉兰春';
let nameSeq = 0;
/* A three-character Chinese name, different on every call (up to 29k). */
export function nextName() {
	const n = ++nameSeq;
	return SURNAMES[n % SURNAMES.length] + GIVEN[Math.floor(n / SURNAMES.length) % GIVEN.length] +
		GIVEN[(Math.floor(n / (SURNAMES.length * GIVEN.length)) + n * 7) % GIVEN.length];
}

/* ---------- a real photo ---------- */

function crc32(buf) {
	let c;
	let crc = 0xffffffff;
	for (let n = 0; n < buf.length; n++) {
		c = (crc ^ buf[n]) & 0xff;
		for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		crc = (crc >>> 8) ^ c;
	}
	return (crc ^ 0xffffffff) >>> 0;
}

export function pngChunk(type, data) {
	const len = Buffer.alloc(4);
	len.writeUInt32BE(data.length);
	const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(td));
	return Buffer.concat([len, td, crc]);
}

/* A decodable RGB PNG, w x h: white with a blue figure (a photo that a
 * PDF renderer really draws). */
export function pngPhoto(w = 120, h = 168) {
	const raw = Buffer.alloc((w * 3 + 1) * h, 0xff);
	for (let y = 0; y < h; y++) {
		raw[y * (w * 3 + 1)] = 0; // filter: none
		for (let x = 0; x < w; x++) {
			const dx = x - w / 2;
			const head = dx * dx + (y - h * 0.35) ** 2 < (w * 0.22) ** 2;
			const body = y > h * 0.6 && Math.abs(dx) < w * 0.35;
			if (head || body) {
				const o = y * (w * 3 + 1) + 1 + x * 3;
				raw[o] = 0x30;
				raw[o + 1] = 0x50;
				raw[o + 2] = 0xa0;
			}
		}
	}
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(w, 0);
	ihdr.writeUInt32BE(h, 4);
	ihdr[8] = 8; // bit depth
	ihdr[9] = 2; // RGB
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		pngChunk('IHDR', ihdr),
		pngChunk('IDAT', zlib.deflateSync(raw)),
		pngChunk('IEND', Buffer.alloc(0)),
	]);
}

/* ---------- plumbing ---------- */

async function ok(p, expect, what) {
	const r = await p;
	assert.equal(r.status, expect, `${what}: ${r.status} ${r.text}`);
	return r;
}

async function cliOk(server, args) {
	const r = await server.cli(args);
	assert.equal(r.code, 0, `skillcert ${args.join(' ')}: ${r.stderr}`);
	return r.stdout.trim();
}

/* Runs fn over items, at most `width` at a time. */
async function pool(items, width, fn) {
	const out = new Array(items.length);
	let next = 0;
	const worker = async () => {
		while (next < items.length) {
			const i = next++;
			out[i] = await fn(items[i], i);
		}
	};
	await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
	return out;
}

function execText(cmd, args, input) {
	return new Promise((resolve, reject) => {
		const p = execFile(cmd, args, { env: { ...process.env, PGOPTIONS: '-c client_min_messages=warning' } }, (e, stdout, stderr) =>
			e ? reject(new Error(`${cmd} ${args.join(' ')}: ${e.message} ${stderr}`)) : resolve(stdout));
		if (input !== undefined) p.stdin.end(input);
	});
}

/* Runs one SQL statement on the server's database (sqlite3 CLI on the data
 * directory's file, psql on the PostgreSQL URL); resolves its output. */
export function sql(server, statement) {
	if (server.db.startsWith('sqlite:'))
		return execText('sqlite3', ['-cmd', '.timeout 10000', server.db.slice('sqlite:'.length), statement]);
	return execText('psql', [server.db, '-v', 'ON_ERROR_STOP=1', '-q', '-A', '-t', '-c', statement]);
}

/* ---------- a station ---------- */

/*
 * A registered exam station under a new center, with 车工 levels 5, 4, 3
 * in scope and an HR filing (institution code, province, site), plus its
 * staff (qualified assessors and proctors, employed elsewhere than the
 * candidates). Resolves {center, id, name, filing, assessors, proctors,
 * standard}.
 *   filing: overrides of the filing's fields; null: no filing at all
 *   hostOrg: a host organisation (an employer's own station: 'Y' numbers)
 *   assessors: how many assessors to register (5 covers 25 candidates)
 */
export async function makeStation(server, api, { filing = {}, assessors = 5, hostOrg } = {}) {
	const center = await cliOk(server, ['institution', 'add', '--name', uniqueName('证书中心'), '--type', 'center', '--province', '11']);
	const name = uniqueName('证书考试站');
	const id = Number(await cliOk(server, ['institution', 'add', '--name', name, '--type', 'exam_station', '--province', '44',
		'--parent', center, ...(hostOrg ? ['--host-org', hostOrg] : [])]));
	const batch = await cliOk(server, ['batch', 'create', '--year', String(new Date().getUTCFullYear())]);
	await cliOk(server, ['batch', 'add', batch]);
	await cliOk(server, ['batch', 'notice', batch, '--start', new Date(Date.now() - 20 * 86400e3).toISOString().slice(0, 10)]);
	const doc = `机职鉴字[2026]${10 + (personSeq % 80)}号`;
	await cliOk(server, ['batch', 'decide', batch, '--doc', doc, '--date', new Date().toISOString().slice(0, 10)]);
	await cliOk(server, ['institution', 'scope', String(id), '--code', TURNER, '--occupation-name', '车工', '--levels', '5,4,3', '--doc', doc]);
	const f = filing === null ? null : {
		authority: '广东省人力资源和社会保障厅',
		filing_no: '粤人社鉴备[2025]7号',
		filing_date: '2025-03-01',
		institution_code: '0000',
		province_code: '44',
		site_code: '000123',
		...filing,
	};
	if (f) await ok(api(`/api/v1/institutions/${id}/filings`, { method: 'POST', json: f }), 200, 'filing');
	const std = (await api('/api/v1/standards')).json.items.find((s) => s.occupation_code === TURNER).id;
	const staff = async (role) => {
		const r = await ok(api('/api/v1/people', { method: 'POST', json: { name: nextName(), id_number: nextIdNumber(), employer: '职业技能评价中心' } }), 201, `${role} person`);
		if (role === 'assessor')
			await ok(api(`/api/v1/people/${r.json.id}/qualifications`, {
				method: 'POST', json: { occupation_code: TURNER, grade: 'assessor', max_level: 3, valid_from: '2020-01-01', valid_to: '2035-12-31' },
			}), 201, 'qualification');
		return r.json.id;
	};
	const as = await pool(Array.from({ length: assessors }), 4, () => staff('assessor'));
	const ps = await pool([0, 1], 2, () => staff('proctor'));
	return { center: Number(center), id, name, filing: f, assessors: as, proctors: ps, standard: std };
}

/* ---------- a closed plan ---------- */

/*
 * A plan of the station taken to "closed": pass candidates with passing
 * scores, fail with a failing theory score, through submit, approve,
 * start, scores (entered and locked per component), finish_scoring,
 * publish; the notice window is then moved into the past in the database
 * and the plan closed. Resolves {plan, level, workType, candidates:
 * [{name, id_number, person_id, enrolment_id, pass}]}.
 *   level: 5 or 4 (route 5-1 or 4-2: years of work)  workType: '' or 数控车工/普通车工
 *   photo: Buffer (PNG/JPEG) given to every candidate (default a small
 *          PNG: no certificate is issued without one); null: none
 *   names: the candidates' names (default: new three-character names)
 *   close: false stops at "under_notice"
 */
let defaultPhoto;
export async function closedPlan(server, api, station, { pass = 3, fail = 0, level = 4, workType = '', photo = (defaultPhoto ||= pngPhoto(64, 90)), close = true, names } = {}) {
	const n = pass + fail;
	const cap = Math.max(n, 1);
	const plan = (await ok(api('/api/v1/plans', {
		method: 'POST', json: { institution_id: station.id, standard_id: station.standard, level, capacity: cap, ...(workType ? { work_type: workType } : {}) },
	}), 201, 'plan')).json.id;
	const room = (await ok(api(`/api/v1/plans/${plan}/rooms`, { method: 'POST', json: { name: '第一考场', capacity: cap } }), 201, 'room')).json.id;
	// assessors: one per five candidates, at least three, an odd number
	let na = Math.max(3, Math.ceil(n / 5));
	if (na % 2 === 0) na++;
	assert.ok(na <= station.assessors.length, `the station has ${station.assessors.length} assessors, ${na} needed`);
	const assessors = station.assessors.slice(0, na);
	for (const a of assessors)
		await ok(api(`/api/v1/plans/${plan}/staff`, { method: 'POST', json: { person_id: a, role: 'assessor' } }), 201, 'assessor');
	for (const p of station.proctors)
		await ok(api(`/api/v1/plans/${plan}/staff`, { method: 'POST', json: { person_id: p, role: 'proctor', room_id: room } }), 201, 'proctor');
	const candidates = await pool(Array.from({ length: n }, (_, i) => i), 6, async (i) => {
		const c = { name: names?.[i] || nextName(), id_number: nextIdNumber(), pass: i < pass };
		const r = await ok(api('/api/v1/people', {
			method: 'POST', json: { name: c.name, id_number: c.id_number, employer: `机床厂${i}`, work_start: '2010-01-01' },
		}), 201, 'candidate');
		c.person_id = r.json.id;
		if (photo)
			await ok(api(`/api/v1/people/${c.person_id}/photo`, {
				method: 'POST', body: photo, headers: { 'Content-Type': photo[0] === 0x89 ? 'image/png' : 'image/jpeg' },
			}), 200, 'photo');
		return c;
	});
	// enrolled in order: enrolment ids follow the candidates' order
	for (const c of candidates) {
		const r = await ok(api(`/api/v1/plans/${plan}/enrolments`, { method: 'POST', json: { person_id: c.person_id, room_id: room } }), 201, 'enrolment');
		c.enrolment_id = r.json.id;
	}
	await examinePlan(server, api, plan, assessors, candidates, { steps: ['submit', 'approve', 'start'], close });
	return { plan, level, workType, candidates };
}

/*
 * Takes plan through `steps` (plan actions, e.g. ['start'] for a plan
 * already approved), then scores every candidate ({enrolment_id, pass}:
 * theory 82.5 or 41, practical 78 or 79 from each assessor id), submits the
 * scores, finishes scoring and publishes; with close, ends the results
 * notice by SQL and closes the plan.
 */
export async function examinePlan(server, api, plan, assessors, candidates, { steps = ['start'], close = true } = {}) {
	for (const action of steps)
		await ok(api(`/api/v1/plans/${plan}/act`, { method: 'POST', json: { action } }), 200, action);
	await pool(candidates, 4, async (c) => {
		const { enrolment_id } = c;
		const enter = (json) => ok(api(`/api/v1/plans/${plan}/scores`, { method: 'POST', json: { enrolment_id, ...json } }), 200, 'score');
		await enter({ component: 'theory', score: c.pass ? '82.5' : '41' });
		for (const a of assessors) await enter({ component: 'practical', assessor_id: a, score: c.pass ? '78' : '79' });
		for (const component of ['theory', 'practical'])
			await ok(api(`/api/v1/plans/${plan}/scores/submit`, { method: 'POST', json: { enrolment_id, component } }), 200, `submit ${component}`);
	});
	for (const action of ['finish_scoring', 'publish'])
		await ok(api(`/api/v1/plans/${plan}/act`, { method: 'POST', json: { action } }), 200, action);
	if (close) {
		// the notice is over (an operator waits the days; a test cannot)
		await sql(server, `UPDATE plan SET notice_start = '2020-01-01', notice_end = '2020-01-02' WHERE id = ${Number(plan)}`);
		await ok(api(`/api/v1/plans/${plan}/act`, { method: 'POST', json: { action: 'close' } }), 200, 'close');
	}
}

