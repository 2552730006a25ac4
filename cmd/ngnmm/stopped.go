package main

// stopped maps the reason a continuation ended (Branch.Stop of an
// equilibrium branch, End of a periodic branch, Stop of a two-parameter
// curve) to the "stopped" and "range_covered" fields of the continuation
// commands: "range covered" when the branch was followed until it left the
// requested range (or ended naturally: a periodic branch whose amplitude
// vanished at a Hopf point, a Hopf curve ending at a Bogdanov–Takens
// point), otherwise why not.
func stopped(reason string) (string, bool) {
	switch reason {
	case "bound", "parameter bound":
		return "range covered", true
	case "amplitude vanished":
		return "range covered (amplitude vanished at a Hopf point)", true
	case "bogdanov-takens":
		return "range covered (Bogdanov-Takens point)", true
	case "max points":
		return "max points: the branch did not reach the end of the range (raise --max-points or --points)", false
	case "invalid state":
		return "invalid state: the branch left the model's domain (a negative rate) at the smallest step", false
	case "step size":
		return "step size: the corrector failed at the minimum step", false
	case "max period":
		return "max period: the period grew beyond the bound (homoclinic orbit?)", false
	case "":
		return "unknown", false
	}
	return reason, false
}

// putStopped sets the "stopped" and "range_covered" fields of o from the
// reason a continuation ended.
func putStopped(o map[string]any, reason string) {
	s, ok := stopped(reason)
	o["stopped"], o["range_covered"] = s, ok
}
