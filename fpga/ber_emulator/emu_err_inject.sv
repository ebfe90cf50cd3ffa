// Random symbol-error injector of the BER emulator channel: for every 10-bit FEC symbol
// (lane 0 first) a 32-bit uniform u is drawn; if a burst is running, or u < thresh_i, the
// symbol is XORed with a random non-zero 10-bit pattern and a burst of burst_len_i symbols
// (0 counts as 1) starts. Probability that a burst starts at a symbol: thresh_i / 2^32.
// Bits per lane and beat from one 127-bit emu_lfsr (42 per lane): u = bits[42l +: 32],
// pattern = bits[42l+32 +: 10] (0 -> 1). Golden model: halo::verif::EmuErrInject.
module emu_err_inject #(
  // Symbols per beat
  parameter int unsigned P = 1
) (
  // Clock and active-low asynchronous reset
  input  logic            clk_i,
  input  logic            rst_ni,
  // Configuration: enable, burst-start threshold, burst length, seed preset
  input  logic            en_i,
  input  logic [31:0]     thresh_i,
  input  logic [7:0]      burst_len_i,
  input  logic            load_i,
  input  logic [30:0]     seed_i,
  // Beat: adv_i commits it (draws the random numbers); err_o is the error pattern to XOR
  input  logic            adv_i,
  output logic [P*10-1:0] err_o
);

  logic [P*42-1:0] rnd;
  logic [7:0]      rem_q, rem_d;

  emu_lfsr #(.Steps(P * 42), .Order(127)) u_lfsr (
    .clk_i,
    .rst_ni,
    .load_i,
    .seed_i,
    .adv_i (adv_i),
    .bits_o(rnd)
  );

  always_comb begin
    logic [7:0]  rem, len;
    logic [31:0] u;
    logic [9:0]  pat;
    logic        hit;
    rem = rem_q;
    len = (burst_len_i == 8'd0) ? 8'd1 : burst_len_i;
    err_o = '0;
    for (int unsigned l = 0; l < P; l++) begin
      u   = rnd[42*l +: 32];
      pat = rnd[42*l+32 +: 10];
      hit = en_i && ((rem != 8'd0) || (u < thresh_i));
      if (rem != 8'd0) begin
        rem = rem - 8'd1;
      end else if (hit) begin
        rem = len - 8'd1;
      end
      err_o[10*l +: 10] = hit ? ((pat == 10'd0) ? 10'd1 : pat) : 10'd0;
    end
    rem_d = en_i ? rem : 8'd0;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      rem_q <= '0;
    end else if (load_i) begin
      rem_q <= '0;
    end else if (adv_i) begin
      rem_q <= rem_d;
    end
  end

endmodule : emu_err_inject
