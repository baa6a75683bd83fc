// A plan's certificate PDF drawn on several threads (issue 17), end to end
// on both engines: `skillcert cert pdf --plan` with SKILLCERT_PDF_THREADS=1
// (the pages drawn on the calling thread) and =4 (runs of pages drawn by
// four threads into PDFs of their own and joined) gives as many pages, the
// same text (pdftotext), the pages in the plan's order, every holder's
// photo and the seal on each page, and QR codes that decode to each
// certificate's verify URL; the API's plan PDF (the server's threads) reads
// the same; a broken photo in the middle of the plan is still named.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, it } from 'node:test';
import zlib from 'node:zlib';

import { closedPlan, makeStation, pngChunk, pngPhoto, sql } from './certlib.mjs';
import { describeWithServer, engines, makeDataDir } from './lib.mjs';

function tool(cmd, args) {
	return new Promise((resolve, reject) => {
		execFile(cmd, args, { maxBuffer: 256 << 20 }, (e, stdout, stderr) =>
			e ? reject(new Error(`${cmd} ${args.join(' ')}: ${e.message}\n${stderr}`)) : resolve(stdout));
	});
}

/* A red ring with transparency around it: the institution's seal. */
function sealPng() {
	const w = 120;
	const raw = Buffer.alloc((w * 4 + 1) * w);
	for (let y = 0; y < w; y++)
		for (let x = 0; x < w; x++) {
			const d = Math.hypot(x - 60, y - 60);
			if (d > 48 && d < 58) raw.set([200, 20, 20, 255], y * (w * 4 + 1) + 1 + x * 4);
		}
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(w, 0);
	ihdr.writeUInt32BE(w, 4);
	ihdr[8] = 8;
	ihdr[9] = 6;
	return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), pngChunk('IHDR', ihdr),
		pngChunk('IDAT', zlib.deflateSync(raw)), pngChunk('IEND', Buffer.alloc(0))]);
}

const N = 25; // more pages than four threads' first runs: several runs of pages joined

for (const engine of engines()) {
	describeWithServer(`a plan's PDF on several threads [${engine}]`, { engine, tag: 'pdfthr', user: true }, (h) => {
		const api = (p, o) => h.api(p, o);
		const tmp = makeDataDir('pdfthr');
		after(() => fs.rmSync(tmp, { recursive: true, force: true }));
		let P, certs;
		/* the plan, issued (made once: a test may run alone) */
		const ready = async () => {
			if (P) return;
			assert.equal((await h.server.cli(['setting', 'set', 'public_url', h.server.base])).code, 0);
			const station = await makeStation(h.server, h.api, { assessors: 5 });
			const seal = await api(`/api/v1/institutions/${station.id}/seal`, { method: 'POST', body: sealPng(), headers: { 'Content-Type': 'image/png' } });
			assert.equal(seal.status, 200, seal.text);
			P = await closedPlan(h.server, h.api, station, { pass: N, level: 5, photo: pngPhoto(120, 168) });
			const r = await api(`/api/v1/plans/${P.plan}/certificates`, { method: 'POST' });
			assert.equal(r.status, 200, r.text);
			assert.equal(r.json.issued, N);
			// the plan's certificates in the order the PDF prints them
			const ids = (await sql(h.server, `SELECT id FROM certificate WHERE plan_id = ${Number(P.plan)} ORDER BY id`)).trim().split('\n').map(Number);
			const list = (await api(`/api/v1/certificates?plan=${P.plan}&limit=100`)).json.certificates;
			certs = ids.map((id) => list.find((c) => c.id === id));
			assert.equal(certs.length, N);
		};
		const pdf = async (threads, name) => {
			const file = path.join(tmp, name);
			const r = await h.server.cli(['cert', 'pdf', '--plan', String(P.plan), '--out', file],
				{ env: { SKILLCERT_PDF_THREADS: String(threads) } });
			assert.equal(r.code, 0, r.stderr);
			return file;
		};
		const pages = async (file) => Number(/^Pages:\s+(\d+)$/m.exec(await tool('pdfinfo', [file]))[1]);

		it('1 and 4 threads: the same pages, the same text, in the plan\'s order, each with its photo and the seal', async () => {
			await ready();
			const one = await pdf(1, 'one.pdf');
			const four = await pdf(4, 'four.pdf');
			assert.equal(await pages(one), N);
			assert.equal(await pages(four), N);
			const text = await tool('pdftotext', [four, '-']);
			assert.equal(text, await tool('pdftotext', [one, '-']), 'pdftotext: the same text');
			const perPage = text.split('\f').slice(0, N);
			assert.equal(perPage.length, N);
			perPage.forEach((t, i) => {
				assert.ok(t.includes(certs[i].number), `page ${i + 1}: ${certs[i].number}`);
				assert.ok(t.includes(certs[i].holder_name), `page ${i + 1}: ${certs[i].holder_name}`);
			});
			// pdfimages: on every page the photo (120 x 168) and the seal (a stencil)
			const lines = (await tool('pdfimages', ['-list', four])).split('\n').slice(2).filter(Boolean).map((l) => l.trim().split(/\s+/));
			for (let p = 1; p <= N; p++) {
				const on = lines.filter((l) => Number(l[0]) === p);
				assert.ok(on.some((l) => l[2] === 'image' && l[3] === '120' && l[4] === '168'), `page ${p}: the photo`);
				assert.ok(on.some((l) => l[2] === 'stencil'), `page ${p}: the seal`);
			}
		});

		it('4 threads: the QR codes decode to each certificate\'s verify URL (first, middle, last page)', async () => {
			await ready();
			const four = await pdf(4, 'qr.pdf');
			for (const p of [1, 13, N]) {
				const stem = path.join(tmp, `qr-${p}`);
				await tool('pdftoppm', ['-r', '150', '-png', '-f', String(p), '-l', String(p), '-singlefile', four, stem]);
				const url = (await tool('zbarimg', ['--raw', '-q', `${stem}.png`])).trim();
				assert.equal(url, `${h.server.base}/v/${certs[p - 1].qr_token}`, `page ${p}`);
			}
		});

		it('the API\'s plan PDF (the server\'s default: every CPU) reads as the single-threaded one', async () => {
			await ready();
			const res = await fetch(`${h.server.base}/api/v1/plans/${P.plan}/certificates.pdf`, { headers: { Authorization: `Bearer ${h.token}` } });
			assert.equal(res.status, 200);
			const file = path.join(tmp, 'api.pdf');
			fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
			assert.equal(await pages(file), N);
			assert.equal(await tool('pdftotext', [file, '-']), await tool('pdftotext', [path.join(tmp, 'one.pdf'), '-']));
		});

		it('a photo that does not decode, mid-plan, on 4 threads: refused naming it, nothing written', async () => {
			await ready();
			// a JPEG header and nothing after it, for the 18th holder
			const bad = Buffer.from('ffd8ffe000104a46494600010100000100010000ffd9', 'hex');
			const person = P.candidates.find((c) => c.name === certs[17].holder_name).person_id;
			await sql(h.server, `UPDATE person_photo SET mime = 'image/jpeg', data = '${bad.toString('base64')}' WHERE person_id = ${Number(person)}`);
			const file = path.join(tmp, 'bad.pdf');
			const r = await h.server.cli(['cert', 'pdf', '--plan', String(P.plan), '--out', file], { env: { SKILLCERT_PDF_THREADS: '4' } });
			assert.notEqual(r.code, 0);
			assert.match(r.stderr, /certificate 18: photo: broken JPEG/, r.stderr);
			assert.ok(!fs.existsSync(file), 'no file written');
		});
	});
}
