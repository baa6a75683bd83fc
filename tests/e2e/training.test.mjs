// Training and online courses (社会培训 / 云端课堂, issue 15 part B,
// docs/training.md), end to end on both engines: a course of an
// institution, draft → open → closed one step at a time; an online course's
// lessons (a PDF checked by its magic bytes, an https video link); a worker
// enrolled by the staff or enrolling themself, marking lessons done; the
// hours done, completion refused before the course's hours and confirmed
// after; an in-person course's sessions and attendance; the holder sees
// only their own; and completed training of an occupation feeding the
// standard's {"training_hours": N} route (经本职业正规培训达规定标准学时数)
// on a plan enrolment.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, it } from 'node:test';

import Ajv2019Module from 'ajv/dist/2019.js';
import { compactVerify, createLocalJWKSet, jwtVerify } from 'jose';

import { startWebhookSink, verifySignature } from '../lib/webhook-sink.mjs';
import { TURNER, makeStation, nextIdNumber, nextName, sql } from './certlib.mjs';
import { ROOT, describeWithServer, engines, http, login, makeDataDir, makeUser } from './lib.mjs';

const Ajv2019 = Ajv2019Module.default || Ajv2019Module;
const SCHEMA = path.join(ROOT, 'tests/e2e/standards/ob3-achievementcredential.schema.json');
const pdftotext = (file) => new Promise((resolve, reject) => {
	execFile('pdftotext', ['-layout', file, '-'], { maxBuffer: 64 << 20 }, (e, stdout, stderr) => (e ? reject(new Error(stderr || e.message)) : resolve(stdout)));
});

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

