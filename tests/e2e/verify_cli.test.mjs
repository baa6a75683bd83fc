// `skillcert verify` with no database and no network: a credential (compact
// JWS) or a QR token (bare or as its verify URL) against a saved JWK Set,
// optionally a saved status list; every failure says why and exits 1.
// Also `skillcert issue`, `cert` and `key` from the command line. Both
// engines. Offline verification is exact: the status list must be the one
// the credential names, --status applies to QR tokens too, the JWT claims
// must agree with the credential, only a certificate credential passes,
// and the status list's age is printed. Last, `init --public-url` and
// `demo`'s address: nothing is signed with a placeholder address.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { before, describe, it } from 'node:test';

import { SignJWT, exportJWK, generateKeyPair } from 'jose';

import { closedPlan, makeStation, sql } from './certlib.mjs';
import { BIN, describeWithServer, engines, makeDataDir, run } from './lib.mjs';

/* s with the character at i replaced by another base64url character. */
const change = (s, i) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);

for (const engine of engines()) {
	describeWithServer(`skillcert verify, issue, cert, key [${engine}]`, { engine, tag: 'vcli', user: true }, (h) => {
		let dir; // where the saved files go: no data dir, no database
		let plan;
		let number;
		let credential;
		let token;
		let jwksFile;

		const cli = async (args, code = 0) => {
			const r = await h.server.cli(args);
			assert.equal(r.code, code, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
			return r;
		};
		/* verify with nothing but files: run outside any data directory */
		const verify = (args) => run(['verify', ...args], { cwd: dir, env: { SKILLCERT_DATA: path.join(dir, 'none'), SKILLCERT_DB: '' } });

		let station;

		before(async () => {
			dir = makeDataDir('vcli');
			station = await makeStation(h.server, (p, o) => h.api(p, o));
			plan = (await closedPlan(h.server, (p, o) => h.api(p, o), station, { pass: 2, fail: 1 })).plan;
		});

		it('issue from the command line: refused while public_url is unset, naming it; then twice, the second issues nothing', async () => {
			await sql(h.server, "DELETE FROM setting WHERE name = 'public_url'");
			assert.equal((await cli(['setting', 'get', 'public_url'])).stdout.trim(), '', 'unset');
			const refused = await cli(['issue', '--plan', String(plan)], 1);
			assert.match(refused.stderr, /public_url/);
			assert.match((await cli(['cert', 'list', '--plan', String(plan)])).stdout, /^$/, 'nothing issued');
			await cli(['setting', 'set', 'public_url', 'https://verify.example.cn']);
			const first = (await cli(['issue', '--plan', String(plan)])).stdout;
			assert.match(first, /^2 issued, 0 issued before$/m);
			const m = first.match(/numbers (\S+) \.\. (\S+)/);
			assert.ok(m, first);
			[, number] = m;
			assert.match(number, /^[SY]\d{14}[1-5]\d{6}$/);
			assert.match((await cli(['issue', '--plan', String(plan)])).stdout, /^0 issued, 2 issued before$/m);
			const list = (await cli(['cert', 'list', '--plan', String(plan)])).stdout.trim().split('\n');
			assert.equal(list.length, 2);
			assert.ok(list.every((l) => l.endsWith('\tvalid')), list.join('\n'));
			assert.match((await cli(['cert', 'show', number])).stdout, /^status: valid$/m);
			credential = (await cli(['cert', 'credential', number])).stdout.trim();
			assert.equal(credential.split('.').length, 3);
			const id = (await h.api(`/api/v1/certificates?q=${number}`)).json.certificates[0].id;
			token = (await h.api(`/api/v1/certificates/${id}`)).json.qr_token;
			jwksFile = path.join(dir, 'jwks.json');
			fs.writeFileSync(jwksFile, (await cli(['key', 'jwks'])).stdout);
			assert.equal(JSON.parse(fs.readFileSync(jwksFile, 'utf8')).keys.length, 1);
		});

		it('a credential and a QR token verify offline against the saved key set', async () => {
			fs.writeFileSync(path.join(dir, 'cred.jwt'), credential);
			const ok = await verify(['cred.jwt', '--jwks', jwksFile]);
			assert.equal(ok.code, 0, ok.stderr);
			assert.match(ok.stdout, /^kind: credential$/m);
			assert.match(ok.stdout, new RegExp(`^number: ${number}$`, 'm'));
			assert.match(ok.stdout, /^signature: valid$/m);
			const t = await verify([token, '--jwks', jwksFile]);
			assert.equal(t.code, 0, t.stderr);
			assert.match(t.stdout, /^kind: token$/m);
			assert.match(t.stdout, new RegExp(`^number: ${number}$`, 'm'));
			assert.match(t.stdout, /^holder: .\*/m, 'the token carries the masked name');
			// the verify URL printed in the QR code works as well
			const url = await verify([`https://verify.example.cn/v/${token}`, '--jwks', jwksFile]);
			assert.equal(url.code, 0, url.stderr);
		});

		it('a bad one fails, saying why', async () => {
			const parts = credential.split('.');
			const cases = [
				['a changed payload', change(credential, parts[0].length + 5), /verify\.bad_signature/],
				['a changed signature', change(token, token.length - 3), /verify\.bad_signature/],
				['not a credential at all', 'hello', /verify\.malformed/],
				['two parts', `${parts[0]}.${parts[1]}`, /verify\.malformed/],
				['a token cut short', token.slice(0, 20), /verify\.token_malformed/],
			];
			for (const [what, text, why] of cases) {
				const f = path.join(dir, 'bad.txt');
				fs.writeFileSync(f, text);
				const r = await verify([f, '--jwks', jwksFile]);
				assert.equal(r.code, 1, `${what}: ${r.stdout}`);
				assert.match(r.stderr, why, what);
				assert.doesNotMatch(r.stdout, /signature: valid/, what);
			}
			// a key set without the signing key
			const other = path.join(dir, 'other.json');
			const set = JSON.parse(fs.readFileSync(jwksFile, 'utf8'));
			set.keys[0].kid = 'ed25519-someoneelse';
			fs.writeFileSync(other, JSON.stringify(set));
			const unknown = await verify(['cred.jwt', '--jwks', other]);
			assert.equal(unknown.code, 1);
			assert.match(unknown.stderr, /verify\.unknown_key/);
		});

		it('with a saved status list: revoked is reported and fails; rotating keys keeps old credentials verifiable', async () => {
			const status = path.join(dir, 'status.jwt');
			fs.writeFileSync(status, (await h.api('/status/0')).text);
			const valid = await verify(['cred.jwt', '--jwks', jwksFile, '--status', status]);
			assert.equal(valid.code, 0, valid.stderr);
			assert.match(valid.stdout, /^status: valid$/m);
			await cli(['cert', 'revoke', number, '--category', 'error', '--reason', '证书信息有误']);
			assert.match((await cli(['cert', 'show', number])).stdout, /^status: revoked — 证书信息有误$/m);
			fs.writeFileSync(status, (await h.api('/status/0')).text);
			const revoked = await verify(['cred.jwt', '--jwks', jwksFile, '--status', status]);
			assert.equal(revoked.code, 1);
			assert.match(revoked.stdout, /^status: revoked$/m);
			assert.match(revoked.stderr, /verify\.status\.revoked/);
			// a refused change says why (exit 1)
			const again = await cli(['cert', 'suspend', number, '--reason', 'x'], 1);
			assert.match(again.stderr, /注销|revoked/);
			// a new key signs from now on; the old one stays published
			const kid = (await cli(['key', 'rotate'])).stdout.trim();
			const keys = (await cli(['key', 'list'])).stdout.trim().split('\n');
			assert.equal(keys.length, 2);
			assert.ok(keys[0].startsWith(`${kid}\t`) && keys[0].endsWith('\tsigning'), keys.join('\n'));
			fs.writeFileSync(jwksFile, (await cli(['key', 'jwks'])).stdout);
			const old = await verify(['cred.jwt', '--jwks', jwksFile]);
			assert.equal(old.code, 0, old.stderr);
		});
		it('offline with --status: only the list the credential names; a trailing newline is fine; the list\'s age is printed', async () => {
			// number is revoked (above); list 1 is another, valid, list of the same issuer and key
			const listFile = (name, text) => {
				const f = path.join(dir, name);
				fs.writeFileSync(f, text);
				return f;
			};
			const list0 = (await h.api('/status/0')).text.trim();
			const list1 = (await h.api('/status/1')).text.trim();
			const other = await verify(['cred.jwt', '--jwks', jwksFile, '--status', listFile('list1.jwt', list1)]);
			assert.equal(other.code, 1, `another list must not vouch for the credential: ${other.stdout}`);
			assert.match(other.stderr, /verify\.status_list_other/);
			assert.doesNotMatch(other.stdout, /^status: valid$/m);
			// the list as saved by a browser or curl -o: with a newline at the end
			const nl = await verify(['cred.jwt', '--jwks', jwksFile, '--status', listFile('list0nl.jwt', `${list0}\n`)]);
			assert.equal(nl.code, 1, nl.stderr);
			assert.match(nl.stdout, /^status: revoked$/m, `${nl.stdout}${nl.stderr}`);
			assert.match(nl.stderr, /verify\.status\.revoked/);
			// which list, issued when, how old
			assert.match(nl.stdout, /^status_list: \S+\/status\/0$/m);
			const from = /^status_list_valid_from: (\S+)$/m.exec(nl.stdout);
			assert.ok(from, nl.stdout);
			assert.ok(Math.abs(Date.parse(from[1]) - Date.now()) < 600e3, from[1]);
			const age = /^status_list_age: (\d+) s/m.exec(nl.stdout);
			assert.ok(age, nl.stdout);
			assert.ok(Number(age[1]) >= 0 && Number(age[1]) < 600, age[1]);
		});

		it('offline with --status: a QR token is checked against the list too (bare token or verify URL)', async () => {
			const status = path.join(dir, 'status.jwt');
			fs.writeFileSync(status, (await h.api('/status/0')).text);
			// number's token: revoked
			const bare = await verify([token, '--jwks', jwksFile, '--status', status]);
			assert.equal(bare.code, 1, `a revoked certificate's token: ${bare.stdout}`);
			assert.match(bare.stdout, /^status: revoked$/m);
			assert.match(bare.stderr, /verify\.status\.revoked/);
			const url = await verify([`https://verify.example.cn/v/${token}`, '--jwks', jwksFile, '--status', status]);
			assert.equal(url.code, 1);
			assert.match(url.stdout, /^status: revoked$/m);
			// the other certificate of the plan: valid
			const list = (await cli(['cert', 'list', '--plan', String(plan)])).stdout.trim().split('\n').map((l) => l.split('\t')[0]);
			const otherNo = list.find((n) => n !== number);
			const otherId = (await h.api(`/api/v1/certificates?q=${otherNo}`)).json.certificates[0].id;
			const otherToken = (await h.api(`/api/v1/certificates/${otherId}`)).json.qr_token;
			const ok = await verify([otherToken, '--jwks', jwksFile, '--status', status]);
			assert.equal(ok.code, 0, ok.stderr);
			assert.match(ok.stdout, /^status: valid$/m);
			assert.match(ok.stdout, /^status_list_age: \d+ s/m);
			// as a verify URL, the list must be that address's
			const elsewhere = await verify([`https://elsewhere.example/v/${otherToken}`, '--jwks', jwksFile, '--status', status]);
			assert.equal(elsewhere.code, 1, elsewhere.stdout);
			assert.match(elsewhere.stderr, /verify\.status_list_other/);
			// another list number
			const list1 = path.join(dir, 'list1.jwt');
			fs.writeFileSync(list1, (await h.api('/status/1')).text);
			const wrong = await verify([otherToken, '--jwks', jwksFile, '--status', list1]);
			assert.equal(wrong.code, 1);
			assert.match(wrong.stderr, /verify\.status_list_other/);
		});

		it('offline: only a certificate credential passes, and its JWT claims must agree with it (OB 3.0 §8.2)', async () => {
			// a status list credential is signed by the same key: not a certificate
			const list = path.join(dir, 'list-as-cert.jwt');
			fs.writeFileSync(list, (await h.api('/status/0')).text);
			const notCert = await verify([list, '--jwks', jwksFile]);
			assert.equal(notCert.code, 1, notCert.stdout);
			assert.match(notCert.stderr, /verify\.not_certificate/);
			assert.doesNotMatch(notCert.stdout, /signature: valid/);

			// the genuine credential's claims
			const cred = JSON.parse(Buffer.from(credential.split('.')[1], 'base64url').toString('utf8'));
			assert.equal(cred.iss, cred.issuer.id);
			assert.equal(cred.jti, cred.id);
			assert.equal(cred.nbf, Date.parse(cred.validFrom) / 1000);
			assert.equal(cred.sub, undefined, 'the subject has no id: no sub');

			// signed by a key of our own (published in our own key set), so
			// that only the claims are wrong
			const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
			const jwk = { ...(await exportJWK(publicKey)), kid: 'ed25519-testforger', alg: 'EdDSA', use: 'sig' };
			const keys = path.join(dir, 'forger.json');
			fs.writeFileSync(keys, JSON.stringify({ keys: [jwk] }));
			const sign = (payload) => new SignJWT(payload).setProtectedHeader({ alg: 'EdDSA', kid: jwk.kid, typ: 'vc+jwt' }).sign(privateKey);
			const good = path.join(dir, 'forged-good.jwt');
			fs.writeFileSync(good, await sign(cred));
			const g = await verify([good, '--jwks', keys]);
			assert.equal(g.code, 0, `the same credential re-signed verifies: ${g.stderr}`);
			const cases = [
				['iss of another issuer', { ...cred, iss: 'https://evil.example/institutions/1' }],
				['no iss', { ...cred, iss: undefined }],
				['nbf a day later', { ...cred, nbf: cred.nbf + 86400 }],
				['no nbf', { ...cred, nbf: undefined }],
				['jti of another certificate', { ...cred, jti: `${cred.id}0` }],
				['a sub the subject does not have', { ...cred, sub: 'urn:uuid:0b4f6b0e-7c4b-4a3e-9d55-2f3c0e1a9b77' }],
				['a subject id without sub', { ...cred, credentialSubject: { ...cred.credentialSubject, id: 'urn:uuid:0b4f6b0e-7c4b-4a3e-9d55-2f3c0e1a9b77' } }],
			];
			for (const [what, payload] of cases) {
				const f = path.join(dir, 'forged.jwt');
				fs.writeFileSync(f, await sign(JSON.parse(JSON.stringify(payload))));
				const r = await verify([f, '--jwks', keys]);
				assert.equal(r.code, 1, `${what}: ${r.stdout}`);
				assert.match(r.stderr, /verify\.claims/, what);
			}
			// with sub equal to the subject's id: fine
			const subj = { ...cred, credentialSubject: { ...cred.credentialSubject, id: 'urn:uuid:0b4f6b0e-7c4b-4a3e-9d55-2f3c0e1a9b77' }, sub: 'urn:uuid:0b4f6b0e-7c4b-4a3e-9d55-2f3c0e1a9b77' };
			fs.writeFileSync(good, await sign(subj));
			assert.equal((await verify([good, '--jwks', keys])).code, 0);
		});

		it('the industry line: numbered by the configured pattern, its own serials', async () => {
			const bad = await cli(['setting', 'set', 'industry_pattern', 'JX{YYYY}'], 1);
			assert.match(bad.stderr, /certno|编号规则|pattern/);
			await cli(['setting', 'set', 'industry_pattern', 'JX-{P}-{YY}{L}{N5}']);
			assert.equal((await cli(['setting', 'get', 'industry_pattern'])).stdout.trim(), 'JX-{P}-{YY}{L}{N5}');
			const other = (await closedPlan(h.server, (p, o) => h.api(p, o), station, { pass: 2 })).plan;
			const out = (await cli(['issue', '--plan', String(other), '--line', 'industry'])).stdout;
			assert.match(out, /^2 issued, 0 issued before$/m);
			const yy = String(new Date().getUTCFullYear()).slice(2);
			const province = station.filing.province_code;
			const list = (await cli(['cert', 'list', '--plan', String(other)])).stdout.trim().split('\n').map((l) => l.split('\t')[0]).sort();
			assert.deepEqual(list, [`JX-${province}-${yy}400001`, `JX-${province}-${yy}400002`]);
			const show = (await cli(['cert', 'show', list[0]])).stdout;
			assert.match(show, /^line: industry$/m);
			// its credential verifies like any other
			const cred = (await cli(['cert', 'credential', list[0]])).stdout.trim();
			assert.match(Buffer.from(cred.split('.')[1], 'base64url').toString('utf8'), /机械行业职业能力证书/);
			const bogus = await cli(['issue', '--plan', String(other), '--line', 'gold'], 1);
			assert.match(bogus.stderr, /line/);
		});
	});
}

/* A free loopback port. */
const freePort = () => new Promise((resolve) => {
	const srv = net.createServer().listen(0, '127.0.0.1', () => {
		const { port } = srv.address();
		srv.close(() => resolve(port));
	});
});

describe('the public address: init --public-url, demo [sqlite]', () => {
	it('init takes --public-url: checked before anything is made, kept, never silently replaced', async () => {
		const dir = makeDataDir('puburl');
		for (const bad of ['ftp://verify.example.cn', 'verify.example.cn', 'https://verify.example.cn/', 'https://verify.example.cn/?x=1',
			'https://verify.example.cn/#top', 'https://user@verify.example.cn', 'https://', 'https://verify.example.cn:99999', 'https://ver ify.example.cn']) {
			const r = await run(['init', '--data', path.join(dir, 'x'), '--public-url', bad]);
			assert.equal(r.code, 2, `${bad}: ${r.stdout}${r.stderr}`);
			assert.match(r.stderr, /--public-url/, bad);
			assert.ok(!fs.existsSync(path.join(dir, 'x')), `${bad}: nothing created`);
		}
		// without it: the data directory is made, and init says what is missing
		const plain = await run(['init', '--data', dir]);
		assert.equal(plain.code, 0, plain.stderr);
		assert.match(plain.stdout, /public address: not set/);
		assert.match(plain.stdout, /setting set public_url/);
		assert.equal((await run(['setting', 'get', 'public_url', '--data', dir])).stdout.trim(), '');
		// then given: set; again the same: nothing changes; another: refused
		const set = await run(['init', '--data', dir, '--public-url', 'https://verify.example.cn/skill']);
		assert.equal(set.code, 0, set.stderr);
		assert.equal((await run(['setting', 'get', 'public_url', '--data', dir])).stdout.trim(), 'https://verify.example.cn/skill');
		assert.equal((await run(['init', '--data', dir, '--public-url', 'https://verify.example.cn/skill'])).code, 0);
		const other = await run(['init', '--data', dir, '--public-url', 'https://other.example.cn']);
		assert.equal(other.code, 1, other.stdout);
		assert.match(other.stderr, /already https:\/\/verify\.example\.cn\/skill/);
		assert.equal((await run(['setting', 'get', 'public_url', '--data', dir])).stdout.trim(), 'https://verify.example.cn/skill');
		// the setting itself: the same rules
		for (const bad of ['https://verify.example.cn/', 'https://verify.example.cn?x', 'javascript:alert(1)'])
			assert.equal((await run(['setting', 'set', 'public_url', bad, '--data', dir])).code, 1, bad);
	});

	it('demo signs with the address it listens on', async () => {
		const dir = makeDataDir('demourl');
		const port = await freePort();
		const child = spawn(BIN, ['demo', '--data', dir, '--listen', `127.0.0.1:${port}`], { stdio: ['ignore', 'pipe', 'pipe'] });
		try {
			await new Promise((resolve, reject) => {
				let out = '';
				const timer = setTimeout(() => reject(new Error(`demo did not start: ${out}`)), 30000);
				child.stdout.on('data', (d) => {
					out += d;
					if (/serving on port/.test(out)) {
						clearTimeout(timer);
						resolve();
					}
				});
				child.on('exit', (code) => reject(new Error(`demo exited ${code}: ${out}`)));
			});
			const got = await run(['setting', 'get', 'public_url', '--data', dir]);
			assert.equal(got.stdout.trim(), `http://127.0.0.1:${port}`);
		} finally {
			child.kill('SIGTERM');
			await new Promise((resolve) => (child.exitCode !== null ? resolve() : child.on('exit', resolve)));
		}
	});
});
