#!/bin/sh
# usage: report_junit.sh DXCHECK WORKDIR PLUGIN
# The JUnit XML of a run with a failing plugin beside the faithful kernel, as a CI system
# reads it: well-formed, one testsuite per kernel, one testcase per (kernel, property)
# row of the JSON report with the same outcome, counts that add up, and the failing
# case's string and repro line in the failure.
dxcheck="$1"; workdir="$2"; plugin="$3"
json="$workdir/junit_run.json"; xml="$workdir/junit_run.xml"
rm -f "$json" "$xml"
"$dxcheck" run --kernel "lib:$plugin" --kernel faithful --suite tiny --cases 20 --call-timeout 10 --no-vectors \
  --report "$json" --junit "$xml" >/dev/null 2>&1
code=$?
[ "$code" -eq 1 ] || { echo "report_junit: dxcheck exited $code, expected 1 (a failing plugin)"; exit 1; }
exec python3 - "$json" "$xml" <<'PY'
import json, sys, xml.etree.ElementTree as ET
report = json.load(open(sys.argv[1]))
root = ET.parse(sys.argv[2]).getroot()  # raises on malformed XML
problems = []
def expect(condition, what):
    if not condition: problems.append(what)
expect(root.tag == "testsuites", "root element is %s" % root.tag)
suites = root.findall("testsuite")
names = [s.get("name") for s in suites]
expect(len(names) == len(set(names)), "a kernel has more than one testsuite: %s" % names)
cases = {(c.get("classname"), c.get("name")): c for s in suites for c in s.findall("testcase")}
rows = report["results"]
expect(int(root.get("tests")) == len(rows) == len(cases),
       "tests=%s, %d JSON rows, %d testcases" % (root.get("tests"), len(rows), len(cases)))
failures = sum(1 for c in cases.values() if c.find("failure") is not None)
expect(int(root.get("failures")) == failures and failures > 0, "failures=%s, %d failure elements" % (root.get("failures"), failures))
for row in rows:
    case = cases.get((row["kernel"], row["property"]))
    if case is None:
        problems.append("no testcase for %s / %s" % (row["kernel"], row["property"])); continue
    failure = case.find("failure")
    expect((failure is not None) == (row["status"] == "FAILED"),
           "%s / %s: JSON says %s, JUnit %s" % (row["kernel"], row["property"], row["status"],
                                                "failure" if failure is not None else "no failure"))
    if failure is not None:
        expect("dx1_" in (failure.text or "") and "dxcheck repro" in (failure.text or ""),
               "%s / %s: the failure lacks the case string or repro line" % (row["kernel"], row["property"]))
    if row["status"] == "PASSED":
        expect(case.find("skipped") is None, "%s / %s passed but is marked skipped" % (row["kernel"], row["property"]))
if problems:
    print("report_junit:\n  " + "\n  ".join(problems)); sys.exit(1)
print("report_junit: %d testcases, %d failures, consistent with the JSON report" % (len(cases), failures))
PY
