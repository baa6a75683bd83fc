// A competition brought to its results (issue 13), for the suites that
// start from there (the award certificates'): an organiser station, a
// machinery-class2 competition with one employee event, confirmed
// entries of that station's people, three judges and a chief judge, every
// mark imported as the CIS's sheet, theory scores, every module locked,
// and the results notice open (then final, when asked: the notice ended
// by SQL, as competition_marks.test.mjs does).
import assert from 'node:assert/strict';

import { TURNER, idNumber, makeStation, nextName, sql } from './certlib.mjs';

let seq = 0;

const ok = async (p, status = 200) => {
	const r = await p;
	assert.equal(r.status, status, r.text);
	return r.json;
};

/* A person of institution inst (a fresh name and ID number). */
export async function compPerson(api, inst, birth = '19950101', employer = '甲机床厂') {
	const name = nextName();
	const id_number = idNumber(birth, 700 + ++seq);
	const r = await api('/api/v1/people', { method: 'POST', json: { name, id_number, institution_id: inst, employer } });
	assert.equal(r.status, 201, r.text);
	return { id: r.json.id, name, id_number };
}

/*
 * The competition: { comp, event, station, entries (ids, best first),
 * people (the contestants, best first) }. opts: name, entrants (2..6),
 * final (bring it to final), station (an existing organiser), center
 * (the center organises it: no organiser; the station nominates).
 */
export async function resultsCompetition(h, { name = '全国机械行业职业技能竞赛（获奖）', entrants = 4, final = false, station, center = false } = {}) {
	const api = (p, o) => h.api(p, o);
	const st = station || (await makeStation(h.server, api, { assessors: 0 }));
	const people = [];
	for (let i = 0; i < entrants; i++) people.push(await compPerson(api, st.id, `1996010${i + 1}`));
	const comp = (await ok(api('/api/v1/competitions', {
		method: 'POST',
		json: {
			name, tier: 'national_class2', year: 2026, ...(center ? {} : { organiser_id: st.id }), approval_doc: '机械技能〔2026〕12号',
			starts_on: '2026-10-10', ends_on: '2026-10-12', venue: '洛阳', document_code: 'machinery-class2',
		},
	}), 201)).id;
	const event = (await ok(api(`/api/v1/competitions/${comp}/events`, { method: 'POST', json: { occupation_code: TURNER, group: 'employee' } }), 201)).id;
	await ok(api(`/api/v1/competitions/${comp}/act`, { method: 'POST', json: { action: 'open' } }));
	const entries = [];
	for (const who of people) {
		const e = (await ok(api(`/api/v1/competition-events/${event}/entries`, { method: 'POST', json: { institution_id: st.id, person_ids: [who.id] } }), 201)).id;
		await ok(api(`/api/v1/competition-entries/${e}/confirm`, { method: 'POST', json: {} }));
		entries.push(e);
	}
	for (const role of ['judge', 'judge', 'judge', 'chief_judge']) {
		const j = await compPerson(api, st.id, '19750101', '裁判中心');
		await ok(api(`/api/v1/competition-events/${event}/judges`, { method: 'POST', json: { person_id: j.id, role } }), 201);
	}
	for (const action of ['close', 'mark'])
		await ok(api(`/api/v1/competitions/${comp}/act`, { method: 'POST', json: { action } }));
	// the first entry best, each next one a little worse: places 1, 2, 3, …
	const lines = ['entry_id,aspect,value,j1,j2,j3'];
	entries.forEach((e, i) => {
		const m = Math.max(0, 3 - i);
		for (const a of ['A1', 'A3', 'B3']) lines.push(`${e},${a},${i < 3 ? 1 : 0},,,`);
		lines.push(`${e},A2,${[0.005, 0.015, 0.04][i] ?? 0.1},,,`, `${e},B1,,${m},${m},${m}`, `${e},B2,,${m},${m},${m}`);
	});
	await ok(api(`/api/v1/competition-events/${event}/marks-import`, { method: 'POST', body: lines.join('\n'), headers: { 'Content-Type': 'text/csv' } }));
	for (const [i, e] of entries.entries())
		await ok(api(`/api/v1/competition-events/${event}/theory`, { method: 'POST', json: { entry_id: e, score: String(95 - 10 * i) } }));
	for (const module of ['A', 'B', 'theory'])
		await ok(api(`/api/v1/competition-events/${event}/lock`, { method: 'POST', json: { module } }));
	await ok(api(`/api/v1/competitions/${comp}/act`, { method: 'POST', json: { action: 'notice' } }));
	const out = { comp, event, station: st, entries, people };
	if (final) await finalise(h, comp);
	return out;
}

/* Ends the results notice of comp (by SQL) and takes the step final. */
export async function finalise(h, comp) {
	await sql(h.server, `UPDATE competition SET notice_end = '2000-01-01' WHERE id = ${Number(comp)}`);
	await ok(h.api(`/api/v1/competitions/${comp}/act`, { method: 'POST', json: { action: 'final' } }));
}
