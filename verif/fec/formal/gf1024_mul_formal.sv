// Formal check (yosys write_smt2 + yosys-smtbmc): the combinational GF(2^10) multiplier
// rtl/fec/gf1024_mul.sv equals the antilog-table model for all 2^20 operand pairs.
// Operand a is enumerated at elaboration (1024 instances), operand b is a free input; the
// model of a*b for a != 0 is sum_j b_j * alpha^((log a + j) mod 1023), the columns read
// from the generated antilog/log tables (scripts/gen_fec_tables.py). This keeps every
// check linear in the free bits, which z3 proves in seconds (a direct variable-index table
// lookup on both operands does not finish within minutes).
module gf1024_mul_formal (
  // Free operand b (any 10-bit value in every BMC step)
  input logic [9:0] b_i
);
  for (genvar a = 0; a < 1024; a++) begin : g_a
    logic [9:0] p, model;
    gf1024_mul u_dut (
      .a_i(a[9:0]),
      .b_i(b_i),
      .p_o(p)
    );
    for (genvar j = 0; j < 10; j++) begin : g_col
      localparam int unsigned LogA = gf1024_pkg::GfLog[10*a +: 10];
      localparam int unsigned E = (LogA + j) % 1023;
      localparam logic [9:0] Col = (a == 0) ? 10'd0 : gf1024_pkg::GfExp[10*E +: 10];
      logic [9:0] term;
      assign term = Col & {10{b_i[j]}};
    end
    always @* begin
      model = '0;
      model = g_col[0].term ^ g_col[1].term ^ g_col[2].term ^ g_col[3].term ^ g_col[4].term ^
              g_col[5].term ^ g_col[6].term ^ g_col[7].term ^ g_col[8].term ^ g_col[9].term;
      assert (p == model);
    end
  end
endmodule
