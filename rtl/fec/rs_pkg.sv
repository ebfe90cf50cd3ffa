// Hand-written GF(2^10) / Reed-Solomon helpers for the RS-FEC RTL (rtl/fec/rs_*.sv).
// The constants themselves come from the generated gf1024_pkg (scripts/gen_fec_tables.py).
//
// Conventions (shared with the C++ golden model, cmodel/include/halo/fec/):
//  - symbols are 10-bit GF(2^10) elements in polynomial basis (bit i = coefficient of
//    alpha^i), p(x) = x^10 + x^3 + 1;
//  - a beat carries P symbols; lane 0 (bits [9:0]) is the earliest in transmission order;
//  - codeword index 0 is c_{n-1} (= m_{k-1}); parity p_{n-k-1} is sent first, p_0 last.
package rs_pkg;


  // GF(2^10) product a*b (shift-and-add modulo p(x)); the single implementation used by
  // gf1024_mul and by every constant multiplier (constant b folds to an XOR matrix).
  function automatic logic [9:0] gf_mul(logic [9:0] a, logic [9:0] b);
    logic [9:0] acc;
    logic [9:0] x;
    acc = '0;
    x = a;
    for (int unsigned i = 0; i < 10; i++) begin
      acc = acc ^ (x & {10{b[i]}});
      x = {x[8:0], 1'b0} ^ (gf1024_pkg::GfPoly[9:0] & {10{x[9]}});
    end
    gf_mul = acc;
  endfunction

  // alpha^e for any integer exponent e (reduced modulo 1023); for constant expressions.
  function automatic logic [9:0] gf_alpha_pow(int e);
    int r;
    r = e % 1023;
    if (r < 0) r = r + 1023;
    gf_alpha_pow = gf1024_pkg::GfExp[10*r +: 10];
  endfunction

  // Generator coefficient g_i of the code with np = n - k parity symbols (30: KP4, 14: KR4).
  function automatic logic [9:0] rs_gen_coef(int unsigned np, int unsigned i);
    if (np == gf1024_pkg::Kp4NumParity) rs_gen_coef = gf1024_pkg::Kp4Generator[10*i +: 10];
    else rs_gen_coef = gf1024_pkg::Kr4Generator[10*i +: 10];
  endfunction

  // Number of ones in a 10-bit symbol.
  function automatic logic [3:0] popcount10(logic [9:0] v);
    logic [3:0] c;
    c = '0;
    for (int unsigned i = 0; i < 10; i++) c = c + {3'd0, v[i]};
    popcount10 = c;
  endfunction

endpackage : rs_pkg
