# libFuzzer support (HALO_FUZZ=ON, clang only), used by tests/fuzz/CMakeLists.txt.
#
# halo_fuzz_entry(<name> LIBS <lib...> SEEDS <repo path...>)
#   Table entry of harness fuzz_<name>.cpp: libraries to link and seed inputs (files or
#   folders, relative to the repository root). Files over 8 KiB are cut to their first
#   8 KiB at the last line break (the shipped channel files are megabytes; the fuzzer
#   mutates small inputs faster). Inputs are at most 64 KiB (-max_len).
# halo_add_fuzzer(<name> <source>)
#   Builds fuzz_<name> and registers the ctest fuzz.<name> (label fuzz), running
#   -max_total_time=HALO_FUZZ_SECONDS over a working corpus in the build tree seeded from
#   the entry's SEEDS.
if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  message(FATAL_ERROR "HALO_FUZZ=ON needs clang (libFuzzer): configure with -DCMAKE_CXX_COMPILER=clang++ "
                      "-DCMAKE_C_COMPILER=clang; found ${CMAKE_CXX_COMPILER_ID}")
endif()

function(halo_fuzz_entry name)
  cmake_parse_arguments(A "" "" "LIBS;SEEDS" ${ARGN})
  set(HALO_FUZZ_LIBS_${name} ${A_LIBS} PARENT_SCOPE)
  set(HALO_FUZZ_SEEDS_${name} ${A_SEEDS} PARENT_SCOPE)
endfunction()

function(halo_fuzz_seed_corpus name out)
  set(dir ${CMAKE_CURRENT_BINARY_DIR}/seeds/${name})
  file(REMOVE_RECURSE ${dir})
  file(MAKE_DIRECTORY ${dir})
  foreach(rel IN LISTS HALO_FUZZ_SEEDS_${name})
    set(p ${PROJECT_SOURCE_DIR}/${rel})
    if(IS_DIRECTORY ${p})
      file(GLOB files LIST_DIRECTORIES false ${p}/*)
    elseif(EXISTS ${p})
      set(files ${p})
    else()
      message(FATAL_ERROR "fuzz harness ${name}: seed path ${rel} does not exist")
    endif()
    foreach(f IN LISTS files)
      get_filename_component(base ${f} NAME)
      set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${f})
      file(SIZE ${f} sz)
      if(sz GREATER 8192)
        file(READ ${f} head LIMIT 8192)
        string(SUBSTRING "${head}" 0 8000 head)
        string(FIND "${head}" "\n" cut REVERSE)
        if(cut GREATER 0)
          string(SUBSTRING "${head}" 0 ${cut} head)
        endif()
        file(WRITE ${dir}/${base} "${head}\n")
      else()
        file(COPY ${f} DESTINATION ${dir})
      endif()
    endforeach()
  endforeach()
  set(${out} ${dir} PARENT_SCOPE)
endfunction()

function(halo_add_fuzzer name src)
  set(libs ${HALO_FUZZ_LIBS_${name}})
  if(NOT DEFINED HALO_FUZZ_LIBS_${name})
    set(libs halo::sim)
    message(STATUS "fuzz harness ${name}: no entry in the harness table, linking halo::sim")
  endif()
  add_executable(fuzz_${name} ${src})
  target_link_libraries(fuzz_${name} PRIVATE ${libs})
  target_compile_options(fuzz_${name} PRIVATE -fsanitize=fuzzer)
  target_link_options(fuzz_${name} PRIVATE -fsanitize=fuzzer)
  target_compile_definitions(fuzz_${name} PRIVATE HALO_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  halo_fuzz_seed_corpus(${name} seeds)
  set(work ${CMAKE_CURRENT_BINARY_DIR}/corpus/${name})
  set(art ${CMAKE_CURRENT_BINARY_DIR}/artifacts)
  file(MAKE_DIRECTORY ${work} ${art})
  add_test(NAME fuzz.${name}
    COMMAND fuzz_${name} -max_total_time=${HALO_FUZZ_SECONDS} -timeout=10 -rss_limit_mb=2048
      -max_len=65536 -print_final_stats=1 -artifact_prefix=${art}/${name}- ${work} ${seeds})
  math(EXPR limit "${HALO_FUZZ_SECONDS} + 120")
  set_tests_properties(fuzz.${name} PROPERTIES LABELS fuzz TIMEOUT ${limit})
endfunction()
