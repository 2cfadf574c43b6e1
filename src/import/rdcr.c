/* rdcr.c: the Office of the Historian's "Guide to the United States'
 * History of Recognition, Diplomatic, and Consular Relations, by Country,
 * since 1776": one TEI XML article per country or historic entity. Each
 * <div type="timeline"> is an entry, a row of the data set: its head
 * says what happened ("Diplomatic Relations Severed, 1961."), its prose
 * on which day. rdcr_xml.c reads the XML, rdcr_rules.c the words; this
 * file reads the files, finds the article's party, keeps track of the
 * US's mission (an elevation or a move closes the one before) and writes
 * the facts, each with the id FILE:LINE.KIND of its entry, and the
 * article's source with what it covers. An entry that gives no fact (a
 * treaty, a key event, no date) is a bad row: reported with its file and
 * line, and counted. */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "import/import.h"
#include "import/rdcr.h"
#include "base/banned.h"

#define GUIDE_TITLE                                                                         \
	"A Guide to the United States' History of Recognition, Diplomatic, and Consular " \
	"Relations, by Country, since 1776"
/* The last year the guide covers (its latest entries are of 2023). */
#define GUIDE_END "2023"

/* Articles whose entity the names do not find: historic entities of the
 * COW and Gleditsch-Ward lists under another name, and those of neither
 * list, which data/world/historic.ledger defines (with HIST- ids; the
 * Cook Islands and Niue, states with ISO codes, with those). Looked up
 * before the names, since some names find another party ("Korea" is
 * today's South Korea). */
static const struct {
	const char *slug, *id;
} slugs[] = {
	{ "austrian-empire", "COW-AUH" },	/* COW's 300 from 1816 */
	{ "brunswick-luneburg", "HIST-BRUNSWICK" },
	{ "central-american-federation", "GW-UPC" },
	{ "congo-free-state", "HIST-CONGO" },
	{ "cook-islands", "CK" },
	{ "federal-government-germany", "HIST-GERMANY1848" },
	{ "genoa", "HIST-GENOA" },
	{ "german-democratic-republic", "COW-GDR" },
	{ "grand-duchy-tuscany", "COW-TUS" },
	{ "hanseatic-republics", "HIST-HANSE" },
	{ "hawaii", "HIST-HAWAII" },
	{ "hesse", "COW-HSG" },			/* the Grand Duchy (Hesse-Darmstadt) */
	{ "kingdom-of-yugoslavia", "RS" },	/* COW's 345: Serbia, Yugoslavia */
	{ "korea", "COW-KOR" },			/* the Kingdom of Korea, to 1910 */
	{ "lew-chew", "HIST-LEWCHEW" },
	{ "mecklenburg-strelitz", "HIST-STRELITZ" },
	{ "nassau", "HIST-NASSAU" },
	{ "niue", "NU" },
	{ "north-german-confederation", "HIST-NORTHGERMANY" },
	{ "north-german-union", "HIST-NORTHGERMANY" },
	{ "oldenburg", "HIST-OLDENBURG" },
	{ "piedmont-sardinia", "IT" },		/* COW's 325 from 1816 */
	{ "schaumburg-lippe", "HIST-SCHAUMBURG" },
	{ "soviet-union", "RU" },
	{ "texas", "HIST-TEXAS" },
	{ "wurttemberg", "COW-WRT" },
};

/* Articles whose entries speak of another party too: a phrase of the
 * head's clause (or, with prose = 1, of the entry's prose) names it.
 * First match wins. */
static const struct {
	const char *slug, *phrase, *id;
	int prose;
} others[] = {
	{ "china", "people's republic", "CN", 0 },
	{ "china", "prc", "CN", 0 },
	{ "china", "republic of china", "TW", 0 },
	{ "china", "taipei", "TW", 0 },
	{ "germany", "german democratic republic", "COW-GDR", 0 },
	{ "germany", "east germany", "COW-GDR", 0 },
	{ "germany", "german federal republic", "COW-GFR", 0 },
	{ "yemen", "north yemen", "YE", 0 },
	{ "yemen", "yemen arab republic", "YE", 0 },
	{ "yemen", "south yemen", "COW-YPR", 1 },
	{ "yemen", "southern yemen", "COW-YPR", 1 },
	{ "yemen", "people's democratic republic of yemen", "COW-YPR", 1 },
	{ "yemen", "aden", "COW-YPR", 0 },
	/* Piedmont-Sardinia became Italy (both COW's 325): its "Cessation
	 * of Relations" is no severance of relations with the state */
	{ "piedmont-sardinia", "cessation", NULL, 0 },
};

