// A small but real SMTP receiver for the tests (RFC 5321's server side, plain
// Node `net`): EHLO/HELO, MAIL FROM, RCPT TO, DATA (its lines dot-unstuffed,
// ended by a lone "."), RSET, NOOP, QUIT and AUTH PLAIN. It accepts every
// message into `messages` ({from, to[], data, auth}); parseMail() reads one
// back (headers, the RFC 2047 subject decoded, the body decoded from base64
// or taken as 8bit).
//
//   const sink = await startSmtpSink();           // a free port on 127.0.0.1
//   ... SKILLCERT_SMTP_URL=smtp://127.0.0.1:${sink.port} ...
//   const [m] = await sink.waitFor(1);
//   await sink.close();
import net from 'node:net';

export async function startSmtpSink({ port = 0, host = '127.0.0.1' } = {}) {
	const messages = [];
	const waiters = new Set();
	const sockets = new Set();
	const notify = () => {
		for (const w of waiters) w();
	};

	const server = net.createServer((sock) => {
		sockets.add(sock);
		sock.on('close', () => sockets.delete(sock));
		sock.on('error', () => {});
		sock.setEncoding('latin1'); // bytes as they come: decoded per message
		let buf = '';
		let env = { from: null, to: [], auth: null };
		let inData = false;
		let authPending = false;
		let lines = [];
		const reply = (s) => sock.write(`${s}\r\n`);
		reply('220 sink.test ESMTP skillcert test sink');
		sock.on('data', (chunk) => {
			buf += chunk;
			let i;
			while ((i = buf.indexOf('\r\n')) >= 0) {
				const line = buf.slice(0, i);
				buf = buf.slice(i + 2);
				if (inData) {
					if (line === '.') {
						inData = false;
						// the message's bytes, as UTF-8 text
						const data = Buffer.from(lines.join('\r\n') + '\r\n', 'latin1').toString('utf8');
						messages.push({ from: env.from, to: env.to, auth: env.auth, data });
						env = { from: null, to: [], auth: env.auth };
						lines = [];
						reply(`250 2.0.0 queued as ${messages.length}`);
						notify();
					} else {
						// dot-unstuffing (RFC 5321 §4.5.2)
						lines.push(line.startsWith('.') ? line.slice(1) : line);
					}
					continue;
				}
				if (authPending) {
					authPending = false;
					env.auth = Buffer.from(line, 'base64').toString('utf8').split('\0');
					reply('235 2.7.0 authenticated');
					continue;
				}
				const verb = line.slice(0, 4).toUpperCase();
				const arg = line.slice(4).trim();
				if (verb === 'EHLO') {
					reply('250-sink.test');
					reply('250-8BITMIME');
					reply('250 AUTH PLAIN');
				} else if (verb === 'HELO') {
					reply('250 sink.test');
				} else if (verb === 'AUTH') {
					const [mech, b64] = arg.split(/\s+/);
					if ((mech || '').toUpperCase() !== 'PLAIN') {
						reply('504 5.5.4 only PLAIN');
					} else if (b64) {
						env.auth = Buffer.from(b64, 'base64').toString('utf8').split('\0');
						reply('235 2.7.0 authenticated');
					} else {
						authPending = true; // the credentials on the next line
						reply('334 ');
					}
				} else if (verb === 'MAIL') {
					const m = /^FROM:\s*<([^>]*)>/i.exec(arg);
					if (!m) reply('501 5.5.4 syntax: MAIL FROM:<address>');
					else {
						env.from = m[1];
						env.to = [];
						reply('250 2.1.0 ok');
					}
				} else if (verb === 'RCPT') {
					const m = /^TO:\s*<([^>]+)>/i.exec(arg);
					if (!env.from && env.from !== '') reply('503 5.5.1 MAIL first');
					else if (!m) reply('501 5.5.4 syntax: RCPT TO:<address>');
					else {
						env.to.push(m[1]);
						reply('250 2.1.5 ok');
					}
				} else if (verb === 'DATA') {
					if (!env.to.length) reply('503 5.5.1 RCPT first');
					else {
						inData = true;
						lines = [];
						reply('354 end data with <CR><LF>.<CR><LF>');
					}
				} else if (verb === 'RSET') {
					env = { from: null, to: [], auth: env.auth };
					reply('250 2.0.0 reset');
				} else if (verb === 'NOOP') {
					reply('250 2.0.0 ok');
				} else if (verb === 'QUIT') {
					reply('221 2.0.0 bye');
					sock.end();
				} else {
					reply('502 5.5.2 not implemented');
				}
			}
		});
	});
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, resolve);
	});
	return {
		port: server.address().port,
		messages,
		/* Resolves messages once there are at least n. */
		waitFor(n) {
			return new Promise((resolve) => {
				const check = () => {
					if (messages.length >= n) {
						waiters.delete(check);
						resolve(messages);
					}
				};
				waiters.add(check);
				check();
			});
		},
		close() {
			for (const s of sockets) s.destroy();
			return new Promise((resolve) => server.close(() => resolve()));
		},
	};
}

/* RFC 2047 encoded words (B and Q) of a header value, decoded. */
export function decodeWords(value) {
	return value
		.replace(/\?=\s+=\?/g, '?==?')
		.replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_, cs, enc, text) => {
			const bytes = enc.toUpperCase() === 'B'
				? Buffer.from(text, 'base64')
				: Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (m, h) => String.fromCharCode(parseInt(h, 16))), 'latin1');
			return new TextDecoder(cs).decode(bytes);
		});
}

/* A message's text: {headers (lower-case name -> unfolded value), subject
 * (decoded), body (decoded), raw}. */
export function parseMail(data) {
	const i = data.indexOf('\r\n\r\n');
	const head = data.slice(0, i).replace(/\r\n[ \t]+/g, ' ');
	const headers = {};
	for (const line of head.split('\r\n')) {
		const k = line.indexOf(':');
		headers[line.slice(0, k).toLowerCase()] = line.slice(k + 1).trim();
	}
	let body = data.slice(i + 4);
	if ((headers['content-transfer-encoding'] || '').toLowerCase() === 'base64')
		body = Buffer.from(body.replace(/\r\n/g, ''), 'base64').toString('utf8');
	return { headers, subject: decodeWords(headers.subject || ''), body, raw: data };
}
