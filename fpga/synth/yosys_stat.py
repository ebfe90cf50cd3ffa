"""Cell counts from Yosys `stat` output, shared by the FPGA report scripts
(fec_report.py, dsp_synth.py, ../emu_report.py)."""
import re


def cell_counts(text):
    """Cell type -> count of the last statistics block in `text` (a stat.txt or a whole Yosys
    log): the design-hierarchy totals of a hierarchical netlist (`stat -top`), else the
    flattened top module."""
    i = text.rfind("Number of cells")
    section = text[i:] if i >= 0 else text
    out = {}
    for m in re.finditer(r"^\s+(\S+)\s+(\d+)$", section, re.M):
        out[m.group(1)] = out.get(m.group(1), 0) + int(m.group(2))
    return out
