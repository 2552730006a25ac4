package main

import (
	"os"
	"path/filepath"
)

// output is an output file named by a flag.
type output struct{ flag, path string }

// checkOutputs validates output paths before a run (issue 18 item 5), so
// that a typo does not lose a finished computation: each given path must
// differ from the others, must not be an existing non-regular file (a
// device, FIFO or directory), and its folder must exist and accept a new
// file (checked by creating and removing a probe).
func checkOutputs(outs ...output) error {
	seen := map[string]string{}
	for _, o := range outs {
		if o.path == "" {
			continue
		}
		abs, err := filepath.Abs(o.path)
		if err != nil {
			return usageErr("--%s %q: %v", o.flag, o.path, err)
		}
		if prev, dup := seen[abs]; dup {
			return usageErr("--%s %q is the same file as --%s", o.flag, o.path, prev)
		}
		seen[abs] = o.flag
		if st, err := os.Stat(abs); err == nil {
			if !st.Mode().IsRegular() {
				return usageErr("--%s %q is not a regular file (%v)", o.flag, o.path, st.Mode().Type())
			}
		}
		dir := filepath.Dir(abs)
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			return usageErr("--%s %q: folder %s does not exist", o.flag, o.path, dir)
		}
		probe, err := os.CreateTemp(dir, ".ngnmm-probe-*")
		if err != nil {
			return usageErr("--%s %q: cannot create a file in %s", o.flag, o.path, dir)
		}
		probe.Close()
		os.Remove(probe.Name())
	}
	return nil
}
