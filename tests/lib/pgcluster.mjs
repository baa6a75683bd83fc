// tests/lib/pgcluster.mjs - PostgreSQL clusters of a test's own, started
// from node: a primary that streams (and, if asked, archives its WAL), a
// standby made from it with `pg_basebackup -R`, base backups and restores.
//
//   import { startPrimary, startStandby } from '../lib/pgcluster.mjs';
//   const primary = await startPrimary({ archive: true });
//   await primary.createDatabase('skillcert');
//   const standby = await startStandby(primary);
//   await standby.waitCaughtUp(primary);
//   primary.url('skillcert')           // postgresql://skillcert@127.0.0.1:PORT/skillcert
//   await standby.psql('SELECT 1', 'skillcert');
//   await standby.pauseReplay(); ... await standby.resumeReplay();
//   await standby.stop('immediate');    // or 'fast' (the default)
//   await standby.promote();
//   await primary.destroy();            // stop and remove its directory
//
// Every cluster lives in its own temporary directory (data/, sock/,
// server.log) under os.tmpdir(), listens on 127.0.0.1 on a free port and
// trusts the superuser "skillcert" from there, replication included; fsync
// and synchronous_commit are off (fast, never for real data). Like
// tests/lib/pg.sh, when the tests run as root the server side (initdb,
// pg_ctl, pg_basebackup, which write the data directory) runs as the
// `postgres` system user, or a `skillcert-pg` system user created on
// demand, through runuser; the clients (psql, pg_dump, pg_restore) run as
// the caller over TCP. Whatever is still running when the process exits
// is stopped (immediate) and its directory removed (PGCLUSTER_KEEP=1 keeps
// the directories for a post-mortem).
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './net.mjs';

const clusters = new Set();
const dirs = new Set();

function stopAll() {
	for (const c of clusters) c.stopSync();
	clusters.clear();
	if (!process.env.PGCLUSTER_KEEP) for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
	dirs.clear();
}

process.on('exit', stopAll);
// a test file stopped (tests/run.sh's tier limit, ^C) does not leave its
// servers running: 'exit' is not emitted on a signal
for (const [sig, code] of [['SIGTERM', 143], ['SIGINT', 130], ['SIGHUP', 129]]) {
	process.once(sig, () => {
		stopAll();
		process.exit(code);
	});
}

/* Notes a started cluster's data directory in $PGCLUSTER_REGISTRY (a file
 * tests/run.sh names): what it stops on its way out even when this
 * process was killed outright. */
function register(dataDir) {
	const reg = process.env.PGCLUSTER_REGISTRY;
	if (reg) {
		try {
			fs.appendFileSync(reg, `${dataDir}\n`);
		} catch {
			// best effort: the exit and signal handlers stop it too
		}
	}
}

/* ---------- the binaries and the user that runs the server ---------- */

function versionKey(v) {
	return v.split('.').map((x) => Number(x) || 0);
}

let binDir = null;
/* The directory holding initdb, pg_ctl, pg_basebackup... (the newest
 * /usr/lib/postgresql/N/bin, else pg_config --bindir). */
export function pgBin() {
	if (binDir) return binDir;
	const base = '/usr/lib/postgresql';
	let found = null;
	if (fs.existsSync(base)) {
		const vs = fs.readdirSync(base).filter((v) => fs.existsSync(path.join(base, v, 'bin', 'initdb')));
		vs.sort((a, b) => {
			const x = versionKey(a);
			const y = versionKey(b);
			return x[0] - y[0] || (x[1] || 0) - (y[1] || 0);
		});
		if (vs.length) found = path.join(base, vs[vs.length - 1], 'bin');
	}
	if (!found) {
		try {
			const d = execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim();
			if (fs.existsSync(path.join(d, 'initdb'))) found = d;
		} catch {
			/* no pg_config */
		}
	}
	if (!found) throw new Error('pgcluster: PostgreSQL server binaries (initdb) not found; run scripts/install-deps.sh');
	binDir = found;
	return binDir;
}

let owner; // undefined: not decided yet; '' the current user
/* The system user that runs the server: '' when not root. */
function serverUser() {
	if (owner !== undefined) return owner;
	owner = '';
	if (process.getuid && process.getuid() === 0) {
		const has = (u) => spawnSync('id', ['-u', u], { stdio: 'ignore' }).status === 0;
		if (has('postgres')) owner = 'postgres';
		else {
			if (!has('skillcert-pg')) {
				const r = spawnSync('useradd', ['--system', '--no-create-home', '--home-dir', '/nonexistent',
					'--shell', '/usr/sbin/nologin', 'skillcert-pg'], { encoding: 'utf8' });
				if (r.status !== 0 && !has('skillcert-pg')) throw new Error(`pgcluster: useradd skillcert-pg: ${r.stderr}`);
			}
			owner = 'skillcert-pg';
		}
	}
	return owner;
}

