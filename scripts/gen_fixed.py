#!/usr/bin/env python3
"""Generate the fixed-point definitions of the golden model and the RTL from one description.

Reads scripts/fixed_formats.yaml (word lengths, fraction bits, guard bits, shifts of the
receive chain, Volterra included) and writes
  cmodel/include/halo/fixed.hpp       namespace halo::fx: `inline constexpr int k<Name>` + the
                                      rounding/saturation helpers
  rtl/common/halo_fixed_pkg.sv        package halo_fixed_pkg: `parameter int unsigned <Name>` +
                                      the same helpers, sx<W>/sat<W> for the listed widths
The helpers' code is fixed text in this script; only the numbers come from the description.
An entry with sv_unused_ok: <reason> gets an inline Verilator UNUSEDPARAM waiver (with the reason)
around its SV parameter: the one way a parameter that the retimer_rx top does not use can be in
the package (that top is linted without rtl/common/halo_fixed_pkg_unused.vlt).

Usage: gen_fixed.py [--check] [--formats FILE]   (--check: exit 1 if a committed file differs)
Errors in the description (unknown key, missing value, a name defined twice, an expression
naming an unknown constant) name the file and the entry, exit status 2.
"""
import argparse
import pathlib
import re
import sys

import yaml

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from gen_outputs import write_or_check  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[1]
FORMATS = ROOT / "scripts/fixed_formats.yaml"
CPP_OUT = ROOT / "cmodel/include/halo/fixed.hpp"
SV_OUT = ROOT / "rtl/common/halo_fixed_pkg.sv"
KEYS = {"name", "value", "expr", "doc", "in", "sv_unused_ok"}


class FormatError(Exception):
    pass


def load(path):
    """-> (list of sections/constants with resolved 'val', sx widths, sat widths)."""
    try:
        data = yaml.safe_load(path.read_text())
    except (OSError, yaml.YAMLError) as e:
        raise FormatError(f"{path}: {e}") from e
    if not isinstance(data, dict) or not isinstance(data.get("constants"), list):
        raise FormatError(f"{path}: expected a mapping with a 'constants' list")
    values, items = {}, []
    for i, c in enumerate(data["constants"]):
        where = f"{path}: constants[{i}]"
        if isinstance(c, dict) and "section" in c:
            if not set(c) <= {"section", "doc"}:
                raise FormatError(f"{where}: a section has 'section' and 'doc' only, found {sorted(c)}")
            items.append(("section", (c["section"], c.get("doc", ""))))
            continue
        if not isinstance(c, dict) or "name" not in c:
            raise FormatError(f"{where}: expected a mapping with 'name' (or 'section'), found {c!r}")
        unknown = set(c) - KEYS
        if unknown:
            raise FormatError(f"{where} ({c['name']}): unknown key(s) {sorted(unknown)}; expected {sorted(KEYS)}")
        name = c["name"]
        if not re.fullmatch(r"[A-Z][A-Za-z0-9]*", str(name)):
            raise FormatError(f"{where}: name '{name}' is not CamelCase")
        if name in values:
            raise FormatError(f"{where}: '{name}' defined twice")
        if ("value" in c) == ("expr" in c):
            raise FormatError(f"{where} ({name}): expected exactly one of 'value' and 'expr'")
        if "value" in c:
            if not isinstance(c["value"], int) or isinstance(c["value"], bool) or c["value"] < 0:
                raise FormatError(f"{where} ({name}): value: expected a non-negative integer, found {c['value']!r}")
            val = c["value"]
        else:
            val = 0
            for term in str(c["expr"]).split("+"):
                term = term.strip()
                if term.isdigit():
                    val += int(term)
                elif term in values:
                    val += values[term]
                else:
                    raise FormatError(f"{where} ({name}): expr '{c['expr']}': '{term}' is not a constant defined above")
        ok = c.get("sv_unused_ok")
        if ok is not None and (not isinstance(ok, str) or not ok.strip()):
            raise FormatError(f"{where} ({name}): sv_unused_ok: expected the reason (a string), found {ok!r}")
        targets = c.get("in", ["cpp", "sv"])
        if not set(targets) <= {"cpp", "sv"} or not targets:
            raise FormatError(f"{where} ({name}): in: expected a list of cpp and/or sv, found {targets!r}")
        values[name] = val
        items.append(("const", dict(c, val=val, targets=targets)))
    widths = {}
    for key in ("sv_sign_extend", "sv_saturate"):
        w = data.get(key, [])
        if not isinstance(w, list) or not all(isinstance(x, int) and 2 <= x <= 63 for x in w):
            raise FormatError(f"{path}: {key}: expected a list of word lengths in [2, 63], found {w!r}")
        widths[key] = w
    extra = set(data) - {"constants", "sv_sign_extend", "sv_saturate"}
    if extra:
        raise FormatError(f"{path}: unknown top-level key(s) {sorted(extra)}")
    return items, widths["sv_sign_extend"], widths["sv_saturate"]


