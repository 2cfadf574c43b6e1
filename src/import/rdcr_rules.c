/* rdcr_rules.c: what an entry of the Office of the Historian's guide says
 * happened. Each entry is a head ("Diplomatic Relations Severed, 1961.")
 * and prose that names the day ("on January 3, 1961"). The head's words
 * give the kind of fact: the guide writes its ~1,200 heads from a small
 * set of phrases ("U.S. Recognition of ...", "Establishment of Diplomatic
 * Relations and the American Legation in ...", "Elevation of American
 * Legation to Embassy Status", "Diplomatic Relations Severed by ...",
 * "... Interrupted", "... Resumed"), so a head is cut into clauses at
 * "and", "/" and ";", and each clause read for a verb and a noun. The
 * prose gives the day, and, where the head does not say, the direction
 * ("severed relations with the United States") and the level (a legation
 * or an embassy). */
#include <string.h>

#include "import/rdcr.h"
#include "chancery.h"
#include "base/banned.h"

void rdcr_fold(const char *s, struct strbuf *out, struct strbuf *low)
{
	size_t n = strlen(s), k = 0;
	int space = 0;
	char *o, *l = NULL;
	strbuf_reset(out);
	strbuf_grow(out, n);
	o = out->buf; /* it only shrinks: written in place, a byte at a time */
	if (low) {
		strbuf_reset(low);
		strbuf_grow(low, n);
		l = low->buf;
	}
	for (; *s; s++) {
		char c = *s;
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			space = k > 0;
			continue;
		}
		if (space) {
			if (l)
				l[k] = ' ';
			o[k++] = ' ';
		}
		space = 0;
		/* U+2018 and U+2019, the guide's apostrophes */
		if ((unsigned char)c == 0xe2 && (unsigned char)s[1] == 0x80 &&
		    ((unsigned char)s[2] == 0x98 || (unsigned char)s[2] == 0x99)) {
			c = '\'';
			s += 2;
		}
		if (l)
			l[k] = c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
		o[k++] = c;
	}
	strbuf_setlen(out, k);
	if (low)
		strbuf_setlen(low, k);
}

void rdcr_lower(const char *s, size_t len, struct strbuf *out)
{
	strbuf_reset(out);
	strbuf_grow(out, len);
	for (size_t i = 0; i < len; i++)
		out->buf[i] = s[i] >= 'A' && s[i] <= 'Z' ? (char)(s[i] + 32) : s[i];
	strbuf_setlen(out, len);
}

/* Where s[0..len) has the (lower-case) word w, or NULL. The rules ask
 * this of every entry's prose many times: memchr finds the candidates. */
const char *rdcr_find(const char *s, size_t len, const char *w)
{
	size_t n = strlen(w);
	const char *p = s, *end = s + len;
	if (!n || n > len)
		return n ? NULL : s;
	while ((size_t)(end - p) >= n && (p = memchr(p, w[0], (size_t)(end - p) - n + 1))) {
		if (!memcmp(p + 1, w + 1, n - 1))
			return p;
		p++;
	}
	return NULL;
}

static int has(const char *s, size_t len, const char *w)
{
	return rdcr_find(s, len, w) != NULL;
}

static int has_any(const char *s, size_t len, const char *const *w)
{
	for (; *w; w++)
		if (has(s, len, *w))
			return 1;
	return 0;
}

/* ---- clauses ---- */

enum verb {
	V_NONE = 0,
	V_ELEVATE, /* a legation raised to an embassy */
	V_RESTORE, /* resumed, reestablished, reopened, returned */
	V_SEVER,   /* severed, terminated, ceased, ended */
	V_SUSPEND, /* interrupted, suspended */
	V_CLOSE,
	V_MOVE,    /* moved to another city */
	V_WITHDRAW,
	V_OPEN,    /* established, opened */
};

/* In this order: "reestablished" is not "established", "re-opening" not
 * "opening". */
