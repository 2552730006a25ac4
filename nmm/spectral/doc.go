// Package spectral estimates power spectral densities of sampled signals
// (periodogram and Welch's averaged, windowed periodogram), finds their
// peaks, and measures phase–amplitude (cross-frequency) coupling.
//
// # Overview
//
// [Welch] and [Periodogram] return a [PSD]; [NewWelch] returns a reusable
// estimator that also accepts a signal piece by piece ([WelchEstimator.Add]),
// so that arbitrarily long simulations can be analysed in constant memory.
// The FFT is gonum's dsp/fourier; all workspaces are allocated once.
// [PSD.PeakFrequency], [Peaks] and [PSD.BandPower] summarise a spectrum.
//
// Cross-frequency coupling: [NewBandPass] designs a zero-phase band-pass FIR
// filter (window method, as scipy.signal.firwin), [Analytic] computes the
// analytic signal by FFT (the Hilbert transform, as scipy.signal.hilbert)
// and [PhaseAmplitude] splits it into phase and envelope; [ModulationIndex]
// is Tort's modulation index of an amplitude by a phase, [PAC] adds its
// significance against time-shifted surrogates, and [NewComodulogram] scans
// phase and amplitude frequency bands.
//
// # Conventions
//
// Density scaling (the default) makes the PSD integrate to the signal's
// variance: for a signal x sampled at rate fs,
//
//	two-sided:  ∫_{−fs/2}^{fs/2} S(f) df = var(x),  S(f) = S(−f)
//	one-sided:  ∫_0^{fs/2} S₁(f) df = var(x),       S₁(f) = 2 S(f) for 0 < f < fs/2
//
// (the DC and Nyquist bins are not doubled). One-sided is the default, as in
// scipy.signal.welch; the two-sided estimate lists frequencies in increasing
// order from −fs/2 (exclusive for even lengths: the Nyquist bin is reported
// once, at −fs/2, as numpy.fft.fftshift does). White noise of variance σ²
// has the two-sided level σ²/fs and the one-sided level 2σ²/fs. Units: if x
// is in U and fs in 1/T, S is in U²·T (U²/Hz when T is seconds).
//
// Spectrum scaling ([ScalingSpectrum]) instead returns the power of each
// frequency bin (U²): a sinusoid of amplitude A on a bin shows A²/2
// (one-sided) at its frequency.
//
// Per-segment normalisation follows scipy.signal.welch exactly: each
// segment (mean removed by default) is multiplied by the window w, and
// |FFT|² is divided by fs·Σw² (density) or (Σw)² (spectrum); segments are
// averaged with equal weights. The frequency resolution is fs/L for
// segments of L samples.
//
// # References
//
//   - P. D. Welch, The use of fast Fourier transform for the estimation of
//     power spectra, IEEE Trans. Audio Electroacoust. 15, 70–73 (1967),
//     doi:10.1109/TAU.1967.1161901.
//   - A. B. L. Tort, R. Komorowski, H. Eichenbaum, N. Kopell, Measuring
//     phase–amplitude coupling between neuronal oscillations of different
//     frequencies, J. Neurophysiol. 104, 1195–1210 (2010),
//     doi:10.1152/jn.00106.2010.
//   - S. L. Marple, Computing the discrete-time analytic signal via FFT,
//     IEEE Trans. Signal Process. 47, 2600–2603 (1999).
//   - scipy.signal.welch / scipy.signal.periodogram (the reference used by
//     this package's tests, testdata/gen_scipy.py).
package spectral
