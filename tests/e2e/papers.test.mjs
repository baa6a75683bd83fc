// Blueprints and papers of theory exams (issue 19, docs/exams.md), end to
// end on both engines: a blueprint of the center's bank refused with the
// JSON path at fault named, kept by version; a paper assembled for a plan
// of a station under the center from the approved items of the bank (the
// same seed, the same items; the counts per section and knowledge point
// are the blueprint's quotas; 100 points); a shortfall refused naming the
// point and kind and how many are missing; sealed (twice is 409), verified
// against the stored items (a tampered item row is detected); an exam
// officer sees the paper without its items and keys; another
// institution's staff refused.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';

import { makeStation, sql, TURNER } from './certlib.mjs';
import { apiAs, createInstitution, describeWithServer, engines, makeUser, uniqueName } from './lib.mjs';

/* 2 knowledge points of 50%: single 4 × 10, multi 2 × 20, tf 4 × 5 points (scores in tenths) */
const doc = (over = {}) => ({
	occupation: TURNER, level: 4, version: '2026.1', minutes: 90,
	points: [{ code: 'A-01', name: '安全生产', weight: 50 }, { code: 'A-02', name: '车削加工', weight: 50 }],
	sections: [{ kind: 'single', count: 4, score: 100 }, { kind: 'multi', count: 2, score: 200 }, { kind: 'tf', count: 4, score: 50 }],
	...over,
});