static const struct {
	const char *w;
	enum verb v;
} verbs[] = {
	{ "elevat", V_ELEVATE },     { "raised", V_ELEVATE },	  { "upgrad", V_ELEVATE },
	{ "converted", V_ELEVATE },  { "reestablish", V_RESTORE }, { "re-establish", V_RESTORE },
	{ "resum", V_RESTORE },	     { "restor", V_RESTORE },	  { "reopen", V_RESTORE },
	{ "re-open", V_RESTORE },    { "normaliz", V_RESTORE },	  { "return", V_MOVE },
	{ "sever", V_SEVER },	     { "terminat", V_SEVER },	  { "cessation", V_SEVER },
	{ "ceased", V_SEVER },	     { " ended", V_SEVER },	  { "interrupted", V_SUSPEND },
	{ "interruption of", V_SUSPEND },
	{ "suspen", V_SUSPEND },     { "clos", V_CLOSE },	  { "moved", V_MOVE },
	{ "moves", V_MOVE },	     { "move of", V_MOVE },	  { "movement of", V_MOVE },
	{ "transferred", V_MOVE },   { "relocat", V_MOVE },	  { "withdrawn", V_WITHDRAW },
	{ "establish", V_OPEN },     { "opening", V_OPEN },	  { "opened", V_OPEN },
	{ "opens", V_OPEN },	     { "first u.s. consul", V_OPEN }, { "first consul", V_OPEN },
};

static enum verb verb_of(const char *c, size_t len)
{
	for (size_t i = 0; i < sizeof(verbs) / sizeof(*verbs); i++)
		if (has(c, len, verbs[i].w))
			return verbs[i].v;
	return V_NONE;
}

/* The words that make a part of a head a clause of its own. */
static const char *const concept_words[] = { "relations", "recogni",  "recogntion", "embass",
					     "legation",  "consul",   "interest",   "liaison",
					     "mission",	  "office",   "ambassadorial", NULL };

/* Cut the head (lower case) into clauses at " and ", ", and ", " & ",
 * "/" and "; " where the part that follows speaks of something itself
 * ("Establishment of Diplomatic Relations and the American Legation in
 * Cuba"), not at the "and" of a name ("Bosnia and Herzegovina"). */
static size_t clauses(const char *h, size_t len, size_t *start, size_t *end, size_t max)
{
	static const char *const cuts[] = { ", and ", " and ", " & ", "/", "; ", NULL };
	size_t n = 0;
	start[0] = 0;
	for (size_t i = 0; i < len && n + 1 < max; i++) {
		if (h[i] != ',' && h[i] != ' ' && h[i] != '/' && h[i] != ';')
			continue; /* no cut begins here */
		for (const char *const *c = cuts; *c; c++) {
			size_t cl = strlen(*c), next = len;
			if (h[i] != (*c)[0] || i + cl > len || memcmp(h + i, *c, cl))
				continue;
			/* the part that follows runs to the next cut */
			for (size_t j = i + cl; j < len && next == len; j++)
				if ((j + 5 <= len && !memcmp(h + j, " and ", 5)) || h[j] == '/' ||
				    h[j] == ';' || h[j] == '&')
					next = j;
			if (!has_any(h + i + cl, next - i - cl, concept_words))
				continue;
			end[n] = i;
			start[++n] = i + cl;
			i += cl - 1;
			break;
		}
	}
	end[n] = len;
	return n + 1;
}

/* ---- missions ---- */

static const struct {
	const char *w, *type;
} nouns[] = {
	{ "interests section", "interests-section" },
	{ "interest section", "interests-section" },
	{ "liaison office", "representative-office" },
	{ "office of the u.s. representative", "representative-office" },
	{ "consulate general", "consulate-general" },
	{ "consulate-general", "consulate-general" },
	{ "consul general", "consulate-general" },
	{ "consulate", "consulate" },
	{ "consular post", "consulate" },
	{ "consular relations", "consulate" },
	{ "legation", "legation" },
	{ "embass", "embassy" },
	{ "mission", "" }, /* of no kind the head tells */
};

/* The first mission noun in c[0..len) from `from` on: its type ("" for
 * a mission of no named kind), its offset in *at; NULL when none. */
static const char *noun_at(const char *c, size_t len, size_t from, size_t *at)
{
	const char *best = NULL;
	size_t best_at = len, best_len = 0;
	for (size_t i = 0; i < sizeof(nouns) / sizeof(*nouns); i++) {
		const char *p = from < len ? rdcr_find(c + from, len - from, nouns[i].w) : NULL;
		size_t off = p ? (size_t)(p - c) : len, wl = strlen(nouns[i].w);
		if (p && (off < best_at || (off == best_at && wl > best_len))) {
			best = nouns[i].type;
			best_at = off;
			best_len = wl;
		}
	}
	*at = best_at;
	return best;
}

/* Is the mission the country's, in the United States? Either the head
 * says so ("... Legation in Washington", "... in the United States"), or
 * an adjective other than American stands before the noun ("Bulgarian
 * Legation", "Andorran Embassy"). orig is the head in its own case. */
