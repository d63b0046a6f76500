#!/bin/sh
# usage: doc_references.sh SOURCE_DIR
# The code cites the design by section: docs/design.md "The error bound",
# docs/tfjs-semantics.md "1.3 Numerics" (or, inside docs/, design.md "..."). Every such
# title must be a heading of that document, so a renamed section cannot leave a dangling
# reference; and nothing may cite DESIGN.md, the out-of-tree draft the documents replace.
root="$1"
cd "$root" || exit 2

# The source files that can cite the documents (build trees, node_modules and the
# recorded vectors are skipped).
files=$(find . \( -name 'build' -o -name 'build-*' -o -name node_modules -o -name .git -o -path ./corpus/tfjs/vectors \) -prune \
  -o -type f \( -name '*.cpp' -o -name '*.h' -o -name '*.c' -o -name '*.js' -o -name '*.md' -o -name '*.txt' \
  -o -name '*.sh' -o -name '*.json' -o -name '*.dict' -o -name '*.cmake' \) ! -path ./tests/doc_references.sh -print)

# The headings of each document, without their '#'s, read once.
design_headings=$(sed -n 's/^#\{1,6\} //p' docs/design.md)
semantics_headings=$(sed -n 's/^#\{1,6\} //p' docs/tfjs-semantics.md)
has_heading() {
  case "$1" in
    docs/tfjs-semantics.md) printf '%s\n' "$semantics_headings" | grep -qxF -- "$2" ;;
    *) printf '%s\n' "$design_headings" | grep -qxF -- "$2" ;;
  esac
}

# The check must be able to fail.
if has_heading docs/design.md "No such section"; then echo "doc_references: self-check failed"; exit 1; fi

status=0
count=0
# "design.md" or "tfjs-semantics.md", an optional ')' (a markdown link), a space, then the title
# in double quotes (or &quot; in HTML text).
citations=$(grep -EoH '(design|tfjs-semantics)\.md\)? (&quot;|")[^"&]+' $files) || true
old_ifs=$IFS
IFS='
'
for line in $citations; do
  file=${line%%:*}
  rest=${line#*:}
  case "$rest" in
    tfjs-semantics.md*) doc=docs/tfjs-semantics.md ;;
    *) doc=docs/design.md ;;
  esac
  title=${rest#*\"}
  case "$rest" in *'&quot;'*) title=${rest#*&quot;} ;; esac
  count=$((count + 1))
  if ! has_heading "$doc" "$title"; then
    echo "$file cites $doc \"$title\", which is not a heading of $doc"
    status=1
  fi
done
IFS=$old_ifs

# A pattern that stopped matching would pass vacuously.
if [ "$count" -lt 30 ]; then
  echo "doc_references: only $count section citations found; has the citation form changed?"
  status=1
fi

stale=$(grep -l 'DESIGN\.md' $files) || true
if [ -n "$stale" ]; then
  echo "these files cite DESIGN.md, which is not in the repository; cite docs/design.md \"<section>\" instead:"
  echo "$stale"
  status=1
fi
# The old way of citing the semantics, by bare section number.
numbered=$(grep -nE 'tfjs-semantics\.md(,? [0-9]|,? section)' $files) || true
if [ -n "$numbered" ]; then
  echo "cite docs/tfjs-semantics.md \"<section title>\", not a bare number:"
  echo "$numbered"
  status=1
fi

[ "$status" -eq 0 ] && echo "doc_references: $count section citations, all naming existing headings"
exit $status
