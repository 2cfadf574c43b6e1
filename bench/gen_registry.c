/* gen_registry.c: write a deterministic synthetic ledger for the benchmark
 * (bench/README.md), and with --csv the same events as CSV rows, the file
 * a user would load with the sqlite3 shell instead.
 *
 *   gen_registry [--events N] [--parties P] [--seed S] [--csv FILE] OUT.ledger
 *
 * The registry passes `chancery check` with no error and no warning. Each
 * pair of parties gets a story told in date order: recognitions, the
 * establishment of relations, changes of level, severances and
 * restorations, missions opened and closed, envoys appointed, accredited
 * and recalled, treaties signed and ratified, and third parties reacting
 * to what happened. A few multilateral treaties come on top. Every event
 * happens on a true day; the date written may be less precise (a month, a
 * year, an interval, undated) but always contains that day, so no check
 * of order (ratification after signature, credentials after appointment,
 * a reaction after what it is about) can fail. Relations events and
 * credentials are always written to the day, so that the check for
 * credentials presented while relations were severed sees the true
 * order. Events, treaty actions included, number exactly N. */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chancery.h"
#include "base/banned.h"

/* ---- random numbers: splitmix64, the same stream on every machine ---- */

static uint64_t rng_state;

static uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15u);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

/* Uniform in [0, n). */
static uint32_t below(uint32_t n)
{
	return n ? (uint32_t)(((rnd() >> 32) * (uint64_t)n) >> 32) : 0;
}

/* Uniform in [0, 1). */
static double unif(void)
{
	return (double)(rnd() >> 11) * (1.0 / 9007199254740992.0);
}

static const char *pick(const char *const *v, size_t n)
{
	return v[below((uint32_t)n)];
}
#define PICK(v) pick(v, sizeof(v) / sizeof(*(v)))

static void *xmalloc_or_die(size_t n)
{
	void *p = calloc(1, n ? n : 1);
	if (!p) {
		fprintf(stderr, "gen_registry: out of memory\n");
		exit(3);
	}
	return p;
}

/* ---- names ---- */

static const char *const syllables[16] = {
	"vel", "mor", "ta", "ri", "san", "do", "ka", "lun",
	"bra", "es", "to", "vin", "gar", "os", "ne", "qu",
};

/* A unique name for number i (unique for every i < 65536). */
static void synth_name(unsigned i, unsigned salt, char *buf, size_t size)
{
	char tmp[24];
	size_t n = 0;
	/* an odd multiplier permutes the low 12 bits: names stay unique */
	unsigned x = i < 4096 ? (i * 2731u + 1187u) & 4095u : i;
	int parts = i < 4096 ? 3 : 4;
	for (int k = 0; k < parts; k++) {
		const char *s = syllables[((x & 15) + salt * (unsigned)(k + 1)) & 15];
		size_t l = strlen(s);
		memcpy(tmp + n, s, l);
		n += l;
		x >>= 4;
	}
	tmp[n] = '\0';
	tmp[0] = (char)(tmp[0] - 'a' + 'A');
	snprintf(buf, size, "%s", tmp);
}

/* ---- the world ---- */

#define N_SOURCES 24
#define N_CITIES 4 /* per party: the capital and three others */

struct party {
	char id[16], name[64], iso3[4];
	char city[N_CITIES][48];
	double weight;
	uint64_t events;             /* events of the stories it is in */
	uint32_t first_diplomat, n_diplomats;
};

static struct party *parties;
static unsigned n_parties;
static uint8_t *posted; /* diplomat x receiver: posted there once already */
static uint32_t n_diplomats;

static const char *head_id(unsigned p, char buf[16])
{
	snprintf(buf, 16, "H%04u", p + 1);
	return buf;
}

static const char *diplomat_id(uint32_t d, char buf[16])
{
	snprintf(buf, 16, "D%06u", (unsigned)d + 1);
	return buf;
}

/* ---- generated ids: a set of 64-bit hashes ---- */

static uint64_t *idset;
static size_t idset_mask, idset_n;

static uint64_t hash_str(const char *s)
{
	uint64_t h = 14695981039346656037u;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211u;
	}
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdu;
	h ^= h >> 33;
	return h | 1; /* 0 marks an empty slot */
}

/* Add s; returns 0 if it (or a string of the same hash) was there. */
static int idset_add(const char *s)
{
	uint64_t h = hash_str(s);
	size_t k;
	for (k = h & idset_mask; idset[k]; k = (k + 1) & idset_mask)
		if (idset[k] == h)
			return 0;
	idset[k] = h;
	idset_n++;
	return 1;
}

/* ---- dates ---- */

static int32_t day_first, day_last;

/* The date written for an event that happened on day t, canonical (as
 * chancery_date_format writes it), and the range it stands for.
 * exact: always the day itself. */
struct wdate {
	char text[48];
	int32_t lo, hi;
	int form;
};

static void ymd_text(int32_t day, int prec, char *buf, size_t size)
{
	int y, m, d;
	chancery_day_to_ymd(day, &y, &m, &d);
	if (prec == 1)
		snprintf(buf, size, "%04d", y);
	else if (prec == 2)
		snprintf(buf, size, "%04d-%02d", y, m);
	else
		snprintf(buf, size, "%04d-%02d-%02d", y, m, d);
}

