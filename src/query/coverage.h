/* coverage.h: where absence is "no" (docs/coverage.md). The covers lines
 * of every source, indexed by the pair of root parties they name (either
 * side may be "all"), and each party's spells of membership in the state
 * systems, which `members=` needs. Built with the snapshot (snapshot.c)
 * and kept in it; read-only once built. */
#ifndef QUERY_COVERAGE_H
#define QUERY_COVERAGE_H

#include <stddef.h>
#include <stdint.h>

#include "base/sort.h"
#include "chancery.h"

struct snapshot;

/* A side of a covers line that names no party: every state. */
#define COVERAGE_ALL UINT32_MAX

struct coverage_line {
	const struct chancery_source *source;
	const struct chancery_coverage *line;
};

struct system_spell {
	int32_t lo, hi; /* days of membership, hi inclusive */
};

struct coverage_index {
	struct coverage_line *lines;
	size_t n_lines;
	/* key (by << 32 | with, roots or COVERAGE_ALL) -> line, sorted by key */
	struct sort_item *keys;
	size_t n_keys;
	/* [system][root party]: its spells of membership, in order */
	struct system_spell **spells[2];
	uint32_t *n_spells[2];
	size_t n_parties;
};

/* Build and free the index of a snapshot whose party roots are set. */
void coverage_index_build(const chancery_registry *r, const struct snapshot *s,
			  struct coverage_index *out);
void coverage_index_release(struct coverage_index *x);

/* Is the root party a member of the state system ("cow" or "gw") on the
 * day, for certain? */
int coverage_member(const struct coverage_index *x, const char *system, uint32_t root,
		    int32_t day);

/* May party p exist on the day? NO when its from= or to= rule the day out
 * for certain (docs/coverage.md, "Existence"). */
enum chancery_tri coverage_exists(const struct chancery_party *p, int32_t day);

/* The covers line that makes the absence of a fact of kind `fact` (one
 * enum chancery_fact_kind bit) done by root party `by` to root party
 * `with` on day a "no" (relations: either way round), or a zeroed line.
 * mission_type: the type of mission asked about (a line of one type
 * answers only for that type); NULL: any mission. */
struct coverage_line coverage_find(const chancery_registry *r, unsigned fact, long by, long with,
				   int32_t day, const char *mission_type);

/* Bits of what a panel cell is covered for (coverage_fill_day). */
enum {
	COVER_RECOGNITION = 1 << 0, /* by the row's state of the column */
	COVER_RELATIONS = 1 << 1,
	COVER_MISSIONS = 1 << 2,    /* missions of any type */
	COVER_EMBASSY = 1 << 3,     /* resident embassies (any type, or type=embassy) */
	COVER_ENVOYS = 1 << 4,
};

/* For a panel's day: flags[i * n + j] gets the COVER_* bits of the covers
 * lines that apply on day to state i (by) towards state j (with), the
 * states being roots[0..n) (relations both ways). flags has n * n bytes,
 * zeroed by the caller. Cost: the pairs the applying lines name, at most
 * n * n per line of "all" with "all". */
void coverage_fill_day(const chancery_registry *r, const uint32_t *roots, size_t n, int32_t day,
		       uint8_t *flags);

/* Where nothing of a fold's chain (by a, towards b: roots) has surely
 * happened by the day: a party that does not exist then answers "no"
 * (f->absent), and a covers line makes the absence "no" (f->covered);
 * else it stays "not recorded" (docs/coverage.md). */
void coverage_apply(const chancery_registry *r, struct chancery_fold *f, unsigned fact, long by,
		    long with, int32_t day, const char *mission_type);

#endif
