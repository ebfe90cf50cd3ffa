// P-parallel PRBS13Q / PRBS31Q test-pattern generator (IEEE 802.3-2022 120.5.11.2).
//
// PRBS13: G(x) = 1 + x + x^2 + x^12 + x^13; PRBS31: G(x) = 1 + x^28 + x^31 with the output
// inverter of Figure 49-9. Bits are Gray coded in pairs, A first. Register convention of the
// golden model (halo::dsp::Lfsr): bit k holds p[n-1-k]. 2P LFSR steps per beat, unrolled.
// Golden model: halo::dsp::PatternGenerator (PRBS modes). The LFSR resets to all ones
// (cmodel seed 0); load_i presets it from seed_i (0 = all ones, bits above the order ignored).
`include "halo_assert.svh"

module prbs_gen #(
  // Symbols per beat
  parameter int unsigned P = 1
) (
  // Clock and active-low asynchronous reset
  input  logic           clk_i,
  input  logic           rst_ni,
  // Configuration: pattern select (1 = PRBS31Q, 0 = PRBS13Q), seed preset pulse
  input  logic           prbs31_i,
  input  logic           load_i,
  input  logic [30:0]    seed_i,
  // Output stream: P Gray symbols, lane 0 (bits [1:0]) first in time
  output logic           out_valid_o,
  input  logic           out_ready_i,
  output logic [2*P-1:0] out_sym_o
);

  `HALO_ASSERT_INIT(ParamCheck_A, P >= 1 && P <= 64)

  logic [30:0]    lfsr_q, lfsr_d, mask;
  logic [2*P-1:0] sym;
  logic           accept, unused_ready;

  assign mask = prbs31_i ? 31'h7fff_ffff : 31'h0000_1fff;

  always_comb begin
    logic [30:0] s;
    logic        fb;
    logic [1:0]  ab;
    s = lfsr_q;
    sym = '0;
    for (int unsigned l = 0; l < P; l++) begin
      for (int unsigned b = 0; b < 2; b++) begin
        fb = prbs31_i ? (s[30] ^ s[27]) : (s[0] ^ s[1] ^ s[11] ^ s[12]);
        s = {s[29:0], fb} & mask;
        ab[1-b] = fb ^ prbs31_i;
      end
      sym[2*l +: 2] = halo_fixed_pkg::gray_map(ab[1], ab[0]);
    end
    lfsr_d = s;
  end

  halo_pipe_reg #(.Width(2*P)) u_out (
    .clk_i,
    .rst_ni,
    .clear_i    (load_i),
    .in_valid_i (1'b1),
    .in_ready_o (unused_ready),
    .in_data_i  (sym),
    .accept_o   (accept),
    .out_valid_o,
    .out_ready_i,
    .out_data_o (out_sym_o)
  );

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      lfsr_q <= '1;
    end else if (load_i) begin
      lfsr_q <= ((seed_i & mask) == '0) ? mask : (seed_i & mask);
    end else if (accept) begin
      lfsr_q <= lfsr_d;
    end
  end

endmodule
