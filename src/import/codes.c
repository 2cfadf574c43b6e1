/* codes.c: which party each state of the Correlates of War and
 * Gleditsch-Ward lists is, and reading ISO 3166-1 from Debian's iso-codes.
 *
 * The scheme (docs/import.md): a state that is an ISO 3166-1 country
 * today has its alpha-2 code as id, whichever list it comes from (the
 * state COW and GW number 365 is RU from 1816 on). A state with no code
 * of its own today is COW-<COW abbreviation> (COW-BAV, Bavaria), or
 * GW-<GW abbreviation> when only Gleditsch and Ward list it (GW-TBT,
 * Tibet). Where the two lists cut one state's history differently, the
 * party that is today's state takes the code of the spell that reaches
 * today and the other spell becomes a party of its own list: COW's 255
 * (Germany from 1816, and again from 1990) is DE, with GW's 260 (the
 * Federal Republic, continued by Germany); GW's 255 (Germany to 1945) is
 * GW-GMY and COW's 260 (the Federal Republic to 1990) is COW-GFR. Kosovo
 * has no ISO code and takes XK, the code the European Commission and the
 * IMF use. Abkhazia and South Ossetia are the parties AB and OS of
 * data/parties.ledger.
 *
 * Codes from the COW State System Membership List (v2024) and the
 * Gleditsch-Ward lists (ksgmdw.txt, microstates.txt); the ISO codes of
 * the same states as ISO 3166-1 gives them. */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "import/import.h"
#include "base/banned.h"

#define S CHANCERY_PARTY_STATE
#define PR CHANCERY_PARTY_PARTIALLY_RECOGNISED

