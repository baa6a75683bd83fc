/*
 * exam.js - the candidate's online exam (section#exam, web/exam.c); the
 * page works without it (its form saves every answer at once).
 *
 * 1. Every change of an item is saved at once: PUT
 *    /api/v1/exam/attempt/answers/{position} {"answer"} with the attempt's
 *    token (data-token) in X-Exam-Token. Each item says saving / saved /
 *    not saved, and the header counts the items answered.
 * 2. Nothing is lost: an answer the server has not acknowledged is kept
 *    in localStorage (one key per attempt) and sent again on load, when
 *    the browser is back online and every few seconds while any is
 *    waiting; a page reloaded after a crash shows the kept answers, not
 *    the older ones the server rendered.
 * 3. The countdown runs from the server's figures (data-seconds-left),
 *    set again from each save's seconds_left (an extension moves it) and
 *    from the attempt every minute. At 0 the attempt is read once more
 *    (time may have been granted); if it is still up the exam is handed
 *    in and the page reloaded. The hand-in button asks first (data-confirm),
 *    sends what is waiting, POSTs submit, reloads.
 *
 * The texts come from the page (data- attributes), which takes them from
 * the message catalog in the candidate's language.
 */
'use strict';

(function () {
	const root = document.getElementById('exam');
	if (!root) return;
	const form = root.querySelector('form.exam-form');
	const token = root.dataset.token;
	const storeKey = 'skillcert.exam.' + root.dataset.attempt;
	const nitems = Number(root.dataset.nitems) || 0;
	const clock = document.getElementById('exam-clock');
	const count = document.getElementById('exam-count');
	const net = document.getElementById('exam-net');
	const API = '/api/v1/exam/attempt';
	let endsAt = Date.now() + Number(root.dataset.secondsLeft || 0) * 1000;
	let finishing = false;

	/* ---- what is waiting: {position: answer} in localStorage ---- */

	function pending() {
		try {
			return JSON.parse(window.localStorage.getItem(storeKey) || '{}') || {};
		} catch (e) {
			return {};
		}
	}

	function keep(p) {
		try {
			if (Object.keys(p).length) window.localStorage.setItem(storeKey, JSON.stringify(p));
			else window.localStorage.removeItem(storeKey);
		} catch (e) {
			/* private mode or full: the server still has every acknowledged answer */
		}
	}

	/* ---- an item ---- */

	function item(pos) {
		return root.querySelector('fieldset.exam-item[data-pos="' + pos + '"]');
	}

	function answerOf(fs) {
		const picked = Array.from(fs.querySelectorAll('input:checked')).map((i) => i.value);
		return picked.sort().join('');
	}

	function setAnswer(fs, answer) {
		for (const i of fs.querySelectorAll('input')) i.checked = answer.includes(i.value);
	}

	function state(fs, kind) {
		const s = fs.querySelector('.qstate');
		fs.dataset.state = kind;
		s.textContent = kind ? root.dataset[kind] : '';
	}

	function answeredNow() {
		let n = 0;
		for (const fs of root.querySelectorAll('fieldset.exam-item')) if (answerOf(fs)) n++;
		return n;
	}

	function showCount(n) {
		count.textContent = root.dataset.answeredText.replace('{n}', n + '/' + nitems);
	}

	/* ---- the clock ---- */

	function secondsLeft() {
		return Math.max(0, Math.round((endsAt - Date.now()) / 1000));
	}

	function resync(s) {
		if (typeof s === 'number' && s >= 0) endsAt = Date.now() + s * 1000;
	}

	function two(n) {
		return (n < 10 ? '0' : '') + n;
	}

	function tick() {
		const s = secondsLeft();
		const h = Math.floor(s / 3600);
		const m = Math.floor((s % 3600) / 60);
		clock.textContent = (h ? h + ':' + two(m) : String(m)) + ':' + two(s % 60);
		root.classList.toggle('last-minutes', s <= 300);
		if (s === 0 && !finishing) timeUp();
	}

	/* ---- talking to the server ---- */

	function call(method, path, body) {
		const headers = { 'X-Exam-Token': token, Accept: 'application/json' };
		if (body !== undefined) headers['Content-Type'] = 'application/json';
		// the token is the candidate's only credential: no cookie goes
		// along (a holder's or staff session would ask for a CSRF token)
		return fetch(path, {
			method, headers, credentials: 'omit', cache: 'no-store',
			body: body === undefined ? undefined : JSON.stringify(body),
		}).then((r) => r.json().then((j) => ({ status: r.status, j }), () => ({ status: r.status, j: null })));
	}

	const inFlight = {}; // position -> the save on its way

	/* Sends the answer waiting at pos, if any. One save of an item at a
	 * time: two on their way could arrive in the wrong order, the older
	 * answer last; a change meanwhile is sent once the one on its way is
	 * answered. */
	function send(pos) {
		if (inFlight[pos]) return inFlight[pos].then(() => send(pos));
		const p = pending();
		if (!(pos in p) || finishing) return Promise.resolve();
		const answer = p[pos];
		const fs = item(pos);
		if (fs) state(fs, 'saving');
		inFlight[pos] = call('PUT', API + '/answers/' + pos, { answer }).then(({ status, j }) => {
			delete inFlight[pos];
			const now = pending();
			if (status === 200) {
				if (now[pos] === answer) {
					delete now[pos];
					keep(now);
				}
				resync(j && j.seconds_left);
				if (fs) state(fs, pos in now ? 'pending' : 'saved');
				if (j && typeof j.answered === 'number' && !Object.keys(now).length) showCount(j.answered);
				if (pos in now) return send(pos); // changed meanwhile
				return undefined;
			}
			if (status === 401 || status === 409) {
				// signed in elsewhere, handed in, or the time is up: the
				// server's page says which
				if (status === 409) keep({});
				finish(false);
				return undefined;
			}
			if (status === 422) {
				// refused (not an answer to this item): not sent again
				if (now[pos] === answer) {
					delete now[pos];
					keep(now);
				}
				if (pos in now) return send(pos); // changed meanwhile
				if (fs) {
					state(fs, 'failed');
					if (j && j.error && j.error.message) fs.querySelector('.qstate').textContent = j.error.message;
				}
				return undefined;
			}
			// 429, 5xx: kept, sent again later
			if (fs) state(fs, 'failed');
			return undefined;
		}, () => {
			delete inFlight[pos];
			if (fs) state(fs, 'failed');
			net.textContent = root.dataset.failed;
		});
		return inFlight[pos];
	}

	function flush() {
		const p = pending();
		const all = Object.keys(p).map((pos) => send(pos));
		return Promise.all(all).then(() => {
			if (!Object.keys(pending()).length) net.textContent = '';
		});
	}

	function finish(submit) {
		if (finishing) return;
		finishing = true;
		const done = () => window.location.reload();
		if (!submit) {
			done();
			return;
		}
		call('POST', API + '/submit').then(({ status }) => {
			if (status === 200 || status === 409 || status === 401) keep({});
			done();
		}, done);
	}

	function timeUp() {
		// time may have been granted meanwhile: ask once more
		finishing = true;
		call('GET', API).then(({ status, j }) => {
			finishing = false;
			if (status === 200 && j && j.status === 'in_progress' && j.seconds_left > 0) {
				resync(j.seconds_left);
				return;
			}
			net.textContent = root.dataset.timeUp;
			finish(status === 200 && j && j.status === 'in_progress');
		}, () => {
			finishing = false;
			endsAt = Date.now() + 5000; // the network is down: try again shortly
		});
	}

	/* ---- wiring ---- */

	// the script asks before handing in: the form's box is not needed
	const box = root.querySelector('.exam-confirm');
	if (box) box.hidden = true;

	// answers kept from before a crash or a cut: shown and sent again
	const kept = pending();
	for (const pos of Object.keys(kept)) {
		const fs = item(pos);
		if (!fs) continue;
		setAnswer(fs, kept[pos]);
		state(fs, 'pending');
	}
	showCount(answeredNow());

	form.addEventListener('change', (e) => {
		const fs = e.target.closest('fieldset.exam-item');
		if (!fs || finishing) return;
		const p = pending();
		p[fs.dataset.pos] = answerOf(fs);
		keep(p);
		state(fs, 'pending');
		showCount(answeredNow());
		send(fs.dataset.pos);
	});

	form.addEventListener('submit', (e) => {
		e.preventDefault();
		const b = e.submitter;
		if (!b || b.name !== 'submit') {
			flush();
			return;
		}
		const blank = answeredNow() < nitems;
		if (!window.confirm(root.dataset[blank ? 'confirmBlank' : 'confirm'])) return;
		flush().then(() => finish(true), () => finish(true));
	});

	window.addEventListener('online', () => flush());
	// what is waiting is tried again every few seconds; the clock is set
	// again from the server every minute (an extension shows)
	setInterval(() => {
		if (Object.keys(pending()).length) flush();
	}, 5000);
	setInterval(() => {
		if (finishing) return;
		call('GET', API).then(({ status, j }) => {
			if (status === 200 && j) {
				resync(j.seconds_left);
				if (j.status !== 'in_progress') finish(false);
			} else if (status === 401) {
				finish(false);
			}
		}, () => {});
	}, 60000);
	setInterval(tick, 1000);
	tick();
	flush();
})();
