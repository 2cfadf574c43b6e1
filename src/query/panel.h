/* panel.h: a dyad-year or state-year panel as computed (panel.c) and read
 * by its writer (src/publish/panel_csv.c). Members per year come from the
 * enter-system / exit-system events of the system asked; the diplomacy of
 * each dyad is swept once over the years, each chain folded only on the
 * days where one of its dates may change the answer. */
#ifndef QUERY_PANEL_H
#define QUERY_PANEL_H

#include <stddef.h>
#include <stdint.h>

#include "chancery.h"

/* A dyad's diplomacy in one year, for the unordered pair (i < j): [0] is
 * i towards j, [1] j towards i. */
enum { PANEL_UNCERTAIN = 0xff };
struct panel_cell {
	uint8_t rec[2];   /* enum chancery_recognition_state, or PANEL_UNCERTAIN */
	uint8_t rel;      /* enum chancery_relations_state, or PANEL_UNCERTAIN */
	uint8_t level;    /* relations: 1 + index in relation_levels, 0 none */
	uint8_t mission[2]; /* 1 + index in mission_types of the highest open one, 0 none */
	uint8_t envoy[2]; /* 1 in post, 0 not, PANEL_UNCERTAIN */
	uint16_t bilateral, bilateral_maybe; /* treaties in force: surely, possibly */
};

struct panel_state {
	const struct chancery_party *party;
	int code;                /* in the panel's system */
	struct { int32_t lo, hi; } *spells; /* days of membership, hi inclusive */
	size_t n_spells;
};

struct chancery_panel {
	struct chancery_panel_opts opts;
	int32_t n_years;
	struct panel_state *states; /* by code */
	size_t n_states;
	uint8_t *member;            /* [state * n_years + year]: a member that year */
	uint8_t *present;           /* [state * n_years + year]: a member on the day */
	int32_t *day;               /* [year]: the day the states are taken */
	int32_t *dyad;              /* [i * n_states + j], i < j: index into cells / n_years, or -1 */
	struct panel_cell *cells;   /* n_years per dyad with facts */
	size_t n_dyads;
	/* multilateral treaties in force: bits per state-year */
	uint64_t *multi, *multi_maybe;
	size_t words;
	/* per state-year counts for the state-year panel */
	uint32_t *treaties, *treaties_maybe;
};

#endif
