// The certificate an institution hands over (issue 11), end to end on both
// engines: no certificate without the holder's photo (the whole plan
// refused, naming who lacks one).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, it } from 'node:test';
import zlib from 'node:zlib';

import { closedPlan, makeStation, pngChunk, pngPhoto } from './certlib.mjs';
import { describeWithServer, engines, http, makeDataDir, makeUser } from './lib.mjs';

function run(cmd, args, { binary = false } = {}) {
	return new Promise((resolve, reject) => {
		execFile(cmd, args, { maxBuffer: 256 << 20, encoding: binary ? 'buffer' : 'utf8' }, (e, stdout, stderr) =>
			e ? reject(new Error(`${cmd} ${args.join(' ')}: ${e.message}\n${stderr}`)) : resolve(stdout));
	});
}

/* A PNG of w x h with colour type 6 (RGBA) or 2 (RGB): px(x, y) gives
 * [r, g, b, a]. */
function png(w, h, px, { rgba = true } = {}) {
	const bpp = rgba ? 4 : 3;
	const raw = Buffer.alloc((w * bpp + 1) * h);
	for (let y = 0; y < h; y++)
		for (let x = 0; x < w; x++) {
			const v = px(x, y);
			for (let k = 0; k < bpp; k++) raw[y * (w * bpp + 1) + 1 + x * bpp + k] = v[k];
		}
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(w, 0);
	ihdr.writeUInt32BE(h, 4);
	ihdr[8] = 8;
	ihdr[9] = rgba ? 6 : 2;
	return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), pngChunk('IHDR', ihdr),
		pngChunk('IDAT', zlib.deflateSync(raw)), pngChunk('IEND', Buffer.alloc(0))]);
}

/* A seal drawn in BLUE (the print must be red whatever its colour): a ring
 * and a disc, transparent around them. */
const SEAL = png(200, 200, (x, y) => {
	const d = Math.hypot(x - 100, y - 100);
	return (d > 80 && d < 96) || d < 30 ? [20, 40, 200, 255] : [0, 0, 0, 0];
});

/* A PPM (P6) read into {w, h, px: Buffer}. */
function ppm(buf) {
	const head = buf.subarray(0, 64).toString('latin1').split(/\s+/);
	assert.equal(head[0], 'P6');
	const [w, h, max] = [Number(head[1]), Number(head[2]), Number(head[3])];
	assert.equal(max, 255);
	let off = 0;
	for (let fields = 0; fields < 4; off++) if (/\s/.test(String.fromCharCode(buf[off])) && !/\s/.test(String.fromCharCode(buf[off - 1]))) fields++;
	return { w, h, px: buf.subarray(off) };
}

