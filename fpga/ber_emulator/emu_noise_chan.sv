// Additive-noise PAM4 channel of the BER emulator: every 10-bit FEC symbol is sent as five
// PAM4 symbols (bit pairs {A = bit 2j, B = bit 2j+1}, j = 0 first), Gray mapped
// (halo_fixed_pkg::gray_map, IEEE 802.3-2022 120.5.7.1) to idx and amplitude s = 2 idx - 3;
// the received sample is
//   y_k = amp * s_k + c1 * s_{k-1} + c2 * s_{k-2} + n_k        (integer units)
// (a 3-tap ISI FIR: main cursor and two post-cursors), sliced with thresholds -2 amp, 0,
// 2 amp: idx' = [y >= -2 amp] + [y >= 0] + [y >= 2 amp], and Gray demapped.
// Noise: n = 2 sum_{m<Terms} u_m - Terms (2^UBits - 1), u_m uniform on 0 .. 2^UBits-1 (CLT;
// symmetric, variance Terms (4^UBits - 1) / 3, |n| <= Terms (2^UBits - 1), i.e. truncated at
// about sqrt(3 Terms) sigma; default Terms = 12, UBits = 4: sigma = 31.94, |n| <= 180 =
// 5.64 sigma; tail accuracy in docs/fpga.md). Lane l draws its uniforms from its own
// 127-bit emu_lfsr (Steps = 5 Terms UBits): u_m of PAM4 symbol j at bits [UBits (j Terms + m) +: UBits].
// Combinational from the inputs and the state; adv_i commits the beat (ISI history, LFSRs).
// The sample front (PAM4, ISI, noise, LFSR lanes) is emu_pam4_front, shared with emu_llr_chan.
// Golden model: halo::verif::EmuNoiseChan.
module emu_noise_chan #(
  // Symbols (10-bit) per beat
  parameter int unsigned P = 1,
  // Uniform terms per noise sample (CLT order)
  parameter int unsigned Terms = 12,
  // Bits per uniform term
  parameter int unsigned UBits = 4
) (
  // Clock and active-low asynchronous reset
  input  logic            clk_i,
  input  logic            rst_ni,
  // Configuration: enable (0: data pass unchanged), main cursor, ISI taps, seed preset
  input  logic            en_i,
  input  logic [11:0]     amp_i,      // main-cursor amplitude, unsigned
  input  logic [11:0]     c1_i,       // first post-cursor, signed
  input  logic [11:0]     c2_i,       // second post-cursor, signed
  input  logic            load_i,
  input  logic [31:0]     seed_i,
  // Beat
  input  logic            adv_i,
  input  logic [P*10-1:0] in_data_i,
  output logic [P*10-1:0] out_data_o
);
  logic [10*P-1:0] idx;      // Gray level index of PAM4 symbol 5 l + j at [2 (5 l + j) +: 2]
  logic [100*P-1:0] y;

  always_comb begin
    for (int unsigned k = 0; k < 5 * P; k++) idx[2*k +: 2] = halo_fixed_pkg::gray_map(in_data_i[2*k], in_data_i[2*k+1]);
  end

  // PAM4 + ISI + CLT noise, lane l's uniforms from its own LFSR (5 symbols per lane)
  emu_pam4_front #(.Lanes(P), .Syms(5), .Terms(Terms), .UBits(UBits)) u_front (
    .clk_i,
    .rst_ni,
    .noise_en_i(1'b1),
    .amp_i,
    .c1_i,
    .c2_i,
    .load_i,
    .seed_i,
    .adv_i,
    .idx_i     (idx),
    .y_o       (y)
  );

  // slicer with thresholds -2 amp, 0, 2 amp, Gray demap
  always_comb begin
    logic signed [19:0] yk, two_amp;
    logic [1:0]         rx;
    two_amp = {7'd0, amp_i, 1'b0};
    out_data_o = in_data_i;
    for (int unsigned k = 0; k < 5 * P; k++) begin
      yk = y[20*k +: 20];
      rx = {1'b0, yk >= -two_amp} + {1'b0, yk >= 20'sd0} + {1'b0, yk >= two_amp};
      if (en_i) {out_data_o[2*k], out_data_o[2*k+1]} = halo_fixed_pkg::gray_demap(rx);
    end
  end

endmodule : emu_noise_chan