def comment(prefix, text):
    return [f"{prefix} {line}".rstrip() for line in str(text).splitlines()]


CPP_HEAD = """\
// GENERATED by scripts/gen_fixed.py from scripts/fixed_formats.yaml -- do not edit.
// Fixed-point helpers: the ONE definition of word lengths, rounding and saturation used by
// every bit-exact block of the HaloLink golden model (cmodel/dsp, cmodel/nlc, cmodel/mon,
// cmodel/retimer). The RTL package rtl/common/halo_fixed_pkg.sv is generated from the same
// description; keep every operation RTL-shaped: integer add, multiply, arithmetic shift,
// saturation. No floating point anywhere in cmodel/ (monitors' report functions excepted).
//
// Rules (documented once, used everywhere):
//  * Signed values are two's complement. "S<W>" means a signed W-bit word; "S<W>.<F>" a signed
//    W-bit word with F fraction bits (value = integer * 2^-F).
//  * Rounding: round-half-up. rshift_round(x, s) = floor((x + 2^(s-1)) / 2^s) for s > 0, i.e.
//    add half an output LSB, then arithmetic shift right. Ties go towards +infinity
//    (-2.5 -> -2, +2.5 -> +3). s == 0 returns x unchanged. This is the RTL's
//    `(x + (1 << (s-1))) >>> s` with a wide enough intermediate.
//  * Saturation: sat(x, W) clamps to [-2^(W-1), 2^(W-1) - 1]. Every narrowing in the model goes
//    through sat() (never a silent wrap); the only modular quantities are those documented as
//    such (CDR phase accumulator, PRBS registers).
//  * Sign: sgn(x) = -1 if x < 0 else +1 (the sign bit; zero counts as positive, as in RTL that
//    only looks at the MSB).
#pragma once

#include <cstdint>

namespace halo::fx {

/// Saturate a value to a signed W-bit word, W in [2, 63]: result in [-2^(W-1), 2^(W-1)-1].
constexpr std::int64_t sat(std::int64_t x, int w) noexcept {
  const std::int64_t hi = (std::int64_t{1} << (w - 1)) - 1;
  const std::int64_t lo = -hi - 1;
  return x > hi ? hi : (x < lo ? lo : x);
}

/// Saturate to a signed W-bit word, returned as int32 (W <= 32).
constexpr std::int32_t sat32(std::int64_t x, int w) noexcept {
  return static_cast<std::int32_t>(sat(x, w));
}

/// True iff x fits a signed W-bit word without saturation.
constexpr bool fits(std::int64_t x, int w) noexcept { return sat(x, w) == x; }

/// Round-half-up arithmetic right shift by s >= 0 (see the header comment).
constexpr std::int64_t rshift_round(std::int64_t x, int s) noexcept {
  return s <= 0 ? x : ((x + (std::int64_t{1} << (s - 1))) >> s);
}

/// 32-bit version of rshift_round for hot loops; the caller guarantees x + 2^(s-1) fits int32.
constexpr std::int32_t rshift_round32(std::int32_t x, int s) noexcept {
  return s <= 0 ? x : static_cast<std::int32_t>((x + (std::int32_t{1} << (s - 1))) >> s);
}

/// Round-half-up shift then saturate to W bits: the standard "requantise" step.
constexpr std::int32_t round_sat(std::int64_t x, int s, int w) noexcept {
  return static_cast<std::int32_t>(sat(rshift_round(x, s), w));
}

/// Sign bit as +-1 (zero is +1).
constexpr std::int32_t sgn(std::int64_t x) noexcept { return x < 0 ? -1 : 1; }
"""

