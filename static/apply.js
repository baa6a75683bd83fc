/*
 * apply.js - the live eligibility check of the online application form
 * (#apply-form); the page works without it: a submission answers with the
 * same explanation.
 *
 * As the holder types (debounced), the form's facts are sent as JSON to
 * data-check-url (the session's CSRF token in X-CSRF-Token) and the
 * chosen route's verdict is shown in #elig-live: "holds", or its unmet
 * condition in the catalog's words; then each other route of the level
 * with its own. The texts come from the page's data-
 * attributes, which take them from the message catalog.
 */
'use strict';

(function () {
	const box = document.getElementById('apply-form');
	if (!box) return;
	const form = box.closest('form');
	const live = document.getElementById('elig-live');
	let timer = null;
	let seq = 0;

	function value(name) {
		const f = form.elements[name];
		if (!f) return '';
		if (f instanceof RadioNodeList) return f.value || '';
		if (f.type === 'checkbox') return f.checked;
		return (f.value || '').trim();
	}

	function facts() {
		const pick = value('cert_id');
		const body = {
			plan_id: Number(box.dataset.plan),
			route_id: value('route_id'),
			diploma_type: value('diploma_type'),
			diploma_related: value('diploma_related'),
			diploma_final_year: value('diploma_final_year'),
			graduated_on: value('graduated_on'),
			program_level: Number(value('program_level')) || 0,
			work_start: value('work_start'),
			employer_credit_code: value('employer_credit_code'),
		};
		if (pick === 'typed') {
			body.cert_kind = value('cert_kind');
			body.cert_occupation_code = value('cert_occupation_code');
			body.cert_level = Number(value('cert_level')) || 0;
			body.cert_issued_on = value('cert_issued_on');
			body.cert_number = value('cert_number');
		} else if (pick) {
			body.cert_id = Number(pick);
		}
		return body;
	}

	function verdict(kind, text) {
		const frag = document.createDocumentFragment();
		const badge = document.createElement('span');
		badge.className = 'badge ' + (kind === 'ok' ? 'b-ok' : 'b-no');
		badge.textContent = kind === 'ok' ? box.dataset.ok : kind === 'no' ? box.dataset.unmet : '';
		if (badge.textContent) frag.appendChild(badge);
		if (text) frag.appendChild(document.createTextNode((badge.textContent ? ' ' : '') + text));
		return frag;
	}

	/* the chosen route's verdict, then every other route's (routes: the
	 * check's answer; none when it could not be asked) */
	function show(kind, text, routes, chosen) {
		live.textContent = '';
		const p = document.createElement('p');
		p.className = 'elig-chosen';
		p.appendChild(verdict(kind, text));
		live.appendChild(p);
		const others = (routes || []).filter((x) => x.id !== chosen);
		if (!others.length) return;
		const head = document.createElement('p');
		head.className = 'meta';
		head.textContent = box.dataset.others;
		const ul = document.createElement('ul');
		ul.className = 'plain elig-others';
		for (const x of others) {
			const li = document.createElement('li');
			const name = document.createElement('strong');
			name.textContent = x.text || x.id;
			li.appendChild(name);
			li.appendChild(document.createTextNode(' '));
			li.appendChild(verdict(x.passed ? 'ok' : 'no', x.passed ? '' : x.message));
			ul.appendChild(li);
		}
		live.appendChild(head);
		live.appendChild(ul);
	}

	function check() {
		const body = facts();
		if (!body.route_id) {
			show('', box.dataset.choose);
			return;
		}
		const mine = ++seq;
		fetch(box.dataset.checkUrl, {
			method: 'POST',
			credentials: 'same-origin',
			headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-CSRF-Token': form.elements.csrf.value },
			body: JSON.stringify(body),
		}).then((r) => r.json().then((j) => ({ ok: r.ok, j })))
			.then(({ ok, j }) => {
				if (mine !== seq) return; // a later change answers
				if (!ok) {
					show('no', j && j.error ? j.error.message : box.dataset.failed);
					return;
				}
				const route = (j.routes || []).find((x) => x.id === body.route_id);
				if (route && route.passed) show('ok', '', j.routes, body.route_id);
				else show('no', route ? route.message : box.dataset.failed, j.routes, body.route_id);
			}, () => {
				if (mine === seq) show('', box.dataset.failed);
			});
	}

	function later() {
		clearTimeout(timer);
		timer = setTimeout(check, 300);
	}

	form.addEventListener('input', later);
	form.addEventListener('change', later);
	if (value('route_id')) check();
})();
