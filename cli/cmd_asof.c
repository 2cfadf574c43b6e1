/* cmd_asof.c: the as-of questions: status, recognitions, timeline, diff,
 * treaties and treaty (docs/queries.md). Each answers on a day (--on,
 * default today) from the registry as recorded (--known-on). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli.h"
#include "publish/api.h"
#include "persist/persist.h"
#include "publish/json.h"
#include "model/registry.h"
#include "query/snapshot.h"
#include "base/strbuf.h"
#include "model/vocab.h"
#include "base/csv.h"
#include "base/banned.h"

enum { OPT_ON = 1000, OPT_FROM, OPT_TO, OPT_SERIES, OPT_STATUS };

static void day_text(int32_t day, char *buf, size_t n)
{
	chancery_day_format(day, buf, n);
}

static void span_text(const struct chancery_span *s, char *buf, size_t n)
{
	char a[32], b[32];
	if (!s->known) {
		snprintf(buf, n, "unknown");
		return;
	}
	day_text(s->lo, a, sizeof(a));
	if (s->lo == s->hi) {
		snprintf(buf, n, "%s", a);
		return;
	}
	day_text(s->hi, b, sizeof(b));
	snprintf(buf, n, "between %s and %s", a, b);
}

static const char *label(const chancery_registry *r, const char *id)
{
	size_t i;
	const struct chancery_party *p;
	if (!id || chancery_registry_lookup(r, id, &i) != CHANCERY_ENT_PARTY)
		return id ? id : "?";
	p = chancery_registry_party(r, i);
	return p->short_name ? p->short_name : p->name;
}

static const char *person_name(const chancery_registry *r, const char *id)
{
	size_t i;
	if (!id || chancery_registry_lookup(r, id, &i) != CHANCERY_ENT_PERSON)
		return id ? id : "?";
	return chancery_registry_person(r, i)->name;
}

/* What an implied state rests on, by the kind of the event behind it. */
static const char *implied_by(const struct chancery_event *e)
{
	if (!e)
		return "implied";
	switch (e->kind) {
	case CHANCERY_EV_OPEN_MISSION: return e->mission_type && !strcmp(e->mission_type, "legation")
							  ? "implied by a legation opened"
						  : "implied by a resident mission opened";
	case CHANCERY_EV_PRESENT_CREDENTIALS: return "implied by an envoy's credentials";
	default: return "implied by diplomatic relations";
	}
}

/* The word of a state of f with what it rests on when nothing of the
 * chain holds it: "none (per DIPCON23.dta)", "not-recorded". */
static void state_word(const char *chain, const struct chancery_fold *f, int state,
		       struct strbuf *out)
{
	const char *word = chancery_fold_state_name(chain, f, state);
	strbuf_addstr(out, strcmp(word, "not-recorded") ? word : "not recorded");
	if (!state && f->covered.source)
		strbuf_addf(out, " (per %s)", f->covered.source->id);
}

/* "yes, since 2008-08-26 [ru-recognises-ab]", "not recorded", "none (per
 * DIPCON23.dta: ...)" or "uncertain: none or announced (maybe
 * ru-trade-mission-plan, undated)" (docs/coverage.md). */
static void fold_text(const chancery_registry *r, const char *chain, const struct chancery_fold *f,
		      struct strbuf *out)
{
	char date[64];
	if (f->uncertain) {
		strbuf_addstr(out, "uncertain: ");
		state_word(chain, f, f->state, out);
		if (f->level)
			strbuf_addf(out, " (%s)", f->level);
		strbuf_addstr(out, " or ");
		state_word(chain, f, f->possible, out);
		if (f->possible_level)
			strbuf_addf(out, " (%s)", f->possible_level);
		if (f->maybe)
			chancery_date_format(&f->maybe->date, date, sizeof(date));
		if (f->horizon) {
			chancery_date_format(&f->since->date, date, sizeof(date));
			strbuf_addf(out, " (no end recorded, and more than 10 years since %s [%s])",
				    date, f->since->id);
		} else if (f->possible_implied)
			strbuf_addf(out, " since an unknown date, implied by %s (%s), which withdraws it",
				    f->maybe->id, date);
		else if (f->successor)
			strbuf_addf(out, " (a successor's credentials %s, %s)", f->maybe->id, date);
		else if (f->maybe)
			strbuf_addf(out, " (%s, %s)", f->maybe->id, date);
		return;
	}
	if (f->absent) {
		const struct chancery_party *p = f->absent;
		strbuf_addf(out, "no: %s does not exist on this day",
			    p->short_name ? p->short_name : p->name);
		if (p->from.form) {
			chancery_date_format(&p->from, date, sizeof(date));
			strbuf_addf(out, " (from %s", date);
			if (p->to.form)
				chancery_date_format(&p->to, date, sizeof(date));
			strbuf_addf(out, p->to.form ? " to %s)" : ")", date);
		} else if (p->to.form) {
			chancery_date_format(&p->to, date, sizeof(date));
			strbuf_addf(out, " (to %s)", date);
		}
		return;
	}
	if (!f->state && !f->covered.source) {
		/* nothing of the chain by the day, and no source that covers
		 * it: not an answer "no" */
		strbuf_addstr(out, "not recorded");
		return;
	}
	if (!f->state) {
		strbuf_addf(out, "%s (per %s: %s)", chancery_state_name(chain, 0),
			    f->covered.source->id, f->covered.source->title);
		return;
	}
	strbuf_addstr(out, chancery_state_name(chain, f->state));
	if (f->level)
		strbuf_addf(out, " (%s)", f->level);
	if (f->implied)
		strbuf_addf(out, ", %s", implied_by(f->since));
	if (f->since) {
		chancery_date_format(&f->since->date, date, sizeof(date));
		if (f->successor == f->since)
			strbuf_addf(out, ", since %s, when %s presented credentials [%s]", date,
				    person_name(r, f->since->person), f->since->id);
		else
			strbuf_addf(out, ", %s %s [%s]", f->implied ? "at least since" : "since",
				    date, f->since->id);
	}
}

