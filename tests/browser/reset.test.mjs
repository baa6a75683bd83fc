// Password reset in a real browser (Debian's Chromium driven by
// playwright-core) on a phone-sized window (390 px), by keyboard: from the
// sign-in page to "forgot your password", the name typed and sent; the mail
// arrives at a real SMTP receiver (tests/lib/smtp-sink.mjs); its link opens
// the new-password form; the new password saved, the sign-in page says so
// and the new password signs in; the account page then changes the e-mail
// address. No console errors, no failed requests, nothing wider than the
// window.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { parseMail, startSmtpSink } from '../lib/smtp-sink.mjs';
import { apiAs, makeUser, newPassword, startServer } from '../e2e/lib.mjs';
import { fits, openBrowser } from './lib.mjs';

describe('browser: forgot password → e-mailed link → new password, on a 390 px window [sqlite]', () => {
	let server;
	let sink;
	let browser;
	let user;
	/* Focuses the field with this id, checks the focus is there, and types
	 * into it with the keyboard. */
	const typeInto = async (p, id, text) => {
		await p.focus(`#${id}`);
		assert.equal(await p.evaluate(() => document.activeElement.id), id);
		await p.keyboard.type(text);
	};

	before(async () => {
		sink = await startSmtpSink();
		server = await startServer({
			engine: 'sqlite', tag: 'browser-reset',
			env: { SKILLCERT_SMTP_URL: `smtp://127.0.0.1:${sink.port}`, SKILLCERT_MAIL_FROM: 'noreply@skillcert.test' },
		});
		const s = await server.cli(['setting', 'set', 'public_url', server.base]);
		assert.equal(s.code, 0, s.stderr);
		user = await makeUser(server, 'forgetful', { role: 'viewer' });
		const r = await apiAs(server.base, user.token)('/api/v1/me/email', { method: 'POST', json: { email: 'forgetful@example.cn', password: user.password } });
		assert.equal(r.status, 200, r.text);
		browser = await openBrowser();
	});

	after(async () => {
		if (browser) await browser.close();
		if (server) assert.equal(await server.stop(), 0, server.stderr());
		if (sink) await sink.close();
	});

	it('forgot → mail → link → new password → signed in, and the address changed on the account page', async () => {
		const { ctx, p } = await browser.page();

		await p.goto(`${server.base}/login`);
		await p.focus('#forgot-link');
		await Promise.all([p.waitForURL('**/password/forgot'), p.keyboard.press('Enter')]);
		assert.equal(await p.textContent('h1'), '忘记密码');
		await fits(p, '/password/forgot');
		await typeInto(p, 'f-username', user.name);
		await Promise.all([p.waitForLoadState('load'), p.keyboard.press('Enter')]);
		await p.waitForSelector('#forgot-done');
		await fits(p, 'the answer');

		const [m] = await sink.waitFor(1);
		assert.deepEqual(m.to, ['forgetful@example.cn']);
		const mail = parseMail(m.data);
		assert.equal(mail.subject, '重设密码 — 技能人才评价平台');
		const link = /(https?:\/\/\S+\/password\/reset\?token=pr_[A-Za-z0-9_-]+)/.exec(mail.body)[1];
		assert.ok(link.startsWith(server.base), link);

		await p.goto(link);
		assert.equal(await p.textContent('h1'), '设置新密码');
		await fits(p, '/password/reset');
		const fresh = newPassword();
		await typeInto(p, 'f-new_password', fresh);
		await p.keyboard.press('Tab');
		assert.equal(await p.evaluate(() => document.activeElement.id), 'f-confirm_password');
		await p.keyboard.type(fresh);
		await Promise.all([p.waitForURL('**/login?reset=1'), p.keyboard.press('Enter')]);
		assert.match(await p.textContent('main'), /密码已重设/);
		await fits(p, '/login?reset=1');

		await typeInto(p, 'f-username', user.name);
		await p.keyboard.press('Tab');
		await p.keyboard.type(fresh);
		await Promise.all([p.waitForURL(`${server.base}/`), p.keyboard.press('Enter')]);
		assert.equal((await p.textContent('.who a')).trim(), user.name);

		await p.goto(`${server.base}/account`);
		await fits(p, '/account');
		assert.equal(await p.inputValue('#f-email'), 'forgetful@example.cn');
		await p.fill('#f-email', '');
		await typeInto(p, 'f-email', 'new.address@example.cn');
		// the change asks for the current password (the next field)
		await p.keyboard.press('Tab');
		assert.equal(await p.evaluate(() => document.activeElement.id), 'f-password');
		await p.keyboard.type(fresh);
		await Promise.all([p.waitForURL('**/account#email'), p.keyboard.press('Enter')]);
		assert.equal(await p.inputValue('#f-email'), 'new.address@example.cn');

		await ctx.close();
		assert.deepEqual(browser.problems, []);
	});
});
