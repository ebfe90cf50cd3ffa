// Noise front of the BER emulator's PAM4 channels (emu_noise_chan, emu_llr_chan; docs/fpga.md):
// Lanes x Syms PAM4 symbols per beat, symbol s = l Syms + j in time order (lane l, symbol j of
// the lane), each given as its Gray level index idx (0..3, amplitude 2 idx - 3); the received
// sample (integer units) is
//   y_k = amp * s_k + c1 * s_{k-1} + c2 * s_{k-2} + n_k            (n_k = 0 when noise_en_i = 0)
// with the CLT noise n = 2 sum_{m<Terms} u_m - Terms (2^UBits - 1) (variance Terms (4^UBits - 1)
// / 3; Terms = 12, UBits = 4: sigma = 31.94, |n| <= 180). Lane l draws its uniforms from its own
// 127-bit emu_lfsr (emu_noise_lanes, seed index 2 + l), Syms Terms UBits bits per beat: u_m of
// symbol j at bits [UBits (j Terms + m) +: UBits]. Combinational from the inputs and the state;
// adv_i commits the beat (ISI history, LFSRs). Golden model: halo::verif::EmuNoiseChan and
// run_emu_cat_model (emu_model.hpp).
module emu_pam4_front #(
  // LFSR lanes and PAM4 symbols per lane and beat
  parameter int unsigned Lanes = 1,
  parameter int unsigned Syms = 5,
  // Uniform terms per noise sample (CLT order) and bits per term
  parameter int unsigned Terms = 12,
  parameter int unsigned UBits = 4
) (
  // Clock and active-low asynchronous reset
  input  logic                       clk_i,
  input  logic                       rst_ni,
  // Configuration: noise on, main cursor (unsigned), ISI taps (signed), seed preset
  input  logic                       noise_en_i,
  input  logic [11:0]                amp_i,
  input  logic [11:0]                c1_i,
  input  logic [11:0]                c2_i,
  input  logic                       load_i,
  input  logic [31:0]                seed_i,
  // Beat: level indices in, samples out (S20, symbol s at [20 s +: 20])
  input  logic                       adv_i,
  input  logic [2*Lanes*Syms-1:0]    idx_i,
  output logic [20*Lanes*Syms-1:0]   y_o
);
  localparam int unsigned LaneBits = Syms * Terms * UBits;
  localparam int unsigned OffI = Terms * ((1 << UBits) - 1);
  localparam logic signed [19:0] Off = OffI[19:0];

  logic [Lanes*LaneBits-1:0] rnd;
  logic [3:0]                hist_q, hist_d;   // idx of s_{k-1} at [1:0], s_{k-2} at [3:2]

  emu_noise_lanes #(.P(Lanes), .LaneBits(LaneBits)) u_rnd (
    .clk_i,
    .rst_ni,
    .load_i,
    .seed_i,
    .adv_i,
    .bits_o(rnd)
  );

  always_comb begin
    logic [1:0]         idx, p1, p2;
    logic signed [19:0] amp, c1, c2, n;
    logic [19:0]        sum;
    amp = {8'd0, amp_i};
    c1 = {{8{c1_i[11]}}, c1_i};
    c2 = {{8{c2_i[11]}}, c2_i};
    p1 = hist_q[1:0];
    p2 = hist_q[3:2];
    for (int unsigned l = 0; l < Lanes; l++) begin
      for (int unsigned j = 0; j < Syms; j++) begin
        idx = idx_i[2*(l*Syms + j) +: 2];
        sum = '0;
        for (int unsigned m = 0; m < Terms; m++) begin
          sum = sum + {{(20-UBits){1'b0}}, rnd[l*LaneBits + UBits*(j*Terms+m) +: UBits]};
        end
        n = noise_en_i ? (sum <<< 1) - Off : 20'sd0;
        y_o[20*(l*Syms + j) +: 20] = emu_pkg::pam4_scale(amp, idx) + emu_pkg::pam4_scale(c1, p1)
                                   + emu_pkg::pam4_scale(c2, p2) + n;
        p2 = p1;
        p1 = idx;
      end
    end
    hist_d = {p2, p1};
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      hist_q <= '0;
    end else if (load_i) begin
      hist_q <= '0;
    end else if (adv_i) begin
      hist_q <= hist_d;
    end
  end

endmodule : emu_pam4_front
