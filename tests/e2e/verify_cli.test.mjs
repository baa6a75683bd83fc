// `skillcert verify` with no database and no network: a credential (compact
// JWS) or a QR token (bare or as its verify URL) against a saved JWK Set,
// optionally a saved status list; every failure says why and exits 1.
// Also `skillcert issue`, `cert` and `key` from the command line. Both
// engines.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, it } from 'node:test';

import { closedPlan, makeStation } from './certlib.mjs';
import { describeWithServer, engines, makeDataDir, run } from './lib.mjs';

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

		it('issue from the command line: twice, the second issues nothing', async () => {
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
			await cli(['cert', 'revoke', number, '--reason', '证书信息有误']);
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
