"""A connector as a destination of the offline queue's sync worker (one lane each)."""

from __future__ import annotations

import json

from kiosk.platform.connector import CaseAttachment, CaseIn, Connector, MalformedResponse
from offline_queue.client import Acceptance
from offline_queue.sync import Parcel


class ConnectorDestination:
    """Delivers a queued submission through ``connector`` (idempotent on the submission id)."""

    def __init__(self, connector: Connector) -> None:
        self.connector = connector
        self.name = connector.name

    def deliver(self, parcel: Parcel) -> Acceptance:
        try:
            payload = json.loads(parcel.envelope)
        except ValueError:
            raise MalformedResponse(f"envelope {parcel.id} is not JSON") from None
        case = CaseIn(
            business_key=parcel.id,
            service_code=parcel.service_code,
            payload=payload,
            attachments=tuple(
                CaseAttachment(a.sha256, a.content_type, a.data) for a in parcel.attachments
            ),
        )
        ack = self.connector.submit(case)
        return Acceptance(ack.case_id, ack.duplicate)
