"""Walk the reference article (shared/seed) and check that the article
chancery regenerates from data/ carries its facts: every date, name, treaty
title and note, and the treaty table's cells row by row. The lists of dates
and names below were read off the reference by hand; the treaty rows are
parsed from it."""
import re
import subprocess
import sys

reference_path, chancery, registry = sys.argv[1], sys.argv[2], sys.argv[3]
reference = open(reference_path, encoding="utf-8").read()
generated = subprocess.run([chancery, "article", "-f", registry, "Abkhazia", "Russia"],
                           check=True, capture_output=True, text=True).stdout
failures = []

# Every date the reference writes, as it writes it ("the August 2008
# Russo-Georgian War" must appear as such, not only inside "26 August 2008").
dates = ["the August 2008 Russo-Georgian War", "25 August 2008", "26 August 2008", "29 August 2008", "9 September 2008",
         "25 September 2008", "16 December 2008", "14 November 2008", "16 January 2009",
         "in 2009", "1 May 2009", "30 April 2009", "8 May 2012", "12 August 2009",
         "15 June 2012", "17 February 2010", "6 October 2011", "26 April 2011",
         "28 May 2012", "1 January 2015"]
for d in dates:
    if d not in reference:
        failures.append("test list is wrong: %r is not in the reference" % d)
    elif d not in generated:
        failures.append("date %r is missing" % d)

# What third parties said, including the calls to rescind.
for phrase in ["rescind its recognition"]:
    if phrase not in reference:
        failures.append("test list is wrong: %r is not in the reference" % phrase)
    elif phrase not in generated:
        failures.append("phrase %r is missing" % phrase)

# Every name of a party, person or place.
names = ["Abkhazia", "Russia", "Republic of Abkhazia", "Russian Federation", "Federation Council",
         "State Duma", "Medvedev", "South Ossetia", "European Union", "United States", "NATO",
         "Parliamentary Assembly of the Council of Europe", "Georgia", "Sergey Lavrov",
         "Sergei Shamba", "Moscow", "Semyon Grigoriyev", "Sergei Bagapsh", "Igor Akhba",
         "Dmitry Medvedev", "Vladimir Putin", "Sukhumi"]
for n in names:
    if n not in reference:
        failures.append("test list is wrong: %r is not in the reference" % n)
    elif n not in generated:
        failures.append("name %r is missing" % n)

# The structure: the same headings, in the same order.
def headings(text):
    return re.findall(r"^(=+ ?[^=\n]+? ?=+)$", text, re.M)
if [h.replace(" ", "") for h in headings(reference)] != [h.replace(" ", "") for h in headings(generated)]:
    failures.append("headings differ:\n  reference %s\n  generated %s" % (headings(reference), headings(generated)))
for field in ["- Title: ", "- Party1: ", "- Party2: ", "- Filetype: ", "- Map: "]:
    ref_line = [l for l in reference.splitlines() if l.startswith(field)]
    gen_line = [l for l in generated.splitlines() if l.startswith(field)]
    if ref_line != gen_line:
        failures.append("infobox %s: reference %s, generated %s" % (field, ref_line, gen_line))

# The treaty table, row by row by treaty title, every cell.
def rows(text):
    out = {}
    for line in text.splitlines():
        if line.startswith("| ") and not line.startswith("| Signed:"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            out[cells[6]] = cells
    return out
ref_rows, gen_rows = rows(reference), rows(generated)
if len(ref_rows) != 7:
    failures.append("expected 7 treaties in the reference, parsed %d" % len(ref_rows))
for title, cells in ref_rows.items():
    if title not in gen_rows:
        failures.append("treaty %r is missing" % title)
    elif gen_rows[title] != cells:
        failures.append("treaty %r: reference %s, generated %s" % (title, cells, gen_rows[title]))
for title in gen_rows:
    if title not in ref_rows:
        failures.append("generated treaty %r is not in the reference" % title)

# Resident missions and see also, line for line.
for line in reference.splitlines():
    if line.startswith("- ") and not line.startswith(("- Title", "- Party", "- Filetype", "- Map")):
        if line not in generated.splitlines():
            failures.append("list line %r is missing" % line)

for f in failures:
    print("FAIL:", f)
print("%d checks failed" % len(failures) if failures else
      "ok: %d dates, %d names, %d treaty rows, headings, infobox, lists" % (len(dates), len(names), len(ref_rows)))
sys.exit(1 if failures else 0)