static void make_date(int32_t t, int exact, struct wdate *w)
{
	char raw[48], a[16], b[16];
	double r = exact ? 0.0 : unif();
	struct chancery_date d;
	const char *why;
	size_t where;

	if (r < 0.86) {
		ymd_text(t, 3, raw, sizeof(raw));
	} else if (r < 0.92) {
		ymd_text(t, 2, raw, sizeof(raw));
	} else if (r < 0.95) {
		ymd_text(t, 1, raw, sizeof(raw));
	} else if (r < 0.96) {
		snprintf(raw, sizeof(raw), "undated");
	} else if (r < 0.975) { /* some day within a few weeks */
		ymd_text(t - (int32_t)below(20), 3, a, sizeof(a));
		ymd_text(t + 1 + (int32_t)below(20), 3, b, sizeof(b));
		snprintf(raw, sizeof(raw), "%s/%s", a, b);
	} else if (r < 0.982) { /* some month of a season */
		ymd_text(t - (int32_t)below(60), 2, a, sizeof(a));
		ymd_text(t + 31 + (int32_t)below(60), 2, b, sizeof(b));
		snprintf(raw, sizeof(raw), "%s/%s", a, b);
	} else if (r < 0.988) { /* on or after */
		ymd_text(t - (int32_t)below(400), 3, a, sizeof(a));
		snprintf(raw, sizeof(raw), "%s/..", a);
	} else if (r < 0.991) { /* by */
		ymd_text(t + (int32_t)below(400), 2, a, sizeof(a));
		snprintf(raw, sizeof(raw), "../%s", a);
	} else if (r < 0.996) {
		ymd_text(t, 3, a, sizeof(a));
		snprintf(raw, sizeof(raw), "%s?", a);
	} else {
		ymd_text(t, 1, a, sizeof(a));
		snprintf(raw, sizeof(raw), "%s~", a);
	}
	if (chancery_date_parse(raw, strlen(raw), &d, &why, &where) < 0) {
		fprintf(stderr, "gen_registry: bad date '%s': %s\n", raw, why);
		exit(3);
	}
	chancery_date_format(&d, w->text, sizeof(w->text));
	w->lo = d.lo;
	w->hi = d.hi;
	w->form = d.form;
	if (d.form != CHANCERY_DATE_NONE && (d.lo > t || d.hi < t)) {
		fprintf(stderr, "gen_registry: date '%s' does not contain its day\n", raw);
		exit(3);
	}
}

/* ---- events of one story ---- */

enum gkind {
	K_RECOGNISE,
	K_ESTABLISH,
	K_CHANGE,
	K_SUSPEND,
	K_SEVER,
	K_RESTORE,
	K_OPEN,
	K_CLOSE,
	K_APPOINT,
	K_CREDENTIALS,
	K_END,
	K_REACT,
	K_SIGN,
	K_RATIFY,
	K__COUNT
};

static const char *const kind_names[K__COUNT] = {
	"recognise",	 "establish-relations", "change-relations",    "suspend-relations",
	"sever-relations", "restore-relations", "open-mission",	       "close-mission",
	"appoint-envoy", "present-credentials", "end-envoy",	       "react",
	"sign",		 "ratify",
};

struct gev {
	struct wdate date;
	uint8_t kind, source;
	int16_t actor, target; /* party index, -1 for none */
	int32_t person;        /* diplomat index, -1 for none */
	int16_t by, to;        /* head of this party, -1 for none */
	const char *level, *mtype, *city, *rank, *stance, *instrument, *place, *note, *text;
	uint32_t id;    /* explicit id number, 0 for a generated id */
	uint32_t about; /* explicit id number of the event reacted to */
};

struct gtreaty {
	uint32_t num;
	unsigned n_parties;
	uint16_t *parties;
	uint8_t source, force, term;
	const char *note;
	struct gev *actions;
	size_t n_actions, alloc_actions;
};

static uint32_t next_event_id, next_treaty;
static uint64_t kind_count[K__COUNT];
static uint64_t n_written, n_explicit, n_imprecise, n_undated;
static FILE *out, *csv;

static const char *const instruments[] = {
	"note verbale", "exchange of notes", "presidential decree", "exchange of letters",
	"joint communique", "cabinet decision",
};
static const char *const levels[] = {
	"embassy", "embassy", "embassy", "legation", "charge-d-affaires", "consulate",
	"interests-section", "liaison-office",
};
static const char *const ranks[] = {
	"Ambassador Extraordinary and Plenipotentiary", "Ambassador", "Ambassador",
	"Chargé d'affaires", "Minister Plenipotentiary",
};
static const char *const stances_[] = {
	"condemn", "call-to-rescind", "concern", "support", "welcome", "note",
};
static const char *const react_texts[] = {
	"Calls on both sides to show restraint.",
	"Regrets the decision and asks that it be reconsidered.",
	"Welcomes the step as a contribution to regional stability.",
	"Takes note of the decision.",
	"Holds the decision to be contrary to international law.",
};
static const char *const notes[] = {
	"Date from the official gazette.",
	"Reported by the press agency of the receiving state.",
	"The source gives the month only in its summary table.",
	"Confirmed by a later statement of the foreign ministry.",
};

/* ---- writing ---- */

static int needs_quotes(const char *s)
{
	if (!*s || *s == '#')
		return 1;
	for (; *s; s++)
		if ((unsigned char)*s <= 0x20 || *s == '"' || *s == '\\')
			return 1;
	return 0;
}

static void put_attr(const char *key, const char *val)
{
	if (!val)
		return;
	if (needs_quotes(val))
		fprintf(out, " %s=\"%s\"", key, val);
	else
		fprintf(out, " %s=%s", key, val);
}

static void csv_field(const char *s, int last)
{
	if (s && *s) {
		if (strpbrk(s, ",\"\n")) {
			fputc('"', csv);
			for (; *s; s++) {
				if (*s == '"')
					fputc('"', csv);
				fputc(*s, csv);
			}
			fputc('"', csv);
		} else {
			fputs(s, csv);
		}
	}
	fputc(last ? '\n' : ',', csv);
}

static const char *iso_day(int32_t day, char *buf, size_t size)
{
	if (day == CHANCERY_DAY_MIN || day == CHANCERY_DAY_MAX)
		return NULL;
	ymd_text(day, 3, buf, size);
	return buf;
}

