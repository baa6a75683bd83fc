// The person registry: ID numbers checked (GB 11643), converted (15 → 18
// digits), sealed at rest with a blind index, masked when shown, and a
// person entered twice found instead of duplicated. The registry is
// scoped: a person belongs to the institutions that registered, enrolled,
// staffed or employ them, and only those see and change them (an
// institution may enrol or staff a person of another by their ID number,
// which links them). On both engines.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';

import { pngPhoto } from './certlib.mjs';
import { createInstitution, describeWithServer, engines, http, login, makeUser, uniqueName } from './lib.mjs';
import { zip } from './xlsx.mjs';

const API = '/api/v1/people';

/* A multipart/form-data body: fields {name: value} and files
 * {name: [filename, Buffer, type]}. */
function multipart(fields, files) {
	const b = `----people${process.pid}${Date.now()}`;
	const parts = [];
	for (const [k, v] of Object.entries(fields))
		parts.push(Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
	for (const [k, [fname, data, type]] of Object.entries(files)) {
		parts.push(Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="${k}"; filename="${fname}"\r\nContent-Type: ${type}\r\n\r\n`));
		parts.push(data, Buffer.from('\r\n'));
	}
	parts.push(Buffer.from(`--${b}--\r\n`));
	return { body: Buffer.concat(parts), headers: { 'Content-Type': `multipart/form-data; boundary=${b}` } };
}

for (const engine of engines()) {
	describeWithServer(`people [${engine}]`, { engine, tag: 'people', user: true }, (h) => {
		const base = () => h.server.base;
		const post = (path, json, token = h.token) =>
			http(base(), path, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, json });
		const get = (path, token = h.token) =>
			http(base(), path, { headers: { Authorization: `Bearer ${token}` } });

		it('registers a person: sex and birth date come from the ID number, which is shown masked', async () => {
			const r = await post(API, { name: '张三', id_number: '11010519491231002x', education: 'technical_school', work_start: '1970-07-01' });
			assert.equal(r.status, 201, r.text);
			assert.equal(r.json.id_masked, '110105********002X');
			assert.equal(r.json.birth_date, '1949-12-31');
			assert.equal(r.json.sex, 'F');
			assert.equal(r.json.id_type, 'resident_id');
			assert.ok(!JSON.stringify(r.json).includes('11010519491231002'), 'the full number never comes back');
			assert.equal(r.headers.get('location'), `${API}/${r.json.id}`);
		});

		it('the same person again — even as the old 15-digit number — is found, not duplicated', async () => {
			const first = await post(API, { name: '李四', id_number: '440524188001010014' });
			assert.equal(first.status, 201, first.text);
			const again = await post(API, { name: '李四', id_number: '440524188001010014' });
			assert.equal(again.status, 409);
			assert.equal(again.json.error.field, 'id_number');
			assert.equal(again.headers.get('location'), `${API}/${first.json.id}`);
			const fifteen = await post(API, { name: '张三', id_number: '110105491231002' });
			assert.equal(fifteen.status, 409, 'the 15-digit form is the same card');
			const found = await post(`${API}/lookup`, { id_number: '11010519491231002X' });
			assert.equal(found.status, 200);
			assert.equal(found.json.name, '张三');
		});

		it('refuses bad numbers with the field and a reason', async () => {
			const cases = [
				[{ name: '王五', id_number: '110105194912310021' }, 'id_number'], // check digit
				[{ name: '王五', id_number: '990105194912310028' }, 'id_number'], // province
				[{ name: '王五', id_number: '11010520991231002X' }, 'id_number'], // future birth
				[{ name: '王五', id_number: '12345' }, 'id_number'],
				[{ name: '王五', id_type: 'library_card', id_number: 'x' }, 'id_type'],
				[{ name: '', id_number: '440524188001010014' }, 'name'],
				[{ name: '王五', id_number: '11010519491231002X', sex: 'M' }, 'sex'], // the card says F
				[{ name: '王五', id_number: '11010519491231002X', birth_date: '1950-01-01' }, 'birth_date'],
			];
			for (const [body, field] of cases) {
				const r = await post(API, body);
				assert.equal(r.status, 422, `${JSON.stringify(body)}: ${r.text}`);
				assert.equal(r.json.error.field, field, JSON.stringify(body));
			}
		});

		it('other documents are checked for their format only', async () => {
			const ok = await post(API, { name: 'John Smith', id_type: 'passport', id_number: 'e1234567' });
			assert.equal(ok.status, 201, ok.text);
			assert.equal(ok.json.id_masked, 'E1****67');
			const bad = await post(API, { name: 'John Smith', id_type: 'hk_macao_permit', id_number: 'X12' });
			assert.equal(bad.status, 422);
		});

		it('lists and shows people; a viewer may not', async () => {
			const l = await get(`${API}?q=${encodeURIComponent('张')}`);
			assert.equal(l.status, 200);
			assert.ok(l.json.items.some((p) => p.name === '张三'));
			const viewer = await makeUser(h.server, `pviewer`, { role: 'viewer', institution: 0 });
			assert.equal((await get(API, viewer.token)).status, 403);
			assert.equal((await post(API, { name: 'x', id_number: '440524188001010014' }, viewer.token)).status, 403);
			assert.equal((await http(base(), API)).status, 401);
		});

		it('a photo: JPEG or PNG by its structure, within the limits, given back as sent', async () => {
			const who = await post(API, { name: '照片人', id_number: '110101199003077571' });
			assert.equal(who.status, 201, who.text);
			const url = `${API}/${who.json.id}/photo`;
			const put = (body, type = 'image/jpeg') =>
				http(base(), url, { method: 'POST', body, headers: { Authorization: `Bearer ${h.token}`, 'Content-Type': type } });
			// SOI, APP0, SOF0 (358 x 441), SOS, one byte of scan data, EOI
			const jpeg = Buffer.from([
				0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0,
				0xff, 0xc0, 0, 11, 8, 0x01, 0xb9, 0x01, 0x66, 1, 1, 0x11, 0,
				0xff, 0xda, 0, 8, 1, 1, 0, 0, 63, 0, 0x42, 0xff, 0xd9,
			]);
			assert.equal((await get(url)).status, 404, 'none yet');
			const gif = await put(Buffer.from('GIF89a\x01\x00\x01\x00'), 'image/gif');
			assert.equal(gif.status, 422, gif.text);
			assert.equal(gif.json.error.field, 'photo');
			assert.match(gif.json.error.message, /JPEG 或 PNG/);
			const cut = await put(jpeg.subarray(0, jpeg.length - 2));
			assert.equal(cut.status, 422);
			assert.match(cut.json.error.message, /不完整|损坏/);
			const big = await put(Buffer.concat([jpeg, Buffer.alloc(1024 * 1024)]));
			assert.equal(big.status, 422);
			assert.match(big.json.error.message, /1 MB/);
			const ok = await put(jpeg);
			assert.equal(ok.status, 200, ok.text);
			const back = await fetch(base() + url, { headers: { Authorization: `Bearer ${h.token}` } });
			assert.equal(back.status, 200);
			assert.equal(back.headers.get('content-type'), 'image/jpeg');
			assert.deepEqual(Buffer.from(await back.arrayBuffer()), jpeg);
			assert.equal((await http(base(), url)).status, 401, 'not public');
			const audit = await get('/api/v1/audit?action=person.photo');
			assert.equal(audit.json.items[0].after.width ?? JSON.parse(audit.json.items[0].after).width, 358);
		});

		it('scoped: B neither reads nor changes a person of A; enrolling or staffing them by their number links them', async () => {
			const A = await createInstitution(base(), { name: uniqueName('人员甲'), type: 'center', province: '11' }, h.token);
			const B = await createInstitution(base(), { name: uniqueName('人员乙'), type: 'center', province: '12', credit_code: '91120000100000000X' }, h.token);
			const a = await makeUser(h.server, 'padmin_a', { role: 'institution_admin', institution: A.id });
			const b = await makeUser(h.server, 'padmin_b', { role: 'institution_admin', institution: B.id });
			// A registers a worker (for A: its admin's one institution)
			const num = '110101199003078013';
			const w = await post(API, { name: '甲的员工', id_number: num, employer: '甲厂', phone: '13800000000' }, a.token);
			assert.equal(w.status, 201, w.text);
			const id = w.json.id;
			const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0,
				0xff, 0xc0, 0, 11, 8, 0x01, 0xb9, 0x01, 0x66, 1, 1, 0x11, 0, 0xff, 0xda, 0, 8, 1, 1, 0, 0, 63, 0, 0x42, 0xff, 0xd9]);
			const photo = (token) => http(base(), `${API}/${id}/photo`, { method: 'POST', body: jpeg, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'image/jpeg' } });
			assert.equal((await photo(a.token)).status, 200);
			const qual = { occupation_code: '6-18-01-01', grade: 'assessor', max_level: 3, valid_from: '2020-01-01', valid_to: '2030-12-31' };

			// B: every read and write answers as if there were no such person
			assert.equal((await get(`${API}/${id}`, b.token)).status, 404);
			assert.equal((await get(`${API}/${id}/photo`, b.token)).status, 404);
			assert.equal((await photo(b.token)).status, 404);
			assert.equal((await post(`${API}/${id}/qualifications`, qual, b.token)).status, 404);
			assert.equal((await post(`${API}/${id}/certificates`, { occupation_code: '6-18-01-01', level: 5, issued_on: '2015-06-01' }, b.token)).status, 404);
			assert.equal((await post(`${API}/lookup`, { id_number: num }, b.token)).status, 404);
			assert.ok(!(await get(API, b.token)).json.items.some((x) => x.id === id), 'not in B\'s list');
			const dup = await post(API, { name: '乙改名', id_number: num }, b.token);
			assert.equal(dup.status, 409, 'registered already');
			assert.equal(dup.headers.get('location'), null, 'but not said where');
			// the import refuses the row, names it, and changes nothing
			const file = `姓名,证件号码,工作单位\r\n乙改的名,${num},乙厂\r\n乙新人,110101199003079059,乙厂\r\n`;
			const imp = await http(base(), '/api/v1/people-import', { method: 'POST', body: file, headers: { Authorization: `Bearer ${b.token}`, 'Content-Type': 'text/csv' } });
			assert.equal(imp.status, 422, imp.text);
			assert.deepEqual(imp.json.problems.map((x) => [x.row, x.column, x.code]), [[2, '证件号码', 'import.person_out_of_scope']]);
			assert.match(imp.json.problems[0].message, /权限范围以外/);
			const still = await get(`${API}/${id}`, a.token);
			assert.equal(still.json.name, '甲的员工');
			assert.equal(still.json.employer, '甲厂');
			assert.equal((await get(`${API}/${id}/photo`, a.token)).status, 200);

			// B's own people: registered for B, seen by B, not by A
			const own = await post(API, { name: '乙的员工', id_number: '110101199003079059' }, b.token);
			assert.equal(own.status, 201, own.text);
			assert.equal((await get(`${API}/${own.json.id}`, b.token)).status, 200);
			assert.equal((await get(`${API}/${own.json.id}`, a.token)).status, 404);
			assert.ok((await get(API, b.token)).json.items.some((x) => x.id === own.json.id));
			// employed by B (its credit code): B's too
			const emp = await post(API, { name: '乙聘用', id_number: '110101199003071233', employer_credit_code: '91120000100000000X' }, a.token);
			assert.equal(emp.status, 201, emp.text);
			assert.equal((await get(`${API}/${emp.json.id}`, b.token)).status, 200);
			// the credit code is what reaches an employer's staff: B's admin
			// cannot take A's employer's code for B (the registry decides it)
			const takeCode = await post(`/api/v1/institutions/${B.id}`, { credit_code: '91110000100000000R' }, b.token);
			assert.equal(takeCode.status, 403, takeCode.text);
			assert.equal((await get(`/api/v1/institutions/${B.id}`, b.token)).json.credit_code, '91120000100000000X');
			const contact = await post(`/api/v1/institutions/${B.id}`, { credit_code: '91120000100000000X', contact_name: '乙联系人' }, b.token);
			assert.equal(contact.status, 200, `the rest of the details stay B's own: ${contact.text}`);

			// the worker moves: B staffs them in a plan of B by their number
			// (not by a bare id), which links them to B
			const sc = await post(`/api/v1/institutions/${B.id}/scope`, { occupation_code: '6-18-01-01', occupation_name: '车工', levels: '5,4', doc_no: '机职鉴字[2026]3号' });
			assert.equal(sc.status, 200, sc.text);
			const std = (await get('/api/v1/standards')).json.items.find((x) => x.occupation_code === '6-18-01-01');
			const pl = await post('/api/v1/plans', { institution_id: B.id, standard_id: std.id, level: 4, capacity: 10 }, b.token);
			assert.equal(pl.status, 201, pl.text);
			const byId = await post(`/api/v1/plans/${pl.json.id}/staff`, { person_id: id, role: 'proctor' }, b.token);
			assert.equal(byId.status, 422, byId.text);
			assert.equal(byId.json.error.field, 'person_id');
			// as an assessor they are refused (not qualified), and the page does
			// not link B to A's person: the internal id behind a number is not
			// given away
			const sb = await login(base(), b.name, b.password);
			const refused = await sb.post(`/plans/${pl.json.id}/staff`, { id_type: 'resident_id', id_number: num, role: 'assessor' });
			assert.equal(refused.status, 422, refused.text.slice(0, 300));
			assert.match(refused.text, /考评资格/);
			assert.doesNotMatch(refused.text, new RegExp(`/people/${id}\\b`));
			const byNumber = await post(`/api/v1/plans/${pl.json.id}/staff`, { id_number: num, role: 'proctor' }, b.token);
			assert.equal(byNumber.status, 201, byNumber.text);
			const now = await get(`${API}/${id}`, b.token);
			assert.equal(now.status, 200, 'linked to B');
			// and from now on B's import may change them, audited before and after
			const imp2 = await http(base(), '/api/v1/people-import', { method: 'POST', body: `姓名,证件号码,工作单位\r\n甲的员工,${num},乙厂\r\n`, headers: { Authorization: `Bearer ${b.token}`, 'Content-Type': 'text/csv' } });
			assert.equal(imp2.status, 200, imp2.text);
			assert.equal(imp2.json.updated, 1);
			const au = (await get(`/api/v1/audit?action=person.update&object_id=${id}`)).json.items;
			const obj = (v) => (typeof v === 'string' ? JSON.parse(v) : v);
			assert.deepEqual([obj(au[0].before), obj(au[0].after)], [{ employer: '甲厂', phone: '13800000000' }, { employer: '乙厂', phone: '' }]);
			assert.equal(au[0].actor, 'padmin_b');

			// someone who manages people of two institutions says which one
			// registers a person
			const g = await h.server.cli(['user', 'grant', 'padmin_a', '--role', 'exam_officer', '--institution', String(B.id)]);
			assert.equal(g.code, 0, g.stderr);
			const which = await post(API, { name: '两边', id_number: '110101199003074530' }, a.token);
			assert.equal(which.status, 422, which.text);
			assert.equal(which.json.error.field, 'institution_id');
			const forB = await post(API, { name: '两边', id_number: '110101199003074530', institution_id: B.id }, a.token);
			assert.equal(forB.status, 201, forB.text);
			assert.equal((await get(`${API}/${forB.json.id}`, b.token)).status, 200, 'registered for B');
			const notMine = await post(API, { name: '别处', id_number: '110101199003075373', institution_id: A.id }, b.token);
			assert.equal(notMine.status, 403, notMine.text);
		});

		it('qualifications from a sheet: labels and level words accepted, every problem of a row, a repeat naming its first row', async () => {
			const num = '110101198001010010';
			const who = await post(API, { name: '表格考评员', id_number: num });
			assert.equal(who.status, 201, who.text);
			const up = (text, q = '') => http(base(), `/api/v1/qualifications-import${q}`, { method: 'POST', body: text, headers: { Authorization: `Bearer ${h.token}`, 'Content-Type': 'text/csv' } });
			const head = '证件类型,证件号码,职业编码,资格等级,最高等级,有效期起,有效期至,证书编号';
			const good = `居民身份证,${num},6-18-01-01,高级考评员,三级,2024-01-01,2030-12-31,KP-1`;
			const bad = [
				head,
				good,
				/* 3 */ `居民身份证,${num},6-18,督导员,九级,2024-01-01,2030-12-31,`,
				/* 4 */ `居民身份证,110101199003079999,6-18-01-01,考评员,3,2024-01-01,2030-12-31,`, // nobody
				/* 5 */ `居民身份证,110101198001010010,6-18-01-01,考评员,3,2024-01-01,2023-12-31,`,
				/* 6 */ good,
			].join('\r\n') + '\r\n';
			const dry = await up(bad, '?dry_run=1');
			assert.equal(dry.status, 200, dry.text);
			assert.deepEqual(dry.json.problems.map((p) => [p.row, p.column, p.code]), [
				[3, '职业编码', 'val.cert.occupation'],
				[3, '资格等级', 'val.qualification.grade'],
				[3, '最高等级', 'val.cert.level'],
				[4, '证件号码', 'plan.person_unknown'],
				[5, '有效期至', 'val.date.invalid'],
				[6, null, 'import.duplicate'],
			]);
			assert.equal(dry.json.problems[5].same_as, 2);
			const ok = await up(`${head}\r\n${good}\r\n`);
			assert.deepEqual([ok.status, ok.json.created], [200, 1], ok.text);
			const again = await up(`${head}\r\n${good}\r\n`);
			assert.deepEqual([again.status, again.json.created, again.json.unchanged], [200, 0, 1]);
			// on the person's page
			const s = await login(base(), h.user.name, h.user.password);
			const page = await s.get(`/people/${who.json.id}`);
			assert.equal(page.status, 200);
			assert.match(page.text, /高级考评员/);
			assert.match(page.text, /三级\/高级工/);
			assert.ok(!page.text.includes(num), 'the number never whole on the page');
		});

		it('photos in bulk from the import page: a ZIP named by ID numbers, every bad file named, all or none', async () => {
			const n1 = '110101198101010018';
			const n2 = '110101198202020012';
			const p1 = (await post(API, { name: '照片一', id_number: n1 })).json.id;
			const p2 = (await post(API, { name: '照片二', id_number: n2 })).json.id;
			const s = await login(base(), h.user.name, h.user.password);
			const form = await s.get('/people/import?kind=photos');
			assert.equal(form.status, 200);
			assert.match(form.text, /<option value="photos" selected>/);
			const send = (entries, dry) => {
				const m = multipart({ csrf: s.csrf, kind: 'photos', ...(dry ? { dry_run: '1' } : {}) }, { file: ['photos.zip', zip(entries, { deflate: true }), 'application/zip'] });
				return s.request('/people/import', { method: 'POST', ...m });
			};
			const photo = pngPhoto(120, 168);
			const broken = await send([
				[`${n1}.png`, photo],
				['照片/110101199003079999.png', photo], // nobody with this number (and a bad check digit)
				[`${n2}.gif`, Buffer.from('GIF89a\x01\x00\x01\x00')],
				[`dir/${n1}.PNG`, photo], // the same person twice
				['__MACOSX/._x.png', Buffer.from('junk')], // skipped
				[`${n2}/x.png`, photo], // a folder named by a number: not shown whole
			]);
			assert.equal(broken.status, 422, broken.text.slice(0, 500));
			const rows = [...broken.text.matchAll(/<tr><td data-label="[^"]*">(\d+)<\/td><td data-label="[^"]*">([^<]*)<\/td><td data-label="[^"]*">([^<]*)<\/td><\/tr>/g)].map((m) => [Number(m[1]), m[2]]);
			// named by the file, its number masked as on every page
			const mask = (n) => `${n.slice(0, 6)}********${n.slice(14)}`;
			// (folders, which may be named by a number too, as "…/")
			assert.deepEqual(rows.slice(0, 3), [[2, `…/${mask('110101199003079999')}.png`], [3, `${mask(n2)}.gif`], [4, `…/${mask(n1)}.PNG`]]);
			assert.equal(rows.length, 4);
			assert.match(rows[3][1], /^…\//);
			assert.ok(!broken.text.includes(n1) && !broken.text.includes(n2), 'no number whole on the page');
			assert.equal((await get(`${API}/${p1}/photo`)).status, 404, 'nothing stored');
			// the right archive: stored, replaced the second time
			const good = await send([[`${n1}.png`, photo], [`${n2}.png`, photo]]);
			assert.equal(good.status, 200, good.text.slice(0, 500));
			const back = await get(`${API}/${p2}/photo`);
			assert.equal(back.status, 200);
			assert.equal(back.headers.get('content-type'), 'image/png');
			const again = await send([[`${n1}.png`, photo]]);
			assert.equal(again.status, 200);
			assert.match(again.text, /<span class="n">1<\/span><span class="l">更新<\/span>/);
			// the person's page shows the thumbnail, the photo address serves it
			const page = await s.get(`/people/${p1}`);
			assert.match(page.text, new RegExp(`<img class="photo-thumb" src="/people/${p1}/photo\\?v=`));
			const img = await s.get(`/people/${p1}/photo`);
			assert.equal(img.status, 200);
			assert.equal(img.headers.get('cache-control'), 'private, no-store');
			// the audit trail has each photo, and no number in clear
			const au = (await get('/api/v1/audit?action=person.photo')).json.items;
			assert.ok(au.length >= 3);
			for (const r of au) assert.ok(!JSON.stringify(r).includes(n1.slice(6, 14)), JSON.stringify(r));
		});

		it('the pages keep the registry\'s scope: another institution sees no page, no photo, no list entry', async () => {
			const A = await createInstitution(base(), { name: uniqueName('页面甲'), type: 'center', province: '11' }, h.token);
			const B = await createInstitution(base(), { name: uniqueName('页面乙'), type: 'center', province: '12' }, h.token);
			const a = await makeUser(h.server, 'pgadmin_a', { role: 'institution_admin', institution: A.id });
			const b = await makeUser(h.server, 'pgadmin_b', { role: 'institution_admin', institution: B.id });
			const w = await post(API, { name: '页面甲员工', id_number: '110101198303030017' }, a.token);
			assert.equal(w.status, 201, w.text);
			const sa = await login(base(), a.name, a.password);
			const sb = await login(base(), b.name, b.password);
			assert.equal((await sa.get(`/people/${w.json.id}`)).status, 200);
			assert.match((await sa.get('/people?q=' + encodeURIComponent('页面甲'))).text, /页面甲员工/);
			assert.equal((await sb.get(`/people/${w.json.id}`)).status, 404);
			assert.equal((await sb.get(`/people/${w.json.id}/photo`)).status, 404);
			assert.doesNotMatch((await sb.get('/people')).text, /页面甲员工/);
			await sb.get('/people');
			const change = await sb.post(`/people/${w.json.id}`, { name: '乙改', education: '', employer: '', employer_credit_code: '', work_start: '', phone: '' });
			assert.equal(change.status, 404);
			const q = await sb.post(`/people/${w.json.id}/qualifications`, { occupation_code: '6-18-01-01', grade: 'assessor', max_level: '3', valid_from: '2024-01-01', valid_to: '2030-01-01' });
			assert.equal(q.status, 404);
			// A changes the facts from the page: a bad field refused beside it, then saved and audited
			await sa.get(`/people/${w.json.id}`);
			const badDate = await sa.post(`/people/${w.json.id}`, { name: '页面甲员工', education: '大学本科', employer: '甲厂', employer_credit_code: '', work_start: '2099-01-01', phone: '' });
			assert.equal(badDate.status, 422);
			assert.match(badDate.text, /id="f-fa-work_start"[^>]*aria-invalid="true"/);
			const saved = await sa.post(`/people/${w.json.id}`, { name: '页面甲员工', education: 'bachelor', employer: '甲厂', employer_credit_code: '', work_start: '2005-07-01', phone: '' });
			assert.equal(saved.status, 303, saved.text.slice(0, 300));
			const p = (await get(`${API}/${w.json.id}`, a.token)).json;
			assert.deepEqual([p.education, p.employer, p.work_start], ['bachelor', '甲厂', '2005-07-01']);
			const au = (await get(`/api/v1/audit?action=person.update&object_id=${w.json.id}`)).json.items;
			assert.equal(au[0].actor, 'pgadmin_a');
		});

		it('the database holds no ID number in clear, and the audit trail records who registered whom', async () => {
			const audit = await get('/api/v1/audit?action=person.create');
			assert.ok(audit.json.items.length >= 3);
			for (const r of audit.json.items) assert.ok(!JSON.stringify(r).includes('1949123100'), 'no number in the audit');
			if (engine === 'sqlite') {
				const dump = execFileSync('sqlite3', [`${h.server.dataDir}/skillcert.db`, '.dump person']).toString();
				assert.ok(!dump.includes('11010519491231002X'), 'no number in clear');
				assert.ok(!dump.includes('440524188001010014'), 'no number in clear');
				assert.match(dump, /v1:[A-Za-z0-9_-]{40,}/, 'a sealed value');
			}
		});
	});
}

describe('person command line', () => {
	it('add, find, list, show', async () => {
		const { run } = await import('./lib.mjs');
		const dir = execFileSync('mktemp', ['-d']).toString().trim();
		const common = ['--data', dir];
		await run(['init', ...common]);
		const a = await run(['person', 'add', ...common, '--name', '赵六', '--id-number', '440524188001010014']);
		assert.equal(a.code, 0, a.stderr);
		assert.match(a.stdout, /^\d+\n$/);
		const again = await run(['person', 'add', ...common, '--name', '赵六', '--id-number', '440524188001010014']);
		assert.equal(again.code, 1);
		assert.equal(again.stdout, a.stdout, 'the existing id');
		const f = await run(['person', 'find', ...common, '--id-number', '440524188001010014']);
		assert.match(f.stdout, /^id_number: 440524\*{8}0014$/m);
		const l = await run(['person', 'list', ...common]);
		assert.match(l.stdout, /赵六/);
		execFileSync('rm', ['-rf', dir]);
	});
});