static int theirs(const char *orig, const char *c, size_t len, size_t noun)
{
	static const char *const ours[] = { "American", "America", "U.S.", "US", "States", "United",
					    "Additional", "Subordinate", "Diplomatic", "First", "Early",
					    "Other", NULL };
	size_t e = noun, b;
	if (has(c, len, "in the united states") || has(c, len, "in the u.s") ||
	    has(c, len, "in washington") || has(c, len, "to the united states"))
		return 1;
	/* "The first Consulate of the Grand Duchy of Baden" */
	if (rdcr_find(c + noun, len - noun, "consulate of the ") == c + noun &&
	    !has(c, len, "of the united states"))
		return 1;
	while (e > 0 && orig[e - 1] == ' ')
		e--;
	b = e;
	while (b > 0 && orig[b - 1] != ' ')
		b--;
	/* a capitalised word, not the end of a clause ("... Ended, Embassy") */
	if (e == b || !(orig[b] >= 'A' && orig[b] <= 'Z') || orig[e - 1] == ',')
		return 0;
	for (const char *const *w = ours; *w; w++)
		if (strlen(*w) == e - b && !memcmp(orig + b, *w, e - b))
			return 0;
	return 1;
}

/* ---- cities ---- */

static int stop_word(const char *w, size_t n)
{
	static const char *const stops[] = {
		"Opened",  "Reopened", "Reopens",	"Closed",	 "Raised",    "Reestablished",
		"Re-established", "Established", "Moved", "Moves", "Returned", "Returns",
		"Transferred", "Elevated", "Downgraded", "Becomes", "Operations", "Status",
		"Staff",   "Near",     "And",		"To",		 "From",      "Was",
		"Opens",   "Closes",   "Withdrawn",	"Suspended",	 "During",    "Under",
		"Re-opened", "Re-Opened", "Reestablished", "Relations", "Posts", "Post",
		"January", "February", "March", "April", "May", "June", "July", "August",
		"September", "October", "November", "December",
		NULL,
	};
	for (const char *const *s = stops; *s; s++)
		if (strlen(*s) == n && !memcmp(w, *s, n))
			return 1;
	return 0;
}

static int cap(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || c >= 0xc0;
}

/* The capitalised words of a city name at s (up to a stop word or
 * punctuation; "Rio de Janeiro", "St. Johns", "Nuku'alofa"). */
static void city_at(const char *s, const char *end, char *city, size_t size)
{
	static const char *const inner[] = { "de", "da", "do", "del", "of", "al", "el", "la",
					     "du", "des", NULL };
	const char *p = s, *last = s;
	int words = 0;
	city[0] = '\0';
	while (p < end && words < 4) {
		const char *w = p;
		size_t n;
		while (p < end && *p != ' ' && *p != ',' && *p != '(' && *p != ';' && *p != '/' &&
		       !(*p == '.' && (p + 1 == end || p[1] == ' ') && !(p - w == 2 && w[0] == 'S' &&
								   w[1] == 't')))
			p++;
		n = (size_t)(p - w);
		if (!n)
			break;
		if (!cap((unsigned char)w[0])) {
			int ok = 0;
			/* "de", "of", "da" inside a name, before a capitalised word */
			for (const char *const *i = inner; *i && !ok; i++)
				ok = strlen(*i) == n && !memcmp(w, *i, n);
			if (n == 3 && !memcmp(w, "and", 3) && p + 1 < end && cap((unsigned char)p[1]))
				last = s; /* "in Bosnia and Herzegovina": a country's name */
			if (!ok || !words || p + 1 >= end || *p != ' ' || !cap((unsigned char)p[1]))
				break;
		} else if (stop_word(w, n)) {
			break;
		} else if (w[0] >= '0' && w[0] <= '9') {
			break;
		}
		words++;
		if (cap((unsigned char)w[0]))
			last = p;
		if (p >= end || *p != ' ') /* a full stop ends it, but in "St. Johns" */
			break;
		p++;
	}
	if (last > s && (size_t)(last - s) < size) {
		memcpy(city, s, (size_t)(last - s));
		city[last - s] = '\0';
	}
}

