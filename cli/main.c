/* main.c: the chancery command: global options, then a subcommand from
 * the table below (git's pattern). Help is generated from the table. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "store/store.h"
#include "base/strbuf.h"
#include "base/banned.h"


#define COMMON_HELP                                                                  \
	"      --db STORE       the store: a file or a postgresql:// URL (default\n" \
	"                       $CHANCERY_DB, else ./chancery.db)\n"                    \
	"  -h, --help           this help\n"
#define INCLUDE_HELP                                                                 \
	"      --include-root DIR  includes may read files only inside DIR (default:\n" \
	"                       the directory of the ledger named)\n"
#define QUERY_HELP                                                                   \
	"  -f, --file LEDGER    read ledger files instead of the store (repeatable)\n"  \
	INCLUDE_HELP                                                                 \
	"      --known-on TIME  the registry as recorded at TIME (ISO 8601 UTC)\n"

const struct command commands[] = {
	{ "init", cmd_init, "[--db PATH]", "create an empty store",
	  "Creates the SQLite store and its schema (docs/schema.md), or, for a\n"
	  "postgresql:// URL, the schema in that existing database (docs/scale.md).\n"
	  "An existing store is left as it is.\n\n" COMMON_HELP, 0 },
	{ "copy", cmd_copy, "--from STORE --to STORE",
	  "copy a store into an empty one, exactly (SQLite and PostgreSQL)",
	  "Copies every record, every version of every fact with its number, the\n"
	  "amendments of record times and the accounts from one store into another\n"
	  "that has none, in one transaction: nothing is re-imported, re-checked or\n"
	  "re-dated, and an export of either store gives the same bytes. A store is\n"
	  "a file (SQLite) or a postgresql:// URL (docs/scale.md); the target is\n"
	  "created if it is a file that does not exist.\n\n"
	  "      --from STORE     the store to copy\n"
	  "      --to STORE       the empty store to copy into\n"
	  "  -h, --help           this help\n", 0 },
	{ "import", cmd_import, "[--author NAME] [--sync] [--dry-run] [--full] LEDGER...",
	  "check ledger files and record them in the store",
	  "Parses and checks the files together with what the store holds, then\n"
	  "records every new or changed fact in one transaction: a file with any\n"
	  "error changes nothing. Changed facts get a new version; nothing is\n"
	  "overwritten. A few facts (an edit) are checked with the stored facts\n"
	  "they touch, read through the snapshot file's indexes; the warnings the\n"
	  "store already gave are not repeated.\n\n"
	  "      --author NAME    who records (default $CHANCERY_AUTHOR, else $USER)\n"
	  "      --sync           the files are the whole registry: retract the rest\n"
	  "      --dry-run        check and count, store nothing\n"
	  "      --full           check with every fact of the store, whatever the size\n"
	  "      --recorded-at T  record time to write (ISO 8601 UTC; default now)\n"
	  INCLUDE_HELP COMMON_HELP, CMD_JSON },
	{ "export", cmd_export, "[--known-on TIME] [-o FILE]",
	  "write the store's registry as one canonical ledger",
	  "Writes every current fact in canonical form; importing the output into\n"
	  "an empty store reproduces the registry.\n\n"
	  "  -o, --output FILE    write to FILE (replaced atomically) instead of stdout\n" QUERY_HELP
		  COMMON_HELP, 0 },
	{ "check", cmd_check, "[LEDGER...]", "check ledger files (or the store) for errors",
	  "Parses the files and runs the semantic checks (docs/checks.md). Errors\n"
	  "exit 1; warnings are printed and do not fail. Without files, checks the\n"
	  "store.\n\n" QUERY_HELP COMMON_HELP, CMD_JSON },
	{ "fmt", cmd_fmt, "LEDGER...", "print ledger files in canonical form",
	  "Parses the files (following includes) and prints them as one canonical\n"
	  "ledger on stdout. Does not run the semantic checks.\n\n" INCLUDE_HELP COMMON_HELP, 0 },
	{ "parties", cmd_parties, "[--kind KIND]", "list the parties",
	  "  -k, --kind KIND      only this kind (state, partially-recognised, ...)\n" QUERY_HELP
		  COMMON_HELP, CMD_JSON },
	{ "events", cmd_events, "[--party P]... [--kind K]... [--from DATE] [--to DATE]",
	  "list events in date order, filtered",
	  "An event is listed when it involves every --party given (as actor,\n"
	  "target, subject, or a party of its treaty), is of one of the --kind\n"
	  "given (a kind such as recognise, or a category: recognition, relations,\n"
	  "missions, envoys, statements, acts, treaty), and may fall between --from\n"
	  "and --to (its range of possible days meets the range; undated events\n"
	  "are left out when a range is given).\n\n"
	  "  -p, --party P        a party: id, ISO code, Wikidata id or name\n"
	  "  -k, --kind K         a kind or category (repeatable)\n"
	  "      --from DATE      an EDTF date\n"
	  "      --to DATE        an EDTF date\n" QUERY_HELP COMMON_HELP, CMD_JSON },
	{ "status", cmd_status, "A B [--on DAY]", "the state of the relations of two parties on a day",
	  "Recognition each way (implied by diplomatic relations where none is\n"
	  "recorded), diplomatic relations, each side's missions in the other,\n"
	  "envoys, treaties between them and third parties' reactions, on DAY\n"
	  "(default today), each with the events it rests on. Where the dates allow\n"
	  "more than one answer, the state is uncertain (docs/queries.md).\n\n"
	  "      --on DAY         the day (YYYY-MM-DD; default today, UTC)\n" QUERY_HELP COMMON_HELP, CMD_JSON },
	{ "recognitions", cmd_recognitions, "X [--on DAY] [--series] [--by un-members|all]",
	  "who recognises a party",
	  "Every party with a recognition of X on record and its state on DAY;\n"
	  "withdrawals, denials, switches and re-recognitions are followed. --series\n"
	  "gives the count at every day it changes instead. Where the United\n"
	  "Nations and its members' join-organisation events are recorded, the\n"
	  "count says how many recognisers are UN members; --by un-members counts\n"
	  "only them (a partially recognised state's recognition is left out).\n\n"
	  "      --on DAY         the day (YYYY-MM-DD; default today, UTC)\n"
	  "      --series         the count at every change\n"
	  "      --by WHO         un-members, or all (the default)\n" QUERY_HELP COMMON_HELP, CMD_JSON },
	{ "coverage", cmd_coverage, "[PARTY]", "what the registry covers completely",
	  "The covers lines of the sources (docs/coverage.md): each says what its\n"
	  "source lists completely (kinds of fact, which parties, which period),\n"
	  "so that where it applies what is not recorded is \"no\"; everywhere else\n"
	  "it is \"not recorded\". With PARTY, the lines that can bear on it and how\n"
	  "many facts of each kind are on record about it.\n\n" QUERY_HELP COMMON_HELP, CMD_JSON },
	{ "timeline", cmd_timeline, "A B [--from DATE] [--to DATE]", "every event of a dyad in order",
	  "The events between A and B (their organs included), the actions of\n"
	  "treaties between them, and third parties' reactions, in date order:\n"
	  "an imprecise date after the precise days it may follow (\"2008\" after\n"
	  "2008-12-10), an event before the one of its chain it led to, a reaction\n"
	  "after what it reacts to, undated events last.\n\n"
	  "      --from DATE      an EDTF date\n"
	  "      --to DATE        an EDTF date\n" QUERY_HELP COMMON_HELP, CMD_JSON },
	{ "diff", cmd_diff, "A B --from DAY [--to DAY]", "what changed between two days",
	  "The states of 'status' on both days, and each one that differs.\n\n"
	  "      --from DAY       the first day (YYYY-MM-DD)\n"
	  "      --to DAY         the second day (default today)\n" QUERY_HELP COMMON_HELP, CMD_JSON },
	{ "dyads", cmd_dyads, "[--on DAY] [--csv]", "every dyad's recognition and relations on a day",
	  "A panel for research: for every pair of parties with an event between\n"
	  "them (organs counted as their state), recognition each way and the\n"
	  "diplomatic relations on DAY, with the level and the day they took that\n"
	  "state; 'uncertain' where the dates leave it open. Same rules as\n"
	  "'status', computed in one pass.\n\n"
	  "      --on DAY         the day (YYYY-MM-DD; default today, UTC)\n"
	  "      --csv            CSV with a header line\n" QUERY_HELP COMMON_HELP, CMD_JSON },
	{ "treaties", cmd_treaties, "[A [B]] [--on DAY] [--status STATUS]",
	  "treaties and their status on a day",
	  "Treaties (of A, or between A and B) with their status on DAY and their\n"
	  "entry into force as computed from the recorded rule. A treaty with no\n"
	  "action by DAY does not exist yet and is not listed.\n\n"
	  "      --on DAY         the day (YYYY-MM-DD; default today, UTC)\n"
	  "      --status STATUS  only this status: not-signed, signed, ratified-by-some,\n"
	  "                       ratified-by-all, provisionally-applied, in-force,\n"
	  "                       suspended, denounced, terminated, expired\n" QUERY_HELP COMMON_HELP, CMD_JSON },
	{ "treaty", cmd_treaty, "ID [--on DAY]", "one treaty's status, per party, with reasons",
	  "The status of the treaty and of each party on DAY, its entry into force\n"
	  "and the end of its current term, each with a one-line reason naming the\n"
	  "rule and the events used; unknown where an input is missing; the steps\n"
	  "of each party's ratification. Only what happened by DAY is used: before\n"
	  "its first action a treaty is \"not yet signed\".\n\n"
	  "      --on DAY         the day (YYYY-MM-DD; default today, UTC)\n" QUERY_HELP COMMON_HELP, CMD_JSON },
	{ "article", cmd_article, "A B [--on DAY] [--format FORMAT] [--refs] [-o FILE]",
	  "write the bilateral-relations article from the data",
	  "The article of A and B as it could have been written on DAY: title,\n"
	  "infobox, lead, background, bilateral relationship, the treaty table,\n"
	  "resident missions, see also, each sentence written from dated, sourced\n"
	  "facts. Nothing later than DAY appears; undated facts only in today's\n"
	  "article. 'json' gives the structure with each sentence's events and\n"
	  "sources.\n\n"
	  "      --on DAY         the day (YYYY-MM-DD; default today, UTC)\n"
	  "      --format FORMAT  text (the reference article's format), markdown,\n"
	  "                       html (one standalone page), wikitext or json\n"
	  "      --refs           cite each sentence's sources as footnotes\n"
	  "                       (markdown, html, wikitext)\n"
	  "  -o, --output FILE    write to FILE (replaced atomically)\n" QUERY_HELP COMMON_HELP, CMD_JSON },
	/* maps and charts (issue 10; docs/maps.md): SVG, so no --json */