static void source_id(unsigned s, char buf[8])
{
	snprintf(buf, 8, "S%02u", s + 1);
}

/* The id chancery gives an event written without one (registry.c's
 * event_base_id), for the collision set and the CSV. */
static void base_id(const struct gev *e, const char *treaty, char *buf, size_t size)
{
	char date[48], person[16];
	size_t n;
	if (treaty) {
		if (e->actor >= 0)
			snprintf(buf, size, "%s.%s.%s", treaty, kind_names[e->kind],
				 parties[e->actor].id);
		else
			snprintf(buf, size, "%s.%s", treaty, kind_names[e->kind]);
		return;
	}
	snprintf(date, sizeof(date), "%s", e->date.text);
	if (e->date.form != CHANCERY_DATE_NONE)
		for (char *p = date; *p; p++)
			if ((*p < '0' || *p > '9') && *p != '-')
				*p = '_';
	n = (size_t)snprintf(buf, size, "%s.%s", date, kind_names[e->kind]);
	if (e->person >= 0 && n < size)
		n += (size_t)snprintf(buf + n, size - n, ".%s", diplomat_id((uint32_t)e->person, person));
	if (e->actor >= 0 && n < size)
		n += (size_t)snprintf(buf + n, size - n, ".%s", parties[e->actor].id);
	if (e->target >= 0 && n < size)
		snprintf(buf + n, size - n, ".%s", parties[e->target].id);
}

static void write_event(const struct gev *e, const char *treaty)
{
	char person[16], by[16], to[16], id[160], src[8], about[24], lo[16], hi[16];
	source_id(e->source, src);
	if (e->id)
		snprintf(id, sizeof(id), "ev-%07u", (unsigned)e->id);
	else
		base_id(e, treaty, id, sizeof(id));
	about[0] = '\0';
	if (e->about)
		snprintf(about, sizeof(about), "ev-%07u", (unsigned)e->about);

	if (treaty)
		fputs("  ", out);
	fprintf(out, "%s %s", e->date.text, kind_names[e->kind]);
	if (e->person >= 0)
		fprintf(out, " %s", diplomat_id((uint32_t)e->person, person));
	if (e->actor >= 0)
		fprintf(out, " %s", parties[e->actor].id);
	if (e->target >= 0)
		fprintf(out, " %s", parties[e->target].id);
	put_attr("level", e->level);
	put_attr("type", e->mtype);
	put_attr("city", e->city);
	put_attr("rank", e->rank);
	put_attr("about", e->about ? about : NULL);
	put_attr("stance", e->stance);
	put_attr("by", e->by >= 0 ? head_id((unsigned)e->by, by) : NULL);
	put_attr("to", e->to >= 0 ? head_id((unsigned)e->to, to) : NULL);
	put_attr("place", e->place);
	put_attr("instrument", e->instrument);
	put_attr("note", e->note);
	fprintf(out, " source=%s", src);
	if (e->id)
		fprintf(out, " id=%s", id);
	if (e->text)
		fprintf(out, " \"%s\"", e->text);
	fputc('\n', out);

	kind_count[e->kind]++;
	n_written++;
	n_explicit += e->id != 0;
	n_undated += e->date.form == CHANCERY_DATE_NONE;
	n_imprecise += !(e->date.form == CHANCERY_DATE_POINT && e->date.lo == e->date.hi);

	if (csv) {
		/* id,kind,date,day_from,day_to,actor,target,person,treaty,source,
		 * level,type,city,rank,by,to,about,stance,place,instrument,note,text */
		csv_field(id, 0);
		csv_field(kind_names[e->kind], 0);
		csv_field(e->date.text, 0);
		csv_field(iso_day(e->date.lo, lo, sizeof(lo)), 0);
		csv_field(iso_day(e->date.hi, hi, sizeof(hi)), 0);
		csv_field(e->actor >= 0 ? parties[e->actor].id : NULL, 0);
		csv_field(e->target >= 0 ? parties[e->target].id : NULL, 0);
		csv_field(e->person >= 0 ? person : NULL, 0);
		csv_field(treaty, 0);
		csv_field(src, 0);
		csv_field(e->level, 0);
		csv_field(e->mtype, 0);
		csv_field(e->city, 0);
		csv_field(e->rank, 0);
		csv_field(e->by >= 0 ? by : NULL, 0);
		csv_field(e->to >= 0 ? to : NULL, 0);
		csv_field(e->about ? about : NULL, 0);
		csv_field(e->stance, 0);
		csv_field(e->place, 0);
		csv_field(e->instrument, 0);
		csv_field(e->note, 0);
		csv_field(e->text, 1);
	}
}

static const char *const force_lines[] = {
	NULL, "last-ratification", "last-ratification after=30d", "on-signature",
	"nth-ratification", "exchange",
};

static void write_treaty(const struct gtreaty *t)
{
	char id[16], src[8];
	snprintf(id, sizeof(id), "T%06u", (unsigned)t->num);
	source_id(t->source, src);
	if (t->n_parties == 2)
		fprintf(out, "\ntreaty %s \"Agreement between %s and %s (%u)\" parties=", id,
			parties[t->parties[0]].name, parties[t->parties[1]].name,
			(unsigned)t->num);
	else
		fprintf(out, "\ntreaty %s \"Multilateral convention %u\" parties=", id,
			(unsigned)t->num);
	for (unsigned i = 0; i < t->n_parties; i++)
		fprintf(out, "%s%s", i ? "," : "", parties[t->parties[i]].id);
	fprintf(out, " source=%s\n", src);
	if (t->force == 4)
		fprintf(out, "  force nth-ratification n=%u after=30d\n",
			t->n_parties < 5 ? t->n_parties : 5);
	else if (t->force)
		fprintf(out, "  force %s\n", force_lines[t->force]);
	if (t->term == 1)
		fputs("  term 10y renew=5y notice=6m\n", out);
	else if (t->term == 2)
		fputs("  term indefinite\n", out);
	if (t->note)
		fprintf(out, "  note \"%s\"\n", t->note);
	for (size_t i = 0; i < t->n_actions; i++)
		write_event(&t->actions[i], id);
}

