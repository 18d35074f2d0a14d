#!/bin/sh
# ISA on the tender at a stated confidence: wall and CPU time, agent-hours, intervals
# below target in sample and in the independent check. Rerun with
#
#     benches/staff_tender.sh [CONFIDENCE] [extra `ccplan staff` flags…]
#
# from the crate's root (default confidence 0.95, the default 3 repairs). It builds the
# release binary (`cargo build --release --locked`) and times one run with GNU time
# (`/usr/bin/time`); CPU time (user + system) is the figure to compare on a shared
# machine, wall time depends on the load. Docs: docs/staff-confidence.md.
set -eu
confidence="${1:-0.95}"
[ $# -gt 0 ] && shift
out="${TMPDIR:-/tmp}/ccplan-bench-staff-tender"
cargo build --release --locked --quiet
rm -rf "$out"
timing="$out.time"
status=0
/usr/bin/time -f '%e %U %S' -o "$timing" target/release/ccplan staff \
    scenarios/seguranca-social-2017.yaml --confidence "$confidence" --out "$out" --quiet "$@" \
    >/dev/null || status=$?
# GNU time puts "Command exited with non-zero status N" first when ccplan exits 1.
read -r wall user sys <<EOT
$(tail -n 1 "$timing")
EOT
python3 - "$out/staff.json" "$wall" "$user" "$sys" "$status" <<'PY'
import json, sys
path, wall, user, sys_s, status = sys.argv[1:]
j = json.load(open(path))
v, i, s = j["verification"], j["independent_check"], j["search"]
print(f"confidence {j['confidence']['level']}, {j['confidence']['replications']} replications")
print(f"agent-hours: method plan {j['agent_hours']['method_plan']:.1f}, final {j['agent_hours']['final_plan']:.1f}")
print(f"search: {s['simulations']} simulations, {s['replications_simulated']} replications")
print(f"in sample: {v['intervals_below_target']} of {v['cells_with_calls']} intervals below target "
      f"({s['cells_left_in_noise']} left by the search in its noise tail)")
n = i['intervals_below_target']
print(f"independent check: {n} of {i['cells_with_calls']} below target ({100 * n / i['cells_with_calls']:.2f}%), "
      f"{len(i['repair']['checks'])} checks")
print(f"time: {float(wall):.1f} s wall, {float(user) + float(sys_s):.1f} s CPU; exit code {status}")
PY
