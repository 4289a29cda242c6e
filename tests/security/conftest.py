"""Shared fixtures: the configuration-package terminal environment."""

from tests.config_packages.conftest import env, signing_keys  # noqa: F401  (fixtures)