void rdcr_head_city(const char *head, size_t clause, size_t len, int mode, char *city,
		    size_t size)
{
	struct strbuf low = STRBUF_INIT;
	const char *c = head + clause, *end = c + len;
	const char *word = mode == RDCR_CITY_FROM ? " from " : " to ";
	size_t at, wl = strlen(word);
	city[0] = '\0';
	rdcr_lower(c, len, &low);
	if (mode != RDCR_CITY_NOUN) {
		/* the last " to " with a name after it: "Moved from Bonn to
		 * Berlin"; or the " from " */
		for (size_t i = len; i-- > 0;)
			if (i + wl < len && !memcmp(low.buf + i, word, wl) &&
			    cap((unsigned char)c[i + wl])) {
				city_at(c + i + wl, end, city, size);
				break;
			}
		strbuf_release(&low);
		return;
	}
	if (noun_at(low.buf, len, 0, &at)) {
		static const char *const more[] = { "Section", "Office", "General", "Post",
						    "Relations", "Agency", NULL };
		const char *p = c + at;
		while (p < end && *p != ' ' && *p != ',')
			p++; /* the noun's (first) word */
		/* the noun's other words: "Interests Section", "Liaison Office" */
		while (p + 1 < end && *p == ' ' && cap((unsigned char)p[1])) {
			const char *w = p + 1, *q = w;
			int ok = 0;
			while (q < end && *q != ' ' && *q != ',')
				q++;
			for (const char *const *m = more; *m && !ok; m++)
				ok = strlen(*m) == (size_t)(q - w) && !memcmp(w, *m, (size_t)(q - w));
			if (!ok)
				break;
			p = q;
		}
		if (p + 2 < end && p[0] == ',' && p[1] == ' ' && cap((unsigned char)p[2]))
			p += 2; /* "First U.S. Consular Post, Prague" */
		else if (p + 1 < end && *p == ' ')
			p++;
		if (p + 3 < end && (!memcmp(p, "in ", 3) || !memcmp(p, "at ", 3)))
			p += 3;
		if (p < end && cap((unsigned char)*p))
			city_at(p, end, city, size);
		/* "American Embassy Established in Moscow", "... Near the
		 * Government of Norway in London": a later "in City" */
		for (const char *q = p; !city[0] && q + 4 < end; q++)
			if ((!memcmp(q, " in ", 4) || !memcmp(q, " at ", 4)) && cap((unsigned char)q[4]))
				city_at(q + 4, end, city, size);
	}
	strbuf_release(&low);
}

void rdcr_prose_city(const char *prose, const char *type, char *city, size_t size, char *after,
		     size_t after_size)
{
	static const struct {
		const char *type, *w;
	} words[] = {
		{ "embassy", "mbassy " },	  { "legation", "egation " },
		{ "consulate", "onsulate " },	  { "consulate-general", "onsulate General " },
		{ "interests-section", "nterests Section " }, { "representative-office", "iaison Office " },
	};
	city[0] = '\0';
	after[0] = '\0';
	for (size_t i = 0; type && i < sizeof(words) / sizeof(*words); i++) {
		const char *p = prose;
		size_t n = strlen(words[i].w);
		if (strcmp(words[i].type, type))
			continue;
		while ((p = strstr(p, words[i].w))) {
			p += n;
			if ((!strncmp(p, "in ", 3) || !strncmp(p, "at ", 3)) && cap((unsigned char)p[3])) {
				const char *e;
				city_at(p + 3, p + strlen(p), city, size);
				if (!city[0])
					continue;
				/* "... in Vienna, Austria": the country it is in */
				e = p + 3 + strlen(city);
				after[0] = '\0';
				if (e[0] == ',' && e[1] == ' ' && cap((unsigned char)e[2]))
					city_at(e + 2, e + strlen(e), after, after_size);
				return;
			}
		}
	}
}

/* ---- the kinds of fact ---- */

/* Who acted, for a severance or interruption the head does not assign:
 * the prose says "the United States severed" or "severed relations with
 * the United States". */
static int by_them(const char *c, size_t len, const char *prose)
{
	static const char *const us[] = { "united states sever", "u.s. sever", "united states broke",
					  "united states terminat", "united states suspend",
					  "u.s. suspend", "united states withdr", NULL };
	static const char *const them[] = { "relations with the united states",
					    "relations with the u.s.", NULL };
	size_t plen = strlen(prose);
	if (has(c, len, "by the united states") || has(c, len, "united states sever"))
		return 0;
	if (has(c, len, "severed by ") || has(c, len, "suspended by "))
		return 1;
	if (has_any(prose, plen, us))
		return 0;
	return has_any(prose, plen, them);
}

/* The level relations were established or restored at: what the head
 * says, else the first of "legation" and "embassy" in the prose. */
static const char *level_of(const char *head, size_t hlen, const char *prose)
{
	const char *l, *e;
	size_t plen = strlen(prose);
	if (has(head, hlen, "embass"))
		return "embassy";
	if (has(head, hlen, "legation"))
		return "legation";
	l = rdcr_find(prose, plen, "legation");
	e = rdcr_find(prose, plen, "embass");
	if (l && (!e || l < e))
		return "legation";
	return e ? "embassy" : NULL;
}