#define MAP_HELP                                                                     \
	"      --db STORE       the store: a file or a postgresql:// URL (default\n" \
	"                       $CHANCERY_DB, else ./chancery.db)\n"                    \
	"  -h, --help           this help\n"
	{ "map", cmd_map, "A B [--on DAY] [-o FILE] | --recognitions X [--on DAY] [-o FILE]",
	  "draw the locator map of two parties, or who recognises a party, as SVG",
	  "'map A B' draws the locator map of an \"A\u2013B relations\" article: the\n"
	  "first by short name in green, the other in orange, every other area grey,\n"
	  "framed on the two (the whole world when they are far apart). Partially\n"
	  "recognised states are drawn over the state that claims them. The default\n"
	  "file is the infobox's own name, 'Abkhazia-Russia Locator.svg'.\n"
	  "'map --recognitions X' draws the world: who recognises X on DAY, who\n"
	  "withdrew, who may (uncertain dates), and X; the count is in the title.\n"
	  "Default file: 'X recognition map.svg'. A party with no area on the map is\n"
	  "named in a note under it and in a warning. The file is written whole or\n"
	  "not at all; its name is printed.\n\n"
	  "      --on DAY         the day (YYYY-MM-DD; default today, UTC)\n"
	  "      --recognitions X the map of who recognises X\n"
	  "  -o, --output FILE    write to FILE ('-': stdout)\n"
	  "      --overlay FILE   GeoJSON areas of your own, drawn over the world; a\n"
	  "                       feature's \"party\" property names its party\n"
	  "      --detail PX      the widest the map will be shown, in pixels: the\n"
	  "                       detail kept (default 1200)\n" QUERY_HELP MAP_HELP, 0 },
	{ "chart", cmd_chart, "recognitions X | timeline A B [--from DATE] [--to DATE] [-o FILE]",
	  "draw the recognitions of a party over time, or a dyad's timeline, as SVG",
	  "'chart recognitions X' draws the number of parties recognising X on each\n"
	  "day as a step line, with a band where the dates leave it uncertain and\n"
	  "marks for withdrawals and re-recognitions ('X recognitions chart.svg').\n"
	  "'chart timeline A B' draws the dyad's events on a time axis, one lane per\n"
	  "kind; a date known to a month or a year is a bar over that span, undated\n"
	  "events are listed under the chart ('A-B timeline.svg').\n\n"
	  "      --from DATE      the start (an EDTF date: 2008, 2008-08; default: the\n"
	  "                       first event's year)\n"
	  "      --to DATE        the end (default: today, or the last event's year)\n"
	  "  -o, --output FILE    write to FILE ('-': stdout)\n" QUERY_HELP MAP_HELP, 0 },
	{ "show", cmd_show, "ID", "show one party, person, source, event or treaty",
	  "ID is an id, or for a party its ISO code, Wikidata id or name. Prints the\n"
	  "canonical ledger text, and for a party or person the events naming it.\n\n" QUERY_HELP
		  COMMON_HELP, CMD_JSON },
	{ "history", cmd_history, "ID", "every recorded version of an id",
	  "The audit trail of one fact: each version with its record time, author\n"
	  "and origin, oldest first.\n\n" COMMON_HELP, CMD_JSON },
	{ "log", cmd_log, "", "every import recorded in the store",
	  "One line per record: time, author, origin, and what it added, changed\n"
	  "and retracted.\n\n" COMMON_HELP, CMD_JSON },
	{ "amend-record", cmd_amend_record, "REC --recorded-at TIME --reason TEXT [--author NAME]",
	  "correct the time of a record written with a wrong one",
	  "A record time says when the registry learned its facts, and record\n"
	  "times never go back, so a record written with a wrong time (one far in\n"
	  "the future holds every later import back) is corrected here. Nothing is\n"
	  "overwritten: an amendment row says who changed the time, when and why;\n"
	  "'chancery log' shows it. The new time must keep the records in order and\n"
	  "not be in the future.\n\n"
	  "      --recorded-at T  the record's right time (ISO 8601 UTC)\n"
	  "      --reason TEXT    why, for the audit trail (required)\n"
	  "      --author NAME    who amends (default $CHANCERY_AUTHOR, else $USER)\n"
		  COMMON_HELP, 0 },
	/* The world (issue 12): importers of public data sets, panels. */
