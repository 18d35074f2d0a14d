#!/usr/bin/env python3
"""ccplan, SimPy and Ciw on the same models, on this machine, in one go.

    python3 benches/peers/run.py [--replications 400] [--peer-replications 20]

Builds ccplan (release) and a pinned Python environment under target/peers-venv (SimPy and
Ciw from PyPI, versions in requirements.txt), simulates each model of models.py with all
three tools on one core, and prints per model the calls simulated per CPU second, the
ratios to ccplan, and each tool's P(wait), ASA and abandonment with 95% intervals over
replications. Exits 1 if any peer's interval misses ccplan's (a different model, not a
slower tool). Speed is CPU time, not wall-clock time, so a busy machine shifts it little:
for the peers the CPU time of their simulation loop; for ccplan the CPU time of a run of N
replications on one thread minus that of a run of one replication, which removes the
start-up and the writing of tables and charts.
"""

import argparse
import csv
import json
import math
import os
import resource
import shutil
import subprocess
import sys
import venv
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
TARGET = REPO / "target"
sys.path.insert(0, str(HERE))
from models import MODELS, ccplan_scenario  # noqa: E402

# Two-sided 95% Student t quantiles by degrees of freedom (beyond 30: by interpolation
# in 1/df towards the normal quantile).
T95 = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306,
       9: 2.262, 10: 2.228, 12: 2.179, 15: 2.131, 20: 2.086, 25: 2.060, 30: 2.042}


def t95(df):
    if df in T95:
        return T95[df]
    if df < 30:
        lower = max(k for k in T95 if k < df)
        upper = min(k for k in T95 if k > df)
        w = (1 / df - 1 / upper) / (1 / lower - 1 / upper)
        return T95[upper] + w * (T95[lower] - T95[upper])
    return 1.960 + (2.042 - 1.960) * 30 / df


def interval(values):
    """Mean and 95% half-width over independent replications."""
    n = len(values)
    mean = sum(values) / n
    if n < 2:
        return mean, math.inf
    var = sum((v - mean) ** 2 for v in values) / (n - 1)
    return mean, t95(n - 1) * math.sqrt(var / n)