static struct gev *treaty_action(struct gtreaty *t)
{
	if (t->n_actions == t->alloc_actions) {
		size_t n = t->alloc_actions ? t->alloc_actions * 2 : 8;
		struct gev *v = realloc(t->actions, n * sizeof(*v));
		if (!v) {
			fprintf(stderr, "gen_registry: out of memory\n");
			exit(3);
		}
		t->actions = v;
		t->alloc_actions = n;
	}
	return &t->actions[t->n_actions++];
}

static void treaty_free(struct gtreaty *t)
{
	free(t->parties);
	free(t->actions);
	memset(t, 0, sizeof(*t));
}

static void init_event(struct gev *e, unsigned kind, int32_t t, int exact)
{
	memset(e, 0, sizeof(*e));
	e->kind = (uint8_t)kind;
	e->actor = e->target = -1;
	e->person = -1;
	e->by = e->to = -1;
	e->source = (uint8_t)below(N_SOURCES);
	make_date(t, exact, &e->date);
	if (below(100) < 4)
		e->note = PICK(notes);
}

/* ---- one story: the events between two parties ---- */

enum rel { REL_NONE, REL_ACTIVE, REL_SEVERED, REL_SUSPENDED };
enum envoy { ENV_NONE, ENV_APPOINTED, ENV_ACCREDITED };

#define MAX_PENDING 3

struct story {
	unsigned a, b;
	struct gev *ev;
	size_t n, alloc;
	uint8_t recognised[2], established;
	enum rel rel;
	uint8_t open[2][2]; /* direction x (embassy, consulate-general) */
	uint8_t consulate_city[2];
	enum envoy env[2];
	uint32_t envoy_person[2];
	size_t *notable; /* indices of events a third party may react to */
	size_t n_notable, alloc_notable;
	struct gtreaty pending[MAX_PENDING];
	unsigned n_pending;
	struct gtreaty *done;
	size_t n_done, alloc_done;
};

static struct gev *story_event(struct story *s, unsigned kind, int32_t t, int exact)
{
	struct gev *e;
	if (s->n == s->alloc) {
		size_t n = s->alloc ? s->alloc * 2 : 64;
		struct gev *v = realloc(s->ev, n * sizeof(*v));
		if (!v) {
			fprintf(stderr, "gen_registry: out of memory\n");
			exit(3);
		}
		s->ev = v;
		s->alloc = n;
	}
	e = &s->ev[s->n++];
	init_event(e, kind, t, exact);
	return e;
}

static void add_notable(struct story *s)
{
	if (s->n_notable == s->alloc_notable) {
		size_t n = s->alloc_notable ? s->alloc_notable * 2 : 16;
		size_t *v = realloc(s->notable, n * sizeof(*v));
		if (!v) {
			fprintf(stderr, "gen_registry: out of memory\n");
			exit(3);
		}
		s->notable = v;
		s->alloc_notable = n;
	}
	s->notable[s->n_notable++] = s->n - 1;
}

/* Give an event of the story an explicit id unless it would get a unique
 * generated one; sometimes give one anyway, as a user citing it would. */
static void settle_id(struct gev *e, int force)
{
	char id[160];
	if (e->id)
		return;
	/* An open start ("../1953-12") would make a generated id that starts
	 * with '_', which the store keeps but cannot read back (see
	 * bench/README.md): such events get an explicit id. */
	if (e->date.text[0] == '.')
		force = 1;
	base_id(e, NULL, id, sizeof(id));
	if (force || below(100) < 8 || !idset_add(id))
		e->id = ++next_event_id;
}

/* Choose a diplomat of sender who was never posted to receiver. */
static int choose_diplomat(unsigned sender, unsigned receiver, uint32_t *out_d)
{
	const struct party *p = &parties[sender];
	for (int tries = 0; tries < 64; tries++) {
		uint32_t d = p->first_diplomat + below(p->n_diplomats);
		if (!posted[(size_t)d * n_parties + receiver]) {
			*out_d = d;
			return 1;
		}
	}
	for (uint32_t k = 0; k < p->n_diplomats; k++) {
		uint32_t d = p->first_diplomat + k;
		if (!posted[(size_t)d * n_parties + receiver]) {
			*out_d = d;
			return 1;
		}
	}
	return 0;
}

enum action {
	A_RECOGNISE_AB, A_RECOGNISE_BA, A_ESTABLISH, A_CHANGE, A_SUSPEND, A_SEVER, A_RESTORE,
	A_OPEN, A_CLOSE, A_APPOINT, A_CREDENTIALS, A_END, A_REACT, A_SIGN, A_RATIFY,
};

struct cand {
	enum action a;
	int dir, sub; /* direction 0 = a->b; sub: mission type, pending treaty */
	double w;
};

static size_t add_cand(struct cand *c, size_t n, enum action a, int dir, int sub, double w)
{
	c[n].a = a;
	c[n].dir = dir;
	c[n].sub = sub;
	c[n].w = w;
	return n + 1;
}