/* Articles that speak of one party up to a day and of another after:
 * Vietnam's is of the State of Vietnam and the Republic of Vietnam to
 * 1975, then of today's Vietnam. */
static const struct {
	const char *slug, *until, *id;
} eras[] = {
	{ "vietnam", "1975-12-31", "COW-RVN" },
};

/* What an article covers, where it is not its party's whole existence
 * (from 1776): Italy's article is of the Kingdom of Italy on, Piedmont-
 * Sardinia's of the same COW state before; Serbia's of the modern state,
 * that of the Kingdom of Serbia/Yugoslavia of the one before; Vietnam's
 * of the Republic of Vietnam, then of today's Vietnam. NULL: the party's
 * own from= or to=. */
static const struct {
	const char *slug, *id, *from, *to;
} periods[] = {
	{ "italy", "IT", "1861-03-17", NULL },
	{ "piedmont-sardinia", "IT", NULL, "1861-03-17" },
	{ "kingdom-of-yugoslavia", "RS", NULL, "1992" },
	{ "serbia", "RS", "1992", NULL },
	{ "vietnam", "COW-RVN", NULL, NULL },
	{ "vietnam", "VN", "1976", NULL },
};

/* Old names of countries that a head writes where a city would be
 * ("the American Legation in Siam"). */
static const char *const not_cities[] = { "Siam", "Persia", "Ceylon", "Dahomey", "Upper Volta",
					  "Tanganyika", "Formosa", "Zaire", "Abyssinia",
					  "Korea", "Prussia", "Guatemala", NULL };

static const char *const kind_names[RDCR__KINDS] = {
	[RDCR_RECOGNISE] = "recognise",		 [RDCR_WITHDRAW] = "withdraw-recognition",
	[RDCR_ESTABLISH] = "establish-relations", [RDCR_CHANGE] = "change-relations",
	[RDCR_SUSPEND] = "suspend-relations",	 [RDCR_SEVER] = "sever-relations",
	[RDCR_RESTORE] = "restore-relations",	 [RDCR_OPEN] = "open-mission",
	[RDCR_CLOSE] = "close-mission",
};
static const char *const kind_ids[RDCR__KINDS] = {
	[RDCR_RECOGNISE] = "recognise", [RDCR_WITHDRAW] = "withdraw", [RDCR_ESTABLISH] = "establish",
	[RDCR_CHANGE] = "change",	[RDCR_SUSPEND] = "suspend",   [RDCR_SEVER] = "sever",
	[RDCR_RESTORE] = "restore",	[RDCR_OPEN] = "open",	      [RDCR_CLOSE] = "close",
};

/* The US's own diplomatic mission to the article's party, as the entries
 * so far left it: an elevation closes the legation in its city, a move
 * the embassy where it was. */
struct tracked {
	const char *party, *type;
	char city[64];
};

#define RDCR_WHYS 16

struct rdcr {
	struct import_job *job;
	const char *us;
	struct hashmap unmatched;
	size_t entries, interpreted, reported, skipped;
	size_t why_n[RDCR_WHYS];      /* entries not interpreted, by why */
	const char *why_name[RDCR_WHYS];

	/* the article being read */
	const char *path, *base;
	char slug[128];
	unsigned file;
	const struct chancery_party *party;
	char *title;               /* its name, cleaned; NULL: none */
	struct strbuf title_text;  /* its short title as written */
	struct tracked mission;
	struct {
		const char *party;
		int recognition, relations;
	} made[8];
	size_t n_made;
	struct strbuf head, prose, lhead, lprose, text, date, suffixes;
	struct rdcr_text t;
};

/* ---- files ---- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The XML files to read: each path, or a folder's *.xml in name order. */
static int list_files(struct import_job *job, const char *const *paths, size_t n,
		      char ***out, size_t *n_out)
{
	size_t alloc = 0;
	*out = NULL;
	*n_out = 0;
	for (size_t i = 0; i < n; i++) {
		struct stat st;
		DIR *dir;
		struct dirent *e;
		size_t first = *n_out;
		if (stat(paths[i], &st) || !S_ISDIR(st.st_mode)) {
			ALLOC_GROW(*out, *n_out + 1, alloc);
			(*out)[(*n_out)++] = xstrdup(paths[i]);
			continue;
		}
		if (!(dir = opendir(paths[i]))) {
			chancery_diags_add(job->diags, CHANCERY_ERROR, paths[i], 0, 0, NULL,
					   "cannot read the folder '%s': %s", paths[i], strerror(errno));
			return -CHANCERY_EIO;
		}
		while ((e = readdir(dir))) {
			size_t len = strlen(e->d_name);
			struct strbuf p = STRBUF_INIT;
			if (len < 5 || strcmp(e->d_name + len - 4, ".xml") || e->d_name[0] == '.')
				continue;
			strbuf_addf(&p, "%s/%s", paths[i], e->d_name);
			ALLOC_GROW(*out, *n_out + 1, alloc);
			(*out)[(*n_out)++] = strbuf_detach(&p, NULL);
		}
		closedir(dir);
		qsort(*out + first, *n_out - first, sizeof(**out), cmp_str);
	}
	for (size_t i = 0; i < *n_out; i++)
		if (!import_id_ok(import_basename((*out)[i]))) {
			chancery_diags_add(job->diags, CHANCERY_ERROR, (*out)[i], 0, 0, NULL,
					   "the file's name '%s' cannot be the id of its source: name it"
					   " with letters, digits and - _ . : only",
					   import_basename((*out)[i]));
			return -CHANCERY_EINPUT;
		}
	return 0;
}

