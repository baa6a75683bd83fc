// Limits and malformed requests over raw sockets: oversized bodies and
// headers, garbage, slow clients. The server must answer and never crash.
import assert from 'node:assert/strict';
import net from 'node:net';
import { it } from 'node:test';

import { describeWithServer, engines, http, rawRequest } from './lib.mjs';

const MiB = 1024 * 1024;

function head(lines) {
	return lines.join('\r\n') + '\r\n\r\n';
}

async function assertHealthy(base) {
	const r = await http(base, '/healthz');
	assert.equal(r.status, 200);
	assert.deepEqual(JSON.parse(r.text), { status: 'ok' });
}

for (const engine of engines()) {
	// a short idle timeout so the slow-client test is quick
	describeWithServer(`limits and malformed requests [${engine}]`, { engine, tag: 'limits', user: true, env: { SKILLCERT_HTTP_TIMEOUT: 2 } }, (h) => {
		const port = () => h.server.port;
		// creating takes a signed-in user: a center_admin's Bearer token
		const auth = () => `Authorization: Bearer ${h.token}`;

		it('a body over 1 MiB with Content-Length → 413 JSON, answered without reading it', async () => {
			const r = await rawRequest(port(), head([
				'POST /api/v1/institutions HTTP/1.1', 'Host: localhost', 'Content-Type: application/json',
				`Content-Length: ${MiB + 1}`, 'Connection: close',
			]));
			assert.equal(r.status, 413, r.text);
			assert.match(r.headers['content-type'], /^application\/json/);
			assert.equal(JSON.parse(r.body).error.code, 'too_large');
		});

		it('a body of exactly 1 MiB is not refused for its size', async () => {
			const body = Buffer.alloc(MiB, 0x20);
			body.write('{}');
			const r = await rawRequest(port(), [head([
				'POST /api/v1/institutions HTTP/1.1', 'Host: localhost', 'Content-Type: application/json', auth(),
				`Content-Length: ${body.length}`, 'Connection: close',
			]), body], { timeoutMs: 10000 });
			assert.equal(r.status, 422, r.text); // {} plus spaces: a valid object missing the name
		});

		// The server answers as soon as it has the headers. A client still
		// pushing the rest of the body may see its connection reset before
		// it reads the answer (the server closes with unread input), so
		// this client sends headers and a first part of the body, then
		// waits for the answer, like an Expect: 100-continue client.
		it('a body over 1 MiB with Content-Length and the start of the body → 413 HTML on a page path', async () => {
			const r = await rawRequest(port(), [head([
				'POST /institutions HTTP/1.1', 'Host: localhost', 'Content-Type: application/x-www-form-urlencoded',
				`Content-Length: ${MiB + 100}`, 'Connection: close',
			]), Buffer.alloc(32 * 1024, 0x61)], { timeoutMs: 10000 });
			assert.equal(r.status, 413, `${r.error}: ${r.text}`);
			assert.match(r.headers['content-type'], /^text\/html/, 'a page path gets an HTML error');
		});

		it('Expect: 100-continue with a too-large Content-Length → 413, no 100 Continue', async () => {
			const r = await rawRequest(port(), head([
				'POST /api/v1/institutions HTTP/1.1', 'Host: localhost', 'Content-Type: application/json',
				`Content-Length: ${5 * MiB}`, 'Expect: 100-continue', 'Connection: close',
			]), { timeoutMs: 5000 });
			assert.equal(r.status, 413, r.text);
		});

		it('a chunked body over 1 MiB → 413', async () => {
			const chunk = Buffer.alloc(64 * 1024, 0x61);
			const parts = [head([
				'POST /api/v1/institutions HTTP/1.1', 'Host: localhost', 'Content-Type: application/json',
				'Transfer-Encoding: chunked', 'Connection: close',
			])];
			for (let sent = 0; sent <= MiB; sent += chunk.length)
				parts.push(Buffer.concat([Buffer.from(chunk.length.toString(16) + '\r\n'), chunk, Buffer.from('\r\n')]));
			parts.push('0\r\n\r\n');
			const r = await rawRequest(port(), parts, { timeoutMs: 10000 });
			assert.equal(r.status, 413, r.text.slice(0, 500));
			assert.equal(JSON.parse(r.body).error.code, 'too_large');
		});

		it('a small chunked body is accepted', async () => {
			const json = JSON.stringify({ name: `分块传输${process.pid}`, type: 'center', province: '11' });
			const b = Buffer.from(json);
			const r = await rawRequest(port(), [
				head(['POST /api/v1/institutions HTTP/1.1', 'Host: localhost', 'Content-Type: application/json', auth(), 'Transfer-Encoding: chunked', 'Connection: close']),
				`${(5).toString(16)}\r\n`, b.subarray(0, 5), '\r\n',
				`${(b.length - 5).toString(16)}\r\n`, b.subarray(5), '\r\n', '0\r\n\r\n',
			]);
			assert.equal(r.status, 201, r.text);
		});

		it('a header block over 32 KiB → 431 (a 4xx, never a crash)', async () => {
			const r = await rawRequest(port(), head([
				'GET /healthz HTTP/1.1', 'Host: localhost', `X-Big: ${'a'.repeat(40 * 1024)}`, 'Connection: close',
			]));
			assert.ok(r.status >= 400 && r.status < 500, `status ${r.status}: ${r.text.slice(0, 200)}`);
			assert.equal(r.status, 431);
		});

		it('many headers adding up to over 32 KiB → 4xx', async () => {
			const lines = ['GET /healthz HTTP/1.1', 'Host: localhost'];
			for (let i = 0; i < 400; i++) lines.push(`X-H${i}: ${'b'.repeat(100)}`);
			lines.push('Connection: close');
			const r = await rawRequest(port(), head(lines));
			assert.ok(r.status >= 400 && r.status < 500, `status ${r.status}`);
		});

		it('a long URL over 32 KiB → 4xx', async () => {
			const r = await rawRequest(port(), head([`GET /institutions?q=${'c'.repeat(40 * 1024)} HTTP/1.1`, 'Host: localhost', 'Connection: close']));
			assert.ok(r.status >= 400 && r.status < 500, `status ${r.status}`);
		});

		it('a garbage request line → 400', async () => {
			for (const line of ['HELLO THERE', 'GET /healthz FOO/9.9']) {
				const r = await rawRequest(port(), `${line}\r\nHost: x\r\n\r\n`);
				assert.equal(r.status, 400, `${line}: ${r.text.slice(0, 200)}`);
			}
		});

		it('a malformed header line → 400', async () => {
			const r = await rawRequest(port(), 'GET /healthz HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n');
			assert.equal(r.status, 400, r.text.slice(0, 200));
		});

		it('binary junk is answered with an error or a close, never a crash', async () => {
			const junk = Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 131 + 7) % 256));
			const r = await rawRequest(port(), [junk, '\r\n\r\n'], { timeoutMs: 6000, untilClose: true });
			assert.ok(r.closed || r.status >= 400, `status ${r.status}`);
			assert.ok(r.status === 0 || (r.status >= 400 && r.status < 500), `status ${r.status}`);
		});

		it('an invalid Content-Length → 4xx', async () => {
			const r = await rawRequest(port(), head(['POST /api/v1/institutions HTTP/1.1', 'Host: x', 'Content-Type: application/json', 'Content-Length: abc', 'Connection: close']));
			assert.ok(r.status >= 400 && r.status < 500, `status ${r.status}: ${r.text.slice(0, 200)}`);
		});

		it('a client that sends half a request line and stops is disconnected after the idle timeout', async () => {
			const t0 = Date.now();
			const closedAfter = await new Promise((resolve, reject) => {
				const s = net.connect({ host: '127.0.0.1', port: port() }, () => s.write('GET /heal'));
				const timer = setTimeout(() => {
					s.destroy();
					reject(new Error('the idle connection was still open after 6 s'));
				}, 6000);
				s.on('error', () => {});
				s.on('close', () => {
					clearTimeout(timer);
					resolve(Date.now() - t0);
				});
			});
			assert.ok(closedAfter >= 1000, `closed too early (${closedAfter} ms): the timeout is 2 s`);
			assert.ok(closedAfter < 6000);
		});

		it('a client that stops in the middle of a body is disconnected too', async () => {
			const r = await rawRequest(port(), head(['POST /api/v1/institutions HTTP/1.1', 'Host: x', 'Content-Type: application/json', 'Content-Length: 100']) + '{"name":', { timeoutMs: 6000, untilClose: true });
			assert.ok(r.closed, 'closed by the server');
			assert.ok(r.ms < 6000);
		});

		it('keep-alive: two requests on one connection are both answered', async () => {
			const one = head(['GET /healthz HTTP/1.1', 'Host: x']);
			const two = head(['GET /healthz HTTP/1.1', 'Host: x', 'Connection: close']);
			const r = await rawRequest(port(), one + two, { untilClose: true });
			assert.equal((r.text.match(/HTTP\/1\.1 200/g) || []).length, 2, r.text);
		});

		it('after all of this the server still answers /healthz', async () => {
			await assertHealthy(h.server.base);
			const burst = await Promise.all(Array.from({ length: 20 }, () => http(h.server.base, '/healthz')));
			assert.ok(burst.every((r) => r.status === 200));
		});
	});
}
