// Fibonacci LFSR stepped Steps times per advance: the bit source of the BER emulator.
//   Order = 31:  PRBS31, x^31 + x^28 + 1 (ITU-T O.150): b[t] = b[t-31] ^ b[t-28] (payload)
//   Order = 127: x^127 + x + 1:              b[t] = b[t-127] ^ b[t-126] (noise, injector:
//                any 127 consecutive bits are uniform and linearly independent over the
//                period, so a 48-bit noise sample and its neighbours are exactly uniform)
// The state holds Order consecutive bits, state[k] = b[n+k] (state[0] oldest). One advance
// produces bits_o[j] = b[n+Order+j], j = 0..Steps-1, and moves the state on by Steps bits.
// bits_o is combinational from the current state (the bits the next advance commits), so
// consumers use it in the cycle they assert adv_i. load_i presets the state from the 31-bit
// seed_i (0 counts as all ones): Order 31 takes it as is, Order 127 takes the first 127
// PRBS31 bits generated from it (a repeated 31-bit pattern would keep its structure for a
// long time in a trinomial LFSR).
// Golden model: halo::verif::EmuLfsr (verif/fpga/emu_model.hpp).
`include "halo_assert.svh"

module emu_lfsr #(
  // Bits produced per advance (1 .. 2048)
  parameter int unsigned Steps = 31,
  // Register length: 31 (PRBS31) or 127
  parameter int unsigned Order = 31
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

  localparam int unsigned Tap = (Order == 31) ? 3 : 1;   // b[t-Order+Tap]

  `HALO_ASSERT_INIT(ParamCheck_A, (Order == 31) || (Order == 127))

  logic [Order-1:0] state_q, state_d, seed_rep;

  always_comb begin
    logic [Order-1:0] s;
    logic             fb;
    s = state_q;
    bits_o = '0;
    for (int unsigned j = 0; j < Steps; j++) begin
      fb = s[0] ^ s[Tap];
      bits_o[j] = fb;
      s = {fb, s[Order-1:1]};
    end
    state_d = s;
  end

  // Order 127: the preset is the first 127 PRBS31 bits from seed_i (a well-mixed state)
  always_comb begin
    logic [30:0] s31;
    logic        fb;
    s31 = (seed_i == '0) ? '1 : seed_i;
    seed_rep = '0;
    for (int unsigned i = 0; i < Order; i++) begin
      fb = s31[0] ^ s31[3];
      seed_rep[i] = (Order == 31) ? s31[i % 31] : fb;
      if (Order != 31) s31 = {fb, s31[30:1]};
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q <= '1;
    end else if (load_i) begin
      state_q <= seed_rep;
    end else if (adv_i) begin
      state_q <= state_d;
    end
  end

endmodule : emu_lfsr
