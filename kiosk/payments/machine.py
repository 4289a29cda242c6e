"""The state machine of one payment order: an enum of states, one of events, one table.

Every change of an order's state goes through :func:`next_state`, and the
journal refuses to store a change the table does not allow. The table is written
so money can never be lost by a transition:

* an order moves to a "no money taken" state (closed, failed) only on the
  provider's own word (it closed or cancelled the order, or refused the payment);
* an order the provider has charged (paid and after) never goes back to a state
  without money: it ends delivered (case submitted) or refunded;
* a result that is not known (timeout, 5xx, dropped connection) is ``UNKNOWN``,
  never guessed: only a query, a close or a cancel answered by the provider
  leaves it.

Events the provider sends again or late (a duplicate notification, a stale query
answer) are *stale*: they are recorded but change nothing.
"""

from __future__ import annotations

from enum import StrEnum

from kiosk.payments.errors import InvalidOrderTransition


class OrderState(StrEnum):
    """Where one order stands. Terminal: closed, failed, submitted, refunded."""

    CREATED = "created"  # journaled, not yet (known to be) at the provider
    AWAITING = "awaiting"  # the provider has the order; the resident has not paid yet
    PAID = "paid"  # the provider says charged, amount checked
    CLOSED = "closed"  # the provider closed or cancelled it: no money taken
    FAILED = "failed"  # the provider refused the payment: no money taken
    UNKNOWN = "unknown"  # a request went unanswered: query before anything else
    SUBMITTED = "submitted"  # paid and the case is in the outbox (delivered)
    PAID_PENDING = "paid_pending"  # paid, case not submitted, slip printed: staff finish it
    REFUND_PENDING = "refund_pending"  # paid, refund asked for (idempotent refund number)
    REFUNDED = "refunded"  # the provider confirmed the refund


class OrderEvent(StrEnum):
    """What happened to an order (from the provider or from the terminal)."""

    ACCEPTED = "accepted"  # precreate answered / micropay says user paying / query NOTPAY
    PROVIDER_PAID = "provider_paid"  # micropay SUCCESS, query SUCCESS, verified notification
    PROVIDER_CLOSED = "provider_closed"  # close/cancel answered, or query CLOSED/REVOKED
    PROVIDER_REFUSED = "provider_refused"  # payment refused (PAYERROR, code invalid, …)
    NO_ANSWER = "no_answer"  # timeout, 5xx, dropped connection: outcome unknown
    NOT_SENT = "not_sent"  # the connection was refused: the request never left the terminal
    CASE_SUBMITTED = "case_submitted"  # the case is durably in the outbox
    CASE_PENDING = "case_pending"  # submission failed; paid-pending slip printed
    REFUND_ASKED = "refund_asked"  # refund number journaled, refund about to be sent
    PROVIDER_REFUNDED = "provider_refunded"  # refund confirmed by the provider


class Money(StrEnum):
    """What a state says about the resident's money."""

    NONE = "none"  # nothing taken
    MAYBE = "maybe"  # may have been taken: must be settled by the provider's word
    HELD = "held"  # taken, service not delivered yet: must end delivered or refunded
    DELIVERED = "delivered"  # taken and the service delivered
    RETURNED = "returned"  # taken and given back


MONEY: dict[OrderState, Money] = {
    OrderState.CREATED: Money.MAYBE,
    OrderState.AWAITING: Money.MAYBE,
    OrderState.UNKNOWN: Money.MAYBE,
    OrderState.CLOSED: Money.NONE,
    OrderState.FAILED: Money.NONE,
    OrderState.PAID: Money.HELD,
    OrderState.PAID_PENDING: Money.HELD,
    OrderState.REFUND_PENDING: Money.HELD,
    OrderState.SUBMITTED: Money.DELIVERED,
    OrderState.REFUNDED: Money.RETURNED,
}

TERMINAL = frozenset(
    {OrderState.CLOSED, OrderState.FAILED, OrderState.SUBMITTED, OrderState.REFUNDED}
)
#: Orders recovery must look at (everything but the terminal states; paid-pending
#: waits for staff or its refund deadline).
UNFINISHED = frozenset(OrderState) - TERMINAL

