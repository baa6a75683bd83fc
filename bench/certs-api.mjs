// bench/certs-api.mjs - the JSON API steps of bench/certs.sh's setup.
//
//   node bench/certs-api.mjs plan BASE TOKEN INSTITUTION OCCUPATION LEVEL CAPACITY
//       creates a plan (draft) of the standard of OCCUPATION; prints its id
//   node bench/certs-api.mjs photos BASE TOKEN IDS_FILE
//       gives every person in IDS_FILE (one id per line) the same photo: a
//       358 x 441 RGB PNG (the size of a resident ID card's photo), a
//       head-and-shoulders figure on a blue gradient; four requests in
//       flight; prints "COUNT PNG_BYTES"
import fs from 'node:fs';
import zlib from 'node:zlib';

const [what, base, token, ...args] = process.argv.slice(2);

async function api(path, { json, body, type } = {}) {
	const r = await fetch(base + path, {
		method: json || body ? 'POST' : 'GET',
		headers: { Authorization: `Bearer ${token}`, 'Content-Type': type || 'application/json' },
		body: json ? JSON.stringify(json) : body,
	});
	const text = await r.text();
	if (r.status >= 300) throw new Error(`${json || body ? 'POST' : 'GET'} ${path}: ${r.status} ${text}`);
	return text ? JSON.parse(text) : null;
}

function crc32(buf) {
	let crc = 0xffffffff;
	for (let n = 0; n < buf.length; n++) {
		let c = (crc ^ buf[n]) & 0xff;
		for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		crc = (crc >>> 8) ^ c;
	}
	return (crc ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
	const len = Buffer.alloc(4);
	len.writeUInt32BE(data.length);
	const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(td));
	return Buffer.concat([len, td, crc]);
}
function photo(w = 358, h = 441) {
	const raw = Buffer.alloc((w * 3 + 1) * h);
	for (let y = 0; y < h; y++) {
		raw[y * (w * 3 + 1)] = 0; // filter: none
		for (let x = 0; x < w; x++) {
			const o = y * (w * 3 + 1) + 1 + x * 3;
			const dx = x - w / 2;
			const face = (dx / (w * 0.2)) ** 2 + ((y - h * 0.38) / (h * 0.2)) ** 2 < 1;
			const body = y > h * 0.62 && Math.abs(dx) < w * 0.42 - (h - y) * 0.3;
			const shade = (x * 7 + y * 13) % 9; // a little texture, as a scan has
			if (face) raw.set([222 - shade, 190 - shade, 170 - shade], o);
			else if (body) raw.set([40 + shade, 44 + shade, 60 + shade], o);
			else raw.set([60 + ((y * 80) / h) | 0, 130 + ((y * 60) / h) | 0, 220 - shade], o);
		}
	}
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(w, 0);
	ihdr.writeUInt32BE(h, 4);
	ihdr[8] = 8; // bit depth
	ihdr[9] = 2; // RGB
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0)),
	]);
}

if (what === 'plan') {
	const [institution, occupation, level, capacity] = args;
	const std = (await api('/api/v1/standards')).items.find((s) => s.occupation_code === occupation);
	if (!std) throw new Error(`no standard for ${occupation}`);
	const plan = await api('/api/v1/plans', {
		json: { institution_id: Number(institution), standard_id: std.id, level: Number(level), capacity: Number(capacity) },
	});
	console.log(plan.id);
} else if (what === 'photos') {
	const ids = fs.readFileSync(args[0], 'utf8').split('\n').filter(Boolean);
	const png = photo();
	let next = 0;
	const worker = async () => {
		while (next < ids.length) {
			const id = ids[next++];
			await api(`/api/v1/people/${id}/photo`, { body: png, type: 'image/png' });
		}
	};
	await Promise.all(Array.from({ length: 4 }, worker));
	console.log(`${ids.length} ${png.length}`);
} else {
	console.error('usage: node bench/certs-api.mjs plan|photos BASE TOKEN ...');
	process.exit(2);
}