#define IMPORT_DATA_HELP                                                              \
	"Bad rows (an unknown code, a date that is no date, a ratification\n"        \
	"before the signature, an act before a party existed) are reported with\n"  \
	"their file:line and left out; the rest is recorded in one transaction.\n"   \
	"Importing the same file again changes nothing (docs/import.md).\n\n"        \
	"      --strict         import nothing if any row is bad (exit 1)\n"          \
	"  -o, --output FILE    write the facts as a ledger instead ('-': stdout)\n"  \
	"      --author NAME    who records (default $CHANCERY_AUTHOR, else $USER)\n" \
	"      --dry-run        check and count, store nothing\n"                     \
	"      --recorded-at T  record time to write (ISO 8601 UTC; default now)\n"   \
	"  -f, --file LEDGER    match against these ledgers instead of the store\n"
	{ "import-states", cmd_import_states, "[--strict] [-o FILE] LIST...",
	  "import the COW or Gleditsch-Ward state lists",
	  "Reads the COW State System Membership List (CSV) and the Gleditsch-Ward\n"
	  "lists of independent states and microstates (tab-separated, Latin-1):\n"
	  "a party per state with its COW and GW codes, its ISO 3166-1 codes and\n"
	  "names (from iso-codes), and its membership spells as enter-system and\n"
	  "exit-system events. The kind of each file is told by its header.\n\n"
	  IMPORT_DATA_HELP
	  "      --iso-codes FILE iso_3166-1.json (default: Debian's iso-codes)\n" COMMON_HELP, 0 },
	{ "import-treaties", cmd_import_treaties, "[--strict] [-o FILE] PARTIES [AGREEMENTS]",
	  "import manytreaties: treaties and each party's actions",
	  "Reads manytreaties' parties file (one row per state and treaty) and,\n"
	  "if given, its agreements file: a treaty per agreement, each party's\n"
	  "signature, ratification, entry into force and end as treaty actions,\n"
	  "dates kept with their uncertainty as EDTF (2001?, 2001~, ../2001;\n"
	  "9999-12-31 is open).\n\n" IMPORT_DATA_HELP COMMON_HELP, 0 },
	{ "import-missions", cmd_import_missions, "[--strict] [-o FILE] EMBASSIES",
	  "import the Wikidata database of embassies",
	  "Reads the ';'-separated extract of diplomatic missions from Wikidata:\n"
	  "a mission opened by its operator in its host country, with its type,\n"
	  "city and creation date; with no creation date, opened on or before the\n"
	  "day of the extract. Parties are matched by their Wikidata ids and names.\n\n"
	  IMPORT_DATA_HELP COMMON_HELP, 0 },
	{ "import-envoys", cmd_import_envoys, "[--strict] [-o FILE] POCOM",
	  "import the US chiefs of mission (Office of the Historian)",
	  "Reads pocom's chiefs of mission: each envoy of the United States\n"
	  "appointed, presenting credentials and leaving, as appoint-envoy,\n"
	  "present-credentials and end-envoy events.\n\n" IMPORT_DATA_HELP COMMON_HELP, 0 },
	{ "import-rdcr", cmd_import_rdcr, "[--strict] [-o FILE] ARTICLES-DIR|ARTICLE.xml...",
	  "import the US guide to recognition and relations (Office of the Historian)",
	  "Reads the TEI XML articles of the Office of the Historian's guide to the\n"
	  "United States' recognition, diplomatic and consular relations: each\n"
	  "timeline entry as a recognition, relations or mission event of the US\n"
	  "and the country, dated by the day its prose names, else by its year.\n"
	  "Entries that become no fact are reported with their file and line.\n\n"
	  IMPORT_DATA_HELP COMMON_HELP, 0 },
	{ "import-dipcon", cmd_import_dipcon, "[--strict] [-o FILE] DIPCON.dta",
	  "import the Diplomatic Contacts Database (resident embassies)",
	  "Reads DIPCON (Stata .dta): which state has a resident embassy in which,\n"
	  "in its sample years. A change between two samples is dated by the\n"
	  "interval between them, so answers between samples are uncertain.\n\n"
	  IMPORT_DATA_HELP COMMON_HELP, 0 },
	{ "import-korea-ties", cmd_import_korea_ties, "[--strict] [-o FILE] DIPLO_TIES.csv",
	  "import South and North Korea's diplomatic ties (kdiplo)",
	  "Reads kdiplo's diplo_ties_data.csv: the year each state established,\n"
	  "cut and re-established diplomatic relations with South and North Korea,\n"
	  "at year precision.\n\n" IMPORT_DATA_HELP COMMON_HELP, 0 },
	{ "panel", cmd_panel, "dyad-year|state-year [--from Y] [--to Y] [OPTIONS]",
	  "write a dyad-year or state-year panel as CSV, or for Stata or SPSS",
	  "A research panel of the state system (docs/panels.md): for each year,\n"
	  "every pair of member states (dyad-year) or every member (state-year),\n"
	  "with their codes and the diplomacy columns derived from the registry.\n\n"
	  "      --from YEAR      first year (default 1816)\n"
	  "      --to YEAR        last year (default 2024)\n"
	  "      --directed       both orders of each pair (the default)\n"
	  "      --undirected     each pair once, the lower code first\n"
	  "      --system S       cow (default) or gw: whose membership and codes\n"
	  "      --on WHEN        any (COW's rule: a member on any day of the year;\n"
	  "                       states as of 31 December), jan1, dec31, or a day\n"
	  "                       of every year MM-DD (06-01: DIPCON's season)\n"
	  "      --columns LIST   the columns, comma-separated (default: all)\n"
	  "  -o, --output FILE    write to FILE instead of stdout; FILE.dta is a Stata\n"
	  "                       file (format 118), FILE.sav an SPSS one, with\n"
	  "                       variable and value labels (docs/panels.md)\n" QUERY_HELP COMMON_HELP, 0 },
	/* The HTTP server and its accounts (issue 11, docs/api.md). */
	{ "serve", cmd_serve, "[--listen ADDR:PORT] [--read-only] [--private] [OPTIONS]",
	  "answer the JSON API and serve the web page over HTTP",
	  "Loads the store's registry into memory and answers the JSON API\n"
	  "(docs/api.md) and the web page at the printed address (first line of\n"
	  "stdout) until SIGINT or SIGTERM. Reads are open unless --private;\n"
	  "POST /api/import needs an editor's token (chancery token add). The log\n"
	  "goes to stderr.\n\n"
	  "      --listen ADDR:PORT  where to listen (default 127.0.0.1:8080; port 0:\n"
	  "                          any free port; [::1]:8080 for IPv6)\n"
	  "      --read-only         refuse every write (403)\n"
	  "      --private           reads need a token too (role reader or above)\n"
	  "      --threads N         libmicrohttpd's thread pool (default 2)\n"
	  "      --max-body SIZE     largest request body, else 413 (default 4M)\n"
	  "      --max-header SIZE   memory for a request's line and headers (default 32K)\n"
	  "      --max-connections N open connections at once (default 256)\n"
	  "      --per-ip N          connections from one network: an IPv4 address, an IPv6 /64\n"
	  "                          (default 16; 0: no limit, behind a proxy)\n"
	  "      --timeout SECONDS   close a connection idle this long (default 10)\n"
	  "      --cors ORIGIN       allow this origin to call the API (default: none)\n"
	  "      --access-log        log every request (default: writes and errors)\n"
	  "      --db PATH           the store (default $CHANCERY_DB, else ./chancery.db):\n"
	  "                          a file, or a postgresql:// URL (docs/scale.md)\n"
	  "      --read-db URL       answer reads from this copy of the store (a\n"
	  "                          PostgreSQL hot standby); writes and accounts stay\n"
	  "                          with --db\n"
	  "  -h, --help              this help\n", 0 },
	{ "token", cmd_token, "add NAME [--role reader|editor|admin] | list | revoke NAME|ID",
	  "manage the accounts of the HTTP server",
	  "add prints a new random token for account NAME once, on stdout; the store\n"
	  "keeps only its hash. Send it as 'Authorization: Bearer TOKEN'. Roles:\n"
	  "reader (reads of a --private server), editor (and POST /api/import, with\n"
	  "NAME as the author), admin (and GET /api/tokens). list shows every token\n"
	  "without its secret; revoke NAME revokes all of NAME's tokens, revoke ID\n"
	  "one token.\n\n"
	  "      --role ROLE      reader, editor or admin (default reader)\n" COMMON_HELP, CMD_JSON },
	{ "snapshot", cmd_snapshot, "[--check]",
	  "build the snapshot file that makes queries fast, or check it",
	  "Writes STORE.snapshot beside the store (docs/snapshot.md): the current\n"
	  "facts' texts and the indexes of the queries, so that status, timeline,\n"
	  "diff, recognitions, treaty, treaties, article and parties read only the\n"
	  "facts they need. import writes it, and a query rebuilds it when it is\n"
	  "missing, stale, corrupt or of another version: it is a cache, never\n"
	  "trusted over the store. $CHANCERY_SNAPSHOT=off makes queries read the\n"
	  "store alone; =report says on stderr how each query loaded.\n\n"
	  "      --check          only check the file: exit 0 if it is current and\n"
	  "                       whole (every block and text read), 1 if not\n"
		  COMMON_HELP, 0 },
	{ "verify", cmd_verify, "",
	  "check the whole store against its hashes, for damage and changes",
	  "Reads every record and every fact of the store (docs/schema.md, \"Hashes\"):\n"
	  "SQLite's integrity_check of the file; each fact against its BLAKE2b hash;\n"
	  "the facts' numbers and each record's counts; and the chain of records, so\n"
	  "that a fact or record changed after it was written is found. Every load\n"
	  "checks the facts it reads; verify checks all of them, and what no load\n"
	  "reads (old versions, the file's structure). Prints 'whole' and the last\n"
	  "record's chain, the store's fingerprint, or the first 20 problems. Exit 0\n"
	  "whole, 1 damaged, 3 if the store cannot be read.\n\n"
		  COMMON_HELP, CMD_JSON },
	{ "publish", cmd_publish, "OUT.db",
	  "write a copy of the store without the server's accounts, to publish",
	  "Copies every record, fact, decoded row and amendment of the store (SQLite\n"
	  "or PostgreSQL) into a new SQLite file OUT.db, which must not exist, in one\n"
	  "file without a write-ahead log: for a download, Datasette or a read-only\n"
	  "server. The accounts of the HTTP server (names and token hashes) stay\n"
	  "behind (docs/schema.md, \"Publishing\"). 'chancery verify' on the copy\n"
	  "gives the store's chain.\n\n" COMMON_HELP, 0 },
	{ "help", cmd_help, "[COMMAND]", "show help for a command",
	  "  -h, --help           this help\n", 0 },
	{ NULL, NULL, NULL, NULL, NULL, 0 },
};