/* Runs cmd args (as the server user when root) from cwd; resolves stdout,
 * rejects with its stderr. */
function runAs(cmd, args, { cwd, timeoutMs = 60000, asOwner = true } = {}) {
	const user = asOwner ? serverUser() : '';
	const [file, argv] = user ? ['runuser', ['-u', user, '--', cmd, ...args]] : [cmd, args];
	return new Promise((resolve, reject) => {
		execFile(file, argv, { cwd, timeout: timeoutMs, encoding: 'utf8', maxBuffer: 64 << 20,
			env: { ...process.env, PGOPTIONS: '-c client_min_messages=warning' } }, (e, stdout, stderr) => {
			if (e) reject(new Error(`${cmd} ${args.join(' ')}: ${e.message}\n${stderr}`));
			else resolve(stdout);
		});
	});
}

/* A new directory under os.tmpdir() the server user can enter (else under
 * /tmp, e.g. when TMPDIR is below /root). */
function tempDir(tag) {
	let d = fs.mkdtempSync(path.join(os.tmpdir(), `skillcert-${tag}-`));
	fs.chmodSync(d, 0o755);
	const user = serverUser();
	if (user && spawnSync('runuser', ['-u', user, '--', 'test', '-x', d]).status !== 0) {
		fs.rmdirSync(d);
		d = fs.mkdtempSync(path.join('/tmp', `skillcert-${tag}-`));
		fs.chmodSync(d, 0o755);
	}
	dirs.add(d);
	return d;
}

/* mkdir dir (mode 0700 for a data directory), owned by the server user. */
function ownedDir(dir, mode = 0o700) {
	fs.mkdirSync(dir, { recursive: true });
	fs.chmodSync(dir, mode);
	const user = serverUser();
	if (user) execFileSync('chown', [`${user}:`, dir]);
	return dir;
}

export { freePort };

export function sleep(ms) {
	return new Promise((r) => setTimeout(r, ms));
}

/* Polls fn() until it resolves a truthy value; rejects after timeoutMs. */
export async function waitFor(fn, what, timeoutMs = 20000, everyMs = 50) {
	const end = Date.now() + timeoutMs;
	let last;
	for (;;) {
		try {
			const v = await fn();
			if (v) return v;
		} catch (e) {
			last = e;
		}
		if (Date.now() > end) throw new Error(`pgcluster: timed out waiting for ${what}${last ? `: ${last.message}` : ''}`);
		await sleep(everyMs);
	}
}

/* ---------- one cluster ---------- */

/* A cluster in dir (dir/data its data directory). Not started. */
class Cluster {
	constructor(dir, tag) {
		this.dir = dir;
		this.tag = tag;
		this.data = path.join(dir, 'data');
		this.sock = path.join(dir, 'sock');
		this.log = path.join(dir, 'server.log');
		this.port = 0;
		this.running = false;
		this.options = []; // -c settings given at every start
	}

	/* postgresql://skillcert@127.0.0.1:PORT/db */
	url(db = 'postgres') {
		return `postgresql://skillcert@127.0.0.1:${this.port}/${db}`;
	}

	/* Starts the server on a free port (a new one when the last is taken);
	 * extra: more `-c name=value` settings for this start. */
	async start(extra = []) {
		let lastErr;
		for (let attempt = 0; attempt < 5; attempt++) {
			this.port = this.port && attempt === 0 ? this.port : await freePort();
			const opts = [`-p ${this.port}`, `-k '${this.sock}'`, "-c listen_addresses='127.0.0.1'",
				...[...this.options, ...extra].map((o) => `-c ${o}`)].join(' ');
			try {
				await runAs(path.join(pgBin(), 'pg_ctl'), ['start', '-w', '-t', '60', '-s', '-D', this.data, '-l', this.log, '-o', opts],
					{ cwd: this.dir, timeoutMs: 70000 });
				this.running = true;
				clusters.add(this);
				register(this.data);
				await waitFor(() => this.ready(), `${this.tag} to accept connections`);
				return this;
			} catch (e) {
				lastErr = e;
				this.port = 0;
			}
		}
		throw new Error(`pgcluster: ${this.tag} did not start: ${lastErr?.message}\n${this.logTail()}`);
	}

	ready() {
		return new Promise((resolve) => {
			execFile(path.join(pgBin(), 'pg_isready'), ['-q', '-h', '127.0.0.1', '-p', String(this.port)], (e) => resolve(!e));
		});
	}

	logTail(n = 30) {
		try {
			return fs.readFileSync(this.log, 'utf8').split('\n').slice(-n).join('\n');
		} catch {
			return '';
		}
	}

