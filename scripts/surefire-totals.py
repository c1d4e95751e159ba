#!/usr/bin/env python3
"""Adds up JUnit XML reports. `surefire-totals.py ROOT` prints "tests failures errors skipped"
for Maven's surefire reports; with `--all OUT` it also adds OUT/*.xml (pytest) and prints
"passed failed skipped"."""
import glob
import sys
import xml.etree.ElementTree as ET


def totals(paths):
    t = f = e = s = 0
    for path in paths:
        try:
            root = ET.parse(path).getroot()
        except ET.ParseError:
            continue
        suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
        for suite in suites:
            t += int(suite.get("tests", 0))
            f += int(suite.get("failures", 0))
            e += int(suite.get("errors", 0))
            s += int(suite.get("skipped", 0))
    return t, f, e, s


root = sys.argv[1]
reports = glob.glob(f"{root}/**/target/surefire-reports/TEST-*.xml", recursive=True)
if len(sys.argv) > 3 and sys.argv[2] == "--all":
    reports += glob.glob(f"{sys.argv[3]}/*.xml")
    t, f, e, s = totals(reports)
    print(t - f - e - s, f + e, s)
else:
    print(*totals(reports))
