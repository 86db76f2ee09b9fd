#!/usr/bin/env python3
"""Counts passed and failed tests from swift test's xUnit files and prints `N passed, M failed`.

Swift Testing writes DIR/xunit-swift-testing.xml, XCTest DIR/xunit.xml; DIR/extra-results.txt
holds `PASS name` / `FAIL name` lines for checks run outside swift test (examples). A non-zero exit of the
test runner without any recorded failure (a crash, say) counts as one failure, so a broken run
never reads as green. Exits non-zero when anything failed.
"""
import glob
import os
import sys
import xml.etree.ElementTree as ET

work, status = sys.argv[1], int(sys.argv[2])
passed = failed = 0
for path in glob.glob(os.path.join(work, "xunit*.xml")):
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as error:
        print(f"unreadable test report {path}: {error}")
        failed += 1
        continue
    for case in root.iter("testcase"):
        if case.find("failure") is not None or case.find("error") is not None:
            failed += 1
        elif case.find("skipped") is None:
            passed += 1
extra = os.path.join(work, "extra-results.txt")
if os.path.exists(extra):
    for line in open(extra):
        if line.startswith("PASS "):
            passed += 1
        elif line.startswith("FAIL "):
            failed += 1
if status != 0 and failed == 0:
    print(f"swift test exited with status {status} without a recorded failure (crash?)")
    failed = 1
if passed + failed == 0:
    print("no test ran")
    failed = 1
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