	/* Stops the server: 'fast' (clean) or 'immediate' (as a crash would). */
	async stop(mode = 'fast') {
		if (!this.running) return;
		await runAs(path.join(pgBin(), 'pg_ctl'), ['stop', '-w', '-t', '30', '-s', '-m', mode, '-D', this.data], { cwd: this.dir, timeoutMs: 40000 });
		this.running = false;
		clusters.delete(this);
	}

	stopSync() {
		if (!this.running) return;
		const args = [path.join(pgBin(), 'pg_ctl'), 'stop', '-w', '-t', '10', '-s', '-m', 'immediate', '-D', this.data];
		const user = serverUser();
		spawnSync(user ? 'runuser' : args[0], user ? ['-u', user, '--', ...args] : args.slice(1), { cwd: this.dir, stdio: 'ignore' });
		this.running = false;
	}

	/* Stops the server (immediate) and removes its directory. */
	async destroy() {
		await this.stop('immediate').catch(() => this.stopSync());
		clusters.delete(this);
		dirs.delete(this.dir);
		if (!process.env.PGCLUSTER_KEEP) fs.rmSync(this.dir, { recursive: true, force: true });
	}

	/* Runs SQL (psql -A -t, ON_ERROR_STOP) on database db; resolves its
	 * output, trimmed. */
	async psql(sql, db = 'postgres') {
		const out = await runAs('psql', [this.url(db), '-X', '-v', 'ON_ERROR_STOP=1', '-q', '-A', '-t', '-c', sql], { asOwner: false });
		return out.trim();
	}

	async createDatabase(name) {
		if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`pgcluster: bad database name ${name}`);
		await this.psql(`CREATE DATABASE ${name}`);
		return this.url(name);
	}

	async inRecovery() {
		return (await this.psql('SELECT pg_is_in_recovery()')) === 't';
	}

	/* The primary's current WAL position (an LSN text). */
	currentLsn() {
		return this.psql('SELECT pg_current_wal_lsn()');
	}

	/* A standby: waits until it has replayed everything the primary had
	 * written when this was called. */
	async waitCaughtUp(primary, timeoutMs = 20000) {
		const lsn = await primary.currentLsn();
		await waitFor(async () => (await this.psql(`SELECT pg_last_wal_replay_lsn() >= '${lsn}'::pg_lsn`)) === 't',
			`${this.tag} to replay up to ${lsn}`, timeoutMs);
	}

	/* A standby: stops / resumes applying the WAL it receives (it keeps
	 * receiving it). */
	async pauseReplay() {
		await this.psql('SELECT pg_wal_replay_pause()');
		await waitFor(async () => (await this.psql('SELECT pg_get_wal_replay_pause_state()')) === 'paused', `${this.tag} to pause`);
	}

	async resumeReplay() {
		await this.psql('SELECT pg_wal_replay_resume()');
	}

	/* A standby: becomes a primary (waits until it accepts writes). */
	async promote() {
		await runAs(path.join(pgBin(), 'pg_ctl'), ['promote', '-w', '-t', '60', '-s', '-D', this.data], { cwd: this.dir, timeoutMs: 70000 });
		await waitFor(async () => !(await this.inRecovery()), `${this.tag} to leave recovery`);
	}

	/* A primary: the standbys streaming from it right now. */
	async streamingStandbys() {
		return Number(await this.psql("SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'"));
	}

	/* A primary with an archive: switches to a new WAL segment and waits
	 * until the one just closed is in the archive (everything written so
	 * far can then be restored from it). */
	async archiveNow(timeoutMs = 20000) {
		if (!this.archiveDir) throw new Error('pgcluster: this cluster does not archive its WAL');
		// a record to switch away from, even when nothing was written since
		// the last switch
		await this.psql('SELECT txid_current()');
		const seg = await this.psql('SELECT pg_walfile_name(pg_switch_wal())');
		await waitFor(() => fs.existsSync(path.join(this.archiveDir, seg)), `${seg} in the archive`, timeoutMs);
		return seg;
	}
}

function pgConf(data, lines) {
	fs.appendFileSync(path.join(data, 'postgresql.conf'), `\n# tests/lib/pgcluster.mjs\n${lines.join('\n')}\n`);
}

/* A new, empty cluster in a temp directory of its own: its data and
 * socket directories and its log file made, owned by the server user. */
function newCluster(tag) {
	const dir = tempDir(`pg-${tag}`);
	const c = new Cluster(dir, tag);
	ownedDir(c.data);
	ownedDir(c.sock, 0o755);
	fs.writeFileSync(c.log, '');
	if (serverUser()) execFileSync('chown', [`${serverUser()}:`, c.log]);
	return { dir, c };
}

