# What dxcheck needs, and what it can do without.
#
# Foundations (Eigen, RapidCheck, ...) are required: dxcheck_require() stops the configure
# naming the Debian package that brings the missing one. Everything else is a *part*: a
# kernel under test (oneDNN, ...), the benchmarks, a test that needs a tool. A part whose
# dependency is missing or broken is switched off with a message naming the package;
# dxcheck as a whole still configures.
#
# DXCHECK_REQUIRE_PARTS lists groups of parts whose absence is an error: the README's
# commands install every package of their group first, so a part still off there means
# the install step is incomplete, and the configure says which package is missing.
#   run  - parts the main job uses (scripts/conformance.sh)
#   test - parts the test suite uses (scripts/test.sh sets "run;test")
set(DXCHECK_REQUIRE_PARTS "" CACHE STRING
    "Groups of optional parts (run, test) that must be found: a missing one fails the configure")

macro(dxcheck_require package debian_package)
  find_package(${package} ${ARGN} QUIET)
  if(NOT ${package}_FOUND)
    message(FATAL_ERROR "dxcheck needs ${package}: install the Debian package ${debian_package} "
                        "(scripts/install-deps.sh installs everything dxcheck needs)")
  endif()
endmacro()

# dxcheck_part(<name> <found> <group> <debian packages> <what it is>)
# Records a part as on or off; off prints which packages would bring it.
function(dxcheck_part name found group packages what)
  if(found)
    set_property(GLOBAL APPEND PROPERTY DXCHECK_PARTS_ON "${name}")
    return()
  endif()
  set_property(GLOBAL APPEND PROPERTY DXCHECK_PARTS_OFF "${name}")
  message(STATUS "dxcheck: ${name} (${what}) is off: install ${packages}")
  if(group IN_LIST DXCHECK_REQUIRE_PARTS)
    set_property(GLOBAL APPEND PROPERTY DXCHECK_PARTS_MISSING "${name} (Debian package ${packages})")
  endif()
endfunction()

# One line for what is built, then a failed configure if a required group is incomplete.
function(dxcheck_parts_summary)
  get_property(parts_on GLOBAL PROPERTY DXCHECK_PARTS_ON)
  get_property(parts_off GLOBAL PROPERTY DXCHECK_PARTS_OFF)
  get_property(missing GLOBAL PROPERTY DXCHECK_PARTS_MISSING)
  string(REPLACE ";" ", " parts_on "${parts_on}")
  string(REPLACE ";" ", " parts_off "${parts_off}")
  message(STATUS "dxcheck parts on: ${parts_on}")
  if(parts_off)
    message(STATUS "dxcheck parts off: ${parts_off}")
  endif()
  if(missing)
    string(REPLACE ";" "; " missing "${missing}")
    message(FATAL_ERROR "dxcheck: parts required here (DXCHECK_REQUIRE_PARTS=${DXCHECK_REQUIRE_PARTS}) "
                        "are missing: ${missing}. The install step (scripts/install-deps.sh) "
                        "should have installed them.")
  endif()
endfunction()

# oneDNN: its CMake config requires OpenCL (Debian's libdnnl-dev only recommends
# ocl-icd-opencl-dev) and stops the whole configure without it, so look for OpenCL first.
find_package(OpenCL QUIET)
if(OpenCL_FOUND)
  find_package(dnnl CONFIG QUIET)
endif()
dxcheck_part(onednn "${dnnl_FOUND}" run "libdnnl-dev ocl-icd-opencl-dev" "the oneDNN kernel under test")

find_package(benchmark QUIET)
dxcheck_part(benchmarks "${benchmark_FOUND}" test libbenchmark-dev "bench/dxcheck_bench")

# Tools the tests run; without them the tests that need them are skipped.
find_program(DXCHECK_CHROMIUM NAMES chromium chromium-browser google-chrome)
dxcheck_part(html-in-browser-test "${DXCHECK_CHROMIUM}" test chromium "the HTML report rendered by headless Chromium")
find_package(Python3 QUIET COMPONENTS Interpreter)
set(have_jsonschema FALSE)
if(Python3_Interpreter_FOUND)
  execute_process(COMMAND ${Python3_EXECUTABLE} -c "import jsonschema" RESULT_VARIABLE status OUTPUT_QUIET ERROR_QUIET)
  if(status EQUAL 0)
    set(have_jsonschema TRUE)
  endif()
endif()
dxcheck_part(report-schema-test "${have_jsonschema}" test python3-jsonschema "the JSON report validated by jsonschema")
find_program(DXCHECK_NODE NAMES node nodejs)
set(have_tfjs FALSE)
# tfjs-diff runs the tfjs-cpu worker of workers/ (tools/tfjs/ only regenerates the data).
if(DXCHECK_NODE AND EXISTS "${PROJECT_SOURCE_DIR}/workers/node_modules/@tensorflow/tfjs-backend-cpu/package.json")
  set(have_tfjs TRUE)
endif()
dxcheck_part(tfjs-live-differential "${have_tfjs}" test "nodejs npm (then npm ci in workers/)"
             "the live differential against TFJS under node")
set(have_workers FALSE)
if(DXCHECK_NODE AND EXISTS "${PROJECT_SOURCE_DIR}/workers/node_modules/@tensorflow/tfjs-backend-wasm/package.json"
   AND EXISTS "${PROJECT_SOURCE_DIR}/workers/node_modules/onnxruntime-node/package.json")
  set(have_workers TRUE)
endif()
dxcheck_part(node-worker-kernels "${have_workers}" test "nodejs npm (then npm ci in workers/)"
             "the tfjs-cpu, tfjs-wasm and onnxruntime kernels under test")