const struct world_code world_codes[] = {
	{ "US", 2, 2, S },	   { "CA", 20, 20, S },	      { "BS", 31, 31, S },
	{ "CU", 40, 40, S },	   { "HT", 41, 41, S },	      { "DO", 42, 42, S },
	{ "JM", 51, 51, S },	   { "TT", 52, 52, S },	      { "BB", 53, 53, S },
	{ "DM", 54, 54, S },	   { "GD", 55, 55, S },	      { "LC", 56, 56, S },
	{ "VC", 57, 57, S },	   { "AG", 58, 58, S },	      { "KN", 60, 60, S },
	{ "MX", 70, 70, S },	   { "BZ", 80, 80, S },	      { "GW-UPC", 0, 89, S },
	{ "GT", 90, 90, S },	   { "HN", 91, 91, S },	      { "SV", 92, 92, S },
	{ "NI", 93, 93, S },	   { "CR", 94, 94, S },	      { "PA", 95, 95, S },
	{ "GW-GCL", 0, 99, S },	   { "CO", 100, 100, S },     { "VE", 101, 101, S },
	{ "GY", 110, 110, S },	   { "SR", 115, 115, S },     { "EC", 130, 130, S },
	{ "PE", 135, 135, S },	   { "BR", 140, 140, S },     { "BO", 145, 145, S },
	{ "PY", 150, 150, S },	   { "CL", 155, 155, S },     { "AR", 160, 160, S },
	{ "UY", 165, 165, S },	   { "GB", 200, 200, S },     { "IE", 205, 205, S },
	{ "NL", 210, 210, S },	   { "BE", 211, 211, S },     { "LU", 212, 212, S },
	{ "FR", 220, 220, S },	   { "MC", 221, 221, S },     { "LI", 223, 223, S },
	{ "CH", 225, 225, S },	   { "ES", 230, 230, S },     { "AD", 232, 232, S },
	{ "PT", 235, 235, S },	   { "COW-HAN", 240, 240, S }, { "COW-BAV", 245, 245, S },
	{ "DE", 255, 260, S },	   { "GW-GMY", 0, 255, S },   { "COW-GFR", 260, 0, S },
	{ "COW-GDR", 265, 265, S }, { "COW-BAD", 267, 267, S }, { "COW-SAX", 269, 269, S },
	{ "COW-WRT", 271, 271, S }, { "COW-HSE", 273, 273, S }, { "COW-HSG", 275, 275, S },
	{ "COW-MEC", 280, 280, S }, { "PL", 290, 290, S },     { "COW-AUH", 300, 300, S },
	{ "AT", 305, 305, S },	   { "HU", 310, 310, S },     { "COW-CZE", 315, 315, S },
	{ "CZ", 316, 316, S },	   { "SK", 317, 317, S },     { "IT", 325, 325, S },
	{ "COW-PAP", 327, 327, S }, { "COW-SIC", 329, 329, S }, { "SM", 331, 331, S },
	{ "COW-MOD", 332, 332, S }, { "COW-PMA", 335, 335, S }, { "COW-TUS", 337, 337, S },
	{ "MT", 338, 338, S },	   { "AL", 339, 339, S },     { "RS", 345, 340, S },
	{ "GW-YUG", 0, 345, S },   { "ME", 341, 341, S },     { "MK", 343, 343, S },
	{ "HR", 344, 344, S },	   { "BA", 346, 346, S },     { "XK", 347, 347, PR },
	{ "SI", 349, 349, S },	   { "GR", 350, 350, S },     { "CY", 352, 352, S },
	{ "BG", 355, 355, S },	   { "MD", 359, 359, S },     { "RO", 360, 360, S },
	{ "RU", 365, 365, S },	   { "EE", 366, 366, S },     { "LV", 367, 367, S },
	{ "LT", 368, 368, S },	   { "UA", 369, 369, S },     { "BY", 370, 370, S },
	{ "AM", 371, 371, S },	   { "GE", 372, 372, S },     { "AZ", 373, 373, S },
	{ "FI", 375, 375, S },	   { "SE", 380, 380, S },     { "NO", 385, 385, S },
	{ "DK", 390, 390, S },	   { "IS", 395, 395, S },     { "AB", 0, 396, PR },
	{ "OS", 0, 397, PR },	   { "CV", 402, 402, S },     { "ST", 403, 403, S },
	{ "GW", 404, 404, S },	   { "GQ", 411, 411, S },     { "GM", 420, 420, S },
	{ "ML", 432, 432, S },	   { "SN", 433, 433, S },     { "BJ", 434, 434, S },
	{ "MR", 435, 435, S },	   { "NE", 436, 436, S },     { "CI", 437, 437, S },
	{ "GN", 438, 438, S },	   { "BF", 439, 439, S },     { "LR", 450, 450, S },
	{ "SL", 451, 451, S },	   { "GH", 452, 452, S },     { "TG", 461, 461, S },
	{ "CM", 471, 471, S },	   { "NG", 475, 475, S },     { "GA", 481, 481, S },
	{ "CF", 482, 482, S },	   { "TD", 483, 483, S },     { "CG", 484, 484, S },
	{ "CD", 490, 490, S },	   { "UG", 500, 500, S },     { "KE", 501, 501, S },
	{ "TZ", 510, 510, S },	   { "COW-ZAN", 511, 511, S }, { "BI", 516, 516, S },
	{ "RW", 517, 517, S },	   { "SO", 520, 520, S },     { "DJ", 522, 522, S },
	{ "ET", 530, 530, S },	   { "ER", 531, 531, S },     { "AO", 540, 540, S },
	{ "MZ", 541, 541, S },	   { "ZM", 551, 551, S },     { "ZW", 552, 552, S },
	{ "MW", 553, 553, S },	   { "ZA", 560, 560, S },     { "GW-TRA", 0, 563, S },
	{ "GW-OFS", 0, 564, S },   { "NA", 565, 565, S },     { "LS", 570, 570, S },
	{ "BW", 571, 571, S },	   { "SZ", 572, 572, S },     { "MG", 580, 580, S },
	{ "KM", 581, 581, S },	   { "MU", 590, 590, S },     { "SC", 591, 591, S },
	{ "MA", 600, 600, S },	   { "DZ", 615, 615, S },     { "TN", 616, 616, S },
	{ "LY", 620, 620, S },	   { "SD", 625, 625, S },     { "SS", 626, 626, S },
	{ "IR", 630, 630, S },	   { "TR", 640, 640, S },     { "IQ", 645, 645, S },
	{ "EG", 651, 651, S },	   { "SY", 652, 652, S },     { "LB", 660, 660, S },
	{ "JO", 663, 663, S },	   { "IL", 666, 666, S },     { "SA", 670, 670, S },
	{ "COW-YAR", 678, 0, S },  { "YE", 679, 678, S },     { "COW-YPR", 680, 680, S },
	{ "KW", 690, 690, S },	   { "BH", 692, 692, S },     { "QA", 694, 694, S },
	{ "AE", 696, 696, S },	   { "OM", 698, 698, S },     { "AF", 700, 700, S },
	{ "TM", 701, 701, S },	   { "TJ", 702, 702, S },     { "KG", 703, 703, S },
	{ "UZ", 704, 704, S },	   { "KZ", 705, 705, S },     { "CN", 710, 710, S },
	{ "GW-TBT", 0, 711, S },   { "MN", 712, 712, S },     { "TW", 713, 713, PR },
	{ "COW-KOR", 730, 730, S }, { "KP", 731, 731, S },     { "KR", 732, 732, S },
	{ "JP", 740, 740, S },	   { "IN", 750, 750, S },     { "BT", 760, 760, S },
	{ "PK", 770, 770, S },	   { "BD", 771, 771, S },     { "MM", 775, 775, S },
	{ "LK", 780, 780, S },	   { "MV", 781, 781, S },     { "NP", 790, 790, S },
	{ "TH", 800, 800, S },	   { "KH", 811, 811, S },     { "LA", 812, 812, S },
	{ "GW-VNM", 0, 815, S },   { "VN", 816, 816, S },     { "COW-RVN", 817, 817, S },
	{ "MY", 820, 820, S },	   { "SG", 830, 830, S },     { "BN", 835, 835, S },
	{ "PH", 840, 840, S },	   { "ID", 850, 850, S },     { "TL", 860, 860, S },
	{ "AU", 900, 900, S },	   { "PG", 910, 910, S },     { "NZ", 920, 920, S },
	{ "VU", 935, 935, S },	   { "SB", 940, 940, S },     { "KI", 946, 970, S },
	{ "TV", 947, 973, S },	   { "FJ", 950, 950, S },     { "TO", 955, 972, S },
	{ "NR", 970, 971, S },	   { "MH", 983, 983, S },     { "PW", 986, 986, S },
	{ "FM", 987, 987, S },	   { "WS", 990, 990, S },
};
const size_t n_world_codes = sizeof(world_codes) / sizeof(*world_codes);

