// Personal API tokens: made on the account page (shown once, never
// cached) or with `skillcert user token`, sent as a Bearer token, listed,
// revoked.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';

import { bearer, describeWithServer, engines, http, login, makeUser, uniqueName } from './lib.mjs';

/* The token shown on the page (inside <code class="token">), or null. */
function shownToken(text) {
	return (/<code class="token">([^<]*)<\/code>/.exec(text) || [])[1] || null;
}

/* The rows of the token table: [{name, created, lastUsed, status, revokeId}]. */
function tokenRows(text) {
	const i = text.indexOf('<h2>API 令牌</h2>');
	assert.ok(i >= 0, 'the token section');
	const body = (/<tbody>(.*?)<\/tbody>/s.exec(text.slice(i)) || [])[1] || '';
	return [...body.matchAll(/<tr><td>(.*?)<\/td><td>(.*?)<\/td><td>(.*?)<\/td><td>(.*?)<\/td><\/tr>/gs)].map((m) => ({
		name: m[1], created: m[2], lastUsed: m[3], status: m[4],
		revokeId: Number((/\/account\/tokens\/(\d+)\/revoke/.exec(m[4]) || [])[1]) || null,
	}));
}

for (const engine of engines()) {
	describeWithServer(`API tokens [${engine}]`, { engine, tag: 'tokens', user: true }, (h) => {
		const base = () => h.server.base;
		let sess;
		let made; // the token made on the page

		before(async () => {
			sess = await login(base(), h.user.name, h.user.password);
		});

		it('the account page makes one: shown once, with Cache-Control: no-store', async () => {
			const acc = await sess.get('/account');
			assert.equal(acc.status, 200);
			assert.equal(shownToken(acc.text), null);
			const r = await sess.post('/account/tokens', { name: '部署脚本 <ci>' });
			assert.equal(r.status, 200, r.text.slice(0, 300));
			assert.match(r.headers.get('cache-control') || '', /no-store/);
			made = shownToken(r.text);
			assert.match(made, /^sct_[A-Za-z0-9_-]{32,}$/);
			assert.match(r.text, /新令牌如下，仅显示这一次/);
			const row = tokenRows(r.text).find((x) => x.name === '部署脚本 &lt;ci&gt;');
			assert.ok(row, 'listed by its name, escaped');
			assert.equal(row.lastUsed, '—');
			assert.ok(row.revokeId > 0);
			// never again
			const later = await sess.get('/account');
			assert.equal(shownToken(later.text), null);
			assert.ok(!later.text.includes(made));
		});

		it('works as a Bearer token with its user\'s grants, and shows its last use', async () => {
			const me = await http(base(), '/api/v1/me', { headers: bearer(made) });
			assert.equal(me.status, 200, me.text);
			assert.equal(me.json.username, h.user.name);
			const c = await http(base(), '/api/v1/institutions', { method: 'POST', json: { name: uniqueName('令牌创建'), type: 'center', province: '11' }, headers: bearer(made) });
			assert.equal(c.status, 201, c.text);
			// the scheme is case-insensitive
			assert.equal((await http(base(), '/api/v1/me', { headers: { Authorization: `bearer ${made}` } })).status, 200);
			const row = tokenRows((await sess.get('/account')).text).find((x) => x.name === '部署脚本 &lt;ci&gt;');
			// shown like every time on the pages: "2026-12-04 21:30" in the zone
			assert.match(row.lastUsed, /^\d{4}-\d\d-\d\d \d\d:\d\d$/);
		});

		it('listed by the CLI too; revoked on the page → 401 afterwards', async () => {
			const list = await h.server.cli(['user', 'token', h.user.name, '--list']);
			assert.equal(list.code, 0, list.stderr);
			const line = list.stdout.split('\n').find((l) => l.includes('部署脚本 <ci>'));
			assert.match(line, /^\d+\t部署脚本 <ci>\t\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\tactive$/);
			const id = Number(line.split('\t')[0]);
			const rows = tokenRows((await sess.get('/account')).text);
			assert.equal(rows.find((x) => x.name === '部署脚本 &lt;ci&gt;').revokeId, id);

			const r = await sess.post(`/account/tokens/${id}/revoke`, {});
			assert.equal(r.status, 303);
			assert.equal(r.headers.get('location'), '/account');
			const me = await http(base(), '/api/v1/me', { headers: bearer(made) });
			assert.equal(me.status, 401);
			assert.equal(me.json.error.code, 'login_required');
			assert.match(me.headers.get('www-authenticate') || '', /^Bearer/);
			const row = tokenRows((await sess.get('/account')).text).find((x) => x.name === '部署脚本 &lt;ci&gt;');
			assert.match(row.status, /^已撤销 \d{4}-/);
			assert.equal(row.revokeId, null, 'no revoke button any more');
			assert.match((await h.server.cli(['user', 'token', h.user.name, '--list'])).stdout, new RegExp(`^${id}\\t.*\\trevoked$`, 'm'));
			// revoking it again, or a token that does not exist
			assert.equal((await sess.post(`/account/tokens/${id}/revoke`, {})).status, 404);
			assert.equal((await sess.post('/account/tokens/987654321/revoke', {})).status, 404);
			assert.equal((await sess.post('/account/tokens/abc/revoke', {})).status, 404);
			// the suite's own token (made by the CLI) is untouched
			assert.equal((await h.api('/api/v1/me')).status, 200);
		});

		it('a token needs a name of 1..64 characters: 422 on the field', async () => {
			for (const name of ['', '   ', '名'.repeat(65), 'a\u0001b']) {
				const r = await sess.post('/account/tokens', { name });
				assert.equal(r.status, 422, JSON.stringify(name));
				assert.match(r.text, /<p class="error" id="e-name">请填写不超过 64 个字的令牌名称<\/p>/);
				assert.equal(shownToken(r.text), null);
			}
			assert.equal((await sess.post('/account/tokens', { name: '名'.repeat(64) })).status, 200);
		});

		it('making or revoking a token takes the session\'s CSRF token', async () => {
			const r = await sess.post('/account/tokens', { name: 'forged' }, { csrf: false });
			assert.equal(r.status, 403);
			assert.ok(!tokenRows((await sess.get('/account')).text).some((x) => x.name === 'forged'));
		});

		it('`skillcert user token NAME`: the token on stdout, once; --revoke ends it', async () => {
			const t = await h.server.cli(['user', 'token', h.user.name, '--name', '命令行']);
			assert.equal(t.code, 0, t.stderr);
			assert.match(t.stdout, /^sct_[A-Za-z0-9_-]{32,}\n$/);
			assert.match(t.stderr, /shown once/);
			const tok = t.stdout.trim();
			assert.equal((await http(base(), '/api/v1/me', { headers: bearer(tok) })).json.username, h.user.name);
			const id = /token (\d+) for/.exec(t.stderr)[1];
			const rv = await h.server.cli(['user', 'token', h.user.name, '--revoke', id]);
			assert.equal(rv.code, 0, rv.stderr);
			assert.equal((await http(base(), '/api/v1/me', { headers: bearer(tok) })).status, 401);
			const none = await h.server.cli(['user', 'token', 'nobody-at-all']);
			assert.equal(none.code, 1);
			assert.equal(none.stdout, '');
		});

		it('a token acts with its user\'s grants: a user without grants may read, not create', async () => {
			// (what such a user may do with its own account: sessions.test.mjs)
			const u = await makeUser(h.server, 'nogrant', { role: null });
			assert.equal((await http(base(), '/api/v1/institutions', { headers: bearer(u.token) })).status, 200);
			const c = await http(base(), '/api/v1/institutions', { method: 'POST', json: { name: uniqueName('无权'), type: 'center', province: '11' }, headers: bearer(u.token) });
			assert.equal(c.status, 403);
			assert.equal(c.json.error.code, 'forbidden');
		});
	});
}