for (const engine of engines()) {
	describeWithServer(`training and online courses [${engine}]`, {
		engine, tag: 'training', user: true,
		args: ['--verify-rate', '0', '--webhook-allow-http', '--webhook-allow-private'],
		env: { SKILLCERT_WEBHOOK_BACKOFF_MS: '200' },
	}, (h) => {
		let station;
		let sink, hook; // the station's webhook on certificate.issued (issue 18)
		let course; // the online course (40 hours: 16 + 24)
		let lessons; // its lesson ids
		const training = {}; // cert: the training certificate {certificate_id, number}
		const people = []; // {id, name, sess?}
		const person = async (who = {}) => {
			const r = await h.api('/api/v1/people', { method: 'POST', json: { name: who.name || nextName(), id_number: who.id_number || nextIdNumber(), employer: '机床厂' } });
			assert.equal(r.status, 201, r.text);
			return r.json.id;
		};
		const holder = async (username) => {
			const who = { name: nextName(), id_number: nextIdNumber() };
			const id = await person(who);
			const u = await makeUser(h.server, username, { role: null, token: false });
			await sql(h.server, `UPDATE app_user SET person_id = ${id} WHERE username = '${username}'`);
			return { id, ...who, sess: await login(h.server.base, u.name, u.password) };
		};

		before(async () => {
			const s = await h.server.cli(['setting', 'set', 'public_url', h.server.base]);
			assert.equal(s.code, 0, s.stderr);
			station = await makeStation(h.server, h.api, { assessors: 0 });
			sink = await startWebhookSink();
			hook = await h.api('/api/v1/webhooks', { method: 'POST', json: { url: sink.url('/issued'), institution_id: station.id, events: ['certificate.issued'] } });
			assert.equal(hook.status, 201, hook.text);
			people.push(await holder('trainee.one'), await holder('trainee.two'));
		});

		after(async () => { if (sink) await sink.close().catch(() => {}); });

		it('a course: each bad field a 422 naming it; created as a draft, audited', async () => {
			const good = { institution_id: station.id, title: '数控车床操作（线上）', occupation_code: TURNER, mode: 'online', hours: 40, target_level: 5 };
			for (const [field, bad] of [['title', ''], ['mode', 'radio'], ['hours', 0], ['occupation_code', '6-18-1-01'], ['target_level', 6], ['institution_id', 0]]) {
				const r = await h.api('/api/v1/training', { method: 'POST', json: { ...good, [field]: bad } });
				assert.equal(r.status, 422, `${field}: ${r.text}`);
				assert.equal(r.json.error.field, field, r.text);
			}
			const r = await h.api('/api/v1/training', { method: 'POST', json: good });
			assert.equal(r.status, 201, r.text);
			course = r.json.id;
			const g = await h.api(`/api/v1/training/${course}`);
			assert.equal(g.status, 200, g.text);
			assert.deepEqual([g.json.status, g.json.mode, g.json.hours, g.json.institution_id], ['draft', 'online', 40, station.id]);
			const audit = await h.api('/api/v1/audit?action=training.course');
			assert.equal(audit.status, 200, audit.text);
			assert.ok(JSON.stringify(audit.json).includes('training.course'), audit.text);
		});

		it('lessons: a PDF by its magic bytes, an https video; an online course opens only with one; one step at a time', async () => {
			const lesson = (json) => h.api(`/api/v1/training/${course}/lessons`, { method: 'POST', json });
			const noLessons = await h.api(`/api/v1/training/${course}/status`, { method: 'POST', json: { status: 'open' } });
			assert.equal(noLessons.status, 422, noLessons.text);
			assert.equal(noLessons.json.error.field, 'status');
			const notPdf = await lesson({ title: '安全操作规程', kind: 'document', filename: 'a.pdf', data: Buffer.from('<html>').toString('base64'), hours: 16 });
			assert.equal(notPdf.status, 422, notPdf.text);
			assert.equal(notPdf.json.error.field, 'file');
			const http1 = await lesson({ title: '视频', kind: 'video', url: 'http://video.example/1', hours: 24 });
			assert.equal(http1.status, 422, http1.text);
			assert.equal(http1.json.error.field, 'url');
			const a = await lesson({ title: '安全操作规程', kind: 'document', filename: '规程.pdf', data: PDF.toString('base64'), hours: 16 });
			assert.equal(a.status, 201, a.text);
			const b = await lesson({ title: '数控编程入门', kind: 'video', url: 'https://video.example/cnc-1', hours: 24 });
			assert.equal(b.status, 201, b.text);
			lessons = [a.json.id, b.json.id];
			const session = await h.api(`/api/v1/training/${course}/sessions`, { method: 'POST', json: { starts_at: '2026-03-01T09:00', ends_at: '2026-03-01T12:00', hours: 3 } });
			assert.equal(session.status, 422, 'an online course has no sessions');
			assert.equal(session.json.error.field, 'mode');
			const closed = await h.api(`/api/v1/training/${course}/status`, { method: 'POST', json: { status: 'closed' } });
			assert.equal(closed.status, 409, 'draft → closed skips a step');
			const open = await h.api(`/api/v1/training/${course}/status`, { method: 'POST', json: { status: 'open' } });
			assert.equal(open.status, 200, open.text);
			const again = await h.api(`/api/v1/training/${course}/status`, { method: 'POST', json: { status: 'open' } });
			assert.equal(again.status, 409, again.text);
		});

		it('enrolment: the staff enrol one, the other enrols themself; once each; the holder sees only their own', async () => {
			const staff = await h.api(`/api/v1/training/${course}/enrolments`, { method: 'POST', json: { person_id: people[0].id } });
			assert.equal(staff.status, 201, staff.text);
			const twice = await h.api(`/api/v1/training/${course}/enrolments`, { method: 'POST', json: { person_id: people[0].id } });
			assert.equal(twice.status, 409, twice.text);
			const before2 = await people[1].sess.api('/api/v1/me/training');
			assert.equal(before2.status, 200, before2.text);
			assert.deepEqual(before2.json.enrolments, []);
			assert.ok(before2.json.open.some((c) => c.id === course), 'an open online course to join');
			const notYet = await people[1].sess.api(`/api/v1/me/training/${course}`);
			assert.equal(notYet.status, 404, 'not enrolled: not theirs to see');
			const self = await people[1].sess.api(`/api/v1/me/training/${course}/enrol`, { method: 'POST' });
			assert.equal(self.status, 201, self.text);
			const mine = await people[1].sess.api('/api/v1/me/training');
			assert.deepEqual(mine.json.enrolments.map((e) => [e.course_id, e.person_id, e.status, e.hours_done]), [[course, people[1].id, 'enrolled', 0]]);
			assert.ok(!mine.json.open.some((c) => c.id === course));
			const staffOnly = await people[1].sess.api(`/api/v1/training/${course}`);
			assert.equal(staffOnly.status, 403, 'a holder reaches no staff endpoint');
		});

		it('lessons done add their hours; completion is refused before the course\'s hours and confirmed after', async () => {
			const w = people[0];
			const first = await w.sess.api(`/api/v1/me/training-lessons/${lessons[0]}/done`, { method: 'POST' });
			assert.equal(first.status, 200, first.text);
			assert.equal(first.json.hours_done, 16);
			const twice = await w.sess.api(`/api/v1/me/training-lessons/${lessons[0]}/done`, { method: 'POST' });
			assert.equal(twice.json.hours_done, 16, 'a lesson counts once');
			const detail = (await h.api(`/api/v1/training/${course}`)).json;
			const enrolment = detail.enrolments.find((e) => e.person_id === w.id);
			const short = await h.api(`/api/v1/training-enrolments/${enrolment.id}/complete`, { method: 'POST' });
			assert.equal(short.status, 422, short.text);
			assert.equal(short.json.error.field, 'hours_done');
			const view = await w.sess.api(`/api/v1/me/training/${course}`);
			assert.equal(view.status, 200, view.text);
			assert.deepEqual(view.json.lessons.map((l) => [l.title, l.done]), [['安全操作规程', true], ['数控编程入门', false]]);
			const second = await w.sess.api(`/api/v1/me/training-lessons/${lessons[1]}/done`, { method: 'POST' });
			assert.equal(second.json.hours_done, 40);
			const done = await h.api(`/api/v1/training-enrolments/${enrolment.id}/complete`, { method: 'POST' });
			assert.equal(done.status, 200, done.text);
			const after = (await w.sess.api('/api/v1/me/training')).json.enrolments[0];
			assert.equal(after.status, 'completed');
			assert.match(after.completed_on, /^\d{4}-\d\d-\d\d$/);
			const late = await w.sess.api(`/api/v1/me/training-lessons/${lessons[1]}/done`, { method: 'POST' });
			assert.equal(late.status, 409, late.text);
			const again = await h.api(`/api/v1/training-enrolments/${enrolment.id}/complete`, { method: 'POST' });
			assert.equal(again.status, 409, again.text);
		});

		it('a lesson\'s PDF: to the staff and to an enrolled holder, the same bytes; not to another holder', async () => {
			const staff = await http(h.server.base, `/api/v1/training-lessons/${lessons[0]}/file`, { headers: { Authorization: `Bearer ${h.token}` } });
			assert.equal(staff.status, 200);
			assert.equal(staff.headers.get('content-type'), 'application/pdf');
			assert.equal(staff.text, PDF.toString('latin1'));
			const mine = await people[0].sess.get(`/api/v1/training-lessons/${lessons[0]}/file`);
			assert.equal(mine.status, 200);
			const stranger = await holder('trainee.three');
			const other = await stranger.sess.get(`/api/v1/training-lessons/${lessons[0]}/file`);
			assert.equal(other.status, 404, 'not enrolled: no file');
			const video = await h.api(`/api/v1/training-lessons/${lessons[1]}/file`);
			assert.equal(video.status, 404, 'a video has no file');
			const notMine = await stranger.sess.api(`/api/v1/me/training-lessons/${lessons[0]}/done`, { method: 'POST' });
			assert.equal(notMine.status, 404, notMine.text);
		});

		it('the training certificate (培训证书): only once completed, once; numbered PX…, level 0, the line training', async () => {
			const detail = (await h.api(`/api/v1/training/${course}`)).json;
			const done = detail.enrolments.find((e) => e.person_id === people[0].id);
			const open = detail.enrolments.find((e) => e.person_id === people[1].id);
			const early = await h.api(`/api/v1/training-enrolments/${open.id}/certificate`, { method: 'POST' });
			assert.equal(early.status, 422, early.text);
			assert.equal(early.json.error.field, 'status');
			const r = await h.api(`/api/v1/training-enrolments/${done.id}/certificate`, { method: 'POST' });
			assert.equal(r.status, 201, r.text);
			assert.match(r.json.number, new RegExp(`^PX${new Date().getUTCFullYear()}\\d{6}$`));
			training.cert = r.json;
			const again = await h.api(`/api/v1/training-enrolments/${done.id}/certificate`, { method: 'POST' });
			assert.equal(again.status, 409, again.text);
			// certificate.issued reaches the station's webhook, signed, once issued
			const ofIt = (g) => g.json?.type === 'certificate.issued' && g.json.data.certificate_id === r.json.certificate_id;
			await sink.until((got) => got.some(ofIt), 20000, 'certificate.issued');
			const ev = sink.got.find(ofIt);
			verifySignature(ev.headers['skillcert-signature'], ev.body, hook.json.secret);
			assert.deepEqual([ev.json.data.number, ev.json.data.status, ev.json.data.level, ev.json.data.institution_id, ev.json.data.plan_id],
				[r.json.number, 'valid', 0, station.id, null]);
			assert.equal(ev.json.data.occupation_code, TURNER);
			const cert = (await h.api(`/api/v1/certificates/${r.json.certificate_id}`)).json;
			assert.deepEqual([cert.line, cert.level, cert.number, cert.holder_name, cert.status], ['training', 0, r.json.number, people[0].name, 'valid']);
			assert.match(cert.level_name, /^培训证书 · 数控车床操作（线上）$/);
			const mine = (await people[0].sess.api('/api/v1/me/training')).json.enrolments[0];
			assert.equal(mine.certificate_number, r.json.number);
			const certs = (await people[0].sess.api('/api/v1/me/certificates')).json.certificates;
			assert.deepEqual(certs.map((x) => [x.number, x.line, x.level]), [[r.json.number, 'training', 0]]);
			// never a skill level: no skill-upgrade subsidy
			const sub = await h.api(`/api/v1/certificates/${r.json.certificate_id}/subsidy`);
			assert.equal(sub.status, 422, sub.text);
		});

		it('its credential: an OB 3.0 AchievementCredential of a Course, verified by jose, valid against the schema', async () => {
			const r = await h.api(`/api/v1/certificates/${training.cert.certificate_id}/credential`);
			assert.equal(r.status, 200, r.text);
			const jws = r.text.trim();
			const keys = createLocalJWKSet(JSON.parse((await http(h.server.base, '/.well-known/jwks.json')).text));
			const { payload } = await compactVerify(jws, keys);
			await jwtVerify(jws, keys, { typ: 'vc+jwt', algorithms: ['EdDSA'] });
			const cred = JSON.parse(Buffer.from(payload).toString('utf8'));
			const ajv = new Ajv2019({ validateFormats: false, allErrors: true, strict: false });
			const validate = ajv.compile(JSON.parse(fs.readFileSync(SCHEMA, 'utf8')));
			assert.ok(validate(cred), JSON.stringify(validate.errors, null, 1));
			assert.equal(cred.name, '培训证书');
			assert.equal(cred.issuer.id, `${h.server.base}/institutions/${station.id}`);
			const a = cred.credentialSubject.achievement;
			assert.deepEqual([a.achievementType, a.name, a.id, a.humanCode], ['Course', '数控车床操作（线上）', `${h.server.base}/training/${course}`, TURNER]);
			assert.equal(a.description, '培训证书：数控车床操作（线上）（40学时）');
			assert.match(a.criteria.narrative, /40学时/);
			assert.doesNotMatch(JSON.stringify(cred), /occupations\/[^"]*\/levels\//, 'no level\'s achievement');
			assert.ok(!JSON.stringify(cred).includes(people[0].id_number.slice(-6)), 'nothing of the ID number');
		});

		it('its PDF (培训证书: the holder, the course, the hours, the institution) and the public verification', async () => {
			const res = await fetch(`${h.server.base}/api/v1/certificates/${training.cert.certificate_id}/certificate.pdf`, { headers: { Authorization: `Bearer ${h.token}` } });
			assert.equal(res.status, 200);
			const dir = makeDataDir('trainingpdf');
			const file = path.join(dir, `training-${engine}.pdf`);
			fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
			const text = (await pdftotext(file)).replace(/[ \t]+/g, ' ');
			for (const want of ['培训证书', people[0].name, '数控车床操作（线上）', '40学时', station.name, training.cert.number])
				assert.ok(text.includes(want), `the training certificate shows ${want}:\n${text}`);
			assert.ok(!text.includes(people[0].id_number), 'no ID number printed');
			fs.rmSync(dir, { recursive: true, force: true });
			const q = new URLSearchParams({ number: training.cert.number, name: people[0].name });
			const v = await http(h.server.base, `/api/v1/verify?${q}`);
			assert.equal(v.status, 200, v.text);
			assert.deepEqual([v.json.certificates[0].number, v.json.certificates[0].status, v.json.certificates[0].line], [training.cert.number, 'valid', 'training']);
			const page = await http(h.server.base, `/verify?${q}&lang=en`);
			assert.equal(page.status, 200);
			assert.ok(page.text.includes('Training certificate'), 'the card names the line');
		});

		it('in person: sessions, attendance counts its hours, absence does not; no self-enrolment', async () => {
			const c = await h.api('/api/v1/training', { method: 'POST', json: { institution_id: station.id, title: '普通车工实训', occupation_code: TURNER, mode: 'in_person', hours: 6 } });
			assert.equal(c.status, 201, c.text);
			const id = c.json.id;
			const s = (json) => h.api(`/api/v1/training/${id}/sessions`, { method: 'POST', json });
			const bad = await s({ starts_at: '2026-03-01 09:00', ends_at: '2026-03-01T12:00', hours: 3 });
			assert.equal(bad.status, 422);
			assert.equal(bad.json.error.field, 'starts_at');
			const backwards = await s({ starts_at: '2026-03-01T09:00', ends_at: '2026-03-01T08:00', hours: 3 });
			assert.equal(backwards.json.error.field, 'ends_at');
			const s1 = (await s({ starts_at: '2026-03-01T09:00', ends_at: '2026-03-01T12:00', room: '实训车间', hours: 3 })).json.id;
			const s2 = (await s({ starts_at: '2026-03-02T09:00', ends_at: '2026-03-02T12:00', room: '实训车间', hours: 3 })).json.id;
			const early = await h.api(`/api/v1/training/${id}/enrolments`, { method: 'POST', json: { person_id: people[1].id } });
			assert.equal(early.status, 409, 'a draft takes no enrolment');
			assert.equal((await h.api(`/api/v1/training/${id}/status`, { method: 'POST', json: { status: 'open' } })).status, 200);
			const self = await people[1].sess.api(`/api/v1/me/training/${id}/enrol`, { method: 'POST' });
			assert.equal(self.status, 422, 'in person: the institution enrols');
			assert.equal(self.json.error.field, 'mode');
			const e = (await h.api(`/api/v1/training/${id}/enrolments`, { method: 'POST', json: { person_id: people[1].id } })).json.id;
			const at = (session, present) => h.api(`/api/v1/training-enrolments/${e}/attendance`, { method: 'POST', json: { session_id: session, present } });
			assert.equal((await at(s1, true)).json.hours_done, 3);
			assert.equal((await at(s2, false)).json.hours_done, 3, 'absent: nothing counted');
			const foreign = await at(999999, true);
			assert.equal(foreign.status, 422);
			assert.equal(foreign.json.error.field, 'session_id');
			assert.equal((await h.api(`/api/v1/training-enrolments/${e}/complete`, { method: 'POST' })).status, 422);
			assert.equal((await at(s2, true)).json.hours_done, 6, 'corrected to present');
			assert.equal((await h.api(`/api/v1/training-enrolments/${e}/complete`, { method: 'POST' })).status, 200);
			const detail = (await h.api(`/api/v1/training/${id}`)).json;
			assert.deepEqual(detail.attendance.map((a) => [a.session_id, a.present]), [[s1, true], [s2, true]]);
			assert.equal((await h.api(`/api/v1/training/${id}/status`, { method: 'POST', json: { status: 'closed' } })).status, 200);
			const closed = await s({ starts_at: '2026-03-03T09:00', ends_at: '2026-03-03T12:00', hours: 3 });
			assert.equal(closed.status, 409, 'a closed course takes nothing more');
		});

		it('the pages: a refused form comes back 422 with the reason; an in-person course run from /training/{id}; the holder\'s /me/training', async () => {
			const staff = await login(h.server.base, h.user.name, h.user.password);
			const list = await staff.get('/training');
			assert.equal(list.status, 200);
			assert.ok(list.text.includes(`href="/training/${course}"`), 'the online course is listed');
			const bad = await staff.post('/training', { institution_id: String(station.id), title: '面授钳工', mode: 'in_person', hours: '0' });
			assert.equal(bad.status, 422);
			assert.match(bad.text, /学时须为 1 至 2000 的整数/);
			const made = await staff.post('/training', { institution_id: String(station.id), title: '面授钳工', mode: 'in_person', hours: '3' });
			assert.equal(made.status, 303, made.text.slice(0, 300));
			const id = Number(made.headers.get('location').split('/').pop());
			await staff.get(`/training/${id}`);
			const late = await staff.post(`/training/${id}/act`, { action: 'session', starts_at: '2026-04-01T09:00', ends_at: '2026-04-01T08:00', hours: '3', room: '' });
			assert.equal(late.status, 422);
			assert.match(late.text, /晚于开始时间/);
			assert.equal((await staff.post(`/training/${id}/act`, { action: 'session', starts_at: '2026-04-01T09:00', ends_at: '2026-04-01T12:00', hours: '3', room: '钳工车间' })).status, 303);
			assert.equal((await staff.post(`/training/${id}/act`, { action: 'open' })).status, 303);
			assert.equal((await staff.post(`/training/${id}/act`, { action: 'enrol', person_id: String(people[1].id) })).status, 303);
			const again = await staff.post(`/training/${id}/act`, { action: 'enrol', person_id: String(people[1].id) });
			assert.equal(again.status, 409);
			const d = (await h.api(`/api/v1/training/${id}`)).json;
			const e = d.enrolments[0].id;
			const early = await staff.post(`/training-enrolments/${e}/act`, { action: 'complete' });
			assert.equal(early.status, 422);
			assert.match(early.text, /尚未达到课程规定学时/);
			assert.equal((await staff.post(`/training-enrolments/${e}/act`, { action: 'attend', session_id: String(d.session_list[0].id), present: '1' })).status, 303);
			assert.equal((await staff.post(`/training-enrolments/${e}/act`, { action: 'complete' })).status, 303);
			assert.equal((await staff.post(`/training-enrolments/${e}/act`, { action: 'certify' })).status, 303);
			const page = await staff.get(`/training/${id}?lang=en`);
			assert.match(page.text, /<a class="cert-number" href="\/certificates\/\d+">PX\d{10}<\/a>/);
			assert.match(page.text, /Completed/);
			// the holder: their courses, the in-person one among them; another's is not there
			const mine = await people[1].sess.get('/me/training');
			assert.equal(mine.status, 200);
			assert.ok(mine.text.includes('面授钳工') && mine.text.includes('数控车床操作（线上）'));
			assert.equal((await people[1].sess.get(`/me/training/${id}`)).status, 200);
			assert.equal((await people[0].sess.get(`/me/training/${id}`)).status, 404, 'not enrolled there');
			assert.equal((await people[0].sess.get('/training')).status, 403, 'a holder reaches no staff page');
		});

		it('an institution admin elsewhere manages none of it', async () => {
			const other = await h.api('/api/v1/institutions', { method: 'POST', json: { name: `别处培训中心${process.pid}${engine}`, type: 'exam_site', province: '11' } });
			assert.equal(other.status, 201, other.text);
			const admin = await makeUser(h.server, `tadmin.${engine}`, { role: 'institution_admin', institution: other.json.id });
			const api = (p, o = {}) => http(h.server.base, p, { ...o, headers: { Authorization: `Bearer ${admin.token}` } });
			assert.equal((await api(`/api/v1/training/${course}`)).status, 403);
			assert.equal((await api(`/api/v1/training/${course}/enrolments`, { method: 'POST', json: { person_id: people[0].id } })).status, 403);
			assert.equal((await api('/api/v1/training', { method: 'POST', json: { institution_id: station.id, title: 'x', mode: 'online', hours: 1 } })).status, 403);
			const list = await api('/api/v1/training');
			assert.equal(list.status, 200, list.text);
			assert.deepEqual(list.json.items, [], 'courses of other institutions are not listed');
			assert.ok((await h.api('/api/v1/training')).json.items.some((c) => c.id === course));
		});

		it('completed training of the occupation feeds {"training_hours": N}: a plan enrolment passes with 40 hours, fails with none', async () => {
			// 车工 五级 by training alone: 40 hours (the standard's definition changed in place)
			const std = (await h.api(`/api/v1/standards/${station.standard}`)).json;
			const def = std.definition;
			def.levels['5'].routes = [{ id: '5-t', text: '经本职业正规培训达规定标准学时数。', conditions: [{ training_hours: 40 }] }];
			await sql(h.server, `UPDATE standard SET definition = '${JSON.stringify(def).replace(/'/g, "''")}' WHERE id = ${station.standard}`);
			const elig = (hours) => http(h.server.base, `/api/v1/standards/${station.standard}/eligibility`, { method: 'POST', json: { level: 5, training_hours: hours } });
			const short = await elig(39);
			assert.equal(short.status, 200, short.text);
			assert.equal(short.json.eligible, false);
			assert.deepEqual([short.json.routes[0].key, short.json.routes[0].required, short.json.routes[0].actual], ['elig.training_hours.short', 40, 39]);
			assert.equal((await elig(40)).json.eligible, true);
			const plan = await h.api('/api/v1/plans', { method: 'POST', json: { institution_id: station.id, standard_id: station.standard, level: 5, capacity: 5 } });
			assert.equal(plan.status, 201, plan.text);
			const trained = await h.api(`/api/v1/plans/${plan.json.id}/enrolments`, { method: 'POST', json: { person_id: people[0].id } });
			assert.equal(trained.status, 201, `40 hours of 车工 training completed: ${trained.text}`);
			const untrained = await h.api(`/api/v1/plans/${plan.json.id}/enrolments`, { method: 'POST', json: { person_id: await person() } });
			assert.equal(untrained.status, 422, untrained.text);
			// the in-person 6 hours of people[1] are not enough
			const six = await h.api(`/api/v1/plans/${plan.json.id}/enrolments`, { method: 'POST', json: { person_id: people[1].id } });
			assert.equal(six.status, 422, six.text);
		});

		it('the CLI: list, show, create (refusals name the option\'s field), enrol, withdraw', async () => {
			const list = await h.server.cli(['training', 'list']);
			assert.equal(list.code, 0, list.stderr);
			assert.match(list.stdout, new RegExp(`^${course}\\topen\\tonline\\t${TURNER}\\t40\\t数控车床操作（线上）$`, 'm'));
			const show = await h.server.cli(['training', 'show', String(course)]);
			assert.equal(show.code, 0, show.stderr);
			const j = JSON.parse(show.stdout);
			assert.equal(j.lesson_list.length, 2);
			assert.equal(j.enrolments.length, 2);
			const bad = await h.server.cli(['training', 'create', '--institution', String(station.id), '--title', 'x', '--hours', '0']);
			assert.notEqual(bad.code, 0);
			assert.match(bad.stderr, /hours/);
			const made = await h.server.cli(['training', 'create', '--institution', String(station.id), '--title', '钳工基础', '--hours', '8', '--mode', 'in_person']);
			assert.equal(made.code, 0, made.stderr);
			const id = made.stdout.trim();
			assert.equal((await h.server.cli(['training', 'open', id])).code, 0);
			const en = await h.server.cli(['training', 'enrol', id, '--person', String(people[0].id)]);
			assert.equal(en.code, 0, en.stderr);
			const w = await h.server.cli(['training', 'withdraw', en.stdout.trim()]);
			assert.equal(w.code, 0, w.stderr);
			const again = await h.server.cli(['training', 'withdraw', en.stdout.trim()]);
			assert.notEqual(again.code, 0);
		});
	});
}
