// bench/certs-jose.mjs PAYLOADS COUNT KID [IN_FLIGHT] - the jose side of
// bench/certs.sh: signs COUNT credential payloads as compact JWS (EdDSA,
// Ed25519, header {"alg":"EdDSA","kid":KID,"typ":"vc+jwt"} like skillcert's),
// cycling through PAYLOADS (one per line: the base64url payload segment of a
// stored certificate's credential, as sqlite3 cut it out; decoded here,
// before timing, to the credential JSON bytes skillcert signed). IN_FLIGHT (1) signatures are awaited together: 1 is a
// plain `await` per credential.
//
// Before timing: reads the payloads into memory, makes an Ed25519 key pair
// (jose generateKeyPair), signs 1,000 as a warm-up. After: verifies a few
// of the tokens with jose's compactVerify and checks they carry the payload.
// Prints one JSON line: {count, seconds, per_second, sample, payload_bytes,
// jws_bytes, in_flight, jose, node}.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { CompactSign, compactVerify, generateKeyPair } from 'jose';

const [file, countArg, kid, inFlightArg] = process.argv.slice(2);
const count = Number(countArg);
const inFlight = Number(inFlightArg || 1);
if (!file || !(count > 0) || !kid || !(inFlight >= 1)) {
	console.error('usage: node bench/certs-jose.mjs PAYLOADS COUNT KID [IN_FLIGHT]');
	process.exit(2);
}
const payloads = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.length)
	.map((l) => new Uint8Array(Buffer.from(l, 'base64url')));
if (!payloads.length) throw new Error(`no payloads in ${file}`);
for (const p of payloads.slice(0, 3)) JSON.parse(new TextDecoder().decode(p)); // credentials, not noise
const header = { alg: 'EdDSA', kid, typ: 'vc+jwt' };
const { privateKey, publicKey } = await generateKeyPair('EdDSA');
const sign = (i) => new CompactSign(payloads[i % payloads.length]).setProtectedHeader(header).sign(privateKey);

for (let i = 0; i < 1000; i++) await sign(i);

let bytes = 0;
const kept = [];
const t0 = process.hrtime.bigint();
if (inFlight === 1) {
	for (let i = 0; i < count; i++) {
		const jws = await sign(i);
		bytes += jws.length;
		if (i < 3) kept.push([i, jws]);
	}
} else {
	for (let i = 0; i < count; i += inFlight) {
		const n = Math.min(inFlight, count - i);
		const batch = await Promise.all(Array.from({ length: n }, (_, k) => sign(i + k)));
		for (let k = 0; k < n; k++) {
			bytes += batch[k].length;
			if (i + k < 3) kept.push([i + k, batch[k]]);
		}
	}
}
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;

for (const [i, jws] of kept) {
	const { payload, protectedHeader } = await compactVerify(jws, publicKey);
	if (Buffer.compare(Buffer.from(payload), Buffer.from(payloads[i % payloads.length])) || protectedHeader.kid !== kid)
		throw new Error(`token ${i} does not verify to its payload`);
}
const require = createRequire(import.meta.url);
const joseVersion = JSON.parse(fs.readFileSync(require.resolve('jose').replace(/dist\/.*$/, 'package.json'), 'utf8')).version;
console.log(JSON.stringify({
	count,
	seconds: Number(seconds.toFixed(3)),
	per_second: Math.round(count / seconds),
	sample: payloads.length,
	payload_bytes: Math.round(payloads.reduce((s, p) => s + p.length, 0) / payloads.length),
	jws_bytes: Math.round(bytes / count),
	in_flight: inFlight,
	jose: joseVersion,
	node: process.version,
}));