for (const engine of engines()) {
	describeWithServer(`the printed certificate [${engine}]`, { engine, tag: 'certdoc', user: true }, (h) => {
		const api = (p, o) => h.api(p, o);
		let station;
		let tmp;
		/* the station every test uses (made once: a test may run alone) */
		const ready = async () => {
			if (station) return;
			const s = await h.server.cli(['setting', 'set', 'public_url', h.server.base]);
			assert.equal(s.code, 0, s.stderr);
			station = await makeStation(h.server, h.api);
			tmp = makeDataDir('certdoc');
		};
		/* GET of bytes: {status, type, body: Buffer} */
		const bytes = async (p, auth = true) => {
			const r = await fetch(h.server.base + p, { headers: auth ? { Authorization: `Bearer ${h.token}` } : {} });
			return { status: r.status, type: r.headers.get('content-type'), body: Buffer.from(await r.arrayBuffer()) };
		};
		const pdfOf = async (id, name) => {
			const r = await bytes(`/api/v1/certificates/${id}/certificate.pdf`);
			assert.equal(r.status, 200);
			const file = path.join(tmp, name);
			fs.writeFileSync(file, r.body);
			return file;
		};
		const rendered = async (file) => ppm(await run('pdftoppm', ['-r', '40', '-singlefile', file], { binary: true }));
		after(() => tmp && fs.rmSync(tmp, { recursive: true, force: true }));
		const audit = async (action) => {
			const r = await api(`/api/v1/audit?action=${action}&limit=100`);
			assert.equal(r.status, 200, r.text);
			return r.json.items;
		};

		it('a plan with candidates lacking a photo is refused whole: 422 listing them (API and page), nothing issued', async () => {
			await ready();
			const P = await closedPlan(h.server, h.api, station, { pass: 3, fail: 1, photo: null });
			const [withPhoto, ...without] = P.candidates.filter((c) => c.pass);
			const photo = pngPhoto(64, 90);
			const up = (c) => api(`/api/v1/people/${c.person_id}/photo`, { method: 'POST', body: photo, headers: { 'Content-Type': 'image/png' } });
			assert.equal((await up(withPhoto)).status, 200);

			const r = await api(`/api/v1/plans/${P.plan}/certificates`, { method: 'POST' });
			assert.equal(r.status, 422, r.text);
			assert.equal(r.json.error.field, 'photo');
			const probs = r.json.error.problems;
			assert.deepEqual(probs.map((p) => p.person_id).sort(), without.map((c) => c.person_id).sort());
			for (const p of probs) {
				const c = without.find((x) => x.person_id === p.person_id);
				assert.equal(p.enrolment_id, c.enrolment_id);
				assert.equal(p.name, c.name);
				assert.equal(p.field, 'photo');
			}
			const none = await api(`/api/v1/certificates?plan=${P.plan}`);
			assert.equal(none.json.certificates.length, 0, 'nothing issued, not even the one with a photo');

			// the page: the same list, each linked to where the photo is set
			const page = await http(h.server.base, `/plans/${P.plan}/certificates`, { method: 'POST', headers: { Authorization: `Bearer ${h.token}` }, form: {} });
			assert.equal(page.status, 422, page.text.slice(0, 300));
			for (const c of without) {
				assert.ok(page.text.includes(`href="/people/${c.person_id}"`), `a link to ${c.person_id}`);
				assert.ok(page.text.includes(c.name));
			}
			assert.ok(!page.text.includes(`href="/people/${withPhoto.person_id}"`));
			// the plan page warns before issuing
			const plan = await http(h.server.base, `/plans/${P.plan}`, { headers: { Authorization: `Bearer ${h.token}` } });
			assert.equal(plan.status, 200);
			assert.match(plan.text, new RegExp(`<strong>${without.length}</strong> 名考生缺少照片`));

			// every photo in: the whole plan issued
			for (const c of without) assert.equal((await up(c)).status, 200);
			const ok = await api(`/api/v1/plans/${P.plan}/certificates`, { method: 'POST' });
			assert.equal(ok.status, 200, ok.text);
			assert.equal(ok.json.issued, 3);
			const again = await http(h.server.base, `/plans/${P.plan}`, { headers: { Authorization: `Bearer ${h.token}` } });
			assert.ok(!again.text.includes('id="missing-photos"'));
		});

		it('the seal: only a PNG with transparency, within limits, is taken (422 naming the field), and only from who manages the institution', async () => {
			await ready();
			const put = (id, body, type = 'image/png', a = api) => a(`/api/v1/institutions/${id}/seal`, { method: 'POST', body, headers: { 'Content-Type': type } });
			const refused = async (body, type, why) => {
				const r = await put(station.id, body, type);
				assert.equal(r.status, 422, `${why}: ${r.text}`);
				assert.equal(r.json.error.field, 'seal', why);
				return r.json.error.message;
			};
			// no alpha channel: an RGB PNG (a photo, say)
			assert.match(await refused(pngPhoto(), 'image/png', 'RGB'), /透明|transparent/);
			// a JPEG
			await refused(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xd9]), 'image/jpeg', 'JPEG');
			// larger than 512 KiB (noise does not compress)
			const noise = crypto.randomBytes(700 * 700 * 4);
			const big = png(700, 700, (x, y) => noise.subarray((y * 700 + x) * 4, (y * 700 + x) * 4 + 4));
			assert.ok(big.length > 512 * 1024, `${big.length} bytes`);
			await refused(big, 'image/png', 'oversize');
			// more than 2000 pixels a side
			await refused(png(2100, 40, () => [200, 0, 0, 255]), 'image/png', 'too wide');
			// the structure of a PNG, pixels that do not decode
			const broken = Buffer.from(SEAL);
			const idat = broken.indexOf(Buffer.from('IDAT'));
			broken.fill(0x55, idat + 4, idat + 40);
			assert.match(await refused(broken, 'image/png', 'broken'), /损坏|damaged/);
			assert.equal((await api(`/api/v1/institutions/${station.id}/seal`)).status, 404, 'nothing stored');

			// another institution's administrator may not
			const elsewhere = (await h.server.cli(['institution', 'add', '--name', `别的站${Date.now()}`, '--type', 'exam_station', '--province', '44'])).stdout.trim();
			const other = await makeUser(h.server, 'sealstranger', { role: 'institution_admin', institution: Number(elsewhere) });
			const stranger = (p, o) => http(h.server.base, p, { ...o, headers: { ...(o?.headers || {}), Authorization: `Bearer ${other.token}` } });
			const s403 = await put(station.id, SEAL, 'image/png', stranger);
			assert.ok([403, 404].includes(s403.status), s403.text);

			const ok = await put(station.id, SEAL);
			assert.equal(ok.status, 200, ok.text);
			assert.equal(ok.json.width, 200);
			const back = await bytes(`/api/v1/institutions/${station.id}/seal`);
			assert.equal(back.status, 200);
			assert.equal(back.type, 'image/png');
			assert.ok(Buffer.compare(back.body, SEAL) === 0, 'the same bytes back');
			// the institution page: the seal shown, and its upload form
			const auth = { Authorization: `Bearer ${h.token}` };
			const page = await http(h.server.base, `/institutions/${station.id}`, { headers: auth });
			assert.ok(page.text.includes(`<img src="/institutions/${station.id}/seal.png"`), 'the seal on the page');
			const img = await bytes(`/institutions/${station.id}/seal.png`);
			assert.equal(img.status, 200);
			assert.ok(Buffer.compare(img.body, SEAL) === 0);
			const form = new FormData();
			form.append('seal', new Blob([pngPhoto()], { type: 'image/png' }), 'photo.png');
			const bad = await fetch(`${h.server.base}/institutions/${station.id}/seal`, { method: 'POST', headers: auth, body: form, redirect: 'manual' });
			assert.equal(bad.status, 422);
			assert.match(await bad.text(), /<p class="error" id="e-seal">印章图片须有透明背景/);
			const form2 = new FormData();
			form2.append('seal', new Blob([SEAL], { type: 'image/png' }), 'seal.png');
			const good = await fetch(`${h.server.base}/institutions/${station.id}/seal`, { method: 'POST', headers: auth, body: form2, redirect: 'manual' });
			assert.equal(good.status, 303);
			const up = (await audit('seal.upload')).filter((e) => e.object_id === String(station.id));
			assert.equal(up.length, 2, 'each upload audited');
			assert.equal(up[0].after.width, 200);
		});

		it('the certificate printed with the seal: an image on the page, red pixels over the institution and date, each use audited', async () => {
			await ready();
			// a certificate issued and printed without a seal, then with one
			await api(`/api/v1/institutions/${station.id}/seal/remove`, { method: 'POST' });
			const P = await closedPlan(h.server, h.api, station, { pass: 1, level: 5 });
			assert.equal((await api(`/api/v1/plans/${P.plan}/certificates`, { method: 'POST' })).status, 200);
			assert.equal((await audit('seal.use')).length, 0, 'no seal, no use');
			const [x] = (await api(`/api/v1/certificates?plan=${P.plan}`)).json.certificates;
			const plain = await pdfOf(x.id, 'plain.pdf');
			assert.equal((await api(`/api/v1/institutions/${station.id}/seal`, { method: 'POST', body: SEAL, headers: { 'Content-Type': 'image/png' } })).status, 200);
			const sealed = await pdfOf(x.id, 'sealed.pdf');

			const images = (f) => run('pdfimages', ['-list', f]);
			assert.doesNotMatch(await images(plain), /\s200\s+200\s/);
			assert.match(await images(sealed), /\s200\s+200\s/, 'the seal is an image of the page');

			const a = await rendered(plain);
			const b = await rendered(sealed);
			assert.equal(a.w, b.w);
			let changed = 0, red = 0, minY = b.h, maxY = 0, minX = b.w, maxX = 0;
			for (let i = 0; i < b.w * b.h; i++) {
				const [r1, g1, b1] = [a.px[i * 3], a.px[i * 3 + 1], a.px[i * 3 + 2]];
				const [r2, g2, b2] = [b.px[i * 3], b.px[i * 3 + 1], b.px[i * 3 + 2]];
				if (Math.abs(r1 - r2) + Math.abs(g1 - g2) + Math.abs(b1 - b2) < 30) continue;
				changed++;
				if (!(r2 > 150 && r2 > g2 + 70 && r2 > b2 + 70)) continue;
				red++;
				const y = Math.floor(i / b.w), xx = i % b.w;
				minY = Math.min(minY, y); maxY = Math.max(maxY, y);
				minX = Math.min(minX, xx); maxX = Math.max(maxX, xx);
			}
			// (a line of text may shift a pixel: the red ones are the seal's)
			assert.ok(red > 600, `the seal made ${red} pixels red`);
			assert.ok(red / changed > 0.7, `red: ${red} of ${changed}`);
			// in the lower half, on the left (the 评价机构/date block; the QR code is at the right)
			assert.ok(minY > b.h * 0.5, `top ${minY} of ${b.h}`);
			assert.ok(maxX < b.w * 0.7, `right ${maxX} of ${b.w}`);
			// 40 mm: about 63 px at 40 dpi
			assert.ok(maxY - minY > 45 && maxY - minY < 75, `height ${maxY - minY}: ${minX},${minY} - ${maxX},${maxY} of ${b.w}x${b.h}, ${red}/${changed} red`);

			const uses = await audit('seal.use');
			assert.equal(uses.length, 1, 'the print');
			assert.equal(uses[0].after.document, 'certificate.print');
			// issuing with the seal in place is a use too
			const Q = await closedPlan(h.server, h.api, station, { pass: 2, level: 5 });
			assert.equal((await api(`/api/v1/plans/${Q.plan}/certificates`, { method: 'POST' })).status, 200);
			const after = await audit('seal.use');
			assert.equal(after.length, 2);
			assert.deepEqual(after[0].after, { document: 'certificate.issue', of: `plan ${Q.plan}`, issued: 2 });
		});

		it('the plaque carries the center\'s seal; a seal removed is audited and printed no more', async () => {
			await ready();
			const plaque = async () => {
				const r = await bytes(`/institutions/${station.id}/plaque.pdf`, false);
				assert.equal(r.status, 200);
				const f = path.join(tmp, `plaque-${Date.now()}.pdf`);
				fs.writeFileSync(f, r.body);
				return run('pdfimages', ['-list', f]);
			};
			assert.doesNotMatch(await plaque(), /\s200\s+200\s/, 'no center seal yet');
			assert.equal((await api(`/api/v1/institutions/${station.center}/seal`, { method: 'POST', body: SEAL, headers: { 'Content-Type': 'image/png' } })).status, 200);
			assert.match(await plaque(), /\s200\s+200\s/, 'the center\'s seal on the plaque');

			const del = await api(`/api/v1/institutions/${station.center}/seal/remove`, { method: 'POST' });
			assert.equal(del.status, 200, del.text);
			assert.equal((await api(`/api/v1/institutions/${station.center}/seal/remove`, { method: 'POST' })).status, 404);
			assert.doesNotMatch(await plaque(), /\s200\s+200\s/);
			const rm = (await audit('seal.remove')).filter((e) => e.object_id === String(station.center));
			assert.equal(rm.length, 1);
		});

		it('the certificate is set in a serif face (AR PL UMing), embedded as a subset; the page stays under 64 KiB', async () => {
			await ready();
			const P = await closedPlan(h.server, h.api, station, { pass: 1, level: 4, photo: pngPhoto() });
			assert.equal((await api(`/api/v1/plans/${P.plan}/certificates`, { method: 'POST' })).status, 200);
			const [x] = (await api(`/api/v1/certificates?plan=${P.plan}`)).json.certificates;
			const file = await pdfOf(x.id, 'serif.pdf');
			const size = fs.statSync(file).size;
			assert.ok(size < 64 * 1024, `${size} bytes`);
			const fonts = (await run('pdffonts', [file])).split('\n').slice(2).filter(Boolean);
			// name type encoding emb sub uni object ID
			assert.ok(fonts.length >= 1, 'fonts listed');
			// every face the page uses is the serif, embedded as a subset (no
			// fallback to a sans face for some glyphs)
			for (const l of fonts) {
				assert.match(l.split(/\s+/)[0], /^[A-Z]{6}\+(AR)?(PL)?UMingCN$/, fonts.join('\n'));
				assert.match(l, /\syes\s+yes\s+yes\s/, `embedded subset: ${l}`);
			}
		});

		it('the award without a work type reads 准予取得车工四级/中级工职业技能等级, never 车工（--）: the PDF and the credential', async () => {
			await ready();
			const payload = async (id) => {
				const r = await api(`/api/v1/certificates/${id}/credential`);
				assert.equal(r.status, 200);
				return JSON.parse(Buffer.from(r.text.trim().split('.')[1], 'base64url').toString());
			};
			const text = async (id, name) => (await run('pdftotext', [await pdfOf(id, name), '-'])).replace(/\s+/g, '');
			for (const [workType, award] of [['', '车工四级/中级工'], ['数控车工', '车工（数控车工）四级/中级工']]) {
				const P = await closedPlan(h.server, h.api, station, { pass: 1, level: 4, workType });
				assert.equal((await api(`/api/v1/plans/${P.plan}/certificates`, { method: 'POST' })).status, 200);
				const [x] = (await api(`/api/v1/certificates?plan=${P.plan}`)).json.certificates;
				const t = await text(x.id, `award-${workType || 'none'}.pdf`);
				assert.ok(t.includes(`成绩合格，准予取得${award}职业技能等级。`), t);
				assert.ok(!t.includes('（--）') && !t.includes('(--)'), t);
				const a = (await payload(x.id)).credentialSubject.achievement;
				assert.equal(a.description, `职业技能等级证书：${award}`);
				if (workType) assert.equal(a.specialization, workType);
				else assert.equal(a.specialization, undefined);
			}
		});

		it('the page is filled as a certificate is: the body, then the 评价机构 block with the seal and date, then the lookup lines beside the QR code', async () => {
			await ready();
			const P = await closedPlan(h.server, h.api, station, { pass: 1, level: 4 });
			assert.equal((await api(`/api/v1/plans/${P.plan}/certificates`, { method: 'POST' })).status, 200);
			const [x] = (await api(`/api/v1/certificates?plan=${P.plan}`)).json.certificates;
			const file = await pdfOf(x.id, 'layout.pdf');
			const layout = await run('pdftotext', ['-layout', file, '-']);
			assert.match(layout, /评价机构\s+证书考试站/);
			assert.match(layout, /发证日期\s+\d{4}年\d{1,2}月\d{1,2}日/);
			assert.match(layout, /证书信息查询网址：http:\/\/jndj\.osta\.org\.cn/);
			assert.match(layout, /本证书核验：http:\/\/127\.0\.0\.1:\d+\/verify/);
			// where the words are: pdftotext -bbox (y grows downwards)
			const html = await run('pdftotext', ['-bbox', file, '-']);
			const H = Number(/<page width="[\d.]+" height="([\d.]+)"/.exec(html)[1]);
			const words = [...html.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</g)]
				.map((m) => ({ x0: +m[1], y0: +m[2], y1: +m[4], w: m[5] }));
			const top = (re) => {
				const w = words.find((v) => re.test(v.w));
				assert.ok(w, `${re} on the page`);
				return w.y0 / H;
			};
			const [number, body, inst, date, lookup] = [top(/^证书编号/), top(/准予取得|成绩合格/), top(/^评价机构/), top(/^发证日期/), top(/^证书信息查询网址/)];
			assert.ok(number < body && body < inst && inst < date && date < lookup, [number, body, inst, date, lookup].join(' '));
			// spread over the page: no band of a fifth of the page without text
			// (before: a third between the body and the 评价机构)
			const ys = words.map((v) => [v.y0, v.y1]).sort((a, b) => a[0] - b[0]);
			let reach = ys[0][1], widest = 0;
			for (const [y0, y1] of ys) {
				widest = Math.max(widest, y0 - reach);
				reach = Math.max(reach, y1);
			}
			assert.ok(widest / H < 0.2, `an empty band of ${(100 * widest / H).toFixed(0)}% of the page`);
			assert.ok(inst > 0.5 && inst < 0.8, `评价机构 at ${(100 * inst).toFixed(0)}% of the page`);
			// the QR code still decodes to the certificate's verify URL
			await run('pdftoppm', ['-r', '150', '-png', '-singlefile', file, path.join(tmp, 'layout')]);
			const url = (await run('zbarimg', ['--raw', '-q', path.join(tmp, 'layout.png')])).trim();
			assert.equal(url, `${h.server.base}/v/${x.qr_token}`);
		});

		it('the plaque: dates in Chinese form, the scope listed, a QR code to the institution\'s public page', async () => {
			await ready();
			const r = await bytes(`/institutions/${station.id}/plaque.pdf`, false);
			assert.equal(r.status, 200);
			const file = path.join(tmp, 'plaque-layout.pdf');
			fs.writeFileSync(file, r.body);
			const inst = (await api(`/api/v1/institutions/${station.id}`)).json;
			const zh = (d) => d.replace(/^(\d{4})-0?(\d{1,2})-0?(\d{1,2})$/, '$1年$2月$3日');
			const text = await run('pdftotext', ['-layout', file, '-']);
			assert.ok(text.includes(zh(inst.valid_until)), text);
			assert.match(text, /\d{4}年\d{1,2}月\d{1,2}日\s+—\s+\d{4}年\d{1,2}月\d{1,2}日/, 'the validity');
			assert.doesNotMatch(text, /\d{4}-\d{2}-\d{2}/, 'no ISO date');
			assert.match(text, /6-18-01-01 车工：五级\/初级工、四级\/中级工、三级\/高级工|6-18-01-01\s+车工/, 'the scope');
			await run('pdftoppm', ['-r', '150', '-png', '-singlefile', file, path.join(tmp, 'plaque')]);
			const url = (await run('zbarimg', ['--raw', '-q', path.join(tmp, 'plaque.png')])).trim();
			assert.equal(url, `${h.server.base}/institutions/${station.id}`);
			const page = await http(h.server.base, `/institutions/${station.id}`);
			assert.equal(page.status, 200, 'the public page the code leads to');
		});
	});
}
