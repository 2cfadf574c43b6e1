/* app.js: chancery's page. Plain JavaScript, no framework and no build
 * step: it asks the JSON API of the server that served it and draws the
 * answers. The whole view is in the address (?a=AB&b=RU&on=2009-06-01&tab=
 * status, or ?view=recognitions&party=AB&on=...), so a link shares it and
 * the Back button walks through what was looked at. */
'use strict';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
  'September', 'October', 'November', 'December'];
const TABS = ['status', 'timeline', 'treaties', 'article'];
const $ = (id) => document.getElementById(id);
const parties = new Map(); // id -> the party's JSON
let state = {};
let articleText = '';

/* ---- small helpers ---- */

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

class ApiError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

async function api(path) {
  const r = await fetch(path, { headers: { Accept: 'application/json, text/plain' } });
  const json = (r.headers.get('Content-Type') || '').startsWith('application/json');
  if (!r.ok) {
    const body = json ? await r.json().catch(() => null) : null;
    throw new ApiError(r.status, body && body.error ? body.error.message : `${r.status} ${r.statusText}`);
  }
  return json ? r.json() : r.text();
}

function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== '' && v !== false) q.set(k, v === true ? '1' : v);
  return q.toString();
}

function name(id) {
  const p = parties.get(id);
  return p ? (p.short || p.name) : id;
}

/* ---- dates: as written, never padded ("in 2009" stays a year) ---- */

function dayNumber(iso) {
  const [y, m, d] = iso.split('-').map(Number);
  return Math.round(Date.UTC(y, m - 1, d) / 86400000);
}
function isoOfDay(n) {
  return new Date(n * 86400000).toISOString().slice(0, 10);
}
function today() {
  return new Date().toISOString().slice(0, 10);
}
function longDay(iso) {
  const [y, m, d] = iso.split('-').map(Number);
  return `${d} ${MONTHS[m - 1]} ${y}`;
}
/* A date object of the API ({edtf, earliest, latest, precision}) as prose. */
function prose(date) {
  if (!date || date.precision === 'none') return 'undated';
  const e = date.edtf;
  let m;
  if (e.includes('/')) { // an interval: "2008-08-26/.." is on or after that day
    const [a, b] = e.split('/');
    const one = (x) => prose({ edtf: x, precision: 'day' });
    if (!b || b === '..') return `on or after ${one(a)}`;
    if (!a || a === '..') return `by ${one(b)}`;
    return `between ${one(a)} and ${one(b)}`;
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(e)) return longDay(e);
  if ((m = /^(\d{4})-(\d{2})$/.exec(e))) return `${MONTHS[Number(m[2]) - 1]} ${m[1]}`;
  return e;
}
function since(date) {
  const p = prose(date);
  return /^\d{4}$/.test(p) ? `in ${p}` : p;
}

/* "established (embassy) since 9 September 2008", or "uncertain: ... " */
function foldText(f) {
  if (f.uncertain)
    return `uncertain: ${f.state}${f.level ? ` (${f.level})` : ''} or ${f.possible}` +
      `${f.possible_level ? ` (${f.possible_level})` : ''} (${f.maybe})`;
  let s = f.state;
  if (f.level) s += ` (${f.level})`;
  if (f.implied) s += ', implied by diplomatic relations';
  if (f.since) s += ` since ${since(f.since)}`;
  return s;
}
function stateClass(f) {
  if (f.uncertain) return 'state maybe';
  return ['yes', 'established', 'open', 'in-post', 'in-force'].includes(f.state) ? 'state yes'
    : ['no', 'none', 'withdrawn', 'severed', 'closed', 'ended'].includes(f.state) ? 'state no' : 'state';
}
function foldLine(label, f) {
  const line = el('p', {}, el('strong', {}, `${label}: `), el('span', { class: stateClass(f) }, foldText(f)));
  if (f.since_event) line.append(' ', el('span', { class: 'ev' }, `[${f.since_event}]`));
  return line;
}

/* ---- the URL is the state ---- */

