"""Reference department back ends for tests, benchmarks and ``--demo`` (FastAPI on 127.0.0.1).

Three API styles a shared terminal meets (see docs/connectors.md):

* :mod:`department_servers.rest` — REST/JSON behind OAuth2 client credentials
  (the platform style; another instance is the national hub for 跨省通办);
* :mod:`department_servers.soap` — a legacy SOAP 1.1 WebService (WSDL shipped in
  ``wsdl/``) with *no* idempotency key;
* :mod:`department_servers.gm` — a 国密 gateway: SM2 signatures over SM3, SM4 bodies.

Each has fault injection (:mod:`department_servers.faults`) and keeps its cases in
SQLite (:mod:`department_servers.store`) so tests can count what arrived. This
package imports nothing of ours: it is the other side of the wire.
"""

from department_servers.faults import Faults
from department_servers.runner import AppThread

__all__ = ["AppThread", "Faults"]