/* Warn on stderr when the day is before a party existed. */
static void note_existence(const struct chancery_party *p, int32_t day)
{
	struct strbuf sb = STRBUF_INIT;
	if (api_existence_note(p, day, &sb))
		fprintf(stderr, "note: %s\n", sb.buf);
	strbuf_release(&sb);
}

static void print_treaty_line(const chancery_registry *r, const struct chancery_treaty_status *t)
{
	char span[96];
	printf("  %s [%s]: %s%s", t->treaty->title, t->treaty->id,
	       chancery_treaty_state_name(t->state), t->uncertain ? " (uncertain)" : "");
	if (t->in_force_from.known) {
		span_text(&t->in_force_from, span, sizeof(span));
		printf("; in force from %s", span);
		if (t->force_reason)
			printf(" (%s)", t->force_reason);
	} else if (t->force_reason) {
		printf("; entry into force %s", t->force_reason);
	}
	putchar('\n');
	(void)r;
}

/* Each direction with no mission (envoy) listed on the day: "none" where
 * a source covers it, else not recorded (docs/coverage.md). */
static void print_absence(const chancery_registry *r, const struct chancery_dyad_status *s,
			  const char *what, const struct chancery_covered *covered, int envoys)
{
	for (int w = 0; w < 2; w++) {
		const char *from = w ? s->b->id : s->a->id, *to = w ? s->a->id : s->b->id;
		int listed = 0;
		if (envoys) {
			for (size_t i = 0; i < s->n_envoys; i++)
				listed |= snapshot_party_root(r, s->envoys[i].sender) ==
					  snapshot_party_root(r, from);
		} else {
			for (size_t i = 0; i < s->n_missions; i++)
				listed |= snapshot_party_root(r, s->missions[i].sender) ==
					  snapshot_party_root(r, from);
		}
		if (listed)
			continue;
		if (covered[w].source && covered[w].line->mission_type)
			printf("  %s's %s in %s: none (per %s)\n", label(r, from),
			       covered[w].line->mission_type, label(r, to), covered[w].source->id);
		else if (covered[w].source)
			printf("  %s's %s %s: none (per %s)\n", label(r, from), what, label(r, to),
			       covered[w].source->id);
		else
			printf("  %s's %s %s: not recorded\n", label(r, from), what, label(r, to));
	}
}