/* Do action c at day t; returns 0 if it cannot be done after all. */
static int act(struct story *s, const struct cand *c, int32_t t)
{
	unsigned from = c->dir ? s->b : s->a, to = c->dir ? s->a : s->b;
	struct gev *e;
	uint32_t d;

	switch (c->a) {
	case A_RECOGNISE_AB:
	case A_RECOGNISE_BA:
		e = story_event(s, K_RECOGNISE, t, 0);
		e->actor = (int16_t)from;
		e->target = (int16_t)to;
		if (below(2))
			e->instrument = PICK(instruments);
		if (below(10) < 3)
			e->by = (int16_t)from;
		s->recognised[c->dir] = 1;
		settle_id(e, below(2));
		add_notable(s);
		return 1;
	case A_ESTABLISH:
		e = story_event(s, K_ESTABLISH, t, 1);
		e->actor = (int16_t)s->a;
		e->target = (int16_t)s->b;
		e->level = below(10) < 8 ? "embassy" : "legation";
		if (below(2))
			e->instrument = "exchange of notes";
		if (below(5) == 0)
			e->place = parties[below(2) ? s->a : s->b].city[0];
		s->rel = REL_ACTIVE;
		s->established = 1;
		settle_id(e, below(2));
		add_notable(s);
		return 1;
	case A_CHANGE:
		e = story_event(s, K_CHANGE, t, 1);
		e->actor = (int16_t)from;
		e->target = (int16_t)to;
		e->level = PICK(levels);
		if (below(4) == 0)
			e->instrument = PICK(instruments);
		settle_id(e, 0);
		return 1;
	case A_SUSPEND:
	case A_SEVER:
		e = story_event(s, c->a == A_SEVER ? K_SEVER : K_SUSPEND, t, 1);
		e->actor = (int16_t)from;
		e->target = (int16_t)to;
		if (below(10) < 4)
			e->by = (int16_t)from;
		if (below(10) < 3)
			e->instrument = PICK(instruments);
		s->rel = c->a == A_SEVER ? REL_SEVERED : REL_SUSPENDED;
		settle_id(e, below(2));
		add_notable(s);
		return 1;
	case A_RESTORE:
		e = story_event(s, K_RESTORE, t, 1);
		e->actor = (int16_t)from;
		e->target = (int16_t)to;
		if (below(2))
			e->level = "embassy";
		s->rel = REL_ACTIVE;
		settle_id(e, below(4) == 0);
		add_notable(s);
		return 1;
	case A_OPEN:
	case A_CLOSE:
		e = story_event(s, c->a == A_OPEN ? K_OPEN : K_CLOSE, t, 0);
		e->actor = (int16_t)from;
		e->target = (int16_t)to;
		if (c->sub == 0) {
			e->mtype = "embassy";
			e->city = parties[to].city[0];
		} else {
			if (c->a == A_OPEN)
				s->consulate_city[c->dir] = (uint8_t)(1 + below(N_CITIES - 1));
			e->mtype = "consulate-general";
			e->city = parties[to].city[s->consulate_city[c->dir]];
		}
		s->open[c->dir][c->sub] = c->a == A_OPEN;
		settle_id(e, 0);
		if (c->a == A_OPEN && c->sub == 0)
			add_notable(s);
		return 1;
	case A_APPOINT:
		if (!choose_diplomat(from, to, &d))
			return 0;
		posted[(size_t)d * n_parties + to] = 1;
		e = story_event(s, K_APPOINT, t, 0);
		e->person = (int32_t)d;
		e->actor = (int16_t)from;
		e->target = (int16_t)to;
		e->rank = PICK(ranks);
		if (below(10) < 3)
			e->by = (int16_t)from;
		if (below(5) == 0)
			e->instrument = "decree";
		s->env[c->dir] = ENV_APPOINTED;
		s->envoy_person[c->dir] = d;
		settle_id(e, 0);
		return 1;
	case A_CREDENTIALS:
		e = story_event(s, K_CREDENTIALS, t, 1);
		e->person = (int32_t)s->envoy_person[c->dir];
		e->actor = (int16_t)from;
		e->target = (int16_t)to;
		if (below(2))
			e->to = (int16_t)to;
		if (below(10) == 0)
			e->place = parties[to].city[0];
		s->env[c->dir] = ENV_ACCREDITED;
		settle_id(e, 0);
		return 1;
	case A_END:
		e = story_event(s, K_END, t, 0);
		e->person = (int32_t)s->envoy_person[c->dir];
		e->actor = (int16_t)from;
		e->target = (int16_t)to;
		if (below(5) == 0)
			e->instrument = "recall";
		s->env[c->dir] = ENV_NONE;
		settle_id(e, 0);
		return 1;
	case A_REACT: {
		size_t k = s->notable[below((uint32_t)s->n_notable)];
		unsigned third;
		if (n_parties < 3)
			return 0;
		do
			third = below(n_parties);
		while (third == s->a || third == s->b);
		if (!s->ev[k].id)
			s->ev[k].id = ++next_event_id;
		e = story_event(s, K_REACT, t, 0);
		e->about = s->ev[k].id;
		e->actor = (int16_t)third;
		e->stance = PICK(stances_);
		if (below(5) == 0)
			e->by = (int16_t)third;
		if (below(10) < 3)
			e->text = PICK(react_texts);
		settle_id(e, 0);
		return 1;
	}
	case A_SIGN: {
		struct gtreaty *tr = &s->pending[s->n_pending++];
		memset(tr, 0, sizeof(*tr));
		tr->num = ++next_treaty;
		tr->n_parties = 2;
		tr->parties = xmalloc_or_die(2 * sizeof(*tr->parties));
		tr->parties[0] = (uint16_t)(s->a < s->b ? s->a : s->b);
		tr->parties[1] = (uint16_t)(s->a < s->b ? s->b : s->a);
		tr->source = (uint8_t)below(N_SOURCES);
		tr->force = (uint8_t)(below(10) < 6 ? 1 + below(2) : below(10) < 5 ? 3 : 0);
		tr->term = (uint8_t)below(4) == 0 ? (uint8_t)(1 + below(2)) : 0;
		if (below(20) == 0)
			tr->note = "Text in both languages, each equally authentic";
		e = treaty_action(tr);
		init_event(e, K_SIGN, t, 0);
		e->source = tr->source;
		if (below(5) == 0)
			e->place = parties[below(2) ? s->a : s->b].city[0];
		return 1;
	}
	case A_RATIFY: {
		struct gtreaty *tr = &s->pending[c->sub];
		unsigned party = (unsigned)c->dir ? s->b : s->a;
		e = treaty_action(tr);
		init_event(e, K_RATIFY, t, 0);
		e->actor = (int16_t)party;
		/* both ratified: the treaty is complete */
		if (tr->n_actions == 3) {
			if (s->n_done == s->alloc_done) {
				size_t n = s->alloc_done ? s->alloc_done * 2 : 8;
				struct gtreaty *v = realloc(s->done, n * sizeof(*v));
				if (!v) {
					fprintf(stderr, "gen_registry: out of memory\n");
					exit(3);
				}
				s->done = v;
				s->alloc_done = n;
			}
			s->done[s->n_done++] = *tr;
			s->pending[c->sub] = s->pending[--s->n_pending];
		}
		return 1;
	}
	}
	return 0;
}

