#!/bin/sh
# make install (issue 23): the build installed into a temporary DESTDIR
# with PREFIX /usr/local holds the programs, the man page, the bash and zsh
# completions, libchancery shared and static with chancery.h, chancery.pc
# and the CMake package. The installed programs run, the man page renders
# without warnings, bash completes commands and options, the libraries
# export the chancery_ names alone, and the example of docs/library.md
# builds with pkg-config (shared and static) and with CMake and answers.
. "$SRCDIR/tests/cli/lib.sh.inc"
cd "$T" || exit 1
BUILD=$(dirname "$CHANCERY")
for tool in pkg-config cc nm man bash; do
	command -v $tool >/dev/null 2>&1 || { echo "SKIP: no $tool (scripts/setup.sh installs it)"; exit 77; }
done
DEST=$T/dest
P=$DEST/usr/local
expect_exit 0 env DESTDIR="$DEST" cmake --install "$BUILD" --prefix /usr/local
for f in bin/chancery bin/chancery-full share/man/man1/chancery.1 \
	share/bash-completion/completions/chancery share/zsh/vendor-completions/_chancery \
	include/chancery.h lib/libchancery.a lib/pkgconfig/chancery.pc \
	lib/cmake/chancery/chanceryConfig.cmake lib/cmake/chancery/chanceryTargets.cmake; do
	[ -e "$P/$f" ] || fail "make install did not install $f"
done
ls "$P"/lib/libchancery.so.* >/dev/null 2>&1 || fail "no libchancery.so.VERSION"

# the programs, from where they were put
expect_exit 0 "$P/bin/chancery" -V
expect_grep "$T/out" "chancery 0."
expect_exit 0 "$P/bin/chancery" --db s.db init
expect_exit 0 "$P/bin/chancery" --db s.db token list # handed to chancery-full beside it

# the man page: every command, no roff warnings
MANWIDTH=80 man --warnings -l "$P/share/man/man1/chancery.1" >man.txt 2>man.err || fail "man -l"
[ -s man.err ] && fail "man warns: $(head -3 man.err)"
tr -s ' \n' '  ' <man.txt >man.flat # a heading may wrap
for c in $("$CHANCERY" --help | sed -n 's/^  \([a-z][a-z-]*\)  .*/\1/p'); do
	grep -q "chancery $c" man.flat || fail "the man page lacks 'chancery $c'"
done
grep -q -- "--recorded-at" man.txt || fail "the man page lacks import's --recorded-at"

# bash completion: commands, then a command's options
got=$(bash -c '. "$1"; COMP_WORDS=(chancery sta); COMP_CWORD=1; _chancery; echo "${COMPREPLY[*]}"' \
	sh "$P/share/bash-completion/completions/chancery")
[ "$got" = "status" ] || fail "bash completes 'chancery sta' as '$got'"
got=$(bash -c '. "$1"; COMP_WORDS=(chancery --db x.db import --rec); COMP_CWORD=4; _chancery; echo "${COMPREPLY[*]}"' \
	sh "$P/share/bash-completion/completions/chancery")
[ "$got" = "--recorded-at" ] || fail "bash completes 'import --rec' as '$got'"

# the chancery_ names alone: shared and static
nm -D --defined-only "$P"/lib/libchancery.so | awk '{ print $3 }' | grep -v '^chancery_' >other.txt
[ -s other.txt ] && fail "libchancery.so exports names without chancery_: $(head -5 other.txt | tr '\n' ' ')"
nm -g --defined-only "$P/lib/libchancery.a" | awk 'NF == 3 { print $3 }' | grep -v '^chancery_' >other.txt
[ -s other.txt ] && fail "libchancery.a has global names without chancery_: $(head -5 other.txt | tr '\n' ' ')"

# the example of docs/library.md, through pkg-config
awk '/^```c$/ { on = 1; next } /^```$/ { on = 0 } on' "$SRCDIR/docs/library.md" >relations.c
export PKG_CONFIG_PATH="$P/lib/pkgconfig"
# shellcheck disable=SC2046
cc -o relations relations.c $(pkg-config --cflags --libs chancery) 2>cc.err ||
	fail "cc with pkg-config: $(head -5 cc.err)"
expect_exit 0 env LD_LIBRARY_PATH="$P/lib" ./relations "$SRCDIR/data/registry.ledger" RU AB 2010-01-01
expect_grep "$T/out" "libchancery 0.1.0: RU and AB on 2010-01-01: relations established"
ldd ./relations | grep -q "$P/lib/libchancery.so" ||
	env LD_LIBRARY_PATH="$P/lib" ldd ./relations | grep -q "$P/lib/libchancery.so" ||
	fail "the example does not use the installed libchancery.so"
# static libchancery, the libraries it uses shared (Debian ships no static
# libpgcommon for libpq's own --static list): docs/library.md
# shellcheck disable=SC2046
cc -o relations-static relations.c $(pkg-config --cflags chancery) "$P/lib/libchancery.a" \
	$(pkg-config --libs $(pkg-config --print-requires-private chancery)) \
	$(pkg-config --variable=libs_private chancery) 2>cc.err ||
	fail "cc static: $(head -5 cc.err)"
ldd ./relations-static | grep -q libchancery && fail "relations-static loads libchancery.so"
expect_exit 0 ./relations-static "$SRCDIR/data/registry.ledger" RU AB 2010-01-01
expect_grep "$T/out" "relations established"
# CMake
if command -v cmake >/dev/null 2>&1; then
	mkdir -p cm && cp relations.c cm/ && cat >cm/CMakeLists.txt <<'CM'
cmake_minimum_required(VERSION 3.18)
project(relations C)
find_package(chancery 0.1 REQUIRED)
add_executable(relations relations.c)
target_link_libraries(relations PRIVATE chancery::chancery)
CM
	cmake -S cm -B cm/build -DCMAKE_PREFIX_PATH="$P" >cm.log 2>&1 && cmake --build cm/build >>cm.log 2>&1 ||
		fail "the CMake package: $(tail -5 cm.log)"
	expect_exit 0 env LD_LIBRARY_PATH="$P/lib" cm/build/relations "$SRCDIR/data/registry.ledger" RU AB 2010-01-01
	expect_grep "$T/out" "relations established"
fi
finish