static void print_status(const chancery_registry *r, const struct chancery_dyad_status *s)
{
	struct strbuf sb = STRBUF_INIT;
	char day[32];
	day_text(s->on, day, sizeof(day));
	printf("%s – %s on %s\n\n", label(r, s->a->id), label(r, s->b->id), day);
	api_status_summary(s, &sb);
	printf("%s\n\nRecognition\n", sb.buf);
	for (int i = 0; i < 2; i++) {
		strbuf_reset(&sb);
		fold_text(r, "recognition", &s->recognition[i], &sb);
		printf("  %s recognises %s: %s\n", label(r, i ? s->b->id : s->a->id),
		       label(r, i ? s->a->id : s->b->id), sb.buf);
	}
	strbuf_reset(&sb);
	fold_text(r, "relations", &s->relations, &sb);
	printf("\nDiplomatic relations\n  %s\n", sb.buf);
	printf("\nMissions\n");
	print_absence(r, s, "missions in", s->no_missions, 0);
	for (size_t i = 0; i < s->n_missions; i++) {
		const struct chancery_mission_status *m = &s->missions[i];
		strbuf_reset(&sb);
		fold_text(r, "mission", &m->fold, &sb);
		printf("  %s's %s in %s%s%s%s: %s\n", label(r, m->sender), m->type ? m->type : "mission",
		       label(r, m->host), m->city ? " (" : "", m->city ? m->city : "",
		       m->city ? ")" : "", sb.buf);
	}
	printf("\nEnvoys\n");
	print_absence(r, s, "envoys to", s->no_envoys, 1);
	for (size_t i = 0; i < s->n_envoys; i++) {
		const struct chancery_envoy_status *v = &s->envoys[i];
		strbuf_reset(&sb);
		fold_text(r, "envoy", &v->fold, &sb);
		printf("  %s, %s of %s to %s: %s\n", person_name(r, v->person),
		       v->rank ? v->rank : "envoy", label(r, v->sender), label(r, v->receiver), sb.buf);
	}
	printf("\nTreaties\n");
	if (!s->n_treaties)
		printf("  none recorded\n");
	for (size_t i = 0; i < s->n_treaties; i++)
		print_treaty_line(r, s->treaties[i]);
	printf("\nReactions of third parties\n");
	if (!s->n_reactions)
		printf("  none recorded\n");
	for (size_t i = 0; i < s->n_reactions; i++) {
		const struct chancery_event *e = s->reactions[i];
		char date[64];
		chancery_date_format(&e->date, date, sizeof(date));
		printf("  %s %s: %s about %s [%s]%s\n", date, label(r, e->actor),
		       e->stance ? e->stance : "statement", e->about ? e->about : "?", e->id,
		       chancery_date_by(&e->date, s->on) == CHANCERY_UNCERTAIN
			       ? " (may not have happened yet)"
			       : "");
	}
	printf("\nCoverage\n");
	for (size_t i = 0; i < s->n_coverage; i++) {
		strbuf_reset(&sb);
		api_coverage_text(r, &s->coverage[i], &sb);
		printf("  %s\n", sb.buf);
	}
	printf("  %s, what is not recorded is \"not recorded\", never \"no\"\n",
	       s->n_coverage ? "Outside these" : "No source covers this pair completely");
	strbuf_release(&sb);
}

/* What the recognitions of x rest on: how many are on record and from
 * which sources, and the covers lines that make a party not listed "no"
 * (docs/coverage.md). */
static void print_recognitions_basis(const chancery_registry *r, const struct api_recognitions *a)
{
	struct strbuf sb = STRBUF_INIT;
	printf("Recognitions of %s on record: %zu, from %zu source%s", label(r, a->x->id), a->n_rows,
	       a->n_sources, a->n_sources == 1 ? "" : "s");
	for (size_t i = 0; i < a->n_sources && i < 5; i++)
		printf("%s%s", i ? ", " : " (", a->sources[i]->id);
	if (a->n_sources)
		printf("%s)", a->n_sources > 5 ? ", ..." : "");
	printf("\n");
	for (size_t i = 0; i < a->n_coverage; i++) {
		strbuf_reset(&sb);
		api_coverage_text(r, &a->coverage[i], &sb);
		printf("Covered: %s\n", sb.buf);
	}
	printf("%s\n", a->n_coverage ? "Outside what is covered, a party not listed is \"not recorded\""
				      : "No source covers these recognitions completely: a party not"
					" listed is \"not recorded\", not \"no\"");
	strbuf_release(&sb);
}

/* Resolve the two party arguments; prints the error itself. */
static int two_parties(const chancery_registry *r, const char *x, const char *y,
		       const struct chancery_party **a, const struct chancery_party **b)
{
	*a = resolve_party(r, x);
	*b = *a ? resolve_party(r, y) : NULL;
	return *a && *b ? 0 : -1;
}

int cmd_status(int argc, char **argv)
{
	static const struct option longopts[] = {
		COMMON_LONG_OPTIONS, { "on", required_argument, NULL, OPT_ON }, { NULL, 0, NULL, 0 }
	};
	const struct command *c = find_command("status");
	struct common o = { 0 };
	int32_t day = chancery_today();
	const struct chancery_party *a, *b;
	struct chancery_dyad_status *s = NULL;
	chancery_registry *r;
	int opt, code = EXIT_OK;

	while ((opt = next_option(c, argc, argv, "hf:", longopts)) != -1) {
		if (common_option(&o, opt, optarg))
			continue;
		if (opt == OPT_ON && parse_day_arg("--on", optarg, &day))
			exit(EXIT_USAGE);
	}
	if (optind + 2 != argc)
		die_usage(c, "expected two parties");
	const struct persist_need need = { PERSIST_DYAD, { argv[optind], argv[optind + 1] }, 2, NULL, NULL };
	if (!(r = load_registry_for(&o, &need, &code))) {
		common_release(&o);
		return code;
	}
	if (two_parties(r, argv[optind], argv[optind + 1], &a, &b) ||
	    chancery_dyad_status(r, a->id, b->id, day, &s)) {
		code = EXIT_NOTFOUND;
	} else if (o.json) {
		note_existence(a, day);
		note_existence(b, day);
		code = print_json(api_status_json(s, o.known_on));
	} else {
		note_existence(a, day);
		note_existence(b, day);
		print_status(r, s);
	}
	chancery_dyad_status_free(s);
	chancery_registry_free(r);
	common_release(&o);
	return code;
}

