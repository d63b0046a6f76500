#!/bin/sh
# usage: report_schema.sh DXCHECK WORKDIR SCHEMA PLUGIN
# Validates reports that `dxcheck run` writes against reports/dxcheck-report-1.schema.json:
# one passing run of the built-in kernels, one run with a failing plugin (counterexamples,
# worst elements, non-finite numbers as strings). A report with a status word outside
# docs/design.md "Statuses" must be rejected, so the check is known to bite.
# Needs python3 with jsonschema (Debian: python3-jsonschema); exits 77 (skipped) without.
dxcheck="$1"; workdir="$2"; schema="$3"; plugin="$4"
if ! command -v python3 >/dev/null 2>&1; then echo "SKIP: python3 is not installed"; exit 77; fi
if ! python3 -c "import jsonschema" 2>/dev/null; then
  echo "SKIP: the python3 jsonschema module is not installed (Debian package python3-jsonschema)"; exit 77
fi
dir="$workdir/report_schema"
rm -rf "$dir"; mkdir -p "$dir"
"$dxcheck" run --cases 40 --suite tiny,ladder --time-budget 0 --max-elements 100000 --report "$dir/passing.json" --html "" >"$dir/passing.log" 2>&1
code=$?
[ "$code" -eq 0 ] || { cat "$dir/passing.log"; echo "report_schema: passing run exited $code"; exit 1; }
"$dxcheck" run --cases 40 --suite tiny,ladder --time-budget 0 --max-elements 100000 --call-timeout 2 --kernel "lib:$plugin" --kernel faithful --report "$dir/failing.json" \
  --html "" >"$dir/failing.log" 2>&1
code=$?
[ "$code" -eq 1 ] || { cat "$dir/failing.log"; echo "report_schema: failing run exited $code, expected 1"; exit 1; }

python3 - "$schema" "$dir/passing.json" "$dir/failing.json" <<'PY'
import copy, json, sys
import jsonschema

schema = json.load(open(sys.argv[1]))
jsonschema.Draft7Validator.check_schema(schema)
validator = jsonschema.Draft7Validator(schema)
ok = True
reports = {}
for path in sys.argv[2:]:
    report = json.load(open(path))
    reports[path] = report
    errors = sorted(validator.iter_errors(report), key=lambda e: list(e.absolute_path))
    for e in errors[:20]:
        print("%s: at %s: %s" % (path, "/".join(map(str, e.absolute_path)), e.message[:300]))
    print("%s: %s" % (path, "valid" if not errors else "%d schema errors" % len(errors)))
    ok = ok and not errors

failing = reports[sys.argv[3]]
if not any(r["counterexample"] and r["counterexample"]["worst"] for r in failing["results"]):
    print("the failing run has no counterexample with worst elements: the schema was not exercised")
    ok = False

# The schema must reject what it is there to reject.
for name, mutate in [
        ("status outside the vocabulary", lambda r: r["results"][0].__setitem__("status", "OK")),
        ("missing verdict", lambda r: r.pop("verdict")),
        ("count as a string", lambda r: r["results"][0]["counts"].__setitem__("FAILED", "1")),
        ("unknown field", lambda r: r.__setitem__("extra", 1))]:
    bad = copy.deepcopy(failing)
    mutate(bad)
    if validator.is_valid(bad):
        print("the schema accepts a report with a %s" % name)
        ok = False
sys.exit(0 if ok else 1)
PY
