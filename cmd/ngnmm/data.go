package main

import (
	"context"
	"io"
	"os"
	"path/filepath"

	"github.com/ngnmm/ngnmm/data"
)

type dataFileJSON struct {
	Path   string `json:"path"`
	URL    string `json:"url"`
	SHA256 string `json:"sha256"`
	Size   int64  `json:"size"`
	Cached *bool  `json:"cached,omitempty"`
}

type datasetJSON struct {
	Name        string         `json:"name"`
	Regions     int            `json:"regions"`
	Description string         `json:"description"`
	Source      string         `json:"source"`
	Licence     string         `json:"licence"`
	Citation    string         `json:"citation"`
	Files       []dataFileJSON `json:"files"`
}

func datasetOf(ds *data.Dataset, cache *data.Cache) datasetJSON {
	d := datasetJSON{Name: ds.Name, Regions: ds.Regions, Description: ds.Description, Source: ds.Source, Licence: ds.Licence, Citation: ds.Citation}
	for _, f := range ds.Files {
		j := dataFileJSON{Path: f.Path, URL: f.URL, SHA256: f.SHA256, Size: f.Size}
		if cache != nil {
			_, err := os.Stat(cache.Path(f))
			ok := err == nil
			j.Cached = &ok
		}
		d.Files = append(d.Files, j)
	}
	return d
}

func init() {
	register(&command{
		Name:    "data list",
		Summary: "registered connectome datasets (JSON)",
		Help:    helpDataList,
		Run: func(args []string, stdout io.Writer) error {
			fs := newFlags("data list")
			if err := parseFlags(fs, args); err != nil {
				return err
			}
			cache, err := data.DefaultCache()
			if err != nil {
				return err
			}
			out := struct {
				Cache    string        `json:"cache"`
				Datasets []datasetJSON `json:"datasets"`
			}{Cache: cache.Dir}
			for _, ds := range data.Datasets() {
				out.Datasets = append(out.Datasets, datasetOf(ds, cache))
			}
			return writeJSON(stdout, out)
		},
	})
	register(&command{
		Name:    "data info",
		Summary: "one dataset: provenance, licence, citation, files; if cached, its shape (JSON)",
		Help:    helpDataInfo,
		Run: func(args []string, stdout io.Writer) error {
			if len(args) != 1 || len(args[0]) > 0 && args[0][0] == '-' {
				return usageErr("want one dataset NAME (see 'ngnmm data list')")
			}
			ds, err := data.Lookup(args[0])
			if err != nil {
				return usageErr("%v", err)
			}
			cache, err := data.DefaultCache()
			if err != nil {
				return err
			}
			out := struct {
				datasetJSON
				Loaded any `json:"loaded,omitempty"`
			}{datasetJSON: datasetOf(ds, cache)}
			all := true
			for _, f := range out.Files {
				all = all && *f.Cached
			}
			if all {
				c, err := cache.Load(context.Background(), ds)
				if err != nil {
					return err
				}
				labels := c.Labels
				if len(labels) > 5 {
					labels = labels[:5]
				}
				out.Loaded = map[string]any{
					"regions": c.N(), "labels": labels, "symmetric": c.IsSymmetric(0), "density": c.Density(),
					"has_lengths": c.Lengths != nil, "has_centres": c.Centres != nil, "has_fc": c.FC != nil, "has_bold": c.BOLD != nil,
				}
			}
			return writeJSON(stdout, out)
		},
	})
	register(&command{
		Name:    "data fetch",
		Summary: "download a dataset into the cache and verify it (JSON)",
		Help:    helpDataFetch,
		Run: func(args []string, stdout io.Writer) error {
			if len(args) != 1 || len(args[0]) > 0 && args[0][0] == '-' {
				return usageErr("want one dataset NAME (see 'ngnmm data list')")
			}
			if _, err := data.Lookup(args[0]); err != nil {
				return usageErr("%v", err)
			}
			ps, err := data.Fetch(context.Background(), args[0])
			if err != nil {
				return err
			}
			for i, p := range ps {
				if a, err := filepath.Abs(p); err == nil {
					ps[i] = a
				}
			}
			return writeJSON(stdout, map[string]any{"name": args[0], "paths": ps})
		},
	})
	register(&command{
		Name:    "data",
		Summary: "real connectomes: see 'ngnmm help data'",
		Help:    helpData,
		Run:     groupRun("list, info NAME or fetch NAME", "data"),
	})
}

// helpDataList is the help text of ngnmm data list.
var helpDataList = `Lists the datasets that 'ngnmm data fetch' and the data package can load.

Output (JSON): {"cache":DIR,"datasets":[{"name","regions","description","source",
  "licence","citation","files":[{"path","url","sha256","size","cached"}]}]}
  cache     the data cache directory ($NGNMM_DATA, else the user cache dir/ngnmm)
  name      registry name (e.g. aal90, tvb76, tvb998, enigma-dk68, hcp-101309)
  regions   number of regions
  source    repository@commit the files are pinned to
  files     cache-relative path, commit-pinned URL, SHA-256, size in bytes,
            and whether the file is in the cache`

// helpDataInfo is the help text of ngnmm data info.
var helpDataInfo = `Usage: ngnmm data info NAME

Output (JSON): the fields of 'ngnmm data list' for NAME, and when all its files
are in the cache (verified by SHA-256) also
  "loaded": {"regions","labels":[first 5],"symmetric","density","has_lengths",
             "has_centres","has_fc","has_bold"}`

// helpDataFetch is the help text of ngnmm data fetch.
var helpDataFetch = `Usage: ngnmm data fetch NAME

Downloads the files of NAME that are not yet in the cache from their
commit-pinned URLs and verifies every file by SHA-256. A cached file with a
wrong checksum is an error (exit 1) and is left untouched: remove it to
download it again.

Output (JSON): {"name":NAME,"paths":[local file paths]}`

// helpData is the help text of ngnmm data.
var helpData = `Subcommands:
  data list         registered datasets (JSON)
  data info NAME    provenance, licence, citation and shape of one dataset
  data fetch NAME   download into the cache ($NGNMM_DATA or the user cache dir)`
