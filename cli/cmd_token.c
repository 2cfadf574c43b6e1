/* cmd_token.c: chancery token add|list|revoke: the accounts of the HTTP
 * server. A token is shown once, when it is made; the store keeps only its
 * hash (server/auth.c, docs/api.md "Accounts"). */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli.h"
#include "server/server.h"
#include "store/tokens.h"
#include "base/banned.h"

int cmd_token(int argc, char **argv)
{
	enum { OPT_ROLE = 1000 };
	static const struct option longopts[] = {
		COMMON_LONG_OPTIONS,
		{ "role", required_argument, NULL, OPT_ROLE },
		{ NULL, 0, NULL, 0 },
	};
	const struct command *c = find_command("token");
	struct common o = { 0 };
	struct chancery_diags d = CHANCERY_DIAGS_INIT;
	const char *role = "reader", *verb;
	chancery_store *s = NULL;
	int opt, ret = 0, code = EXIT_OK;

	while ((opt = next_option(c, argc, argv, "h", longopts)) != -1) {
		if (common_option(&o, opt, optarg))
			continue;
		if (opt == OPT_ROLE)
			role = optarg;
	}
	if (optind >= argc)
		die_usage(c, "expected add, list or revoke");
	verb = argv[optind];
	if (!strcmp(verb, "add")) {
		char *token = NULL;
		int64_t tid = 0;
		if (optind + 2 != argc)
			die_usage(c, "token add: expected one account name");
		if (!chancery_token_role_valid(role))
			die_usage(c, "unknown --role '%s'; expected reader, editor or admin", role);
		ret = open_store(&o, 0, &s, &d);
		chancery_store_close(s);
		if (!ret)
			ret = server_token_add(common_db(&o), argv[optind + 1], role, &token, &tid, &d);
		if (!ret && o.json) {
			code = print_json(json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)tid, "name",
						    argv[optind + 1], "role", role, "token", token));
		} else if (!ret) {
			printf("%s\n", token);
			fprintf(stderr, "token %lld for '%s' (%s); it is shown only now: keep it\n",
				(long long)tid, argv[optind + 1], role);
		}
		free(token);
	} else if (!strcmp(verb, "list")) {
		struct chancery_token *v = NULL;
		size_t n = 0;
		if (optind + 1 != argc)
			die_usage(c, "token list: unexpected argument '%s'", argv[optind + 1]);
		ret = open_store(&o, CHANCERY_STORE_READONLY, &s, &d);
		if (!ret)
			ret = chancery_store_tokens(s, &v, &n, &d);
		if (!ret && o.json) {
			code = print_json(server_tokens_json(v, n));
		} else if (!ret) {
			printf("%-4s %-16s %-7s %-21s %s\n", "ID", "NAME", "ROLE", "CREATED", "REVOKED");
			for (size_t i = 0; i < n; i++)
				printf("%-4lld %-16s %-7s %-21s %s\n", (long long)v[i].tid, v[i].name,
				       v[i].role, v[i].created_at, v[i].revoked_at[0] ? v[i].revoked_at : "-");
		}
		chancery_store_tokens_free(v, n);
		chancery_store_close(s);
	} else if (!strcmp(verb, "revoke")) {
		size_t n = 0;
		if (optind + 2 != argc)
			die_usage(c, "token revoke: expected an account name or a token id");
		ret = open_store(&o, 0, &s, &d);
		if (!ret)
			ret = chancery_store_token_revoke(s, argv[optind + 1], &n, &d);
		if (!ret)
			fprintf(stderr, "revoked %zu token%s of '%s'\n", n, n == 1 ? "" : "s",
				argv[optind + 1]);
		chancery_store_close(s);
	} else {
		die_usage(c, "unknown token command '%s'; expected add, list or revoke", verb);
	}
	report_diags(&d);
	chancery_diags_release(&d);
	common_release(&o);
	if (ret)
		return ret == -CHANCERY_ENOTFOUND ? EXIT_NOTFOUND
		       : ret == -CHANCERY_EINPUT  ? EXIT_USAGE
						  : EXIT_STORE;
	return code;
}
