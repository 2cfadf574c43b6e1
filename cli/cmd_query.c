/* cmd_query.c: parties, events and show: reading the registry back. */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli.h"
#include "publish/api.h"
#include "persist/persist.h"
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
	struct api_events_query q = { 0 };
	int opt, code = EXIT_OK;
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
			if (!api_kind_known(optarg))
				die_usage(c, "--kind '%s' is neither an event kind nor a category "
					     "(recognition, relations, missions, envoys, statements, acts, treaty)",
					  optarg);
			kind_args = xrealloc(kind_args, (n_kinds + 1) * sizeof(*kind_args));
			kind_args[n_kinds++] = optarg;
			break;
		case OPT_FROM:
			if (parse_date_arg("--from", optarg, &q.from))
				exit(EXIT_USAGE);
			q.has_from = 1;
			from_arg = optarg;
			break;
		case OPT_TO:
			if (parse_date_arg("--to", optarg, &q.to))
				exit(EXIT_USAGE);
			q.has_to = 1;
			to_arg = optarg;
			break;
		}
	}
	if (optind < argc)
		die_usage(c, "unexpected argument '%s'", argv[optind]);
	if (q.has_from && q.has_to)
		check_from_to(c, from_arg, &q.from, to_arg, &q.to);
	if (n_parties && n_parties <= PERSIST_MAX_PARTIES) {
		/* the parties' events, through the snapshot file */
		struct persist_need need = { PERSIST_NAMING, { NULL }, n_parties, NULL, NULL };
		for (size_t i = 0; i < n_parties; i++)
			need.parties[i] = party_args[i];
		r = load_registry_for(&o, &need, &code);
	} else {
		r = load_registry(&o, &code);
	}
	if (!r)
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
	q.parties = party_ids;
	q.n_parties = n_parties;
	q.kinds = (const char **)kind_args;
	q.n_kinds = n_kinds;
	idx = xmalloc((chancery_registry_event_count(r) + 1) * sizeof(*idx));
	n = api_events_select(r, &q, idx);
	if (o.json)
		code = print_json(api_events_json(r, idx, n));
	else
		print_event_rows(r, idx, n);
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
	const struct persist_need need = { PERSIST_PARTIES, { NULL }, 0, NULL, NULL };
	if (!(r = load_registry_for(&o, &need, &code))) {
		common_release(&o);
		return code;
	}
	if (o.json) {
		code = print_json(api_parties_json(r, kind_index));
		goto out;
	}
	printf("%-10s %-28s %-21s %-4s %-4s %-5s %-10s %s\n", "ID", "NAME", "KIND", "ISO",
	       "ISO3", "COW", "WIKIDATA", "FROM");
	for (size_t i = 0; i < chancery_registry_party_count(r); i++) {
		const struct chancery_party *p = chancery_registry_party(r, i);
		char from[64] = "";
		if (kind_index >= 0 && (int)p->kind != kind_index)
			continue;
		if (p->from.form)
			chancery_date_format(&p->from, from, sizeof(from));
		printf("%-10s %-28s %-21s %-4s %-4s %-5s %-10s %s\n", p->id,
		       p->short_name ? p->short_name : p->name, party_kind_names[p->kind],
		       p->iso2 ? p->iso2 : "-", p->iso3 ? p->iso3 : "-",
		       p->cow ? (snprintf(from + 32, 16, "%d", p->cow), from + 32) : "-",
		       p->wikidata ? p->wikidata : "-", from[0] ? from : "-");
	}
out:
	chancery_registry_free(r);
	common_release(&o);
	return code;
}

int cmd_show(int argc, char **argv)
{
	static const struct option longopts[] = { COMMON_LONG_OPTIONS, { NULL, 0, NULL, 0 } };
	const struct command *c = find_command("show");
	struct common o = { 0 };
	struct persist_need need = { PERSIST_SHOW, { NULL }, 0, NULL, NULL };
	chancery_registry *r;
	enum chancery_entity ent;
	size_t index = 0, *idx = NULL, n = 0;
	int opt, code = EXIT_OK;
	struct strbuf sb = STRBUF_INIT;

	while ((opt = next_option(c, argc, argv, "hf:", longopts)) != -1)
		common_option(&o, opt, optarg);
	if (optind + 1 != argc)
		die_usage(c, "expected one id");
	need.id = argv[optind];
	if (!(r = load_registry_for(&o, &need, &code))) {
		common_release(&o);
		return code;
	}
	ent = api_resolve_id(r, argv[optind], &index);
	if (ent == CHANCERY_ENT_NONE) {
		const struct chancery_party *near[3];
		size_t k = chancery_registry_suggest_parties(r, argv[optind], near, 3);
		fprintf(stderr, "error: nothing has the id '%s'", argv[optind]);
		for (size_t i = 0; i < k; i++)
			fprintf(stderr, "%s'%s'", i ? ", " : "; did you mean ", near[i]->id);
		fputs(k ? "?\n" : "\n", stderr);
		code = EXIT_NOTFOUND;
		goto out;
	}
	/* Events naming a party or person. */
	if (ent == CHANCERY_ENT_PARTY || ent == CHANCERY_ENT_PERSON) {
		idx = xmalloc((chancery_registry_event_count(r) + 1) * sizeof(*idx));
		n = api_show_events(r, ent, index, idx);
	}
	if (o.json) {
		code = print_json(api_show_json(r, ent, index, idx, n));
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