function readURL() {
  const p = new URLSearchParams(location.search);
  state = {
    view: p.get('view') || '',
    a: p.get('a') || '', b: p.get('b') || '', party: p.get('party') || '',
    on: p.get('on') || today(),
    tab: TABS.includes(p.get('tab')) ? p.get('tab') : 'status',
    format: p.get('format') || 'page',
    refs: p.get('refs') === '1',
  };
}
function writeURL(push) {
  const s = state;
  const q = s.view === 'recognitions'
    ? query({ view: 'recognitions', party: s.party, on: s.on })
    : query({ a: s.a, b: s.b, on: s.on, tab: s.tab === 'status' ? '' : s.tab,
      format: s.tab === 'article' && s.format !== 'page' ? s.format : '', refs: s.tab === 'article' && s.refs });
  const url = q ? `/?${q}` : '/';
  if (url !== location.pathname + location.search) history[push ? 'pushState' : 'replaceState'](null, '', url);
}

function say(text, error) {
  const m = $('message');
  m.textContent = text || '';
  m.className = error ? 'message error' : 'message';
}

/* ---- type-ahead: a combobox over GET /api/parties?q= ---- */

class Combo {
  constructor(input, list) {
    this.input = input;
    this.list = list;
    this.items = [];
    this.active = -1;
    this.timer = 0;
    this.asked = 0;
    input.addEventListener('input', () => {
      delete input.dataset.id;
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.suggest(), 120);
    });
    input.addEventListener('keydown', (e) => this.key(e));
    input.addEventListener('blur', () => setTimeout(() => this.close(), 150));
    list.addEventListener('mousedown', (e) => e.preventDefault());
    list.addEventListener('click', (e) => {
      const li = e.target.closest('li');
      if (li) this.choose(Number(li.dataset.index));
    });
  }
  async suggest() {
    const q = this.input.value.trim();
    const asked = ++this.asked;
    if (!q) { this.close(); return; }
    let found;
    try { found = await api(`/api/parties?${query({ q, limit: 8 })}`); } catch (e) { return; }
    if (asked !== this.asked) return; // a newer question is on its way
    this.items = found;
    this.list.replaceChildren(...found.map((p, i) => el('li', {
      role: 'option', id: `${this.list.id}-${i}`, 'data-index': i, 'aria-selected': 'false',
    }, p.short || p.name, ' ', el('small', {}, [p.id, p.iso3, p.wikidata].filter(Boolean).join(' · ')))));
    this.active = -1;
    this.open(found.length > 0);
  }
  open(yes) {
    this.list.hidden = !yes;
    this.input.setAttribute('aria-expanded', yes ? 'true' : 'false');
    if (!yes) this.input.removeAttribute('aria-activedescendant');
  }
  close() { this.open(false); }
  move(to) {
    const lis = this.list.children;
    if (!lis.length) return;
    this.active = (to + lis.length) % lis.length;
    for (let i = 0; i < lis.length; i++) lis[i].setAttribute('aria-selected', i === this.active ? 'true' : 'false');
    this.input.setAttribute('aria-activedescendant', lis[this.active].id);
    lis[this.active].scrollIntoView({ block: 'nearest' });
  }
  choose(i) {
    const p = this.items[i];
    if (!p) return;
    this.input.value = p.short || p.name;
    this.input.dataset.id = p.id;
    parties.set(p.id, p);
    this.close();
  }
  key(e) {
    const openNow = !this.list.hidden;
    if (e.key === 'ArrowDown') { e.preventDefault(); if (!openNow) this.suggest(); else this.move(this.active + 1); }
    else if (e.key === 'ArrowUp' && openNow) { e.preventDefault(); this.move(this.active - 1); }
    else if (e.key === 'Enter' && openNow && this.active >= 0) { e.preventDefault(); this.choose(this.active); }
    else if (e.key === 'Escape' && openNow) { e.preventDefault(); this.close(); }
  }
  value() { return this.input.dataset.id || this.input.value.trim(); }
  set(id) {
    this.input.value = id ? name(id) : '';
    if (id && parties.has(id)) this.input.dataset.id = id; else delete this.input.dataset.id;
  }
}

/* ---- the day: a date field and a slider through time ---- */

const SLIDER_FROM = dayNumber('1945-01-01');

function setDay(iso) {
  $('on').value = iso;
  const slider = $('on-slider');
  slider.max = String(dayNumber(today()) - SLIDER_FROM);
  slider.value = String(Math.min(Math.max(dayNumber(iso) - SLIDER_FROM, 0), Number(slider.max)));
  slider.setAttribute('aria-valuetext', longDay(iso));
  $('slider-year').textContent = `${longDay(iso)}.`;
}