static int ratified_by(const struct gtreaty *t, unsigned party)
{
	for (size_t i = 0; i < t->n_actions; i++)
		if (t->actions[i].kind == K_RATIFY && t->actions[i].actor == (int16_t)party)
			return 1;
	return 0;
}

static int cmp_u32(const void *x, const void *y)
{
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
	return a < b ? -1 : a > b;
}

static void run_story(unsigned a, unsigned b, uint32_t count)
{
	struct story s = { 0 };
	uint32_t *days, span;
	int32_t start;

	if (!count)
		return;
	/* The story starts in the first decades and runs to the end. */
	span = (uint32_t)(day_last - day_first + 1);
	start = day_first + (int32_t)below(span / 3);
	if ((uint32_t)(day_last - start + 1) < count * 2u)
		start = day_first;
	span = (uint32_t)(day_last - start + 1);
	/* count distinct days: sorted draws in [0, span - count], the k-th
	 * moved up by k */
	days = xmalloc_or_die(count * sizeof(*days));
	for (uint32_t k = 0; k < count; k++)
		days[k] = below(span - count + 1);
	qsort(days, count, sizeof(*days), cmp_u32);

	s.a = a;
	s.b = b;
	for (uint32_t k = 0; k < count; k++) {
		int32_t t = start + (int32_t)(days[k] + k);
		struct cand c[32];
		size_t n = 0;
		int active = s.rel == REL_ACTIVE;

		for (int dir = 0; dir < 2; dir++) {
			if (!s.recognised[dir])
				n = add_cand(c, n, dir ? A_RECOGNISE_BA : A_RECOGNISE_AB, dir, 0, 40);
			for (int m = 0; m < 2; m++) {
				if (active && !s.open[dir][m])
					n = add_cand(c, n, A_OPEN, dir, m, m ? 2 : 5);
				if (s.open[dir][m])
					n = add_cand(c, n, A_CLOSE, dir, m, !active && !m ? 6 : 0.6);
			}
			if (active && s.env[dir] == ENV_NONE)
				n = add_cand(c, n, A_APPOINT, dir, 0, 7);
			if (active && s.env[dir] == ENV_APPOINTED)
				n = add_cand(c, n, A_CREDENTIALS, dir, 0, 14);
			if (s.env[dir] == ENV_ACCREDITED || (!active && s.env[dir] == ENV_APPOINTED))
				n = add_cand(c, n, A_END, dir, 0, active ? 3.5 : 6);
			if (active) {
				n = add_cand(c, n, A_CHANGE, dir, 0, 1.5);
				n = add_cand(c, n, A_SEVER, dir, 0, 0.35);
				n = add_cand(c, n, A_SUSPEND, dir, 0, 0.1);
			}
			if (s.rel == REL_SEVERED || s.rel == REL_SUSPENDED)
				n = add_cand(c, n, A_RESTORE, dir, 0, 3);
		}
		if (s.rel == REL_NONE && !s.established && (s.recognised[0] || s.recognised[1]))
			n = add_cand(c, n, A_ESTABLISH, 0, 0, 60);
		if (s.n_notable)
			n = add_cand(c, n, A_REACT, 0, 0, 5);
		if (active && s.n_pending < MAX_PENDING)
			n = add_cand(c, n, A_SIGN, 0, 0, 2.2);
		for (unsigned i = 0; i < s.n_pending; i++)
			for (int dir = 0; dir < 2; dir++)
				if (!ratified_by(&s.pending[i], dir ? b : a))
					n = add_cand(c, n, A_RATIFY, dir, (int)i, 2.5);

		for (;;) {
			double total = 0, x;
			size_t i;
			for (i = 0; i < n; i++)
				total += c[i].w;
			if (total <= 0) {
				fprintf(stderr, "gen_registry: no action possible\n");
				exit(3);
			}
			x = unif() * total;
			for (i = 0; i + 1 < n && x >= c[i].w; i++)
				x -= c[i].w;
			if (act(&s, &c[i], t))
				break;
			c[i].w = 0; /* cannot be done: choose another */
		}
	}

	for (size_t i = 0; i < s.n; i++)
		write_event(&s.ev[i], NULL);
	for (size_t i = 0; i < s.n_done; i++) {
		write_treaty(&s.done[i]);
		treaty_free(&s.done[i]);
	}
	for (unsigned i = 0; i < s.n_pending; i++) {
		write_treaty(&s.pending[i]);
		treaty_free(&s.pending[i]);
	}
	if (s.n_done + s.n_pending)
		fputc('\n', out);
	free(s.ev);
	free(s.notable);
	free(s.done);
	free(days);
}

