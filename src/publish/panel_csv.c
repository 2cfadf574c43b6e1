/* panel_csv.c: dyad-year and state-year panels as CSV (docs/panels.md has
 * the codebook). 2.2 million rows must take well under a second, so rows
 * are formatted by hand into one large buffer and written in blocks. */
#include <stdlib.h>
#include <string.h>

#include "model/vocab.h"
#include "query/panel.h"
#include "base/strbuf.h"
#include "base/csv.h"
#include "base/banned.h"

#define BLOCK (1u << 20)

struct out {
	FILE *f;
	char *buf;
	size_t len;
	int failed;
};

static void flush(struct out *o)
{
	if (o->len && fwrite(o->buf, 1, o->len, o->f) != o->len)
		o->failed = 1;
	o->len = 0;
}

static inline void put(struct out *o, const char *s, size_t n)
{
	if (o->len + n > BLOCK)
		flush(o);
	if (n > BLOCK) {
		if (fwrite(s, 1, n, o->f) != n)
			o->failed = 1;
		return;
	}
	memcpy(o->buf + o->len, s, n);
	o->len += n;
}

static inline void put_uint(struct out *o, unsigned long v)
{
	char tmp[24];
	size_t n = 0;
	do {
		tmp[sizeof(tmp) - 1 - n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	put(o, tmp + sizeof(tmp) - n, n);
}

#define PUTS(o, s) put((o), (s), sizeof(s) - 1)

/* A text field, quoted when it must be (csv_field). */
static void csv_put(struct out *o, const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	csv_field(&sb, s);
	put(o, sb.buf, sb.len);
	strbuf_release(&sb);
}

/* Per state: "code" and ",id,name" ready to copy. */
struct names {
	struct strbuf *code, *idname;
};

static void names_init(struct names *n, const struct chancery_panel *p)
{
	n->code = xcalloc(p->n_states + 1, sizeof(*n->code));
	n->idname = xcalloc(p->n_states + 1, sizeof(*n->idname));
	for (size_t s = 0; s < p->n_states; s++) {
		const struct chancery_party *party = p->states[s].party;
		strbuf_init(&n->code[s], 8);
		strbuf_addf(&n->code[s], "%d", p->states[s].code);
		strbuf_init(&n->idname[s], 32);
		strbuf_addch(&n->idname[s], ',');
		csv_field(&n->idname[s], party->id);
		strbuf_addch(&n->idname[s], ',');
		csv_field(&n->idname[s], party->short_name ? party->short_name : party->name);
	}
}

static void names_release(struct names *n, size_t count)
{
	for (size_t s = 0; s < count; s++) {
		strbuf_release(&n->code[s]);
		strbuf_release(&n->idname[s]);
	}
	free(n->code);
	free(n->idname);
}

static const char *mission_word(uint8_t v)
{
	return v <= 9 ? mission_types[v - 1] : "mission";
}

static void put_str(struct out *o, const char *s)
{
	put(o, s, strlen(s));
}

static const struct panel_cell zero_cell;

/* Multilateral treaties in force for both (surely; possibly) over the
 * year's active words: the inner loop of the panel, tens of millions of
 * popcounts. Compiled twice: with the POPCNT instruction where the CPU
 * has it (chosen at run time), and portable. */
typedef void (*common_fn)(const uint64_t *si, const uint64_t *sj, const uint64_t *mi,
			  const uint64_t *mj, const size_t *active, size_t n, unsigned long *common,
			  unsigned long *maybe);

#define COMMON_BODY                                                                      \
	unsigned long c = 0, m = 0;                                                      \
	for (size_t x = 0; x < n; x++) {                                                 \
		size_t w = active[x];                                                    \
		uint64_t sure = si[w] & sj[w];                                           \
		c += (unsigned long)__builtin_popcountll(sure);                          \
		if (mi[w] | mj[w])                                                       \
			m += (unsigned long)__builtin_popcountll(((si[w] | mi[w]) &      \
								  (sj[w] | mj[w])) & ~sure); \
	}                                                                                \
	*common = c;                                                                     \
	*maybe = m;

static void common_portable(const uint64_t *si, const uint64_t *sj, const uint64_t *mi,
			    const uint64_t *mj, const size_t *active, size_t n,
			    unsigned long *common, unsigned long *maybe)
{
	COMMON_BODY
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
__attribute__((target("popcnt"))) static void
common_popcnt(const uint64_t *si, const uint64_t *sj, const uint64_t *mi, const uint64_t *mj,
	      const size_t *active, size_t n, unsigned long *common, unsigned long *maybe)
{
	COMMON_BODY
}
#endif

static common_fn common_counter(void)
{
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
	__builtin_cpu_init();
	if (__builtin_cpu_supports("popcnt"))
		return common_popcnt;
#endif
	return common_portable;
}

/* The names of the columns whose value a row left NA because the dates
 * do not decide, and of those whose "0" or "none" rests on a source's
 * covers line rather than on a fact (docs/panels.md): ';'-separated. */
struct basis {
	char uncertain[160], covered[160];
	size_t n_uncertain, n_covered;
};

static void note(char *buf, size_t *n, size_t size, const char *name)
{
	int k = snprintf(buf + *n, size - *n, "%s%s", *n ? ";" : "", name);
	if (k > 0 && (size_t)k < size - *n)
		*n += (size_t)k;
}

#define UNCERTAIN(b, name) note((b)->uncertain, &(b)->n_uncertain, sizeof((b)->uncertain), name)
#define COVERED(b, name) note((b)->covered, &(b)->n_covered, sizeof((b)->covered), name)

/* ",value" of one answer: the fact's, NA where the dates do not decide,
 * the covered absence where a covers line applies, else NA. */
static void answer(struct out *o, struct basis *b, const char *name, const char *fact,
		   int uncertain, int covered, const char *absent)
{
	PUTS(o, ",");
	if (fact) {
		put_str(o, fact);
	} else if (uncertain) {
		PUTS(o, "NA");
		UNCERTAIN(b, name);
	} else if (covered) {
		put_str(o, absent);
		COVERED(b, name);
	} else {
		PUTS(o, "NA");
	}
}

/* A dyad-year's diplomacy columns: cell (for the pair, directions d[0]
 * for 1 towards 2 and d[1] for 2 towards 1) and cover[0], cover[1] the
 * COVER_* bits of 1 towards 2 and 2 towards 1. */
static void diplomacy(struct out *o, const struct chancery_panel *p, const struct panel_cell *cell,
		      const int d[2], const uint8_t cover[2])
{
	static const char *const rec_names[] = { "recognises12", "recognises21" };
	static const char *const mis_names[] = { "mission12", "mission21" };
	static const char *const emb_names[] = { "embassy12", "embassy21" };
	static const char *const env_names[] = { "envoy12", "envoy21" };
	static const char *const rep_names[] = { "rep12", "rep21" };
	static const char *const rel_words[] = { NULL, "established", "suspended", "severed" };
	static const char *const levels[] = { "0", "1", "2", "3" };
	unsigned cols = p->opts.columns;
	struct basis b = { .n_uncertain = 0 };
	if (cols & CHANCERY_COL_RECOGNITION)
		for (int k = 0; k < 2; k++) {
			uint8_t v = cell->rec[d[k]];
			answer(o, &b, rec_names[k],
			       v == CHANCERY_REC_YES ? "1"
			       : v == CHANCERY_REC_WITHDRAWN || v == CHANCERY_REC_DENIED ? "0"
											  : NULL,
			       v == PANEL_UNCERTAIN, cover[k] & COVER_RECOGNITION, "0");
		}
	if (cols & CHANCERY_COL_RELATIONS) {
		uint8_t v = cell->rel;
		answer(o, &b, "relations", v != PANEL_UNCERTAIN && v < 4 ? rel_words[v] : NULL,
		       v == PANEL_UNCERTAIN, (cover[0] | cover[1]) & COVER_RELATIONS, "none");
		PUTS(o, ",");
		if (cell->level && (v == CHANCERY_REL_ESTABLISHED || v == CHANCERY_REL_SUSPENDED))
			put_str(o, relation_levels[cell->level - 1]);
	}
	if (cols & CHANCERY_COL_MISSIONS) {
		for (int k = 0; k < 2; k++) {
			uint8_t v = cell->mission[d[k]];
			int known = cell->known & (KNOWN_MIS0 << d[k]);
			answer(o, &b, mis_names[k],
			       v && v != PANEL_UNCERTAIN ? mission_word(v) : known && !v ? "none" : NULL,
			       v == PANEL_UNCERTAIN, cover[k] & COVER_MISSIONS, "none");
		}
		for (int k = 0; k < 2; k++) {
			uint8_t v = cell->embassy[d[k]];
			int known = cell->known & (KNOWN_EMB0 << d[k]);
			answer(o, &b, emb_names[k], v == 1 ? "1" : known && !v ? "0" : NULL,
			       v == PANEL_UNCERTAIN, cover[k] & COVER_EMBASSY, "0");
		}
	}
	if (cols & CHANCERY_COL_ENVOYS) {
		for (int k = 0; k < 2; k++) {
			uint8_t v = cell->envoy[d[k]];
			int known = cell->known & (KNOWN_ENV0 << d[k]);
			answer(o, &b, env_names[k], v == 1 ? "1" : known && !v ? "0" : NULL,
			       v == PANEL_UNCERTAIN, cover[k] & COVER_ENVOYS, "0");
		}
		for (int k = 0; k < 2; k++) {
			uint16_t rank = cell->rank[d[k]];
			PUTS(o, ",");
			if (rank)
				csv_put(o, p->ranks[rank - 1]);
		}
		for (int k = 0; k < 2; k++) {
			uint8_t v = cell->rep[d[k]];
			/* no representation at all needs no mission and no envoy,
			 * each known: by a fact, or by a covers line */
			int mis_fact = !cell->mission[d[k]] && (cell->known & (KNOWN_MIS0 << d[k]));
			int env_fact = !cell->envoy[d[k]] && (cell->known & (KNOWN_ENV0 << d[k]));
			int none = (mis_fact || (cover[k] & COVER_MISSIONS)) &&
				   (env_fact || (cover[k] & COVER_ENVOYS));
			answer(o, &b, rep_names[k],
			       v && v != PANEL_UNCERTAIN ? levels[v]
			       : !v && mis_fact && env_fact ? "0"
							    : NULL,
			       v == PANEL_UNCERTAIN, !v && none, "0");
		}
	}
	PUTS(o, ",");
	put(o, b.uncertain, b.n_uncertain);
	PUTS(o, ",");
	put(o, b.covered, b.n_covered);
}

static int write_dyads(const struct chancery_panel *p, FILE *f)
{
	struct out o = { f, xmalloc(BLOCK), 0, 0 };
	struct names nm;
	unsigned cols = p->opts.columns;
	unsigned diplo = cols & (CHANCERY_COL_RECOGNITION | CHANCERY_COL_RELATIONS |
				 CHANCERY_COL_MISSIONS | CHANCERY_COL_ENVOYS);
	size_t ny = (size_t)p->n_years, ns = p->n_states;
	size_t *members = xmalloc((ns + 1) * sizeof(*members));
	size_t *active = xmalloc((p->words + 1) * sizeof(*active));
	const char *c = p->opts.system == CHANCERY_SYSTEM_GW ? "gwcode" : "ccode";
	common_fn count = common_counter();
	char na_row[256];
	size_t na_len = 0;

	names_init(&nm, p);
	put(&o, "year,", 5);
	put_str(&o, c);
	PUTS(&o, "1,");
	put_str(&o, c);
	PUTS(&o, "2");
	if (cols & CHANCERY_COL_NAMES)
		PUTS(&o, ",id1,name1,id2,name2");
	/* The diplomacy columns of a row with nothing recorded and nothing
	 * covered, or outside a state's membership on the day: all NA. */
	if (cols & CHANCERY_COL_RECOGNITION) {
		PUTS(&o, ",recognises12,recognises21");
		na_len += (size_t)snprintf(na_row + na_len, sizeof(na_row) - na_len, ",NA,NA");
	}
	if (cols & CHANCERY_COL_RELATIONS) {
		PUTS(&o, ",relations,relations_level");
		na_len += (size_t)snprintf(na_row + na_len, sizeof(na_row) - na_len, ",NA,");
	}
	if (cols & CHANCERY_COL_MISSIONS) {
		PUTS(&o, ",mission12,mission21,embassy12,embassy21");
		na_len += (size_t)snprintf(na_row + na_len, sizeof(na_row) - na_len, ",NA,NA,NA,NA");
	}
	if (cols & CHANCERY_COL_ENVOYS) {
		PUTS(&o, ",envoy12,envoy21,envoy_rank12,envoy_rank21,rep12,rep21");
		na_len += (size_t)snprintf(na_row + na_len, sizeof(na_row) - na_len, ",NA,NA,,,NA,NA");
	}
	if (diplo) {
		PUTS(&o, ",uncertain,covered");
		na_len += (size_t)snprintf(na_row + na_len, sizeof(na_row) - na_len, ",,");
	}
	if (cols & CHANCERY_COL_TREATIES)
		PUTS(&o, ",treaties_bilateral,treaties_bilateral_maybe,treaties_multilateral,"
			 "treaties_multilateral_maybe");
	PUTS(&o, "\n");

	for (size_t y = 0; y < ny && !o.failed; y++) {
		size_t m = 0, n_active = 0;
		unsigned long year = (unsigned long)(p->opts.from + (int)y);
		const uint8_t *cover = p->cover ? p->cover + y * ns * ns : NULL;
		for (size_t s = 0; s < ns; s++)
			if (p->member[s * ny + y])
				members[m++] = s;
		/* The words of the year's multilateral treaties in force for
		 * someone: a year has few of the thousands of treaties. */
		for (size_t w = 0; (cols & CHANCERY_COL_TREATIES) && w < p->words; w++)
			for (size_t a = 0; a < m; a++) {
				size_t at = (members[a] * ny + y) * p->words + w;
				if (p->multi[at] | p->multi_maybe[at]) {
					active[n_active++] = w;
					break;
				}
			}
		for (size_t a = 0; a < m; a++) {
			size_t i = members[a];
			for (size_t b = p->opts.directed ? 0 : a + 1; b < m; b++) {
				size_t j = members[b], lo = i < j ? i : j, hi = i < j ? j : i;
				/* cell directions of 1 towards 2 and 2 towards 1 */
				const int d[2] = { i < j ? 0 : 1, i < j ? 1 : 0 };
				const struct panel_cell *cell = &zero_cell;
				int present;
				if (i == j)
					continue;
				put_uint(&o, year);
				PUTS(&o, ",");
				put(&o, nm.code[i].buf, nm.code[i].len);
				PUTS(&o, ",");
				put(&o, nm.code[j].buf, nm.code[j].len);
				if (cols & CHANCERY_COL_NAMES) {
					put(&o, nm.idname[i].buf, nm.idname[i].len);
					put(&o, nm.idname[j].buf, nm.idname[j].len);
				}
				present = p->present[i * ny + y] && p->present[j * ny + y];
				if (present && p->dyad[lo * ns + hi] >= 0)
					cell = &p->cells[(size_t)p->dyad[lo * ns + hi] * ny + y];
				if (diplo) {
					const uint8_t cv[2] = { cover ? cover[i * ns + j] : 0,
								cover ? cover[j * ns + i] : 0 };
					/* most rows have no fact and no coverage: one
					 * copied text */
					if (!present || (cell == &zero_cell && !cv[0] && !cv[1]))
						put(&o, na_row, na_len);
					else
						diplomacy(&o, p, cell, d, cv);
				}
				if (cols & CHANCERY_COL_TREATIES) {
					unsigned long common = 0, maybe = 0;
					if (!present) {
						PUTS(&o, ",NA,NA,NA,NA\n");
						continue;
					}
					PUTS(&o, ",");
					put_uint(&o, cell->bilateral);
					PUTS(&o, ",");
					put_uint(&o, cell->bilateral_maybe);
					count(p->multi + (i * ny + y) * p->words,
					      p->multi + (j * ny + y) * p->words,
					      p->multi_maybe + (i * ny + y) * p->words,
					      p->multi_maybe + (j * ny + y) * p->words, active, n_active,
					      &common, &maybe);
					PUTS(&o, ",");
					put_uint(&o, common);
					PUTS(&o, ",");
					put_uint(&o, maybe);
				}
				PUTS(&o, "\n");
			}
		}
	}
	flush(&o);
	names_release(&nm, p->n_states);
	free(members);
	free(active);
	free(o.buf);
	return o.failed || fflush(f) ? -CHANCERY_EIO : 0;
}

int chancery_panel_write_dyad_years(const chancery_panel *p, FILE *out)
{
	return write_dyads(p, out);
}

int chancery_panel_write_state_years(const chancery_panel *p, FILE *f)
{
	struct out o = { f, xmalloc(BLOCK), 0, 0 };
	struct names nm;
	size_t ny = (size_t)p->n_years, ns = p->n_states;
	unsigned cols = p->opts.columns;

	names_init(&nm, p);
	put_str(&o, p->opts.system == CHANCERY_SYSTEM_GW ? "year,gwcode,id,name" : "year,ccode,id,name");
	if (cols & CHANCERY_COL_RECOGNITION)
		PUTS(&o, ",recognised_by,recognised_by_maybe,recognises,recognises_maybe");
	if (cols & CHANCERY_COL_MISSIONS)
		PUTS(&o, ",missions_abroad,missions_hosted");
	if (cols & CHANCERY_COL_ENVOYS)
		PUTS(&o, ",envoys_abroad,envoys_received");
	if (cols & CHANCERY_COL_TREATIES)
		PUTS(&o, ",treaties_in_force,treaties_in_force_maybe");
	PUTS(&o, "\n");
	for (size_t y = 0; y < ny && !o.failed; y++) {
		for (size_t s = 0; s < ns; s++) {
			unsigned long by = 0, by_u = 0, gives = 0, gives_u = 0, mis_out = 0,
				      mis_in = 0, env_out = 0, env_in = 0;
			if (!p->member[s * ny + y])
				continue;
			put_uint(&o, (unsigned long)(p->opts.from + (int)y));
			PUTS(&o, ",");
			put(&o, nm.code[s].buf, nm.code[s].len);
			put(&o, nm.idname[s].buf, nm.idname[s].len);
			if (!p->present[s * ny + y]) {
				if (cols & CHANCERY_COL_RECOGNITION)
					PUTS(&o, ",NA,NA,NA,NA");
				if (cols & CHANCERY_COL_MISSIONS)
					PUTS(&o, ",NA,NA");
				if (cols & CHANCERY_COL_ENVOYS)
					PUTS(&o, ",NA,NA");
				if (cols & CHANCERY_COL_TREATIES)
					PUTS(&o, ",NA,NA");
				PUTS(&o, "\n");
				continue;
			}
			/* the other states present that day, through the dyad cells */
			for (size_t t = 0; t < ns; t++) {
				size_t lo = s < t ? s : t, hi = s < t ? t : s;
				int mine = s < t ? 0 : 1, theirs = 1 - mine;
				const struct panel_cell *cell;
				if (t == s || !p->present[t * ny + y] || p->dyad[lo * ns + hi] < 0)
					continue;
				cell = &p->cells[(size_t)p->dyad[lo * ns + hi] * ny + y];
				by += cell->rec[theirs] == CHANCERY_REC_YES;
				by_u += cell->rec[theirs] == PANEL_UNCERTAIN;
				gives += cell->rec[mine] == CHANCERY_REC_YES;
				gives_u += cell->rec[mine] == PANEL_UNCERTAIN;
				mis_out += cell->mission[mine] && cell->mission[mine] != PANEL_UNCERTAIN;
				mis_in += cell->mission[theirs] && cell->mission[theirs] != PANEL_UNCERTAIN;
				env_out += cell->envoy[mine] == 1;
				env_in += cell->envoy[theirs] == 1;
			}
			if (cols & CHANCERY_COL_RECOGNITION) {
				PUTS(&o, ",");
				put_uint(&o, by);
				PUTS(&o, ",");
				put_uint(&o, by_u);
				PUTS(&o, ",");
				put_uint(&o, gives);
				PUTS(&o, ",");
				put_uint(&o, gives_u);
			}
			if (cols & CHANCERY_COL_MISSIONS) {
				PUTS(&o, ",");
				put_uint(&o, mis_out);
				PUTS(&o, ",");
				put_uint(&o, mis_in);
			}
			if (cols & CHANCERY_COL_ENVOYS) {
				PUTS(&o, ",");
				put_uint(&o, env_out);
				PUTS(&o, ",");
				put_uint(&o, env_in);
			}
			if (cols & CHANCERY_COL_TREATIES) {
				PUTS(&o, ",");
				put_uint(&o, p->treaties ? p->treaties[s * ny + y] : 0);
				PUTS(&o, ",");
				put_uint(&o, p->treaties_maybe ? p->treaties_maybe[s * ny + y] : 0);
			}
			PUTS(&o, "\n");
		}
	}
	flush(&o);
	names_release(&nm, ns);
	free(o.buf);
	return o.failed || fflush(f) ? -CHANCERY_EIO : 0;
}
