/* cmd_query.c: parties, events and show: reading the registry back. */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli.h"
#include "publish/json.h"
#include "ledger/ledger.h"
#include "model/registry.h"
#include "base/strbuf.h"
#include "model/vocab.h"
#include "base/banned.h"

static const char *party_label(const chancery_registry *r, const char *id)
{
	size_t i;
	const struct chancery_party *p;
	if (!id || chancery_registry_lookup(r, id, &i) != CHANCERY_ENT_PARTY)
		return id ? id : "";
	p = chancery_registry_party(r, i);
	return p->short_name ? p->short_name : p->name;
}

static const char *person_label(const chancery_registry *r, const char *id)
{
	size_t i;
	if (!id || chancery_registry_lookup(r, id, &i) != CHANCERY_ENT_PERSON)
		return id ? id : "";
	return chancery_registry_person(r, i)->name;
}

static const struct chancery_treaty *treaty_of(const chancery_registry *r,
					       const struct chancery_event *e)
{
	size_t i;
	if (e->treaty && chancery_registry_lookup(r, e->treaty, &i) == CHANCERY_ENT_TREATY)
		return chancery_registry_treaty(r, i);
	return NULL;
}

/* "Russia → Abkhazia", "Semyon Grigoriyev (Russia → Abkhazia)", or the
 * treaty's title and the acting party. */
static void describe(const chancery_registry *r, const struct chancery_event *e,
		     struct strbuf *out)
{
	const struct chancery_treaty *t = treaty_of(r, e);
	if (t) {
		strbuf_addstr(out, t->title);
		if (e->actor)
			strbuf_addf(out, ": %s", party_label(r, e->actor));
		return;
	}
	if (e->person)
		strbuf_addf(out, "%s (", person_label(r, e->person));
	strbuf_addstr(out, party_label(r, e->actor));
	if (e->target)
		strbuf_addf(out, " → %s", party_label(r, e->target));
	if (e->person)
		strbuf_addch(out, ')');
	if (e->subject.n) {
		strbuf_addstr(out, " on ");
		for (uint32_t i = 0; i < e->subject.n; i++)
			strbuf_addf(out, "%s%s", i ? ", " : "", party_label(r, e->subject.v[i]));
	}
	for (const struct field *f = event_fields; f->key; f++) {
		const char *s;
		if (f->type != FT_TEXT && f->type != FT_LEVEL && f->type != FT_MISSION &&
		    f->type != FT_STANCE && f->type != FT_PERSON && f->type != FT_SYSTEM)
			continue;
		if (!strcmp(f->key, "note") || !kind_allows(&kinds[e->kind], f->key))
			continue;
		s = *(const char *const *)((const char *)e + f->offset);
		if (s)
			strbuf_addf(out, "; %s %s", f->key,
				    f->type == FT_PERSON ? person_label(r, s) : s);
	}
}

static int kind_matches(const struct chancery_event *e, char **kinds_wanted, size_t n)
{
	if (!n)
		return 1;
	for (size_t i = 0; i < n; i++)
		if (!strcmp(kinds[e->kind].name, kinds_wanted[i]) ||
		    !strcmp(kinds[e->kind].category, kinds_wanted[i]))
			return 1;
	return 0;
}

static int known_kind(const char *k)
{
	for (int i = 0; i < CHANCERY_EV__COUNT; i++)
		if (!strcmp(kinds[i].name, k) || !strcmp(kinds[i].category, k))
			return 1;
	return 0;
}

void print_event_rows(const chancery_registry *r, const size_t *idx, size_t n)
{
	int wdate = 4, wkind = 4;
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < n; i++) {
		const struct chancery_event *e = chancery_registry_event(r, idx[i]);
		char date[64];
		int l = (int)chancery_date_format(&e->date, date, sizeof(date));
		int k = (int)strlen(kinds[e->kind].name);
		wdate = l > wdate ? l : wdate;
		wkind = k > wkind ? k : wkind;
	}
	for (size_t i = 0; i < n; i++) {
		const struct chancery_event *e = chancery_registry_event(r, idx[i]);
		char date[64];
		chancery_date_format(&e->date, date, sizeof(date));
		strbuf_reset(&sb);
		describe(r, e, &sb);
		printf("%-*s  %-*s  %s  [%s]\n", wdate, date, wkind, kinds[e->kind].name, sb.buf,
		       e->id);
	}
	strbuf_release(&sb);
}