CPP_TAIL = """
/// PAM4 symbol index s in {0,1,2,3} -> amplitude a = 2s - 3 in {-3,-1,+1,+3}.
constexpr std::int32_t pam4_amp(std::uint32_t s) noexcept {
  return 2 * static_cast<std::int32_t>(s) - 3;
}

}  // namespace halo::fx
"""


def emit_cpp(items):
    out = [CPP_HEAD]
    for kind, c in items:
        if kind == "section":
            title = f"{c[0][0].upper()}{c[0][1:]}" + (f" {c[1]}" if c[1] else "")
            out += ["", "// " + "-" * 93, f"// {title}.", "// " + "-" * 93, ""]
            continue
        if "cpp" not in c["targets"]:
            continue
        if "doc" in c:
            out += comment("///", c["doc"])
        rhs = " + ".join(f"k{t.strip()}" if not t.strip().isdigit() else t.strip()
                         for t in str(c["expr"]).split("+")) if "expr" in c else str(c["val"])
        out.append(f"inline constexpr int k{c['name']} = {rhs};")
    return "\n".join(out) + "\n" + CPP_TAIL


SV_HEAD = """\
// GENERATED by scripts/gen_fixed.py from scripts/fixed_formats.yaml -- do not edit.
// Fixed-point definitions of the HaloLink DSP RTL, generated with the golden model's
// cmodel/include/halo/fixed.hpp from one description. One place for word lengths, rounding
// and saturation; every rtl/dsp and rtl/nlc block uses these functions, so RTL and golden
// model share one definition (docs/dsp.md, docs/dsp_rtl.md).
//
//  * two's complement; S<W>.<F> = signed W-bit word with F fraction bits
//  * rounding: round-half-up, rshift_round(x, s) = (x + 2^(s-1)) >>> s (s = 0: x)
//  * saturation: sat(x, w) clamps to [-2^(w-1), 2^(w-1)-1]; nothing wraps except the
//    documented modular registers (CDR phase, LFSRs)
//  * sign: sgn(x) = -1 if x < 0 else +1 (the MSB)
// The functions work on 64-bit signed values; callers slice the result to the word length
// they saturated to. Shift amounts and widths are constants at every call site in the
// datapath (Yosys folds them) except the LMS step mu, a plain control port.
package halo_fixed_pkg;
"""

SV_FUNCS = """
  // LMS update rule (halo::dsp::LmsMode): sign-sign, sign-data, full LMS. Plain 2-bit codes
  // (Yosys 0.23 resolves neither package enum types on ports nor enum items in functions).
  parameter logic [1:0] LmsSignSign = 2'd0;
  parameter logic [1:0] LmsSignData = 2'd1;
  parameter logic [1:0] LmsFull     = 2'd2;

  // ---------------------------------------------------------------- arithmetic
  // Saturate x to a signed w-bit word (2 <= w <= 63).
  function automatic logic signed [63:0] sat(input logic signed [63:0] x, input int unsigned w);
    logic signed [63:0] hi, lo;
    hi = (64'sd1 <<< (w - 1)) - 64'sd1;
    lo = -hi - 64'sd1;
    if (x > hi) sat = hi;
    else if (x < lo) sat = lo;
    else sat = x;
  endfunction

  // Round-half-up arithmetic right shift by s (s = 0 returns x).
  function automatic logic signed [63:0] rshift_round(input logic signed [63:0] x,
                                                      input int unsigned s);
    if (s == 0) rshift_round = x;
    else rshift_round = (x + (64'sd1 <<< (s - 1))) >>> s;
  endfunction

  // Round then saturate: the standard requantisation step.
  function automatic logic signed [63:0] round_sat(input logic signed [63:0] x,
                                                   input int unsigned s, input int unsigned w);
    round_sat = sat(rshift_round(x, s), w);
  endfunction

  // LMS gradient g(e, r) (halo::dsp::lms_gradient): sign-sign sgn(e) sgn(r) 2^SignSignScale,
  // sign-data e sgn(r), full e r. e and r are at most 16 bits. mode: an Lms* code.
  function automatic logic signed [63:0] lms_gradient(input logic [1:0] mode,
                                                      input logic signed [63:0] e,
                                                      input logic signed [63:0] r);
    logic neg;
    neg = e[63] ^ r[63];
    case (mode)
      LmsSignSign: lms_gradient = neg ? -(64'sd1 <<< SignSignScale) : (64'sd1 <<< SignSignScale);
      LmsSignData: lms_gradient = r[63] ? -e : e;
      LmsFull:     lms_gradient = e * r;
      default:     lms_gradient = e * r;  // unused code 3 behaves as full LMS
    endcase
  endfunction
"""

