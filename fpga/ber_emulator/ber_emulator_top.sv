// Board top of the BER emulator: ber_emulator + UART register interface (emu_regs,
// uart_rx, uart_tx) on a few pins: clock, UART RX/TX, LEDs. The reset is generated at
// power-up (the FPGA's configured flip-flop values, then 16 cycles). docs/fpga.md.
module ber_emulator_top #(
  // Symbols per beat
  parameter int unsigned P = 1,
  // Decoder key-equation solver cells per clock (0 = fully parallel riBM)
  parameter int unsigned KesPe = 0,
  // Build the Gaussian-noise channel
  parameter bit NoiseEn = 1'b1,
  // Counter width (32 .. 64)
  parameter int unsigned CntW = 48,
  // UART clock cycles per bit (12 MHz / 115200 = 104)
  parameter int unsigned ClkDiv = 104,
  // Concatenated 802.3dj variant (P = 4; ber_emulator, emu_cat_link): inner code symbols per
  // clock, decoder (0 hard decision, 1 Chase-2), Chase L
  parameter bit Concat = 1'b0,
  parameter int unsigned InnerP = 16,
  parameter bit InnerChase = 1'b1,
  parameter int unsigned ChaseL = 4
) (
  // Board clock
  input  logic       clk_i,
  // UART (idle high): rx_i from the host, tx_o to the host
  input  logic       rx_i,
  output logic       tx_o,
  // LEDs: 0 busy, 1 hi_ser, 2 frame error, 3 heartbeat
  output logic [3:0] led_o
);
  localparam int unsigned NCnt = Concat ? 32 : 27;
  localparam int unsigned PI = P;
  localparam int unsigned CntWI = CntW;
  localparam int unsigned ChaseLI = (Concat && InnerChase) ? ChaseL : 0;
  localparam logic [31:0] ConfigWord = {8'd1, 1'b0, ChaseLI[2:0], 1'b0, Concat && InnerChase, Concat,
                                        NoiseEn, CntWI[7:0], PI[7:0]};

  logic [4:0]  por_q = 5'd0;
  logic        rst_n;
  logic        rx_valid, tx_valid, tx_ready;
  logic [7:0]  rx_data, tx_data;
  logic        start, run, correct_en, noise_en, inj_en;
  logic [31:0] seed, cw_limit, inj_thresh;
  logic [7:0]  inj_burst;
  logic [11:0] amp, c1, c2;
  logic        busy, hi_ser, frame_err;
  logic                 cnt_rd_req, cnt_rd_gnt, cnt_rd_valid;
  logic [4:0]           cnt_rd_idx;
  logic [CntW-1:0]      cnt_rd_data;
  logic [23:0] beat_q;

  // power-on reset: released after 16 cycles
  always_ff @(posedge clk_i) begin
    if (!por_q[4]) por_q <= por_q + 5'd1;
  end
  assign rst_n = por_q[4];

  uart_rx #(.ClkDiv(ClkDiv)) u_rx (
    .clk_i,
    .rst_ni (rst_n),
    .rx_i,
    .valid_o(rx_valid),
    .data_o (rx_data)
  );

  uart_tx #(.ClkDiv(ClkDiv)) u_tx (
    .clk_i,
    .rst_ni (rst_n),
    .valid_i(tx_valid),
    .ready_o(tx_ready),
    .data_i (tx_data),
    .tx_o
  );

  emu_regs #(
    .CntW      (CntW),
    .NCnt      (NCnt),
    .ConfigWord(ConfigWord),
    .TimeoutCycles(ClkDiv * 10 * 16)
  ) u_regs (
    .clk_i,
    .rst_ni      (rst_n),
    .rx_valid_i  (rx_valid),
    .rx_data_i   (rx_data),
    .tx_valid_o  (tx_valid),
    .tx_ready_i  (tx_ready),
    .tx_data_o   (tx_data),
    .start_o     (start),
    .run_o       (run),
    .correct_en_o(correct_en),
    .noise_en_o  (noise_en),
    .inj_en_o    (inj_en),
    .seed_o      (seed),
    .cw_limit_o  (cw_limit),
    .inj_thresh_o(inj_thresh),
    .inj_burst_o (inj_burst),
    .amp_o       (amp),
    .c1_o        (c1),
    .c2_o        (c2),
    .status_i    ({frame_err, hi_ser, busy}),
    .cnt_rd_req_o  (cnt_rd_req),
    .cnt_rd_idx_o  (cnt_rd_idx),
    .cnt_rd_gnt_i  (cnt_rd_gnt),
    .cnt_rd_valid_i(cnt_rd_valid),
    .cnt_rd_data_i (cnt_rd_data)
  );

  ber_emulator #(
    .P      (P),
    .KesPe  (KesPe),
    .NoiseEn(NoiseEn),
    .CntW      (CntW),
    .Concat    (Concat),
    .InnerP    (InnerP),
    .InnerChase(InnerChase),
    .ChaseL    (ChaseL)
  ) u_emu (
    .clk_i,
    .rst_ni      (rst_n),
    .start_i     (start),
    .run_i       (run),
    .cw_limit_i  (cw_limit),
    .correct_en_i(correct_en),
    .seed_i      (seed),
    .noise_en_i  (noise_en),
    .amp_i       (amp),
    .c1_i        (c1),
    .c2_i        (c2),
    .inj_en_i    (inj_en),
    .inj_thresh_i(inj_thresh),
    .inj_burst_i (inj_burst),
    .busy_o      (busy),
    .hi_ser_o    (hi_ser),
    .frame_err_o (frame_err),
    .cnt_rd_req_i  (cnt_rd_req),
    .cnt_rd_idx_i  (cnt_rd_idx),
    .cnt_rd_gnt_o  (cnt_rd_gnt),
    .cnt_rd_valid_o(cnt_rd_valid),
    .cnt_rd_data_o (cnt_rd_data)
  );

  always_ff @(posedge clk_i or negedge rst_n) begin
    if (!rst_n) beat_q <= '0;
    else        beat_q <= beat_q + 24'd1;
  end

  assign led_o = {beat_q[23], frame_err, hi_ser, busy};

endmodule : ber_emulator_top
