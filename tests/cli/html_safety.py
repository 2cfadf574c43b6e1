#!/usr/bin/env python3
"""html_safety.py FILE...: fail if an HTML file could run script.

Checks what a browser would act on: no element that runs or embeds
(script, iframe, object, embed, svg, math, style, base, form, meta), no
event-handler attribute (on*), and every href/src either a fragment, a
relative path without a scheme, or an http(s) address. Prints each problem
as FILE: problem and exits 1 if there is any.

The one <svg> allowed is a drawing: the infobox's locator map (issue 10)
may hold only shapes, text and paint (SVG_DRAWING below), so nothing in it
can run, link or load (no script, foreignObject, use, image, a, animate,
set, style).
"""
import re
import sys
from html.parser import HTMLParser

DANGEROUS = {"script", "iframe", "object", "embed", "svg", "math", "style", "base", "form", "meta"}
SVG_DRAWING = {"svg", "title", "desc", "defs", "pattern", "clippath", "g", "path", "rect", "circle", "text"}
SCHEME = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.-]*):")


class Checker(HTMLParser):
    def __init__(self, name):
        super().__init__(convert_charrefs=True)
        self.name, self.problems = name, []

    def handle_starttag(self, tag, attrs):
        self.check(tag, attrs)
        if tag == "svg":
            self.svg_depth += 1

    def handle_endtag(self, tag):
        if tag == "svg" and self.svg_depth:
            self.svg_depth -= 1

    def handle_startendtag(self, tag, attrs):
        self.check(tag, attrs)

    def check(self, tag, attrs):
        if tag == "svg" or self.svg_depth:
            # a drawing of shapes and text, not nested in another
            if tag not in SVG_DRAWING or (tag == "svg" and self.svg_depth):
                self.problems.append("element <%s> in an <svg>" % tag)
        # the page's own stylesheet and charset are the only exceptions
        elif tag in DANGEROUS and not (tag in ("style", "meta") and not self.in_body):
            self.problems.append("element <%s>" % tag)
        for key, value in attrs:
            if key.startswith("on"):
                self.problems.append("attribute %s on <%s>" % (key, tag))
            if key in ("href", "src", "action", "formaction", "xlink:href") and value is not None:
                m = SCHEME.match(value)
                if m and m.group(1).lower() not in ("http", "https"):
                    self.problems.append("%s=%r on <%s>" % (key, value, tag))
        if tag == "body":
            self.in_body = True

    in_body = False
    svg_depth = 0


def main(paths):
    bad = 0
    for path in paths:
        text = open(path, encoding="utf-8").read()
        c = Checker(path)
        # a fragment of Markdown output has no <body>: all of it is body
        c.in_body = "<body" not in text
        c.feed(text)
        c.close()
        for p in c.problems:
            print("%s: %s" % (path, p))
            bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