/* ---- parties ---- */

static void slug_of(const char *base, char *slug, size_t size)
{
	size_t n = strlen(base);
	if (n > 4 && !strcmp(base + n - 4, ".xml"))
		n -= 4;
	if (n >= size)
		n = size - 1;
	memcpy(slug, base, n);
	slug[n] = '\0';
}

/* The article's name as the short title writes it: "Hawaii*" (a
 * historic entity), "Benin (Dahomey)", "The Bahamas". */
static void clean_name(const char *title, struct strbuf *out, struct strbuf *other)
{
	const char *paren;
	rdcr_fold(title, out, NULL);
	strbuf_reset(other);
	while (out->len && (out->buf[out->len - 1] == '*' || out->buf[out->len - 1] == ' '))
		strbuf_setlen(out, out->len - 1);
	if ((paren = strchr(out->buf, '('))) {
		const char *close = strchr(paren, ')');
		if (close)
			strbuf_add(other, paren + 1, (size_t)(close - paren - 1));
		strbuf_setlen(out, (size_t)(paren - out->buf));
		while (out->len && out->buf[out->len - 1] == ' ')
			strbuf_setlen(out, out->len - 1);
	}
}

static const struct chancery_party *article_party(struct rdcr *r, const char *qid,
						  const char *title)
{
	const chancery_registry *known = r->job->known;
	const struct chancery_party *p = NULL;
	struct strbuf name = STRBUF_INIT, other = STRBUF_INIT;
	for (size_t i = 0; i < sizeof(slugs) / sizeof(*slugs); i++)
		if (!strcmp(slugs[i].slug, r->slug) && known)
			p = chancery_registry_find_party(known, slugs[i].id);
	if (!p)
		p = world_find(known, qid, NULL);
	if (!p && title) {
		clean_name(title, &name, &other);
		if (!(p = world_find(known, NULL, name.buf)) && !strncmp(name.buf, "The ", 4))
			p = world_find(known, NULL, name.buf + 4);
		if (!p && other.len)
			p = world_find(known, NULL, other.buf);
	}
	if (!p)
		p = world_find(known, NULL, r->slug);
	strbuf_release(&name);
	strbuf_release(&other);
	return p;
}

/* The party an act is about: another the clause names, else another the
 * whole head or the prose names, else that of the era of its date, else
 * the article's. NULL: the act is not one of a party's. */
static const struct chancery_party *act_party(struct rdcr *r, const char *clause, size_t len,
					      const char *lhead, const char *lprose,
					      const char *date)
{
	const chancery_registry *known = r->job->known;
	const struct chancery_party *p;
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < sizeof(others) / sizeof(*others); i++) {
			int hit;
			if (strcmp(others[i].slug, r->slug))
				continue;
			hit = pass == 0 ? rdcr_find(clause, len, others[i].phrase) != NULL
					: strstr(lhead, others[i].phrase) ||
						  (others[i].prose && strstr(lprose, others[i].phrase));
			if (!hit)
				continue;
			if (!others[i].id)
				return NULL;
			if ((p = chancery_registry_find_party(known, others[i].id)))
				return p;
		}
	for (size_t i = 0; i < sizeof(eras) / sizeof(*eras); i++)
		if (!strcmp(eras[i].slug, r->slug) && strcmp(date, eras[i].until) <= 0 &&
		    (p = chancery_registry_find_party(known, eras[i].id)))
			return p;
	return r->party;
}

