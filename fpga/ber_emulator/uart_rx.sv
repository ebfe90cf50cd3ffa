// UART receiver, 8N1, LSB first. ClkDiv clock cycles per bit (e.g. 12 MHz / 115200 -> 104).
// The line is synchronised with two flip-flops; a start bit is confirmed at its middle, the
// data bits and the stop bit are sampled at their middles. A byte with a bad stop bit is
// dropped. Output: one-cycle valid pulse per byte.
module uart_rx #(
  // Clock cycles per bit (>= 4)
  parameter int unsigned ClkDiv = 104
) (
  // Clock and active-low asynchronous reset
  input  logic       clk_i,
  input  logic       rst_ni,
  // Serial input (idle high)
  input  logic       rx_i,
  // Received byte
  output logic       valid_o,
  output logic [7:0] data_o
);
  localparam int unsigned CntW = $clog2(ClkDiv + 1);
  localparam int unsigned FullI = ClkDiv - 1;
  localparam int unsigned HalfI = ClkDiv / 2 - 1;
  localparam logic [CntW-1:0] Full = FullI[CntW-1:0];
  localparam logic [CntW-1:0] Half = HalfI[CntW-1:0];

  logic [1:0]      sync_q;
  logic [CntW-1:0] cnt_q;
  logic [3:0]      bit_q;     // 0: idle, 1: start, 2..9: data, 10: stop
  logic [7:0]      shift_q;
  logic            valid_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      sync_q  <= 2'b11;
      cnt_q   <= '0;
      bit_q   <= '0;
      shift_q <= '0;
      valid_q <= 1'b0;
    end else begin
      sync_q  <= {sync_q[0], rx_i};
      valid_q <= 1'b0;
      if (bit_q == 4'd0) begin
        if (!sync_q[1]) begin
          bit_q <= 4'd1;
          cnt_q <= Half;
        end
      end else if (cnt_q != '0) begin
        cnt_q <= cnt_q - 1'b1;
      end else begin
        cnt_q <= Full;
        if (bit_q == 4'd1) begin
          bit_q <= sync_q[1] ? 4'd0 : 4'd2;       // false start: back to idle
        end else if (bit_q == 4'd10) begin
          bit_q   <= 4'd0;
          valid_q <= sync_q[1];
        end else begin
          shift_q <= {sync_q[1], shift_q[7:1]};
          bit_q   <= bit_q + 4'd1;
        end
      end
    end
  end

  assign valid_o = valid_q;
  assign data_o  = shift_q;

endmodule : uart_rx
