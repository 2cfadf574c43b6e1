/* summary.c: a dyad's status in one sentence, the answer a reader wants
 * first (issue 18): "Russia has recognised Abkhazia since 26 August 2008,
 * and Abkhazia Russia since 9 September 2008; they have had diplomatic
 * relations since 9 September 2008." Every part follows the four answers
 * of docs/coverage.md: what is not recorded is said to be not recorded,
 * never "no". The command line and the web page show the same words. */
#include <string.h>

#include "publish/api.h"
#include "publish/prose.h"
#include "base/strbuf.h"
#include "base/banned.h"

/* "since 26 August 2008", for a date that is no point "from between 1975
 * and 1980" or "since 1993 or earlier"; for a state implied by a presence, whose beginning may be
 * earlier than the presence that shows it, "at least since". */
static void since_words(struct strbuf *sb, const struct chancery_fold *f)
{
	const struct chancery_event *e = f->since;
	if (!e)
		return;
	if (e->date.form == CHANCERY_DATE_POINT) {
		strbuf_addstr(sb, f->implied ? " at least since " : " since ");
		art_date(sb, &e->date, 0);
	} else if (e->date.form == CHANCERY_DATE_INTERVAL && e->date.start.open) {
		/* "../1993": "since 1993 or earlier" */
		struct chancery_date end = { .form = CHANCERY_DATE_POINT, .start = e->date.end };
		strbuf_addstr(sb, " since ");
		art_date(sb, &end, 0);
		strbuf_addstr(sb, " or earlier");
	} else if (e->date.form == CHANCERY_DATE_INTERVAL) {
		strbuf_addstr(sb, f->implied ? " (at least from " : " (from ");
		art_date(sb, &e->date, 0);
		strbuf_addch(sb, ')');
	}
}

static void per_source(struct strbuf *sb, const struct chancery_fold *f)
{
	if (f->covered.source)
		strbuf_addf(sb, " (per %s)", f->covered.source->id);
}

/* One direction of recognition: a recognises b. `again` leaves the
 * parties' names out after the first ("and Abkhazia Russia since ..."). */
static void recognition_words(struct strbuf *sb, const struct chancery_party *a,
			      const struct chancery_party *b, const struct chancery_fold *f)
{
	switch (chancery_fold_answer("recognition", f)) {
	case CHANCERY_ANSWER_YES:
		art_name_into(sb, a);
		strbuf_addstr(sb, " has recognised ");
		art_name_into(sb, b);
		since_words(sb, f);
		break;
	case CHANCERY_ANSWER_NO:
		if (f->absent) {
			art_name_into(sb, f->absent);
			strbuf_addstr(sb, " does not exist on that day");
			break;
		}
		art_name_into(sb, a);
		strbuf_addstr(sb, " does not recognise ");
		art_name_into(sb, b);
		if (f->state == CHANCERY_REC_WITHDRAWN) {
			strbuf_addstr(sb, ", having withdrawn its recognition");
			since_words(sb, f);
		} else if (f->state == CHANCERY_REC_DENIED) {
			strbuf_addstr(sb, ", its government denying the recognition reported");
		}
		per_source(sb, f);
		break;
	case CHANCERY_ANSWER_UNCERTAIN:
		strbuf_addstr(sb, "whether ");
		art_name_into(sb, a);
		strbuf_addstr(sb, " recognises ");
		art_name_into(sb, b);
		strbuf_addstr(sb, " is uncertain on that day");
		break;
	case CHANCERY_ANSWER_NOT_RECORDED:
		strbuf_addstr(sb, "no recognition of ");
		art_name_into(sb, b);
		strbuf_addstr(sb, " by ");
		art_name_into(sb, a);
		strbuf_addstr(sb, " is recorded");
		break;
	}
}

static void relations_words(struct strbuf *sb, const struct chancery_fold *f)
{
	switch (chancery_fold_answer("relations", f)) {
	case CHANCERY_ANSWER_YES:
		strbuf_addstr(sb, "they have had diplomatic relations");
		since_words(sb, f);
		if (f->level && !strcmp(f->level, "embassy"))
			strbuf_addstr(sb, ", at embassy level");
		break;
	case CHANCERY_ANSWER_NO:
		if (f->absent) {
			strbuf_addstr(sb, "they have no diplomatic relations");
			break;
		}
		if (f->state == CHANCERY_REL_SEVERED || f->state == CHANCERY_REL_SUSPENDED) {
			strbuf_addf(sb, "their diplomatic relations have been %s",
				    f->state == CHANCERY_REL_SEVERED ? "severed" : "suspended");
			since_words(sb, f);
		} else {
			strbuf_addstr(sb, "they have no diplomatic relations");
			per_source(sb, f);
		}
		break;
	case CHANCERY_ANSWER_UNCERTAIN:
		strbuf_addstr(sb, "whether they have diplomatic relations is uncertain on that day");
		break;
	case CHANCERY_ANSWER_NOT_RECORDED:
		strbuf_addstr(sb, "no diplomatic relations between them are recorded");
		break;
	}
}

void api_status_summary(const struct chancery_dyad_status *s, struct strbuf *out)
{
	const struct chancery_fold *r0 = &s->recognition[0], *r1 = &s->recognition[1];
	enum chancery_answer a0 = chancery_fold_answer("recognition", r0);
	enum chancery_answer a1 = chancery_fold_answer("recognition", r1);
	size_t start = out->len;
	if (a0 == CHANCERY_ANSWER_NOT_RECORDED && a1 == CHANCERY_ANSWER_NOT_RECORDED) {
		strbuf_addstr(out, "no recognition between ");
		art_name_into(out, s->a);
		strbuf_addstr(out, " and ");
		art_name_into(out, s->b);
		strbuf_addstr(out, " is recorded either way");
	} else if (r0->absent || r1->absent) {
		recognition_words(out, s->a, s->b, r0->absent ? r0 : r1);
	} else {
		recognition_words(out, s->a, s->b, r0);
		strbuf_addstr(out, ", and ");
		recognition_words(out, s->b, s->a, r1);
	}
	strbuf_addstr(out, "; ");
	relations_words(out, &s->relations);
	strbuf_addch(out, '.');
	if (out->buf[start] >= 'a' && out->buf[start] <= 'z')
		out->buf[start] = (char)(out->buf[start] - 'a' + 'A');
}