/* ---- the status card ---- */

function card(title, ...rows) {
  return el('section', { class: 'card' }, el('h3', {}, title), ...rows);
}

async function personNames(ids) {
  const names = new Map();
  await Promise.all(ids.map(async (id) => {
    try { names.set(id, (await api(`/api/show/${encodeURIComponent(id)}`)).name); } catch (e) { names.set(id, id); }
  }));
  return names;
}

function treatyLine(t) {
  const line = el('li', {}, el('strong', {}, t.title), ': ',
    el('span', { class: stateClass({ state: t.state, uncertain: t.uncertain }) }, t.state + (t.uncertain ? ' (uncertain)' : '')));
  if (t.in_force_from) line.append(`; in force from ${longDay(t.in_force_from.earliest)}`);
  if (t.force_reason) line.append(' ', el('span', { class: 'reason' }, `(${t.force_reason})`));
  line.append(' ', el('span', { class: 'ev' }, `[${t.id}]`));
  return line;
}

async function renderStatus(s) {
  const [a, b] = s.parties;
  const envoys = await personNames([...new Set(s.envoys.map((v) => v.person))]);
  const panel = $('panel-status');
  const recLink = (id) => el('a', { href: `/?${query({ view: 'recognitions', party: id, on: state.on })}`, 'data-nav': '' },
    `Who recognises ${name(id)}`);
  panel.replaceChildren(
    el('p', { class: 'lede' }, `On ${longDay(s.on)}:`),
    el('div', { class: 'grid' },
      card('Recognition',
        ...s.recognition.map((f) => foldLine(`${name(f.by)} recognises ${name(f.of)}`, f)),
        el('p', {}, recLink(a), ' · ', recLink(b))),
      card('Diplomatic relations', foldLine('Diplomatic relations', s.relations))),
    el('div', { class: 'grid' },
      card('Missions', s.missions.length
        ? el('ul', {}, s.missions.map((m) => el('li', {}, foldLine(
          `${name(m.sender)}'s ${m.type || 'mission'} in ${name(m.host)}${m.city ? ` (${m.city})` : ''}`, m))))
        : el('p', {}, 'none recorded')),
      card('Envoys', s.envoys.length
        ? el('ul', {}, s.envoys.map((v) => el('li', {}, foldLine(
          `${envoys.get(v.person)}, ${v.rank || 'envoy'} of ${name(v.sender)} to ${name(v.receiver)}`, v))))
        : el('p', {}, 'none recorded'))),
    card('Treaties', s.treaties.length ? el('ul', {}, s.treaties.map(treatyLine)) : el('p', {}, 'none recorded')),
    card('Reactions of third parties', s.reactions.length
      ? el('ul', {}, s.reactions.map((e) => el('li', {}, `${prose(e.date)}: ${name(e.actor)} `,
        el('strong', {}, e.stance || 'statement'), ` about ${e.about || '?'} `, el('span', { class: 'ev' }, `[${e.id}]`))))
      : el('p', {}, 'none recorded')),
    ...s.notes.map((n) => el('p', { class: 'message' }, `Note: ${n}`)));
}

/* ---- the timeline and the treaties ---- */

function describe(e) {
  const parts = [];
  if (e.treaty) parts.push(e.actor ? `${name(e.actor)}` : 'all parties');
  else if (e.actor) parts.push(e.target ? `${name(e.actor)} → ${name(e.target)}` : name(e.actor));
  for (const k of ['instrument', 'level', 'type', 'city', 'place', 'stance', 'about', 'rank'])
    if (e[k]) parts.push(`${k} ${e[k]}`);
  return parts.join('; ');
}