int cmd_recognitions(int argc, char **argv)
{
	enum { OPT_BY = 2000 };
	static const struct option longopts[] = {
		COMMON_LONG_OPTIONS,
		{ "on", required_argument, NULL, OPT_ON },
		{ "series", no_argument, NULL, OPT_SERIES },
		{ "by", required_argument, NULL, OPT_BY },
		{ NULL, 0, NULL, 0 },
	};
	const struct command *c = find_command("recognitions");
	struct common o = { 0 };
	int32_t day = chancery_today();
	int series = 0, members_only = 0, opt, code = EXIT_OK;
	const struct chancery_party *x, *un = NULL;
	chancery_registry *r;

	while ((opt = next_option(c, argc, argv, "hf:", longopts)) != -1) {
		if (common_option(&o, opt, optarg))
			continue;
		if (opt == OPT_ON && parse_day_arg("--on", optarg, &day))
			exit(EXIT_USAGE);
		if (opt == OPT_SERIES)
			series = 1;
		if (opt == OPT_BY) {
			if (!strcmp(optarg, "un-members"))
				members_only = 1;
			else if (strcmp(optarg, "all"))
				die_usage(c, "unknown --by '%s'; expected un-members or all", optarg);
		}
	}
	if (optind + 1 != argc)
		die_usage(c, "expected one party");
	const struct persist_need need = { PERSIST_RECOGNITIONS, { argv[optind], "Q1065", "UN" }, 3, NULL, NULL };
	if (!(r = load_registry_for(&o, &need, &code))) {
		common_release(&o);
		return code;
	}
	un = api_united_nations(r);
	if (!(x = resolve_party(r, argv[optind]))) {
		code = EXIT_NOTFOUND;
	} else if (members_only && !un) {
		fprintf(stderr, "error: --by un-members needs the United Nations as a party "
				"(wikidata=Q1065) and its members' join-organisation events; none "
				"is recorded\n");
		code = EXIT_NOTFOUND;
	} else if (series) {
		struct chancery_series_point *v = NULL;
		size_t n = 0;
		chancery_recognition_series_by(r, x->id, members_only ? un->id : NULL, &v, &n);
		if (o.json) {
			code = print_json(api_series_json(x, members_only, v, n));
		} else if (!n) {
			/* no dated event: a header alone would say nothing */
			struct chancery_recognizer *w = NULL;
			size_t k = 0;
			chancery_recognitions(r, x->id, day, &w, &k);
			if (k)
				printf("No recognition of %s has a date: the count never changes on a "
				       "known day. 'chancery recognitions %s' lists the %zu on record.\n",
				       label(r, x->id), argv[optind], k);
			else
				printf("No recognition of %s is recorded.\n", label(r, x->id));
			chancery_recognizers_free(w, k);
		} else {
			printf("%-10s  %5s  %s\n", "DAY", "COUNT", "UNCERTAIN");
			for (size_t i = 0; i < n; i++) {
				char d[32];
				day_text(v[i].day, d, sizeof(d));
				printf("%-10s  %5d  %d\n", d, v[i].count, v[i].uncertain);
			}
		}
		free(v);
	} else {
		struct api_recognitions rec;
		struct strbuf sb = STRBUF_INIT;
		size_t yes, maybe, yes_members;
		char d[32];
		api_recognitions_compute(r, x, un, day, members_only, &rec);
		yes = rec.yes;
		maybe = rec.maybe;
		yes_members = rec.yes_members;
		if (o.json) {
			code = print_json(api_recognitions_json(&rec));
		} else {
			day_text(day, d, sizeof(d));
			printf("Recognition of %s on %s%s\n", label(r, x->id), d,
			       members_only ? ", by members of the United Nations" : "");
			for (size_t i = 0; i < rec.n_rows; i++) {
				const struct api_recognizer *row = &rec.rows[i];
				enum chancery_tri m = row->member;
				strbuf_reset(&sb);
				fold_text(r, "recognition", &row->rec->fold, &sb);
				printf("  %-24s %s%s\n", label(r, row->rec->party->id), sb.buf,
				       !un || m == CHANCERY_YES ? ""
				       : row->unrecorded && m != CHANCERY_NO ? " (UN membership not recorded)"
				       : m == CHANCERY_NO		      ? " (not a UN member)"
									      : " (UN membership uncertain)");
			}
			if (members_only)
				printf("%zu UN member%s recognise%s, %zu uncertain\n", yes,
				       yes == 1 ? "" : "s", yes == 1 ? "s" : "", maybe);
			else if (un)
				printf("%zu recognise%s (%zu UN member%s, %zu other%s), %zu uncertain\n",
				       yes, yes == 1 ? "s" : "", yes_members, yes_members == 1 ? "" : "s",
				       yes - yes_members, yes - yes_members == 1 ? "" : "s", maybe);
			else
				printf("%zu recognise%s, %zu uncertain\n", yes, yes == 1 ? "s" : "", maybe);
			print_recognitions_basis(r, &rec);
		}
		strbuf_release(&sb);
		api_recognitions_release(&rec);
	}
	chancery_registry_free(r);
	common_release(&o);
	return code;
}

