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

/* ---- answers: four, never two (docs/coverage.md) ---- */

/* The class of an answer: yes green, no red, uncertain amber, and not
 * recorded a neutral grey, never the red of a "no". */
const ANSWER_CLASS = { yes: 'state yes', no: 'state no', uncertain: 'state maybe', 'not-recorded': 'state unknown' };
function answerClass(f) {
  return ANSWER_CLASS[f.answer] || 'state';
}
/* A chain's word for the reader: "not-recorded" is "not recorded",
 * "in-post" "in post". */
function word(w) {
  return w ? w.replace(/-/g, ' ') : '';
}
/* "(per SOURCE)", the source's title as a tooltip: the covers line that
 * makes an absence a "no"; the coverage line under the card has it in
 * words. */
function per(covered) {
  return covered ? [' (per ', el('cite', { class: 'per', title: covered.title }, covered.source), ')'] : [];
}
/* A party's existence in words: " (from 12 October 1999)", " (existing
 * by 17 February 2008)" for from=../DATE, on a day not recorded. */
function existence(p) {
  const parts = [];
  if (p && p.from) parts.push(p.from.edtf.startsWith('..') ? `existing ${prose(p.from)}` : `from ${prose(p.from)}`);
  if (p && p.to) parts.push(`until ${prose(p.to)}`);
  return parts.length ? ` (${parts.join(', ')})` : '';
}
/* What implies a recognition: the event its `since` names, when the
 * status lists it as a mission's or an envoy's. */
function impliedBy(f, s) {
  if (s && s.missions.some((m) => m.since_event === f.since_event)) return 'implied by a resident mission opened';
  if (s && s.envoys.some((v) => v.since_event === f.since_event)) return "implied by an envoy's credentials";
  return 'implied by diplomatic relations';
}

/* The words of a fold, as a list of nodes: "established (embassy) since 9
 * September 2008", "no (per SOURCE)", "not recorded", "uncertain: not
 * recorded or open (ab-embassy-moscow)", "no: Abkhazia does not exist on
 * this day (from 12 October 1999)". `s` is the status it comes from, if
 * any. */
function foldText(f, s) {
  if (f.uncertain) {
    // Uncertain which state, though both may give one answer ("no":
    // appointed or ended). The covers line stands by the word it makes an
    // answer: "no (per SOURCE) or yes ...".
    const zero = (w) => (['no', 'none'].includes(w) ? per(f.covered) : []);
    const out = [`${f.answer === 'uncertain' ? 'uncertain: ' : ''}${word(f.state)}`, ...zero(f.state),
      `${f.level ? ` (${f.level})` : ''} or ${word(f.possible)}`, ...zero(f.possible),
      f.possible_level ? ` (${f.possible_level})` : ''];
    if (f.horizon && f.since)
      out.push(` (no end recorded, and more than 10 years since ${prose(f.since)})`);
    else if (f.possible_implied && f.maybe)
      out.push(` since an unknown date, implied by ${f.maybe}, which withdraws it`);
    else if (f.successor)
      out.push(` (a successor's credentials, ${f.successor})`);
    else if (f.maybe)
      out.push(` (${f.maybe})`);
    return out;
  }
  if (f.absent) return [`no: ${name(f.absent)} does not exist on this day${existence(parties.get(f.absent))}`];
  if (f.answer === 'not-recorded') return ['not recorded'];
  let t = word(f.state);
  if (f.level) t += ` (${f.level})`;
  if (f.implied) t += `, ${impliedBy(f, s)}`;
  if (f.since) t += `${f.implied ? ' at least' : ''} since ${since(f.since)}`;
  if (f.successor && f.successor === f.since_event) t += ', when a successor presented credentials';
  return f.since_event ? [t] : [t, ...per(f.covered)];
}
function foldLine(label, f, s) {
  const line = el('p', {}, el('strong', {}, `${label}: `), el('span', { class: answerClass(f) }, foldText(f, s)));
  if (f.since_event) line.append(' ', el('span', { class: 'ev' }, `[${f.since_event}]`));
  return line;
}
/* Treaties keep their own states (signed, in force, ...), not answers. */
function treatyClass(t) {
  return t.uncertain ? 'state maybe' : t.state === 'in-force' ? 'state yes' : 'state';
}