#undef S
#undef PR

const struct world_code *world_by_cow(int cow)
{
	for (size_t i = 0; cow && i < n_world_codes; i++)
		if (world_codes[i].cow == cow)
			return &world_codes[i];
	return NULL;
}

const struct world_code *world_by_gw(int gw)
{
	for (size_t i = 0; gw && i < n_world_codes; i++)
		if (world_codes[i].gw == gw)
			return &world_codes[i];
	return NULL;
}

const struct world_code *world_by_id(const char *id)
{
	for (size_t i = 0; i < n_world_codes; i++)
		if (!strcmp(world_codes[i].id, id))
			return &world_codes[i];
	return NULL;
}

/* ---- ISO 3166-1 ---- */

static char *dup_or_null(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? xstrdup(s) : NULL;
}

static void copy_code(char *dst, size_t size, json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	size_t n = s ? strlen(s) : 0;
	if (n >= size)
		n = 0;
	memcpy(dst, s ? s : "", n);
	dst[n] = '\0';
}

int iso_table_read(struct iso_table *t, const char *path, struct chancery_diags *d)
{
	json_error_t err;
	json_t *root = json_load_file(path ? path : ISO_3166_JSON, 0, &err), *list;
	size_t i;
	json_t *o;

	memset(t, 0, sizeof(*t));
	if (!root) {
		chancery_diags_add(d, CHANCERY_ERROR, path ? path : ISO_3166_JSON, (unsigned)err.line,
				   (unsigned)err.column, NULL,
				   "cannot read ISO 3166-1 codes: %s (install Debian's iso-codes)",
				   err.text);
		return -CHANCERY_EIO;
	}
	list = json_object_get(root, "3166-1");
	if (!json_is_array(list)) {
		chancery_diags_add(d, CHANCERY_ERROR, path ? path : ISO_3166_JSON, 0, 0, NULL,
				   "expected an object with a \"3166-1\" array");
		json_decref(root);
		return -CHANCERY_EINPUT;
	}
	t->v = xcalloc(json_array_size(list) + 1, sizeof(*t->v));
	json_array_foreach(list, i, o) {
		struct iso_country *c = &t->v[t->n];
		copy_code(c->alpha2, sizeof(c->alpha2), o, "alpha_2");
		copy_code(c->alpha3, sizeof(c->alpha3), o, "alpha_3");
		copy_code(c->numeric, sizeof(c->numeric), o, "numeric");
		if (!c->alpha2[0])
			continue;
		c->name = dup_or_null(o, "name");
		c->official = dup_or_null(o, "official_name");
		c->common = dup_or_null(o, "common_name");
		if (!c->name)
			continue;
		t->n++;
	}
	json_decref(root);
	return 0;
}

