// `skillcert serve` sizes its HTTP threads by the engine when --threads is
// not given: one a CPU on SQLite; on PostgreSQL four a CPU (at most 64),
// each thread waiting out its queries' round trips, with a connection pool
// at least as large — lookups in parallel get their answers. --threads
// still decides when given. Both engines.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { it } from 'node:test';

import { engines, http, startServer } from './lib.mjs';

const threadsOf = (stderr) => Number((/listening on \S+ \(port \d+, (\d+) threads/.exec(stderr) || [])[1]);

for (const engine of engines()) {
	it(`serve: HTTP threads by the engine, --threads decides when given [${engine}]`, async () => {
		// the server's own count: sysconf(_SC_NPROCESSORS_ONLN), as getconf gives it
		const cpus = Number(execFileSync('getconf', ['_NPROCESSORS_ONLN']).toString().trim());
		assert.ok(cpus >= 1, `getconf _NPROCESSORS_ONLN gave ${cpus}`);
		const want = engine === 'postgresql' ? Math.min(32, 4 * cpus) : cpus;
		const s = await startServer({ engine, tag: 'thr' });
		try {
			assert.equal(threadsOf(s.stderr()), want, s.stderr());
			// lookups at once (within the per-address limit), all answered
			const answers = await Promise.all(
				Array.from({ length: Math.min(want, 16) }, () => http(s.base, '/api/v1/verify?number=NO-SUCH&name=%E5%BC%A0%E4%B8%89')),
			);
			assert.deepEqual([...new Set(answers.map((r) => r.status))], [404]);
		} finally {
			await s.stop();
		}
		const given = await startServer({ engine, tag: 'thr3', args: ['--threads', '3'] });
		try {
			assert.equal(threadsOf(given.stderr()), 3, given.stderr());
		} finally {
			await given.stop();
		}
	});
}
