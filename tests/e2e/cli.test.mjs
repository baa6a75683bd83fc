// The command line: usage errors, --help, init, institution, migrate,
// configuration from the environment, refusing a newer schema.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { createPgDatabase, engines, makeDataDir, PG_ADMIN, removeDir, run } from './lib.mjs';

const SUBCOMMANDS = ['init', 'serve', 'demo', 'migrate', 'version', 'user', 'audit', 'routes', 'institution'];

function tool(cmd, args) {
	return new Promise((resolve, reject) => {
		const p = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
		let out = '';
		let err = '';
		p.stdout.on('data', (d) => (out += d));
		p.stderr.on('data', (d) => (err += d));
		p.on('error', reject);
		p.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${cmd} ${args.join(' ')}: ${code}: ${err}`))));
	});
}

describe('command line usage (engine-independent)', () => {
	it('no arguments → exit 2, usage on stderr', async () => {
		const r = await run([]);
		assert.equal(r.code, 2);
		assert.match(r.stderr, /^usage: skillcert COMMAND/);
		assert.equal(r.stdout, '');
		for (const c of SUBCOMMANDS) assert.match(r.stderr, new RegExp(`^  ${c} `, 'm'));
	});

	it('unknown command → exit 2 naming it', async () => {
		const r = await run(['frobnicate']);
		assert.equal(r.code, 2);
		assert.match(r.stderr, /unknown command "frobnicate"/);
		assert.match(r.stderr, /usage:/);
	});

	it('an unknown option → exit 2', async () => {
		for (const args of [['serve', '--bogus'], ['init', '--bogus=1'], ['migrate', '--nope'], ['institution', 'list', '--what']]) {
			const r = await run(args);
			assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
			assert.match(r.stderr, /unknown option "--[a-z]+"/);
			assert.match(r.stderr, /--help/);
		}
	});

	it('an option missing its value, a stray argument, a flag given a value → exit 2', async () => {
		for (const args of [['serve', '--data'], ['init', 'extra'], ['migrate', '--status=yes'], ['version', 'x'], ['institution'], ['institution', 'fly'], ['institution', 'add', '--name', 'x'], ['institution', 'show'], ['institution', 'rename', '1']]) {
			const r = await run(args, { env: { SKILLCERT_DATA: '/nonexistent/skillcert-test' } });
			assert.equal(r.code, 2, `${args.join(' ')} → ${r.code}: ${r.stderr}`);
			assert.match(r.stderr, /^skillcert /);
		}
	});

	it('every subcommand --help → exit 0, text starting with "usage:"', async () => {
		for (const c of SUBCOMMANDS) {
			for (const flag of ['--help', '-h']) {
				const r = await run([c, flag]);
				assert.equal(r.code, 0, `${c} ${flag}: ${r.stderr}`);
				assert.match(r.stdout, /^usage: skillcert /, `${c} ${flag}`);
				assert.ok(r.stdout.includes(`skillcert ${c}`), `${c} help names the command`);
			}
		}
		for (const args of [['--help'], ['help'], ['-h'], ['help', 'serve']]) {
			const r = await run(args);
			assert.equal(r.code, 0);
			assert.match(r.stdout, /^usage: skillcert /);
		}
	});

	it('version prints the version and the schema', async () => {
		for (const args of [['version'], ['--version']]) {
			const r = await run(args);
			assert.equal(r.code, 0);
			assert.match(r.stdout, /^skillcert \d+\.\d+\.\d+\S* \(schema \d+\)\n$/);
		}
	});

	it('serve with a bad --threads or --listen → non-zero exit with a message', async () => {
		const dir = makeDataDir('cli-serve');
		try {
			assert.equal((await run(['init', '--data', dir])).code, 0);
			const t = await run(['serve', '--data', dir, '--threads', '0', '--listen', '127.0.0.1:0']);
			assert.equal(t.code, 2);
			assert.match(t.stderr, /--threads/);
			const l = await run(['serve', '--data', dir, '--listen', 'nonsense']);
			assert.equal(l.code, 1);
			assert.match(l.stderr, /invalid listen address "nonsense"/);
		} finally {
			removeDir(dir);
		}
	});

	it('serve on a data directory that was never initialised → non-zero, says what to do', async () => {
		const dir = makeDataDir('cli-empty');
		try {
			const r = await run(['serve', '--data', dir, '--listen', '127.0.0.1:0'], { timeoutMs: 10000 });
			assert.notEqual(r.code, 0);
			assert.equal(r.signal, null);
			assert.match(r.stderr, /skillcert migrate|skillcert init/, r.stderr);
			const missing = await run(['serve', '--data', path.join(dir, 'does', 'not', 'exist'), '--listen', '127.0.0.1:0'], { timeoutMs: 10000 });
			assert.equal(missing.code, 1);
			assert.match(missing.stderr, /^skillcert: /);
		} finally {
			removeDir(dir);
		}
	});
});

for (const engine of engines()) {
	describe(`command line with data [${engine}]`, () => {
		let dir;
		let pg = null;
		let common;
		let schema;

		before(async () => {
			dir = makeDataDir(`cli-${engine}`);
			if (engine === 'postgresql') pg = await createPgDatabase('cli');
			common = ['--data', dir, ...(pg ? ['--db', pg.url] : [])];
			schema = Number(/\(schema (\d+)\)/.exec((await run(['version'])).stdout)[1]);
		});
		after(async () => {
			if (pg) await pg.drop();
			removeDir(dir);
		});

		it('init creates the data directory, key and database; a second init changes nothing', async () => {
			const a = await run(['init', ...common]);
			assert.equal(a.code, 0, a.stderr);
			assert.match(a.stdout, /created master key/);
			assert.match(a.stdout, new RegExp(`schema 0 -> ${schema}`));
			// the administrator and a generated password, printed this once
			assert.match(a.stdout, /administrator login: admin \/ \S{12,}\n/);
			const key = path.join(dir, 'master.key');
			const keyBefore = fs.readFileSync(key);
			const mode = fs.statSync(key).mode & 0o777;
			assert.equal(mode & 0o077, 0, `master key is private (mode ${mode.toString(8)})`);

			const b = await run(['init', ...common]);
			assert.equal(b.code, 0, b.stderr);
			assert.doesNotMatch(b.stdout, /^created /m);
			assert.match(b.stdout, new RegExp(`schema ${schema}, up to date`));
			assert.doesNotMatch(b.stdout, /administrator login: admin \//, 'the password is not shown again');
			assert.deepEqual(fs.readFileSync(key), keyBefore, 'the key is kept');
		});

		it('migrate --status prints both versions; migrate is a no-op when up to date', async () => {
			const s = await run(['migrate', '--status', ...common]);
			assert.equal(s.code, 0, s.stderr);
			assert.equal(s.stdout, `database schema ${schema}, binary schema ${schema} (up to date)\n`);
			const m = await run(['migrate', ...common]);
			assert.equal(m.code, 0);
			assert.equal(m.stdout, `schema ${schema}, up to date\n`);
		});

		it('institution add prints the new id; list --json and show find it', async () => {
			const name = `命令行机构${process.pid}`;
			const a = await run(['institution', 'add', ...common, '--name', name, '--type', 'exam_station', '--province', '37', '--credit-code', '913700001000000000']);
			assert.equal(a.code, 0, a.stderr);
			assert.match(a.stdout, /^\d+\n$/);
			const id = Number(a.stdout);

			const l = await run(['institution', 'list', '--json', ...common]);
			assert.equal(l.code, 0, l.stderr);
			const items = JSON.parse(l.stdout);
			assert.ok(Array.isArray(items));
			assert.deepEqual(items.find((i) => i.id === id), { id, name, type: 'exam_station', province: '37', status: 'applying', registration_no: null });

			const f = await run(['institution', 'list', ...common, '--q', '命令行', '--province', '37']);
			assert.equal(f.code, 0);
			assert.equal(f.stdout, `${id}\texam_station\t37\tapplying\t-\t${name}\n`);

			const child = await run(['institution', 'add', ...common, `--name=${name}分部`, '--type=exam_site', '--province=37', `--parent=${id}`]);
			assert.equal(child.code, 0, child.stderr);

			const r = await run(['institution', 'rename', String(id), ...common, '--name', `${name}新`, '--reason', '更名']);
			assert.equal(r.code, 0, r.stderr);
			const s = await run(['institution', 'show', String(id), ...common]);
			assert.equal(s.code, 0);
			assert.match(s.stdout, new RegExp(`^id: ${id}$`, 'm'));
			assert.match(s.stdout, new RegExp(`^name: ${name}新$`, 'm'));
			assert.match(s.stdout, /^credit_code: 913700001000000000$/m);
			assert.equal((s.stdout.match(/^identity: /gm) || []).length, 2, s.stdout);
		});

		it('an invalid add → exit 1 naming the field; nothing is added', async () => {
			const cases = [
				[['--name', `坏省份${process.pid}`, '--type', 'center', '--province', '99'], 'province'],
				[['--name', `坏类型${process.pid}`, '--type', 'castle', '--province', '11'], 'type'],
				[['--name', 'x', '--type', 'center', '--province', '11'], 'name'],
				[['--name', `坏代码${process.pid}`, '--type', 'center', '--province', '11', '--credit-code', 'short'], 'credit_code'],
				[['--name', `无上级${process.pid}`, '--type', 'center', '--province', '11', '--parent', '987654321'], 'parent_id'],
			];
			for (const [args, field] of cases) {
				const r = await run(['institution', 'add', ...common, ...args]);
				assert.equal(r.code, 1, `${args.join(' ')}: ${r.stderr}`);
				assert.equal(r.stdout, '');
				assert.match(r.stderr, new RegExp(`^skillcert institution: ${field}: \\S`), r.stderr);
			}
			const en = await run(['institution', 'add', ...common, '--name', `坏省份${process.pid}`, '--type', 'center', '--province', '99'], { env: { SKILLCERT_LANG: 'en' } });
			assert.equal(en.code, 1);
			assert.equal(en.stderr, 'skillcert institution: province: Choose a valid province\n');
			const dup = await run(['institution', 'add', ...common, '--name', `重名${process.pid}`, '--type', 'center', '--province', '11']);
			assert.equal(dup.code, 0);
			const dup2 = await run(['institution', 'add', ...common, '--name', `重名${process.pid}`, '--type', 'center', '--province', '11']);
			assert.equal(dup2.code, 1);
			assert.match(dup2.stderr, /: name: /);
			const bad = await run(['institution', 'add', ...common, '--name', `坏上级${process.pid}`, '--type', 'center', '--province', '11', '--parent', 'abc']);
			assert.equal(bad.code, 2);
			const show = await run(['institution', 'show', 'abc', ...common]);
			assert.equal(show.code, 2);
			const missing = await run(['institution', 'show', '987654321', ...common]);
			assert.equal(missing.code, 1);
			const l = await run(['institution', 'list', '--json', ...common]);
			assert.ok(!JSON.parse(l.stdout).some((i) => /坏|无上级/.test(i.name)), 'nothing refused was stored');
		});

		it('user add/grant/list/passwd act as "system" and check what they are given', async () => {
			const gen = await run(['user', 'add', 'clerk', '--display-name', '办事员', ...common]);
			assert.equal(gen.code, 0, gen.stderr);
			assert.match(gen.stdout, /^created user clerk \(id \d+\)\ninitial password: \S{12,}\n\(it must be changed at first login\)\n$/);
			const own = await run(['user', 'add', 'typist', ...common, '--password-stdin'], { input: 'Keyboard-pass-2026\n' });
			assert.equal(own.code, 0, own.stderr);
			assert.match(own.stdout, /^created user typist \(id \d+\)\n$/);
			assert.equal((await run(['user', 'grant', 'clerk', '--role', 'viewer', ...common])).code, 0);
			const users = JSON.parse((await run(['user', 'list', '--json', ...common])).stdout);
			const clerk = users.find((u) => u.username === 'clerk');
			assert.deepEqual({ ...clerk, id: 0 }, { id: 0, username: 'clerk', display_name: '办事员', must_change_password: true, disabled: false, grants: [{ role: 'viewer', institution_id: 0 }] });
			assert.equal(users.find((u) => u.username === 'typist').must_change_password, false, 'a password given on stdin need not be changed');
			assert.deepEqual(users.find((u) => u.username === 'admin').grants, [{ role: 'center_admin', institution_id: 0 }]);
			const pw = await run(['user', 'passwd', 'typist', ...common, '--password-stdin'], { input: 'Another-pass-2026\n' });
			assert.equal(pw.code, 0, pw.stderr);
			assert.equal(JSON.parse((await run(['user', 'list', '--json', ...common])).stdout).find((u) => u.username === 'typist').must_change_password, true);

			const refusals = [
				[['user', 'add', 'Bad Name'], 1, /username: /],
				[['user', 'add', 'clerk'], 1, /username: /],
				[['user', 'grant', 'clerk', '--role', 'king'], 1, /role: /],
				[['user', 'grant', 'nobody', '--role', 'viewer'], 1, /username: /],
				[['user', 'grant', 'clerk', '--role', 'viewer', '--institution', '987654321'], 1, /institution_id: /],
				[['user', 'grant', 'clerk', '--role', 'viewer'], 1, /role: /], // already held
				[['user', 'revoke', 'clerk', '--role', 'supervisor'], 1, /role: /],
				[['user', 'grant', 'clerk'], 2, /--role/],
				[['user', 'grant', 'clerk', '--role', 'viewer', '--institution', 'x'], 2, /--institution/],
				[['user'], 2, /which action/],
				[['user', 'fly', 'x'], 2, /unknown action/],
				[['audit'], 2, /which action/],
				[['audit', 'list', '--limit', '0'], 2, /--limit/],
			];
			for (const [args, code, re] of refusals) {
				const r = await run([...args, ...common]);
				assert.equal(r.code, code, `${args.join(' ')}: ${r.code} ${r.stderr}`);
				assert.match(r.stderr, re, args.join(' '));
				assert.equal(r.stdout, '', args.join(' '));
			}
			const weak = await run(['user', 'passwd', 'clerk', ...common, '--password-stdin'], { input: 'short\n' });
			assert.equal(weak.code, 1);
			assert.match(weak.stderr, /^skillcert user: password: /);

			const v = await run(['audit', 'verify', ...common]);
			assert.equal(v.code, 0, v.stdout + v.stderr);
			assert.match(v.stdout, /^audit chain intact: \d+ records\n$/);
			const list = await run(['audit', 'list', '--actor', 'system', '--action', 'user.create', ...common]);
			assert.equal(list.code, 0, list.stderr);
			const lines = list.stdout.trim().split('\n');
			assert.deepEqual(lines.map((l) => l.split('\t')[4]).sort(), ['user admin', 'user clerk', 'user typist']);
			assert.ok(lines.every((l) => l.split('\t')[2] === 'system'));
			assert.ok(!list.stdout.includes('Keyboard-pass-2026'), 'no password in the trail');
		});

		it('configuration from SKILLCERT_DATA (and SKILLCERT_DB) instead of the options', async () => {
			const env = { SKILLCERT_DATA: dir, ...(pg ? { SKILLCERT_DB: pg.url } : {}) };
			const name = `环境变量${process.pid}`;
			const a = await run(['institution', 'add', '--name', name, '--type', 'center', '--province', '11'], { env });
			assert.equal(a.code, 0, a.stderr);
			const id = Number(a.stdout);
			const l = await run(['institution', 'list', '--json'], { env });
			assert.ok(JSON.parse(l.stdout).some((i) => i.id === id && i.name === name));
			const s = await run(['migrate', '--status'], { env });
			assert.equal(s.code, 0);
			assert.match(s.stdout, /up to date/);
			// the option wins over the variable
			const other = makeDataDir('cli-other');
			try {
				const o = await run(['init', '--data', other], { env: { SKILLCERT_DATA: dir } });
				assert.equal(o.code, 0);
				assert.ok(fs.existsSync(path.join(other, 'master.key')));
				const ol = await run(['institution', 'list', '--json', '--data', other], { env: { SKILLCERT_DATA: dir } });
				assert.deepEqual(JSON.parse(ol.stdout), []);
			} finally {
				removeDir(other);
			}
		});

		it('a database whose schema is newer than the binary is refused by serve, migrate and the CLI', async () => {
			if (engine === 'sqlite') {
				await tool('sqlite3', [path.join(dir, 'skillcert.db'), "INSERT INTO schema_version (version, name, applied_at) VALUES (999, '0999_future.sql', '2099-01-01T00:00:00Z')"]);
			} else {
				assert.ok(PG_ADMIN);
				await tool('psql', [pg.url, '-v', 'ON_ERROR_STOP=1', '-q', '-c', "INSERT INTO schema_version (version, name, applied_at) VALUES (999, '0999_future.sql', '2099-01-01T00:00:00Z')"]);
			}
			const s = await run(['serve', ...common, '--listen', '127.0.0.1:0'], { timeoutMs: 10000 });
			assert.notEqual(s.code, 0, 'serve refuses');
			assert.equal(s.signal, null, 'serve exits by itself');
			assert.doesNotMatch(s.stdout, /serving on port/);
			assert.match(s.stderr, /schema version 999, newer than this binary knows/);
			assert.match(s.stderr, /upgrade skillcert/);

			const st = await run(['migrate', '--status', ...common]);
			assert.equal(st.code, 1);
			assert.equal(st.stdout, `database schema 999, binary schema ${schema} (database is newer: upgrade skillcert)\n`);

			const m = await run(['migrate', ...common]);
			assert.equal(m.code, 1);
			assert.match(m.stderr, /newer than this binary/);

			const i = await run(['init', ...common]);
			assert.equal(i.code, 1);
			assert.match(i.stderr, /newer than this binary/);

			const l = await run(['institution', 'list', ...common]);
			assert.equal(l.code, 1);
			assert.match(l.stderr, /newer than this binary/);
		});
	});
}
