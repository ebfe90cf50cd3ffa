# ctest fixture of the top co-simulation on physical channels (cmake -P): the ADC-code streams
# of the bundled links, written by the built halolink (`sim --dump-adc`, docs/sim.md).
#   cmake -DHALOLINK=<exe> -DSRC=<source dir> -DOUT=<folder> -DSYMBOLS=<n> -P gen_streams.cmake
# Each config is copied to OUT with tx.pattern kp4 (codewords, so that the FEC decodes real
# codewords; the channel is untouched), its ../data/ paths made absolute, and for the optical
# DR link a second copy at the hot corner (optical.temperature_c 85: MZM bias drift into
# compression, docs/sim.md). Commands are argument vectors (execute_process), no shell.
foreach(v HALOLINK SRC OUT SYMBOLS)
  if(NOT DEFINED ${v})
    message(FATAL_ERROR "gen_streams.cmake: -D${v}=... is required")
  endif()
endforeach()
file(MAKE_DIRECTORY ${OUT})

function(stream name config)
  cmake_parse_arguments(A "" "" "REPLACE" ${ARGN})
  file(READ ${SRC}/sim/configs/${config} text)
  string(REPLACE "../data/" "${SRC}/sim/data/" text "${text}")
  set(edits ${A_REPLACE})
  while(edits)
    list(POP_FRONT edits from to)
    string(FIND "${text}" "${from}" pos)
    if(pos LESS 0)
      message(FATAL_ERROR "gen_streams.cmake: '${from}' not found in sim/configs/${config}")
    endif()
    string(REPLACE "${from}" "${to}" text "${text}")
  endwhile()
  string(REGEX REPLACE "pattern: [a-z0-9]+" "pattern: kp4" text "${text}")
  file(WRITE ${OUT}/${name}.yaml "${text}")
  execute_process(COMMAND ${HALOLINK} sim ${OUT}/${name}.yaml --symbols ${SYMBOLS} --out ${OUT}/${name}_out
                          --dump-adc ${OUT}/${name}.txt
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "halolink sim ${OUT}/${name}.yaml --dump-adc: exit ${rc}\n${out}${err}")
  endif()
  message(STATUS "${name}: ${out}")
endfunction()

stream(c2m_53g c2m_53g.yaml)
stream(c2m_53g_xtalk c2m_53g_xtalk.yaml)
stream(cable_53g cable_53g.yaml)
stream(optical_dr_106g_25c optical_dr_106g.yaml REPLACE "temperature_c: 25" "temperature_c: 25")
stream(optical_dr_106g_85c optical_dr_106g.yaml REPLACE "temperature_c: 25" "temperature_c: 85")
