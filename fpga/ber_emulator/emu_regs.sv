// UART register interface of the BER emulator (protocol and register map: docs/fpga.md).
//   write: host sends 'W' (0x57), addr, d0, d1, d2, d3 (little endian) -> device sends 'K'
//   read:  host sends 'R' (0x52), addr                                  -> device sends d0..d3
// Other command bytes are ignored. A command that stalls for more than TimeoutCycles
// between bytes is abandoned (the parser resynchronises on the next command byte).
// Reading the low word of a counter (address 0x40 + 2i) latches its high word, which the
// next read of 0x41 + 2i returns, so a 64-bit counter is read consistently. Counters are read
// through the read port of the counter bank (emu_cnt_bank: request, grant, data one clock
// after the grant).
`include "halo_assert.svh"

module emu_regs #(
  // Counter width and count (as in ber_emulator)
  parameter int unsigned CntW = 48,
  parameter int unsigned NCnt = 27,
  // Read-only configuration word (address 0x01)
  parameter logic [31:0] ConfigWord = 32'h0,
  // Inter-byte timeout of the command parser, in clock cycles
  parameter int unsigned TimeoutCycles = 200000
) (
  // Clock and active-low asynchronous reset
  input  logic                 clk_i,
  input  logic                 rst_ni,
  // Bytes from the UART receiver
  input  logic                 rx_valid_i,
  input  logic [7:0]           rx_data_i,
  // Bytes to the UART transmitter
  output logic                 tx_valid_o,
  input  logic                 tx_ready_i,
  output logic [7:0]           tx_data_o,
  // Control registers
  output logic                 start_o,
  output logic                 run_o,
  output logic                 correct_en_o,
  output logic                 noise_en_o,
  output logic                 inj_en_o,
  output logic [31:0]          seed_o,
  output logic [31:0]          cw_limit_o,
  output logic [31:0]          inj_thresh_o,
  output logic [7:0]           inj_burst_o,
  output logic [11:0]          amp_o,
  output logic [11:0]          c1_o,
  output logic [11:0]          c2_o,
  // Status
  input  logic [2:0]           status_i,
  // Counter read port (see emu_cnt_bank)
  output logic                 cnt_rd_req_o,
  output logic [4:0]           cnt_rd_idx_o,
  input  logic                 cnt_rd_gnt_i,
  input  logic                 cnt_rd_valid_i,
  input  logic [CntW-1:0]      cnt_rd_data_i
);
  localparam logic [7:0] CmdW = 8'h57, CmdR = 8'h52, Ack = 8'h4B;
  localparam int unsigned ToW = $clog2(TimeoutCycles + 1);
  localparam int unsigned ToI = TimeoutCycles;
  localparam logic [ToW-1:0] To = ToI[ToW-1:0];
  localparam int unsigned NCntI = NCnt;
  localparam logic [7:0] NCnt8 = NCntI[7:0];
  // AMP, C1, C2 are kept (and read back) only when the noise channel is built (CONFIG[16])
  localparam bit NoiseRegs = ConfigWord[16];
  `HALO_ASSERT_INIT(ParamCheck_A, (NCnt <= 32) && (CntW <= 64))

  // parser: 0 idle, 1 address, 2..5 write data bytes
  logic [2:0]      st_q;
  logic            is_wr_q, rd_pend_q, wr_ack_q;
  logic [7:0]      addr_q, cidx8;
  logic            is_cnt, cnt_lo, cnt_wait_q;
  logic [23:0]     wdata_q;
  logic [31:0]     wword, rdata, shadow_q, tx_word_q;
  logic [63:0]     cnt_sel;
  logic [2:0]      tx_left_q;
  logic [ToW-1:0]  to_q;
  logic            do_wr;
  logic [31:0]     ctrl_q, seed_q, limit_q, thresh_q, burst_q, amp_q, c1_q, c2_q;
  logic            start_q;

  // counter addressed by addr_q (0x40 + 2i: low word, 0x41 + 2i: latched high word)
  assign cidx8  = (addr_q - 8'h40) >> 1;
  assign is_cnt = (addr_q >= 8'h40) && (cidx8 < NCnt8);
  assign cnt_lo = is_cnt && !addr_q[0];
  always_comb begin
    cnt_sel = '0;
    cnt_sel[CntW-1:0] = cnt_rd_data_i;
  end
  // a counter's low word is requested from the counter bank when the transmitter is free
  assign cnt_rd_req_o = rd_pend_q && cnt_lo && !cnt_wait_q && (tx_left_q == 3'd0);
  assign cnt_rd_idx_o = cidx8[4:0];

  // read multiplexer
  always_comb begin
    rdata = 32'h0;
    case (addr_q)
      8'h00: rdata = 32'h484C_4245;            // "HLBE"
      8'h01: rdata = ConfigWord;
      8'h02: rdata = ctrl_q;
      8'h04: rdata = {29'd0, status_i};
      8'h05: rdata = seed_q;
      8'h06: rdata = limit_q;
      8'h07: rdata = thresh_q;
      8'h08: rdata = burst_q;
      8'h09: rdata = NoiseRegs ? amp_q : 32'h0;
      8'h0A: rdata = NoiseRegs ? c1_q : 32'h0;
      8'h0B: rdata = NoiseRegs ? c2_q : 32'h0;
      default: if (is_cnt && addr_q[0]) rdata = shadow_q;
    endcase
  end

  assign wword = {rx_data_i, wdata_q};
  assign do_wr = rx_valid_i && (st_q == 3'd5);

  // command parser and response
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      st_q      <= '0;
      is_wr_q   <= 1'b0;
      rd_pend_q <= 1'b0;
      wr_ack_q  <= 1'b0;
      addr_q    <= '0;
      wdata_q   <= '0;
      to_q      <= '0;
      tx_left_q <= '0;
      tx_word_q <= '0;
      shadow_q  <= '0;
      cnt_wait_q <= 1'b0;
    end else begin
      if (rx_valid_i) begin
        to_q <= '0;
        case (st_q)
          3'd0: if (rx_data_i == CmdW || rx_data_i == CmdR) begin
            is_wr_q <= (rx_data_i == CmdW);
            st_q    <= 3'd1;
          end
          3'd1: begin
            addr_q    <= rx_data_i;
            st_q      <= is_wr_q ? 3'd2 : 3'd0;
            rd_pend_q <= !is_wr_q;
          end
          default: begin
            wdata_q <= wword[31:8];
            st_q    <= (st_q == 3'd5) ? 3'd0 : st_q + 3'd1;
            if (st_q == 3'd5) wr_ack_q <= 1'b1;
          end
        endcase
      end else if (st_q != 3'd0) begin
        to_q <= to_q + 1'b1;
        if (to_q == To) st_q <= '0;
      end
      if (tx_left_q != 3'd0) begin
        if (tx_ready_i) begin
          tx_word_q <= {8'h00, tx_word_q[31:8]};
          tx_left_q <= tx_left_q - 3'd1;
        end
      end else if (rd_pend_q) begin
        if (!cnt_lo) begin
          rd_pend_q <= 1'b0;
          tx_word_q <= rdata;
          tx_left_q <= 3'd4;
        end else if (cnt_rd_req_o && cnt_rd_gnt_i) begin
          cnt_wait_q <= 1'b1;
        end else if (cnt_wait_q && cnt_rd_valid_i) begin
          cnt_wait_q <= 1'b0;
          rd_pend_q  <= 1'b0;
          tx_word_q  <= cnt_sel[31:0];
          tx_left_q  <= 3'd4;
          shadow_q   <= cnt_sel[63:32];
        end
      end else if (wr_ack_q) begin
        wr_ack_q  <= 1'b0;
        tx_word_q <= {24'd0, Ack};
        tx_left_q <= 3'd1;
      end
    end
  end

  assign tx_valid_o = (tx_left_q != 3'd0);
  assign tx_data_o  = tx_word_q[7:0];

  // control registers
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      ctrl_q   <= 32'h2;                       // correct_en = 1
      seed_q   <= 32'h1;
      limit_q  <= '0;
      thresh_q <= '0;
      burst_q  <= 32'd1;
      amp_q    <= '0;
      c1_q     <= '0;
      c2_q     <= '0;
      start_q  <= 1'b0;
    end else begin
      start_q <= do_wr && (addr_q == 8'h03) && wword[0];
      if (do_wr) begin
        case (addr_q)
          8'h02: ctrl_q   <= {28'd0, wword[3:0]};
          8'h05: seed_q   <= wword;
          8'h06: limit_q  <= wword;
          8'h07: thresh_q <= wword;
          8'h08: burst_q  <= {24'd0, wword[7:0]};
          8'h09: amp_q    <= {20'd0, wword[11:0]};
          8'h0A: c1_q     <= {20'd0, wword[11:0]};
          8'h0B: c2_q     <= {20'd0, wword[11:0]};
          default: ;
        endcase
      end
    end
  end

  assign start_o      = start_q;
  assign run_o        = ctrl_q[0];
  assign correct_en_o = ctrl_q[1];
  assign noise_en_o   = ctrl_q[2];
  assign inj_en_o     = ctrl_q[3];
  assign seed_o       = seed_q;
  assign cw_limit_o   = limit_q;
  assign inj_thresh_o = thresh_q;
  assign inj_burst_o  = burst_q[7:0];
  assign amp_o        = amp_q[11:0];
  assign c1_o         = c1_q[11:0];
  assign c2_o         = c2_q[11:0];

endmodule : emu_regs