/* ---- coverage: what a source lists completely, in words ---- */

const FACT_WORDS = { recognition: 'recognition', relations: 'diplomatic relations', missions: 'missions', envoys: 'envoys', membership: 'membership' };
const FACT_WITH = { recognition: 'of', relations: 'with', missions: 'in', envoys: 'to', membership: 'of' };
const SYSTEMS = { cow: 'Correlates of War', gw: 'Gleditsch–Ward' };

function andList(words) {
  return words.length > 1 ? `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}` : words[0];
}
/* by= and with=: "every state", or the parties by name */
function side(v) {
  return !v || v === 'all' ? 'every state' : andList(v.map(name));
}
/* "recognition by every state of Kosovo", "embassy missions by every state
 * in every state, both members of the Correlates of War system" */
function scopeWords(c) {
  const facts = c.facts.map((f) => (f === 'missions' && c.type ? `${word(c.type)} missions` : FACT_WORDS[f] || f));
  const prep = c.facts.length === 1 ? FACT_WITH[c.facts[0]] : 'with';
  let t = `${andList(facts)} by ${side(c.by)} ${prep} ${side(c.with)}`;
  if (c.members) t += `, both members of the ${SYSTEMS[c.members] || c.members} system`;
  return t;
}
/* Covers lines in words, the lines of one source with the same scope
 * in one phrase with their periods ("May 1960 to June 1960; May 1965 to
 * June 1965"; a period of one year "in 2000"). */
function coverageWords(lines) {
  const groups = new Map();
  for (const l of lines) {
    const key = `${l.source}\n${scopeWords(l.covers)}`;
    if (!groups.has(key)) groups.set(key, { line: l, scope: scopeWords(l.covers), periods: [] });
    const { from, to } = l.covers;
    groups.get(key).periods.push(from.edtf === to.edtf ? since(from) : `${prose(from)} to ${prose(to)}`);
  }
  const out = [];
  for (const g of groups.values()) {
    if (out.length) out.push('; ');
    out.push(`${g.scope}, ${g.periods.join('; ')} (`,
      el('cite', { class: 'per', title: g.line.covers.note || null }, g.line.source), `: ${g.line.title})`);
  }
  return out;
}
/* "Coverage: ..." or, where no source covers the question, the words that
 * say what "not recorded" means. */
function coverageLine(lines, none, id) {
  if (!lines.length) return el('p', { class: 'coverage', id }, none);
  return el('p', { class: 'coverage', id }, el('strong', {}, 'Coverage: '), ...coverageWords(lines),
    '. Outside it, what is not recorded is shown as “not recorded”, not “no”.');
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
    el('span', { class: treatyClass(t) }, t.state + (t.uncertain ? ' (uncertain)' : '')));
  if (t.in_force_from) line.append(`; in force from ${longDay(t.in_force_from.earliest)}`);
  if (t.force_reason) line.append(' ', el('span', { class: 'reason' }, `(${t.force_reason})`));
  line.append(' ', el('span', { class: 'ev' }, `[${t.id}]`));
  return line;
}

/* The missions (envoys) of the status per direction, a's in b then b's in
 * a: a direction with none listed says "not recorded", or "none (per
 * SOURCE)" where a source covers it (none_for_certain). */
function perDirection(s, items, covered, line, absence) {
  const out = [];
  s.parties.forEach((from, w) => {
    const mine = items.filter((x) => x.sender === from);
    if (mine.length) { out.push(...mine.map(line)); return; }
    const c = covered && covered[w];
    out.push(el('li', {}, el('p', {}, el('strong', {}, `${absence(from, s.parties[1 - w], c)}: `),
      c ? el('span', { class: 'state no' }, 'none', ...per(c)) : el('span', { class: 'state unknown' }, 'not recorded'))));
  });
  // a sender that is neither party as asked (a predecessor of one)
  out.push(...items.filter((x) => !s.parties.includes(x.sender)).map(line));
  return el('ul', {}, out);
}

