# SPDX-License-Identifier: GPL-2.0-or-later
"""benchcpu: the CPU time between two samples of bench/daemon-cpu.sh's
bench_cpu_sample (words TID:COMM:NS and proc:NS, here joined by commas),
for cdc-bench-report and scale-report."""
import statistics


def parse(sample):
    """{tid: (comm, ns)} and the process's own total (ns) of one sample."""
    threads, proc = {}, None
    for word in sample.replace(",", " ").split():
        parts = word.split(":")
        if parts[0] == "proc":
            proc = int(parts[1])
        elif len(parts) >= 3:
            threads[int(parts[0])] = (parts[1], int(parts[2]),
                                      int(parts[3]) if len(parts) > 4 else 0,
                                      int(parts[4]) if len(parts) > 4 else 0)
    return threads, proc


def delta(before, after):
    """ms of CPU between two samples: main (the first thread, the main loop),
    workers (every other thread; one that started in between counts from 0,
    one that ended is lost: see proc), total, and proc (the process's
    utime+stime, 10 ms ticks, which keeps the time of ended threads); ticks:
    [user, sys] ms of main and of the workers (10 ms ticks)."""
    b, bproc = parse(before)
    a, aproc = parse(after)
    main_tid = min(a) if a else None
    main = workers = 0.0
    by_comm = {}
    ticks = {"main": [0.0, 0.0], "workers": [0.0, 0.0]}
    for tid, (comm, ns, user, sys_) in a.items():
        _, bns, buser, bsys = b.get(tid, (comm, 0, 0, 0))
        ms = (ns - bns) / 1e6
        which = "main" if tid == main_tid else "workers"
        ticks[which][0] += (user - buser) / 1e6
        ticks[which][1] += (sys_ - bsys) / 1e6
        if tid == main_tid:
            main += ms
        else:
            workers += ms
            by_comm[comm] = by_comm.get(comm, 0.0) + ms
    proc = (aproc - bproc) / 1e6 if aproc is not None and bproc is not None else None
    return {"main": main, "workers": workers, "total": main + workers,
            "proc": proc, "threads": by_comm, "ticks": ticks}


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def ms(value):
    """A figure in ms as the reports print it (a dash if unknown)."""
    if value is None:
        return "—"
    return f"{value:,.0f}".replace(",", " ") if value >= 10 else f"{value:.1f}"
