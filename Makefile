# A thin front to CMake + Ninja. See README.md.
#   make demo    set up, build, load data/full.ledger and print the Abkhazia–Russia facts
#   make run     set up, build, load data/full.ledger and serve the web page and API (LISTEN=...)
#   make test    set up, build with ASan+UBSan and -Werror, run every test
#   make         release build in build/
#   make fuzz    run each fuzz target for FUZZ_SECONDS (default 300)
#   make bench   run the benchmarks (bench/README.md)
#   make world   regenerate data/world/ from ../shared/data (docs/import.md)
#   make install PREFIX=/usr/local [DESTDIR=...]   the programs, man page,
#                completions and libchancery (docs/library.md)
#   make format / make lint

BUILD ?= build
CHECK_BUILD ?= build-check
FUZZ_SECONDS ?= 300
CTEST_JOBS ?= 2
CHANCERY = $(BUILD)/chancery

PREFIX ?= /usr/local
.PHONY: all setup build demo run test check fuzz bench format lint clean world install

all: build

setup:
	@sh scripts/setup.sh

build: setup
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build $(BUILD)

demo: build
	@rm -f $(BUILD)/demo.db
	@$(CHANCERY) --db $(BUILD)/demo.db init
	@$(CHANCERY) --db $(BUILD)/demo.db import --author demo data/full.ledger 2>$(BUILD)/import.log || \
		{ cat $(BUILD)/import.log; exit 1; }
	@tail -n 1 $(BUILD)/import.log; echo "($$(grep -c warning: $(BUILD)/import.log) warnings, in $(BUILD)/import.log)"
	@$(CHANCERY) --db $(BUILD)/demo.db events --party Abkhazia --party Russia

# The web page and the JSON API on the bundled data (docs/api.md): the
# typed dyads and recognitions, the world's states and the facts of the
# public data sets (data/full.ledger, about 2 s to load), in a store of
# its own made afresh; stop with Ctrl-C.
LISTEN ?= 127.0.0.1:8080
run: build
	@rm -f $(BUILD)/run.db $(BUILD)/run.db-wal $(BUILD)/run.db-shm
	@$(CHANCERY) --db $(BUILD)/run.db init 2>/dev/null
	@$(CHANCERY) --db $(BUILD)/run.db import --author bundled data/full.ledger 2>$(BUILD)/import.log || \
		{ cat $(BUILD)/import.log; exit 1; }
	@tail -n 1 $(BUILD)/import.log; echo "($$(grep -c warning: $(BUILD)/import.log) warnings, in $(BUILD)/import.log)"
	@echo "open the address below in a browser; Ctrl-C stops the server"
	@$(CHANCERY) --db $(BUILD)/run.db serve --listen $(LISTEN)

# DESTDIR, when given, is put before PREFIX (a staging directory); without
# it, ldconfig makes the new libchancery.so found by the programs linked
# against it (as root; else run it yourself).
install: build
	@DESTDIR=$(DESTDIR) cmake --install $(BUILD) --prefix $(PREFIX)
	@if [ -z "$(DESTDIR)" ] && command -v ldconfig >/dev/null 2>&1; then \
		ldconfig 2>/dev/null || echo "run ldconfig as root, so that programs find libchancery.so"; fi

# The checking build: clang, AddressSanitizer + UndefinedBehaviorSanitizer,
# warnings as errors, fuzz targets built and smoke-run by ctest.
check-build: setup
	@CC=clang cmake -S . -B $(CHECK_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Debug \
		-DCHANCERY_CHECK=ON -DCHANCERY_FUZZ=ON >/dev/null
	@cmake --build $(CHECK_BUILD)

test check: check-build
	@cd $(CHECK_BUILD) && LC_ALL=C TZ=UTC ctest --output-on-failure -j $(CTEST_JOBS)

fuzz: check-build
	@for f in fuzz/fuzz_*.c; do t=$$(basename $$f .c); t=$${t#fuzz_}; \
		mkdir -p $(CHECK_BUILD)/fuzz-corpus/$$t; \
		$(CHECK_BUILD)/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) \
			$(CHECK_BUILD)/fuzz-corpus/$$t fuzz/corpus/$$t || exit 1; \
	done

bench: build
	@sh bench/run.sh $(BUILD)

format:
	@clang-format -i include/*.h src/*/*.[ch] cli/*.[ch] tests/unit/*.c fuzz/*.c bench/*.c

lint:
	@cppcheck --quiet --enable=warning,performance,portability --error-exitcode=1 \
		--suppress=missingIncludeSystem --inline-suppr -I include -I src \
		src cli $$(ls -d server tools 2>/dev/null)

clean:
	rm -rf $(BUILD) $(CHECK_BUILD)

# The world (issues 12 and 17): regenerate data/world/states.ledger from
# the state lists in ../shared/data, with the states' Wikidata ids from the
# database of embassies, and data/world/imported/*.ledger from the other
# public data sets, each matched against data/all.ledger (docs/import.md);
# tests/cli/world.sh checks that this gives the committed files byte for
# byte.
SHARED_DATA ?= ../shared/data
IMPORTED = data/world/imported
world: build
	@$(CHANCERY) import-states -f data/dyads.ledger -f data/recognitions.ledger \
		-o data/world/states.ledger $(SHARED_DATA)/states/cow_statelist2024.csv \
		$(SHARED_DATA)/states/ksgmdw.txt $(SHARED_DATA)/states/microstates.txt \
		$(SHARED_DATA)/missions/database_of_embassies_2022-11-16.csv
	@mkdir -p $(IMPORTED)
	@$(CHANCERY) import-rdcr -f data/all.ledger -o $(IMPORTED)/us-rdcr.ledger \
		$(SHARED_DATA)/relations/us-rdcr/articles
	@$(CHANCERY) import-dipcon -f data/all.ledger -o $(IMPORTED)/dipcon.ledger \
		$(SHARED_DATA)/relations/dipcon/DIPCON/DIPCON23.dta
	@$(CHANCERY) import-korea-ties -f data/all.ledger -o $(IMPORTED)/korea-ties.ledger \
		$(SHARED_DATA)/relations/korea-ties/diplo_ties_data.csv
	@$(CHANCERY) import-envoys -f data/all.ledger -o $(IMPORTED)/pocom.ledger \
		$(SHARED_DATA)/envoys/pocom_chiefs_of_mission.csv
	@$(CHANCERY) import-missions -f data/all.ledger -o $(IMPORTED)/embassies.ledger \
		$(SHARED_DATA)/missions/database_of_embassies_2022-11-16.csv
	@$(CHANCERY) import-treaties -f data/all.ledger -o $(IMPORTED)/manytreaties.tmp \
		$(SHARED_DATA)/treaties/manytreaties_parties_GGO.csv \
		$(SHARED_DATA)/treaties/manytreaties_agreements_GGO.csv
	@# 13.7 MB: kept in four parts, no committed file over 5 MB
	@python3 scripts/split_ledger.py $(IMPORTED)/manytreaties.tmp $(IMPORTED)/manytreaties 4
	@rm -f $(IMPORTED)/manytreaties.tmp
