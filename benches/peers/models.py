"""The models every tool simulates: one source of truth for ccplan's scenarios and the peers.

A working day opens empty, Poisson calls arrive for `open_h` hours at a flat rate, one pool
of agents answers them first come first served with exponential handling times, and the
day runs on after closing until the last caller has left. With `patience_s` set callers
hang up after an exponential patience of that mean (M/M/c+M); without it they wait as long
as it takes (M/M/c). A replication is `days` such days; its figures pool the days' calls.
"""

MODELS = {
    "mmc": {
        "title": "M/M/c working day",
        "calls_per_day": 6000,
        "open_h": 8,
        "aht_s": 360.0,
        "agents": 81,
        "days": 5,
        "patience_s": None,
    },
    "mmc_patience": {
        "title": "M/M/c+M working day (patience 180 s)",
        "calls_per_day": 6000,
        "open_h": 8,
        "aht_s": 360.0,
        "agents": 81,
        "days": 5,
        "patience_s": 180.0,
    },
}


def ccplan_scenario(name, m, seed):
    """The model as a ccplan scenario (YAML text)."""
    close = 8 + m["open_h"]
    patience = ""
    if m["patience_s"] is not None:
        patience = (
            "callers:\n"
            f"  patience: {{dist: exponential, mean_s: {m['patience_s']}}}\n"
        )
    return (
        f"name: peers-{name}\n"
        f"calendar: {{start: 2024-01-08, days: {m['days']}, holidays: none,"
        f' open: "08:00", close: "{close:02d}:00", interval_min: 30}}\n'
        f"demand: {{calls_per_day: {m['calls_per_day']}, intraday_profile: flat}}\n"
        "contact_types:\n"
        "  - {name: all, share: 1.0, first_line: {handle: "
        f"{{dist: exponential, mean_s: {m['aht_s']}}}}}}}\n"
        f'lines: {{first: {{shifts: [{{start: "08:00", end: "{close:02d}:00",'
        f" agents: {m['agents']}}}]}}}}\n"
        f"{patience}"
        f"simulation: {{replications: 1, seed: {seed}}}\n"
    )


class Tally:
    """Counts over a replication's calls, giving the figures ccplan reports."""

    def __init__(self):
        self.offered = 0
        self.answered = 0
        self.abandoned = 0
        self.waited = 0
        self.wait_answered_s = 0.0

    def answered_call(self, wait_s):
        self.offered += 1
        self.answered += 1
        self.wait_answered_s += wait_s
        if wait_s > 0.0:
            self.waited += 1

    def abandoned_call(self):
        self.offered += 1
        self.abandoned += 1
        self.waited += 1

    def figures(self):
        """P(wait) and abandonment over calls that reached the queue; ASA over answered."""
        return {
            "offered": self.offered,
            "p_wait": self.waited / self.offered,
            "asa_s": self.wait_answered_s / self.answered,
            "abandonment": self.abandoned / self.offered,
        }
