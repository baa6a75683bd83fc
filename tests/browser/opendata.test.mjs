// The open data (issue 16) in a real browser, at 390 px and signed out:
// the footer's link leads to the page, reached from the keyboard; the four
// files are listed and the totals CSV downloads (UTF-8 with a byte order
// mark, its header the measures' codes); in English too. No
// console errors or failed requests.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { startServer } from '../e2e/lib.mjs';
import { download, fits, openBrowser } from './lib.mjs';

describe('browser: open data [sqlite]', () => {
	let server;
	let b;

	before(async () => {
		server = await startServer({ engine: 'sqlite', tag: 'browser-opendata' });
		const center = (await server.cli(['institution', 'add', '--name', `开放中心${process.pid}`, '--type', 'center', '--province', '11'])).stdout.trim();
		assert.ok(Number(center) > 0);
		const r = await server.cli(['statistics', 'refresh']);
		assert.equal(r.code, 0, r.stderr);
		b = await openBrowser();
	});

	after(async () => {
		if (b) await b.close();
		if (server) {
			const code = await server.stop();
			assert.equal(code, 0, server.stderr());
		}
	});

	it('at 390 px, signed out: the footer leads to the files from the keyboard; the totals download', async () => {
		const { ctx, p } = await b.page({ width: 390, acceptDownloads: true });
		await p.goto(`${server.base}/`);
		await p.getByRole('link', { name: '开放数据' }).focus();
		await Promise.all([p.waitForURL(`${server.base}/open-data`), p.keyboard.press('Enter')]);
		await fits(p, 'the open data at 390 px');
		assert.equal(await p.locator('h1').textContent(), '开放数据');
		const links = await p.locator('main ul.files a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
		assert.deepEqual(links, ['/open-data/directory.csv', '/open-data/directory.json', '/open-data/totals.csv', '/open-data/totals.json']);
		const csv = await download(p, p.getByRole('link', { name: '年度统计（按省份，CSV）' }));
		assert.deepEqual([...csv.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
		assert.match(csv.toString('utf8'), /"year","province","province_name","plans"/);
		await p.goto(`${server.base}/open-data?lang=en`);
		assert.equal(await p.locator('h1').textContent(), 'Open data');
		await fits(p, 'in English at 390 px');
		await ctx.close();
		assert.deepEqual(b.problems, []);
	});
});
