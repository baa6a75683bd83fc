// Hostile requests over raw sockets and the API: request smuggling shapes,
// NUL bytes that would cut a value, integers that would wrap, slow senders,
// many connections, too many query parameters. Each is refused with a 4xx
// (the field named where there is one) or cut off, and the server goes on
// answering.
import assert from 'node:assert/strict';
import net from 'node:net';
import { it } from 'node:test';

import { describeWithServer, engines, http, login, raceTimeout, rawRequest, sleep } from './lib.mjs';
import { xlsxParts } from './xlsx.mjs';

function head(lines) {
	return lines.join('\r\n') + '\r\n\r\n';
}

/* Opens a connection from localAddress and writes text; resolves the
 * socket once connected (errors are swallowed: the server may refuse). */
function hold(port, localAddress, text) {
	return new Promise((resolve) => {
		const s = net.connect({ host: '127.0.0.1', port, localAddress });
		s.closedByPeer = false;
		s.on('error', () => {});
		s.on('close', () => (s.closedByPeer = true));
		s.on('connect', () => {
			s.write(text);
			resolve(s);
		});
		s.on('close', () => resolve(s));
	});
}

for (const engine of engines()) {
	describeWithServer(`hostile requests [${engine}]`, { engine, tag: 'hostile', user: true, args: ['--request-timeout', '3'], env: { SKILLCERT_MAX_BUFFERED: 2 * 1024 * 1024 } }, (h) => {
		const port = () => h.server.port;
		const auth = () => `Authorization: Bearer ${h.token}`;

		/* ---- smuggling shapes: refused with 400 ---- */

		it('two different Content-Length headers → 400', async () => {
			const r = await rawRequest(port(), head(['POST /api/v1/institutions HTTP/1.1', 'Host: x', 'Content-Type: application/json', auth(),
				'Content-Length: 2', 'Content-Length: 40', 'Connection: close']) + '{}');
			assert.equal(r.status, 400, r.text.slice(0, 300));
		});

		it('Content-Length and Transfer-Encoding together → 400', async () => {
			const r = await rawRequest(port(), head(['POST /api/v1/institutions HTTP/1.1', 'Host: x', 'Content-Type: application/json', auth(),
				'Content-Length: 7', 'Transfer-Encoding: chunked', 'Connection: close']) + '2\r\n{}\r\n0\r\n\r\n');
			assert.equal(r.status, 400, r.text.slice(0, 300));
		});

		it('a bare CR inside a header → 400', async () => {
			const r = await rawRequest(port(), 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: a\rX-B: b\r\nConnection: close\r\n\r\n');
			assert.equal(r.status, 400, r.text.slice(0, 300));
		});

		it('HTTP/1.1 without Host → 400 (HTTP/1.0 needs none)', async () => {
			const r = await rawRequest(port(), head(['GET /healthz HTTP/1.1', 'Connection: close']));
			assert.equal(r.status, 400, r.text.slice(0, 300));
			const old = await rawRequest(port(), head(['GET /healthz HTTP/1.0']));
			assert.equal(old.status, 200, old.text.slice(0, 300));
		});

		it('the same Content-Length twice is one length, not a refusal', async () => {
			const r = await rawRequest(port(), head(['POST /api/v1/institutions HTTP/1.1', 'Host: x', 'Content-Type: application/json', auth(),
				'Content-Length: 2', 'Content-Length: 2', 'Connection: close']) + '{}');
			assert.equal(r.status, 422, r.text.slice(0, 300)); // {} reached the handler: name missing
		});

		/* ---- NUL bytes never cut a value ---- */

		it('a NUL in a form field → 400 naming the field, nothing created', async () => {
			const s = await login(h.server.base, h.user.name, h.user.password);
			await s.get('/institutions/new');
			const name = `截断${process.pid}`;
			const r = await s.request('/institutions', {
				method: 'POST',
				headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
				body: `csrf=${s.csrf}&name=${encodeURIComponent(name)}%00cd&type=center&province=11`,
			});
			assert.equal(r.status, 400, r.text.slice(0, 300));
			assert.match(r.text, /name/);
			const list = await h.api(`/api/v1/institutions?q=${encodeURIComponent(name)}`);
			assert.equal(list.json.items.length, 0, 'no institution with the cut name');
		});

		it('a NUL in the path → 400 naming the path, not institution 1', async () => {
			const r = await http(h.server.base, '/api/v1/institutions/1%00x');
			assert.equal(r.status, 400, r.text);
			assert.equal(r.json.error.field, 'path');
		});

		it('a NUL in a query parameter → 400 naming it', async () => {
			const r = await h.api('/api/v1/institutions?q=a%00b');
			assert.equal(r.status, 400, r.text);
			assert.equal(r.json.error.field, 'q');
		});

		it('a NUL in a JSON string → 4xx naming the field', async () => {
			const r = await h.api('/api/v1/institutions', { method: 'POST', headers: { 'Content-Type': 'application/json' },
				body: '{"name":"ab\\u0000cd","type":"center","province":"11"}' });
			assert.equal(r.status, 422, r.text);
			assert.equal(r.json.error.field, 'name');
		});

		it('JSON nested deeper than 32 → 400; 32 deep is read', async () => {
			const nest = (d) => '{"name":' + '['.repeat(d - 1) + '1' + ']'.repeat(d - 1) + '}';
			const deep = await h.api('/api/v1/institutions', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: nest(34) });
			assert.equal(deep.status, 400, deep.text);
			assert.equal(deep.json.error.code, 'bad_json');
			const ok = await h.api('/api/v1/institutions', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: nest(32) });
			assert.equal(ok.status, 422, ok.text); // read, then refused for what it says
		});

		/* ---- integers never wrap ---- */

		it('an integer beyond the field\'s type → 422 naming it (4294967301 is not 5)', async () => {
			const room = await h.api('/api/v1/plans/1/rooms', { method: 'POST', json: { name: '大考场', capacity: 4294967301 } });
			assert.equal(room.status, 422, room.text);
			assert.equal(room.json.error.field, 'capacity');
			const plan = await h.api('/api/v1/plans', { method: 'POST', json: { institution_id: 999999, standard_id: 1, level: 4, capacity: 4294967301 } });
			assert.equal(plan.status, 422, plan.text);
			assert.equal(plan.json.error.field, 'capacity');
			const level = await h.api('/api/v1/plans', { method: 'POST', json: { institution_id: 999999, standard_id: 1, level: -4294967292, capacity: 4 } });
			assert.equal(level.status, 422, level.text);
			assert.equal(level.json.error.field, 'level');
			const batch = await h.api('/api/v1/batches', { method: 'POST', json: { year: 4294969322, title: '溢出' } });
			assert.equal(batch.status, 422, batch.text);
			assert.equal(batch.json.error.field, 'year');
		});

		it('a number where an integer belongs → 422 naming it', async () => {
			const r = await h.api('/api/v1/plans/1/rooms', { method: 'POST', json: { name: '考场', capacity: '30' } });
			assert.equal(r.status, 422, r.text);
			assert.equal(r.json.error.field, 'capacity');
		});

		/* ---- uploads: the readers' limits, answered 4xx naming them ---- */

		const importXlsx = (bytes) => h.api('/api/v1/institutions-import?dry_run=1', { method: 'POST', body: bytes,
			headers: { 'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } });
		const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';

		it('an XLSX whose shared strings are 3 million empty ones (a few KB on the wire) → 422 naming the limit', async () => {
			const sst = Buffer.concat([Buffer.from(`<sst ${NS}>`), Buffer.alloc(3000000 * 5, '<si/>'), Buffer.from('</sst>')]);
			const bytes = xlsxParts({ sheet: `<worksheet ${NS}><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>`, sharedStrings: sst });
			assert.ok(bytes.length < 100000, `${bytes.length} bytes`);
			const r = await importXlsx(bytes);
			assert.equal(r.status, 422, r.text);
			assert.equal(r.json.error.field, 'file');
			assert.match(r.json.error.reason, /more than 2097152 shared strings/);
		});

		it('an XLSX whose rows reach column XFD until the cell limit → 422 naming it', async () => {
			const rows = Array.from({ length: 4097 }, (_, i) => `<row r="${i + 1}"><c r="XFD${i + 1}"/></row>`).join('');
			const r = await importXlsx(xlsxParts({ sheet: `<worksheet ${NS}><sheetData>${rows}</sheetData></worksheet>` }));
			assert.equal(r.status, 422, r.text);
			assert.match(r.json.error.reason, /more than 67108864 cells/);
		});

		it('a multipart form of more parts than a form may have → 413', async () => {
			const b = `----x${process.pid}`;
			const parts = Array.from({ length: 65 }, (_, i) => `--${b}\r\nContent-Disposition: form-data; name="f${i}"\r\n\r\nv\r\n`).join('');
			const r = await h.api('/api/v1/institutions-import', { method: 'POST', body: `${parts}--${b}--\r\n`,
				headers: { 'Content-Type': `multipart/form-data; boundary=${b}` } });
			assert.equal(r.status, 413, r.text);
			assert.equal(r.json.error.code, 'too_many_fields');
		});

		it('a NUL in a multipart field → 400 naming it', async () => {
			const b = `----y${process.pid}`;
			const s = await login(h.server.base, h.user.name, h.user.password);
			await s.get('/institutions/new');
			const body = `--${b}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n${s.csrf}\r\n` +
				`--${b}\r\nContent-Disposition: form-data; name="name"\r\n\r\nab\u0000cd\r\n--${b}--\r\n`;
			const r = await s.request('/institutions', { method: 'POST', body, headers: { 'Content-Type': `multipart/form-data; boundary=${b}` } });
			assert.equal(r.status, 400, r.text.slice(0, 300));
			assert.match(r.text, /<code>name<\/code>/);
		});

		it('bodies in flight together past the server\'s budget (2 MiB here) → 503 for the one that would pass it', async () => {
			const KiB = 1024;
			const upload = (len) => head(['POST /api/v1/institutions-import?dry_run=1 HTTP/1.1', 'Host: x', 'Content-Type: text/csv', auth(), `Content-Length: ${len}`, 'Connection: close']);
			// A holds 1.2 MiB of a 1.5 MiB body
			const a = await hold(port(), '127.0.0.1', upload(1536 * KiB));
			a.write(Buffer.alloc(1200 * KiB, 0x61));
			await sleep(300);
			try {
				// B announces 1.5 MiB: past what is left, answered at once
				const b = await rawRequest(port(), upload(1536 * KiB), { timeoutMs: 10000 });
				assert.equal(b.status, 503, `${b.timedOut ? 'no answer' : ''} ${b.text.slice(0, 200)}`);
				assert.equal(b.headers['retry-after'], '10');
				// C sends chunks without a length: dropped once past the budget
				const chunk = Buffer.alloc(100 * KiB, 0x62);
				const parts = [head(['POST /api/v1/institutions-import?dry_run=1 HTTP/1.1', 'Host: x', 'Content-Type: text/csv', auth(), 'Transfer-Encoding: chunked', 'Connection: close'])];
				for (let i = 0; i < 10; i++) parts.push(Buffer.concat([Buffer.from(chunk.length.toString(16) + '\r\n'), chunk, Buffer.from('\r\n')]));
				parts.push('0\r\n\r\n');
				const c = await rawRequest(port(), parts, { timeoutMs: 10000 });
				assert.equal(c.status, 503, `${c.timedOut ? 'no answer' : ''} ${c.text.slice(0, 200)}`);
			} finally {
				a.destroy();
			}
			await sleep(300);
			// A gone, its bytes are given back: the same upload goes through
			// (blank lines: a file read in no time, even under ASan)
			const d = await rawRequest(port(), [upload(1536 * KiB), Buffer.alloc(1536 * KiB, 0x0a)], { timeoutMs: 10000 });
			assert.notEqual(d.status, 503, d.text.slice(0, 200));
			assert.ok(d.status >= 200 && d.status < 500, `${d.status} ${d.text.slice(0, 200)}`);
		});

		/* ---- every refusal answered ---- */

		it('500 query parameters → 431, answered', async () => {
			const q = Array.from({ length: 500 }, (_, i) => `p${i}=${i}`).join('&');
			const r = await rawRequest(port(), head([`GET /api/v1/institutions?${q} HTTP/1.1`, 'Host: x', 'Connection: close']), { timeoutMs: 5000 });
			assert.equal(r.status, 431, `${r.timedOut ? 'no answer' : ''} ${r.text.slice(0, 200)}`);
		});

		it('a 27 KB query of 256 parameters → 414, answered', async () => {
			const q = Array.from({ length: 256 }, (_, i) => `p${i}=${'v'.repeat(100)}`).join('&');
			const r = await rawRequest(port(), head([`GET /api/v1/institutions?${q} HTTP/1.1`, 'Host: x', 'Connection: close']), { timeoutMs: 5000 });
			assert.equal(r.status, 414, `${r.timedOut ? 'no answer' : ''} ${r.text.slice(0, 200)}`);
		});

		it('256 short parameters are still served', async () => {
			const q = Array.from({ length: 256 }, (_, i) => `p${i}=${i}`).join('&');
			const r = await http(h.server.base, `/healthz?${q}`);
			assert.equal(r.status, 200);
		});

		/* ---- the total deadline for receiving a request ---- */

		it('a slow sender (one byte a second, never idle) is cut off at the request deadline', async () => {
			const s = await hold(port(), '127.0.0.1', 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ');
			// 20 more bytes, one a second: each well inside the 30 s idle
			// timeout, all of them far beyond the 3 s deadline
			let sent = 0;
			for (; sent < 20 && !s.closedByPeer; sent++) {
				s.write('a');
				await sleep(1000);
			}
			const cut = s.closedByPeer;
			s.destroy();
			assert.ok(cut, 'the server kept the slow request open');
			assert.ok(sent < 20, `cut only after ${sent} bytes`);
		});

		it('a slow body is cut off too', async () => {
			const s = await hold(port(), '127.0.0.1', head(['POST /api/v1/institutions HTTP/1.1', 'Host: x', 'Content-Type: application/json', auth(), 'Content-Length: 100']));
			let sent = 0;
			for (; sent < 20 && !s.closedByPeer; sent++) {
				s.write(' ');
				await sleep(1000);
			}
			const cut = s.closedByPeer;
			s.destroy();
			assert.ok(cut, 'the server kept the slow body open');
		});

		it('/healthz still answers after all of this', async () => {
			const r = await http(h.server.base, '/healthz');
			assert.equal(r.status, 200);
		});
	});

	describeWithServer(`many connections [${engine}]`, { engine, tag: 'conns' }, (h) => {
		it('1,100 connections held open from 11 addresses, and /healthz still answers', async () => {
			const socks = [];
			for (let a = 2; a <= 12; a++) {
				const batch = await Promise.all(Array.from({ length: 100 }, () => hold(h.server.port, `127.0.0.${a}`, 'GET /heal')));
				socks.push(...batch);
			}
			try {
				await sleep(200);
				const open = socks.filter((s) => !s.closedByPeer).length;
				assert.ok(open > 1024, `only ${open} of ${socks.length} connections were kept`);
				// answered while they are held: not once the 30 s idle
				// timeout has freed slots (what a full server did)
				const r = await raceTimeout(http(h.server.base, '/healthz'), 10000);
				assert.ok(r, '/healthz was not answered while the connections were held');
				assert.equal(r.status, 200);
				assert.deepEqual(JSON.parse(r.text), { status: 'ok' });
				const still = socks.filter((s) => !s.closedByPeer).length;
				assert.ok(still > 1024, `only ${still} connections were still open when /healthz answered`);
			} finally {
				for (const s of socks) s.destroy();
			}
		});
	});
}
