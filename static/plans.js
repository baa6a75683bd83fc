/*
 * plans.js - two helpers of the plan pages; every page works without it.
 *
 * 1. The score grid (form[data-grid]): Enter or ArrowDown moves to the same
 *    field of the next row, ArrowUp to the previous one; a row is saved when
 *    it changes (POST data-row-url, form-encoded with the page's CSRF field,
 *    JSON back) and says "saved" or the reason beside it. What was typed is
 *    never touched: a refused value stays in its field. A submission asks
 *    for confirmation (data-confirm) unless its box is ticked; the server
 *    refuses one without the box, so the dialog only saves a round trip.
 * 2. The import form (form[data-upload]): sent by XMLHttpRequest, so that a
 *    <progress> shows the upload and then the processing; the answer (the
 *    report page) replaces <main>.
 *
 * The texts come from the page (data- attributes), which takes them from
 * the message catalog in the user's language.
 */
'use strict';

(function () {
	/* ---- the score grid ---- */

	const FIELDS = ['score', 'status', 'reason'];

	function cell(row, col) {
		return row.querySelector('[data-col="' + col + '"]');
	}

	function show(row, kind, text, field) {
		const msg = row.querySelector('td.msg');
		msg.textContent = text;
		msg.className = 'msg' + (kind ? ' ' + kind : '');
		row.classList.toggle('bad', kind === 'error');
		for (const col of FIELDS.concat(['note'])) {
			const f = cell(row, col);
			if (!f) continue;
			if (kind === 'error' && col === (field || 'score')) f.setAttribute('aria-invalid', 'true');
			else if (kind !== 'saving') f.removeAttribute('aria-invalid');
		}
	}

	function save(form, row) {
		const v = {};
		for (const col of FIELDS) v[col] = cell(row, col).value;
		const sig = FIELDS.map((c) => v[c]).join('\u0000');
		if (row.classList.contains('locked')) return; // submitted: read-only
		if (sig === row.dataset.sent) return; // sent already (or in flight)
		if (!v.score.trim() && v.status === 'present' && !v.reason.trim()) return; // nothing typed
		row.dataset.sent = sig;
		const seq = String(Number(row.dataset.seq || 0) + 1);
		row.dataset.seq = seq;
		show(row, 'saving', form.dataset.saving);
		const body = new URLSearchParams({
			csrf: form.elements.csrf.value,
			component: form.elements.component.value,
			assessor: form.elements.assessor.value,
			enrolment_id: row.dataset.row,
			score: v.score,
			status: v.status,
			reason: v.reason,
		});
		fetch(form.dataset.rowUrl, {
			method: 'POST', body, credentials: 'same-origin', headers: { Accept: 'application/json' },
		}).then((r) => r.json().then((j) => ({ ok: r.ok, j }), () => ({ ok: false, j: null })))
			.then(({ ok, j }) => {
				if (row.dataset.seq !== seq) return; // a later change answers
				if (ok) show(row, 'saved', form.dataset.saved);
				else if (j && j.error) show(row, 'error', j.error.message, j.error.field);
				else {
					delete row.dataset.sent; // not refused: may be sent again
					show(row, 'error', form.dataset.failed);
				}
			}, () => {
				if (row.dataset.seq !== seq) return;
				delete row.dataset.sent;
				show(row, 'error', form.dataset.failed);
			});
	}

	function move(rows, row, col, by) {
		const next = rows[rows.indexOf(row) + by];
		const f = next && cell(next, col);
		if (!f) return;
		f.focus();
		if (f.select) f.select();
	}

	function grid(form) {
		const rows = Array.from(form.querySelectorAll('tr[data-row]'));
		// a submission locks the scores: asked once more unless the box is ticked
		form.addEventListener('submit', (e) => {
			const b = e.submitter;
			const box = form.elements.confirm;
			if (!b || !box || !/\/scores\/submit$/.test(b.formAction || '') || box.checked) return;
			if (window.confirm(form.dataset.confirm)) box.checked = true;
			else e.preventDefault();
		});
		form.addEventListener('change', (e) => {
			const row = e.target.closest('tr[data-row]');
			if (row && FIELDS.includes(e.target.dataset.col)) save(form, row);
		});
		form.addEventListener('keydown', (e) => {
			const t = e.target;
			const row = t.closest('tr[data-row]');
			const col = t.dataset.col;
			if (!row || !col || e.altKey || e.ctrlKey || e.metaKey || e.isComposing) return;
			if (e.key === 'Enter' && !e.shiftKey) {
				e.preventDefault(); // the row saves; the grid is not sent
				if (FIELDS.includes(col)) save(form, row);
				move(rows, row, col, 1);
			} else if ((e.key === 'ArrowDown' || e.key === 'ArrowUp') && t.tagName === 'INPUT') {
				// a <select> keeps its arrows for its options
				e.preventDefault();
				move(rows, row, col, e.key === 'ArrowDown' ? 1 : -1);
			}
		});
	}

	/* ---- the import with its progress ---- */

	function upload(form) {
		form.addEventListener('submit', (e) => {
			if (!window.FormData || !window.XMLHttpRequest || !window.DOMParser) return;
			e.preventDefault();
			const box = form.querySelector('.upload-progress');
			const bar = box.querySelector('progress');
			const state = box.querySelector('.upload-state');
			const button = form.querySelector('button[type="submit"]');
			const x = new XMLHttpRequest();
			box.hidden = false;
			bar.value = 0;
			state.textContent = form.dataset.sending;
			button.disabled = true;
			x.open('POST', form.action);
			x.upload.addEventListener('progress', (ev) => {
				if (ev.lengthComputable) bar.value = Math.round((100 * ev.loaded) / ev.total);
			});
			x.upload.addEventListener('load', () => {
				bar.removeAttribute('value'); // indeterminate: the server works
				state.textContent = form.dataset.processing;
			});
			x.addEventListener('load', () => {
				const doc = new DOMParser().parseFromString(x.responseText, 'text/html');
				const main = doc.querySelector('main');
				if (!main) {
					state.textContent = form.dataset.failed;
					button.disabled = false;
					return;
				}
				document.title = doc.title;
				document.querySelector('main').replaceWith(document.adoptNode(main));
				init(main);
				const h = main.querySelector('#report-h') || main.querySelector('h1');
				if (h) {
					if (!h.hasAttribute('tabindex')) h.setAttribute('tabindex', '-1');
					h.focus();
				}
			});
			x.addEventListener('error', () => {
				state.textContent = form.dataset.failed;
				button.disabled = false;
			});
			x.send(new FormData(form));
		});
	}

	function init(root) {
		root.querySelectorAll('form[data-grid]').forEach(grid);
		root.querySelectorAll('form[data-upload]').forEach(upload);
	}

	init(document);
})();
