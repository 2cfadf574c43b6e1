#!/usr/bin/env python3
"""Check that chancery's code keeps its layers (src/LAYERS).

    check_layers.py includes [--root DIR]
        Every #include "..." of every file in a room names the public
        header, a header of its own room, or one of a room it may use;
        every #include <lib.h> listed in LAYERS is in a room allowed it.

    check_layers.py calls [--root DIR] OBJECT...
        Every symbol an object uses that another object defines is defined
        in its own room or a room it may use (nm). This catches calls made
        through include/chancery.h, which every room may include.

Each problem is printed as FILE:LINE: message (or FILE: message for
calls) and the exit code is 1; 0 when the tree keeps its layers, 2 on a
usage error or a malformed LAYERS.
"""
import os
import re
import subprocess
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')


def fail_usage(msg):
    print("check_layers: " + msg, file=sys.stderr)
    sys.exit(2)


def read_layers(root):
    """Return (order, allowed, libs): the rooms lowest first, room -> set
    of rooms it may use, header -> set of rooms that may include it."""
    path = os.path.join(root, "src", "LAYERS")
    order, allowed, libs = [], {}, {}
    try:
        lines = open(path, encoding="utf-8").read().splitlines()
    except OSError as e:
        fail_usage("cannot read %s: %s" % (path, e.strerror))
    for n, line in enumerate(lines, 1):
        words = line.split("#", 1)[0].split()
        if not words:
            continue
        head, rest = words[0], [w for w in words[1:] if w != "-"]
        if head.startswith("<"):
            libs[head[1:-1]] = set(rest)
            continue
        for r in rest:
            if r not in allowed:
                fail_usage("%s:%d: room '%s' may only use rooms listed above it, "
                           "and '%s' is not" % (path, n, head, r))
        order.append(head)
        allowed[head] = set(rest)
    return order, allowed, libs


def room_of(relpath, order):
    """The room of a path relative to the root, or None."""
    best = None
    for room in order:
        if relpath == room or relpath.startswith(room + "/"):
            if best is None or len(room) > len(best):
                best = room
    return best


def may_use(allowed, room):
    return ", ".join(sorted(r.split("/")[-1] for r in allowed[room])) or "nothing"


def check_includes(root):
    order, allowed, libs = read_layers(root)
    problems = 0
    for room in order:
        top = os.path.join(root, room)
        for dirpath, _, files in sorted(os.walk(top)):
            for name in sorted(files):
                if not name.endswith((".c", ".h")):
                    continue
                full = os.path.join(dirpath, name)
                rel = os.path.relpath(full, root)
                for n, line in enumerate(open(full, encoding="utf-8", errors="replace"), 1):
                    m = INCLUDE.match(line)
                    if not m:
                        continue
                    problems += check_one_include(root, room, allowed, libs, rel, n,
                                                  m.group(1), m.group(2), dirpath)
    return problems


def check_one_include(root, room, allowed, libs, rel, n, quote, target, dirpath):
    if quote == "<":
        # "<libxml/*>" in LAYERS stands for every header under libxml/
        key = target if target in libs else next(
            (k for k in libs if k.endswith("/*") and target.startswith(k[:-1])), None)
        if key is not None and room not in libs[key]:
            print("%s:%d: %s may not include <%s> (only %s may)" %
                  (rel, n, room, target, ", ".join(sorted(libs[key]))))
            return 1
        return 0
    if target == "chancery.h":
        return 0  # the public header: the contract every room may see
    if "/" not in target:
        if os.path.exists(os.path.join(dirpath, target)):
            return 0
        print('%s:%d: "%s" is not in %s; name a header as "room/file.h"' % (rel, n, target, room))
        return 1
    other = room_of(os.path.join("src", target), list(allowed))
    path = os.path.join(root, "src", target)
    if other is None:
        # a room beside src/ (server/): "server/server.h"
        other = room_of(target, list(allowed))
        path = os.path.join(root, target)
    if other is None or not os.path.exists(path):
        print('%s:%d: "%s" is not a header of any room' % (rel, n, target))
        return 1
    if other != room and other not in allowed[room]:
        print('%s:%d: %s may not include "%s": it is in %s, a room %s may not use '
              '(%s may use: %s)' % (rel, n, room, target, other, room, room, may_use(allowed, room)))
        return 1
    return 0


def object_source(path):
    """'.../CMakeFiles/x.dir/src/query/asof.c.o' -> 'src/query/asof.c'."""
    p = path.replace(os.sep, "/")
    m = re.search(r"(?:^|/)((?:src|cli|server)/.*)\.o$", p)
    return m.group(1) if m else None


def nm_all(objects, *flags):
    """{object: [fields]} from one nm run over every object (-A names the
    object on each line; a run per object costs a process each)."""
    out = subprocess.run(["nm", "-A", *flags, *objects], check=True, capture_output=True,
                         text=True).stdout
    lines = {obj: [] for obj in objects}
    for line in out.splitlines():
        obj, sep, rest = line.partition(".o:")
        if sep and rest.strip():
            lines.setdefault(obj + ".o", []).append(rest.split())
    return lines


def check_calls(root, objects):
    order, allowed, _ = read_layers(root)
    defined = {}  # symbol -> source file
    rooms = {}
    for obj in objects:
        src = object_source(obj)
        if src is None or room_of(src, order) is None:
            fail_usage("cannot tell the room of object '%s'" % obj)
        rooms[obj] = room_of(src, order)
    for obj, rows in nm_all(objects, "--defined-only", "-g").items():
        for fields in rows:
            if len(fields) == 3 and fields[1] in "TDBRCVWGS":
                defined[fields[2]] = object_source(obj)
    problems = 0
    for obj, rows in nm_all(objects, "-u").items():
        src, room = object_source(obj), rooms[obj]
        seen = set()
        for fields in rows:
            sym = fields[-1]
            if sym not in defined or sym in seen:
                continue
            seen.add(sym)
            other = room_of(defined[sym], order)
            if other != room and other not in allowed[room]:
                print("%s: calls '%s', defined in %s (%s); %s may use: %s" %
                      (src, sym, defined[sym], other, room, may_use(allowed, room)))
                problems += 1
    return problems


def main(argv):
    if len(argv) < 2 or argv[1] not in ("includes", "calls"):
        fail_usage("usage: check_layers.py includes|calls [--root DIR] [OBJECT...]")
    args = argv[2:]
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    if len(args) >= 2 and args[0] == "--root":
        root, args = args[1], args[2:]
    if argv[1] == "includes":
        problems = check_includes(root)
        what = "#include lines"
    else:
        if not args:
            fail_usage("calls: no object files given")
        problems = check_calls(root, args)
        what = "calls between %d objects" % len(args)
    if problems:
        print("check_layers: %d problem%s in the %s (src/LAYERS says what may use what)" %
              (problems, "" if problems == 1 else "s", what))
        return 1
    print("check_layers: the %s keep the layers of src/LAYERS" % what)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