const struct command *find_command(const char *name)
{
	for (const struct command *c = commands; c->name; c++)
		if (!strcmp(c->name, name))
			return c;
	return NULL;
}

void command_help(const struct command *c, struct strbuf *out)
{
	const char *h = strstr(c->help, "  -h, --help");
	if (!(c->flags & CMD_JSON) || !h) {
		strbuf_addstr(out, c->help);
		return;
	}
	strbuf_add(out, c->help, (size_t)(h - c->help));
	strbuf_addstr(out, "      --json           JSON on stdout\n");
	strbuf_addstr(out, h);
}

void print_usage(const struct command *c, FILE *out)
{
	struct strbuf help = STRBUF_INIT;
	command_help(c, &help);
	fprintf(out, "usage: chancery %s %s\n\n%s.\n\n%s", c->name, c->usage, c->summary, help.buf);
	strbuf_release(&help);
}

static void print_main_usage(FILE *out)
{
	fputs("usage: chancery [--db PATH] COMMAND [ARGS]\n\n"
	      "chancery keeps the relations between states as dated, sourced facts.\n\n"
	      "Commands:\n",
	      out);
	for (const struct command *c = commands; c->name; c++)
		fprintf(out, "  %-10s %s\n", c->name, c->summary);
	fputs("\nRun 'chancery COMMAND --help' for a command's options; 'chancery -V' gives\n"
	      "the version; 'chancery --man' and '--completion bash|zsh' print the man page\n"
	      "and a completion script (make install installs them).\n"
	      "Exit codes: 0 ok, 1 invalid data or failed check, 2 usage,\n"
	      "3 store or file error, 4 not found.\n",
	      out);
}

