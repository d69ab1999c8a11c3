"""CPU cost of one page in-process: the portal home and an article, rendered afresh and from the page cache.

Runs on a demo database (`make run` builds one in var/; `--var DIR` names another, e.g. a copy of the
journeys' demo template) with the dev settings, through the whole middleware stack (django.test.Client),
and prints the median CPU time (time.process_time) of --renders requests of each page: with the page
cache off and the per-process memos warm ("uncached"), with everything purged before each request ("after
a purge": the first render after a publication) and from the page cache ("cached"). The baseline,
measured in the same run, is /robots.txt: the smallest request through the same stack.
    .venv/bin/python bench/render_cost.py --renders 200
    .venv/bin/python bench/render_cost.py --renders 200 --code /path/to/main   # also main's code, same run
    .venv/bin/python bench/render_cost.py --profile article   # cProfile of the uncached article, top 30
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# --code DIR runs the same measurement on another checkout's code (e.g. the main branch), same database.
CODE = Path(os.environ.get("RENDER_COST_CODE", ROOT))
sys.path.insert(0, str(CODE))


def setup(var_dir: str) -> None:
    os.environ["SITEGROUP_VAR_DIR"] = var_dir
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["*"]
    settings.PAGEVIEW_FLUSH_EVERY = 10**9
    settings.PAGEVIEW_FLUSH_SECONDS = 10**9


def targets() -> dict[str, tuple[str, str]]:
    from wagtail.models import Site

    from sitegroup.models import ArticlePage

    portal = Site.objects.get(is_default_site=True)
    article = ArticlePage.objects.live().descendant_of(portal.root_page).order_by("-publish_time").first()
    article_path = article.get_url_parts()[2]
    return {
        "baseline": (portal.hostname, "/robots.txt"),
        "home": (portal.hostname, "/"),
        "article": (portal.hostname, article_path),
    }


def cpu_ms(client, host: str, path: str, renders: int, before=None) -> float:
    samples = []
    for _ in range(renders):
        if before is not None:
            before()
        started = time.process_time()
        response = client.get(path, HTTP_HOST=host, HTTP_USER_AGENT="Mozilla/5.0 bench")
        samples.append((time.process_time() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{host}{path} answered {response.status_code}")
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--var", default=str(ROOT / "var"), help="the demo's var directory (db.sqlite3)")
    parser.add_argument("--renders", type=int, default=200)
    parser.add_argument("--profile", choices=["home", "article"])
    parser.add_argument("--code", help="also measure this checkout's code (uncached), in a subprocess")
    parser.add_argument("--label", default="this branch")
    args = parser.parse_args()
    if args.code:
        import subprocess

        command = [sys.executable, __file__, "--var", args.var, "--renders", str(args.renders), "--label", args.code]
        subprocess.run(command, env={**os.environ, "RENDER_COST_CODE": args.code}, check=True)
    setup(args.var)
    from django.conf import settings
    from django.core.cache import caches
    from django.test import Client

    client = Client()
    pages = targets()
    if args.profile:
        import cProfile
        import pstats

        settings.PAGE_CACHE_ENABLED = False
        host, path = pages[args.profile]
        cpu_ms(client, host, path, 5)
        profiler = cProfile.Profile()
        profiler.enable()
        cpu_ms(client, host, path, 50)
        profiler.disable()
        stats = pstats.Stats(profiler).sort_stats(os.environ.get("PROFILE_SORT", "cumulative"))
        stats.print_stats(int(os.environ.get("PROFILE_ROWS", "40")))
        if os.environ.get("PROFILE_CALLERS"):
            stats.print_callers(os.environ["PROFILE_CALLERS"])
        return
    results: dict[str, dict[str, float]] = {}
    has_page_cache = "pages" in settings.CACHES
    # uncached: the page cache off, the per-process memos (menus, listings, the routed pages) warm, as
    # for a page the page cache does not hold or a signed-in visitor; after a purge: everything purged
    # before each request (the first render after a publication); cached: the page cache on.
    modes = ("uncached", "after a purge", "cached") if has_page_cache else ("uncached",)
    purge = _purge_everything() if has_page_cache else None
    for mode in modes:
        settings.PAGE_CACHE_ENABLED = mode == "cached"
        caches["pages"].clear() if has_page_cache else None
        before = purge if mode == "after a purge" else None
        for name, (host, path) in pages.items():
            cpu_ms(client, host, path, 5, before)  # warm: templates compiled, caches filled
            results.setdefault(name, {})[mode] = cpu_ms(client, host, path, args.renders, before)
    base = results["baseline"]["uncached"]
    print(f"[{args.label}] median CPU ms per request, {args.renders} requests each (in-process, DEBUG off)")
    for name, measured in results.items():
        print(f"{name:>8}: " + ", ".join(f"{mode} {ms:6.2f} ms ({ms / base:4.1f}×)" for mode, ms in measured.items()))


def _purge_everything():
    """Every page-cache tag purged (each memo rebuilt on its next use), as a site-wide publication does."""
    try:
        from sitegroup.services.page_cache import purge_everything
    except ImportError:  # an older checkout (--code) without the page cache's purge
        return None
    return purge_everything


if __name__ == "__main__":
    main()
