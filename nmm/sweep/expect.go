package sweep

import "fmt"

// Expect checks the shape of a grid read back from a sweep file's header:
// exactly the named axes, in order, at most maxSeeds replicas (maxSeeds < 0:
// any number), and [Grid.Validate]. A command that reads its own files
// states its shape once with it instead of checking the header by hand.
func (g Grid) Expect(maxSeeds int, axes ...string) error {
	if len(g.Axes) != len(axes) {
		return fmt.Errorf("sweep: %d axes, want %d (%v)", len(g.Axes), len(axes), axes)
	}
	for i, a := range axes {
		if g.Axes[i].Name != a {
			return fmt.Errorf("sweep: axis %d is %q, want %q", i, g.Axes[i].Name, a)
		}
	}
	if maxSeeds >= 0 && g.Seeds > maxSeeds {
		return fmt.Errorf("sweep: %d seeds, want at most %d", g.Seeds, maxSeeds)
	}
	return g.Validate()
}
