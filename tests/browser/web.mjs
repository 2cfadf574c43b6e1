// web.mjs: the web page in a real browser. Playwright (npm playwright-core)
// drives Debian's chromium, headless, against `chancery serve` on a free
// port of the loopback: a reader picks Abkhazia and Russia by type-ahead,
// reads the relations, moves the day, opens the article and the
// recognition page with its map and chart, on a desktop and on a phone;
// the page answers in four values, never two (docs/coverage.md): what the
// registry does not know is "not recorded" in a neutral grey, a "no" says
// what it rests on. The store holds data/all.ledger and a synthetic source
// of the test's own that covers Iceland's missions and envoys in Malta in
// 2000. Screenshots go to $SCREENSHOTS (the build's screenshots/ under
// ctest), kept by CI; readme.png is docs/web-page.png.
// Exit 77 (skip) with a message when chromium or playwright-core is not
// installed (scripts/setup.sh installs both).
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const { CHANCERY, SRCDIR } = process.env;
const SHOTS = process.env.SCREENSHOTS || join(process.cwd(), 'screenshots');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const require = createRequire(join(SRCDIR, 'package.json'));
let chromium;
try {
  ({ chromium } = require('playwright-core'));
} catch (e) {
  console.log('SKIP: playwright-core is not installed (scripts/setup.sh runs npm ci)');
  process.exit(77);
}
if (!existsSync(CHROMIUM)) {
  console.log(`SKIP: no chromium at ${CHROMIUM} (scripts/setup.sh installs Debian's chromium)`);
  process.exit(77);
}

