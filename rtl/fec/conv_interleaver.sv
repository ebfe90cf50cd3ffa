// Convolutional interleaver / deinterleaver between the RS(544,514) stream and the Clause 177
// inner code (docs/inner_fec.md, "Convolutional interleaver"; parameters and their source
// there). Golden model: halo::fec::inner::ConvInterleaver (conv_interleaver.hpp).
//
// Stream: one CI block of 40 bits (20 PAM4 pairs, pair q at [2q +: 2] as {A, B}) per beat,
// valid/ready. Block n goes to branch b = n mod Branches; the interleaver delays it by
// Branches (Branches - 1 - b) Depth blocks of the stream, the deinterleaver (Deinterleave = 1)
// by Branches b Depth: output block n is input block n - delay(b), all-zero before the
// stream (the model's zero delay lines; block 0 is on branch 0).
//
// Block-RAM friendly: one ring of RingDepth = 2^ceil(log2(max delay + 1)) blocks, one write
// (block n at n mod RingDepth) and one registered read (block n - delay) per accepted beat, so
// the memory maps to a simple dual-port RAM (ECP5 DP16KD, Xilinx RAMB). A branch without delay
// takes the input block through a register instead (the RAM is written and read at the same
// address then). Output registered; full rate; latency 1 cycle plus the delay. clear_i
// restarts the stream (branch 0, all-zero delay lines, output beat dropped) without a reset.
`include "halo_assert.svh"

module conv_interleaver #(
  // Branches P (2..16; the golden model also allows 1, which is no interleaver)
  parameter int unsigned Branches = 3,
  // Delay step D in blocks of a branch (1..4096)
  parameter int unsigned Depth = 192,
  // 0: interleaver, 1: deinterleaver
  parameter bit Deinterleave = 1'b0
) (
  // Clock and active-low asynchronous reset
  input  logic        clk_i,
  input  logic        rst_ni,
  // Synchronous restart: stream position 0, delay lines read as zero (has priority)
  input  logic        clear_i,
  // Input stream: one 40-bit CI block per beat
  input  logic        in_valid_i,
  output logic        in_ready_o,
  input  logic [39:0] in_data_i,
  // Output stream
  output logic        out_valid_o,
  input  logic        out_ready_i,
  output logic [39:0] out_data_o
);

  localparam int unsigned MaxDelay = Branches * (Branches - 1) * Depth;
  localparam int unsigned AW = (MaxDelay > 1) ? $clog2(MaxDelay + 1) : 1;
  localparam int unsigned RingDepth = 1 << AW;
  localparam int unsigned BW = (Branches > 1) ? $clog2(Branches) : 1;
  localparam int unsigned LastBranchI = Branches - 1;
  localparam logic [BW-1:0] LastBranch = LastBranchI[BW-1:0];
  localparam int unsigned CW = AW + 1;   // count of blocks seen, saturating at MaxDelay
  localparam logic [CW-1:0] MaxDelayC = MaxDelay[CW-1:0];

  `HALO_ASSERT_INIT(ParamCheck_A, (Branches >= 2) && (Branches <= 16) && (Depth >= 1) && (Depth <= 4096))

  // stream delay of branch b (a constant per branch: a small mux, no multiplier)
  function automatic logic [CW-1:0] delay_of(logic [BW-1:0] b);
    int unsigned d;
    delay_of = '0;
    for (int unsigned k = 0; k < Branches; k++) begin
      d = Branches * Depth * (Deinterleave ? k : Branches - 1 - k);
      if ({{(32 - BW){1'b0}}, b} == k) begin
        for (int unsigned j = 0; j < CW; j++) delay_of[j] = ((d >> j) & 1) != 0;
      end
    end
  endfunction

  logic [39:0]    mem_q [RingDepth];
  logic [AW-1:0]  wptr_q, raddr;
  logic [BW-1:0]  br_q;
  logic [CW-1:0]  seen_q, delay;
  logic           accept;
  logic [39:0]    rd_q, in_q;
  logic           zero_q, bypass_q, out_valid_q;

  assign delay      = delay_of(br_q);
  assign raddr      = wptr_q - delay[AW-1:0];
  assign in_ready_o = !out_valid_q || out_ready_i;
  assign accept     = in_valid_i && in_ready_o && !clear_i;

  always_ff @(posedge clk_i) begin
    if (accept) begin
      mem_q[wptr_q] <= in_data_i;
      rd_q          <= mem_q[raddr];
      in_q          <= in_data_i;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      wptr_q      <= '0;
      br_q        <= '0;
      seen_q      <= '0;
      zero_q      <= 1'b1;
      bypass_q    <= 1'b0;
      out_valid_q <= 1'b0;
    end else if (clear_i) begin
      wptr_q      <= '0;
      br_q        <= '0;
      seen_q      <= '0;
      zero_q      <= 1'b1;
      bypass_q    <= 1'b0;
      out_valid_q <= 1'b0;
    end else begin
      if (in_ready_o) out_valid_q <= in_valid_i;
      if (accept) begin
        wptr_q   <= wptr_q + 1'b1;
        br_q     <= (br_q == LastBranch) ? '0 : br_q + 1'b1;
        if (seen_q < MaxDelayC) seen_q <= seen_q + 1'b1;
        zero_q   <= (seen_q < delay);
        bypass_q <= (delay == '0);
      end
    end
  end

  assign out_valid_o = out_valid_q;
  assign out_data_o  = bypass_q ? in_q : zero_q ? 40'd0 : rd_q;

endmodule : conv_interleaver
