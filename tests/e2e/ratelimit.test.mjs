// Failed sign-ins: counted per account and per client address. The first
// three failures cost nothing; after the fourth the account must wait 2 s,
// after the fifth 4 s (docs/security.md, core/ratelimit.c rate_login):
// meanwhile every attempt is answered 429 with Retry-After, even with the
// right password. A successful sign-in clears the account's counter. (The
// lock after ten failures is covered by tests/unit/test_ratelimit.c: it
// lasts 15 minutes.)
//
// The attempts come from loopback addresses of their own (127.0.0.x), so
// the per-address counter of 127.0.0.1, which every other test signs in
// from, is left alone. Both engines run side by side: most of the time is
// waiting.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { engines, makeUser, Session, sleep, useServer } from './lib.mjs';

const WRONG = 'Wrong-password-9';

describe('failed sign-ins: backoff', { concurrency: true }, () => {
	for (const engine of engines()) {
		describe(`[${engine}]`, () => {
			const h = useServer({ engine, tag: 'ratelimit' });

			it('4 wrong passwords → 401; then 429 + Retry-After (2 s, then 4 s) even with the right one; afterwards it works and the counter is cleared', async () => {
				const base = h.server.base;
				const victim = await makeUser(h.server, 'victim', { role: 'viewer', token: false });
				const from = (n) => new Session(base, { localAddress: `127.0.0.${n}` });
				const t0 = Date.now();
				const attacker = from(21);

				for (let i = 1; i <= 4; i++) {
					const r = await attacker.login(victim.name, WRONG);
					assert.equal(r.status, 401, `wrong password ${i}: ${r.status}`);
					assert.match(r.text, /用户名或密码错误/);
					assert.equal(r.headers.get('retry-after'), null);
				}

				// now the account waits 2 s: even the right password is refused
				const early = await attacker.login(victim.name, victim.password);
				assert.equal(early.status, 429, early.text.slice(0, 200));
				const ra1 = Number(early.headers.get('retry-after'));
				assert.ok(ra1 >= 1 && ra1 <= 2, `Retry-After ${early.headers.get('retry-after')}`);
				assert.match(early.text, /登录失败次数过多，请稍候再试/);
				assert.ok(!attacker.signedIn, 'no session while waiting');
				// a wrong one too, and from another address (the account's wait)
				assert.equal((await attacker.login(victim.name, WRONG)).status, 429);
				const elsewhere = await from(22).login(victim.name, victim.password);
				assert.equal(elsewhere.status, 429, 'the account waits whatever the address');
				// the wait is per account and address: another user from another address is not held up
				assert.equal((await from(23).login('someone-else', WRONG)).status, 401);

				// after the wait one more try is let through; a 5th failure doubles the wait
				await sleep(ra1 * 1000 + 50);
				const fifth = await attacker.login(victim.name, WRONG);
				assert.equal(fifth.status, 401, 'the wait is over');
				const again = await attacker.login(victim.name, victim.password);
				assert.equal(again.status, 429);
				const ra2 = Number(again.headers.get('retry-after'));
				assert.ok(ra2 >= 3 && ra2 <= 4, `Retry-After after the 5th failure: ${again.headers.get('retry-after')}`);

				await sleep(ra2 * 1000 + 50);
				const ok = await attacker.login(victim.name, victim.password);
				assert.equal(ok.status, 303, `the right password after the wait: ${ok.status}`);
				assert.ok(attacker.signedIn);

				// the account's counter was cleared: from a fresh address, one
				// more failure does not bring a wait back (5 uncleared
				// failures + 1 would mean 8 s)
				const fresh = from(24);
				assert.equal((await fresh.login(victim.name, WRONG)).status, 401);
				const after = await fresh.login(victim.name, victim.password);
				assert.equal(after.status, 303, `after the counter was cleared: ${after.status} Retry-After ${after.headers.get('retry-after')}`);

				const ms = Date.now() - t0;
				assert.ok(ms < 15000, `took ${ms} ms`);

				// every failure was audited; the refused attempts (429) were not checked at all
				const audit = await h.server.cli(['audit', 'list', '--action', 'login.failed', '--limit', '100']);
				const failed = audit.stdout.split('\n').filter((l) => l.includes(`\tuser ${victim.name}\t`));
				assert.equal(failed.length, 6, audit.stdout);
			});
		});
	}
});
