// Inner FEC receive gearbox (the concatenated BER emulator, docs/fpga.md, and retimer_rx): inner
// decoder output codewords (64/P beats of P symbols of SymW bits, lane l at [SymW l +: SymW],
// codeword-shaped: symbols 60..63 are the parity and are dropped) in; each codeword's message
// (symbols 0..59) leaves as three blocks of 20 symbols (block i = symbols 20 i .. 20 i + 19,
// symbol q of the block at [SymW q +: SymW]), one block per beat. The inverse of
// emu_blk_to_cw (halo::fec::inner::InnerFecRx's message output order). Messages wait in a
// 2-entry FIFO, so the input and output sides run concurrently.
`include "halo_assert.svh"

module inner_cw_to_blk #(
  // Symbols per input beat; must divide 64
  parameter int unsigned P = 16,
  // Bits per symbol
  parameter int unsigned SymW = 2
) (
  // Clock and active-low asynchronous reset
  input  logic              clk_i,
  input  logic              rst_ni,
  // Synchronous restart (drops partial and queued messages)
  input  logic              clear_i,
  // Input stream: codeword beats (first/last implied by the beat count)
  input  logic              in_valid_i,
  output logic              in_ready_o,
  input  logic [SymW*P-1:0] in_data_i,
  // Output stream: blocks
  output logic              out_valid_o,
  input  logic              out_ready_i,
  output logic [20*SymW-1:0] out_data_o
);
  localparam int unsigned Beats = 64 / P;
  localparam int unsigned BeatW = (Beats > 1) ? $clog2(Beats) : 1;
  localparam int unsigned LastBeatI = Beats - 1;
  localparam logic [BeatW-1:0] LastBeat = LastBeatI[BeatW-1:0];
  localparam int unsigned WW = 60 * SymW;

  `HALO_ASSERT_INIT(ParamCheck_A, (P >= 1) && (P <= 64) && (64 % P == 0) && (SymW >= 1))

  logic [WW-1:0]    word_q, word_d, head;
  logic [BeatW-1:0] beat_q;
  logic [1:0]       blk_q;
  logic             full, push, pop, accept, ilast;
  logic [31:0]      beat32;

  assign ilast      = (beat_q == LastBeat);
  assign in_ready_o = !(ilast && full) && !clear_i;
  assign accept     = in_valid_i && in_ready_o;
  assign push       = accept && ilast;
  assign pop        = out_valid_o && out_ready_i && (blk_q == 2'd2);
  assign beat32     = {{(32 - BeatW){1'b0}}, beat_q};

  always_comb begin
    word_d = word_q;
    for (int unsigned l = 0; l < P; l++) begin
      if (beat32 * P + l < 60) word_d[SymW*(beat32*P + l) +: SymW] = in_data_i[SymW*l +: SymW];
    end
  end

  halo_fifo #(.Width(WW), .Depth(2)) u_msg (
    .clk_i,
    .rst_ni,
    .wvalid_i(push),
    .wdata_i (word_d),
    .full_o  (full),
    .rvalid_o(out_valid_o),
    .rready_i(pop || clear_i),
    .rdata_o (head)
  );

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      word_q <= '0;
      beat_q <= '0;
      blk_q  <= '0;
    end else if (clear_i) begin
      beat_q <= '0;
      blk_q  <= '0;
    end else begin
      if (accept) begin
        word_q <= word_d;
        beat_q <= ilast ? '0 : beat_q + 1'b1;
      end
      if (out_valid_o && out_ready_i) blk_q <= (blk_q == 2'd2) ? '0 : blk_q + 2'd1;
    end
  end

  assign out_data_o = head[20*SymW*blk_q +: 20*SymW];

endmodule : inner_cw_to_blk