int cmd_events(int argc, char **argv)
{
	enum { OPT_FROM = 1000, OPT_TO };
	static const struct option longopts[] = {
		COMMON_LONG_OPTIONS,
		{ "party", required_argument, NULL, 'p' },
		{ "kind", required_argument, NULL, 'k' },
		{ "from", required_argument, NULL, OPT_FROM },
		{ "to", required_argument, NULL, OPT_TO },
		{ NULL, 0, NULL, 0 },
	};
	const struct command *c = find_command("events");
	struct common o = { 0 };
	char **party_args = NULL, **kind_args = NULL;
	const char **party_ids = NULL;
	size_t n_parties = 0, n_kinds = 0, n = 0;
	struct chancery_date from = { 0 }, to = { 0 };
	int has_from = 0, has_to = 0, opt, code = EXIT_OK;
	const char *from_arg = NULL, *to_arg = NULL;
	chancery_registry *r = NULL;
	size_t *idx = NULL;

	while ((opt = next_option(c, argc, argv, "hf:p:k:", longopts)) != -1) {
		if (common_option(&o, opt, optarg))
			continue;
		switch (opt) {
		case 'p':
			party_args = xrealloc(party_args, (n_parties + 1) * sizeof(*party_args));
			party_args[n_parties++] = optarg;
			break;
		case 'k':
			if (!known_kind(optarg))
				die_usage(c, "--kind '%s' is neither an event kind nor a category "
					     "(recognition, relations, missions, envoys, statements, acts, treaty)",
					  optarg);
			kind_args = xrealloc(kind_args, (n_kinds + 1) * sizeof(*kind_args));
			kind_args[n_kinds++] = optarg;
			break;
		case OPT_FROM:
			if (parse_date_arg("--from", optarg, &from))
				exit(EXIT_USAGE);
			has_from = 1;
			from_arg = optarg;
			break;
		case OPT_TO:
			if (parse_date_arg("--to", optarg, &to))
				exit(EXIT_USAGE);
			has_to = 1;
			to_arg = optarg;
			break;
		}
	}
	if (optind < argc)
		die_usage(c, "unexpected argument '%s'", argv[optind]);
	if (has_from && has_to)
		check_from_to(c, from_arg, &from, to_arg, &to);
	if (!(r = load_registry(&o, &code)))
		goto out;
	party_ids = xcalloc(n_parties ? n_parties : 1, sizeof(*party_ids));
	for (size_t i = 0; i < n_parties; i++) {
		const struct chancery_party *p = resolve_party(r, party_args[i]);
		if (!p) {
			code = EXIT_NOTFOUND;
			goto out;
		}
		party_ids[i] = p->id;
	}
	idx = xmalloc((chancery_registry_event_count(r) + 1) * sizeof(*idx));
	for (size_t i = 0; i < chancery_registry_event_count(r); i++) {
		const struct chancery_event *e = chancery_registry_event(r, i);
		int ok = kind_matches(e, kind_args, n_kinds);
		for (size_t j = 0; j < n_parties && ok; j++)
			ok = registry_event_involves(r, e, party_ids[j]);
		if (ok && (has_from || has_to) && e->date.form == CHANCERY_DATE_NONE)
			ok = 0;
		if (ok && has_from && e->date.hi < from.lo)
			ok = 0;
		if (ok && has_to && e->date.lo > to.hi)
			ok = 0;
		if (ok)
			idx[n++] = i;
	}
	if (o.json) {
		json_t *a = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(a, json_event(chancery_registry_event(r, idx[i])));
		code = print_json(a);
	} else {
		print_event_rows(r, idx, n);
	}
out:
	free(idx);
	free(party_ids);
	free(party_args);
	free(kind_args);
	chancery_registry_free(r);
	common_release(&o);
	return code;
}

int cmd_parties(int argc, char **argv)
{
	static const struct option longopts[] = {
		COMMON_LONG_OPTIONS,
		{ "kind", required_argument, NULL, 'k' },
		{ NULL, 0, NULL, 0 },
	};
	const struct command *c = find_command("parties");
	struct common o = { 0 };
	const char *kind = NULL;
	chancery_registry *r;
	int opt, code = EXIT_OK, kind_index = -1;
	json_t *a = NULL;

	while ((opt = next_option(c, argc, argv, "hf:k:", longopts)) != -1) {
		if (common_option(&o, opt, optarg))
			continue;
		if (opt == 'k')
			kind = optarg;
	}
	if (optind < argc)
		die_usage(c, "unexpected argument '%s'", argv[optind]);
	if (kind && (kind_index = word_index(party_kind_names, kind, strlen(kind))) < 0)
		die_usage(c, "unknown --kind '%s'; expected state, partially-recognised, "
			     "organisation, group, organ or territory",
			  kind);
	if (!(r = load_registry(&o, &code))) {
		common_release(&o);
		return code;
	}
	if (o.json)
		a = json_array();
	else
		printf("%-10s %-28s %-21s %-4s %-4s %-5s %-10s %s\n", "ID", "NAME", "KIND", "ISO",
		       "ISO3", "COW", "WIKIDATA", "FROM");
	for (size_t i = 0; i < chancery_registry_party_count(r); i++) {
		const struct chancery_party *p = chancery_registry_party(r, i);
		char from[64] = "";
		if (kind_index >= 0 && (int)p->kind != kind_index)
			continue;
		if (a) {
			json_array_append_new(a, json_party(p));
			continue;
		}
		if (p->from.form)
			chancery_date_format(&p->from, from, sizeof(from));
		printf("%-10s %-28s %-21s %-4s %-4s %-5s %-10s %s\n", p->id,
		       p->short_name ? p->short_name : p->name, party_kind_names[p->kind],
		       p->iso2 ? p->iso2 : "-", p->iso3 ? p->iso3 : "-",
		       p->cow ? (snprintf(from + 32, 16, "%d", p->cow), from + 32) : "-",
		       p->wikidata ? p->wikidata : "-", from[0] ? from : "-");
	}
	if (a)
		code = print_json(a);
	chancery_registry_free(r);
	common_release(&o);
	return code;
}

