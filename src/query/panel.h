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
#include "query/coverage.h"

/* A dyad's diplomacy in one year, for the unordered pair (i < j): [0] is
 * i towards j, [1] j towards i. The states are what the facts say; where
 * no fact of a chain has happened by the day (`known` lacks its bit) the
 * writer asks the year's coverage whether the absence is a "no", and
 * writes NA otherwise (docs/panels.md). */
enum { PANEL_UNCERTAIN = 0xff };
enum panel_known {
	KNOWN_REC0 = 1 << 0, KNOWN_REC1 = 1 << 1, /* a recognition fact by then, each way */
	KNOWN_REL = 1 << 2,
	KNOWN_MIS0 = 1 << 3, KNOWN_MIS1 = 1 << 4, /* a mission fact of either side by then */
	KNOWN_EMB0 = 1 << 5, KNOWN_EMB1 = 1 << 6, /* a resident mission's fact */
	KNOWN_ENV0 = 1 << 7, /* an envoy's fact: KNOWN_ENV0 << dir */
};
struct panel_cell {
	uint8_t rec[2];   /* enum chancery_recognition_state, or PANEL_UNCERTAIN */
	uint8_t rel;      /* enum chancery_relations_state, or PANEL_UNCERTAIN */
	uint8_t level;    /* relations: 1 + index in relation_levels, 0 none */
	uint8_t mission[2]; /* 1 + index in mission_types of the highest surely open
			     * one, 0 none, PANEL_UNCERTAIN: none surely, one may be */
	uint8_t embassy[2]; /* a resident mission (embassy, high commission,
			     * legation) surely open: 1, none: 0, PANEL_UNCERTAIN */
	uint8_t envoy[2]; /* 1 in post, 0 not, PANEL_UNCERTAIN */
	uint8_t rep[2];   /* the level of representation 1-3 the facts surely give,
			   * 0 none, PANEL_UNCERTAIN when a possible one is higher */
	uint16_t rank[2]; /* the envoy in post's rank: 1 + index in panel->ranks, 0 none */
	uint16_t known;   /* enum panel_known */
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
	/* [year][i * n_states + j]: the COVER_* bits (query/coverage.h) of the
	 * covers lines that apply on the year's day to state i towards j */
	uint8_t *cover;
	/* the envoys' ranks, as written (a panel_cell's rank indexes them) */
	const char **ranks;
	size_t n_ranks, alloc_ranks;
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
