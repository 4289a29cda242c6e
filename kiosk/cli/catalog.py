"""``kiosk catalog``: the running catalog (shipped + synced items): stats, search, sync."""

from __future__ import annotations

import json
from typing import Any

import click

from kiosk.cli.main import load_cli_config

LANGS = ("zh_CN", "zh_TW", "en")


def _running(ctx: click.Context) -> tuple[Any, Any, list[str]]:
    from kiosk.errors import KioskError
    from kiosk.services.catalog_cache import load_running_catalog

    config = load_cli_config(ctx)
    try:
        catalog, alerts = load_running_catalog(config)
    except KioskError as e:
        click.echo(f"catalog: {e.detail}", err=True)
        ctx.exit(2)
    for a in alerts:
        click.echo(f"warning: {a}", err=True)
    return config, catalog, alerts


@click.group()
def catalog() -> None:
    """Service items: shipped with the terminal and synced from the connectors."""


@catalog.command("stats")
@click.option("--json", "as_json", is_flag=True, help="One JSON object on stdout.")
@click.pass_context
def stats(ctx: click.Context, as_json: bool) -> None:
    """How many items, departments, which connectors they come through, the version."""
    _, cat, _ = _running(ctx)
    out = {
        "items": len(cat.services),
        "departments": len(cat.departments()),
        "connectors": sorted({s.connector for s in cat.services if s.connector}),
        "version": cat.version,
    }
    if as_json:
        click.echo(json.dumps(out, ensure_ascii=False))
        return
    click.echo(
        f"{out['items']} items, {out['departments']} departments, "
        f"connectors: {', '.join(out['connectors']) or '-'}, version {out['version']}"
    )


@catalog.command("search")
@click.argument("query")
@click.option("--lang", type=click.Choice(LANGS), default="zh_CN", show_default=True)
@click.option("--limit", type=click.IntRange(1, 500), default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON array on stdout, best first.")
@click.pass_context
def search(ctx: click.Context, query: str, lang: str, limit: int, as_json: bool) -> None:
    """Items matching QUERY (Chinese, full pinyin or initials), best first.

    With --lang zh_TW the query may be in Traditional characters and names are shown
    in them; with --lang en English names match by word prefixes ("crim rec"), first,
    and are shown in English (from the catalog's own translations).
    """
    _, cat, _ = _running(ctx)
    hits = [
        {
            "code": s.code,
            "name": s.name_in(lang),
            "department": s.localized(lang).department,
            "connector": s.connector,
        }
        for s in cat.search(query, limit, lang)
    ]
    if as_json:
        click.echo(json.dumps(hits, ensure_ascii=False))
        return
    for h in hits:
        click.echo(
            f"{h['code']:22} {h['name']}  ({h['department']}, {h['connector'] or 'platform'})"
        )
    if not hits:
        click.echo("no item matches", err=True)


@catalog.command("sync")
@click.option("--json", "as_json", is_flag=True, help="One JSON array on stdout.")
@click.pass_context
def sync(ctx: click.Context, as_json: bool) -> None:
    """Sync the item lists from every configured connector into the cache now."""
    from dataclasses import asdict

    from kiosk.platform.registry import ConnectorRegistry
    from kiosk.services.catalog_cache import CatalogCache, CatalogCacheDamaged, Snapshot
    from kiosk.services.catalog_sync import sync_all

    config = load_cli_config(ctx)
    cache = CatalogCache.for_config(config)
    try:
        snap = cache.load()
    except CatalogCacheDamaged as e:
        click.echo(f"warning: {e.detail}; syncing in full", err=True)
        snap = Snapshot()
    registry = ConnectorRegistry(config)
    try:
        outcome = sync_all(registry, cache, snap)
    finally:
        registry.close()
    rows = [asdict(r) for r in outcome.results]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False))
    else:
        for r in outcome.results:
            kind = "full" if r.full else "incremental"
            state = f"error: {r.error}" if r.error else f"{kind}, {r.changed} changed"
            click.echo(f"{r.name:12} v{r.version:<6} {r.items:5} items  {state}")
    if any(r.error for r in outcome.results):
        ctx.exit(1)
