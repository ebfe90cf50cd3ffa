// P-parallel syndrome calculator of the RS(N,K) decoder: S_j = r(alpha^j), j = 0..N-K-1
// (first consecutive root alpha^0; IEEE 802.3-2022 91.5.3.1). Horner form per beat:
//   S_j <- S_j * alpha^(j*P) + sum_l r_l * alpha^(j*(P-1-l)),  lane 0 = earliest symbol.
// At the last beat the syndromes are handed to the key-equation solver through a
// valid/ready register (syn_*); can_end_o tells the input side whether a last beat may be
// accepted in this cycle. Golden model: halo::fec::RsDecoder::syndromes.
module rs_syndrome #(
  // Codeword length in symbols.
  parameter int unsigned N = 544,
  // Message length in symbols.
  parameter int unsigned K = 514,
  // Symbols per beat.
  parameter int unsigned P = 1
) (
  // Clock and active-low asynchronous reset
  input  logic                clk_i,
  input  logic                rst_ni,
  // Accepted input beat
  input  logic                beat_valid_i,
  input  logic [P*10-1:0]     beat_data_i,
  input  logic                beat_first_i,
  input  logic                beat_last_i,
  output logic                can_end_o,
  // Syndromes of the completed codeword, S_j at [10*j +: 10]
  output logic                syn_valid_o,
  input  logic                syn_ready_i,
  output logic [(N-K)*10-1:0] syn_o
);
  localparam int unsigned Np = N - K;

  logic [Np*10-1:0] acc_q, acc_d, syn_q;
  logic             syn_valid_q;

  always_comb begin
    logic [9:0] s;
    acc_d = '0;
    for (int j = 0; j < Np; j++) begin
      s = beat_first_i ? 10'd0 : rs_pkg::gf_mul(acc_q[j*10 +: 10], rs_pkg::gf_alpha_pow(j * P));
      for (int l = 0; l < P; l++) begin
        s = s ^ rs_pkg::gf_mul(beat_data_i[l*10 +: 10], rs_pkg::gf_alpha_pow(j * (P - 1 - l)));
      end
      acc_d[j*10 +: 10] = s;
    end
  end

  assign can_end_o = !syn_valid_q || syn_ready_i;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      acc_q       <= '0;
      syn_q       <= '0;
      syn_valid_q <= 1'b0;
    end else begin
      if (syn_valid_q && syn_ready_i) syn_valid_q <= 1'b0;
      if (beat_valid_i) begin
        acc_q <= acc_d;
        if (beat_last_i) begin
          syn_q       <= acc_d;
          syn_valid_q <= 1'b1;
        end
      end
    end
  end

  assign syn_valid_o = syn_valid_q;
  assign syn_o       = syn_q;

endmodule : rs_syndrome