/* Does the prose say the relations never were ("never established
 * diplomatic relations", "never officially established")? */
static int never(const char *lprose)
{
	const char *p = lprose;
	while ((p = strstr(p, "never "))) {
		p += 6;
		if (!strncmp(p, "establish", 9) || !strncmp(p, "officially establish", 20) ||
		    !strncmp(p, "formally establish", 18))
			return 1;
	}
	return 0;
}

static struct rdcr_act *add(struct rdcr_act *acts, size_t *n, enum rdcr_kind kind, size_t at,
			    size_t len)
{
	struct rdcr_act *a;
	if (*n >= RDCR_MAX_ACTS)
		return NULL;
	a = &acts[(*n)++];
	memset(a, 0, sizeof(*a));
	a->kind = kind;
	a->clause = at;
	a->clause_len = len;
	return a;
}

static void recognition(const char *c, size_t len, size_t at, enum verb v, struct rdcr_act *acts,
			size_t *n)
{
	static const char *const of_us[] = { "of the united states", "of u.s. independence",
					     "recognize the united states",
					     "recognizes the united states", NULL };
	static const char *const not_one[] = { "non-recognition", "limited", "international recognition",
					       "response", NULL };
	struct rdcr_act *a;
	if (has_any(c, len, not_one))
		return;
	if (v == V_WITHDRAW) {
		add(acts, n, RDCR_WITHDRAW, at, len);
		return;
	}
	if (has(c, len, "mutual") || has(c, len, "between")) {
		add(acts, n, RDCR_RECOGNISE, at, len);
		if ((a = add(acts, n, RDCR_RECOGNISE, at, len)))
			a->by_them = 1;
		return;
	}
	if ((a = add(acts, n, RDCR_RECOGNISE, at, len)))
		a->by_them = has_any(c, len, of_us);
}

static void relations(const char *head, size_t hlen, const char *c, size_t len, size_t at,
		      enum verb v, const char *prose, struct rdcr_act *acts, size_t *n)
{
	struct rdcr_act *a = NULL;
	if (has(c, len, "anniversary"))
		return;
	if (has(c, len, "ambassadorial") || has(c, len, "ambassadorship")) {
		if (v == V_OPEN || v == V_RESTORE || v == V_ELEVATE)
			if ((a = add(acts, n, RDCR_CHANGE, at, len)))
				a->level = "embassy";
		return;
	}
	switch (v) {
	case V_OPEN:
	case V_RESTORE:
		if (v == V_OPEN && never(prose))
			break;
		if ((a = add(acts, n, v == V_OPEN ? RDCR_ESTABLISH : RDCR_RESTORE, at, len)))
			a->level = level_of(head, hlen, prose);
		break;
	case V_SEVER:
	case V_SUSPEND:
		if ((a = add(acts, n, v == V_SEVER ? RDCR_SEVER : RDCR_SUSPEND, at, len)))
			a->by_them = by_them(c, len, prose);
		break;
	default:
		break;
	}
}

static const char *const lists[] = { "consulates", "consular posts", "consulate generals",
				     "consular agents", "legations in", NULL };

static void missions(const char *orig, const char *c, size_t len, size_t at, enum verb v,
		     const char *lprose, struct rdcr_act *acts, size_t *n)
{
	static const char *const opened[] = { "opened a consulate", "established a consulate",
					      "consulate was opened", "consulate was established",
					      NULL };
	size_t noun, to_noun;
	const char *type = noun_at(c, len, 0, &noun), *to_type = NULL, *to;
	struct rdcr_act *a;
	int foreign;
	if (!type || has_any(c, len, lists))
		return; /* a list of posts, not one */
	/* "U.S. Consulate in Barcelona, 1797.": the prose says it opened */
	if (v == V_NONE && !strcmp(type, "consulate") && has_any(lprose, strlen(lprose), opened))
		v = V_OPEN;
	foreign = theirs(orig + at, c, len, noun);
	/* "Legation to Embassy", "Consulate in Guayaquil to Consulate General" */
	if ((to = rdcr_find(c + noun, len - noun, " to ")))
		to_type = noun_at(c, len, (size_t)(to - c), &to_noun);
	if (to_type && *to_type && *type && strcmp(type, to_type) &&
	    (v == V_ELEVATE || v == V_OPEN)) {
		if ((a = add(acts, n, RDCR_CLOSE, at, len))) {
			a->type = type;
			a->by_them = foreign;
			a->elevate = 1;
		}
		if ((a = add(acts, n, RDCR_OPEN, at, len))) {
			a->type = to_type;
			a->by_them = foreign;
			a->elevate = 1;
		}
		if (!foreign && !strcmp(type, "legation") && !strcmp(to_type, "embassy") &&
		    (a = add(acts, n, RDCR_CHANGE, at, len)))
			a->level = "embassy";
		return;
	}
	switch (v) {
	case V_OPEN:
	case V_RESTORE:
		if (!*type)
			return; /* a "mission" of no named kind */
		a = add(acts, n, RDCR_OPEN, at, len);
		break;
	case V_MOVE:
		if ((a = add(acts, n, RDCR_OPEN, at, len)))
			a->move = 1;
		break;
	case V_CLOSE:
	case V_SUSPEND:
	case V_SEVER:
		a = add(acts, n, RDCR_CLOSE, at, len);
		break;
	default:
		return;
	}
	if (a) {
		a->type = *type ? type : NULL;
		a->by_them = foreign;
	}
}

