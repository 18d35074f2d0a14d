"""One peer simulating one model: `python peer.py simpy|ciw MODEL REPLICATIONS SEED`.

Prints one JSON object: the tool, its version, CPU seconds spent simulating (and tallying)
and each replication's figures. Run by `run.py` inside the pinned virtual environment.
"""

import json
import sys
import time

from models import MODELS, Tally


def simpy_replication(m, seed):
    import random

    import simpy

    rng = random.Random(seed)
    rate = m["calls_per_day"] / (m["open_h"] * 3600.0)
    close_s = m["open_h"] * 3600.0
    tally = Tally()

    def caller(env, agents):
        arrival = env.now
        with agents.request() as request:
            if m["patience_s"] is None:
                yield request
            else:
                patience = env.timeout(rng.expovariate(1.0 / m["patience_s"]))
                outcome = yield request | patience
                if request not in outcome:
                    tally.abandoned_call()
                    return
            tally.answered_call(env.now - arrival)
            yield env.timeout(rng.expovariate(1.0 / m["aht_s"]))

    def switch(env, agents):
        while True:
            gap = rng.expovariate(rate)
            if env.now + gap >= close_s:
                return
            yield env.timeout(gap)
            env.process(caller(env, agents))

    for _ in range(m["days"]):
        env = simpy.Environment()
        agents = simpy.Resource(env, capacity=m["agents"])
        env.process(switch(env, agents))
        env.run()  # until the last caller has left
    return tally.figures()


def ciw_replication(m, seed):
    import ciw

    close_s = m["open_h"] * 3600.0
    rate = m["calls_per_day"] / close_s
    tally = Tally()
    for day in range(m["days"]):
        ciw.seed(seed * 1000 + day)
        extra = {}
        if m["patience_s"] is not None:
            extra["reneging_time_distributions"] = [
                ciw.dists.Exponential(1.0 / m["patience_s"])
            ]
        network = ciw.create_network(
            arrival_distributions=[
                ciw.dists.PoissonIntervals([rate], [close_s], max_sample_date=close_s)
            ],
            service_distributions=[ciw.dists.Exponential(1.0 / m["aht_s"])],
            number_of_servers=[m["agents"]],
            **extra,
        )
        sim = ciw.Simulation(network)
        # No arrivals after closing: the run ends when the last caller has left.
        sim.simulate_until_max_time(100 * close_s)
        for record in sim.get_all_records():
            if record.record_type == "service":
                tally.answered_call(record.waiting_time)
            elif record.record_type == "renege":
                tally.abandoned_call()
            else:
                raise RuntimeError(f"unexpected Ciw record {record.record_type}")
    return tally.figures()


def main():
    tool, name, replications, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    m = MODELS[name]
    if tool == "simpy":
        import simpy as module

        replicate = simpy_replication
    elif tool == "ciw":
        import ciw as module

        replicate = ciw_replication
    else:
        sys.exit(f"unknown tool {tool!r}: simpy or ciw")
    start = time.process_time()
    rows = [replicate(m, seed * 100_003 + r) for r in range(replications)]
    cpu_s = time.process_time() - start
    json.dump(
        {"tool": tool, "version": module.__version__, "cpu_s": cpu_s, "replications": rows},
        sys.stdout,
    )


if __name__ == "__main__":
    main()
