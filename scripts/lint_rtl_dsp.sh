#!/bin/sh
# Verilator 5.006 -Wall lint of rtl/common, rtl/dsp, rtl/nlc and rtl/top (retimer_rx), every
# module as its own top, for each P given (default: 1 8 32). File lists come from the FuseSoC
# cores (scripts/core_files.py). The only waiver is the cores' rtl/common/halo_fixed_pkg_unused.vlt
# (UNUSEDPARAM in halo_fixed_pkg.sv, for a block that does not use every package parameter);
# the retimer_rx top uses them all and is linted without it. Any message fails.
# ctest runs it once per P (lint_dsp_p<P>, label lint).
# usage: scripts/lint_rtl_dsp.sh [P ...]
set -u
cd "$(dirname "$0")/.."
files() { python3 scripts/core_files.py --relative "$@" | tr '\n' ' '; }
BLOCKS=$(files halolink:top:retimer_rx) || exit 1
STRICT=$(files --type systemVerilogSource halolink:top:retimer_rx) || exit 1
INC=$(python3 scripts/core_files.py --incdirs halolink:top:retimer_rx | sed 's/^/-I/' | tr '\n' ' ')
status=0
lint() {  # files top args...
  srcs=$1; top=$2; shift 2
  # shellcheck disable=SC2086  # word lists
  if ! out=$(verilator --lint-only -Wall $INC --top-module "$top" "$@" $srcs 2>&1) || [ -n "$out" ]; then
    printf '%s\n' "$out"; echo "FAIL: $top $*"; status=1
  fi
}
[ $# -gt 0 ] || set -- 1 8 32
for p in "$@"; do
  for top in prbs_gen prbs_chk gray_code precoder ffe dfe cdr_mm lms_dot_lanes tx_ffe retimer_tx; do
    lint "$BLOCKS" $top -GP=$p
  done
  lint "$BLOCKS" gray_code -GP=$p "-GDemap=1'b1"
  lint "$BLOCKS" precoder -GP=$p "-GDecode=1'b1"
  lint "$BLOCKS" lane_skip -GP=$p -GSkip=2
  lint "$BLOCKS" fec_gearbox -GP=$p -GQ=$(( p < 4 ? 1 : p / 4 ))
  lint "$BLOCKS" volterra -GP=$p
  lint "$BLOCKS" volterra -GP=$p -GN1=3 -GPre1=1 -GN3=3 -GPre3=1
  lint "$BLOCKS verif/dsp/dsp_line_tb.sv" dsp_line_tb -GP=$p
  lint "$BLOCKS verif/dsp/dsp_eq_tb.sv" dsp_eq_tb -GP=$p
  lint "$STRICT" retimer_rx -GP=$p
  lint "$STRICT" retimer_rx -GP=$p -GVolEnable=0
  lint "$STRICT" retimer_rx -GP=$p -GInnerFec=3
  lint "$BLOCKS" lane_gearbox -GInL=$p -GOutL=$p
  lint "$BLOCKS" inner_rx -GP=$p -GDec=3 -GOutP=$(( p < 4 ? 5 : (p < 16 ? 5 * p / 4 : 20) ))
done
[ $status -eq 0 ] && echo "lint clean"
exit $status
