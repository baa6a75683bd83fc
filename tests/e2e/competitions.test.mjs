// Skills competitions (issue 13), events, entries and judges: a competition
// with its technical document (built in, or uploaded and refused naming the
// path of what is wrong; a new version while a draft), its status one step
// at a time, its events by occupation and group, entries within the quotas
// per institution and per province and the event's eligibility (group,
// employer, age, team size), nominated only by staff of the institution,
// confirmed or refused with a reason by the organiser, the public list of
// confirmed entrants with masked names, and judges under the assessors'
// recusal rules, overridden only with a reason that is kept and audited.
// Both engines.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { before, it } from 'node:test';

import { TURNER, idNumber, nextName, sql } from './certlib.mjs';
import { describeWithServer, engines, http, login, makeUser, uniqueName } from './lib.mjs';

const machinery = JSON.parse(fs.readFileSync('competitions/machinery-class2.json', 'utf8'));

for (const engine of engines()) {
	describeWithServer(`competitions [${engine}]`, { engine, tag: 'comp', user: true }, (h) => {
		const S = {}; // institutions
		const P = {}; // people
		const C = {}; // competitions
		const E = {}; // events
		let seq = 0;

		const cli = async (args) => {
			const r = await h.server.cli(args);
			assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
			return r.stdout.trim();
		};
		const person = async (inst, birth, extra = {}) => {
			const name = nextName();
			const r = await h.api('/api/v1/people', {
				method: 'POST', json: { name, id_number: idNumber(birth, 200 + ++seq), institution_id: inst, employer: '甲机床厂', ...extra },
			});
			assert.equal(r.status, 201, r.text);
			return { id: r.json.id, name };
		};
		const create = (json) => h.api('/api/v1/competitions', { method: 'POST', json });
		const base = {
			name: '全国机械行业职业技能竞赛', tier: 'national_class2', year: 2026, approval_doc: '机械技能〔2026〕3号',
			starts_on: '2026-10-10', ends_on: '2026-10-12', venue: '洛阳', document_code: 'machinery-class2',
		};
		const act = (id, action) => h.api(`/api/v1/competitions/${id}/act`, { method: 'POST', json: { action } });
		const nominate = (event, institution_id, person_ids, headers = {}) =>
			h.api(`/api/v1/competition-events/${event}/entries`, { method: 'POST', json: { institution_id, person_ids }, headers });
		const appoint = (event, person_id, role, extra = {}) =>
			h.api(`/api/v1/competition-events/${event}/judges`, { method: 'POST', json: { person_id, role, ...extra } });
		const detail = async (id, headers = {}) => (await http(h.server.base, `/api/v1/competitions/${id}`, { headers })).json;

		before(async () => {
			const center = await cli(['institution', 'add', '--name', uniqueName('竞赛中心'), '--type', 'center', '--province', '11']);
			for (const [k, prov] of [['s1', '44'], ['s2', '44'], ['s4', '44'], ['s3', '11']])
				S[k] = Number(await cli(['institution', 'add', '--name', uniqueName(`竞赛站${k}`), '--type', 'exam_station', '--province', prov, '--parent', center]));
			P.p1 = await person(S.s1, '20000501');
			P.p2 = await person(S.s1, '20010601');
			P.p3 = await person(S.s1, '20020701');
			P.old = await person(S.s1, '19700101');
			P.jobless = await person(S.s1, '20000102', { employer: '' });
			P.q1 = await person(S.s2, '20000301');
			P.u1 = await person(S.s4, '20000401');
			P.r1 = await person(S.s3, '20000201', { employer: '丙公司' });
			P.j1 = await person(S.s3, '19800101', { employer: '甲机床厂' });
			P.j2 = await person(S.s3, '19800201', { employer: '裁判中心' });
			P.j3 = await person(S.s3, '19800301', { employer: '裁判中心' });
		});

		it('a competition takes a built-in or uploaded document; an invalid one is refused naming its path', async () => {
			const bad = await create({ ...base, document_code: '', document: { ...machinery, team_size: 5 } });
			assert.equal(bad.status, 422, bad.text);
			assert.equal(bad.json.error.field, 'document');
			assert.match(bad.json.error.reason, /team_size/);
			const unknown = await create({ ...base, document_code: 'no-such-document' });
			assert.equal(unknown.status, 422);
			assert.equal(unknown.json.error.field, 'document_code');
			const tier = await create({ ...base, tier: 'district' });
			assert.equal(tier.status, 422);
			assert.equal(tier.json.error.field, 'tier');
			const ends = await create({ ...base, ends_on: '2026-10-01' });
			assert.equal(ends.json.error.field, 'ends_on');
			const co = await create({ ...base, coorganisers: [999999] });
			assert.equal(co.json.error.field, 'coorganisers');
			const r = await create({ ...base, coorganisers: [S.s1] });
			assert.equal(r.status, 201, r.text);
			C.a = r.json.id;
			const d = await detail(C.a, { Authorization: `Bearer ${h.token}` });
			assert.equal(d.status, 'draft');
			assert.equal(d.document_version, 1);
			assert.equal(d.document_code, 'machinery-class2');
			assert.match(d.document_digest, /^[0-9a-f]{64}$/);
			assert.deepEqual(d.coorganisers.map((x) => x.id), [S.s1]);
			// a draft is the organiser's alone
			assert.equal((await http(h.server.base, `/api/v1/competitions/${C.a}`)).status, 404);
			const pub = (await http(h.server.base, '/api/v1/competitions')).json.items;
			assert.ok(!pub.some((x) => x.id === C.a), 'a draft is not listed publicly');
		});

		it('a team competition: a new version of the document while a draft, then none once open', async () => {
			const r = await create({ ...base, name: '团体赛', document_code: 'machinery-class2' });
			assert.equal(r.status, 201, r.text);
			C.b = r.json.id;
			const v2 = await h.api(`/api/v1/competitions/${C.b}/document`, { method: 'POST', json: { document: { ...machinery, team_size: 2 } } });
			assert.equal(v2.status, 201, v2.text);
			assert.equal(v2.json.version, 2);
			const badv = await h.api(`/api/v1/competitions/${C.b}/document`, { method: 'POST', json: { document: JSON.stringify({ ...machinery, groups: ['pilots'] }) } });
			assert.equal(badv.status, 422);
			assert.match(badv.json.error.reason, /groups/);
			const ev = await h.api(`/api/v1/competitions/${C.b}/events`, { method: 'POST', json: { occupation_code: TURNER, group: 'employee' } });
			assert.equal(ev.status, 201, ev.text);
			E.team = ev.json.id;
			const d = await detail(C.b, { Authorization: `Bearer ${h.token}` });
			assert.equal(d.document_version, 2);
			assert.deepEqual(d.documents.map((x) => x.version), [2, 1]);
			assert.equal(d.events[0].team_size, 2);
			assert.equal((await act(C.b, 'open')).status, 200);
			const late = await h.api(`/api/v1/competitions/${C.b}/document`, { method: 'POST', json: { document_code: 'machinery-class2' } });
			assert.equal(late.status, 422, 'no new version once open');
		});

		it('events: a group of the document, an occupation of the catalog, once each', async () => {
			const add = (json) => h.api(`/api/v1/competitions/${C.a}/events`, { method: 'POST', json });
			const teacher = await add({ occupation_code: TURNER, group: 'teacher' });
			assert.equal(teacher.status, 422);
			assert.equal(teacher.json.error.field, 'group');
			const occ = await add({ occupation_code: '9-99-99-99', group: 'employee' });
			assert.equal(occ.json.error.field, 'occupation_code');
			const ages = await add({ occupation_code: TURNER, group: 'employee', min_age: 40, max_age: 30 });
			assert.equal(ages.json.error.field, 'max_age');
			const emp = await add({ occupation_code: TURNER, group: 'employee', quota_institution: 1, quota_province: 2, max_age: 35 });
			assert.equal(emp.status, 201, emp.text);
			E.emp = emp.json.id;
			assert.equal((await add({ occupation_code: TURNER, group: 'employee' })).status, 409);
			const stu = await add({ occupation_code: TURNER, group: 'student' });
			assert.equal(stu.status, 201, stu.text);
			E.stu = stu.json.id;
		});

		it('the status moves one step at a time, by the organiser only', async () => {
			const skip = await act(C.a, 'close');
			assert.equal(skip.status, 422, skip.text);
			const odd = await act(C.a, 'publish');
			assert.equal(odd.json.error.field, 'action');
			const officer = await makeUser(h.server, 'compofficer', { role: 'institution_admin', institution: S.s1 });
			// an unknown organiser is as forbidden as another's: no oracle
			for (const organiser_id of [999999, S.s2]) {
				const r = await h.api('/api/v1/competitions', { method: 'POST', json: { ...base, organiser_id }, headers: { Authorization: `Bearer ${officer.token}` } });
				assert.equal(r.status, 403, `${organiser_id}: ${r.text}`);
			}
			const notMine = await h.api(`/api/v1/competitions/${C.a}/act`, {
				method: 'POST', json: { action: 'open' }, headers: { Authorization: `Bearer ${officer.token}` },
			});
			assert.equal(notMine.status, 403, 'the center organises it: a station cannot');
			assert.equal((await act(C.a, 'open')).status, 200);
			assert.equal((await detail(C.a)).status, 'open');
			const add = await h.api(`/api/v1/competitions/${C.a}/events`, { method: 'POST', json: { occupation_code: TURNER, group: 'employee' } });
			assert.equal(add.status, 422, 'no events once open');
		});

		it('entries: only the institution\'s staff, its own people, the right team size', async () => {
			const outsider = await makeUser(h.server, 'compoutsider', { role: 'institution_admin', institution: S.s3 });
			const out = await nominate(E.emp, S.s1, [P.p1.id], { Authorization: `Bearer ${outsider.token}` });
			assert.equal(out.status, 403, out.text);
			const stranger = await nominate(E.emp, S.s1, [P.q1.id]);
			assert.equal(stranger.status, 422);
			assert.equal(stranger.json.error.field, 'person_ids');
			const two = await nominate(E.emp, S.s1, [P.p1.id, P.p2.id]);
			assert.equal(two.status, 422);
			assert.equal(two.json.error.field, 'person_ids');
			const one = await nominate(E.team, S.s1, [P.p1.id]);
			assert.equal(one.status, 422, 'a team of 2 needs 2');
			const three = await nominate(E.team, S.s1, [P.p1.id, P.p2.id, P.p3.id]);
			assert.equal(three.status, 422);
			const twice = await nominate(E.team, S.s1, [P.p1.id, P.p1.id]);
			assert.equal(twice.status, 422);
			const team = await nominate(E.team, S.s1, [P.p1.id, P.p2.id]);
			assert.equal(team.status, 201, team.text);
			const again = await nominate(E.team, S.s1, [P.p2.id, P.p3.id]);
			assert.equal(again.status, 409, 'once per event');
		});

		it('entries: eligibility by group, employer and age', async () => {
			const jobless = await nominate(E.emp, S.s1, [P.jobless.id]);
			assert.equal(jobless.status, 422);
			assert.match(jobless.json.error.message, /工作单位|employer/);
			const old = await nominate(E.emp, S.s1, [P.old.id]);
			assert.equal(old.status, 422);
			assert.match(old.json.error.message, /年龄|age/);
			const ok = await nominate(E.emp, S.s1, [P.p1.id]);
			assert.equal(ok.status, 201, ok.text);
			E.p1entry = ok.json.id;
			const group = await nominate(E.stu, S.s1, [P.p1.id]);
			assert.equal(group.status, 422, 'one group per competition');
			assert.match(group.json.error.message, /组别|group/);
		});

		it('entries: the quotas per institution and per province; a refused entry frees its place', async () => {
			const inst = await nominate(E.emp, S.s1, [P.p2.id]);
			assert.equal(inst.status, 422, inst.text);
			assert.equal(inst.json.error.field, 'institution_id');
			assert.match(inst.json.error.message, /单位|institution/);
			const q1 = await nominate(E.emp, S.s2, [P.q1.id]);
			assert.equal(q1.status, 201, q1.text);
			E.q1entry = q1.json.id;
			const prov = await nominate(E.emp, S.s4, [P.u1.id]);
			assert.equal(prov.status, 422, 'the third of province 44');
			assert.match(prov.json.error.message, /省|province/);
			const other = await nominate(E.emp, S.s3, [P.r1.id]);
			assert.equal(other.status, 201, 'another province');
			E.r1entry = other.json.id;
			// the organiser refuses one (a reason is required), confirms another
			const noReason = await h.api(`/api/v1/competition-entries/${E.q1entry}/refuse`, { method: 'POST', json: {} });
			assert.equal(noReason.status, 422);
			assert.equal(noReason.json.error.field, 'reason');
			assert.equal((await h.api(`/api/v1/competition-entries/${E.q1entry}/refuse`, { method: 'POST', json: { reason: '资格审核未通过' } })).status, 200);
			assert.equal((await h.api(`/api/v1/competition-entries/${E.q1entry}/confirm`, { method: 'POST', json: {} })).status, 409, 'decided once');
			assert.equal((await h.api(`/api/v1/competition-entries/${E.p1entry}/confirm`, { method: 'POST', json: {} })).status, 200);
			const freed = await nominate(E.emp, S.s4, [P.u1.id]);
			assert.equal(freed.status, 201, freed.text);
		});

		it('the public list: confirmed entrants only, names masked, no judges', async () => {
			const d = await detail(C.a);
			const emp = d.events.find((e) => e.id === E.emp);
			assert.deepEqual(emp.entries.map((e) => e.id), [E.p1entry]);
			const m = emp.entries[0].members[0];
			assert.notEqual(m.name, P.p1.name);
			assert.equal(m.name[0], P.p1.name[0]);
			assert.match(m.name, /\*/);
			assert.equal(m.person_id, 0);
			assert.equal(emp.judges.length, 0);
			const page = await http(h.server.base, `/competitions/${C.a}`);
			assert.equal(page.status, 200);
			assert.ok(page.text.includes(m.name) && !page.text.includes(P.p1.name), 'the page masks the name');
			const list = await http(h.server.base, '/competitions?year=2026&tier=national_class2');
			assert.ok(list.text.includes(`/competitions/${C.a}"`));
			const other = await http(h.server.base, '/competitions?tier=district');
			assert.ok(!other.text.includes(`/competitions/${C.a}"`));
			// the nominating institution sees its own entries whole
			const own = await makeUser(h.server, 'compown', { role: 'exam_officer', institution: S.s2 });
			const mine = await detail(C.a, { Authorization: `Bearer ${own.token}` });
			const q = mine.events.find((e) => e.id === E.emp).entries.find((e) => e.id === E.q1entry);
			assert.equal(q.status, 'refused');
			assert.equal(q.reason, '资格审核未通过');
			assert.equal(q.members[0].name, P.q1.name);
		});

		it('judges: recusal refused, overridden only with a reason, kept and audited', async () => {
			const same = await appoint(E.emp, P.j1.id, 'judge');
			assert.equal(same.status, 409, same.text);
			assert.equal(same.json.error.field, 'person_id');
			assert.match(same.json.error.message, /同一工作单位|employer/);
			const rel = await h.api(`/api/v1/people/${P.j2.id}/relationships`, { method: 'POST', json: { person_id: P.r1.id, kind: 'trainer' } });
			assert.equal(rel.status, 201, rel.text);
			const trainer = await appoint(E.emp, P.j2.id, 'chief_judge');
			assert.equal(trainer.status, 409);
			assert.match(trainer.json.error.message, /培训|Trained/);
			const contestant = await appoint(E.emp, P.p1.id, 'judge');
			assert.equal(contestant.status, 422);
			const role = await appoint(E.emp, P.j3.id, 'referee');
			assert.equal(role.json.error.field, 'role');
			const chief = await appoint(E.emp, P.j3.id, 'chief_judge');
			assert.equal(chief.status, 201, chief.text);
			assert.equal((await appoint(E.emp, P.j2.id, 'chief_judge', { override_note: '经督导同意' })).status, 409, 'one chief judge');
			// one chief judge per event in the schema too (a partial unique index)
			await assert.rejects(sql(h.server, `INSERT INTO competition_judge (event_id, person_id, role, override_by, override_note, created_at)
				VALUES (${Number(E.emp)}, ${Number(P.j2.id)}, 'chief_judge', '', '', '2026-01-01T00:00:00Z')`), /UNIQUE|unique|duplicate/);
			const over = await appoint(E.emp, P.j1.id, 'judge', { override_note: '全国仅此一名具备资格的裁判，经督导同意' });
			assert.equal(over.status, 201, over.text);
			const d = await detail(C.a, { Authorization: `Bearer ${h.token}` });
			const js = d.events.find((e) => e.id === E.emp).judges;
			assert.deepEqual(js.map((j) => [j.person_id, j.role]), [[P.j3.id, 'chief_judge'], [P.j1.id, 'judge']]);
			assert.equal(js[1].override_note, '全国仅此一名具备资格的裁判，经督导同意');
			assert.equal(js[1].override_by, 'tester');
			const audit = (await h.api('/api/v1/audit?action=competition.judge')).json.items;
			const rec = audit.map((x) => (typeof x.after === 'string' ? JSON.parse(x.after) : x.after)).find((a) => a.person_id === P.j1.id);
			assert.equal(rec.recusal, 'recusal.employer');
			assert.equal(rec.override_note, '全国仅此一名具备资格的裁判，经督导同意');
			// a contestant nominated later meets the judges who must stand aside
			const late = await nominate(E.stu, S.s1, [P.p3.id]);
			assert.equal(late.status, 201, 'no judge of the student event');
			// a judge of the event is never its contestant
			assert.equal((await appoint(E.stu, P.j2.id, 'judge')).status, 201);
			const self = await nominate(E.stu, S.s3, [P.j2.id]);
			assert.equal(self.status, 409, self.text);
			assert.equal(self.json.error.field, 'person_ids');
			assert.match(self.json.error.message, /本赛项裁判|judge of the event/);
			// an override holds for the contestants it was given for, not
			// for one nominated later (who needs one of their own)
			const j1stu = await appoint(E.stu, P.j1.id, 'judge', { override_note: '仅此一名具备资格的裁判' });
			assert.equal(j1stu.status, 201, j1stu.text);
			const later = await nominate(E.stu, S.s1, [P.p2.id]);
			assert.equal(later.status, 409, later.text);
			assert.equal(later.json.error.field, 'person_ids');
			assert.match(later.json.error.message, /同一工作单位|employer/);
			const officer = await makeUser(h.server, 'compnominator', { role: 'institution_admin', institution: S.s1 });
			const unsigned = await h.api(`/api/v1/competition-events/${E.stu}/entries`, {
				method: 'POST', json: { institution_id: S.s1, person_ids: [P.p2.id], override_note: '经督导同意' }, headers: { Authorization: `Bearer ${officer.token}` },
			});
			assert.equal(unsigned.status, 403, unsigned.text);
			assert.equal(unsigned.json.error.field, 'override_note');
			const signed = await h.api(`/api/v1/competition-events/${E.stu}/entries`, { method: 'POST', json: { institution_id: S.s1, person_ids: [P.p2.id], override_note: '经督导同意，另一名裁判复核' } });
			assert.equal(signed.status, 201, signed.text);
			const nom = (await h.api('/api/v1/audit?action=competition.nominate')).json.items
				.map((x) => (typeof x.after === 'string' ? JSON.parse(x.after) : x.after)).find((a) => a.entry_id === signed.json.id);
			assert.deepEqual(nom.overrides, [{ judge_id: j1stu.json.id, person_id: P.p2.id, recusal: 'recusal.employer' }]);
			assert.equal(nom.override_note, '经督导同意，另一名裁判复核');
			// the page: refused beside the contestants, then with the note
			const sess = await login(h.server.base, h.user.name, h.user.password);
			const form = { event_id: String(E.stu), institution_id: String(S.s1), person_ids: String(P.old.id) };
			const bare = await sess.post(`/competitions/${C.a}/entries`, form);
			assert.equal(bare.status, 409, bare.text.slice(0, 300));
			assert.ok(bare.text.includes('id="f-en-override_note"'), 'the note field beside the refusal');
			const noted = await sess.post(`/competitions/${C.a}/entries`, { ...form, override_note: '经督导同意（页面）' });
			assert.equal(noted.status, 303, noted.text.slice(0, 300));
		});

		it('entries close, marking starts: no more entries nor judges', async () => {
			assert.equal((await act(C.a, 'close')).status, 200);
			const closed = await nominate(E.stu, S.s1, [P.p2.id]);
			assert.equal(closed.status, 422);
			assert.equal((await act(C.a, 'mark')).status, 200);
			const judge = await appoint(E.stu, P.j2.id, 'judge');
			assert.equal(judge.status, 422);
			// the results notice needs every module locked (competition_marks.test.mjs)
			const notice = await act(C.a, 'notice');
			assert.equal(notice.status, 422);
			assert.match(notice.json.error.message, /锁定|unlocked/);
			assert.equal((await act(C.a, 'final')).status, 422, 'one step at a time');
			const log = (await h.api(`/api/v1/audit?action=competition.status`)).json.items;
			assert.ok(log.length >= 4, JSON.stringify(log.length));
		});
		it('the pages: create (refused beside the field, then made), a document refused naming its path, an event, open, a refusal without a reason', async () => {
			const sess = await login(h.server.base, h.user.name, h.user.password);
			const form = { name: '页面竞赛', tier: 'district', year: '2027', starts_on: '2027-06-01', ends_on: '2027-06-02', document_code: 'machinery-class2' };
			const bad = await sess.post('/competitions', form);
			assert.equal(bad.status, 422, bad.text.slice(0, 300));
			assert.match(bad.text, /id="e-cc-tier"[^>]*>技术文件的竞赛级别与本竞赛不符/);
			assert.match(bad.text, /value="页面竞赛"/, 'what was typed is kept');
			const made = await sess.post('/competitions', { ...form, tier: 'national_class2' });
			assert.equal(made.status, 303, made.text.slice(0, 300));
			const id = Number(/\/competitions\/(\d+)\?done=create$/.exec(made.headers.get('location'))[1]);
			// a file that does not parse: the parser's path under the field
			const b = `----comp${process.pid}`;
			const doc = JSON.stringify({ ...machinery, tier: 'galactic' });
			const body = Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n${sess.csrf}\r\n` +
				`--${b}\r\nContent-Disposition: form-data; name="document_code"\r\n\r\n\r\n` +
				`--${b}\r\nContent-Disposition: form-data; name="document"; filename="doc.json"\r\nContent-Type: application/json\r\n\r\n${doc}\r\n--${b}--\r\n`);
			const up = await sess.request(`/competitions/${id}/document`, { method: 'POST', body, headers: { 'Content-Type': `multipart/form-data; boundary=${b}` } });
			assert.equal(up.status, 422, up.text.slice(0, 300));
			assert.match(up.text, /id="document-reason">tier/);
			const ev = await sess.post(`/competitions/${id}/events`, { occupation_code: TURNER, group: 'student', quota_institution: 'x' });
			assert.equal(ev.status, 422);
			assert.match(ev.text, /id="e-ev-quota_institution"/);
			assert.equal((await sess.post(`/competitions/${id}/events`, { occupation_code: TURNER, group: 'student' })).status, 303);
			assert.equal((await sess.post(`/competitions/${id}/act`, { action: 'open' })).status, 303);
			const eid = (await detail(id)).events[0].id;
			const entry = await nominate(eid, S.s1, [P.p2.id]);
			assert.equal(entry.status, 201, entry.text);
			const refuse = await sess.post(`/competitions/${id}/entries/decide`, { entry_id: String(entry.json.id), decision: 'refuse', reason: '' });
			assert.equal(refuse.status, 422);
			assert.match(refuse.text, new RegExp(`id="e-d${entry.json.id}-reason"[^>]*>退回报名须填写理由`));
			const ok = await sess.post(`/competitions/${id}/entries/decide`, { entry_id: String(entry.json.id), decision: 'confirm' });
			assert.equal(ok.status, 303);
			assert.equal((await detail(id)).events[0].entries[0].status, 'confirmed');
		});
		it('the command line: add (a bad file refused naming the path), event, open, nominate, confirm, judge, show', async () => {
			const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'comp-'));
			try {
				const bad = path.join(dir, 'bad.json');
				fs.writeFileSync(bad, JSON.stringify({ ...machinery, rules: { ...machinery.rules, theory_weight: { value: 30 } } }));
				const args = ['competition', 'add', '--name', '区级竞赛', '--tier', 'national_class2', '--year', '2027', '--starts', '2027-05-01', '--ends', '2027-05-02'];
				const refused = await h.server.cli([...args, '--document', bad]);
				assert.equal(refused.code, 1);
				assert.match(refused.stderr, /rules\.theory_weight/);
				const id = await cli([...args, '--document-code', 'machinery-class2', '--organiser', String(S.s3)]);
				const ev = await cli(['competition', 'event', id, '--occupation', TURNER, '--group', 'employee', '--quota-institution', '2']);
				await cli(['competition', 'act', id, 'open']);
				const entry = await cli(['competition', 'nominate', ev, '--institution', String(S.s3), '--people', String(P.r1.id)]);
				const refuse = await h.server.cli(['competition', 'refuse', entry]);
				assert.equal(refuse.code, 1, 'a refusal needs a reason');
				await cli(['competition', 'confirm', entry]);
				const judge = await h.server.cli(['competition', 'judge', ev, '--person', String(P.j2.id), '--role', 'judge']);
				assert.equal(judge.code, 1, 'the trainer of r1 stands aside');
				await cli(['competition', 'judge', ev, '--person', String(P.j2.id), '--role', 'judge', '--override-note', '督导签认']);
				const show = await cli(['competition', 'show', id]);
				assert.match(show, /status: open/);
				assert.match(show, new RegExp(`entry: ${entry} confirmed`));
				assert.match(show, /judge: \d+ judge \d+:\S+ override=督导签认/);
				const list = await cli(['competition', 'list', '--year', '2027']);
				assert.match(list, new RegExp(`^${id}\t2027\tnational_class2\topen\t区级竞赛$`, 'm'));
			} finally {
				fs.rmSync(dir, { recursive: true, force: true });
			}
		});
	});
}
