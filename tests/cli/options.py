#!/usr/bin/env python3
"""options.py CHANCERY SRCDIR: each command's options, as its getopt
accepts them (the longopts arrays of cli/*.c) and as its --help shows them
(and so the man page and the completions, written from the same text),
are the same (issue 23: "checked equal by a test, where generation does
not fit"). An option of COMMON_LONG_OPTIONS that a command does not show
must be refused by it (exit 2), never taken in silence."""
import glob
import re
import subprocess
import sys

chancery, src = sys.argv[1], sys.argv[2]
COMMON = ["db", "known-on", "file", "include-root", "json", "help"]

accepted = {}
for path in sorted(glob.glob(src + "/cli/cmd_*.c")):
    text = open(path, encoding="utf-8").read()
    # each command function: its longopts array, then find_command("name")
    for m in re.finditer(r"longopts\[\] = \{(.*?)\};(.*?)find_command\(\"([a-z-]+)\"\)", text, re.S):
        body, _, name = m.groups()
        opts = re.findall(r'\{ "([a-z-]+)",', body)
        if "COMMON_LONG_OPTIONS" in body:
            opts += COMMON
        accepted.setdefault(name, set()).update(opts)

bad = []


def shown(cmd):
    out = subprocess.run([chancery, cmd, "--help"], capture_output=True, text=True).stdout
    flags = set()
    for line in out.splitlines():
        line = line.strip()
        while line.startswith("-"):
            word = re.match(r"-[-a-z]*", line).group(0)
            if word.startswith("--"):
                flags.add(word[2:])
            line = line[len(word):].lstrip(", ")
            if line.startswith("="):
                break
    return flags


commands = re.findall(r"^  ([a-z][a-z-]*)  ", subprocess.run([chancery, "--help"], capture_output=True,
                                                            text=True).stdout, re.M)
for cmd in commands:
    if cmd not in accepted:
        if cmd != "help":
            bad.append("%s: no longopts array found in cli/*.c" % cmd)
        continue
    help_flags = shown(cmd)
    for f in sorted(help_flags - accepted[cmd]):
        bad.append("%s: --help shows --%s, which its getopt does not take" % (cmd, f))
    for f in sorted(accepted[cmd] - help_flags):
        if f not in COMMON:
            bad.append("%s: takes --%s, which --help does not show" % (cmd, f))
            continue
        arg = [] if f in ("json", "help") else ["x"]
        try:
            p = subprocess.run([chancery, "--db", "options-test.db", cmd, "--" + f] + arg,
                               capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=20)
            code = p.returncode
        except subprocess.TimeoutExpired:  # e.g. a server that started
            code = "none: still running after 20 s"
        if code != 2:
            bad.append("%s: --%s is neither shown by --help nor refused (exit %s)"
                       % (cmd, f, code))
for b in bad:
    print("FAIL:", b)
print("%d commands: %s" % (len(commands), "options, help and refusals agree" if not bad else
                           "%d disagreements" % len(bad)))
sys.exit(1 if bad else 0)
