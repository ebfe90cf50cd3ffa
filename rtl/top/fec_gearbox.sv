// Gearbox from P PAM4 bit pairs per beat (2P bits) to Q 10-bit RS-FEC symbols per beat, with
// an initial skip for codeword alignment. Bit order (IEEE 802.3-2022 119.2.4.6): the bits of
// the line in transmission order (per PAM4 symbol A then B, lane 0 first) fill FEC symbols
// LSB first; FEC symbol q of an output beat is at [10q +: 10], lane 0 first. The first
// skip_i PAM4 symbols after init_i are dropped (the codeword boundary is given, no alignment
// marker search). Requires 2P <= 10Q.
`include "halo_assert.svh"

module fec_gearbox #(
  // PAM4 symbols per input beat
  parameter int unsigned P = 8,
  // FEC symbols per output beat
  parameter int unsigned Q = 2
) (
  // Clock and active-low asynchronous reset
  input  logic            clk_i,
  input  logic            rst_ni,
  // Initialisation: clear the buffer and load the skip count (PAM4 symbols)
  input  logic            init_i,
  input  logic [15:0]     skip_i,
  // Input stream: lane l bits [2l+1] = A (first), [2l] = B
  input  logic            in_valid_i,
  output logic            in_ready_o,
  input  logic [2*P-1:0]  in_bits_i,
  // Output stream: Q FEC symbols
  output logic            out_valid_o,
  input  logic            out_ready_i,
  output logic [10*Q-1:0] out_sym_o
);

  localparam int unsigned InW = 2 * P;
  localparam int unsigned OutW = 10 * Q;
  localparam int unsigned BufW = InW + OutW;
  localparam int unsigned CntW = $clog2(BufW + 1);
  localparam logic [CntW-1:0] OutWc = OutW[CntW-1:0];
  localparam logic [CntW-1:0] InWc = InW[CntW-1:0];
  localparam logic [16:0] InW17 = InW[16:0];

  `HALO_ASSERT_INIT(ParamCheck_A, InW <= OutW)

  logic [BufW-1:0] buf_q, buf_d;
  logic [CntW-1:0] cnt_q, cnt_d;
  logic [16:0]     skip_q, skip_d;   // bits still to drop
  logic [InW-1:0]  stream;           // input bits in time order, bit 0 first
  logic            in_fire, out_fire;

  always_comb begin
    for (int unsigned l = 0; l < P; l++) begin
      stream[2*l]   = in_bits_i[2*l+1];
      stream[2*l+1] = in_bits_i[2*l];
    end
  end

  assign out_valid_o = cnt_q >= OutWc;
  assign out_sym_o   = buf_q[OutW-1:0];
  assign in_ready_o  = (cnt_q < OutWc) || out_ready_i;
  assign out_fire    = out_valid_o && out_ready_i;
  assign in_fire     = in_valid_i && in_ready_o;

  always_comb begin
    logic [BufW-1:0] add;
    logic [CntW-1:0] n;
    buf_d  = buf_q;
    cnt_d  = cnt_q;
    skip_d = skip_q;
    add    = '0;
    n      = '0;
    if (out_fire) begin
      buf_d = buf_q >> OutW;
      cnt_d = cnt_q - OutWc;
    end
    if (in_fire) begin
      if (skip_q >= InW17) begin
        skip_d = skip_q - InW17;
      end else begin
        add    = {{OutW{1'b0}}, stream} >> skip_q[CntW-1:0];
        n      = InWc - skip_q[CntW-1:0];
        skip_d = '0;
        buf_d  = buf_d | (add << cnt_d);
        cnt_d  = cnt_d + n;
      end
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      buf_q  <= '0;
      cnt_q  <= '0;
      skip_q <= '0;
    end else if (init_i) begin
      buf_q  <= '0;
      cnt_q  <= '0;
      skip_q <= {skip_i, 1'b0};
    end else begin
      buf_q  <= buf_d;
      cnt_q  <= cnt_d;
      skip_q <= skip_d;
    end
  end

endmodule
