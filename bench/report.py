"""The benchmark's results: the machine it ran on, the table on stdout, JSON and a bar chart."""

import json
import os
import platform
import shutil
from datetime import datetime
from pathlib import Path

from .scenarios import LARGE, RATIOS, SMALL, STEADY

COLUMNS = (
    ("scenario", "{:<26}", "name"),
    ("req/s", "{:>9}", "rps"),
    ("p50 ms", "{:>9}", "p50_ms"),
    ("p99 ms", "{:>9}", "p99_ms"),
    ("errors", "{:>7}", "errors"),
    ("queries", "{:>8}", "queries"),
    ("worker RSS MB", "{:>14}", "worker_rss_mb"),
)


# What a ratio's meets() answer reads as in a table.
VERDICTS = {True: "ok", False: "MISSED", None: "not measured"}


def busy_note() -> str:
    """A note when other work already loads the machine: the figures would be noisy."""
    load, cores = os.getloadavg()[0], os.cpu_count() or 1
    if load < cores / 2:
        return ""
    return f"Note: the machine is busy (load {load:.1f} on {cores} cores); figures will be noisy."


def machine(database_url: str, options, wrk: str, load_before: float) -> dict:
    cpu = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return {
        "cores": os.cpu_count(),
        "cpu": cpu or platform.processor(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "database": database_url.split(":", 1)[0],
        "workers": options.workers,
        "seconds": options.seconds,
        "connections": options.connections,
        "wrk": wrk,
        "load_average_before": round(load_before, 2),  # other work on the machine
        "date": datetime.now().astimezone().isoformat(timespec="seconds"),
    }


def _cell(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.1f}" if value >= 100 else f"{value:.2f}"
    return str(value)


def answers(row: dict) -> str:
    """The storm's attackers' answers by status and their socket errors, after their row: they
    are what the attack got, not errors of the bench (bench/storm.py)."""
    if "statuses" not in row:
        return ""
    counted = [f"{status}: {count:,}" for status, count in row["statuses"].items()]
    counted += [f"{kind}: {count:,}" for kind, count in row["socket_errors"].items() if count]
    return "   answers " + ", ".join(counted or ["none"])


def table(results: dict) -> str:
    """The scenarios, then each ratio against its goal."""
    lines = ["".join(fmt.format(title) for title, fmt, _ in COLUMNS)]
    for name, row in results["scenarios"].items():
        values = {**row, "name": name}
        cells = "".join(fmt.format(_cell(values.get(key))) for _, fmt, key in COLUMNS)
        lines.append(cells + answers(row))
    lines.append("")
    for ratio in RATIOS:
        value = results["ratios"].get(ratio.key)
        verdict = VERDICTS[ratio.meets(value)]
        lines.append(f"{ratio.key:<40}{_cell(value):>8}   goal {ratio.goal:<8}{verdict}")
    steady = results["scenarios"].get(STEADY)
    if steady:
        lines.append(
            f"  (steady: p99.9 {_cell(steady['p999_ms'])} ms, {steady['workers_replaced']} "
            f"workers replaced in {steady['seconds']} s)"
        )
    for size, rows in scaled_rows(results):
        posts = results["scaling"][f"{size}_posts"]
        figures = ", ".join(f"{name} {row['p50_ms']} ms" for name, row in rows.items())
        lines.append(f"  (p50 at {posts:,} posts: {figures})")
    if results.get("phone"):
        lines.append(phone_line(results["phone"]))
    return "\n".join(lines)


def phone_line(phone: dict) -> str:
    """What a phone downloads for the post with pictures (bench/phone.py), in kB, beside the
    stored pictures it would download without renditions."""
    stored = phone["stored_bytes"]
    by_ratio = ", ".join(
        f"{size / 1000:,.0f} kB at {ratio}x ({size / stored:.0%})"
        for ratio, size in sorted(phone["bytes_by_pixel_ratio"].items(), reverse=True)
    )
    return (
        f"  (a phone {phone['css_width']} px wide, the post with {phone['pictures']} pictures: "
        f"{by_ratio} of the {stored / 1000:,.0f} kB of stored pictures it would get without "
        f"renditions; {phone['uploaded_bytes'] / 1000:,.0f} kB as uploaded)"
    )


def scaled_rows(results: dict) -> list[tuple[str, dict[str, dict]]]:
    """--scaling's rows by database size, small first; none without --scaling."""
    scaling = results.get("scaling") or {}
    return [(size, scaling[size]) for size in (SMALL, LARGE) if size in scaling]


def error_warning(results: dict) -> str:
    """A loud line naming every scenario with errors, or "" when there were none."""
    failing = [
        f"{name} ({row['errors']}{': ' + row['problem'] if row.get('problem') else ''})"
        for name, row in results["scenarios"].items()
        if row.get("errors")
    ]
    for size, rows in scaled_rows(results):
        posts = results["scaling"][f"{size}_posts"]
        failing += [f"{name} at {posts} posts" for name, row in rows.items() if row.get("errors")]
    if not failing:
        return ""
    return "!!! WARNING: THIS RUN HAD ERRORS, ITS FIGURES ARE NOT VALID: " + ", ".join(failing)


def spread(runs: list[dict]) -> dict[str, dict]:
    """Each ratio over several runs: its value in each, the worst of them (furthest from the
    goal; None when a run did not measure it), its goal, and whether every run met it."""
    rows = {}
    for ratio in RATIOS:
        values = [run["ratios"].get(ratio.key) for run in runs]
        worst = ratio.worst(values)
        rows[ratio.key] = {
            "values": values,
            "worst": worst,
            "goal": ratio.goal,
            "met_in_every_run": ratio.meets(worst),
        }
    return rows


def spread_table(runs: list[dict]) -> str:
    """Each ratio's worst over the runs beside its goal, then its value in each run."""
    lines = [f"Each ratio over {len(runs)} runs: the worst, its goal, and every run's value"]
    for key, row in spread(runs).items():
        verdict = VERDICTS[row["met_in_every_run"]]
        values = "  ".join(_cell(value) for value in row["values"])
        lines.append(
            f"{key:<40}{_cell(row['worst']):>8}   goal {row['goal']:<8}{verdict:<14}{values}"
        )
    return "\n".join(lines)


def write_spread(runs: list[dict], folder: Path) -> Path:
    """latest-spread.json in `folder`: the runs' machine and dates, and each ratio's spread."""
    path = folder / "latest-spread.json"
    dates = [run["machine"]["date"] for run in runs]
    path.write_text(json.dumps({"runs": len(runs), "dates": dates, "ratios": spread(runs)},
                               indent=2) + "\n")  # fmt: skip
    return path


def write(results: dict, folder: Path) -> tuple[Path, Path]:
    """latest.json and latest.png in `folder`, with dated copies beside them."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")  # local time: a file name
    latest_json, latest_png = folder / "latest.json", folder / "latest.png"
    latest_json.write_text(json.dumps(results, indent=2) + "\n")
    chart(results, latest_png)
    shutil.copyfile(latest_json, folder / f"bench-{stamp}.json")
    shutil.copyfile(latest_png, folder / f"bench-{stamp}.png")
    return latest_json, latest_png


def chart(results: dict, path: Path) -> None:
    """Requests/s per page scenario as horizontal bars (hash_floor is not a page, and the
    storm's attackers are not visitors the site serves)."""
    import matplotlib

    matplotlib.use("Agg")  # files only, no display
    from matplotlib import pyplot

    rows = [
        (name, row["rps"])
        for name, row in results["scenarios"].items()
        if row.get("rps") and "statuses" not in row
    ]
    names, rps = [name for name, _ in rows], [value for _, value in rows]
    figure, axes = pyplot.subplots(figsize=(9, 0.45 * len(rows) + 1.6))
    bars = axes.barh(names, rps, color="#3b6ea5")
    axes.bar_label(bars, labels=[f"{value:,.0f}" for value in rps], padding=3, fontsize=8)
    axes.invert_yaxis()  # first scenario on top, as in the table
    axes.set_xlabel("requests per second (higher is better)")
    info = results["machine"]
    axes.set_title(
        f"The Great Django Blog: {results['posts']:,} posts, {info['workers']} workers, "
        f"{info['cores']} cores, {info['database']}",
        fontsize=10,
    )
    axes.margins(x=0.15)
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    pyplot.close(figure)
