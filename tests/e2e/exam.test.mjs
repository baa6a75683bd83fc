// The online exam (issue 19, docs/exams.md), end to end on both engines,
// through the candidate API (the attempt token in X-Exam-Token) and the
// proctor's: before the sitting starts a candidate gets nothing of the
// items; signed in with the admission ticket's claim code, each candidate
// gets the paper's items in an order of their own, without keys,
// explanations or refs; answers are saved and read back, and signing in
// again resumes the same attempt (the old token stops working); a bad
// answer or position is refused naming the field; a token sees and
// changes its own attempt only; the proctor's roster, an extension with
// its reason; the attempt submitted once and marked into the theory
// component of the score sheet, locked, with the total the answer record's
// keys give; a sitting whose time runs out (a save refused, the attempt
// timed out and marked); the sitting closed, the items' statistics stored;
// no sign-in after it; all of it audited.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, it } from 'node:test';

import { makeStation, nextIdNumber, nextName, sql, TURNER } from './certlib.mjs';
import { apiAs, createInstitution, describeWithServer, engines, http, login, makeUser, newPassword, ROOT, sleep, uniqueName } from './lib.mjs';

/* 2 knowledge points of 50%: single 4 × 10, multi 2 × 20, tf 4 × 5 points
 * (scores in tenths); 90 minutes */
const MINUTES = 90;
const BLUEPRINT = {
	occupation: TURNER, level: 4, version: 'exam-1', minutes: MINUTES,
	points: [{ code: 'A-01', name: '安全生产', weight: 50 }, { code: 'A-02', name: '车削加工', weight: 50 }],
	sections: [{ kind: 'single', count: 4, score: 100 }, { kind: 'multi', count: 2, score: 200 }, { kind: 'tf', count: 4, score: 50 }],
};
const GRACE_S = 15;
const KINDS = ['single', 'single', 'single', 'single', 'multi', 'multi', 'tf', 'tf', 'tf', 'tf'];

/* The catalog's Chinese text of a message key (src/core/i18n.c: one entry
 * a line): the API answers it as error.message. */