/* Why an entry gives no fact, from its head (lower case) and prose. */
static const char *no_fact(const char *h, size_t len, const char *prose, const char *lprose)
{
	static const char *const treaty[] = { "treaty", "convention", "agreement", "accession",
					      "arrangement", NULL };
	static const char *const envoy[] = { "ambassador", "minister", "envoy", "representative",
					     "credentials", "accredit", "consul ", "chargé", NULL };
	if (has_any(h, len, treaty))
		return "treaty";
	if (has(h, len, "no consular"))
		return "no consular presence";
	if (has(h, len, "no diplomatic relations") || has(h, len, "no permanent diplomatic") ||
	    never(lprose))
		return "no relations";
	if (has_any(h, len, envoy))
		return "envoy";
	if (has_any(h, len, lists) || strstr(prose, "Earliest Date") ||
	    strstr(prose, "Earliest date"))
		return "list of consular posts";
	return "other";
}

size_t rdcr_classify(const struct rdcr_text *t, enum rdcr_section sec, struct rdcr_act *acts,
		     const char **why)
{
	const char *head = t->head, *prose = t->prose, *low = t->lhead, *lprose = t->lprose;
	size_t hlen = t->head_len, start[8], end[8], nc, n = 0;
	enum verb last = V_NONE;

	*why = NULL;
	if (sec != RDCR_SEC_RELATIONS) {
		*why = sec == RDCR_SEC_TREATIES ? "treaty" : sec == RDCR_SEC_EVENTS ? "key event" : "issue";
		return 0;
	}
	if (!hlen) {
		*why = "no head";
		return 0;
	}
	/* the making of a union of states is not a fact between the two */
	if (has(low, hlen, "formation")) {
		*why = "key event";
		return 0;
	}
	nc = clauses(low, hlen, start, end, 8);
	for (size_t i = 0; i < nc; i++) {
		const char *c = low + start[i];
		size_t len = end[i] - start[i];
		enum verb v = verb_of(c, len);
		if (v == V_NONE)
			v = last; /* "Establishment of ... and the American Legation in Cuba" */
		last = v;
		if (has(c, len, "united arab republic") || has(c, len, "arab union"))
			continue; /* no party of chancery's */
		if (has(c, len, "recogni") || has(c, len, "recogntion"))
			recognition(c, len, start[i], v, acts, &n);
		if ((has(c, len, "relations") && !has(c, len, "consular relations")) ||
		    has(c, len, "ambassadorial") || has(c, len, "ambassadorship"))
			relations(low, hlen, c, len, start[i], v, lprose, acts, &n);
		missions(head, c, len, start[i], v, lprose, acts, &n);
	}
	if (!n)
		*why = no_fact(low, hlen, prose, lprose);
	return n;
}

/* ---- dates in prose ---- */

struct pdate {
	size_t at, end; /* where it is written */
	int y, m, d;    /* d = 0: a month */
};