/* Is the name a head gives after "in" a city, not a country? */
static int is_city(struct rdcr *r, const char *name, const struct chancery_party *party)
{
	const struct chancery_party *p;
	for (const char *const *n = not_cities; *n; n++)
		if (!strcmp(*n, name))
			return 0;
	if (r->title && !strcmp(r->title, name))
		return 0;
	p = chancery_registry_find_party(r->job->known, name);
	if (p && (p == party || p == r->party))
		return 0;
	p = world_find(r->job->known, NULL, name);
	return !p || p->to.form != CHANCERY_DATE_NONE; /* "Nassau" is a city too */
}

/* ---- entries ---- */

/* The year a when=, from= or to= starts with: exactly four digits
 * ("1969", "1969-05-01"); else 0 (fuzz_import_rdcr: when="19691" made the
 * year 19691, a date no ledger reads). */
static int year_of(const char *s)
{
	return s && strspn(s, "0123456789") == 4 ? (int)strtol(s, NULL, 10) : 0;
}

/* The years the head gives, *y0 to *y1: its <date>'s text when that is a
 * year (the text is what the guide's readers see; a few when= disagree
 * with it), else its when= or from= (to its to=); else the year or years
 * ending the head ("..., 1993.", "..., 1838-40."). *when gets the date's
 * when= when it is more precise than a year. */
static void head_years(struct rdcr *r, const struct rdcr_entry *e, int *y0, int *y1,
		       const char **when)
{
	const char *s = r->head.buf;
	size_t n = r->head.len, k;
	*when = NULL;
	*y0 = *y1 = 0;
	if (e->has_date) {
		rdcr_fold(e->date_text, &r->text, NULL);
		if (r->text.len == 4)
			*y0 = year_of(r->text.buf);
		if (!*y0)
			*y0 = year_of(e->when) ? year_of(e->when) : year_of(e->from);
		*y1 = year_of(e->to) > *y0 ? year_of(e->to) : *y0;
		if (e->when && year_of(e->when) == *y0 && strlen(e->when) > 4)
			*when = e->when;
		return;
	}
	while (n && (s[n - 1] == '.' || s[n - 1] == ' '))
		n--;
	/* ", 1838-40" or ", 1993" */
	for (k = n; k > 0 && ((s[k - 1] >= '0' && s[k - 1] <= '9') || s[k - 1] == '-'); k--)
		;
	if (k < 2 || s[k - 1] != ' ' || s[k - 2] != ',' || n - k < 4 || !(*y0 = year_of(s + k)))
		return;
	*y1 = *y0;
	if (n - k == 7 && s[k + 4] == '-')
		*y1 = *y0 / 100 * 100 + (int)strtol(s + k + 5, NULL, 10);
	else if (n - k == 9 && s[k + 4] == '-')
		*y1 = year_of(s + k + 5);
	if (*y1 < *y0 || (n - k != 4 && n - k != 7 && n - k != 9))
		*y1 = *y0 = 0;
}

static void count_why(struct rdcr *r, const char *why)
{
	size_t i = 0;
	while (i < RDCR_WHYS && r->why_name[i] && strcmp(r->why_name[i], why))
		i++;
	if (i == RDCR_WHYS)
		i = RDCR_WHYS - 1; /* (there are fewer kinds) */
	r->why_name[i] = why;
	r->why_n[i]++;
}

static void report(struct rdcr *r, unsigned line, const char *why)
{
	struct strbuf h = STRBUF_INIT;
	size_t n = r->head.len > 90 ? 90 : r->head.len;
	while (n < r->head.len && n && ((unsigned char)r->head.buf[n] & 0xc0) == 0x80)
		n--; /* not inside a character */
	import_quote(&h, r->head.buf, n);
	import_bad(r->job, r->path, line, "not interpreted: %s (%s%s)", why,
		   r->head.len ? h.buf : "no head", n < r->head.len ? "..." : "");
	r->reported++;
	count_why(r, why);
	strbuf_release(&h);
}

/* Note that the article gave a recognition or relations fact of party
 * (the source covers only what it gave). */
static void made(struct rdcr *r, const char *party, int recognition)
{
	size_t i = 0;
	while (i < r->n_made && r->made[i].party != party)
		i++;
	if (i == r->n_made) {
		if (r->n_made == sizeof(r->made) / sizeof(*r->made))
			return;
		r->made[i].party = party;
		r->made[i].recognition = r->made[i].relations = 0;
		r->n_made++;
	}
	if (recognition)
		r->made[i].recognition = 1;
	else
		r->made[i].relations = 1;
}

/* The suffix of an act's id, unique in its entry: "sever", "open",
 * "recognise-us" (the country's act towards the US), "open2". */
