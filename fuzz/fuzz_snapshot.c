/* fuzz_snapshot.c: libFuzzer target for the snapshot file reader
 * (src/persist/snapfile_read.c). The input is taken as a snapshot file of
 * any store state; it is opened, verified, and read for every kind of
 * query a user may ask, half of them with changes the store made since
 * the file (a new version of a fact it holds, a retraction, a new
 * reaction and treaty). Twice: with its checksums checked, as a user's
 * query reads it, and with them skipped, so that the fuzzer reaches the
 * bounds checks behind them. Nothing may crash or leak; a file that opens
 * gives a finished registry or a refusal, never anything else. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "chancery.h"
#include "persist/persist.h"
#include "persist/snapfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int condition)
{
	if (!condition)
		abort();
}

static const struct persist_need needs[] = {
	{ PERSIST_PARTIES, { NULL }, 0, NULL, NULL },
	{ PERSIST_DYAD, { "AB", "RU" }, 2, NULL, NULL },
	{ PERSIST_DYAD, { "P0001", "P0002" }, 2, NULL, NULL },
	{ PERSIST_EVENTS_OF, { "Abkhazia", "Russia" }, 2, NULL, NULL },
	{ PERSIST_RECOGNITIONS, { "AB", "Q1065", "UN" }, 3, NULL, NULL },
	{ PERSIST_TREATY, { NULL }, 0, "ru-ab-base", NULL },
	{ PERSIST_TREATY, { NULL }, 0, "no-such-id", NULL },
	{ PERSIST_TREATIES, { "RU" }, 1, NULL, NULL },
	{ PERSIST_TREATIES, { NULL }, 0, NULL, NULL },
	{ PERSIST_NAMING, { "AB", "RU-FC" }, 2, NULL, NULL },
	{ PERSIST_NAMING, { "P0003" }, 1, NULL, NULL },
	{ PERSIST_SHOW, { NULL }, 0, "Russia", NULL },
	{ PERSIST_SHOW, { NULL }, 0, "ru-recognises-ab", NULL },
	{ PERSIST_SHOW, { NULL }, 0, "ru-ab-base.sign", NULL },
};

/* What a store could have recorded since the file: a new event, a new
 * version of one the bundled data has, a retraction, a reaction, a new
 * treaty (snapfile_load masks the file's versions and follows what they
 * name). */
static const char delta_text[] =
	"2030-01-01 recognise RU AB id=fz-new source=abru\n"
	"2008-08-26 recognise RU AB id=ru-recognises-ab source=abru\n"
	"2030-02-02 react EU id=fz-react about=ru-recognises-ab stance=concern source=abru\n"
	"treaty fz-treaty \"T\" parties=AB,RU source=abru\n  2030-03-03 sign\n";

static void delta_of(struct snap_delta *d, struct chancery_store_change *v,
		     const struct chancery_store_change **p)
{
	static const char *const ids[] = { "fz-new", "ru-recognises-ab", "fz-react", "fz-treaty",
					   "ru-ab-base" };
	const char *at = delta_text;
	for (int i = 0; i < 5; i++) {
		const char *end = i < 3 ? strchr(at, '\n') + 1 : i == 3 ? at + strlen(at) : at;
		memset(&v[i], 0, sizeof(v[i]));
		v[i].fid = 1000000 + i;
		v[i].entity = i == 3 || i == 4 ? CHANCERY_ENT_TREATY : CHANCERY_ENT_EVENT;
		v[i].retracted = i == 4;
		v[i].id = ids[i];
		v[i].text_off = (size_t)(at - delta_text);
		v[i].text_len = (size_t)(end - at);
		p[i] = &v[i];
		at = end;
	}
	d->buf = delta_text;
	d->v = p;
	d->n = 5;
}

static void read_all(const uint8_t *data, size_t size, unsigned flags)
{
	struct chancery_store_state any = { 0, 0, 0 };
	struct chancery_store_change changes[5];
	const struct chancery_store_change *latest[5];
	struct snap_delta delta;
	delta_of(&delta, changes, latest);
	for (size_t i = 0; i <= sizeof(needs) / sizeof(*needs); i++) {
		struct snapfile *f = NULL;
		const char *why = NULL;
		chancery_registry *r;
		int rc;
		if (snapfile_open(NULL, data, size, &any, flags, &f, &why) != SNAP_OK) {
			check(f == NULL && why != NULL);
			return;
		}
		if (i == sizeof(needs) / sizeof(*needs)) {
			rc = snapfile_verify(f, &why);
			check(rc == 0 || (rc == -CHANCERY_ESTORE && why));
			snapfile_close(f);
			return;
		}
		r = chancery_registry_new();
		/* every other query with the store's changes since the file */
		rc = snapfile_load(f, &needs[i], i % 2 ? &delta : NULL, r, &why);
		check(rc == 0 || (rc == -CHANCERY_ESTORE && why));
		if (rc == 0) {
			/* a finished registry: the queries may use it */
			check(chancery_registry_party_count(r) <= size);
			if (chancery_registry_party_count(r) >= 2) {
				struct chancery_dyad_status *s = NULL;
				const struct chancery_party *a = chancery_registry_party(r, 0),
							   *b = chancery_registry_party(r, 1);
				if (!chancery_dyad_status(r, a->id, b->id, 14000, &s))
					chancery_dyad_status_free(s);
			}
		}
		chancery_registry_free(r);
		snapfile_close(f);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* the reader copies what it keeps: a copy of the input shows any read
	 * past its end to the sanitizer */
	uint8_t *copy = malloc(size ? size : 1);
	check(copy != NULL);
	if (size)
		memcpy(copy, data, size);
	read_all(copy, size, SNAP_ANY_STATE);
	read_all(copy, size, SNAP_ANY_STATE | SNAP_NO_SUMS);
	free(copy);
	return 0;
}
