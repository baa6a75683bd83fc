// Signing in and out, the session cookie, CSRF, and the forced change of
// the initial password.
//
// Failed sign-ins count per client address too, and 127.0.0.1 is every
// other test's address: the wrong passwords here are sent from other
// loopback addresses (127.0.0.x), so they never slow anybody down.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';

import {
	describeWithServer, engines, http, login, makeUser, newPassword, Session, setCookies, uniqueName, useServer,
} from './lib.mjs';

function cookieNamed(res, name) {
	return setCookies(res).find((c) => c.name === name);
}

/* The cookie attributes every cookie of ours has; Secure only with
 * --secure-cookies. */
function assertCookieAttrs(c, secure, what) {
	assert.ok(c, `${what}: cookie set`);
	assert.equal(c.attrs.path, '/', `${what}: Path=/ (${c.raw})`);
	assert.equal(c.attrs.httponly, true, `${what}: HttpOnly (${c.raw})`);
	assert.equal(c.attrs.samesite, 'Lax', `${what}: SameSite=Lax (${c.raw})`);
	assert.equal(c.attrs.secure === true, secure, `${what}: Secure ${secure ? 'set' : 'not set'} (${c.raw})`);
}

/* The markup of the form field named name, up to the end of its div. */
function fieldHtml(text, name) {
	const i = text.indexOf(`name="${name}"`);
	assert.ok(i >= 0, `field ${name} in the page`);
	return text.slice(text.lastIndexOf('<div class="field">', i), text.indexOf('</div>', i));
}

let addr = 10;
/* A client from a loopback address of its own (for wrong passwords). */
const stranger = (base) => new Session(base, { localAddress: `127.0.0.${++addr}` });