static void act_id(struct rdcr *r, const struct rdcr_act *a, struct strbuf *id)
{
	char want[48];
	size_t n = strlen(kind_ids[a->kind]);
	int towards_us = a->by_them && (a->kind == RDCR_RECOGNISE || a->kind == RDCR_OPEN ||
					a->kind == RDCR_CLOSE);
	want[0] = ' ';
	memcpy(want + 1, kind_ids[a->kind], n);
	n++;
	if (towards_us) {
		memcpy(want + n, "-us", 3);
		n += 3;
	}
	for (char k = '1';; k++) {
		size_t m = n;
		if (k > '1')
			want[m++] = k;
		want[m++] = ' ';
		want[m] = '\0';
		if (!strstr(r->suffixes.buf, want) || k == '9') {
			strbuf_add(&r->suffixes, want + 1, m - 1);
			strbuf_add(id, want + 1, m - 2);
			return;
		}
	}
}

/* Write one fact. (Without printf: it is most of what a fact costs.) */
static void emit(struct rdcr *r, unsigned line, const struct rdcr_act *a, const char *date,
		 const char *party, const char *type, const char *city)
{
	struct import_job *job = r->job;
	struct strbuf *o = &job->out;
	const char *from = a->by_them ? party : r->us, *to = a->by_them ? r->us : party;
	char num[16];
	size_t k = sizeof(num);
	import_line(job, r->file, line);
	num[--k] = '\0';
	do
		num[--k] = (char)('0' + line % 10);
	while ((line /= 10) && k);
	strbuf_addstr(o, date);
	strbuf_addch(o, ' ');
	strbuf_addstr(o, kind_names[a->kind]);
	strbuf_addch(o, ' ');
	strbuf_addstr(o, from);
	strbuf_addch(o, ' ');
	strbuf_addstr(o, to);
	if (a->level) {
		strbuf_addstr(o, " level=");
		strbuf_addstr(o, a->level);
	}
	if (type) {
		strbuf_addstr(o, " type=");
		strbuf_addstr(o, type);
	}
	if (city && *city) {
		strbuf_addstr(o, " city=");
		import_quote(o, city, strlen(city));
	}
	strbuf_addstr(o, " id=");
	strbuf_addstr(o, r->base);
	strbuf_addch(o, ':');
	strbuf_addstr(o, num + k);
	strbuf_addch(o, '.');
	act_id(r, a, o);
	strbuf_addstr(o, " source=");
	strbuf_addstr(o, r->base);
	strbuf_addch(o, '\n');
	job->facts++;
	if ((a->kind == RDCR_RECOGNISE && !a->by_them) || a->kind == RDCR_ESTABLISH ||
	    a->kind == RDCR_RESTORE)
		made(r, party, a->kind == RDCR_RECOGNISE);
}

static int main_mission(const char *type)
{
	return type && (!strcmp(type, "legation") || !strcmp(type, "embassy") ||
			!strcmp(type, "interests-section") || !strcmp(type, "representative-office"));
}

/* A mission's facts: its type and city from the head, the prose or the
 * mission open before; a move closes the one before. Returns how many
 * facts it wrote. */
static int mission(struct rdcr *r, unsigned line, const struct rdcr_act *a, const char *date,
		   const struct chancery_party *party)
{
	struct tracked *t = &r->mission;
	const char *type = a->type;
	char city[64];
	int n = 0;
	char from[64], after[64];
	rdcr_head_city(r->head.buf, a->clause, a->clause_len,
		       a->move ? RDCR_CITY_TO : RDCR_CITY_NOUN, city, sizeof(city));
	if (city[0] && !is_city(r, city, party))
		city[0] = '\0';
	if (!city[0] && a->kind == RDCR_OPEN && !a->move && type) {
		const struct chancery_party *in;
		rdcr_prose_city(r->prose.buf, type, city, sizeof(city), after, sizeof(after));
		/* "the American Embassy in Vienna, Austria": another country's */
		in = after[0] ? world_find(r->job->known, NULL, after) : NULL;
		if (city[0] && (!is_city(r, city, party) || (in && in != party)))
			city[0] = '\0';
	}
	if (!a->by_them && t->type && t->party == party->id) {
		if (!type && (a->move || a->kind == RDCR_CLOSE))
			type = t->type;
		/* a legation raised, the same mission closed or reopened:
		 * where the one before was */
		if (!city[0] && !a->move && (a->elevate || !strcmp(type ? type : "", t->type)))
			memcpy(city, t->city, sizeof(city));
	}
	if (!type || (a->move && !city[0]))
		return 0;
	if (a->move && !a->by_them) {
		/* "Moved from Jidda to Riyadh": closed where it was */
		rdcr_head_city(r->head.buf, a->clause, a->clause_len, RDCR_CITY_FROM, from,
			       sizeof(from));
		if (from[0] && is_city(r, from, party)) {
			struct rdcr_act close = *a;
			close.kind = RDCR_CLOSE;
			emit(r, line, &close, date, party->id, type, from);
			n++;
		} else if (t->type && (t->party != party->id || strcmp(t->city, city))) {
			/* the one open before, wherever it was ("Moved to Taipei":
			 * the embassy in China's Chongqing) */
			struct rdcr_act close = *a;
			close.kind = RDCR_CLOSE;
			emit(r, line, &close, date, t->party, t->type, t->city);
			n++;
		}
	}
	emit(r, line, a, date, party->id, type, city);
	if (!a->by_them && main_mission(type) && (a->kind == RDCR_OPEN || !t->type)) {
		t->party = party->id;
		t->type = type;
		memcpy(t->city, city, sizeof(t->city));
	}
	return n + 1;
}

