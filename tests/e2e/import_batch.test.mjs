// `import people` reads and writes in batches (256 rows, looked up 16 at a
// time, the new people written with one COPY on PostgreSQL): a file of
// 5,000 rows behaves as a row at a time did — a repeat is named by its row
// and the row it repeats, within a batch, across the boundary of two and far
// apart; a file with a problem writes nothing; the fixed file writes every
// row in file order; an update repeated in the same batch is a duplicate.
// Both engines.
import assert from 'node:assert/strict';
import { it } from 'node:test';

import { describeWithServer, engines } from './lib.mjs';

/* A valid resident ID number (GB 11643). */
function idNumber(birth, seq, region = '310104') {
	const body = region + birth + String(seq).padStart(3, '0');
	const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
	const sum = [...body].reduce((s, d, i) => s + Number(d) * w[i], 0);
	return body + '10X98765432'[sum % 11];
}

const N = 5000;
/* Row r of the file (2..N+1: line 1 is the heading) is person k = r - 2. */
const person = (k) => {
	const day = new Date(Date.UTC(1971, 0, 1) + Math.floor(k / 400) * 86400e3);
	const birth = day.toISOString().slice(0, 10).replace(/-/g, '');
	return [`批量考生${k}`, idNumber(birth, 100 + (k % 400)), '', '', `第${k % 7}机床厂`];
};
const HEAD = ['姓名', '证件号码', '性别', '文化程度', '工作单位'];
const csv = (rows) => rows.map((r) => r.join(',')).join('\r\n') + '\r\n';

for (const engine of engines()) {
	describeWithServer(`import people in batches [${engine}]`, { engine, tag: 'impb', user: true }, (h) => {
		const upload = (rows, query = '') =>
			h.api('/api/v1/people-import' + query, {
				method: 'POST',
				body: csv([HEAD, ...rows]),
				headers: { 'Content-Type': 'text/csv' },
			});
		const lookup = (id_number) => h.api('/api/v1/people/lookup', { method: 'POST', json: { id_number } });
		const problems = (r) => r.json.problems.map((p) => [p.row, p.column, p.code, p.same_as]);
		const rows = () => Array.from({ length: N }, (_, k) => person(k));

		it('repeats named by their rows, nothing written; the fixed file written whole, in order', async () => {
			const bad = rows();
			bad[1] = [...bad[0]]; // row 3 repeats row 2: the same batch
			bad[256] = [...bad[255]]; // row 258 repeats row 257: across the first boundary
			bad[4319] = ['别名', bad[15][1], '', '', '另一厂']; // row 4321 repeats row 17's number
			for (const q of ['?dry_run=1', '']) {
				const r = await upload(bad, q);
				assert.equal(r.status, q ? 200 : 422, r.text);
				assert.equal(r.json.applied, false);
				assert.equal(r.json.rows, N);
				assert.deepEqual(problems(r), [
					[3, '证件号码', 'import.duplicate', 2],
					[258, '证件号码', 'import.duplicate', 257],
					[4321, '证件号码', 'import.duplicate', 17],
				]);
			}
			for (const k of [0, 255, 4999]) assert.equal((await lookup(person(k)[1])).status, 404, `row ${k + 2} was written`);

			const good = await upload(rows());
			assert.equal(good.status, 200, good.text);
			assert.deepEqual([good.json.rows, good.json.created, good.json.updated, good.json.unchanged], [N, N, 0, 0]);
			const ids = [];
			for (const k of [0, 255, 256, 4319, 4999]) {
				const p = await lookup(person(k)[1]);
				assert.equal(p.status, 200, p.text);
				assert.equal(p.json.name, `批量考生${k}`);
				assert.equal(p.json.employer, `第${k % 7}机床厂`);
				ids.push(p.json.id);
			}
			assert.deepEqual([...ids].sort((a, b) => a - b), ids, 'people numbered in file order');
			assert.equal(ids[4] - ids[0], N - 1, 'every row one person, none skipped');
		});

		it('the same file again: nothing changes; an update repeated in one batch is a duplicate', async () => {
			const again = await upload(rows());
			assert.equal(again.status, 200, again.text);
			assert.deepEqual([again.json.created, again.json.updated, again.json.unchanged], [0, 0, N]);

			// an unchanged row repeated stays unchanged (as before); a change
			// repeated is a duplicate of the row that made it
			const some = [person(10), person(10), person(11), ['批量考生11', person(11)[1], '', '', '新厂'],
				['批量考生11', person(11)[1], '', '', '新厂'], person(12)];
			const r = await upload(some, '?dry_run=1');
			assert.equal(r.status, 200, r.text);
			assert.deepEqual(problems(r), [[6, '证件号码', 'import.duplicate', 5]]);
			const one = await upload([person(10), ['批量考生11', person(11)[1], '', '', '新厂']]);
			assert.equal(one.status, 200, one.text);
			assert.deepEqual([one.json.created, one.json.updated, one.json.unchanged], [0, 1, 1]);
			assert.equal((await lookup(person(11)[1])).json.employer, '新厂');
		});
	});
}
