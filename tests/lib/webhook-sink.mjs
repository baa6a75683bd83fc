// A webhook receiver for the tests (issue 18): a plain Node HTTP server
// that records every request ({headers, body, json, at}) and answers as
// told: `mode` 'ok' (200), 'fail' (500) or 'hang' (never answers; the
// request is held until release() or close()). close() stops listening
// (the port is then refused); reopen() listens on the same port again.
import crypto from 'node:crypto';
import http from 'node:http';

export async function startWebhookSink({ port = 0 } = {}) {
	const sink = { got: [], mode: 'ok', held: [], waiters: new Set() };
	const onRequest = (req, res) => {
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => {
			const body = Buffer.concat(chunks).toString('utf8');
			let json = null;
			try { json = JSON.parse(body); } catch { /* recorded as text */ }
			const entry = { method: req.method, url: req.url, headers: req.headers, body, json, answered: sink.mode };
			sink.got.push(entry);
			for (const w of sink.waiters) w();
			if (sink.mode === 'hang') {
				sink.held.push({ res, entry });
				return;
			}
			res.writeHead(sink.mode === 'fail' ? 500 : 200, { 'Content-Type': 'text/plain' });
			res.end(sink.mode === 'fail' ? 'no' : 'ok');
		});
	};
	const listen = (p) => new Promise((resolve, reject) => {
		sink.server = http.createServer(onRequest);
		sink.server.once('error', reject);
		sink.server.listen(p, '127.0.0.1', () => resolve(sink.server.address().port));
	});
	sink.port = await listen(port);
	sink.url = (path = '/hook') => `http://127.0.0.1:${sink.port}${path}`;
	/* answers what is held (200) */
	sink.release = () => {
		for (const { res, entry } of sink.held.splice(0)) {
			entry.answered = 'ok';
			res.writeHead(200);
			res.end('ok');
		}
	};
	sink.close = () => new Promise((resolve) => {
		for (const { res } of sink.held.splice(0)) res.destroy();
		sink.server.closeAllConnections?.();
		sink.server.close(() => resolve());
	});
	sink.reopen = async () => { await listen(sink.port); };
	/* the requests to path, the accepted ones only when ok (2xx answered) */
	sink.to = (path, { ok = false } = {}) => sink.got.filter((g) => g.url === path && (!ok || g.answered === 'ok'));
	/* resolves once pred(sink.got) holds; rejects after timeoutMs */
	sink.until = (pred, timeoutMs = 20000, what = 'the deliveries') => new Promise((resolve, reject) => {
		const check = () => {
			if (pred(sink.got)) {
				sink.waiters.delete(check);
				clearTimeout(timer);
				resolve();
			}
		};
		const timer = setTimeout(() => {
			sink.waiters.delete(check);
			reject(new Error(`${what} did not arrive within ${timeoutMs} ms; got ${JSON.stringify(sink.got.map((g) => [g.url, g.json?.type, g.answered]))}`));
		}, timeoutMs);
		sink.waiters.add(check);
		check();
	});
	return sink;
}

/* Verifies a Skillcert-Signature header (t=...,v1=...) over body with
 * secret: returns t (a number) or throws. */
export function verifySignature(header, body, secret) {
	const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header || '');
	if (!m) throw new Error(`not a signature header: ${header}`);
	const want = crypto.createHmac('sha256', secret).update(`${m[1]}.${body}`).digest('hex');
	if (!crypto.timingSafeEqual(Buffer.from(want), Buffer.from(m[2]))) throw new Error('the signature does not verify');
	return Number(m[1]);
}