/* A multilateral treaty of at most `budget` actions; returns how many. */
static uint32_t multilateral(uint32_t budget)
{
	struct gtreaty t = { 0 };
	unsigned k = 3 + below(n_parties - 3 < 28 ? n_parties - 3 + 1 : 28);
	int32_t sign = day_first + (int32_t)below((uint32_t)(day_last - day_first - 400));
	uint8_t *in = xmalloc_or_die(n_parties);
	uint32_t used;
	struct gev *e;

	t.num = ++next_treaty;
	t.parties = xmalloc_or_die(k * sizeof(*t.parties));
	while (t.n_parties < k) {
		/* the larger parties join more often */
		unsigned p = below(n_parties);
		if (below(n_parties) < p && below(2))
			p = below(p + 1);
		if (!in[p]) {
			in[p] = 1;
			t.n_parties++;
		}
	}
	k = 0;
	for (unsigned p = 0; p < n_parties; p++)
		if (in[p])
			t.parties[k++] = (uint16_t)p;
	t.source = (uint8_t)below(N_SOURCES);
	t.force = (uint8_t)(below(2) ? 4 : 1);
	t.term = (uint8_t)(below(3) == 0 ? 2 : 0);
	e = treaty_action(&t);
	init_event(e, K_SIGN, sign, 0);
	e->source = t.source;
	used = 1;
	for (unsigned i = 0; i < t.n_parties && used < budget; i++) {
		int32_t day = sign + 1 + (int32_t)below(3 * 365);
		if (below(100) >= 85)
			continue;
		if (day > day_last)
			day = day_last;
		e = treaty_action(&t);
		init_event(e, K_RATIFY, day, 0);
		e->actor = (int16_t)t.parties[i];
		used++;
	}
	write_treaty(&t);
	treaty_free(&t);
	free(in);
	return used;
}

/* ---- main ---- */

static void usage(void)
{
	fprintf(stderr, "usage: gen_registry [--events N] [--parties P] [--seed S] [--csv FILE] "
			"OUT.ledger\n");
	exit(2);
}

static unsigned long long number(const char *opt, const char *s)
{
	char *end;
	unsigned long long v;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || !*s || *end) {
		fprintf(stderr, "gen_registry: %s: expected a number, got '%s'\n", opt, s);
		exit(2);
	}
	return v;
}