const CATALOG = new Map();
for (const m of fs.readFileSync(path.join(ROOT, 'src/core/i18n.c'), 'utf8').matchAll(/^\s*\{"([^"]+)", "((?:[^"\\]|\\.)*)", "/gm))
	CATALOG.set(m[1], JSON.parse(`"${m[2]}"`));
function assertError(res, status, key, field) {
	assert.equal(res.status, status, `${key}: ${res.text}`);
	assert.ok(CATALOG.has(key), `the catalog has ${key}`);
	assert.equal(res.json?.error?.message, CATALOG.get(key), `${key}: ${res.text}`);
	if (field !== undefined) assert.equal(res.json.error.field ?? null, field, res.text);
}

/* An instant to the second, as the API takes it ("2026-12-04T01:30:00Z"). */
const instant = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const letter = (i) => String.fromCharCode(65 + i);

/* The right answer of a record's item in the letters shown to the
 * candidate: the key's letters (the item's own) through the order shown
 * ("CADB": shown A is the item's C). */
function shownKey(ri) {
	const key = ri.key;
	if (ri.kind === 'tf') {
		// true/false: the shown letters of 正确 / 错误
		const own = key === 'T' ? 'A' : 'B';
		return ri.shown ? letter(ri.shown.indexOf(own)) : own;
	}
	return [...key].map((k) => letter(ri.shown.indexOf(k))).sort().join('');
}
/* A wrong answer of the same kind in shown letters. */
function shownWrong(ri, nopts) {
	const right = shownKey(ri);
	if (ri.kind === 'multi') return right === 'AB' ? 'AC' : 'AB';
	for (let i = 0; i < Math.max(nopts, 2); i++) if (letter(i) !== right) return letter(i);
	throw new Error('no wrong answer');
}

for (const engine of engines()) {
	describeWithServer(`the online exam [${engine}]`, { engine, tag: 'exam', user: true, args: ['--verify-rate', '0'] }, (h) => {
		let station, outsider, blueprint;
		const S1 = {}; // the main sitting: 4 candidates (all right, some wrong, extended, absent)
		const S2 = {}; // a sitting whose time runs out: 2 candidates (one signs in, one absent)
		const ok = async (p, want, what) => {
			const r = await p;
			assert.equal(r.status, want, `${what}: ${r.text.slice(0, 400)}`);
			return r;
		};
		const signIn = (code) => http(h.server.base, '/api/v1/exam/sign-in', { method: 'POST', json: { code } });
		const as = (token) => (p, o = {}) => http(h.server.base, p, { ...o, headers: { 'X-Exam-Token': token, ...(o.headers || {}) } });
		const view = (token) => as(token)('/api/v1/exam/attempt');
		const save = (token, position, answer) => as(token)(`/api/v1/exam/attempt/answers/${position}`, { method: 'PUT', json: { answer } });
		const submit = (token) => as(token)('/api/v1/exam/attempt/submit', { method: 'POST' });
		const record = async (id) => (await ok(h.api(`/api/v1/attempts/${id}`), 200, `record ${id}`)).json;
		const roster = async (paper) => (await ok(h.api(`/api/v1/papers/${paper}/attempts`), 200, 'roster')).json;
		/* The theory component of an enrolment in the score sheet: its
		 * entry (assessor 0: the exam's) and whether it is locked, with
		 * the tenths and status of both. */
		async function theoryOf(plan, enrolment) {
			const sheet = (await ok(h.api(`/api/v1/plans/${plan}/scores`), 200, 'scores')).json;
			const entry = sheet.entries.find((x) => x.enrolment_id === enrolment && x.component === 'theory');
			const locked = sheet.locked.find((x) => x.enrolment_id === enrolment && x.component === 'theory');
			assert.ok(entry, `a theory entry of ${enrolment}: ${JSON.stringify(sheet)}`);
			assert.equal(entry.assessor_id, 0);
			if (locked) assert.equal(locked.tenths, entry.tenths, 'the locked component is the entry');
			return { locked: !!locked, tenths: locked ? locked.tenths : entry.tenths, status: locked ? locked.status : entry.status };
		}

		/* A plan of the station with n candidates in one room, started
		 * (in progress: marking writes into its score sheet), a paper by
		 * the blueprint sealed, the claim codes drawn. */
		async function sitting(S, n, seed) {
			const api = h.api;
			S.plan = (await ok(api('/api/v1/plans', { method: 'POST', json: { institution_id: station.id, standard_id: station.standard, level: 4, capacity: n } }), 201, 'plan')).json.id;
			S.room = (await ok(api(`/api/v1/plans/${S.plan}/rooms`, { method: 'POST', json: { name: '机考考场', capacity: n } }), 201, 'room')).json.id;
			for (const a of station.assessors.slice(0, 3))
				await ok(api(`/api/v1/plans/${S.plan}/staff`, { method: 'POST', json: { person_id: a, role: 'assessor' } }), 201, 'assessor');
			for (const p of station.proctors)
				await ok(api(`/api/v1/plans/${S.plan}/staff`, { method: 'POST', json: { person_id: p, role: 'proctor', room_id: S.room } }), 201, 'proctor');
			S.candidates = [];
			for (let i = 0; i < n; i++) {
				const c = { name: nextName(), id_number: nextIdNumber() };
				c.person_id = (await ok(api('/api/v1/people', { method: 'POST', json: { name: c.name, id_number: c.id_number, employer: `机床厂${i}`, work_start: '2010-01-01' } }), 201, 'person')).json.id;
				c.enrolment_id = (await ok(api(`/api/v1/plans/${S.plan}/enrolments`, { method: 'POST', json: { person_id: c.person_id, room_id: S.room } }), 201, 'enrolment')).json.id;
				S.candidates.push(c);
			}
			for (const action of ['submit', 'approve', 'start'])
				await ok(api(`/api/v1/plans/${S.plan}/act`, { method: 'POST', json: { action } }), 200, action);
			S.paper = (await ok(api(`/api/v1/plans/${S.plan}/papers`, { method: 'POST', json: { blueprint_id: blueprint, seed } }), 201, 'paper')).json.id;
			await ok(api(`/api/v1/papers/${S.paper}/seal`, { method: 'POST', json: {} }), 200, 'seal');
			S.items = (await ok(api(`/api/v1/papers/${S.paper}`), 200, 'paper')).json.items;
			assert.equal(S.items.length, 10);
			const codes = (await ok(api(`/api/v1/plans/${S.plan}/claim-codes`, { method: 'POST' }), 200, 'claim codes')).json.codes;
			for (const c of S.candidates) c.code = codes.find((x) => x.enrolment_id === c.enrolment_id).code;
		}
		const open = (S, startsAt) => h.api(`/api/v1/papers/${S.paper}/open`, { method: 'POST', json: { starts_at: startsAt } });
		/* The candidate's own account (issue 12), claimed with their code:
		 * a signed-in Session. */
		async function holder(c, username) {
			const password = newPassword();
			await ok(http(h.server.base, '/api/v1/holder/claim', { method: 'POST', json: { code: c.code, name: c.name, id_number: c.id_number, username, password } }), 201, 'claim');
			return login(h.server.base, username, password);
		}

		before(async () => {
			station = await makeStation(h.server, h.api, { assessors: 3 });
			const other = (await createInstitution(h.server.base, { name: uniqueName('另一机考站'), type: 'exam_station', province: '44' }, h.token)).id;
			const o = await makeUser(h.server, 'examoutsider', { role: 'institution_admin', institution: other });
			outsider = { ...o, api: apiAs(h.server.base, o.token) };
			// the center's bank: approved items (by SQL; items.test.mjs takes
			// items through the workflow), 3 of each kind and point, every
			// stem and option its own
			const rows_ = [];
			let n = 0;
			for (const kind of ['single', 'multi', 'tf'])
				for (const point of ['A-01', 'A-02'])
					for (let i = 0; i < 3; i++) {
						n++;
						const opts = kind === 'tf' ? '[]' : JSON.stringify(['甲', '乙', '丙', '丁'].map((x) => `${x}${n}`));
						const key = kind === 'tf' ? 1 + (n % 2) : kind === 'multi' ? [5, 6, 11][i] : 1 << (n % 4);
						rows_.push(`(${station.center}, '${TURNER}', 4, 'EXAM-${engine}-${n}', 1, '${kind}', '${point}', '题干${n}：车削时（ ）。', '${opts}', ${key}, '解析${n}', 'approved', 'writer', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`);
					}
			await sql(h.server, `INSERT INTO exam_item (institution_id, occupation_code, level, ref, version, kind, point, stem, options, answer_key, explanation, status, author, created_at, updated_at) VALUES ${rows_.join(', ')};`);
			blueprint = (await ok(h.api('/api/v1/blueprints', { method: 'POST', json: { institution_id: station.center, doc: BLUEPRINT } }), 201, 'blueprint')).json.id;
			await sitting(S1, 4, '1001');
			await sitting(S2, 2, '2002');
		});

		it('before the sitting starts: sign-in is 409 (the start named), the attempt 401, and no item reaches a candidate', async () => {
			const bodies = [];
			const [a] = S1.candidates;
			// a holder signed in to their own account, without a code: none open
			const absent = await holder(S2.candidates[1], 'examholder2');
			const none = await absent.api('/api/v1/exam/sign-in', { method: 'POST', json: {} });
			bodies.push(none.text);
			assertError(none, 409, 'err.exam.none_open');
			// not opened yet: no sitting to sign in to
			const closed = await signIn(a.code);
			bodies.push(closed.text);
			assert.ok([404, 409].includes(closed.status), closed.text);
			// opened an hour from now: not started, the start instant named
			const later = instant(Date.now() + 3600e3);
			const opened = await ok(open(S1, later), 200, 'open');
			assert.equal(opened.json.id, S1.paper);
			assert.equal(Date.parse(opened.json.starts_at), Date.parse(later));
			assert.equal(opened.json.closed_at ?? '', '');
			const early = await signIn(a.code);
			bodies.push(early.text);
			assertError(early, 409, 'err.exam.not_started');
			assert.equal(Date.parse(early.json.error.reason), Date.parse(later), early.text);
			// an unknown code
			const unknown = await signIn('ABCD-EFGH-JKLM-NPQR');
			bodies.push(unknown.text);
			assertError(unknown, 404, 'err.exam.code_unknown');
			// no token, a made-up one
			for (const tok of [undefined, 'x'.repeat(43), '']) {
				const r = tok === undefined ? await http(h.server.base, '/api/v1/exam/attempt') : await view(tok);
				bodies.push(r.text);
				assertError(r, 401, 'err.exam.token');
				const s = tok === undefined ? await http(h.server.base, '/api/v1/exam/attempt/answers/1', { method: 'PUT', json: { answer: 'A' } }) : await save(tok, 1, 'A');
				bodies.push(s.text);
				assert.equal(s.status, 401, s.text);
			}
			for (const b of bodies) {
				assert.ok(!b.includes('题干') && !b.includes('解析') && !b.includes('EXAM-'), `nothing of the items: ${b}`);
				for (const x of S1.items) assert.ok(!b.includes(x.stem), 'no stem');
			}
			// opening again before anyone signed in moves the start: now
			const moved = await ok(open(S1, instant(Date.now() - 5000)), 200, 'open again');
			S1.startsAt = moved.json.starts_at;
			assert.ok(Date.parse(S1.startsAt) <= Date.now());
			// a draft paper is not opened; outsiders are refused
			assert.equal((await outsider.api(`/api/v1/papers/${S1.paper}/open`, { method: 'POST', json: { starts_at: instant(Date.now()) } })).status, 403);
			const bad = await open(S2, '明天');
			assert.equal(bad.status, 422, bad.text);
			assert.equal(bad.json.error.field, 'starts_at');
		});

		it('signed in: the items in an order of each candidate\'s own, without keys; answers saved and read back; signing in again resumes', async () => {
			const [a, b] = S1.candidates;
			// b signs in to their own account (a holder's): no code needed
			b.sess = await holder(b, 'examholder1');
			for (const c of [a, b]) {
				const r = await ok(c === b ? b.sess.api('/api/v1/exam/sign-in', { method: 'POST', json: {} }) : signIn(c.code), 200, 'sign-in');
				assert.match(r.json.token, /^[A-Za-z0-9_-]{43}$/);
				assert.equal(r.headers.get('cache-control'), 'no-store', 'the token is not kept by a cache');
				assert.ok(r.json.attempt_id > 0);
				c.token = r.json.token;
				c.attempt = r.json.attempt_id;
			}
			assert.notEqual(a.attempt, b.attempt);
			const byStem = new Map(S1.items.map((x) => [x.stem, x]));
			const forms = [];
			for (const c of [a, b]) {
				const v = await ok(view(c.token), 200, 'attempt');
				const f = v.json;
				assert.equal(f.id, c.attempt);
				assert.equal(f.plan_id, S1.plan);
				assert.equal(f.paper_id, S1.paper);
				assert.equal(f.status, 'in_progress');
				assert.equal(f.level, 4);
				assert.equal(f.occupation_name, '车工');
				assert.equal(f.open, true);
				assert.equal(f.nitems, 10);
				assert.equal(f.answered, 0);
				assert.equal(Date.parse(f.deadline), Date.parse(S1.startsAt) + MINUTES * 60e3);
				assert.ok(f.seconds_left > 0 && f.seconds_left <= MINUTES * 60, `${f.seconds_left}`);
				assert.equal(f.items.length, 10);
				assert.deepEqual(f.items.map((x) => x.position), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
				assert.deepEqual(f.items.map((x) => x.kind), KINDS, 'shuffled within each section');
				for (const x of f.items) {
					assert.deepEqual(Object.keys(x).sort(), ['answer', 'kind', 'options', 'position', 'score', 'stem'], 'no key, explanation or ref');
					assert.equal(x.answer, '');
					const orig = byStem.get(x.stem);
					assert.ok(orig, `an item of the paper: ${x.stem}`);
					assert.equal(x.score, orig.score);
					if (x.kind !== 'tf') assert.deepEqual([...x.options].sort(), [...orig.options].sort(), 'the item\'s options');
				}
				assert.ok(!v.text.includes('解析') && !v.text.includes('EXAM-') && !v.text.includes('"key"'), 'no explanation, ref or key');
				forms.push(f.items);
			}
			assert.deepEqual(forms[0].map((x) => x.stem).sort(), forms[1].map((x) => x.stem).sort(), 'the same items');
			assert.notDeepEqual(forms[0].map((x) => [x.stem, x.options]), forms[1].map((x) => [x.stem, x.options]), 'in another order');
			a.form = forms[0];
			b.form = forms[1];

			// answers saved and read back; "" clears one
			const s1 = await ok(save(a.token, 1, 'A'), 200, 'save');
			assert.equal(s1.json.answered, 1);
			assert.equal(Date.parse(s1.json.deadline), Date.parse(S1.startsAt) + MINUTES * 60e3);
			assert.ok(s1.json.seconds_left > 0);
			assert.ok(s1.json.saved_at);
			await ok(save(a.token, 5, 'CA'), 200, 'save multi');
			await ok(save(a.token, 7, 'B'), 200, 'save tf');
			const cleared = await ok(save(a.token, 7, ''), 200, 'clear');
			assert.equal(cleared.json.answered, 2);
			const back = (await view(a.token)).json;
			assert.deepEqual(back.items.map((x) => x.answer), ['A', '', '', '', 'AC', '', '', '', '', ''], 'as saved (letters in order)');
			assert.equal(back.answered, 2);
			assert.deepEqual(back.items.map((x) => [x.stem, x.options]), a.form.map((x) => [x.stem, x.options]), 'the same form read again');

			// sign in again (a browser lost): the same attempt, a new token,
			// the old one refused, the answers kept
			const again = await ok(signIn(a.code), 200, 'sign-in again');
			assert.equal(again.json.attempt_id, a.attempt);
			assert.notEqual(again.json.token, a.token);
			assertError(await view(a.token), 401, 'err.exam.token');
			assert.equal((await save(a.token, 2, 'A')).status, 401);
			const oldToken = a.token;
			a.token = again.json.token;
			const resumed = (await ok(view(a.token), 200, 'resumed')).json;
			assert.deepEqual(resumed.items.map((x) => x.answer), ['A', '', '', '', 'AC', '', '', '', '', '']);
			assert.deepEqual(resumed.items.map((x) => [x.stem, x.options]), a.form.map((x) => [x.stem, x.options]), 'the same order');
			assert.notEqual(oldToken, a.token);
			// the token is not stored as is
			const stored = await sql(h.server, `SELECT * FROM exam_attempt WHERE id = ${a.attempt}`);
			assert.ok(!stored.includes(a.token) && !stored.includes(oldToken), 'only a hash of the token is kept');
		});

		it('a bad answer or position is refused naming the field, and nothing is saved', async () => {
			const [a] = S1.candidates;
			const before_ = (await view(a.token)).json;
			const single = a.form.findIndex((x) => x.kind === 'single') + 1;
			const multi = a.form.findIndex((x) => x.kind === 'multi') + 1;
			const tf = a.form.findIndex((x) => x.kind === 'tf') + 1;
			const beyond = letter(a.form[single - 1].options.length);
			for (const [pos, answer, field] of [
				[single, beyond, 'answer'], [single, 'AB', 'answer'], [single, '1', 'answer'], [multi, 'AZ', 'answer'],
				[tf, 'AB', 'answer'], [0, 'A', 'position'], [11, 'A', 'position'],
			]) {
				const r = await save(a.token, pos, answer);
				assert.equal(r.status, 422, `${pos} ${answer}: ${r.text}`);
				assert.equal(r.json.error.field, field, r.text);
			}
			for (const p of ['x', '-1', '99999999999999999999']) {
				const r = await as(a.token)(`/api/v1/exam/attempt/answers/${p}`, { method: 'PUT', json: { answer: 'A' } });
				assert.ok([404, 422].includes(r.status), `${p}: ${r.text}`);
			}
			const notText = await as(a.token)(`/api/v1/exam/attempt/answers/${single}`, { method: 'PUT', json: { answer: 1 } });
			assert.equal(notText.status, 422, notText.text);
			assert.equal(notText.json.error.field, 'answer');
			// no answer member at all is a mistake, not a clearing
			const noAnswer = await as(a.token)(`/api/v1/exam/attempt/answers/${single}`, { method: 'PUT', json: {} });
			assert.equal(noAnswer.status, 422, noAnswer.text);
			assert.equal(noAnswer.json.error.field, 'answer');
			const after_ = (await view(a.token)).json;
			assert.deepEqual(after_.items.map((x) => x.answer), before_.items.map((x) => x.answer), 'nothing saved');
		});

		it('a token names its own attempt only: another candidate\'s answers are neither seen nor changed', async () => {
			const [a, b] = S1.candidates;
			await ok(save(b.token, 1, 'B'), 200, 'b saves');
			await ok(save(a.token, 1, 'C'), 200, 'a saves');
			const va = (await view(a.token)).json;
			const vb = (await view(b.token)).json;
			assert.equal(va.id, a.attempt);
			assert.equal(vb.id, b.attempt);
			assert.equal(va.items[0].answer, 'C');
			assert.equal(vb.items[0].answer, 'B', 'a\'s save did not touch b\'s attempt');
			assert.deepEqual(vb.items.map((x) => x.stem), b.form.map((x) => x.stem), 'b sees b\'s form');
			// the attempt token is no staff credential: the answer record,
			// the roster and the score sheet are refused
			for (const p of [`/api/v1/attempts/${b.attempt}`, `/api/v1/attempts/${a.attempt}`, `/api/v1/papers/${S1.paper}/attempts`, `/api/v1/plans/${S1.plan}/scores`, `/api/v1/papers/${S1.paper}`]) {
				const r = await as(a.token)(p);
				assert.equal(r.status, 401, `${p}: ${r.text}`);
			}
			// and a staff session has no attempt
			assert.equal((await h.api('/api/v1/exam/attempt')).status, 401);
			// the record of b's attempt, for staff: b's answer, not a's
			const rb = await record(b.attempt);
			assert.equal(rb.attempt.id, b.attempt);
			assert.equal(rb.items[0].answer, 'B');
		});

		it('the proctor: the roster shows who is in and who is absent; time extended with a reason moves that deadline only', async () => {
			const [a, b, c, d] = S1.candidates;
			c.token = (await ok(signIn(c.code), 200, 'c signs in')).json.token;
			c.attempt = (await view(c.token)).json.id;
			const r = await roster(S1.paper);
			assert.equal(r.paper_id, S1.paper);
			assert.equal(Date.parse(r.starts_at), Date.parse(S1.startsAt));
			assert.equal(Date.parse(r.ends_at), Date.parse(S1.startsAt) + MINUTES * 60e3);
			assert.equal(r.closed_at ?? '', '');
			assert.deepEqual([r.in_progress, r.finished, r.absent], [3, 0, 1]);
			assert.deepEqual(r.items.map((x) => x.enrolment_id).sort(), S1.candidates.map((x) => x.enrolment_id).sort());
			const of = (x) => r.items.find((y) => y.enrolment_id === x.enrolment_id);
			assert.equal(of(d).attempt, null, 'd is absent');
			assert.equal(of(a).person_name, a.name);
			assert.ok(!JSON.stringify(r).includes(a.id_number), 'ID numbers masked');
			assert.equal(of(a).room_id, S1.room);
			for (const x of [a, b, c]) {
				const at = of(x).attempt;
				assert.equal(at.id, x.attempt);
				assert.equal(at.status, 'in_progress');
				assert.equal(at.extra_minutes, 0);
				assert.equal(at.overdue, false);
				assert.equal(at.tenths, null);
			}
			assert.equal(of(a).attempt.answered, 2);

			const extend = (attempt, json, paper = S1.paper) => h.api(`/api/v1/papers/${paper}/attempts/${attempt}/extend`, { method: 'POST', json });
			for (const [json, field] of [
				[{ minutes: 10 }, 'reason'], [{ minutes: 10, reason: '' }, 'reason'], [{ minutes: 10, reason: '   ' }, 'reason'],
				[{ minutes: 0, reason: '机器故障' }, 'minutes'], [{ minutes: 121, reason: '机器故障' }, 'minutes'],
				[{ minutes: -5, reason: '机器故障' }, 'minutes'], [{ reason: '机器故障' }, 'minutes'],
			]) {
				const x = await extend(c.attempt, json);
				assert.equal(x.status, 422, `${JSON.stringify(json)}: ${x.text}`);
				assert.equal(x.json.error.field, field, x.text);
			}
			const before_ = (await view(c.token)).json;
			const ext = await ok(extend(c.attempt, { minutes: 10, reason: '机器故障' }), 200, 'extend');
			assert.equal(ext.json.attempt_id, c.attempt);
			assert.equal(ext.json.extra_minutes, 10);
			assert.equal(Date.parse(ext.json.deadline), Date.parse(before_.deadline) + 10 * 60e3);
			const after_ = (await view(c.token)).json;
			assert.equal(Date.parse(after_.deadline), Date.parse(before_.deadline) + 10 * 60e3, 'the candidate sees the new deadline');
			assert.ok(after_.seconds_left > before_.seconds_left);
			assert.equal(Date.parse((await view(a.token)).json.deadline), Date.parse(S1.startsAt) + MINUTES * 60e3, 'the others\' deadlines stay');
			// 120 minutes in all: 10 + 111 is refused, 10 + 5 is 15
			const over = await extend(c.attempt, { minutes: 111, reason: '机器故障' });
			assert.equal(over.status, 422, over.text);
			assert.equal(over.json.error.field, 'minutes');
			const more = await ok(extend(c.attempt, { minutes: 5, reason: '停电' }), 200, 'extend again');
			assert.equal(more.json.extra_minutes, 15);
			const rc = (await roster(S1.paper)).items.find((y) => y.enrolment_id === c.enrolment_id).attempt;
			assert.equal(rc.extra_minutes, 15);
			assert.equal(Date.parse(rc.deadline), Date.parse(S1.startsAt) + (MINUTES + 15) * 60e3);
			// the record keeps the time granted with its reasons
			const rec = await record(c.attempt);
			assert.deepEqual(rec.extensions.map((x) => [x.minutes, x.reason]), [[10, '机器故障'], [5, '停电']]);
			assert.ok(rec.extensions.every((x) => x.granted_by === h.user.name && x.granted_at));
			// an attempt of another paper, an attempt that does not exist: 404
			assert.equal((await extend(c.attempt, { minutes: 5, reason: '机器故障' }, S2.paper)).status, 404);
			assert.equal((await extend(99999999, { minutes: 5, reason: '机器故障' })).status, 404);
			// outsiders
			assert.equal((await outsider.api(`/api/v1/papers/${S1.paper}/attempts`)).status, 403);
			assert.equal((await outsider.api(`/api/v1/papers/${S1.paper}/attempts/${c.attempt}/extend`, { method: 'POST', json: { minutes: 5, reason: '越权' } })).status, 403);
			assert.equal((await outsider.api(`/api/v1/attempts/${c.attempt}`)).status, 403);
			assert.equal((await outsider.api(`/api/v1/papers/${S1.paper}/close`, { method: 'POST', json: {} })).status, 403);
			assert.equal((await roster(S1.paper)).items.find((y) => y.enrolment_id === c.enrolment_id).attempt.extra_minutes, 15, 'nothing changed');
		});

		it('submitted: once (again 409), marked into the theory component, locked, with the total the record\'s keys give', async () => {
			const [a, b] = S1.candidates;
			// a: every answer right (read off the answer record's keys)
			const ra = await record(a.attempt);
			assert.equal(ra.attempt.status, 'in_progress');
			assert.deepEqual(ra.items.map((x) => x.position), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
			assert.deepEqual(ra.items.map((x) => x.stem), a.form.map((x) => x.stem), 'the record in the order shown');
			for (const x of ra.items) {
				const p = S1.items.find((y) => y.item_id === x.item_id);
				assert.ok(p, `item ${x.item_id} of the paper`);
				assert.equal(x.ref, p.ref);
				assert.equal(x.key, p.key);
				await ok(save(a.token, x.position, shownKey(x)), 200, `a ${x.position}`);
			}
			// b: the single-choice items right, the others wrong
			const rb = await record(b.attempt);
			let expectB = 0;
			const bRight = new Set();
			for (const x of rb.items) {
				const nopts = b.form[x.position - 1].options.length;
				const right = x.kind === 'single';
				await ok(save(b.token, x.position, right ? shownKey(x) : shownWrong(x, nopts)), 200, `b ${x.position}`);
				if (right) {
					expectB += x.score;
					bRight.add(x.item_id);
				}
			}
			b.expect = expectB;
			assert.equal(expectB, 400);
			S1.right = new Map([[a.attempt, new Set(ra.items.map((x) => x.item_id))], [b.attempt, bRight]]);

			for (const [c, tenths] of [[a, 1000], [b, expectB]]) {
				const s = await ok(submit(c.token), 200, 'submit');
				assert.equal(s.json.status, 'submitted');
				assert.ok(s.json.finished_at);
				assertError(await submit(c.token), 409, 'err.exam.finished');
				assertError(await save(c.token, 1, 'A'), 409, 'err.exam.finished');
				const v = (await ok(view(c.token), 200, 'after submit')).json;
				assert.equal(v.status, 'submitted');
				assert.equal(v.open, false);
				assert.deepEqual(v.items, []);
				assertError(await signIn(c.code), 409, 'err.exam.finished');
				// the answer record: each item right or not, the total
				const rec = await record(c.attempt);
				assert.equal(rec.attempt.status, 'submitted');
				assert.equal(rec.attempt.tenths, tenths);
				assert.equal(rec.attempt.nright, c === a ? 10 : 4);
				for (const x of rec.items) {
					assert.equal(x.right, c === a || x.kind === 'single', `${x.position} ${x.kind}`);
					assert.ok(x.answer && x.original, 'the answer shown and as the item\'s letters');
					// a right answer is the key in the item's own letters (true/false: A true, B false)
					if (x.right) assert.equal(x.original, x.kind === 'tf' ? { T: 'A', F: 'B' }[x.key] : x.key);
				}
				// the score sheet: the theory component locked with the total
				const th = await theoryOf(S1.plan, c.enrolment_id);
				assert.equal(th.locked, true, JSON.stringify(th));
				assert.equal(th.status, 'present');
				assert.equal(th.tenths, tenths);
			}
			// no more time for a finished attempt
			const late = await h.api(`/api/v1/papers/${S1.paper}/attempts/${a.attempt}/extend`, { method: 'POST', json: { minutes: 5, reason: '机器故障' } });
			assertError(late, 409, 'err.exam.finished');
			// the roster counts them finished, with their totals
			const r = await roster(S1.paper);
			assert.deepEqual([r.in_progress, r.finished, r.absent], [1, 2, 1]);
			assert.equal(r.items.find((y) => y.enrolment_id === a.enrolment_id).attempt.tenths, 1000);
			assert.equal(r.items.find((y) => y.enrolment_id === b.enrolment_id).attempt.tenths, expectB);
			// a locked component takes no mark by hand
			const typed = await h.api(`/api/v1/plans/${S1.plan}/scores`, { method: 'POST', json: { enrolment_id: a.enrolment_id, component: 'theory', score: '50' } });
			assert.ok([409, 422].includes(typed.status), typed.text);
			assert.equal((await theoryOf(S1.plan, a.enrolment_id)).tenths, 1000);
		});

		it('time runs out: a save after the deadline is 409 time_up, the attempt timed out and marked', async () => {
			const [t, absent] = S2.candidates;
			// the sitting's end a few seconds away
			await ok(open(S2, instant(Date.now() - MINUTES * 60e3 + 5000)), 200, 'open S2');
			const si = await ok(signIn(t.code), 200, 'sign-in S2');
			t.token = si.json.token;
			t.attempt = si.json.attempt_id;
			const v = (await view(t.token)).json;
			assert.equal(v.open, true);
			const rec0 = await record(t.attempt);
			const first = rec0.items[0];
			await ok(save(t.token, 1, shownKey(first)), 200, 'a save in time');
			S2.right = new Map([[t.attempt, new Set([first.item_id])]]);
			// wait past the deadline and the grace a save in flight has
			// (15 s, app/exam_attempt.c EXAM_GRACE_S): not a timed
			// assertion, the state after it
			while (Date.now() < Date.parse(v.deadline) + (GRACE_S + 1.5) * 1000) await sleep(250);
			assertError(await save(t.token, 2, 'A'), 409, 'err.exam.time_up');
			const after_ = (await ok(view(t.token), 200, 'after time up')).json;
			assert.equal(after_.status, 'timed_out');
			assert.equal(after_.open, false);
			assert.equal(after_.seconds_left, 0);
			assert.deepEqual(after_.items, []);
			const rec = await record(t.attempt);
			assert.equal(rec.attempt.status, 'timed_out');
			assert.equal(rec.attempt.tenths, first.score, 'marked: the one answer saved in time');
			assert.equal(rec.attempt.nright, 1);
			const th = await theoryOf(S2.plan, t.enrolment_id);
			assert.equal(th.locked, true);
			assert.equal(th.tenths, first.score);
			assertError(await submit(t.token), 409, 'err.exam.finished');
			// the sitting is over: no sign-in (the absent candidate)
			assertError(await signIn(absent.code), 409, 'err.exam.over');
			// closed: nothing left running, the paper closed, the items counted
			const cl = await ok(h.api(`/api/v1/papers/${S2.paper}/close`, { method: 'POST', json: {} }), 200, 'close S2');
			assert.deepEqual([cl.json.finished_now, cl.json.still_running, cl.json.closed], [0, 0, true]);
			assert.equal(cl.json.items_stats, 10);
		});

		it('the sitting closed: attempts past their deadline finished and marked, the items\' statistics stored, no sign-in after', async () => {
			const [a, b, c, d] = S1.candidates;
			// still running: nothing closed
			const early = await ok(h.api(`/api/v1/papers/${S1.paper}/close`, { method: 'POST', json: {} }), 200, 'close early');
			assert.deepEqual([early.json.finished_now, early.json.still_running, early.json.closed], [0, 1, false]);
			assert.equal((await view(c.token)).json.status, 'in_progress');
			await ok(save(c.token, 1, 'A'), 200, 'c still saves');
			// the sitting's time over (an operator waits 90 minutes; a test
			// cannot): its start moved back by SQL, past c's extension too
			const past = instant(Date.now() - (MINUTES + 30) * 60e3);
			await sql(h.server, `UPDATE exam_paper SET starts_at = '${past}' WHERE id = ${S1.paper}`);
			const r0 = await roster(S1.paper);
			assert.equal(r0.items.find((y) => y.enrolment_id === c.enrolment_id).attempt.overdue, true);
			const cl = await ok(h.api(`/api/v1/papers/${S1.paper}/close`, { method: 'POST', json: {} }), 200, 'close');
			assert.deepEqual([cl.json.finished_now, cl.json.still_running, cl.json.closed], [1, 0, true]);
			assert.equal(cl.json.items_stats, 10);
			const rc = await record(c.attempt);
			assert.equal(rc.attempt.status, 'timed_out');
			assert.ok(rc.attempt.tenths >= 0, 'marked');
			const cRight = new Set(rc.items.filter((x) => x.right).map((x) => x.item_id));
			assert.equal(rc.attempt.tenths, rc.items.filter((x) => x.right).reduce((s, x) => s + x.score, 0));
			assert.equal((await theoryOf(S1.plan, c.enrolment_id)).tenths, rc.attempt.tenths);
			assert.equal((await theoryOf(S1.plan, c.enrolment_id)).locked, true);
			const r = await roster(S1.paper);
			assert.ok(r.closed_at, 'closed');
			assert.deepEqual([r.in_progress, r.finished, r.absent], [0, 3, 1]);
			// no sign-in after the close: the absent one and a finished one
			assertError(await signIn(d.code), 409, 'err.exam.over');
			assertError(await signIn(c.code), 409, 'err.exam.over');
			assertError(await save(c.token, 2, 'A'), 409, 'err.exam.finished');

			// the statistics of the paper's items: every marked attempt of
			// every paper that carried the item (S1's three, S2's one)
			const right = new Map([...S1.right, [c.attempt, cRight], ...S2.right]);
			const carried = new Map(); // item -> attempts that carried it
			for (const id of [a.attempt, b.attempt, c.attempt, S2.candidates[0].attempt]) {
				for (const x of (await record(id)).items) {
					if (!carried.has(x.item_id)) carried.set(x.item_id, []);
					carried.get(x.item_id).push(id);
				}
			}
			for (const it_ of S1.items) {
				const g = await ok(h.api(`/api/v1/items/${it_.item_id}`), 200, 'item');
				const st = g.json.statistics;
				const who = carried.get(it_.item_id);
				assert.ok(st, `statistics of ${it_.item_id}: ${g.text}`);
				assert.equal(st.attempts, who.length, `item ${it_.item_id}`);
				const nright = who.filter((id) => right.get(id)?.has(it_.item_id)).length;
				assert.ok(Math.abs(st.p_value - nright / who.length) < 0.0015, `p of ${it_.item_id}: ${st.p_value} vs ${nright}/${who.length}`);
				assert.ok(Array.isArray(st.flags) && st.flags.includes('few'), 'few attempts flagged');
				assert.ok(st.discrimination === null || (st.discrimination >= -1 && st.discrimination <= 1));
				assert.ok(st.computed_at);
			}
			// an item of the bank on no marked paper has none
			const unused = (await sql(h.server, `SELECT id FROM exam_item WHERE institution_id = ${station.center} AND id NOT IN (SELECT item_id FROM exam_paper_item) ORDER BY id LIMIT 1`)).trim();
			if (unused) assert.equal((await h.api(`/api/v1/items/${unused}`)).json.statistics, null);
			// opened again after the close: refused
			assert.equal((await open(S1, instant(Date.now()))).status, 409);
		});

		it('audited: the opening and the close of each sitting; each attempt\'s sign-ins, extensions, submission or time-out; no code or token', async () => {
			const trail = async (type, id) => {
				const r = await ok(h.api(`/api/v1/audit?object_type=${type}&object_id=${id}&limit=100`), 200, 'audit');
				return r.json.items.map((x) => x.action).sort();
			};
			assert.deepEqual(await trail('exam_paper', S1.paper), ['exam.close', 'exam.close', 'exam.open', 'exam.open', 'paper.assemble', 'paper.seal']);
			assert.deepEqual(await trail('exam_paper', S2.paper), ['exam.close', 'exam.open', 'paper.assemble', 'paper.seal']);
			const [a, b, c] = S1.candidates;
			assert.deepEqual(await trail('exam_attempt', a.attempt), ['exam.sign_in', 'exam.sign_in', 'exam.submit']);
			assert.deepEqual(await trail('exam_attempt', b.attempt), ['exam.sign_in', 'exam.submit']);
			assert.deepEqual(await trail('exam_attempt', c.attempt), ['exam.extend', 'exam.extend', 'exam.sign_in', 'exam.time_out']);
			assert.deepEqual(await trail('exam_attempt', S2.candidates[0].attempt), ['exam.sign_in', 'exam.time_out']);
			const all = await ok(h.api('/api/v1/audit?limit=500'), 200, 'audit');
			for (const x of [...S1.candidates, ...S2.candidates]) assert.ok(!all.text.includes(x.code), 'no claim code in the trail');
			for (const x of [a, b, c]) assert.ok(!all.text.includes(x.token), 'no token in the trail');
		});
	});
}