int cmd_timeline(int argc, char **argv)
{
	static const struct option longopts[] = {
		COMMON_LONG_OPTIONS,
		{ "from", required_argument, NULL, OPT_FROM },
		{ "to", required_argument, NULL, OPT_TO },
		{ NULL, 0, NULL, 0 },
	};
	const struct command *c = find_command("timeline");
	struct common o = { 0 };
	struct chancery_date from = { 0 }, to = { 0 };
	int has_from = 0, has_to = 0, opt, code = EXIT_OK;
	const char *from_arg = NULL, *to_arg = NULL;
	const struct chancery_party *a, *b;
	struct chancery_dyad_status *s = NULL;
	chancery_registry *r;

	while ((opt = next_option(c, argc, argv, "hf:", longopts)) != -1) {
		if (common_option(&o, opt, optarg))
			continue;
		if (opt == OPT_FROM) {
			if (parse_date_arg("--from", optarg, &from))
				exit(EXIT_USAGE);
			has_from = 1;
			from_arg = optarg;
		} else if (opt == OPT_TO) {
			if (parse_date_arg("--to", optarg, &to))
				exit(EXIT_USAGE);
			has_to = 1;
			to_arg = optarg;
		}
	}
	if (optind + 2 != argc)
		die_usage(c, "expected two parties");
	if (has_from && has_to)
		check_from_to(c, from_arg, &from, to_arg, &to);
	const struct persist_need need = { PERSIST_DYAD, { argv[optind], argv[optind + 1] }, 2, NULL, NULL };
	if (!(r = load_registry_for(&o, &need, &code))) {
		common_release(&o);
		return code;
	}
	if (two_parties(r, argv[optind], argv[optind + 1], &a, &b) ||
	    chancery_dyad_status(r, a->id, b->id, chancery_today(), &s)) {
		code = EXIT_NOTFOUND;
	} else {
		size_t *idx = xmalloc((s->n_events + 1) * sizeof(*idx));
		size_t n = api_timeline_select(r, s, has_from ? &from : NULL, has_to ? &to : NULL, idx);
		if (o.json)
			code = print_json(api_events_json(r, idx, n));
		else
			print_event_rows(r, idx, n);
		free(idx);
	}
	chancery_dyad_status_free(s);
	chancery_registry_free(r);
	common_release(&o);
	return code;
}

/* One line of a diff: what a state was and what it became. */
static void print_change(const chancery_registry *r, const struct api_change *c)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	if (!c->chain) {
		printf("  treaty %s: %s  ->  %s%s\n", c->treaty->id,
		       chancery_treaty_state_name(c->treaty_from),
		       chancery_treaty_state_name(c->treaty_to), c->treaty_uncertain ? " (uncertain)" : "");
		return;
	}
	fold_text(r, c->chain, c->from, &a);
	fold_text(r, c->chain, c->to, &b);
	printf("  %s: %s  ->  %s\n", c->what, a.buf, b.buf);
	strbuf_release(&a);
	strbuf_release(&b);
}