const struct iso_country *iso_by_alpha2(const struct iso_table *t, const char *a2)
{
	for (size_t i = 0; i < t->n; i++)
		if (!strcmp(t->v[i].alpha2, a2))
			return &t->v[i];
	return NULL;
}

void iso_table_release(struct iso_table *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->v[i].name);
		free(t->v[i].official);
		free(t->v[i].common);
	}
	free(t->v);
	memset(t, 0, sizeof(*t));
}

/* Names the data sets use for states whose ISO 3166-1 names differ
 * (lower case; pocom's slugs with '-' read as spaces). */
static const struct {
	const char *name, *id;
} aliases[] = {
	{ "antigua barbuda", "AG" }, { "bosnia herzegovina", "BA" }, { "bolivia", "BO" },
	{ "brunei", "BN" }, { "burma", "MM" }, { "cape verde", "CV" },
	{ "congo democratic republic", "CD" }, { "democratic republic of the congo", "CD" },
	{ "congo republic", "CG" }, { "republic of the congo", "CG" }, { "cote divoire", "CI" },
	{ "ivory coast", "CI" }, { "czech republic", "CZ" }, { "czechoslovakia", "COW-CZE" },
	{ "german democratic republic", "COW-GDR" }, { "east germany", "COW-GDR" },
	{ "holy see", "VA" }, { "iran", "IR" }, { "korea", "KR" }, { "south korea", "KR" },
	{ "north korea", "KP" }, { "laos", "LA" }, { "macedonia", "MK" }, { "micronesia", "FM" },
	{ "federated states of micronesia", "FM" }, { "moldova", "MD" }, { "russia", "RU" },
	{ "saint kitts nevis", "KN" }, { "saint vincent grenadines", "VC" },
	{ "sao tome and principe", "ST" }, { "swaziland", "SZ" }, { "eswatini", "SZ" },
	{ "syria", "SY" }, { "tanzania", "TZ" }, { "timor leste", "TL" }, { "east timor", "TL" },
	{ "trinidad and tobago", "TT" }, { "turkey", "TR" }, { "two sicilies", "COW-SIC" },
	{ "venezuela", "VE" }, { "vietnam", "VN" }, { "vietnam south", "COW-RVN" },
	{ "yugoslavia", "RS" }, { "united states", "US" }, { "united states of america", "US" },
	{ "people's republic of china", "CN" }, { "taiwan", "TW" }, { "state of palestine", "PS" },
	{ "palestine", "PS" }, { "kingdom of the netherlands", "NL" }, { "the gambia", "GM" },
	{ "the bahamas", "BS" }, { "republic of ireland", "IE" },
	{ "são tomé and príncipe", "ST" }, { "vatican", "VA" }, { "vatican city", "VA" }, { "sahrawi arab democratic republic", "EH" },
};

const char *world_alias(const char *name)
{
	char low[96];
	size_t n = 0;
	for (; *name && n + 1 < sizeof(low); name++)
		low[n++] = *name == '-' ? ' ' : (char)(*name >= 'A' && *name <= 'Z' ? *name + 32 : *name);
	low[n] = '\0';
	for (size_t i = 0; i < sizeof(aliases) / sizeof(*aliases); i++)
		if (!strcmp(aliases[i].name, low))
			return aliases[i].id;
	return NULL;
}

const struct chancery_party *world_find(const chancery_registry *r, const char *qid,
					const char *name)
{
	const struct chancery_party *p = NULL;
	const char *alias;
	char spaced[96];
	size_t n = 0;
	if (!r)
		return NULL;
	if (qid && *qid && (p = chancery_registry_find_party(r, qid)))
		return p;
	if (!name || !*name)
		return NULL;
	if ((alias = world_alias(name)) && (p = chancery_registry_find_party(r, alias)))
		return p;
	if ((p = chancery_registry_find_party(r, name)))
		return p->kind <= CHANCERY_PARTY_PARTIALLY_RECOGNISED ? p : NULL;
	for (; name[n] && n + 1 < sizeof(spaced); n++)
		spaced[n] = name[n] == '-' ? ' ' : name[n];
	spaced[n] = '\0';
	p = chancery_registry_find_party(r, spaced);
	return p && p->kind <= CHANCERY_PARTY_PARTIALLY_RECOGNISED ? p : NULL;
}
