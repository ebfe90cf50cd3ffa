// Combinational GF(2^10) multiplier, p(x) = x^10 + x^3 + 1 (IEEE 802.3-2022 91.5.2.1).
// Polynomial basis; model: halo::fec::gf_mul_bitserial (cmodel/include/halo/fec/gf1024.hpp).
// Checked formally against the log/antilog table model (formal/fec/gf1024_mul_formal.sv).
module gf1024_mul (
  // Operands (10-bit field elements)
  input  logic [9:0] a_i,
  input  logic [9:0] b_i,
  // Product a_i * b_i
  output logic [9:0] p_o
);
  assign p_o = rs_pkg::gf_mul(a_i, b_i);
endmodule : gf1024_mul