def step(cmd, what, **kw):
    done = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if done.returncode != 0:
        sys.exit(f"{what} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return done.stdout


def peers_python():
    """The pinned environment's interpreter, (re)built when requirements.txt changes."""
    wanted = (HERE / "requirements.txt").read_text()
    env_dir = TARGET / "peers-venv"
    python = env_dir / "bin" / "python"
    stamp = env_dir / "requirements.installed"
    if python.exists() and stamp.exists() and stamp.read_text() == wanted:
        return python
    shutil.rmtree(env_dir, ignore_errors=True)
    print(f"creating {env_dir} (SimPy, Ciw from PyPI)", file=sys.stderr)
    venv.create(env_dir, with_pip=True)
    step([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
          "-r", str(HERE / "requirements.txt")], "pip install")
    stamp.write_text(wanted)
    return python


def child_cpu_s():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def ccplan(binary, name, m, replications, seed, work):
    """Per-replication figures and simulation CPU seconds of ccplan on one thread."""
    scenario = work / f"{name}.yaml"
    scenario.write_text(ccplan_scenario(name, m, seed))

    def one_run(reps, out):
        before = child_cpu_s()
        step([str(binary), "run", str(scenario), "--threads", "1", "--quiet",
              "--replications", str(reps), "--out", str(out)], f"ccplan run {scenario}")
        return child_cpu_s() - before

    base_s = one_run(1, work / f"{name}-base")
    full_s = one_run(replications, work / name)
    rows = []
    with open(work / name / "replications.csv", newline="") as f:
        for row in csv.DictReader(f):
            if row["line"] == "first_line":
                rows.append({
                    "offered": float(row["calls_offered"]),
                    "p_wait": float(row["p_wait"]),
                    "asa_s": float(row["asa_s"]),
                    "abandonment": float(row["abandonment_rate"]),
                })
    version = step([str(binary), "--version"], "ccplan --version").split()[-1]
    # The one-replication run's calls are those of replication 0 (same seed).
    calls = sum(r["offered"] for r in rows[1:])
    return {"tool": "ccplan", "version": version, "cpu_s": full_s - base_s,
            "calls": calls, "replications": rows}


def peer(python, tool, name, replications, seed):
    out = step([str(python), str(HERE / "peer.py"), tool, name, str(replications),
                str(seed)], f"{tool} on {name}", cwd=HERE)
    result = json.loads(out)
    result["calls"] = sum(r["offered"] for r in result["replications"])
    return result


FIGURES = [("p_wait", "P(wait)", 1.0, 4), ("asa_s", "ASA s", 1.0, 2),
           ("abandonment", "abandoned %", 100.0, 2)]


def report(name, m, results):
    print(f"\n{m['title']}: {m['calls_per_day']} calls/day over {m['open_h']} h, "
          f"AHT {m['aht_s']:g} s, {m['agents']} agents, {m['days']} days per replication")
    header = f"{'tool':<13}{'reps':>5}{'calls':>11}{'CPU s':>8}{'calls/s':>12}{'ccplan ×':>10}"
    for _, label, _, _ in FIGURES:
        header += f"{label:>20}"
    print(header)
    speed = {r["tool"]: r["calls"] / r["cpu_s"] for r in results}
    stats = {}
    for r in results:
        stats[r["tool"]] = {key: interval([row[key] for row in r["replications"]])
                            for key, _, _, _ in FIGURES}
        line = (f"{r['tool'] + ' ' + r['version']:<13}{len(r['replications']):>5}"
                f"{r['calls']:>11.0f}{r['cpu_s']:>8.2f}{speed[r['tool']]:>12,.0f}"
                f"{speed['ccplan'] / speed[r['tool']]:>10.1f}")
        for key, _, scale, digits in FIGURES:
            mean, half = stats[r["tool"]][key]
            line += f"{f'{mean * scale:.{digits}f} ± {half * scale:.{digits}f}':>20}"
        print(line)
    print("(ccplan's calls and CPU seconds are those of replications 2 to N: the run of N "
          "minus the run of 1)")
    disagreements = []
    for r in results[1:]:
        for key, label, _, _ in FIGURES:
            (a, ha), (b, hb) = stats["ccplan"][key], stats[r["tool"]][key]
            if abs(a - b) > ha + hb:
                disagreements.append(f"{name}: {r['tool']} {label} {b:.6g} ± {hb:.2g} "
                                     f"vs ccplan {a:.6g} ± {ha:.2g}")
    if disagreements:
        for d in disagreements:
            print(f"DISAGREES  {d}")
    else:
        print("agreement: every peer's 95% interval overlaps ccplan's, figure by figure")
    return disagreements


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--replications", type=int, default=400,
                        help="ccplan replications per model (default 400)")
    parser.add_argument("--peer-replications", type=int, default=20,
                        help="SimPy and Ciw replications per model (default 20)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--ccplan", type=Path,
                        help="ccplan binary (default: cargo build --release, then use it)")
    parser.add_argument("--models", nargs="+", choices=sorted(MODELS), default=list(MODELS))
    args = parser.parse_args()
    if args.replications < 2 or args.peer_replications < 2:
        sys.exit("at least 2 replications each (the intervals need them)")

    binary = args.ccplan
    if binary is None:
        print("building ccplan (cargo build --release --locked)", file=sys.stderr)
        step(["cargo", "build", "--release", "--locked", "--bin", "ccplan"], "cargo build",
             cwd=REPO)
        binary = TARGET / "release" / "ccplan"
    python = peers_python()
    work = TARGET / "peers"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)

    print(f"one core each; {os.cpu_count()} logical CPUs here; speed = calls per CPU second")
    disagreements = []
    for name in args.models:
        m = MODELS[name]
        results = [ccplan(binary, name, m, args.replications, args.seed, work)]
        for tool in ["simpy", "ciw"]:
            results.append(peer(python, tool, name, args.peer_replications, args.seed))
        disagreements += report(name, m, results)
    sys.exit(1 if disagreements else 0)


if __name__ == "__main__":
    main()
