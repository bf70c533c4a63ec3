"""The bench's targets and the table it prints from a run's result."""

# The targets. p95 in milliseconds: city on SQLite, national on PostgreSQL; throughput as a share of the
# baseline's. They are printed against every run; they only bind for the scale and database named here.
P95_TARGET_MS = {"sqlite": 100, "postgres": 200}
P95_TARGET_MS_DASHBOARD = 300
RATIO_TARGET = 0.30
TARGET_RUNS = {("city", "sqlite"), ("national", "postgres")}

LABELS = {
    "baseline": "baseline (no database)",
    "home": "home",
    "calendar_month": "calendar month",
    "organisation": "organisation page",
    "projects": "project list",
    "offerings_filtered": "offerings, filtered",
    "story_book": "story book",
    "programme_dashboard": "programme dashboard",
    "search": "search",
    "api_activities": "API activity list",
}


def verdict(name: str, row: dict, database: str) -> str:
    if name == "baseline" or "rps" not in row:
        return ""
    limit = P95_TARGET_MS_DASHBOARD if name == "programme_dashboard" else P95_TARGET_MS[database]
    misses = []
    if row["errors"]:
        misses.append("errors")
    if row["p95_ms"] >= limit:
        misses.append(f"p95≥{limit}")
    if row.get("ratio", 0) < RATIO_TARGET:
        misses.append(f"ratio<{RATIO_TARGET:.2f}")
    return "ok" if not misses else "MISS " + ",".join(misses)


def print_table(result: dict) -> None:
    run = result["run"]
    print()
    print(
        f"rimpel bench — scale {run['scale']} on {run['database']}, {run['clients']} clients × "
        f"{run['duration_s']} s per page, gunicorn {run['workers']} workers, {run['cpus']} CPUs, "
        f"page cache {run['page_cache']}, "
        f"commit {run['commit']}"
    )
    print(f"network: {', '.join(f'{v:,} {k}' for k, v in result['network'].items())}")
    binding = (run["scale"], run["database"]) in TARGET_RUNS
    print(
        f"targets (p95 < {P95_TARGET_MS[run['database']]} ms, dashboard < {P95_TARGET_MS_DASHBOARD} ms, ≥ "
        f"{RATIO_TARGET:.0%} of baseline req/s, 0 errors) "
        f"{'apply to this run' if binding else 'are indicative only'}"
    )
    header = (
        f"{'page':<24} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'req/s':>8} {'ratio':>6} {'errors':>6} "
        f"{'KiB':>6} {'first ms':>8}  verdict"
    )
    print(header)
    print("-" * len(header))
    for row in result["pages"]:
        if "rps" not in row:
            print(f"{LABELS.get(row['name'], row['name']):<24} not loaded: {row.get('skipped')}")
            continue
        ratio = f"{row['ratio']:.2f}" if row.get("ratio") is not None else ""
        print(
            f"{LABELS.get(row['name'], row['name']):<24} {row['p50_ms']:>8.1f} {row['p95_ms']:>8.1f} "
            f"{row['p99_ms']:>8.1f} {row['rps']:>8.1f} {ratio:>6} {row['errors']:>6} {row.get('kib', 0):>6.0f} "
            f"{row.get('first_ms', 0):>8.0f}  "
            f"{row.get('verdict', '')}"
        )
    base = result["baseline"]
    print(
        f"baseline req/s: first {base['first_rps']:.1f}, last {base['last_rps']:.1f} (drift {base['drift']:+.0%}); "
        "ratio = page req/s ÷ their mean; first ms = the page's first request, rendered without the page cache"
    )
    for row in result["pages"]:
        if row.get("path"):
            print(f"  {row['name']}: {row['path']}")
    others = result.get("other", {})
    if others:
        print("other benchmarks (scratch database, fixed sizes):")
        report = others.get("report", {})
        if "failed" in report:
            print(f"  reports: failed: {report['failed']}")
        elif report:
            times = ", ".join(
                f"{key[:-2].replace('_', ' ')} {value:.2f} s" for key, value in report.items() if key.endswith("_s")
            )
            print(f"  reports ({report.get('programme')}): {times}")
        imported = others.get("import", {})
        if "failed" in imported:
            print(f"  import: failed: {imported['failed']}")
        elif imported:
            print(
                f"  import: dry run {imported['dry_run_rows_per_s']} rows/s ({imported['dry_run_rows']:,} rows), "
                f"import {imported['import_rows_per_s']} rows/s ({imported['import_rows']:,} rows)"
            )
        searched = others.get("search", {})
        if "failed" in searched:
            print(f"  search: failed: {searched['failed']}")
        elif searched:
            print(
                f"  search: {searched['queries']} queries over {searched['entries']:,} entries: p50 "
                f"{searched['p50_ms']} ms, p95 {searched['p95_ms']} ms, max {searched['max_ms']} ms; "
                f"full index rebuild {searched['rebuild_s']} s"
            )
    print()
