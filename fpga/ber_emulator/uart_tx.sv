// UART transmitter, 8N1, LSB first. ClkDiv clock cycles per bit. Valid/ready byte input:
// a byte is taken when valid_i && ready_o and sent as start bit, 8 data bits, stop bit.
module uart_tx #(
  // Clock cycles per bit (>= 2)
  parameter int unsigned ClkDiv = 104
) (
  // Clock and active-low asynchronous reset
  input  logic       clk_i,
  input  logic       rst_ni,
  // Byte to send
  input  logic       valid_i,
  output logic       ready_o,
  input  logic [7:0] data_i,
  // Serial output (idle high)
  output logic       tx_o
);
  localparam int unsigned CntW = $clog2(ClkDiv + 1);
  localparam int unsigned FullI = ClkDiv - 1;
  localparam logic [CntW-1:0] Full = FullI[CntW-1:0];

  logic [CntW-1:0] cnt_q;
  logic [3:0]      bit_q;     // bits left to send (0: idle)
  logic [9:0]      frame_q;   // {stop, data, start}, LSB on the line

  assign ready_o = (bit_q == 4'd0);

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      cnt_q   <= '0;
      bit_q   <= '0;
      frame_q <= '1;
    end else if (bit_q == 4'd0) begin
      if (valid_i) begin
        frame_q <= {1'b1, data_i, 1'b0};
        bit_q   <= 4'd10;
        cnt_q   <= Full;
      end
    end else if (cnt_q != '0) begin
      cnt_q <= cnt_q - 1'b1;
    end else begin
      cnt_q   <= Full;
      frame_q <= {1'b1, frame_q[9:1]};
      bit_q   <= bit_q - 4'd1;
    end
  end

  assign tx_o = (bit_q == 4'd0) ? 1'b1 : frame_q[0];

endmodule : uart_tx