/* The date of an act, from the prose, else the head's when=, else the
 * head's year ("1902"), or years ("1936/1948": some time then). Returns
 * -1 when there is none. */
static int act_date(struct rdcr *r, int y0, int y1, const char *when, enum rdcr_kind kind)
{
	strbuf_reset(&r->date);
	if (rdcr_prose_date(&r->t, y0, y1, kind, &r->date))
		return 0;
	if (when) {
		int open;
		if (!import_edtf(when, strlen(when), &r->date, &open) && !open)
			return 0;
		strbuf_reset(&r->date);
	}
	if (!y0)
		return -1;
	strbuf_addf(&r->date, "%04d", y0);
	if (y1 > y0)
		strbuf_addf(&r->date, "/%04d", y1);
	return 0;
}

/* The entry's head and, when it is read (an entry of a treaty or key
 * event is reported by its head), its prose: folded, as written and in
 * lower case, its dates found. */
static void entry_text(struct rdcr *r, const struct rdcr_entry *e, int prose)
{
	rdcr_fold(e->head, &r->head, &r->lhead);
	strbuf_reset(&r->prose);
	strbuf_reset(&r->lprose);
	if (prose)
		rdcr_fold(e->prose, &r->prose, &r->lprose);
	r->t.head = r->head.buf;
	r->t.lhead = r->lhead.buf;
	r->t.head_len = r->head.len;
	r->t.prose = r->prose.buf;
	r->t.lprose = r->lprose.buf;
	r->t.prose_len = r->prose.len;
	rdcr_scan(&r->t);
}

/* The facts of an entry's acts; reported when it gives none. */
static void entry_facts(struct rdcr *r, unsigned line, const struct rdcr_act *acts, size_t n,
			int y0, int y1, const char *when)
{
	size_t written = 0, dated = 0, others_only = 0;
	strbuf_reset(&r->suffixes);
	strbuf_addch(&r->suffixes, ' ');
	for (size_t i = 0; i < n; i++) {
		const struct rdcr_act *a = &acts[i];
		const struct chancery_party *p;
		int mission_act = a->kind == RDCR_OPEN || a->kind == RDCR_CLOSE;
		/* a consulate "1906-1917": a post over a period, not an event */
		if (mission_act && y1 > y0 && a->type && strstr(a->type, "consulate"))
			continue;
		/* a legation raised: the three facts of one day */
		if (act_date(r, y0, y1, when, a->elevate ? RDCR_CHANGE : a->kind))
			continue;
		dated++;
		p = act_party(r, r->t.lhead + a->clause, a->clause_len, r->t.lhead, r->t.lprose,
			      r->date.buf);
		if (!p || !strcmp(p->id, r->us)) {
			others_only++;
			continue; /* no fact of a party's; or the US in itself */
		}
		if (mission_act) {
			written += (size_t)mission(r, line, a, r->date.buf, p);
			continue;
		}
		emit(r, line, a, r->date.buf, p->id, NULL, NULL);
		written++;
	}
	if (written)
		r->interpreted++;
	else
		report(r, line, !dated ? "no date" : others_only ? "the entity lives on as another"
								 : "a mission of no kind or city named");
}

