/* IBIS-AMI C API (IBIS 7.x, section 10 "Algorithmic Modeling Interface"): the three functions
 * every AMI executable model exports, plus HaloLink's read-back of the last decided bits. */
#ifndef HALO_AMI_API_H
#define HALO_AMI_API_H
#ifdef __cplusplus
extern "C" {
#endif
#define HALO_AMI_EXPORT __attribute__((visibility("default")))
HALO_AMI_EXPORT long AMI_Init(double* impulse_matrix, long row_size, long aggressors,
                              double sample_interval, double bit_time, char* AMI_parameters_in,
                              char** AMI_parameters_out, void** AMI_memory_handle, char** msg);
HALO_AMI_EXPORT long AMI_GetWave(double* wave, long wave_size, double* clock_times,
                                 char** AMI_parameters_out, void* AMI_memory);
HALO_AMI_EXPORT long AMI_Close(void* AMI_memory);
/* RX only (not part of IBIS): copies the bits decided during the last AMI_GetWave (2 per
 * symbol, A first, 0/1) into bits[0..max); returns how many were available (may exceed max). */
HALO_AMI_EXPORT long HALO_AMI_LastBits(void* AMI_memory, unsigned char* bits, long max);
#ifdef __cplusplus
}
#endif
#endif
