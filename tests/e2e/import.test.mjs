// Bulk import and export of the registry: `skillcert institution import
// FILE [--dry-run]` and POST /api/v1/institutions-import?dry_run=1 (the
// file's bytes as the body, token auth). docs/registry.md "Bulk".
//
// One logical file, written here at run time in UTF-8, UTF-8 with a byte
// order mark and GB18030 (iconv), with broken rows: a dry run reports every
// bad row with its row number (header = row 1), column heading and reason
// and imports nothing; a real run with problems imports nothing; fixed, the
// real run imports every row; the same file again (in any of the three
// encodings) changes nothing and adds no institution.create/update audit
// records. Chinese and English headings, a parent on an earlier row or
// already stored (by name or id), an export (XLSX and CSV) imported back
// unchanged, and unreadable files.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { before, it } from 'node:test';

import { describeWithServer, engines, http, makeUser } from './lib.mjs';

const EN = { 'Accept-Language': 'en' };

/* iconv -f UTF-8 -t GB18030 */
function toGb18030(text) {
	return new Promise((resolve, reject) => {
		const p = spawn('iconv', ['-f', 'UTF-8', '-t', 'GB18030'], { stdio: ['pipe', 'pipe', 'pipe'] });
		const out = [];
		let err = '';
		p.stdout.on('data', (d) => out.push(d));
		p.stderr.on('data', (d) => (err += d));
		p.on('error', reject);
		p.on('close', (code) => (code === 0 ? resolve(Buffer.concat(out)) : reject(new Error(`iconv: ${code}: ${err}`))));
		p.stdin.end(Buffer.from(text, 'utf8'));
	});
}

/* RFC 4180 line */
const csvLine = (cells) => cells.map((c) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',');
const csv = (rows) => rows.map(csvLine).join('\r\n') + '\r\n';

const ZH = ['名称', '类型', '分中心类别', '省份', '上级机构', '统一社会信用代码', '信用代码说明', '地址', '联系人', '电话', '邮箱'];
const EN_HEAD = ['name', 'type', 'branch_kind', 'province', 'parent', 'credit_code', 'credit_code_override', 'address', 'contact_name', 'contact_phone', 'contact_email'];
const BAD_CODE = '91350211M0000XUF46'; // a real code failing its check (domain.md §9.2)

/* The logical file under tag T: [broken rows, fixed rows, expected problems]. */
function logical(T) {
	const row = (name, type, kind, prov, parent = '', credit = '', override = '', addr = '', cname = '', phone = '', email = '') =>
		[name, type, kind, prov, parent, credit, override, addr, cname, phone, email];
	const good = [
		/* 2 */ row(`${T}机械分中心`, '行业分中心', '行业', '北京', '', '91110000101623741K', '', '北京市某路1号', '张三', '010-1234567', 'zs@example.cn'),
		/* 3 */ row(`${T}考试站甲`, '考试站', '', '广东省', `${T}机械分中心`, '', '', '广州市某路2号', '李四', '', ''),
	];
	const broken = [
		...good,
		/* 4 */ row(`${T}坏类型`, '城堡', '', '44'),
		/* 5 */ row(`${T}坏省份`, 'exam_site', '', '99'),
		/* 6 */ row(`${T}考试站甲`, 'exam_site', '', '44'),
		/* 7 */ row(`${T}坏信用代码`, 'exam_site', '', '44', '', BAD_CODE),
		/* 8 */ row(`${T}信用代码有说明`, 'exam_site', '', '44', '', BAD_CODE, '营业执照原件如此'),
		/* 9 */ row(`${T}无上级`, 'exam_site', '', '44', `${T}不存在的上级`),
		/* 10 */ row('', 'exam_site', '', '44'),
		/* 11 */ row(`${T}${'长'.repeat(101)}`, 'exam_site', '', '44'),
		/* 12 */ row(`${T}培养基地`, 'training_base', '', '广东', `${T}机械分中心`),
	];
	const fixed = [
		...good,
		row(`${T}类型已改`, 'exam_station', '', '44'),
		row(`${T}省份已改`, 'exam_site', '', '32', `${T}考试站甲`),
		row(`${T}考试站乙`, 'exam_site', '', '44'),
		row(`${T}信用代码已说明`, 'exam_site', '', '44', '', BAD_CODE, '登记机关系统如此'),
		broken[6],
		row(`${T}有上级`, 'exam_site', '', '44', `${T}机械分中心`),
		row(`${T}名称已填`, 'exam_site', '', '44'),
		row(`${T}${'长'.repeat(20)}`, 'exam_site', '', '44'),
		broken[10],
	];
	const problems = [
		[4, '类型', 'val.type.invalid'],
		[5, '省份', 'val.province.invalid'],
		[6, '名称', 'import.duplicate'],
		[7, '统一社会信用代码', 'val.credit_code.checksum'],
		[9, '上级机构', 'val.parent.not_found'],
		[10, '名称', 'val.name.required'],
		[11, '名称', 'val.name.length'],
	];
	return { broken, fixed, problems };
}