static void on_entry(void *ctx, const struct rdcr_entry *e)
{
	struct rdcr *r = ctx;
	struct import_job *job = r->job;
	struct rdcr_act acts[RDCR_MAX_ACTS];
	const char *why, *when = NULL;
	size_t n;
	int y0 = 0, y1 = 0;

	job->rows++;
	r->entries++;
	import_progress(job, r->path, job->rows, 0);
	if (import_skipped(job, r->file, e->line)) {
		r->skipped++;
		return;
	}
	entry_text(r, e, r->party && e->sec == RDCR_SEC_RELATIONS);
	if (!r->party) {
		import_unmatched(&r->unmatched, r->slug);
		report(r, e->line, "an entity chancery does not know");
		return;
	}
	if (e->has_head)
		head_years(r, e, &y0, &y1, &when);
	if (!(n = rdcr_classify(&r->t, e->sec, acts, &why))) {
		/* "never established diplomatic relations": the article lists
		 * them completely too, as none */
		if (!strcmp(why, "no relations"))
			made(r, r->party->id, 0);
		report(r, e->line, why);
		return;
	}
	entry_facts(r, e->line, acts, n, y0, y1, when);
}

/* The article's party, from its title: its body begins. */
static void on_begin(void *ctx, const char *title, const char *qid)
{
	struct rdcr *r = ctx;
	struct strbuf name = STRBUF_INIT, other = STRBUF_INIT;
	strbuf_reset(&r->title_text);
	strbuf_addstr(&r->title_text, title);
	clean_name(title, &name, &other);
	free(r->title);
	r->title = name.len ? strbuf_detach(&name, NULL) : NULL;
	r->party = article_party(r, qid, title);
	strbuf_release(&name);
	strbuf_release(&other);
}

/* ---- the article's source ---- */

/* The period the article covers: from the party's existence or 1776, to
 * the guide's end or the party's (or what the periods table says). A
 * claim of completeness had better be short of the truth than past it:
 * a start written "../1918-10-28" ("existed by then") covers from
 * 1918-10-28. */
static void coverage(const struct chancery_party *p, const char *from, const char *to,
		     struct strbuf *out)
{
	char buf[64];
	const char *slash;
	strbuf_addstr(out, " from=");
	chancery_date_format(&p->from, buf, sizeof(buf));
	slash = strrchr(buf, '/');
	if (from)
		strbuf_addstr(out, from);
	else if (p->from.form == CHANCERY_DATE_NONE ||
		 p->from.hi < chancery_day_from_ymd(1776, 1, 1))
		strbuf_addstr(out, "1776");
	else
		strbuf_addstr(out, slash ? slash + 1 : buf);
	strbuf_addstr(out, " to=");
	chancery_date_format(&p->to, buf, sizeof(buf));
	if ((slash = strchr(buf, '/')))
		*(char *)slash = '\0';
	if (to)
		strbuf_addstr(out, to);
	else if (p->to.form == CHANCERY_DATE_NONE ||
		 p->to.lo > chancery_day_from_ymd(2023, 12, 31) || !strcmp(buf, ".."))
		strbuf_addstr(out, GUIDE_END);
	else
		strbuf_addstr(out, buf);
}

/* A covers line for a party the article gave recognition or relations
 * facts of. */
static void covers(struct rdcr *r, const char *id, const char *from, const char *to)
{
	struct import_job *job = r->job;
	const struct chancery_party *p = chancery_registry_find_party(job->known, id);
	for (size_t i = 0; p && i < r->n_made; i++) {
		if (r->made[i].party != p->id)
			continue;
		import_line(job, 0, 0);
		strbuf_addf(&job->out, "  covers %s%s%s by=%s with=%s",
			    r->made[i].recognition ? "recognition" : "",
			    r->made[i].recognition && r->made[i].relations ? "," : "",
			    r->made[i].relations ? "relations" : "", r->us, p->id);
		coverage(p, from, to, &job->out);
		strbuf_addch(&job->out, '\n');
	}
}

/* The article's source (unless the registry has it): the guide's title
 * and the article's name, and what it covers. */
static void source(struct rdcr *r, const char *title)
{
	struct import_job *job = r->job;
	struct strbuf name = STRBUF_INIT, other = STRBUF_INIT, t = STRBUF_INIT;
	if (job->known && chancery_registry_lookup(job->known, r->base, NULL) == CHANCERY_ENT_SOURCE)
		return;
	clean_name(title, &name, &other);
	strbuf_addf(&t, "%s: %s", GUIDE_TITLE, name.buf);
	import_line(job, 0, 0);
	strbuf_addf(&job->out, "source %s ", r->base);
	import_quote(&job->out, t.buf, t.len);
	strbuf_addstr(&job->out, " publisher=\"Office of the Historian, U.S. Department of State\"");
	if (import_id_ok(r->slug))
		strbuf_addf(&job->out, " url=https://history.state.gov/countries/%s", r->slug);
	strbuf_addch(&job->out, '\n');
	/* The guide records the US's recognition of the entity and their
	 * relations completely, but not every consulate: coverage of those
	 * two only, and only where its entries gave facts of them (an entry
	 * the reader could not interpret leaves a gap, which the checks'
	 * refusal of a fact leaves too). */
	{
		int listed = 0;
		for (size_t i = 0; i < sizeof(periods) / sizeof(*periods); i++)
			if (!strcmp(periods[i].slug, r->slug)) {
				covers(r, periods[i].id, periods[i].from, periods[i].to);
				listed = 1;
			}
		if (!listed && r->party)
			covers(r, r->party->id, NULL, NULL);
	}
	strbuf_release(&name);
	strbuf_release(&other);
	strbuf_release(&t);
}

