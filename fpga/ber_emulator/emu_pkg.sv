// Constants and helper functions of the BER emulator (docs/fpga.md). Golden model of the
// same definitions: verif/fpga/emu_model.hpp.
package emu_pkg;

  // Seed of LFSR instance k: x = seed ^ (0x9E3779B9 * (k + 1) mod 2^32), folded to 31 bits
  // as x[30:0] ^ x[31].
  // k = 0: payload source and checker reference, 1: error injector, 2 + l: noise of lane l.
  function automatic logic [30:0] lfsr_seed(input logic [31:0] seed, input logic [31:0] k);
    logic [31:0] x;
    x = seed ^ (32'h9E37_79B9 * (k + 32'd1));
    lfsr_seed = x[30:0] ^ {30'd0, x[31]};
  endfunction

  // x * s for a PAM4 amplitude s = 2*idx - 3 in {-3, -1, 1, 3}; x signed 20-bit.
  function automatic logic signed [19:0] pam4_scale(input logic signed [19:0] x,
                                                    input logic [1:0] idx);
    logic signed [19:0] x3;
    x3 = x + (x <<< 1);
    case (idx)
      2'd0:    pam4_scale = -x3;
      2'd1:    pam4_scale = -x;
      2'd2:    pam4_scale = x;
      default: pam4_scale = x3;
    endcase
  endfunction

  // Number of set bits of a 10-bit symbol.
  function automatic logic [3:0] popcount10(input logic [9:0] v);
    popcount10 = '0;
    for (int unsigned i = 0; i < 10; i++) popcount10 = popcount10 + {3'd0, v[i]};
  endfunction

endpackage : emu_pkg
