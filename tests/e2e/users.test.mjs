// Disabling a user (issue 11): from the users page (with a ticked
// confirmation) and the CLI. A disabled user cannot sign in, their
// sessions and API tokens stop working at once, and the change is audited.
// Also the user names no account may take.
import assert from 'node:assert/strict';
import { it } from 'node:test';

import { bearer, describeWithServer, engines, http, login, makeUser, Session } from './lib.mjs';

for (const engine of engines()) {
	describeWithServer(`users: disable and enable [${engine}]`, { engine, tag: 'users', user: true }, (h) => {
		const base = () => h.server.base;

		it('the page asks for confirmation, then signs the user out, revokes their tokens and refuses their sign-in', async () => {
			const u = await makeUser(h.server, 'leaver', { role: 'viewer' });
			const theirs = await login(base(), u.name, u.password);
			assert.equal((await theirs.get('/account')).status, 200);
			assert.equal((await http(base(), '/api/v1/me', { headers: bearer(u.token) })).status, 200);

			const admin = await login(base(), h.user.name, h.user.password);
			const page = await admin.get(`/admin/users/${u.name}`);
			assert.equal(page.status, 200);
			assert.match(page.text, /action="\/admin\/users\/leaver\/disable"/);
			assert.match(page.text, /<input type="checkbox" name="confirm" value="1" id="confirm" required>/);
			assert.match(page.text, /<dd>正常<\/dd>/);

			// without the ticked box: refused, nothing changes
			const unconfirmed = await admin.post(`/admin/users/${u.name}/disable`, {});
			assert.equal(unconfirmed.status, 422);
			assert.match(unconfirmed.text, /id="e-confirm">请勾选确认</);
			assert.equal((await theirs.get('/account')).status, 200);

			const done = await admin.post(`/admin/users/${u.name}/disable`, { confirm: '1' });
			assert.equal(done.status, 303, done.text.slice(0, 500));
			assert.equal(done.headers.get('location'), `/admin/users/${u.name}`);
			const after = await admin.get(`/admin/users/${u.name}`);
			assert.match(after.text, /<dd>已停用<\/dd>/);
			assert.match(after.text, /action="\/admin\/users\/leaver\/enable"/);
			assert.match((await admin.get('/admin/users')).text, /<td>已停用<\/td>/);

			// at once: the session is gone, the token refused, no new sign-in
			const acc = await theirs.get('/account');
			assert.equal(acc.status, 303);
			assert.match(acc.headers.get('location'), /^\/login/);
			const me = await http(base(), '/api/v1/me', { headers: bearer(u.token) });
			assert.equal(me.status, 401);
			assert.equal((await new Session(base(), { localAddress: '127.0.0.77' }).login(u.name, u.password)).status, 401);

			// audited, with its label
			const audit = await h.api(`/api/v1/audit?action=user.disable`);
			assert.equal(audit.status, 200);
			const rec = audit.json.items.find((x) => x.object_id === u.name);
			assert.ok(rec, 'the disable is audited');
			assert.equal(rec.actor, h.user.name);
			assert.deepEqual(rec.after, { disabled: true, tokens_revoked: 1 });
			assert.match((await admin.get('/audit?action=user.disable')).text, />停用用户</);

			// twice: a conflict shown on the page
			const again = await admin.post(`/admin/users/${u.name}/disable`, { confirm: '1' });
			assert.equal(again.status, 409);

			// enabled again: signs in; the old token stays revoked
			const en = await admin.post(`/admin/users/${u.name}/enable`, {});
			assert.equal(en.status, 303);
			await login(base(), u.name, u.password);
			assert.equal((await http(base(), '/api/v1/me', { headers: bearer(u.token) })).status, 401);
		});

		it('the names "system" (the command line\'s operator in the audit trail) and "anonymous" are kept from accounts', async () => {
			for (const name of ['system', 'anonymous']) {
				const r = await h.server.cli(['user', 'add', name]);
				assert.equal(r.code, 1, `${name}: ${r.stdout}`);
				assert.match(r.stderr, /username/);
				assert.match(r.stderr, /保留|reserved/);
			}
			const list = JSON.parse((await h.server.cli(['user', 'list', '--json'])).stdout);
			assert.ok(!list.some((x) => x.username === 'system' || x.username === 'anonymous'));
		});

		it('nobody disables their own account', async () => {
			const admin = await login(base(), h.user.name, h.user.password);
			const r = await admin.post(`/admin/users/${h.user.name}/disable`, { confirm: '1' });
			assert.equal(r.status, 422);
			assert.match(r.text, /不能停用自己的账户/);
			assert.equal((await admin.get('/account')).status, 200);
		});

		it('the CLI: user disable NAME / user enable NAME, and user list shows it', async () => {
			const u = await makeUser(h.server, 'cliuser', { role: 'viewer' });
			const s = await login(base(), u.name, u.password);
			const off = await h.server.cli(['user', 'disable', u.name]);
			assert.equal(off.code, 0, off.stderr);
			assert.match(off.stdout, /disabled/);
			assert.equal((await s.get('/account')).status, 303);
			assert.equal((await http(base(), '/api/v1/me', { headers: bearer(u.token) })).status, 401);
			const list = await h.server.cli(['user', 'list', '--json']);
			assert.equal(JSON.parse(list.stdout).find((x) => x.username === u.name).disabled, true);
			const twice = await h.server.cli(['user', 'disable', u.name]);
			assert.equal(twice.code, 1);
			assert.match(twice.stderr, /username/);
			assert.equal((await h.server.cli(['user', 'enable', u.name])).code, 0);
			await login(base(), u.name, u.password);
			assert.equal((await h.server.cli(['user', 'disable', 'nosuchuser'])).code, 1);
			assert.equal((await h.server.cli(['user', 'disable'])).code, 2);
		});

		it('a user manager of one institution cannot disable a network-wide user', async () => {
			const inst = await h.api('/api/v1/institutions', { method: 'POST', json: { name: `停用测试${process.pid}`, type: 'center', province: '11' } });
			assert.equal(inst.status, 201, inst.text);
			const local = await makeUser(h.server, 'localadm', { role: 'institution_admin', institution: inst.json.id, token: false });
			const s = await login(base(), local.name, local.password);
			const r = await s.post(`/admin/users/${h.user.name}/disable`, { confirm: '1' });
			assert.equal(r.status, 403);
			assert.equal((await h.api('/api/v1/me')).status, 200);
		});
	});
}