async function renderTimeline() {
  const events = await api(`/api/timeline?${query({ a: state.a, b: state.b })}`);
  const on = dayNumber(state.on);
  const chart = el('img', { class: 'timeline-chart', src: `/api/chart/timeline?${query({ a: state.a, b: state.b })}`,
    alt: `Chart of the events of ${name(state.a)} and ${name(state.b)} on a time axis, one lane per kind` });
  $('panel-timeline').replaceChildren(chart, events.length
    ? el('ol', { class: 'timeline', 'aria-label': 'Events of the pair in date order' }, events.map((e) => el('li', {
      class: e.date.earliest && dayNumber(e.date.earliest) > on ? 'later' : null,
    }, el('time', { datetime: e.date.precision === 'none' ? null : e.date.edtf }, prose(e.date)),
    el('span', { class: 'kind' }, e.kind.replace(/-/g, ' ')), ' ', describe(e), ' ',
    el('span', { class: 'ev' }, `[${e.id}]`))))
    : el('p', {}, 'No events recorded between these two.'),
  el('p', { class: 'hint' }, 'Events after the chosen day are greyed.'));
}

async function renderTreaties() {
  const list = await api(`/api/treaties?${query({ a: state.a, b: state.b, on: state.on })}`);
  const rows = list.map((t) => el('tr', {},
    el('th', { scope: 'row' }, t.title, el('br'), el('span', { class: 'ev' }, t.id)),
    el('td', {}, el('span', { class: stateClass({ state: t.state, uncertain: t.uncertain }) }, t.state)),
    el('td', {}, t.in_force_from ? longDay(t.in_force_from.earliest) : 'unknown',
      t.force_reason ? el('div', { class: 'reason' }, t.force_reason) : null),
    el('td', {}, el('ul', {}, t.parties.map((p) => el('li', {}, `${name(p.party)}: ${p.state}`,
      p.signature ? `, signed ${prose(p.signature.date)}` : '',
      p.consent ? `, ${p.consent.kind} ${prose(p.consent.date)}` : ''))))));
  $('panel-treaties').replaceChildren(list.length
    ? el('div', { class: 'table-wrap' }, el('table', { class: 'table' },
      el('caption', {}, `Treaties between ${name(state.a)} and ${name(state.b)} on ${longDay(state.on)}`),
      el('thead', {}, el('tr', {}, ['Treaty', 'Status', 'In force from', 'Per party'].map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, rows)))
    : el('p', {}, 'No treaty between these two is recorded.'));
}

/* ---- the article ---- */

function sentences(block) {
  return (block.sentences || []).map((s) => s.text).join(' ');
}

function renderPage(art) {
  const page = el('div', { class: 'page' });
  page.append(el('aside', { class: 'infobox', 'aria-label': 'Infobox' },
    el('strong', {}, art.infobox.title), el('br'), `${art.infobox.party1} · ${art.infobox.party2}`));
  page.append(el('h3', {}, art.title), el('p', {}, sentences(art.lead)));
  for (const s of art.sections) {
    page.append(el(s.level > 2 ? 'h4' : 'h3', {}, s.title));
    for (const b of s.blocks) {
      if (b.kind === 'paragraph') page.append(el('p', {}, sentences(b)));
      else if (b.kind === 'list') page.append(el('ul', {}, b.items.map((i) => el('li', {}, i.text))));
      else page.append(el('div', { class: 'table-wrap' }, el('table', { class: 'table' },
        el('thead', {}, el('tr', {}, b.header.map((h) => el('th', { scope: 'col' }, h)))),
        el('tbody', {}, b.rows.map((r) => el('tr', {}, r.cells.map((c) => el('td', {}, c))))))));
    }
  }
  return page;
}

async function renderArticle() {
  const f = state.format;
  $('format').value = f;
  $('refs').checked = state.refs;
  $('refs').disabled = f === 'page' || f === 'text';
  const params = { a: state.a, b: state.b, on: state.on };
  if (f === 'page') {
    const art = await api(`/api/article?${query({ ...params, format: 'json' })}`);
    $('article').replaceChildren(renderPage(art));
    articleText = $('article').innerText;
    $('copy').textContent = 'Copy text';
  } else {
    articleText = await api(`/api/article?${query({ ...params, format: f, refs: state.refs })}`);
    $('article').replaceChildren(el('pre', { tabindex: '0', 'aria-label': `The article as ${f}` }, articleText));
    $('copy').textContent = `Copy ${f}`;
  }
  $('copied').textContent = '';
}

async function copyArticle() {
  try {
    await navigator.clipboard.writeText(articleText);
  } catch (e) { // no clipboard permission: select the text for Ctrl-C
    const range = document.createRange();
    range.selectNodeContents($('article'));
    const sel = getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
    $('copied').textContent = 'Selected: press Ctrl-C to copy.';
    return;
  }
  $('copied').textContent = 'Copied.';
}

/* ---- tabs ---- */

const renderers = { timeline: renderTimeline, treaties: renderTreaties, article: renderArticle };

async function showTab(tab, focus) {
  state.tab = tab;
  for (const t of TABS) {
    const on = t === tab;
    $(`tab-${t}`).setAttribute('aria-selected', on ? 'true' : 'false');
    $(`tab-${t}`).tabIndex = on ? 0 : -1;
    $(`panel-${t}`).hidden = !on;
  }
  if (focus) $(`tab-${tab}`).focus();
  if (renderers[tab]) {
    try { await renderers[tab](); } catch (e) { say(e.message, true); }
  }
}

/* ---- the map (from another part of chancery; shown when it answers) ---- */

async function showMap() {
  const url = `/api/map?${query({ a: state.a, b: state.b, on: state.on })}`;
  const fig = $('map');
  try {
    const r = await fetch(url, { method: 'HEAD' });
    if (!r.ok) { fig.hidden = true; return; }
  } catch (e) { fig.hidden = true; return; }
  $('map-img').src = url;
  $('map-img').alt = `Locator map of ${name(state.a)} and ${name(state.b)}`;
  fig.hidden = false;
}

/* ---- the views ---- */

async function ensureParty(id) {
  if (!id || parties.has(id)) return;
  try {
    const found = await api(`/api/parties?${query({ q: id, limit: 1 })}`);
    if (found[0]) parties.set(found[0].id, found[0]);
  } catch (e) { /* the status call will say what is wrong */ }
}

async function showDyad() {
  $('recognitions').hidden = true;
  $('intro').hidden = true;
  let s;
  try {
    s = await api(`/api/status?${query({ a: state.a, b: state.b, on: state.on })}`);
  } catch (e) {
    say(e.message, true);
    $('dyad').hidden = true;
    return;
  }
  // the answer names the parties by id: keep those in the address
  [state.a, state.b] = s.parties;
  await Promise.all(s.parties.map(ensureParty));
  writeURL(false);
  combos.a.set(state.a);
  combos.b.set(state.b);
  say('');
  $('dyad-title').textContent = `${name(state.a)} and ${name(state.b)}`;
  document.title = `${name(state.a)} and ${name(state.b)} on ${longDay(state.on)} · chancery`;
  $('dyad').hidden = false;
  await renderStatus(s);
  showMap();
  await showTab(state.tab, false);
}

async function showRecognitions() {
  $('dyad').hidden = true;
  $('intro').hidden = true;
  let list;
  try {
    list = await api(`/api/recognitions?${query({ party: state.party, on: state.on })}`);
  } catch (e) {
    say(e.message, true);
    return;
  }
  state.party = list.party;
  await Promise.all([list.party, ...list.recognitions.map((r) => r.by)].map(ensureParty));
  writeURL(false);
  say('');
  $('rec-title').textContent = `Recognition of ${name(list.party)}`;
  document.title = `Recognition of ${name(list.party)} on ${longDay(state.on)} · chancery`;
  $('rec-summary').textContent = `On ${longDay(state.on)}, ${list.count} part${list.count === 1 ? 'y recognises' : 'ies recognise'} ` +
    `${name(list.party)}${list.uncertain ? `, and ${list.uncertain} may` : ''}.`;
  // the map and the chart of `chancery map --recognitions` and `chancery chart recognitions`
  $('rec-map').src = `/api/map?${query({ recognitions: list.party, on: state.on })}`;
  $('rec-map').alt = `World map: who recognises ${name(list.party)} on ${longDay(state.on)}`;
  $('rec-map-caption').textContent = `Who recognises ${name(list.party)} on ${longDay(state.on)}.`;
  $('rec-chart').src = `/api/chart/recognitions?${query({ party: list.party })}`;
  $('rec-chart').alt = `Chart: the number of parties recognising ${name(list.party)} over time`;
  $('rec-table').tBodies[0].replaceChildren(...list.recognitions.map((r) => el('tr', {},
    el('th', { scope: 'row' }, name(r.by)),
    el('td', {}, el('span', { class: stateClass(r) }, foldText({ ...r, since: null }))),
    el('td', {}, r.since ? since(r.since) : ''),
    el('td', {}, el('span', { class: 'ev' }, r.since_event || '')))));
  $('back').href = state.a && state.b ? `/?${query({ a: state.a, b: state.b, on: state.on })}` : '/';
  $('recognitions').hidden = false;
}

async function render() {
  setDay(state.on);
  if (state.view === 'recognitions' && state.party) return showRecognitions();
  if (state.a && state.b) return showDyad();
  $('dyad').hidden = true;
  $('recognitions').hidden = true;
  $('intro').hidden = false;
  return undefined;
}

function go(changes, push = true) {
  Object.assign(state, changes);
  writeURL(push);
  return render();
}

/* ---- wiring ---- */

const combos = {};

async function init() {
  readURL();
  // every party's names, once: the answers name parties by id
  try {
    for (const p of await api('/api/parties')) parties.set(p.id, p);
  } catch (e) { say(e.message, true); }
  combos.a = new Combo($('party-a'), $('party-a-list'));
  combos.b = new Combo($('party-b'), $('party-b-list'));
  combos.a.set(state.a);
  combos.b.set(state.b);

  $('ask').addEventListener('submit', (e) => {
    e.preventDefault();
    const a = combos.a.value(), b = combos.b.value();
    if (!a || !b) { say('Choose two parties.', true); (a ? $('party-b') : $('party-a')).focus(); return; }
    go({ view: '', a, b, on: $('on').value || today() });
  });
  $('on').addEventListener('change', () => {
    if (!$('on').value) return;
    if (state.view === 'recognitions' || (state.a && state.b)) go({ on: $('on').value });
    else setDay($('on').value);
  });
  const slider = $('on-slider');
  slider.addEventListener('input', () => {
    const iso = isoOfDay(SLIDER_FROM + Number(slider.value));
    $('on').value = iso;
    $('slider-year').textContent = `${longDay(iso)}.`;
    slider.setAttribute('aria-valuetext', longDay(iso));
  });
  slider.addEventListener('change', () => go({ on: $('on').value }, false));
  slider.addEventListener('keydown', (e) => {
    if (e.key !== 'PageUp' && e.key !== 'PageDown') return;
    e.preventDefault();
    slider.value = String(Number(slider.value) + (e.key === 'PageUp' ? 30 : -30));
    slider.dispatchEvent(new Event('input'));
    slider.dispatchEvent(new Event('change'));
  });

  for (const t of TABS) {
    $(`tab-${t}`).addEventListener('click', () => { state.tab = t; writeURL(true); showTab(t, false); });
  }
  document.querySelector('[role=tablist]').addEventListener('keydown', (e) => {
    const i = TABS.indexOf(state.tab);
    const to = e.key === 'ArrowRight' ? (i + 1) % TABS.length : e.key === 'ArrowLeft' ? (i + TABS.length - 1) % TABS.length
      : e.key === 'Home' ? 0 : e.key === 'End' ? TABS.length - 1 : -1;
    if (to < 0) return;
    e.preventDefault();
    state.tab = TABS[to];
    writeURL(true);
    showTab(TABS[to], true);
  });
  $('format').addEventListener('change', () => { state.format = $('format').value; writeURL(true); renderArticle().catch((e) => say(e.message, true)); });
  $('refs').addEventListener('change', () => { state.refs = $('refs').checked; writeURL(true); renderArticle().catch((e) => say(e.message, true)); });
  $('copy').addEventListener('click', copyArticle);

  // links inside the page change the view without a reload
  document.addEventListener('click', (e) => {
    const a = e.target.closest('a[href^="/"]');
    if (!a || e.ctrlKey || e.metaKey || e.shiftKey || a.getAttribute('href').startsWith('/api')) return;
    e.preventDefault();
    history.pushState(null, '', a.getAttribute('href'));
    const keep = { a: state.a, b: state.b };
    readURL();
    if (state.view === 'recognitions') Object.assign(state, keep);
    render().then(() => $('main').focus());
  });
  window.addEventListener('popstate', () => { readURL(); render(); });
  render();
}

document.addEventListener('DOMContentLoaded', init);