SV_TAIL = """
  // Zero extension of a 5-bit shift control.
  function automatic int unsigned shamt(input logic [4:0] v);
    shamt = {27'd0, v};
  endfunction

  // PAM4 amplitude of symbol index s: 2s - 3 in {-3, -1, 1, 3}.
  function automatic logic signed [63:0] pam4_amp(input logic [1:0] s);
    pam4_amp = $signed({61'd0, s, 1'b0}) - 64'sd3;
  endfunction

  // Gray map of the bit pair (A first): 00 -> 0, 01 -> 1, 11 -> 2, 10 -> 3 (802.3 120.5.7.1).
  function automatic logic [1:0] gray_map(input logic a, input logic b);
    gray_map = {a, a ^ b};
  endfunction

  // Inverse Gray map: symbol -> {A, B}.
  function automatic logic [1:0] gray_demap(input logic [1:0] s);
    gray_demap = {s[1], s[1] ^ s[0]};
  endfunction

endpackage
"""


def emit_sv(items, sx_widths, sat_widths):
    out = [SV_HEAD.rstrip("\n")]
    for kind, c in items:
        if kind == "section":
            out += ["", f"  // {'-' * 64} {c[0]}"]
            continue
        if "sv" not in c["targets"]:
            continue
        if "doc" in c:
            out += comment("  //", c["doc"])
        rhs = str(c["expr"]) if "expr" in c else str(c["val"])
        if c.get("sv_unused_ok"):
            # a targeted waiver for this one parameter, with its reason (the STRICT lints that
            # drop halo_fixed_pkg_unused.vlt see the package through blocks that do not use it)
            out += comment("  //", f"lint waiver: {c['sv_unused_ok']}")
            out += ["  /* verilator lint_off UNUSEDPARAM */",
                    f"  parameter int unsigned {c['name']} = {rhs};",
                    "  /* verilator lint_on UNUSEDPARAM */"]
        else:
            out.append(f"  parameter int unsigned {c['name']} = {rhs};")
    out.append(SV_FUNCS.rstrip("\n"))
    out += ["", "  // Sign extension of the package's word lengths to the 64-bit working width."]
    for w in sx_widths:
        out += [f"  function automatic logic signed [63:0] sx{w}(input logic [{w - 1}:0] v);",
                f"    sx{w} = $signed({{{{{64 - w}{{v[{w - 1}]}}}}, v}});",
                "  endfunction"]
    out.append("  // Saturating narrowing to the package's word lengths: sat(x, w) sliced to w bits.")
    for w in sat_widths:
        hi, lo = (1 << (w - 1)) - 1, 1 << (w - 1)
        out += [f"  function automatic logic [{w - 1}:0] sat{w}(input logic signed [63:0] x);",
                f"    if (x > 64'sd{hi}) sat{w} = {{1'b0, {{{w - 1}{{1'b1}}}}}};",
                f"    else if (x < -64'sd{lo}) sat{w} = {{1'b1, {{{w - 1}{{1'b0}}}}}};",
                f"    else sat{w} = x[{w - 1}:0];",
                "  endfunction"]
    return "\n".join(out) + "\n" + SV_TAIL


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="compare with the committed files")
    ap.add_argument("--formats", type=pathlib.Path, default=FORMATS, help="description (YAML)")
    args = ap.parse_args()
    try:
        items, sx_widths, sat_widths = load(args.formats)
    except FormatError as e:
        print(f"gen_fixed.py: {e}", file=sys.stderr)
        return 2
    outputs = {CPP_OUT: emit_cpp(items), SV_OUT: emit_sv(items, sx_widths, sat_widths)}
    return write_or_check(outputs, ROOT, args.check, "gen_fixed.py")


if __name__ == "__main__":
    sys.exit(main())
