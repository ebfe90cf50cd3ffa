// PRBS31 linear-feedback shift register (x^31 + x^28 + 1, ITU-T O.150) stepped Steps times
// per advance: the uniform-bit source of the BER emulator (payload, error injector, noise).
//
// Sequence b[t] = b[t-31] ^ b[t-28]. The state holds 31 consecutive bits, state[k] = b[n+k]
// (state[0] oldest). One advance produces bits_o[j] = b[n+31+j], j = 0..Steps-1, and moves
// the state to b[n+Steps .. n+Steps+30]. bits_o is combinational from the current state (the
// bits the next advance commits), so consumers use it in the cycle they assert adv_i.
// load_i presets the state from seed_i (an all-zero seed becomes all ones).
// Golden model: halo::verif::EmuLfsr (verif/fpga/emu_model.hpp).
module emu_lfsr #(
  // Bits produced per advance (1 .. 1024)
  parameter int unsigned Steps = 31
) (
  // Clock and active-low asynchronous reset (reset state: all ones)
  input  logic             clk_i,
  input  logic             rst_ni,
  // Seed preset (has priority over adv_i)
  input  logic             load_i,
  input  logic [30:0]      seed_i,
  // Advance by Steps bits; bits_o are the bits of this advance
  input  logic             adv_i,
  output logic [Steps-1:0] bits_o
);

  logic [30:0] state_q, state_d;

  always_comb begin
    logic [30:0] s;
    logic        fb;
    s = state_q;
    bits_o = '0;
    for (int unsigned j = 0; j < Steps; j++) begin
      fb = s[0] ^ s[3];
      bits_o[j] = fb;
      s = {fb, s[30:1]};
    end
    state_d = s;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q <= '1;
    end else if (load_i) begin
      state_q <= (seed_i == '0) ? '1 : seed_i;
    end else if (adv_i) begin
      state_q <= state_d;
    end
  end

endmodule : emu_lfsr
