// tests/lib/proxy.mjs - a private nginx in front of a test's servers.
//
//   import { startProxy } from '../lib/proxy.mjs';
//   const proxy = await startProxy([portA, portB]);
//   await fetch(proxy.base + '/healthz');      // round-robin to A, B, A, ...
//   proxy.upstreams()                           // ['127.0.0.1:A', ...] one per request logged
//   await proxy.stop();
//
// One nginx process (`daemon off; master_process off;`), its
// configuration, pid file, logs and temporary files all in a directory of
// its own under os.tmpdir(), listening on 127.0.0.1 on a free port. It
// passes every request round-robin to the upstream ports (HTTP/1.1,
// keep-alive), sets X-Forwarded-For (the client appended to what came in),
// X-Real-IP and Host, and tries the next upstream only for a request that
// could not be sent at all (`proxy_next_upstream error`, never a POST that
// reached a server). Its access log names the upstream of every request.
// When root, nginx runs as root: with master_process off it never switches
// user.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './net.mjs';

const running = new Set();
const dirs = new Set();
process.on('exit', () => {
	for (const p of running) {
		try {
			p.kill('SIGKILL');
		} catch {
			/* gone */
		}
	}
	if (!process.env.E2E_KEEP) for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

/* The nginx binary: `nginx` on PATH, else /usr/sbin/nginx. */
function nginxBin() {
	for (const d of (process.env.PATH || '').split(':').concat(['/usr/sbin', '/sbin'])) {
		const f = path.join(d, 'nginx');
		if (d && fs.existsSync(f)) return f;
	}
	throw new Error('proxy: nginx not found (Debian package nginx-light; scripts/install-deps.sh)');
}

function canConnect(port) {
	return new Promise((resolve) => {
		const s = net.connect(port, '127.0.0.1');
		s.on('connect', () => {
			s.destroy();
			resolve(true);
		});
		s.on('error', () => resolve(false));
	});
}

function config(dir, port, upstreams) {
	const p = (name) => path.join(dir, name);
	return `daemon off;
master_process off;
worker_processes 1;
pid ${p('nginx.pid')};
error_log ${p('error.log')} warn;
events { worker_connections 1024; }
http {
	log_format up '$remote_addr "$request" $status $upstream_addr';
	access_log ${p('access.log')} up;
	client_body_temp_path ${p('body')};
	proxy_temp_path ${p('proxy')};
	fastcgi_temp_path ${p('fastcgi')};
	uwsgi_temp_path ${p('uwsgi')};
	scgi_temp_path ${p('scgi')};
	client_max_body_size 64m;
	upstream skillcert {
${upstreams.map((u) => `\t\tserver 127.0.0.1:${u} max_fails=0;`).join('\n')}
		keepalive 16;
		# below the servers' idle timeout (30 s): never a request on a
		# connection the server is closing
		keepalive_timeout 10s;
	}
	server {
		listen 127.0.0.1:${port};
		location / {
			proxy_pass http://skillcert;
			proxy_http_version 1.1;
			proxy_set_header Connection "";
			proxy_set_header Host $http_host;
			proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
			proxy_set_header X-Real-IP $remote_addr;
			proxy_next_upstream error;
			proxy_read_timeout 120s;
		}
	}
}
`;
}

/* Starts nginx in front of the upstream ports; resolves {port, base, dir,
 * upstreams(), errorLog(), stop()}. */
export async function startProxy(upstreams, { tag = 'proxy' } = {}) {
	const bin = nginxBin();
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), `skillcert-${tag}-`));
	dirs.add(dir);
	const conf = path.join(dir, 'nginx.conf');
	let lastErr = '';
	for (let attempt = 0; attempt < 5; attempt++) {
		const port = await freePort();
		fs.writeFileSync(conf, config(dir, port, upstreams));
		const t = spawnSync(bin, ['-t', '-q', '-p', dir, '-c', conf, '-e', path.join(dir, 'error.log')], { encoding: 'utf8' });
		if (t.status !== 0) throw new Error(`proxy: nginx -t: ${t.stderr}`);
		const child = spawn(bin, ['-p', dir, '-c', conf, '-e', path.join(dir, 'error.log')], { stdio: ['ignore', 'ignore', 'pipe'] });
		running.add(child);
		let stderr = '';
		child.stderr.setEncoding('utf8');
		child.stderr.on('data', (d) => (stderr += d));
		const exited = new Promise((resolve) => child.on('close', (code, signal) => {
			running.delete(child);
			resolve({ code, signal });
		}));
		let gone = false;
		exited.then(() => (gone = true));
		const end = Date.now() + 10000;
		while (!gone && Date.now() < end && !(await canConnect(port))) await new Promise((r) => setTimeout(r, 20));
		if (gone || !(await canConnect(port))) {
			child.kill('SIGKILL');
			await exited;
			let log = '';
			try {
				log = fs.readFileSync(path.join(dir, 'error.log'), 'utf8');
			} catch {
				/* none */
			}
			lastErr = stderr + log;
			continue;
		}
		child.unref();
		child.stderr.unref?.();
		const read = (name) => {
			try {
				return fs.readFileSync(path.join(dir, name), 'utf8');
			} catch {
				return '';
			}
		};
		return {
			port,
			base: `http://127.0.0.1:${port}`,
			dir,
			/* the upstream address of every request logged so far, in order */
			upstreams: () => read('access.log').split('\n').filter(Boolean).map((l) => l.split(' ').pop()),
			accessLog: () => read('access.log'),
			errorLog: () => read('error.log'),
			async stop() {
				if (child.exitCode === null && child.signalCode === null) child.kill('SIGQUIT');
				const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
				await exited;
				clearTimeout(timer);
				dirs.delete(dir);
				if (!process.env.E2E_KEEP) fs.rmSync(dir, { recursive: true, force: true });
			},
		};
	}
	dirs.delete(dir);
	fs.rmSync(dir, { recursive: true, force: true });
	throw new Error(`proxy: nginx did not start: ${lastErr}`);
}