/* ---- an article ---- */

static int article(struct rdcr *r, const char *path)
{
	struct import_job *job = r->job;
	struct strbuf raw = STRBUF_INIT;
	const struct rdcr_article_cb cb = { r, on_begin, on_entry };
	int ret;

	if ((ret = import_read_file(job, path, &raw)))
		return ret;
	r->path = path;
	r->base = import_basename(path);
	r->file = import_file_number(job, path);
	slug_of(r->base, r->slug, sizeof(r->slug));
	r->party = NULL;
	memset(&r->mission, 0, sizeof(r->mission));
	r->n_made = 0;
	strbuf_reset(&r->title_text);
	ret = rdcr_read_xml(path, raw.buf, raw.len, &cb, job->diags);
	if (!ret)
		source(r, r->title_text.buf);
	import_progress(job, path, job->rows, 1);
	free(r->title);
	r->title = NULL;
	strbuf_release(&raw);
	return ret;
}

static void summary(struct rdcr *r, const char *where)
{
	struct strbuf s = STRBUF_INIT;
	size_t n = r->entries;
	strbuf_addf(&s, "%zu entries, %zu interpreted (%.1f%%), %zu facts; %zu not interpreted",
		    n, r->interpreted, n ? 100.0 * (double)r->interpreted / (double)n : 0.0,
		    r->job->facts, r->reported);
	for (size_t i = 0; i < RDCR_WHYS && r->why_name[i]; i++)
		strbuf_addf(&s, "%s%s %zu", i ? ", " : " (", r->why_name[i], r->why_n[i]);
	if (r->why_name[0])
		strbuf_addch(&s, ')');
	if (r->skipped)
		strbuf_addf(&s, "; %zu left out by the checks", r->skipped);
	chancery_diags_add(r->job->diags, CHANCERY_WARNING, where, 0, 0, NULL, "%s", s.buf);
	strbuf_release(&s);
}

int import_rdcr(struct import_job *job, const char *const *paths, size_t n)
{
	struct rdcr r = { .job = job, .unmatched = HASHMAP_INIT, .head = STRBUF_INIT,
			  .prose = STRBUF_INIT, .lhead = STRBUF_INIT, .lprose = STRBUF_INIT,
			  .text = STRBUF_INIT, .date = STRBUF_INIT, .suffixes = STRBUF_INIT,
			  .title_text = STRBUF_INIT };
	const struct chancery_party *us = world_find(job->known, NULL, "US");
	char **files = NULL;
	size_t n_files = 0;
	int ret;

	if (!us) {
		chancery_diags_add(job->diags, CHANCERY_ERROR, NULL, 0, 0, NULL,
				   "the registry has no party 'US': import the parties first"
				   " (data/all.ledger, or import-states)");
		return -CHANCERY_EINPUT;
	}
	r.us = us->id;
	ret = list_files(job, paths, n, &files, &n_files);
	if (!ret && !n_files) {
		chancery_diags_add(job->diags, CHANCERY_ERROR, paths[0], 0, 0, NULL,
				   "no .xml article to read");
		ret = -CHANCERY_EINPUT;
	}
	for (size_t i = 0; !ret && i < n_files; i++)
		ret = article(&r, files[i]);
	if (!ret) {
		import_unmatched_flush(job, &r.unmatched, "article");
		summary(&r, paths[0]);
	} else {
		for (size_t i = 0; i < r.unmatched.cap; i++)
			free((char *)r.unmatched.v[i].key);
		hashmap_release(&r.unmatched);
	}
	for (size_t i = 0; i < n_files; i++)
		free(files[i]);
	free(files);
	strbuf_release(&r.head);
	strbuf_release(&r.prose);
	strbuf_release(&r.lhead);
	strbuf_release(&r.lprose);
	strbuf_release(&r.title_text);
	free(r.t.dates);
	free(r.t.sentences);
	strbuf_release(&r.text);
	strbuf_release(&r.date);
	strbuf_release(&r.suffixes);
	return ret;
}
