// Bulk import of an assessment: people, enrolments and scores from CSV
// (UTF-8, UTF-8 with BOM, GB18030) and XLSX, through
// POST /api/v1/people-import, /api/v1/plans/{id}/import/{enrolments|scores}
// and `skillcert import`. Each file has broken rows: a dry run lists every
// one (row, column, reason) and applies nothing, a real run with problems
// applies nothing, the fixed file applies every row, and the same file
// again — in another encoding or as XLSX — changes nothing. Both engines.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { before, it } from 'node:test';

import { describeWithServer, engines, uniqueName } from './lib.mjs';
import { xlsx } from './xlsx.mjs';

const TURNER = '6-18-01-01';

function toGb18030(text) {
	return new Promise((resolve, reject) => {
		const p = spawn('iconv', ['-f', 'UTF-8', '-t', 'GB18030']);
		const out = [];
		p.stdout.on('data', (d) => out.push(d));
		p.on('error', reject);
		p.on('close', (code) => (code === 0 ? resolve(Buffer.concat(out)) : reject(new Error(`iconv ${code}`))));
		p.stdin.end(Buffer.from(text, 'utf8'));
	});
}

const csv = (rows) => rows.map((r) => r.map((c) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\r\n') + '\r\n';

/* A valid resident ID number (GB 11643) born on birth with sequence seq. */
function idNumber(birth, seq, region = '110105') {
	const body = region + birth + String(seq).padStart(3, '0');
	const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
	const sum = [...body].reduce((s, d, i) => s + Number(d) * w[i], 0);
	return body + '10X98765432'[sum % 11];
}
/* The same number with its check character wrong. */
const broken = (id) => id.slice(0, 17) + (id[17] === '0' ? '1' : '0');

for (const engine of engines()) {
	describeWithServer(`assessment import [${engine}]`, { engine, tag: 'aimp', user: true }, (h) => {
		let station;
		let standard;
		let plan;
		// five candidates, three assessors, two proctors (each server has
		// its own database)
		const cands = [1, 2, 3, 4, 5].map((i) => idNumber(`19900${i}1${i}`, 100 + i));
		const assessors = [1, 2, 3].map((i) => idNumber(`1975010${i}`, 200 + i));
		const proctors = [1, 2].map((i) => idNumber(`1980020${i}`, 300 + i));

		const cli = async (args) => {
			const r = await h.server.cli(args);
			assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
			return r.stdout.trim();
		};
		const upload = (url, body, query = '') =>
			h.api(url + query, { method: 'POST', body, headers: { 'Content-Type': 'text/csv' } });
		const problems = (r) => r.json.problems.map((p) => [p.row, p.column, p.code]);

		before(async () => {
			const center = await cli(['institution', 'add', '--name', uniqueName('导入中心'), '--type', 'center', '--province', '11']);
			station = Number(await cli(['institution', 'add', '--name', uniqueName('导入考试站'), '--type', 'exam_station', '--province', '44', '--parent', center]));
			const batch = await cli(['batch', 'create', '--year', '2026']);
			await cli(['batch', 'add', batch]);
			await cli(['batch', 'notice', batch, '--start', new Date(Date.now() - 20 * 86400e3).toISOString().slice(0, 10)]);
			await cli(['batch', 'decide', batch, '--doc', '机职鉴字[2026]9号', '--date', new Date().toISOString().slice(0, 10)]);
			await cli(['institution', 'scope', String(station), '--code', TURNER, '--occupation-name', '车工', '--levels', '5,4,3', '--doc', '机职鉴字[2026]9号']);
			standard = (await h.api('/api/v1/standards')).json.items.find((s) => s.occupation_code === TURNER).id;
			const r = await h.api('/api/v1/plans', { method: 'POST', json: { institution_id: station, standard_id: standard, level: 5, capacity: 4 } });
			assert.equal(r.status, 201, r.text);
			plan = r.json.id;
			assert.equal((await h.api(`/api/v1/plans/${plan}/rooms`, { method: 'POST', json: { name: '第一考场', capacity: 30 } })).status, 201);
		});

		const HEAD = ['姓名', '证件号码', '性别', '文化程度', '工作单位', '参加工作日期'];
		const peopleRows = (fixed) => [
			HEAD,
			/* 2 */ ['导入考生一', cands[0], '', '高中', '甲机床厂', '2019-03-01'],
			/* 3 */ ['导入考生二', fixed ? cands[1] : broken(cands[1]), '', '', '甲机床厂', '2018-07-01'],
			/* 4 */ [fixed ? '导入考生三' : '', cands[2], '', '', '乙机床厂', '2020-01-01'],
			/* 5 */ ['导入考生四', cands[3], '', fixed ? '' : '博士后', '乙机床厂', '2017-09-01'],
			/* 6 */ ['导入考生五', cands[4], '', '', '丙机床厂', fixed ? '' : '2099-01-01'],
			/* 7 */ ['导入考评一', assessors[0], '', '', '评价中心', ''],
			/* 8 */ ['导入考评二', assessors[1], '', '', '评价中心', ''],
			/* 9 */ ['导入考评三', assessors[2], '', '', '评价中心', ''],
			/* 10 */ ['导入监考一', proctors[0], '', '', '评价中心', ''],
			/* 11 */ ['导入监考二', proctors[1], '', '', '评价中心', ''],
		];

		it('people: every bad row named, all or none, the same file again changes nothing', async () => {
			const bad = csv(peopleRows(false));
			const dry = await upload('/api/v1/people-import', bad, '?dry_run=1');
			assert.equal(dry.status, 200, dry.text);
			assert.deepEqual(problems(dry), [
				[3, '证件号码', 'val.id.checksum'],
				[4, '姓名', 'val.person.name'],
				[5, '文化程度', 'val.person.education'],
				[6, '参加工作日期', 'val.date.invalid'],
			]);
			assert.equal(dry.json.applied, false);
			// as the spreadsheet of problems
			const sheet = await upload('/api/v1/people-import', bad, '?dry_run=1&problems=xlsx');
			assert.equal(sheet.status, 200);
			assert.match(sheet.headers.get('content-type'), /spreadsheetml/);
			assert.ok(sheet.text.startsWith('PK'));
			// a real run with problems applies nothing
			const refused = await upload('/api/v1/people-import', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(bad)]));
			assert.equal(refused.status, 422, refused.text);
			assert.equal(refused.json.applied, false);
			assert.equal(refused.json.problems.length, 4);
			const look = await h.api('/api/v1/people/lookup', { method: 'POST', json: { id_number: cands[0] } });
			assert.equal(look.status, 404, 'row 2 was good but nothing was applied');
			// fixed, in GB18030: every row applied
			const good = await upload('/api/v1/people-import', await toGb18030(csv(peopleRows(true))));
			assert.equal(good.status, 200, good.text);
			assert.deepEqual([good.json.applied, good.json.rows, good.json.created, good.json.unchanged], [true, 10, 10, 0]);
			const p = await h.api('/api/v1/people/lookup', { method: 'POST', json: { id_number: cands[0] } });
			assert.equal(p.status, 200, p.text);
			assert.equal(p.json.name, '导入考生一');
			assert.equal(p.json.birth_date, '1990-01-11', 'derived from the number');
			// the same rows again, as UTF-8 and as XLSX: nothing changes
			for (const body of [csv(peopleRows(true)), xlsx(peopleRows(true))]) {
				const again = await upload('/api/v1/people-import', body);
				assert.equal(again.status, 200, again.text);
				assert.deepEqual([again.json.created, again.json.updated, again.json.unchanged], [0, 0, 10]);
			}
			// a changed employer is an update, found by the number
			const moved = peopleRows(true);
			moved[1][4] = '丁机床厂';
			const upd = await upload('/api/v1/people-import', xlsx(moved));
			assert.deepEqual([upd.json.created, upd.json.updated, upd.json.unchanged], [0, 1, 9]);
			// the audit trail says what changed for whom: before and after
			const audit = (await h.api('/api/v1/audit?action=person.update')).json.items;
			assert.equal(audit.length, 1, JSON.stringify(audit));
			const obj = (v) => (typeof v === 'string' ? JSON.parse(v) : v);
			assert.deepEqual(obj(audit[0].before), { employer: '甲机床厂' });
			assert.deepEqual(obj(audit[0].after), { employer: '丁机床厂' });
			const who = await h.api('/api/v1/people/lookup', { method: 'POST', json: { id_number: cands[0] } });
			assert.equal(audit[0].object_id, String(who.json.id));
		});

		const enrolRows = (fixed) => [
			['证件号码', '考场'],
			/* 2 */ [cands[0], '第一考场'],
			/* 3 */ [cands[1], fixed ? '第一考场' : '第九考场'],
			/* 4 */ [fixed ? cands[2] : idNumber('19950505', 999), ''],
			/* 5 */ [cands[3], ''],
			/* 6 */ [cands[4], ''],
		];

		it('enrolments: unknown people, rooms and the application routes are reported by row', async () => {
			const url = `/api/v1/plans/${plan}/import/enrolments`;
			const dry = await upload(url, csv(enrolRows(false)), '?dry_run=1');
			assert.equal(dry.status, 200, dry.text);
			assert.deepEqual(problems(dry), [
				[3, '考场', 'import.room_unknown'],
				[4, '证件号码', 'plan.person_unknown'],
				[6, '证件号码', 'enrol.not_eligible'], // no work start: no route holds
				// the plan holds four: the fifth does not fit
			]);
			// a room holds what its capacity says
			const small = await h.api(`/api/v1/plans/${plan}/rooms`, { method: 'POST', json: { name: '小考场', capacity: 1 } });
			assert.equal(small.status, 201, small.text);
			const crowded = await upload(url, csv([['证件号码', '考场'], [cands[0], '小考场'], [cands[1], '小考场']]), '?dry_run=1');
			assert.deepEqual(problems(crowded), [[3, '考场', 'plan.room_full']]);
			const fixedRows = enrolRows(true).filter((r) => r[0] !== cands[4]);
			const ok = await upload(url, csv(fixedRows));
			assert.equal(ok.status, 200, ok.text);
			assert.deepEqual([ok.json.created, ok.json.unchanged], [4, 0]);
			const again = await upload(url, xlsx(fixedRows));
			assert.deepEqual([again.json.created, again.json.unchanged, again.json.problems.length], [0, 4, 0]);
			const p = (await h.api(`/api/v1/plans/${plan}`)).json;
			assert.equal(p.enrolments.length, 4);
			assert.ok(p.enrolments.every((e) => e.route === '5-1' || e.route_id === '5-1'), JSON.stringify(p.enrolments[0]));
			// a full plan refuses the fifth
			const full = await upload(url, csv([['证件号码'], [cands[4]]]), '?dry_run=1');
			assert.deepEqual(problems(full)[0].slice(0, 1), [2]);
		});

		it('people: 证件类型 by its Chinese or English label, 文化程度 by its common synonyms', async () => {
			const rows = [
				['姓名', '证件类型', '证件号码', '文化程度'],
				/* 2 */ ['标签一', '居民身份证', idNumber('19880808', 401), '大学本科'],
				/* 3 */ ['标签二', '护照', 'E12345678', '大学专科'],
				/* 4 */ ['标签三', 'Passport', 'E87654321', '中专'],
				/* 5 */ ['标签四', '港澳居民来往内地通行证', 'H12345678', '技校'],
				/* 6 */ ['标签五', 'Resident identity card', idNumber('19880808', 402), '研究生'],
				/* 7 */ ['标签六', 'resident_id', idNumber('19880808', 403), '职高'],
			];
			const r = await upload('/api/v1/people-import', csv(rows));
			assert.equal(r.status, 200, r.text);
			assert.deepEqual([r.json.created, r.json.problems.length], [6, 0]);
			const look = async (id_type, id_number) =>
				(await h.api('/api/v1/people/lookup', { method: 'POST', json: { id_type, id_number } })).json;
			assert.deepEqual([(await look('resident_id', rows[1][2])).education, (await look('passport', 'E12345678')).education,
				(await look('passport', 'E87654321')).education, (await look('hk_macao_permit', 'H12345678')).education,
				(await look('resident_id', rows[5][2])).education, (await look('resident_id', rows[6][2])).education],
			['bachelor', 'junior_college', 'secondary_vocational', 'technical_school', 'master', 'secondary_vocational']);
		});

		it('people: every problem of a row is reported, a refused value with the values accepted', async () => {
			const rows = [
				['姓名', '证件类型', '证件号码', '性别', '文化程度'],
				/* 2 */ ['', '居民身份证', idNumber('19870707', 501), '男', '博士后'],
				/* 3 */ ['三错', '驾驶证', 'X1', '未知', '本科'],
			];
			const r = await upload('/api/v1/people-import', csv(rows), '?dry_run=1');
			assert.equal(r.status, 200, r.text);
			assert.deepEqual(problems(r), [
				[2, '姓名', 'val.person.name'],
				[2, '文化程度', 'val.person.education'],
				[3, '证件类型', 'val.id_type.invalid'],
				[3, '性别', 'val.person.sex'],
			]);
			const edu = r.json.problems[1].message;
			for (const v of ['本科', '大学本科', '技校', '研究生']) assert.ok(edu.includes(v), edu);
			assert.ok(r.json.problems[2].message.includes('护照'), r.json.problems[2].message);
			const en = await h.api('/api/v1/people-import?dry_run=1&lang=en', { method: 'POST', body: csv(rows), headers: { 'Content-Type': 'text/csv', 'Accept-Language': 'en' } });
			assert.ok(en.json.problems[1].message.includes('bachelor'), en.json.problems[1].message);
			// three problems in one row: three reported
			const three = await upload('/api/v1/people-import', csv([rows[0], ['', '居民身份证', broken(idNumber('19870707', 502)), '?', '博士后']]), '?dry_run=1');
			assert.deepEqual(problems(three), [
				[2, '姓名', 'val.person.name'],
				[2, '证件号码', 'val.id.checksum'],
				[2, '性别', 'val.person.sex'],
				[2, '文化程度', 'val.person.education'],
			]);
		});

		it('enrolments: the same person twice in one file is import.duplicate, naming the first row', async () => {
			const r = await h.api('/api/v1/plans', { method: 'POST', json: { institution_id: station, standard_id: standard, level: 5, capacity: 10 } });
			assert.equal(r.status, 201, r.text);
			const url = `/api/v1/plans/${r.json.id}/import/enrolments`;
			const dup = await upload(url, csv([['证件号码'], [cands[0]], [cands[1]], [cands[0]]]), '?dry_run=1');
			assert.equal(dup.status, 200, dup.text);
			assert.deepEqual(problems(dup), [[4, '证件号码', 'import.duplicate']]);
			assert.equal(dup.json.problems[0].same_as, 2);
			assert.match(dup.json.problems[0].message, /2/);
			assert.deepEqual([dup.json.created, dup.json.unchanged], [2, 0]);
		});

		it('scores: refused rows by row and column, locked components, re-import unchanged; the CLI writes the problems', async () => {
			// staff and start the plan
			const ids = {};
			for (const n of [...assessors, ...proctors]) {
				const r = await h.api('/api/v1/people/lookup', { method: 'POST', json: { id_number: n } });
				ids[n] = r.json.id;
			}
			for (const a of assessors) {
				const q = await h.api(`/api/v1/people/${ids[a]}/qualifications`, {
					method: 'POST', json: { occupation_code: TURNER, grade: 'assessor', max_level: 3, valid_from: '2020-01-01', valid_to: '2030-12-31' },
				});
				assert.equal(q.status, 201, q.text);
				const s = await h.api(`/api/v1/plans/${plan}/staff`, { method: 'POST', json: { person_id: ids[a], role: 'assessor' } });
				assert.equal(s.status, 201, s.text);
			}
			const room = (await h.api(`/api/v1/plans/${plan}`)).json.rooms[0].id;
			for (const p of proctors) {
				const s = await h.api(`/api/v1/plans/${plan}/staff`, { method: 'POST', json: { person_id: ids[p], role: 'proctor', room_id: room } });
				assert.equal(s.status, 201, s.text);
			}
			for (const action of ['submit', 'approve', 'start']) {
				const r = await h.api(`/api/v1/plans/${plan}/act`, { method: 'POST', json: { action } });
				assert.equal(r.status, 200, `${action}: ${r.text}`);
			}
			const HEAD_S = ['证件号码', '科目', '考评员证件号码', '成绩', '状态', '原因'];
			const rows = (fixed) => {
				const out = [HEAD_S];
				// rows 2..14: every entry but the three the broken rows give
				for (const c of cands.slice(0, 4)) {
					if (c !== cands[1] && c !== cands[3]) out.push([c, '理论知识', '', '78.5', '', '']);
					for (const a of assessors)
						if (c !== cands[2] || a !== assessors[1]) out.push([c, 'practical', a, '81', '', '']);
				}
				const bad = [
					/* 15 */ [cands[0], '综合评审', assessors[0], '80', '', ''], // not at level 5
					/* 16 */ [cands[1], 'theory', '', fixed ? '100' : '105', '', ''], // out of range
					/* 17 */ [cands[2], 'practical', fixed ? assessors[1] : proctors[0], '70', '', ''], // not an assessor
					/* 18 */ [cands[4], 'theory', '', '60', '', ''], // not enrolled
					/* 19 */ [cands[3], 'theory', '', '', fixed ? '缺考' : '违纪', ''], // disqualified without reason
					/* 20 */ [cands[0], 'theory', '', '77', '', ''], // row 2 again, another score
				];
				return [...out, ...(fixed ? [bad[1], bad[2], bad[4]] : bad)];
			};
			const url = `/api/v1/plans/${plan}/import/scores`;
			const dry = await upload(url, csv(rows(false)), '?dry_run=1');
			assert.equal(dry.status, 200, dry.text);
			assert.deepEqual(problems(dry), [
				[15, '科目', 'score.component_not_at_level'],
				[16, '成绩', 'val.score.range'],
				[17, '考评员证件号码', 'score.not_assessor'],
				[18, '证件号码', 'import.not_enrolled'],
				[19, '原因', 'val.score.reason_required'],
				[20, null, 'import.duplicate'],
			]);
			// the CLI: the same file, its problems as a workbook
			const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aimp-'));
			const file = path.join(dir, 'scores.csv');
			fs.writeFileSync(file, await toGb18030(csv(rows(false))));
			const out = path.join(dir, 'problems.xlsx');
			const c = await h.server.cli(['import', 'scores', file, '--plan', String(plan), '--problems', out]);
			assert.equal(c.code, 1, c.stderr);
			assert.match(c.stderr, /row 16, column 成绩/);
			assert.match(c.stdout, /nothing applied: 19 rows: 0 new, 0 updated, 0 unchanged, 6 with problems/);
			assert.equal(fs.readFileSync(out).subarray(0, 2).toString(), 'PK');
			// fixed: applied; then again: unchanged
			fs.writeFileSync(file, csv(rows(true)));
			const ok = await h.server.cli(['import', 'scores', file, '--plan', String(plan)]);
			assert.equal(ok.code, 0, ok.stderr);
			assert.match(ok.stdout, /^16 rows: 16 new, 0 updated, 0 unchanged, 0 with problems/);
			const again = await upload(url, xlsx(rows(true)));
			assert.deepEqual([again.status, again.json.created, again.json.updated, again.json.unchanged], [200, 0, 0, 16]);
			// the same entry twice in one file is a mistake to fix, not a silent overwrite
			const twice = rows(true);
			twice[1] = [...twice[1].slice(0, 3), '88', '', ''];
			twice.push([...twice[1].slice(0, 3), '90', '', '']);
			const dup = await upload(url, csv(twice), '?dry_run=1');
			assert.deepEqual(problems(dup), [[18, null, 'import.duplicate']]);
			assert.equal(dup.json.problems[0].same_as, 2, 'the row it repeats');
			// a submitted component is locked against imports too
			const first = (await h.api(`/api/v1/plans/${plan}`)).json.enrolments[0].id;
			const sub = await h.api(`/api/v1/plans/${plan}/scores/submit`, { method: 'POST', json: { enrolment_id: first, component: 'theory' } });
			assert.equal(sub.status, 200, sub.text);
			const changed = rows(true).map((r) => (r[1] === '理论知识' ? [r[0], r[1], r[2], '79', '', ''] : r));
			const locked = await upload(url, csv(changed), '?dry_run=1');
			assert.deepEqual(problems(locked).map((p) => p[2]), ['score.locked']);
			fs.rmSync(dir, { recursive: true, force: true });
		});
	});
}
