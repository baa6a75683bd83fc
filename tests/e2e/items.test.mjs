// The item bank of theory exams (题库, issue 19, docs/exams.md), end to end
// on both engines: items of an institution's bank for one occupation and
// level; each kind checked (single, multiple, true/false) with the field at
// fault named; a draft written and changed by its author only, submitted,
// returned with a note or passed by another person, approved by a third
// (recusal: nobody reviews or approves their own); an approved item changed
// by a new version that supersedes it once approved; retired with a
// reason; another institution's staff refused; every step audited.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, it } from 'node:test';

import { sql } from './certlib.mjs';
import { apiAs, createInstitution, describeWithServer, engines, login, makeDataDir, makeUser, uniqueName } from './lib.mjs';

const TURNER = '6-18-01-01';

for (const engine of engines()) {
	describeWithServer(`the item bank [${engine}]`, { engine, tag: 'items', user: true }, (h) => {
		let station, other;
		let author, reviewer, approver, outsider, officer;
		const single = (over = {}) => ({
			institution_id: station, occupation_code: TURNER, level: 4, ref: uniqueName('T').replace(/[^\x21-\x7e]/g, '') + 'S',
			kind: 'single', point: 'A-01', stem: '车削时，主运动是（ ）。', options: ['工件的旋转', '刀具的移动', '尾座的移动', '床鞍的移动'], key: 'A',
			explanation: '车削的主运动是工件的旋转运动。', ...over,
		});
		const refOf = (() => { let n = 0; return (p) => `${p}-${engine}-${++n}`; })();

		before(async () => {
			station = (await createInstitution(h.server.base, { name: uniqueName('题库考试站'), type: 'exam_station', province: '44' }, h.token)).id;
			other = (await createInstitution(h.server.base, { name: uniqueName('另一考试站'), type: 'exam_station', province: '44' }, h.token)).id;
			const u = async (role, inst) => {
				const x = await makeUser(h.server, uniqueName('itemuser').replace(/[^a-z0-9]/gi, '').slice(-20) + role.slice(0, 3), { role, institution: inst });
				return { ...x, api: apiAs(h.server.base, x.token), sess: await login(h.server.base, x.name, x.password) };
			};
			author = await u('assessor', station);
			reviewer = await u('assessor', station);
			approver = await u('institution_admin', station);
			outsider = await u('assessor', other);
			officer = await u('exam_officer', station);
		});

		it('an item of each kind is written as a draft; bad ones are refused naming the field', async () => {
			const r = await author.api('/api/v1/items', { method: 'POST', json: single({ ref: refOf('S') }) });
			assert.equal(r.status, 201, r.text);
			const got = await author.api(`/api/v1/items/${r.json.id}`);
			assert.equal(got.status, 200, got.text);
			assert.equal(got.json.status, 'draft');
			assert.equal(got.json.version, 1);
			assert.equal(got.json.key, 'A');
			assert.deepEqual(got.json.options, ['工件的旋转', '刀具的移动', '尾座的移动', '床鞍的移动']);
			assert.equal(got.json.author, author.name);
			assert.equal(got.json.supersedes, null);

			const multi = await author.api('/api/v1/items', { method: 'POST', json: single({ ref: refOf('M'), kind: 'multi', key: 'a,c' }) });
			assert.equal(multi.status, 201, multi.text);
			assert.equal((await author.api(`/api/v1/items/${multi.json.id}`)).json.key, 'AC');
			const tf = await author.api('/api/v1/items', { method: 'POST', json: single({ ref: refOf('F'), kind: 'tf', options: [], key: '错', stem: '车床的主轴转速越高越好。' }) });
			assert.equal(tf.status, 201, tf.text);
			const tfGot = (await author.api(`/api/v1/items/${tf.json.id}`)).json;
			assert.equal(tfGot.key, 'F');
			assert.deepEqual(tfGot.options, []);

			const bad = [
				[{ key: 'AC' }, 'key'],
				[{ kind: 'multi', key: 'B' }, 'key'],
				[{ key: 'E' }, 'key'],
				[{ kind: 'tf', key: 'T' }, 'options'],
				[{ kind: 'essay' }, 'kind'],
				[{ stem: '  ' }, 'stem'],
				[{ stem: 'x\u0001y' }, 'stem'],
				[{ options: ['甲'] }, 'options'],
				[{ options: ['甲', '甲'] }, 'options'],
				[{ options: ['甲', 7] }, 'options'],
				[{ point: '' }, 'point'],
				[{ point: 'A 01' }, 'point'],
				[{ ref: '' }, 'ref'],
				[{ occupation_code: '车工' }, 'occupation_code'],
				[{ level: 6 }, 'level'],
				[{ institution_id: 99999999 }, 'institution_id'],
			];
			for (const [over, field] of bad) {
				const b = await author.api('/api/v1/items', { method: 'POST', json: single({ ref: refOf('B'), ...over }) });
				assert.equal(b.status, 422, `${JSON.stringify(over)}: ${b.status} ${b.text}`);
				assert.equal(b.json.error.field, field, `${JSON.stringify(over)}: ${b.text}`);
			}
			// the item's code once per bank (occupation and level)
			const dup = await author.api('/api/v1/items', { method: 'POST', json: single({ ref: got.json.ref }) });
			assert.equal(dup.status, 409, dup.text);
			assert.equal(dup.json.error.field, 'ref');
			const otherLevel = await author.api('/api/v1/items', { method: 'POST', json: single({ ref: got.json.ref, level: 3 }) });
			assert.equal(otherLevel.status, 201, otherLevel.text);
		});

		it('written, reviewed and approved by three people: returned with a note, passed, approved; nobody passes their own', async () => {
			const id = (await author.api('/api/v1/items', { method: 'POST', json: single({ ref: refOf('W') }) })).json.id;
			// only the author changes the draft
			const foreign = await reviewer.api(`/api/v1/items/${id}/edit`, { method: 'POST', json: { kind: 'single', point: 'A-01', stem: '改', options: ['甲', '乙'], key: 'A' } });
			assert.equal(foreign.status, 403, foreign.text);
			const edit = await author.api(`/api/v1/items/${id}/edit`, { method: 'POST', json: { kind: 'single', point: 'A-02', stem: '车削时，工件的旋转是（ ）。', options: ['主运动', '进给运动'], key: 'A' } });
			assert.equal(edit.status, 200, edit.text);
			assert.equal((await author.api(`/api/v1/items/${id}`)).json.point, 'A-02');
			// not submitted yet: no review
			const early = await reviewer.api(`/api/v1/items/${id}/review`, { method: 'POST', json: { decision: 'pass' } });
			assert.equal(early.status, 409, early.text);
			assert.equal((await reviewer.api(`/api/v1/items/${id}/submit`, { method: 'POST', json: {} })).status, 403);
			assert.equal((await author.api(`/api/v1/items/${id}/submit`, { method: 'POST', json: {} })).status, 200);
			// submitted: the author can neither change nor review it
			assert.equal((await author.api(`/api/v1/items/${id}/edit`, { method: 'POST', json: { kind: 'single', point: 'A-02', stem: '再改', options: ['甲', '乙'], key: 'A' } })).status, 409);
			const own = await author.api(`/api/v1/items/${id}/review`, { method: 'POST', json: { decision: 'pass' } });
			assert.equal(own.status, 403, own.text);
			assert.equal(own.json.error.code, 'forbidden');
			const noNote = await reviewer.api(`/api/v1/items/${id}/review`, { method: 'POST', json: { decision: 'return' } });
			assert.equal(noNote.status, 422, noNote.text);
			assert.equal(noNote.json.error.field, 'note');
			const badDecision = await reviewer.api(`/api/v1/items/${id}/review`, { method: 'POST', json: { decision: 'maybe' } });
			assert.equal(badDecision.status, 422, badDecision.text);
			assert.equal(badDecision.json.error.field, 'decision');
			const ret = await reviewer.api(`/api/v1/items/${id}/review`, { method: 'POST', json: { decision: 'return', note: '选项不全' } });
			assert.equal(ret.status, 200, ret.text);
			let x = (await author.api(`/api/v1/items/${id}`)).json;
			assert.equal(x.status, 'draft');
			assert.equal(x.review_note, '选项不全');
			assert.equal(x.reviewer, reviewer.name);
			assert.equal((await author.api(`/api/v1/items/${id}/edit`, { method: 'POST', json: { kind: 'single', point: 'A-02', stem: '车削时，工件的旋转是（ ）。', options: ['主运动', '进给运动', '辅助运动'], key: 'A' } })).status, 200);
			assert.equal((await author.api(`/api/v1/items/${id}/submit`, { method: 'POST', json: {} })).status, 200);
			assert.equal((await reviewer.api(`/api/v1/items/${id}/review`, { method: 'POST', json: { decision: 'pass', note: '可用' } })).status, 200);
			// an assessor holds no item.approve; the reviewer may not approve either way
			assert.equal((await reviewer.api(`/api/v1/items/${id}/approve`, { method: 'POST', json: {} })).status, 403);
			const ok = await approver.api(`/api/v1/items/${id}/approve`, { method: 'POST', json: {} });
			assert.equal(ok.status, 200, ok.text);
			x = (await author.api(`/api/v1/items/${id}`)).json;
			assert.equal(x.status, 'approved');
			assert.equal(x.approver, approver.name);
			assert.ok(x.approved_at);
			// twice: the item is approved already
			assert.equal((await approver.api(`/api/v1/items/${id}/approve`, { method: 'POST', json: {} })).status, 409);

			// an administrator who wrote an item cannot approve it
			const mine = (await approver.api('/api/v1/items', { method: 'POST', json: single({ ref: refOf('A') }) })).json.id;
			assert.equal((await approver.api(`/api/v1/items/${mine}/submit`, { method: 'POST', json: {} })).status, 200);
			assert.equal((await reviewer.api(`/api/v1/items/${mine}/review`, { method: 'POST', json: { decision: 'pass' } })).status, 200);
			const self = await approver.api(`/api/v1/items/${mine}/approve`, { method: 'POST', json: {} });
			assert.equal(self.status, 403, self.text);
			assert.equal((await h.api(`/api/v1/items/${mine}/approve`, { method: 'POST', json: {} })).status, 200);

			// each step is in the audit trail
			const audit = await h.api(`/api/v1/audit?object_type=exam_item&object_id=${id}`);
			assert.equal(audit.status, 200, audit.text);
			const actions = audit.json.items.map((a) => a.action).sort();
			for (const a of ['item.create', 'item.edit', 'item.submit', 'item.return', 'item.review', 'item.approve']) assert.ok(actions.includes(a), `${a} in ${actions}`);
		});

		const approved = async (ref) => {
			const id = (await author.api('/api/v1/items', { method: 'POST', json: single({ ref }) })).json.id;
			assert.equal((await author.api(`/api/v1/items/${id}/submit`, { method: 'POST', json: {} })).status, 200);
			assert.equal((await reviewer.api(`/api/v1/items/${id}/review`, { method: 'POST', json: { decision: 'pass' } })).status, 200);
			assert.equal((await approver.api(`/api/v1/items/${id}/approve`, { method: 'POST', json: {} })).status, 200);
			return id;
		};

		it('a change to an approved item is a new version; approving it supersedes the old one, which stays readable', async () => {
			const ref = refOf('V');
			const v1 = await approved(ref);
			const rev = await reviewer.api(`/api/v1/items/${v1}/revise`, { method: 'POST', json: {} });
			assert.equal(rev.status, 201, rev.text);
			const v2 = rev.json.id;
			let x = (await reviewer.api(`/api/v1/items/${v2}`)).json;
			assert.equal(x.version, 2);
			assert.equal(x.status, 'draft');
			assert.equal(x.supersedes, v1);
			assert.equal(x.author, reviewer.name, 'the reviser is the new version\'s author');
			assert.equal(x.stem, '车削时，主运动是（ ）。', 'the content is copied');
			// one revision at a time
			assert.equal((await author.api(`/api/v1/items/${v1}/revise`, { method: 'POST', json: {} })).status, 409);
			assert.equal((await reviewer.api(`/api/v1/items/${v2}/edit`, { method: 'POST', json: { kind: 'single', point: 'A-01', stem: '车削加工时，主运动是（ ）。', options: ['工件的旋转', '刀具的移动'], key: 'A' } })).status, 200);
			assert.equal((await reviewer.api(`/api/v1/items/${v2}/submit`, { method: 'POST', json: {} })).status, 200);
			// the reviser cannot review their version; the first author can
			assert.equal((await reviewer.api(`/api/v1/items/${v2}/review`, { method: 'POST', json: { decision: 'pass' } })).status, 403);
			assert.equal((await author.api(`/api/v1/items/${v2}/review`, { method: 'POST', json: { decision: 'pass' } })).status, 200);
			assert.equal((await approver.api(`/api/v1/items/${v2}/approve`, { method: 'POST', json: {} })).status, 200);
			assert.equal((await author.api(`/api/v1/items/${v1}`)).json.status, 'superseded');
			x = (await author.api(`/api/v1/items/${v2}`)).json;
			assert.equal(x.status, 'approved');
			const list = await author.api(`/api/v1/items?institution_id=${station}&ref=${encodeURIComponent(ref)}`);
			assert.equal(list.status, 200, list.text);
			assert.deepEqual(list.json.items.map((i) => [i.version, i.status]), [[2, 'approved'], [1, 'superseded']]);
		});

		it('the key is for the item\'s author, reviewers and approvers, not every writer of the bank (an exam officer assembling papers)', async () => {
			const id = await approved(refOf('K'));
			for (const who of [author, reviewer, approver]) assert.equal((await who.api(`/api/v1/items/${id}`)).json.key, 'A', who.name);
			const seen = await officer.api(`/api/v1/items/${id}`);
			assert.equal(seen.status, 200, seen.text);
			assert.equal(seen.json.key, null);
			assert.equal(seen.json.stem, '车削时，主运动是（ ）。');
			const listed = (await officer.api(`/api/v1/items?institution_id=${station}&status=approved`)).json.items;
			assert.ok(listed.length > 0 && listed.every((x) => x.key === null), 'no key in the list either');
			const page = await officer.sess.get(`/items/${id}`);
			assert.match(page.text, /<dd id="key">（仅编写人、审核人和批准人可见）<\/dd>/);
			// the officer's own draft: its key is theirs
			const mine = await officer.api('/api/v1/items', { method: 'POST', json: single({ ref: refOf('K') }) });
			assert.equal(mine.status, 201, mine.text);
			assert.equal((await officer.api(`/api/v1/items/${mine.json.id}`)).json.key, 'A');
		});

		it('a revision of an item retired meanwhile is not approved: it would bring the item back', async () => {
			const v1 = await approved(refOf('G'));
			const v2 = (await author.api(`/api/v1/items/${v1}/revise`, { method: 'POST', json: {} })).json.id;
			assert.equal((await approver.api(`/api/v1/items/${v1}/retire`, { method: 'POST', json: { reason: '答案泄露' } })).status, 200);
			assert.equal((await author.api(`/api/v1/items/${v2}/submit`, { method: 'POST', json: {} })).status, 200);
			assert.equal((await reviewer.api(`/api/v1/items/${v2}/review`, { method: 'POST', json: { decision: 'pass' } })).status, 200);
			const r = await approver.api(`/api/v1/items/${v2}/approve`, { method: 'POST', json: {} });
			assert.equal(r.status, 409, r.text);
			assert.equal(r.json.error.code, 'conflict');
			assert.equal((await author.api(`/api/v1/items/${v1}`)).json.status, 'retired');
			assert.equal((await author.api(`/api/v1/items/${v2}`)).json.status, 'reviewed');
		});

		it('an export is at most 10,000 items: more is refused (it would not import back), not cut short', async () => {
			// 10,001 approved items of one bank, written directly
			await sql(h.server, `INSERT INTO exam_item (institution_id, occupation_code, level, ref, version, kind, point, stem, options, answer_key, explanation, status, author, created_at, updated_at) WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10001) SELECT ${Number(other)}, '${TURNER}', 1, 'BULK-' || CAST(i AS TEXT), 1, 'tf', 'A-01', '批量', '[]', 1, '', 'approved', 'bulk', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z' FROM n`);
			const r = await h.api(`/api/v1/items-export?institution_id=${other}&occupation_code=${TURNER}&level=1&format=xlsx`);
			assert.equal(r.status, 422, r.text.slice(0, 300));
			assert.equal(r.json.error.field, 'status');
			await sql(h.server, `DELETE FROM exam_item WHERE ref = 'BULK-10001' AND institution_id = ${Number(other)}`);
			const ok = await fetch(`${h.server.base}/api/v1/items-export?institution_id=${other}&occupation_code=${TURNER}&level=1&format=xlsx`, { headers: { Authorization: `Bearer ${h.token}` } });
			assert.equal(ok.status, 200);
			assert.ok((await ok.arrayBuffer()).byteLength > 10000);
		});

		it('an approved item is retired with a reason, and kept', async () => {
			const id = await approved(refOf('R'));
			const none = await approver.api(`/api/v1/items/${id}/retire`, { method: 'POST', json: { reason: ' ' } });
			assert.equal(none.status, 422, none.text);
			assert.equal(none.json.error.field, 'reason');
			assert.equal((await author.api(`/api/v1/items/${id}/retire`, { method: 'POST', json: { reason: '超纲' } })).status, 403);
			assert.equal((await approver.api(`/api/v1/items/${id}/retire`, { method: 'POST', json: { reason: '超纲' } })).status, 200);
			const x = (await author.api(`/api/v1/items/${id}`)).json;
			assert.equal(x.status, 'retired');
			assert.equal(x.retire_reason, '超纲');
			assert.equal((await author.api(`/api/v1/items/${id}/revise`, { method: 'POST', json: {} })).status, 409);
			const listed = await author.api(`/api/v1/items?institution_id=${station}&status=retired`);
			assert.ok(listed.json.items.some((i) => i.id === id));
			assert.ok(listed.json.items.every((i) => i.status === 'retired'));
		});

		it('import: the item writers\' sheet and a QTI package; one refused row or item and none is written; export for the bank\'s approvers', async () => {
			const q = (inst, lvl = 5, extra = '') => `institution_id=${inst}&occupation_code=${TURNER}&level=${lvl}${extra}`;
			const up = (who, query, body, type = 'text/csv') => who.api(`/api/v1/items-import?${query}`, { method: 'POST', body, headers: { 'Content-Type': type } });
			const tag = engine.slice(0, 2).toUpperCase();
			const sheet = (rows) => Buffer.from('\ufeff试题编号,题型,鉴定要素,题干,选项A,选项B,选项C,答案,解析\r\n' + rows.map((r) => r.join(',')).join('\r\n') + '\r\n');
			const good = [
				[`IM-${tag}-1`, '单选', 'B-01', '游标卡尺的读数精度可达（ ）。', '0.02mm', '0.2mm', '2mm', 'A', '常用游标卡尺分度值0.02mm。'],
				[`IM-${tag}-2`, '多选', 'B-02', '下列属于量具的是（ ）。', '千分尺', '百分表', '扳手', 'AB', ''],
				[`IM-${tag}-3`, '判断', 'B-03', '千分尺使用前应校零。', '', '', '', '对', ''],
			];
			// a bad row: the key names no option; the other rows are named fine, nothing is written
			const bad = await up(author, q(station), sheet([...good, [`IM-${tag}-4`, '单选', 'B-01', '题干', '甲', '乙', '', 'D', '']]));
			assert.equal(bad.status, 422, bad.text);
			assert.equal(bad.json.applied, false);
			assert.equal(bad.json.format, 'sheet');
			assert.equal(bad.json.items, 4);
			assert.deepEqual(bad.json.problems.map((x) => [x.row, x.field, x.code]), [[5, 'key', 'val.item.key']]);
			assert.equal((await author.api(`/api/v1/items?${q(station)}`)).json.items.length, 0, 'nothing written');
			// a dry run of the good rows writes nothing either
			const dry = await up(author, q(station, 5, '&dry_run=1'), sheet(good));
			assert.equal(dry.status, 200, dry.text);
			assert.equal(dry.json.created, 0);
			assert.equal(dry.json.problems_total, 0);
			const ok = await up(author, q(station), sheet(good));
			assert.equal(ok.status, 200, ok.text);
			assert.deepEqual([ok.json.applied, ok.json.items, ok.json.created], [true, 3, 3]);
			const drafts = (await author.api(`/api/v1/items?${q(station)}`)).json.items;
			assert.deepEqual(drafts.map((x) => [x.ref, x.kind, x.key, x.status, x.author]).sort(), [
				[`IM-${tag}-1`, 'single', 'A', 'draft', author.name],
				[`IM-${tag}-2`, 'multi', 'AB', 'draft', author.name],
				[`IM-${tag}-3`, 'tf', 'T', 'draft', author.name],
			]);
			// again: every code is taken in the bank now
			const again = await up(author, q(station), sheet(good));
			assert.equal(again.status, 422, again.text);
			assert.deepEqual(again.json.problems.map((x) => x.code), ['err.item.ref_taken', 'err.item.ref_taken', 'err.item.ref_taken']);
			// not a spreadsheet or a package at all
			const junk = await up(author, q(station), Buffer.from('PK\u0003\u0004junk imsmanifest.xml'), 'application/zip');
			assert.equal(junk.status, 422, junk.text);
			assert.equal(junk.json.error.field, 'file');
			// another institution's bank: refused
			assert.equal((await up(outsider, q(station), sheet(good))).status, 403);

			// through review and approval, then out as a QTI package
			for (const x of drafts) {
				assert.equal((await author.api(`/api/v1/items/${x.id}/submit`, { method: 'POST', json: {} })).status, 200);
				assert.equal((await reviewer.api(`/api/v1/items/${x.id}/review`, { method: 'POST', json: { decision: 'pass' } })).status, 200);
				assert.equal((await approver.api(`/api/v1/items/${x.id}/approve`, { method: 'POST', json: {} })).status, 200);
			}
			assert.equal((await author.api(`/api/v1/items-export?${q(station)}`)).status, 403, 'the keys are for the bank\'s approvers');
			// the bytes as they are (http() reads text)
			const pkg = await fetch(`${h.server.base}/api/v1/items-export?${q(station)}&format=qti`, { headers: { Authorization: `Bearer ${approver.token}` } });
			assert.equal(pkg.status, 200);
			assert.equal(pkg.headers.get('content-type'), 'application/zip');
			const zip = Buffer.from(await pkg.arrayBuffer());
			assert.equal(zip.subarray(0, 4).toString('latin1'), 'PK\u0003\u0004');
			const xlsx = await approver.api(`/api/v1/items-export?${q(station)}&format=xlsx`);
			assert.equal(xlsx.status, 200);
			assert.match(xlsx.headers.get('content-type'), /spreadsheetml/);
			assert.equal((await approver.api(`/api/v1/items-export?${q(station)}&format=pdf`)).status, 422);
			// the package into another level of the bank: the same items, drafts again
			const back = await up(author, q(station, 2), zip, 'application/zip');
			assert.equal(back.status, 200, back.text);
			assert.deepEqual([back.json.format, back.json.created], ['qti', 3]);
			const copies = (await author.api(`/api/v1/items?${q(station, 2)}`)).json.items;
			const strip = (x) => [x.ref, x.kind, x.point, x.stem, x.options, x.key, x.explanation];
			assert.deepEqual(copies.map(strip).sort(), drafts.map(strip).sort());
		});

		it('the command line: skillcert item import (a dry run, then for real), list, export', async () => {
			const dir = makeDataDir('items-cli');
			const csv = path.join(dir, 'items.csv');
			fs.writeFileSync(csv, `ref,kind,point,stem,option_a,option_b,key\r\nCLI-${engine}-1,single,C-01,主轴的作用是（ ）。,传递动力,支承刀具,A\r\nCLI-${engine}-2,tf,C-02,车床应定期润滑。,,,T\r\n`);
			const bank = ['--institution', String(station), '--occupation', TURNER, '--level', '1'];
			const dry = await h.server.cli(['item', 'import', csv, ...bank, '--dry-run', '--as', author.name]);
			assert.equal(dry.code, 0, dry.stderr);
			assert.match(dry.stdout, /sheet: 2 items, 0 imported \(dry run/);
			const real = await h.server.cli(['item', 'import', csv, ...bank, '--as', author.name]);
			assert.equal(real.code, 0, real.stderr);
			assert.match(real.stdout, /sheet: 2 items, 2 imported/);
			const again = await h.server.cli(['item', 'import', csv, ...bank, '--as', author.name]);
			assert.equal(again.code, 1);
			assert.match(again.stderr, new RegExp(`CLI-${engine}-1 ref: 该职业等级题库中已有此试题编号`));
			const list = await h.server.cli(['item', 'list', ...bank]);
			assert.equal(list.code, 0, list.stderr);
			assert.equal(list.stdout.trim().split('\n').length, 2);
			assert.match(list.stdout, new RegExp(`CLI-${engine}-2\tv1\tdraft\ttf`));
			// the export holds the keys: the approver's, not the author's
			const out = path.join(dir, 'bank.xlsx');
			const refused = await h.server.cli(['item', 'export', ...bank, '--status', 'draft', '--format', 'xlsx', '--out', out, '--as', author.name]);
			assert.notEqual(refused.code, 0);
			const ok = await h.server.cli(['item', 'export', ...bank, '--status', 'draft', '--format', 'xlsx', '--out', out, '--as', approver.name]);
			assert.equal(ok.code, 0, ok.stderr);
			assert.equal(ok.stdout.trim(), '2 items');
			assert.equal(fs.readFileSync(out).subarray(0, 2).toString(), 'PK');
		});

		it('the pages: written in the form (a refusal keeps what was typed), submitted, reviewed, approved, each by its own person', async () => {
			const ref = refOf('P');
			const list = await author.sess.get('/items');
			assert.equal(list.status, 200);
			assert.match(list.text, /理论考试题库/);
			// a refusal: the key names no option; the form comes back with the field marked and the text kept
			const form = { institution_id: String(station), occupation_code: TURNER, level: '4', ref, kind: 'single', point: 'A-03', stem: '车床床身导轨的作用是（ ）。', option_a: '导向', option_b: '支承', key: 'E', explanation: '' };
			const bad = await author.sess.post('/items', form);
			assert.equal(bad.status, 422, bad.text.slice(0, 300));
			assert.match(bad.text, /答案须是本题的选项/);
			assert.ok(bad.text.includes('车床床身导轨的作用是（ ）。'), 'the stem typed is kept');
			const made = await author.sess.post('/items', { ...form, key: 'a' });
			assert.equal(made.status, 303, made.text.slice(0, 300));
			const at = made.headers.get('location');
			assert.match(at, /^\/items\/\d+$/);
			const id = Number(at.split('/').pop());
			let page = await author.sess.get(at);
			assert.equal(page.status, 200);
			assert.match(page.text, /<dd id="key">A<\/dd>/);
			assert.match(page.text, /草稿/);
			assert.ok(page.text.includes(`action="/items/${id}/submit"`), 'the author may submit');
			// the listing of the station's bank shows it
			assert.ok((await author.sess.get(`/items?institution_id=${station}`)).text.includes(`href="/items/${id}"`));
			// the reviewer sees no edit form on another's draft
			assert.ok(!(await reviewer.sess.get(at)).text.includes(`action="/items/${id}/edit"`));
			assert.equal((await author.sess.post(`/items/${id}/edit`, { ...form, key: 'B', stem: '床身导轨起（ ）作用。' })).status, 303);
			assert.equal((await author.sess.post(`/items/${id}/submit`, {})).status, 303);
			page = await reviewer.sess.get(at);
			assert.ok(page.text.includes(`action="/items/${id}/review"`), 'the reviewer may review');
			assert.ok(!(await author.sess.get(at)).text.includes(`action="/items/${id}/review"`), 'not the author');
			const noNote = await reviewer.sess.post(`/items/${id}/review`, { decision: 'return', note: '' });
			assert.equal(noNote.status, 422);
			assert.match(noNote.text, /退回须填写意见/);
			assert.equal((await reviewer.sess.post(`/items/${id}/review`, { decision: 'pass', note: '' })).status, 303);
			const ok = await approver.sess.post(`/items/${id}/approve`, {});
			assert.equal(ok.status, 303, ok.text.slice(0, 300));
			page = await author.sess.get(at);
			assert.match(page.text, /已批准/);
			assert.match(page.text, /<dd id="key">B<\/dd>/);
			assert.ok(page.text.includes('床身导轨起（ ）作用。'));
			// the outsider's page of this item is refused
			assert.equal((await outsider.sess.get(at)).status, 403);
		});

		it('another institution\'s staff neither read nor write this bank; every bank at once is the whole network\'s', async () => {
			const id = (await author.api('/api/v1/items', { method: 'POST', json: single({ ref: refOf('O') }) })).json.id;
			assert.equal((await outsider.api(`/api/v1/items/${id}`)).status, 403);
			assert.equal((await outsider.api(`/api/v1/items?institution_id=${station}`)).status, 403);
			assert.equal((await outsider.api('/api/v1/items', { method: 'POST', json: single({ ref: refOf('O') }) })).status, 403);
			assert.equal((await outsider.api(`/api/v1/items/${id}/edit`, { method: 'POST', json: { kind: 'tf', point: 'A', stem: 'x', key: 'T' } })).status, 403);
			// every bank at once: for the whole network only
			assert.equal((await author.api('/api/v1/items')).status, 403);
			const all = await h.api('/api/v1/items?limit=500');
			assert.equal(all.status, 200, all.text);
			assert.ok(all.json.items.some((i) => i.id === id));
			assert.equal((await h.api('/api/v1/items?limit=501')).status, 422);
			assert.equal((await author.api('/api/v1/items?institution_id=abc')).status, 422);
			assert.equal((await author.api('/api/v1/items/999999999')).status, 404);
			// the center above sees the bank
			const mine = await h.api(`/api/v1/items?institution_id=${station}&level=4&occupation_code=${TURNER}`);
			assert.equal(mine.status, 200, mine.text);
			assert.ok(mine.json.items.some((i) => i.id === id));
		});
	});
}
