"""A configuration package may add or change a department connector, with the security key only.

Connector URLs and credentials decide where residents' applications go: the
allow-list (kiosk/config_packages/policy.py) leaves ``connectors`` unlisted, so
they need the higher-privilege key. Checked end to end: the field key is refused
with a clear reason and nothing changes; the security key adds one, then changes
its URL; the running configuration then routes to it.
"""

from __future__ import annotations

from kiosk.config_packages.policy import Tier, classify, required_tier
from tests.config_packages.conftest import Env, PackageSpec, default_files

ADD = b"""
[[connectors]]
name = "hub"
style = "rest"
url = "https://hub.example.gov.cn/api"
label = "\xe5\x9b\xbd\xe5\xae\xb6\xe6\x94\xbf\xe5\x8a\xa1\xe6\x9c\x8d\xe5\x8a\xa1\xe5\xb9\xb3\xe5\x8f\xb0"
client_id = "kiosk-hub"
client_secret = "not-in-any-log"
"""


def _files(version: int, connectors: bytes) -> dict[str, bytes]:
    files = default_files(version)
    files["config.toml"] = files["config.toml"] + connectors
    return files


def test_policy_puts_connectors_behind_the_security_key() -> None:
    changes = classify({"connectors": [{"name": "hub", "url": "https://x.example"}]})
    assert required_tier(changes) is Tier.SECURITY
    assert required_tier(classify({"catalog": {"sync_interval_s": 600}})) is Tier.SECURITY


def test_field_key_cannot_add_a_connector_security_key_can_and_can_change_it(env: Env) -> None:
    pk = env.packages()
    before = env.state()
    refused = pk.apply(env.package("field.zip", PackageSpec(version=1, files=_files(1, ADD))))
    assert not refused.applied
    assert refused.report.failure.code == "needs_security_key"  # type: ignore[union-attr]
    after = env.state()
    assert after["effective"] == before["effective"] and not after.get("releases")
    assert env.packages().effective().connectors == ()
    added = pk.apply(
        env.package("add.zip", PackageSpec(version=1, files=_files(1, ADD)), env.security_key)
    )
    assert added.applied, added.report.summary_en()
    (hub,) = env.packages().effective().connectors
    assert (hub.name, hub.style, hub.url) == ("hub", "rest", "https://hub.example.gov.cn/api")
    assert hub.client_secret.get_secret_value() == "not-in-any-log"
    assert "not-in-any-log" not in added.report.summary_en()
    moved = ADD.replace(b"hub.example.gov.cn/api", b"hub2.example.gov.cn/api")
    changed = pk.apply(
        env.package("move.zip", PackageSpec(version=2, files=_files(2, moved)), env.security_key)
    )
    assert changed.applied, changed.report.summary_en()
    assert env.packages().effective().connectors[0].url == "https://hub2.example.gov.cn/api"
    # The field key cannot move it back either.
    back = pk.apply(env.package("back.zip", PackageSpec(version=3, files=_files(3, ADD))))
    assert back.report.failure.code == "needs_security_key"  # type: ignore[union-attr]
    assert env.packages().effective().connectors[0].url == "https://hub2.example.gov.cn/api"
