/* fuzz_ledger.c: libFuzzer target for the ledger parser, the checks and
 * the canonical writer. Parses the input, finishes and checks the
 * registry, prints the diagnostics and writes the canonical text. When the
 * input parsed without error, the canonical text must parse without error
 * into a fresh registry and write back to the same bytes (the round trip
 * of docs/ledger.md); any difference aborts.
 *
 * An input holding "include" is written to main.ledger in a sandbox
 * directory made at start, and parsed from there with the sandbox as the
 * include root: beside it are a good ledger, one in a subdirectory, one
 * that includes itself, a FIFO, and a symbolic link that leads out of the
 * sandbox. Whatever the input names, the parse must end, read nothing
 * outside, and report what it refuses. */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "chancery.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static char sandbox[64];

static void put_file(const char *name, const char *text)
{
	char path[128];
	FILE *f;
	snprintf(path, sizeof(path), "%s/%s", sandbox, name);
	f = fopen(path, "w");
	if (!f || fputs(text, f) < 0 || fclose(f))
		abort();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char path[128];
	(void)argc;
	(void)argv;
	snprintf(sandbox, sizeof(sandbox), "/tmp/chancery-fuzz-ledger-%ld", (long)getpid());
	mkdir(sandbox, 0700);
	snprintf(path, sizeof(path), "%s/sub", sandbox);
	mkdir(path, 0700);
	put_file("a.ledger", "source s \"S\"\nparty RU \"Russian Federation\" short=Russia source=s\n");
	put_file("sub/b.ledger", "include \"../a.ledger\"\nparty AB \"Abkhazia\"\n");
	put_file("loop.ledger", "include \"loop.ledger\"\n");
	snprintf(path, sizeof(path), "%s/fifo.ledger", sandbox);
	mkfifo(path, 0600);
	snprintf(path, sizeof(path), "%s/out.ledger", sandbox);
	if (symlink("/etc/hostname", path)) { /* it may be there from before */
	}
	return 0;
}

static void check(int condition)
{
	if (!condition)
		abort();
}

static int contains(const uint8_t *data, size_t size, const char *needle)
{
	size_t n = strlen(needle);
	for (size_t i = 0; i + n <= size; i++)
		if (data[i] == (uint8_t)needle[0] && !memcmp(data + i, needle, n))
			return 1;
	return 0;
}

/* The canonical text of r; the caller frees it. */
static char *write_text(const chancery_registry *r, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);
	check(f != NULL);
	check(chancery_ledger_write(r, f) == 0);
	check(fclose(f) == 0);
	check(buf != NULL && strlen(buf) == *len);
	return buf;
}

/* Every entity's own text, with and without every id: must not crash and
 * must end in a newline. */
static void entity_texts(const chancery_registry *r)
{
	static const struct {
		enum chancery_entity e;
		size_t (*count)(const chancery_registry *);
	} kinds[] = {
		{ CHANCERY_ENT_PARTY, chancery_registry_party_count },
		{ CHANCERY_ENT_PERSON, chancery_registry_person_count },
		{ CHANCERY_ENT_SOURCE, chancery_registry_source_count },
		{ CHANCERY_ENT_EVENT, chancery_registry_event_count },
		{ CHANCERY_ENT_TREATY, chancery_registry_treaty_count },
	};
	for (size_t k = 0; k < sizeof(kinds) / sizeof(*kinds); k++)
		for (size_t i = 0; i < kinds[k].count(r) && i < 64; i++)
			for (unsigned flags = 0; flags <= CHANCERY_WRITE_ALL_IDS; flags++) {
				char *s = chancery_ledger_entity_text(r, kinds[k].e, i, flags);
				size_t n;
				check(s != NULL);
				n = strlen(s);
				check(n > 0 && s[n - 1] == '\n');
				free(s);
			}
}

static void print_diags(const struct chancery_diags *d)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	check(f != NULL);
	chancery_diags_print(d, f);
	check(fclose(f) == 0);
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct chancery_diags diags = CHANCERY_DIAGS_INIT;
	chancery_registry *r;
	char *copy, *first;
	size_t first_len;
	int rc, check_rc;

	/* Exactly size bytes, no NUL after them: a read past the end is
	 * caught by AddressSanitizer. */
	copy = malloc(size ? size : 1);
	check(copy != NULL);
	if (size)
		memcpy(copy, data, size);

	r = chancery_registry_new();
	if (contains(data, size, "include")) {
		struct chancery_parse_opts opts = { .include_root = sandbox,
						    .max_input = 1 << 20 };
		char path[128];
		int fd;
		snprintf(path, sizeof(path), "%s/main.ledger", sandbox);
		fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		check(fd >= 0 && write(fd, copy, size) == (ssize_t)size && close(fd) == 0);
		rc = chancery_ledger_parse_file_opts(r, path, &opts, &diags);
	} else {
		rc = chancery_ledger_parse_buffer(r, "fuzz.ledger", copy, size, &diags);
	}
	check(rc == 0 || rc == -CHANCERY_EINPUT);
	check((rc == 0) == (diags.errors == 0));
	free(copy);
	check(chancery_registry_finish(r, &diags) == 0);
	/* The checks run on what parsed, even after errors, as `check` does. */
	check_rc = chancery_check(r, &diags);
	check(check_rc == 0 || check_rc == -CHANCERY_EINPUT);
	for (size_t i = 0; i < diags.n; i++)
		check(diags.v[i].message != NULL && diags.v[i].message[0] != '\0');
	print_diags(&diags);
	first = write_text(r, &first_len);
	entity_texts(r);

	if (rc == 0) {
		/* Parsed without error (the checks may have complained: the
		 * round trip does not depend on them). */
		struct chancery_diags again = CHANCERY_DIAGS_INIT;
		chancery_registry *r2 = chancery_registry_new();
		char *second;
		size_t second_len;
		check(chancery_ledger_parse_buffer(r2, "fuzz.ledger", first, first_len, &again) == 0);
		check(chancery_registry_finish(r2, &again) == 0);
		check(again.errors == 0);
		check(chancery_registry_party_count(r2) == chancery_registry_party_count(r));
		check(chancery_registry_person_count(r2) == chancery_registry_person_count(r));
		check(chancery_registry_source_count(r2) == chancery_registry_source_count(r));
		check(chancery_registry_event_count(r2) == chancery_registry_event_count(r));
		check(chancery_registry_treaty_count(r2) == chancery_registry_treaty_count(r));
		second = write_text(r2, &second_len);
		check(first_len == second_len && !memcmp(first, second, first_len));
		free(second);
		chancery_diags_release(&again);
		chancery_registry_free(r2);
	}
	free(first);
	chancery_diags_release(&diags);
	chancery_registry_free(r);
	return 0;
}
