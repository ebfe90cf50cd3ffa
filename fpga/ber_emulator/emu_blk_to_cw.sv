// Gearbox of the concatenated BER emulator (docs/fpga.md, "Concatenated variant"): 40-bit CI
// blocks (20 PAM4 pairs, pair q at [2q +: 2] as {A, B}) in, one block per beat; every three
// blocks form one Clause 177 message (pairs 0..59, block 3u + i holding pairs 20 i .. 20 i + 19,
// as halo::fec::inner::InnerFecTx takes the interleaver output) and leave as one codeword-
// shaped inner_enc input of 64/P beats of P pairs (lane l = pair b P + l; the parity slots
// 60..63 carry 0). Messages wait in a 2-entry FIFO: the input side takes 3 beats and the
// output side 64/P beats per message, concurrently.
`include "halo_assert.svh"

module emu_blk_to_cw #(
  // PAM4 symbols per output beat; must divide 64
  parameter int unsigned P = 16
) (
  // Clock and active-low asynchronous reset
  input  logic           clk_i,
  input  logic           rst_ni,
  // Synchronous restart (drops partial and queued messages)
  input  logic           clear_i,
  // Input stream: CI blocks
  input  logic           in_valid_i,
  output logic           in_ready_o,
  input  logic [39:0]    in_data_i,
  // Output stream: inner encoder beats
  output logic           out_valid_o,
  input  logic           out_ready_i,
  output logic [2*P-1:0] out_data_o,
  output logic           out_first_o,
  output logic           out_last_o
);
  localparam int unsigned Beats = 64 / P;
  localparam int unsigned BeatW = (Beats > 1) ? $clog2(Beats) : 1;
  localparam int unsigned LastBeatI = Beats - 1;
  localparam logic [BeatW-1:0] LastBeat = LastBeatI[BeatW-1:0];

  `HALO_ASSERT_INIT(ParamCheck_A, (P >= 1) && (P <= 64) && (64 % P == 0))

  logic [79:0]      asm_q;
  logic [1:0]       cnt_q;
  logic [BeatW-1:0] beat_q;
  logic             full, push, pop, accept;
  logic [119:0]     word;
  logic [31:0]      beat32;

  assign in_ready_o = !((cnt_q == 2'd2) && full) && !clear_i;
  assign accept     = in_valid_i && in_ready_o;
  assign push       = accept && (cnt_q == 2'd2);
  assign pop        = out_valid_o && out_ready_i && (beat_q == LastBeat);
  assign beat32     = {{(32 - BeatW){1'b0}}, beat_q};

  halo_fifo #(.Width(120), .Depth(2)) u_msg (
    .clk_i,
    .rst_ni,
    .wvalid_i(push),
    .wdata_i ({in_data_i, asm_q}),
    .full_o  (full),
    .rvalid_o(out_valid_o),
    .rready_i(pop || clear_i),
    .rdata_o (word)
  );

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      asm_q  <= '0;
      cnt_q  <= '0;
      beat_q <= '0;
    end else if (clear_i) begin
      cnt_q  <= '0;
      beat_q <= '0;
    end else begin
      if (accept) begin
        if (cnt_q == 2'd2) begin
          cnt_q <= '0;
        end else begin
          asm_q[40*cnt_q +: 40] <= in_data_i;
          cnt_q <= cnt_q + 2'd1;
        end
      end
      if (out_valid_o && out_ready_i) beat_q <= (beat_q == LastBeat) ? '0 : beat_q + 1'b1;
    end
  end

  always_comb begin
    out_data_o = '0;
    for (int unsigned l = 0; l < P; l++) begin
      if (beat32 * P + l < 60) out_data_o[2*l +: 2] = word[2*(beat32*P + l) +: 2];
    end
  end
  assign out_first_o = (beat_q == '0);
  assign out_last_o  = (beat_q == LastBeat);

endmodule : emu_blk_to_cw