static int month_at(const char *s, size_t *len)
{
	static const char *const names[] = { "January", "February", "March",	 "April",
					     "May",	"June",	    "July",	 "August",
					     "September", "October", "November", "December" };
	static const char *const abbr[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					    "Jul", "Aug", "Sept", "Oct", "Nov", "Dec" };
	/* most words are no month: their first letter says so */
	switch (s[0]) {
	case 'J': case 'F': case 'M': case 'A': case 'S': case 'O': case 'N': case 'D':
		break;
	default:
		return 0;
	}
	for (int i = 0; i < 12; i++) {
		if (names[i][0] != s[0])
			continue;
		size_t n = strlen(names[i]);
		if (!strncmp(s, names[i], n) && !(s[n] >= 'a' && s[n] <= 'z')) {
			*len = n;
			return i + 1;
		}
	}
	for (int i = 0; i < 12; i++) {
		size_t n = strlen(abbr[i]);
		if (abbr[i][0] != s[0])
			continue;
		if (!strncmp(s, abbr[i], n) && (s[n] == '.' || s[n] == ' ')) {
			*len = n + (s[n] == '.');
			return i + 1;
		}
	}
	if (!strncmp(s, "Sep.", 4) || !strncmp(s, "Sep ", 4)) {
		*len = 3 + (s[3] == '.');
		return 9;
	}
	return 0;
}

static int num(const char *s, size_t max, size_t *len)
{
	int v = 0;
	size_t i = 0;
	while (i < max && s[i] >= '0' && s[i] <= '9')
		v = v * 10 + (s[i++] - '0');
	*len = i;
	return v;
}

/* A date written at s ("May 27, 1902", "May 1902", "27 May 1902",
 * "February, 24, 1917"); 1 with *d filled, or 0. */
static int date_at(const char *s, struct pdate *d)
{
	size_t n, k;
	const char *p = s;
	int m, v;
	if (p[0] >= '0' && p[0] <= '9') {
		/* 27 May 1902 */
		v = num(p, 2, &n);
		if (!n || p[n] != ' ' || (p[n + 1] >= '0' && p[n + 1] <= '9'))
			return 0;
		if (!(m = month_at(p + n + 1, &k)) || p[n + 1 + k] != ' ')
			return 0;
		p += n + 1 + k + 1;
		d->y = num(p, 5, &n);
		if (n != 4)
			return 0;
		d->m = m;
		d->d = v;
		d->end = (size_t)(p + 4 - s);
		return chancery_ymd_valid(d->y, m, v);
	}
	if (!(m = month_at(p, &k)))
		return 0;
	p += k;
	if (*p == ',')
		p++;
	if (*p != ' ')
		return 0;
	p++;
	v = num(p, 5, &n);
	if (n == 4) {
		d->y = v;
		d->m = m;
		d->d = 0;
		d->end = (size_t)(p + 4 - s);
		return 1;
	}
	if (!n || n > 2)
		return 0;
	p += n;
	if (!strncmp(p, "st", 2) || !strncmp(p, "nd", 2) || !strncmp(p, "rd", 2) ||
	    !strncmp(p, "th", 2))
		p += 2;
	if (*p == ',')
		p++;
	if (*p != ' ')
		return 0;
	p++;
	d->y = num(p, 5, &k);
	if (k != 4)
		return 0;
	d->m = m;
	d->d = v;
	d->end = (size_t)(p + 4 - s);
	return chancery_ymd_valid(d->y, m, v);
}

/* Is the full stop at p (in s) the end of a sentence? Not after an
 * initial ("U.S.", "H.W.") or a title ("St.", "Jr."). */
static int sentence_end(const char *s, const char *p)
{
	static const char *const abbr[] = { "St", "Jr", "Sr", "Mr", "Dr", "Gen", "Lt", "Col", "No",
					    "Capt", "Hon", "Rev", "Mt", "Ft", "Messrs", "Jan", "Feb",
					    "Mar", "Apr", "Aug", "Sept", "Sep", "Oct", "Nov", "Dec",
					    NULL };
	const char *w = p;
	if (p[1] != ' ' || !(cap((unsigned char)p[2]) || p[2] == '"' || (p[2] >= '0' && p[2] <= '9')))
		return p[1] == '\0';
	while (w > s && w[-1] != ' ' && w[-1] != '.' && w[-1] != '(')
		w--;
	if (p - w == 1 && cap((unsigned char)*w))
		return 0;
	for (const char *const *a = abbr; *a; a++)
		if (strlen(*a) == (size_t)(p - w) && !memcmp(w, *a, (size_t)(p - w)))
			return 0;
	return 1;
}

