#!/bin/sh
# Verilator 5.006 -Wall lint of rtl/dsp, rtl/nlc and rtl/top (retimer_rx) for P in {1, 8, 32},
# every module as its own top. The only message tolerated is UNUSEDPARAM for an item of
# rtl/dsp/halo_fixed_pkg.sv when a single block does not use every package parameter (the
# retimer_rx top uses them all and must be completely clean). The KP4 decoder sources come
# from rtl/fec (or $HALO_FEC_RTL_DIR). Exit status != 0 on any other warning.
set -u
cd "$(dirname "$0")/.."
F=${HALO_FEC_RTL_DIR:-rtl/fec}
R=rtl/dsp
ALL="$R/halo_fixed_pkg.sv $R/halo_pipe_reg.sv rtl/common/halo_fifo.sv $R/lms_dot_lanes.sv $R/lms_filter.sv $R/lane_skip.sv \
  $R/prbs_gen.sv $R/prbs_chk.sv $R/gray_code.sv $R/precoder.sv $R/ffe.sv \
  $R/dfe.sv $R/cdr_mm.sv rtl/nlc/volterra.sv rtl/top/fec_gearbox.sv"
FEC="$F/gf1024_pkg.sv $F/rs_pkg.sv $F/rs_syndrome.sv $F/rs_ribm.sv $F/rs_chien_count.sv \
  $F/rs_lane_sum.sv $F/rs_corrector.sv $F/rs_decoder.sv"
status=0
lint() {  # allow_pkg_unused top args...
  allow=$1; top=$2; shift 2
  out=$(verilator --lint-only -Wall -Irtl/common "$@" --top-module "$top" 2>&1)
  bad=$(printf '%s\n' "$out" | grep '^%' | grep -v '^%Error: Exiting due to' |
        { if [ "$allow" = 1 ]; then grep -v "^%Warning-UNUSEDPARAM: $R/halo_fixed_pkg.sv"; else cat; fi; })
  if [ -n "$bad" ]; then
    printf '%s\n' "$out"; echo "FAIL: $top $*"; status=1
  fi
}
for p in 1 8 32; do
  for top in prbs_gen prbs_chk gray_code precoder ffe dfe cdr_mm lms_dot_lanes; do
    lint 1 $top $ALL -GP=$p
  done
  lint 1 gray_code $ALL -GP=$p "-GDemap=1'b1"
  lint 1 lane_skip $ALL -GP=$p -GSkip=2
  lint 1 fec_gearbox $ALL -GP=$p -GQ=$(( p < 4 ? 1 : p / 4 ))
  lint 1 volterra $ALL -GP=$p
  lint 1 volterra $ALL -GP=$p -GN1=3 -GPre1=1 -GN3=3 -GPre3=1
  lint 1 dsp_line_tb $ALL verif/dsp/dsp_line_tb.sv -GP=$p
  lint 0 dsp_eq_tb $ALL verif/dsp/dsp_eq_tb.sv -GP=$p
  if [ -f "$F/rs_decoder.sv" ]; then
    lint 0 retimer_rx $FEC $ALL rtl/top/retimer_rx.sv -GP=$p
    lint 0 retimer_rx $FEC $ALL rtl/top/retimer_rx.sv -GP=$p -GVolEnable=0
  fi
done
[ $status -eq 0 ] && echo "lint clean"
exit $status