int cmd_diff(int argc, char **argv)
{
	static const struct option longopts[] = {
		COMMON_LONG_OPTIONS,
		{ "from", required_argument, NULL, OPT_FROM },
		{ "to", required_argument, NULL, OPT_TO },
		{ NULL, 0, NULL, 0 },
	};
	const struct command *c = find_command("diff");
	struct common o = { 0 };
	int32_t d1 = 0, d2 = chancery_today();
	int has_from = 0, opt, code = EXIT_OK;
	const char *from_arg = NULL, *to_arg = NULL;
	const struct chancery_party *a, *b;
	struct chancery_dyad_status *s1 = NULL, *s2 = NULL;
	chancery_registry *r;

	while ((opt = next_option(c, argc, argv, "hf:", longopts)) != -1) {
		if (common_option(&o, opt, optarg))
			continue;
		if (opt == OPT_FROM) {
			if (parse_day_arg("--from", optarg, &d1))
				exit(EXIT_USAGE);
			has_from = 1;
			from_arg = optarg;
		} else if (opt == OPT_TO) {
			if (parse_day_arg("--to", optarg, &d2))
				exit(EXIT_USAGE);
			to_arg = optarg;
		}
	}
	if (optind + 2 != argc)
		die_usage(c, "expected two parties");
	if (!has_from)
		die_usage(c, "--from DAY is required");
	if (to_arg && d1 > d2)
		die_usage(c, "--from %s is after --to %s", from_arg, to_arg);
	const struct persist_need need = { PERSIST_DYAD, { argv[optind], argv[optind + 1] }, 2, NULL, NULL };
	if (!(r = load_registry_for(&o, &need, &code))) {
		common_release(&o);
		return code;
	}
	if (two_parties(r, argv[optind], argv[optind + 1], &a, &b) ||
	    chancery_dyad_status(r, a->id, b->id, d1, &s1) ||
	    chancery_dyad_status(r, a->id, b->id, d2, &s2)) {
		code = EXIT_NOTFOUND;
	} else {
		if (o.json) {
			code = print_json(api_diff_json(s1, s2));
		} else {
			struct api_change *v;
			size_t n = api_diff(s1, s2, &v);
			char x[32], y[32];
			day_text(d1, x, sizeof(x));
			day_text(d2, y, sizeof(y));
			printf("%s – %s from %s to %s\n", label(r, a->id), label(r, b->id), x, y);
			for (size_t i = 0; i < n; i++)
				print_change(r, &v[i]);
			api_changes_free(v, n);
		}
	}
	chancery_dyad_status_free(s1);
	chancery_dyad_status_free(s2);
	chancery_registry_free(r);
	common_release(&o);
	return code;
}

int cmd_treaties(int argc, char **argv)
{
	static const struct option longopts[] = {
		COMMON_LONG_OPTIONS,
		{ "on", required_argument, NULL, OPT_ON },
		{ "status", required_argument, NULL, OPT_STATUS },
		{ NULL, 0, NULL, 0 },
	};
	const struct command *c = find_command("treaties");
	struct common o = { 0 };
	int32_t day = chancery_today();
	const char *want = NULL;
	const struct chancery_party *a = NULL, *b = NULL;
	chancery_registry *r;
	int opt, code = EXIT_OK;

	while ((opt = next_option(c, argc, argv, "hf:", longopts)) != -1) {
		if (common_option(&o, opt, optarg))
			continue;
		if (opt == OPT_ON && parse_day_arg("--on", optarg, &day))
			exit(EXIT_USAGE);
		if (opt == OPT_STATUS)
			want = optarg;
	}
	if (want) {
		const char *known = api_treaty_state(want);
		if (!known)
			die_usage(c, "unknown --status '%s'; expected not-signed, signed, ratified-by-some, "
				     "ratified-by-all, provisionally-applied, in-force, suspended, denounced, "
				     "terminated or expired",
				  want);
		want = known;
	}
	if (argc - optind > 2)
		die_usage(c, "expected at most two parties");
	const struct persist_need need = { PERSIST_TREATIES, { argv[optind] }, optind < argc, NULL, NULL };
	if (!(r = load_registry_for(&o, &need, &code))) {
		common_release(&o);
		return code;
	}
	if ((optind < argc && !(a = resolve_party(r, argv[optind]))) ||
	    (optind + 1 < argc && !(b = resolve_party(r, argv[optind + 1])))) {
		code = EXIT_NOTFOUND;
		goto out;
	}
	if (o.json) {
		code = print_json(api_treaties_json(r, a, b, day, want));
		goto out;
	}
	for (size_t i = 0; i < chancery_registry_treaty_count(r); i++) {
		const struct chancery_treaty *t = chancery_registry_treaty(r, i);
		struct chancery_treaty_status *s;
		char span[96], state[64];
		if (!api_treaty_selected(r, t, a, b) || chancery_treaty_status(r, i, day, &s))
			continue;
		if (api_treaty_exists(r, i, s) &&
		    (!want || !strcmp(want, chancery_treaty_state_name(s->state)))) {
			span_text(&s->in_force_from, span, sizeof(span));
			snprintf(state, sizeof(state), "%s%s", chancery_treaty_state_name(s->state),
				 s->uncertain ? " (uncertain)" : "");
			printf("%-24s %-22s %-34s %s\n", t->id, state, span, t->title);
		}
		chancery_treaty_status_free(s);
	}
out:
	chancery_registry_free(r);
	common_release(&o);
	return code;
}

/* Does text hold word, ignoring ASCII case? */
static int contains_word(const char *text, const char *word)
{
	size_t n = strlen(word);
	if (!n)
		return 0;
	for (; *text; text++) {
		size_t k = 0;
		while (k < n && text[k] && tolower((unsigned char)text[k]) == tolower((unsigned char)word[k]))
			k++;
		if (k == n)
			return 1;
	}
	return 0;
}

/* "; did you mean 'ru-ab-base' (Agreement on ...)?" for a treaty id that
 * names nothing: treaties whose id or title holds the word, else the
 * nearest ids. Ends the line. */
