// P-parallel transmit FFE on line symbols (golden model halo::dsp::TxFfe, cmodel/dsp/tx_ffe.cpp,
// docs/dsp.md "TX FFE"). Per symbol n (lane order inside a beat, lane 0 first):
//   a_n   = 2 s_n - 3                                  PAM4 amplitude {-3, -1, 1, 3}
//   dac_n = sat(rshift_round(sum_{k<T} c_k a_{n-k}, 4), DacBits)      c_k S12.4
// with a_{n-k} = 0 before the first symbol after reset (the golden model's reset history: the
// history holds {valid, symbol} and an invalid entry contributes 0). c_k a is a select of
// +-c_k or +-3 c_k (no multiplier). Fewer golden taps are the same filter with the remaining
// c_k = 0. One output register (latency 1 cycle); the history advances on accepted beats only.
`include "halo_assert.svh"

module tx_ffe #(
  // Symbols per beat
  parameter int unsigned P = 1,
  // Number of taps T (2..16)
  parameter int unsigned T = 16
) (
  // Clock and active-low asynchronous reset
  input  logic            clk_i,
  input  logic            rst_ni,
  // Configuration: DAC resolution (4..12 bits); taps, tap k at [12k +: 12], S12.4
  input  logic [3:0]      dac_bits_i,
  input  logic [T*12-1:0] coef_i,
  // Input stream: P line symbols 0..3, lane l at [2l+1:2l]
  input  logic            in_valid_i,
  output logic            in_ready_o,
  input  logic [2*P-1:0]  in_sym_i,
  // Output stream: P signed DAC codes, lane l at [12l +: 12] (sign-extended from DacBits)
  output logic            out_valid_o,
  input  logic            out_ready_i,
  output logic [12*P-1:0] out_dac_o
);

  localparam int unsigned H = T - 1;   // symbols kept from earlier beats
  localparam int unsigned W = H + P;   // window of one beat

  // window: {valid, symbol} of symbol n0 + P - 1 - t at [3t +: 3] (n0: lane 0 of this beat)
  logic [3*W-1:0]  win;
  logic [3*H-1:0]  hist_q;
  logic [12*P-1:0] dac;
  logic            accept;

  always_comb begin
    for (int unsigned t = 0; t < P; t++) begin
      win[3*t +: 3] = {1'b1, in_sym_i[2*(P-1-t) +: 2]};
    end
    for (int unsigned t = 0; t < H; t++) begin
      win[3*(P+t) +: 3] = hist_q[3*t +: 3];
    end
  end

  // c_k a with a = 2s - 3 in {-3, -1, 1, 3}: |a| = 3 for s = 0, 3; a < 0 for s = 0, 1
  always_comb begin
    logic signed [19:0] acc, r, hi, lo, cx, term;
    logic [2:0]         sym;
    hi = (20'sd1 <<< (dac_bits_i - 4'd1)) - 20'sd1;
    lo = -hi - 20'sd1;
    for (int unsigned j = 0; j < P; j++) begin
      acc = '0;
      for (int unsigned k = 0; k < T; k++) begin
        cx = {{8{coef_i[12*k+11]}}, coef_i[12*k +: 12]};  // sign extension (no casts)
        sym = win[3*(P-1-j+k) +: 3];
        term = (sym[1] ~^ sym[0]) ? cx + (cx <<< 1) : cx;
        if (sym[2]) acc = sym[1] ? acc + term : acc - term;
      end
      r = (acc + 20'sd8) >>> 4;
      if (r > hi) r = hi;
      if (r < lo) r = lo;
      dac[12*j +: 12] = r[11:0];
    end
  end

  halo_pipe_reg #(.Width(12*P)) u_out (
    .clk_i,
    .rst_ni,
    .clear_i    (1'b0),
    .in_valid_i,
    .in_ready_o,
    .in_data_i  (dac),
    .accept_o   (accept),
    .out_valid_o,
    .out_ready_i,
    .out_data_o (out_dac_o)
  );

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      hist_q <= '0;
    end else if (accept) begin
      hist_q <= win[3*H-1:0];
    end
  end

  `HALO_ASSERT_INIT(TapsRange, T >= 2 && T <= 16)

endmodule