S, E = OrderState, OrderEvent
_UNSETTLED = (S.CREATED, S.AWAITING, S.UNKNOWN)

#: (state, event) → next state. Anything not here is refused.
TRANSITIONS: dict[tuple[OrderState, OrderEvent], OrderState] = {
    **{(s, E.ACCEPTED): S.AWAITING for s in _UNSETTLED},
    **{(s, E.PROVIDER_PAID): S.PAID for s in _UNSETTLED},
    **{(s, E.PROVIDER_CLOSED): S.CLOSED for s in _UNSETTLED},
    **{(s, E.PROVIDER_REFUSED): S.FAILED for s in _UNSETTLED},
    **{(s, E.NO_ANSWER): S.UNKNOWN for s in _UNSETTLED},
    # Only an order never sent before may fail without the provider's word: a refused
    # connection carries no request, so nothing can have been charged.
    (S.CREATED, E.NOT_SENT): S.FAILED,
    # The provider's later word that it charged an order it had closed or refused
    # (a provider fault, or a close racing a payment) wins: the money is then held
    # and refunded, never left on a "closed" order.
    (S.CLOSED, E.PROVIDER_PAID): S.PAID,
    (S.FAILED, E.PROVIDER_PAID): S.PAID,
    (S.PAID, E.CASE_SUBMITTED): S.SUBMITTED,
    (S.PAID, E.CASE_PENDING): S.PAID_PENDING,
    (S.PAID, E.REFUND_ASKED): S.REFUND_PENDING,
    (S.PAID_PENDING, E.CASE_SUBMITTED): S.SUBMITTED,
    (S.PAID_PENDING, E.REFUND_ASKED): S.REFUND_PENDING,
    (S.REFUND_PENDING, E.PROVIDER_REFUNDED): S.REFUNDED,
    # A refund whose answer was lost stays pending: it is asked again with the same
    # refund number (the provider deduplicates it) or queried.
    (S.REFUND_PENDING, E.NO_ANSWER): S.REFUND_PENDING,
    (S.REFUND_PENDING, E.REFUND_ASKED): S.REFUND_PENDING,
}

_AFTER_PAYMENT = (S.PAID, S.PAID_PENDING, S.SUBMITTED, S.REFUND_PENDING, S.REFUNDED)
#: Events that arrive again or late and must change nothing (recorded as stale).
STALE: frozenset[tuple[OrderState, OrderEvent]] = frozenset(
    {
        # Duplicate or late payment notifications/answers once the payment is known.
        *((s, E.PROVIDER_PAID) for s in _AFTER_PAYMENT),
        # A query answered "not paid yet" that was overtaken by the payment itself.
        *((s, E.ACCEPTED) for s in _AFTER_PAYMENT),
        *((s, E.NO_ANSWER) for s in (S.PAID, S.PAID_PENDING, S.SUBMITTED, S.REFUNDED)),
        (S.REFUNDED, E.PROVIDER_REFUNDED),
        (S.REFUNDED, E.REFUND_ASKED),
        (S.SUBMITTED, E.CASE_SUBMITTED),
        # Late answers about an order already closed or refused by the provider.
        *(
            (s, e)
            for s in (S.CLOSED, S.FAILED)
            for e in (E.ACCEPTED, E.NO_ANSWER, E.PROVIDER_CLOSED, E.PROVIDER_REFUSED)
        ),
    }
)


def next_state(state: OrderState, event: OrderEvent) -> OrderState | None:
    """The state after ``event``; None when the event is stale (changes nothing).

    Raises :class:`InvalidOrderTransition` for a change the table forbids (for
    example "paid" for an order the provider already closed: that is a provider
    fault to look at, never something to paper over).
    """
    if (state, event) in STALE:
        return None
    try:
        return TRANSITIONS[(state, event)]
    except KeyError:
        raise InvalidOrderTransition(
            f"order in state {state.value} cannot take event {event.value}"
        ) from None
