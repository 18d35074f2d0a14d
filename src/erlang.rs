//! Exact analytic queueing formulas (Erlang B, C, A, X) and staffing solvers.