async function renderStatus(s) {
  const [a, b] = s.parties;
  const envoys = await personNames([...new Set(s.envoys.map((v) => v.person))]);
  const panel = $('panel-status');
  const nfc = s.none_for_certain || {};
  const recLink = (id) => el('a', { href: `/?${query({ view: 'recognitions', party: id, on: state.on })}`, 'data-nav': '' },
    `Who recognises ${name(id)}`);
  const mission = (m) => el('li', {}, foldLine(
    `${name(m.sender)}'s ${word(m.type) || 'mission'} in ${name(m.host)}${m.city ? ` (${m.city})` : ''}`, m, s));
  const envoy = (v) => el('li', {}, foldLine(
    `${envoys.get(v.person)}, ${v.rank || 'envoy'} of ${name(v.sender)} to ${name(v.receiver)}`, v, s));
  panel.replaceChildren(
    el('p', { class: 'lede' }, `On ${longDay(s.on)}:`),
    el('p', { class: 'summary', id: 'summary' }, s.summary),
    el('div', { class: 'grid' },
      card('Recognition',
        ...s.recognition.map((f) => foldLine(`${name(f.by)} recognises ${name(f.of)}`, f, s)),
        el('p', {}, recLink(a), ' · ', recLink(b))),
      card('Diplomatic relations', foldLine('Diplomatic relations', s.relations, s))),
    el('div', { class: 'grid' },
      card('Missions', perDirection(s, s.missions, nfc.missions, mission,
        (from, to, c) => `${name(from)}'s ${c && c.covers.type ? word(c.covers.type) : 'missions'} in ${name(to)}`)),
      card('Envoys', perDirection(s, s.envoys, nfc.envoys, envoy,
        (from, to) => `${name(from)}'s envoys to ${name(to)}`))),
    card('Treaties', s.treaties.length ? el('ul', {}, s.treaties.map(treatyLine)) : el('p', {}, 'none recorded')),
    card('Reactions of third parties', s.reactions.length
      ? el('ul', {}, s.reactions.map((e) => el('li', {}, `${prose(e.date)}: ${name(e.actor)} `,
        el('strong', {}, e.stance || 'statement'), ` about ${e.about || '?'} `, el('span', { class: 'ev' }, `[${e.id}]`))))
      : el('p', {}, 'none recorded')),
    coverageLine(s.coverage || [],
      'No source covers this pair completely: what is not recorded is shown as “not recorded”, not “no”.', 'coverage'),
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
    el('td', {}, el('span', { class: treatyClass(t) }, t.state)),
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

/* "78 recognitions on record, from 17 sources: snork-2008-12-06, ..."
 * (each source's title as its tooltip). */
function recordedWords(list) {
  const n = list.recorded === undefined ? list.recognitions.length : list.recorded;
  const sources = list.sources || [];
  const out = [`${n} recognition${n === 1 ? '' : 's'} of ${name(list.party)} on record`];
  if (sources.length) {
    out.push(`, from ${sources.length} source${sources.length === 1 ? '' : 's'}: `);
    sources.forEach((src, i) => out.push(i ? ', ' : '', el('cite', { class: 'per', title: src.title }, src.id)));
  }
  out.push('.');
  return out;
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
  $('rec-basis').replaceChildren(...recordedWords(list));
  $('rec-coverage').replaceChildren(coverageLine(list.coverage || [],
    `No source covers the recognitions of ${name(list.party)} completely: a party not listed is “not recorded”, not “no”.`,
    'rec-coverage-line'));
  // the map and the chart of `chancery map --recognitions` and `chancery chart recognitions`
  $('rec-map').src = `/api/map?${query({ recognitions: list.party, on: state.on })}`;
  $('rec-map').alt = `World map: who recognises ${name(list.party)} on ${longDay(state.on)}`;
  $('rec-map-caption').textContent = `Who recognises ${name(list.party)} on ${longDay(state.on)}.`;
  $('rec-chart').src = `/api/chart/recognitions?${query({ party: list.party })}`;
  $('rec-chart').alt = `Chart: the number of parties recognising ${name(list.party)} over time`;
  $('rec-table').tBodies[0].replaceChildren(...list.recognitions.map((r) => el('tr', {},
    el('th', { scope: 'row' }, name(r.by)),
    el('td', {}, el('span', { class: answerClass(r) }, foldText({ ...r, since: null }))),
    el('td', { class: 'nowrap' }, r.since ? since(r.since) : ''),
    el('td', { class: 'nowrap' }, el('span', { class: 'ev' }, r.since_event || '')))));
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
