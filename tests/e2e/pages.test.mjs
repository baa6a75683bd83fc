// The HTML pages: language, the language switch, forms, escaping, static
// files, error pages.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';

import { createInstitution, describeWithServer, engines, http, login, uniqueName } from './lib.mjs';

function assertHtml(r, status = 200) {
	assert.equal(r.status, status, r.text.slice(0, 300));
	assert.match(r.headers.get('content-type'), /^text\/html; charset=utf-8/);
	assert.match(r.text, /^<!doctype html>/i);
	assert.match(r.text, /<\/html>\s*$/);
	assert.ok(r.headers.get('content-security-policy'), 'pages carry a CSP');
}

/* The markup of the form field named name, up to the end of its div. */
function fieldHtml(text, name) {
	const i = text.indexOf(`name="${name}"`);
	assert.ok(i >= 0, `field ${name} in the page`);
	const start = text.lastIndexOf('<div class="field">', i);
	const end = text.indexOf('</div>', i);
	return text.slice(start, end);
}

for (const engine of engines()) {
	describeWithServer(`pages [${engine}]`, { engine, tag: 'pages', user: true }, (h) => {
		const base = () => h.server.base;
		const create = (fields) => createInstitution(base(), fields, h.token);
		// the forms take a signed-in user (a center_admin): sess posts them
		// with its session cookie and CSRF token; en is the same user with
		// a lang=en cookie
		let sess;
		let en;
		before(async () => {
			sess = await login(base(), h.user.name, h.user.password);
			en = await login(base(), h.user.name, h.user.password);
			en.cookies.set('lang', 'en');
		});

		it('/ and /institutions are Chinese HTML by default', async () => {
			for (const p of ['/', '/institutions', '/institutions/new']) {
				const r = await sess.get(p);
				assertHtml(r);
				assert.match(r.text, /<html lang="zh-CN">/, p);
				assert.equal(r.headers.get('content-language'), 'zh-CN');
				assert.match(r.text, />首页</);
				assert.match(r.text, />机构</);
				assert.match(r.text, /技能人才评价平台/);
			}
		});

		it('Accept-Language: en gives English pages and nav', async () => {
			for (const p of ['/', '/institutions']) {
				const r = await http(base(), p, { headers: { 'Accept-Language': 'en-GB,en;q=0.8' } });
				assertHtml(r);
				assert.match(r.text, /<html lang="en">/, p);
				assert.equal(r.headers.get('content-language'), 'en');
				assert.match(r.text, />Home</);
				assert.match(r.text, />Institutions</);
				assert.doesNotMatch(r.text, />首页</);
			}
			const v = (await http(base(), '/')).headers.get('vary') || '';
			assert.match(v, /Accept-Language/);
			assert.match(v, /Cookie/);
		});

		it('?lang=en and a lang=en cookie give English; ?lang wins over the cookie', async () => {
			assert.match((await http(base(), '/?lang=en')).text, /<html lang="en">/);
			assert.match((await http(base(), '/', { headers: { Cookie: 'lang=en' } })).text, /<html lang="en">/);
			assert.match((await http(base(), '/', { headers: { Cookie: 'lang=en', 'Accept-Language': 'zh-CN' } })).text, /<html lang="en">/, 'cookie over header');
			assert.match((await http(base(), '/?lang=zh', { headers: { Cookie: 'lang=en' } })).text, /<html lang="zh-CN">/);
		});

		it('/lang?to=en&next=/institutions sets the cookie and 303s back', async () => {
			const r = await http(base(), '/lang?to=en&next=/institutions');
			assert.equal(r.status, 303);
			assert.equal(r.headers.get('location'), '/institutions');
			const cookie = r.headers.get('set-cookie');
			assert.match(cookie, /^lang=en;/);
			assert.match(cookie, /Path=\//);
			assert.match(cookie, /SameSite=Lax/);
			const back = await http(base(), '/lang?to=zh&next=/');
			assert.match(back.headers.get('set-cookie'), /^lang=zh;/);
			const none = await http(base(), '/lang?to=fr&next=/institutions');
			assert.equal(none.status, 303);
			assert.equal(none.headers.get('set-cookie'), null, 'an unknown language sets nothing');
		});

		it('the language links point back at the current page', async () => {
			const r = await sess.get('/institutions/new');
			assert.ok(r.text.includes('href="/lang?to=en&amp;next=%2Finstitutions%2Fnew"'), r.text.match(/<div class="lang".*?<\/div>/s)?.[0]);
		});

		it('/lang refuses to redirect off-site', async () => {
			const evil = ['//evil.example', '//evil.example/x', '/\\evil.example', 'https://evil.example/', 'evil.example', '', '/\r\nSet-Cookie: x=1', '/x\ny'];
			for (const next of evil) {
				const r = await http(base(), `/lang?to=en&next=${encodeURIComponent(next)}`);
				assert.equal(r.status, 303, next);
				const loc = r.headers.get('location');
				assert.equal(loc, '/', `next=${JSON.stringify(next)} → Location ${JSON.stringify(loc)}`);
			}
		});

		// Browsers (WHATWG URL parsing) strip ASCII tab and newline from a
		// Location before resolving it, so "/\t/evil.example" becomes
		// "//evil.example": an open redirect.
		it('/lang refuses a next that a browser resolves off-site (tab, control characters)', async () => {
			for (const next of ['/\t/evil.example', '/\t\\evil.example', '/\x0b/evil.example']) {
				const r = await http(base(), `/lang?to=en&next=${encodeURIComponent(next)}`);
				assert.equal(r.status, 303);
				const loc = r.headers.get('location');
				const resolved = new URL(loc, base() + '/');
				assert.equal(resolved.origin, base(), `next=${JSON.stringify(next)} → Location ${JSON.stringify(loc)} resolves to ${resolved.href}`);
			}
		});

		it('a new-institution form with a bad province is re-rendered (422) keeping what was typed', async () => {
			const name = uniqueName('表单保留');
			const r = await sess.post('/institutions', { name, type: 'exam_station', province: '99', credit_code: '', parent_id: '' });
			assertHtml(r, 422);
			assert.match(r.text, /<html lang="zh-CN">/);
			const nameField = fieldHtml(r.text, 'name');
			assert.ok(nameField.includes(`value="${name}"`), `typed name kept: ${nameField}`);
			const prov = fieldHtml(r.text, 'province');
			assert.match(prov, /aria-invalid="true"/);
			assert.match(prov, /<p class="error" id="e-province">请选择有效的省份<\/p>/);
			const type = fieldHtml(r.text, 'type');
			assert.match(type, /<option value="exam_station" selected>/, 'the chosen type stays selected');
			assert.doesNotMatch(nameField, /aria-invalid/);
			// nothing was created
			assert.equal((await http(base(), `/api/v1/institutions?q=${encodeURIComponent(name)}`)).json.total, 0);
		});

		it('form errors follow the language, for every field', async () => {
			const cases = [
				[{ name: '', type: 'center', province: '11' }, 'name', 'The name is required'],
				[{ name: uniqueName('f'), type: 'zzz', province: '11' }, 'type', 'Choose a valid institution type'],
				[{ name: uniqueName('f'), type: 'center', province: '11', credit_code: 'abc' }, 'credit_code', 'The credit code must be 18 digits or capital letters'],
				[{ name: uniqueName('f'), type: 'center', province: '11', parent_id: 'xyz' }, 'parent_id', 'The parent institution does not exist'],
				[{ name: uniqueName('f'), type: 'center', province: '11', parent_id: '987654321' }, 'parent_id', 'The parent institution does not exist'],
			];
			for (const [form, field, msg] of cases) {
				const r = await en.post('/institutions', form);
				assertHtml(r, 422);
				assert.match(r.text, /<html lang="en">/);
				const f = fieldHtml(r.text, field);
				assert.ok(f.includes(`<p class="error" id="e-${field}">${msg}</p>`), `${field}: ${f}`);
				// the parent is chosen by name from a list: an unknown one is not among it
				if (form.parent_id) assert.ok(fieldHtml(r.text, 'parent_id').includes('<select'), 'the parent is chosen by name');
			}
		});

		it('a duplicate name in the form → 409, form kept', async () => {
			const name = uniqueName('表单重名');
			await create({ name, type: 'center', province: '11' });
			const r = await sess.post('/institutions', { name, type: 'center', province: '11' });
			assertHtml(r, 409);
			assert.ok(fieldHtml(r.text, 'name').includes(`value="${name}"`));
			assert.ok(fieldHtml(r.text, 'name').includes('已有同名机构'));
		});

		it('a valid form creates the institution and 303s to its page', async () => {
			const name = uniqueName('表单创建');
			const r = await sess.post('/institutions', { name: `  ${name}  `, type: 'practice_base', province: '33' });
			assert.equal(r.status, 303, r.text.slice(0, 300));
			const loc = r.headers.get('location');
			assert.match(loc, /^\/institutions\/\d+$/);
			const page = await http(base(), loc);
			assertHtml(page);
			assert.ok(page.text.includes(`<h1>${name}</h1>`), 'the name, trimmed');
			assert.match(page.text, /实训基地/);
			assert.match(page.text, /浙江省/);
		});

		it('the rename form: history grows; a refused rename keeps the typed text', async () => {
			const name = uniqueName('页面更名前');
			const inst = await create({ name, type: 'center', province: '11' });
			const newName = uniqueName('页面更名后');
			const ok = await sess.post(`/institutions/${inst.id}/rename`, { name: newName, reason: '上级批复' });
			assert.equal(ok.status, 303);
			assert.equal(ok.headers.get('location'), `/institutions/${inst.id}?done=rename`);
			const page = await http(base(), `/institutions/${inst.id}`);
			assert.ok(page.text.includes(`<td>${name}</td>`) && page.text.includes(`<td>${newName}</td>`));

			const bad = await sess.post(`/institutions/${inst.id}/rename`, { name: newName, reason: '重复提交' });
			assertHtml(bad, 422);
			const f = fieldHtml(bad.text, 'name');
			assert.ok(f.includes(`value="${newName}"`));
			assert.match(f, /新名称与现名称相同/);
			assert.ok(fieldHtml(bad.text, 'reason').includes('value="重复提交"'), 'reason kept');

			const nf = await sess.post('/institutions/987654321/rename', { name: uniqueName('无') });
			assertHtml(nf, 404);
		});

		it('a name containing <script> is escaped everywhere, never raw', async () => {
			const name = `<script>alert("x")</script>'${process.pid}`;
			const inst = await create({ name, type: 'center', province: '11' });
			const esc = `&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39;${process.pid}`;
			for (const p of [`/institutions/${inst.id}`, `/institutions?q=${encodeURIComponent('<script>')}`]) {
				const r = await http(base(), p);
				assertHtml(r);
				assert.ok(r.text.includes(esc), `escaped in ${p}`);
				assert.ok(!r.text.includes('<script>'), `no raw <script> in ${p}`);
			}
			// the search box keeps the query, escaped, in its value attribute
			const s = await http(base(), `/institutions?q=${encodeURIComponent('"><script>x</script>')}`);
			assert.ok(s.text.includes('value="&quot;&gt;&lt;script&gt;x&lt;/script&gt;"'));
			assert.ok(!s.text.includes('<script>'));
			// and a refused form re-renders it escaped
			const f = await sess.post('/institutions', { name: '"><script>alert(1)</script>', type: 'center', province: '00' });
			assertHtml(f, 422);
			assert.ok(!f.text.includes('<script>'));
			assert.ok(f.text.includes('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"'));
		});

		it('the institution list filters and shows the total', async () => {
			const tag = `页面筛选${process.pid}`;
			await create({ name: `${tag}一`, type: 'exam_site', province: '42' });
			await create({ name: `${tag}二`, type: 'exam_site', province: '43' });
			const r = await http(base(), `/institutions?q=${encodeURIComponent(tag)}&province=42`);
			assertHtml(r);
			assert.ok(r.text.includes(`${tag}一`));
			assert.ok(!r.text.includes(`${tag}二`));
			assert.match(r.text, /<p class="count">共 1<\/p>/);
			assert.match(r.text, /<option value="42" selected>/);
			const empty = await http(base(), `/institutions?q=${encodeURIComponent('没有这个机构zzz')}`);
			assert.match(empty.text, /暂无机构/);
			const bad = await http(base(), '/institutions?type=castle');
			assertHtml(bad, 422);
		});

		it('the create button and the rename form are shown only to a user who may use them', async () => {
			const inst = await create({ name: uniqueName('按钮'), type: 'center', province: '11' });
			const anonList = await http(base(), '/institutions');
			assert.ok(!anonList.text.includes('href="/institutions/new"'), 'no create button when signed out');
			assert.ok((await sess.get('/institutions')).text.includes('href="/institutions/new"'));
			const anonShow = await http(base(), `/institutions/${inst.id}`);
			assert.equal(anonShow.status, 200);
			assert.ok(!anonShow.text.includes(`action="/institutions/${inst.id}/rename"`), 'no rename form when signed out');
			assert.ok((await sess.get(`/institutions/${inst.id}`)).text.includes(`action="/institutions/${inst.id}/rename"`));
		});

		it('/static/style.css is served as text/css; unknown static files → 404', async () => {
			const r = await http(base(), '/static/style.css');
			assert.equal(r.status, 200);
			assert.match(r.headers.get('content-type'), /^text\/css/);
			assert.match(r.text, /font-family/);
			assert.match(r.headers.get('cache-control') || '', /max-age=/);
			const svg = await http(base(), '/static/favicon.svg');
			assert.equal(svg.status, 200);
			assert.match(svg.headers.get('content-type'), /^image\/svg\+xml/);
			for (const p of ['/static/nope.css', '/static/../src/main.c', '/static/', '/static/%2e%2e/Makefile'])
				assert.equal((await http(base(), p)).status, 404, p);
			const post = await http(base(), '/static/style.css', { method: 'POST' });
			assert.ok(post.status === 404 || post.status === 405, `POST to a static file: ${post.status}`);
		});

		it('an unknown page → 404 HTML page (in the visitor\'s language)', async () => {
			for (const p of ['/nope', '/institutions/abc', '/institutions/0', '/institutions/987654321', '/institutions/']) {
				const r = await http(base(), p);
				assertHtml(r, 404);
				assert.match(r.text, /页面不存在/, p);
			}
			const en = await http(base(), '/nope', { headers: { 'Accept-Language': 'en' } });
			assertHtml(en, 404);
			assert.match(en.text, /Page not found/);
			assert.match(en.text, /<html lang="en">/);
		});

		it('a wrong method on a page → 405 HTML page', async () => {
			const r = await http(base(), '/institutions/new', { method: 'POST', form: {} });
			assertHtml(r, 405);
			const d = await http(base(), '/', { method: 'DELETE' });
			assertHtml(d, 405);
		});
	});
}
