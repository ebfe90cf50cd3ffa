// Channel emulator of the BER emulator: emu_noise_chan (PAM4 + ISI + CLT Gaussian noise +
// slicer), then emu_err_inject (random symbol errors and bursts), then one register stage.
// The output beat carries the received data and the transmitted data (for the pre-FEC
// counters). Valid/ready stream; the random sources advance only when a beat is accepted,
// so the channel realisation does not depend on stalls. Golden model: halo::verif::EmuChannel.
module emu_channel #(
  // Symbols per beat
  parameter int unsigned P = 1,
  // Build the noise channel (0: symbol-error injector only, saves area)
  parameter bit NoiseEn = 1'b1,
  // CLT order and uniform width of the noise generator
  parameter int unsigned Terms = 12,
  parameter int unsigned UBits = 4
) (
  // Clock and active-low asynchronous reset
  input  logic            clk_i,
  input  logic            rst_ni,
  // Configuration (static while running; load_i reseeds and clears the state)
  input  logic            load_i,
  input  logic [31:0]     seed_i,
  input  logic            noise_en_i,
  input  logic [11:0]     amp_i,
  input  logic [11:0]     c1_i,
  input  logic [11:0]     c2_i,
  input  logic            inj_en_i,
  input  logic [31:0]     inj_thresh_i,
  input  logic [7:0]      inj_burst_i,
  // Input stream: transmitted beats
  input  logic            in_valid_i,
  output logic            in_ready_o,
  input  logic [P*10-1:0] in_data_i,
  input  logic            in_first_i,
  input  logic            in_last_i,
  // Output stream: received beats (and the transmitted data of the same beat)
  output logic            out_valid_o,
  input  logic            out_ready_i,
  output logic [P*10-1:0] out_data_o,
  output logic [P*10-1:0] out_tx_o,
  output logic            out_first_o,
  output logic            out_last_o
);

  logic [P*10-1:0] noisy, err;
  logic            accept;
  logic            valid_q, first_q, last_q;
  logic [P*10-1:0] data_q, tx_q;

  assign in_ready_o = !valid_q || out_ready_i;
  assign accept     = in_valid_i && in_ready_o;

  if (NoiseEn) begin : g_noise
    emu_noise_chan #(
      .P    (P),
      .Terms(Terms),
      .UBits(UBits)
    ) u_noise (
      .clk_i,
      .rst_ni,
      .en_i      (noise_en_i),
      .amp_i,
      .c1_i,
      .c2_i,
      .load_i,
      .seed_i,
      .adv_i     (accept),
      .in_data_i,
      .out_data_o(noisy)
    );
  end else begin : g_no_noise
    logic unused;
    assign unused = ^{noise_en_i, amp_i, c1_i, c2_i};
    assign noisy = in_data_i;
  end

  emu_err_inject #(.P(P)) u_inject (
    .clk_i,
    .rst_ni,
    .en_i       (inj_en_i),
    .thresh_i   (inj_thresh_i),
    .burst_len_i(inj_burst_i),
    .load_i,
    .seed_i     (emu_pkg::lfsr_seed(seed_i, 32'd1)),
    .adv_i      (accept),
    .err_o      (err)
  );

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      valid_q <= 1'b0;
      first_q <= 1'b0;
      last_q  <= 1'b0;
      data_q  <= '0;
      tx_q    <= '0;
    end else if (load_i) begin
      valid_q <= 1'b0;
    end else if (in_ready_o) begin
      valid_q <= in_valid_i;
      if (in_valid_i) begin
        first_q <= in_first_i;
        last_q  <= in_last_i;
        data_q  <= noisy ^ err;
        tx_q    <= in_data_i;
      end
    end
  end

  assign out_valid_o = valid_q;
  assign out_data_o  = data_q;
  assign out_tx_o    = tx_q;
  assign out_first_o = first_q;
  assign out_last_o  = last_q;

endmodule : emu_channel
