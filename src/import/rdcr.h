/* rdcr.h: what the reader of the Office of the Historian's guide
 * (rdcr.c: files, parties, output) shares with its rules (rdcr_rules.c:
 * what a timeline entry's head says happened, and on which day its prose
 * says it happened) and its XML reader (rdcr_xml.c, libxml2's SAX2). The
 * rules work on plain text, so that they can be read and tested without
 * the XML. */
#ifndef IMPORT_RDCR_H
#define IMPORT_RDCR_H

#include <stddef.h>

#include "chancery.h"
#include "base/strbuf.h"

/* What kind of section an entry sits in (its section's head). */
enum rdcr_section {
	RDCR_SEC_RELATIONS = 0, /* recognition, diplomatic relations, consular presence, none */
	RDCR_SEC_TREATIES,      /* "Treaties and Agreements" */
	RDCR_SEC_EVENTS,        /* "Key Diplomatic Events" */
	RDCR_SEC_ISSUES,        /* "Issues Relevant to U.S. Foreign Diplomacy" */
};

enum rdcr_kind {
	RDCR_RECOGNISE = 0,
	RDCR_WITHDRAW,  /* withdraw-recognition */
	RDCR_ESTABLISH, /* establish-relations */
	RDCR_CHANGE,    /* change-relations level=embassy */
	RDCR_SUSPEND,   /* suspend-relations ("interrupted") */
	RDCR_SEVER,     /* sever-relations ("severed", "terminated", "ceased") */
	RDCR_RESTORE,   /* restore-relations ("resumed", "reestablished") */
	RDCR_OPEN,      /* open-mission */
	RDCR_CLOSE,     /* close-mission */
	RDCR__KINDS
};

/* One fact an entry gives. */
struct rdcr_act {
	enum rdcr_kind kind;
	int by_them;            /* the country acts towards the US (else the US towards it) */
	const char *level;      /* relations: "legation" or "embassy", or NULL */
	const char *type;       /* missions: a ledger mission type; NULL: the one open now */
	char city[64];          /* missions: the city the head names, or "" */
	size_t clause, clause_len; /* the part of the head it comes from (its offset, length) */
	int move;               /* open-mission: the mission moved here (close the one before) */
	int elevate;            /* close/open of an elevation: same city as the one before */
};

#define RDCR_MAX_ACTS 8

/* s with runs of white space made one space and the curly apostrophes
 * (U+2018, U+2019) made "'", into out; and in lower case into low, unless
 * it is NULL. */
void rdcr_fold(const char *s, struct strbuf *out, struct strbuf *low);
/* Where s[0..len) has the (lower-case) word w, or NULL. */
const char *rdcr_find(const char *s, size_t len, const char *w);
/* s[0..len) with ASCII made lower case, into out (same length). */
void rdcr_lower(const char *s, size_t len, struct strbuf *out);

/* A date the prose writes, and the sentence it is in. */
struct rdcr_date {
	size_t at, sentence;
	int y, m, d; /* d = 0: a month */
};

/* An entry's texts, folded, as written and in lower case, and the
 * prose's dates and sentences (made once per entry: the rules read them
 * many times). */
struct rdcr_text {
	const char *head, *lhead, *prose, *lprose;
	size_t head_len, prose_len;
	struct rdcr_date *dates;
	size_t n_dates, alloc_dates;
	struct {
		size_t start, end;
	} *sentences;
	size_t n_sentences, alloc_sentences;
};

/* Find the prose's dates and sentences (t->prose and t->prose_len set). */
void rdcr_scan(struct rdcr_text *t);

/* What the head of an entry in a section of kind sec says happened, with
 * its prose for the direction and level of what the head does not say.
 * Fills acts (at most RDCR_MAX_ACTS) and returns how many; 0 when the
 * entry gives no fact, with *why the kind of entry it is ("treaty",
 * "key event", "envoy", ...). */
size_t rdcr_classify(const struct rdcr_text *t, enum rdcr_section sec, struct rdcr_act *acts,
		     const char **why);

/* The city a mission clause names (head, original case): the capitalised
 * words right after the mission's noun ("Embassy Brazzaville") or after
 * "in" or "at" ("Legation in Havana"), up to a verb or punctuation; with
 * RDCR_CITY_TO those after the last "to" ("Moved to Chongqing"), with
 * RDCR_CITY_FROM after "from". "" when none. */
enum { RDCR_CITY_NOUN = 0, RDCR_CITY_TO, RDCR_CITY_FROM };
void rdcr_head_city(const char *head, size_t clause, size_t len, int mode, char *city,
		    size_t size);
/* The same in prose (original case): the first "<noun> in|at City" for a
 * mission of this type; in after the name after a comma ("Vienna,
 * Austria"), or "". */
void rdcr_prose_city(const char *prose, const char *type, char *city, size_t size, char *after,
		     size_t after_size);

/* The date of an act of this kind, from the entry's prose (scanned): the
 * first date of the head's years (y0 to y1: "1917-1922") in the first
 * sentence that speaks of the act ("recognized", "severed", ...), else
 * the first day of those years in the prose, else their first month;
 * EDTF appended to out ("1902-05-27", "1844-06-16~" for "on or about",
 * "1972-07" for "in July 1972"). With y0 = 0 (the head gives no year),
 * a date of any year, but only in a sentence that speaks of the act.
 * Returns 1 when the prose gave a date, 0 when not (out untouched). */
int rdcr_prose_date(const struct rdcr_text *t, int y0, int y1, enum rdcr_kind kind,
		    struct strbuf *out);

/* ---- the XML (rdcr_xml.c) ---- */

/* An entry as the article writes it. */
struct rdcr_entry {
	unsigned line;          /* of its <div type="timeline"> */
	enum rdcr_section sec;  /* of the section it is in */
	int has_head;
	const char *head, *prose; /* their text, as written (no prose but in
				     sections of relations) */
	int has_date;           /* the head has a <date> */
	const char *date_text;  /* its text */
	const char *when, *from, *to; /* its attributes, or NULL */
};

struct rdcr_article_cb {
	void *ctx;
	/* The article's short title and Wikidata id (or NULL) are read: its
	 * body begins. */
	void (*begin)(void *ctx, const char *title, const char *qid);
	/* An entry, in the order of the file. */
	void (*entry)(void *ctx, const struct rdcr_entry *e);
};

/* Read an article (buf[0..len), the file path) with libxml2's SAX2 parser,
 * handing its entries to cb. A file that is not well-formed XML, has a
 * DOCTYPE, or is not an article of the guide (a <TEI> element with a
 * <title type="short"> in its header and a <text><body>) is an error at
 * path:line:col in d: returns -CHANCERY_EINPUT (entries handed over
 * before it was found are the caller's to drop). */
int rdcr_read_xml(const char *path, const char *buf, size_t len, const struct rdcr_article_cb *cb,
		  struct chancery_diags *d);

#endif
