package memory_test

import (
	"fmt"

	"github.com/ngnmm/ngnmm/nmm"
	"github.com/ngnmm/ngnmm/studies/memory"
)

// The bistable range of MPR 2015 Fig. 2 (J = 15, Δ = 1) from the folds of
// the equilibrium branch, and the delayed-response task on it.
func ExampleMPRBistableRange() {
	m := nmm.DefaultMPR()
	r, err := memory.MPRBistableRange(m, -10, 0)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("bistable for %.5f < η̄ < %.5f\n", r.Lo, r.Hi)
	st, _ := memory.MPRStates(m)
	k := memory.DefaultTask()
	ts, _ := memory.RunTask(m, k, 0, 1e-3, 0.1, nil)
	fmt.Printf("%+v\n", memory.Evaluate(ts, k, st.Saddle[0]))
	// Output:
	// bistable for -5.74353 < η̄ < -3.13613
	// {Stored:true Held:true Erased:true}
}