int main(int argc, char **argv)
{
	unsigned long long n_events = 1000000, seed = 1;
	const char *out_path = NULL, *csv_path = NULL;
	uint32_t *dyad_count, budget, multi, remaining;
	size_t n_dyads, di;
	double total_w = 0;
	static char outbuf[1 << 20], csvbuf[1 << 20];

	n_parties = 200;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--events") && i + 1 < argc)
			n_events = number("--events", argv[++i]);
		else if (!strcmp(argv[i], "--parties") && i + 1 < argc)
			n_parties = (unsigned)number("--parties", argv[++i]);
		else if (!strcmp(argv[i], "--seed") && i + 1 < argc)
			seed = number("--seed", argv[++i]);
		else if (!strcmp(argv[i], "--csv") && i + 1 < argc)
			csv_path = argv[++i];
		else if (argv[i][0] == '-' || out_path)
			usage();
		else
			out_path = argv[i];
	}
	if (!out_path)
		usage();
	if (n_parties < 2 || n_parties > 9999 || n_events > 100000000) {
		fprintf(stderr, "gen_registry: --parties must be 2..9999 and --events at most 1e8\n");
		return 2;
	}
	rng_state = seed * 0x2545f4914f6cdd1du + 1;
	day_first = chancery_day_from_ymd(1950, 1, 1);
	day_last = chancery_day_from_ymd(2024, 12, 31);

	/* Parties, weighted so that a few take part in many more events. */
	parties = xmalloc_or_die(n_parties * sizeof(*parties));
	for (unsigned i = 0; i < n_parties; i++) {
		struct party *p = &parties[i];
		char stem[24];
		unsigned code = (i * 7919u + 1234u) % 17576u;
		synth_name(i, 0, stem, sizeof(stem));
		snprintf(p->id, sizeof(p->id), "P%04u", i + 1);
		snprintf(p->name, sizeof(p->name), "Republic of %s", stem);
		p->iso3[0] = (char)('A' + code / 676);
		p->iso3[1] = (char)('A' + code / 26 % 26);
		p->iso3[2] = (char)('A' + code % 26);
		for (int c = 0; c < N_CITIES; c++) {
			char city[24];
			synth_name(i, (unsigned)c + 3, city, sizeof(city));
			snprintf(p->city[c], sizeof(p->city[c]), c ? "%s" : "%s City", city);
		}
		p->weight = 1.0 / sqrt((double)i + 1.0);
	}

	/* The budget: 1% multilateral treaty actions, the rest told in
	 * stories, each pair of parties getting a share by weight. */
	multi = n_parties >= 3 ? (uint32_t)(n_events / 100) : 0;
	budget = (uint32_t)n_events - multi;
	n_dyads = (size_t)n_parties * (n_parties - 1) / 2;
	dyad_count = xmalloc_or_die(n_dyads * sizeof(*dyad_count));
	for (unsigned a = 0; a < n_parties; a++)
		for (unsigned b = a + 1; b < n_parties; b++)
			total_w += parties[a].weight * parties[b].weight;
	remaining = budget;
	di = 0;
	for (unsigned a = 0; a < n_parties; a++)
		for (unsigned b = a + 1; b < n_parties; b++, di++) {
			double share = parties[a].weight * parties[b].weight / total_w;
			dyad_count[di] = (uint32_t)(share * budget);
			remaining -= dyad_count[di];
		}
	while (remaining) {
		dyad_count[below((uint32_t)n_dyads)]++;
		remaining--;
	}
	di = 0;
	for (unsigned a = 0; a < n_parties; a++)
		for (unsigned b = a + 1; b < n_parties; b++, di++) {
			if (dyad_count[di] * 2u > (uint32_t)(day_last - day_first + 1)) {
				fprintf(stderr, "gen_registry: too many events for %u parties; "
						"give more parties\n", n_parties);
				return 2;
			}
			parties[a].events += dyad_count[di];
			parties[b].events += dyad_count[di];
		}

	/* Diplomats: enough that a sender rarely posts one twice to a
	 * receiver. */
	for (unsigned i = 0; i < n_parties; i++) {
		parties[i].first_diplomat = n_diplomats;
		parties[i].n_diplomats = 10 + (uint32_t)(parties[i].events / 60);
		n_diplomats += parties[i].n_diplomats;
	}
	posted = xmalloc_or_die((size_t)n_diplomats * n_parties);
	{
		size_t cap = 1024;
		while (cap < n_events * 2 + 16)
			cap *= 2;
		idset = xmalloc_or_die(cap * sizeof(*idset));
		idset_mask = cap - 1;
	}

	out = fopen(out_path, "w");
	if (!out) {
		fprintf(stderr, "gen_registry: cannot write '%s': %s\n", out_path, strerror(errno));
		return 3;
	}
	setvbuf(out, outbuf, _IOFBF, sizeof(outbuf));
	if (csv_path) {
		csv = fopen(csv_path, "w");
		if (!csv) {
			fprintf(stderr, "gen_registry: cannot write '%s': %s\n", csv_path,
				strerror(errno));
			return 3;
		}
		setvbuf(csv, csvbuf, _IOFBF, sizeof(csvbuf));
		fputs("id,kind,date,day_from,day_to,actor,target,person,treaty,source,level,type,"
		      "city,rank,by,to,about,stance,place,instrument,note,text\n",
		      csv);
	}

	fprintf(out, "# A synthetic registry for the benchmark (bench/README.md), written by\n"
		     "# gen_registry --events %llu --parties %u --seed %llu. Not real facts.\n\n",
		n_events, n_parties, seed);
	fputs("# --- Sources ---\n\n", out);
	for (unsigned i = 0; i < N_SOURCES; i++)
		fprintf(out, "source S%02u \"Synthetic archive, series %u\" publisher=\"Bench Press\""
			     " url=https://example.org/archive/%u accessed=2024-06-01\n",
			i + 1, i + 1, i + 1);
	fputs("\n# --- Parties ---\n\n", out);
	for (unsigned i = 0; i < n_parties; i++) {
		const struct party *p = &parties[i];
		fprintf(out, "party %s \"%s\" short=%s iso3=%s cow=%u kind=state from=1900"
			     " source=S%02u\n",
			p->id, p->name, p->name + strlen("Republic of "), p->iso3, i + 1,
			i % N_SOURCES + 1);
	}
	fputs("\n# --- Persons: a head of state of each party, then the diplomats ---\n\n", out);
	for (unsigned i = 0; i < n_parties; i++)
		fprintf(out, "person H%04u \"Head of State of %s\"\n"
			     "  office \"Head of State\" of=%s from=1950 source=S%02u\n",
			i + 1, parties[i].name + strlen("Republic of "), parties[i].id,
			i % N_SOURCES + 1);
	for (unsigned i = 0; i < n_parties; i++) {
		const struct party *p = &parties[i];
		for (uint32_t k = 0; k < p->n_diplomats; k++) {
			char id[16];
			uint32_t d = p->first_diplomat + k;
			fprintf(out, "person %s \"Envoy %u of %s\"", diplomat_id(d, id),
				(unsigned)k + 1, p->name + strlen("Republic of "));
			if (k % 10 == 0)
				fprintf(out, " source=S%02u\n  office \"Diplomat\" of=%s"
					     " from=1950 to=2024\n",
					(unsigned)(d % N_SOURCES + 1), p->id);
			else
				fputc('\n', out);
		}
	}

	fputs("\n# --- Events, pair by pair ---\n\n", out);
	di = 0;
	for (unsigned a = 0; a < n_parties; a++)
		for (unsigned b = a + 1; b < n_parties; b++, di++)
			run_story(a, b, dyad_count[di]);
	if (multi)
		fputs("# --- Multilateral treaties ---\n", out);
	while (multi) {
		uint32_t used = multilateral(multi);
		multi -= used;
	}

	if (fflush(out) || ferror(out) || fclose(out)) {
		fprintf(stderr, "gen_registry: cannot write '%s': %s\n", out_path, strerror(errno));
		return 3;
	}
	if (csv && (fflush(csv) || ferror(csv) || fclose(csv))) {
		fprintf(stderr, "gen_registry: cannot write '%s': %s\n", csv_path, strerror(errno));
		return 3;
	}

	fprintf(stderr, "gen_registry: %llu events (%llu with explicit ids, %llu not to the day,"
			" %llu undated), %u parties, %u persons, %u treaties\n",
		(unsigned long long)n_written, (unsigned long long)n_explicit,
		(unsigned long long)n_imprecise, (unsigned long long)n_undated, n_parties,
		n_parties + n_diplomats, (unsigned)next_treaty);
	for (int k = 0; k < K__COUNT; k++)
		fprintf(stderr, "  %-20s %9llu  %5.1f%%\n", kind_names[k],
			(unsigned long long)kind_count[k],
			n_written ? 100.0 * (double)kind_count[k] / (double)n_written : 0.0);
	if (n_written != n_events) {
		fprintf(stderr, "gen_registry: wrote %llu events, not %llu\n",
			(unsigned long long)n_written, n_events);
		return 3;
	}
	free(dyad_count);
	free(posted);
	free(idset);
	free(parties);
	return 0;
}
