// Assertion macros for HaloLink RTL (OpenTitan prim_assert style, reduced).
//
// Assertions are compiled for simulation (Verilator --assert, iverilog) and removed for
// synthesis: Yosys defines SYNTHESIS, and `HALO_NO_ASSERT` switches them off elsewhere.
//
//   `HALO_ASSERT(Name, Prop, Clk, RstN)   concurrent: Prop holds every cycle out of reset
//   `HALO_ASSERT_INIT(Name, Prop)         elaboration-time / initial check of parameters
`ifndef HALO_ASSERT_SVH
`define HALO_ASSERT_SVH

`ifdef SYNTHESIS
  `define HALO_NO_ASSERT
`endif

`ifdef HALO_NO_ASSERT
  `define HALO_ASSERT(__name, __prop, __clk, __rst_n)
  `define HALO_ASSERT_INIT(__name, __prop)
`else
  `define HALO_ASSERT(__name, __prop, __clk, __rst_n)                               \
    __name: assert property (@(posedge __clk) disable iff (!(__rst_n)) (__prop))    \
      else $error("assertion %m failed");
  `define HALO_ASSERT_INIT(__name, __prop) \
    initial begin : __name                 \
      if (!(__prop)) $fatal(1, "parameter check %m failed"); \
    end
`endif

`endif  // HALO_ASSERT_SVH