static void suggest_treaties(const chancery_registry *r, const char *word)
{
	size_t n = chancery_registry_treaty_count(r), shown = 0;
	unsigned best = 4;
	for (int pass = 0; pass < 2 && !shown; pass++)
		for (size_t i = 0; i < n && shown < 3; i++) {
			const struct chancery_treaty *t = chancery_registry_treaty(r, i);
			int hit;
			if (pass == 0)
				hit = contains_word(t->id, word) || contains_word(t->title, word);
			else
				hit = edit_distance(t->id, word) < best;
			if (!hit)
				continue;
			fprintf(stderr, "%s'%s' (%s)", shown ? ", " : "; did you mean ", t->id,
				t->title);
			shown++;
		}
	fputs(shown ? "?\n" : "; 'chancery treaties' lists them\n", stderr);
}

int cmd_treaty(int argc, char **argv)
{
	static const struct option longopts[] = {
		COMMON_LONG_OPTIONS, { "on", required_argument, NULL, OPT_ON }, { NULL, 0, NULL, 0 }
	};
	const struct command *c = find_command("treaty");
	struct common o = { 0 };
	int32_t day = chancery_today();
	chancery_registry *r;
	struct chancery_treaty_status *s = NULL;
	size_t index;
	int opt, code = EXIT_OK;

	while ((opt = next_option(c, argc, argv, "hf:", longopts)) != -1) {
		if (common_option(&o, opt, optarg))
			continue;
		if (opt == OPT_ON && parse_day_arg("--on", optarg, &day))
			exit(EXIT_USAGE);
	}
	if (optind + 1 != argc)
		die_usage(c, "expected one treaty id");
	const struct persist_need need = { PERSIST_TREATY, { NULL }, 0, argv[optind], NULL };
	if (!(r = load_registry_for(&o, &need, &code))) {
		common_release(&o);
		return code;
	}
	if (chancery_registry_lookup(r, argv[optind], &index) != CHANCERY_ENT_TREATY) {
		fprintf(stderr, "error: no treaty has the id '%s'", argv[optind]);
		suggest_treaties(r, argv[optind]);
		code = EXIT_NOTFOUND;
	} else if (chancery_treaty_status(r, index, day, &s)) {
		code = EXIT_STORE;
	} else if (o.json) {
		code = print_json(api_treaty_json(s));
	} else if (!api_treaty_exists(r, index, s)) {
		/* nothing by the day: no date of what came later */
		char d[32];
		day_text(day, d, sizeof(d));
		printf("%s\n%s on %s: not yet signed\n", s->treaty->title, s->treaty->id, d);
	} else {
		char d[32], span[96];
		day_text(day, d, sizeof(d));
		printf("%s\n%s on %s: %s%s\n", s->treaty->title, s->treaty->id, d,
		       chancery_treaty_state_name(s->state), s->uncertain ? " (uncertain)" : "");
		/* A known date with its reason; an unknown one says why. */
		span_text(&s->in_force_from, span, sizeof(span));
		printf("  entry into force: %s%s%s\n", s->in_force_from.known ? span : "",
		       s->in_force_from.known && s->force_reason ? " — " : "",
		       s->force_reason ? s->force_reason : (s->in_force_from.known ? "" : "unknown"));
		span_text(&s->term_end, span, sizeof(span));
		printf("  current term ends: %s%s%s\n", s->term_end.known ? span : "",
		       s->term_end.known && s->term_reason ? " — " : "",
		       s->term_reason ? s->term_reason : (s->term_end.known ? "" : "unknown"));
		for (uint32_t i = 0; i < s->n_parties; i++) {
			const struct chancery_party_treaty_status *p = &s->parties[i];
			char sig[64] = "-", con[64] = "-";
			if (p->signature)
				chancery_date_format(&p->signature->date, sig, sizeof(sig));
			if (p->consent)
				chancery_date_format(&p->consent->date, con, sizeof(con));
			printf("  %-16s %-22s signed %-12s consent %-12s%s%s\n", label(r, p->party),
			       chancery_party_treaty_state_word(p), sig, con,
			       p->reason ? "  " : "", p->reason ? p->reason : "");
			for (uint32_t k = 0; k < p->n_steps; k++) {
				char sd[64];
				chancery_date_format(&p->steps[k]->date, sd, sizeof(sd));
				printf("    step %-12s %s%s%s [%s]\n", sd, label(r, p->steps[k]->actor),
				       p->steps[k]->text ? ": " : "",
				       p->steps[k]->text ? p->steps[k]->text : "", p->steps[k]->id);
			}
			/* what the office typed with each act (issue 20: notes were
			 * shown nowhere) */
			if (p->signature && p->signature->note && p->signature->actor == p->party)
				printf("    note on the signature: %s\n", p->signature->note);
			if (p->consent && p->consent->note)
				printf("    note on the consent: %s\n", p->consent->note);
			if (p->denunciation && p->denunciation->note)
				printf("    note on the denunciation: %s\n", p->denunciation->note);
		}
		if (s->treaty->note)
			printf("  note: %s\n", s->treaty->note);
	}
	chancery_treaty_status_free(s);
	chancery_registry_free(r);
	common_release(&o);
	return code;
}

