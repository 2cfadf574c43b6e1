/* panel_csv.c: dyad-year and state-year panels as CSV (docs/panels.md has
 * the codebook). 2.2 million rows must take well under a second, so rows
 * are formatted by hand into one large buffer and written in blocks. */
#include <stdlib.h>
#include <string.h>

#include "model/vocab.h"
#include "query/panel.h"
#include "base/strbuf.h"
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

/* A field of text, quoted when it holds a comma, quote or line break. */
static void csv_text(struct strbuf *sb, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		strbuf_addstr(sb, s);
		return;
	}
	strbuf_addch(sb, '"');
	for (; *s; s++) {
		if (*s == '"')
			strbuf_addch(sb, '"');
		strbuf_addch(sb, *s);
	}
	strbuf_addch(sb, '"');
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
		csv_text(&n->idname[s], party->id);
		strbuf_addch(&n->idname[s], ',');
		csv_text(&n->idname[s], party->short_name ? party->short_name : party->name);
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

static const char *rec_word(uint8_t v)
{
	return v == PANEL_UNCERTAIN ? "uncertain" : v == CHANCERY_REC_YES ? "1" : "0";
}

static const char *rel_word(uint8_t v)
{
	static const char *const w[] = { "none", "established", "suspended", "severed" };
	return v == PANEL_UNCERTAIN ? "uncertain" : v < 4 ? w[v] : "none";
}

static const char *mission_word(uint8_t v)
{
	if (v == PANEL_UNCERTAIN)
		return "uncertain";
	if (!v)
		return "none";
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

static int write_dyads(const struct chancery_panel *p, FILE *f)
{
	struct out o = { f, xmalloc(BLOCK), 0, 0 };
	struct names nm;
	unsigned cols = p->opts.columns;
	size_t ny = (size_t)p->n_years;
	size_t *members = xmalloc((p->n_states + 1) * sizeof(*members));
	size_t *active = xmalloc((p->words + 1) * sizeof(*active));
	const char *c = p->opts.system == CHANCERY_SYSTEM_GW ? "gwcode" : "ccode";
	common_fn count = common_counter();
	char na_row[256], zero_row[256];
	size_t na_len = 0, zero_len = 0;

	names_init(&nm, p);
	put(&o, "year,", 5);
	put_str(&o, c);
	PUTS(&o, "1,");
	put_str(&o, c);
	PUTS(&o, "2");
	if (cols & CHANCERY_COL_NAMES)
		PUTS(&o, ",id1,name1,id2,name2");
	/* The diplomacy columns of a row outside a state's membership on the
	 * day: all NA. */
	if (cols & CHANCERY_COL_RECOGNITION) {
		PUTS(&o, ",recognises12,recognises21");
		na_len += (size_t)snprintf(na_row + na_len, sizeof(na_row) - na_len, ",NA,NA");
	}
	if (cols & CHANCERY_COL_RELATIONS) {
		PUTS(&o, ",relations,relations_level");
		na_len += (size_t)snprintf(na_row + na_len, sizeof(na_row) - na_len, ",NA,NA");
	}
	if (cols & CHANCERY_COL_MISSIONS) {
		PUTS(&o, ",mission12,mission21");
		na_len += (size_t)snprintf(na_row + na_len, sizeof(na_row) - na_len, ",NA,NA");
	}
	if (cols & CHANCERY_COL_ENVOYS) {
		PUTS(&o, ",envoy12,envoy21");
		na_len += (size_t)snprintf(na_row + na_len, sizeof(na_row) - na_len, ",NA,NA");
	}
	if (cols & CHANCERY_COL_TREATIES) {
		PUTS(&o, ",treaties_bilateral,treaties_bilateral_maybe,treaties_multilateral,"
			 "treaties_multilateral_maybe");
		na_len += (size_t)snprintf(na_row + na_len, sizeof(na_row) - na_len, ",NA,NA,NA,NA");
	}
	PUTS(&o, "\n");
	/* The columns of a dyad without facts, up to the multilateral count. */
	if (cols & CHANCERY_COL_RECOGNITION)
		zero_len += (size_t)snprintf(zero_row + zero_len, sizeof(zero_row) - zero_len, ",0,0");
	if (cols & CHANCERY_COL_RELATIONS)
		zero_len += (size_t)snprintf(zero_row + zero_len, sizeof(zero_row) - zero_len, ",none,");
	if (cols & CHANCERY_COL_MISSIONS)
		zero_len += (size_t)snprintf(zero_row + zero_len, sizeof(zero_row) - zero_len, ",none,none");
	if (cols & CHANCERY_COL_ENVOYS)
		zero_len += (size_t)snprintf(zero_row + zero_len, sizeof(zero_row) - zero_len, ",0,0");
	if (cols & CHANCERY_COL_TREATIES)
		zero_len += (size_t)snprintf(zero_row + zero_len, sizeof(zero_row) - zero_len, ",0,0");

	for (size_t y = 0; y < ny && !o.failed; y++) {
		size_t m = 0, n_active = 0;
		unsigned long year = (unsigned long)(p->opts.from + (int)y);
		for (size_t s = 0; s < p->n_states; s++)
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
				int d1 = i < j ? 0 : 1, d2 = 1 - d1; /* cell direction of 1->2, 2->1 */
				const struct panel_cell *cell = &zero_cell;
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
				if (!p->present[i * ny + y] || !p->present[j * ny + y]) {
					put(&o, na_row, na_len);
					PUTS(&o, "\n");
					continue;
				}
				if (p->dyad[lo * p->n_states + hi] >= 0)
					cell = &p->cells[(size_t)p->dyad[lo * p->n_states + hi] * ny + y];
				if (cell == &zero_cell) {
					/* most dyads have no facts: their columns are the same text */
					put(&o, zero_row, zero_len);
					if (cols & CHANCERY_COL_TREATIES)
						goto multilateral;
					PUTS(&o, "\n");
					continue;
				}
				if (cols & CHANCERY_COL_RECOGNITION) {
					PUTS(&o, ",");
					put_str(&o, rec_word(cell->rec[d1]));
					PUTS(&o, ",");
					put_str(&o, rec_word(cell->rec[d2]));
				}
				if (cols & CHANCERY_COL_RELATIONS) {
					PUTS(&o, ",");
					put_str(&o, rel_word(cell->rel));
					PUTS(&o, ",");
					if (cell->level && cell->rel != CHANCERY_REL_NONE &&
					    cell->rel != CHANCERY_REL_SEVERED)
						put_str(&o, relation_levels[cell->level - 1]);
				}
				if (cols & CHANCERY_COL_MISSIONS) {
					PUTS(&o, ",");
					put_str(&o, mission_word(cell->mission[d1]));
					PUTS(&o, ",");
					put_str(&o, mission_word(cell->mission[d2]));
				}
				if (cols & CHANCERY_COL_ENVOYS) {
					PUTS(&o, ",");
					put_str(&o, rec_word(cell->envoy[d1]));
					PUTS(&o, ",");
					put_str(&o, rec_word(cell->envoy[d2]));
				}
				if (cols & CHANCERY_COL_TREATIES) {
					PUTS(&o, ",");
					put_uint(&o, cell->bilateral);
					PUTS(&o, ",");
					put_uint(&o, cell->bilateral_maybe);
				}
			multilateral:
				if (cols & CHANCERY_COL_TREATIES) {
					unsigned long common = 0, maybe = 0;
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