static const char *const *keywords(enum rdcr_kind kind)
{
	static const char *const k[RDCR__KINDS][9] = {
		[RDCR_RECOGNISE] = { "recogni", "acknowledg", "relinquish", NULL },
		[RDCR_WITHDRAW] = { "withdr", "recogni", NULL },
		[RDCR_ESTABLISH] = { "establish", "credentials", "relations", NULL },
		[RDCR_CHANGE] = { "embassy", "elevat", "raised", "ambassador", NULL },
		[RDCR_SUSPEND] = { "interrupt", "suspen", "closed", "withdr", "broke", NULL },
		[RDCR_SEVER] = { "sever", "broke", "terminat", "ceased", "ended", "cessation", NULL },
		[RDCR_RESTORE] = { "resum", "reestablish", "re-establish", "restor", "reopen",
				   "re-open", "normal", NULL },
		[RDCR_OPEN] = { "establish", "open", "credentials", "raised", "elevat", "moved",
				"return", "resum", NULL },
		[RDCR_CLOSE] = { "clos", "suspen", "ceased", "raised", "elevat", "moved", "withdr",
				 NULL },
	};
	return k[kind];
}

/* "on or about May 27, 1902" is approximate: "1902-05-27~"; "on or
 * before" and "on or (shortly) after" open the date's other end. */
static void write_date(const char *prose, const struct pdate *d, struct strbuf *out)
{
	const char *before = prose + d->at;
	size_t back = d->at;
	int approx = 0, open_start = 0, open_end = 0;
	if (back >= 12 && !strncmp(before - 12, "on or about ", 12))
		approx = 1;
	else if (back >= 6 && (!strncmp(before - 6, "about ", 6) || !strncmp(before - 6, "circa ", 6)))
		approx = 1;
	else if (back >= 7 && !strncmp(before - 7, "around ", 7))
		approx = 1;
	else if (back >= 13 && !strncmp(before - 13, "on or before ", 13))
		open_start = 1;
	else if ((back >= 12 && !strncmp(before - 12, "on or after ", 12)) ||
		 (back >= 20 && !strncmp(before - 20, "on or shortly after ", 20)))
		open_end = 1;
	if (open_start)
		strbuf_addstr(out, "../");
	strbuf_addf(out, "%04d-%02d", d->y, d->m);
	if (d->d)
		strbuf_addf(out, "-%02d", d->d);
	if (approx)
		strbuf_addch(out, '~');
	if (open_end)
		strbuf_addstr(out, "/..");
}

void rdcr_scan(struct rdcr_text *t)
{
	const char *prose = t->prose;
	size_t len = t->prose_len, start = 0;
	t->n_dates = t->n_sentences = 0;
	for (size_t i = 0; i <= len; i++) {
		struct pdate d = { 0 };
		if (i == len || (prose[i] == '.' && sentence_end(prose, prose + i))) {
			ALLOC_GROW(t->sentences, t->n_sentences + 1, t->alloc_sentences);
			t->sentences[t->n_sentences].start = start;
			t->sentences[t->n_sentences++].end = i;
			start = i + 1;
			continue;
		}
		if ((i > 0 && prose[i - 1] != ' ' && prose[i - 1] != '(') || !date_at(prose + i, &d))
			continue;
		ALLOC_GROW(t->dates, t->n_dates + 1, t->alloc_dates);
		t->dates[t->n_dates].at = i;
		t->dates[t->n_dates].sentence = t->n_sentences;
		t->dates[t->n_dates].y = d.y;
		t->dates[t->n_dates].m = d.m;
		t->dates[t->n_dates++].d = d.d;
		i += d.end - 1;
	}
}

int rdcr_prose_date(const struct rdcr_text *t, int y0, int y1, enum rdcr_kind kind,
		    struct strbuf *out)
{
	const char *const *kw = keywords(kind);
	const struct rdcr_date *found = NULL, *first_day = NULL, *first_month = NULL;
	size_t said = (size_t)-1, unsaid = (size_t)-1; /* sentences known to speak of it, or not */
	struct pdate w = { 0 };

	for (size_t i = 0; i < t->n_dates && !found; i++) {
		const struct rdcr_date *d = &t->dates[i];
		size_t s = d->sentence;
		if (y0 && (d->y < y0 || d->y > y1))
			continue;
		if (d->d && !first_day)
			first_day = d;
		if (!d->d && !first_month)
			first_month = d;
		if (s == unsaid)
			continue;
		if (s != said && s < t->n_sentences) {
			const char *a = t->lprose + t->sentences[s].start;
			if (!has_any(a, t->sentences[s].end - t->sentences[s].start, kw)) {
				unsaid = s;
				continue;
			}
			said = s;
		}
		if (s == said)
			found = d;
	}
	/* with no year in the head, or years ("1810-21"), only a date said of
	 * the act will do */
	if (!found && y0 && y0 == y1)
		found = first_day ? first_day : first_month;
	if (!found)
		return 0;
	w.at = found->at;
	w.y = found->y;
	w.m = found->m;
	w.d = found->d;
	write_date(t->prose, &w, out);
	return 1;
}
