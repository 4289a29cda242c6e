"""Payment errors: each carries a resident-safe message (Chinese) and a technician detail."""

from __future__ import annotations

from kiosk.errors import KioskError


class PaymentError(KioskError):
    """Base of every payment error."""

    resident_message = "缴费未能完成，未扣款。请重试或到窗口缴费。"


class ForeignPaymentCode(PaymentError):
    """The scanned code is not a WeChat Pay, Alipay or UnionPay payment code."""

    resident_message = (
        "这不是可识别的付款码。请打开微信、支付宝或云闪付的“付款码”页面，对准扫码口。"
    )


class GatewayDown(PaymentError):
    """The gateway could not be reached: the request was certainly not received."""

    resident_message = "支付系统暂时无法连接，未扣款。请稍后再试，或到窗口缴费。"


class GatewayNoAnswer(PaymentError):
    """A request went out and no usable answer came back (timeout, 5xx, dropped):
    the outcome is unknown and must be queried, never guessed."""

    resident_message = "正在向支付系统确认结果，请稍候，不要重复付款。"


class GatewayRefused(PaymentError):
    """The gateway answered with a business error (``code``)."""

    resident_message = "支付未成功，未扣款。请换一种付款方式或重试。"

    def __init__(self, code: str, detail: str, resident_message: str | None = None) -> None:
        super().__init__(f"{code}: {detail}", resident_message)
        self.code = code


class SignatureInvalid(PaymentError):
    """A response or notification failed signature, freshness or replay checks."""

    resident_message = "支付结果校验未通过，正在向支付系统重新确认，请稍候。"


class AmountMismatch(PaymentError):
    """The provider reports an amount or currency other than the order's."""

    resident_message = "支付金额与应缴金额不符，本次缴费将原路退回，请联系工作人员。"


class JournalUnavailable(PaymentError):
    """The payment journal cannot be written: no order may be started."""

    resident_message = "缴费功能暂时不可用（终端记录故障），未扣款。请到窗口缴费。"


class OrderNotFound(PaymentError):
    """No order with that number in the journal."""


class InvalidOrderTransition(PaymentError):
    """The order state machine forbids this change (see kiosk/payments/machine.py)."""

    resident_message = "缴费状态异常，已通知工作人员核对，您的款项不会丢失。"


class FeeScheduleError(PaymentError):
    """The fee schedule file is missing or invalid."""

    resident_message = "收费标准配置有误，暂停收费业务，请到窗口办理。"