/* ---- dyads: the panel of every dyad on a day ---- */

enum dyads_format { DYADS_TEXT, DYADS_CSV };

/* A fold as one word: the state, or "uncertain". */
static const char *fold_word(const char *chain, const struct chancery_fold *f)
{
	return f->uncertain ? "uncertain" : chancery_state_name(chain, f->state);
}

static int print_dyad(const struct chancery_dyad_brief *d, void *ctx)
{
	const enum dyads_format *format = ctx;
	const struct chancery_fold *rel = &d->relations;
	char since[64] = "";
	if (rel->since)
		chancery_date_format(&rel->since->date, since, sizeof(since));
	if (*format == DYADS_CSV) {
		/* the one CSV writer (base/csv.c), as the panels' */
		const char *fields[] = { d->a->id, d->b->id,
					 fold_word("recognition", &d->recognition[0]),
					 fold_word("recognition", &d->recognition[1]),
					 fold_word("relations", rel), rel->level ? rel->level : "",
					 since, rel->since ? rel->since->id : "" };
		struct strbuf row = STRBUF_INIT;
		for (size_t i = 0; i < sizeof(fields) / sizeof(*fields); i++) {
			if (i)
				strbuf_addch(&row, ',');
			csv_field(&row, fields[i]);
		}
		strbuf_addch(&row, '\n');
		fputs(row.buf, stdout);
		strbuf_release(&row);
		return 0;
	}
	printf("%-10s %-10s %-10s %-10s %-12s %-18s %s\n", d->a->id, d->b->id,
	       fold_word("recognition", &d->recognition[0]),
	       fold_word("recognition", &d->recognition[1]), fold_word("relations", rel),
	       rel->level ? rel->level : "-", since[0] ? since : "-");
	return 0;
}

int cmd_dyads(int argc, char **argv)
{
	enum { OPT_CSV = 2000 };
	static const struct option longopts[] = {
		COMMON_LONG_OPTIONS,
		{ "on", required_argument, NULL, OPT_ON },
		{ "csv", no_argument, NULL, OPT_CSV },
		{ NULL, 0, NULL, 0 },
	};
	const struct command *c = find_command("dyads");
	struct common o = { 0 };
	enum dyads_format format = DYADS_TEXT;
	int32_t day = chancery_today();
	chancery_registry *r;
	int opt, code = EXIT_OK;

	while ((opt = next_option(c, argc, argv, "hf:", longopts)) != -1) {
		if (common_option(&o, opt, optarg))
			continue;
		if (opt == OPT_ON && parse_day_arg("--on", optarg, &day))
			exit(EXIT_USAGE);
		if (opt == OPT_CSV)
			format = DYADS_CSV;
	}
	if (o.json && format == DYADS_CSV)
		die_usage(c, "--csv and --json are exclusive");
	if (optind < argc)
		die_usage(c, "unexpected argument '%s'", argv[optind]);
	if (!(r = load_registry(&o, &code))) {
		common_release(&o);
		return code;
	}
	if (o.json)
		code = print_json(api_dyads_json(r, day));
	else if (format == DYADS_CSV)
		printf("a,b,a_recognises_b,b_recognises_a,relations,level,relations_since,since_event\n");
	else
		printf("%-10s %-10s %-10s %-10s %-12s %-18s %s\n", "A", "B", "A REC B", "B REC A",
		       "RELATIONS", "LEVEL", "SINCE");
	if (!o.json)
		chancery_dyads_on(r, day, print_dyad, &format);
	chancery_registry_free(r);
	common_release(&o);
	return code;
}

int cmd_coverage(int argc, char **argv)
{
	static const struct option longopts[] = { COMMON_LONG_OPTIONS, { NULL, 0, NULL, 0 } };
	const struct command *c = find_command("coverage");
	struct common o = { 0 };
	const struct chancery_party *x = NULL;
	chancery_registry *r;
	int opt, code = EXIT_OK;

	while ((opt = next_option(c, argc, argv, "hf:", longopts)) != -1)
		common_option(&o, opt, optarg);
	if (optind + 1 < argc)
		die_usage(c, "expected at most one party");
	if (!(r = load_registry(&o, &code))) {
		common_release(&o);
		return code;
	}
	if (optind < argc && !(x = resolve_party(r, argv[optind])))
		code = EXIT_NOTFOUND;
	else if (o.json)
		code = print_json(api_coverage_json(r, x));
	else
		api_coverage_print(r, x, stdout);
	chancery_registry_free(r);
	common_release(&o);
	return code;
}