for (const engine of engines()) {
	describeWithServer(`sessions [${engine}]`, { engine, tag: 'sessions', user: true }, (h) => {
		const base = () => h.server.base;

		it('GET /login: a CSRF cookie and the same token in the form', async () => {
			const r = await http(base(), '/login');
			assert.equal(r.status, 200);
			const c = cookieNamed(r.res, 'sc_csrf');
			assertCookieAttrs(c, false, 'sc_csrf');
			assert.match(c.value, /^[A-Za-z0-9_-]{32,64}$/);
			assert.ok(r.text.includes(`<input type="hidden" name="csrf" value="${c.value}">`), 'the form echoes the cookie');
			assert.match(r.text, /name="username"/);
			assert.match(r.text, /type="password"[^>]*name="password"|name="password"[^>]*type="password"/);
		});

		it('sign in: 303 to next, a session cookie (HttpOnly, SameSite=Lax, Path=/, not Secure), the header names the user', async () => {
			const s = new Session(base());
			const r = await s.login(h.user.name, h.user.password, { next: '/institutions?q=x' });
			assert.equal(r.status, 303, r.text.slice(0, 300));
			assert.equal(r.headers.get('location'), '/institutions?q=x');
			const c = cookieNamed(r.res, 'sc_session');
			assertCookieAttrs(c, false, 'sc_session');
			assert.match(c.value, /^s_[A-Za-z0-9_-]{32,}$/);
			assert.equal(c.attrs['max-age'], undefined, 'a browser-session cookie');
			const home = await s.get('/');
			assert.equal(home.status, 200);
			assert.match(home.text, new RegExp(`<div class="who"><a href="/account">${h.user.name}</a>`));
			assert.match(home.text, /<form class="inline" method="post" action="\/logout">/);
			assert.doesNotMatch(home.text, /<a href="\/login">/);
			const me = await s.api('/api/v1/me');
			assert.equal(me.status, 200);
			assert.equal(me.json.username, h.user.name);
			assert.equal(me.json.must_change_password, false);
			assert.deepEqual(me.json.grants, [{ role: 'center_admin', institution_id: null }]);
			// each sign-in is a new session
			const again = new Session(base());
			await again.login(h.user.name, h.user.password);
			assert.notEqual(again.cookies.get('sc_session'), s.cookies.get('sc_session'));
		});

		it('sign in: next must be a local path (not the login or logout page)', async () => {
			for (const [next, want] of [['//evil.example/x', '/'], ['https://evil.example/', '/'], ['/\\evil.example', '/'], ['/logout', '/'], ['/login?next=/x', '/'], ['/audit?actor=a', '/audit?actor=a']]) {
				const s = new Session(base());
				const r = await s.login(h.user.name, h.user.password, { next });
				assert.equal(r.status, 303);
				assert.equal(r.headers.get('location'), want, `next=${next}`);
			}
		});

		it('a wrong password or an unknown user: 401, the same message, no session', async () => {
			const a = stranger(base());
			const wrong = await a.login(h.user.name, 'Wrong-password-1');
			const b = stranger(base());
			const unknown = await b.login('nobody-here', 'Wrong-password-1');
			for (const [r, s] of [[wrong, a], [unknown, b]]) {
				assert.equal(r.status, 401);
				assert.match(r.headers.get('content-type'), /^text\/html/);
				assert.match(r.text, /用户名或密码错误/);
				assert.ok(!s.signedIn);
				assert.equal(cookieNamed(r.res, 'sc_session'), undefined);
			}
			assert.ok(fieldHtml(wrong.text, 'username').includes(`value="${h.user.name}"`), 'the user name is kept');
			assert.ok(!wrong.text.includes('Wrong-password-1'), 'the password is not sent back');
			// empty fields: the same refusal
			const c = stranger(base());
			assert.equal((await c.login('', '')).status, 401);
		});

		it('sign out ends the session on the server: the old cookie no longer works', async () => {
			const s = await login(base(), h.user.name, h.user.password);
			const old = s.cookies.get('sc_session');
			assert.equal((await s.get('/account')).status, 200);
			// without the CSRF token sign-out is refused and the session lives
			const forged = await s.post('/logout', {}, { csrf: false });
			assert.equal(forged.status, 403);
			assert.equal((await s.get('/account')).status, 200);

			const out = await s.logout();
			assert.equal(out.status, 303);
			assert.equal(out.headers.get('location'), '/');
			const cleared = cookieNamed(out.res, 'sc_session');
			assert.ok(cleared, 'the cookie is cleared');
			assert.equal(cleared.value, '');
			assert.equal(cleared.attrs['max-age'], '0');
			assertCookieAttrs(cleared, false, 'cleared sc_session');
			assert.ok(!s.signedIn);
			const home = await s.get('/');
			assert.match(home.text, /<div class="who"><a href="\/login">登录<\/a><\/div>/, 'the header offers 登录 again');

			// replaying the old cookie: treated as signed out
			const replay = new Session(base());
			replay.cookies.set('sc_session', old);
			const acc = await replay.get('/account');
			assert.equal(acc.status, 303);
			assert.equal(acc.headers.get('location'), '/login?next=%2Faccount');
			const me = await replay.api('/api/v1/me');
			assert.equal(me.status, 401);
			assert.equal(me.json.error.code, 'login_required');
		});

		it('CSRF on pages: a POST without the token, with a wrong one or another session\'s → 403, nothing done', async () => {
			const s = await login(base(), h.user.name, h.user.password);
			const other = await login(base(), h.user.name, h.user.password);
			const anon = new Session(base());
			await anon.get('/login'); // an anonymous token (the sc_csrf cookie)
			const name = uniqueName('跨站');
			const form = { name, type: 'center', province: '11' };
			for (const [label, csrf] of [['missing', undefined], ['empty', ''], ['wrong', 'x'.repeat(43)], ['another session\'s', other.csrf], ['the anonymous cookie\'s', anon.csrf]]) {
				const r = await s.post('/institutions', csrf === undefined ? form : { ...form, csrf }, { csrf: csrf !== undefined });
				assert.equal(r.status, 403, `${label} token: ${r.status}`);
				assert.match(r.text, /表单已过期或来源不明/, label);
			}
			// a token in the header instead of the form is accepted for pages too
			const viaHeader = await s.request('/institutions', { method: 'POST', form, headers: { 'X-CSRF-Token': s.csrf } });
			assert.equal(viaHeader.status, 303, viaHeader.text.slice(0, 200));
			const list = await http(base(), `/api/v1/institutions?q=${encodeURIComponent(name)}`);
			assert.equal(list.json.total, 1, 'created once: by the request that carried the token');
		});

		it('CSRF on the login form: the field must echo the sc_csrf cookie', async () => {
			const s = new Session(base());
			await s.get('/login');
			const noCookie = await http(base(), '/login', { method: 'POST', form: { csrf: s.csrf, username: h.user.name, password: h.user.password } });
			assert.equal(noCookie.status, 403);
			const mismatch = await s.post('/login', { csrf: 'y'.repeat(48), username: h.user.name, password: h.user.password });
			assert.equal(mismatch.status, 403);
			assert.ok(!s.signedIn);
		});

		it('CSRF on the API with a session: X-CSRF-Token required; with a Bearer token not needed', async () => {
			const s = await login(base(), h.user.name, h.user.password);
			const body = () => ({ name: uniqueName('会话接口'), type: 'center', province: '11' });
			const none = await s.api('/api/v1/institutions', { method: 'POST', json: body(), csrf: false });
			assert.equal(none.status, 403);
			assert.equal(none.json.error.code, 'csrf');
			const bad = await s.api('/api/v1/institutions', { method: 'POST', json: body(), csrf: false, headers: { 'X-CSRF-Token': 'z'.repeat(43) } });
			assert.equal(bad.status, 403);
			assert.equal(bad.json.error.code, 'csrf');
			const ok = await s.api('/api/v1/institutions', { method: 'POST', json: body() });
			assert.equal(ok.status, 201, ok.text);
			const rn = await s.api(`/api/v1/institutions/${ok.json.id}/rename`, { method: 'POST', json: { name: uniqueName('会话更名') } });
			assert.equal(rn.status, 200, rn.text);
			// GETs need no token
			assert.equal((await s.api('/api/v1/me', { csrf: false })).status, 200);
			// a Bearer token carries no ambient credential: no CSRF token needed
			const tok = await h.api('/api/v1/institutions', { method: 'POST', json: body() });
			assert.equal(tok.status, 201, tok.text);
		});

		describe('the initial password', () => {
			let first; // admin's first session, with the initial password
			let second;
			let adminToken;
			const newPw = newPassword();

			before(async () => {
				first = new Session(base());
				const r = await first.login('admin', h.server.adminPassword, { next: '/institutions' });
				assert.equal(r.status, 303);
				first.loginLocation = r.headers.get('location');
				await first.refreshCsrf();
				second = await login(base(), 'admin', h.server.adminPassword);
				adminToken = (await h.server.cli(['user', 'token', 'admin'])).stdout.trim();
			});

			it('first sign-in with it → /account/password, which says why', async () => {
				assert.equal(first.loginLocation, '/account/password', 'next is not followed yet');
				const r = await first.get('/account/password');
				assert.equal(r.status, 200);
				assert.match(r.text, /这是初始密码，请先设置您自己的密码。/);
				for (const f of ['current_password', 'new_password', 'confirm_password']) assert.match(fieldHtml(r.text, f), /type="password"/);
			});

			it('every other page redirects there, the API answers 403 password_change_required', async () => {
				for (const p of ['/', '/institutions', '/account', '/admin/users', '/audit', `/institutions/1`]) {
					const r = await first.get(p);
					assert.equal(r.status, 303, p);
					assert.equal(r.headers.get('location'), '/account/password', p);
				}
				for (const [p, o] of [['/api/v1/institutions', {}], ['/api/v1/audit', {}], ['/api/v1/institutions', { method: 'POST', json: { name: uniqueName('未改密'), type: 'center', province: '11' } }]]) {
					const r = await first.api(p, o);
					assert.equal(r.status, 403, `${o.method || 'GET'} ${p}`);
					assert.equal(r.json.error.code, 'password_change_required');
				}
				const post = await first.post('/institutions', { name: uniqueName('未改密'), type: 'center', province: '11' });
				assert.equal(post.status, 403);
				assert.match(post.text, /请先修改初始密码/);
				// a token of such a user is held to the same rule
				const t = await http(base(), '/api/v1/institutions', { headers: { Authorization: `Bearer ${adminToken}` } });
				assert.equal(t.status, 403);
				assert.equal(t.json.error.code, 'password_change_required');
				// what stays reachable: who am I, the language, sign-out
				const me = await first.api('/api/v1/me');
				assert.equal(me.status, 200);
				assert.equal(me.json.must_change_password, true);
				assert.equal((await first.get('/lang?to=zh&next=/')).status, 303);
				const third = await login(base(), 'admin', h.server.adminPassword);
				const out = await third.logout();
				assert.equal(out.status, 303, 'sign-out works before the change');
				assert.equal(out.headers.get('location'), '/');
			});

			it('password rules: 422 naming the field, nothing changed', async () => {
				const cur = h.server.adminPassword;
				const cases = [
					[{ current_password: cur, new_password: 'Short-1', confirm_password: 'Short-1' }, 'new_password', '密码至少需要 10 个字符'],
					[{ current_password: cur, new_password: 'abcdefghijkl', confirm_password: 'abcdefghijkl' }, 'new_password', '密码须包含字母、数字、符号中的至少两类'],
					[{ current_password: cur, new_password: 'my-admin-2024', confirm_password: 'my-admin-2024' }, 'new_password', '密码不能包含用户名'],
					[{ current_password: cur, new_password: `A1${'x'.repeat(127)}`, confirm_password: `A1${'x'.repeat(127)}` }, 'new_password', '密码不能超过 128 个字符'],
					[{ current_password: cur, new_password: newPw, confirm_password: `${newPw}x` }, 'confirm_password', '两次输入的新密码不一致'],
					[{ current_password: 'Not-the-password-1', new_password: newPw, confirm_password: newPw }, 'current_password', '当前密码不正确'],
					[{ current_password: cur, new_password: cur, confirm_password: cur }, 'new_password', '新密码不能与当前密码相同'],
				];
				for (const [form, field, msg] of cases) {
					const r = await first.post('/account/password', form);
					assert.equal(r.status, 422, `${field} ${msg}: ${r.status}`);
					const f = fieldHtml(r.text, field);
					assert.match(f, /aria-invalid="true"/, `${field}: ${f}`);
					assert.ok(f.includes(`<p class="error" id="e-${field}">${msg}</p>`), `${msg}: ${f}`);
					assert.ok(!r.text.includes(`value="${form.new_password}"`), 'passwords are not echoed');
				}
				assert.equal((await first.api('/api/v1/me')).json.must_change_password, true);
			});

			it('after the change everything works, and the other sessions of that user end', async () => {
				const r = await first.post('/account/password', { current_password: h.server.adminPassword, new_password: newPw, confirm_password: newPw });
				assert.equal(r.status, 303, r.text.slice(0, 400));
				assert.equal(r.headers.get('location'), '/account');
				for (const p of ['/', '/institutions', '/account', '/admin/users', '/audit']) assert.equal((await first.get(p)).status, 200, p);
				assert.equal((await first.api('/api/v1/me')).json.must_change_password, false);
				const c = await first.api('/api/v1/institutions', { method: 'POST', json: { name: uniqueName('改密后'), type: 'center', province: '11' } });
				assert.equal(c.status, 201, c.text);
				// the other session is gone
				const gone = await second.get('/account');
				assert.equal(gone.status, 303);
				assert.equal(gone.headers.get('location'), '/login?next=%2Faccount');
				// the token now works
				const t = await http(base(), '/api/v1/institutions', { headers: { Authorization: `Bearer ${adminToken}` } });
				assert.equal(t.status, 200);
				// the old password no longer signs in, the new one does, straight to next
				const old = await stranger(base()).login('admin', h.server.adminPassword);
				assert.equal(old.status, 401);
				const fresh = new Session(base());
				const ok = await fresh.login('admin', newPw, { next: '/audit' });
				assert.equal(ok.status, 303);
				assert.equal(ok.headers.get('location'), '/audit');
			});
		});

		// routes.c: perm "account" = any signed-in user, its own things. A
		// user without grants yet (every new user: `user add`, the users
		// page) must still be able to change its initial password and to
		// sign out.
		it('a user without any grant still has its own account: /account, password change, sign-out', async () => {
			const u = await makeUser(h.server, 'nogrants', { role: null, token: true });
			const pw = newPassword();
			assert.equal((await h.server.cli(['user', 'passwd', u.name, '--password-stdin'], { input: `${pw}\n` })).code, 0);
			const s = new Session(base());
			const l = await s.login(u.name, pw);
			assert.equal(l.status, 303);
			assert.equal(l.headers.get('location'), '/account/password');
			const page = await s.get('/account/password');
			assert.equal(page.status, 200, 'the password page');
			const np = newPassword();
			const ch = await s.post('/account/password', { current_password: pw, new_password: np, confirm_password: np });
			assert.equal(ch.status, 303, 'the password change');
			assert.equal((await s.get('/account')).status, 200, '/account');
			assert.equal((await s.api('/api/v1/me')).status, 200, '/api/v1/me');
			assert.equal((await http(base(), '/api/v1/me', { headers: { Authorization: `Bearer ${u.token}` } })).status, 200, '/api/v1/me with a token');
			const out = await s.logout();
			assert.equal(out.status, 303, 'sign-out');
			assert.ok(!s.signedIn);
		});

		it('a password set with `user passwd` must be changed again at the next sign-in', async () => {
			const u = await makeUser(h.server, 'resetme', { role: 'viewer', token: false });
			const s = await login(base(), u.name, u.password);
			assert.equal((await s.get('/account')).status, 200);
			const pw = newPassword();
			const r = await h.server.cli(['user', 'passwd', u.name, '--password-stdin'], { input: `${pw}\n` });
			assert.equal(r.code, 0, r.stderr);
			// the reset ended the session
			assert.equal((await s.get('/account')).status, 303);
			const again = new Session(base());
			const l = await again.login(u.name, pw);
			assert.equal(l.status, 303);
			assert.equal(l.headers.get('location'), '/account/password');
		});
	});

	describe(`sessions with --secure-cookies [${engine}]`, () => {
		const h = useServer({ engine, tag: 'secure', args: ['--secure-cookies'] });

		it('the session and CSRF cookies are Secure (and still HttpOnly, SameSite=Lax, Path=/)', async () => {
			const u = await makeUser(h.server, 'secure1', { role: 'viewer', token: false });
			const s = new Session(h.server.base);
			const g = await s.get('/login');
			assertCookieAttrs(cookieNamed(g.res, 'sc_csrf'), true, 'sc_csrf');
			const r = await s.post('/login', { username: u.name, password: u.password });
			assert.equal(r.status, 303);
			assertCookieAttrs(cookieNamed(r.res, 'sc_session'), true, 'sc_session');
			await s.refreshCsrf();
			const out = await s.logout();
			assertCookieAttrs(cookieNamed(out.res, 'sc_session'), true, 'cleared sc_session');
		});

		// docs/configuration.md: --secure-cookies "mark[s] cookies Secure";
		// the language cookie is written by hand in src/web/home.c and
		// misses it
		it('the language cookie is Secure too', async () => {
			const lang = await http(h.server.base, '/lang?to=en&next=/');
			assertCookieAttrs(cookieNamed(lang.res, 'lang'), true, 'lang');
		});

		it('the server stops cleanly', () => h.stopCleanly());
	});
}
