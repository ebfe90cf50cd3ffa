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
  localparam int unsigned LaneBits = 5 * Terms * UBits;
  localparam int unsigned OffI = Terms * ((1 << UBits) - 1);
  localparam logic signed [19:0] Off = OffI[19:0];

  logic [P*LaneBits-1:0] rnd;
  logic [3:0]            hist_q, hist_d;   // idx of s_{k-1} at [1:0], s_{k-2} at [3:2]

  emu_noise_lanes #(.P(P), .LaneBits(LaneBits)) u_rnd (
    .clk_i,
    .rst_ni,
    .load_i,
    .seed_i,
    .adv_i,
    .bits_o(rnd)
  );

  always_comb begin
    logic [1:0]         idx, p1, p2, rx;
    logic signed [19:0] amp, c1, c2, y, n, two_amp;
    logic [19:0]        sum;
    amp = {8'd0, amp_i};
    c1 = {{8{c1_i[11]}}, c1_i};
    c2 = {{8{c2_i[11]}}, c2_i};
    two_amp = amp <<< 1;
    p1 = hist_q[1:0];
    p2 = hist_q[3:2];
    out_data_o = in_data_i;
    for (int unsigned l = 0; l < P; l++) begin
      for (int unsigned j = 0; j < 5; j++) begin
        idx = halo_fixed_pkg::gray_map(in_data_i[10*l+2*j], in_data_i[10*l+2*j+1]);
        sum = '0;
        for (int unsigned m = 0; m < Terms; m++) begin
          sum = sum + {{(20-UBits){1'b0}}, rnd[l*LaneBits + UBits*(j*Terms+m) +: UBits]};
        end
        n = (sum <<< 1) - Off;
        y = emu_pkg::pam4_scale(amp, idx) + emu_pkg::pam4_scale(c1, p1)
          + emu_pkg::pam4_scale(c2, p2) + n;
        rx = {1'b0, y >= -two_amp} + {1'b0, y >= 20'sd0} + {1'b0, y >= two_amp};
        if (en_i) begin
          {out_data_o[10*l+2*j], out_data_o[10*l+2*j+1]} = halo_fixed_pkg::gray_demap(rx);
        end
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

endmodule : emu_noise_chan