for (const engine of engines()) {
	describeWithServer(`blueprints and papers [${engine}]`, { engine, tag: 'papers', user: true }, (h) => {
		let station, other, plan, blueprint, officer, outsider, approverElsewhere;
		const bank = {}; // kind.point -> count of approved items

		before(async () => {
			station = await makeStation(h.server, h.api, { assessors: 0 });
			other = (await createInstitution(h.server.base, { name: uniqueName('另一考试站'), type: 'exam_station', province: '44' }, h.token)).id;
			const u = async (role, inst) => {
				const x = await makeUser(h.server, uniqueName('paperuser').replace(/[^a-z0-9]/gi, '').slice(-20) + role.slice(0, 3), { role, institution: inst });
				return { ...x, api: apiAs(h.server.base, x.token) };
			};
			officer = await u('exam_officer', station.id);
			outsider = await u('institution_admin', other);
			approverElsewhere = await u('institution_admin', station.id);
			// the center's bank: approved items (setup by SQL; items.test.mjs
			// takes items through the workflow)
			const rows = [];
			let n = 0;
			const add = (kind, point, count) => {
				bank[`${kind}.${point}`] = count;
				for (let i = 0; i < count; i++) {
					n++;
					const [opts, key] = kind === 'tf' ? ['[]', 1 + (n % 2)] : ['["甲","乙","丙","丁"]', kind === 'multi' ? 5 : 1 << (n % 4)];
					rows.push(`(${station.center}, '${TURNER}', 4, 'P-${engine}-${n}', 1, '${kind}', '${point}', '题干${n}：车削时（ ）。', '${opts}', ${key}, '解析${n}', 'approved', 'writer', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`);
				}
			};
			add('single', 'A-01', 3); add('single', 'A-02', 3);
			add('multi', 'A-01', 2); add('multi', 'A-02', 1);
			add('tf', 'A-01', 3); add('tf', 'A-02', 2);
			// a retired one and a draft one are never picked
			rows.push(`(${station.center}, '${TURNER}', 4, 'P-${engine}-retired', 1, 'multi', 'A-02', '停用', '["甲","乙"]', 3, '', 'retired', 'writer', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`);
			rows.push(`(${station.center}, '${TURNER}', 4, 'P-${engine}-draft', 1, 'multi', 'A-02', '草稿', '["甲","乙"]', 3, '', 'draft', 'writer', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`);
			await sql(h.server, `INSERT INTO exam_item (institution_id, occupation_code, level, ref, version, kind, point, stem, options, answer_key, explanation, status, author, created_at, updated_at) VALUES ${rows.join(', ')};`);
			const p = await h.api('/api/v1/plans', { method: 'POST', json: { institution_id: station.id, standard_id: station.standard, level: 4, capacity: 5 } });
			assert.equal(p.status, 201, p.text);
			plan = p.json.id;
		});

		it('a blueprint is refused with the JSON path at fault named, kept once per version, listed and read', async () => {
			const bad = [
				[doc({ points: [{ code: 'A-01', name: '安全生产', weight: 50 }, { code: 'A-02', name: '车削加工', weight: 40 }] }), 'points'],
				[doc({ points: [{ code: 'A-01', name: '安全生产', weight: 50 }, { code: 'A-02', name: '车削加工', weight: 0 }] }), 'points[1].weight'],
				[doc({ sections: [{ kind: 'single', count: 4, score: 100 }, { kind: 'multi', count: 2, score: 200 }] }), 'sections'],
				[doc({ sections: [{ kind: 'essay', count: 10, score: 100 }] }), 'sections[0].kind'],
				[doc({ extra: 1 }), 'extra'],
			];
			for (const [d, field] of bad) {
				const r = await h.api('/api/v1/blueprints', { method: 'POST', json: { institution_id: station.center, doc: d } });
				assert.equal(r.status, 422, `${field}: ${r.text}`);
				assert.equal(r.json.error.field, field, r.text);
			}
			const noDoc = await h.api('/api/v1/blueprints', { method: 'POST', json: { institution_id: station.center } });
			assert.equal(noDoc.status, 422, noDoc.text);
			assert.equal(noDoc.json.error.field, 'doc');
			// an exam officer holds no item.approve
			assert.equal((await officer.api('/api/v1/blueprints', { method: 'POST', json: { institution_id: station.id, doc: doc() } })).status, 403);
			const ok = await h.api('/api/v1/blueprints', { method: 'POST', json: { institution_id: station.center, doc: doc() } });
			assert.equal(ok.status, 201, ok.text);
			blueprint = ok.json.id;
			const dup = await h.api('/api/v1/blueprints', { method: 'POST', json: { institution_id: station.center, doc: doc() } });
			assert.equal(dup.status, 409, dup.text);
			const got = await h.api(`/api/v1/blueprints/${blueprint}`);
			assert.equal(got.status, 200, got.text);
			assert.equal(got.json.occupation_code, TURNER);
			assert.equal(got.json.level, 4);
			assert.equal(got.json.version, '2026.1');
			assert.equal(got.json.minutes, 90);
			assert.deepEqual(got.json.doc, doc());
			const list = await h.api(`/api/v1/blueprints?institution_id=${station.center}`);
			assert.equal(list.status, 200, list.text);
			assert.deepEqual(list.json.items.map((b) => b.id), [blueprint]);
			assert.equal((await outsider.api(`/api/v1/blueprints/${blueprint}`)).status, 403);
			assert.equal((await outsider.api(`/api/v1/blueprints?institution_id=${station.center}`)).status, 403);
		});

		it('a paper is assembled by the quotas from the approved items; the same seed gives the same items; a shortfall names the point, kind and count', async () => {
			const S = '12345678901234567890';
			const assemble = (seed) => h.api(`/api/v1/plans/${plan}/papers`, { method: 'POST', json: { blueprint_id: blueprint, seed } });
			// the same seed on the same bank (and the same use of it): the
			// same items; the first one is taken out again by SQL so the
			// bank's use is as before it
			const first = await assemble(S);
			assert.equal(first.status, 201, first.text);
			const firstRefs = (await h.api(`/api/v1/papers/${first.json.id}`)).json.items.map((x) => x.ref);
			await sql(h.server, `DELETE FROM exam_paper_item WHERE paper_id = ${first.json.id}; DELETE FROM exam_paper WHERE id = ${first.json.id};`);
			const a = await assemble(S);
			assert.equal(a.status, 201, a.text);
			assert.equal(a.json.seed, S);
			assert.equal(a.json.items_count, 10);
			assert.equal(a.json.total, 1000);
			assert.equal(a.json.warnings, 0);
			const pa = (await h.api(`/api/v1/papers/${a.json.id}`)).json;
			assert.deepEqual(pa.items.map((x) => x.ref), firstRefs, 'the same seed gives the same items');
			assert.equal(pa.status, 'draft');
			assert.equal(pa.seed, S);
			assert.equal(pa.digest, '');
			assert.equal(pa.total, 1000);
			assert.deepEqual(pa.counts, { single: 4, multi: 2, tf: 4 });
			assert.equal(pa.items.length, 10);
			const perPoint = {};
			for (const it of pa.items) {
				perPoint[`${it.kind}.${it.point}`] = (perPoint[`${it.kind}.${it.point}`] || 0) + 1;
				assert.ok(it.key, 'the items carry their keys');
				assert.ok(it.stem.startsWith('题干'), 'only approved items');
			}
			assert.deepEqual(perPoint, { 'single.A-01': 2, 'single.A-02': 2, 'multi.A-01': 1, 'multi.A-02': 1, 'tf.A-01': 2, 'tf.A-02': 2 });
			assert.deepEqual(pa.items.map((x) => x.position), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
			assert.deepEqual(pa.items.map((x) => x.kind), ['single', 'single', 'single', 'single', 'multi', 'multi', 'tf', 'tf', 'tf', 'tf']);
			assert.equal(pa.items.reduce((sum, x) => sum + x.score, 0), 1000);
			// the same seed again, after a used its items: the least used first
			const b = await assemble(S);
			assert.equal(b.status, 201, b.text);
			const pb = (await h.api(`/api/v1/papers/${b.json.id}`)).json;
			const usedA = new Set(pa.items.filter((x) => x.kind === 'single').map((x) => x.ref));
			assert.ok(pb.items.filter((x) => x.kind === 'single').some((x) => !usedA.has(x.ref)), 'the unused items come first');
			// a random seed when none is given
			const c = await h.api(`/api/v1/plans/${plan}/papers`, { method: 'POST', json: { blueprint_id: blueprint } });
			assert.equal(c.status, 201, c.text);
			assert.match(c.json.seed, /^[0-9]+$/);
			const list = await h.api(`/api/v1/plans/${plan}/papers`);
			assert.equal(list.status, 200, list.text);
			assert.deepEqual(list.json.items.map((p) => p.id), [a.json.id, b.json.id, c.json.id]);

			// a blueprint asking 2 multi per point: A-02 has 1 approved
			const more = await h.api('/api/v1/blueprints', { method: 'POST', json: { institution_id: station.center, doc: doc({ version: '2026.2', sections: [{ kind: 'single', count: 4, score: 100 }, { kind: 'multi', count: 4, score: 100 }, { kind: 'tf', count: 4, score: 50 }] }) } });
			assert.equal(more.status, 201, more.text);
			const short = await h.api(`/api/v1/plans/${plan}/papers`, { method: 'POST', json: { blueprint_id: more.json.id, seed: 1 } });
			assert.equal(short.status, 422, short.text);
			assert.equal(short.json.error.field, 'A-02.multi');
			assert.equal(short.json.error.missing, 1);
			assert.match(short.json.error.message, /1/);
			// nothing kept of the refused one
			assert.equal((await h.api(`/api/v1/plans/${plan}/papers`)).json.items.length, 3);

			// a blueprint of another level or another bank is refused
			const l3 = await h.api('/api/v1/blueprints', { method: 'POST', json: { institution_id: station.center, doc: doc({ level: 3 }) } });
			assert.equal(l3.status, 201, l3.text);
			const wrong = await h.api(`/api/v1/plans/${plan}/papers`, { method: 'POST', json: { blueprint_id: l3.json.id } });
			assert.equal(wrong.status, 422, wrong.text);
			assert.equal(wrong.json.error.field, 'blueprint_id');
			const elsewhere = await h.api('/api/v1/blueprints', { method: 'POST', json: { institution_id: other, doc: doc() } });
			assert.equal(elsewhere.status, 201, elsewhere.text);
			const foreign = await h.api(`/api/v1/plans/${plan}/papers`, { method: 'POST', json: { blueprint_id: elsewhere.json.id } });
			assert.equal(foreign.status, 422, foreign.text);
			assert.equal(foreign.json.error.field, 'blueprint_id');
			// a plan past its exam (scored or later) takes no new paper
			const late = await h.api('/api/v1/plans', { method: 'POST', json: { institution_id: station.id, standard_id: station.standard, level: 4, capacity: 5 } });
			assert.equal(late.status, 201, late.text);
			await sql(h.server, `UPDATE plan SET status = 'scored' WHERE id = ${late.json.id};`);
			const tooLate = await h.api(`/api/v1/plans/${late.json.id}/papers`, { method: 'POST', json: { blueprint_id: blueprint } });
			assert.equal(tooLate.status, 409, tooLate.text);
			assert.equal(tooLate.json.error.field, 'status');
			const badSeed = await h.api(`/api/v1/plans/${plan}/papers`, { method: 'POST', json: { blueprint_id: blueprint, seed: '-1' } });
			assert.equal(badSeed.status, 422, badSeed.text);
			assert.equal(badSeed.json.error.field, 'seed');
			assert.equal((await h.api(`/api/v1/plans/${plan}/papers`, { method: 'POST', json: { blueprint_id: 99999999 } })).status, 422);
		});

		it('a paper is sealed once; verify matches until an item row is tampered with; an exam officer sees no items; outsiders are refused', async () => {
			const made = await h.api(`/api/v1/plans/${plan}/papers`, { method: 'POST', json: { blueprint_id: blueprint, seed: 42 } });
			assert.equal(made.status, 201, made.text);
			const id = made.json.id;
			const draft = await h.api(`/api/v1/papers/${id}/verify`);
			assert.equal(draft.status, 200, draft.text);
			assert.equal(draft.json.sealed, false);
			assert.equal(draft.json.matches, false);

			const seal = await officer.api(`/api/v1/papers/${id}/seal`, { method: 'POST', json: {} });
			assert.equal(seal.status, 200, seal.text);
			assert.match(seal.json.digest, /^[0-9a-f]{64}$/);
			assert.equal(seal.json.digest, draft.json.computed, 'the digest is that of the stored items');
			const again = await officer.api(`/api/v1/papers/${id}/seal`, { method: 'POST', json: {} });
			assert.equal(again.status, 409, again.text);

			// the exam officer: metadata, digest, counts; no items, no keys
			const seen = await officer.api(`/api/v1/papers/${id}`);
			assert.equal(seen.status, 200, seen.text);
			assert.equal(seen.json.status, 'sealed');
			assert.equal(seen.json.digest, seal.json.digest);
			assert.deepEqual(seen.json.counts, { single: 4, multi: 2, tf: 4 });
			assert.equal(seen.json.items, undefined);
			assert.ok(!seen.text.includes('题干'), 'no stem reaches the officer');
			// item.approve on the station, not on the center's bank: no items either
			const station_admin = await approverElsewhere.api(`/api/v1/papers/${id}`);
			assert.equal(station_admin.status, 200, station_admin.text);
			assert.equal(station_admin.json.items, undefined);
			// the center approves the bank's items: it sees them
			const full = await h.api(`/api/v1/papers/${id}`);
			assert.equal(full.json.items.length, 10);

			const ok = await officer.api(`/api/v1/papers/${id}/verify`);
			assert.equal(ok.status, 200, ok.text);
			assert.deepEqual([ok.json.sealed, ok.json.matches, ok.json.digest], [true, true, seal.json.digest]);
			// a stem changed behind the application's back is detected
			const victim = full.json.items[3].item_id;
			await sql(h.server, `UPDATE exam_item SET stem = stem || '（改）' WHERE id = ${victim};`);
			const bad = await officer.api(`/api/v1/papers/${id}/verify`);
			assert.equal(bad.status, 200, bad.text);
			assert.equal(bad.json.sealed, true);
			assert.equal(bad.json.matches, false);
			assert.notEqual(bad.json.computed, bad.json.digest);

			// another institution's staff
			assert.equal((await outsider.api(`/api/v1/papers/${id}`)).status, 403);
			assert.equal((await outsider.api(`/api/v1/papers/${id}/verify`)).status, 403);
			assert.equal((await outsider.api(`/api/v1/papers/${id}/seal`, { method: 'POST', json: {} })).status, 403);
			assert.equal((await outsider.api(`/api/v1/plans/${plan}/papers`)).status, 403);
			assert.equal((await outsider.api(`/api/v1/plans/${plan}/papers`, { method: 'POST', json: { blueprint_id: blueprint } })).status, 403);
			assert.equal((await h.api('/api/v1/papers/999999999')).status, 404);

			// audited
			const audit = await h.api(`/api/v1/audit?object_type=exam_paper&object_id=${id}`);
			assert.equal(audit.status, 200, audit.text);
			assert.deepEqual(audit.json.items.map((x) => x.action).sort(), ['paper.assemble', 'paper.seal']);
		});
	});
}
