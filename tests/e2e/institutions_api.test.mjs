// /api/v1/institutions: create, get, list, rename, and every way to get it wrong.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { createInstitution, describeWithServer, engines, http, login, makeUser, uniqueName } from './lib.mjs';

const API = '/api/v1/institutions';

/* Asserts the JSON error envelope. */
function assertError(r, status, code, field) {
	assert.equal(r.status, status, `status of ${r.text}`);
	assert.match(r.headers.get('content-type') || '', /^application\/json/);
	assert.ok(r.json && r.json.error, `envelope: ${r.text}`);
	assert.equal(r.json.error.code, code, r.text);
	assert.equal(typeof r.json.error.message, 'string');
	assert.ok(r.json.error.message.length > 0);
	if (field === undefined) assert.equal(r.json.error.field, undefined, r.text);
	else assert.equal(r.json.error.field, field, r.text);
	assert.deepEqual(Object.keys(r.json), ['error']);
}

const HAN = /[\u4e00-\u9fff]/;

for (const engine of engines()) {
	describeWithServer(`institutions API [${engine}]`, { engine, tag: 'api', user: true }, (h) => {
		const base = () => h.server.base;
		// creating and renaming take a signed-in user: h.api() and create()
		// act as a center_admin through a Bearer token; reads stay anonymous
		const create = (fields) => createInstitution(base(), fields, h.token);

		it('creates an institution: 201, Location, body fields', async () => {
			const name = uniqueName('北京市职业技能鉴定中心');
			const r = await h.api(API, {
				method: 'POST',
				json: { name, type: 'center', province: '11', credit_code: '91110000100000000R' },
			});
			assert.equal(r.status, 201, r.text);
			assert.match(r.headers.get('content-type'), /^application\/json/);
			const b = r.json;
			assert.ok(Number.isInteger(b.id) && b.id > 0);
			assert.equal(r.headers.get('location'), `${API}/${b.id}`);
			assert.equal(b.name, name);
			assert.equal(b.type, 'center');
			assert.equal(b.province, '11');
			assert.equal(b.credit_code, '91110000100000000R');
			assert.equal(b.parent_id, null);
			assert.match(b.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
			assert.equal(b.updated_at, b.created_at);

			const g = await http(base(), r.headers.get('location'));
			assert.equal(g.status, 200);
			// the public sees everything but the private contact fields
			const pub = { ...b };
			for (const k of ['contact_name', 'contact_phone', 'contact_email', 'credit_code_note']) {
				assert.ok(k in b, `the creator sees ${k}`);
				delete pub[k];
			}
			assert.deepEqual(g.json, pub);
		});

		it('creates a child with parent_id', async () => {
			const parent = await create({ name: uniqueName('上级'), type: 'center', province: '31' });
			const child = await create({
				name: uniqueName('下级'), type: 'exam_site', province: '31', parent_id: parent.id,
			});
			assert.equal(child.parent_id, parent.id);
			assert.equal(child.credit_code, '');
		});

		it('lists with q/type/province filters and a total', async () => {
			const tag = `筛选${process.pid}x`;
			const a = await create({ name: `${tag}甲`, type: 'training_base', province: '44' });
			const b = await create({ name: `${tag}乙`, type: 'training_base', province: '32' });
			const c = await create({ name: `${tag}丙`, type: 'exam_station', province: '44' });

			const all = await http(base(), API);
			assert.equal(all.status, 200);
			assert.ok(Array.isArray(all.json.items));
			assert.ok(all.json.total >= 3);

			const q = await http(base(), `${API}?q=${encodeURIComponent(tag)}`);
			assert.equal(q.status, 200);
			assert.equal(q.json.total, 3);
			assert.deepEqual(q.json.items.map((i) => i.id).sort((x, y) => x - y), [a.id, b.id, c.id]);

			const t = await http(base(), `${API}?q=${encodeURIComponent(tag)}&type=training_base`);
			assert.equal(t.json.total, 2);
			assert.ok(t.json.items.every((i) => i.type === 'training_base'));

			const p = await http(base(), `${API}?q=${encodeURIComponent(tag)}&province=44`);
			assert.equal(p.json.total, 2);
			assert.ok(p.json.items.every((i) => i.province === '44'));

			const tp = await http(base(), `${API}?q=${encodeURIComponent(tag)}&type=training_base&province=44`);
			assert.equal(tp.json.total, 1);
			assert.equal(tp.json.items[0].id, a.id);

			const page = await http(base(), `${API}?q=${encodeURIComponent(tag)}&limit=1`);
			assert.equal(page.json.items.length, 1);
			assert.equal(page.json.total, 3, 'total counts past the limit');

			const none = await http(base(), `${API}?q=${encodeURIComponent('不存在的名称zzz')}`);
			assert.deepEqual(none.json, { items: [], total: 0 });
		});

		it('searches ASCII letters case-insensitively', async () => {
			const name = uniqueName('ABC职业培训学校');
			const inst = await create({ name, type: 'training_base', province: '11' });
			const r = await http(base(), `${API}?q=${encodeURIComponent('abc职业培训')}`);
			assert.ok(r.json.items.some((i) => i.id === inst.id), r.text);
		});

		it('treats % and _ in q literally', async () => {
			const name = uniqueName('百分号100%_机构');
			await create({ name, type: 'center', province: '11' });
			const r = await http(base(), `${API}?q=${encodeURIComponent('100%_')}`);
			assert.equal(r.status, 200);
			assert.ok(r.json.items.length >= 1);
			assert.ok(r.json.items.every((i) => i.name.includes('100%_')), r.text);
		});

		// q is the one free-text input that reaches the database unchecked.
		// Expected: an empty result (or a 422 on field q), never a 5xx.
		it('a search text with invalid UTF-8 is not a server error', async () => {
			for (const p of [`${API}?q=%ff`, `${API}?q=%e4%b8`, '/institutions?q=%ff%fe']) {
				const r = await http(base(), p);
				assert.ok(r.status === 200 || r.status === 422, `${p} → ${r.status} ${r.text.slice(0, 120)}`);
			}
		});

		it('a long search text (5000 characters) is not a server error', async () => {
			for (const q of ['a'.repeat(5000), '%'.repeat(2100), '名'.repeat(1500)]) {
				for (const p of [`${API}?q=${encodeURIComponent(q)}`, `/institutions?q=${encodeURIComponent(q)}`]) {
					const r = await http(base(), p);
					assert.ok(r.status === 200 || r.status === 422, `${p.slice(0, 40)}… (${q.length} chars) → ${r.status} ${r.text.slice(0, 120)}`);
					if (r.status === 200 && r.json) assert.equal(r.json.total, 0);
				}
			}
		});

		it('concurrent creates and renames: no 5xx, one 201 per name, one current name', async () => {
			const tag = `并发${process.pid}`;
			const creates = await Promise.all(Array.from({ length: 24 }, (_, i) =>
				h.api(API, { method: 'POST', json: { name: `${tag}-${i}`, type: 'center', province: '11' } })));
			assert.deepEqual([...new Set(creates.map((r) => r.status))], [201]);
			const dup = await Promise.all(Array.from({ length: 12 }, () =>
				h.api(API, { method: 'POST', json: { name: `${tag}-同名`, type: 'center', province: '11' } })));
			assert.deepEqual(dup.map((r) => r.status).sort(), [201, ...Array(11).fill(409)]);
			const id = creates[0].json.id;
			const renames = await Promise.all(Array.from({ length: 12 }, (_, i) =>
				h.api(`${API}/${id}/rename`, { method: 'POST', json: { name: `${tag}-更名-${i}` } })));
			assert.deepEqual([...new Set(renames.map((r) => r.status))], [200]);
			const names = (await http(base(), `${API}/${id}/names`)).json.items;
			assert.equal(names.length, 13, 'the first name and 12 renames');
			assert.equal(names.filter((n) => n.valid_to === null).length, 1, 'exactly one name is current');
		});

		it('refuses a bad type or province filter with 422', async () => {
			assertError(await http(base(), `${API}?type=castle`), 422, 'invalid', 'type');
			assertError(await http(base(), `${API}?province=99`), 422, 'invalid', 'province');
		});

		it('renames: name changes, the history shows both names on the page', async () => {
			const oldName = uniqueName('旧名称');
			const newName = uniqueName('新名称');
			const inst = await create({ name: oldName, type: 'branch_center', province: '51' });
			const r = await h.api(`${API}/${inst.id}/rename`, {
				method: 'POST', json: { name: newName, reason: '机构调整' },
			});
			assert.equal(r.status, 200, r.text);
			assert.equal(r.json.id, inst.id);
			assert.equal(r.json.name, newName);
			assert.equal((await http(base(), `${API}/${inst.id}`)).json.name, newName);

			const page = await http(base(), `/institutions/${inst.id}`);
			assert.equal(page.status, 200);
			const history = page.text.slice(page.text.indexOf('名称历史'));
			assert.ok(history.includes(`<td>${oldName}</td>`), 'old name in the history table');
			assert.ok(history.includes(`<td>${newName}</td>`), 'new name in the history table');
			assert.ok(history.includes('机构调整'), 'the reason is shown');
		});

		it('a search by a former name finds the institution and says which name it bore', async () => {
			const tag = `曾用${process.pid}`;
			const oldName = uniqueName(`${tag}高技能人才培养基地`);
			const newName = uniqueName(`${tag}分中心`);
			const inst = await create({ name: oldName, type: 'training_base', province: '65' });
			const other = await create({ name: uniqueName(`${tag}另一基地`), type: 'training_base', province: '65' });
			const rn = await h.api(`${API}/${inst.id}/rename`, { method: 'POST', json: { name: newName, reason: '重新注册为地方分中心' } });
			assert.equal(rn.status, 200, rn.text);
			// by the whole former name and by a part found only in it
			for (const q of [oldName, `${tag}高技能`]) {
				const r = await http(base(), `${API}?q=${encodeURIComponent(q)}`);
				assert.equal(r.status, 200, r.text);
				assert.deepEqual(r.json.items.map((i) => [i.id, i.name, i.former_name]), [[inst.id, newName, oldName]], q);
				assert.equal(r.json.total, 1);
			}
			// by its current name: no former name to tell
			const cur = await http(base(), `${API}?q=${encodeURIComponent(newName)}`);
			assert.deepEqual(cur.json.items.map((i) => [i.id, 'former_name' in i]), [[inst.id, false]]);
			// a part of both lists each institution once; the total agrees
			const both = await http(base(), `${API}?q=${encodeURIComponent(tag)}`);
			assert.deepEqual(both.json.items.map((i) => i.id).sort((x, y) => x - y), [inst.id, other.id]);
			assert.equal(both.json.total, 2);
			// with the other filters still applied
			assert.equal((await http(base(), `${API}?q=${encodeURIComponent(oldName)}&province=11`)).json.total, 0);
			// the directory page shows the hit with 曾用名 (escaped, in the zh and en pages)
			const page = await http(base(), `/institutions?q=${encodeURIComponent(oldName)}`);
			assert.equal(page.status, 200);
			assert.ok(page.text.includes(`>${newName}</a>`), 'the hit under its current name');
			assert.ok(page.text.includes(`曾用名：${oldName}`), 'and the former name it was found by');
			const en = await http(base(), `/institutions?lang=en&q=${encodeURIComponent(oldName)}`);
			assert.ok(en.text.includes(`Formerly: ${oldName}`));
			assert.ok(!(await http(base(), `/institutions?q=${encodeURIComponent(newName)}`)).text.includes('曾用名'));
		});

		it('a rename through the page says it succeeded', async () => {
			const inst = await create({ name: uniqueName('页面更名前'), type: 'center', province: '11' });
			const sess = await login(base(), h.user.name, h.user.password);
			const newName = uniqueName('页面更名后');
			const r = await sess.post(`/institutions/${inst.id}/rename`, { name: newName, reason: '机构调整' });
			assert.equal(r.status, 303, r.text);
			assert.equal(r.headers.get('location'), `/institutions/${inst.id}?done=rename`);
			const page = await sess.get(r.headers.get('location'));
			assert.equal(page.status, 200);
			assert.match(page.text, /<p class="notice" role="status">机构已更名[^<]*<\/p>/);
			assert.ok(page.text.includes(`<h1>${newName}</h1>`));
			// the plain page has no such notice
			assert.ok(!(await sess.get(`/institutions/${inst.id}`)).text.includes('机构已更名'));
		});

		it('the new-institution and grant forms offer institutions by name, within the actor\'s scope; the server still checks the one sent', async () => {
			const a = await create({ name: uniqueName('选上级甲'), type: 'branch_center', province: '11' });
			const a1 = await create({ name: uniqueName('选上级甲下'), type: 'exam_station', province: '11', parent_id: a.id });
			const b = await create({ name: uniqueName('选上级乙'), type: 'branch_center', province: '12' });
			const option = (text, inst) => new RegExp(`<option value="${inst.id}"[^>]*>${inst.name}（${inst.id}）</option>`).test(text);
			// the center's administrator: every institution, by name, and "none"
			const center = await login(base(), h.user.name, h.user.password);
			const all = await center.get('/institutions/new');
			assert.equal(all.status, 200);
			assert.match(all.text, /<select id="f-parent_id" name="parent_id"/);
			assert.match(all.text, /<option value="">无上级机构（指导中心）<\/option>/);
			for (const x of [a, a1, b]) assert.ok(option(all.text, x), `${x.name} offered`);
			// an institution's administrator: its subtree only
			const admin = await makeUser(h.server, `pick${process.pid}`, { role: 'institution_admin', institution: a.id, token: false });
			// a grant's scope too is chosen by name, "the whole network" first
			const userPage = await center.get(`/admin/users/${admin.name}`);
			assert.equal(userPage.status, 200);
			assert.match(userPage.text, /<select id="f-institution_id" name="institution_id"><option value="">全网（所有机构）<\/option>/);
			for (const x of [a, a1, b]) assert.ok(option(userPage.text, x), `${x.name} offered for a grant`);
			const g = await center.post(`/admin/users/${admin.name}/grants`, { role: 'viewer', institution_id: String(b.id) });
			assert.equal(g.status, 303, g.text.slice(0, 300));
			const sess = await login(base(), admin.name, admin.password);
			const mine = await sess.get('/institutions/new');
			assert.ok(option(mine.text, a) && option(mine.text, a1), 'its own institution and the one below');
			assert.ok(!option(mine.text, b), 'not another branch (where it may only view)');
			// choosing by name creates under it
			const name = uniqueName('选上级新站');
			const ok = await sess.post('/institutions', { name, type: 'exam_site', province: '11', parent_id: String(a1.id) });
			assert.equal(ok.status, 303, ok.text.slice(0, 300));
			const made = (await http(base(), `${API}?q=${encodeURIComponent(name)}`)).json.items[0];
			assert.equal(made.parent_id, a1.id);
			// a parent outside its scope sent anyway: refused, nothing made
			const out = uniqueName('选上级越权');
			const no = await sess.post('/institutions', { name: out, type: 'exam_site', province: '12', parent_id: String(b.id) });
			assert.equal(no.status, 403, no.text.slice(0, 300));
			assert.equal((await http(base(), `${API}?q=${encodeURIComponent(out)}`)).json.total, 0);
		});

		it('a scope entry\'s occupation is chosen by name from the catalog; its name comes from there', async () => {
			const inst = await create({ name: uniqueName('选职业站'), type: 'exam_station', province: '11' });
			const sess = await login(base(), h.user.name, h.user.password);
			const page = await sess.get(`/institutions/${inst.id}`);
			assert.equal(page.status, 200);
			const form = page.text.slice(page.text.indexOf(`action="/institutions/${inst.id}/scope"`));
			assert.match(form, /<select id="f-sc-occupation_code" name="occupation_code" required/);
			assert.match(form, /<option value="6-18-01-01">6-18-01-01 车工<\/option>/);
			assert.match(form, /<option value="6-18-02-04">6-18-02-04 焊工<\/option>/);
			assert.ok(!/name="occupation_name"/.test(form.slice(0, form.indexOf('</form>'))), 'no name to type');
			const r = await sess.post(`/institutions/${inst.id}/scope`, { occupation_code: '6-18-02-04', level5: '1', level4: '1', doc_no: '机职鉴字[2026]8号' });
			assert.equal(r.status, 303, r.text.slice(0, 300));
			const scope = (await http(base(), `${API}/${inst.id}/scope`)).json.items;
			assert.deepEqual(scope.map((x) => [x.occupation_code, x.occupation_name, x.levels]), [['6-18-02-04', '焊工', '5,4']]);
			// a code outside the catalog with no name: refused on the name
			const bad = await sess.post(`/institutions/${inst.id}/scope`, { occupation_code: '6-99-99-99', level5: '1', doc_no: '机职鉴字[2026]8号' });
			assert.equal(bad.status, 422);
			// the API still takes a name of its own
			const api = await h.api(`${API}/${inst.id}/scope`, { method: 'POST', json: { occupation_code: '6-18-01-01', levels: '5', doc_no: '机职鉴字[2026]8号' } });
			assert.equal(api.status, 200, api.text);
			assert.ok((await http(base(), `${API}/${inst.id}/scope`)).json.items.some((x) => x.occupation_code === '6-18-01-01' && x.occupation_name === '车工'));
		});

		it('rename validation: same name, empty name, taken name, unknown id', async () => {
			const a = await create({ name: uniqueName('更名甲'), type: 'center', province: '11' });
			const b = await create({ name: uniqueName('更名乙'), type: 'center', province: '11' });
			assertError(await h.api(`${API}/${a.id}/rename`, { method: 'POST', json: { name: a.name } }), 422, 'invalid', 'name');
			assertError(await h.api(`${API}/${a.id}/rename`, { method: 'POST', json: {} }), 422, 'invalid', 'name');
			assertError(await h.api(`${API}/${a.id}/rename`, { method: 'POST', json: { name: b.name } }), 409, 'conflict', 'name');
			assertError(await h.api(`${API}/${a.id}/rename`, { method: 'POST', json: { name: uniqueName('x'), reason: '长'.repeat(501) } }), 422, 'invalid', 'reason');
			assertError(await h.api(`${API}/987654321/rename`, { method: 'POST', json: { name: uniqueName('无此') } }), 404, 'not_found');
			assertError(await h.api(`${API}/abc/rename`, { method: 'POST', json: { name: uniqueName('无此') } }), 404, 'not_found');
			// nothing changed
			assert.equal((await http(base(), `${API}/${a.id}`)).json.name, a.name);
		});

		describe('validation errors → 422 with the field', () => {
			const good = () => ({ name: uniqueName('校验'), type: 'center', province: '11' });
			const cases = [
				['empty name', { name: '' }, 'name'],
				['missing name', { name: undefined }, 'name'],
				['one-character name', { name: '甲' }, 'name'],
				['101-character name', { name: '长'.repeat(101) }, 'name'],
				['name with a control character', { name: 'ab\u0007cd' }, 'name'],
				['name with a leading space', { name: ' 前导空格' }, 'name'],
				['name with a trailing full-width space', { name: '尾随全角空格\u3000' }, 'name'],
				['name that is a number', { name: 42 }, 'name'],
				['unknown type', { type: 'castle' }, 'type'],
				['missing type', { type: undefined }, 'type'],
				['province 99', { province: '99' }, 'province'],
				['province as a name', { province: '北京' }, 'province'],
				['credit code too short', { credit_code: '1234' }, 'credit_code'],
				['credit code with a lowercase letter', { credit_code: '91110000100000000x' }, 'credit_code'],
				['credit code with I (not in the set)', { credit_code: '9111000010000000I0' }, 'credit_code'],
				['parent that does not exist', { parent_id: 987654321 }, 'parent_id'],
				['parent 0', { parent_id: 0 }, 'parent_id'],
				['parent as a string', { parent_id: '1' }, 'parent_id'],
				['negative parent', { parent_id: -3 }, 'parent_id'],
			];
			for (const [label, patch, field] of cases) {
				it(label, async () => {
					const body = { ...good(), ...patch };
					for (const k of Object.keys(body)) if (body[k] === undefined) delete body[k];
					const r = await h.api(API, { method: 'POST', json: body });
					assertError(r, 422, 'invalid', field);
					assert.match(r.json.error.message, HAN, 'Chinese by default');
				});
			}

			it('nothing was created by the refused requests', async () => {
				const r = await http(base(), `${API}?q=${encodeURIComponent('校验')}`);
				assert.equal(r.json.total, 0, r.text);
			});
		});

		it('duplicate name → 409 conflict on field name', async () => {
			const name = uniqueName('重名');
			await create({ name, type: 'center', province: '11' });
			const r = await h.api(API, { method: 'POST', json: { name, type: 'exam_site', province: '12' } });
			assertError(r, 409, 'conflict', 'name');
			assert.equal((await http(base(), `${API}?q=${encodeURIComponent(name)}`)).json.total, 1);
		});

		it('unknown id → 404 JSON envelope; non-numeric or out-of-range id → 404', async () => {
			assertError(await http(base(), `${API}/987654321`), 404, 'not_found');
			for (const id of ['abc', '0', '-1', '1.5', '1e3', '99999999999999999999999', '%20', '12abc'])
				assertError(await http(base(), `${API}/${id}`), 404, 'not_found');
			assertError(await http(base(), '/api/v1/nothing'), 404, 'not_found');
		});

		it('wrong method → 405 with an Allow header', async () => {
			for (const [method, p] of [['DELETE', API], ['PUT', `${API}/1`], ['PATCH', `${API}/1`], ['GET', `${API}/1/rename`], ['POST', '/healthz']]) {
				const r = await http(base(), p, { method });
				assertError(r, 405, 'method_not_allowed');
				assert.ok(r.headers.get('allow'), `Allow header on ${method} ${p}`);
			}
		});

		it('wrong or missing content type → 415', async () => {
			const body = JSON.stringify({ name: uniqueName('类型'), type: 'center', province: '11' });
			assertError(await h.api(API, { method: 'POST', body, headers: { 'Content-Type': 'text/plain' } }), 415, 'unsupported_media_type');
			assertError(await h.api(API, { method: 'POST', body, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }), 415, 'unsupported_media_type');
			assertError(await h.api(API, { method: 'POST', body, headers: { 'Content-Type': 'application/jsonx' } }), 415, 'unsupported_media_type');
			const inst = await create({ name: uniqueName('类型'), type: 'center', province: '11' });
			assertError(await h.api(`${API}/${inst.id}/rename`, { method: 'POST', body: '{"name":"x"}', headers: { 'Content-Type': 'text/plain' } }), 415, 'unsupported_media_type');
			// with a charset parameter it is accepted
			const ok = await h.api(API, { method: 'POST', body: JSON.stringify({ name: uniqueName('字符集'), type: 'center', province: '11' }), headers: { 'Content-Type': 'application/json; charset=utf-8' } });
			assert.equal(ok.status, 201, ok.text);
		});

		it('malformed JSON, a JSON array, invalid UTF-8, duplicate keys → 400', async () => {
			const post = (body) => h.api(API, { method: 'POST', body, headers: { 'Content-Type': 'application/json' } });
			assertError(await post('{"name":'), 400, 'bad_json');
			assertError(await post(''), 400, 'bad_json');
			assertError(await post('[]'), 400, 'bad_json');
			assertError(await post('[{"name":"数组","type":"center","province":"11"}]'), 400, 'bad_json');
			assertError(await post('"string"'), 400, 'bad_json');
			assertError(await post('null'), 400, 'bad_json');
			assertError(await post(Buffer.from([0x7b, 0x22, 0x6e, 0x61, 0x6d, 0x65, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d])), 400, 'bad_json');
			assertError(await post(Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xe4, 0xb8]), Buffer.from('","type":"center","province":"11"}')])), 400, 'bad_json');
			assertError(await post('{"name":"a","name":"b"}'), 400, 'bad_json');
			assertError(await post('{"a":' + '['.repeat(200) + ']'.repeat(200) + '}'), 400, 'bad_json');
		});

		it('English messages with Accept-Language: en or ?lang=en; Chinese by default', async () => {
			const body = { name: '', type: 'center', province: '11' };
			const zh = await h.api(API, { method: 'POST', json: body });
			assert.match(zh.json.error.message, HAN);
			assert.equal(zh.json.error.message, '请填写名称');

			const en = await h.api(API, { method: 'POST', json: body, headers: { 'Accept-Language': 'en-US,en;q=0.9' } });
			assertError(en, 422, 'invalid', 'name');
			assert.equal(en.json.error.message, 'The name is required');

			const q = await h.api(`${API}?lang=en`, { method: 'POST', json: body });
			assert.equal(q.json.error.message, 'The name is required');

			const pref = await h.api(API, { method: 'POST', json: body, headers: { 'Accept-Language': 'en;q=0.5, zh-CN;q=0.9' } });
			assert.match(pref.json.error.message, HAN, 'the higher q wins');

			const nf = await http(base(), `${API}/987654321`, { headers: { 'Accept-Language': 'en' } });
			assert.equal(nf.json.error.message, 'Not found');
			const bad = await h.api(`${API}?lang=en`, { method: 'POST', body: '[]', headers: { 'Content-Type': 'application/json' } });
			assert.equal(bad.json.error.message, 'The request body is not a valid JSON object');
			const ct = await h.api(`${API}?lang=en`, { method: 'POST', body: '{}', headers: { 'Content-Type': 'text/plain' } });
			assert.equal(ct.json.error.message, 'Unsupported content type');
		});

		it('stores and returns Unicode and quotes intact', async () => {
			const name = uniqueName('"引号" & <尖括号> \'单引号\' 𠀀');
			const inst = await create({ name, type: 'practice_base', province: '65' });
			assert.equal(inst.name, name);
			assert.equal((await http(base(), `${API}/${inst.id}`)).json.name, name);
		});
	});
}
