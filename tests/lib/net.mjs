// tests/lib/net.mjs - small network helpers shared by the test libraries.
//
//   import { freePort } from './net.mjs';
//   const port = await freePort();

import net from 'node:net';

/* A port nothing listens on right now on 127.0.0.1 (the kernel's pick). */
export function freePort() {
	return new Promise((resolve, reject) => {
		const s = net.createServer();
		s.on('error', reject);
		s.listen(0, '127.0.0.1', () => {
			const { port } = s.address();
			s.close(() => resolve(port));
		});
	});
}