const dir = mkdtempSync(join(tmpdir(), 'chancery-web-'));
mkdirSync(SHOTS, { recursive: true });
const db = join(dir, 'web.db');
const run = (...args) => execFileSync(CHANCERY, ['--db', db, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
run('init');
run('import', '--author', 'test', join(SRCDIR, 'data/all.ledger'));
// a "no" that rests on a source's coverage, for missions and envoys: none
// of the bundled sources covers those
writeFileSync(join(dir, 'covers.ledger'),
  'source web-test-covers "Synthetic: every mission and envoy of Iceland in Malta, 2000"\n' +
  '  covers missions,envoys by=IS with=MT from=2000 to=2000\n' +
  // a recognition history of the test's own, whose counts do not move
  // when the bundled histories grow: three recognitions from two sources,
  // the first of which lists every recognition of 2001-2004
  'party ZZ "Zedland" kind=partially-recognised from=2001-01-01\n' +
  'source web-test-rec-a "Synthetic: every recognition of Zedland, 2001-2004"\n' +
  '  covers recognition with=ZZ from=2001-01-01 to=2004-12-31\n' +
  'source web-test-rec-b "Synthetic: a later recognition of Zedland"\n' +
  '2001-03-01 recognise FR ZZ source=web-test-rec-a\n' +
  '2002-05-01 recognise DE ZZ source=web-test-rec-a\n' +
  '2006-07-01 recognise IT ZZ source=web-test-rec-b\n');
run('import', '--author', 'test', join(dir, 'covers.ledger'));

let failures = 0;
function check(ok, what) {
  if (!ok) {
    failures++;
    console.log(`FAIL: ${what}`);
  } else {
    console.log(`ok: ${what}`);
  }
}

const server = spawn(CHANCERY, ['--db', db, 'serve', '--listen', '127.0.0.1:0'], { stdio: ['ignore', 'pipe', 'inherit'] });
// whatever happens below, the server does not outlive the test
process.on('exit', () => server.kill('SIGTERM'));
const url = await new Promise((resolve, reject) => {
  let out = '';
  server.stdout.on('data', (b) => {
    out += b;
    const line = out.split('\n')[0];
    if (out.includes('\n')) resolve(line.trim());
  });
  server.on('exit', (code) => reject(new Error(`chancery serve exited ${code}`)));
  setTimeout(() => reject(new Error('chancery serve printed no address in 20 s')), 20000);
});

// Each browser starts with a fresh profile of its own; the flags keep
// chromium from reaching for the network this machine does not have.
const contexts = [];
async function browser(name, options) {
  const context = await chromium.launchPersistentContext(join(dir, `profile-${name}`), {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    ...options,
  });
  contexts.push(context);
  return context.pages()[0] || context.newPage();
}

async function pick(page, input, typed, want) {
  await page.fill(input, '');
  await page.type(input, typed, { delay: 30 });
  const option = page.locator(`${input}-list [role=option]`).filter({ hasText: want }).first();
  await option.waitFor({ timeout: 10000 });
  // the keyboard, as a reader without a mouse would
  const n = await page.locator(`${input}-list [role=option]`).count();
  for (let i = 0; i < n; i++) {
    await page.keyboard.press('ArrowDown');
    if ((await page.locator(`${input}-list [aria-selected=true]`).innerText()).includes(want)) break;
  }
  await page.keyboard.press('Enter');
}

const problems = [];
let page;
try {
  page = await browser('desktop', { viewport: { width: 1440, height: 900 } });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  // failed loads, but for the one asked for on purpose: the misspelt party
  page.on('response', (r) => {
    if (r.status() >= 400 && !/a=Abkhazi&/.test(r.url())) problems.push(`HTTP ${r.status()} for ${r.url()}`);
  });

  await page.goto(url);
  await page.screenshot({ path: join(SHOTS, '0-start.png'), fullPage: true });
  check(await page.locator('label[for=party-a]').innerText() === 'First party', 'the first box has a label');

  await pick(page, '#party-a', 'Abkh', 'Abkhazia');
  await pick(page, '#party-b', 'Q159', 'Russia');
  await page.click('button[type=submit]');
  const status = page.locator('#panel-status');
  await status.getByText('Diplomatic relations:').first().waitFor({ timeout: 10000 });
  const today = await status.innerText();
  check(today.includes('relations: established (embassy) since 9 September 2008'),
    'Abkhazia and Russia today: "relations: established (embassy) since 9 September 2008"');
  check(today.includes('Russia recognises Abkhazia: yes since 26 August 2008'), 'Russia recognises Abkhazia since 26 August 2008');
  check(/[?&]a=AB&b=RU/.test(page.url()), `the pair is in the address (${page.url()})`);
  // the locator map of `chancery map`, beside the title
  await page.locator('#map').waitFor({ state: 'visible', timeout: 10000 });
  await page.waitForFunction(() => document.getElementById('map-img').complete);
  check(await page.locator('#map-img').evaluate((img) => img.naturalWidth > 0), 'the locator map is shown');
  await page.screenshot({ path: join(SHOTS, '1-status-today.png'), fullPage: true });

  // move the day to 2008-09-01
  await page.fill('#on', '2008-09-01');
  await page.locator('#on').dispatchEvent('change');
  await page.waitForURL(/on=2008-09-01/);
  await status.getByText('On 1 September 2008:').waitFor({ timeout: 10000 });
  const before = await status.innerText();
  // nothing of the relations by then, and no source covers the pair: not a "no"
  check(before.includes('Diplomatic relations: not recorded'), 'on 2008-09-01: "Diplomatic relations: not recorded"');
  check(!before.includes('established (embassy)'), 'on 2008-09-01 nothing says established');
  check(await page.locator('#summary').innerText() === 'No recognition of Russia by Abkhazia is recorded, and Russia has ' +
    'recognised Abkhazia since 26 August 2008; no diplomatic relations between them are recorded.',
  'on 2008-09-01 the one-sentence answer: Russia has recognised Abkhazia, relations not recorded');
  await page.screenshot({ path: join(SHOTS, '2-status-2008-09-01.png'), fullPage: true });

  // the address is the view: a reload shows the same
  await page.reload();
  await status.getByText('On 1 September 2008:').waitFor({ timeout: 10000 });
  check((await status.innerText()).includes('Diplomatic relations: not recorded'), 'a reload of the address shows the same day');

  // the timeline, by keyboard: focus the tab list, arrow right
  await page.focus('#tab-status');
  await page.keyboard.press('ArrowRight');
  await page.locator('#panel-timeline .timeline li').first().waitFor({ timeout: 10000 });
  check((await page.locator('#panel-timeline').innerText()).includes('9 September 2008'), 'the timeline lists 9 September 2008');
  check(await page.evaluate(() => document.activeElement.id) === 'tab-timeline', 'arrow keys move between tabs');

  // the article
  await page.click('#tab-article');
  await page.locator('#article .page h3').first().waitFor({ timeout: 10000 });
  const article = await page.locator('#article').innerText();
  check(article.includes('Abkhazia–Russia relations'), 'the article tab shows the article');
  await page.screenshot({ path: join(SHOTS, '3-article.png'), fullPage: true });
  await page.selectOption('#format', 'wikitext');
  await page.locator('#article pre').waitFor({ timeout: 10000 });
  const wiki = await page.locator('#article pre').innerText();
  check(wiki.startsWith('{{Infobox bilateral relations') && wiki.includes('| name = Abkhazia – Russia relations'), 'the article as wikitext');
  check(/format=wikitext/.test(page.url()), 'the format is in the address');
  check(await page.locator('#copy').innerText() === 'Copy wikitext', 'a button copies the wikitext');
  await page.screenshot({ path: join(SHOTS, '4-article-wikitext.png'), fullPage: true });

  // the recognition page of Abkhazia
  await page.click('#tab-status');
  await page.getByRole('link', { name: 'Who recognises Abkhazia' }).click();
  await page.locator('#rec-title').getByText('Recognition of Abkhazia').waitFor({ timeout: 10000 });
  const rec = await page.locator('#recognitions').innerText();
  check(/view=recognitions&party=AB/.test(page.url()), 'the recognition page has its own address');
  check(rec.includes('Russia') && rec.includes('26 August 2008'), 'Russia recognises Abkhazia since 26 August 2008 on the recognition page');
  // eight parties have a recognition of Abkhazia on record (data/recognitions.ledger, abkhazia-*.ledger):
  // Nicaragua, Nauru, Transnistria, Russia, Syria, Tuvalu, Venezuela, Vanuatu
  check((await page.locator('#rec-basis').innerText()).startsWith('8 recognitions of Abkhazia on record, from '),
    `the recognition page says how many are on record (${await page.locator('#rec-basis').innerText()})`);
  check(await page.locator('#rec-coverage').innerText() ===
    'No source covers the recognitions of Abkhazia completely: a party not listed is “not recorded”, not “no”.',
  'no source covers the recognitions of Abkhazia: the page says so');
  const loaded = (sel) => page.locator(sel).evaluate((img) => img.complete && img.naturalWidth > 0);
  await page.waitForFunction(() => ['rec-map', 'rec-chart'].every((id) => document.getElementById(id).complete));
  check(await loaded('#rec-map'), 'the recognition page shows the map of who recognises Abkhazia');
  check(await loaded('#rec-chart'), 'the recognition page shows the count over time');
  await page.screenshot({ path: join(SHOTS, '5-recognitions.png'), fullPage: true });


  // the first screen of a shared link, as the README shows it (docs/web-page.png)
  await page.goto(`${url}?a=AB&b=RU&on=2009-06-01`);
  await status.getByText('On 1 June 2009:').waitFor({ timeout: 10000 });
  check((await status.innerText()).includes('Diplomatic relations: established (embassy) since 9 September 2008'),
    'a shared link opens on its day');
  // the answer first, in one sentence (abkhazia-russia.ledger: the decree of 26 August 2008, relations
  // at embassy level by the exchange of notes of 9 September 2008, which imply Abkhazia's recognition)
  check(await page.locator('#summary').innerText() === 'Abkhazia has recognised Russia at least since 9 September 2008, ' +
    'and Russia has recognised Abkhazia since 26 August 2008; they have had diplomatic relations since ' +
    '9 September 2008, at embassy level.', 'Abkhazia and Russia on 2009-06-01: the one-sentence answer');
  check(await page.locator('#summary').evaluate((e) => e.compareDocumentPosition(document.querySelector('#panel-status .card'))
    === Node.DOCUMENT_POSITION_FOLLOWING), 'the one-sentence answer comes before the cards');
  check(await page.locator('#coverage').innerText() ===
    'No source covers this pair completely: what is not recorded is shown as “not recorded”, not “no”.',
  'Abkhazia and Russia: no source covers the pair, the coverage line says so');
  await page.screenshot({ path: join(SHOTS, 'readme.png') });

  // France and Germany: nothing of theirs is typed and no source covers them, so every answer is
  // "not recorded", grey, and none is "no"
  await page.goto(`${url}?a=FR&b=DE&on=2000-06-01`);
  await status.getByText('On 1 June 2000:').waitFor({ timeout: 10000 });
  const answers = await page.locator('#panel-status .state').evaluateAll((v) => v.map((e) => [e.className, e.innerText]));
  check(answers.length === 7 && answers.every(([c, t]) => c === 'state unknown' && t === 'not recorded'),
    `France and Germany: recognition both ways, relations, missions and envoys each way are "not recorded" in the neutral class (${JSON.stringify(answers)})`);
  const fd = await status.innerText();
  check(!/: (no|none)\b/.test(fd), 'France and Germany: no answer says "no" or "none"');
  check(fd.includes("France's missions in Germany: not recorded") && fd.includes("Germany's envoys to France: not recorded"),
    'France and Germany: missions and envoys per direction, not recorded');
  const colour = (sel) => page.locator(sel).first().evaluate((e) => getComputedStyle(e).color);
  check(await colour('#panel-status .state.unknown') === 'rgb(91, 100, 112)', 'not recorded is in the neutral grey, not the red of a "no"');
  check(await page.locator('#summary').innerText() ===
    'No recognition between France and Germany is recorded either way; no diplomatic relations between them are recorded.',
  'France and Germany: the one-sentence answer says not recorded');
  await page.screenshot({ path: join(SHOTS, '7-not-recorded.png'), fullPage: true });

  // Kosovo and the United Arab Emirates on 2008-06-01: snork-2008-12-06 lists every recognition of Kosovo
  // from 2008-02-17 to 2008-12-06, and the Emirates' is of 2008-10-14: a "no", per that source
  await page.goto(`${url}?a=XK&b=AE&on=2008-06-01`);
  await status.getByText('On 1 June 2008:').waitFor({ timeout: 10000 });
  const ae = await status.innerText();
  check(ae.includes('United Arab Emirates recognises Kosovo: no (per snork-2008-12-06)'),
    'the Emirates do not recognise Kosovo on 2008-06-01, per snork-2008-12-06');
  check(await page.locator('#panel-status .state.no cite').getAttribute('title') ===
    'Kosovo, i riconoscimenti nel primo anno di indipendenza', 'the source of a "no" has its title as a tooltip');
  check(ae.includes('Kosovo recognises United Arab Emirates: not recorded'), 'Kosovo recognising the Emirates: not recorded');
  check(await colour('#panel-status .state.no') === 'rgb(138, 28, 28)', 'a "no" is red');
  const cov = await page.locator('#coverage').innerText();
  check(cov.startsWith('Coverage: recognition by every state of Kosovo, 17 February 2008 to 6 December 2008 ' +
    '(snork-2008-12-06: Kosovo, i riconoscimenti nel primo anno di indipendenza)') &&
    cov.includes('(wp-rec-xk-2020: International recognition of Kosovo)') &&
    cov.endsWith('Outside it, what is not recorded is shown as “not recorded”, not “no”.'), `the coverage line in words (${cov})`);

  // missions and envoys: "none (per SOURCE)" in the direction a source covers, "not recorded" in the other
  await page.goto(`${url}?a=IS&b=MT&on=2000-06-01`);
  await status.getByText('On 1 June 2000:').waitFor({ timeout: 10000 });
  const ismt = await status.innerText();
  check(ismt.includes("Iceland's missions in Malta: none (per web-test-covers)") &&
    ismt.includes("Iceland's envoys to Malta: none (per web-test-covers)"), "Iceland's missions and envoys in Malta: none, per the covering source");
  check(ismt.includes("Malta's missions in Iceland: not recorded") && ismt.includes("Malta's envoys to Iceland: not recorded"),
    "Malta's in Iceland: not recorded");
  check(ismt.includes('Coverage: missions and envoys by Iceland with Malta, in 2000 (web-test-covers:'), 'the covering line, its period a year');

  // Zedland's recognitions (the test's own ledger): three on record; by 2007
  // all three have happened, citing its two sources; web-test-rec-a covers 2001-2004
  await page.goto(`${url}?view=recognitions&party=ZZ&on=2007-01-01`);
  await page.locator('#rec-title').getByText('Recognition of Zedland').waitFor({ timeout: 10000 });
  const basis = await page.locator('#rec-basis').innerText();
  check(basis.startsWith('3 recognitions of Zedland on record, from 2 sources: web-test-rec-a, web-test-rec-b'),
    `Zedland: how many recognitions are on record, and from which sources (${basis})`);
  check(await page.locator('#rec-basis cite').count() === 2, 'Zedland: each of the 2 sources named');
  check((await page.locator('#rec-coverage').innerText()).startsWith('Coverage: recognition by every state of Zedland, ' +
    '1 January 2001 to 31 December 2004 (web-test-rec-a'), 'Zedland: the coverage line of its recognitions');
  // on 2003-01-01 Italy (2006) has not recognised, and the covering source says so: a red "no"
  await page.goto(`${url}?view=recognitions&party=ZZ&on=2003-01-01`);
  await page.locator('#rec-title').getByText('Recognition of Zedland').waitFor({ timeout: 10000 });
  const it = page.locator('#rec-table tr', { hasText: 'Italy' }).locator('.state');
  check((await it.innerText()).startsWith('no') && await it.getAttribute('class') === 'state no',
    'Zedland on 2003-01-01: Italy does not recognise it, per the covering source: red');
  // on 2005-06-01, outside what the source covers: not recorded, neutral, no red
  await page.goto(`${url}?view=recognitions&party=ZZ&on=2005-06-01`);
  await page.locator('#rec-title').getByText('Recognition of Zedland').waitFor({ timeout: 10000 });
  const it2 = page.locator('#rec-table tr', { hasText: 'Italy' }).locator('.state');
  check(await it2.innerText() === 'not recorded' && await it2.getAttribute('class') === 'state unknown',
    'Zedland on 2005-06-01: Italy is "not recorded", neutral, not red');
  check(await page.locator('#rec-table .state.no').count() === 0, 'Zedland on 2005-06-01: no recogniser is red');
  // Kosovo's page says how many of its recognitions are on record
  await page.goto(`${url}?view=recognitions&party=Kosovo&on=2026-01-01`);
  await page.locator('#rec-title').getByText('Recognition of Kosovo').waitFor({ timeout: 10000 });
  check(/^\d+ recognitions of Kosovo on record, from \d+ sources: /.test(await page.locator('#rec-basis').innerText()),
    'Kosovo: how many recognitions are on record, and from which sources');
  await page.screenshot({ path: join(SHOTS, '8-recognitions-kosovo.png'), fullPage: true });

  // an unknown name is answered with the nearest ones
  await page.goto(`${url}?a=Abkhazi&b=RU`);
  await page.locator('#message').getByText('did you mean').waitFor({ timeout: 10000 });
  check((await page.locator('#message').innerText()).includes("did you mean 'Abkhazia' (AB)?"), 'an unknown party gets the nearest names');

  // a phone
  const phone = await browser('phone', { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  phone.on('pageerror', (e) => problems.push(`phone page error: ${e.message}`));
  await phone.goto(`${url}?a=AB&b=RU&on=2009-06-01`);
  await phone.locator('#panel-status').getByText('Diplomatic relations:').first().waitFor({ timeout: 10000 });
  const width = await phone.evaluate(() => document.documentElement.scrollWidth);
  check(width <= 390, `on a phone nothing is wider than the screen (${width}px)`);
  await phone.screenshot({ path: join(SHOTS, '6-phone.png'), fullPage: true });
  await phone.goto(`${url}?view=recognitions&party=XK&on=2008-06-01`);
  await phone.locator('#rec-coverage').getByText('Coverage:').waitFor({ timeout: 10000 });
  const recWidth = await phone.evaluate(() => document.documentElement.scrollWidth);
  check(recWidth <= 390, `on a phone the recognition page is no wider than the screen (${recWidth}px)`);
  await phone.screenshot({ path: join(SHOTS, '9-phone-recognitions.png'), fullPage: true });

  check(problems.length === 0, `no script errors or blocked content${problems.length ? `: ${problems.join('; ')}` : ''}`);
} catch (e) {
  failures++;
  console.log(`FAIL: ${e.stack || e}`);
  if (problems.length) console.log(`  in the page: ${problems.join('; ')}`);
  if (page) await page.screenshot({ path: join(SHOTS, 'failure.png'), fullPage: true }).catch(() => {});
} finally {
  for (const c of contexts) await c.close();
  server.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
console.log(`screenshots in ${SHOTS}`);
console.log(failures ? `${failures} check(s) failed` : 'all checks passed');
process.exit(failures ? 1 : 0);
