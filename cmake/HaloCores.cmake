# RTL file lists from the FuseSoC cores (*.core under rtl/ and fpga/; docs/rtl_cores.md),
# resolved at configure time by scripts/core_files.py (PyYAML only). The cores are the one
# source of every RTL file list: co-simulation models, lint tests, the fpga Makefile and the
# synthesis scripts all read them.
include_guard(GLOBAL)
find_package(Python3 REQUIRED COMPONENTS Interpreter)
file(GLOB_RECURSE HALO_CORE_FILES CONFIGURE_DEPENDS
  ${PROJECT_SOURCE_DIR}/rtl/*.core ${PROJECT_SOURCE_DIR}/fpga/*.core)
set_property(DIRECTORY ${PROJECT_SOURCE_DIR} APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${HALO_CORE_FILES})

# halo_core_files(<var> <core>... [TYPES <file_type>...] [INCDIRS])
# Sets <var> to the absolute paths of the files of the cores and their dependencies
# (dependencies first; Verilator .vlt files first). TYPES keeps only those file types
# (e.g. systemVerilogSource: without the lint waivers); INCDIRS gives the include folders.
function(halo_core_files var)
  cmake_parse_arguments(PARSE_ARGV 1 A "INCDIRS" "" "TYPES")
  set(args)
  foreach(t IN LISTS A_TYPES)
    list(APPEND args --type ${t})
  endforeach()
  if(A_INCDIRS)
    list(APPEND args --incdirs)
  endif()
  execute_process(
    COMMAND ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/scripts/core_files.py ${args} ${A_UNPARSED_ARGUMENTS}
    OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "scripts/core_files.py ${A_UNPARSED_ARGUMENTS}: ${err}")
  endif()
  string(STRIP "${out}" out)
  string(REPLACE "\n" ";" out "${out}")
  set(${var} ${out} PARENT_SCOPE)
endfunction()

# halo_lint_test(<name> CORES <core>... TOP <module> [STRICT] [EXTRA <file>...] [ARGS <arg>...])
# ctest lint_<name> (label lint): verilator --lint-only -Wall on the cores' files (+ EXTRA,
# e.g. a test-bench wrapper) with <module> as top; any warning fails. STRICT drops the
# waiver files (.vlt) the cores carry.
function(halo_lint_test name)
  cmake_parse_arguments(PARSE_ARGV 1 A "STRICT" "TOP" "CORES;EXTRA;ARGS")
  if(A_STRICT)
    halo_core_files(files ${A_CORES} TYPES systemVerilogSource)
  else()
    halo_core_files(files ${A_CORES})
  endif()
  halo_core_files(incs ${A_CORES} INCDIRS)
  list(TRANSFORM incs PREPEND -I)
  add_test(NAME lint_${name}
    COMMAND ${HALO_VERILATOR} --lint-only -Wall ${incs} --top-module ${A_TOP} ${A_ARGS}
            ${files} ${A_EXTRA})
  set_tests_properties(lint_${name} PROPERTIES LABELS lint TIMEOUT 300)
endfunction()