int cmd_show(int argc, char **argv)
{
	static const struct option longopts[] = { COMMON_LONG_OPTIONS, { NULL, 0, NULL, 0 } };
	const struct command *c = find_command("show");
	struct common o = { 0 };
	chancery_registry *r;
	enum chancery_entity ent;
	size_t index = 0, *idx = NULL, n = 0;
	int opt, code = EXIT_OK;
	struct strbuf sb = STRBUF_INIT;
	json_t *j = NULL;

	while ((opt = next_option(c, argc, argv, "hf:", longopts)) != -1)
		common_option(&o, opt, optarg);
	if (optind + 1 != argc)
		die_usage(c, "expected one id");
	if (!(r = load_registry(&o, &code))) {
		common_release(&o);
		return code;
	}
	ent = chancery_registry_lookup(r, argv[optind], &index);
	if (ent == CHANCERY_ENT_NONE) {
		const struct chancery_party *p = chancery_registry_find_party(r, argv[optind]);
		if (p) {
			ent = chancery_registry_lookup(r, p->id, &index);
		} else {
			fprintf(stderr, "error: nothing has the id '%s'", argv[optind]);
			{
				const struct chancery_party *near[3];
				size_t k = chancery_registry_suggest_parties(r, argv[optind], near, 3);
				for (size_t i = 0; i < k; i++)
					fprintf(stderr, "%s'%s'", i ? ", " : "; did you mean ",
						near[i]->id);
				fputs(k ? "?\n" : "\n", stderr);
			}
			code = EXIT_NOTFOUND;
			goto out;
		}
	}
	if (ent == CHANCERY_ENT_EVENT && chancery_registry_event(r, index)->treaty) {
		/* A treaty action is shown within its treaty. */
		const char *t = chancery_registry_event(r, index)->treaty;
		if (chancery_registry_lookup(r, t, &index) == CHANCERY_ENT_TREATY)
			ent = CHANCERY_ENT_TREATY;
	}
	/* Events naming a party or person. */
	if (ent == CHANCERY_ENT_PARTY || ent == CHANCERY_ENT_PERSON) {
		const char *id = ent == CHANCERY_ENT_PARTY ? chancery_registry_party(r, index)->id
							  : chancery_registry_person(r, index)->id;
		idx = xmalloc((chancery_registry_event_count(r) + 1) * sizeof(*idx));
		for (size_t i = 0; i < chancery_registry_event_count(r); i++) {
			const struct chancery_event *e = chancery_registry_event(r, i);
			int hit = ent == CHANCERY_ENT_PARTY ? registry_event_involves(r, e, id) : 0;
			if (ent == CHANCERY_ENT_PERSON) {
				hit = (e->person && !strcmp(e->person, id)) ||
				      (e->by && !strcmp(e->by, id)) || (e->to && !strcmp(e->to, id));
				for (uint32_t k = 0; k < e->persons.n && !hit; k++)
					hit = !strcmp(e->persons.v[k], id);
			}
			if (hit)
				idx[n++] = i;
		}
	}
	if (o.json) {
		switch (ent) {
		case CHANCERY_ENT_PARTY: j = json_party(chancery_registry_party(r, index)); break;
		case CHANCERY_ENT_PERSON: j = json_person(chancery_registry_person(r, index)); break;
		case CHANCERY_ENT_SOURCE: j = json_source(chancery_registry_source(r, index)); break;
		case CHANCERY_ENT_EVENT: j = json_event(chancery_registry_event(r, index)); break;
		default: j = json_treaty(r, index); break;
		}
		json_object_set_new(j, "entity", json_string(chancery_entity_name(ent)));
		if (idx) {
			json_t *a = json_array();
			for (size_t i = 0; i < n; i++)
				json_array_append_new(a, json_string(chancery_registry_event(r, idx[i])->id));
			json_object_set_new(j, "events", a);
		}
		code = print_json(j);
	} else {
		write_entity(&sb, r, ent, index, 0);
		fputs(sb.buf, stdout);
		if (idx && n) {
			printf("\n%zu event%s:\n", n, n == 1 ? "" : "s");
			print_event_rows(r, idx, n);
		}
	}
out:
	free(idx);
	strbuf_release(&sb);
	chancery_registry_free(r);
	common_release(&o);
	return code;
}
