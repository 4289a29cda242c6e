"""Attaching the catalog sync: the item lists of the configured connectors, now and then."""

from __future__ import annotations

from kiosk.app.terminal import Terminal
from kiosk.platform.registry import ConnectorRegistry
from kiosk.services.catalog import Catalog
from kiosk.services.catalog_cache import CatalogCache, shipped_catalog
from kiosk.services.catalog_sync import CatalogRefresher


def attach_catalog_sync(terminal: Terminal) -> CatalogRefresher | None:
    """A periodic check syncing every connector's item list (none without connectors).

    It runs with the terminal's other periodic checks, off the UI thread; the new
    catalog is installed between sessions. Its own connectors (not the sync lanes'),
    so a long item list never holds up a submission.
    """
    config = terminal.config
    if not config.connectors:
        return None

    def install(catalog: Catalog) -> None:
        terminal.install_catalog(catalog)  # one reference swap: the UI reads it afresh

    refresher = CatalogRefresher(
        ConnectorRegistry(config),
        CatalogCache.for_config(config),
        lambda: shipped_catalog(config),
        install,
        terminal.session,
        config.catalog.sync_interval_s,
    )
    terminal.periodic.append(refresher)
    terminal.services["catalog_sync"] = refresher
    return refresher