int cmd_help(int argc, char **argv)
{
	const struct command *c;
	if (argc > 1 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		print_usage(find_command("help"), stdout);
		return EXIT_OK;
	}
	if (argc < 2) {
		print_main_usage(stdout);
		return EXIT_OK;
	}
	if (!(c = find_command(argv[1]))) {
		fprintf(stderr, "error: unknown command '%s'\n", argv[1]);
		return EXIT_NOTFOUND;
	}
	print_usage(c, stdout);
	return EXIT_OK;
}

/* Check that everything written to stdout reached it: a full disk or a
 * closed pipe is an error, not a silent truncation. */
static int finish_stdout(int code)
{
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "error: cannot write to stdout: %s\n", strerror(errno));
		return code ? code : EXIT_STORE;
	}
	return code;
}

int main(int argc, char **argv)
{
	int i = 1;
	const struct command *c;

	stderr_make_safe();
	main_argv = argv;
#ifndef CHANCERY_LEAN
	chancery_store_enable_postgresql(); /* --db postgresql://... */
#endif
	while (i < argc && argv[i][0] == '-') {
		if (!strcmp(argv[i], "--db") && i + 1 == argc) {
			fprintf(stderr, "error: option '--db' needs a value: the store's path\n");
			return EXIT_USAGE;
		} else if (!strcmp(argv[i], "--db")) {
			global_db = argv[i + 1];
			i += 2;
		} else if (!strncmp(argv[i], "--db=", 5)) {
			global_db = argv[i] + 5;
			i++;
		} else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			print_main_usage(stdout);
			return finish_stdout(EXIT_OK);
		} else if (!strcmp(argv[i], "--man")) {
			/* for packagers: the build installs what these print */
			if (print_man_page(stdout))
				return EXIT_STORE;
			return finish_stdout(EXIT_OK);
		} else if (!strcmp(argv[i], "--completion")) {
			if (i + 1 == argc || print_completion(stdout, argv[i + 1])) {
				fprintf(stderr, "error: --completion: expected bash or zsh\n");
				return EXIT_USAGE;
			}
			return finish_stdout(EXIT_OK);
		} else if (!strcmp(argv[i], "--version") || !strcmp(argv[i], "-V")) {
			printf("chancery %s\n", CHANCERY_VERSION);
			return finish_stdout(EXIT_OK);
		} else {
			fprintf(stderr, "error: unknown option '%s'\n", argv[i]);
			print_main_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (i >= argc) {
		print_main_usage(stderr);
		return EXIT_USAGE;
	}
	if (!(c = find_command(argv[i]))) {
		fprintf(stderr, "error: unknown command '%s'; run 'chancery --help' for the list\n",
			argv[i]);
		return EXIT_USAGE;
	}
	return finish_stdout(c->fn(argc - i, argv + i));
}