/*
 * A new primary, started: wal_level replica, up to 10 WAL senders,
 * replication connections trusted from 127.0.0.1.
 *   archive: true archives every finished WAL segment into
 *            cluster.archiveDir (a directory of its own)
 */
export async function startPrimary({ archive = false, tag = 'primary' } = {}) {
	const { dir, c } = newCluster(tag);
	await runAs(path.join(pgBin(), 'initdb'), ['-D', c.data, '-A', 'trust', '-U', 'skillcert', '--encoding=UTF8', '--locale=C', '--no-sync'],
		{ cwd: dir, timeoutMs: 120000 });
	const conf = ['wal_level = replica', 'max_wal_senders = 10', 'max_replication_slots = 10', 'hot_standby = on',
		'fsync = off', 'synchronous_commit = off', 'wal_keep_size = 256MB', 'max_connections = 100'];
	if (archive) {
		c.archiveDir = ownedDir(path.join(dir, 'archive'), 0o755);
		conf.push('archive_mode = on', `archive_command = 'test ! -f ${c.archiveDir}/%f && cp %p ${c.archiveDir}/%f'`, 'archive_timeout = 0');
	}
	pgConf(c.data, conf);
	fs.appendFileSync(path.join(c.data, 'pg_hba.conf'), '\nhost replication all 127.0.0.1/32 trust\n');
	return c.start();
}

/* A streaming standby of primary (`pg_basebackup -R -X stream`), started
 * and streaming. */
export async function startStandby(primary, { tag = 'standby' } = {}) {
	const { dir, c } = newCluster(tag);
	await runAs(path.join(pgBin(), 'pg_basebackup'), ['-h', '127.0.0.1', '-p', String(primary.port), '-U', 'skillcert',
		'-D', c.data, '-R', '-X', 'stream', '--checkpoint=fast', '--no-sync'], { cwd: dir, timeoutMs: 120000 });
	// the primary's archive is the primary's: a standby does not archive
	c.options.push('archive_mode=off');
	await c.start();
	await waitFor(async () => (await c.inRecovery()) && (await primary.streamingStandbys()) > 0, `${tag} to stream from the primary`);
	return c;
}

/* A base backup of primary (`pg_basebackup -X none`: the WAL comes from
 * the archive at restore), in a new directory; resolves that directory. */
export async function baseBackup(primary, { tag = 'base' } = {}) {
	const dir = tempDir(`pg-${tag}`);
	const target = ownedDir(path.join(dir, 'base'));
	await runAs(path.join(pgBin(), 'pg_basebackup'), ['-h', '127.0.0.1', '-p', String(primary.port), '-U', 'skillcert',
		'-D', target, '-X', 'none', '--checkpoint=fast', '--no-sync'], { cwd: dir, timeoutMs: 120000 });
	return target;
}

/*
 * A new cluster restored from a base backup (a directory made by
 * baseBackup()) and the WAL in archiveDir: the backup copied to a new data
 * directory, `restore_command = 'cp ARCHIVE/%f %p'`, recovery.signal, no
 * recovery target (recovery runs to the end of the archived WAL, then the
 * cluster opens on a new timeline). Started, out of recovery.
 */
export async function restoreCluster(backup, archiveDir, { tag = 'restored' } = {}) {
	const { dir, c } = newCluster(tag);
	await runAs('cp', ['-a', `${backup}/.`, c.data], { cwd: dir });
	pgConf(c.data, [`restore_command = 'cp ${archiveDir}/%f %p'`, "recovery_target_timeline = 'latest'"]);
	await runAs('touch', [path.join(c.data, 'recovery.signal')], { cwd: dir });
	// the archive stays the old primary's
	c.options.push('archive_mode=off');
	await c.start();
	await waitFor(async () => !(await c.inRecovery()), `${tag} to finish recovery`, 60000, 100);
	return c;
}

/* pg_dump -Fc of primary's database db into a file of a new directory;
 * resolves the file's path. */
export async function dumpDatabase(cluster, db) {
	const dir = tempDir('pgdump');
	const file = path.join(dir, `${db}.dump`);
	await runAs(path.join(pgBin(), 'pg_dump'), ['-Fc', '-h', '127.0.0.1', '-p', String(cluster.port), '-U', 'skillcert', '-d', db, '-f', file],
		{ asOwner: false, timeoutMs: 120000 });
	return file;
}

/* pg_restore of a dump file into a new database db of cluster; resolves
 * its URL. */
export async function restoreDump(cluster, file, db) {
	const url = await cluster.createDatabase(db);
	await runAs(path.join(pgBin(), 'pg_restore'), ['--exit-on-error', '--no-owner', '-h', '127.0.0.1', '-p', String(cluster.port), '-U', 'skillcert', '-d', db, file],
		{ asOwner: false, timeoutMs: 120000 });
	return url;
}
