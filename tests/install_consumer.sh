#!/bin/sh
# usage: install_consumer.sh BUILD_DIR SOURCE_DIR WORK_DIR
# Installs dxcheck from BUILD_DIR into WORK_DIR/prefix, then builds the example plugin
# and a consumer project (tests/consumer) against the install tree only, runs the
# consumer's checks (its own kernel, and the plugin through the installed dxcheck-worker)
# and the installed dxcheck on the plugin.
set -eu
build="$1"; source="$2"; work="$3"
rm -rf "$work"
cmake --install "$build" --prefix "$work/prefix" >/dev/null
cmake -S "$source/examples/plugin" -B "$work/plugin" -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/plugin" >/dev/null
cmake -S "$source/tests/consumer" -B "$work/consumer" -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/consumer" -j2 >/dev/null
DXCHECK_CONSUMER_PLUGIN="$work/plugin/libnaive_plugin.so" "$work/consumer/consumer_test"
"$work/prefix/bin/dxcheck" run --kernel "lib:$work/plugin/libnaive_plugin.so" --suite tiny --cases 20 --no-vectors \
  --report "$work/plugin_report.json"