for (const engine of engines()) {
	describeWithServer(`import and export [${engine}]`, { engine, tag: 'import', user: true }, (h) => {
		const base = () => h.server.base;
		const api = (p, o = {}) => h.api(p, { ...o, headers: { ...EN, ...(o.headers || {}) } });
		const cli = (args) => h.server.cli(args, { env: { SKILLCERT_LANG: 'en' } });
		let dir;
		const T = `导入${process.pid}${engine === 'sqlite' ? 'S' : 'P'}`;
		const L = logical(T);
		const files = {}; // {utf8, bom, gb18030} × {broken, fixed}: paths

		const importApi = (bytes, dry) =>
			api(`/api/v1/institutions-import${dry ? '?dry_run=1' : ''}`, { method: 'POST', body: bytes, headers: { 'Content-Type': 'text/csv' } });
		const importCli = (file, dry) => cli(['institution', 'import', file, ...(dry ? ['--dry-run'] : [])]);
		const total = async () => (await api('/api/v1/institutions?limit=1')).json.total;
		const auditTotal = async (action) => (await api(`/api/v1/audit?action=${action}&limit=1`)).json.total;
		const byName = async (name) => {
			const r = await api(`/api/v1/institutions?q=${encodeURIComponent(name)}`);
			const hit = r.json.items.filter((i) => i.name === name);
			assert.equal(hit.length, 1, `${name}: ${r.text}`);
			// the full record (private fields too) as the admin sees it
			return (await api(`/api/v1/institutions/${hit[0].id}`)).json;
		};
		/* CLI stderr "row N, column C: message" lines */
		const cliProblems = (stderr) => [...stderr.matchAll(/^row (\d+)(?:, column (\S+))?: (.*)$/gm)].map((m) => [Number(m[1]), m[2] ?? null, m[3]]);

		before(async () => {
			dir = path.join(h.server.dataDir, 'import-files');
			fs.mkdirSync(dir);
			for (const kind of ['broken', 'fixed']) {
				const text = csv([ZH, ...L[kind]]);
				const utf8 = Buffer.from(text, 'utf8');
				const variants = {
					utf8,
					bom: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8]),
					gb18030: await toGb18030(text),
				};
				for (const [enc, bytes] of Object.entries(variants)) {
					const f = path.join(dir, `${kind}-${enc}.csv`);
					fs.writeFileSync(f, bytes);
					(files[enc] ||= {})[kind] = f;
				}
			}
			// GB18030 is really another encoding: not valid UTF-8
			const gb = fs.readFileSync(files.gb18030.broken);
			assert.notDeepEqual(gb, fs.readFileSync(files.utf8.broken));
			assert.throws(() => new TextDecoder('utf-8', { fatal: true }).decode(gb));
		});

		it('a dry run reports every bad row with its row number, column and reason, in UTF-8, UTF-8 with BOM and GB18030, through the API and the CLI; nothing is imported', async () => {
			const before0 = await total();
			const creates = await auditTotal('institution.create');
			for (const enc of ['utf8', 'bom', 'gb18030']) {
				const bytes = fs.readFileSync(files[enc].broken);
				const r = await importApi(bytes, true);
				assert.equal(r.status, 200, `${enc}: ${r.text}`);
				assert.equal(r.json.dry_run, true);
				assert.equal(r.json.applied, false);
				assert.equal(r.json.rows, 11, `${enc}: ${r.text}`);
				assert.equal(r.json.created, 0);
				assert.deepEqual(r.json.problems.map((p) => [p.row, p.column, p.code]), L.problems, `${enc}: ${r.text}`);
				for (const p of r.json.problems) {
					assert.equal(typeof p.message, 'string');
					assert.ok(p.message.length > 0 && p.message !== p.code, `a message for ${p.code}`);
				}
				assert.match(r.json.problems.find((p) => p.row === 7).message, /GB 32100/);

				const c = await importCli(files[enc].broken, true);
				assert.equal(c.code, 1, `${enc}: ${c.stderr}`);
				assert.equal(c.stdout, 'dry run: 11 rows: 0 new, 0 updated, 0 unchanged, 7 with problems\n');
				const fromCli = cliProblems(c.stderr);
				assert.deepEqual(fromCli.map(([row, col]) => [row, col]), L.problems.map(([row, col]) => [row, col]), c.stderr);
				assert.deepEqual(fromCli.map((p) => p[2]), r.json.problems.map((p) => p.message), 'the same messages');
			}
			assert.equal(await total(), before0, 'a dry run imports nothing');
			assert.equal(await auditTotal('institution.create'), creates);
		});

		it('a real run with problems imports nothing, not even the good rows (API 422, CLI exit 1)', async () => {
			const before0 = await total();
			const creates = await auditTotal('institution.create');
			const r = await importApi(fs.readFileSync(files.utf8.broken), false);
			assert.equal(r.status, 422, r.text);
			assert.equal(r.json.applied, false);
			assert.equal(r.json.dry_run, false);
			assert.equal(r.json.created, 0);
			assert.deepEqual(r.json.problems.map((p) => [p.row, p.column, p.code]), L.problems);
			for (const enc of ['utf8', 'gb18030']) {
				const c = await importCli(files[enc].broken, false);
				assert.equal(c.code, 1, c.stderr);
				assert.match(c.stdout, /^11 rows: 0 new, 0 updated, 0 unchanged, 7 with problems$/m);
				assert.equal(cliProblems(c.stderr).length, 7);
			}
			assert.equal(await total(), before0);
			assert.equal(await auditTotal('institution.create'), creates);
			assert.equal((await api(`/api/v1/institutions?q=${encodeURIComponent(`${T}机械分中心`)}`)).json.total, 0, 'the good rows were not imported either');
		});

		it('fixed, the file imports every row (a parent on an earlier row too); again, in any encoding, it changes nothing', async () => {
			const before0 = await total();
			const dry = await importApi(fs.readFileSync(files.utf8.fixed), true);
			assert.equal(dry.status, 200, dry.text);
			assert.deepEqual([dry.json.rows, dry.json.created, dry.json.updated, dry.json.unchanged, dry.json.problems], [11, 11, 0, 0, []]);
			assert.equal(await total(), before0, 'the dry run of a good file imports nothing');

			const c = await importCli(files.utf8.fixed, false);
			assert.equal(c.code, 0, c.stderr);
			assert.equal(c.stdout, '11 rows: 11 new, 0 updated, 0 unchanged, 0 with problems\n');
			assert.equal(c.stderr, '');
			assert.equal(await total(), before0 + 11);

			const center = await byName(`${T}机械分中心`);
			assert.equal(center.type, 'branch_center');
			assert.equal(center.branch_kind, 'sector');
			assert.equal(center.province, '11');
			assert.equal(center.credit_code, '91110000101623741K');
			assert.equal(center.credit_code_note, '');
			assert.equal(center.address, '北京市某路1号');
			assert.equal(center.contact_name, '张三');
			assert.equal(center.contact_phone, '010-1234567');
			assert.equal(center.contact_email, 'zs@example.cn');
			assert.equal(center.status, 'applying');
			const station = await byName(`${T}考试站甲`);
			assert.equal(station.type, 'exam_station');
			assert.equal(station.province, '44');
			assert.equal(station.parent_id, center.id, 'the parent defined on an earlier row');
			assert.equal((await byName(`${T}省份已改`)).parent_id, station.id);
			const base2 = await byName(`${T}培养基地`);
			assert.equal(base2.type, 'training_base');
			assert.equal(base2.province, '44');
			const noted = await byName(`${T}信用代码已说明`);
			assert.equal(noted.credit_code, BAD_CODE);
			assert.equal(noted.credit_code_note, '登记机关系统如此');
			// the directory hides the note
			const pub = await http(base(), `/api/v1/institutions/${noted.id}`);
			assert.equal(pub.json.credit_code_note, undefined);

			// the same rows again: UTF-8, BOM, GB18030, through the CLI and the API
			const creates = await auditTotal('institution.create');
			const updates = await auditTotal('institution.update');
			for (const enc of ['utf8', 'bom', 'gb18030']) {
				const again = await importCli(files[enc].fixed, false);
				assert.equal(again.code, 0, `${enc}: ${again.stderr}`);
				assert.equal(again.stdout, '11 rows: 0 new, 0 updated, 11 unchanged, 0 with problems\n', enc);
				const viaApi = await importApi(fs.readFileSync(files[enc].fixed), false);
				assert.equal(viaApi.status, 200, viaApi.text);
				assert.deepEqual([viaApi.json.applied, viaApi.json.created, viaApi.json.updated, viaApi.json.unchanged], [true, 0, 0, 11], `${enc}: ${viaApi.text}`);
			}
			assert.equal(await total(), before0 + 11);
			assert.equal(await auditTotal('institution.create'), creates, 'no institution.create record');
			assert.equal(await auditTotal('institution.update'), updates, 'no institution.update record');
			assert.equal((await byName(`${T}考试站甲`)).updated_at, station.updated_at);

			// a changed detail is an update, of that row only
			const changed = csv([ZH, ...L.fixed.map((r) => (r[0] === `${T}考试站甲` ? [...r.slice(0, 8), '王五', ...r.slice(9)] : r))]);
			const up = await importApi(Buffer.from(changed, 'utf8'), false);
			assert.deepEqual([up.status, up.json.created, up.json.updated, up.json.unchanged], [200, 0, 1, 10], up.text);
			assert.equal(await auditTotal('institution.update'), updates + 1);
			assert.equal((await byName(`${T}考试站甲`)).contact_name, '王五');
		});

		it('English headings work too; a parent may be a stored institution, by name or by id', async () => {
			const E = `${T}英文`;
			const parent = await byName(`${T}机械分中心`);
			const text = csv([
				EN_HEAD,
				[`${E}站点一`, 'exam_site', '', 'Guangdong', parent.name, '', '', '', '', '', ''],
				[`${E}站点二`, 'Exam station', '', '32', String(parent.id), '', '', '', '', '', ''],
				[`${E}地方分中心`, 'branch_center', 'regional', '65', '', '91110108123456788E', '', '', '', '', ''],
				[`${E}站点三`, 'exam_site', '', '65', `${E}地方分中心`, '', '', '', '赵六', '', 'not-an-email'],
			]);
			const dry = await importApi(Buffer.from(text, 'utf8'), true);
			assert.deepEqual(dry.json.problems.map((p) => [p.row, p.column, p.code]), [[5, '邮箱', 'val.email.format']], dry.text);
			const ok = text.replace('not-an-email', 'zl@example.cn');
			const r = await importApi(Buffer.from(ok, 'utf8'), false);
			assert.equal(r.status, 200, r.text);
			assert.deepEqual([r.json.applied, r.json.created, r.json.problems], [true, 4, []]);
			assert.equal((await byName(`${E}站点一`)).parent_id, parent.id);
			assert.equal((await byName(`${E}站点一`)).province, '44');
			const two = await byName(`${E}站点二`);
			assert.equal(two.parent_id, parent.id);
			assert.equal(two.type, 'exam_station');
			const regional = await byName(`${E}地方分中心`);
			assert.equal(regional.branch_kind, 'regional');
			assert.equal((await byName(`${E}站点三`)).parent_id, regional.id);
			// the same file with Chinese headings: nothing new
			const zh = ok.replace(csvLine(EN_HEAD), csvLine(ZH));
			const again = await importApi(Buffer.from(zh, 'utf8'), false);
			assert.deepEqual([again.json.created, again.json.updated, again.json.unchanged], [0, 0, 4], again.text);
			// headings with the other accepted spellings and in another order
			const alt = csv([
				['所在省份', '机构类型', '机构名称'],
				['44', 'exam_site', `${E}别名表头`],
			]);
			const a2 = await importApi(Buffer.from(alt, 'utf8'), false);
			assert.deepEqual([a2.status, a2.json.created], [200, 1], a2.text);
		});

		it('an export (XLSX and CSV) imports back unchanged', async () => {
			const n = await total();
			const xlsx = path.join(dir, 'export.xlsx');
			const csvFile = path.join(dir, 'export.csv');
			const x = await cli(['institution', 'export', '--out', xlsx]);
			assert.equal(x.code, 0, x.stderr);
			const xb = fs.readFileSync(xlsx);
			assert.equal(xb.subarray(0, 4).toString('latin1'), 'PK\u0003\u0004');
			const c = await cli(['institution', 'export', '--out', csvFile, '--format', 'csv']);
			assert.equal(c.code, 0, c.stderr);
			const cb = fs.readFileSync(csvFile);
			assert.deepEqual([...cb.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 with BOM');
			const head = cb.subarray(3).toString('utf8').split('\r\n')[0].replace(/"/g, '');
			assert.equal(head, [...ZH.slice(0, 7), ...ZH.slice(7, 8), '主办单位', ...ZH.slice(8), '状态', '注册编号', '有效期至', '批准文号'].join(','));
			assert.equal(cb.toString('utf8').trim().split('\r\n').length, n + 1, 'a row per institution');
			assert.ok(cb.toString('utf8').includes(`${T}考试站甲`));
			const bad = await cli(['institution', 'export', '--out', csvFile, '--format', 'ods']);
			assert.equal(bad.code, 1);
			assert.equal((await cli(['institution', 'export'])).code, 2);

			const creates = await auditTotal('institution.create');
			const updates = await auditTotal('institution.update');
			for (const f of [xlsx, csvFile]) {
				const r = await importCli(f, false);
				assert.equal(r.code, 0, `${f}: ${r.stderr}`);
				assert.equal(r.stdout, `${n} rows: 0 new, 0 updated, ${n} unchanged, 0 with problems\n`, f);
				const viaApi = await importApi(fs.readFileSync(f), true);
				assert.equal(viaApi.status, 200, viaApi.text);
				assert.deepEqual([viaApi.json.rows, viaApi.json.created, viaApi.json.updated, viaApi.json.unchanged, viaApi.json.problems], [n, 0, 0, n, []], `${f}: ${viaApi.text}`);
			}
			assert.equal(await total(), n);
			assert.equal(await auditTotal('institution.create'), creates);
			assert.equal(await auditTotal('institution.update'), updates);
		});

		it('unreadable, empty and headless files give a clear error; the API needs a token', async () => {
			const before0 = await total();
			// looks like XLSX (PK\3\4) but is not a zip
			const fake = Buffer.concat([Buffer.from('PK\u0003\u0004', 'latin1'), Buffer.from('this is not a zip archive at all '.repeat(20))]);
			const fakeFile = path.join(dir, 'fake.xlsx');
			fs.writeFileSync(fakeFile, fake);
			for (const dry of [true, false]) {
				const r = await importApi(fake, dry);
				assert.equal(r.status, 422, r.text);
				assert.equal(r.json.error.field, 'file');
				assert.match(r.json.error.message, /cannot be read.*CSV.*XLSX/);
			}
			const c = await importCli(fakeFile, true);
			assert.equal(c.code, 1);
			assert.match(c.stderr, /^skillcert institution: file: The file cannot be read/);
			// a zip that is not a workbook
			const zipOnly = Buffer.from('504b0506000000000000000000000000000000000000', 'hex'); // an empty zip
			const z = await importApi(Buffer.concat([Buffer.from('PK\u0003\u0004', 'latin1'), zipOnly]), true);
			assert.equal(z.status, 422, z.text);
			assert.equal(z.json.error.field, 'file');
			// empty
			const e = await importApi(Buffer.alloc(0), true);
			assert.equal(e.status, 422, e.text);
			assert.equal(e.json.error.field, 'file');
			const emptyFile = path.join(dir, 'empty.csv');
			fs.writeFileSync(emptyFile, '');
			const ec = await importCli(emptyFile, true);
			assert.equal(ec.code, 1);
			assert.match(ec.stderr, /file: /);
			// a file that does not exist
			const nf = await importCli(path.join(dir, 'no-such-file.csv'), true);
			assert.equal(nf.code, 1);
			assert.match(nf.stderr, /file/);
			// no required column: each missing one named on row 1
			const headless = await importApi(Buffer.from('foo,bar\r\n1,2\r\n'), true);
			assert.equal(headless.status, 200, headless.text);
			assert.deepEqual(headless.json.problems.slice(0, 3).map((p) => [p.row, p.column, p.code]), [
				[1, '名称', 'import.missing_column'], [1, '类型', 'import.missing_column'], [1, '省份', 'import.missing_column'],
			]);
			const realHeadless = await importApi(Buffer.from('foo,bar\r\n1,2\r\n'), false);
			assert.equal(realHeadless.status, 422, realHeadless.text);
			assert.equal(realHeadless.json.applied, false);
			// undecodable text is not a 5xx
			const junk = Buffer.from([0x80, 0xff, 0x2c, 0xfe, 0x0d, 0x0a, 0x81, 0x30, 0xff]);
			const j = await importApi(junk, true);
			assert.ok(j.status === 422 || j.status === 200, `${j.status} ${j.text}`);
			assert.equal(await total(), before0);
			// the API needs a signed-in user with registry.apply
			const anon = await http(base(), '/api/v1/institutions-import?dry_run=1', { method: 'POST', body: fs.readFileSync(files.utf8.fixed), headers: { ...EN, 'Content-Type': 'text/csv' } });
			assert.equal(anon.status, 401);
			const viewer = await makeUser(h.server, 'importviewer', { role: 'viewer', institution: 0 });
			const v = await http(base(), '/api/v1/institutions-import?dry_run=1', { method: 'POST', body: fs.readFileSync(files.utf8.fixed), headers: { ...EN, 'Content-Type': 'text/csv', Authorization: `Bearer ${viewer.token}` } });
			assert.equal(v.status, 403, v.text);
		});
	});
}

