#!/bin/sh
# usage: input_limits.sh DXCHECK WORKDIR NCHW_VECTOR
# Hostile inputs to conv-info and vectors: each must be exit 2 with a message that
# names the problem, quickly, with a short message (never the input echoed back).
dxcheck="$1"; work="$2/input_limits"; vector="$3"
mkdir -p "$work"
failures=0
check() {  # check NAME PATTERN COMMAND...  (stdin from $input when set)
  name="$1"; pattern="$2"; shift 2
  if [ -n "$input" ]; then output=$(timeout 30 "$@" < "$input" 2>&1); else output=$(timeout 30 "$@" 2>&1); fi
  code=$?
  length=$(printf '%s' "$output" | wc -c)
  if [ "$code" -ne 2 ] || ! printf '%s' "$output" | grep -Eq -- "$pattern" || [ "$length" -gt 2000 ]; then
    echo "FAILED $name: exit $code, $length bytes: $(printf '%s' "$output" | head -c 600)"
    failures=$((failures + 1))
  else
    echo "ok     $name: $(printf '%s' "$output" | head -c 300)"
  fi
  input=""
}
base='"inputShape": [1, 4, 6, 1], "filterShape": [1, 3, 1, 1], "strides": [1, 2], "dataFormat": "NHWC"'

python3 -c 'import sys; print("{" + sys.argv[1] + ", \"pad\": " + "[" * 100000 + "]" * 100000 + "}")' "$base" > "$work/deep.json"
check deep_nesting "nested deeper than 64 levels" "$dxcheck" conv-info "$work/deep.json"
python3 -c "print('{\"pad\": [' + ','.join(['1'] * 25000000) + ']}')" > "$work/huge.json"
input="$work/huge.json"; check huge_stdin_is_bounded "larger than 1 MiB" "$dxcheck" conv-info
echo "{$base, \"pad\": 1, \"dataformat\": \"NCHW\"}" > "$work/unknown_key.json"
check unknown_key "unknown attribute \"dataformat\"" "$dxcheck" conv-info "$work/unknown_key.json"
echo "{$base, \"pad\": 1, \"pad\": 2}" > "$work/duplicate_key.json"
check duplicate_key "the key \"pad\" appears twice" "$dxcheck" conv-info "$work/duplicate_key.json"
echo "{$base, \"pad\": 18446744073709551615}" > "$work/pad_range.json"
check pad_out_of_range "pad 18446744073709551615 is out of range" "$dxcheck" conv-info "$work/pad_range.json"
printf '{"inputShape": [1, 4, 6, 1], "filterShape": [1, 3, 1, 1], "strides": [1, 2], "pad": 1, "dataFormat": "NHWC\\u0000x"}\n' > "$work/nul.json"
check embedded_nul 'Unknown dataFormat NHWC\\u0000x' "$dxcheck" conv-info "$work/nul.json"
check folder "it is a folder" "$dxcheck" conv-info "$work"
ln -sf "$work/loop_b" "$work/loop_a"; ln -sf "$work/loop_a" "$work/loop_b"
check symlink_loop "Too many levels of symbolic links" "$dxcheck" conv-info "$work/loop_a"

# Vector files: a misspelled attribute or a duplicated key must not replay as the default.
sed 's/"dataFormat"/"dataformat"/' "$vector" > "$work/vector_typo.json"
check vector_unknown_attribute 'attrs: unknown key "dataformat"' "$dxcheck" vectors "$work/vector_typo.json"
sed 's/"dataFormat": *"NCHW"/"dataFormat":"NCHW","dataFormat":"NHWC"/' "$vector" > "$work/vector_duplicate.json"
check vector_duplicate_key 'the key "dataFormat" appears twice' "$dxcheck" vectors "$work/vector_duplicate.json"

rm -rf "$work"
[ "$failures" -eq 0 ] || { echo "input_limits: $failures failed"; exit 1; }
echo "input_limits: all passed"
