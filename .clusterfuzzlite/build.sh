#!/bin/bash -eu
# ClusterFuzzLite / OSS-Fuzz build of dxcheck's fuzz targets. $CC, $CXX, $CFLAGS and
# $CXXFLAGS carry the sanitizer and coverage flags of the run ($SANITIZER), and
# $LIB_FUZZING_ENGINE the engine, so the project adds none of its own
# (DXCHECK_FUZZ_OWN_SANITIZERS=OFF). Only the fuzz targets are built: they use
# header-only libraries, so the image's libc++ never meets a libstdc++-built library.
# The reference is built for the baseline instruction set: the fuzzers run on other
# machines than the one that builds them.
cmake -S "$SRC/dxcheck" -B "$WORK/build" -G Ninja \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DDXCHECK_FUZZ=ON \
  -DDXCHECK_FUZZ_OWN_SANITIZERS=OFF \
  -DDXCHECK_REFERENCE_NATIVE=OFF \
  -DDXCHECK_FUZZ_ENGINE="$LIB_FUZZING_ENGINE"
cmake --build "$WORK/build" --target dxcheck_fuzzers -j"$(nproc)"

for name in conv_info differential vector_json case_string; do
  cp "$WORK/build/fuzz/fuzz_$name" "$OUT/"
  # <target>_seed_corpus.zip, <target>.dict, <target>.options: the OSS-Fuzz conventions.
  (cd "$SRC/dxcheck/corpus/fuzz_$name" && zip -q -r "$OUT/fuzz_${name}_seed_corpus.zip" .)
  if [ -f "$SRC/dxcheck/fuzz/$name.dict" ]; then cp "$SRC/dxcheck/fuzz/$name.dict" "$OUT/fuzz_$name.dict"; fi
  if [ -f "$SRC/dxcheck/fuzz/$name.options" ]; then cp "$SRC/dxcheck/fuzz/$name.options" "$OUT/fuzz_$name.options"; fi
done
